# t_report.sh -- `naskah report` on the demo desa data (issue 4): every
# section's totals and percentages read back from the PDF and compared with
# sums this script computes itself from the CSVs; desa that did not report,
# the bad file, the appendix, revisions, numbers and exit statuses.

# rp_sum MONTH BAGIAN SKIP: "indikator sum" lines over the month's desa
# files, the file named SKIP (a desa code or "") left out.  Independent of
# naskah: plain awk over ',' or ';' files with dotted or plain numbers.
rp_sums() {
	for f in "$ROOT/input/desa/$1/$2"/*.csv; do
		[ "$(basename "$f" .csv)" = "$3" ] && continue
		cat "$f"
	done | tr -d '\r' | awk -F'[;,]' '
		$1 == "indikator" { next }
		{ v = $2; gsub(/\./, "", v); s[$1] += v }
		END { for (k in s) printf "%s %.0f\n", k, s[k] }'
}

# rp_get SUMS INDIKATOR: the sum of one indicator from rp_sums output.
rp_get() {
	echo "$1" | awk -v k="$2" '$1 == k { print $2 }'
}

# rp_fmt N [rupiah|status]: N the Indonesian way, as the report prints it.
rp_fmt() {
	awk -v n="$1" -v kind="${2:-}" 'BEGIN {
		s = sprintf("%.0f", n); out = ""
		while (length(s) > 3) {
			out = "." substr(s, length(s) - 2) out
			s = substr(s, 1, length(s) - 3)
		}
		out = s out
		if (kind == "rupiah") out = "Rp " out
		if (kind == "status") out = out " desa"
		print out
	}'
}

# rp_pct NUM DEN: "85,37%" rounded half up, as in the report.
rp_pct() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		q = int((a * 10000 + int(b / 2)) / b)
		printf "%d,%02d%%\n", int(q / 100), q % 100
	}'
}

# rp_rows PDF: the rows of the summary table, one line each (a wrapped
# label's continuation has no figure, so it is dropped).
rp_rows() {
	pdftotext -layout "$1" - | awk '
		/Indikator +Satuan/ { on = 1; next }
		/Angka penting/ { on = 0 }
		on && /[0-9]/'
}

# The indicators of each section as the definition declares them, with
# their satuan and kind (from the data file, so a renamed label follows).
rp_inds() {
	sed -n 's/.*<indikator \([^>]*\)>.*/\1/p' "$ROOT/templates/laporan/$1.xml" |
	    awk '{ k = s = j = ""
		for (i = 1; i <= NF; i++) {
			split($i, kv, "=")
			gsub(/"/, "", kv[2])
			if (kv[1] == "kode") k = kv[2]
			if (kv[1] == "satuan") s = kv[2]
			if (kv[1] == "jenis") j = kv[2]
		}
		print k, s, j }'
}

begin "report: demo office, letters first, then every section"
d=$(office report)
rm -rf "$d/in"; cp -r "$ROOT/input" "$d/in"
run_n "$d" run
letters=$(sql "SELECT COUNT(*) FROM book")
for b in trantibum kesra ekbang tapem; do
	run_n "$d" report $b --month 2025-01 --date 2025-02-05
	if [ $b = trantibum ]; then expect_rc 65; else expect_rc 0; fi
done
n=$(find "$d/out/laporan" -name '*.pdf' | wc -l)
expect '[ "$n" -eq 4 ]' "four reports (got $n)"
nums=$(sql "SELECT urut FROM book WHERE tahun = 2025 ORDER BY urut" | tr '\n' ' ')
expect '[ "$nums" = "$(seq 1 $((letters + 4)) | tr "\n" " ")" ]' "reports continue the letters' book without gaps"
f=$(find "$d/out/laporan/2025" -name "2025-01_trantibum_r1_$(printf %05d $((letters + 1))).pdf")
expect '[ -n "$f" ]' "file name laporan/2025/2025-01_trantibum_r1_NNNNN.pdf"
expect '[ "$(sql "SELECT kind FROM book WHERE urut = $((letters + 1))")" = laporan ]' "number recorded as laporan"

