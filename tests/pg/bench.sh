#!/bin/sh
# bench.sh -- make bench's register part: the 14 offices' nightly runs at
# once against one PostgreSQL database (N applications each, default
# 500) against the same 14*N letters on SQLite in one process, and where
# the time goes: CPU of naskah itself, CPU of the PostgreSQL server (its
# postmaster's reaped children), wall clock.  Starts its own server
# (tests/pg/pgctl.sh) unless NASKAH_TEST_PG names one of that kind.
set -eu
N=${1:-500}
ROOT=$(pwd)
NASKAH=$ROOT/naskah
B=$(mktemp -d /tmp/naskah-pgbench.XXXXXX)
chmod 755 "$B"	# the server runs as another user under it
own=
if [ -z "${NASKAH_TEST_PG:-}" ]; then
	own=$B/pg
	NASKAH_TEST_PG=$(sh tests/pg/pgctl.sh start "$own")
fi
trap '[ -z "$own" ] || sh tests/pg/pgctl.sh stop "$own"; rm -rf "$B"' EXIT
pgdir=$(printf '%s' "$NASKAH_TEST_PG" | sed -n 's|.*host=\([^&]*\)/sock.*|\1|p')
. tests/pg/conc.sh

# CPU seconds (user+sys, with reaped children) of process $1, in ticks.
ticks() {
	awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat"
}
hz=$(getconf CLK_TCK)
pm=$(head -1 "$pgdir/data/postmaster.pid")

db=bench$$
psql -X -q "$NASKAH_TEST_PG" -c "CREATE DATABASE $db" >/dev/null
url=$(printf '%s' "$NASKAH_TEST_PG" | sed "s|:///naskah?|:///$db?|")
conc_setup "$B" "$url" "$N"
s0=$(ticks "$pm")
c0=$(awk '{ print $16 + $17 }' /proc/$$/stat)
conc_run "$B" "$url"
s1=$(ticks "$pm")
c1=$(awk '{ print $16 + $17 }' /proc/$$/stat)
ok=yes
conc_check "$B" "$url" "$N" >/dev/null || ok=NO
total=$((14 * N))
pgms=$CONC_MS
pgcpu=$(( (c1 - c0) * 1000 / hz ))
srvcpu=$(( (s1 - s0) * 1000 / hz ))

# The same letters on SQLite, one office, one process.
o=$B/lite
mkdir -p "$o/in"
cp input/kantor.xml input/desa.csv "$o/in/"
sh tests/bench/gen.sh "$total" "$o/in"
"$NASKAH" init -q --input "$o/in" --output "$o/out"
t0=$(date +%s%N)
c0=$(awk '{ print $16 + $17 }' /proc/$$/stat)
"$NASKAH" run -q --input "$o/in" --output "$o/out"
c1=$(awk '{ print $16 + $17 }' /proc/$$/stat)
litems=$(( ($(date +%s%N) - t0) / 1000000 ))
litecpu=$(( (c1 - c0) * 1000 / hz ))

echo "register bench: $total letters ($(nproc) cores)"
printf '%-44s %8s %10s %12s %12s\n' "" "wall s" "letters/s" "naskah CPU" "server CPU"
printf '%-44s %8s %10s %12s %12s\n' "PostgreSQL, 14 offices x $N at once" \
    "$(echo "scale=1; $pgms/1000" | bc)" "$((total * 1000 / (pgms + 1)))" \
    "$(echo "scale=1; $pgcpu/1000" | bc) s" "$(echo "scale=1; $srvcpu/1000" | bc) s"
printf '%-44s %8s %10s %12s %12s\n' "SQLite, one office, $total in one process" \
    "$(echo "scale=1; $litems/1000" | bc)" "$((total * 1000 / (litems + 1)))" \
    "$(echo "scale=1; $litecpu/1000" | bc) s" "-"
echo "per letter: naskah $((pgcpu * 1000 / total)) us on PostgreSQL, $((litecpu * 1000 / total)) us on SQLite; the server $((srvcpu * 1000 / total)) us"
echo "books gapless and files matching on PostgreSQL: $ok"
