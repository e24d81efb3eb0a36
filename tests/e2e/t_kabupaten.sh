# t_kabupaten.sh -- the kabupaten (issue 14): the demo input/kabupaten is
# what scripts/gen_kabupaten.py makes; scripts/kabupaten-nightly.sh runs
# the 14 kecamatan offices at once and then the Setda's roll-ups
# (naskah report BAGIAN --kabupaten); each roll-up's figures equal what
# tests/e2e/kabupaten.py sums from the desa CSVs on its own, lists the
# kecamatan and desa that did not report, is numbered gapless in the
# kabupaten's own book, signed by the Sekda with the Kabag's paraf,
# carries a verification code naskah verify accepts, passes qpdf and
# Preflight; the same data again issues nothing; a changed desa issues a
# revision; an unreadable kecamatan register is named and not counted.
# The layanan and pengaduan roll-ups (each kecamatan's letters and
# complaints timed in the working calendar its register stores) equal
# what tests/e2e/kabupaten_waktu.py works out from the CSV inputs (on
# PostgreSQL: tests/pg/t_kabupaten_pg.sh); a kecamatan's changed
# calendar changes its times.

begin "kabupaten: the demo input is the generator's output"
d=$TMPROOT/kab
mkdir -p "$d"
python3 scripts/gen_kabupaten.py -q "$d/gen" >"$d/gen.out" 2>&1
expect 'diff -r -x README.md input/kabupaten "$d/gen" >/dev/null' \
    "input/kabupaten = scripts/gen_kabupaten.py output"
expect '[ "$(ls "$d/gen/kecamatan" | wc -l)" -eq 14 ] && [ "$(tail -n +2 "$d/gen/desa.csv" | wc -l)" -eq 157 ]' \
    "14 kecamatan, 157 desa"

begin "kabupaten: every office's night at once, then the roll-ups"
cp -r input/kabupaten "$d/in"
KOUT=$d/out
# Every office's keys made from its code, so that every run of this test
# renders the same documents (fresh random keys make other verification
# codes each time; about one office in fifty then meets the libharu font
# subset failure this session found: HPDF_SaveToStream 0x1033).
NASKAH_KEYS=$d/kunci
export NASKAH_KEYS
python3 - "$NASKAH_KEYS" "$d"/in/kantor.xml "$d"/in/kecamatan/*/kantor.xml <<'PY'
import hashlib, os, re, sys
for k in sys.argv[2:]:
    code = re.search(r"<kode-wilayah>([0-9.]+)<", open(k).read()).group(1)
    d = os.path.join(sys.argv[1], code)
    os.makedirs(d, mode=0o700)
    for name in ("mac.key", "ed25519.key"):
        with open(os.open(os.path.join(d, name), os.O_WRONLY | os.O_CREAT,
                          0o600), "wb") as f:
            f.write(hashlib.sha256(("t_kabupaten " + name + " " +
                                    code).encode()).digest())
PY
set +e
NASKAH=$NASKAH sh scripts/kabupaten-nightly.sh --input "$d/in" \
    --output "$KOUT" >"$d/stdout" 2>"$d/stderr"
RC=$?
set -e
expect_rc 0
n=0
for s in "$d"/in/kecamatan/*/; do
	s=$(basename "$s")
	[ "$(cat "$KOUT/log/$s.status")" = 0 ] && n=$((n + 1))
done
expect '[ $n -eq 14 ]' "14 kecamatan offices ran and reported (exit 0 each)"
# 3 letters in each; 4 more a further export day in Panggul, Trenggalek,
# Durenan (one day) and Watulimo (two, one a Saturday); a letter for each
# complaint closed: 42 + 3 * 4 + 8 + 6 = 68.
expect '[ "$(find "$KOUT/kecamatan" -path "*/surat/*" -name "*.pdf" | wc -l)" -eq 68 ]' \
    "their nightly jobs issued 68 letters"
expect '[ "$(find "$KOUT/setda/laporan" -name "*.pdf" | wc -l)" -eq 6 ]' \
    "6 roll-ups (trantibum, kesra, ekbang, tapem, layanan, pengaduan)"

