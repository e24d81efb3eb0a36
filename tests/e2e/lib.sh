# lib.sh -- helpers for the end-to-end tests: fresh office folders, the
# real binary, and assertions on what the PDFs show (pdftotext, pdffonts,
# qpdf).  Sourced by tests/e2e/*.sh.

NASKAH=${NASKAH:-./naskah}
case $NASKAH in /*) ;; *) NASKAH=$(pwd)/$NASKAH ;; esac
ROOT=$(pwd)
TMPROOT=$(mktemp -d /tmp/naskah-e2e.XXXXXX)
trap 'rm -rf "$TMPROOT"' EXIT
PASSED=0
FAILED=0
SKIPPED=0
CUR=""

# A new office folder with the demo kantor.xml and desa.csv, and the
# register of its output made, as a new office does once.
office() {
	d=$TMPROOT/$1
	rm -rf "$d"
	mkdir -p "$d/in/register" "$d/out"
	cp "$ROOT/input/kantor.xml" "$ROOT/input/desa.csv" "$d/in/"
	init_out "$d"
	echo "$d"
}

# fresh_out DIR: DIR/out emptied and its register made again.
fresh_out() {
	rm -rf "$1/out"
	init_out "$1"
}

# init_out DIR [OUT]: `naskah init` of DIR/in's office in OUT (DIR/out),
# for a test that starts an output folder afresh; says so if it fails.
init_out() {
	"$NASKAH" init -q --input "$1/in" --output "${2:-$1/out}" \
	    >/dev/null 2>"$TMPROOT/.init.err" ||
	    echo "init_out $1: $(head -1 "$TMPROOT/.init.err")" >&2
}

# Header of the register export used by most fixtures.
HDR="no_register,tanggal,jam,layanan,nik,nama,jenis_kelamin,tempat_lahir,tanggal_lahir,agama,status_perkawinan,pekerjaan,alamat,rt,rw,kode_desa,no_kk,keperluan,kelengkapan,nomor_pengantar,jenis_legalisasi,perihal,uraian,saluran,pendamping,petugas"

# A complete SKTM row: $1 no_register, $2 nama, $3 alamat (CSV-quoted by us).
sktm_row() {
	printf '%s,2025-01-20,08:00,sktm,3503130101900001,"%s",L,Trenggalek,1990-01-01,Islam,Kawin,Petani,"%s",003,002,35.03.13.2006,,persyaratan beasiswa,pengantar_desa;surat_permohonan,,,,,,,Sari\n' \
	    "$1" "$(printf '%s' "$2" | sed 's/"/""/g')" "$(printf '%s' "$3" | sed 's/"/""/g')"
}

# run_n DIR ARGS...: runs naskah on DIR/in -> DIR/out; sets RC, OUT, ERR.
run_n() {
	d=$1; shift
	set +e
	"$NASKAH" "$@" --input "$d/in" --output "$d/out" >"$d/stdout" 2>"$d/stderr"
	RC=$?
	set -e
	OUT=$(cat "$d/stdout")
	ERR=$(cat "$d/stderr")
}

begin() {
	CUR=$1
}

ok() {
	PASSED=$((PASSED + 1))
	echo "ok - $CUR${1:+: $1}"
}

fail() {
	FAILED=$((FAILED + 1))
	echo "FAIL - $CUR: $1"
	[ -n "${d:-}" ] && [ -f "$d/stderr" ] && sed 's/^/    stderr: /' "$d/stderr" | head -20
	return 0
}

# A check that cannot run here, and why: counted apart, never as passed.
skip() {
	SKIPPED=$((SKIPPED + 1))
	echo "skip - $CUR: $1"
}

# expect COND MESSAGE: COND is a shell test string.
expect() {
	if eval "$1"; then ok "$2"; else fail "$2 [$1]"; fi
}

expect_rc() {
	if [ "$RC" = "$1" ]; then ok "exit $1"; else fail "exit $RC, expected $1"; fi
}

# The text a user sees, whitespace collapsed.
pdftext() {
	pdftotext -enc UTF-8 "$1" - 2>/dev/null | tr -s ' \n\t' '   '
}

# Passes when the PDF is structurally sound and its fonts are embedded.
pdf_sound() {
	qpdf --check "$1" >/dev/null 2>&1 || return 1
	pdffonts "$1" 2>/dev/null | awk 'NR > 2 && $0 !~ / yes +yes /{bad=1} END{exit bad}'
}

sql() {
	if [ -n "${NASKAH_TEST_PG:-}" ]; then
		pg_sql "$d/out/register.db" "$1"
	else
		sqlite3 "$d/out/register.db" "$1"
	fi
}

# With NASKAH_TEST_PG=URL (tests/pg/pgctl.sh) every register lives in
# that PostgreSQL database, in the schema reg.c derives from the file
# path it would have had: pg_sql PATH SQL queries it as sqlite3 would.
pg_schema() {
	python3 -c 'import sys
h = 1469598103934665603
for b in sys.argv[1].encode():
    h = ((h ^ b) * 1099511628211) % 2**64
print("t%08x_kantor_%s" % (h & 0xffffffff, sys.argv[2].replace(".", "")))' \
	    "$1" "${2:-35.03.13}"
}
pg_sql() {
	psql -X -q -t -A -v ON_ERROR_STOP=1 ${PG_SEP:+-F "$PG_SEP"} \
	    "$NASKAH_TEST_PG" -c "SET search_path TO \
	    $(pg_schema "$1" "${3:-35.03.13}"), public" -c "$2"
}
# rsql [-separator S] DB SQL: sqlite3 on the register file DB, or the
# same query on its PostgreSQL schema under NASKAH_TEST_PG.
rsql() {
	sep=
	if [ "$1" = -separator ]; then sep=$2; shift 2; fi
	if [ -n "${NASKAH_TEST_PG:-}" ]; then
		PG_SEP=$sep pg_sql "$1" "$2"
	else
		sqlite3 ${sep:+-separator "$sep"} "$1" "$2"
	fi
}

summary() {
	if [ "$SKIPPED" -gt 0 ]; then
		echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
	else
		echo "$PASSED passed, $FAILED failed"
	fi
	[ "$FAILED" -eq 0 ]
}
