# conc.sh -- the 14 offices of a kabupaten in one PostgreSQL database:
# conc_setup DIR URL N makes offices 35.03.01 .. 35.03.14 under DIR (each
# with N applications of its own desa, its register made in URL);
# conc_run DIR URL runs every office's nightly job at once, plus a
# second run of office 01 from another output folder (another host),
# and sets CONC_MS (wall) and CONC_RC (the exits, office 01's second
# last).  Sourced by t_concurrency.sh and tests/pg/bench.sh;
# CONC_OFFICES lists the offices (bench.sh runs fewer).
CONC_OFFICES=${CONC_OFFICES:-01 02 03 04 05 06 07 08 09 10 11 12 13 14}

conc_setup() {
	for i in $CONC_OFFICES; do
		o=$1/k$i
		rm -rf "$o"
		mkdir -p "$o/in"
		cp "$ROOT/input/kantor.xml" "$ROOT/input/desa.csv" "$o/in/"
		sh "$ROOT/tests/bench/gen.sh" "$3" "$o/in"
		sed -i "s|<kode-wilayah>35.03.13</kode-wilayah>|<kode-wilayah>35.03.$i</kode-wilayah>|" "$o/in/kantor.xml"
		sed -i "s/35\.03\.13\./35.03.$i./g" "$o/in/desa.csv" "$o/in/register/"*.csv
		"$NASKAH" init -q --register "$2" --input "$o/in" --output "$o/out"
	done
}

conc_run() {
	t0=$(date +%s%N)
	pids=
	for i in $CONC_OFFICES; do
		"$NASKAH" run -q --register "$2" --input "$1/k$i/in" \
		    --output "$1/k$i/out" >"$1/k$i/run.out" 2>"$1/k$i/run.err" &
		pids="$pids $!"
	done
	# Office 01 again, from an output folder of its own (as another
	# host would): the database's lock must keep it out.
	n=0
	while [ "$(psql -X -t -A "$2" -c "SELECT count(*) FROM kantor_350301.runs" 2>/dev/null || echo 0)" = 0 ] && [ $n -lt 400 ]; do
		sleep 0.05; n=$((n + 1))
	done
	"$NASKAH" run -q --register "$2" --input "$1/k01/in" \
	    --output "$1/k01/out2" >"$1/k01/run2.out" 2>"$1/k01/run2.err" &
	pids="$pids $!"
	CONC_RC=
	for p in $pids; do
		st=0
		wait "$p" || st=$?
		CONC_RC="$CONC_RC $st"
	done
	CONC_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}

# conc_check DIR URL N: every office's book gapless 1..N, one number per
# application, every file present with the register's SHA-256, nothing
# in the second folder; prints what is wrong, returns 0 if nothing.
conc_check() {
	bad=0
	for i in $CONC_OFFICES; do
		s=kantor_3503$i
		got=$(psql -X -t -A "$2" -c "SELECT count(*) || ' ' || min(urut) || ' ' || max(urut) || ' ' || count(DISTINCT urut) || ' ' || count(DISTINCT application_id) FROM $s.book")
		[ "$got" = "$3 1 $3 $3 $3" ] || { echo "office $i: book count/min/max/distinct/apps: $got"; bad=1; }
		psql -X -t -A -F '  ' "$2" -c "SELECT sha256, path FROM $s.documents" | sort > "$1/k$i/want"
		(cd "$1/k$i/out" && find . -name '*.pdf' | sed 's|^\./||' | sort | xargs -r sha256sum) | sort > "$1/k$i/have"
		cmp -s "$1/k$i/want" "$1/k$i/have" || { echo "office $i: files and register differ"; bad=1; }
	done
	[ -z "$(find "$1/k01/out2" -name '*.pdf' 2>/dev/null)" ] || { echo "the second run of office 01 wrote PDFs"; bad=1; }
	return $bad
}