# kab_check BAGIAN NOMOR: the roll-up of BAGIAN, numbered NOMOR, against
# kabupaten.py's sums of the desa CSVs under $d/in.
kab_check() {
	kb=$1 kn=$2
	f=$(ls "$KOUT"/setda/laporan/2025/2025-01_kabupaten-${kb}_r*_*.pdf |
	    tail -1)
	pdftotext -layout "$f" "$d/$kb.txt"
	python3 tests/e2e/kabupaten.py "$d/in" "$kb" 2025-01 "$d/$kb.txt" \
	    >"$d/$kb.check" 2>&1 || true
	expect 'grep -q "^ok " "$d/$kb.check" && ! grep -q FAIL "$d/$kb.check"' \
	    "$kb: $(tail -1 "$d/$kb.check" | cut -c1-60) (totals, rows, JUMLAH, not reported)"
	grep FAIL "$d/$kb.check" | head -5 | sed 's/^/    /' || true
	t=$(pdftext "$f")
	expect 'printf "%s" "$t" | grep -q "Nomor : $kn"' "$kb: numbered $kn"
}

begin "kabupaten: each roll-up's figures, summed independently"
kab_check trantibum 300.1.4/0001/406.001/2025
kab_check kesra 400.9.11.3/0002/406.001/2025
kab_check ekbang 400.10.2.4/0003/406.001/2025
kab_check tapem 400.10.2.2/0004/406.001/2025

begin "kabupaten: layanan and pengaduan, each kecamatan in its own calendar"
# kw_check BAGIAN NOMOR: the roll-up of BAGIAN, numbered NOMOR, against
# kabupaten_waktu.py's times from the CSV inputs under $d/in.
kw_check() {
	kb=$1 kn=$2
	f=$(ls "$KOUT"/setda/laporan/2025/2025-01_kabupaten-${kb}_r*_*.pdf |
	    tail -1)
	pdftotext -layout "$f" "$d/$kb.txt"
	python3 tests/e2e/kabupaten_waktu.py "$d/in" "$kb" 2025-01 \
	    "$d/$kb.txt" >"$d/$kb.check" 2>&1 || true
	expect 'grep -q "^ok 15 rows" "$d/$kb.check"' \
	    "$kb: $(tail -1 "$d/$kb.check" | cut -c1-40) (14 kecamatan and JUMLAH, from the CSVs)"
	grep FAIL "$d/$kb.check" | head -3 | sed 's/^/    /' || true
	kt=$(pdftext "$f")
	expect 'printf "%s" "$kt" | grep -q "Nomor : $kn"' "$kb: numbered $kn"
}
kw_check layanan 000.8.3.3/0005/406.001/2025
kw_check pengaduan 000.8.3.3/0006/406.001/2025
# Timed in another calendar (Pule's: five days, no holiday of its own),
# Watulimo's Saturday letters and Panggul's complaint would show other
# figures: the check tells the calendars apart.
pule=$d/in/kecamatan/pule
for kb in layanan pengaduan; do
	python3 tests/e2e/kabupaten_waktu.py "$d/in" "$kb" 2025-01 "$d/$kb.txt" \
	    --calendar 35.03.08="$pule" --calendar 35.03.01="$pule" \
	    >"$d/$kb.other" 2>&1 || true
done
expect '[ "$(grep -c "FAIL row.*Watulimo" "$d/layanan.other")" = 1 ] && [ "$(grep -c "FAIL row.*JUMLAH" "$d/layanan.other")" = 1 ]' \
    "layanan in Pule's calendar: Watulimo's row and JUMLAH differ"
expect '[ "$(grep -c "FAIL row.*\(Watulimo\|Panggul\)" "$d/pengaduan.other")" = 2 ]' \
    "pengaduan in Pule's calendar: Watulimo's and Panggul's rows differ"
