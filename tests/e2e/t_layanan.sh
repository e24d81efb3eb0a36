# t_layanan.sh -- `naskah report layanan` (issue 11): the service-time
# report of the letter services on the demo register, its figures read
# back from the PDF and compared with what tests/e2e/layanan.py works out
# itself from the register CSVs, the SOP files and the office's jam kerja
# (letters without both times counted, not timed); the revision rule;
# a month without applications; the signature page.

# lay_check DIR PDF MONTH: layanan.py's verdicts as ok/fail lines.
lay_check() {
	pdftotext -layout "$2" "$1/report.txt"
	python3 "$ROOT/tests/e2e/layanan.py" "$ROOT" "$1/in" \
	    "$(ls "$1"/out/log/*errors.csv 2>/dev/null | tail -1)" "$3" \
	    "$1/report.txt" \
	    >"$1/verdict" 2>&1 || echo "FAIL - layanan.py: $(tail -1 "$1/verdict")" >>"$1/verdict"
	n=$(grep -c '^ok - ' "$1/verdict" || true)
	expect '[ "$n" -ge 8 ]' "layanan.py ran its checks ($n ok)"
	while IFS= read -r l; do
		case $l in
		"ok - "*) ok "${l#ok - }" ;;
		"FAIL - "*) fail "${l#FAIL - }" ;;
		esac
	done <"$1/verdict"
}

begin "report layanan: demo register"
d=$(office layanan)
rm -rf "$d/in"; cp -r "$ROOT/input" "$d/in"
run_n "$d" run
run_n "$d" report layanan --month 2025-01 --date 2025-02-05
expect_rc 0
n=$(find "$d/out/laporan" -name '*.pdf' | wc -l)
expect '[ "$n" -eq 1 ]' "one report (got $n)"
f=$(find "$d/out/laporan" -name '*layanan_r1_*.pdf')
expect '[ -n "$f" ] && pdf_sound "$f"' "report PDF sound, fonts embedded"
nomor1=$(sql "SELECT nomor FROM reports WHERE bagian = 'layanan' AND revision = 1")
expect 'pdftext "$f" | grep -q "Nomor : $nomor1"' "numbered from the outgoing book ($nomor1)"
inbook=$(sql "SELECT COUNT(*) FROM book WHERE nomor = '$nomor1' AND kind = 'laporan'")
expect '[ "$inbook" -eq 1 ]' "its number is in the book of letters"
lay_check "$d" "$f" 2025-01
# The demo has letters without jam_selesai: counted, not timed, said so.
untimed=$(awk '/^# expected untimed=/ { sub(/.*untimed=/, ""); print $1 }' "$d/verdict")
expect '[ "${untimed:-0}" -gt 0 ]' "the demo has letters without both times ($untimed)"
# The signature never alone on its page: the closing sentence and the
# paraf box are on the page that has the Camat's NIP.
pages=$(pdfinfo "$f" | awk '/^Pages:/ { print $2 }')
sigpage=0
for p in $(seq 1 "$pages"); do
	pdftotext -f "$p" -l "$p" "$f" - | grep -q "NIP. 19800127" && sigpage=$p
done
expect '[ "$sigpage" -gt 0 ] && pdftotext -f $sigpage -l $sigpage "$f" - | grep -q "Demikian laporan ini"' \
    "signature on page $sigpage with the closing text"
expect 'pdftext "$f" | grep -q "Paraf Sekretaris Kecamatan"' "paraf box of the definition"

begin "report layanan: same data issues nothing"
run_n "$d" report layanan --month 2025-01 --date 2025-02-05
expect_rc 0
expect 'echo "$ERR" | grep -q "data unchanged since $nomor1"' "says unchanged, naming $nomor1"
n=$(find "$d/out/laporan" -name '*.pdf' | wc -l)
expect '[ "$n" -eq 1 ]' "still one report (got $n)"

begin "report layanan: changed data issues a revision"
# A late export: one more KK letter (timed across the break), one SKTM
# without jam_selesai, one KTP returned without its form.
{
	echo "no_register,tanggal,jam,jam_selesai,petugas,layanan,nik,nama,jenis_kelamin,tempat_lahir,tanggal_lahir,agama,status_perkawinan,pekerjaan,alamat,rt,rw,kode_desa,no_kk,keperluan,kelengkapan"
	echo "REG-2025-0101,2025-01-23,11:50,12:40,Sari Wulandari,kk,3503131403820559,SUTRISNO,L,Trenggalek,1982-03-14,Islam,Kawin,Petani,Dusun Krajan,003,002,35.03.13.2006,3503131601211160,,pengantar_desa;formulir_kk"
	echo "REG-2025-0102,2025-01-23,13:00,,Sari Wulandari,sktm,3503130101900001,Budi,L,Trenggalek,1990-01-01,Islam,Kawin,Petani,Dusun Krajan,003,002,35.03.13.2006,,persyaratan beasiswa,pengantar_desa;surat_permohonan"
	echo "REG-2025-0103,2025-01-23,13:10,13:20,Sari Wulandari,ktp,3503135404060044,Lailatul Fitriyah,P,Trenggalek,2006-04-14,Islam,Belum Kawin,Pelajar/Mahasiswa,Dusun Panggung,002,002,35.03.13.2009,,,pengantar_desa"
} >"$d/in/register/2025-01-23.csv"
run_n "$d" run
run_n "$d" report layanan --month 2025-01 --date 2025-02-06
expect_rc 0
f2=$(find "$d/out/laporan" -name '*layanan_r2_*.pdf')
expect '[ -n "$f2" ] && [ -f "$f" ]' "revision 2 issued, the first kept"
expect 'pdftext "$f2" | grep -q "Revisi ke-1 atas Nomor $nomor1"' "revision names $nomor1"
nomor2=$(sql "SELECT nomor FROM reports WHERE bagian = 'layanan' AND revision = 2")
expect '[ -n "$nomor2" ] && [ "$nomor2" != "$nomor1" ]' "a number of its own ($nomor2)"
expect 'pdftext "$f2" | grep -q "Sari Wulandari"' "the new petugas is listed"
lay_check "$d" "$f2" 2025-01

