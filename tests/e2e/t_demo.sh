# t_demo.sh -- the demo office end to end: what the README's first command
# produces, read back as a user would read it.

begin "demo run"
d=$(office demo)
rm -rf "$d/in"; cp -r "$ROOT/input" "$d/in"
run_n "$d" run
expect_rc 65
letters=$(find "$d/out/surat" -name '*.pdf' | wc -l)
returns=$(find "$d/out/kembali" -name '*.pdf' | wc -l)
expect '[ "$letters" -eq 33 ]' "28 letters and 5 complaint outcome letters (got $letters)"
expect '[ "$returns" -eq 6 ]' "6 return notices (got $returns)"
expect '[ "$(sql "SELECT COUNT(*) FROM applications WHERE status = '"'pengaduan'"'")" -eq 6 ]' "6 pengaduan recorded"
expect 'echo "$ERR" | grep -q "6 pengaduan recorded.*51 follow-up rows: 44 steps, 5 closed"' "run counts complaints and their steps"
errcsv=$(ls "$d"/out/log/*-errors.csv)
expect '[ "$(tail -n +2 "$errcsv" | wc -l)" -eq 20 ]' "9 register, 7 follow-up and 4 surat dinas rows in the error report"
# Issue 13: a month of surat dinas, each with its archive copy.
expect '[ "$(find "$d/out/surat-dinas" -name "*.pdf" ! -name "*_arsip.pdf" | wc -l)" -eq 8 ] && [ "$(find "$d/out/surat-dinas" -name "*_arsip.pdf" | wc -l)" -eq 8 ]' "8 surat dinas and their archive copies"
expect 'echo "$ERR" | grep -q "12 surat dinas rows: 8 issued, 0 unchanged"' "run counts the surat dinas"
expect 'grep -q "REG-2025-0013" "$errcsv" && grep -q "unknown layanan" "$errcsv"' "error report names no_register and reason"

begin "demo numbers"
nums=$(sql "SELECT urut FROM book WHERE tahun = 2025 ORDER BY urut" | tr '\n' ' ')
# 33 letters, then the 8 surat dinas of February and March (issue 13).
expect '[ "$nums" = "$(seq 1 41 | tr "\n" " ")" ]' "numbers 1..41 without gaps"
expect '[ "$(sql "SELECT COUNT(DISTINCT nomor) FROM book")" -eq 41 ]' "numbers unique"
first=$(sql "SELECT nomor FROM book WHERE urut = 1")
expect 'echo "$first" | grep -Eq "^[0-9.]+/0001/406\.13/2025$"' "format kode/urut/unit/tahun ($first)"

begin "demo letter text"
f=$(find "$d/out/surat" -name '00001_*.pdf')
t=$(pdftext "$f")
expect 'echo "$t" | grep -q "PEMERINTAH KABUPATEN TRENGGALEK"' "kop"
expect 'echo "$t" | grep -q "KECAMATAN DURENAN"' "kecamatan in kop"
expect 'echo "$t" | grep -q "Nomor : $first"' "Nomor line"
expect 'echo "$t" | grep -Eq "Durenan, [0-9]+ Januari 2025"' "place and Indonesian date"
expect 'echo "$t" | grep -q "NIP."' "NIP in signature"
expect 'pdf_sound "$f"' "qpdf --check and embedded fonts"
expect 'pdffonts "$f" | grep -q "+LiberationSans-Bold"' "subset Liberation Sans Bold"

begin "demo signers"
for row in "kk:a.n. CAMAT DURENAN:KEPALA SEKSI TATA PEMERINTAHAN" \
    "skck:a.n. CAMAT DURENAN:SEKRETARIS KECAMATAN" \
    "sktm:a.n. CAMAT DURENAN:KEPALA SEKSI KESEJAHTERAAN RAKYAT" \
    "legalisasi::CAMAT DURENAN"; do
	lay=${row%%:*}; rest=${row#*:}; an=${rest%%:*}; jab=${rest#*:}
	f=$(find "$d/out/surat" -name "*_${lay}_*.pdf" | head -1)
	t=$(pdftext "$f")
	if [ -n "$an" ]; then
		expect 'echo "$t" | grep -q "$an $jab"' "$lay signed $an $jab"
	else
		expect 'echo "$t" | grep -q "$jab" && ! echo "$t" | grep -qF "a.n."' "$lay signed by the Camat himself"
	fi
done

begin "demo return notice"
f=$(find "$d/out/kembali" -name '*REG-2025-0037*')
t=$(pdftext "$f")
expect 'echo "$t" | grep -q "TANDA PENGEMBALIAN BERKAS"' "title"
expect 'echo "$t" | grep -q "Akta/surat keterangan kematian pewaris"' "missing conditional document by full label"
expect '! echo "$t" | grep -q "Nomor :"' "no letter number on a return notice"
expect 'pdf_sound "$f"' "sound PDF"

begin "demo rerun"
sums1=$(find "$d/out/surat" "$d/out/kembali" -name '*.pdf' -exec sha256sum {} + | sort)
run_n "$d" run
expect_rc 0
sums2=$(find "$d/out/surat" "$d/out/kembali" -name '*.pdf' -exec sha256sum {} + | sort)
expect '[ "$sums1" = "$sums2" ]' "no PDF issued, changed or rewritten"
expect '[ "$(sql "SELECT COUNT(*) FROM book")" -eq 41 ]' "no new number"
run_n "$d" run --date 2025-01-20
expect 'echo "$ERR" | grep -q " 0 letters, 0 returned"' "--date again issues nothing"
expect '[ "$RC" -eq 65 ]' "--date again reports its malformed rows again"
sums3=$(find "$d/out/surat" "$d/out/kembali" -name '*.pdf' -exec sha256sum {} + | sort)
expect '[ "$sums1" = "$sums3" ]' "still no PDF changed"
