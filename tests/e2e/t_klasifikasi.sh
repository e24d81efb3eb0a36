# t_klasifikasi.sh -- classification codes (issue 13): every document of
# the demo carries a code of the Permendagri 83/2022 list and the list's
# version; an unknown code in an SOP, a report definition or kantor.xml
# stops every command with 78 naming the file and line; kantor.xml's
# <klasifikasi> changes the code in the number; agenda and find show the
# code and version; a register of version 8 gets its numbers' codes.

# kl_data DIR: a data folder of DIR with templates/ copied (the tests
# change it) and the fonts.
kl_data() {
	rm -rf "$1/data"
	mkdir -p "$1/data"
	cp -r "$ROOT/templates" "$1/data/"
	ln -s "$ROOT/fonts" "$1/data/fonts"
}

# kl_line FILE PATTERN: the line number of PATTERN's first match.
kl_line() {
	grep -n -- "$2" "$1" | head -1 | cut -d: -f1
}

LIST=$ROOT/templates/klasifikasi/klasifikasi.csv
VERSI=$(cat "$ROOT/templates/klasifikasi/versi")

# kl_unknown: the codes on stdin (one a line) that the list lacks.
kl_unknown() {
	cut -d, -f1 "$LIST" | tail -n +2 | sort >"$TMPROOT/kl_codes"
	sort -u | comm -23 - "$TMPROOT/kl_codes"
}