for b in trantibum kesra ekbang tapem; do
	begin "report $b: totals equal the CSVs' sums"
	f=$(find "$d/out/laporan" -name "2025-01_${b}_r1_*.pdf")
	t=$(pdftext "$f")
	skip=""; [ $b = trantibum ] && skip=35.03.13.2008
	sums=$(rp_sums 2025-01 $b "$skip")
	psums=$(rp_sums 2024-12 $b "")
	rows=$(rp_rows "$f")
	upper=$(echo "$b" | tr a-z A-Z)
	expect 'pdf_sound "$f"' "qpdf --check and embedded fonts"
	expect 'echo "$t" | grep -q "DATA BAHAN KOORDINASI"' "title"
	expect 'echo "$t" | grep -q "BULAN JANUARI 2025"' "month"
	expect 'echo "$t" | grep -qE "Nomor : [0-9]{3}(\.[0-9]+)+/[0-9]{4}/406\.13/2025"' "number"
	expect 'echo "$t" | grep -qE "Halaman 1 dari [0-9]+"' "page numbers"
	expect 'echo "$t" | grep -q "AHMAD ZUHDAN"' "the Camat signs"
	expect 'echo "$t" | grep -q "Paraf Kasi"' "paraf box for the Kasi"
	bad=0; k=0
	for ind in $(rp_inds $b | tr ' ' ':'); do
		k=$((k + 1))
		kode=${ind%%:*}; rest=${ind#*:}; sat=${rest%%:*}; kind=${rest#*:}
		want=$(rp_fmt "$(rp_get "$sums" "$kode")" "$kind")
		pwant=$(rp_fmt "$(rp_get "$psums" "$kode")" "$kind")
		row=$(echo "$rows" | sed -n "${k}p")
		case $row in
		*" $sat "*"$want "*"$pwant "*) ;;
		*) bad=$((bad + 1)); echo "    $b $kode: want \"$sat $want $pwant\", row: $row" ;;
		esac
	done
	expect '[ "$bad" -eq 0 ] && [ "$k" -ge 9 ]' "$k indicators: this month and last month as summed by awk"
	cnt=$(ls "$ROOT/input/desa/2025-01/$b"/*.csv | wc -l)
	[ $b = trantibum ] && cnt=$((cnt - 1))
	expect 'echo "$t" | grep -q "14 desa, $cnt desa telah melapor"' "$cnt desa counted"
	begin "report $b: desa belum melapor"
	sect=$(echo "$t" | sed -n 's/.*D\. Desa Belum Melapor\(.*\)E\. Laporan Desa.*/\1/p')
	missing=0
	while IFS=, read -r kode nama jenis; do
		[ "$kode" = kode ] && continue
		if [ ! -f "$ROOT/input/desa/2025-01/$b/$kode.csv" ]; then
			missing=$((missing + 1))
			expect 'echo "$sect" | grep -qF "Desa $nama ($kode)"' "$nama listed as not reported"
		else
			echo "$sect" | grep -qF "($kode)" && fail "$nama reported but listed"
		fi
	done < "$ROOT/input/desa.csv"
	expect '[ "$missing" -ge 1 ]' "the demo month lacks $missing desa"
done

begin "report: percentages"
pct_check() {	# BAGIAN NUMKODE DENKODE KIND
	f=$(find "$d/out/laporan" -name "2025-01_$1_r1_*.pdf")
	skip=""; [ $1 = trantibum ] && skip=35.03.13.2008
	s=$(rp_sums 2025-01 $1 "$skip")
	a=$(rp_get "$s" $2); bb=$(rp_get "$s" $3)
	w="$(rp_fmt $a ${4:-}) dari $(rp_fmt $bb ${4:-}) $(rp_pct $a $bb)"
	expect 'pdftext "$f" | grep -qF "$w"' "$1: $2 of $3 = $w"
}
pct_check kesra balita_stunting balita_ditimbang
pct_check trantibum konflik_selesai konflik_sosial
pct_check ekbang dd_realisasi dd_pagu rupiah
pct_check ekbang add_realisasi add_pagu rupiah
pct_check ekbang kegiatan_fisik_selesai kegiatan_fisik_rencana

begin "report ekbang: DD in rupiah, ranked by percentage"
f=$(find "$d/out/laporan" -name '2025-01_ekbang_r1_*.pdf')
s=$(rp_sums 2025-01 ekbang "")
w="JUMLAH $(rp_fmt $(rp_get "$s" dd_pagu) rupiah) $(rp_fmt $(rp_get "$s" dd_realisasi) rupiah) $(rp_pct $(rp_get "$s" dd_realisasi) $(rp_get "$s" dd_pagu))"
expect 'pdftext "$f" | grep -qF "$w"' "DD totals row: $w"
ranked=$(pdftotext -layout "$f" - | awk '/Realisasi Dana Desa \(DD\)/ { on = 1 } on && /JUMLAH/ { exit }
	on && $NF ~ /^[0-9.]+,[0-9][0-9]%$/ { v = $NF; gsub(/\./, "", v); sub(/,/, ".", v); sub(/%/, "", v); print v }')
expect '[ "$(echo "$ranked" | wc -l)" -eq 12 ] && [ "$ranked" = "$(echo "$ranked" | sort -rn)" ]' "12 desa, highest percentage first"

begin "report trantibum: the bad file"
f=$(find "$d/out/laporan" -name '2025-01_trantibum_r1_*.pdf')
t=$(pdftext "$f")
run_n "$d" report trantibum --month 2025-01 --date 2025-02-05
expect_rc 65
expect 'echo "$ERR" | grep -q "35.03.13.2008.csv:4: "' "stderr names file:line"
expect 'echo "$t" | grep -q "Desa Pandean (35.03.13.2008): baris 4"' "report names the desa and line"
expect 'echo "$t" | grep -q "tidak dimasukkan dalam jumlah"' "report says it is left out of the totals"
expect '[ "$(sql "SELECT COUNT(*) FROM desa_data WHERE bulan = '"'2025-01'"' AND kode_desa = '"'35.03.13.2008'"' AND bagian = '"'trantibum'"'")" -eq 0 ]' "not stored in the register"
expect 'echo "$t" | grep -q "LAMPIRAN: PERINGATAN KEWAJARAN DATA"' "appendix of warnings"
app=$(echo "$t" | sed -n "s/.*LAMPIRAN//p")
expect 'echo "$app" | grep -qF "Sumbergayam (35.03.13.2010)" && echo "$app" | grep -qF "Konflik sosial selesai: 2;" && echo "$app" | grep -qF "dimediasi: 1"' "warning names desa, indicators and values"
expect '! pdftext "$(find "$d/out/laporan" -name "2025-01_kesra_r1_*.pdf")" | grep -q LAMPIRAN' "no appendix without warnings"
expect '[ "$(sql "SELECT COUNT(*) FROM desa_data WHERE bulan = '"'2025-01'"'")" -gt 0 ] && [ "$(sql "SELECT COUNT(*) FROM desa_data WHERE bulan = '"'2024-12'"'")" -gt 0 ]' "this month and last month stored"

begin "report: same data again issues nothing"
sums1=$(find "$d/out/laporan" -name '*.pdf' -exec sha256sum {} + | sort)
books=$(sql "SELECT COUNT(*) FROM book")
run_n "$d" report kesra --month 2025-01 --date 2025-02-06
expect_rc 0
expect 'echo "$ERR" | grep -q "unchanged.*nothing issued"' "says nothing was issued"
expect '[ "$(find "$d/out/laporan" -name "*.pdf" -exec sha256sum {} + | sort)" = "$sums1" ]' "no file added or changed"
expect '[ "$(sql "SELECT COUNT(*) FROM book")" -eq "$books" ]' "no number used"

begin "report: changed data issues a revision"
old=$(sql "SELECT nomor FROM reports WHERE bagian = 'kesra' AND revision = 1")
oldf=$(find "$d/out/laporan" -name '2025-01_kesra_r1_*.pdf')
oldsum=$(sha256sum < "$oldf")
was=$(sed -n 's/^rtlh,\([0-9]*\),.*/\1/p' "$d/in/desa/2025-01/kesra/35.03.13.2001.csv")
sed -i 's/^rtlh,[0-9]*,/rtlh,999,/' "$d/in/desa/2025-01/kesra/35.03.13.2001.csv"
run_n "$d" report kesra --month 2025-01 --date 2025-02-07
expect_rc 0
newf=$(find "$d/out/laporan" -name "2025-01_kesra_r2_$(printf %05d $((books + 1))).pdf")
expect '[ -n "$newf" ]' "r2 file with the next number"
expect 'pdftext "$newf" | grep -qF "Revisi ke-1 atas Nomor $old"' "names the number it replaces ($old)"
expect '[ "$(sha256sum < "$oldf")" = "$oldsum" ]' "earlier file stays unchanged"
expect '[ "$(sql "SELECT replaces FROM reports WHERE bagian = '"'kesra'"' AND revision = 2")" = "$old" ]' "register links the revision"
s=$(rp_sums 2025-01 kesra "")
expect 'rp_rows "$newf" | grep -q "Rumah tidak layak huni.* $(rp_fmt $(( $(rp_get "$s" rtlh) - was + 999 ))) "' "revision shows the new total"
expect 'pdf_sound "$newf"' "sound PDF"

begin "report: exit statuses"
run_n "$d" report kesra --month 2025-03
expect_rc 66
mkdir -p "$d/in/desa/2025-04/kesra"
run_n "$d" report tapem --month 2025-04
expect_rc 66
run_n "$d" report kesra --month 2025-04
expect_rc 66
run_n "$d" report pertanian --month 2025-01
expect_rc 64
run_n "$d" report kesra --month 2025-1
expect_rc 64
run_n "$d" report kesra --month 2025-01 --date 2024-12-31
expect_rc 64
echo "<kantor/>" > "$d/in/kantor.xml"
run_n "$d" report kesra --month 2025-01
expect_rc 78

begin "report: a file that is no desa, and a bad value in a ';' file"
d=$(office report2)
mkdir -p "$d/in/desa/2025-01/kesra"
cp "$ROOT/input/desa/2025-01/kesra/35.03.13.2011.csv" "$d/in/desa/2025-01/kesra/"
cp "$ROOT/input/desa/2025-01/kesra/35.03.13.2001.csv" "$d/in/desa/2025-01/kesra/35.03.12.2004.csv"
sed 's/^rtlh;11;/rtlh;11,5;/' "$ROOT/input/desa/2025-01/kesra/35.03.13.2011.csv" > "$d/in/desa/2025-01/kesra/35.03.13.2011.csv"
run_n "$d" report kesra --month 2025-01 --date 2025-02-05
expect_rc 65
expect 'echo "$ERR" | grep -q "35.03.12.2004.csv: not the code of a desa"' "unknown desa file reported"
expect 'echo "$ERR" | grep -q "35.03.13.2011.csv:11: "' "bad value named with its line"
f=$(find "$d/out/laporan" -name '*.pdf')
expect 'pdftext "$f" | grep -q "Berkas 35.03.12.2004.csv"' "report lists the stray file"
expect 'pdftext "$f" | grep -q "Dari 14 desa, 0 desa telah melapor"' "nothing counted"
