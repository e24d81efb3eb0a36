# t_report_scale.sh -- `naskah report` for a kabupaten-sized list of desa
# (issue 4): every table, the chart and every list run over many parts of
# 48 entries, so each must come out whole, in order and once; and peak
# memory must not grow with the number of desa.

# scale_office NAME N: N desa 35.03.13.2001.., "Wates 1".. in desa.csv;
# trantibum data for 2025-01 from every desa whose number is not a
# multiple of 3; an even desa reports more conflicts mediated than
# identified (a plausibility warning), an odd one a note on its patrols.
scale_office() {
	d=$(office "$1")
	mkdir -p "$d/in/desa/2025-01/trantibum"
	awk -v n="$2" -v dir="$d/in" 'BEGIN {
		desa = dir "/desa.csv"
		print "kode,nama,jenis" > desa
		for (i = 1; i <= n; i++) {
			kode = sprintf("35.03.13.%04d", 2000 + i)
			printf "%s,Wates %d,desa\n", kode, i > desa
			if (i % 3 == 0)
				continue
			f = dir "/desa/2025-01/trantibum/" kode ".csv"
			print "indikator,nilai,keterangan" > f
			printf "patroli,%d,%s\n", 10 + i % 17, \
			    i % 2 ? "termasuk patroli gabungan" : "" > f
			printf "kejadian_pencurian,%d,\nkejadian_perkelahian,0,\n", i % 4 > f
			printf "kejadian_kebakaran,0,\nkejadian_kecelakaan,1,\n" > f
			printf "kejadian_lainnya,0,\nkonflik_sosial,1,\n" > f
			printf "konflik_dimediasi,%d,\nkonflik_selesai,0,\n", i % 2 ? 1 : 2 > f
			printf "pelanggaran_perda,0,\nsosialisasi_perda,1,\n" > f
			printf "bencana,0,\nanggota_linmas,%d,\n", 20 + i % 9 > f
			close(f)
		}
	}'
	echo "$d"
}

begin "report at scale: 160 desa, every part over several chunks"
d=$(scale_office scale 160)
run_n "$d" report trantibum --month 2025-01 --date 2025-02-05
expect_rc 0
f=$(find "$d/out/laporan" -name '*.pdf')
expect 'pdf_sound "$f"' "qpdf --check and embedded fonts"
pdftotext -layout "$f" "$d/t.txt"
nok=$(ls "$d/in/desa/2025-01/trantibum" | wc -l)
expect '[ "$nok" -eq 107 ]' "107 desa reported, 53 did not"
# Every table: rows numbered 1..107 with a desa code, three tables.
# (mawk has no {4}: the code's digits are spelled out.)
awk '$1 ~ /^[0-9]+$/ && $2 ~ /^35\.03\.13\.[0-9][0-9][0-9][0-9]$/ { print $1 }' "$d/t.txt" > "$d/nums"
{ seq 1 107; seq 1 107; seq 1 107; } > "$d/want"
expect 'cmp -s "$d/nums" "$d/want"' "three tables of rows 1..107, in order, none twice"
codes=$(awk '$1 ~ /^[0-9]+$/ && $2 ~ /^35\.03\.13\./ { print $2 }' "$d/t.txt" | sort | uniq -c | awk '$1 == 3' | wc -l)
expect '[ "$codes" -eq 107 ]' "each of the 107 reporting desa once in each table (got $codes)"
want=$(cat "$d"/in/desa/2025-01/trantibum/*.csv | awk -F, '$1 == "patroli" { s += $2 } END { print s }')
got=$(awk '$1 == "JUMLAH" { gsub(/\./, "", $2); print $2; exit }' "$d/t.txt")
expect '[ "$got" = "$want" ]' "JUMLAH of patrols after the last chunk: $got = awk's $want"
bars=$(sed -n '/C\. Grafik/,/D\. Desa Belum Melapor/p' "$d/t.txt" | grep -c 'Wates [0-9]')
expect '[ "$bars" -eq 107 ]' "a bar for each of 107 desa (got $bars)"
expect 'grep -q "C\. Grafik: Jumlah patroli per desa (kali) (lanjutan)" "$d/t.txt"' \
    "a chart that goes on to another page repeats its title there"
belum=$(sed -n '/D\. Desa Belum Melapor/,/E\. Laporan Desa/p' "$d/t.txt")
miss=0
for i in $(seq 3 3 160); do
	echo "$belum" | grep -q "Desa Wates $i ($(printf '35.03.13.%04d' $((2000 + i))))" || miss=$((miss + 1))
done
expect '[ "$miss" -eq 0 ]' "all 53 desa belum melapor listed ($miss missing)"
expect 'echo "$belum" | grep -q "^ *53\. *Desa Wates 159 "' "numbered on across chunks to 53"
ket=$(sed -n '/F\. Keterangan dari Desa/,/Demikian/p' "$d/t.txt" | grep -c 'Wates [0-9]*, Patroli: termasuk')
expect '[ "$ket" -eq 53 ]' "53 notes from desa (got $ket)"
warn=$(sed -n '/LAMPIRAN/,$p' "$d/t.txt" | awk '$1 ~ /^[0-9]+$/ && $2 == "Wates" { n++ } END { print n + 0 }')
expect '[ "$warn" -eq 54 ]' "54 plausibility warnings in the appendix (got $warn)"
pages=$(pdfinfo "$f" | awk '/^Pages:/ { print $2 }')
expect 'grep -q "Halaman $pages dari $pages" "$d/t.txt" && [ "$(grep -c "Halaman [0-9]* dari $pages" "$d/t.txt")" -eq "$pages" ]' \
    "every one of $pages pages numbered \"Halaman i dari $pages\""

# Memory: the report holds one chunk and one page at a time.  What still
# grows is libharu's objects and compressed content of the pages it keeps
# until it writes the file (about 10 KB a page, 1.3 KB a desa) and bounded
# caches: 600 desa take about 1.3 MB more than 20, where the whole-document
# pipeline took 12 MB more.  ASan's own bookkeeping would drown the
# figure, so only the plain build measures it.
if [ "${BUILD:-build}" = build ] && [ -x /usr/bin/time ]; then
	begin "report at scale: memory flat in the number of desa"
	for n in 20 600; do
		d=$(scale_office mem$n $n)
		/usr/bin/time -f %M -o "$d/rss" "$NASKAH" report trantibum \
		    --month 2025-01 --date 2025-02-05 -q --input "$d/in" \
		    --output "$d/out" 2>/dev/null || true
		eval "rss$n=$(cat "$d/rss")"
	done
	expect '[ $((rss600 - rss20)) -lt 4096 ]' \
	    "peak RSS ${rss20} KB at 20 desa, ${rss600} KB at 600: less than 4 MB apart"
fi