t=$(pdftext "$KOUT"/setda/laporan/2025/2025-01_kabupaten-pengaduan_r1_00006.pdf)
for s in "LAPORAN PENANGANAN PENGADUAN MASYARAKAT SE-KABUPATEN TRENGGALEK BULAN JANUARI 2025" \
    "PEMERINTAH KABUPATEN TRENGGALEK SEKRETARIAT DAERAH" \
    "Kecamatan Munjungan (35.03.02): tidak ada pengaduan" \
    "Trenggalek, 10 Februari 2025 SEKRETARIS DAERAH" "Drs. HARI WIDODO, M.Si." \
    "Paraf Kabag Tapem"; do
	expect 'printf "%s" "$t" | grep -qF "$s"' "pengaduan shows \"$(printf '%s' "$s" | cut -c1-50)\""
done
expect 'grep -qE "^Watulimo +Sen, Sel, Rab, Kam, Jum, Sab +39,5 +-$" "$d/layanan.txt"' \
    "the calendar table: Watulimo works Saturdays"
expect 'grep -qE "^Panggul +Sen, Sel, Rab, Kam, Jum +37,5 +1, 21, 27, 28, 29$" "$d/layanan.txt"' \
    "the calendar table: Panggul's own holiday on the 21st"
sqlw() { sqlite3 "$KOUT/kecamatan/$1/register.db" "$2"; }
expect '[ "$(sqlw watulimo "SELECT group_concat(hari) FROM jam_kerja")" = "1,2,3,4,5,6" ] && [ "$(sqlw panggul "SELECT count(*) FROM libur")" = 5 ] && [ "$(sqlw pule "SELECT count(*) FROM libur")" = 0 ]' \
    "each kecamatan's register holds the calendar its run used"

begin "kabupaten: the document a Sekda signs"
f=$(ls "$KOUT"/setda/laporan/2025/2025-01_kabupaten-trantibum_r1_00001.pdf)
t=$(pdftext "$f")
for s in "PEMERINTAH KABUPATEN TRENGGALEK SEKRETARIAT DAERAH" \
    "DATA BAHAN KOORDINASI KETENTRAMAN DAN KETERTIBAN UMUM SE-KABUPATEN TRENGGALEK BULAN JANUARI 2025" \
    "Bagian Tata Pemerintahan Sekretariat Daerah Kabupaten Trenggalek" \
    "Sebanyak 13 kecamatan telah menyampaikan data dan 1 kecamatan belum melapor" \
    "Dari 157 desa/kelurahan se-Kabupaten Trenggalek, data 138 desa/kelurahan" \
    "8 desa/kelurahan di kecamatan yang telah melapor belum" \
    "Kecamatan Munjungan (35.03.02)" \
    "Trenggalek, 10 Februari 2025 SEKRETARIS DAERAH" "Drs. HARI WIDODO, M.Si." \
    "NIP. 19680412 198903 1 008" "Paraf Kabag Tapem" \
    "Jumlah patroli per kecamatan (kali)" "Wonoanti (35.03.10.2004)"; do
	expect 'printf "%s" "$t" | grep -qF "$s"' "shows \"$(printf '%s' "$s" | cut -c1-50)\""
done
# One row per kecamatan in the state table, Munjungan's saying so.
expect '[ "$(grep -cE "^ *[0-9]+ +35\.03\.[0-9]{2} " "$d/trantibum.txt")" -eq $((14 + 13 * 3)) ]' \
    "14 state rows and 13 kecamatan rows in each of the 3 tables"
expect 'grep -qE "35\.03\.02 +Munjungan +11 +- +belum melapor" "$d/trantibum.txt"' \
    "Munjungan: 11 desa, belum melapor"
expect 'grep -qE "35\.03\.13 +Durenan +14 +12 +sebagian desa +300\.1\.4/0010/406\.13/2025" "$d/trantibum.txt"' \
    "Durenan: 12 of 14, its own report's number"

begin "kabupaten: book, register, verification, PDF checks"
sqlk() { sqlite3 "$KOUT/setda/register.db" "$1"; }
expect '[ "$(sqlk "SELECT group_concat(e.urut) FROM book_entries e JOIN books b ON b.id = e.book_id WHERE b.name = '"'"'keluar'"'"' AND b.tahun = 2025 AND b.office = '"'"'35.03'"'"'")" = "1,2,3,4,5,6" ]' \
    "the kabupaten's own book keluar 2025: 1..6"
