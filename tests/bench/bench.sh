#!/bin/sh
# bench.sh -- make bench: letters per second end to end (ingest to archived
# PDFs), one process pinned to one core (taskset -c 0), CPU seconds, bytes
# per letter and peak memory, at several sizes; and, in the same run, the
# floor: tests/bench/floor.c writing as many files of the same size with
# naskah's durability (staged, syncfs per 64, renamed, folder synced),
# with naskah's wall time as a multiple of it.  Each size is run RUNS
# times (default 3), naskah and the floor in turn, every run into fresh
# folders (on this disk, creating files right after deleting many is
# slow); the medians are printed.  The pinned runs are `--jobs 1` (two
# workers on one core would only add the hand-over).
#
# Then --jobs (issue 15): at JSIZES letters (default 2,000 and 10,000),
# unpinned, `--jobs 1` and `--jobs 2` in turn RUNS times each into fresh
# folders: median wall and CPU seconds (the workers' included), the
# speedup (wall of 1 / wall of 2), the parent's share of the CPU of a
# --jobs 2 run (NASKAH_DEBUG_CPU: getrusage of itself and its workers),
# and its seconds at the batches' ends: waiting for the last drawings,
# and in sync, commit and renames (the workers idle in both).  SIZES= or
# JSIZES= (empty) leaves a table out.
set -eu
NASKAH=${NASKAH:-$(pwd)/naskah}
SIZES=${SIZES-"100 1000 10000"}
JSIZES=${JSIZES-"2000 10000"}
RUNS=${RUNS:-3}
CC=${CC:-cc}
root=$(mktemp -d /tmp/naskah-bench.XXXXXX)
trap 'rm -rf "$root"' EXIT
pin=
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
	pin="taskset -c 0"
fi
$CC -O2 -o "$root/floor" tests/bench/floor.c
echo "(one process${pin:+ pinned to core 0}; median of $RUNS runs; floor: the same files written with naskah's durability)"
printf '%8s %9s %8s %10s %12s %11s %9s %8s\n' letters wall_s cpu_s letters/s \
    bytes/letter peak_rss_MB floor_s x_floor
for n in $SIZES; do
	gen=$root/gen-$n
	mkdir -p "$gen"
	sh tests/bench/gen.sh "$n" "$gen"
	: > "$root/rows"
	for r in $(seq "$RUNS"); do
		d=$root/$n-$r
		mkdir -p "$d/in"
		cp input/kantor.xml input/desa.csv "$d/in/"
		cp -r "$gen/register" "$d/in/"
		"$NASKAH" init -q --input "$d/in" --output "$d/out"
		/usr/bin/time -f '%e %U %S %M' -o "$d/time" \
		    $pin "$NASKAH" run -q --jobs 1 --input "$d/in" --output "$d/out"
		read -r wall user sys rss < "$d/time"
		count=$(find "$d/out/surat" -name '*.pdf' | wc -l)
		bytes=$(find "$d/out/surat" -name '*.pdf' -printf '%s\n' |
		    awk '{ s += $1 } END { print s }')
		size=$((bytes / count))
		fl=$($pin "$root/floor" "$root/floor-$n-$r" "$count" "$size")
		echo "$count $wall $user $sys $rss $bytes $fl" >> "$root/rows"
		# The next run's files go to fresh folders; these are deleted
		# only at the end, so no run creates right after a mass delete.
	done
	awk -v runs="$RUNS" '
		{ n = $1; w[NR] = $2; c[NR] = $3 + $4; m[NR] = $5; b = $6
		  f[NR] = $7; x[NR] = $2 / $7 }
		function med(a,   i, j, t, k) {
			split("", s); k = 0; for (i in a) s[++k] = a[i]
			for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++)
				if (s[j] < s[i]) { t = s[i]; s[i] = s[j]; s[j] = t }
			return s[int((k + 1) / 2)]
		}
		END { mw = med(w); printf "%8d %9.2f %8.2f %10.0f %12.0f %11.1f %9.2f %8.2f\n",
		    n, mw, med(c), n / mw, b / n, med(m) / 1024, med(f), med(x) }' \
	    "$root/rows"
done

echo
echo "(--jobs: unpinned, --jobs 1 and --jobs 2 in turn, median of $RUNS runs each; cpu_s includes the workers)"
printf '%8s %10s %8s %10s %8s %8s %13s %9s %9s\n' letters j1_wall_s j1_cpu_s j2_wall_s \
    j2_cpu_s speedup parent_share j2_wait_s j2_sync_s
for n in $JSIZES; do
	gen=$root/gen-$n
	if [ ! -d "$gen" ]; then
		mkdir -p "$gen"
		sh tests/bench/gen.sh "$n" "$gen"
	fi
	: > "$root/jrows"
	for r in $(seq "$RUNS"); do
		for j in 1 2; do
			d=$root/j$n-$r-$j
			mkdir -p "$d/in"
			cp input/kantor.xml input/desa.csv "$d/in/"
			cp -r "$gen/register" "$d/in/"
			"$NASKAH" init -q --input "$d/in" --output "$d/out"
			NASKAH_DEBUG_CPU=1 /usr/bin/time -f '%e %U %S' \
			    -o "$d/time" "$NASKAH" run -q --jobs "$j" \
			    --input "$d/in" --output "$d/out" 2> "$d/err"
			read -r wall user sys < "$d/time"
			# naskah: cpu: parent P s (user U), workers W s (user V)
			pw=$(sed -n 's/^naskah: cpu: parent \([0-9.]*\) s.*workers \([0-9.]*\) s.*/\1 \2/p' "$d/err")
			# naskah: N batches: W s waiting ..., C s in sync, ...
			wc_=$(sed -n 's/^naskah: [0-9]* batches: \([0-9.]*\) s waiting.*, \([0-9.]*\) s in sync.*/\1 \2/p' "$d/err")
			echo "$j $wall $user $sys ${pw:-0 0} ${wc_:-0 0}" >> "$root/jrows"
		done
	done
	awk -v n="$n" '
		function med(a, k,   i, j, t) {
			for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++)
				if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
			return a[int((k + 1) / 2)]
		}
		$1 == 1 { w1[++k1] = $2; c1[k1] = $3 + $4 }
		$1 == 2 { w2[++k2] = $2; c2[k2] = $3 + $4
			  sh[k2] = ($5 + $6) > 0 ? $5 / ($5 + $6) : 0
			  tw[k2] = $7; tc[k2] = $8 }
		END { a = med(w1, k1); b = med(w2, k2)
		    printf "%8d %10.2f %8.2f %10.2f %8.2f %7.2fx %12.0f%% %9.2f %9.2f\n", n, a,
		    med(c1, k1), b, med(c2, k2), a / b, 100 * med(sh, k2),
		    med(tw, k2), med(tc, k2) }' \
	    "$root/jrows"
done
