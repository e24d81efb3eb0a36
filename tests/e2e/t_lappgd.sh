# t_lappgd.sh -- `naskah report pengaduan` (issue 11): the complaints
# report of the demo for January and February 2025, its figures read back
# from the PDF and compared with what tests/e2e/pengaduan.py works out
# itself from the register and follow-up CSVs, the SOP's step standards,
# the jam kerja and libur.csv; the revision rule; a month without
# complaints (a report "nihil" once the month's exports are processed,
# exit 66 before); the signature page.

# pgd_check DIR PDF MONTH: pengaduan.py's verdicts as ok/fail lines.
pgd_check() {
	pdftotext -layout "$2" "$1/report.txt"
	python3 "$ROOT/tests/e2e/pengaduan.py" "$ROOT" "$1/in" "$1/out/log" \
	    "$3" "$1/report.txt" >"$1/verdict" 2>&1 ||
	    echo "FAIL - pengaduan.py: $(tail -1 "$1/verdict")" >>"$1/verdict"
	n=$(grep -c '^ok - ' "$1/verdict" || true)
	expect '[ "$n" -ge 5 ]' "pengaduan.py ran its checks ($n ok)"
	while IFS= read -r l; do
		case $l in
		"ok - "*) ok "${l#ok - }" ;;
		"FAIL - "*) fail "${l#FAIL - }" ;;
		esac
	done <"$1/verdict"
}

begin "report pengaduan: demo, January and February"
d=$(office lappgd)
rm -rf "$d/in"; cp -r "$ROOT/input" "$d/in"
run_n "$d" run
run_n "$d" report pengaduan --month 2025-01 --date 2025-02-10
expect_rc 0
f=$(find "$d/out/laporan" -name '2025-01_pengaduan_r1_*.pdf')
expect '[ -n "$f" ] && pdf_sound "$f"' "report PDF sound, fonts embedded"
nomor1=$(sql "SELECT nomor FROM reports WHERE bagian = 'pengaduan' AND bulan = '2025-01' AND revision = 1")
expect 'pdftext "$f" | grep -q "Nomor : $nomor1"' "numbered from the outgoing book ($nomor1)"
inbook=$(sql "SELECT COUNT(*) FROM book WHERE nomor = '$nomor1' AND kind = 'laporan'")
expect '[ "$inbook" -eq 1 ]' "its number is in the book of letters"
pgd_check "$d" "$f" 2025-01
# The demo's January: both outcomes, open ones, over standard.
expect 'grep -q "^ok - musyawarah 2, jalur hukum 1, open 3" "$d/verdict"' "both outcomes and open complaints"
expect 'pdftext "$f" | grep -q "E. Grafik"' "with a chart"
pages=$(pdfinfo "$f" | awk '/^Pages:/ { print $2 }')
sigpage=0
for p in $(seq 1 "$pages"); do
	pdftotext -f "$p" -l "$p" "$f" - | grep -q "NIP. 19800127" && sigpage=$p
done
expect '[ "$sigpage" -gt 0 ] && pdftotext -f $sigpage -l $sigpage "$f" - | grep -q "Demikian laporan ini"' \
    "signature on page $sigpage with the closing text"
expect 'pdftext "$f" | grep -q "AHMAD ZUHDAN"' "signed by the Camat in post"
run_n "$d" report pengaduan --month 2025-02 --date 2025-02-28
expect_rc 0
f2=$(find "$d/out/laporan" -name '2025-02_pengaduan_r1_*.pdf')
expect '[ -n "$f2" ]' "February issued"
pgd_check "$d" "$f2" 2025-02
expect 'grep -q "^ok - received 0, handled 3" "$d/verdict"' "February: none received, January's handled"

begin "report pengaduan: same data issues nothing"
run_n "$d" report pengaduan --month 2025-02 --date 2025-02-28
expect_rc 0
expect 'echo "$ERR" | grep -q "data unchanged since"' "says unchanged"
n=$(find "$d/out/laporan" -name '*pengaduan*.pdf' | wc -l)
expect '[ "$n" -eq 2 ]' "still two reports (got $n)"

begin "report pengaduan: a changed follow-up issues a revision"
nomor2=$(sql "SELECT nomor FROM reports WHERE bagian = 'pengaduan' AND bulan = '2025-02' AND revision = 1")
{
	echo "no_register,langkah,tanggal,jam,petugas,catatan,hasil"
	echo "REG-2025-0032,5,2025-02-10,09:00,\"SUPRIYANTO, S.H.\",,"
} >"$d/in/tindak-lanjut/2025-02-10.csv"
run_n "$d" run
run_n "$d" report pengaduan --month 2025-02 --date 2025-02-28
expect_rc 0
f3=$(find "$d/out/laporan" -name '2025-02_pengaduan_r2_*.pdf')
expect '[ -n "$f3" ] && [ -f "$f2" ]' "revision 2 issued, the first kept"
expect 'pdftext "$f3" | grep -q "Revisi ke-1 atas Nomor $nomor2"' "revision names $nomor2"
pgd_check "$d" "$f3" 2025-02
run_n "$d" report pengaduan --month 2025-01 --date 2025-02-28
expect_rc 0
expect 'echo "$ERR" | grep -q "data unchanged since $nomor1"' "January as it stood at its end: unchanged"

begin "report pengaduan: a month without complaints"
d=$(office lappgd-nihil)
cp "$ROOT/input/libur.csv" "$d/in/"
{
	echo "$HDR"
	sktm_row REG-2025-0001 "Budi" "Dusun Krajan"
} >"$d/in/register/2025-01-20.csv"
run_n "$d" run
run_n "$d" report pengaduan --month 2025-01 --date 2025-02-03
expect_rc 0
f=$(find "$d/out/laporan" -name '2025-01_pengaduan_r1_*.pdf')
expect '[ -n "$f" ] && pdftext "$f" | grep -q "NIHIL"' "a numbered report saying NIHIL"
expect 'pdftext "$f" | grep -q "NIP. 19800127"' "signed"
run_n "$d" report pengaduan --month 2025-03 --date 2025-04-01
expect_rc 66
expect 'echo "$ERR" | grep -q "no register export of 2025-03 processed"' "a month not yet processed: exit 66, says why"
