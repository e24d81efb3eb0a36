"""The demo office's outgoing surat dinas (input/surat-keluar/), for
gen_demo_input.py: four weeks of letters of every type (February-March
2025, after the complaints' last outcome letter so that the numbers of the
demo's other letters stay as they were), their lampiran tables, and four
rows that are bad on purpose (input/README.md lists them).  Deterministic:
fixed data, no clock, no randomness."""
import csv
import io
import os

COLS = ["no_konsep", "tanggal", "jenis", "kepada", "di", "sifat", "perihal",
        "isi", "lampiran", "tembusan", "penandatangan"]

BKD = "Kepala Badan Kepegawaian Daerah Kabupaten Trenggalek"
BAKEUDA = "Kepala Badan Keuangan Daerah Kabupaten Trenggalek"
BAPPEDA = ("Kepala Badan Perencanaan Pembangunan Daerah, Penelitian dan "
           "Pengembangan Kabupaten Trenggalek")
TEMB_BKD = "Sekretaris Daerah Kabupaten Trenggalek;Arsip"

# Invented staff of the office (names, NIPs), for the lampiran tables.
KGB_COLS = ["nama", "nip", "pangkat_golongan", "jabatan", "masa_kerja",
            "gaji_pokok_lama", "gaji_pokok_baru", "tmt"]
KGB = [
    ["Drs. SUGENG RIYADI, M.M.", "19710614 199803 1 007", "Pembina, IV/a",
     "Sekretaris Kecamatan", "26 th 00 bl", "4.836.200",
     "4.988.400", "2025-03-01"],
    ["ENDANG SRI WAHYUNI, S.E., M.M.", "19850817 200901 2 009",
     "Penata, III/c", "Kepala Seksi Ekonomi dan Pembangunan",
     "16 th 00 bl", "3.712.200", "3.829.100", "2025-03-01"],
    ["AGUS PRASETYO, S.Sos.", "19830405 201001 1 014", "Penata Muda Tingkat I, III/b",
     "Kepala Subbagian Umum dan Kepegawaian", "14 th 00 bl",
     "3.422.600", "3.530.300", "2025-03-01"],
    ["SRI WULANDARI, A.Md.", "19880912 201101 2 006", "Pengatur Tingkat I, II/d",
     "Pengadministrasi Perkantoran", "14 th 00 bl", "3.083.900",
     "3.181.000", "2025-03-01"],
    ["MUHAMMAD ARIFIN", "19790223 200701 1 011", "Pengatur, II/c",
     "Pengadministrasi Umum", "18 th 00 bl", "3.056.200",
     "3.152.400", "2025-03-01"],
    ["NUR HIDAYAH, S.Kom.", "19900718 201503 2 004", "Penata Muda, III/a",
     "Pranata Komputer Ahli Pertama", "10 th 00 bl", "3.090.100",
     "3.187.400", "2025-03-01"],
    ["BUDI SANTOSO", "19750530 200801 1 008", "Pengatur Muda Tingkat I, II/b",
     "Pengemudi", "16 th 00 bl", "2.785.500", "2.873.200",
     "2025-04-01"],
    ["DEWI KARTIKA SARI, S.AP.", "19920304 201903 2 010", "Penata Muda, III/a",
     "Analis Kebijakan Ahli Pertama", "06 th 00 bl", "2.907.200",
     "2.998.700", "2025-04-01"],
    ["HADI SUSILO", "19770811 200901 1 005", "Pengatur Muda, II/a",
     "Pramu Kantor", "16 th 00 bl", "2.595.600", "2.677.300",
     "2025-04-01"],
    ["RINA MARLINA, S.E.", "19870121 201101 2 013", "Penata Muda Tingkat I, III/b",
     "Bendahara Pengeluaran", "14 th 00 bl", "3.422.600",
     "3.530.300", "2025-04-01"],
    ["YOGI PRATAMA, S.H.", "19940626 202012 1 003", "Penata Muda, III/a",
     "Penata Kelola Pemerintahan", "04 th 00 bl", "2.818.400",
     "2.907.200", "2025-04-01"],
    ["LILIK SULISTYOWATI", "19800415 201001 2 012", "Pengatur, II/c",
     "Pengadministrasi Keuangan", "14 th 00 bl", "2.873.800",
     "2.964.300", "2025-04-01"],
]

CUTI_COLS = ["nama", "nip", "pangkat_golongan", "jabatan", "jenis_cuti",
             "lama", "mulai", "sampai"]
