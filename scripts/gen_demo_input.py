#!/usr/bin/env python3
"""Generate the demo office (Kecamatan Durenan, Kab. Trenggalek) in input/.

    python3 scripts/gen_demo_input.py [-q] [OUTDIR]      (default: input/)

Writes kantor.xml, desa.csv, three days of register exports, the follow-up
steps of their complaints (tindak-lanjut/, January-February) and three months
of desa data for the four sections.  Deterministic: a fixed seed, no clock,
no environment; running it twice gives the same bytes.  Standard library only.

The rows that are bad on purpose are listed in input/README.md; the checks at
the end of this script make sure the good rows stay good (valid NIK that
agrees with the sex, dates, desa codes) and the bad ones stay bad.
"""
import csv
import datetime as dt
import io
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from demo_surat_keluar import write_surat_keluar  # noqa: E402

SEED = 20250120
KEC = "35.03.13"
YEAR = 2025

# Kemendagri codes of the 14 desa of Kecamatan Durenan
# (shared/data/wilayah/desa.csv, Kepmendagri 300.2.2-2430/2025).
DESA = [
    (2001, "Ngadisuko"), (2002, "Gador"), (2003, "Kendalrejo"),
    (2004, "Semarum"), (2005, "Sumberejo"), (2006, "Durenan"),
    (2007, "Pakis"), (2008, "Pandean"), (2009, "Panggungsari"),
    (2010, "Sumbergayam"), (2011, "Kamulan"), (2012, "Malasan"),
    (2013, "Baruharjo"), (2014, "Karanganom"),
]


def kd(n):
    """Dotted desa code: kd(2006) -> '35.03.13.2006'."""
    return "%s.%d" % (KEC, n)


# Invented heads of village (pendamping of walk-in complaints).
KADES = {
    2003: "Suparno", 2006: "H. Mochamad Yasin", 2008: "Sugiyanto",
    2010: "Tri Handoko", 2012: "Siti Rochmah", 2013: "Wiji Santoso",
}

PETUGAS = ["Dwi Rahayu Ningsih", "Eko Wahyudi"]

COLS = [
    "no_register", "tanggal", "jam", "layanan", "nik", "nama",
    "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "agama",
    "status_perkawinan", "pekerjaan", "alamat", "rt", "rw", "kode_desa",
    "no_kk", "keperluan", "kelengkapan", "nomor_pengantar",
    "jenis_legalisasi", "perihal", "uraian", "saluran", "pendamping",
    "pihak_terkait", "jam_selesai", "petugas", "id_lapor",
]

# Labels exactly as in templates/sop/*.xml (matched case-insensitively).
LBL = {
    "pengantar_desa": "Surat pengantar dari desa/kelurahan",
    "formulir_kk": "Formulir permohonan Kartu Keluarga (KK)",
    "formulir_kp1": "Formulir K.P1 permohonan rekomendasi KTP",
    "surat_permohonan": "Surat permohonan dari yang bersangkutan",
    "berkas_legalisasi": "Berkas asli yang akan dilegalisasi",
    "akta_kematian": "Akta/surat keterangan kematian pewaris",
}

# What each layanan needs (domain.md / templates/sop): used only by the
# self-check at the end.
PERSYARATAN = {
    "kk": ["pengantar_desa", "formulir_kk"],
    "ktp": ["pengantar_desa", "formulir_kp1"],
    "legalisasi": ["pengantar_desa", "surat_permohonan", "berkas_legalisasi"],
    "skck": ["pengantar_desa", "surat_permohonan"],
    "sktm": ["pengantar_desa", "surat_permohonan"],
}

rng = random.Random(SEED)


def D(s):
    return dt.date.fromisoformat(s)


def make_nik(prefix, born, jk, serial):
    day = born.day + (40 if jk == "P" else 0)
    return "%s%02d%02d%02d%04d" % (prefix, day, born.month, born.year % 100,
                                   serial)


def make_kk():
    issued = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(5400))
    return "350313%s%04d" % (issued.strftime("%d%m%y"), rng.randrange(1, 3000))


def kel(*codes, sep=";", label=(), case=None):
    """Kelengkapan text: codes, some replaced by their labels."""
    out = []
    for c in codes:
        t = LBL[c] if c in label else c
        if case == "upper":
            t = t.upper()
        elif case == "title":
            t = t.title()
        out.append(t)
    return sep.join(out)


def person(layanan, nama, jk, lahir, tempat="Trenggalek", desa=2006, **kw):
    """One register row with plausible defaults; kw overrides columns.
    Extra keys: prefix (NIK region), nik_lahir (date in the NIK when it
    differs from tanggal_lahir), expect (complete/incomplete/malformed/
    pengaduan/warning), why (a note for the summary)."""
    born = D(lahir)
    prefix = kw.pop("prefix", "350313")
    nik_born = D(kw.pop("nik_lahir")) if "nik_lahir" in kw else born
    r = {c: "" for c in COLS}
    r.update({
        "layanan": layanan, "nama": nama, "jenis_kelamin": jk,
        "tempat_lahir": tempat, "tanggal_lahir": lahir, "agama": "Islam",
        "status_perkawinan": "Kawin", "pekerjaan": "Petani",
        "alamat": "Dusun Krajan", "rt": "003", "rw": "002",
        "kode_desa": kd(desa),
        "nik": make_nik(prefix, nik_born, jk, rng.randrange(1, 900)),
    })
    if layanan == "kk":
        r["no_kk"] = make_kk()
    r["_expect"] = kw.pop("expect", "complete")
    r["_why"] = kw.pop("why", "")
    r["_no"] = kw.pop("no", None)       # forced no_register (duplicate)
    r["_tgl"] = kw.pop("tgl", None)     # forced tanggal (bad date)
    r["_fmt"] = kw.pop("fmt", None)     # tanggal form 0/1/2
    for k, v in kw.items():
        assert k in COLS, k
        r[k] = v
    return r


def pengantar(kode_klas, urut, desa):
    return "%s/%03d/%s/%d" % (kode_klas, urut, kd(desa), YEAR)


