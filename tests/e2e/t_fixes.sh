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
	mq() { if (cd "$mk" && make -q "$@" >/dev/null 2>&1); then echo 0; else echo 1; fi; }
	(cd "$mk" && make -s build/xmem.o >/dev/null 2>&1)
	expect '[ "$(mq build/xmem.o)" = 0 ]' "built: up to date"
	expect '[ "$(mq build/xmem.o)" = 0 ]' "still up to date (the flags stamp is not rewritten)"
	expect '[ "$(mq CFLAGS=-O0 build/xmem.o)" = 1 ]' "other CFLAGS: out of date"
	expect '[ "$(mq build/xmem.o)" = 1 ]' "and back: out of date until built again"
	(cd "$mk" && make -s build/xmem.o >/dev/null 2>&1)
	expect '[ "$(mq build/xmem.o)" = 0 ] && [ "$(mq SAN=1 build-san/xmem.o)" = 1 ]' "built again; build-san/ apart"
else
	skip "no make or pkg-config"
fi
