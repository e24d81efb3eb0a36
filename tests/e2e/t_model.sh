# t_model.sh -- the document model: what layout draws comes from the
# document and its includes, and a stamp that cannot be drawn stops the
# render (exit 78, naming kantor.xml) instead of issuing an unstamped
# letter.  Sourced by run.sh (lib.sh loaded).

for long in "Kepulauan Seribu Selatan" "Pulau-Pulau Batu Barat"; do
	begin "stamp: kecamatan \"$long\" too long for the ring"
	d=$(office stamp)
	sed -i "s#<kecamatan>Durenan</kecamatan>#<kecamatan>$long</kecamatan>#" \
	    "$d/in/kantor.xml"
	sktm_row S1 "Sri" "Jalan Mawar 1" | sed "1i $HDR" \
	    > "$d/in/register/2025-01-20.csv"
	run_n "$d" run
	expect_rc 78
	expect '[ "$(find "$d/out" -name "*.pdf" | wc -l)" -eq 0 ]' \
	    "no PDF issued"
	expect 'echo "$ERR" | grep -q "kantor.xml"' "names kantor.xml"
	expect 'echo "$ERR" | grep -qi "$long"' "names the office"
	expect '[ "$(sql "SELECT COUNT(*) FROM book" 2>/dev/null || echo 0)" -eq 0 ]' \
	    "no number taken"
done

begin "stamp: a monthly report with a kecamatan too long for the ring"
d=$(office stamprep)
cp -r "$ROOT/input/desa" "$d/in/"
sed -i "s#<kecamatan>Durenan</kecamatan>#<kecamatan>Kepulauan Seribu Selatan</kecamatan>#" \
    "$d/in/kantor.xml"
run_n "$d" report kesra --month 2025-01 --date 2025-02-05
expect_rc 78
expect '[ "$(find "$d/out" -name "*.pdf" | wc -l)" -eq 0 ]' "no PDF issued"
expect 'echo "$ERR" | grep -q "kantor.xml"' "names kantor.xml"

begin "logo: a file libharu cannot read stops the render, naming it"
d=$(office logo)
echo "not a PNG" > "$d/in/logo.png"
sed -i 's#<kertas>#<logo>logo.png</logo><kertas>#' "$d/in/kantor.xml"
sktm_row L1 "Sri" "Jalan Mawar 1" | sed "1i $HDR" \
    > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 78
expect '[ "$(find "$d/out" -name "*.pdf" | wc -l)" -eq 0 ]' "no PDF issued"
expect 'echo "$ERR" | grep -q "logo.png"' "names the logo"
