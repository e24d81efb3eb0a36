# t_fixes.sh -- session 5 "fixes": `naskah check` naming every problem of
# every input file at once (desa.csv and libur.csv even when kantor.xml is
# broken, every bad row); messages and the progress line on a terminal.

begin "check: a broken kantor.xml hides nothing of desa.csv and libur.csv"
d=$(office chkall)
sed -i 's/<kecamatan>/<kecamatanx>/' "$d/in/kantor.xml"
printf '35.03.13.2001,Dup,desa\n35.03.13.2099,,desa\n3503132098,Salah,desa\n35.03.13.2097,Kota,kota\n' >>"$d/in/desa.csv"
cp "$ROOT/input/libur.csv" "$d/in/"
printf '2025-02-30,Tidak ada\n' >>"$d/in/libur.csv"
run_n "$d" check
expect_rc 78
n=$(echo "$ERR" | grep -c 'desa.csv:16:.*listed twice\|desa.csv:17:.*empty nama\|desa.csv:18:.*not of the form\|desa.csv:19:.*jenis must be' || true)
expect '[ "$n" -eq 4 ]' "every bad desa row named with its line ($n of 4)"
expect '[ "$(echo "$ERR" | grep -c "kantor.xml:4:")" -eq 1 ] && [ "$(echo "$ERR" | grep -c "libur.csv:[0-9]*:.*2025-02-30")" -eq 1 ]' "and kantor.xml's mistake and libur.csv's"
expect '[ "$(echo "$ERR" | grep -c "naskah check: 6 problems")" -eq 1 ]' "counted: 6 problems"
# A sound kantor.xml: its region code is checked too, each row.
d=$(office chkall2)
printf '35.03.14.2001,Lain,desa\n35.03.13.2001,Dup,desa\n' >>"$d/in/desa.csv"
run_n "$d" check
expect_rc 78
n=$(echo "$ERR" | grep -c 'desa.csv:16:.*not a desa of 35.03.13\|desa.csv:17:.*listed twice' || true)
expect '[ "$n" -eq 2 ] && [ "$(echo "$ERR" | grep -c "naskah check: 2 problems")" -eq 1 ]' "both bad rows of a sound office's desa.csv ($n of 2)"
run_n "$d" run
expect_rc 78
expect '[ "$(echo "$ERR" | grep -c "desa.csv:16:")" -eq 1 ]' "run still stops at the first"

begin "progress: a message clears the line and the line comes back after it"
if command -v script >/dev/null; then
	d=$(office progmsg)
	sh "$ROOT/tests/bench/gen.sh" 300 "$d/in" >/dev/null
	fresh_out "$d"
	NASKAH_TEST_TODAY=2025-01-21 "$NASKAH" run -q --input "$d/in" --output "$d/out" >/dev/null 2>&1 || true
	# Two files missing late in the order: restore's messages about them
	# come while the progress line is shown.
	rm -f "$d"/out/surat/2025/00150_*.pdf "$d"/out/surat/2025/00290_*.pdf
	script -qec "'$NASKAH' restore --input '$d/in' --output '$d/out'" /dev/null \
	    >"$TMPROOT/progmsg.out" 2>&1 </dev/null || true
	E=$(printf '\033')
	n=$(grep -c "naskah restore: [0-9]*/300 documents" "$TMPROOT/progmsg.out" || true)
	expect '[ "$n" -ge 1 ]' "the progress line is drawn ($n lines)"
	CR=$(printf '\r')
	n=$(grep -c "$CR$E\[Knaskah restore: surat/2025/00[12][59]0_.*was missing; restored" "$TMPROOT/progmsg.out" || true)
	expect '[ "$n" -eq 2 ]' "each message starts on a cleared line ($n of 2)"
	n=$(awk -v e="$E" 'seen && index($0, "\r" e "[Knaskah restore: ") == 1 && $0 ~ /[0-9]+\/300 documents/ { ok++ } { seen = /was missing; restored/ } END { print ok + 0 }' "$TMPROOT/progmsg.out")
	expect '[ "$n" -eq 2 ]' "and the line is drawn again after each ($n of 2)"
	n=$(grep -c "2 restored, 298 intact" "$TMPROOT/progmsg.out" || true)
	expect '[ "$n" -eq 1 ]' "the summary still there"
