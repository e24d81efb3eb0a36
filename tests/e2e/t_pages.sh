# t_pages.sh -- pages a Camat would sign (issue 13): every golden layout
# keeps the pagination rules (tests/layout/rules.awk), and real long
# documents rendered to PDF end with the closing paragraph, two lines
# before it and the signature on one page: letters with a long keperluan,
# a report of many desa, an agenda of 36 numbers (which, without the
# rules, leaves its signature alone on its last page).

# sig_page_ok PDF: the page with the signer's NIP has, above the signature,
# the "Demikian" line (when the document has one) with >= 2 lines before
# it, or (without one) >= 2 lines before "Mengetahui,"; prints the
# signature's page number, or "bad N" and why.
sig_page_ok() {
	n=$(pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }')
	demi=$(pdftotext -layout "$1" - 2>/dev/null | grep -c 'Demikian' || true)
	i=1
	while [ "$i" -le "${n:-0}" ]; do
		if pdftotext -f "$i" -l "$i" -layout "$1" - 2>/dev/null | grep -q 'NIP\.'; then
			pdftotext -f "$i" -l "$i" -layout "$1" - 2>/dev/null |
			awk -v pg="$i" -v demi="$demi" '
				/^[ \f]*$/ { next }
				!found && demi > 0 && /Demikian/ { found = 1; print (before >= 2 ? pg : "bad " pg ": " before " lines before Demikian"); exit }
				!found && demi == 0 && /Mengetahui,/ { found = 1; print (before >= 2 ? pg : "bad " pg ": " before " lines before the signature"); exit }
				{ before++ }
				END { if (!found) print "bad " pg ": no closing line on the signature page" }'
			return
		fi
		i=$((i + 1))
	done
	echo "bad: no signature"
}

