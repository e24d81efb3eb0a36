#!/bin/sh
# run.sh [SECONDS] -- `make fuzz`: builds every tests/fuzz/fuzz_*.c with
# clang's libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer
# against the pipeline (tpl.cc with clang++), into tests/fuzz/bin/, then
# runs each for SECONDS (default 60) on its corpus tests/fuzz/corpus_NAME/.
# New inputs that widen coverage go to tests/fuzz/bin/corpus_NAME (kept
# between runs, git-ignored; the seeds stay small and reviewed); a crash leaves
# tests/fuzz/crash-* (git-ignored) and fails the run.  Run from the source
# root (the targets read templates/ relative to it).
set -eu

secs=${1:-60}
bin=tests/fuzz/bin
obj=$bin/obj
CC=${FUZZCC:-clang}
CXX=${FUZZCXX:-clang++}
PKGS="libxml-2.0 sqlite3 libctemplate libqrencode libcrypto zlib libdeflate"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
CFLAGS="-std=c11 -g -O1 -Wall -Wextra -Werror -Wno-format-truncation -Wno-unknown-warning-option -Ipipeline $(pkg-config --cflags $PKGS) -DNASKAH_DATADIR=\"$(pwd)\" -DNASKAH_VERSION=\"fuzz\""
LIBS="$(pkg-config --libs $PKGS) -lhpdf -lcsv -lm -lpthread"

mkdir -p "$obj"

# The pipeline once, instrumented for coverage but without libFuzzer's
# main; rebuilt when a source or header is newer than its object.
objs=""
for src in pipeline/*.c pipeline/tpl.cc; do
	case $src in pipeline/main.c) continue ;; esac
	o=$obj/$(basename "$src").o
	if [ ! -f "$o" ] || [ -n "$(find "$src" pipeline -newer "$o" -name '*.[ch]' -o -newer "$o" -name '*.cc' | head -1)" ]; then
		case $src in
		*.cc)	$CXX -std=c++11 -g -O1 -Ipipeline $(pkg-config --cflags libctemplate) \
			    $SAN -fsanitize=fuzzer-no-link -c -o "$o" "$src" ;;
		*)	$CC $CFLAGS $SAN -fsanitize=fuzzer-no-link -c -o "$o" "$src" ;;
		esac
	fi
	objs="$objs $o"
done

fail=0
report=""
for t in tests/fuzz/fuzz_*.c; do
	name=$(basename "$t" .c)
	short=${name#fuzz_}
	exe=$bin/$name
	echo "== $name: build"
	$CC $CFLAGS $SAN -fsanitize=fuzzer -c -o "$obj/$name.o" "$t"
	$CXX $SAN -fsanitize=fuzzer -o "$exe" "$obj/$name.o" $objs $LIBS
	corpus=tests/fuzz/corpus_$short
	work=$bin/corpus_$short
	mkdir -p "$corpus" "$work"
	echo "== $name: ${secs}s on $corpus"
	log=$bin/$name.log
	set +e
	"$exe" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -max_len=65536 -print_final_stats=1 \
	    -artifact_prefix=tests/fuzz/crash-$short- "$work" "$corpus" \
	    >"$log" 2>&1
	rc=$?
	set -e
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	if [ "$rc" -ne 0 ]; then
		echo "FAIL $name (exit $rc):"
		grep -E "ERROR|SUMMARY|Test unit written|==[0-9]+==" "$log" | head -20
		fail=1
	fi
	report="$report
$name: ${execs:-?} executions in ${secs}s, exit $rc, corpus $(ls "$work" | wc -l) files"
done
echo "$report"
exit $fail
