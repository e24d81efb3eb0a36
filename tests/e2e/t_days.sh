# t_days.sh -- issue 10, days: an application's tanggal in a window around
# its export's date; working days (jam kerja, libur.csv) and the plain run
# that names a working day without its export (66, even with -q).

# days_office NAME SINCE: an office with the demo's kantor.xml, desa.csv
# and libur.csv whose register serves from SINCE.
days_office() {
	d=$TMPROOT/$1
	rm -rf "$d"
	mkdir -p "$d/in/register"
	cp "$ROOT/input/kantor.xml" "$ROOT/input/desa.csv" \
	    "$ROOT/input/libur.csv" "$d/in/"
	NASKAH_TEST_TODAY=2025-12-31 "$NASKAH" init -q --since "$2" \
	    --input "$d/in" --output "$d/out" 2>"$TMPROOT/.init.err" ||
	    echo "days_office $1: $(head -1 "$TMPROOT/.init.err")" >&2
	echo "$d"
}

# export_day DAY NO...: register/DAY.csv, one SKTM row dated DAY for each
# register number.
export_day() {
	ed_day=$1
	shift
	{
		echo "$HDR"
		for no in "$@"; do
			sktm_row "$no" "Siti Aminah" "Dusun Krajan" |
			    sed "s/^\([^,]*\),2025-01-20,/\1,$ed_day,/"
		done
	} > "$d/in/register/$ed_day.csv"
}

# run_at TODAY ARGS...: run_n on $d as if today were TODAY.
run_at() {
	NASKAH_TEST_TODAY=$1
	export NASKAH_TEST_TODAY
	shift
	run_n "$d" "$@"
	unset NASKAH_TEST_TODAY
}

# row_dated NO TANGGAL: an SKTM row with the tanggal as typed.
row_dated() {
	sktm_row "$1" "Budi Santoso" "Dusun Krajan" |
	    sed "s#^\([^,]*\),2025-01-20,#\1,$2,#"
}