expect '[ "$(sqlk "SELECT kode_wilayah FROM office")" = 35.03 ]' \
    "its register is the office 35.03's"
set +e
"$NASKAH" verify "$f" --input "$d/in" --output "$KOUT/setda" >"$d/verify.out" 2>&1
RC=$?
set -e
expect '[ $RC -eq 0 ] && grep -q "ASLI" "$d/verify.out"' "naskah verify: the roll-up is genuine"
n=0
for f2 in "$KOUT"/setda/laporan/2025/*.pdf; do
	pdf_sound "$f2" && n=$((n + 1))
done
expect '[ $n -eq 6 ]' "qpdf --check and embedded fonts: 6 of 6"
if command -v java >/dev/null 2>&1 && [ -f /usr/share/java/preflight.jar ]; then
	cp=""
	for j in preflight pdfbox2 fontbox2 xmpbox commons-logging \
	    javax.activation jaxb-api; do
		cp="$cp${cp:+:}/usr/share/java/$j.jar"
	done
	n=0
	for f2 in "$KOUT"/setda/laporan/2025/*.pdf; do
		java -cp "$cp" org.apache.pdfbox.preflight.Validator_A1b \
		    "$f2" >"$d/preflight.out" 2>&1 &&
		    grep -q "is a valid PDF/A-1b file" "$d/preflight.out" &&
		    n=$((n + 1))
	done
	expect '[ $n -eq 6 ]' "Apache PDFBox Preflight: 6 of 6 valid PDF/A-1b"
else
	skip "Apache PDFBox Preflight not installed"
fi

begin "kabupaten: the same night again issues nothing"
set +e
NASKAH=$NASKAH sh scripts/kabupaten-nightly.sh --input "$d/in" \
    --output "$KOUT" >"$d/stdout" 2>"$d/stderr"
RC=$?
set -e
expect_rc 0
expect '[ "$(find "$KOUT/setda/laporan" -name "*.pdf" | wc -l)" -eq 6 ]' "still 6 roll-ups"
expect '[ "$(grep -c "data unchanged since" "$KOUT/log/setda.log")" -eq 6 ]' \
    "each: data unchanged since its number"

begin "kabupaten: a late desa and a changed figure issue a revision"
# Watulimo's missing desa reports late; Panggul's first desa corrects its
# patrols: both kecamatan revise their reports, the roll-up follows.
w=$d/in/kecamatan/watulimo/desa/2025-01/trantibum
cp "$w/35.03.08.2001.csv" "$w/35.03.08.2010.csv"
p=$d/in/kecamatan/panggul/desa/2025-01/trantibum/35.03.01.2001.csv
sed 's/^patroli,.*/patroli,99,/' "$p" >"$p.new" && mv "$p.new" "$p"
set +e
NASKAH=$NASKAH sh scripts/kabupaten-nightly.sh --input "$d/in" \
    --output "$KOUT" >"$d/stdout" 2>"$d/stderr"
RC=$?
set -e
expect_rc 0
kab_check trantibum 300.1.4/0007/406.001/2025
t=$(pdftext "$KOUT"/setda/laporan/2025/2025-01_kabupaten-trantibum_r2_00007.pdf)
expect 'printf "%s" "$t" | grep -qF "Revisi ke-1 atas Nomor 300.1.4/0001/406.001/2025"' \
    "Revisi ke-1 atas Nomor 300.1.4/0001/406.001/2025"
expect 'grep -qE "35\.03\.08 +Watulimo +12 +12 +lengkap +300\.1\.4/0018/406\.08/2025 \(revisi\)" "$d/trantibum.txt"' \
    "Watulimo now complete, its revised report named"
expect '[ "$(find "$KOUT/setda/laporan" -name "*.pdf" | wc -l)" -eq 7 ]' \
    "only trantibum revised (7 files)"

