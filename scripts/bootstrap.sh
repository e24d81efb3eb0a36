#!/bin/sh
# bootstrap.sh -- set up a fresh Debian 12 machine and run naskah.
#   sh scripts/bootstrap.sh run    install, build, run the nightly job on input/
#   sh scripts/bootstrap.sh test   install, build, run the whole suite (plain and SAN=1)
set -eu
cd "$(dirname "$0")/.."

PKGS="make gcc g++ pkg-config libhpdf-dev libctemplate-dev libcsv-dev \
libxml2-dev libxml2-utils libsqlite3-dev sqlite3 libqrencode-dev libcmocka-dev \
fonts-liberation2 fonttools poppler-utils qpdf zbar-tools clang \
libclang-rt-14-dev valgrind time \
libssl-dev chromium zlib1g-dev libdeflate-dev icc-profiles-free \
libpdfbox2-java default-jre-headless libactivation-java libjaxb-api-java \
libpq-dev postgresql-15 postgresql-client-15 \
mandoc man-db util-linux debhelper dpkg-dev lintian adduser"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
	    missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "bootstrap: installing:$missing" >&2
	SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

case "${1:-run}" in
run)	make -s && make -s demo ;;
test)	# A throwaway PostgreSQL server for the register's tests on both
	# engines (tests/pg/pgctl.sh), stopped however the suite ends.
	PGDIR=$(mktemp -d /tmp/naskah-pg.XXXXXX)
	trap 'sh tests/pg/pgctl.sh stop "$PGDIR"; rm -rf "$PGDIR"' EXIT
	NASKAH_TEST_PG=$(sh tests/pg/pgctl.sh start "$PGDIR")
	export NASKAH_TEST_PG
	make -s check && make -s check SAN=1 ;;
*)	echo "usage: sh scripts/bootstrap.sh run|test" >&2; exit 64 ;;
esac
