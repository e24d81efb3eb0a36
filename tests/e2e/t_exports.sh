# t_exports.sh -- exports as Excel and office PCs write them (issue 10):
# ";;;" at the end of every row, UTF-16 "Unicode Text", Windows-1252, an
# encoding that is neither, a quote never closed, rupiah as spreadsheets
# write it; and the report's count of desa and its date.

# ex_row NO NAMA: a complete SKTM row as Indonesian Excel writes it, with
# ';' between fields (the kelengkapan, which holds a ';', quoted).
ex_row() {
	sktm_row "$1" "$2" "Dusun Krajan" | tr ',' ';' |
	    sed 's/;pengantar_desa;surat_permohonan;/;"pengantar_desa;surat_permohonan";/'
}

# ex_err PATTERN: the run's error report holds PATTERN (grep -F).
ex_err() {
	cat "$d"/out/log/*-errors.csv 2>/dev/null | grep -qF -- "$1"
}

letters() {
	find "$d/out/surat" -name '*.pdf' 2>/dev/null | wc -l
}

# The text of every letter issued.
letters_text() {
	for f in $(find "$d/out/surat" -name '*.pdf' | sort); do
		pdftext "$f"
	done
}

begin "exports: empty columns at the end of every row (;;;)"
d=$(office trailing)
{
	echo "$HDR" | tr ',' ';' | sed 's/$/;;;/'
	ex_row X1 "Siti Aminah" | sed 's/$/;;;/'
	ex_row X2 "Budi Santoso" | sed 's/$/;;;/'
	ex_row X3 "Sri Wahyuni" | sed 's/$/;;;/'
} | sed 's/$/\r/' > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 0
expect '[ "$(letters)" -eq 3 ]' "every row issued"
expect '[ "$(echo "$ERR" | grep -c "2025-01-20.csv:1:27: warning: 3 empty columns at the end of the header ignored")" -eq 1 ]' "one warning for the file, naming where the empty columns start"
expect '! echo "$ERR" | grep -q "unknown column"' "no column called \"\""

begin "exports: a value under an empty column name is an error of its row"
d=$(office trailing2)
{
	echo "$HDR" | tr ',' ';' | sed 's/$/;;;/'
	ex_row X1 "Siti Aminah" | sed 's/$/;;;/'
	ex_row X2 "Budi Santoso" | sed 's/$/;;lupa;/'
} > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 65
expect '[ "$(letters)" -eq 1 ]' "the good row issued"
expect 'ex_err "\"3\",\"28\",\"\",\"a value in column 28, which has no name in the header\""' "line 3, column 28"

begin "exports: Excel's Unicode Text (UTF-16 with a BOM, TAB, CRLF)"
d=$(office utf16)
{
	printf '\377\376'
	{
		echo "$HDR"
		sktm_row U1 "José Ramírez" "Jl. Mawar
RT 1"
		sktm_row U2 "Siti Aminah" "Dusun Krajan"
		sktm_row U3 "Nik Salah" "Dusun Krajan" | sed 's/3503130101900001/350313010190001/'
		sktm_row U4 "Ngatini" "Dusun Krajan"
	} | tr ',' '\t' | sed 's/$/\r/' | iconv -f UTF-8 -t UTF-16LE
} > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 65
expect '[ "$(letters)" -eq 3 ]' "three letters"
t=$(letters_text)
expect 'echo "$t" | grep -q "José Ramírez"' "accented name read from UTF-16"
expect 'echo "$t" | grep -q "Jl. Mawar RT 1"' "a quoted field across lines"
expect 'ex_err "2025-01-20.csv\",\"5\",\"5\",\"U3\",\"nik:"' "the bad NIK named on line 5 (after a two-line row), column 5"
expect '! echo "$ERR" | grep -q "warning: not UTF-8"' "no warning: a BOM says what it is"

begin "exports: Windows-1252 (Excel's CSV on Indonesian Windows)"
d=$(office cp1252)
{
	echo "$HDR" | tr ',' ';'
	ex_row W1 "Siti Aminah"
	ex_row W2 "José Ramírez – Putra" | iconv -f UTF-8 -t WINDOWS-1252
	ex_row W3 "Nik Salah" | sed 's/3503130101900001/350313010190001/'
	ex_row W4 "Andrés" | iconv -f UTF-8 -t WINDOWS-1252
} > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 65
expect '[ "$(letters)" -eq 3 ]' "three letters"
t=$(letters_text)
expect 'echo "$t" | grep -q "José Ramírez – Putra" && echo "$t" | grep -q "Andrés"' "read as Windows-1252"
expect '[ "$(echo "$ERR" | grep -c "warning: not UTF-8")" -eq 1 ]' "one warning for the file"
expect 'echo "$ERR" | grep -q "2025-01-20.csv:3:47: warning: not UTF-8 (byte 0xE9 at byte offset 46 of line 3): read as Windows-1252"' "... naming the encoding and the first byte, with line and column"
expect 'ex_err "2025-01-20.csv\",\"4\",\"5\",\"W3\",\"nik:"' "line and column of a bad row still right"

begin "exports: neither UTF-8 nor Windows-1252: refused, saying how to save it"
d=$(office unknown)
{
	echo "$HDR"
	sktm_row V1 "Siti Aminah" "Dusun Krajan"
	sktm_row V2 "Ahmad$(printf '\201') Fauzi" "Dusun Krajan"
} > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 65
expect '[ "$(letters)" -eq 0 ]' "nothing issued from it"
expect 'echo "$ERR" | grep -q "2025-01-20.csv:3:49: byte 0x81 at byte offset 48 of line 3 is neither UTF-8 nor Windows-1252"' "file, line and column of the byte"
expect 'echo "$ERR" | grep -q "save it as \"CSV UTF-8 (Comma delimited)\""' "how to save the file"

begin "exports: an unterminated quote costs its row, not the rest of the file"
d=$(office quote)
{
	echo "$HDR"
	sktm_row Q1 "Siti Aminah" "Dusun Krajan"
	sktm_row Q2 "Budi" "Dusun Krajan" | tr -d '"' | sed 's/,Budi,/,"Budi,/'
	sktm_row Q3 "Sri Wahyuni" "Dusun Krajan" | tr -d '"'
	sktm_row Q4 "Ngatini" "Dusun Krajan" | tr -d '"'
	sktm_row Q5 "Joko" "Dusun Krajan" | tr -d '"'
} > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 65
expect '[ "$(letters)" -eq 4 ]' "the rows after it issued"
expect 'ex_err "2025-01-20.csv\",\"3\",\"6\",\"\",\"unterminated quoted field: the quote that opens field 6 is never closed; the row is rejected and reading goes on at line 4"' "the bad row named: line 3, column 6"
expect 'echo "$ERR" | grep -q "naskah run: 5 rows: 4 letters, .* 1 rejected"' "the summary counts every row"

begin "exports: a quote closed lines later costs its row, not the rows it ran over"
d=$(office quote2)
{
	echo "$HDR"
	sktm_row Q1 "Siti Aminah" "Dusun Krajan"
	sktm_row Q2 "Budi" "Dusun Krajan" | tr -d '"' | sed 's/,Budi,/,"Budi,/'
	sktm_row Q3 "Sri Wahyuni" "Dusun Krajan" | tr -d '"'
	sktm_row Q4 "Ngatini" "Dusun Krajan" | sed 's/"Ngatini"/Ngatini/'
	sktm_row Q5 "Joko" "Dusun Krajan"
} > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 65
expect '[ "$(letters)" -eq 4 ]' "the rows it ran over issued"
expect 'ex_err "2025-01-20.csv\",\"3\",\"6\",\"\",\"row has 19 fields, header has 26: field 6 runs over lines 3 to 5"' "the bad row named: line 3, column 6, where its quote opens"
expect 'echo "$ERR" | grep -q "naskah run: 5 rows: 4 letters, .* 1 rejected"' "the summary counts every row"

# Desa data: the demo's January ekbang with three dd_pagu rewritten.
ex_desa() {
	d=$(office "$1")
	mkdir -p "$d/in/desa/2025-01"
	cp -r "$ROOT/input/desa/2025-01/ekbang" "$d/in/desa/2025-01/"
}

# ex_pagu KODE NILAI: the desa's dd_pagu written as NILAI (files with ','
# and with ';').
ex_pagu() {
	sed -i -E "s/^dd_pagu([,;])[^,;]*([,;])/dd_pagu\1$2\2/" "$d/in/desa/2025-01/ekbang/$1.csv"
}

begin "desa data: rupiah as spreadsheets write it"
ex_desa rupiah
ex_pagu 35.03.13.2005 '"250.000.000,00"'
ex_pagu 35.03.13.2007 'Rp 250.000.000'
ex_pagu 35.03.13.2011 '250000000.00'
ex_pagu 35.03.13.2013 '"Rp 1.250.000,-"'
run_n "$d" report ekbang --month 2025-01 --date 2025-02-05
expect_rc 0
f=$(find "$d/out/laporan" -name '*.pdf')
t=$(pdftext "$f")
expect 'echo "$t" | grep -q "35.03.13.2005 Sumberejo Rp 250.000.000 "' "250.000.000,00"
expect 'echo "$t" | grep -q "35.03.13.2007 Pakis Rp 250.000.000 "' "Rp 250.000.000"
expect 'echo "$t" | grep -q "35.03.13.2011 Kamulan Rp 250.000.000 "' "250000000.00"
expect 'echo "$t" | grep -q "35.03.13.2013 Baruharjo Rp 1.250.000 "' "Rp 1.250.000,-"
expect 'echo "$t" | grep -q "Dari 14 desa, 12 desa telah melapor"' "every file counted"

begin "desa data: a fraction of a rupiah, a negative number, the limit"
ex_desa rupiah2
ex_pagu 35.03.13.2005 '"250.000.000,50"'
ex_pagu 35.03.13.2007 '-5'
ex_pagu 35.03.13.2011 '1.000.000.000.000.000'
run_n "$d" report ekbang --month 2025-01 --date 2025-02-05
expect_rc 65
expect 'echo "$ERR" | grep -q "35.03.13.2005.csv:2: nilai \"250.000.000,50\" of dd_pagu has a fraction of a rupiah"' "a fraction of a rupiah says so"
expect 'echo "$ERR" | grep -q "35.03.13.2007.csv:2: nilai \"-5\" of dd_pagu is negative"' "negative called negative"
expect 'echo "$ERR" | grep -q "35.03.13.2011.csv:2: nilai \"1.000.000.000.000.000\" of dd_pagu is above the limit of 999.999.999.999.999"' "the limit named"
t=$(pdftext "$(find "$d/out/laporan" -name '*.pdf')")
expect 'echo "$t" | grep -q "mengandung pecahan rupiah"' "the report says why, in Indonesian"

begin "report: the summary counts only desa of desa.csv"
d=$(office census)
mkdir -p "$d/in/desa/2025-01/kesra"
for k in 2001 2002 2003 2005 2007 2008; do
	cp "$ROOT/input/desa/2025-01/kesra/35.03.13.$k.csv" "$d/in/desa/2025-01/kesra/"
done
sed 's/^rtlh;11;/rtlh;11,5;/' "$ROOT/input/desa/2025-01/kesra/35.03.13.2011.csv" > "$d/in/desa/2025-01/kesra/35.03.13.2011.csv"
for k in 2001 2002 2003; do
	cp "$ROOT/input/desa/2025-01/kesra/35.03.13.2001.csv" "$d/in/desa/2025-01/kesra/35.03.12.$k.csv"
done
run_n "$d" report kesra --month 2025-01 --date 2025-02-05
expect_rc 65
t=$(pdftext "$(find "$d/out/laporan" -name '*.pdf')")
sum=$(echo "$t" | sed -n 's/.*Dari \([0-9]*\) desa, \([0-9]*\) desa telah melapor.*, \([0-9]*\) desa belum melapor, dan laporan \([0-9]*\) desa mengandung.*/\1 \2 \3 \4/p')
expect '[ "$sum" = "14 6 7 1" ]' "14 desa: 6 counted, 7 not reported, 1 rejected (got \"$sum\")"
expect 'echo "$t" | grep -q "3 berkas lain bukan laporan desa"' "the three stray files said apart"
expect 'echo "$t" | grep -q "Berkas 35.03.12.2001.csv"' "... and still listed"
expect 'echo "$ERR" | grep -q "6 desa counted, 7 not reported, 1 rejected, 3 files of no desa"' "stderr counts the same"

begin "report: a date in the future is refused"
d=$(office future)
mkdir -p "$d/in/desa/2025-01/kesra"
cp "$ROOT/input/desa/2025-01/kesra/35.03.13.2001.csv" "$d/in/desa/2025-01/kesra/"
run_n "$d" report kesra --month 2025-01 --date "$(date -d tomorrow +%Y-%m-%d)"
expect_rc 64
expect 'echo "$ERR" | grep -q "in the future (today is $(date +%Y-%m-%d))"' "clear message"
expect '[ -z "$(find "$d/out" -name "*.pdf")" ]' "nothing issued"
run_n "$d" report kesra --month 2025-01 --date "$(date +%Y-%m-%d)"
expect_rc 0

begin "exports: a file with the old Mac line ends (CR only) names the right line"
# Found by fuzzing the follow-up reader: libcsv ends a row at a lone CR,
# but the line count only moved at LF, so every row was "line 1".
d=$(office crlines)
{ echo "$HDR"; sktm_row A1 Siti Krajan; sktm_row A2 Budi Krajan |
    sed 's/3503130101900001/35031301019000/'; sktm_row A3 Ani Krajan; } |
    tr '\n' '\r' > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 65
expect '[ "$(echo "$ERR" | grep -c "2025-01-20.csv:3:5: nik")" -eq 1 ]' "the bad row named on its line, 3"
expect '[ "$(sql "SELECT COUNT(*) FROM book")" -eq 2 ]' "the two good rows issued"
