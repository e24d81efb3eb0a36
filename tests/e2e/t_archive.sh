# t_archive.sh -- issue 12 on every document (archive.md): the short code
# and the QR of the signed payload on letters, return notices and reports;
# the QR read back from the rendered page by zbarimg verifies; `naskah
# verify FILE...` and `verify --code` against the register tell an issued
# file or code from a tampered, cancelled, forged or unknown one; every
# kind passes Apache PDFBox Preflight (PDF/A-1b) with XMP, an sRGB output
# intent and an /ID of its own, the same bytes for the same data.
VCODE_TOOL=${BUILD:-build}/vcode_tool
case $VCODE_TOOL in /*) ;; *) VCODE_TOOL=$ROOT/$VCODE_TOOL ;; esac
PREFLIGHT_CP=""
for j in preflight pdfbox2 fontbox2 xmpbox commons-logging javax.activation jaxb-api; do
	PREFLIGHT_CP="$PREFLIGHT_CP${PREFLIGHT_CP:+:}/usr/share/java/$j.jar"
done

# preflight FILE: Apache PDFBox Preflight's PDF/A-1b verdict, 0 valid;
# its report in $d/preflight.out.
preflight() {
	java -cp "$PREFLIGHT_CP" org.apache.pdfbox.preflight.Validator_A1b "$1" \
	    >"$d/preflight.out" 2>&1
}
have_preflight() {
	command -v java >/dev/null 2>&1 && [ -f /usr/share/java/preflight.jar ]
}

# qr_of FILE: what zbarimg reads from the QR codes of its pages (150 dpi,
# as a phone or a desk scanner sees a printout), one per line.
qr_of() {
	rm -f "$d"/qr-*.png
	pdftoppm -png -r 150 "$1" "$d/qr" 2>/dev/null
	for png in "$d"/qr-*.png; do
		zbarimg --raw -q "$png" 2>/dev/null || true
	done
}

# verify ARGS...: naskah verify on $d's office; sets RC, OUT.
verify() {
	run_n "$d" verify "$@"
}

# xmp FILE: the XMP packet of a PDF, as naskah writes it (uncompressed).
xmp() {
	sed -n '/<?xpacket begin/,/<?xpacket end/p' "$1"
}

begin "archive: every document of the demo carries its codes"
d=$(office archive)
cp -r "$ROOT/input/register" "$ROOT/input/desa" "$d/in/"
run_n "$d" run
expect '[ "$RC" = 65 ]' "the demo runs (its malformed rows: 65)"
run_n "$d" report trantibum --month 2025-01 --date 2025-02-05
expect '[ "$RC" = 65 ]' "the demo's report (a rejected desa file: 65)"
letter=$(ls "$d"/out/surat/2025/00001_*.pdf)
kembali=$(ls "$d"/out/kembali/2025/*REG-2025-0008*.pdf)
laporan=$(ls "$d"/out/laporan/2025/2025-01_trantibum_*.pdf)
ndocs=$(find "$d/out" -name '*.pdf' | wc -l)
ncoded=$(for f in $(find "$d/out" -name '*.pdf'); do pdftext "$f"; echo; done |
    grep -Ec 'Kode verifikasi: [2-9A-HJKMNP-TV-Z]{5}-[2-9A-HJKMNP-TV-Z]{5}')
expect '[ "$ndocs" -ge 30 ] && [ "$ncoded" = "$ndocs" ]' \
    "a short code printed on each of the $ndocs documents ($ncoded)"
expect '[ "$(sql "SELECT COUNT(*) FROM document_codes")" = "$ndocs" ]' \
    "the register keeps the codes of each"
expect '! pdftext "$letter" | grep -Eqi "tanda tangan elektronik|BSrE|TTE"' \
    "no claim of a certified electronic signature"

begin "archive: the QR read from the page verifies"
for f in "$letter" "$kembali" "$laporan"; do
	k=$(basename "$f")
	scanned=$(qr_of "$f" | head -1)
	expect '[ "$(printf "%s" "$scanned" | cut -c1-5)" = "NSK1*" ]' "$k: zbarimg reads a payload"
	verify --code "$scanned"
	expect '[ "$RC" = 0 ] && printf "%s" "$OUT" | grep -q "^ASLI "' "$k: verify --code: ASLI, 0"
	code=$(pdftext "$f" | sed -n 's/.*Kode verifikasi: \([^ ]*\).*/\1/p')
	verify --code "$code"
	expect '[ "$RC" = 0 ] && printf "%s" "$OUT" | grep -q "^ASLI "' "$k: the printed short code: ASLI, 0"
