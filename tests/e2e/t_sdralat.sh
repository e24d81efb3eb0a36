# t_sdralat.sh -- session 5 "fixes": `naskah ralat` of a surat dinas (a
# changed row of surat-keluar/ kept for it, issued under a new number with
# its archive copy, the old number cancelled and linked), and `naskah
# verify` of an archive copy (_arsip.pdf) saying its letter's status.

SRHDR="no_konsep,tanggal,jenis,kepada,di,sifat,perihal,isi,lampiran,tembusan,penandatangan"
SRBKD="Kepala Badan Kepegawaian Daerah Kabupaten Trenggalek"

sr_fixture() {
	mkdir -p "$1/in/surat-keluar/lampiran"
	printf 'nama,nip,pangkat_golongan,jabatan,tanggal_lahir,tmt_pensiun\nSukardi,19670503 198903 1 009,"Pengatur, II/c",Pengadministrasi,1967-05-03,2025-06-01\n' > "$1/in/surat-keluar/lampiran/pensiun.csv"
	{
		echo "$SRHDR"
		echo "R-01,2025-03-03,usulan_pensiun,$SRBKD,Trenggalek,biasa,Usulan Pensiun,,pensiun.csv,,"
		printf 'R-02,2025-03-03,surat_dinas,Kepala Desa se-Kecamatan Durenan,Tempat,biasa,Undangan Rapat,"Mohon hadir pada rapat koordinasi.",,,\n'
	} > "$1/in/surat-keluar/2025-03-03.csv"
}
# srcount PATTERN: lines of stderr holding PATTERN (a fixed string).
srcount() {
	grep -cF -- "$1" "$d/stderr" || true
}

begin "ralat of a surat dinas: the changed row under a new number, the old one cancelled and linked"
d=$(office sdralat)
sr_fixture "$d"
NASKAH_TEST_TODAY=2025-03-03 run_n "$d" run --date 2025-03-03
expect_rc 0
n1=$(sql "SELECT nomor FROM surat_dinas WHERE no_konsep = 'R-01'")
n2=$(sql "SELECT nomor FROM surat_dinas WHERE no_konsep = 'R-02'")
f1=$d/out/$(sql "SELECT path FROM surat_dinas WHERE no_konsep = 'R-01'")
a1=${f1%.pdf}_arsip.pdf
expect '[ -n "$n1" ] && [ -f "$f1" ] && [ -f "$a1" ]' "issued: $n1 and its archive copy"
run_n "$d" ralat "$n1" --date 2025-03-05
expect_rc 65
expect '[ "$(srcount "has not changed since the letter was issued")" -eq 1 ]' "an unchanged letter has nothing to correct"
# The officer corrects the subject and the lampiran.
sed -i 's/^R-01,\(.*\),Usulan Pensiun,/R-01,\1,Usulan Pensiun Batas Usia Pensiun,/' "$d/in/surat-keluar/2025-03-03.csv"
sed -i 's/Sukardi/Sukardi Hadi/' "$d/in/surat-keluar/lampiran/pensiun.csv"
NASKAH_TEST_TODAY=2025-03-04 run_n "$d" run --date 2025-03-03
expect_rc 65
expect '[ "$(srcount "conflict: no_konsep \"R-01\" was issued as $n1")" -eq 1 ] && [ "$(srcount "naskah ralat $n1")" -eq 1 ]' "the conflict says how to correct it: naskah ralat $n1"
expect '[ "$(sql "SELECT count(*) FROM sd_conflicts")" = 1 ]' "the changed row is kept"
run_n "$d" ralat "$n1" --date 2025-03-02
expect_rc 64
run_n "$d" ralat "$n1" --date 2025-03-05
expect_rc 0
n3=$(sql "SELECT nomor FROM surat_dinas WHERE no_konsep = 'R-01'")
f3=$d/out/$(sql "SELECT path FROM surat_dinas WHERE no_konsep = 'R-01'")
a3=${f3%.pdf}_arsip.pdf
expect '[ "$n3" != "$n1" ] && [ "$(srcount "$n3 issued as")" -eq 1 ] && [ "$(srcount "perihal \"Usulan Pensiun\" -> \"Usulan Pensiun Batas Usia Pensiun\"")" -eq 1 ]' "issued as $n3, saying what it corrects"
expect '[ "$(sql "SELECT status || '"'|'"' || cancel_reason || '"'|'"' || replaced_by FROM book_entries WHERE nomor = '"'$n1'"'")" = "cancelled|diganti dengan Nomor $n3|$n3" ] && [ "$(sql "SELECT replaces FROM book_entries WHERE nomor = '"'$n3'"'")" = "$n1" ]' "the old number cancelled, both linked"
expect '[ "$(sql "SELECT kind FROM documents WHERE nomor = '"'$n3'"'")" = surat_dinas ]' "the new number is a surat dinas of the outgoing book"
t=$(pdftext "$f3")
expect 'echo "$t" | grep -qF "Surat ini sebagai pengganti Surat Nomor $n1 tanggal 3 Maret 2025" && echo "$t" | grep -qF "Durenan, 5 Maret 2025" && echo "$t" | grep -qF "Usulan Pensiun Batas Usia Pensiun" && echo "$t" | grep -qF "Sukardi Hadi"' "the letter: the changed row, dated the ralat's day, saying what it replaces"
expect '[ -f "$a3" ] && pdftext "$a3" | grep -qF "LEMBAR PARAF" && pdftext "$a3" | grep -qF "$n3"' "and its archive copy with the paraf page"
expect '[ -f "$f1" ] && [ -f "$a1" ] && [ "$(sql "SELECT count(*) FROM sd_conflicts")" = 0 ]' "the old files kept; the change forgotten"
NASKAH_TEST_TODAY=2025-03-05 run_n "$d" run --date 2025-03-03
expect_rc 0
expect '[ "$(srcount "conflict")" -eq 0 ]' "the corrected row is now unchanged"
run_n "$d" ralat "$n1" --date 2025-03-05
expect_rc 65
expect '[ "$(srcount "already cancelled")" -eq 1 ]' "a cancelled number has no second ralat"
cp "$f3" "$d/f3.pdf"
rm "$f3"
run_n "$d" restore "$n3"
expect 'cmp -s "$f3" "$d/f3.pdf"' "the ralat letter restores byte-identical"

