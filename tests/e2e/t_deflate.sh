# t_deflate.sh -- issue 15, libdeflate: every stored source is a zlib
# (RFC 1950) stream of its text, deflated whole by libdeflate up to 256 KB
# (a letter's) and streamed through zlib beyond (a long report's); sources
# an older naskah stored with zlib still restore byte-identical; and a
# letter's streams all inflate.  (The same sources and PDFs with any
# --jobs N: t_jobs.sh compares them.)

# dfl_py DB: per document "path header inflated-length" (the zlib header's
# two bytes in hex: 7801 libdeflate at level 1, 48.. zlib with a 4 KB
# window, 789c zlib's default), or "path bad 0".
dfl_py() {
	python3 - "$1" <<'EOF'
import sqlite3, sys, zlib
c = sqlite3.connect(sys.argv[1])
for path, src in c.execute("SELECT path, source FROM documents ORDER BY path"):
    try:
        t = zlib.decompress(src)
        ok = t.startswith(b"naskah-source 1\n")
        print(path, src[:2].hex() if ok else "bad", len(t))
    except Exception:
        print(path, "bad", 0)
EOF
}

begin "deflate: letters' sources deflated whole, as zlib streams"
d=$(office deflate)
sh tests/bench/gen.sh 20 "$d/in" >/dev/null
run_n "$d" run -q --jobs 1
expect_rc 0
dfl_py "$d/out/register.db" > "$d/src.txt"
n=$(grep -c '^surat/.* 7801 [0-9]*$' "$d/src.txt" || true)
expect '[ "$n" -eq 20 ]' "20 letters' sources inflate, libdeflate's header ($n)"
n=$(grep -c ' bad ' "$d/src.txt" || true)
expect '[ "$n" -eq 0 ]' "no source that does not inflate ($n)"
# Every FlateDecode stream of a letter inflates (the page, forms, fonts).
f=$(ls "$d"/out/surat/2025/*.pdf | head -1)
n=$(python3 - "$f" <<'EOF'
import re, sys, zlib
data = open(sys.argv[1], "rb").read()
ok = bad = 0
for m in re.finditer(rb"/Filter /FlateDecode[^>]*>>\s*stream\r?\n", data):
    try:
        zlib.decompressobj().decompress(data[m.end():]); ok += 1
    except zlib.error:
        bad += 1
print(ok if bad == 0 else -bad)
EOF
)
expect '[ "$n" -ge 5 ]' "the letter's deflated streams inflate ($n)"
expect 'qpdf --check "$f" >/dev/null 2>&1' "qpdf --check"

begin "deflate: sources stored by zlib (an older naskah) restore byte-identical"
mkdir -p "$d/copy"
cp -p "$d"/out/surat/2025/*.pdf "$d/copy/"
python3 - "$d/out/register.db" <<'EOF'
import sqlite3, sys, zlib
c = sqlite3.connect(sys.argv[1])
rows = c.execute("SELECT id, source FROM documents").fetchall()
for i, s in rows:
    c.execute("UPDATE documents SET source = ? WHERE id = ?",
              (zlib.compress(zlib.decompress(s), 6), i))
c.commit()
EOF
n=$(dfl_py "$d/out/register.db" | grep -c '^surat/.* 789c [0-9]*$' || true)
expect '[ "$n" -eq 20 ]' "20 sources now zlib's level 6 ($n)"
rm "$d"/out/surat/2025/*.pdf
run_n "$d" restore --all
expect_rc 0
n=0
for f in "$d"/copy/*.pdf; do
	cmp -s "$f" "$d/out/surat/2025/$(basename "$f")" && n=$((n + 1))
done
expect '[ "$n" -eq 20 ]' "20 letters made again byte-identical ($n)"
n=$(echo "$ERR" | grep -c "restored, SHA-256 proved" || true)
expect '[ "$n" -eq 20 ]' "20 restored and proved ($n)"

begin "deflate: a report's source over 256 KB streams through zlib, restores"
d=$(office deflrep)
# 700 desa of trantibum data: a source of some 400 KB.
awk -v dir="$d/in" 'BEGIN {
	srand(15)
	desa = dir "/desa.csv"
	print "kode,nama,jenis" > desa
	for (i = 1; i <= 700; i++) {
		kode = sprintf("35.03.13.%04d", 2000 + i)
		printf "%s,Desa Uji Nomor %d,desa\n", kode, i > desa
		f = dir "/desa/2025-01/trantibum/" kode ".csv"
		if (i == 1)
			system("mkdir -p " dir "/desa/2025-01/trantibum")
		print "indikator,nilai,keterangan" > f
		s = int(rand() * 4); dm = int(rand() * (s + 1))
		printf "patroli,%d,\nkejadian_pencurian,%d,\nkejadian_perkelahian,%d,\nkejadian_kebakaran,%d,\nkejadian_kecelakaan,%d,\nkejadian_lainnya,%d,\nkonflik_sosial,%d,\nkonflik_dimediasi,%d,\nkonflik_selesai,%d,\npelanggaran_perda,%d,\nsosialisasi_perda,%d,\nbencana,%d,\nanggota_linmas,%d,\n",
		    20 + int(rand() * 12), int(rand() * 3), int(rand() * 2),
		    int(rand() * 2), int(rand() * 3), int(rand() * 2), s, dm,
		    int(rand() * (dm + 1)), int(rand() * 3), int(rand() * 2),
		    int(rand() * 2), 20 + int(rand() * 20) > f
		close(f)
	}
}'
fresh_out "$d"
run_n "$d" report trantibum --month 2025-01 --date 2025-02-05 -q
expect_rc 0
rp=$(ls "$d"/out/laporan/2025/*.pdf 2>/dev/null | head -1)
expect '[ -f "$rp" ]' "the report"
line=$(dfl_py "$d/out/register.db" | grep '^laporan/' | head -1)
len=${line##* }
hd=$(echo "$line" | awk '{ print substr($2, 1, 2) }')
expect '[ "${len:-0}" -gt 262144 ]' "its source is over 256 KB ($len)"
expect '[ "$hd" = 48 ]' "deflated by zlib's stream, 4 KB window (header $hd)"
cp -p "$rp" "$d/report.pdf"
rm "$rp"
run_n "$d" restore --all
expect_rc 0
expect 'cmp -s "$rp" "$d/report.pdf"' "made again byte-identical"
