# t_pg.sh -- the reliability section on PostgreSQL (sourced by
# tests/pg/run.sh): SIGKILLs at random moments, a kill between COMMIT and
# rename, the server stopped with `pg_ctl stop -m immediate` mid-batch
# and started again, and the office's run lock held in the database
# against a run from another output folder (another host).  After each:
# one number per application, gapless, every file present with its
# SHA-256, nothing duplicated, the same numbering as an uninterrupted run.
. tests/e2e/reliab.sh

PGN=${PGN:-400}
PGKILLS=${PGKILLS:-5}

begin "pg: reference batch of $PGN"
pref=$(office pgref)
sh tests/bench/gen.sh "$PGN" "$pref/in"
t0=$(date +%s%N)
run_n "$pref" run -q
PGREFMS=$(( ($(date +%s%N) - t0) / 1000000 ))
d=$pref
expect_rc 0
expect 'consistent "$pref/out" "$PGN"' "consistent, $PGN numbers (${PGREFMS} ms)"
pg_mapping() {
	rsql "$1/out/register.db" "SELECT a.no_register, b.urut FROM book b
	    JOIN applications a ON a.id = b.application_id ORDER BY b.urut"
}
pg_mapping "$pref" > "$TMPROOT/pgref.map"
expect '[ "$(wc -l < "$TMPROOT/pgref.map")" = "$PGN" ]' "every application numbered"

begin "pg crash: $PGKILLS SIGKILLs at random moments, then run to the end"
d=$(office pgcrash)
sh tests/bench/gen.sh "$PGN" "$d/in"
kill_runs "$d" "$PGKILLS" $((PGREFMS / PGKILLS + 20))
expect '[ "$KILLED" -ge "$PGKILLS" ]' "$KILLED kills landed on a live run"
run_n "$d" run -q
expect_rc 0
expect 'consistent "$d/out" "$PGN"' "consistent, $PGN numbers, no tmp, no stray PDF"
expect 'pg_mapping "$d" | cmp -s - "$TMPROOT/pgref.map"' "same number for each application as the uninterrupted run"

begin "pg crash: killed between COMMIT and rename"
d=$(office pgafter)
sh tests/bench/gen.sh 100 "$d/in"
NASKAH_TEST_CRASH=after-commit NASKAH_TEST_BATCH=64 run_n "$d" run -q
expect '[ "$RC" = 137 ]' "died by SIGKILL right after the first commit (exit $RC)"
expect '[ "$(sql "SELECT count(*) FROM book")" = 64 ]' "64 numbers committed"
expect '[ "$(find "$d/out/surat" -name ".*.tmp" | wc -l)" = 64 ]' "their 64 temporaries are there"
run_n "$d" run -q
expect_rc 0
expect 'consistent "$d/out" 100' "the 64 restored from their temporaries, the rest issued"

begin "pg server: stopped immediately mid-batch, then started again"
d=$(office pgstop)
sh tests/bench/gen.sh "$PGN" "$d/in"
stops=0 tf=0
for round in 1 2 3; do
	"$NASKAH" run -q --input "$d/in" --output "$d/out" >"$d/r.out" 2>"$d/r.err" &
	pid=$!
	ms=$(( $(rand $((PGREFMS / 2 + 50))) + 50 ))
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
	sh tests/pg/pgctl.sh crash "$PG_DIR"
	st=0
	wait "$pid" || st=$?
	if [ "$st" = 75 ]; then
		tf=$((tf + 1))
		grep -q "register database" "$d/r.err" || { echo "    stderr: $(head -2 "$d/r.err")"; }
	fi
	[ "$st" = 0 ] || [ "$st" = 75 ] || echo "    round $round: exit $st: $(head -2 "$d/r.err")"
	stops=$((stops + 1))
	sh tests/pg/pgctl.sh restart "$PG_DIR"
done
expect '[ "$tf" -ge 1 ]' "$tf of $stops runs caught by the stop exited 75 (retry later)"
run_n "$d" run -q
expect_rc 0
expect 'consistent "$d/out" "$PGN"' "consistent after the restarts: $PGN numbers, gapless, every file"
expect 'pg_mapping "$d" | cmp -s - "$TMPROOT/pgref.map"' "same number for each application as the uninterrupted run"

begin "pg lock: a run of the office from another output folder (another host)"
pgdb=lock$$
psql -X -q "$NASKAH_TEST_PG" -c "CREATE DATABASE $pgdb" >/dev/null
purl=$(printf '%s' "$NASKAH_TEST_PG" | sed "s|:///naskah?|:///$pgdb?|")
d=$(office pglock)
sh tests/bench/gen.sh "$PGN" "$d/in"
mkdir -p "$d/out2"
NASKAH_REGISTER=$purl "$NASKAH" init -q --input "$d/in" --output "$d/outA" 2>"$d/init.err"
expect '[ ! -e "$d/outA/register.db" ]' "the register is in PostgreSQL, not in the folder"
NASKAH_REGISTER=$purl "$NASKAH" run -q --input "$d/in" --output "$d/outA" >/dev/null 2>&1 &
pa=$!
i=0
while [ "$(psql -X -t -A "$purl" -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'" 2>/dev/null || echo 0)" = 0 ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
t0=$(date +%s%N)
set +e
"$NASKAH" run --register "$purl" --input "$d/in" --output "$d/outB" >"$d/b.out" 2>"$d/b.err"
rb=$?
set -e
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
if kill -0 $pa 2>/dev/null; then
	expect '[ "$rb" = 75 ]' "the second exits 75 (got $rb, ${ms} ms)"
	expect 'grep -q "another naskah is working on the office" "$d/b.err"' "and says why"
else
	ok "SKIP: the first run ended before the second started"
fi
set +e; wait $pa; ra=$?; set -e
expect '[ "$ra" = 0 ]' "the first run did the work"
expect '[ "$(psql -X -t -A "$purl" -c "SELECT count(*) FROM kantor_350313.book")" = "$PGN" ]' "$PGN numbers, once"
expect '[ -z "$(find "$d/outB" -name "*.pdf" 2>/dev/null)" ]' "the second wrote nothing"
