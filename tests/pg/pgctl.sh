#!/bin/sh
# pgctl.sh -- a throwaway PostgreSQL 15 server for the tests: initdb into
# a temporary folder as an unprivileged user (PostgreSQL refuses root),
# listening only on a unix socket in that folder (and a port derived from
# it, never 5432, so two test servers on one machine do not meet).
#
#   sh tests/pg/pgctl.sh start [DIR]   prints the URL (postgresql://...)
#   sh tests/pg/pgctl.sh stop DIR
#   sh tests/pg/pgctl.sh url DIR
#   sh tests/pg/pgctl.sh crash DIR     pg_ctl stop -m immediate
#   sh tests/pg/pgctl.sh restart DIR   start again after a crash
#
# DIR defaults to a new /tmp/naskah-pg.XXXXXX.  The database is "naskah",
# collation C (text sorts by bytes, as in SQLite).
set -eu
PGUSER_OS=${NASKAH_PG_OSUSER:-naskahpg}
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
cmd=${1:-}
dir=${2:-}

as_pg() {
	if [ "$(id -u)" = 0 ]; then
		su -s /bin/sh "$PGUSER_OS" -c "$*"
	else
		sh -c "$*"
	fi
}

port_of() {
	# 20000-29999 from the folder's name.
	echo $(( 20000 + $(printf '%s' "$1" | cksum | cut -d' ' -f1) % 10000 ))
}

url_of() {
	echo "postgresql:///naskah?host=$1/sock&port=$(port_of "$1")&user=$PGUSER_OS"
}

wait_ready() {
	i=0
	until "$PGBIN/pg_isready" -q -h "$1/sock" -p "$(port_of "$1")"; do
		i=$((i + 1))
		[ $i -lt 1500 ] || { echo "pgctl: server did not start" >&2; exit 1; }
		sleep 0.2
	done
}

start_server() {
	as_pg "'$PGBIN/pg_ctl' -D '$1/data' -l '$1/log' -w -t 300 -o \"-k '$1/sock' -p $(port_of "$1") -c listen_addresses='' -c max_connections=60 -c fsync=on\" start" >/dev/null
	wait_ready "$1"
}

case $cmd in
start)
	if [ "$(id -u)" = 0 ] && ! id "$PGUSER_OS" >/dev/null 2>&1; then
		useradd --system --no-create-home --shell /usr/sbin/nologin \
		    "$PGUSER_OS" 2>/dev/null || useradd -r -M "$PGUSER_OS"
	fi
	[ -n "$dir" ] || dir=$(mktemp -d /tmp/naskah-pg.XXXXXX)
	mkdir -p "$dir/sock"
	[ "$(id -u)" = 0 ] && chown -R "$PGUSER_OS" "$dir"
	chmod 755 "$dir"
	as_pg "'$PGBIN/initdb' -D '$dir/data' -U '$PGUSER_OS' -A trust --no-sync -E UTF8 --locale=C >/dev/null"
	start_server "$dir"
	as_pg "'$PGBIN/createdb' -h '$dir/sock' -p $(port_of "$dir") -U '$PGUSER_OS' naskah"
	# The tests' queries are SQLite's: group_concat for them (public;
	# naskah itself never uses it).
	"$PGBIN/psql" -X -q "$(url_of "$dir")" >/dev/null <<'SQL'
CREATE FUNCTION public.gc_step1(text, anyelement) RETURNS text
  LANGUAGE sql IMMUTABLE AS
  $$ SELECT CASE WHEN $1 IS NULL THEN $2::text ELSE $1 || ',' || $2::text END $$;
CREATE FUNCTION public.gc_step2(text, anyelement, text) RETURNS text
  LANGUAGE sql IMMUTABLE AS
  $$ SELECT CASE WHEN $1 IS NULL THEN $2::text ELSE $1 || $3 || $2::text END $$;
CREATE AGGREGATE public.group_concat(anyelement) (SFUNC = public.gc_step1, STYPE = text);
CREATE AGGREGATE public.group_concat(anyelement, text) (SFUNC = public.gc_step2, STYPE = text);
SQL
	url_of "$dir"
	;;
url)
	url_of "$dir"
	;;
stop)
	[ -d "$dir/data" ] || exit 0
	as_pg "'$PGBIN/pg_ctl' -D '$dir/data' -m fast -w stop" >/dev/null 2>&1 || true
	;;
crash)
	as_pg "'$PGBIN/pg_ctl' -D '$dir/data' -m immediate -w stop" >/dev/null
	;;
restart)
	start_server "$dir"
	;;
*)
	echo "usage: pgctl.sh start [DIR] | stop DIR | url DIR | crash DIR | restart DIR" >&2
	exit 64
	;;
esac
