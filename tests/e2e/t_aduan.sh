# t_aduan.sh -- complaints from receipt to outcome (issue 11): the
# receipt and the disposition sheet of every complaint, the follow-up
# files and every way a row of them is refused, the outcome letter, the
# books, re-runs, a crash, and the three SOP variants.

# The error report of the last run holds the text.
aduan_err() {
	cat "$d"/out/log/*-errors.csv 2>/dev/null | grep -qF -- "$1"
}

# aduan_text FILE: the PDF's text, whitespace collapsed, quotes as typed.
aduan_text() {
	pdftext "$1"
}

# A complaint row of the test header AHDR: $1 no_register, $2 tanggal,
# $3 jam, $4 saluran, $5 uraian (CSV-quoted here).
AHDR="no_register,tanggal,jam,layanan,nik,nama,jenis_kelamin,alamat,rt,rw,kode_desa,kelengkapan,uraian,saluran,pendamping,pihak_terkait,petugas,id_lapor"
aduan_row() {
	printf '%s,%s,%s,pengaduan,3503130101900001,Slamet,L,Dusun Krajan,1,2,35.03.13.2006,,"%s",%s,,,Sari,%s\n' \
	    "$1" "$2" "$3" "$(printf '%s' "$5" | sed 's/"/""/g')" "$4" "${6:-}"
}
THDR="no_register,langkah,tanggal,jam,petugas,catatan,hasil"
steps_of() {
	sql "SELECT COUNT(*) FROM complaint_steps s JOIN applications a ON a.id = s.application_id WHERE a.no_register = '$1'"
}

begin "aduan: the demo's complaints"
d=$(office aduandemo)
rm -rf "$d/in"; cp -r "$ROOT/input" "$d/in"
run_n "$d" run
expect_rc 65
rc=$(find "$d/out/pengaduan" -name '*_tanda_terima.pdf' | wc -l)
dc=$(find "$d/out/pengaduan" -name '*_disposisi.pdf' | wc -l)
oc=$(find "$d/out/surat" -name '*_pengaduan_*.pdf' | wc -l)
expect '[ "$rc" -eq 6 ] && [ "$dc" -eq 6 ]' "6 receipts and 6 disposition sheets (got $rc, $dc)"
expect '[ "$oc" -eq 5 ]' "5 outcome letters (got $oc)"
expect '[ "$(sql "SELECT COALESCE(hasil, '"'open'"') || COUNT(*) FROM complaints GROUP BY hasil ORDER BY 1" | tr "\n" " ")" = "jalur_hukum1 musyawarah4 open1 " ]' "4 musyawarah, 1 jalur hukum, 1 open"
expect '[ "$(sql "SELECT a.no_register FROM complaints c JOIN applications a ON a.id = c.application_id WHERE c.hasil IS NULL")" = REG-2025-0032 ]' "REG-2025-0032 still open"
expect '[ "$(sql "SELECT COUNT(*) FROM complaints WHERE ditutup >= '"'2025-02-01'"' AND diterima < '"'2025-02-01'"'")" -eq 2 ]' "two open at the end of January, closed in February"
expect '[ "$(sql "SELECT COUNT(*) FROM complaint_steps")" -eq 50 ]' "6 receipts and 44 follow-up steps recorded"
# Over its standard: REG-2025-0015 closed long after its promised date.
expect '[ "$(sql "SELECT COUNT(*) FROM complaints WHERE ditutup > batas")" -eq 4 ] && [ "$(sql "SELECT ditutup > batas FROM complaints c JOIN applications a ON a.id = c.application_id WHERE a.no_register = '"'REG-2025-0014'"'")" = 0 ]' "0014 within its standard, four closed over it"

begin "aduan: receipt"
f=$(find "$d/out/pengaduan" -name '*REG-2025-0014_tanda_terima.pdf')
t=$(aduan_text "$f")
expect 'echo "$t" | grep -q "TANDA TERIMA PENGADUAN"' "title"
expect 'echo "$t" | grep -qF "Nomor Agenda : 0001/M/406.13/2025"' "numbered in the incoming book"
expect 'echo "$t" | grep -qF "Senin, 20 Januari 2025 pukul 11.52"' "received day, date and time"
expect 'echo "$t" | grep -qF "Pengaduan Saudara akan ditanggapi paling lambat Rabu, 22 Januari 2025 pukul 09.27"' "deadline in working time (1 hari + 5 jam 5 menit from Monday 11.52, lunch break skipped)"
expect 'echo "$t" | grep -qF "H. Mochamad Yasin" && echo "$t" | grep -qF "Eko Wahyudi"' "accompanied by, received by"
expect 'pdf_sound "$f"' "sound PDF"
f=$(find "$d/out/pengaduan" -name '*REG-2025-0015_tanda_terima.pdf')
expect 'aduan_text "$f" | grep -qF "SP4N-LAPOR! (ID LAPOR! 5039127)"' "LAPOR! channel and tracking ID"
f=$(find "$d/out/pengaduan" -name '*REG-2025-0048_tanda_terima.pdf')
ur=$(sed -n 's/.*,"\(Pedagang kaki lima[^"]*\(""[^"]*""[^"]*\)*\)",.*/\1/p' "$d/in/register/2025-01-22.csv" | sed 's/""/"/g')
expect '[ -n "$ur" ] && echo "$ur" | grep -qF "& bahu" && echo "$ur" | grep -qF "{{HARI_INI}}"' "the demo complaint holds & < > \" ' and {{...}}"
expect 'aduan_text "$f" | grep -qF -- "$ur"' "complaint printed verbatim on the receipt"

begin "aduan: incoming book"
nums=$(sql "SELECT e.urut FROM book_entries e JOIN books k ON k.id = e.book_id WHERE k.name = 'masuk' ORDER BY e.urut" | tr '\n' ' ')
expect '[ "$nums" = "1 2 3 4 5 6 " ]' "masuk 1..6 without gaps ($nums)"
bad=0
for n in 1 2 3 4 5 6; do
	nomor=$(sql "SELECT e.nomor FROM book_entries e JOIN books k ON k.id = e.book_id WHERE k.name = 'masuk' AND e.urut = $n")
	p=$(sql "SELECT d.path FROM documents d JOIN books k ON k.id = d.book_id WHERE k.name = 'masuk' AND d.urut = $n")
	aduan_text "$d/out/$p" | grep -qF "Nomor Agenda : $nomor" || bad=1
done
expect '[ "$bad" = 0 ]' "each receipt prints its own entry of the book"

begin "aduan: disposition sheet"
f=$(find "$d/out/pengaduan" -name '*REG-2025-0048_disposisi.pdf')
t=$(aduan_text "$f")
for s in "LEMBAR DISPOSISI" "Surat/Pengaduan dari" "Nomor/Tanggal" "Diterima tanggal" "Nomor Agenda" "0006/M/406.13/2025" "Sangat Segera" "Rahasia" "Biasa" "Hal: Pengaduan Masyarakat (kode klasifikasi 000.8.3.4)" "Diteruskan kepada Sdr." "Sekretaris Kecamatan" "Tanggapan dan saran" "Proses lebih lanjut" "Arsip" "Catatan / isi disposisi" "Paraf dan tanggal CAMAT DURENAN" "2. Camat menerima warga"; do
	expect 'echo "$t" | grep -qF -- "$s"' "shows \"$s\""
done
expect 'echo "$t" | grep -qF -- "$ur"' "complaint verbatim"
# Recipients and requests side by side, as on the printed form: the
# route's recipient ticked, beside a request.
expect '[ "$(pdftotext -layout "$f" - | tr -s " " | grep -c "^ *X Kasi Ketentraman dan Ketertiban Umum Proses lebih lanjut")" -eq 1 ]' "X Kasi Ketentraman dan Ketertiban Umum ticked, beside a request"
expect '[ "$(pdfinfo "$f" | sed -n "s/^Pages: *//p")" = 1 ]' "one page"

begin "aduan: outcome letters"
f=$(find "$d/out/surat" -name '*_pengaduan_2025-01-31.pdf')
t=$(aduan_text "$f")
ag=$(sed -n 's/.*,"\(Paguyuban PKL[^"]*\(""[^"]*""[^"]*\)*\)",.*/\1/p' "$d/in/tindak-lanjut/2025-01-31.csv" | sed 's/""/"/g')
expect 'echo "$t" | grep -q "SURAT PENYELESAIAN PENGADUAN"' "title"
expect 'echo "$t" | grep -qF -- "$ur"' "the complaint verbatim"
expect '[ -n "$ag" ] && echo "$t" | grep -qF "diselesaikan secara musyawarah dengan para pihak, dengan kesepakatan: $ag"' "musyawarah and what was agreed, verbatim ($ag)"
expect 'echo "$t" | grep -qF "7 Musyawarah dengan para pihak untuk menyelesaikan permasalahan 31 Januari 2025"' "the steps with their dates"
expect 'echo "$t" | grep -qF "Durenan, 31 Januari 2025" && echo "$t" | grep -qF "NIP. 19800127 199912 1 001"' "dated the day it closed, signed by the Camat"
expect 'echo "$t" | grep -qF "Kepala Seksi Trantibum Kecamatan Durenan" && echo "$t" | grep -qF "Kepala Desa Durenan"' "tembusan to the Kasi and the Kades"
expect 'echo "$t" | grep -qF "Nomor Agenda 0006/M/406.13/2025"' "names the receipt's number"
expect 'pdf_sound "$f"' "sound PDF"
f=$(find "$d/out/surat" -name '*_pengaduan_2025-01-30.pdf')
t=$(aduan_text "$f")
expect 'echo "$t" | grep -qF "diserahkan kembali kepada para pihak untuk diselesaikan sesuai dengan hukum yang berlaku" && ! echo "$t" | grep -qF "kesepakatan:"' "jalur hukum"
expect 'echo "$t" | grep -qF "9 Camat menyerahkan kembali permasalahan kepada para pihak (jalur hukum) 30 Januari 2025"' "the legal-channel step listed"
f=$(find "$d/out/surat" -name '*_pengaduan_2025-02-03.pdf')
expect 'aduan_text "$f" | grep -qF "ID LAPOR! 5039127"' "LAPOR! ID on the outcome letter"
# In the outgoing book: after the 28 letters, gapless, each printing its entry
# (then the demo's 8 surat dinas of February and March, issue 13).
nums=$(sql "SELECT urut FROM book WHERE tahun = 2025 ORDER BY urut" | tr '\n' ' ')
expect '[ "$nums" = "$(seq 1 41 | tr "\n" " ")" ]' "keluar 1..41 without gaps"
expect '[ "$(sql "SELECT GROUP_CONCAT(urut, '"' '"') FROM (SELECT urut FROM book WHERE kind = '"'penyelesaian'"' ORDER BY urut)")" = "29 30 31 32 33" ]' "the outcome letters are 29..33"
bad=0
for n in 29 30 31 32 33; do
	nomor=$(sql "SELECT nomor FROM book WHERE urut = $n")
	p=$(sql "SELECT d.path FROM documents d JOIN book b ON b.document_id = d.id WHERE b.urut = $n")
	aduan_text "$d/out/$p" | grep -qF "Nomor : $nomor" || bad=1
done
expect '[ "$bad" = 0 ]' "each outcome letter prints its own number"

begin "aduan: the demo's refused follow-up rows"
for s in "2025-01-23.csv\",\"2\",\"1\",\"REG-2025-0099\",\"no_register: no complaint" \
    "2025-01-23.csv\",\"3\",\"2\",\"REG-2025-0031\",\"langkah: 11 is not a step" \
    "2025-01-23.csv\",\"4\",\"2\",\"REG-2025-0014\",\"langkah: step 9 of REG-2025-0014 comes before step 10" \
    "2025-01-23.csv\",\"5\",\"7\",\"REG-2025-0047\",\"hasil: only the closing step 10 takes a hasil" \
    "2025-01-23.csv\",\"6\",\"4\",\"\",\"jam: \"\"08.00\"\" is not a time HH:MM" \
    "2025-01-23.csv\",\"7\",\"3\",\"\",\"tanggal: \"\"2025-01-32\"\" is not a date" \
    "2025-02-06.csv\",\"5\",\"7\",\"REG-2025-0047\",\"hasil: step 10 closes the complaint"; do
	expect 'aduan_err "$s"' "error report: $s"
done

begin "aduan: re-run"
sums1=$(find "$d/out/surat" "$d/out/pengaduan" -name '*.pdf' -exec sha256sum {} + | sort)
n1=$(sql "SELECT COUNT(*) FROM complaint_steps")
run_n "$d" run
expect_rc 0
expect 'echo "$ERR" | grep -qF "0 follow-up rows"' "nothing read again"
run_n "$d" run --date 2025-01-23
expect_rc 65
expect 'echo "$ERR" | grep -qF "10 follow-up rows: 0 steps, 0 closed, 4 unchanged"' "--date reads the day again: 4 unchanged, 6 refused again"
run_n "$d" run --date 2025-01-22
sums2=$(find "$d/out/surat" "$d/out/pengaduan" -name '*.pdf' -exec sha256sum {} + | sort)
expect '[ "$sums1" = "$sums2" ]' "no PDF issued, changed or rewritten"
expect '[ "$(sql "SELECT COUNT(*) FROM complaint_steps")" = "$n1" ] && [ "$(sql "SELECT COUNT(*) FROM book_entries")" = 47 ]' "no step, no number added"

begin "aduan: a changed follow-up file is read again, only its new rows taken"
printf 'REG-2025-0032,5,2025-02-07,10:00,SUPRIYANTO,,\n' >> "$d/in/tindak-lanjut/2025-02-07.csv"
run_n "$d" run
expect_rc 0
expect 'echo "$ERR" | grep -qF "2 follow-up rows: 1 steps, 0 closed, 1 unchanged"' "one new step, one unchanged"
expect '[ "$(steps_of REG-2025-0032)" = 5 ]' "recorded"

# A fresh office for the refusals, one at a time: a complaint received
# on Monday 3 February 2025 at 08:00 (Kranggan SOP).
begin "aduan: follow-up rows refused, each with file, line, column and reason"
d=$(office aduanbad)
mkdir -p "$d/in/tindak-lanjut"
{ echo "$AHDR"; aduan_row A1 2025-02-03 08:00 langsung 'Jalan desa rusak'; aduan_row A2 2025-02-03 08:30 langsung 'Lampu jalan mati'; } > "$d/in/register/2025-02-03.csv"
{
	echo "$THDR"
	echo 'A1,2,2025-02-03,09:00,Camat,,'			# 2 good
	echo 'A9,2,2025-02-03,09:00,Camat,,'			# 3 unknown complaint
	echo 'A1,12,2025-02-03,09:10,Camat,,'			# 4 no such step
	echo 'A1,2,2025-02-03,09:05,Camat,,'			# 5 step 2 again, other time
	echo 'A1,4,2025-02-03,09:20,Kasi,,'			# 6 good
	echo 'A1,3,2025-02-03,09:30,Camat,,'			# 7 before step 4
	echo 'A1,5,2025-02-03,09:15,Kasi,,'			# 8 before step 4's time
	echo 'A1,5,2025-02-03,09:40,Kasi,,musyawarah'		# 9 hasil, not closing
	echo 'A1,10,2025-02-03,10:00,Kasi,,'			# 10 closing, no hasil
	echo 'A1,10,2025-02-03,10:00,Kasi,,damai'		# 11 bad hasil
	echo 'A1,5,2025-02-30,10:00,Kasi,,'			# 12 bad date
	echo 'A1,5,2025-02-03,25:00,Kasi,,'			# 13 bad time
	echo 'A1,5,2025-02-04,10:00,Kasi,,'			# 14 after the file's date
	echo 'A1,x,2025-02-03,10:00,Kasi,,'			# 15 not a number
	echo 'A2,9,2025-02-03,09:00,Camat,,'			# 16 good (legal channel only)
	echo 'A2,10,2025-02-03,09:30,Kasi,,musyawarah'		# 17 but musyawarah
	echo 'A1,10,2025-02-03,10:00,Kasi,,musyawarah'		# 18 no agreement recorded
	echo 'A1,7,2025-02-03,10:30,Kasi,"Sepakat: jalan diperbaiki gotong royong",'	# 19 good
	echo 'A1,10,2025-02-03,11:00,Kasi,,musyawarah'		# 20 good: closes
	echo 'A1,11,2025-02-03,11:10,Kasi,,'			# 21 no step 11
} > "$d/in/tindak-lanjut/2025-02-03.csv"
run_n "$d" run
expect_rc 65
F=tindak-lanjut/2025-02-03.csv
for s in "$F\",\"3\",\"1\",\"A9\",\"no_register: no complaint \"\"A9\"\" of 2025" \
    "$F\",\"4\",\"2\",\"A1\",\"langkah: 12 is not a step of the office's pengaduan SOP" \
    "$F\",\"5\",\"2\",\"A1\",\"langkah: step 2 of A1 is already recorded ($d/in/$F line 2) with other values" \
    "$F\",\"7\",\"2\",\"A1\",\"langkah: step 3 of A1 comes before step 4, already recorded" \
    "$F\",\"8\",\"3\",\"A1\",\"tanggal: step 5 of A1 completed 2025-02-03 09:15, before step 4 (2025-02-03 09:20)" \
    "$F\",\"9\",\"7\",\"A1\",\"hasil: only the closing step 10 takes a hasil, not step 5" \
    "$F\",\"10\",\"7\",\"A1\",\"hasil: step 10 closes the complaint: hasil must be musyawarah or jalur_hukum" \
    "$F\",\"11\",\"7\",\"\",\"hasil: \"\"damai\"\" is not musyawarah or jalur_hukum" \
    "$F\",\"12\",\"3\",\"\",\"tanggal: \"\"2025-02-30\"\" is not a date" \
    "$F\",\"13\",\"4\",\"\",\"jam: \"\"25:00\"\" is not a time HH:MM" \
    "$F\",\"14\",\"3\",\"A1\",\"tanggal: 2025-02-04 is after the file's own date 2025-02-03" \
    "$F\",\"15\",\"2\",\"\",\"langkah: \"\"x\"\" is not a step number" \
    "$F\",\"17\",\"7\",\"A2\",\"hasil: hasil musyawarah, but step 9 (for jalur_hukum only) was recorded" \
    "$F\",\"18\",\"7\",\"A1\",\"hasil: hasil musyawarah, but no catatan of step 7 says what was agreed" \
    "$F\",\"21\",\"2\",\"A1\",\"langkah: 11 is not a step"; do
	expect 'aduan_err "$s"' "$(echo "$s" | sed 's/.*",\"//' | cut -c1-70)"
done
expect 'echo "$ERR" | grep -qF "$d/in/$F:8:3: tanggal: step 5 of A1 completed"' "on stderr with file:line:column"
expect '[ "$(tail -n +2 "$(ls "$d"/out/log/*-errors.csv)" | wc -l)" -eq 15 ]' "15 rows refused, no more"
expect '[ "$(steps_of A1)" = 5 ] && [ "$(steps_of A2)" = 2 ]' "the good rows recorded: A1 1,2,4,7,10; A2 1,9"
expect '[ "$(sql "SELECT hasil FROM complaints WHERE hasil IS NOT NULL")" = musyawarah ]' "A1 closed, A2 open"
expect '[ "$(find "$d/out/surat" -name "*_pengaduan_*.pdf" | wc -l)" = 1 ]' "one outcome letter"
expect 'aduan_text "$(find "$d/out/surat" -name "*_pengaduan_*.pdf")" | grep -qF "dengan kesepakatan: Sepakat: jalan diperbaiki gotong royong"' "with what was agreed"
n1=$(sql "SELECT COUNT(*) FROM complaint_steps")
run_n "$d" run --date 2025-02-03
expect_rc 65
expect '[ "$(sql "SELECT COUNT(*) FROM complaint_steps")" = "$n1" ] && [ "$(tail -n +2 "$(ls -t "$d"/out/log/*-errors.csv | head -1)" | wc -l)" -eq 15 ]' "read again: the same 15 refused, nothing recorded changed"
# A file without a required column is refused as a whole.
printf 'no_register,tanggal,jam\nA2,2025-02-04,09:00\n' > "$d/in/tindak-lanjut/2025-02-04.csv"
{ echo "$AHDR"; aduan_row A3 2025-02-04 08:00 langsung 'Got mampet'; } > "$d/in/register/2025-02-04.csv"
run_n "$d" run
expect_rc 65
expect 'aduan_err "2025-02-04.csv\",\"1\",\"0\",\"\",\"missing required column \"\"langkah\"\"; the file is refused"' "missing langkah column: file refused"

begin "aduan: a complaint received and handled the same day; a day's follow-ups wait for its export"
d=$(office aduanorder)
mkdir -p "$d/in/tindak-lanjut"
{ echo "$AHDR"; aduan_row B1 2025-02-04 08:00 langsung 'Sampah menumpuk'; } > "$d/in/register/2025-02-04.csv"
{ echo "$AHDR"; aduan_row B2 2025-02-05 08:00 langsung 'Anjing liar'; } > "$d/in/register/2025-02-05.csv"
{ echo "$THDR"; echo 'B1,2,2025-02-04,09:00,Camat,,'; echo 'B2,2,2025-02-04,09:00,Camat,,'; } > "$d/in/tindak-lanjut/2025-02-04.csv"
{ echo "$THDR"; echo 'B2,2,2025-02-05,09:00,Camat,,'; } > "$d/in/tindak-lanjut/2025-02-05.csv"
run_n "$d" run
expect_rc 65
expect '[ "$(steps_of B1)" = 2 ] && [ "$(steps_of B2)" = 2 ]' "same-day steps known; the next day's complaint on its day"
expect 'aduan_err "2025-02-04.csv\",\"3\",\"1\",\"B2\",\"no_register: no complaint"' "a step the day before its complaint is refused"

begin "aduan: killed between COMMIT and rename while closing"
d=$(office aduancrash)
mkdir -p "$d/in/tindak-lanjut"
{ echo "$AHDR"; aduan_row C1 2025-02-04 08:00 langsung 'Pohon tumbang'; } > "$d/in/register/2025-02-04.csv"
run_n "$d" run -q
{ echo "$THDR"; echo 'C1,7,2025-02-05,09:00,Kasi,"Pohon dipotong bersama",'; echo 'C1,10,2025-02-05,10:00,Kasi,,musyawarah'; } > "$d/in/tindak-lanjut/2025-02-05.csv"
NASKAH_TEST_CRASH=after-commit run_n "$d" run -q
expect '[ "$RC" = 137 ]' "died by SIGKILL right after the commit (exit $RC)"
expect '[ "$(find "$d/out/surat" -name "*.pdf" | wc -l)" = 0 ] && [ "$(find "$d/out/surat" -name ".*.tmp" | wc -l)" = 1 ]' "its letter committed, not yet renamed"
run_n "$d" run -q
expect_rc 0
expect '[ "$(find "$d/out/surat" -name "*.pdf" | wc -l)" = 1 ] && [ "$(find "$d/out" -name ".*.tmp" | wc -l)" = 0 ]' "restored from its temporary"
expect '[ "$(sql "SELECT COUNT(*) FROM book")" = 1 ] && [ "$(steps_of C1)" = 3 ]' "one number, the steps once"
run_n "$d" run --date 2025-02-05
expect '[ "$(sql "SELECT COUNT(*) FROM book")" = 1 ] && echo "$ERR" | grep -qF "2 follow-up rows: 0 steps, 0 closed, 2 unchanged"' "read again: nothing new"

begin "aduan: Selemadeg Timur's SOP (channels, route, closing before the last steps)"
d=$(office aduansel)
sed -i 's#<sop layanan="pengaduan" varian="kranggan"/>#<sop layanan="pengaduan" varian="selemadeg_timur"/>#' "$d/in/kantor.xml"
mkdir -p "$d/in/tindak-lanjut"
{ echo "$AHDR"; aduan_row S1 2025-02-04 09:00 email 'Permohonan perbaikan jembatan <darurat> & "segera"'; } > "$d/in/register/2025-02-04.csv"
{ echo "$THDR"; echo 'S1,2,2025-02-04,10:00,Staf,,'; echo 'S1,7,2025-02-05,10:00,Kasi Ekbang,"Jembatan diperbaiki lewat Dana Desa 2025",'; echo 'S1,8,2025-02-05,11:00,Camat,,musyawarah'; echo 'S1,10,2025-02-06,09:00,Staf,,'; } > "$d/in/tindak-lanjut/2025-02-06.csv"
run_n "$d" run
expect_rc 0
expect '! echo "$ERR" | grep -q "warning:"' "e-mail is one of its channels"
t=$(aduan_text "$(find "$d/out/pengaduan" -name '*_disposisi.pdf')")
expect 'echo "$t" | grep -qF "Alur disposisi: Staf Subbagian Umum dan Kepegawaian » Kasubag Umum dan Kepegawaian » Sekretaris Camat » Camat » Seksi/Subbagian terkait"' "Staf > Kasubag > Sekcam > Camat > seksi"
expect 'echo "$t" | grep -qF "Permohonan perbaikan jembatan <darurat> & \"segera\""' "verbatim"
expect '[ "$(pdfinfo "$(find "$d/out/pengaduan" -name "*_disposisi.pdf")" | sed -n "s/^Pages: *//p")" = 1 ]' "its longer route still one page"
t=$(aduan_text "$(find "$d/out/surat" -name '*_pengaduan_*.pdf')")
expect 'echo "$t" | grep -qF "SOP Pengaduan Masyarakat Nomor 065/2262/Org." && echo "$t" | grep -qF "dengan kesepakatan: Jembatan diperbaiki lewat Dana Desa 2025"' "closed at step 8 with the section's solution"
expect '[ "$(steps_of S1)" = 5 ]' "step 10 (archive) recorded after it closed"
expect '[ "$(sql "SELECT varian FROM complaints")" = selemadeg_timur ]' "the variant kept with the complaint"

begin "aduan: Kerjo's SOP, and a variant kantor.xml does not know"
d=$(office aduankerjo)
sed -i 's#<sop layanan="pengaduan" varian="kranggan"/>#<sop layanan="pengaduan" varian="kerjo"/>#' "$d/in/kantor.xml"
mkdir -p "$d/in/tindak-lanjut"
{ echo "$AHDR"; aduan_row K1 2025-02-04 09:00 email 'Sengketa parkir'; } > "$d/in/register/2025-02-04.csv"
{ echo "$THDR"; echo 'K1,5,2025-02-04,10:00,Kasi,Tidak sepakat,'; echo 'K1,7,2025-02-04,11:00,Camat,,'; echo 'K1,8,2025-02-04,13:00,Kasi,,jalur_hukum'; } > "$d/in/tindak-lanjut/2025-02-04.csv"
run_n "$d" run
expect_rc 0
expect 'echo "$ERR" | grep -qF "warning: saluran \"email\" is not a channel of the office'"'"'s pengaduan SOP (templates/sop/pengaduan-kerjo.xml)"' "e-mail is not Kerjo's channel: a warning, still received"
expect 'aduan_text "$(find "$d/out/surat" -name "*_pengaduan_*.pdf")" | grep -qF "7 Camat menyerahkan kembali permasalahan kepada para pihak untuk diselesaikan sesuai dengan hukum yang berlaku"' "Kerjo's legal-channel step (its second step 6)"
sed -i 's#varian="kerjo"#varian="mojokerto"#' "$d/in/kantor.xml"
run_n "$d" run
expect_rc 78
expect 'echo "$ERR" | grep -q "kantor.xml:[0-9][0-9]*: sop layanan=\"pengaduan\" varian=\"mojokerto\": no such SOP in templates/sop"' "exit 78 naming kantor.xml's line"
