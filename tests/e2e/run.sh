#!/bin/sh
# run.sh -- the end-to-end suite: every tests/e2e/t_*.sh against the real
# binary, closing with the "N passed, N failed" line CI reads.
set -eu
. tests/e2e/lib.sh
for t in tests/e2e/t_*.sh; do
	echo "# $t"
	. "$t"
done
summary
