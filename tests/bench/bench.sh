#!/bin/sh
# bench.sh -- make bench: letters per second end to end (ingest to archived
# PDFs), CPU seconds, bytes per letter and peak memory, at several sizes.
set -eu
NASKAH=${NASKAH:-$(pwd)/naskah}
SIZES=${SIZES:-"100 1000 10000"}
root=$(mktemp -d /tmp/naskah-bench.XXXXXX)
trap 'rm -rf "$root"' EXIT
printf '%8s %10s %10s %10s %12s %12s\n' letters wall_s cpu_s letters/s bytes/letter peak_rss_MB
for n in $SIZES; do
	d=$root/$n
	mkdir -p "$d/in"
	cp input/kantor.xml input/desa.csv "$d/in/"
	sh tests/bench/gen.sh "$n" "$d/in"
	"$NASKAH" init -q --input "$d/in" --output "$d/out"
	/usr/bin/time -f '%e %U %S %M' -o "$d/time" \
	    "$NASKAH" run -q --input "$d/in" --output "$d/out"
	read -r wall user sys rss < "$d/time"
	count=$(find "$d/out/surat" -name '*.pdf' | wc -l)
	bytes=$(find "$d/out/surat" -name '*.pdf' -printf '%s\n' | awk '{s+=$1} END{print s}')
	awk -v n="$count" -v w="$wall" -v u="$user" -v s="$sys" -v b="$bytes" -v r="$rss" \
	    'BEGIN { printf "%8d %10.2f %10.2f %10.0f %12.0f %12.1f\n", n, w, u + s, n / w, b / n, r / 1024 }'
done