begin "pages: every golden layout keeps the pagination rules"
nbad=0
nfile=0
for f in "$ROOT"/tests/layout/*.txt; do
	nfile=$((nfile + 1))
	awk -f "$ROOT/tests/layout/rules.awk" "$f" || nbad=$((nbad + 1))
done
expect '[ "$nfile" -ge 16 ] && [ "$nbad" = 0 ]' "$nfile goldens, $nbad breaking a rule"
# The checker itself finds each kind of breach.
cat >"$TMPROOT/breach.txt" <<'TXT'
document
page 1 595.3x841.9
  text 70.9,700.0 R11.0 "satu Qa"
  text 70.9,650.0 R9.0 "Rt01"
  text 70.9,150.0 B11.0 "B. Data per Desa"
  text 70.9,100.0 R11.0 "Fd SUTRISNO"
page 2 595.3x841.9
  text 70.9,780.0 R11.0 "dua Qa"
  text 70.9,760.0 R11.0 "tiga Qa"
  text 70.9,740.0 B9.0 "JUMLAH"
  text 70.9,720.0 R11.0 "Fd 3503131403820559"
page 3 595.3x841.9
  text 362.8,780.0 R11.0 "Durenan, 20 Januari 2025"
  stamp 353.8,700.0 "A" "B" "C"
end title "X" date 2025-01-20
TXT
nb=$(awk -f "$ROOT/tests/layout/rules.awk" "$TMPROOT/breach.txt" | wc -l)
expect '[ "$nb" = 5 ]' "rules.awk names 5 breaches in a page made of them (found $nb)"
expect 'grep -q "\"Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Trenggalek\"" "$ROOT/tests/layout/letter.txt"' \
    "the tembusan wraps at the margin, not at 60 % of it"

begin "pages: letters with a long keperluan keep the closing with the signature"
d=$(office pages)
{
	echo "$HDR"
	i=1
	while [ "$i" -le 22 ]; do
		k=$(awk -v n=$((i * 2 + 1)) 'BEGIN { for (j = 1; j <= n; j++) printf "%spersyaratan pendaftaran beasiswa pendidikan", (j > 1) ? " " : "" }')
		printf 'P-%02d,2025-01-20,08:00,sktm,3503130101900001,"Pemohon %d",L,Trenggalek,1990-01-01,Islam,Kawin,Petani,"Dusun Krajan",003,002,35.03.13.2006,,"%s",pengantar_desa;surat_permohonan,,,,,,,Sari\n' "$i" "$i" "$k"
		i=$((i + 1))
	done
} >"$d/in/register/2025-01-20.csv"
run_n "$d" run -q
expect_rc 0
npdf=0 nbad=0 nlate=0 nwide=0
for p in $(find "$d/out/surat" -name '*.pdf' | sort); do
	npdf=$((npdf + 1))
	r=$(sig_page_ok "$p")
	case $r in
	bad*) nbad=$((nbad + 1)); echo "    $(basename "$p"): $r" ;;
	1) ;;
	*) nlate=$((nlate + 1))
	   pdftotext -f 1 -l 1 -layout "$p" - 2>/dev/null |
	       grep -q 'Halaman 1 dari' || nwide=$((nwide + 1)) ;;
	esac
done
expect '[ "$npdf" = 22 ] && [ "$nbad" = 0 ]' "22 letters, $nbad with the signature page wrong"
# A page ending on a justified line (the paragraph goes on) once spaced
# out the page number drawn over it: PDF word spacing outlived the page.
expect '[ "$nlate" -gt 0 ] && [ "$nwide" = 0 ]' "$nwide page numbers under a justified last line spaced out"
expect '[ "$nlate" -ge 10 ]' "$nlate letters signed on page 2 or later, each with its closing and 2 lines"
# Looked at: the letter whose signature was nearest to standing alone.

begin "pages: a report of many desa and a 36-number agenda keep their signature company"
d=$(office pages2)
mkdir -p "$d/in/desa/2025-01/trantibum"
awk -v n=70 -v dir="$d/in" 'BEGIN {
	desa = dir "/desa.csv"
	print "kode,nama,jenis" > desa
	for (i = 1; i <= n; i++) {
		kode = sprintf("35.03.13.%04d", 2000 + i)
		printf "%s,Wates %d,desa\n", kode, i > desa
		f = dir "/desa/2025-01/trantibum/" kode ".csv"
		print "indikator,nilai,keterangan" > f
		printf "patroli,%d,%s\n", 10 + i % 17, i % 4 ? "" : "termasuk patroli gabungan bersama Polsek dan Koramil di wilayah desa" > f
		printf "kejadian_pencurian,%d,\nkejadian_perkelahian,0,\n", i % 4 > f
		printf "kejadian_kebakaran,0,\nkejadian_kecelakaan,1,\n" > f
		printf "kejadian_lainnya,0,\nkonflik_sosial,1,\n" > f
		printf "konflik_dimediasi,1,\nkonflik_selesai,0,\n" > f
		printf "pelanggaran_perda,0,\nsosialisasi_perda,1,\n" > f
		printf "bencana,0,\nanggota_linmas,%d,\n", 20 + i % 9 > f
		close(f)
	}
}'
run_n "$d" report trantibum --month 2025-01 --date 2025-02-05
expect_rc 0
p=$(find "$d/out/laporan" -name '*.pdf' | head -1)
r=$(sig_page_ok "$p")
expect '[ -n "$p" ] && [ "${r%% *}" != bad ] && [ "$r" -ge 2 ]' "report of 70 desa: signed on page $r with its closing and 2 lines"
{
	echo "$HDR"
	i=1
	while [ "$i" -le 36 ]; do
		sktm_row "A-$i" "Pemohon $i" "Dusun Krajan"
		i=$((i + 1))
	done
} >"$d/in/register/2025-01-20.csv"
run_n "$d" run -q
run_n "$d" agenda --year 2025 --format pdf --date 2026-01-15
expect_rc 0
p=$(find "$d/out/agenda" -name '*.pdf' | head -1)
r=$(sig_page_ok "$p")
rows=$(pdftotext -f "${r:-1}" -l "${r:-1}" -layout "$p" - 2>/dev/null |
    grep -cE '^ *[A-Za-z][A-Za-z_, ]*[a-z] {3,}[0-9]+ *$' || true)
expect '[ -n "$p" ] && [ "${r%% *}" != bad ] && [ "$rows" -ge 2 ]' "agenda of 36 numbers (its signature would stand alone): signed on page $r with $rows rows above it"
