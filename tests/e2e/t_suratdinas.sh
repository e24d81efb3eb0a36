# t_suratdinas.sh -- issue 13, surat dinas: input/surat-keluar/ read by
# naskah run like the register exports; every type issued in the surat
# dinas layout, numbered in the outgoing book between the day's letters,
# with lampiran pages (header repeated) and the archive copy's paraf
# boxes; re-runs, conflicts, malformed rows, kill safety, restore, qpdf
# and Preflight.
. tests/e2e/reliab.sh

SD_CP=""
for j in preflight pdfbox2 fontbox2 xmpbox commons-logging javax.activation jaxb-api; do
	SD_CP="$SD_CP${SD_CP:+:}/usr/share/java/$j.jar"
done

SDHDR="no_konsep,tanggal,jenis,kepada,di,sifat,perihal,isi,lampiran,tembusan,penandatangan"
BKD="Kepala Badan Kepegawaian Daerah Kabupaten Trenggalek"

# sd_fixture DIR: a day of letters (two SKTM letters, then one surat
# dinas of every type and five bad rows), the next day a letter and a
# KGB proposal with a lampiran of 60 rows.
sd_fixture() {
	mkdir -p "$1/in/surat-keluar/lampiran"
	{ echo "$HDR"; sktm_row REG-1 "Satu" "Jl. Satu"; sktm_row REG-2 "Dua" "Jl. Dua"; } |
	    sed 's/2025-01-20/2025-03-03/' > "$1/in/register/2025-03-03.csv"
	{ echo "$HDR"; sktm_row REG-3 "Tiga" "Jl. Tiga"; } |
	    sed 's/2025-01-20/2025-03-04/' > "$1/in/register/2025-03-04.csv"
	L=$1/in/surat-keluar/lampiran
	echo "nama,nip,pangkat_golongan,jabatan,masa_kerja,gaji_pokok_lama,gaji_pokok_baru,tmt" > "$L/kgb.csv"
	i=1
	while [ $i -le 12 ]; do
		printf 'Pegawai Nomor %d,1980010%d 200501 1 0%02d,"Penata, III/c",Pengadministrasi,%02d th 00 bl,3.%03d.000,"Rp 3.%03d.500,00",2025-04-01\n' \
		    $i $((i % 10)) $i $i $((100 + i)) $((200 + i)) >> "$L/kgb.csv"
		i=$((i + 1))
	done
	echo "nama,nip,pangkat_golongan,jabatan,masa_kerja,gaji_pokok_lama,gaji_pokok_baru,tmt" > "$L/kgb60.csv"
	i=1
	while [ $i -le 60 ]; do
		printf 'Pegawai Panjang %d,19800101 200501 1 %03d,"Penata, III/c",Pengadministrasi,10 th 00 bl,3100000,3200000,01/04/2025\n' \
		    $i $i >> "$L/kgb60.csv"
		i=$((i + 1))
	done
	printf 'nama,nip,pangkat_lama,pangkat_baru,jabatan,jenis_kenaikan,tmt\nAgus,19830405 201001 1 014,"Penata Muda, III/a","Penata Muda Tingkat I, III/b",Analis,Reguler,2025-04-01\n' > "$L/kp.csv"
	printf 'nama,nip,pangkat_golongan,jabatan,tanggal_lahir,tmt_pensiun\nSukardi,19670503 198903 1 009,"Pengatur, II/c",Pengadministrasi,1967-05-03,2025-06-01\n' > "$L/pensiun.csv"
	printf 'nama,nip,pangkat_golongan,jabatan,jenis_cuti,lama,mulai,sampai\nSri,19880912 201101 2 006,"Pengatur, II/c",Pengadministrasi,Cuti Tahunan,5,2025-03-10,2025-03-14\n' > "$L/cuti.csv"
	printf 'dokumen,tahun_anggaran,jumlah,keterangan\nRencana Kerja Kecamatan,2026,2,Rancangan\nLKjIP,2024,1,-\n' > "$L/dok.csv"
	printf 'nama,nip,pangkat_golongan,jabatan,masa_kerja,gaji_pokok_lama,gaji_pokok_baru,tmt\nSalah,1,"Penata, III/c",X,1 th,12a,3000000,2025-04-01\n' > "$L/kgbbad.csv"
	{
		echo "$SDHDR"
		echo "K-01,2025-03-03,usulan_kgb,$BKD,Trenggalek,biasa,Usulan Kenaikan Gaji Berkala,,kgb.csv,Sekretaris Daerah Kabupaten Trenggalek;Arsip,"
		echo "K-02,2025-03-03,usulan_kenaikan_pangkat,$BKD,Trenggalek,segera,Usulan Kenaikan Pangkat,,kp.csv,Arsip,"
		echo "K-03,2025-03-03,usulan_pensiun,$BKD,Trenggalek,biasa,Usulan Pensiun,,pensiun.csv,,"
		echo "K-04,2025-03-03,izin_cuti,$BKD,Trenggalek,biasa,Permohonan Izin Cuti,,cuti.csv,Arsip,sekcam"
		echo "K-05,2025-03-03,pengantar_dokumen_perencanaan,Kepala Badan Keuangan Daerah Kabupaten Trenggalek,Trenggalek,sangat segera,Penyampaian Dokumen Perencanaan,,dok.csv,Arsip,"
		printf 'K-06,2025-03-03,surat_dinas,Kepala Desa se-Kecamatan Durenan,Tempat,biasa,Undangan Rapat,"Paragraf pertama tentang rapat koordinasi desa.\n\nParagraf kedua tentang waktu dan tempat rapat.\n\nParagraf ketiga penutup surat undangan.",,,\n'
		echo "K-07,2025-03-03,usulan_mutasi,$BKD,Trenggalek,biasa,Usulan Mutasi,,,,"
		echo "K-08,2025-03-03,surat_dinas,$BKD,Trenggalek,biasa,,Isi.,,,"
		echo "K-09,2025-02-30,usulan_pensiun,$BKD,Trenggalek,biasa,Usulan Pensiun,,pensiun.csv,,"
		echo "K-10,2025-03-03,usulan_kgb,$BKD,Trenggalek,biasa,Usulan KGB,,tidakada.csv,,"
		echo "K-11,2025-03-03,usulan_kgb,$BKD,Trenggalek,biasa,Usulan KGB,,kgbbad.csv,,"
	} > "$1/in/surat-keluar/2025-03-03.csv"
	{
		echo "$SDHDR"
		echo "K-12,2025-03-04,usulan_kgb,$BKD,Trenggalek,biasa,Usulan KGB susulan,,kgb60.csv,,"
	} > "$1/in/surat-keluar/2025-03-04.csv"
}

