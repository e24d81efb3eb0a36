#!/bin/sh
# pg-setup.sh -- a PostgreSQL database for a kabupaten's registers, on a
# Debian 12 machine, as root:  sh scripts/pg-setup.sh [DB [ROLE]]
# Installs postgresql-15 if missing, makes the login ROLE (default
# naskah, password asked for) owning DB (default naskah, UTF-8, collation
# C so text sorts by bytes as in SQLite), and prints the URL to give
# every office as --register, NASKAH_REGISTER or kantor.xml's
# <register url="..."/>.  Each office's `naskah init --register URL`
# then makes its own schema (kantor_DIGITS of its region code).
set -eu
db=${1:-naskah}
role=${2:-naskah}
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
fi
pg_ctlcluster 15 main start 2>/dev/null || true
printf 'password for role %s: ' "$role" >&2
stty -echo 2>/dev/null || true; read -r pw; stty echo 2>/dev/null || true; echo >&2
su postgres -c "psql -X -q -v ON_ERROR_STOP=1" <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$role') THEN
    CREATE ROLE "$role" LOGIN;
  END IF;
END \$\$;
ALTER ROLE "$role" PASSWORD '$(printf '%s' "$pw" | sed "s/'/''/g")';
SQL
su postgres -c "psql -X -q -t -A -c \"SELECT 1 FROM pg_database WHERE datname = '$db'\"" | grep -q 1 ||
    su postgres -c "createdb -O '$role' -E UTF8 --locale=C -T template0 '$db'"
echo "postgresql://$role@$(hostname -f 2>/dev/null || hostname)/$db"
echo "(put the password in each office's ~/.pgpass, mode 0600, not in the URL)" >&2
