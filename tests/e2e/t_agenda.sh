# t_agenda.sh -- the archivist's books (issue 12): `naskah agenda` as CSV
# against the register and as a printed book read back; a missing, an
# altered file and a gap shown and in the exit status; `naskah find` by
# each criterion, counted against the register; the monthly manifest
# against the files, and `verify --manifest` on a copied folder.

# ag_csv DIR: the agenda of 2025 as CSV into DIR/agenda.csv; sets RC.
ag_csv() {
	set +e
	"$NASKAH" agenda --year 2025 --input "$1/in" --output "$1/out" \
	    >"$1/agenda.csv" 2>"$1/stderr"
	RC=$?
	set -e
}

# ag_status DIR URUT: the status column of number URUT in DIR/agenda.csv.
ag_status() {
	awk -F, -v u="$2" '$1 == u { print $NF }' "$1/agenda.csv"
}

# ag_count DIR STATUS: how many numbers have STATUS.
ag_count() {
	awk -F, -v s="$2" 'NR > 1 && $NF == s' "$1/agenda.csv" | wc -l
}

# fnd ARGS...: naskah find on $d's output; sets RC and N (lines out).
fnd() {
	set +e
	"$NASKAH" find --output "$d/out" "$@" >"$d/found" 2>"$d/stderr"
	RC=$?
	set -e
	N=$(wc -l <"$d/found")
}