done
scanned=$(qr_of "$letter" | head -1)
expect 'printf "%s" "$scanned" | grep -q "^NSK1\*35\.03\.13\*kk\*400\.12\.2\.1/0001/406\.13/2025\*\*\*2025-01-20\*[0-9]\{16\}\*SUTRISNO\*"' \
    "the letter's payload: office, kind, number, date, NIK, name in clear"
expect 'qr_of "$kembali" | head -1 | grep -q "^NSK1\*35\.03\.13\*kembali\*\*REG-2025-0008\*2025\*2025-01-20\*"' \
    "the return notice's: its register number and year"
expect 'qr_of "$laporan" | grep -q "^NSK1\*35\.03\.13\*laporan\*300\.1\.4/0029/406\.13/2025\*\*\*2025-02-05\*trantibum\*2025-01\*"' \
    "the report's: its section and month"
verify --code "$(printf "%s" "$code" | tr 'A-Z' 'a-z' | sed 's/-/ /')"
expect '[ "$RC" = 0 ]' "a short code typed in lower case with a blank: 0"

begin "archive: verify FILE"
verify "$letter" "$kembali" "$laporan"
expect_rc 0
expect '[ "$(printf "%s\n" "$OUT" | grep -c "^ASLI ")" = 3 ]' "three ASLI lines"
expect 'printf "%s" "$OUT" | grep -qF "ASLI  $letter  kk 400.12.2.1/0001/406.13/2025  2025-01-20  SUTRISNO  berkas surat/2025/"' \
    "with kind, number, date, name and its path in the output folder"
cp "$letter" "$d/appended.pdf"
printf '\n%%%%EOF\n' >> "$d/appended.pdf"
verify "$d/appended.pdf"
expect '[ "$RC" = 65 ] && printf "%s" "$OUT" | grep -q "^DIUBAH .*kk 400.12.2.1/0001/406.13/2025"' \
    "bytes appended: DIUBAH, naming the document its code names, 65"
size=$(stat -c %s "$letter")
cp "$letter" "$d/onebyte.pdf"
printf 'Z' | dd of="$d/onebyte.pdf" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
expect '! cmp -s "$letter" "$d/onebyte.pdf"' "one byte changed in the middle"
verify "$d/onebyte.pdf"
# DIUBAH when the byte leaves its code readable, else TIDAK DIKENAL.
expect '[ "$RC" = 65 ] && printf "%s" "$OUT" | grep -q "^DIUBAH \|^TIDAK DIKENAL "' \
    "one byte changed: not ASLI, 65"
verify "$ROOT/README.md"
expect '[ "$RC" = 65 ] && printf "%s" "$OUT" | grep -q "^TIDAK DIKENAL "' "another file: TIDAK DIKENAL, 65"
verify "$letter" "$d/nothing.pdf"
expect '[ "$RC" = 66 ]' "a file that cannot be read: 66"
qpdf --object-streams=generate --compress-streams=y "$letter" "$d/rewritten.pdf" >/dev/null 2>&1 || true
verify "$d/rewritten.pdf"
expect '[ "$RC" = 65 ] && printf "%s" "$OUT" | grep -q "^DIUBAH "' \
    "rewritten by another program (qpdf, object streams): still DIUBAH"

begin "archive: forged codes"
scanned=$(qr_of "$letter" | head -1)
verify --code "$(printf "%s" "$scanned" | sed 's/SUTRISNO/SUTRISNA/')"
expect '[ "$RC" = 65 ] && printf "%s" "$OUT" | grep -q "^TIDAK SAH"' "a name changed: TIDAK SAH, 65"
other=$(office archive-other)
nik=$(printf "%s" "$scanned" | cut -d'*' -f8)
forged=$("$VCODE_TOOL" "$other/kunci" 35.03.13 kk 400.12.2.1/0001/406.13/2025 "" 0 \
    2025-01-20 "$nik" SUTRISNO) || forged=""
expect '[ -n "$forged" ] && [ "$forged" != "$scanned" ]' "the same identity signed with another key"
verify --code "$forged"
expect '[ "$RC" = 65 ] && printf "%s" "$OUT" | grep -q "^TIDAK SAH"' "another key's signature: TIDAK SAH, 65"
code=$(pdftext "$letter" | sed -n 's/.*Kode verifikasi: \([^ ]*\).*/\1/p')
last=$(printf "%s" "$code" | cut -c11)
swap=$( [ "$last" = 2 ] && echo 3 || echo 2 )
verify --code "$(printf "%s" "$code" | cut -c1-10)$swap"
expect '[ "$RC" = 65 ] && printf "%s" "$OUT" | grep -q "^TIDAK SAH"' "a short code with one character changed: TIDAK SAH, 65"
verify --code "selamat pagi"
expect '[ "$RC" = 65 ]' "not a code: 65"

