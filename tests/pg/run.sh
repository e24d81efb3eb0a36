#!/bin/sh
# run.sh -- the register's end-to-end tests on PostgreSQL: the demo, the
# reports, the crash and lock tests of t_pg.sh (SIGKILL, an immediate
# stop of the server mid-batch, a second run of the office from another
# output folder, as from another host) and the 14 offices at once
# (t_concurrency.sh), the readers beside a run (t_readers.sh) and
# kantor.xml's register, a COMMIT's lost reply and migrate's file check
# (t_pgmisc.sh).  Needs NASKAH_TEST_PG=URL of a server started by
# tests/pg/pgctl.sh (`make check` with it set runs this).
set -eu
[ -n "${NASKAH_TEST_PG:-}" ] || { echo "run.sh: NASKAH_TEST_PG is not set" >&2; exit 64; }
# The server's folder, for stopping it mid-batch: the URL's socket dir.
PG_DIR=$(printf '%s' "$NASKAH_TEST_PG" | sed -n 's|.*host=\([^&]*\)/sock.*|\1|p')
export PG_DIR
. tests/e2e/lib.sh
for t in tests/e2e/t_demo.sh tests/e2e/t_report.sh tests/pg/t_pg.sh \
    tests/pg/t_concurrency.sh tests/e2e/t_readers.sh tests/pg/t_pgmisc.sh \
    tests/pg/t_kabupaten_pg.sh; do
	echo "# $t (PostgreSQL)"
	. "$t"
done
summary
