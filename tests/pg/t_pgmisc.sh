# t_pgmisc.sh -- PostgreSQL leftovers of issue 14 (sourced by
# tests/pg/run.sh): every command finds the register kantor.xml names
# (<register url>), not only run (find, the CSV agenda, verify, check); a COMMIT whose reply is lost with the
# connection (committed or not) loses and duplicates nothing; and
# `register migrate` refuses an office whose files are missing or
# altered, writing nothing to the database.
. tests/e2e/reliab.sh

# pm_db NAME: a database of its own for a test, its URL on stdout.
pm_db() {
	psql -X -q "$NASKAH_TEST_PG" -c "DROP DATABASE IF EXISTS $1" >/dev/null 2>&1 || true
	psql -X -q "$NASKAH_TEST_PG" -c "CREATE DATABASE $1" >/dev/null
	printf '%s' "$NASKAH_TEST_PG" | sed "s|:///naskah?|:///$1?|"
}

begin "pg: find, the CSV agenda and verify use kantor.xml's <register url>"
purl=$(pm_db pmkantor$$)
d=$(office pmkantor)
rm -rf "$d/out"; mkdir -p "$d/out"
# The office's register named in its kantor.xml only (no --register, no
# NASKAH_REGISTER): what the kabupaten's offices do.
sed "s|<penomoran |<register url=\"$(printf '%s' "$purl" | sed 's/&/\\&amp;/g')\"/>\n  <penomoran |" \
    "$ROOT/input/kantor.xml" >"$d/in/kantor.xml"
expect '[ "$(grep -c "<register url=" "$d/in/kantor.xml")" = 1 ]' "kantor.xml names the database"
run_n "$d" init -q
expect_rc 0
sh tests/bench/gen.sh 20 "$d/in"
run_n "$d" run -q
expect_rc 0
expect '[ ! -e "$d/out/register.db" ] && [ "$(psql -X -t -A "$purl" -c "SELECT count(*) FROM kantor_350313.book")" = 20 ]' "20 numbers in the database kantor.xml names"
pm_nik=$(psql -X -t -A "$purl" -c "SELECT nik FROM kantor_350313.applications ORDER BY id LIMIT 1")
set +e
"$NASKAH" find --input "$d/in" --output "$d/out" --nik "$pm_nik" >"$d/found" 2>"$d/stderr"
RC=$?
set -e
expect '[ "$RC" = 0 ] && [ "$(wc -l <"$d/found")" -ge 1 ] && [ "$(cut -f6 "$d/found" | sort -u)" = "$pm_nik" ]' "find finds the NIK there (exit $RC)"
run_n "$d" agenda --year 2025
expect_rc 0
expect '[ "$(($(wc -l <"$d/stdout") - 1))" = 20 ] && [ "$(grep -c ",ada$" "$d/stdout")" = 20 ]' "the CSV agenda lists its 20 numbers, every file present"
run_n "$d" verify "$(find "$d/out/surat" -name '*.pdf' | head -1)"
expect '[ "$RC" = 0 ] && [ "$(grep -c "^ASLI " "$d/stdout")" = 1 ]' "verify finds the file there"
run_n "$d" check
expect_rc 0
expect '[ "$(grep -c "pmkantor$$?.*: a PostgreSQL register" "$d/stdout")" = 1 ]' "check names the database kantor.xml names"
expect '[ "$(psql -X -t -A "$purl" -c "SELECT count(*) FROM public.naskah_offices")" = 1 ]' "and its trial render made no register there"
# --register and NASKAH_REGISTER still come first.
set +e
NASKAH_REGISTER=$d/nowhere.db "$NASKAH" find --input "$d/in" --output "$d/out" --nik "$pm_nik" >/dev/null 2>"$d/stderr"
RC=$?
set -e
expect '[ "$RC" = 78 ] && grep -q "nowhere.db" "$d/stderr"' "NASKAH_REGISTER before kantor.xml (exit $RC)"

# pm_commit MODE: a run of 100 whose connection is cut at a COMMIT (db_pg.c
# test hook), then a run to the end, against an uninterrupted run.
pm_commit() {
	d=$(office "pmcommit$(printf '%s' "$1" | tr -c 'a-z0-9' _)")
	# A first run with nothing to do stores the office's calendar (its
	# own COMMIT), so that the Nth COMMIT below is the Nth batch's.
	run_n "$d" run -q || true
	sh tests/bench/gen.sh 100 "$d/in"
	NASKAH_TEST_PG_COMMIT=$1 NASKAH_TEST_BATCH=64 run_n "$d" run -q
	expect_rc 75
	expect 'grep -q "whether this batch was recorded is unknown" "$d/stderr"' "says the outcome is unknown, not that nothing was recorded"
	PM_BOOK=$(sql "SELECT count(*) FROM book")
	PM_TMP=$(find "$d/out" -name '.*.tmp' | wc -l)
	PM_PDF=$(find "$d/out/surat" -name '*.pdf' | wc -l)
	run_n "$d" run -q
	expect_rc 0
	expect 'consistent "$d/out" 100' "then consistent: 100 numbers, gapless, every file with its SHA-256, no temporary"
	expect 'pg_mapping "$d" | cmp -s - "$TMPROOT/pmref.map"' "the same number for each application as the uninterrupted run"
}
pg_mapping() {
	rsql "$1/out/register.db" "SELECT a.no_register, b.urut FROM book b
	    JOIN applications a ON a.id = b.application_id ORDER BY b.urut"
}

