# t_data.sh -- issue 9, "data, checked when the office opens": signer roles
# as kantor.xml's schema reads them, configuration mistakes found before any
# row, a register column added without a conflict, and a service added as
# data only (tests/fixtures/newservice).

# datadir DIR: DIR/data, a copy of templates/ (and the fonts) that a test
# may change; run with NASKAH_DATADIR=DIR/data.
datadir() {
	rm -rf "$1/data"
	mkdir -p "$1/data"
	cp -r "$ROOT/templates" "$1/data/"
	ln -s "$ROOT/fonts" "$1/data/fonts"
}

# line_of FILE PATTERN: the line number of PATTERN's first match in FILE.
line_of() {
	grep -n -- "$2" "$1" | head -1 | cut -d: -f1
}

# err_has PATTERN, err_hasF STRING: the error report of the last run
# holds it (as in t_input.sh, which runs after this file).
err_has() {
	cat "$d"/out/log/*-errors.csv 2>/dev/null | grep -q -- "$1"
}

err_hasF() {
	cat "$d"/out/log/*-errors.csv 2>/dev/null | grep -qF -- "$1"
}

# add_column FILE NAME VALUE: appends a column to a register export,
# VALUE in every row; keeps its delimiter, CRLF and rows that go on over
# several lines (a quoted newline).
add_column() {
	awk -v name="$2" -v val="$3" '
	{
		cr = sub(/\r$/, ""); line = $0
		if (NR == 1) {
			d = index(line, ";") ? ";" : ","
			line = line d name
		} else {
			q += gsub(/"/, "\"", line)
			if (q % 2 == 0 && line != "")
				line = line d val
		}
		printf "%s%s\n", line, cr ? "\r" : ""
	}' "$1" > "$1.new" && mv "$1.new" "$1"
}

# nothing_read: the failed run read no row and issued nothing.
nothing_read() {
	[ "$(find "$d/out" -name '*.pdf' | wc -l)" -eq 0 ] &&
	    [ "$(sql "SELECT COUNT(*) FROM applications")" -eq 0 ] &&
	    [ "$(sql "SELECT COUNT(*) FROM runs")" -eq 0 ]
}

begin "signer: a role with a TAB after it is that role (as the schema reads it)"
d=$(office tab)
# A literal TAB becomes a space when XML reads the attribute, &#9; stays a
# TAB; RelaxNG's token type accepts both as kasi_kesra.
tab=$(printf '\t')
sed -i "s/jabatan=\"kasi_kesra\"/jabatan=\"kasi_kesra\&#9;\"/; s/jabatan=\"kasi_trantibum\"/jabatan=\" kasi_trantibum$tab\"/" "$d/in/kantor.xml"
{
	echo "$HDR"
	sktm_row T1 "Siti Aminah" "Dusun Krajan"
} > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 0
f=$(find "$d/out/surat" -name '*_sktm_*.pdf' | head -1)
t=$(pdftext "$f")
expect 'echo "$t" | grep -q "a.n. CAMAT DURENAN KEPALA SEKSI KESEJAHTERAAN RAKYAT"' "signed by the Kasi Kesra"
expect 'echo "$t" | grep -q "Hj. SITI NURHAYATI"' "with the Kasi Kesra's name"
sed -i "s/jabatan=\"kasi_tapem\"/jabatan=\"kasi_kesra\"/" "$d/in/kantor.xml"
run_n "$d" run
expect_rc 78
line=$(line_of "$d/in/kantor.xml" 'jabatan="kasi_kesra&#9;"')
expect 'echo "$ERR" | grep -q "kantor.xml:$line: pejabat kasi_kesra given twice"' "the same role twice, once with a TAB: line $line"

begin "config: an SOP naming an unknown field stops the run before any row"
d=$(office sopfield)
datadir "$d"
sed -i 's/<isian wajib="jenis_kelamin tempat_lahir/<isian wajib="warna_favorit jenis_kelamin tempat_lahir/' "$d/data/templates/sop/sktm.xml"
{
	echo "$HDR"
	sktm_row U1 "Siti Aminah" "Dusun Krajan"
} > "$d/in/register/2025-01-20.csv"
NASKAH_DATADIR=$d/data run_n "$d" run
expect_rc 78
line=$(line_of "$d/data/templates/sop/sktm.xml" '<isian')
expect 'echo "$ERR" | grep -q "sop/sktm.xml:$line: isian wajib: \"warna_favorit\" is not a field"' "names the SOP file and line $line"
expect 'nothing_read' "no row read, nothing issued"
datadir "$d"
sed -i 's/jika="jenis_legalisasi"/jika="jenis_legalisai"/' "$d/data/templates/sop/legalisasi.xml"
NASKAH_DATADIR=$d/data run_n "$d" run
expect_rc 78
line=$(line_of "$d/data/templates/sop/legalisasi.xml" 'jika=')
expect 'echo "$ERR" | grep -q "sop/legalisasi.xml:$line: persyaratan akta_kematian: jika=\"jenis_legalisai\" is not a field"' "a persyaratan's jika= too, with no legalisasi row"
datadir "$d"
sed -i 's/sama-dengan="waris"/sama-dengan="warisan"/' "$d/data/templates/sop/legalisasi.xml"
NASKAH_DATADIR=$d/data run_n "$d" run
expect_rc 78
expect 'echo "$ERR" | grep -q "sop/legalisasi.xml:$line: persyaratan akta_kematian: sama-dengan=\"warisan\" is not a code of field jenis_legalisasi"' "... and its sama-dengan= a code of that field"

begin "config: an SOP naming a signer kantor.xml lacks stops the run"
d=$(office sopsigner)
# No Kasi Ekbang... nor, now, a Kasi Kesra; the day has no SKTM row.
sed -i '/jabatan="kasi_kesra"/d' "$d/in/kantor.xml"
{
	echo "$HDR"
	printf 'V1,2025-01-20,,legalisasi,3503130101900001,Peminjam,L,,,,,,Krajan,1,2,35.03.13.2006,,bank,pengantar_desa;surat_permohonan;berkas_legalisasi,,agunan,Surat Keterangan Agunan,,,,\n'
} > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 78
line=$(line_of "$ROOT/templates/sop/sktm.xml" '<penandatangan')
expect 'echo "$ERR" | grep -q "sop/sktm.xml:$line: penandatangan jabatan=\"kasi_kesra\": kantor.xml has no such pejabat"' "names the SOP file and line $line"
expect 'nothing_read' "no row read, nothing issued"
cp "$ROOT/input/kantor.xml" "$d/in/"
datadir "$d"
sed -i 's/jabatan="kasi_kesra"/jabatan="kasi_pelayanan"/' "$d/data/templates/sop/sktm.xml"
NASKAH_DATADIR=$d/data run_n "$d" run
expect_rc 78
expect 'echo "$ERR" | grep -q "sop/sktm.xml:$line: penandatangan jabatan=\"kasi_pelayanan\""' "a role no office has, the same way"

begin "config: a wrong template path stops the run at start-up, whatever the rows"
d=$(office tplpath)
datadir "$d"
sed -i 's#template="surat/rekomendasi_kk.xml"#template="surat/rekomendasi-kk.xml"#' "$d/data/templates/sop/kk.xml"
{
	echo "$HDR"
	sktm_row W1 "Siti Aminah" "Dusun Krajan"
} > "$d/in/register/2025-01-20.csv"
NASKAH_DATADIR=$d/data run_n "$d" run
expect_rc 78
line=$(line_of "$d/data/templates/sop/kk.xml" 'rekomendasi-kk')
expect 'echo "$ERR" | grep -q "sop/kk.xml:$line: dokumen surat: .*surat/rekomendasi-kk.xml: cannot open template"' "names the SOP file and line $line (no KK row that day)"
expect 'nothing_read' "no row read, nothing issued"
rm -rf "$d/in/register"
NASKAH_DATADIR=$d/data run_n "$d" run
expect_rc 78

begin "config: a template key nothing fills, or an include that is not there"
d=$(office tplkey)
datadir "$d"
sed -i 's#<title>{{JUDUL}}</title>#<title>{{JUDUL}} {{nomor_rumah}}</title>#' "$d/data/templates/surat/sktm.xml"
{
	echo "$HDR"
	sktm_row X1 "Siti Aminah" "Dusun Krajan"
} > "$d/in/register/2025-01-20.csv"
NASKAH_DATADIR=$d/data run_n "$d" run
expect_rc 78
line=$(line_of "$d/data/templates/surat/sktm.xml" 'nomor_rumah')
expect 'echo "$ERR" | grep -q "surat/sktm.xml:$line: {{nomor_rumah}}: no such key"' "names the template and line $line"
expect 'nothing_read' "no row read, nothing issued"
datadir "$d"
sed -i 's#{{>TTD}}#{{>TANDA_TANGAN}}#' "$d/data/templates/surat/rekomendasi_ktp.xml"
NASKAH_DATADIR=$d/data run_n "$d" run
expect_rc 78
line=$(line_of "$d/data/templates/surat/rekomendasi_ktp.xml" 'TANDA_TANGAN')
expect 'echo "$ERR" | grep -q "surat/rekomendasi_ktp.xml:$line: {{>TANDA_TANGAN}}: no such include"' "an unknown include: line $line"
datadir "$d"
sed -i 's# klasifikasi="100.2.2.5"##' "$d/data/templates/sop/skck.xml"
NASKAH_DATADIR=$d/data run_n "$d" run
expect_rc 78
line=$(line_of "$d/data/templates/sop/skck.xml" 'buku="keluar"')
expect 'echo "$ERR" | grep -q "sop/skck.xml:$line: dokumen surat is numbered in buku keluar but has no klasifikasi"' "a numbered document without its code: line $line"

begin "books: a document numbered in a book of its own, as data"
d=$(office book)
datadir "$d"
sed -i 's#template="surat/legalisasi.xml" buku="keluar"#template="surat/legalisasi.xml" buku="legalisasi"#' "$d/data/templates/sop/legalisasi.xml"
{
	echo "$HDR"
	sktm_row Z1 "Siti Aminah" "Dusun Krajan"
	printf 'Z2,2025-01-20,,legalisasi,3503130101900001,Peminjam,L,,,,,,Krajan,1,2,35.03.13.2006,,bank,pengantar_desa;surat_permohonan;berkas_legalisasi,,agunan,Surat Keterangan Agunan,,,,\n'
	sktm_row Z3 "Budi" "Dusun Krajan"
} > "$d/in/register/2025-01-20.csv"
NASKAH_DATADIR=$d/data run_n "$d" run
expect_rc 0
expect 'pdftext "$(find "$d/out/surat" -name "*_legalisasi_*.pdf")" | grep -q "Nomor : 100.2.2.5/0001/406.13/2025"' "the legalisasi book starts at 1"
expect 'pdftext "$(find "$d/out/surat" -name "00002_sktm_*.pdf")" | grep -q "Nomor : 400.9.14.1/0002/406.13/2025"' "the letters' book goes on without it"

begin "register: a column the export gains changes nothing issued"
d=$(office column)
{
	echo "$HDR"
	sktm_row Y1 "Siti Aminah" "Dusun Krajan"
	sktm_row Y2 "Budi" "Dusun Krajan" | sed 's/pengantar_desa;surat_permohonan/pengantar_desa/'
	printf 'Y3,2025-01-20,09:00,pengaduan,3503130101900001,Slamet,,,,,,,Krajan,1,2,35.03.13.2006,,,,,,,jalan rusak,langsung,,Sari\n'
} > "$d/in/register/2025-01-20.csv"
run_n "$d" run
expect_rc 0
sums1=$(find "$d/out/surat" "$d/out/kembali" -name '*.pdf' -exec sha256sum {} + | sort)
expect '[ "$(echo "$sums1" | wc -l)" -eq 2 ]' "a letter and a return notice"
# The export now has jam_selesai, every row a value (no longer
# pihak_terkait: the complaint's receipt prints it, so a value added
# after the receipt went out is a change).
add_column "$d/in/register/2025-01-20.csv" jam_selesai 09:30
run_n "$d" run
expect_rc 0
expect 'echo "$ERR" | grep -q "0 letters, 0 returned, 0 pengaduan recorded.*3 unchanged, 0 rejected"' "3 unchanged, no conflict"
sums2=$(find "$d/out/surat" "$d/out/kembali" -name '*.pdf' -exec sha256sum {} + | sort)
expect '[ "$sums1" = "$sums2" ]' "no PDF issued or changed"
# And a field new to fields.xml, in the export with a value everywhere.
datadir "$d"
sed -i 's#</register>#  <kolom nama="no_hp" jenis="angka" digit-min="8" digit-maks="15" label="Nomor HP"/>\n</register>#' "$d/data/templates/fields.xml"
add_column "$d/in/register/2025-01-20.csv" no_hp 081234567890
NASKAH_DATADIR=$d/data run_n "$d" run
expect_rc 0
expect 'echo "$ERR" | grep -q " 3 unchanged, 0 rejected, 0 warnings"' "3 unchanged, and no unknown column"
sums3=$(find "$d/out/surat" "$d/out/kembali" -name '*.pdf' -exec sha256sum {} + | sort)
expect '[ "$sums1" = "$sums3" ]' "still no PDF issued or changed"
# What the letter prints still counts.
sed -i 's/,"Siti Aminah",/,"Siti Aminah Baru",/' "$d/in/register/2025-01-20.csv"
NASKAH_DATADIR=$d/data run_n "$d" run
expect_rc 65
expect 'err_has "conflict: the row changed after"' "a changed name is a conflict"

# The register of naskah before fields.xml (version 1 hashes), when the
# binary of that time is at hand: NASKAH_OLD=/path/to/naskah.
if [ -n "${NASKAH_OLD:-}" ] && [ -x "$NASKAH_OLD" ]; then
	begin "register: upgrading from version 1 hashes issues and conflicts nothing"
	d=$(office upgrade)
	rm -rf "$d/in"; cp -r "$ROOT/input" "$d/in"
	set +e
	NASKAH_DATADIR=$ROOT "$NASKAH_OLD" run -q --input "$d/in" --output "$d/out" 2>/dev/null
	set -e
	sums1=$(find "$d/out/surat" "$d/out/kembali" -name '*.pdf' -exec sha256sum {} + | sort)
	datadir "$d"
	sed -i 's#</register>#  <kolom nama="no_hp" jenis="angka" digit-min="8" digit-maks="15" label="Nomor HP"/>\n</register>#' "$d/data/templates/fields.xml"
	for f in "$d"/in/register/*.csv; do
		add_column "$f" no_hp 081234567890
	done
	NASKAH_DATADIR=$d/data run_n "$d" run
	expect_rc 65
	expect '! err_has "conflict"' "no conflict"
	expect 'echo "$ERR" | grep -q " 0 letters, 0 returned, 0 pengaduan recorded.*, 40 unchanged, 9 rejected, 1 warnings"' "40 unchanged, the 9 malformed rows still rejected"
	sums2=$(find "$d/out/surat" "$d/out/kembali" -name '*.pdf' -exec sha256sum {} + | sort)
	expect '[ "$sums1" = "$sums2" ]' "no PDF issued or changed"
fi

begin "a new service, field and signer as data only (tests/fixtures/newservice)"
d=$(office newservice)
datadir "$d"
fx=$ROOT/tests/fixtures/newservice
cp -r "$fx/templates/." "$d/data/templates/"
sed -i "/<\/register>/e cat $fx/fields.add.xml" "$d/data/templates/fields.xml"
rm -rf "$d/in"; cp -r "$fx/in" "$d/in"; cp "$ROOT/input/desa.csv" "$d/in/"
NASKAH_DATADIR=$d/data run_n "$d" run
expect_rc 65
expect '[ "$(find "$d/out/surat" -name "*.pdf" | wc -l)" -eq 2 ]' "2 letters (SKU and SKTM)"
expect '[ "$(find "$d/out/kembali" -name "*.pdf" | wc -l)" -eq 1 ]' "1 return notice"
f=$(find "$d/out/surat" -name '*_sku_*.pdf')
t=$(pdftext "$f")
expect 'echo "$t" | grep -q "SURAT KETERANGAN USAHA Nomor : 500.2/0001/406.13/2025"' "its title and number"
expect 'echo "$t" | grep -q "Nama Usaha Jenis Usaha Lokasi : Warung Makan Bu Sri : Usaha Kuliner : Desa Durenan"' "the new fields, the code's label"
expect 'echo "$t" | grep -q "Nama NIK Jenis Kelamin Alamat : Sri Wahyuni : 3503134506850002 : Perempuan :"' "the usual applicant block"
expect 'echo "$t" | grep -q "a.n. CAMAT DURENAN KEPALA SEKSI PELAYANAN UMUM"' "signed by the new role a.n. Camat"
expect 'echo "$t" | grep -q "RATNA DEWI ANGGRAINI, S.AP. Penata NIP. 19880412 201001 2 003"' "the new signer's name, pangkat, NIP"
expect 'pdf_sound "$f"' "sound PDF"
t=$(pdftext "$(find "$d/out/kembali" -name '*SKU-2*')")
expect 'echo "$t" | grep -q "Berkas permohonan Surat Keterangan Usaha (SKU)"' "return notice names the service"
expect 'echo "$t" | grep -q "1. Foto tempat usaha" && ! echo "$t" | grep -q "PIRT"' "lists what is missing (PIRT only for kuliner)"
expect 'err_hasF "\"4\",\"27\",\"SKU-3\",\"nama_usaha: required for layanan sku, but empty\""' "the new field required by its SOP"
expect 'err_hasF "\"SKU-4\",\"jenis_usaha: unknown \"\"tambang\"\" (kuliner, dagang, jasa, kerajinan)\""' "the new field's codes checked"
t=$(pdftext "$(find "$d/out/surat" -name '*_sktm_*.pdf')")
expect 'echo "$t" | grep -q "KEPALA SEKSI KESEJAHTERAAN RAKYAT"' "the other services as before"
