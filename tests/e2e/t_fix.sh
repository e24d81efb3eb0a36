# t_fix.sh -- issue 10 (and 12's batal): naskah restore makes lost or
# damaged files again from the register and proves them byte-identical;
# batal and ralat cancel a number, ralat with a corrected letter under a
# new number; a re-export that changes only formatting is no conflict, and
# a real conflict names the fields that changed.

# fix_datadir DIR: DIR/data, a copy of templates/ (and the fonts) that a
# test may edit; run with NASKAH_DATADIR=DIR/data.
fix_datadir() {
	rm -rf "$1/data"
	mkdir -p "$1/data"
	cp -r "$ROOT/templates" "$1/data/"
	ln -s "$ROOT/fonts" "$1/data/fonts"
}

fix_err() {
	cat "$d"/out/log/*-errors.csv 2>/dev/null | grep -cF -- "$1"
}

# fix_stat FILE: inode and mtime (ns).
fix_stat() {
	stat -c '%i %Y %y' "$1"
}

begin "restore: lost and damaged letters, a return notice and a report, made again byte-identical"
d=$(office restore)
{
	echo "$HDR"
	sktm_row R1 "Siti Aminah" "Dusun Krajan"
	sktm_row R2 "Budi Santoso" "Dusun Krajan"
	sktm_row R3 "Dewi Lestari" "Dusun Krajan"
	sktm_row R4 "Kurang Berkas" "Dusun Krajan" | sed 's/pengantar_desa;surat_permohonan/pengantar_desa/'
} > "$d/in/register/2025-01-20.csv"
cp -r "$ROOT/input/desa" "$d/in/"
fix_datadir "$d"
NASKAH_DATADIR=$d/data run_n "$d" run
expect_rc 0
NASKAH_DATADIR=$d/data run_n "$d" report trantibum --month 2025-01 --date 2025-02-05
expect_rc 65	# the demo's desa data holds a bad file on purpose
l1=$(ls "$d"/out/surat/2025/00001_*.pdf); l2=$(ls "$d"/out/surat/2025/00002_*.pdf)
l3=$(ls "$d"/out/surat/2025/00003_*.pdf); k4=$(ls "$d"/out/kembali/2025/*.pdf)
rp=$(ls "$d"/out/laporan/2025/*.pdf)
expect '[ -f "$l1" ] && [ -f "$l2" ] && [ -f "$l3" ] && [ -f "$k4" ] && [ -f "$rp" ]' "three letters, a return notice and a report"
mkdir -p "$d/copy"
for f in "$l1" "$l2" "$l3" "$k4" "$rp"; do cp -p "$f" "$d/copy/"; done
expect '[ "$(sql "SELECT COUNT(*) FROM documents WHERE source IS NULL")" -eq 0 ]' "every document's source kept"
before3=$(fix_stat "$l3")
rm "$l1" "$k4" "$rp"
# One byte changed in the middle of a letter.
printf 'X' | dd of="$l2" bs=1 seek=3000 conv=notrunc 2>/dev/null
expect '! cmp -s "$l2" "$d/copy/$(basename "$l2")"' "letter 2 damaged"
# Templates and the office's own file change afterwards: a restore must
# not care (and the keys are not even looked at).
sed -i 's/Demikian surat keterangan ini/Demikian pula surat keterangan ini/' "$d/data/templates/surat/sktm.xml"
sed -i 's/tidak berlaku lagi/tidak berlaku/' "$d/data/templates/inc/ralat.xml"
sed -i 's#<alamat>[^<]*</alamat>#<alamat>Jalan Baru No. 1</alamat>#' "$d/in/kantor.xml"
expect 'grep -q "Jalan Baru" "$d/in/kantor.xml" && grep -q "Demikian pula" "$d/data/templates/surat/sktm.xml"' "kantor.xml and a template edited"
NASKAH_DATADIR=$d/data run_n "$d" run
expect_rc 65
expect 'echo "$ERR" | grep -c "MISSING" | grep -qx 3' "run names the 3 missing files"
expect 'echo "$ERR" | grep -q "naskah restore"' "and says naskah restore makes them again"
NASKAH_DATADIR=$d/data run_n "$d" restore
expect_rc 0
for f in "$l1" "$l2" "$k4" "$rp"; do
	expect 'cmp -s "$f" "$d/copy/$(basename "$f")"' "$(basename "$f") byte-identical to the file issued"
done
expect '[ "$(echo "$ERR" | grep -c "restored, SHA-256 proved")" -eq 4 ]' "4 restored and proved"
expect '[ -f "$l2.damaged" ] && ! cmp -s "$l2.damaged" "$d/copy/$(basename "$l2")"' "the damaged file kept beside as evidence"
expect '[ "$(fix_stat "$l3")" = "$before3" ]' "an intact file left untouched (inode, mtime)"
expect 'echo "$ERR" | grep -q "4 restored, 1 intact, 0 could not"' "summary"
expect '[ -z "$(find "$d/out" -name ".*.tmp")" ]' "no temporary left"
NASKAH_DATADIR=$d/data run_n "$d" restore --all -q
expect_rc 0
expect '[ -z "$ERR" ]' "again: nothing to do, quiet"
NASKAH_DATADIR=$d/data run_n "$d" run -q
expect_rc 0
nomor1=$(sql "SELECT nomor FROM documents WHERE path LIKE 'surat/2025/00001_%'")
rm "$l1"
NASKAH_DATADIR=$d/data run_n "$d" restore "$nomor1" -q
expect_rc 0
expect 'cmp -s "$l1" "$d/copy/$(basename "$l1")"' "restore NOMOR: that one letter"
NASKAH_DATADIR=$d/data run_n "$d" restore 999/9999/406.13/2025
expect_rc 66
expect 'echo "$ERR" | grep -q "999/9999/406.13/2025: no document"' "an unknown number: 66, named"

begin "restore: what cannot be proved is never put back"
# A register made before version 5 holds no source for its documents.
sql "UPDATE documents SET source = NULL WHERE path = '${l1#$d/out/}'"
rm "$l1"
# A source that no longer makes the registered bytes (as a changed font
# or naskah would): the register's SHA-256 of letter 3 made wrong.
sql "UPDATE documents SET sha256 = '$(printf '0%.0s' $(seq 64))' WHERE path = '${l3#$d/out/}'"
NASKAH_DATADIR=$d/data run_n "$d" restore
expect_rc 65
expect 'echo "$ERR" | grep -q "$(basename "$l1").*cannot restore.*issued before the register kept"' "no source: says so, no guess"
expect '[ ! -e "$l1" ]' "nothing written in its place"
expect 'echo "$ERR" | grep -q "$(basename "$l3").*not the same file"' "not proved: refused"
expect 'cmp -s "$l3" "$d/copy/$(basename "$l3")"' "the file on disk left as it was"
expect '[ -z "$(find "$d/out" -name ".*.tmp")" ]' "no temporary left"

begin "batal: a number cancelled with reason and date, kept in the book, never given again"
d=$(office batal)
{
	echo "$HDR"
	sktm_row B1 "Siti Aminah" "Dusun Krajan"
	sktm_row B2 "Budi Santoso" "Dusun Krajan"
} > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 0
n2=$(sql "SELECT nomor FROM book WHERE urut = 2")
f2=$(ls "$d"/out/surat/2025/00002_*.pdf)
sum2=$(sha256sum < "$f2")
run_n "$d" batal "$n2"
expect_rc 64
run_n "$d" batal "$n2" --alasan "salah ketik nama pemohon" --date 2025-01-22
expect_rc 0
expect '[ "$(sql "SELECT status || \"|\" || cancel_reason || \"|\" || cancel_date FROM book_entries WHERE nomor = \"$n2\"")" = "cancelled|salah ketik nama pemohon|2025-01-22" ]' "cancelled, with reason and date"
expect '[ "$(sha256sum < "$f2")" = "$sum2" ]' "its file kept as it was"
run_n "$d" batal "$n2" --alasan "lagi"
expect_rc 65
expect 'echo "$ERR" | grep -q "already cancelled on 2025-01-22"' "a second cancel refused"
run_n "$d" batal 470/9999/406.13/2025 --alasan "x"
expect_rc 65
expect 'echo "$ERR" | grep -q "no such number"' "an unknown number refused"
expect '! sqlite3 "$d/out/register.db" "UPDATE book_entries SET status = '"'"'issued'"'"' WHERE nomor = '"'"'$n2'"'"'" 2>/dev/null' "the register refuses to give it back"
expect '! sqlite3 "$d/out/register.db" "UPDATE book_entries SET cancel_reason = '"'"'x'"'"' WHERE nomor = '"'"'$n2'"'"'" 2>/dev/null' "... or to change its reason"
{ echo "$HDR"; sktm_row B3 "Dewi Lestari" "Dusun Krajan"; } > "$d/in/register/2025-01-21.csv"
run_n "$d" run
expect_rc 0
expect '[ "$(sql "SELECT COUNT(*) || \"/\" || MAX(urut) FROM book")" = "3/3" ]' "the next letter takes number 3, not 2"

begin "conflict: a re-export that changes only formatting is no conflict"
d=$(office format)
{
	echo "$HDR"
	sktm_row F1 "Siti Aminah" "Dusun Krajan"
	sktm_row F2 "Budi Santoso" "Dusun Krajan"
} > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 0
orig=$(cat "$d/in/register/2025-01-20.csv")
fix_same() {
	run_n "$d" run --date 2025-01-20
	if [ "$RC" = 0 ] && echo "$ERR" | grep -q "0 letters.* 2 unchanged, 0 rejected"; then
		ok "$1: unchanged"
	else
		fail "$1: exit $RC, $ERR"
	fi
}
echo "$orig" | sed '2,$s#,2025-01-20,#,20/01/2025,#' > "$d/in/register/2025-01-20.csv"
fix_same "tanggal written 20/01/2025"
echo "$orig" | sed '2,$s#,08:00,sktm,#,10:45,sktm,#; 2,$s#,Sari$#,Joko#' > "$d/in/register/2025-01-20.csv"
fix_same "another jam and petugas (the letter prints neither)"
echo "$orig" | sed 's/$/\r/' > "$d/in/register/2025-01-20.csv"
fix_same "CRLF line ends"
echo "$orig" | python3 -c '
import csv, sys
rows = list(csv.reader(sys.stdin))
order = list(reversed(range(len(rows[0]))))
w = csv.writer(sys.stdout, lineterminator="\n")
for r in rows:
    w.writerow([r[i] for i in order])' > "$d/in/register/2025-01-20.csv"
expect '[ "$(head -c 8 "$d/in/register/2025-01-20.csv")" = "petugas," ]' "columns reversed"
fix_same "columns in another order"
expect '[ "$(sql "SELECT COUNT(*) FROM book")" -eq 2 ]' "no number given"

begin "conflict: a real change names the fields, old -> new"
echo "$orig" | sed 's/"Siti Aminah"/"Siti Aminah Putri"/; s/"Dusun Krajan"/"Dusun Krajan Kidul"/' > "$d/in/register/2025-01-20.csv"
run_n "$d" run --date 2025-01-20
expect_rc 65
n1=$(sql "SELECT nomor FROM book WHERE urut = 1")
expect '[ "$(fix_err "conflict: the row changed after $n1")" -eq 1 ]' "one conflict, with its number"
expect '[ "$(fix_err "nama \"\"Siti Aminah\"\" -> \"\"Siti Aminah Putri\"\"")" -eq 1 ]' "names nama, old -> new"
expect '[ "$(fix_err "alamat \"\"Dusun Krajan\"\" -> \"\"Dusun Krajan Kidul\"\"")" -eq 2 ]' "names alamat in both rows"
expect '[ "$(fix_err "naskah ralat $n1")" -eq 1 ]' "says how to correct it"
# The same application in another day's export: named the same way.
rm "$d"/out/log/*-errors.csv
{ echo "$HDR"; sktm_row F1 "Siti Aminah" "Dusun Krajan" | sed 's/,L,Trenggalek,/,L,Tulungagung,/'; } > "$d/in/register/2025-01-21.csv"
run_n "$d" run --date 2025-01-21
expect_rc 65
expect '[ "$(fix_err "is already registered ($d/in/register/2025-01-20.csv line 2) with letter $n1; changed: tempat_lahir \"\"Trenggalek\"\" -> \"\"Tulungagung\"\"")" -eq 1 ]' "another file: already registered, names tempat_lahir"

begin "ralat: the corrected letter under a new number, the old one cancelled and linked"
d=$(office ralat)
{
	echo "$HDR"
	sktm_row C1 "Siti Aminah" "Dusun Krajan"
	sktm_row C2 "Budi Santoso" "Dusun Krajan"
} > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 0
n1=$(sql "SELECT nomor FROM book WHERE urut = 1")
f1=$(ls "$d"/out/surat/2025/00001_*.pdf)
sum1=$(sha256sum < "$f1")
run_n "$d" ralat "$n1" --date 2025-01-23
expect_rc 65
expect 'echo "$ERR" | grep -q "has not changed since"' "nothing changed: nothing to correct"
sed -i 's/"Siti Aminah"/"Siti Aminah Putri"/' "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 65
run_n "$d" ralat "$n1" --date 2025-01-23
expect_rc 0
n3=$(sql "SELECT nomor FROM book WHERE urut = 3")
f3=$(ls "$d"/out/surat/2025/00003_*.pdf 2>/dev/null)
expect '[ -n "$n3" ] && [ -f "$f3" ]' "a new number from the same book: $n3"
t=$(pdftext "$f3")
expect 'echo "$t" | grep -qF "Siti Aminah Putri"' "the corrected data"
expect 'echo "$t" | grep -qF "Nomor : $n3"' "its new number"
expect 'echo "$t" | grep -qF "pengganti Surat Nomor $n1 tanggal 20 Januari 2025"' "says which letter it replaces"
expect 'echo "$t" | grep -qF "23 Januari 2025"' "dated the day of the ralat"
expect 'pdf_sound "$f3"' "sound PDF"
expect '[ "$(sql "SELECT status || \"|\" || cancel_reason || \"|\" || replaced_by FROM book_entries WHERE nomor = \"$n1\"")" = "cancelled|diganti dengan Nomor $n3|$n3" ]' "the old number: cancelled, diganti dengan Nomor $n3"
expect '[ "$(sql "SELECT status || \"|\" || replaces FROM book_entries WHERE nomor = \"$n3\"")" = "issued|$n1" ]' "the new number: mengganti Nomor $n1"
expect '[ "$(sql "SELECT COUNT(DISTINCT application_id) FROM documents WHERE nomor IN (\"$n1\", \"$n3\")")" -eq 1 ]' "both the same application's"
expect '[ "$(sha256sum < "$f1")" = "$sum1" ]' "the old file kept"
run_n "$d" run --date 2025-01-20
expect_rc 0
expect 'echo "$ERR" | grep -q "0 letters.* 2 unchanged, 0 rejected"' "the corrected export is now unchanged"
run_n "$d" ralat "$n1"
expect_rc 65
expect 'echo "$ERR" | grep -q "already cancelled"' "a cancelled number has no second ralat"
cp "$f3" "$d/f3.pdf"; rm "$f3"
run_n "$d" restore "$n3" -q
expect_rc 0
expect 'cmp -s "$f3" "$d/f3.pdf"' "the ralat letter restores byte-identical"
run_n "$d" batal "$n3" --alasan "x" --date 2025-01-22
expect_rc 64
run_n "$d" batal "$n3" --alasan "pemohon meninggal dunia" --date 2025-01-24
expect_rc 0
expect '[ "$(sql "SELECT status FROM book_entries WHERE nomor = \"$n3\"")" = "cancelled" ]' "a ralat letter can be cancelled in turn"

begin "ralat: a later change names the letter in force; a change undone leaves nothing to correct"
d=$(office ralat2)
{ echo "$HDR"; sktm_row G1 "Siti Aminah" "Dusun Krajan"; } > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 0
n1=$(sql "SELECT nomor FROM book WHERE urut = 1")
sed -i 's/"Siti Aminah"/"Siti Aminah Putri"/' "$d/in/register/2025-01-20.csv"
run_n "$d" run --date 2025-01-20
expect_rc 65
sed -i 's/"Siti Aminah Putri"/"Siti Aminah"/' "$d/in/register/2025-01-20.csv"
run_n "$d" run --date 2025-01-20
expect_rc 0
run_n "$d" ralat "$n1" --date 2025-01-21
expect_rc 65
expect 'echo "$ERR" | grep -q "has not changed since"' "changed back: the recorded change is gone"
sed -i 's/"Siti Aminah"/"Siti Aminah Putri"/' "$d/in/register/2025-01-20.csv"
run_n "$d" run --date 2025-01-20
run_n "$d" ralat "$n1" --date 2025-01-21
expect_rc 0
expect 'echo "$ERR" | grep -qF "changed: nama \"Siti Aminah\" -> \"Siti Aminah Putri\""' "ralat says what it corrects"
n2=$(sql "SELECT nomor FROM book WHERE urut = 2")
rm -f "$d"/out/log/*-errors.csv
sed -i 's/"Dusun Krajan"/"Dusun Krajan Lor"/' "$d/in/register/2025-01-20.csv"
run_n "$d" run --date 2025-01-20
expect_rc 65
expect '[ "$(fix_err "conflict: the row changed after $n2 was issued")" -eq 1 ] && [ "$(fix_err "naskah ralat $n2")" -eq 1 ]' "the conflict names the ralat's number, $n2"
run_n "$d" ralat "$n2" --date 2025-01-22
expect_rc 0
expect '[ "$(sql "SELECT replaces FROM book_entries WHERE urut = 3")" = "$n2" ]' "a ralat of a ralat"

# A register made by a naskah before version 5 (its documents have no
# source), when such a binary is at hand: NASKAH_OLD=/path/to/naskah.
if [ -n "${NASKAH_OLD:-}" ] && [ -x "$NASKAH_OLD" ]; then
	begin "restore: documents of a register from before version 5 cannot be restored, and say so"
	d=$(office oldreg)
	rm -rf "$d/out"
	{ echo "$HDR"; sktm_row O1 "Siti Aminah" "Dusun Krajan"; } > "$d/in/register/2025-01-20.csv"
	set +e
	NASKAH_DATADIR=$ROOT "$NASKAH_OLD" init -q --input "$d/in" --output "$d/out" 2>/dev/null
	NASKAH_DATADIR=$ROOT "$NASKAH_OLD" run -q --input "$d/in" --output "$d/out" 2>/dev/null
	set -e
	f=$(ls "$d"/out/surat/2025/*.pdf)
	rm "$f"
	run_n "$d" restore
	expect_rc 65
	expect 'echo "$ERR" | grep -q "cannot restore.*issued before the register kept"' "says so, no guess"
	expect '[ ! -e "$f" ]' "nothing written"
	{ echo "$HDR"; sktm_row O2 "Budi" "Dusun Krajan"; } > "$d/in/register/2025-01-21.csv"
	run_n "$d" run
	f2=$(ls "$d"/out/surat/2025/00002_*.pdf); cp "$f2" "$d/f2.pdf"; rm "$f2"
	run_n "$d" restore "$(sql "SELECT nomor FROM book WHERE urut = 2")"
	expect_rc 0
	expect 'cmp -s "$f2" "$d/f2.pdf"' "a document issued after the migration restores"
fi
