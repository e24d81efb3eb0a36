# t_concurrency.sh -- 14 offices' nightly runs at once against one
# PostgreSQL database, at least 500 applications each, and a second run
# of one office from another process and output folder: every book
# gapless, nothing duplicated, exactly one run per office did the work.
# Sourced by tests/pg/run.sh.
. tests/pg/conc.sh
PGCONC_N=${PGCONC_N:-500}

begin "pg concurrency: 14 offices x $PGCONC_N at once in one database"
cdb=conc$$
psql -X -q "$NASKAH_TEST_PG" -c "CREATE DATABASE $cdb" >/dev/null
curl=$(printf '%s' "$NASKAH_TEST_PG" | sed "s|:///naskah?|:///$cdb?|")
cdir=$TMPROOT/conc
mkdir -p "$cdir"
conc_setup "$cdir" "$curl" "$PGCONC_N"
conc_run "$cdir" "$curl"
set -- $CONC_RC
expect '[ "$(echo "$CONC_RC" | tr -s " " | sed "s/^ //")" = "0 0 0 0 0 0 0 0 0 0 0 0 0 0 75" ]' "every office's run exited 0, office 01's second 75 (got$CONC_RC; ${CONC_MS} ms)"
expect 'grep -q "another naskah is working on the office" "$cdir/k01/run2.err"' "the second says why"
expect 'conc_check "$cdir" "$curl" "$PGCONC_N"' "every book gapless 1..$PGCONC_N, one number per application, every file with its SHA-256"
expect '[ "$(psql -X -t -A "$curl" -c "SELECT count(*) FROM kantor_350301.runs WHERE finished IS NOT NULL")" = 1 ]' "office 01: one run recorded"
echo "    14 x $PGCONC_N letters in ${CONC_MS} ms: $((14 * PGCONC_N * 1000 / (CONC_MS + 1))) letters/s"