begin "klasifikasi: every document of the demo has a code of the list"
d=$(office klas)
cp "$ROOT"/input/register/*.csv "$d/in/register/"
mkdir -p "$d/in/tindak-lanjut" "$d/in/desa"
cp "$ROOT"/input/tindak-lanjut/*.csv "$d/in/tindak-lanjut/"
cp -r "$ROOT"/input/desa/* "$d/in/desa/"
cp "$ROOT/input/libur.csv" "$d/in/"
run_n "$d" run -q
expect '[ "$RC" = 0 ] || [ "$RC" = 65 ]' "the demo runs (exit $RC)"
run_n "$d" report kesra --month 2025-01 -q
expect_rc 0
run_n "$d" agenda --year 2025 --format pdf --date 2026-01-15 -q
expect_rc 0
ndoc=$(sql "SELECT count(*) FROM documents")
kinds=$(sql "SELECT count(DISTINCT kind) FROM documents")
expect '[ "$ndoc" -gt 40 ] && [ "$kinds" -ge 7 ]' "$ndoc documents of $kinds kinds"
expect '[ "$(sql "SELECT count(*) FROM documents WHERE klasifikasi IS NULL OR klasifikasi = '"''"'")" = 0 ]' "none without a code"
expect '[ "$(sql "SELECT count(*) FROM documents WHERE klasifikasi_versi IS NOT '"'$VERSI'"'")" = 0 ]' "each with the list's version $VERSI"
sql "SELECT DISTINCT klasifikasi FROM documents" >"$d/used"
expect '[ "$(wc -l <"$d/used")" -ge 6 ] && [ -z "$(kl_unknown <"$d/used")" ]' "every code used ($(wc -l <"$d/used")) is in the list"
expect '[ "$(sql "SELECT count(*) FROM documents d JOIN book_entries e ON e.book_id = d.book_id AND e.urut = d.urut WHERE d.nomor NOT LIKE d.klasifikasi || '"'/%'"' AND e.nomor LIKE '"'%/%/406.13/%'"' AND e.nomor NOT LIKE '"'%/M/%'"'")" = 0 ]' "a numbered document's code is the one in its number"
expect '[ "$(sql "SELECT count(*) FROM documents d JOIN book_entries e ON e.book_id = d.book_id AND e.urut = d.urut WHERE d.klasifikasi != e.klasifikasi")" = 0 ]' "and the one its book entry records"
# The four codes the old list gave that now mean something else, and
# the ones the list does not have at all, are gone from every number.
expect '[ "$(sql "SELECT count(*) FROM book_entries WHERE klasifikasi IN ('"'400.12.1','100.3.4','400.9.4','300.1.4','065','300.1','300','400','500','100'"')")" = 0 ]' "no old code in any number"
expect '[ "$(sql "SELECT klasifikasi FROM documents d JOIN applications a ON a.id = d.application_id WHERE a.layanan = '"'kk'"' AND d.kind = '"'surat'"' LIMIT 1")" = 400.12.2.1 ]' "KK: 400.12.2.1 Identitas Penduduk"
expect '[ "$(sql "SELECT DISTINCT d.klasifikasi FROM documents d JOIN applications a ON a.id = d.application_id WHERE a.layanan = '"'kk'"'")" = 400.12.2.1 ]' "its return notice is filed with it"
expect 'pdftext "$(find "$d/out/surat" -name "*_sktm_*.pdf" | head -1)" | grep -q "Nomor : 400\.9\.14\.1/"' "SKTM letter: Nomor 400.9.14.1/..."

begin "klasifikasi: agenda and find show the code and the list's version"
ag=$d/agenda.csv
"$NASKAH" agenda --year 2025 --input "$d/in" --output "$d/out" >"$ag" 2>/dev/null || true
expect '[ "$(head -1 "$ag" | cut -d, -f5,6)" = "klasifikasi,versi_klasifikasi" ]' "CSV columns klasifikasi, versi_klasifikasi"
sql "SELECT e.urut || ',' || d.klasifikasi || ',' || d.klasifikasi_versi FROM book_entries e JOIN books k ON k.id = e.book_id JOIN documents d ON d.book_id = e.book_id AND d.urut = e.urut WHERE k.name = 'keluar' AND k.tahun = 2025 ORDER BY e.urut" >"$d/want"
awk -F, 'NR > 1 { print $1 "," $5 "," $6 }' "$ag" >"$d/got"
expect '[ "$(wc -l <"$d/want")" -gt 20 ] && cmp -s "$d/want" "$d/got"' "each number's code and version as the register holds them ($(wc -l <"$d/want") rows)"
pdf=$(find "$d/out/agenda" -name '*.pdf' | head -1)
t=$(pdftotext -layout "$pdf" - 2>/dev/null)
expect 'echo "$t" | grep -q "Nomor .*Tanggal .*Jenis .*Klasifikasi .*Perihal"' "the printed book has a Klasifikasi column"
expect 'echo "$t" | tr -s " \n" "  " | grep -qF "(daftar versi $VERSI)"' "and names the list's version"
n1=$(echo "$t" | grep -c "400\.12\.2\.1/0001/406\.13/2025 .*400\.12\.2\.1 " || true)
expect '[ "$n1" = 1 ]' "row 1: its number and its code"
"$NASKAH" find --output "$d/out" --jenis kembali >"$d/found"
expect '[ "$(wc -l <"$d/found")" -ge 3 ] && [ "$(awk -F"\t" "{print NF}" "$d/found" | sort -u)" = 8 ]' "find: eight fields"
expect '[ "$(cut -f8 "$d/found" | sort -u)" = "$VERSI" ] && [ -z "$(cut -f7 "$d/found" | kl_unknown)" ] && [ -z "$(cut -f7 "$d/found" | grep -v "^[0-9]")" ]' "code and version in fields 7 and 8"
"$NASKAH" find --output "$d/out" --jenis laporan >"$d/found"
expect '[ "$(cut -f7 "$d/found")" = 400.9.11.3 ]' "the kesra report: 400.9.11.3"

begin "klasifikasi: a register of version 8 gets its numbers' codes"
d2=$TMPROOT/klas-v8
rm -rf "$d2" && mkdir -p "$d2" && cp -a "$d/in" "$d/out" "$d2/"
sqlite3 "$d2/out/register.db" "ALTER TABLE documents DROP COLUMN klasifikasi_versi; ALTER TABLE documents DROP COLUMN klasifikasi; PRAGMA user_version = 8;"
"$NASKAH" agenda --year 2025 --input "$d2/in" --output "$d2/out" >"$d2/agenda.csv" 2>/dev/null || true
expect '[ "$(sqlite3 "$d2/out/register.db" "PRAGMA user_version")" = "$(sed -n "s/^#define REG_VERSION[^0-9]*\([0-9]*\).*/\1/p" pipeline/reg.h)" ]' "migrated to the current version"
awk -F, 'NR > 1 { print $1 "," $5 }' "$d2/agenda.csv" >"$d2/got"
cut -d, -f1,2 "$d/want" >"$d2/want"
expect 'cmp -s "$d2/want" "$d2/got"' "each number's code from its book entry"
expect '[ "$(awk -F, "NR > 1 && \$6 != \"\"" "$d2/agenda.csv" | wc -l)" = 0 ]' "the version unknown, left empty"
expect '[ "$(sqlite3 "$d2/out/register.db" "SELECT count(*) FROM documents WHERE book_id IS NULL AND klasifikasi IS NOT NULL")" = 0 ]' "an unnumbered one has none to take"

