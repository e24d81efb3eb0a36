# t_input.sh -- bad and awkward input, each case of issue 3 with its own
# fixture: CSV shape, row rules, hostile text, configuration errors.

# err_hasF STRING: the same for a fixed string.
err_hasF() {
	cat "$d"/out/log/*-errors.csv 2>/dev/null | grep -qF -- "$1"
}

# err_has PATTERN: the error report of the last run holds PATTERN.
err_has() {
	cat "$d"/out/log/*-errors.csv 2>/dev/null | grep -q -- "$1"
}

begin "csv: BOM, semicolons, CRLF, quoted delimiter/quote/newline"
d=$(office csv1)
{
	printf '\357\273\277'
	echo "$HDR" | tr ',' ';'
	printf 'A1;2025-01-20;08:00;sktm;3503130101900001;"Budi ""Gendut"" Santoso";L;Trenggalek;1990-01-01;Islam;Kawin;Petani;"Jl. Mawar; Gang 2\nDusun Krajan";003;002;35.03.13.2006;;persyaratan beasiswa;pengantar_desa,surat_permohonan;;;;;;;\n'
} | sed 's/$/\r/' > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 0
t=$(pdftext "$d"/out/surat/2025/*.pdf)
expect 'echo "$t" | grep -q "Budi \"Gendut\" Santoso"' "quotes kept"
expect 'echo "$t" | grep -q "Jl. Mawar; Gang 2 Dusun Krajan"' "delimiter and newline inside quotes"

begin "csv: blank lines, unknown column, short and long rows"
d=$(office csv2)
{
	echo "$HDR,warna_favorit"
	echo
	sktm_row A1 "Siti Aminah" "Dusun Krajan" | sed 's/$/,biru/'
	echo ",,,"
	echo "A2,2025-01-20,sktm"
	sktm_row A3 "Joko" "Dusun Krajan" | sed 's/$/,biru,extra,extra/'
} > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 65
expect 'echo "$ERR" | grep -q "unknown column \"warna_favorit\""' "unknown column warned"
expect '[ "$(find "$d/out/surat" -name "*.pdf" | wc -l)" -eq 1 ]' "the good row still issued"
expect 'err_has "2025-01-20.csv\",\"5\""' "short row rejected with its line (5)"
expect 'err_has "2025-01-20.csv\",\"6\""' "long row rejected with its line (6)"

begin "csv: missing required column refuses the file"
d=$(office csv3)
{
	echo "$HDR" | sed 's/,kode_desa//'
	sktm_row A1 "Siti" "Dusun Krajan" | awk -F, -v OFS=, '{$16=""; print}' | sed 's/,,/,/'
} > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 65
expect 'echo "$ERR" | grep -q "missing required column \"kode_desa\"; the file is refused"' "clear refusal"
expect '[ "$(find "$d/out/surat" -name "*.pdf" | wc -l)" -eq 0 ]' "nothing issued from it"

begin "rows: NIK, sex, dates, layanan, desa, duplicates, empty name"
d=$(office rows)
{
	echo "$HDR"
	sktm_row B01 "Ok Satu" "Krajan"
	sktm_row B02 "Nik Pendek" "Krajan" | sed 's/3503130101900001/350313010190001/'
	sktm_row B03 "Nik Huruf" "Krajan" | sed 's/3503130101900001/35031301019O0001/'
	sktm_row B04 "Nik Tanggal" "Krajan" | sed 's/3503130101900001/3503133213900001/'
	sktm_row B05 "Nik Serial" "Krajan" | sed 's/3503130101900001/3503130101900000/'
	sktm_row B06 "Salah Kelamin" "Krajan" | sed 's/,L,Trenggalek/,P,Trenggalek/'
	sktm_row B07 "Tanggal Slash" "Krajan" | sed 's/,2025-01-20,08/,20\/01\/2025,08/'
	sktm_row B08 "Tanggal Strip" "Krajan" | sed 's/,2025-01-20,08/,20-01-2025,08/'
	sktm_row B09 "Tanggal Salah" "Krajan" | sed 's/,2025-01-20,08/,2025-02-30,08/'
	sktm_row B10 "Layanan Aneh" "Krajan" | sed 's/,sktm,/,domisili,/'
	sktm_row B11 "Desa Lain" "Krajan" | sed 's/35.03.13.2006/35.03.12.2006/'
	sktm_row B01 "Dobel" "Krajan"
	sktm_row B13 "" "Krajan"
	sktm_row B14 "Lahir Beda" "Krajan" | sed 's/,1990-01-01,/,1990-01-02,/'
	sktm_row B15 "Wanita" "Krajan" | sed 's/3503130101900001/3503134101900001/; s/,L,Trenggalek/,P,Trenggalek/'
} > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 65
expect 'err_has "\"3\",\"5\",\"B02\",\"nik:"' "NIK too short: line 3, column 5"
expect 'err_has "\"B03\",\"nik:"' "NIK with a letter"
expect 'err_has "\"B04\",\"nik:"' "NIK with impossible birth date"
expect 'err_has "\"B05\",\"nik:"' "NIK serial 0000"
expect 'err_has "\"B06\",\"jenis_kelamin:"' "sex disagrees with NIK"
expect 'err_has "\"B09\",\"tanggal:"' "bad date"
expect 'err_has "\"B10\",\"layanan: unknown layanan"' "unknown layanan"
expect 'err_has "\"B11\",\"kode_desa:"' "desa not in desa.csv"
expect 'err_hasF "\"13\",\"1\",\"B01\",\"no_register: duplicate \"\"B01\"\" (first on line 2)"' "duplicate in one file"
expect 'err_has "\"B13\",\"nama: required value is empty"' "empty name"
expect 'echo "$ERR" | grep -q "warning: tanggal_lahir 1990-01-02 differs from the NIK"' "birth date differs: warning"
expect '[ "$(find "$d/out/surat" -name "*.pdf" | wc -l)" -eq 5 ]' "5 letters: ok, both date forms, warning row, woman"
{
	echo "$HDR"
	sktm_row B01 "Ok Satu Lagi" "Krajan" | sed 's/2025-01-20/2025-01-21/'
} > "$d/in/register/2025-01-21.csv"
run_n "$d" run
expect 'err_hasF "\"B01\",\"no_register: \"\"B01\"\" is already registered"' "duplicate across days"

begin "text: markup, template syntax and typography printed as typed"
d=$(office text)
nasty='Tom & Jerry <b>bold</b> "q" '"'"'s {{NAMA}} ]]> é ’ “ ” –'
long=$(printf 'Jalan Panjang Sekali %.0s' $(seq 1 50))
{
	echo "$HDR"
	sktm_row C1 "$nasty" "$long"
} > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 0
f=$(ls "$d"/out/surat/2025/*.pdf)
t=$(pdftext "$f")
expect 'echo "$t" | grep -qF "$nasty"' "name exactly as typed"
expect 'echo "$t" | tr -d " " | grep -qF "$(echo "$long" | tr -d " ")"' "1,000-character address complete"
expect 'pdf_sound "$f"' "sound PDF"

begin "text: invalid UTF-8 and unprintable characters"
d=$(office utf8)
{
	echo "$HDR"
	sktm_row D1 "Good Row" "Krajan"
	sktm_row D2 "Bad $(printf '\300\257') Byte" "Krajan"
	sktm_row D3 "Kurşun" "Krajan"
} > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 65
expect 'err_has "\"3\",.*invalid UTF-8"' "invalid UTF-8 refused with its line"
expect 'err_has "byte offset"' "... and byte offset"
expect 'err_has "\"D3\",\"nama: character U+015F"' "unprintable character refused, not printed as ?"
expect '[ "$(find "$d/out/surat" -name "*.pdf" | wc -l)" -eq 1 ]' "good row still issued"

begin "persyaratan: incomplete and conditional"
d=$(office syarat)
{
	echo "$HDR"
	sktm_row E1 "Kurang" "Krajan" | sed 's/pengantar_desa;surat_permohonan/Surat pengantar dari desa\/kelurahan/'
	printf 'E2,2025-01-20,,legalisasi,3503130101900001,Ahli Waris,L,,,,,,Krajan,1,2,35.03.13.2006,,bank,pengantar_desa;surat_permohonan;berkas_legalisasi,,waris,Surat Keterangan Waris,,,,\n'
	printf 'E3,2025-01-20,,legalisasi,3503130101900001,Peminjam,L,,,,,,Krajan,1,2,35.03.13.2006,,bank,pengantar_desa;surat_permohonan;berkas_legalisasi,,agunan,Surat Keterangan Agunan,,,,\n'
} > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 0
expect '[ "$(find "$d/out/kembali" -name "*.pdf" | wc -l)" -eq 2 ]' "two return notices"
t=$(pdftext "$(find "$d/out/kembali" -name '*E1*')")
expect 'echo "$t" | grep -q "Surat permohonan dari yang bersangkutan" && ! echo "$t" | grep -q "1. Surat pengantar"' "lists exactly the missing document"
expect '[ "$(find "$d/out/surat" -name "*.pdf" | wc -l)" -eq 1 ]' "agunan needs no death certificate"
expect '[ "$(sql "SELECT MAX(urut) FROM book")" -eq 1 ]' "returned ones used no number"

begin "conflict: a row changed after its letter"
sed -i 's/,Peminjam,/,Peminjam Baru,/' "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 65
expect 'err_has "conflict: the row changed after"' "reported as conflict"
expect '[ "$(sql "SELECT COUNT(*) FROM book")" -eq 1 ]' "not reissued"

begin "config: kantor.xml error names its line; missing font; missing logo"
d=$(office cfg)
sed -i 's#<kecamatan>Durenan</kecamatan>#<kecamatan>Durenan</kecamatan><bogus/>#' "$d/in/kantor.xml"
sktm_row F1 "X" "Y" | sed "1i $HDR" > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 78
line=$(grep -n '<bogus/>' "$d/in/kantor.xml" | cut -d: -f1)
expect 'echo "$ERR" | grep -q "kantor.xml:$line:"' "names line $line"
cp "$ROOT/input/kantor.xml" "$d/in/"
sed -i 's#<kertas>#<logo>tidak-ada.png</logo><kertas>#' "$d/in/kantor.xml"
run_n "$d" run
expect_rc 78
expect 'echo "$ERR" | grep -q "tidak-ada.png"' "missing logo names the path"
cp "$ROOT/input/kantor.xml" "$d/in/"
mkdir -p "$d/data" && cp -r "$ROOT/templates" "$d/data/" && mkdir "$d/data/fonts"
NASKAH_DATADIR=$d/data run_n "$d" run
expect_rc 78
expect 'echo "$ERR" | grep -q "$d/data/fonts/LiberationSans-Regular.ttf"' "missing font names the path"

begin "exit status: no input, lock held"
d=$(office status)
run_n "$d" run --date 2025-03-01
expect_rc 66
mkdir -p "$d/out"
(flock "$d/out/.naskah.lock" sleep 3) &
sleep 0.5
run_n "$d" run
expect_rc 75
expect 'echo "$ERR" | grep -q "another naskah is working"' "clear message"
wait

begin "paper: F4 and multi-page letters"
d=$(office paper)
sed -i 's#<kertas>A4</kertas>#<kertas>F4</kertas>#' "$d/in/kantor.xml"
{
	echo "$HDR"
	sktm_row G1 "Panjang" "$(printf 'Alamat yang sangat panjang nomor %s, ' $(seq 1 45))" | sed "s/persyaratan beasiswa/$(printf 'keperluan yang panjang %.0s' $(seq 1 80))/"
} > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 0
f=$(ls "$d"/out/surat/2025/*.pdf)
expect 'pdfinfo "$f" | grep -Eq "Page size: *609.4[0-9]* x 935.43"' "F4 = 215 x 330 mm"
expect '[ "$(pdfinfo "$f" | awk "/^Pages:/{print \$2}")" -ge 2 ]' "continues on a second page"
expect 'pdftext "$f" | grep -q "Halaman 2 dari 2"' "pages numbered"