begin "archive: a cancelled number"
# naskah batal (another part of issue 12) marks the entry; verify reads
# the state as the register keeps it.
sql "UPDATE book_entries SET status = 'cancelled' WHERE nomor = '400.12.2.1/0001/406.13/2025'"
verify "$letter"
expect '[ "$RC" = 65 ] && printf "%s" "$OUT" | grep -q "^DIBATALKAN .*400.12.2.1/0001/406.13/2025"' \
    "verify FILE: DIBATALKAN, 65"
verify --code "$scanned"
expect '[ "$RC" = 65 ] && printf "%s" "$OUT" | grep -q "^DIBATALKAN "' "verify --code: DIBATALKAN, 65"

begin "archive: PDF/A-1b"
for f in "$letter" "$kembali" "$laporan"; do
	k=$(basename "$f")
	expect '[ "$(xmp "$f" | grep -c "<pdfaid:part>1</pdfaid:part>")" = 1 ] && xmp "$f" | grep -q "<pdfaid:conformance>B<"' \
	    "$k: XMP says PDF/A-1b"
	expect 'xmp "$f" | xmllint --noout - 2>/dev/null' "$k: its XMP is well-formed XML"
	expect '[ "$(grep -ac "/OutputIntents" "$f")" = 1 ] && grep -aq "/S /GTS_PDFA1" "$f" && grep -aq "(sRGB IEC61966-2.1)" "$f"' \
	    "$k: one sRGB output intent"
	expect '[ "$(grep -ac "^/ID \[ <[0-9A-F]\{32\}> <[0-9A-F]\{32\}> \]" "$f")" = 1 ]' "$k: an /ID"
	expect 'pdf_sound "$f"' "$k: qpdf --check, fonts embedded"
done
expect 'xmp "$letter" | grep -q "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">SURAT REKOMENDASI 400.12.2.1/0001/406.13/2025</rdf:li>"' \
    "the title (with the number)"
expect 'xmp "$letter" | grep -q "<pdf:Keywords>400.12.2.1/0001/406.13/2025</pdf:Keywords>" && xmp "$letter" | grep -q "<rdf:li>Kecamatan Durenan, Kabupaten Trenggalek</rdf:li>" && xmp "$letter" | grep -q "<xmp:CreateDate>2025-01-20T00:00:00Z</xmp:CreateDate>"' \
    "the number, the office and the date"
id1=$(grep -a "^/ID \[" "$letter")
id2=$(grep -a "^/ID \[" "$(ls "$d"/out/surat/2025/00002_*.pdf)")
expect '[ -n "$id1" ] && [ "$id1" != "$id2" ]' "each document its own /ID"
if have_preflight; then
	for f in "$letter" "$kembali" "$laporan"; do
		k=$(basename "$f")
		if preflight "$f"; then RC=0; else RC=$?; fi
		expect '[ "$RC" = 0 ] && grep -q "is a valid PDF/A-1b file" "$d/preflight.out"' \
		    "$k: Apache PDFBox Preflight: valid PDF/A-1b"
	done
	# The check can fail: the same letter without its output intent.
	sed 's|/OutputIntents|/OutputIntentX|' "$letter" > "$d/nointent.pdf"
	if preflight "$d/nointent.pdf"; then RC=0; else RC=$?; fi
	expect '[ "$RC" != 0 ] && ! grep -q "is a valid PDF/A-1b file" "$d/preflight.out"' \
	    "Preflight refuses it without its output intent"
else
	skip "Apache PDFBox Preflight (libpdfbox2-java, default-jre-headless) is not installed"
fi

begin "archive: the same data, the same bytes"
d2=$TMPROOT/archive-again
rm -rf "$d2"
mkdir -p "$d2/in" "$d2/out"
cp -r "$d/in/." "$d2/in/"
export NASKAH_KEYS="$d/kunci"
init_out "$d2"
run_n "$d2" run
unset NASKAH_KEYS
expect 'cmp -s "$letter" "$d2/out/surat/2025/$(basename "$letter")" && cmp -s "$kembali" "$d2/out/kembali/2025/$(basename "$kembali")"' \
    "rendered again with the same keys: byte-identical"
d=$TMPROOT/archive

