# t_skm.sh -- `naskah report skm --semester YYYY-Sn` (issue 13): the
# satisfaction-survey report of the demo's semester, every figure read
# back from the PDF and compared with what tests/e2e/skm.py works out on
# its own from the CSVs (NRR, IKM, grades, per service, profile, weakest
# elements, rows left out); bad rows named with file, line and column and
# left out while the rest is counted; the revision rule; a wrong
# --semester is 64; qpdf and PDFBox Preflight; the signature page.

SKM_CP=""
for j in preflight pdfbox2 fontbox2 xmpbox commons-logging javax.activation jaxb-api; do
	SKM_CP="$SKM_CP${SKM_CP:+:}/usr/share/java/$j.jar"
done

# skm_check DIR PDF SEMESTER: skm.py's verdicts as ok/fail lines.
skm_check() {
	pdftotext -layout "$2" "$1/report.txt"
	python3 "$ROOT/tests/e2e/skm.py" "$ROOT" "$1/in/skm/$3" "$3" \
	    "$1/report.txt" >"$1/verdict" 2>&1 ||
	    echo "FAIL - skm.py: $(tail -1 "$1/verdict")" >>"$1/verdict"
	n=$(grep -c '^ok - ' "$1/verdict" || true)
	expect '[ "$n" -ge 40 ]' "skm.py ran its checks ($n ok)"
	while IFS= read -r l; do
		case $l in
		"ok - "*) ok "${l#ok - }" ;;
		"FAIL - "*) fail "${l#FAIL - }" ;;
		esac
	done <"$1/verdict"
}

SKMHDR="tanggal,layanan,jenis_kelamin,umur,pendidikan,pekerjaan,u1,u2,u3,u4,u5,u6,u7,u8,u9"

begin "report skm: the demo semester"
d=$(office skm)
mkdir -p "$d/in/skm"
cp -r "$ROOT/input/skm/2025-S1" "$d/in/skm/"
run_n "$d" report skm --semester 2025-S1 --date 2025-07-10
expect_rc 65
n=$(find "$d/out/laporan" -name '*.pdf' | wc -l)
expect '[ "$n" -eq 1 ]' "one report (got $n)"
f=$(find "$d/out/laporan" -name '2025-S1_skm_r1_*.pdf')
expect '[ -n "$f" ] && pdf_sound "$f"' "report PDF: qpdf --check, fonts embedded"
nomor1=$(sql "SELECT nomor FROM reports WHERE bagian = 'skm' AND bulan = '2025-S1' AND revision = 1")
expect '[ -n "$nomor1" ] && pdftext "$f" | grep -q "Nomor : $nomor1"' "numbered from the outgoing book ($nomor1)"
inbook=$(sql "SELECT COUNT(*) FROM book WHERE nomor = '$nomor1' AND kind = 'laporan'")
expect '[ "$inbook" -eq 1 ]' "its number is in the book of letters"
expect 'echo "$nomor1" | grep -q "^000.8.3.4/"' "classification code of the definition (Pelayanan Publik)"
# Every malformed row of the demo on stderr with file:line:col.
nbad=$(echo "$ERR" | grep -Ec '^naskah: [^ ]*/skm/2025-S1/2025-0[0-9]\.csv:[0-9]+:[0-9]+: ')
expect '[ "$nbad" -eq 3 ]' "the demo's three malformed rows named with file:line:col ($nbad)"
expect 'echo "$ERR" | grep -q "2025-06.csv:27:1: tanggal 2025-07-01 is outside semester 2025-S1"' \
    "a date outside the semester is an error"
