# t_readers.sh -- the readers beside a run (issue 14, pgmisc), on either
# engine (tests/pg/run.sh sources it too): while the office's run lock is
# held (SQLite: the output folder's flock; PostgreSQL: the office's
# advisory lock, held from another session as a run on another host
# holds it), `verify`, `find` and `key` answer from what is committed
# and a second run still gets 75.  And the printed agenda of a kabupaten
# office is signed by the official its kantor.xml names, a kecamatan's by
# its Sekretaris Kecamatan.

# rd_hold DIR: holds DIR's office lock from another process until
# rd_release; RD_HOLDER is that process.
rd_hold() {
	rm -f "$TMPROOT/.held"
	if [ -n "${NASKAH_TEST_PG:-}" ]; then
		key=$(python3 -c 'import sys
h = 1469598103934665603
for b in sys.argv[1].encode():
    h = ((h ^ b) * 1099511628211) % 2**64
print(h & 0x7fffffffffffffff)' "$(pg_schema "$1/out/register.db")")
		PGAPPNAME=pgmisc-holder psql -X -q -t -A "$NASKAH_TEST_PG" \
		    -c "SELECT pg_advisory_lock($key)" -c "SELECT pg_sleep(120)" \
		    >"$TMPROOT/.held" 2>&1 &
		RD_HOLDER=$!
		i=0
		until [ "$(psql -X -q -t -A "$NASKAH_TEST_PG" -c "SELECT count(*)
		    FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
		    WHERE l.locktype = 'advisory' AND l.granted AND
		    a.application_name = 'pgmisc-holder'")" = 1 ] ||
		    [ $i -ge 200 ]; do sleep 0.05; i=$((i + 1)); done
	else
		python3 -c 'import fcntl, sys, time
f = open(sys.argv[1], "a")
fcntl.flock(f, fcntl.LOCK_EX)
open(sys.argv[2], "w").write("held\n")
time.sleep(120)' "$1/out/.naskah.lock" "$TMPROOT/.held" &
		RD_HOLDER=$!
		i=0
		until [ -s "$TMPROOT/.held" ] || [ $i -ge 200 ]; do
			sleep 0.05; i=$((i + 1)); done
	fi
}

rd_release() {
	if [ -n "${NASKAH_TEST_PG:-}" ]; then
		psql -X -q -t -A "$NASKAH_TEST_PG" -c "SELECT
		    pg_terminate_backend(pid) FROM pg_stat_activity WHERE
		    application_name = 'pgmisc-holder'" >/dev/null
	fi
	kill "$RD_HOLDER" 2>/dev/null || true
	wait "$RD_HOLDER" 2>/dev/null || true
}

begin "readers: verify, find and key while a run holds the office's lock"
d=$(office readers)
sh tests/bench/gen.sh 12 "$d/in"
run_n "$d" run -q
expect_rc 0
rd_f=$(find "$d/out/surat" -name '*.pdf' | sort | head -1)
rd_nik=$(rsql "$d/out/register.db" "SELECT nik FROM applications ORDER BY id LIMIT 1")
rd_hold "$d"
run_n "$d" run -q
expect_rc 75
run_n "$d" verify "$rd_f"
expect_rc 0
expect '[ "$(grep -c "^ASLI " "$d/stdout")" = 1 ]' "verify says ASLI during the run's lock"
run_n "$d" verify "$rd_f" "$rd_f"
expect '[ "$RC" = 0 ] && [ "$(grep -c "^ASLI " "$d/stdout")" = 2 ]' "and of two files"
run_n "$d" find --nik "$rd_nik"
expect '[ "$RC" = 0 ] && [ "$(wc -l <"$d/stdout")" -ge 1 ]' "find answers during it"
run_n "$d" key --public
expect '[ "$RC" = 0 ] && [ "$(grep -c "^naskah-ed25519 35.03.13 " "$d/stdout")" = 1 ]' "key --public answers during it"
rd_release
run_n "$d" run -q
expect_rc 0

begin "agenda: a kabupaten office's printed book is signed by its kantor.xml's signer"
d=$TMPROOT/agkab
rm -rf "$d"; mkdir -p "$d/in" "$d/out"
cp "$ROOT/input/kabupaten/kantor.xml" "$ROOT/input/kabupaten/desa.csv" "$d/in/"
init_out "$d"
run_n "$d" agenda --year 2025 --format pdf --date 2025-12-31
expect_rc 0
rd_pdf=$(find "$d/out/agenda" -name '*.pdf' | head -1)
rd_t=$(pdftext "$rd_pdf")
expect 'printf "%s" "$rd_t" | grep -qF "Mengetahui, SEKRETARIS DAERAH"' "signed by the Sekretaris Daerah (wilayah penandatangan=\"sekda\")"
expect '[ "$(printf "%s" "$rd_t" | grep -o "Drs. HARI WIDODO, M.Si." | wc -l)" = 1 ]' "his name, once"
expect 'printf "%s" "$rd_t" | grep -qF "register naskah Sekretariat Daerah Kabupaten Trenggalek pada"' "names the office it was printed for"
expect '! printf "%s" "$rd_t" | grep -qi "sekretaris kecamatan\|register naskah Kecamatan"' "no kecamatan in it"
expect 'pdf_sound "$rd_pdf"' "sound PDF"

begin "agenda: a kecamatan's printed book is signed by its Sekretaris Kecamatan"
d=$(office agkec)
sh tests/bench/gen.sh 3 "$d/in"
run_n "$d" run -q
run_n "$d" agenda --year 2025 --format pdf --date 2025-12-31
expect_rc 0
rd_t=$(pdftext "$(find "$d/out/agenda" -name '*.pdf' | head -1)")
expect 'printf "%s" "$rd_t" | grep -qF "Mengetahui, SEKRETARIS KECAMATAN"' "signed Mengetahui by the Sekretaris Kecamatan"
expect '[ "$(printf "%s" "$rd_t" | grep -o "Drs. SUGENG RIYADI, M.M." | wc -l)" = 1 ]' "the demo's sekcam, once"
expect 'printf "%s" "$rd_t" | grep -qF "register naskah Kecamatan Durenan pada"' "names the kecamatan"