# page FILE N: the layout text of page N.
page() {
	pdftotext -layout -f "$2" -l "$2" "$1" - 2>/dev/null
}
# npages FILE
npages() {
	pdfinfo "$1" 2>/dev/null | awk '/^Pages:/{print $2}'
}
# count RE: lines of stdin matching the extended regex RE.
count() {
	grep -Ec -- "$1" || true
}
sdfile() {
	ls "$d"/out/surat-dinas/2025/*_"$1"_*.pdf 2>/dev/null | grep -v _arsip | sed -n "${2:-1}p"
}

begin "surat dinas: every type issued from surat-keluar/"
d=$(office sd)
sd_fixture "$d"
run_n "$d" run
expect_rc 65
n=$(find "$d/out/surat-dinas" -name '*.pdf' ! -name '*_arsip.pdf' | wc -l)
na=$(find "$d/out/surat-dinas" -name '*_arsip.pdf' | wc -l)
expect '[ "$n" = 7 ] && [ "$na" = 7 ]' "7 letters and 7 archive copies ($n, $na)"
for t in usulan_kgb usulan_kenaikan_pangkat usulan_pensiun izin_cuti pengantar_dokumen_perencanaan surat_dinas; do
	expect '[ -n "$(sdfile $t)" ]' "a $t letter"
done
expect 'echo "$ERR" | grep -q "12 surat dinas rows: 7 issued, 0 unchanged"' "the summary counts them"

begin "surat dinas: numbered in the outgoing book between the day's letters"
got=$(sql "SELECT group_concat(urut || ':' || kind, ' ') FROM (SELECT urut, kind FROM book ORDER BY tahun, urut)")
want="1:surat 2:surat 3:surat_dinas 4:surat_dinas 5:surat_dinas 6:surat_dinas 7:surat_dinas 8:surat_dinas 9:surat 10:surat_dinas"
expect '[ "$got" = "$want" ]' "register letters, then the day's surat dinas, then the next day's ($got)"
expect '[ "$(sql "SELECT nomor FROM book WHERE urut = 3")" = "800.1.11.13/0003/406.13/2025" ]' "the KGB proposal's number carries its type's code"
expect '[ "$(sql "SELECT count(*) FROM surat_dinas s JOIN documents d ON d.path = s.path AND d.nomor = s.nomor")" = 7 ]' "each letter recorded with its number and document"

begin "surat dinas: malformed rows named with file, line and column"
f="$d/in/surat-keluar/2025-03-03.csv"
expect 'echo "$ERR" | grep -qF "$f:12:3: jenis: \"usulan_mutasi\" is not a surat dinas type"' "unknown jenis (line 12, column 3)"
expect 'echo "$ERR" | grep -qF "$f:13:7: perihal: is empty"' "missing perihal (line 13, column 7)"
expect 'echo "$ERR" | grep -qF "$f:14:2: tanggal: \"2025-02-30\" is not a date"' "bad date (line 14, column 2)"
expect 'echo "$ERR" | grep -qF "$f:15:9: lampiran: cannot read"' "missing lampiran file (line 15, column 9)"
expect 'echo "$ERR" | grep -qF "lampiran/kgbbad.csv:2:6: gaji_pokok_lama: \"12a\" is not a sum of whole rupiah" && echo "$ERR" | grep -qF "the lampiran of K-11, $f line 16"' "a bad lampiran value: the lampiran's line and column, and whose"
expect '[ "$(grep -c "surat-keluar" "$(ls "$d"/out/log/*-errors.csv)")" = 5 ]' "the five in the error report"

begin "surat dinas: the layout of Tata Naskah Dinas (pdftotext counts)"
kgb=$(sdfile usulan_kgb 1)
p1=$(page "$kgb" 1)
expect '[ "$(echo "$p1" | count "PEMERINTAH KABUPATEN TRENGGALEK")" = 1 ] && [ "$(echo "$p1" | count "KECAMATAN DURENAN$")" = 1 ]' "kop"
expect '[ "$(echo "$p1" | count "^ {40,}Durenan, 3 Maret 2025$")" = 2 ]' "place and date at the right, above and in the signature"
expect '[ "$(echo "$p1" | count "^Nomor +: 800\.1\.11\.13/0003/406\.13/2025$")" = 1 ] && [ "$(echo "$p1" | count "^Sifat +: Biasa$")" = 1 ] && [ "$(echo "$p1" | count "^Lampiran +: 1 \(satu\) berkas$")" = 1 ] && [ "$(echo "$p1" | count "^Hal +: Usulan Kenaikan Gaji Berkala$")" = 1 ]' "Nomor, Sifat, Lampiran, Hal at the left"
expect '[ "$(echo "$p1" | count "^Yth\. Kepala Badan Kepegawaian Daerah Kabupaten Trenggalek$")" = 1 ] && [ "$(echo "$p1" | count "^di$")" = 1 ] && [ "$(echo "$p1" | count "^ +Trenggalek$")" = 1 ]' "Yth. addressee, di, the place"
expect '[ "$(echo "$p1" | count "12 \(dua belas\) orang")" = 1 ]' "the body counts the lampiran: 12 (dua belas)"
expect '[ "$(echo "$p1" | count "^ +CAMAT DURENAN$")" = 1 ] && [ "$(echo "$p1" | count "AHMAD ZUHDAN, S.STP, M.Si")" = 1 ] && [ "$(echo "$p1" | count "a\.n\.")" = 0 ]' "signed by the Camat himself"
expect '[ "$(pdftotext "$kgb" - | count "^Kode verifikasi: [0-9A-Z]{5}-[0-9A-Z]{5}$")" = 1 ]' "one verification code"
expect '[ "$(echo "$p1" | count "^Tembusan:$")" = 1 ] && [ "$(echo "$p1" | count "^[12]\. +(Sekretaris Daerah Kabupaten Trenggalek|Arsip)$")" = 2 ]' "Tembusan, two items"
cuti=$(sdfile izin_cuti)
expect '[ "$(pdftotext -layout "$cuti" - | count "^ +a\.n\. CAMAT DURENAN$")" = 2 ] && [ "$(pdftotext -layout "$cuti" - | count "SEKRETARIS KECAMATAN$")" = 2 ]' "izin_cuti: signed a.n. Camat by the Sekcam (letter and lampiran)"
pd=$(sdfile pengantar_dokumen_perencanaan)
expect '[ "$(page "$pd" 1 | count "^Sifat +: Sangat Segera$")" = 1 ]' "sifat printed as Sangat Segera"
free=$(sdfile surat_dinas)
ft=$(pdftotext -layout "$free" -)
expect '[ "$(npages "$free")" = 1 ] && [ "$(echo "$ft" | count "^Lampiran +: -$")" = 1 ]' "free letter: one page, Lampiran : -"
expect '[ "$(echo "$ft" | count "^ {6,}Paragraf (pertama|kedua|ketiga) ")" = 3 ] && [ "$(echo "$ft" | grep -n "Paragraf" | cut -d: -f2 | tr -s " " | cut -d" " -f3 | tr "\n" " ")" = "pertama kedua ketiga " ]' "free letter: the three paragraphs of isi, each indented, in order"

begin "surat dinas: lampiran pages, headed with the number and date, header repeated"
expect '[ "$(npages "$kgb")" = 2 ]' "the KGB letter: letter and one lampiran page"
p2=$(page "$kgb" 2)
expect '[ "$(echo "$p2" | count "^Lampiran +: Surat Camat Durenan$")" = 1 ] && [ "$(echo "$p2" | count "^Nomor +: 800\.1\.11\.13/0003/406\.13/2025$")" = 1 ] && [ "$(echo "$p2" | count "^Tanggal +: 3 Maret 2025$")" = 1 ]' "headed with the letter's number and date"
expect '[ "$(echo "$p2" | count "DAFTAR USULAN KENAIKAN GAJI BERKALA")" = 1 ]' "the type's title"
expect '[ "$(echo "$p2" | grep -o "Rp 3\.[0-9]\{3\}\.[05]00,00" | wc -l)" = 24 ]' "12 rows, both salaries as Rp 3.101.000,00"
expect '[ "$(echo "$p2" | grep -o "Rp 3\.101\.000,00" | wc -l)" = 1 ] && [ "$(echo "$p2" | grep -o "Rp 3\.212\.500,00" | wc -l)" = 1 ]' "gaji 3.101.000 and Rp 3.212.500,00 formatted alike"
long=$(sdfile usulan_kgb 2)
np=$(npages "$long")
hdr=0; rows=0; i=2
while [ "$i" -le "$np" ]; do
	t=$(page "$long" "$i")
	[ "$(echo "$t" | count "TMT KGB")" = 1 ] && hdr=$((hdr + 1))
	rows=$((rows + $(echo "$t" | grep -o "Rp 3\.100\.000,00" | wc -l)))
	i=$((i + 1))
done
expect '[ "$np" -ge 3 ] && [ "$hdr" = $((np - 1)) ]' "60 rows over $((np - 1)) lampiran pages, the header on each ($hdr)"
expect '[ "$rows" = 60 ]' "every row once ($rows)"

begin "surat dinas: the archive copy carries a paraf box per official of the route"
arsip=$(echo "$kgb" | sed 's/\.pdf$/_arsip.pdf/')
na=$(npages "$arsip")
last=$(page "$arsip" "$na")
expect '[ "$na" = $(($(npages "$kgb") + 1)) ]' "the letter's pages and one more"
expect '[ "$(echo "$last" | count "^ +LEMBAR PARAF$")" = 1 ] && [ "$(pdftotext "$kgb" - | count "LEMBAR PARAF")" = 0 ]' "LEMBAR PARAF on the archive copy only"
expect '[ "$(echo "$last" | count "^ *[1-4] +(Pengadministrasi Umum dan|Kepala Subbagian Umum dan|Sekretaris Kecamatan|Camat)")" = 4 ]' "four boxes: Pengadministrasi, Kasubag, Sekcam, Camat"
expect '[ "$(echo "$last" | count "Drs\. SUGENG RIYADI|AHMAD ZUHDAN")" = 2 ]' "with the names kantor.xml knows"
expect '[ "$(page "$(echo "$pd" | sed "s/\.pdf$/_arsip.pdf/")" 3 | count "Kepala Subbagian Perencanaan")" = 1 ]' "SOP.7's route through the Kasubag Perencanaan dan Keuangan"
expect '[ "$(sql "SELECT count(*) FROM documents WHERE kind = '"'arsip_sd'"' AND book_id IS NULL")" = 7 ]' "archive copies recorded, without a number of their own"

begin "surat dinas: sound PDFs"
bad=0
for f in $(find "$d/out/surat-dinas" -name '*.pdf'); do
	pdf_sound "$f" || bad=$((bad + 1))
done
expect '[ "$bad" = 0 ]' "qpdf --check and embedded fonts, all 14"
if command -v java >/dev/null 2>&1 && [ -f /usr/share/java/preflight.jar ]; then
	for f in "$kgb" "$arsip" "$free"; do
		java -cp "$SD_CP" org.apache.pdfbox.preflight.Validator_A1b "$f" > "$d/preflight.out" 2>&1 && RC=0 || RC=$?
		expect '[ "$RC" = 0 ] && grep -q "is a valid PDF/A-1b file" "$d/preflight.out"' "$(basename "$f"): Apache PDFBox Preflight: valid PDF/A-1b"
	done
else
	skip "Apache PDFBox Preflight (libpdfbox2-java, default-jre-headless) is not installed"
fi
run_n "$d" verify "$kgb" "$arsip"
expect '[ "$RC" = 0 ] && [ "$(echo "$OUT" | grep -c "ASLI")" = 2 ]' "naskah verify: both ASLI"
run_n "$d" find --jenis surat_dinas
expect '[ "$(echo "$OUT" | grep -c "surat-dinas/2025/")" = 7 ]' "naskah find --jenis surat_dinas lists the 7"
run_n "$d" agenda --year 2025 --format csv
expect '[ "$(echo "$OUT" | grep -c ",surat_dinas,.*surat-dinas/2025/.*,ada$")" = 7 ]' "the agenda lists them, present"
# Their Hal and addressee, not the kind's name (the letters have no
# application to take them from).
expect '[ "$(echo "$OUT" | grep -c ",surat_dinas,[^,]*,[^,]*,Usulan Kenaikan Gaji Berkala[^,]*,Kepala Badan Kepegawaian Daerah Kabupaten Trenggalek,surat-dinas/")" = 1 ]' "the agenda names a surat dinas's Hal and addressee"
expect '[ "$(echo "$OUT" | grep -c ",surat_dinas,[^,]*,[^,]*,surat_dinas,")" = 0 ]' "no surat dinas has its kind for a Hal"

begin "surat dinas: re-runs change nothing; restore makes a lost one again"
sum1=$(cd "$d/out" && find surat-dinas -name '*.pdf' | sort | xargs sha256sum)
run_n "$d" run
expect_rc 0
expect '[ "$(sql "SELECT count(*) FROM book")" = 10 ]' "no new number"
run_n "$d" run --date 2025-03-03
expect '[ "$RC" = 65 ] && echo "$ERR" | grep -q "surat dinas rows: 0 issued, 6 unchanged"' "read again with --date: 6 unchanged, nothing issued"
sum2=$(cd "$d/out" && find surat-dinas -name '*.pdf' | sort | xargs sha256sum)
expect '[ "$sum1" = "$sum2" ]' "every file as it was"
rm -f "$kgb"
run_n "$d" restore 800.1.11.13/0003/406.13/2025
sum3=$(cd "$d/out" && find surat-dinas -name '*.pdf' | sort | xargs sha256sum)
expect '[ "$RC" = 0 ] && [ "$sum1" = "$sum3" ]' "naskah restore: byte-identical"

begin "surat dinas: a changed row is a conflict, not a new letter"
sed -i 's/^K-03,\(.*\),Usulan Pensiun,/K-03,\1,Usulan Pensiun Batas Usia,/' "$d/in/surat-keluar/2025-03-03.csv"
echo "Tambahan,19830405 201001 1 015,\"Penata Muda, III/a\",\"Penata Muda Tingkat I, III/b\",Analis,Reguler,2025-04-01" >> "$d/in/surat-keluar/lampiran/kp.csv"
run_n "$d" run
expect_rc 65
expect 'echo "$ERR" | grep -qF "2025-03-03.csv:4:1: conflict: no_konsep \"K-03\" was issued as 800.1.6.6/0005/406.13/2025" && echo "$ERR" | grep -qF "perihal \"Usulan Pensiun\" -> \"Usulan Pensiun Batas Usia\""' "a changed perihal: named, with its number"
expect 'echo "$ERR" | grep -qF "2025-03-03.csv:3:1: conflict: no_konsep \"K-02\"" && echo "$ERR" | grep -qF "the lampiran file'"'"'s content"' "a changed lampiran: a conflict too"
expect '[ "$(sql "SELECT count(*) FROM book")" = 10 ] && [ "$(find "$d/out/surat-dinas" -name "*.pdf" | wc -l)" = 14 ]' "no number, no file"

# Kill safety: many letters of one day (two documents each, batches of
# 64), SIGKILLed at random moments, then run to the end: the same
# numbers as an uninterrupted run, every promise of reliab.sh kept.
sd_many() {
	mkdir -p "$1/in/surat-keluar/lampiran"
	printf 'dokumen,tahun_anggaran,jumlah,keterangan\nRenja,2026,2,-\n' > "$1/in/surat-keluar/lampiran/dok.csv"
	{
		echo "$SDHDR"
		i=1
		while [ "$i" -le "$2" ]; do
			echo "M-$i,2025-03-03,pengantar_dokumen_perencanaan,Kepala Badan Keuangan Daerah,Trenggalek,biasa,Penyampaian Dokumen $i,,dok.csv,,"
			i=$((i + 1))
		done
	} > "$1/in/surat-keluar/2025-03-03.csv"
}
sdmap() {
	sqlite3 "$1/out/register.db" "SELECT no_konsep, nomor FROM surat_dinas ORDER BY nomor"
}
SDN=${SDN:-120}

begin "surat dinas: kill safety ($SDN letters, SIGKILLed)"
ref=$(office sdref)
sd_many "$ref" "$SDN"
t0=$(date +%s%N)
run_n "$ref" run -q
SDMS=$(( ($(date +%s%N) - t0) / 1000000 ))
d=$ref
expect_rc 0
expect 'consistent "$ref/out" "$SDN"' "reference run: consistent, $SDN numbers (${SDMS} ms)"
sdmap "$ref" > "$TMPROOT/sdref.map"
d=$(office sdkill)
sd_many "$d" "$SDN"
kill_runs "$d" 4 $((SDMS / 4 + 20))
expect '[ "$KILLED" -ge 4 ]' "$KILLED kills landed on a live run"
run_n "$d" run -q
expect_rc 0
expect 'consistent "$d/out" "$SDN"' "consistent: numbers gapless, files as the register lists them, no tmp"
expect 'sdmap "$d" | cmp -s - "$TMPROOT/sdref.map"' "the same number for each letter as the uninterrupted run"
expect '[ "$(sql "SELECT count(*) FROM documents WHERE kind = '"'arsip_sd'"'")" = "$SDN" ]' "each with its archive copy"
d=$(office sdcrash)
sd_many "$d" 40
NASKAH_TEST_CRASH=after-commit run_n "$d" run -q
expect '[ "$RC" = 137 ] && [ "$(find "$d/out/surat-dinas" -name ".*.tmp" | wc -l)" = 64 ]' "killed between COMMIT and rename: 64 temporaries"
run_n "$d" run -q
expect_rc 0
expect 'consistent "$d/out" 40' "the next run renames them and issues the rest"