expect 'echo "$ERR" | grep -q "2025-02.csv:11:11: u5 \"5\": not an answer 1-4"' "an answer 5 named by its column"
expect 'echo "$ERR" | grep -q "150 respondents in 6 files, IKM"' "the summary line"
skm_check "$d" "$f" 2025-S1
expect 'grep -q "^# expected weakest=u3," "$d/verdict"' "the demo's weakest element is u3 (waktu)"
# Verification code and QR, signature with the closing text, paraf box.
expect 'pdftext "$f" | grep -Eq "Kode verifikasi: [2-9A-HJKMNP-TV-Z]{5}-[2-9A-HJKMNP-TV-Z]{5}"' "verification code"
expect '[ "$(sql "SELECT COUNT(*) FROM document_codes")" -ge 1 ]' "its codes in the register"
pages=$(pdfinfo "$f" | awk '/^Pages:/ { print $2 }')
sigpage=0
for p in $(seq 1 "$pages"); do
	pdftotext -f "$p" -l "$p" "$f" - | grep -q "NIP. 19800127" && sigpage=$p
done
expect '[ "$sigpage" -gt 0 ] && pdftotext -f $sigpage -l $sigpage "$f" - | grep -q "Demikian laporan ini"' \
    "signature on page $sigpage with the closing text"
expect 'pdftext "$f" | grep -q "Paraf Sekretaris Kecamatan"' "paraf box of the definition"
expect 'pdftext "$f" | grep -q "SEMESTER I TAHUN 2025" && pdftext "$f" | grep -q "(Januari–Juni 2025)"' "the semester named"
if command -v java >/dev/null 2>&1 && [ -f /usr/share/java/preflight.jar ]; then
	if java -cp "$SKM_CP" org.apache.pdfbox.preflight.Validator_A1b "$f" >"$d/preflight.out" 2>&1; then RC=0; else RC=$?; fi
	expect '[ "$RC" = 0 ] && grep -q "is a valid PDF/A-1b file" "$d/preflight.out"' \
	    "Apache PDFBox Preflight: valid PDF/A-1b"
else
	skip "Apache PDFBox Preflight is not installed"
fi

begin "report skm: verified, restored byte-identical, the same bytes elsewhere"
run_n "$d" verify "$f"
expect_rc 0
sum1=$(sha256sum <"$f")
rm -f "$f"
run_n "$d" restore --all
expect '[ -f "$f" ] && [ "$(sha256sum <"$f")" = "$sum1" ]' "naskah restore makes it again byte-identical"
d0=$d
d=$TMPROOT/skm-again
rm -rf "$d"
mkdir -p "$d/in" "$d/out"
cp -r "$d0/in/." "$d/in/"
export NASKAH_KEYS="$d0/kunci"
init_out "$d"
run_n "$d" report skm --semester 2025-S1 --date 2025-07-10
unset NASKAH_KEYS
fa=$(find "$d/out/laporan" -name '2025-S1_skm_r1_*.pdf')
expect '[ -n "$fa" ] && [ "$(sha256sum <"$fa")" = "$sum1" ]' "another output folder, the same data and keys: the same bytes"
d=$d0

begin "report skm: same data issues nothing"
run_n "$d" report skm --semester 2025-S1 --date 2025-07-11
expect_rc 65
expect 'echo "$ERR" | grep -q "data unchanged since $nomor1"' "says unchanged, naming $nomor1"
n=$(find "$d/out/laporan" -name '*.pdf' | wc -l)
expect '[ "$n" -eq 1 ]' "still one report (got $n)"

begin "report skm: late answers issue a revision"
{
	echo "$SKMHDR"
	echo "2025-06-30,sktm,P,28,SMA,LAINNYA,1,1,1,2,1,1,1,1,1"
	echo "30/06/2025,kk,L,61,SD,PETANI,2,2,1,3,2,2,2,2,2"
} >"$d/in/skm/2025-S1/2025-06-susulan.csv"
run_n "$d" report skm --semester 2025-S1 --date 2025-07-14
expect_rc 65
f2=$(find "$d/out/laporan" -name '2025-S1_skm_r2_*.pdf')
expect '[ -n "$f2" ] && [ -f "$f" ]' "revision 2 issued, the first kept"
expect 'pdftext "$f2" | grep -q "Revisi ke-1 atas Nomor $nomor1"' "revision names $nomor1"
expect 'echo "$ERR" | grep -q "152 respondents in 7 files"' "152 respondents in 7 files"
skm_check "$d" "$f2" 2025-S1
run_n "$d" agenda --year 2025 --format csv
expect 'echo "$OUT" | grep -q ",Laporan survei kepuasan masyarakat semester I 2025,.*2025-S1_skm_r1_" && echo "$OUT" | grep -q ",\"Laporan survei kepuasan masyarakat semester I 2025, revisi ke-1\",.*2025-S1_skm_r2_"' \
    "the agenda names both reports and the revision"