errcsv_has() {
	cat "$d"/out/log/*-errors.csv 2>/dev/null | grep -cF -- "$1"
}

begin "days: a mistyped year is malformed, not a new number book"
d=$(office window)
{
	echo "$HDR"
	row_dated W1 2052-01-01
	row_dated W2 2019-01-01
	row_dated W3 2025-12-01
	row_dated W4 2025-11-30
	row_dated W5 2026-01-01
} > "$d/in/register/2026-01-01.csv"
run_n "$d" run
expect_rc 65
expect '[ "$(echo "$ERR" | grep -cF "2026-01-01.csv:2:2: tanggal 2052-01-01 is 9,496 days after the export'"'"'s date")" -eq 1 ]' "names file, line, column and the days after"
expect '[ "$(echo "$ERR" | grep -cF "2026-01-01.csv:3:2: tanggal 2019-01-01 is 2,557 days before the export'"'"'s date (at most 31)")" -eq 1 ]' "the days before and the limit"
expect '[ "$(echo "$ERR" | grep -cF "2026-01-01.csv:5:2: tanggal 2025-11-30 is 32 days before the export'"'"'s date (at most 31)")" -eq 1 ]' "32 days before is one too many"
expect '[ "$(errcsv_has "tanggal 2052-01-01 is 9,496 days after")" -eq 1 ]' "in the error report too"
expect '[ "$(sql "SELECT COUNT(*) FROM book")" -eq 2 ]' "31 days before and the day itself issued"
expect '[ "$(sql "SELECT COUNT(*) FROM books WHERE tahun NOT IN (2025, 2026)")" -eq 0 ]' "no book of 2052 or 2019"
expect '[ -z "$(find "$d/out" -path "*2052*" -o -path "*2019*")" ]' "no file of 2052 or 2019"

begin "days: Excel's US-locale 3/5/2025 in the export of 5 March"
d=$(office uslocale)
{
	echo "$HDR"
	row_dated U1 3/5/2025
	row_dated U2 05/03/2025
} > "$d/in/register/2025-03-05.csv"
run_n "$d" run
expect_rc 65
expect '[ "$(echo "$ERR" | grep -cF "2025-03-05.csv:2:2: tanggal 3/5/2025 is 59 days after the export'"'"'s date")" -eq 1 ]' "read as 3 May: 59 days after"
expect '[ "$(sql "SELECT COUNT(*) FROM book")" -eq 1 ]' "the Indonesian 05/03/2025 issued"

begin "days: the window is kantor.xml's jendela-tanggal"
d=$(office window2)
sed -i 's#<penomoran #<jendela-tanggal sebelum="400" sesudah="1"/>\n  <penomoran #' "$d/in/kantor.xml"
{
	echo "$HDR"
	row_dated J1 2025-01-01
	row_dated J2 2026-01-02
	row_dated J3 2026-01-03
	row_dated J4 2024-11-26
} > "$d/in/register/2026-01-01.csv"
run_n "$d" run
expect_rc 65
expect '[ "$(sql "SELECT COUNT(*) FROM book")" -eq 2 ]' "365 days before and 1 after issued"
expect '[ "$(echo "$ERR" | grep -cF "2026-01-01.csv:4:2: tanggal 2026-01-03 is 2 days after the export'"'"'s date (at most 1)")" -eq 1 ]' "2 days after: the limit named"
expect '[ "$(echo "$ERR" | grep -cF "2026-01-01.csv:5:2: tanggal 2024-11-26 is 401 days before the export'"'"'s date (at most 400)")" -eq 1 ]' "401 days before"

begin "days: a forgotten working day is named, even with -q, and exits 66"
d=$(days_office forgot 2025-01-13)
for day in 13 14 15 17 20 21 22; do export_day "2025-01-$day" "F$day"; done
run_at 2025-01-24 run -q
expect_rc 66
expect '[ "$(echo "$ERR" | grep -cF "register: no register export for 2 working days: 2025-01-16, 2025-01-23 (")" -eq 1 ]' "both days named, on stderr despite -q"
expect '[ "$(sql "SELECT COUNT(*) FROM book")" -eq 7 ]' "every export present was processed"
# Named once: the next night starts after the newest export processed.
export_day 2025-01-23 F23
run_at 2025-01-24 run -q
expect_rc 0
expect '[ -z "$ERR" ]' "then silent: 16 January was named already"
expect '[ "$(sql "SELECT COUNT(*) FROM book")" -eq 8 ]' "the late export processed"

begin "days: a weekend and holidays are no gap"
d=$(days_office holiday 2025-01-20)
for day in 20 21 22 23 24 30; do export_day "2025-01-$day" "H$day"; done
run_at 2025-01-31 run -q
expect_rc 0
expect '[ -z "$ERR" ]' "25-26 (Sabtu, Minggu), 27-29 (Isra Mikraj, cuti bersama, Imlek) and today not named"
# Without the holiday list the three days are working days.
d=$(days_office noholiday 2025-01-20)
rm "$d/in/libur.csv"
for day in 20 21 22 23 24 30; do export_day "2025-01-$day" "H$day"; done
run_at 2025-01-31 run -q
expect_rc 66
expect '[ "$(echo "$ERR" | grep -cF "no register export for 3 working days: 2025-01-27 to 2025-01-29 (")" -eq 1 ]' "without libur.csv they are named, as one stretch"

begin "days: a Saturday of an office that works it"
d=$(days_office sabtu 2025-01-06)
sed -i 's#<hari nama="jumat"#<hari nama="sabtu" masuk="08:00" pulang="12:00"/>\n    <hari nama="jumat"#' "$d/in/kantor.xml"
for day in 06 07 08 09 10 13; do export_day "2025-01-$day" "S$day"; done
run_at 2025-01-14 run -q
expect_rc 66
expect '[ "$(echo "$ERR" | grep -cF "no register export for 1 working day: 2025-01-11 (")" -eq 1 ]' "Saturday 11 January named"

begin "days: many missing days are named compactly"
d=$(days_office many 2025-01-02)
for day in 2025-01-10 2025-01-20 2025-01-30 2025-02-10 2025-02-20 2025-03-03 2025-03-12; do
	export_day "$day" "M$day"
done
run_at 2025-03-24 run -q
expect_rc 66
expect '[ "$(echo "$ERR" | grep -c "no register export for 47 working days: 2025-01-02 to 2025-01-09, 2025-01-13 to 2025-01-17, 2025-01-21 to 2025-01-24, \.\.\., 2025-02-21 to 2025-02-28, 2025-03-04 to 2025-03-11, 2025-03-13 to 2025-03-21 (")" -eq 1 ]' "first and last stretches, the count of all"

begin "days: an office made today is not asked for older exports"
d=$(office today)
export_day 2025-01-20 T1
run_n "$d" run -q
expect_rc 0
expect '[ -z "$ERR" ]' "exports of January 2025, register made today: silent"

begin "days: no register/ folder in the input"
d=$(office nofolder)
rmdir "$d/in/register"
run_n "$d" run -q
expect_rc 66
expect '[ "$(echo "$ERR" | grep -cF "$d/in/register: no such folder")" -eq 1 ]' "named, even with -q"
run_n "$d" run --date 2025-01-20 -q
expect_rc 66

begin "days: init --since"
d=$(office since)
rm -rf "$d/out"
run_n "$d" init --since 2099-01-01
expect_rc 64
expect '[ ! -e "$d/out/register.db" ]' "a day after today refused, no register"
run_n "$d" init --since 20250101
expect_rc 64
run_at 2025-02-01 init --since 2025-01-02
expect_rc 0
expect '[ "$(sql "SELECT since FROM office")" = 2025-01-02 ]' "recorded"
d2=$d
d=$(office since2)
expect '[ "$(sql "SELECT since FROM office")" = "$(date +%Y-%m-%d)" ]' "default: today"
d=$d2

begin "days: jam kerja and libur.csv mistakes are configuration errors"
d=$(days_office badcfg 2025-01-06)
cp "$d/in/kantor.xml" "$d/kantor.xml.good"
# Lines counted from the file, so another element above keeps the test true.
l2=$(grep -n 'nama="selasa"' "$d/in/kantor.xml" | cut -d: -f1)
l3=$(grep -n 'nama="rabu"' "$d/in/kantor.xml" | cut -d: -f1)
l5=$(grep -n 'nama="jumat"' "$d/in/kantor.xml" | cut -d: -f1)
sed -i 's/nama="rabu"/nama="selasa"/' "$d/in/kantor.xml"
run_n "$d" run -q
expect_rc 78
expect 'echo "$ERR" | grep -qF "kantor.xml:$l3: hari selasa given twice (first on line $l2)"' "a day twice, with both lines"
cp "$d/kantor.xml.good" "$d/in/kantor.xml"
sed -i 's/istirahat="11:30-13:00"/istirahat="13:00-11:30"/' "$d/in/kantor.xml"
run_n "$d" run -q
expect_rc 78
expect 'echo "$ERR" | grep -qF "kantor.xml:$l5: hari jumat: istirahat must be HH:MM-HH:MM, its start before its end"' "a break backwards"
cp "$d/kantor.xml.good" "$d/in/kantor.xml"
printf '2025-02-30,Hari Salah\n' >> "$d/in/libur.csv"
run_n "$d" run -q
expect_rc 78
expect 'echo "$ERR" | grep -qF "libur.csv:55:1: tanggal \"2025-02-30\" is not a date (YYYY-MM-DD)"' "libur.csv: file, line and column"

# legal_row NO TANGGAL: a complete legalisasi row, which the Camat signs.
legal_row() {
	printf '%s,%s,,legalisasi,3503130101900001,Peminjam,L,,,,,,Krajan,1,2,35.03.13.2006,,bank,pengantar_desa;surat_permohonan;berkas_legalisasi,,agunan,Surat Keterangan Agunan,,,,\n' "$1" "$2"
}

# two_camats FROM: kantor.xml's camat until the day before 2025-01-21,
# then a Plt. Camat from FROM (the demo's line replaced by two).
two_camats() {
	sed -i 's#^  <pejabat jabatan="camat" \(.*\)/>#  <pejabat jabatan="camat" \1 sampai="2025-01-20"/>\n  <pejabat jabatan="camat" nama="Dra. RETNO WULANDARI, M.Si." pangkat="Pembina" nip="19740305 199803 2 006" plt="Plt." mulai="'"$1"'"/>#' "$d/in/kantor.xml"
}

# signer_of PDF: the signature block's name line as pdftotext shows it.
signer_of() {
	pdftext "$1" | grep -o 'AHMAD ZUHDAN, S.STP, M.Si\|RETNO WULANDARI, M.Si.' | sort -u | tr '\n' ' '
}

begin "days: a catch-up across a change of Camat signs with the one in post"
d=$(office camats)
two_camats 2025-01-21
{ echo "$HDR"; legal_row L1 2025-01-20; } > "$d/in/register/2025-01-20.csv"
{ echo "$HDR"; legal_row L2 2025-01-21; } > "$d/in/register/2025-01-21.csv"
run_n "$d" run -q
expect_rc 0
f1=$(find "$d/out/surat" -name '*2025-01-20*.pdf' | head -1)
f2=$(find "$d/out/surat" -name '*2025-01-21*.pdf' | head -1)
expect '[ -n "$f1" ] && [ -n "$f2" ]' "both letters issued in one run"
expect '[ "$(signer_of "$f1")" = "AHMAD ZUHDAN, S.STP, M.Si " ]' "the letter of 20 January: the Camat then"
expect '[ "$(signer_of "$f2")" = "RETNO WULANDARI, M.Si. " ]' "the letter of 21 January: the new Camat"
expect 'pdftext "$f2" | grep -q "Plt. CAMAT DURENAN"' "shown as Plt."
mkdir -p "$d/in/desa/2025-01"
cp -r "$ROOT/input/desa/2025-01/trantibum" "$ROOT/input/desa/2025-01/kesra" \
    "$d/in/desa/2025-01/"
run_n "$d" report trantibum --month 2025-01 --date 2025-01-20 -q
r1=$(find "$d/out/laporan" -name '*.pdf' | sort | tail -1)
expect '[ -n "$r1" ] && [ "$(signer_of "$r1")" = "AHMAD ZUHDAN, S.STP, M.Si " ]' "a report dated 20 January: the Camat then"
run_n "$d" report kesra --month 2025-01 --date 2025-02-05 -q
r2=$(find "$d/out/laporan" -name '*.pdf' -newer "$r1" | head -1)
expect '[ -n "$r2" ] && [ "$(signer_of "$r2")" = "RETNO WULANDARI, M.Si. " ]' "one dated 5 February: the new Camat"

begin "days: a day with nobody in post is a configuration error"
d=$(office vacant)
two_camats 2025-01-22
{ echo "$HDR"; legal_row V1 2025-01-21; } > "$d/in/register/2025-01-21.csv"
run_n "$d" run -q
expect_rc 78
expect '[ "$(echo "$ERR" | grep -c "kantor.xml: nobody holds the post camat on 2025-01-21")" -eq 1 ]' "names the post and the date"
expect '[ "$(sql "SELECT COUNT(*) FROM book")" -eq 0 ]' "nothing issued"
mkdir -p "$d/in/desa/2025-01"
cp -r "$ROOT/input/desa/2025-01/trantibum" "$d/in/desa/2025-01/"
run_n "$d" report trantibum --month 2025-01 --date 2025-01-21 -q
expect_rc 78
expect 'echo "$ERR" | grep -q "nobody holds the post camat on 2025-01-21"' "a report too"

begin "days: two holders of a post for the same days"
d=$(office overlap)
two_camats 2025-01-20
c1=$(grep -n 'jabatan="camat"' "$d/in/kantor.xml" | sed -n 1p | cut -d: -f1)
c2=$(grep -n 'jabatan="camat"' "$d/in/kantor.xml" | sed -n 2p | cut -d: -f1)
run_n "$d" run -q
expect_rc 78
expect '[ "$(echo "$ERR" | grep -c "kantor.xml:$c2: pejabat camat given twice (first on line $c1) for the same days")" -eq 1 ]' "both lines named, at start-up"

begin "days: desa.csv's reader warnings are printed, as an export's"
d=$(office desawarn)
# Windows-1252 (a byte 0xE9, "é", not UTF-8) and ";;" at the end.
{
	printf 'kode,nama,jenis,,\r\n'
	tail -n +2 "$ROOT/input/desa.csv" | sed 's/$/,,\r/'
	printf '35.03.13.2099,Kelurahan Caf\351,kelurahan,,\r\n'
} > "$d/in/desa.csv"
{ echo "$HDR"; sktm_row D1 "Siti" "Krajan"; } > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 0
expect '[ "$(echo "$ERR" | grep -c "desa.csv:[0-9]*:[0-9]*: warning: .*Windows-1252")" -eq 1 ]' "the encoding assumed, once, with the file"
expect '[ "$(echo "$ERR" | grep -c "desa.csv:1:[0-9]*: warning: .*empty columns")" -eq 1 ]' "the empty columns, once"
expect 'echo "$ERR" | grep -q ", 2 warnings"' "counted in the summary"
run_n "$d" run -q
expect '[ -z "$ERR" ]' "-q: silent"
mkdir -p "$d/in/desa/2025-01"
cp -r "$ROOT/input/desa/2025-01/trantibum" "$d/in/desa/2025-01/"
run_n "$d" report trantibum --month 2025-01 --date 2025-02-05
expect '[ "$(echo "$ERR" | grep -c "desa.csv:[0-9]*:[0-9]*: warning: ")" -eq 2 ]' "report prints them too"

begin "days: the start-up check renders a Camat whose period starts late"
d=$(office latecamat)
sed -i 's#^  <pejabat jabatan="camat" \(.*\)/>#  <pejabat jabatan="camat" \1 mulai="2024-06-01"/>#' "$d/in/kantor.xml"
{ echo "$HDR"; legal_row K1 2025-01-20; } > "$d/in/register/2025-01-20.csv"
run_n "$d" run -q
expect_rc 0
expect '[ "$(sql "SELECT COUNT(*) FROM book")" -eq 1 ]' "the letter issued"
