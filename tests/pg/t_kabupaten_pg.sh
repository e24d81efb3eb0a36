# t_kabupaten_pg.sh -- the kabupaten's layanan and pengaduan roll-ups on
# PostgreSQL: the demo kabupaten's night (scripts/kabupaten-nightly.sh)
# in one database for every office, each run storing its working
# calendar in its own schema, the roll-ups equal to what
# tests/e2e/kabupaten_waktu.py works out from the CSV inputs; `naskah
# register migrate` copies and proves a SQLite register's calendar.
# Sourced by tests/pg/run.sh (NASKAH_TEST_PG set).

begin "pg kabupaten: layanan and pengaduan roll-ups in one database"
kp=$TMPROOT/kabpg
mkdir -p "$kp"
python3 scripts/gen_kabupaten.py -q "$kp/in"
kdb=kabw$$
psql -X -q "$NASKAH_TEST_PG" -c "CREATE DATABASE $kdb" >/dev/null
kurl=$(printf '%s' "$NASKAH_TEST_PG" | sed "s|:///naskah?|:///$kdb?|")
set +e
NASKAH=$NASKAH sh scripts/kabupaten-nightly.sh --input "$kp/in" \
    --output "$kp/out" --register "$kurl" >"$kp/stdout" 2>"$kp/stderr"
RC=$?
set -e
expect_rc 0
expect '[ "$(find "$kp/out/setda/laporan" -name "*.pdf" | wc -l)" -eq 6 ]' \
    "6 roll-ups, layanan and pengaduan among them"
for kb in layanan pengaduan; do
	f=$(ls "$kp"/out/setda/laporan/2025/2025-01_kabupaten-${kb}_r1_*.pdf)
	pdftotext -layout "$f" "$kp/$kb.txt"
	python3 tests/e2e/kabupaten_waktu.py "$kp/in" "$kb" 2025-01 \
	    "$kp/$kb.txt" >"$kp/$kb.check" 2>&1 || true
	expect 'grep -q "^ok 15 rows" "$kp/$kb.check"' \
	    "$kb: $(tail -1 "$kp/$kb.check" | cut -c1-40) (14 kecamatan and JUMLAH, from the CSVs)"
	grep FAIL "$kp/$kb.check" | head -3 | sed 's/^/    /' || true
done
kq() { psql -X -t -A "$kurl" -c "$1"; }
expect '[ "$(kq "SELECT string_agg(hari::text, '"','"' ORDER BY hari) FROM kantor_350308.jam_kerja")" = "1,2,3,4,5,6" ] && [ "$(kq "SELECT count(*) FROM kantor_350301.libur")" = 5 ] && [ "$(kq "SELECT count(*) FROM kantor_350303.libur")" = 0 ]' \
    "Watulimo's week and Panggul's holidays in their schemas"

begin "pg kabupaten: a kecamatan's new holiday on PostgreSQL"
printf 'tanggal,keterangan\n2025-01-21,Libur Daerah\n2025-01-24,Libur Daerah\n' \
    >"$kp/in/kecamatan/durenan/libur.csv"
set +e
NASKAH=$NASKAH sh scripts/kabupaten-nightly.sh --input "$kp/in" \
    --output "$kp/out" --register "$kurl" >"$kp/stdout" 2>"$kp/stderr"
RC=$?
set -e
expect_rc 0
for kb in layanan pengaduan; do
	f=$(ls "$kp"/out/setda/laporan/2025/2025-01_kabupaten-${kb}_r2_*.pdf 2>/dev/null || :)
	pdftotext -layout "$f" "$kp/$kb.txt" 2>/dev/null || : >"$kp/$kb.txt"
	python3 tests/e2e/kabupaten_waktu.py "$kp/in" "$kb" 2025-01 \
	    "$kp/$kb.txt" >"$kp/$kb.check" 2>&1 || true
	expect '[ -n "$f" ] && grep -q "^ok 15 rows" "$kp/$kb.check"' \
	    "$kb revised: $(tail -1 "$kp/$kb.check" | cut -c1-40)"
done

begin "pg kabupaten: register migrate copies the calendar"
# A SQLite register (the test hook off) of Durenan with its holidays.
sq=$kp/durenan-sqlite
NASKAH_TEST_PG= "$NASKAH" init -q --input "$kp/in/kecamatan/durenan" \
    --output "$sq" >/dev/null 2>&1
NASKAH_TEST_PG= "$NASKAH" run -q --input "$kp/in/kecamatan/durenan" \
    --output "$sq" >/dev/null 2>&1 || :
mdb=kabm$$
psql -X -q "$NASKAH_TEST_PG" -c "CREATE DATABASE $mdb" >/dev/null
murl=$(printf '%s' "$NASKAH_TEST_PG" | sed "s|:///naskah?|:///$mdb?|")
set +e
"$NASKAH" register migrate --from "$sq/register.db" --to "$murl" \
    >"$kp/mig.out" 2>&1
RC=$?
set -e
expect_rc 0
expect 'grep -qE "^libur +2 +2 +[0-9a-f]+ same" "$kp/mig.out" && grep -qE "^jam_kerja +5 +5 +[0-9a-f]+ same" "$kp/mig.out" && grep -qE "^kalender +1 +1 +[0-9a-f]+ same" "$kp/mig.out"' \
    "kalender, jam_kerja and libur copied, their digests the same"
expect '[ "$(psql -X -t -A "$murl" -c "SELECT string_agg(tanggal, '"','"' ORDER BY tanggal) FROM kantor_350313.libur")" = "2025-01-21,2025-01-24" ]' \
    "Durenan's holidays in its new schema"
