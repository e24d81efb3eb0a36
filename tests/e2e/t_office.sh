# t_office.sh -- issue 10: a register is made once, by `naskah init`, and
# belongs to one office; one lost file does not stop the office.

begin "init: run and report never make a register"
d=$(office noinit)
rm -rf "$d/out"
{ echo "$HDR"; sktm_row N1 "Siti" "Krajan"; } > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 78
expect '[ ! -e "$d/out/register.db" ]' "no register made"
expect '[ ! -e "$d/out" ]' "not even the folder"
expect 'echo "$ERR" | grep -q "$d/out: no register"' "names the folder"
expect 'echo "$ERR" | grep -q "naskah init --input $d/in --output $d/out"' "names the command"
mkdir -p "$d/out"
run_n "$d" report trantibum --month 2025-01 --date 2025-02-05
expect_rc 78
expect '[ -z "$(ls -A "$d/out")" ]' "report: nothing made"
expect 'echo "$ERR" | grep -q "naskah init"' "report: names the command"
run_n "$d" init
expect_rc 0
expect '[ "$(sql "SELECT kode_wilayah FROM office")" = 35.03.13 ]' "init records the office's region code"
run_n "$d" run
expect_rc 0
expect '[ "$(sql "SELECT count(*) FROM book")" = 1 ]' "then run issues"

begin "init: an existing register is refused"
sum=$(sha256sum < "$d/out/register.db")
run_n "$d" init
expect_rc 78
expect 'echo "$ERR" | grep -q "$d/out/register.db: a register is already here"' "says so"
expect '[ "$(sha256sum < "$d/out/register.db")" = "$sum" ]' "register untouched"
expect '[ "$(sql "SELECT count(*) FROM book")" = 1 ]' "its number kept"
# The register lost, its letters still there: a new one would number
# them again.
mv "$d/out/register.db" "$d/register.db.away"
run_n "$d" init
expect_rc 78
expect '[ ! -e "$d/out/register.db" ]' "no register over issued letters"
expect 'echo "$ERR" | grep -q "back from backup"' "says to restore it"

begin "init: a register belongs to one office"
d=$(office otheroffice)
{ echo "$HDR"; sktm_row O1 "Siti" "Krajan"; } > "$d/in/register/2025-01-20.csv"
sed -i 's/35\.03\.13/35.03.14/g' "$d/in/kantor.xml" "$d/in/desa.csv" \
    "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 78
expect 'echo "$ERR" | grep -q "35.03.13" && echo "$ERR" | grep -q "35.03.14"' "names both region codes"
expect '[ "$(sql "SELECT count(*) FROM book")" = 0 ]' "nothing issued"
expect '[ -z "$(find "$d/out/surat" -name "*.pdf")" ]' "no PDF"
run_n "$d" report trantibum --month 2025-01 --date 2025-02-05
expect_rc 78

begin "missing file: reported, and the office goes on"
d=$(office lostfile)
{ echo "$HDR"; for i in 1 2 3; do sktm_row L$i "Siti $i" "Krajan"; done; } \
    > "$d/in/register/2025-01-20.csv"
run_n "$d" run -q
expect_rc 0
lost=$(sql "SELECT path FROM documents WHERE nomor IS NOT NULL ORDER BY id LIMIT 1 OFFSET 1")
nomor=$(sql "SELECT nomor FROM documents WHERE path = '$lost'")
cp "$d/out/$lost" "$d/backup.pdf"
rm "$d/out/$lost"
{ echo "$HDR"; sktm_row L4 "Siti 4" "Krajan"; sktm_row L5 "Siti 5" "Krajan"; } \
    > "$d/in/register/2025-01-21.csv"
run_n "$d" run -q
expect_rc 65
expect 'echo "$ERR" | grep -q "$d/out/$lost: MISSING"' "names the file, even with -q"
expect 'echo "$ERR" | grep -qF "Nomor $nomor"' "names its number"
expect 'echo "$ERR" | grep -q "restore it from backup"' "says what to do"
expect '[ "$(sql "SELECT count(*) FROM book")" = 5 ]' "the new letters issued"
expect '[ ! -e "$d/out/$lost" ]' "the lost file is not made again"
expect '[ "$(find "$d/out/surat" -name "*.pdf" | wc -l)" = 4 ]' "four files, no other in its place"
cp -r "$ROOT/input/desa" "$d/in/"
run_n "$d" report kesra --month 2025-01 --date 2025-02-05 -q
expect_rc 65
expect 'echo "$ERR" | grep -q "$d/out/$lost: MISSING"' "report names it too"
expect '[ -n "$(find "$d/out/laporan" -name "2025-01_kesra_*.pdf")" ]' "and still issues the report"
cp "$d/backup.pdf" "$d/out/$lost"
run_n "$d" run -q
expect_rc 0
expect '[ -z "$ERR" ]' "restored from backup: quiet again"