else
	skip "no script(1) (util-linux)"
fi

begin "Makefile: an object built with other flags is built again"
if command -v make >/dev/null && command -v pkg-config >/dev/null; then
	mk=$TMPROOT/mk
	rm -rf "$mk" && mkdir -p "$mk"
	cp -r "$ROOT/Makefile" "$ROOT/pipeline" "$mk/"
	# The suite may itself run under `make check SAN=1`: the inner makes
	# must not inherit its variables (SAN=1 is in their environment too),
	# nor stop run.sh's set -e.
	mk_() { (cd "$mk" && env -i PATH="$PATH" HOME="${HOME:-/}" \
	    make "$@" >/dev/null 2>&1); }
	mq() { if mk_ -q "$@"; then echo 0; else echo 1; fi; }
	mk_ -s build/xmem.o || true
	expect '[ "$(mq build/xmem.o)" = 0 ]' "built: up to date"
	expect '[ "$(mq build/xmem.o)" = 0 ]' "still up to date (the flags stamp is not rewritten)"
	expect '[ "$(mq CFLAGS=-O0 build/xmem.o)" = 1 ]' "other CFLAGS: out of date"
	expect '[ "$(mq build/xmem.o)" = 1 ]' "and back: out of date until built again"
	mk_ -s build/xmem.o || true
	expect '[ "$(mq build/xmem.o)" = 0 ] && [ "$(mq SAN=1 build-san/xmem.o)" = 1 ]' "built again; build-san/ apart"
else
	skip "no make or pkg-config"
fi

# skm_bars PDF: the widths of the chart's bars (its fill colour), one a
# line, from the report's inflated content streams.
skm_bars() {
	python3 - "$1" <<'PY'
import re, sys, zlib
data = open(sys.argv[1], "rb").read()
for m in re.finditer(rb"stream\r?\n", data):
    try:
        s = zlib.decompressobj().decompress(data[m.end():])
    except zlib.error:
        continue
    for b in re.finditer(rb"0\.16 0\.36 0\.62 rg\s+[-\d.]+ [-\d.]+ ([\d.]+) [\d.]+ re", s):
        print(b.group(1).decode())
PY
}

begin "report skm: the chart's axis is the scale 0-4, not the largest NRR"
d=$(office skmaxis)
for s in 2025-S1 2025-S2; do
	mkdir -p "$d/in/skm/$s"
	# Every element 4 (S1) or 3 (S2) but u9, always 2.
	v=4; m=01
	[ "$s" = 2025-S2 ] && v=3 && m=07
	{
		echo "tanggal,layanan,jenis_kelamin,umur,pendidikan,pekerjaan,u1,u2,u3,u4,u5,u6,u7,u8,u9"
		for i in 1 2 3 4 5 6; do
			echo "2025-$m-0$i,ktp,L,40,SMA,PELAJAR,$v,$v,$v,$v,$v,$v,$v,$v,2"
		done
	} >"$d/in/skm/$s/2025-$m.csv"
done
run_n "$d" report skm --semester 2025-S1 --date 2025-07-10
expect_rc 0
run_n "$d" report skm --semester 2025-S2 --date 2025-12-01
expect_rc 0
b1=$(skm_bars "$(find "$d/out/laporan" -name '2025-S1_skm_r1_*.pdf')")
b2=$(skm_bars "$(find "$d/out/laporan" -name '2025-S2_skm_r1_*.pdf')")
expect '[ "$(echo "$b1" | wc -l)" -eq 9 ] && [ "$(echo "$b2" | wc -l)" -eq 9 ]' "nine bars each"
# u9 (NRR 2.00) is half the axis in both; S1's 4.00 the whole, S2's 3.00
# three quarters.
expect 'python3 -c "import sys; a=[float(x) for x in sys.argv[1].split()]; b=[float(x) for x in sys.argv[2].split()]; sys.exit(not (abs(a[8]-b[8]) < 0.01 and abs(a[8]*2-a[0]) < 0.01 and abs(b[8]*1.5-b[0]) < 0.01))" "$b1" "$b2"' "a bar of 2.00 as long in both reports, half of a 4.00 ($(echo $b1 | cut -d" " -f1,9) / $(echo $b2 | cut -d" " -f1,9))"
