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