# --------------------------------------------------------------------------
# Day 1: Monday 2025-01-20, comma, LF, no BOM, canonical column order.
DAY1 = [
    person("kk", "SUTRISNO", "L", "1982-03-14", desa=2006,
           alamat="Dusun Krajan", pekerjaan="Petani",
           kelengkapan=kel("pengantar_desa", "formulir_kk"),
           nomor_pengantar=pengantar(470, 12, 2006)),
    person("ktp", "Nabila Putri Ramadhani", "P", "2007-10-09", desa=2003,
           status_perkawinan="Belum Kawin", pekerjaan="Pelajar/Mahasiswa",
           alamat="Dusun Kedungsari", rt="002", rw="001",
           kelengkapan=kel("pengantar_desa", "formulir_kp1", sep=", ",
                           label=("pengantar_desa", "formulir_kp1"))),
    person("legalisasi", "Muhammad Ma'ruf", "L", "1979-11-02", desa=2008,
           pekerjaan="Wiraswasta", alamat="Dusun Ngemplak", rt="005",
           rw="002", jenis_legalisasi="agunan",
           keperluan="pengajuan Kredit Usaha Rakyat di BRI Unit Durenan",
           perihal="Surat keterangan agunan pinjaman (SHM No. 1123 atas "
                   "nama Muhammad Ma'ruf)",
           kelengkapan=kel("pengantar_desa", "surat_permohonan",
                           "berkas_legalisasi", sep=","),
           nomor_pengantar=pengantar(500, 7, 2008)),
    person("skck", "Andi Setiawan", "L", "2001-05-23", desa=2012,
           prefix="350311", status_perkawinan="Belum Kawin",
           pekerjaan="Belum/Tidak Bekerja", alamat="Dusun Krajan",
           rt="001", rw="003", keperluan="persyaratan melamar pekerjaan",
           kelengkapan=kel("pengantar_desa", "surat_permohonan",
                           label=("surat_permohonan",))),
    person("sktm", "SUMIATUN", "P", "1975-08-17", desa=2010,
           alamat="Dusun Sumberagung", rt="004", rw="002",
           keperluan="pengajuan keringanan biaya rumah sakit di RSUD "
                     "dr. Soedomo Trenggalek",
           kelengkapan=kel("pengantar_desa", "surat_permohonan",
                           case="upper"),
           nomor_pengantar=pengantar(400, 3, 2010)),
    # NIK carries the placeholder date 01-07 of the first registration;
    # the real birth date was corrected later: a warning, still complete.
    person("ktp", "KASIYEM", "P", "1958-03-12", nik_lahir="1958-07-01",
           desa=2005, tempat="Tulungagung", alamat="Dusun Bendo",
           rt="007", rw="003",
           kelengkapan=kel("pengantar_desa", "formulir_kp1"),
           expect="warning",
           why="tanggal_lahir 1958-03-12 differs from the NIK date "
               "1958-07-01 (warning only, letter still issued)"),
    person("legalisasi", "Siti Aminah", "P", "1969-04-25", desa=2001,
           pekerjaan="Mengurus Rumah Tangga", alamat="Dusun Krajan",
           rt="002", rw="001", jenis_legalisasi="waris",
           keperluan="balik nama sertifikat tanah warisan",
           perihal="Surat Keterangan Waris almarhum Karsono",
           kelengkapan=kel("pengantar_desa", "surat_permohonan",
                           "berkas_legalisasi", "akta_kematian")),
    person("kk", "Wahyu Hidayat", "L", "1997-12-30", desa=2014,
           pekerjaan="Karyawan Swasta", alamat="Dusun Ngrejo", rt="001",
           rw="001", kelengkapan=kel("pengantar_desa"),
           expect="incomplete", why="formulir_kk missing"),
    person("sktm", "Nur Khasanah", "P", "1984-06-05", desa=2009,
           pekerjaan="Buruh Tani/Perkebunan", alamat="Dusun Krajan",
           keperluan="persyaratan beasiswa",
           kelengkapan=LBL["pengantar_desa"],
           expect="incomplete", why="surat_permohonan missing"),
    person("skck", "Rizky Maulana", "L", "2003-02-11", desa=2007,
           prefix="350410", status_perkawinan="Belum Kawin",
           pekerjaan="Pelajar/Mahasiswa", alamat="Dusun Pakis Wetan",
           rt="006", rw="002", keperluan="persyaratan melamar pekerjaan",
           kelengkapan=kel("pengantar_desa", "surat_permohonan", sep=", "),
           nomor_pengantar=pengantar(300, 21, 2007)),
    person("ktp", "Fajar Nugroho", "L", "1999-09-19", desa=2004,
           alamat="Dusun Krajan", kelengkapan=kel("pengantar_desa",
                                                  "formulir_kp1"),
           expect="malformed", why="NIK has 15 digits", nik="BAD15"),
    person("legalisasi", "Yuliana Safitri", "P", "1993-01-12", desa=2011,
           pekerjaan="Guru", jenis_legalisasi="skck",
           keperluan="persyaratan melamar pekerjaan",
           perihal="Fotokopi SKCK Polres Trenggalek",
           kelengkapan=kel("pengantar_desa", "surat_permohonan",
                           "berkas_legalisasi"),
           expect="malformed",
           why="jenis_kelamin P but the NIK is a man's (day 12, not 52)",
           nik="MALE"),
    person("domisili", "Bambang Hermanto", "L", "1971-07-07", desa=2013,
           pekerjaan="Wiraswasta", keperluan="surat keterangan domisili usaha",
           kelengkapan=kel("pengantar_desa", "surat_permohonan"),
           expect="malformed", why="unknown layanan \"domisili\""),
    person("pengaduan", "Kusnan", "L", "1966-10-03", desa=2006,
           alamat="Dusun Krajan", rt="004", rw="001",
           uraian="Hajatan pernikahan di rumah Sdr. Jumadi RT 004 RW 001 "
                  "memutar sound system dengan volume sangat keras sampai "
                  "pukul 02.00 selama tiga malam berturut-turut; warga "
                  "yang sakit dan anak sekolah terganggu. Sudah ditegur "
                  "Ketua RT tetapi tidak diindahkan.",
           saluran="langsung", pendamping=KADES[2006],
           pihak_terkait="Sdr. Jumadi (penyelenggara hajatan); Ketua RT 004",
           expect="pengaduan"),
    person("pengaduan", "Sri Utami", "P", "1988-02-28", desa=2010,
           alamat="Dusun Sumberagung", rt="002", rw="003",
           uraian="Sapi milik warga dibiarkan lepas pada malam hari dan "
                  "merusak tanaman padi yang baru ditanam di sawah "
                  "seluas kurang lebih 1.500 m2. Mohon pemilik ternak "
                  "ditertibkan.",
           saluran="lapor", id_lapor="5039127", expect="pengaduan"),
    person("legalisasi", "Slamet Widodo", "L", "1974-05-16", desa=2012,
           pekerjaan="Wiraswasta", jenis_legalisasi="ijin_keramaian",
           keperluan="penyelenggaraan hajatan pernikahan",
           perihal='Surat ijin keramaian hajatan pernikahan tanggal 26 '
                   'Januari 2025 dengan hiburan "campursari"',
           kelengkapan=kel("pengantar_desa", "surat_permohonan",
                           "berkas_legalisasi", sep="; ",
                           label=("berkas_legalisasi",))),
    person("ktp", "André Kurniawan", "L", "2007-12-04", desa=2002,
           status_perkawinan="Belum Kawin", pekerjaan="Pelajar/Mahasiswa",
           alamat="Dusun Gador Kidul", rt="003", rw="001",
           kelengkapan=kel("pengantar_desa", "formulir_kp1", sep=",",
                           label=("formulir_kp1",), case="title"),
           nomor_pengantar=pengantar(470, 4, 2002)),
]

