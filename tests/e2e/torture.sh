#!/bin/sh
# torture.sh -- `make torture`: the long variants of t_reliability.sh.
# 2,000 applications under >= 30 random SIGKILLs; a full disk freed step
# by step; kills while the disk is full; 100,000 rows in flat memory; the
# demo, a crash repair, a report and the error paths under valgrind.
# Prints the figures the issue asks for (kills survived, largest input).
# JOBS=N (make torture JOBS=2) gives every `naskah run` --jobs N, so the
# kills land on render workers too; unset, naskah's default (the cores).
set -eu
. tests/e2e/lib.sh
. tests/e2e/reliab.sh

NASKAH_REAL=$NASKAH
if [ -n "${JOBS:-}" ]; then
	# A wrapper that execs (same pid: the kills reach naskah itself).
	mkdir -p "$TMPROOT/jobsbin"
	cat > "$TMPROOT/jobsbin/naskah" <<EOF2
#!/bin/sh
if [ "\$1" = run ]; then shift; exec "$NASKAH_REAL" run --jobs $JOBS "\$@"; fi
exec "$NASKAH_REAL" "\$@"
EOF2
	chmod +x "$TMPROOT/jobsbin/naskah"
	NASKAH=$TMPROOT/jobsbin/naskah
	echo "# every run with --jobs $JOBS"
fi

N=${TORTURE_N:-2000}
KILLS=${TORTURE_KILLS:-30}
mapping() {
	sqlite3 "$1/out/register.db" "SELECT a.no_register, b.urut FROM book b
	    JOIN applications a ON a.id = b.application_id ORDER BY b.urut"
}

begin "torture: reference batch of $N"
ref=$(office ref)
sh tests/bench/gen.sh "$N" "$ref/in"
t0=$(date +%s%N)
run_n "$ref" run -q
REFMS=$(( ($(date +%s%N) - t0) / 1000000 ))
d=$ref
expect_rc 0
expect 'consistent "$ref/out" "$N"' "consistent ($REFMS ms)"
mapping "$ref" > "$TMPROOT/ref.map"

begin "torture: $KILLS SIGKILLs over a batch of $N"
d=$(office kills)
sh tests/bench/gen.sh "$N" "$d/in"
total=0
round=0
# Several rounds, each ending in a check, so that a kill that breaks the
# register is caught near the moment it happened.
while [ "$total" -lt "$KILLS" ] && [ "$round" -lt 20 ]; do
	round=$((round + 1))
	kill_runs "$d" 5 $((REFMS / KILLS * 2 + 20))
	total=$((total + KILLED))
	# A run that opens the office repairs what the kills left; -q and
	# an empty --date day make it do nothing else.
	"$NASKAH" run -q --date 1999-01-01 --input "$d/in" --output "$d/out" \
	    >/dev/null 2>&1 || true
	if ! consistent "$d/out" >"$d/why"; then
		fail "inconsistent after $total kills: $(head -3 "$d/why")"
		break
	fi
	# Once the batch is done, start it over in a fresh folder.
	if [ "$(sqlite3 "$d/out/register.db" "SELECT count(*) FROM book")" = "$N" ]; then
		mapping "$d" | cmp -s - "$TMPROOT/ref.map" ||
		    fail "numbering differs from the uninterrupted run"
		fresh_out "$d"
	fi
done
run_n "$d" run -q
expect_rc 0
expect '[ "$total" -ge "$KILLS" ]' "$total kills survived"
expect 'consistent "$d/out" "$N"' "consistent, $N numbers"
expect 'mapping "$d" | cmp -s - "$TMPROOT/ref.map"' "same numbering as the uninterrupted run"
KILLS_SURVIVED=$total

begin "torture: a kill between COMMIT and rename, then random kills during the repair"
d=$(office aftercommit)
sh tests/bench/gen.sh "$N" "$d/in"
NASKAH_TEST_CRASH=after-commit run_n "$d" run -q
expect '[ "$RC" = 137 ]' "died after the first commit"
kill_runs "$d" 5 $((REFMS / 10 + 20))
run_n "$d" run -q
expect_rc 0
expect 'consistent "$d/out" "$N"' "consistent, $N numbers"
expect 'mapping "$d" | cmp -s - "$TMPROOT/ref.map"' "same numbering"

begin "torture: a report killed between COMMIT and rename, and at random"
d=$(office report)
rm -rf "$d/in" && cp -r "$ROOT/input" "$d/in"
run_n "$d" run -q
NASKAH_TEST_CRASH=after-commit run_n "$d" report trantibum --month 2025-01 -q
expect '[ "$RC" = 137 ]' "report died after its commit (exit $RC)"
for i in 1 2 3 4 5; do
	"$NASKAH" report kesra --month 2025-01 -q --input "$d/in" --output "$d/out" >/dev/null 2>&1 &
	pid=$!
	ms=$(rand 400)
	sleep "$(printf '0.%03d' "$ms")"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
done
for b in trantibum kesra; do
	run_n "$d" report $b --month 2025-01 -q
	expect '[ "$RC" = 0 ] || [ "$RC" = 65 ]' "$b report completes (exit $RC)"
done
expect 'consistent "$d/out"' "letters and reports share a consistent book"
expect '[ "$(sql "SELECT count(*) FROM book WHERE kind = '"'laporan'"'")" = 2 ]' "one number per report, none lost or doubled"