begin "report skm: bad rows are named and left out, the rest counted"
d=$(office skm-bad)
mkdir -p "$d/in/skm/2025-S2"
{
	echo "$SKMHDR,catatan"
	echo "2025-07-01,kk,L,30,SMA,SWASTA,3,3,3,4,3,3,3,3,3,"
	echo "2025-07-02,ktp,p,45,smp,petani,4,3,2,4,3,3,4,3,3,ramah"
	echo "2025-07-03,ktp,P,45,SMP,PETANI,3,3,0,4,3,3,4,3,3,"
	echo "2025-07-04,ktp,P,45,SMP,PETANI,3,3,3,4,,3,4,3,3,"
	echo "2025-07-05,ktp,P,12,SMP,PETANI,3,3,3,4,3,3,4,3,3,"
	echo "2025-07-06,ktp,X,45,SMP,PETANI,3,3,3,4,3,3,4,3,3,"
	echo "2025-07-07,ktp,P,45,SMK,PETANI,3,3,3,4,3,3,4,3,3,"
	echo "2025-02-30,ktp,P,45,SMP,PETANI,3,3,3,4,3,3,4,3,3,"
	echo "2025-06-30,ktp,P,45,SMP,PETANI,3,3,3,4,3,3,4,3,3,"
	echo "2025-07-08,domisili,P,45,SMP,PETANI,3,3,3,4,3,3,4,3,3,"
	echo "2025-07-09,sktm,P,45,SMP,PETANI,3,3,3,4,3,3,4,3,3.5,"
	echo "2025-12-31,Sktm,Laki-laki,70,S2,PNS,4,4,4,4,4,4,4,4,4,"
} >"$d/in/skm/2025-S2/kotak-saran.csv"
{
	echo "tanggal,layanan,jenis_kelamin,umur,pendidikan,u1,u2,u3,u4,u5,u6,u7,u8,u9"
	echo "2025-07-01,kk,L,30,SMA,3,3,3,4,3,3,3,3,3"
} >"$d/in/skm/2025-S2/tanpa-pekerjaan.csv"
printf 'tanggal;layanan;jenis_kelamin;umur;pendidikan;pekerjaan;u1;u2;u3;u4;u5;u6;u7;u8;u9\r\n10/08/2025;legalisasi;L;39;S1;WIRAUSAHA;2;2;2;3;2;2;2;2;2\r\n' \
    >"$d/in/skm/2025-S2/agustus.csv"
run_n "$d" report skm --semester 2025-S2 --date 2026-01-05
expect_rc 65
f=$(find "$d/out/laporan" -name '2025-S2_skm_r1_*.pdf')
expect '[ -n "$f" ]' "the report is made from the good rows"
for want in "kotak-saran.csv:4:9: u3 \"0\": not an answer 1-4" \
    "kotak-saran.csv:5:11: u5 \"\": not an answer 1-4" \
    "kotak-saran.csv:6:4: umur \"12\": not allowed" \
    "kotak-saran.csv:7:3: jenis_kelamin \"X\": not allowed" \
    "kotak-saran.csv:8:5: pendidikan \"SMK\": not allowed" \
    "kotak-saran.csv:9:1: tanggal \"2025-02-30\": not a date" \
    "kotak-saran.csv:10:1: tanggal 2025-06-30 is outside semester 2025-S2" \
    "kotak-saran.csv:11:2: layanan \"domisili\": not a service" \
    "kotak-saran.csv:12:15: u9 \"3.5\": not an answer 1-4" \
    "tanpa-pekerjaan.csv:1: no column \"pekerjaan\"; the file is left out" \
    "kotak-saran.csv:1:16: warning: unknown column \"catatan\" ignored"; do
	expect 'echo "$ERR" | grep -qF "$want"' "stderr: $want"