# Day 2: Tuesday 2025-01-21, ';' delimiter, CRLF, UTF-8 BOM (spreadsheet
# in the Indonesian locale); one field with a quoted ';', one alamat with a
# quoted newline.
DAY2 = [
    person("kk", "Heru Cahyono", "L", "1986-08-21", desa=2005,
           pekerjaan="Wiraswasta", alamat="Dusun Krajan", rt="001",
           rw="004", kelengkapan=kel("pengantar_desa", "formulir_kk",
                                     sep=";", label=("formulir_kk",)),
           nomor_pengantar=pengantar(470, 9, 2005)),
    person("ktp", "Ahmad Fauzi", "L", "2007-11-30", desa=2006,
           status_perkawinan="Belum Kawin", pekerjaan="Pelajar/Mahasiswa",
           alamat="Dusun Krajan", kelengkapan=kel("pengantar_desa",
                                                  "formulir_kp1", sep=",")),
    person("ktp", "Lailatul Fitriyah", "P", "2006-04-14", desa=2009,
           status_perkawinan="Belum Kawin", pekerjaan="Pelajar/Mahasiswa",
           alamat="Dusun Panggung", rt="002", rw="002",
           kelengkapan=kel("pengantar_desa"),
           expect="incomplete", why="formulir_kp1 missing"),
    person("legalisasi", "Tumini", "P", "1961-09-09", desa=2011,
           pekerjaan="Mengurus Rumah Tangga", alamat="Dusun Kamulan",
           rt="001", rw="001", jenis_legalisasi="sktm",
           keperluan="pengajuan keringanan biaya rumah sakit",
           perihal="Surat Keterangan Tidak Mampu dari Desa Kamulan",
           kelengkapan=kel("pengantar_desa", "surat_permohonan",
                           "berkas_legalisasi", sep=",",
                           label=("pengantar_desa",)),
           nomor_pengantar=pengantar(400, 2, 2011)),
    person("legalisasi", "Mujiono", "L", "1970-03-03", desa=2013,
           pekerjaan="Pedagang", jenis_legalisasi="lainnya",
           keperluan="pengajuan izin usaha mikro",
           perihal="Surat keterangan usaha dari Desa Baruharjo",
           kelengkapan=kel("pengantar_desa", "surat_permohonan"),
           expect="incomplete", why="berkas_legalisasi missing"),
    person("legalisasi", "Dimas Aditya Pratama", "L", "2000-07-27",
           desa=2001, prefix="350312", status_perkawinan="Belum Kawin",
           pekerjaan="Belum/Tidak Bekerja", jenis_legalisasi="skck",
           keperluan="persyaratan melamar pekerjaan",
           perihal="Fotokopi SKCK Polres Trenggalek",
           kelengkapan=kel("pengantar_desa", "surat_permohonan",
                           "berkas_legalisasi", sep=";")),
    person("skck", "Siti Maesaroh", "P", "1998-12-01", desa=2003,
           status_perkawinan="Belum Kawin", pekerjaan="Belum/Tidak Bekerja",
           alamat="Dusun Kendal", rt="003", rw="003",
           keperluan="persyaratan melamar pekerjaan; calon pekerja migran "
                     "Indonesia (Taiwan)",
           kelengkapan=kel("pengantar_desa", "surat_permohonan", sep=";"),
           nomor_pengantar=pengantar(300, 15, 2003),
           why="keperluan holds a quoted ';'"),
    person("skck", "Galih Prakoso", "L", "2002-06-18", desa=2014,
           status_perkawinan="Belum Kawin", pekerjaan="Belum/Tidak Bekerja",
           keperluan="",
           kelengkapan=kel("pengantar_desa", "surat_permohonan"),
           expect="malformed", why="keperluan (required for skck) empty"),
    person("sktm", "Paimin", "L", "1963-01-20", desa=2008,
           pekerjaan="Buruh Harian Lepas",
           alamat="Dusun Krajan\nBelakang Masjid Al-Ikhlas", rt="002",
           rw="001", keperluan="pengajuan keringanan biaya rumah sakit",
           kelengkapan=kel("pengantar_desa", "surat_permohonan",
                           label=("pengantar_desa", "surat_permohonan")),
           nomor_pengantar=pengantar(400, 5, 2008),
           why="alamat holds a quoted newline"),
    person("sktm", "Khoirul Anam", "L", "1980-10-10", desa=2012,
           pekerjaan="Petani", alamat="Dusun Malasan", rt="004", rw="002",
           keperluan="persyaratan beasiswa KIP Kuliah",
           kelengkapan=kel("pengantar_desa", "surat_permohonan", sep=",")),
    person("kk", "Ponirah", "P", "1977-05-08", desa=2007,
           pekerjaan="Pedagang", alamat="Dusun Pakis Kulon", rt="005",
           rw="003", kelengkapan=kel("formulir_kk", "pengantar_desa"),
           nomor_pengantar=pengantar(470, 18, 2007)),
    person("ktp", "Rina Wulandari", "P", "1995-03-22", desa=2004,
           pekerjaan="Karyawan Swasta", kelengkapan=kel("pengantar_desa",
                                                        "formulir_kp1"),
           expect="malformed", why="NIK contains the letter O", nik="LETTER"),
    person("sktm", "Suyatno", "L", "1968-11-11", desa=2004,
           prefix="350312", alamat="Dusun Krajan",
           keperluan="pengajuan keringanan biaya rumah sakit",
           kelengkapan=kel("pengantar_desa", "surat_permohonan"),
           kode_desa="35.03.12.2004", expect="malformed",
           why="kode_desa 35.03.12.2004 (Kec. Pogalan) not in desa.csv"),
    person("pengaduan", "Sarmidi", "L", "1959-06-30", desa=2008,
           alamat="Dusun Ngemplak", rt="005", rw="002",
           uraian="Sengketa batas tanah pekarangan dengan tetangga: pagar "
                  "tembok yang baru dibangun Sdr. Wagiman masuk kurang "
                  "lebih 1 meter ke tanah pengadu (SHM No. 845). "
                  "Musyawarah di tingkat desa belum berhasil.",
           saluran="langsung", pendamping=KADES[2008],
           pihak_terkait="Sdr. Wagiman, RT 005 RW 002 Desa Pandean",
           expect="pengaduan"),
    person("pengaduan", "Lukman Hakim", "L", "1990-09-14", desa=2003,
           alamat="Dusun Kendal", rt="001", rw="002",
           uraian="Balap liar sepeda motor setiap malam Minggu di Jalan "
                  "Raya Kendalrejo depan SDN 1 Kendalrejo, mulai pukul "
                  "23.00; sangat bising dan membahayakan pengguna jalan.",
           saluran="website", expect="pengaduan"),
    person("ktp", "Sri Wahyuningsih", "P", "1972-02-02", desa=2013,
           pekerjaan="Pedagang", alamat="Dusun Baruharjo", rt="002",
           rw="002", kelengkapan=kel("pengantar_desa", "formulir_kp1",
                                     sep=", ", case="upper")),
]