begin "archive: the office's verification page in the QR"
d=$(office archive-url)
sed 's|</kode-pos>|</kode-pos>\n  <verifikasi url="https://durenan.trenggalekkab.go.id/verifikasi.html"/>|' \
    "$ROOT/input/kantor.xml" > "$d/in/kantor.xml"
{ echo "$HDR"; sktm_row REG-1 "Sri Rahayu & Dewi" "Dusun Krajan"; } > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 0
f=$(ls "$d"/out/surat/2025/*.pdf)
scanned=$(qr_of "$f" | head -1)
expect 'printf "%s" "$scanned" | grep -q "^https://durenan\.trenggalekkab\.go\.id/verifikasi\.html#NSK1\*35\.03\.13\*sktm\*.*\*Sri+Rahayu+%26+Dewi\*"' \
    "the QR holds URL#payload, the name encoded"
expect 'pdftext "$f" | grep -q "membuka https://durenan.trenggalekkab.go.id/verifikasi.html"' \
    "the line under it names the page"
verify --code "$scanned"
expect '[ "$RC" = 0 ] && printf "%s" "$OUT" | grep -qF "ASLI  sktm "' "verify --code with the URL: ASLI"
expect 'printf "%s" "$OUT" | grep -qF "Sri Rahayu & Dewi"' "the name as it was"
sed 's|url="https://[^"]*"|url="ftp://durenan"|' "$d/in/kantor.xml" > "$d/k.xml" && mv "$d/k.xml" "$d/in/kantor.xml"
run_n "$d" run
expect '[ "$RC" = 78 ] && printf "%s" "$ERR" | grep -q "kantor.xml"' "a URL that is not http(s): 78, naming kantor.xml"

begin "archive: a template without the code is refused at start-up"
d=$(office archive-tpl)
mkdir -p "$d/data"
cp -r "$ROOT/templates" "$ROOT/fonts" "$d/data/"
sed -i '/<qr /,/<\/qr>/d' "$d/data/templates/inc/ttd.xml"
{ echo "$HDR"; sktm_row REG-1 "Budi" "Dusun Krajan"; } > "$d/in/register/2025-01-20.csv"
export NASKAH_DATADIR="$d/data"
run_n "$d" run
unset NASKAH_DATADIR
expect '[ "$RC" = 78 ] && printf "%s" "$ERR" | grep -q "no verification code"' \
    "78, saying the document carries no verification code"
expect '[ -z "$(find "$d/out" -name "*.pdf")" ]' "nothing issued"

begin "archive: metadata of any office name"
d=$(office archive-name)
sed 's|<kecamatan>Durenan</kecamatan>|<kecamatan>Duré\&amp;nan</kecamatan>|' \
    "$ROOT/input/kantor.xml" > "$d/in/kantor.xml"
{ echo "$HDR"; sktm_row REG-1 "Sri Rahayu" "Dusun Krajan"; } > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 0
f=$(ls "$d"/out/surat/2025/*.pdf)
expect 'xmp "$f" | grep -q "<rdf:li>Kecamatan Duré&amp;nan, Kabupaten Trenggalek</rdf:li>" && xmp "$f" | xmllint --noout - 2>/dev/null' \
    "an accent and an ampersand: escaped in well-formed XMP"
expect 'pdfinfo "$f" | grep -q "^Author: *Kecamatan Duré&nan, Kabupaten Trenggalek$"' \
    "the Info dictionary reads the same (UTF-16)"
if have_preflight; then
	if preflight "$f"; then RC=0; else RC=$?; fi
	expect '[ "$RC" = 0 ]' "Preflight: valid PDF/A-1b"
else
	skip "Apache PDFBox Preflight is not installed"
fi

begin "archive: every other kind is PDF/A-1b too (complaints, service reports, the agenda)"
if have_preflight; then
	d=$(office pdfkinds)
	cp -r "$ROOT/input/register" "$ROOT/input/tindak-lanjut" "$ROOT/input/libur.csv" "$d/in/"
	run_n "$d" run -q
	run_n "$d" report layanan --month 2025-01 --date 2025-02-10 -q
	run_n "$d" report pengaduan --month 2025-01 --date 2025-02-10 -q
	run_n "$d" agenda --year 2025 --format pdf --date 2025-02-10 -q
	n=0
	for f in "$(find "$d/out/pengaduan" -name '*_tanda_terima.pdf' | sort | head -1)" \
	    "$(find "$d/out/pengaduan" -name '*_disposisi.pdf' | sort | head -1)" \
	    "$(find "$d/out/surat" -name '*_pengaduan_*.pdf' | sort | head -1)" \
	    "$(find "$d/out/laporan" -name '*_layanan_*.pdf' | head -1)" \
	    "$(find "$d/out/laporan" -name '*_pengaduan_*.pdf' | head -1)" \
	    "$(find "$d/out/agenda" -name '*.pdf' | head -1)"; do
		[ -n "$f" ] && n=$((n + 1))
		if [ -n "$f" ] && preflight "$f"; then RC=0; else RC=1; fi
		expect '[ "$RC" = 0 ] && grep -q "is a valid PDF/A-1b file" "$d/preflight.out"' \
		    "${f##*/}: Apache PDFBox Preflight: valid PDF/A-1b"
	done
	expect '[ "$n" -eq 6 ]' "six kinds found and checked ($n)"
else
	skip "Apache PDFBox Preflight is not installed"
fi