begin "report layanan: nothing timed, no petugas, finished before received"
d=$(office layanan-edge)
cp "$ROOT/input/libur.csv" "$d/in/"
{
	echo "no_register,tanggal,jam,jam_selesai,petugas,layanan,nik,nama,jenis_kelamin,tempat_lahir,tanggal_lahir,agama,status_perkawinan,pekerjaan,alamat,rt,rw,kode_desa,no_kk,keperluan,kelengkapan"
	echo "REG-2025-0201,2025-03-03,08:00,,,sktm,3503130101900001,Budi,L,Trenggalek,1990-01-01,Islam,Kawin,Petani,Dusun Krajan,003,002,35.03.13.2006,,persyaratan beasiswa,pengantar_desa;surat_permohonan"
	echo "REG-2025-0202,2025-03-03,09:10,09:30,Sari,ktp,3503135404060044,Lailatul Fitriyah,P,Trenggalek,2006-04-14,Islam,Belum Kawin,Pelajar/Mahasiswa,Dusun Panggung,002,002,35.03.13.2009,,,pengantar_desa"
	echo "REG-2025-0203,2025-03-03,09:10,09:05,Sari,ktp,3503135404060044,Lailatul Fitriyah,P,Trenggalek,2006-04-14,Islam,Belum Kawin,Pelajar/Mahasiswa,Dusun Panggung,002,002,35.03.13.2009,,,pengantar_desa;formulir_kp1"
} >"$d/in/register/2025-03-03.csv"
run_n "$d" run
run_n "$d" report layanan --month 2025-03 --date 2025-04-01
expect_rc 0
f=$(find "$d/out/laporan" -name '*layanan_r1_*.pdf')
expect '[ -n "$f" ]' "issued"
expect 'pdftext "$f" | grep -q "(tidak tercatat)"' "letters without a petugas under (tidak tercatat)"
lay_check "$d" "$f" 2025-03

begin "report layanan: a definition whose chart shows the median"
dd=$TMPROOT/datadir-median
rm -rf "$dd"; mkdir -p "$dd"
cp -r "$ROOT/templates" "$ROOT/fonts" "$dd/"
sed -i 's|ukuran="dalam_standar">[^<]*<|ukuran="median">Median waktu pelayanan per layanan (menit)<|' \
    "$dd/templates/laporan/layanan.xml"
d=$(office layanan-median)
rm -rf "$d/in"; cp -r "$ROOT/input" "$d/in"
run_n "$d" run
export NASKAH_DATADIR="$dd"
run_n "$d" report layanan --month 2025-01 --date 2025-02-05
unset NASKAH_DATADIR
expect_rc 0
f=$(find "$d/out/laporan" -name '*layanan_r1_*.pdf')
expect 'pdftext "$f" | grep -q "C. Grafik: Median waktu pelayanan per layanan"' "the definition's chart title"
pdftotext -layout "$f" "$d/report.txt"
python3 "$ROOT/tests/e2e/layanan.py" "$dd" "$d/in" \
    "$(ls "$d"/out/log/*errors.csv 2>/dev/null | tail -1)" 2025-01 \
    "$d/report.txt" >"$d/verdict" 2>&1
expect 'grep -q "^ok - chart bars \[.KK 27., .KTP 29., .Legalisasi Surat-Surat 21,5" "$d/verdict"' \
    "median bars as layanan.py works them out"
n=$(grep -c "^FAIL" "$d/verdict" || true)
expect '[ "$n" -eq 0 ]' "every other figure too ($n failed)"

begin "report layanan: no applications in the month"
run_n "$d" report layanan --month 2025-02 --date 2025-03-03
expect_rc 66
expect 'echo "$ERR" | grep -q "no application of a letter service"' "says why"

begin "report: the reports are the definitions of templates/laporan"
run_n "$d" report nosuch --month 2025-01
expect_rc 64
expect 'echo "$ERR" | grep -q "the reports are ekbang, kesra, layanan, pengaduan, skm, tapem, trantibum"' "names them"