begin "torture: full disk, freed step by step, with kills in between"
d=$(office fulldisk)
sh tests/bench/gen.sh "$N" "$d/in"
if with_tmpfs "$d/out" 2m; then
	size=2
	steps=0
	while :; do
		run_n "$d" run -q
		[ "$RC" = 73 ] || break
		steps=$((steps + 1))
		echo "$ERR" | grep -Eq "(No space left on device|database or disk is full)" ||
		    fail "73 without saying the disk is full: $ERR"
		consistent "$d/out" >"$d/why" || fail "inconsistent when full at ${size}m: $(head -3 "$d/why")"
		kill_runs "$d" 1 300
		size=$((size * 3 / 2 + 1))
		mount -o remount,size=${size}m "$d/out"
	done
	expect_rc 0
	expect '[ "$steps" -ge 3 ]' "filled up $steps times on the way to ${size} MB"
	expect 'consistent "$d/out" "$N"' "consistent, $N numbers"
	expect 'mapping "$d" | cmp -s - "$TMPROOT/ref.map"' "same numbering"
	umount "$d/out"
else
	ok "SKIP full disk: mount -t tmpfs is not permitted here"
fi

begin "torture: 100,000 rows (10,000 letters, 90,000 rejected) in flat memory"
d=$(office big)
gen_big() {
	awk -v n="$1" -v h="$HDR" 'BEGIN { print h; for (i = 1; i <= n; i++) {
	    desa = i % 10 == 0 ? "35.03.13.2006" : "35.99.99.9999";
	    printf "B%06d,2025-01-20,08:00,sktm,3503130101900001,Nama %d,L,Trenggalek,1990-01-01,Islam,Kawin,Petani,Krajan,003,002,%s,,beasiswa,pengantar_desa;surat_permohonan,,,,,,,\n", i, i, desa } }'
}
gen_big 1000 > "$d/in/register/2025-01-20.csv"
/usr/bin/time -f %M -o "$d/rss" "$NASKAH" run -q --input "$d/in" --output "$d/out" >/dev/null 2>&1 || true
small=$(tail -n 1 "$d/rss")
fresh_out "$d"
gen_big 100000 > "$d/in/register/2025-01-20.csv"
bytes=$(wc -c < "$d/in/register/2025-01-20.csv")
t0=$(date +%s%N)
set +e
/usr/bin/time -f %M -o "$d/rss" "$NASKAH" run -q --input "$d/in" --output "$d/out" >/dev/null 2>&1
RC=$?
set -e
s=$(( ($(date +%s%N) - t0) / 1000000000 ))
big=$(tail -n 1 "$d/rss")
expect_rc 65
expect 'consistent "$d/out" 10000' "10,000 letters, consistent (${s} s)"
expect '[ "$big" -lt $((small + 16384)) ]' "peak RSS ${small} KB at 1,000 rows, ${big} KB at 100,000"
LARGEST="100,000 rows, $bytes bytes, peak RSS $big KB"

begin "torture: valgrind"
VG="valgrind -q --leak-check=full --error-exitcode=99 --errors-for-leak-kinds=definite,indirect"
NB=$(dirname "$NASKAH_REAL")/naskah
case $NB in */build-san/naskah) NB=$ROOT/naskah ;; esac	# valgrind and ASan do not mix
d=$(office vgdemo)
rm -rf "$d/in" && cp -r "$ROOT/input" "$d/in"
set +e
$VG "$NB" run ${JOBS:+--jobs $JOBS} -q --input "$d/in" --output "$d/out" >/dev/null 2>"$d/stderr"; RC=$?
set -e
expect '[ "$RC" = 0 ] || [ "$RC" = 65 ]' "demo run clean under valgrind (exit $RC)"
set +e
$VG "$NB" report trantibum --month 2025-01 --input "$d/in" --output "$d/out" >/dev/null 2>"$d/stderr"; RC=$?
set -e
expect '[ "$RC" != 99 ]' "report clean under valgrind (exit $RC)"
d=$(office vgcrash)
sh tests/bench/gen.sh 100 "$d/in"
NASKAH_TEST_CRASH=after-commit run_n "$d" run -q
set +e
$VG "$NB" run ${JOBS:+--jobs $JOBS} -q --input "$d/in" --output "$d/out" >/dev/null 2>"$d/stderr"; RC=$?
set -e
expect_rc 0
expect 'consistent "$d/out" 100' "crash repair clean under valgrind"
head -c 9000 /dev/urandom > "$d/out/register.db"
set +e
$VG "$NB" run ${JOBS:+--jobs $JOBS} -q --input "$d/in" --output "$d/out" >/dev/null 2>"$d/stderr"; RC=$?
set -e
expect_rc 73
set +e
$VG "$NB" run ${JOBS:+--jobs $JOBS} -q --input "$d/nowhere" --output "$d/o2" >/dev/null 2>"$d/stderr"; RC=$?
set -e
expect '[ "$RC" = 78 ] || [ "$RC" = 66 ]' "missing input clean under valgrind (exit $RC)"

echo "# figures: ${KILLS_SURVIVED:-0} SIGKILLs survived over $N applications; largest input: ${LARGEST:-?}"
summary