begin "pg commit: reference run of 100"
d=$(office pmref)
sh tests/bench/gen.sh 100 "$d/in"
run_n "$d" run -q
expect_rc 0
pg_mapping "$d" >"$TMPROOT/pmref.map"
expect '[ "$(wc -l <"$TMPROOT/pmref.map")" = 100 ]' "100 numbered"

begin "pg commit: connection lost after the server committed the first batch"
pm_commit sent:1
expect '[ "$PM_BOOK" = 64 ] && [ "$PM_TMP" = 64 ] && [ "$PM_PDF" = 0 ]' "the first batch committed ($PM_BOOK numbers), its $PM_TMP files kept as temporaries, none in place"

begin "pg commit: connection lost after the server committed the second batch"
pm_commit sent:2
expect '[ "$PM_BOOK" = 100 ] && [ "$PM_TMP" = 36 ] && [ "$PM_PDF" = 64 ]' "both batches committed ($PM_BOOK), the second's $PM_TMP files kept"

begin "pg commit: connection lost before the second batch's COMMIT reached the server"
pm_commit lost:2
expect '[ "$PM_BOOK" = 64 ] && [ "$PM_TMP" = 36 ]' "the second batch not committed ($PM_BOOK numbers), its $PM_TMP temporaries left for the next run to remove"

begin "pg migrate: a missing or altered document file stops it, nothing written"
purl=$(pm_db pmmig$$)
# The SQLite office to move (the test hook would put it in PostgreSQL).
d=$TMPROOT/pmmig
rm -rf "$d"; mkdir -p "$d/in/register" "$d/out"
cp "$ROOT/input/kantor.xml" "$ROOT/input/desa.csv" "$d/in/"
sh tests/bench/gen.sh 10 "$d/in"
(unset NASKAH_TEST_PG; "$NASKAH" init -q --input "$d/in" --output "$d/out" &&
    "$NASKAH" run -q --input "$d/in" --output "$d/out") >/dev/null 2>&1
expect '[ "$(sqlite3 "$d/out/register.db" "SELECT count(*) FROM book")" = 10 ]' "an SQLite office of 10 letters"
pm_gone=$(find "$d/out/surat" -name '*.pdf' | sort | sed -n 2p)
pm_alt=$(find "$d/out/surat" -name '*.pdf' | sort | sed -n 3p)
mv "$pm_gone" "$d/gone.pdf"
cp "$pm_alt" "$d/alt.pdf"
printf '%% changed\n' >>"$pm_alt"
pm_offices() {
	psql -X -t -A "$purl" -c "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'kantor_%'"
}
set +e
"$NASKAH" register migrate -q --from "$d/out/register.db" --to "$purl" >"$d/stdout" 2>"$d/stderr"
RC=$?
set -e
expect_rc 65
expect '[ "$(grep -c "$pm_gone: missing" "$d/stderr")" = 1 ]' "names the missing file and why"
expect '[ "$(grep -c "$pm_alt: altered" "$d/stderr")" = 1 ]' "names the altered file and why"
expect 'grep -q "1 document files missing and 1 altered" "$d/stderr" && grep -q "nothing was written" "$d/stderr"' "counts them and says nothing was written"
expect '[ "$(pm_offices)" = 0 ] && [ "$(psql -X -t -A "$purl" -c "SELECT to_regclass('"'"'public.naskah_offices'"'"') IS NULL")" = t ]' "the database holds nothing of the office"
mv "$d/gone.pdf" "$pm_gone"
set +e
"$NASKAH" register migrate -q --from "$d/out/register.db" --to "$purl" >"$d/stdout" 2>"$d/stderr"
RC=$?
set -e
expect '[ "$RC" = 65 ] && [ "$(grep -c ": altered" "$d/stderr")" = 1 ] && ! grep -q ": missing" "$d/stderr"' "the altered file alone fails it too (exit $RC)"
expect '[ "$(pm_offices)" = 0 ]' "still nothing written"
cp "$d/alt.pdf" "$pm_alt"
set +e
"$NASKAH" register migrate --from "$d/out/register.db" --to "$purl" >"$d/stdout" 2>"$d/stderr"
RC=$?
set -e
expect_rc 0
expect 'grep -q "documents: 10 files match the SHA-256 in the new register, 0 differ, 0 missing" "$d/stdout"' "with every file whole it moves, proved"
expect '[ "$(psql -X -t -A "$purl" -c "SELECT count(*) FROM kantor_350313.book")" = 10 ]' "10 numbers moved"
