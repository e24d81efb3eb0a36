# t_libharu.sh -- pdf.c replaces libharu 2.3.0's byte loops (HPDF_MemCpy,
# HPDF_MemSet, HPDF_StrLen) by ELF interposition.  That holds only while
# the installed libhpdf calls them through its PLT; a rebuild with
# -Bsymbolic or hidden visibility would silently bring its own back.

begin "libharu's byte loops reach pdf.c's"
lib=$(ldd "$NASKAH" | awk '/libhpdf/ { print $3 }')
if [ -z "$lib" ] || ! command -v readelf >/dev/null 2>&1; then
	skip "no libhpdf in ldd or no readelf"
else
	n=$(readelf -rW "$lib" | grep -c -E \
	    'JUMP_SLOT +[0-9a-f]+ +HPDF_(MemCpy|MemSet|StrLen) ')
	expect "[ $n -eq 3 ]" "the three are PLT slots of $(basename "$lib") ($n)"
	n=$(nm -D --defined-only "$NASKAH" | grep -c -E \
	    ' T HPDF_(MemCpy|MemSet|StrLen)$')
	expect "[ $n -eq 3 ]" "naskah exports its three definitions ($n)"
fi