begin "kabupaten: a kecamatan's new holiday changes its times"
# Durenan declares the 24th (a day of letters) and the 21st (its quick
# complaint's day) holidays: its next run stores the calendar, the
# roll-ups of layanan and pengaduan are revised, and equal the CSVs'
# figures in the new calendar.
l1=$(grep -E "35\.03\.13 +Durenan" "$d/layanan.txt")
p1=$(grep -E "35\.03\.13 +Durenan" "$d/pengaduan.txt")
printf 'tanggal,keterangan\n2025-01-21,Libur Daerah\n2025-01-24,Libur Daerah\n' \
    >"$d/in/kecamatan/durenan/libur.csv"
set +e
NASKAH=$NASKAH sh scripts/kabupaten-nightly.sh --input "$d/in" \
    --output "$KOUT" >"$d/stdout" 2>"$d/stderr"
RC=$?
set -e
expect_rc 0
expect '[ "$(sqlw durenan "SELECT group_concat(tanggal) FROM libur")" = "2025-01-21,2025-01-24" ]' \
    "Durenan's register holds its new holidays"
expect '[ "$(find "$KOUT/setda/laporan" -name "*.pdf" | wc -l)" -eq 9 ] && [ -f "$KOUT"/setda/laporan/2025/2025-01_kabupaten-layanan_r2_00008.pdf ] && [ -f "$KOUT"/setda/laporan/2025/2025-01_kabupaten-pengaduan_r2_00009.pdf ]' \
    "layanan and pengaduan revised (r2), nothing else"
kw_check layanan 000.8.3.3/0008/406.001/2025
kw_check pengaduan 000.8.3.3/0009/406.001/2025
l2=$(grep -E "35\.03\.13 +Durenan" "$d/layanan.txt")
p2=$(grep -E "35\.03\.13 +Durenan" "$d/pengaduan.txt")
expect '[ -n "$l1" ] && [ -n "$l2" ] && [ "$l1" != "$l2" ] && [ -n "$p1" ] && [ -n "$p2" ] && [ "$p1" != "$p2" ]' \
    "Durenan's rows changed (layanan: $(echo $l2 | cut -d" " -f4-9))"
t=$(pdftext "$KOUT"/setda/laporan/2025/2025-01_kabupaten-layanan_r2_00008.pdf)
expect 'printf "%s" "$t" | grep -qF "Revisi ke-1 atas Nomor 000.8.3.3/0005/406.001/2025"' \
    "Revisi ke-1 atas Nomor 000.8.3.3/0005/406.001/2025"

begin "kabupaten: a kecamatan register that cannot be opened"
mv "$KOUT/kecamatan/pule/register.db" "$d/pule.db"
run_k() {
	set +e
	"$NASKAH" report "$@" --month 2025-01 --date 2025-02-10 --kabupaten \
	    --input "$d/in" --output "$KOUT/setda" >"$d/stdout" 2>"$d/stderr"
	RC=$?
	set -e
}
run_k kesra
expect_rc 65
expect 'grep -q "pule/register.db" "$d/stderr"' "names the register it could not open"
f=$(ls "$KOUT"/setda/laporan/2025/2025-01_kabupaten-kesra_r2_*.pdf)
pdftotext -layout "$f" "$d/kesra-pule.txt"
t=$(pdftext "$f")
expect 'printf "%s" "$t" | grep -qF "Kecamatan Pule (35.03.03): register kecamatan tidak dapat dibuka"' \
    "the roll-up lists Pule as unreadable"
expect 'grep -qE "35\.03\.03 +Pule +10 +- +register tidak" "$d/kesra-pule.txt" && ! grep -qE "^ *[0-9]+ +35\.03\.03 +Pule +[0-9]+ +[0-9]+ " "$d/kesra-pule.txt"' \
    "and counts nothing of it"
mv "$d/pule.db" "$KOUT/kecamatan/pule/register.db"