begin "klasifikasi: an unknown code in an SOP stops every command, naming file and line"
d=$(office klasbad)
cp "$ROOT"/input/register/2025-01-20.csv "$d/in/register/"
kl_data "$d"
sed -i 's#klasifikasi="400.9.14.1"#klasifikasi="400.9.4.9"#' "$d/data/templates/sop/sktm.xml"
line=$(kl_line "$d/data/templates/sop/sktm.xml" '400.9.4.9')
NASKAH_DATADIR=$d/data run_n "$d" run
expect_rc 78
expect 'echo "$ERR" | grep -q "sop/sktm.xml:$line: klasifikasi \"400.9.4.9\" is not a code of the classification list"' "sktm.xml:$line named"
expect 'echo "$ERR" | grep -q "the nearest above it is 400.9.4 Rehabilitasi Sosial Tuna Sosial"' "with the nearest code the list has"
expect '[ "$(find "$d/out" -name "*.pdf" | wc -l)" = 0 ] && [ "$(sql "SELECT count(*) FROM applications")" = 0 ]' "nothing read, nothing issued"
NASKAH_DATADIR=$d/data run_n "$d" report kesra --month 2025-01
expect_rc 78
# An unused variant's code is checked too: a complaint received under
# it is still issued by it.
kl_data "$d"
sed -i 's#klasifikasi="200.1.3.4"#klasifikasi="065"#' "$d/data/templates/sop/pengaduan-kerjo.xml"
line=$(kl_line "$d/data/templates/sop/pengaduan-kerjo.xml" 'klasifikasi="065"')
NASKAH_DATADIR=$d/data run_n "$d" run
expect_rc 78
expect 'echo "$ERR" | grep -q "sop/pengaduan-kerjo.xml:$line: klasifikasi \"065\""' "an unused variant: pengaduan-kerjo.xml:$line"
kl_data "$d"
sed -i 's#klasifikasi="400.10.2.4"#klasifikasi="500"#' "$d/data/templates/laporan/ekbang.xml"
line=$(kl_line "$d/data/templates/laporan/ekbang.xml" 'klasifikasi="500"')
NASKAH_DATADIR=$d/data run_n "$d" run
expect_rc 78
expect 'echo "$ERR" | grep -q "laporan/ekbang.xml:$line: klasifikasi \"500\""' "a report definition: ekbang.xml:$line"
kl_data "$d"
printf '400.12.2.1,Identitas lagi,1 Tahun,1 Tahun,Musnah\n' >>"$d/data/templates/klasifikasi/klasifikasi.csv"
n=$(wc -l <"$d/data/templates/klasifikasi/klasifikasi.csv")
NASKAH_DATADIR=$d/data run_n "$d" run
expect_rc 78
expect 'echo "$ERR" | grep -q "klasifikasi/klasifikasi.csv:$n:1: classification list: code 400.12.2.1 twice"' "a flawed list: klasifikasi.csv:$n"
expect '[ "$(find "$d/out" -name "*.pdf" | wc -l)" = 0 ]' "still nothing issued"