begin "agenda: the CSV is the register's book"
d=$(office agenda)
d1=$d	# run_n sets d to the folder it runs on
cp "$ROOT"/input/register/*.csv "$d/in/register/"
run_n "$d" run -q
ag_csv "$d"
expect_rc 0
expect '[ "$(head -1 "$d/agenda.csv")" = "urut,nomor,tanggal,jenis,klasifikasi,versi_klasifikasi,perihal,kepada,berkas,sha256,status" ]' "header as archive.md says, with the classification code and list version after jenis"
nb=$(sql "SELECT count(*) FROM book WHERE tahun = 2025")
expect '[ "$nb" -gt 20 ] && [ "$(($(wc -l <"$d/agenda.csv") - 1))" = "$nb" ]' "one row per number ($nb)"
# Number, nomor, date, file and SHA-256 of every row, as the register
# holds them (sqlite3 writes the same CSV for these plain fields).
sql "SELECT e.urut, e.nomor, d.created, d.path, d.sha256 FROM book_entries e
    JOIN books k ON k.id = e.book_id JOIN documents d ON d.book_id = e.book_id
    AND d.urut = e.urut WHERE k.name = 'keluar' AND k.tahun = 2025
    ORDER BY e.urut" | tr '|' , >"$d/want"
awk -F, 'NR > 1 { print $1 "," $2 "," $3 "," $(NF-2) "," $(NF-1) }' \
    "$d/agenda.csv" >"$d/got"
expect 'cmp -s "$d/want" "$d/got"' "numbers, dates, files and SHA-256 match the register"
expect '[ "$(ag_count "$d" ada)" = "$nb" ]' "every number ada"
expect '[ "$(awk -F, '"'"'$1 == 1 { print $4 }'"'"' "$d/agenda.csv")" = "$(sql "SELECT a.layanan FROM book b JOIN applications a ON a.id = b.application_id WHERE b.urut = 1")" ]' "jenis is the letter's service"
expect 'grep -q "^1,.*,Rekomendasi Pembuatan Kartu Keluarga (KK),SUTRISNO," "$d/agenda.csv"' "perihal from the SOP, kepada the applicant"
set +e; "$NASKAH" agenda --year 2024 --input "$d/in" --output "$d/out" >"$d/empty.csv" 2>/dev/null; RC=$?; set -e
expect '[ "$RC" = 0 ] && [ "$(wc -l <"$d/empty.csv")" = 1 ]' "a year without numbers: the header only, exit 0"
run_n "$d" agenda
expect_rc 64
run_n "$d" agenda --year 2025 --format xml
expect_rc 64

begin "agenda: a missing and an altered file are shown and fail"
d2=$TMPROOT/agenda2
rm -rf "$d2" && mkdir -p "$d2" && cp -a "$d/in" "$d/out" "$d2/"
lost=$(sql "SELECT d.path FROM book b JOIN documents d ON d.id = b.document_id WHERE b.urut = 3")
changed=$(sql "SELECT d.path FROM book b JOIN documents d ON d.id = b.document_id WHERE b.urut = 7")
rm "$d2/out/$lost"
# One byte changed, the size kept: only the SHA-256 can tell.
printf 'X' | dd of="$d2/out/$changed" bs=1 seek=400 conv=notrunc 2>/dev/null
ag_csv "$d2"
expect_rc 65
expect '[ "$(ag_status "$d2" 3)" = hilang ] && [ "$(ag_count "$d2" hilang)" = 1 ]' "the deleted file: hilang, only it"
expect '[ "$(ag_status "$d2" 7)" = berubah ] && [ "$(ag_count "$d2" berubah)" = 1 ]' "the changed file: berubah, only it"
expect 'grep -q "number 3 .*MISSING: .*$lost" "$d2/stderr" && grep -q "number 7 .*ALTERED" "$d2/stderr"' "both named on stderr"

begin "agenda: a gap in the book (forced in a copy) is shown"
sqlite3 "$d2/out/register.db" "DROP TRIGGER book_entries_keep;
    DROP TRIGGER books_count;
    DELETE FROM book_entries WHERE urut = 5;
    UPDATE books SET last = last + 2 WHERE name = 'keluar' AND tahun = 2025;"
ag_csv "$d2"
expect_rc 65
expect '[ "$(ag_status "$d2" 5)" = "tidak tercatat" ]' "the deleted entry: tidak tercatat"
expect '[ "$(ag_count "$d2" "tidak tercatat")" = 3 ]' "and the two numbers taken after the last entry"
expect '[ "$(($(wc -l <"$d2/agenda.csv") - 1))" = "$((nb + 2))" ]' "every number from 1 to the book's counter"
expect 'grep -q "number 5: NOT RECORDED" "$d2/stderr"' "named on stderr"

begin "agenda: the printed book"
run_n "$d2" agenda --year 2025 --format pdf --date 2026-01-15
expect_rc 65
pdf=$(find "$d2/out/agenda" -name '*.pdf')
expect '[ "$(echo "$pdf" | grep -c .)" = 1 ]' "one PDF under output/agenda/"
expect 'pdf_sound "$pdf"' "qpdf-clean, fonts embedded"
expect 'pdfinfo "$pdf" | grep -q "Page size: *841.89 x 595.27"' "landscape A4"
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
t=$(pdftext "$pdf")
expect 'echo "$t" | grep -q "BUKU AGENDA SURAT KELUAR TAHUN 2025"' "title"
expect 'echo "$t" | grep -q "PERHATIAN: 5 nomor bermasalah"' "what is wrong, before the table"
for p in 1 2; do
	expect 'pdftotext -f $p -l $p -layout "$pdf" - | grep -q "Nomor .*Tanggal .*Jenis .*Perihal .*Kepada .*Berkas .*SHA-256 .*Status"' "table header on page $p of $pages"
done
expect '[ "$pages" -ge 3 ]' "enough rows for several pages ($pages)"
expect '[ "$(echo "$t" | grep -o "TIDAK TERCATAT" | wc -l)" = 3 ] && [ "$(echo "$t" | grep -o "Tidak ada catatan nomor ini pada register" | wc -l)" = 3 ] && [ "$(echo "$t" | grep -o " HILANG" | wc -l)" = 1 ]' "gaps and the missing file in the rows"
expect 'pdftotext -layout "$pdf" - | grep -q " BERUBAH"' "the altered file in its row"
expect 'echo "$t" | grep -q "JUMLAH NOMOR $((nb + 2))"' "totals"
expect 'echo "$t" | grep -q "Mengetahui, SEKRETARIS KECAMATAN .*Drs. SUGENG RIYADI, M.M."' "signed Mengetahui by the Sekcam"
expect 'echo "$t" | grep -q "pada tanggal 15 Januari 2026"' "dated, not numbered"
expect '[ "$(sqlite3 "$d2/out/register.db" "SELECT count(*) FROM documents WHERE kind = '"'agenda'"' AND nomor IS NULL")" = 1 ]' "recorded as an unnumbered document"
run_n "$d2" agenda --year 2025 --format pdf --date 2026-01-15
expect '[ "$RC" = 65 ] && [ "$(find "$d2/out/agenda" -name "*.pdf" | wc -l)" = 1 ]' "the same book again: printed before, nothing new"
expect 'echo "$ERR" | grep -q "printed before as"' "says so"
pdftoppm -png -r 60 -f 1 -l 1 "$pdf" "$TMPROOT/agenda-p"
expect '[ -s "$TMPROOT/agenda-p-1.png" ]' "page 1 renders"

begin "find: each criterion, counted against the register"
d=$d1
nik=$(sql "SELECT nik FROM applications WHERE nama = 'SUTRISNO'")
fnd --nik "$nik"
expect '[ "$RC" = 0 ] && [ "$N" = "$(sql "SELECT count(*) FROM documents d JOIN applications a ON a.id = d.application_id WHERE a.nik = '"'$nik'"'")" ]' "--nik: $N"
expect '[ "$(cut -f6 "$d/found" | sort -u)" = "$nik" ] && [ "$(awk -F"\t" "{print NF}" "$d/found" | sort -u)" = 8 ]' "eight tab-separated fields (archive.md's six, code and list version), the NIK asked for"
for q in andre ANDRÉ "é kurni" "ndré KURN"; do
	fnd --nama "$q"
	expect '[ "$RC" = 0 ] && [ "$N" = 1 ] && cut -f5 "$d/found" | grep -q "^André Kurniawan$"' "--nama \"$q\": André Kurniawan"
done
fnd --nama "ma'ruf"
expect '[ "$N" = 1 ] && grep -q "Muhammad Ma.ruf" "$d/found"' "--nama with an apostrophe"
for q in mu MU; do
	fnd --nama "$q"
	expect '[ "$N" -ge 2 ] && [ "$N" = "$(sql "SELECT count(*) FROM documents d JOIN applications a ON a.id = d.application_id WHERE lower(a.nama) LIKE '"'%mu%'"'")" ]' "--nama of two letters ($q): $N"
done
nomor=$(sql "SELECT nomor FROM book WHERE urut = 2")
fnd --nomor "$nomor"
expect '[ "$N" = 1 ] && [ "$(cut -f3 "$d/found")" = "$nomor" ] && [ -f "$d/out/$(cut -f1 "$d/found")" ]' "--nomor: the letter, its file relative to the output folder"
noreg=$(sql "SELECT no_register FROM applications WHERE status = 'incomplete' LIMIT 1")
fnd --register "$noreg"
expect '[ "$N" -ge 1 ] && [ "$N" = "$(sql "SELECT count(*) FROM documents d JOIN applications a ON a.id = d.application_id WHERE a.no_register = '"'$noreg'"'")" ] && [ "$(cut -f2 "$d/found")" = kembali ]' "--register: its return notice"
fnd --jenis kembali
expect '[ "$N" -ge 1 ] && [ "$N" = "$(sql "SELECT count(*) FROM documents WHERE kind = '"'kembali'"'")" ]' "--jenis kembali: $N"
fnd --jenis sktm
expect '[ "$N" -ge 1 ] && [ "$N" = "$(sql "SELECT count(*) FROM book b JOIN applications a ON a.id = b.application_id WHERE a.layanan = '"'sktm'"'")" ]' "--jenis sktm: $N"
fnd --dari 2025-01-21 --sampai 22/01/2025
expect '[ "$N" -ge 1 ] && [ "$N" = "$(sql "SELECT count(*) FROM documents WHERE created BETWEEN '"'2025-01-21'"' AND '"'2025-01-22'"'")" ]' "--dari --sampai: $N"
fnd --jenis sktm --dari 2025-01-21
expect '[ "$N" = "$(sql "SELECT count(*) FROM book b JOIN applications a ON a.id = b.application_id JOIN documents d ON d.id = b.document_id WHERE a.layanan = '"'sktm'"' AND d.created >= '"'2025-01-21'"'")" ]' "criteria together: $N"
fnd --nama "tidak ada nama begini"
expect '[ "$RC" = 1 ] && [ "$N" = 0 ]' "nothing found: exit 1, no output"
fnd --dari 2025-13-01
expect_rc 64

begin "manifest: one row per document of the month, matching the files"
m=$d/out/manifest/2025-01.csv
expect '[ -f "$m" ] && [ "$(head -1 "$m")" = "berkas,jenis,nomor,tanggal,sha256,bytes" ]' "output/manifest/2025-01.csv with its header"
nd=$(sql "SELECT count(*) FROM documents WHERE created LIKE '2025-01-%'")
expect '[ "$(($(wc -l <"$m") - 1))" = "$nd" ]' "one row per document ($nd)"
bad=0
tail -n +2 "$m" | while IFS=, read -r f j n t s z; do
	[ "$(sha256sum <"$d/out/$f" | cut -c1-64)" = "$s" ] &&
	    [ "$(stat -c %s "$d/out/$f")" = "$z" ] || echo "$f"
done >"$d/mbad"
expect '[ ! -s "$d/mbad" ]' "every file there with its SHA-256 and size"
expect '[ "$(grep -c ",kembali,," "$m")" = "$(sql "SELECT count(*) FROM documents WHERE kind = '"'kembali'"'")" ]' "unnumbered documents too"
expect '[ -f "$d2/out/manifest/2026-01.csv" ] && grep -q "^agenda/2025/.*,agenda,,2026-01-15," "$d2/out/manifest/2026-01.csv"' "the printed agenda in its month's manifest"

begin "verify --manifest: a copied archive folder"
c=$TMPROOT/archive-copy
rm -rf "$c" && cp -a "$d/out" "$c"
set +e; "$NASKAH" verify --manifest "$c/manifest/2025-01.csv" >"$d/v.out" 2>"$d/v.err"; RC=$?; set -e
expect '[ "$RC" = 0 ] && [ ! -s "$d/v.out" ]' "all present and unchanged: exit 0, nothing listed"
expect 'grep -q " $nd files under .*: $nd unchanged, 0 missing, 0 changed, 0 extra" "$d/v.err"' "summary"
f1=$(sed -n 2p "$c/manifest/2025-01.csv" | cut -d, -f1)
f2=$(sed -n 5p "$c/manifest/2025-01.csv" | cut -d, -f1)
printf 'x' >>"$c/$f1"
rm "$c/$f2"
cp "$c/$f1" "$c/surat/2025/tambahan.pdf"
set +e; "$NASKAH" verify --manifest "$c/manifest/2025-01.csv" >"$d/v.out" 2>"$d/v.err"; RC=$?; set -e
expect_rc 65
expect '[ "$(cat "$d/v.out")" = "$(printf "DIUBAH\t%s\nHILANG\t%s\nTAMBAHAN\tsurat/2025/tambahan.pdf" "$f1" "$f2")" ]' "the changed, the missing and the extra file, each once"
mv "$c" "$c.moved"
set +e; "$NASKAH" verify --manifest "$TMPROOT/elsewhere.csv" >/dev/null 2>&1; RC=$?; set -e
expect_rc 66
set +e; "$NASKAH" verify --manifest "$c.moved/manifest/2025-01.csv" --root "$d/out" >"$d/v.out" 2>/dev/null; RC=$?; set -e
expect '[ "$RC" = 0 ]' "--root: the manifest against another folder"

begin "manifest: a crash after the commit leaves none missing"
d=$(office manifestcrash)
sh tests/bench/gen.sh 80 "$d/in"
# Batches of 64 with any --jobs (--jobs N batches 512: t_jobs.sh).
NASKAH_TEST_CRASH=after-commit NASKAH_TEST_BATCH=64 run_n "$d" run -q
expect '[ "$RC" = 137 ]' "killed right after the first commit"
expect '[ ! -f "$d/out/manifest/2025-01.csv" ] || [ "$(wc -l <"$d/out/manifest/2025-01.csv")" -lt 65 ]' "its manifest not written yet"
run_n "$d" agenda --year 2025
expect '[ "$RC" = 65 ] && [ "$(echo "$ERR" | grep -c "MISSING: .*(its temporary is there: the next naskah run puts it in place)")" = 64 ]' "the agenda: the 64 numbers' files still under their temporary names"
run_n "$d" run -q
expect_rc 0
expect '[ "$(($(wc -l <"$d/out/manifest/2025-01.csv") - 1))" = "$(sql "SELECT count(*) FROM documents")" ] && [ "$(sql "SELECT count(*) FROM documents")" = 80 ]' "the next run: all 80 documents in the manifest, the 64 repaired ones too"
set +e; "$NASKAH" verify -q --manifest "$d/out/manifest/2025-01.csv" >/dev/null 2>&1; RC=$?; set -e
expect_rc 0