CUTI_1 = [
    ["SRI WULANDARI, A.Md.", "19880912 201101 2 006", "Pengatur Tingkat I, II/d",
     "Pengadministrasi Perkantoran", "Cuti Tahunan", "5", "2025-02-24",
     "2025-02-28"],
    ["HADI SUSILO", "19770811 200901 1 005", "Pengatur Muda, II/a",
     "Pramu Kantor", "Cuti Tahunan", "3", "2025-03-05", "2025-03-07"],
]
CUTI_2 = [
    ["NUR HIDAYAH, S.Kom.", "19900718 201503 2 004", "Penata Muda, III/a",
     "Pranata Komputer Ahli Pertama", "Cuti Tahunan", "4", "2025-03-17",
     "2025-03-20"],
]

KP_COLS = ["nama", "nip", "pangkat_lama", "pangkat_baru", "jabatan",
           "jenis_kenaikan", "tmt"]
KP = [
    ["ENDANG SRI WAHYUNI, S.E., M.M.", "19850817 200901 2 009",
     "Penata, III/c", "Penata Tingkat I, III/d",
     "Kepala Seksi Ekonomi dan Pembangunan", "Reguler", "2025-04-01"],
    ["NUR HIDAYAH, S.Kom.", "19900718 201503 2 004", "Penata Muda, III/a",
     "Penata Muda Tingkat I, III/b", "Pranata Komputer Ahli Pertama",
     "Jabatan Fungsional", "2025-04-01"],
    ["MUHAMMAD ARIFIN", "19790223 200701 1 011", "Pengatur, II/c",
     "Pengatur Tingkat I, II/d", "Pengadministrasi Umum", "Reguler",
     "2025-04-01"],
]

PENSIUN_COLS = ["nama", "nip", "pangkat_golongan", "jabatan",
                "tanggal_lahir", "tmt_pensiun"]
PENSIUN = [
    ["SUKARDI", "19670503 198903 1 009", "Pengatur Tingkat I, II/d",
     "Pengadministrasi Umum", "1967-05-03", "2025-06-01"],
]

DOK_COLS = ["dokumen", "tahun_anggaran", "jumlah", "keterangan"]
DOK_RENJA = [
    ["Rancangan Rencana Kerja (Renja) Kecamatan Durenan", "2026", "2",
     "Hasil Musrenbang Kecamatan"],
    ["Rencana Kerja dan Anggaran (RKA) Kecamatan Durenan", "2026", "2",
     "Pagu indikatif"],
    ["Dokumen Pelaksanaan Anggaran (DPA) Perubahan", "2025", "1",
     "Pergeseran anggaran triwulan I"],
]
DOK_LKJIP = [
    ["Laporan Kinerja Instansi Pemerintah (LKjIP) Kecamatan Durenan",
     "2024", "2", "Dilengkapi Perjanjian Kinerja 2024"],
    ["Laporan Realisasi Anggaran semester II", "2024", "1", "-"],
]

ISI_RAPAT = (
    "Dalam rangka penyusunan Rencana Kerja Pemerintah Daerah Kabupaten "
    "Trenggalek Tahun 2026, Kecamatan Durenan akan menyelenggarakan "
    "Musyawarah Perencanaan Pembangunan (Musrenbang) tingkat Kecamatan "
    "yang akan membahas usulan prioritas pembangunan dari seluruh desa.\n"
    "\n"
    "Sehubungan dengan hal tersebut, kami mengundang Saudara untuk hadir "
    "pada hari Kamis, 27 Februari 2025, pukul 08.00 WIB sampai dengan "
    "selesai, bertempat di Pendapa Kecamatan Durenan, dengan membawa "
    "daftar usulan hasil Musrenbang Desa dan berita acaranya.\n"
    "\n"
    "Mengingat pentingnya acara tersebut, kami mohon Saudara hadir tepat "
    "waktu dan tidak mewakilkan. Demikian atas perhatian dan kehadirannya "
    "disampaikan terima kasih.")