# Day 3: Wednesday 2025-01-22, comma, LF, columns in another order and one
# header in upper case (column names are case-insensitive, any order).
DAY3_COLS = [
    "no_register", "tanggal", "jam", "jam_selesai", "petugas", "layanan",
    "kode_desa", "NIK", "nama", "jenis_kelamin", "tempat_lahir",
    "tanggal_lahir", "agama", "status_perkawinan", "pekerjaan", "alamat",
    "rt", "rw", "no_kk", "kelengkapan", "nomor_pengantar", "keperluan",
    "jenis_legalisasi", "perihal", "uraian", "saluran", "pendamping",
    "pihak_terkait",
]
DAY3 = [
    person("kk", "Agus Salim", "L", "1991-04-04", desa=2010,
           pekerjaan="Wiraswasta", alamat="Dusun Gayam", rt="003", rw="001",
           kelengkapan=kel("pengantar_desa", "formulir_kk", sep=","),
           nomor_pengantar=pengantar(470, 6, 2010)),
    person("ktp", "Anisa Rahmawati", "P", "2007-08-15", desa=2001,
           status_perkawinan="Belum Kawin", pekerjaan="Pelajar/Mahasiswa",
           alamat="Dusun Ngadisuko", rt="001", rw="002",
           kelengkapan=kel("pengantar_desa", "formulir_kp1", sep=";",
                           label=("formulir_kp1",))),
    person("legalisasi", "Mohammad Syaifuddin", "L", "1965-12-12",
           desa=2006, pekerjaan="Wiraswasta",
           jenis_legalisasi="ijin_keramaian",
           keperluan="pengajian umum peringatan hari besar Islam",
           perihal="Surat ijin keramaian pengajian akbar peringatan Isra "
                   "Mi'raj Nabi Muhammad SAW tanggal 27 Januari 2025",
           kelengkapan=kel("pengantar_desa", "surat_permohonan",
                           "berkas_legalisasi", sep=", "),
           nomor_pengantar=pengantar(300, 3, 2006)),
    person("legalisasi", "Musrifah", "P", "1960-07-19", desa=2002,
           pekerjaan="Mengurus Rumah Tangga", jenis_legalisasi="waris",
           keperluan="pencairan tabungan almarhum suami",
           perihal="Surat Keterangan Waris almarhum Sukarji",
           kelengkapan=kel("pengantar_desa", "surat_permohonan",
                           "berkas_legalisasi"),
           expect="incomplete",
           why="akta_kematian missing (needed only for jenis_legalisasi "
               "waris: conditional persyaratan)"),
    person("legalisasi", "Hendra Gunawan", "L", "1983-03-27", desa=2011,
           prefix="357102", pekerjaan="Wiraswasta",
           jenis_legalisasi="agunan",
           keperluan="pengajuan pinjaman modal usaha di Bank Jatim Cabang "
                     "Trenggalek",
           perihal="Surat keterangan agunan pinjaman (BPKB kendaraan roda "
                   "empat)",
           kelengkapan=kel("pengantar_desa", "surat_permohonan",
                           "berkas_legalisasi", sep=";",
                           label=("pengantar_desa", "surat_permohonan",
                                  "berkas_legalisasi"))),
    person("skck", "Bayu Saputra", "L", "2004-10-01", desa=2013,
           status_perkawinan="Belum Kawin", pekerjaan="Belum/Tidak Bekerja",
           keperluan="persyaratan melamar pekerjaan",
           kelengkapan=kel("surat_permohonan"),
           expect="incomplete", why="pengantar_desa missing"),
    person("skck", "Nurul Hidayah", "P", "2002-01-29", desa=2009,
           status_perkawinan="Belum Kawin", pekerjaan="Pelajar/Mahasiswa",
           keperluan="persyaratan beasiswa",
           kelengkapan=kel("pengantar_desa", "surat_permohonan", sep=","),
           nomor_pengantar=pengantar(300, 8, 2009)),
    person("sktm", "Sumarni", "P", "1979-09-03", desa=2014,
           pekerjaan="Buruh Tani/Perkebunan", alamat="Dusun Karanganom",
           rt="004", rw="001",
           keperluan="pengajuan keringanan biaya rumah sakit",
           kelengkapan=kel("pengantar_desa", "surat_permohonan",
                           label=("surat_permohonan",), case="upper")),
    person("ktp", "", "L", "1985-06-06", desa=2003,
           kelengkapan=kel("pengantar_desa", "formulir_kp1"),
           expect="malformed", why="nama empty"),
    person("sktm", "Joko Susilo", "L", "1976-02-14", desa=2005,
           alamat="Dusun Sumber", rt="002", rw="004",
           keperluan="persyaratan beasiswa",
           kelengkapan=kel("pengantar_desa", "surat_permohonan"),
           nomor_pengantar=pengantar(400, 11, 2005)),
    person("sktm", "Tri Wahyuni", "P", "1987-05-05", desa=2007,
           keperluan="persyaratan beasiswa",
           kelengkapan=kel("pengantar_desa", "surat_permohonan"),
           no="DUP", expect="malformed",
           why="no_register repeats the previous row's number"),
    person("kk", "Imam Syafi'i", "L", "1994-08-08", desa=2012,
           pekerjaan="Karyawan Swasta",
           kelengkapan=kel("pengantar_desa", "formulir_kk"),
           tgl="2025-02-30", expect="malformed",
           why="tanggal 2025-02-30 is not a date"),
    person("ktp", "Puji Astuti", "P", "2007-09-27", desa=2008,
           status_perkawinan="Belum Kawin", pekerjaan="Pelajar/Mahasiswa",
           kelengkapan=kel("pengantar_desa", "formulir_kp1", sep=", ",
                           label=("pengantar_desa",), case="upper")),
    person("kk", "Suwarno", "L", "1957-11-21", desa=2013,
           pekerjaan="Pensiunan", alamat="Dusun Krajan", rt="001",
           rw="001", kelengkapan=kel("pengantar_desa", "formulir_kk",
                                     sep=", ", label=("pengantar_desa",
                                                      "formulir_kk"))),
    person("pengaduan", "Sukarni", "P", "1970-04-17", desa=2013,
           alamat="Dusun Krajan", rt="003", rw="002",
           uraian="Saluran irigasi tersier ke sawah di Dusun Krajan "
                  "ditutup oleh pemilik lahan di hulu sehingga sawah "
                  "seluas kurang lebih 2 hektare milik 11 petani tidak "
                  "mendapat air.",
           saluran="langsung", pihak_terkait="HIPPA Desa Baruharjo",
           expect="pengaduan"),
    person("pengaduan", "Yusuf Effendi", "L", "1981-01-08", desa=2006,
           alamat="Dusun Krajan", rt="001", rw="001",
           uraian="Pedagang kaki lima berjualan di trotoar & bahu jalan "
                  "depan Pasar Durenan sejak pukul 05.00 (jarak lapak < 1 m "
                  "dari marka, > 20 lapak); spanduk \"DISKON {{HARI_INI}}\" "
                  "menutup rambu. Kata Pak Ma'ruf, pejalan kaki terpaksa "
                  "berjalan di badan jalan.",
           saluran="langsung", pendamping=KADES[2006], expect="pengaduan"),
]


def break_nik(r):
    """Apply the deliberate NIK faults."""
    n = r["nik"]
    if n == "BAD15":
        r["nik"] = make_nik("350313", D(r["tanggal_lahir"]),
                            r["jenis_kelamin"], 312)
        r["nik"] = r["nik"][:9] + r["nik"][10:]          # 15 digits
    elif n == "MALE":
        # the officer typed the unshifted birth day: a man's NIK
        r["nik"] = make_nik("350313", D(r["tanggal_lahir"]), "L", 127)
    elif n == "LETTER":
        good = make_nik("350313", D(r["tanggal_lahir"]),
                        r["jenis_kelamin"], 208)
        r["nik"] = good[:12] + "O" + good[13:]           # 0 -> letter O