begin "kabupaten: a kecamatan register without its calendar"
# A register of before version 12's runs (the calendar rows gone): the
# kecamatan is named, its times left out, 65.
sqlw kampak "DELETE FROM kalender"
run_k layanan
expect_rc 65
expect 'grep -q "kecamatan 35.03.07 Kampak: its register holds no working calendar" "$d/stderr"' \
    "names the kecamatan on stderr"
f=$(ls "$KOUT"/setda/laporan/2025/2025-01_kabupaten-layanan_r3_*.pdf)
t=$(pdftext "$f")
expect 'printf "%s" "$t" | grep -qF "Kecamatan Kampak (35.03.07): register belum menyimpan kalender kerja kecamatan"' \
    "the roll-up lists Kampak without its calendar"
"$NASKAH" run -q --input "$d/in/kecamatan/kampak" --output "$KOUT/kecamatan/kampak" >/dev/null 2>&1 || :
expect '[ "$(sqlw kampak "SELECT count(*) FROM kalender")" = 1 ]' \
    "its next run stores the calendar again"

begin "kabupaten: the next month, compared with the one before"
# February is January again, but Durenan's first desa patrols 10 times
# more: the change column compares the desa reported in both months.
for k in "$d"/in/kecamatan/*/desa/2025-01; do
	cp -r "$k" "${k%2025-01}2025-02"
done
p=$d/in/kecamatan/durenan/desa/2025-02/trantibum/35.03.13.2001.csv
awk -F, -v OFS=, '$1 == "patroli" { $2 += 10 } 1' "$p" >"$p.new" &&
    mv "$p.new" "$p"
set +e
NASKAH=$NASKAH sh scripts/kabupaten-nightly.sh --input "$d/in" \
    --output "$KOUT" --month 2025-02 --date 2025-03-10 >"$d/stdout" \
    2>"$d/stderr"
RC=$?
set -e
expect_rc 0
f=$(ls "$KOUT"/setda/laporan/2025/2025-02_kabupaten-trantibum_r1_*.pdf)
pdftotext -layout "$f" "$d/feb.txt"
python3 tests/e2e/kabupaten.py "$d/in" trantibum 2025-02 "$d/feb.txt" \
    >"$d/feb.check" 2>&1 || true
expect 'grep -q "^ok " "$d/feb.check" && ! grep -q FAIL "$d/feb.check"' \
    "February: $(tail -1 "$d/feb.check" | cut -c1-50)"
expect 'grep -qE "^Patroli +kali +2\.7[0-9][0-9] +2\.7[0-9][0-9] +\+10$" "$d/feb.txt"' \
    "Patroli: +10 against January"
expect '[ "$(grep -cE "^Kejadian .* 0$" "$d/feb.txt")" -eq 6 ]' \
    "the five kinds of incident and the disasters: 0"
expect 'grep -q "Pembanding adalah data bulan Januari 2025 (139" "$d/feb.txt" || pdftext "$f" | grep -q "Pembanding adalah data bulan Januari 2025 (139 desa/kelurahan); kolom perubahan hanya membandingkan 139"' \
    "compared over the 139 desa of both months"

begin "kabupaten: what a roll-up is not"
set +e
"$NASKAH" report skm --semester 2025-S1 --kabupaten --date 2025-07-10 \
    --input "$d/in" --output "$KOUT/setda" >"$d/stdout" 2>"$d/stderr"
RC=$?
set -e
expect_rc 64
set +e
"$NASKAH" report kesra --month 2025-01 --date 2025-02-10 --input "$d/in" \
    --output "$KOUT/setda" >"$d/stdout" 2>"$d/stderr"
RC=$?
set -e
expect_rc 64
expect 'grep -q "naskah report kesra --month 2025-01 --kabupaten" "$d/stderr"' \
    "a kabupaten office without --kabupaten: says how (64)"
d0=$d
d=$(office kabk)
set +e
"$NASKAH" report trantibum --month 2025-01 --kabupaten --date 2025-02-10 \
    --input "$d/in" --output "$d/out" >"$d/stdout" 2>"$d/stderr"
RC=$?
set -e
expect_rc 78
expect 'grep -q "kecamatan.s; a kabupaten office lists its kecamatan" "$d/stderr"' \
    "a kecamatan's kantor.xml: no roll-up (78)"
d=$d0

begin "kabupaten: kantor.xml mistakes, named with their line"
# kab_bad NAME SED-SCRIPT [desa.csv line]: a kabupaten input changed by
# SED-SCRIPT; RC and $d/stderr of a roll-up of it.
kab_bad() {
	b=$TMPROOT/kabbad-$1
	rm -rf "$b"
	mkdir -p "$b/in" "$b/out"
	sed "$2" "$d0/in/kantor.xml" >"$b/in/kantor.xml"
	cp "$d0/in/desa.csv" "$b/in/"
	[ -z "${3:-}" ] || printf '%s\n' "$3" >>"$b/in/desa.csv"
	set +e
	"$NASKAH" init -q --input "$b/in" --output "$b/out" >"$b/stdout" \
	    2>"$b/stderr"
	RC=$?
	set -e
}
kab_bad twice 's|<kecamatan kode="35.03.02"|<kecamatan kode="35.03.01"|'
expect '[ $RC -eq 78 ] && grep -q "kantor.xml:[0-9]*:.*kecamatan 35.03.01 listed twice (first on line [0-9]*)" "$b/stderr"' \
    "a kecamatan listed twice: 78, both lines"
kab_bad other 's|<kecamatan kode="35.03.14"|<kecamatan kode="35.04.14"|'
expect '[ $RC -eq 78 ] && grep -q "kecamatan 35.04.14 is not of kode-wilayah 35.03" "$b/stderr"' \
    "a kecamatan of another kabupaten: 78"
kab_bad nosigner 's|penandatangan="sekda"|penandatangan="bupati"|'
expect '[ $RC -eq 78 ] && grep -q "no pejabat of the <wilayah>.s penandatangan" "$b/stderr"' \
    "a penandatangan without its pejabat: 78"
kab_bad desa 's|  <kecamatan kode="35.03.14".*||'
expect '[ $RC -eq 78 ] && grep -q "desa.csv:[0-9]*:1: .*desa 35.03.14.2001: its kecamatan 35.03.14 is not in kantor.xml" "$b/stderr"' \
    "a desa of a kecamatan not listed: 78, its line"
kab_bad kode 's|<kode-wilayah>35.03</kode-wilayah>|<kode-wilayah>35.03.13</kode-wilayah>|'
expect '[ $RC -eq 78 ] && grep -q "a kabupaten office.s kode-wilayah is NN.NN" "$b/stderr"' \
    "a kabupaten office with a kecamatan's code: 78"
unset NASKAH_KEYS

# A key set whose verification codes once made libharu's own TrueType
# subsetting fail (HPDF_INVALID_OBJECT, exit 70) for Trenggalek's letters;
# the fonts are now embedded by pdf.c, whatever the glyphs.
begin "kabupaten: a key set that broke libharu's font subsetting"
h=$(mktemp -d)
cp -r tests/fixtures/keys-harufont "$h/keys"
chmod -R go-rwx "$h/keys"
NASKAH_KEYS=$h/keys "$NASKAH" init --input input/kabupaten/kecamatan/trenggalek --output "$h/out" --since 2025-01-01 -q >/dev/null 2>&1 || :
RC=0
NASKAH_KEYS=$h/keys "$NASKAH" run -q --input input/kabupaten/kecamatan/trenggalek --output "$h/out" >/dev/null 2>"$h/err" || RC=$?
expect '[ "$RC" != 70 ] && ! grep -q "libharu error" "$h/err"' "the run renders (exit $RC)"
np=0; nbad=0
for f in $(find "$h/out" -name '*.pdf'); do
	np=$((np + 1)); qpdf --check "$f" >/dev/null 2>&1 || nbad=$((nbad + 1))
done
# 7 letters, 1 closing a complaint, each complaint's receipt and
# disposition.
expect '[ "$np" = 12 ] && [ "$nbad" = 0 ]' "its 12 documents are sound ($np made, $nbad bad)"
rm -rf "$h"