begin "ralat of a surat dinas: the free type; a lampiran changed since the run refuses"
sed -i 's/^R-02,\(.*\),Undangan Rapat,/R-02,\1,Undangan Rapat Koordinasi,/' "$d/in/surat-keluar/2025-03-03.csv"
NASKAH_TEST_TODAY=2025-03-06 run_n "$d" run --date 2025-03-03
expect_rc 65
books=$(sql "SELECT count(*) FROM book_entries")
run_n "$d" ralat "$n2" --date 2025-03-06
expect_rc 0
n4=$(sql "SELECT nomor FROM surat_dinas WHERE no_konsep = 'R-02'")
expect '[ "$(sql "SELECT count(*) FROM book_entries")" = $((books + 1)) ] && pdftext "$d/out/$(sql "SELECT path FROM surat_dinas WHERE no_konsep = '"'R-02'"'")" | grep -qF "Undangan Rapat Koordinasi"' "the free letter corrected as $n4: one number more"
sed -i 's/^R-01,\(.*\),Usulan Pensiun Batas Usia Pensiun,/R-01,\1,Usulan Pensiun BUP,/' "$d/in/surat-keluar/2025-03-03.csv"
NASKAH_TEST_TODAY=2025-03-06 run_n "$d" run --date 2025-03-03
expect_rc 65
expect '[ "$(srcount "naskah ralat $n3")" -eq 1 ]' "a ralat's letter can be corrected in turn"
books=$(sql "SELECT count(*) FROM book_entries")
files=$(find "$d/out/surat-dinas" -name '*.pdf' | wc -l)
sed -i 's/Sukardi Hadi/Sukardi/' "$d/in/surat-keluar/lampiran/pensiun.csv"
run_n "$d" ralat "$n3" --date 2025-03-06
expect_rc 65
expect '[ "$(srcount "the lampiran")" -eq 1 ] && [ "$(srcount "changed after the run")" -eq 1 ]' "the lampiran changed after the run: refused, saying so"
expect '[ "$(sql "SELECT count(*) FROM book_entries")" = "$books" ] && [ "$(find "$d/out/surat-dinas" -name "*.pdf" | wc -l)" = "$files" ] && [ "$(sql "SELECT status FROM book_entries WHERE nomor = '"'$n3'"'")" = issued ]' "no number, no file, the letter still in force"

begin "verify of an archive copy: its letter's status"
run_n "$d" verify "$a1"
expect_rc 65
expect '[ "$(grep -c "^DIBATALKAN .*diganti dengan Nomor $n3" "$d/stdout")" -eq 1 ]' "the replaced letter's _arsip.pdf: DIBATALKAN, replaced by $n3"
run_n "$d" verify "$a3"
expect_rc 0
expect '[ "$(grep -c "^ASLI " "$d/stdout")" -eq 1 ]' "the ralat's _arsip.pdf: ASLI"
run_n "$d" batal "$n3" --alasan "usulan ditarik"
expect_rc 0
run_n "$d" verify "$a3" "$f3"
expect_rc 65
expect '[ "$(grep -c "^DIBATALKAN .*usulan ditarik" "$d/stdout")" -eq 2 ]' "a cancelled letter: its file and its _arsip.pdf both DIBATALKAN"