begin "klasifikasi: kantor.xml's own codes"
d=$(office klaskantor)
cp "$ROOT"/input/register/2025-01-20.csv "$d/in/register/"
mkdir -p "$d/in/desa"
cp -r "$ROOT"/input/desa/* "$d/in/desa/"
sed -i 's#  <pejabat jabatan="camat"#  <klasifikasi layanan="kk" jenis="surat" kode="400.12.2.2"/>\n  <klasifikasi laporan="kesra" kode="400.9.14.5"/>\n  <pejabat jabatan="camat"#' "$d/in/kantor.xml"
expect '[ "$(grep -c "<klasifikasi " "$d/in/kantor.xml")" = 2 ]' "two overrides in kantor.xml"
run_n "$d" run -q
expect '[ "$RC" = 0 ] || [ "$RC" = 65 ]' "runs (exit $RC)"
kk=$(find "$d/out/surat" -name "*_kk_*.pdf" | head -1)
expect '[ -n "$kk" ] && pdftext "$kk" | grep -q "Nomor : 400\.12\.2\.2/0001/406\.13/2025"' "the KK letter's number carries the office's code"
expect '[ "$(sql "SELECT DISTINCT d.klasifikasi FROM documents d JOIN applications a ON a.id = d.application_id WHERE a.layanan = '"'kk'"' AND d.kind = '"'surat'"'")" = 400.12.2.2 ]' "and the register records it"
expect '[ "$(sql "SELECT DISTINCT d.klasifikasi FROM documents d JOIN applications a ON a.id = d.application_id WHERE a.layanan = '"'ktp'"' AND d.kind = '"'surat'"'")" = 400.12.2.1 ]' "another service keeps its own"
run_n "$d" report kesra --month 2025-01 -q
expect_rc 0
expect '[ "$(sql "SELECT nomor FROM documents WHERE kind = '"'laporan'"'")" = "400.9.14.5/$(sql "SELECT printf('"'%04d'"', urut) FROM documents WHERE kind = '"'laporan'"'")/406.13/2026" ] || sql "SELECT nomor FROM documents WHERE kind = '"'laporan'"'" | grep -q "^400\.9\.14\.5/"' "the report's number too"
line=$(kl_line "$d/in/kantor.xml" 'laporan="kesra"')
sed -i 's#laporan="kesra" kode="400.9.14.5"#laporan="kesra" kode="400.9.99"#' "$d/in/kantor.xml"
run_n "$d" run
expect_rc 78
expect 'echo "$ERR" | grep -q "kantor.xml:$line: klasifikasi \"400.9.99\" is not a code"' "an override not in the list: kantor.xml:$line"
sed -i 's#laporan="kesra" kode="400.9.99"#laporan="kesehatan" kode="400.9.14.5"#' "$d/in/kantor.xml"
run_n "$d" run
expect_rc 78
expect 'echo "$ERR" | grep -q "kantor.xml:$line: <klasifikasi laporan=\"kesehatan\">: no such report"' "a report that does not exist: line $line"
sed -i 's#laporan="kesehatan" kode="400.9.14.5"#layanan="kkk" kode="400.9.14.5"#' "$d/in/kantor.xml"
run_n "$d" run
expect_rc 78
expect 'echo "$ERR" | grep -q "kantor.xml:$line: <klasifikasi layanan=\"kkk\">: no such service"' "a service that does not exist: line $line"
sed -i 's#layanan="kkk" kode="400.9.14.5"#layanan="kk" kode="400-9"#' "$d/in/kantor.xml"
run_n "$d" run
expect_rc 78
expect 'echo "$ERR" | grep -q "kantor.xml:$line: klasifikasi \"400-9\" is not a code"' "a code that is no code: line $line"