done
nerr=$(echo "$ERR" | grep -Ec '^naskah: [^ ]*/skm/2025-S2/[^ ]*\.csv:[0-9]+(:[0-9]+)?: [^w]')
expect '[ "$nerr" -eq 10 ]' "ten rejections on stderr ($nerr)"
expect 'echo "$ERR" | grep -q "4 respondents in 3 files"' "four respondents counted (codes and labels in any case, ; and CRLF)"
skm_check "$d" "$f" 2025-S2
expect 'pdftext "$f" | grep -q "10 baris jawaban dari berkas survei tidak diolah"' "the report lists the ten"
expect 'pdftext "$f" | grep -q "kolom pekerjaan tidak ada; seluruh berkas tidak diolah"' "the file without a column, in Indonesian"
expect 'pdftext "$f" | grep -q "SEMESTER II TAHUN 2025" && pdftext "$f" | grep -q "(Juli–Desember 2025)"' "semester II named"

begin "report skm: every row bad, or no answers"
d=$(office skm-none)
mkdir -p "$d/in/skm/2026-S1"
{
	echo "$SKMHDR"
	echo "2026-01-05,kk,L,30,SMA,SWASTA,3,3,3,4,3,3,3,3,5"
} >"$d/in/skm/2026-S1/januari.csv"
run_n "$d" report skm --semester 2026-S1 --date 2026-01-31
expect_rc 65
expect 'echo "$ERR" | grep -q "no valid survey answer for semester 2026-S1"' "says no valid answer"
n=$(find "$d/out" -name '*.pdf' | wc -l)
expect '[ "$n" -eq 0 ]' "no report ($n)"
expect '[ "$(sql "SELECT COUNT(*) FROM reports")" = 0 ] && [ "$(sql "SELECT COUNT(*) FROM book")" = 0 ]' \
    "no number taken"
run_n "$d" report skm --semester 2025-S2 --date 2026-01-31
expect_rc 66
expect 'echo "$ERR" | grep -q "no survey answers for semester 2025-S2"' "no folder: 66, says so"
mkdir -p "$d/in/skm/2025-S1"
run_n "$d" report skm --semester 2025-S1 --date 2026-01-31
expect_rc 66

begin "report skm: wrong --semester and options"
for s in 2025-S3 2025-1 25-S1 2025-s1 2025-S10 abcd-S1; do
	run_n "$d" report skm --semester "$s" --date 2026-01-31
	expect_rc 64
	expect 'echo "$ERR" | grep -q "not a semester YYYY-S1 or YYYY-S2"' "--semester $s refused"
done
run_n "$d" report skm --month 2026-01 --date 2026-01-31
expect_rc 64
expect 'echo "$ERR" | grep -q "a survey report takes --semester"' "skm with --month refused"
run_n "$d" report layanan --semester 2026-S1 --date 2026-01-31
expect_rc 64
expect 'echo "$ERR" | grep -q "a monthly report takes --month"' "a monthly report with --semester refused"
run_n "$d" report skm --semester 2026-S1 --month 2026-01
expect_rc 64
run_n "$d" report skm --semester 2026-S2 --date 2026-01-31
expect_rc 64
expect 'echo "$ERR" | grep -q "before the month it reports on"' "dated before its semester: 64"
n=$(find "$d/out" -name '*.pdf' | wc -l)
expect '[ "$n" -eq 0 ]' "nothing written ($n)"
