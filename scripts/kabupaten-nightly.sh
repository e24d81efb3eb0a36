#!/bin/sh
# kabupaten-nightly.sh -- every office of a kabupaten at once, then its
# roll-up.  Each kecamatan of IN/kecamatan/*/ runs its nightly job (`naskah
# run`) and stores the month's desa data with its own monthly reports
# (`naskah report BAGIAN --month M`), all kecamatan in parallel; when they
# are done the kabupaten office (IN/kantor.xml) makes its roll-ups
# (`naskah report BAGIAN --month M --kabupaten`) from their registers: the
# four of the desa data, then layanan and pengaduan (each kecamatan's
# applications and complaints, timed in the working calendar its run
# stored in its register).
#
#   sh scripts/kabupaten-nightly.sh [--input IN] [--output OUT]
#       [--month YYYY-MM] [--date YYYY-MM-DD] [--register URL]
#
# Defaults: IN input/kabupaten, OUT output/kabupaten, the month and date of
# the demo (2025-01, reported on 2025-02-10).  Outputs: OUT/kecamatan/SLUG
# for each kecamatan (what IN/kantor.xml's <wilayah> register attributes
# point at, relative to OUT/setda), OUT/setda for the kabupaten, the logs
# in OUT/log/.  An office without a register gets one (`naskah init`)
# first.  --register URL (a PostgreSQL register for every office, once
# naskah has one) is passed to every command and exported as
# NASKAH_REGISTER, so the roll-up reads every kecamatan from that database.
#
# Exit status: the worst of the offices' and the roll-ups' (70, 78, 73, 75,
# 66, 65 in that order, as naskah ranks them), 0 when all went well.
set -u
NASKAH=${NASKAH:-./naskah}
IN=input/kabupaten
OUT=output/kabupaten
MONTH=2025-01
DATE=2025-02-10
REGISTER=
while [ $# -gt 0 ]; do
	case $1 in
	--input) IN=$2; shift 2 ;;
	--output) OUT=$2; shift 2 ;;
	--month) MONTH=$2; shift 2 ;;
	--date) DATE=$2; shift 2 ;;
	--register) REGISTER=$2; shift 2 ;;
	*) echo "usage: $0 [--input IN] [--output OUT] [--month YYYY-MM]" \
	    "[--date YYYY-MM-DD] [--register URL]" >&2; exit 64 ;;
	esac
done
[ -f "$IN/kantor.xml" ] && [ -d "$IN/kecamatan" ] || {
	echo "$0: $IN is no kabupaten input (kantor.xml, kecamatan/)" >&2
	exit 66
}
set --
if [ -n "$REGISTER" ]; then
	set -- --register "$REGISTER"
	NASKAH_REGISTER=$REGISTER
	export NASKAH_REGISTER
fi
mkdir -p "$OUT/log" "$OUT/kecamatan" || exit 73
BAGIAN="trantibum kesra ekbang tapem"

# The worst of two statuses, naskah's order: 70 78 73 75 66 65, then 0.
worst() {
	for s in 70 78 73 75 66 65; do
		if [ "$1" -eq $s ] || [ "$2" -eq $s ]; then echo $s; return; fi
	done
	[ "$1" -ne 0 ] && echo "$1" || echo "$2"
}

# One kecamatan's night: init once, run, then the month's reports of the
# sections it has data for.  Its status goes to OUT/log/SLUG.status.
# An office not initialised yet: without its register.db, or (one
# database for every office) without its output folder, made by its init.
fresh() {
	if [ -n "$REGISTER" ]; then [ ! -d "$1/log" ]; else
		[ ! -e "$1/register.db" ]; fi
}

office() {
	slug=$1 in=$2 out=$OUT/kecamatan/$1 log=$OUT/log/$1.log st=0
	shift 2
	: >"$log"
	if fresh "$out"; then
		"$NASKAH" init -q --input "$in" \
		    --output "$out" "$@" >>"$log" 2>&1 || {
			echo $? >"$OUT/log/$slug.status"; return; }
	fi
	"$NASKAH" run -q --input "$in" --output "$out" "$@" >>"$log" 2>&1
	st=$(worst $st $?)
	for b in $BAGIAN; do
		[ -d "$in/desa/$MONTH/$b" ] || continue
		"$NASKAH" report "$b" --month "$MONTH" --date "$DATE" -q \
		    --input "$in" --output "$out" "$@" >>"$log" 2>&1
		st=$(worst $st $?)
	done
	echo $st >"$OUT/log/$slug.status"
}

pids=
for d in "$IN"/kecamatan/*/; do
	slug=$(basename "$d")
	office "$slug" "${d%/}" "$@" &
	pids="$pids $!"
done
wait $pids
status=0
for d in "$IN"/kecamatan/*/; do
	slug=$(basename "$d")
	s=$(cat "$OUT/log/$slug.status" 2>/dev/null || echo 70)
	[ "$s" -eq 0 ] || echo "$0: kecamatan $slug: exit $s (see" \
	    "$OUT/log/$slug.log)" >&2
	status=$(worst $status $s)
done

# The kabupaten's roll-ups, once every kecamatan is done.
kab=$OUT/setda log=$OUT/log/setda.log
: >"$log"
if fresh "$kab" &&
    ! "$NASKAH" init -q --input "$IN" --output "$kab" "$@" >>"$log" 2>&1; then
	s=$?
	echo "$0: kabupaten: init exit $s (see $log)" >&2
	exit "$(worst $status $s)"
fi
for b in $BAGIAN layanan pengaduan; do
	"$NASKAH" report "$b" --month "$MONTH" --date "$DATE" --kabupaten \
	    --input "$IN" --output "$kab" "$@" >>"$log" 2>&1
	s=$?
	# A month without any letter or complaint in the kabupaten yet (66)
	# is nothing to report on, not a failure of the night.
	case $b:$s in layanan:66|pengaduan:66)
		echo "$0: kabupaten $b: nothing of $MONTH in any kecamatan" \
		    "register yet" >>"$log"; continue ;;
	esac
	[ $s -eq 0 ] || echo "$0: kabupaten $b: exit $s (see $log)" >&2
	status=$(worst $status $s)
done
echo "kabupaten-nightly: $(ls "$IN"/kecamatan | wc -l) kecamatan and the" \
    "kabupaten done, exit $status; roll-ups in $kab/laporan" >&2
exit $status