def fill_day(rows, day, first_no, lahir_fmt=None, start="07:45"):
    """no_register, tanggal (three forms in turn), jam, jam_selesai,
    petugas; tanggal_lahir rewritten in lahir_fmt when given."""
    no = first_no
    t = dt.datetime.combine(day, dt.time.fromisoformat(start))
    forms = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
    prev = None
    for i, r in enumerate(rows):
        break_nik(r)
        if r["_no"] == "DUP":
            r["no_register"] = prev
        else:
            r["no_register"] = "REG-%d-%04d" % (YEAR, no)
            no += 1
        prev = r["no_register"]
        f = r["_fmt"] if r["_fmt"] is not None else (0 if i % 3 != 2
                                                     else 1 + (i // 3) % 2)
        r["tanggal"] = r["_tgl"] or day.strftime(forms[f])
        t += dt.timedelta(minutes=rng.randrange(8, 28))
        r["jam"] = t.strftime("%H:%M")
        if r["_expect"] == "pengaduan":
            r["jam_selesai"] = (t + dt.timedelta(
                minutes=rng.randrange(30, 75))).strftime("%H:%M")
        elif r["_expect"] != "malformed" and i % 5 != 4:
            r["jam_selesai"] = (t + dt.timedelta(
                minutes=rng.randrange(15, 36))).strftime("%H:%M")
        r["petugas"] = PETUGAS[0] if t.hour < 11 else PETUGAS[1]
        if lahir_fmt:
            r["tanggal_lahir"] = D(r["tanggal_lahir"]).strftime(lahir_fmt)
        if r["layanan"] == "pengaduan":
            r["kelengkapan"] = ""
    return no


def write_csv(path, header, rows, delim=",", eol="\n", bom=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=delim, lineterminator=eol,
                   quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    with open(path, "w", encoding="utf-8", newline="") as f:
        if bom:
            f.write("\ufeff")
        f.write(buf.getvalue())


def write_register(out):
    # The Indonesian-locale spreadsheet of day 2 writes birth dates
    # DD/MM/YYYY.
    days = [(D("2025-01-20"), DAY1, COLS, ",", "\n", False),
            (D("2025-01-21"), DAY2, COLS, ";", "\r\n", True),
            (D("2025-01-22"), DAY3, DAY3_COLS, ",", "\n", False)]
    no = 1
    for day, rows, cols, delim, eol, bom in days:
        no = fill_day(rows, day, no, "%d/%m/%Y" if delim == ";" else None)
        write_csv(os.path.join(out, "register", day.isoformat() + ".csv"),
                  cols, [[r[c.lower()] for c in cols] for r in rows],
                  delim, eol, bom)
    return days


# --------------------------------------------------------------------------
KANTOR = """\
<?xml version="1.0" encoding="UTF-8"?>
<kantor>
  <kabupaten jenis="kabupaten">Trenggalek</kabupaten>
  <kecamatan>Durenan</kecamatan>
  <kode-wilayah>35.03.13</kode-wilayah>
  <kode-unit>406.13</kode-unit>
  <alamat>Jalan Raya Kendalrejo No. 23</alamat>
  <telepon>(0355) 879543</telepon>
  <kode-pos>66381</kode-pos>
  <email>kecamatan.durenan@trenggalekkab.go.id</email>
  <kertas>A4</kertas>
  <!-- optional: <logo>logo.png</logo> relative to the input folder; absent = drawn emblem -->
  <penomoran format="{kode}/{urut:04}/{unit}/{tahun}"/>
  <!-- the incoming book (buku agenda surat masuk): complaint receipts -->
  <buku nama="masuk" format="{urut:04}/M/{unit}/{tahun}"/>
  <!-- the pengaduan SOP the office follows: templates/sop/pengaduan-*.xml -->
  <sop layanan="pengaduan" varian="kranggan"/>
  <!-- jam kerja (SOP.6 Kecamatan Durenan); a day not listed is libur, and
       so is every date of libur.csv -->
  <jam-kerja>
    <hari nama="senin" masuk="07:30" pulang="15:30" istirahat="12:00-12:30"/>
    <hari nama="selasa" masuk="07:30" pulang="15:30" istirahat="12:00-12:30"/>
    <hari nama="rabu" masuk="07:30" pulang="15:30" istirahat="12:00-12:30"/>
    <hari nama="kamis" masuk="07:30" pulang="15:30" istirahat="12:00-12:30"/>
    <hari nama="jumat" masuk="07:00" pulang="15:30" istirahat="11:30-13:00"/>
  </jam-kerja>
%s
</kantor>
"""

# Camat as in the SOP book (seed 004); the others are invented.  NIP:
# birth date, TMT CPNS (year, month), sex (1 man, 2 woman), serial.
PEJABAT = [
    ("camat", "AHMAD ZUHDAN, S.STP, M.Si", "Pembina Tingkat I",
     "19800127", "199912", 1, 1),
    ("sekcam", "Drs. SUGENG RIYADI, M.M.", "Pembina",
     "19710614", "199803", 1, 7),
    ("kasi_tapem", "BAMBANG SETYAWAN, S.Sos., M.Si.", "Penata Tingkat I",
     "19780903", "200312", 1, 12),
    ("kasi_kesra", "Hj. SITI NURHAYATI, S.Ag., M.Pd.I.", "Penata Tingkat I",
     "19810522", "200604", 2, 15),
    ("kasi_trantibum", "SUPRIYANTO, S.H.", "Penata Tingkat I",
     "19760311", "200212", 1, 4),
    ("kasi_ekbang", "ENDANG SRI WAHYUNI, S.E., M.M.", "Penata",
     "19850817", "200901", 2, 9),
]


def write_kantor(out):
    lines = []
    for jab, nama, pangkat, lahir, tmt, sex, ser in PEJABAT:
        born = dt.date(int(lahir[:4]), int(lahir[4:6]), int(lahir[6:]))
        cpns_age = int(tmt[:4]) - born.year
        assert 18 <= cpns_age <= 35, (jab, cpns_age)
        nip = "%s %s %d %03d" % (lahir, tmt, sex, ser)
        lines.append('  <pejabat jabatan="%s" nama="%s" pangkat="%s" '
                     'nip="%s"/>' % (jab, nama, pangkat, nip))
    with open(os.path.join(out, "kantor.xml"), "w", encoding="utf-8",
              newline="") as f:
        f.write(KANTOR % "\n".join(lines))


def write_desa(out):
    write_csv(os.path.join(out, "desa.csv"), ["kode", "nama", "jenis"],
              [[kd(n), nama, "desa"] for n, nama in DESA])


# --------------------------------------------------------------------------
# Monthly desa data.
MONTHS = ["2024-11", "2024-12", "2025-01"]
DAYS_IN = {"2024-11": 30, "2024-12": 31, "2025-01": 31}

IND = {
    "tapem": ["penduduk_laki", "penduduk_perempuan", "jumlah_kk",
              "kelahiran", "kematian", "pindah_datang", "pindah_keluar",
              "perangkat_desa", "rapat_bpd", "sengketa_tanah",
              "layanan_adminduk"],
    "trantibum": ["patroli", "kejadian_pencurian", "kejadian_perkelahian",
                  "kejadian_kebakaran", "kejadian_kecelakaan",
                  "kejadian_lainnya", "konflik_sosial", "konflik_dimediasi",
                  "konflik_selesai", "pelanggaran_perda", "sosialisasi_perda",
                  "bencana", "anggota_linmas"],
    "kesra": ["kpm_pkh", "kpm_bpnt", "kpm_blt_dd", "posyandu_aktif",
              "balita_ditimbang", "balita_stunting", "kegiatan_keagamaan",
              "bencana_kejadian", "bencana_kk_terdampak", "rtlh"],
    "ekbang": ["dd_pagu", "dd_realisasi", "add_pagu", "add_realisasi",
               "kegiatan_fisik_rencana", "kegiatan_fisik_selesai",
               "bumdes_aktif", "rkpdes_ditetapkan", "apbdes_ditetapkan"],
}
RUPIAH = {"dd_pagu", "dd_realisasi", "add_pagu", "add_realisasi"}

# Desa that did not report (belum melapor): 1-2 per month and section,
# different desa in different months.
MISSING = {
    ("2024-11", "tapem"): [2012], ("2024-11", "trantibum"): [2004],
    ("2024-11", "kesra"): [2009, 2013], ("2024-11", "ekbang"): [2002],
    ("2024-12", "tapem"): [2005, 2014], ("2024-12", "trantibum"): [2011],
    ("2024-12", "kesra"): [2001], ("2024-12", "ekbang"): [2007, 2010],
    ("2025-01", "tapem"): [2003], ("2025-01", "trantibum"): [2013, 2002],
    ("2025-01", "kesra"): [2006], ("2025-01", "ekbang"): [2012, 2004],
}
ERROR_FILE = ("2025-01", "trantibum", 2008)     # "dua belas" on line 4
WARN_KONFLIK = ("2025-01", "trantibum", 2010)   # selesai > dimediasi
WARN_DD = ("2024-12", "ekbang", 2001)           # dd_realisasi > dd_pagu
SEMICOLON_DESA = 2011                           # ';' + CRLF spreadsheet
DOTTED_RUPIAH = {2002, 2004, 2006, 2008, 2011, 2013}   # 1.250.000 form
FLOOD = {"2024-12": {2006: "banjir luapan Sungai Ngasinan 14 Desember",
                     2004: "tanah longsor tebing di Dusun Krajan"},
         "2025-01": {2008: "banjir luapan Sungai Ngasinan 9 Januari",
                     2006: "banjir genangan di permukiman RT 001-003"}}
APBDES_LATE = {2009: "APBDes 2025 masih dalam evaluasi Bupati",
               2014: "Perdes APBDes 2025 belum diundangkan"}


def rp(x, step=100):
    """Whole rupiah, rounded down to step."""
    return int(x) // step * step


def dotted(n):
    return "{:,}".format(n).replace(",", ".")


def base_desa():
    base = {}
    for n, _ in DESA:
        pop = rng.randrange(2100, 6000)
        laki = round(pop * rng.uniform(0.49, 0.505))
        pagu24 = rng.randrange(800_000, 1_200_000) * 1000
        base[n] = {
            "laki": laki, "perempuan": pop - laki,
            "kk": round(pop / rng.uniform(3.1, 3.4)),
            "perangkat": rng.randrange(10, 14),
            "linmas": rng.randrange(20, 41),
            "posyandu": rng.randrange(3, 9),
            "balita": min(400, max(110, round(pop * rng.uniform(0.055,
                                                                0.07)))),
            "pkh": round(pop * rng.uniform(0.03, 0.05)),
            "bpnt": round(pop * rng.uniform(0.06, 0.08)),
            "blt": rng.randrange(15, 55),
            "rtlh": rng.randrange(5, 40),
            "dd24": pagu24,
            "dd25": rp(pagu24 * rng.uniform(0.97, 1.04), 1000),
            "add24": rng.randrange(300_000, 500_000) * 1000,
            "fisik24": rng.randrange(4, 11), "fisik25": rng.randrange(4, 11),
            "bumdes": 0 if n in (2005, 2013) else 1,
        }
        base[n]["add25"] = rp(base[n]["add24"] * rng.uniform(0.98, 1.05),
                              1000)
    return base


def month_values(b, n, ym, mi):
    """One desa's four sections for one month: {bagian: [(ind, val, ket)]}."""
    days = DAYS_IN[ym]
    ket = {}
    # tapem: the population moves with the month's events.
    lahir, mati = rng.randrange(2, 9), rng.randrange(1, 7)
    datang, keluar = rng.randrange(0, 7), rng.randrange(0, 9)
    if mi:
        b["laki"] += (lahir + datang - mati - keluar) // 2
        b["perempuan"] += (lahir + datang - mati - keluar) - \
            (lahir + datang - mati - keluar) // 2
        b["kk"] += rng.randrange(0, 4)
    sengketa = 1 if rng.random() < 0.15 else 0
    if sengketa:
        ket["sengketa_tanah"] = "batas pekarangan, dimediasi Kepala Desa"
    tapem = {"penduduk_laki": b["laki"], "penduduk_perempuan": b["perempuan"],
             "jumlah_kk": b["kk"], "kelahiran": lahir, "kematian": mati,
             "pindah_datang": datang, "pindah_keluar": keluar,
             "perangkat_desa": b["perangkat"],
             "rapat_bpd": rng.choice([1, 1, 2]), "sengketa_tanah": sengketa,
             "layanan_adminduk": rng.randrange(20, 80)}
    # trantibum
    konflik = rng.choice([0, 0, 0, 1, 1, 2])
    dimediasi = min(konflik, rng.choice([konflik, konflik, konflik - 1]))
    dimediasi = max(dimediasi, 0)
    selesai = max(0, min(dimediasi, rng.choice([dimediasi, dimediasi - 1])))
    bencana = 1 if n in FLOOD.get(ym, {}) else 0
    tr = {"patroli": days - rng.randrange(0, 9),
          "kejadian_pencurian": rng.choice([0, 0, 1, 1, 2]),
          "kejadian_perkelahian": rng.choice([0, 0, 0, 1]),
          "kejadian_kebakaran": rng.choice([0, 0, 0, 0, 1]),
          "kejadian_kecelakaan": rng.choice([0, 0, 1, 2]),
          "kejadian_lainnya": rng.choice([0, 0, 0, 1]),
          "konflik_sosial": konflik, "konflik_dimediasi": dimediasi,
          "konflik_selesai": selesai,
          "pelanggaran_perda": rng.choice([0, 0, 1, 2, 3]),
          "sosialisasi_perda": rng.choice([0, 1, 1, 2]),
          "bencana": bencana, "anggota_linmas": b["linmas"]}
    if bencana:
        ket["bencana"] = FLOOD[ym][n]
    if tr["kejadian_kebakaran"]:
        ket["kejadian_kebakaran"] = rng.choice([
            "kandang ternak terbakar, tidak ada korban jiwa",
            "korsleting listrik di dapur warga", "kebakaran lahan tebu"])
    if (ym, "trantibum", n) == WARN_KONFLIK:
        tr.update(konflik_sosial=2, konflik_dimediasi=1, konflik_selesai=2)
        ket["konflik_selesai"] = "1 perkara selesai sendiri tanpa mediasi"
    # kesra
    ditimbang = round(b["balita"] * rng.uniform(0.88, 1.0))
    kk_terdampak = rng.randrange(6, 41) if bencana else 0
    kesra = {"kpm_pkh": b["pkh"] + rng.randrange(-2, 3),
             "kpm_bpnt": b["bpnt"] + rng.randrange(-3, 4),
             "kpm_blt_dd": b["blt"], "posyandu_aktif": b["posyandu"],
             "balita_ditimbang": ditimbang,
             "balita_stunting": max(1, round(ditimbang *
                                             rng.uniform(0.02, 0.065))),
             "kegiatan_keagamaan": rng.randrange(4, 16),
             "bencana_kejadian": bencana,
             "bencana_kk_terdampak": kk_terdampak, "rtlh": b["rtlh"]}
    if bencana:
        ket["bencana_kk_terdampak"] = "rumah tergenang, sudah dibantu " \
                                      "logistik BPBD" \
            if "banjir" in FLOOD[ym][n] else "dapur warga rusak ringan"
    # ekbang: realisasi is cumulative within the budget year.
    if ym == "2025-01":
        dd_p, add_p, fisik = b["dd25"], b["add25"], b["fisik25"]
        dd_r = b["blt"] * 300_000
        add_r = rp(add_p / 12 * rng.uniform(0.9, 1.0))
        selesai_f = 0
        ket["dd_realisasi"] = "BLT-DD bulan Januari"
        apbdes = 0 if n in APBDES_LATE else 1
        if not apbdes:
            ket["apbdes_ditetapkan"] = APBDES_LATE[n]
    else:
        dd_p, add_p, fisik = b["dd24"], b["add24"], b["fisik24"]
        share = rng.uniform(0.72, 0.86) if ym == "2024-11" else \
            rng.uniform(0.965, 1.0)
        dd_r = rp(dd_p * share)
        add_r = rp(add_p * (rng.uniform(0.80, 0.84) if ym == "2024-11"
                            else rng.uniform(0.98, 1.0)))
        selesai_f = round(fisik * rng.uniform(0.55, 0.8)) \
            if ym == "2024-11" else fisik
        apbdes = 1
        if ym == "2024-12" and n in (2003, 2013):
            selesai_f = fisik - 1
            ket["kegiatan_fisik_selesai"] = "1 kegiatan rabat beton " \
                                            "dilanjutkan tahun 2025"
    if (ym, "ekbang", n) == WARN_DD:
        dd_r = dd_p + 12_500_000
        ket["dd_realisasi"] = "termasuk SiLPA tahun 2023"
    ek = {"dd_pagu": dd_p, "dd_realisasi": dd_r, "add_pagu": add_p,
          "add_realisasi": add_r, "kegiatan_fisik_rencana": fisik,
          "kegiatan_fisik_selesai": selesai_f, "bumdes_aktif": b["bumdes"],
          "rkpdes_ditetapkan": 1, "apbdes_ditetapkan": apbdes}
    if not b["bumdes"]:
        ket["bumdes_aktif"] = "BUMDes belum aktif kembali"
    out = {}
    for bag, vals in (("tapem", tapem), ("trantibum", tr), ("kesra", kesra),
                      ("ekbang", ek)):
        out[bag] = [(i, vals[i], ket.get(i, "")) for i in IND[bag]]
    return out


def write_desa_data(out):
    base = base_desa()
    written = []
    for mi, ym in enumerate(MONTHS):
        for n, _ in DESA:
            secs = month_values(base[n], n, ym, mi)
            for bag in ("tapem", "trantibum", "kesra", "ekbang"):
                if n in MISSING[(ym, bag)]:
                    continue
                rows = []
                for ind, val, ket in secs[bag]:
                    if ind in RUPIAH and n in DOTTED_RUPIAH:
                        val = dotted(val)
                    rows.append([ind, str(val), ket])
                if bag == "trantibum" and n == ERROR_FILE[2]:
                    # this desa's spreadsheet lists patroli third
                    order = ["anggota_linmas", "sosialisasi_perda", "patroli"]
                    rows.sort(key=lambda r: order.index(r[0])
                              if r[0] in order else 99)
                    if (ym, bag, n) == ERROR_FILE:
                        assert rows[2][0] == "patroli"   # line 4
                        rows[2][1] = "dua belas"
                        rows[2][2] = "patroli malam bersama Linmas"
                semi = n == SEMICOLON_DESA
                path = os.path.join(out, "desa", ym, bag, kd(n) + ".csv")
                write_csv(path, ["indikator", "nilai", "keterangan"], rows,
                          ";" if semi else ",", "\r\n" if semi else "\n")
                written.append(path)
    return written


# --------------------------------------------------------------------------
def nik_ok(nik, jk=None):
    """Structural NIK check of domain.md; returns the birth date or None."""
    if len(nik) != 16 or not nik.isdigit() or nik[12:] == "0000":
        return None
    day, mon, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    female = day > 40
    if female:
        day -= 40
    year = 2000 + yy if yy <= YEAR % 100 else 1900 + yy
    try:
        born = dt.date(year, mon, day)
    except ValueError:
        return None
    if jk is not None and (jk == "P") != female:
        return None
    return born


def parse_date(t):
    """The three date forms of interface.md; ValueError otherwise."""
    for f in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(t, f).date()
        except ValueError:
            pass
    raise ValueError(t)


def self_check(days, out):
    """Re-read the written files and check each row against its intent."""
    desa = {kd(n) for n, _ in DESA}
    seen = set()
    for day, rows, cols, delim, eol, bom in days:
        path = os.path.join(out, "register", day.isoformat() + ".csv")
        with open(path, encoding="utf-8-sig", newline="") as f:
            got = list(csv.DictReader(f, delimiter=delim))
        assert len(got) == len(rows), path
        for g, r in zip(got, rows):
            g = {k.lower(): v for k, v in g.items()}
            bad = []
            born = nik_ok(g["nik"], g["jenis_kelamin"] or None)
            if born is None:
                bad.append("nik")
            if g["layanan"] not in PERSYARATAN and g["layanan"] != "pengaduan":
                bad.append("layanan")
            if g["kode_desa"] not in desa:
                bad.append("desa")
            if not g["nama"]:
                bad.append("nama")
            if g["no_register"] in seen:
                bad.append("dup")
            seen.add(g["no_register"])
            if g["layanan"] in ("skck", "sktm", "legalisasi") and \
                    not g["keperluan"]:
                bad.append("keperluan")
            try:
                assert parse_date(g["tanggal"]) == day, g["no_register"]
            except ValueError:
                bad.append("tanggal")
            exp = r["_expect"]
            assert (exp == "malformed") == bool(bad), (g["no_register"], bad)
            if bad:
                continue
            if exp == "pengaduan":
                assert g["uraian"] and g["saluran"]
                continue
            lahir_d = parse_date(g["tanggal_lahir"])
            assert (lahir_d != born) == (exp == "warning"), g["no_register"]
            assert g["layanan"] != "ktp" or \
                (day - lahir_d).days >= 17 * 365, g["no_register"]
            have = set()
            for tok in g["kelengkapan"].replace(";", ",").split(","):
                tok = tok.strip().lower()
                for code, label in LBL.items():
                    if tok in (code, label.lower()):
                        have.add(code)
            need = list(PERSYARATAN[g["layanan"]])
            if g["jenis_legalisasi"] == "waris":
                need.append("akta_kematian")
            missing = [c for c in need if c not in have]
            assert (len(missing) == 1) == (exp == "incomplete") and \
                len(missing) <= 1, (g["no_register"], missing)
    # NIPs: 18 digits, valid birth date, TMT after the 18th birthday.
    for jab, nama, pangkat, lahir, tmt, sex, ser in PEJABAT:
        dt.date(int(lahir[:4]), int(lahir[4:6]), int(lahir[6:]))
        assert 1 <= int(tmt[4:]) <= 12 and sex in (1, 2)


def check_desa_data(out):
    """Every desa file parses except ERROR_FILE, and the only plausibility
    warnings are WARN_KONFLIK and WARN_DD."""
    errors, warns = set(), set()
    for ym in MONTHS:
        for bag in IND:
            d = os.path.join(out, "desa", ym, bag)
            files = sorted(os.listdir(d))
            expect = [kd(n) + ".csv" for n, _ in DESA
                      if n not in MISSING[(ym, bag)]]
            assert files == expect, (ym, bag)
            for fn in files:
                n = int(fn[-8:-4])
                with open(os.path.join(d, fn), encoding="utf-8-sig",
                          newline="") as f:
                    head = f.readline()
                    f.seek(0)
                    rows = list(csv.reader(f, delimiter=";" if ";" in head
                                           else ","))
                assert rows[0] == ["indikator", "nilai", "keterangan"]
                v = {}
                for ind, nilai, _ in rows[1:]:
                    if not nilai.replace(".", "").isdigit():
                        errors.add((ym, bag, n))
                        continue
                    v[ind] = int(nilai.replace(".", ""))
                assert sorted([r[0] for r in rows[1:]]) == sorted(IND[bag])
                if bag == "ekbang" and (v["dd_realisasi"] > v["dd_pagu"] or
                                        v["add_realisasi"] > v["add_pagu"] or
                                        v["kegiatan_fisik_selesai"] >
                                        v["kegiatan_fisik_rencana"]):
                    warns.add((ym, bag, n))
                if bag == "trantibum" and "patroli" in v and (
                        v["konflik_selesai"] > v["konflik_dimediasi"] or
                        v["konflik_dimediasi"] > v["konflik_sosial"] or
                        v["patroli"] > DAYS_IN[ym]):
                    warns.add((ym, bag, n))
                if bag == "kesra" and (v["balita_stunting"] >
                                       v["balita_ditimbang"]):
                    warns.add((ym, bag, n))
                if bag == "tapem":
                    assert 2000 <= v["penduduk_laki"] + \
                        v["penduduk_perempuan"] <= 6100
    assert errors == {ERROR_FILE}, errors
    assert warns == {WARN_KONFLIK, WARN_DD}, warns


# --------------------------------------------------------------------------
# Follow-up steps of the six complaints (tindak-lanjut/YYYY-MM-DD.csv), by
# the Kranggan SOP the office follows (templates/sop/pengaduan-kranggan.xml):
# 2 Camat hears the complainant, 3 orders the Kasi Trantibum, 4 the Kasi
# studies it, 5 summons the parties, 6 the parties come, 7 musyawarah (its
# catatan: what was agreed), 8 report to the Camat, 9 (legal channel only)
# handed back, 10 the parties receive the outcome (closes, with hasil).
# Rows: (no_register number, step, time[, hasil]); "#" rows are bad on
# purpose (the last item says why) and are written as they are.
CAMAT = "AHMAD ZUHDAN, S.STP, M.Si"
KASI = "SUPRIYANTO, S.H."
PETUGAS_OF = {2: CAMAT, 3: CAMAT, 4: KASI, 5: KASI, 6: KASI, 7: KASI, 8: KASI,
              9: CAMAT, 10: KASI}
AGREED = {
    14: "Sdr. Jumadi bersedia mengecilkan volume sound system dan "
        "menghentikan hiburan paling lambat pukul 22.00 selama sisa acara; "
        "disaksikan Kepala Desa Durenan dan Ketua RT 004.",
    15: "Pemilik ternak (Sdr. Parman dan Sdr. Karto) sepakat mengandangkan "
        "sapi pada malam hari dan mengganti bibit padi yang rusak "
        "senilai Rp 750.000,00 paling lambat 10 Februari 2025.",
    31: "Para pihak tidak mencapai kesepakatan: Sdr. Wagiman tetap "
        "berpendapat pagar berdiri di atas tanahnya sendiri.",
    47: "Pemilik lahan di hulu membuka kembali saluran irigasi tersier; "
        "HIPPA Desa Baruharjo mengatur giliran air setiap Senin dan Kamis.",
    48: 'Paguyuban PKL "Pasar Durenan" & Satpol PP sepakat: lapak mundur '
        '> 1,5 m dari marka, spanduk {{PROMO}} dicabut, jumlah lapak < 20; '
        "koordinator Sdr. Ma'ruf.",
}
TINDAK_LANJUT = [
    # 0014: settled by musyawarah within its standard (due 22-01 09.27).
    ("2025-01-20", [(14, 2, "13:10"), (14, 3, "13:30")]),
    ("2025-01-21", [(15, 2, "08:30"), (15, 3, "09:00"), (14, 4, "10:00"),
                    (14, 5, "10:45"), (31, 2, "13:00"), (31, 3, "13:20")]),
    ("2025-01-22", [(14, 6, "08:00"), (14, 7, "08:30"), (14, 8, "09:05"),
                    (14, 10, "09:20", "musyawarah"), (32, 2, "08:00"),
                    (32, 3, "08:20"), (31, 4, "14:00"), (47, 2, "13:00"),
                    (47, 3, "13:15")]),
    # Errors, each its row only: an unknown complaint, a step the SOP does
    # not have, a step before one recorded (0014 closed with step 10), a
    # hasil on a step that does not close, a time written 08.00, a date
    # that does not exist; the good rows around them go through.
    ("2025-01-23", [("#", "REG-2025-0099", 2, "2025-01-23", "08:00", "",
                     "", "no complaint REG-2025-0099"),
                    ("#", "REG-2025-0031", 11, "2025-01-23", "08:05", "",
                     "", "no step 11"),
                    ("#", "REG-2025-0014", 9, "2025-01-23", "08:10", "",
                     "", "step 9 before step 10, recorded"),
                    ("#", "REG-2025-0047", 4, "2025-01-23", "08:15", "",
                     "musyawarah", "hasil on step 4"),
                    ("#", "REG-2025-0048", 2, "2025-01-23", "08.00", "",
                     "", "time 08.00"),
                    ("#", "REG-2025-0048", 3, "2025-01-32", "08:30", "",
                     "", "date 2025-01-32"),
                    (31, 5, "08:00"), (47, 4, "09:00"), (48, 2, "09:30"),
                    (48, 3, "10:00")]),
    ("2025-01-24", [(15, 4, "14:00"), (31, 6, "08:30"), (31, 7, "09:00"),
                    (31, 8, "10:30"), (48, 4, "13:30"), (48, 5, "14:30")]),
    ("2025-01-30", [(15, 5, "10:00"), (31, 9, "09:00"),
                    (31, 10, "09:15", "jalur_hukum")]),
    # Friday: 0048 settled; its agreement holds & < > " ' and {{...}}.
    ("2025-01-31", [(48, 6, "08:00"), (48, 7, "09:00"), (48, 8, "10:00"),
                    (48, 10, "10:30", "musyawarah")]),
    # 0015, open at the end of January, closes two weeks over its standard.
    ("2025-02-03", [(15, 6, "09:00"), (15, 7, "09:30"), (15, 8, "11:45"),
                    (15, 10, "13:00", "musyawarah")]),
    ("2025-02-04", [(32, 4, "10:00"), (47, 5, "10:30")]),
    # 0047: the closing row forgets its hasil (rejected) ...
    ("2025-02-06", [(47, 6, "08:00"), (47, 7, "08:45"), (47, 8, "10:00"),
                    ("#", "REG-2025-0047", 10, "2025-02-06", "10:30", "",
                     "", "closing step without hasil")]),
    # ... and is sent again the next day.  0032 stays open.
    ("2025-02-07", [(47, 10, "09:00", "musyawarah")]),
]
TL_COLS = ["no_register", "langkah", "tanggal", "jam", "petugas", "catatan",
           "hasil"]


def write_tindak_lanjut(out):
    """The follow-up files: most `,` and LF; 2025-01-24 as an Indonesian
    spreadsheet (`;`, CRLF, BOM, DD/MM/YYYY); 2025-02-04 with a tahun
    column and its columns in another order."""
    written = []
    for day, rows in TINDAK_LANJUT:
        semi = day == "2025-01-24"
        cols = TL_COLS
        if day == "2025-02-04":
            cols = ["tahun", "langkah", "no_register", "tanggal", "jam",
                    "hasil", "catatan", "petugas"]
        recs = []
        for r in rows:
            if r[0] == "#":
                _, no, step, tgl, jam, cat, hasil, _why = r
                rec = {"no_register": no, "langkah": str(step),
                       "tanggal": tgl, "jam": jam, "petugas": KASI,
                       "catatan": cat, "hasil": hasil}
            else:
                no, step, jam = r[:3]
                hasil = r[3] if len(r) > 3 else ""
                tgl = D(day).strftime("%d/%m/%Y") if semi else day
                rec = {"no_register": "REG-%d-%04d" % (YEAR, no),
                       "langkah": str(step), "tanggal": tgl, "jam": jam,
                       "petugas": PETUGAS_OF[step],
                       "catatan": AGREED[no] if step == 7 else "",
                       "hasil": hasil}
            rec["tahun"] = str(YEAR)
            recs.append([rec[c] for c in cols])
        path = os.path.join(out, "tindak-lanjut", day + ".csv")
        write_csv(path, cols, recs, ";" if semi else ",",
                  "\r\n" if semi else "\n", semi)
        written.append(path)
    return written


def summary(days):
    for day, rows, *_ in days:
        by = {}
        for r in rows:
            e = "complete" if r["_expect"] == "warning" else r["_expect"]
            by.setdefault(e, []).append(r["no_register"] +
                                        (" (%s)" % r["_why"] if r["_why"]
                                         else ""))
        print(day.isoformat(), len(rows), "rows")
        for k in ("complete", "incomplete", "malformed", "pengaduan"):
            print("  %-10s %2d  %s" % (k, len(by.get(k, [])),
                                       "; ".join(by.get(k, []))))


def main():
    args = [a for a in sys.argv[1:] if a != "-q"]
    out = args[0] if args else os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "input")
    os.makedirs(out, exist_ok=True)
    write_kantor(out)
    write_desa(out)
    days = write_register(out)
    write_tindak_lanjut(out)
    write_surat_keluar(out)
    n = len(write_desa_data(out))
    self_check(days, out)
    check_desa_data(out)
    if "-q" not in sys.argv:
        summary(days)
        print("desa data files:", n)


if __name__ == "__main__":
    main()