# (file day, rows); a row: no_konsep, tanggal, jenis, kepada, di, sifat,
# perihal, isi, lampiran, tembusan, penandatangan.
DAYS = [
    ("2025-02-10", [
        ["SD-2025-001", "2025-02-10", "usulan_kgb", BKD, "Trenggalek",
         "biasa", "Usulan Kenaikan Gaji Berkala Pegawai Negeri Sipil", "",
         "kgb-2025-03.csv", TEMB_BKD + ";Kepala Badan Keuangan Daerah "
         "Kabupaten Trenggalek", ""],
        ["SD-2025-002", "2025-02-10", "izin_cuti", BKD, "Trenggalek",
         "biasa", "Permohonan Izin Cuti Tahunan", "", "cuti-2025-02-10.csv",
         "Arsip", "sekcam"],
    ]),
    ("2025-02-12", [
        ["SD-2025-003", "2025-02-12", "pengantar_dokumen_perencanaan",
         BAKEUDA, "Trenggalek", "segera",
         "Penyampaian Dokumen Perencanaan dan Anggaran", "",
         "dokumen-2025-02-12.csv", "Kepala Badan Perencanaan Pembangunan "
         "Daerah, Penelitian dan Pengembangan Kabupaten Trenggalek;Arsip",
         "sekcam"],
        # bad: a type the office does not have
        ["SD-2025-004", "2025-02-12", "usulan_mutasi", BKD, "Trenggalek",
         "biasa", "Usulan Mutasi Pegawai", "", "", "", ""],
    ]),
    ("2025-02-14", [
        ["SD-2025-005", "2025-02-14", "surat_dinas",
         "Kepala Desa se-Kecamatan Durenan", "Tempat", "segera",
         "Undangan Musyawarah Perencanaan Pembangunan Kecamatan", ISI_RAPAT,
         "", "Bupati Trenggalek (sebagai laporan);Kepala Badan Perencanaan "
         "Pembangunan Daerah, Penelitian dan Pengembangan Kabupaten "
         "Trenggalek;Arsip", ""],
        # bad: no perihal
        ["SD-2025-006", "2025-02-14", "surat_dinas", BAKEUDA, "Trenggalek",
         "biasa", "", "Bersama ini kami sampaikan laporan.", "", "", ""],
    ]),
    ("2025-02-17", [
        ["SD-2025-007", "2025-02-17", "usulan_kenaikan_pangkat", BKD,
         "Trenggalek", "biasa",
         "Usulan Kenaikan Pangkat Periode 1 April 2025", "",
         "kp-2025-04.csv", TEMB_BKD, ""],
        # bad: no such date
        ["SD-2025-008", "2025-02-30", "usulan_pensiun", BKD, "Trenggalek",
         "biasa", "Usulan Pensiun", "", "pensiun-2025-06.csv", "", ""],
    ]),
    ("2025-02-19", [
        ["SD-2025-009", "2025-02-19", "usulan_pensiun", BKD, "Trenggalek",
         "biasa", "Usulan Pensiun Batas Usia Pegawai Negeri Sipil", "",
         "pensiun-2025-06.csv", TEMB_BKD, ""],
        # bad: its lampiran file is not there
        ["SD-2025-010", "2025-02-19", "usulan_kgb", BKD, "Trenggalek",
         "biasa", "Usulan Kenaikan Gaji Berkala (susulan)", "",
         "kgb-2025-04.csv", TEMB_BKD, ""],
    ]),
    ("2025-02-24", [
        ["SD-2025-011", "2025-02-24", "pengantar_dokumen_perencanaan",
         BAPPEDA, "Trenggalek", "biasa",
         "Penyampaian Laporan Kinerja Instansi Pemerintah Tahun 2024", "",
         "dokumen-2025-02-24.csv", "Inspektur Kabupaten Trenggalek;Arsip",
         ""],
    ]),
    ("2025-03-03", [
        ["SD-2025-012", "2025-03-03", "izin_cuti", BKD, "Trenggalek",
         "biasa", "Permohonan Izin Cuti Tahunan", "", "cuti-2025-03-03.csv",
         "Arsip", "sekcam"],
    ]),
]

LAMPIRAN = [
    ("kgb-2025-03.csv", KGB_COLS, KGB),
    ("cuti-2025-02-10.csv", CUTI_COLS, CUTI_1),
    ("cuti-2025-03-03.csv", CUTI_COLS, CUTI_2),
    ("kp-2025-04.csv", KP_COLS, KP),
    ("pensiun-2025-06.csv", PENSIUN_COLS, PENSIUN),
    ("dokumen-2025-02-12.csv", DOK_COLS, DOK_RENJA),
    ("dokumen-2025-02-24.csv", DOK_COLS, DOK_LKJIP),
]


def _write(path, header, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def write_surat_keluar(out):
    """input/surat-keluar/YYYY-MM-DD.csv and lampiran/*.csv."""
    written = []
    for day, rows in DAYS:
        path = os.path.join(out, "surat-keluar", day + ".csv")
        _write(path, COLS, rows)
        written.append(path)
    for name, header, rows in LAMPIRAN:
        _write(os.path.join(out, "surat-keluar", "lampiran", name), header,
               rows)
    assert len(KGB) == 12
    return written
