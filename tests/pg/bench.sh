#!/bin/sh
# bench.sh -- make bench's register part: the 14 offices' nightly runs at
# once against one PostgreSQL database (N applications each, default
# 500) against the same 14*N letters on SQLite in one process, and where
# the time goes: CPU of naskah itself, CPU of the PostgreSQL server (its
# backends, reaped by the postmaster, and its background processes:
# the WAL writer, the checkpointer), wall clock, and the commands and
# round trips naskah sent per letter (NASKAH_PG_TRACE, db_pg.c).
# Starts its own server (tests/pg/pgctl.sh) unless NASKAH_TEST_PG names
# one of that kind.
#
#   sh tests/pg/bench.sh [N [OFFICES]]    OFFICES: how many of the 14
#   BENCH_SQLITE=0 sh tests/pg/bench.sh   without the SQLite run
set -eu
N=${1:-500}
K=${2:-14}
ROOT=$(pwd)
NASKAH=$ROOT/naskah
B=$(mktemp -d /tmp/naskah-pgbench.XXXXXX)
chmod 755 "$B"	# the server runs as another user under it
own=
if [ -z "${NASKAH_TEST_PG:-}" ]; then
	own=$B/pg
	NASKAH_TEST_PG=$(sh tests/pg/pgctl.sh start "$own")
fi
db=bench$$
trap 'psql -X -q "$NASKAH_TEST_PG" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || :; [ -z "$own" ] || sh tests/pg/pgctl.sh stop "$own"; rm -rf "$B"' EXIT
pgdir=$(printf '%s' "$NASKAH_TEST_PG" | sed -n 's|.*host=\([^&]*\)/sock.*|\1|p')
CONC_OFFICES=$(seq -w 1 14 | head -n "$K" | tr '\n' ' ')
. tests/pg/conc.sh

hz=$(getconf CLK_TCK)
pm=$(head -1 "$pgdir/data/postmaster.pid")
# The server's CPU so far, in ticks: the postmaster with its reaped
# children (the backends that ended) and its children still running.
srv_ticks() {
	t=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pm/stat")
	for c in $(ps -o pid= --ppid "$pm"); do
		t=$((t + $(awk '{ print $14 + $15 }' "/proc/$c/stat" 2>/dev/null || echo 0)))
	done
	echo "$t"
}
# naskah's CPU: this shell's reaped children.
own_ticks() {
	awk '{ print $16 + $17 }' /proc/$$/stat
}

psql -X -q "$NASKAH_TEST_PG" -c "CREATE DATABASE $db" >/dev/null
url=$(printf '%s' "$NASKAH_TEST_PG" | sed "s|:///naskah?|:///$db?|")
conc_setup "$B" "$url" "$N"
mkdir -p "$B/trace"
sleep 1		# the set-up's backends reaped
s0=$(srv_ticks)
c0=$(own_ticks)
NASKAH_PG_TRACE=$B/trace conc_run "$B" "$url"
sleep 1
s1=$(srv_ticks)
c1=$(own_ticks)
ok=yes
conc_check "$B" "$url" "$N" >/dev/null || ok=NO
total=$((K * N))
pgms=$CONC_MS
pgcpu=$(( (c1 - c0) * 1000 / hz ))
srvcpu=$(( (s1 - s0) * 1000 / hz ))
sent=$(cat "$B"/trace/*.trace | awk '/^# sent/ { s += $3; r += $6 } END { print s + 0, r + 0 }')

litems=0 litecpu=0
if [ "${BENCH_SQLITE:-1}" != 0 ]; then
	# The same letters on SQLite, one office, one process.
	o=$B/lite
	mkdir -p "$o/in"
	cp input/kantor.xml input/desa.csv "$o/in/"
	sh tests/bench/gen.sh "$total" "$o/in"
	"$NASKAH" init -q --input "$o/in" --output "$o/out"
	t0=$(date +%s%N)
	c0=$(own_ticks)
	"$NASKAH" run -q --input "$o/in" --output "$o/out"
	c1=$(own_ticks)
	litems=$(( ($(date +%s%N) - t0) / 1000000 ))
	litecpu=$(( (c1 - c0) * 1000 / hz ))
fi

echo "register bench: $total letters ($(nproc) cores)"
printf '%-44s %8s %10s %12s %12s\n' "" "wall s" "letters/s" "naskah CPU" "server CPU"
printf '%-44s %8s %10s %12s %12s\n' "PostgreSQL, $K offices x $N at once" \
    "$(echo "scale=1; $pgms/1000" | bc)" "$((total * 1000 / (pgms + 1)))" \
    "$(echo "scale=1; $pgcpu/1000" | bc) s" "$(echo "scale=1; $srvcpu/1000" | bc) s"
[ "$litems" = 0 ] ||
printf '%-44s %8s %10s %12s %12s\n' "SQLite, one office, $total in one process" \
    "$(echo "scale=1; $litems/1000" | bc)" "$((total * 1000 / (litems + 1)))" \
    "$(echo "scale=1; $litecpu/1000" | bc) s" "-"
set -- $sent
echo "per letter: naskah $((pgcpu * 1000 / total)) us on PostgreSQL, $((litecpu * 1000 / total)) us on SQLite; the server $((srvcpu * 1000 / total)) us"
echo "per letter: $(echo "scale=2; $1/$total" | bc) commands sent, $(echo "scale=2; $2/$total" | bc) round trips (whole runs, start and end included)"
echo "books gapless and files matching on PostgreSQL: $ok"
