#!/usr/bin/env python3
"""Generate the kabupaten demo (Kabupaten Trenggalek) in input/kabupaten/.

    python3 scripts/gen_kabupaten.py [-q] [OUTDIR]      (default: input/kabupaten)

Writes the kabupaten office (kantor.xml of the Setda's Bagian Tata
Pemerintahan, desa.csv of every desa of the kabupaten) and, under
kecamatan/SLUG/, all 14 kecamatan of Trenggalek as offices of their own:
kantor.xml, desa.csv from the real desa list (shared/data/wilayah), one
small register export (register/2025-01-20.csv) and the desa data of
January 2025 for trantibum, kesra, ekbang and tapem, with some desa and
one whole kecamatan (Munjungan) missing.  Deterministic: a fixed seed, no
clock, no environment; running it twice gives the same bytes.  Standard
library only.  People, NIPs, NIKs and figures are invented; the region
codes and names are real (Kepmendagri 300.2.2-2430/2025).
"""
import csv
import datetime as dt
import io
import os
import random
import shutil
import sys

SEED = 20250131
MONTH = "2025-01"
EXPORT_DAY = "2025-01-20"
HERE = os.path.dirname(os.path.abspath(__file__))
WILAYAH = os.path.join(HERE, "..", "..", "shared", "data", "wilayah")
# The shared data lives beside the worktrees; a copy beside the script's
# checkout is looked for too.
for cand in (WILAYAH, "/work/wt/shared/data/wilayah",
             os.path.join(HERE, "..", "shared", "data", "wilayah")):
    if os.path.exists(os.path.join(cand, "trenggalek-desa.csv")):
        WILAYAH = cand
        break

KAB = "35.03"
# The kecamatan that stores no desa data of the month (its office still
# runs its nightly job), and desa whose files are missing elsewhere.
MISSING_KEC = "35.03.02"
MISSING_DESA = {
    "35.03.01.2005", "35.03.04.2003", "35.03.07.2002", "35.03.08.2010",
    "35.03.11.1003", "35.03.11.2009", "35.03.13.2004", "35.03.13.2012",
}
# The kecamatan whose registers hold more of the month for the roll-ups of
# layanan and pengaduan: a second and third export day and two complaints
# each, followed up in tindak-lanjut/.  Watulimo works on Saturday
# mornings (its jam-kerja), Panggul keeps a holiday of its own
# (libur.csv), so that their times differ from the others'.
BUSY_KEC = ["35.03.01", "35.03.08", "35.03.11", "35.03.13"]
SATURDAY_KEC = "35.03.08"
FAST_KEC = "35.03.13"
HOLIDAY_KEC = "35.03.01"
LIBUR = [("2025-01-01", "Tahun Baru 2025 Masehi"),
         ("2025-01-27", "Isra Mikraj Nabi Muhammad SAW"),
         ("2025-01-28", "Cuti Bersama Tahun Baru Imlek"),
         ("2025-01-29", "Tahun Baru Imlek 2576 Kongzili")]
LOCAL_HOLIDAY = ("2025-01-21", "Cuti Bersama Bersih Desa Kecamatan")
MORE_DAYS = ["2025-01-24", "2025-01-25"]
ADUAN = [
    ("Jalan usaha tani di Dusun Krajan rusak berat dan berlubang sepanjang "
     "kurang lebih 200 meter sehingga hasil panen sulit diangkut; mohon "
     "dibantu perbaikannya.", "Sdr. Kepala Dusun Krajan"),
    ("Sengketa batas pekarangan dengan tetangga: pagar bambu yang baru "
     "dipasang masuk ke tanah pengadu kurang lebih satu meter.",
     "Sdr. pemilik pekarangan sebelah, RT 002 RW 001"),
]
# A desa whose trantibum data breaks a plausibility rule (more conflicts
# mediated than identified): the roll-up's appendix names it.
ODD_DESA = "35.03.10.2004"

BAGIAN = {
    "trantibum": ["patroli", "kejadian_pencurian", "kejadian_perkelahian",
                  "kejadian_kebakaran", "kejadian_kecelakaan",
                  "kejadian_lainnya", "konflik_sosial", "konflik_dimediasi",
                  "konflik_selesai", "pelanggaran_perda",
                  "sosialisasi_perda", "bencana", "anggota_linmas"],
    "kesra": ["kpm_pkh", "kpm_bpnt", "kpm_blt_dd", "posyandu_aktif",
              "balita_ditimbang", "balita_stunting", "kegiatan_keagamaan",
              "bencana_kejadian", "bencana_kk_terdampak", "rtlh"],
    "ekbang": ["dd_pagu", "dd_realisasi", "add_pagu", "add_realisasi",
               "kegiatan_fisik_rencana", "kegiatan_fisik_selesai",
               "bumdes_aktif", "rkpdes_ditetapkan", "apbdes_ditetapkan"],
    "tapem": ["penduduk_laki", "penduduk_perempuan", "jumlah_kk",
              "kelahiran", "kematian", "pindah_datang", "pindah_keluar",
              "perangkat_desa", "rapat_bpd", "sengketa_tanah",
              "layanan_adminduk"],
}

# Invented officials: (gelar depan, nama, gelar belakang) drawn in order.
NAMA = [
    "BUDI SANTOSO", "AGUS PRIYANTO", "SRI WAHYUNINGSIH", "HERU PURNOMO",
    "DWI ANANTO", "ENDAH KUSUMAWATI", "SUGENG HARIYADI", "TRI MULYONO",
    "NUR HIDAYATI", "JOKO SUSILO", "YULI ASTUTI", "BAMBANG IRAWAN",
    "RATNA DEWI", "EKO PRASETYO", "SITI MAISAROH", "WAHYU HIDAYAT",
    "ANIK SULISTYOWATI", "SLAMET RIYADI", "DIAN PERMATASARI", "HARIYANTO",
    "LILIK SUPRIYANI", "MOCHAMAD ROFIQ", "ERNA WATI", "PURWANTO",
    "SUMARNI", "ARIF BUDIMAN", "WINARTI", "DIDIK SUGIANTO",
]
ROLES = [
    ("camat", "Pembina", ", S.STP, M.Si"),
    ("sekcam", "Penata Tingkat I", ", S.Sos."),
    ("kasi_tapem", "Penata", ", S.H."),
    ("kasi_kesra", "Penata", ", S.Ag."),
    ("kasi_trantibum", "Penata", ", S.H."),
    ("kasi_ekbang", "Penata", ", S.E."),
]
COLS = [
    "no_register", "tanggal", "jam", "layanan", "nik", "nama",
    "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "agama",
    "status_perkawinan", "pekerjaan", "alamat", "rt", "rw", "kode_desa",
    "no_kk", "keperluan", "kelengkapan", "nomor_pengantar", "uraian",
    "saluran", "pendamping", "pihak_terkait", "jam_selesai", "petugas",
]
PEMOHON = [
    ("SUPARMAN", "L", "1979-05-12"), ("Tri Wulandari", "P", "1991-08-23"),
    ("MUJIONO", "L", "1968-11-02"), ("Anisa Rahmawati", "P", "2006-02-17"),
    ("KATIMIN", "L", "1955-04-30"), ("Siti Khoiriyah", "P", "1987-12-09"),
]


def slug(nama):
    return nama.lower().replace(" ", "-")


def read_csv(name):
    with open(os.path.join(WILAYAH, name), encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write(path, text, written):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    written.append(path)


def csv_text(rows, header):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


def nip(rng, born_year, sex):
    b = dt.date(born_year, rng.randrange(1, 13), rng.randrange(1, 29))
    tmt = b.year + rng.randrange(22, 28)
    return "%s %04d%02d %d %03d" % (b.strftime("%Y%m%d"), tmt,
                                    rng.randrange(1, 13), sex,
                                    rng.randrange(1, 20))


def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


JAM_SABTU = """  <jam-kerja>
    <hari nama="senin" masuk="07:30" pulang="15:30" istirahat="12:00-12:30"/>
    <hari nama="selasa" masuk="07:30" pulang="15:30" istirahat="12:00-12:30"/>
    <hari nama="rabu" masuk="07:30" pulang="15:30" istirahat="12:00-12:30"/>
    <hari nama="kamis" masuk="07:30" pulang="15:30" istirahat="12:00-12:30"/>
    <hari nama="jumat" masuk="07:00" pulang="11:30"/>
    <hari nama="sabtu" masuk="07:30" pulang="12:30"/>
  </jam-kerja>
"""


def kantor_kec(no, kode, nama, rng, names):
    pj = []
    for jab, pangkat, gelar in ROLES:
        n = names.pop(0)
        female = n.split()[0] in (
            "SRI", "ENDAH", "NUR", "YULI", "RATNA", "SITI", "ANIK", "DIAN",
            "LILIK", "ERNA", "SUMARNI", "WINARTI")
        pj.append('  <pejabat jabatan="%s" nama="%s%s" pangkat="%s" '
                  'nip="%s"/>' % (jab, esc(n), esc(gelar), pangkat,
                                  nip(rng, rng.randrange(1970, 1986),
                                      2 if female else 1)))
    return """<?xml version="1.0" encoding="UTF-8"?>
<!-- Kecamatan %(nama)s, Kabupaten Trenggalek: made by
     scripts/gen_kabupaten.py (officials, address and telephone invented;
     the region code and the desa are real). -->
<kantor>
  <kabupaten jenis="kabupaten">Trenggalek</kabupaten>
  <kecamatan>%(nama)s</kecamatan>
  <kode-wilayah>%(kode)s</kode-wilayah>
  <kode-unit>406.%(no)02d</kode-unit>
  <alamat>Jalan Raya %(nama)s No. %(jalan)d</alamat>
  <telepon>(0355) 8%(tel)05d</telepon>
  <email>kecamatan.%(mail)s@trenggalekkab.go.id</email>
  <kertas>A4</kertas>
  <penomoran format="{kode}/{urut:04}/{unit}/{tahun}"/>
  <buku nama="masuk" format="{urut:04}/M/{unit}/{tahun}"/>
  <sop layanan="pengaduan" varian="kranggan"/>
%(jam)s%(pj)s
</kantor>
""" % {"nama": esc(nama), "kode": kode, "no": no, "jalan": no + 1,
       "tel": rng.randrange(10000, 99999), "mail": slug(nama).replace("-", ""),
       "pj": "\n".join(pj), "jam": JAM_SABTU if kode == SATURDAY_KEC
       else ""}


def kantor_kab(kec):
    rows = "\n".join(
        '    <kecamatan kode="%s" nama="%s" register="../kecamatan/%s"/>'
        % (k["kode"], esc(k["nama"]), slug(k["nama"])) for k in kec)
    return """<?xml version="1.0" encoding="UTF-8"?>
<!-- The kabupaten office: Bagian Tata Pemerintahan of the Sekretariat
     Daerah, Kabupaten Trenggalek.  Made by scripts/gen_kabupaten.py
     (officials, address and unit code invented).  <wilayah> lists the
     kecamatan whose registers its roll-ups read (naskah report with its
     kabupaten option): register is the kecamatan's output folder, relative to
     this office's output folder (scripts/kabupaten-nightly.sh lays them
     out as OUT/setda and OUT/kecamatan/SLUG); without it, the kabupaten's
     own register (one database for every office). -->
<kantor>
  <kabupaten jenis="kabupaten">Trenggalek</kabupaten>
  <instansi>Sekretariat Daerah</instansi>
  <kode-wilayah>35.03</kode-wilayah>
  <kode-unit>406.001</kode-unit>
  <alamat>Jalan Panglima Sudirman No. 1</alamat>
  <telepon>(0355) 791211</telepon>
  <kode-pos>66311</kode-pos>
  <email>setda@trenggalekkab.go.id</email>
  <kertas>A4</kertas>
  <penomoran format="{kode}/{urut:04}/{unit}/{tahun}"/>
  <wilayah bagian="Bagian Tata Pemerintahan" penandatangan="sekda" paraf="Kabag Tapem">
%s
  </wilayah>
  <pejabat jabatan="sekda" sebutan="SEKRETARIS DAERAH" nama="Drs. HARI WIDODO, M.Si." pangkat="Pembina Utama Madya" nip="19680412 198903 1 008"/>
  <pejabat jabatan="kabag_tapem" sebutan="KEPALA BAGIAN TATA PEMERINTAHAN" nama="YUNIK ASTUTI, S.STP, M.Si." pangkat="Pembina" nip="19810615 200012 2 003"/>
</kantor>
""" % rows


def desa_values(rng, kode, kelurahan):
    """One desa's figures of the month, plausible by construction."""
    v = {}
    pat = rng.randrange(8, 31)
    sos = rng.choice([0, 0, 0, 1, 1, 2])
    med = rng.randrange(0, sos + 1)
    sel = rng.randrange(0, med + 1)
    v["trantibum"] = {
        "patroli": pat, "kejadian_pencurian": rng.choice([0, 0, 1, 1, 2]),
        "kejadian_perkelahian": rng.choice([0, 0, 0, 1]),
        "kejadian_kebakaran": rng.choice([0, 0, 0, 0, 1]),
        "kejadian_kecelakaan": rng.choice([0, 0, 1, 2]),
        "kejadian_lainnya": rng.choice([0, 0, 0, 1]),
        "konflik_sosial": sos, "konflik_dimediasi": med,
        "konflik_selesai": sel,
        "pelanggaran_perda": rng.choice([0, 0, 1, 2]),
        "sosialisasi_perda": rng.choice([0, 1, 1, 2]),
        "bencana": rng.choice([0, 0, 0, 0, 1]),
        "anggota_linmas": rng.randrange(18, 46),
    }
    if kode == ODD_DESA:
        v["trantibum"].update(konflik_sosial=1, konflik_dimediasi=2,
                              konflik_selesai=1)
    tim = rng.randrange(140, 460)
    kej = rng.choice([0, 0, 0, 1])
    v["kesra"] = {
        "kpm_pkh": rng.randrange(60, 320), "kpm_bpnt": rng.randrange(90, 360),
        "kpm_blt_dd": 0 if kelurahan else rng.randrange(10, 61),
        "posyandu_aktif": rng.randrange(3, 9), "balita_ditimbang": tim,
        "balita_stunting": tim * rng.randrange(4, 14) // 100,
        "kegiatan_keagamaan": rng.randrange(4, 21),
        "bencana_kejadian": kej,
        "bencana_kk_terdampak": rng.randrange(1, 16) if kej else 0,
        "rtlh": rng.randrange(4, 41),
    }
    if kelurahan:       # a kelurahan gets no Dana Desa
        v["ekbang"] = {k: 0 for k in BAGIAN["ekbang"]}
        v["ekbang"]["kegiatan_fisik_rencana"] = rng.randrange(1, 4)
    else:
        dd = rng.randrange(700, 1150) * 1000000 + rng.randrange(0, 1000) * 1000
        add = rng.randrange(280, 520) * 1000000 + rng.randrange(0, 1000) * 1000
        ren = rng.randrange(3, 9)
        v["ekbang"] = {
            "dd_pagu": dd, "dd_realisasi": dd * rng.randrange(0, 21) // 100
            // 1000 * 1000,
            "add_pagu": add, "add_realisasi": add * rng.randrange(5, 15)
            // 100 // 1000 * 1000,
            "kegiatan_fisik_rencana": ren,
            "kegiatan_fisik_selesai": rng.randrange(0, 2),
            "bumdes_aktif": rng.choice([0, 1, 1, 1]),
            "rkpdes_ditetapkan": 1,
            "apbdes_ditetapkan": rng.choice([0, 1, 1, 1, 1]),
        }
    lk = rng.randrange(1400, 4600)
    pr = lk + rng.randrange(-150, 200)
    v["tapem"] = {
        "penduduk_laki": lk, "penduduk_perempuan": pr,
        "jumlah_kk": (lk + pr) * 10 // 32,
        "kelahiran": rng.randrange(0, 9), "kematian": rng.randrange(0, 7),
        "pindah_datang": rng.randrange(0, 7),
        "pindah_keluar": rng.randrange(0, 8),
        "perangkat_desa": rng.randrange(9, 15) if not kelurahan else
        rng.randrange(6, 10),
        "rapat_bpd": 0 if kelurahan else rng.randrange(0, 3),
        "sengketa_tanah": rng.choice([0, 0, 0, 1]),
        "layanan_adminduk": rng.randrange(10, 61),
    }
    return v


def nik(prefix, born, sex, serial):
    day = born.day + (40 if sex == "P" else 0)
    return "%s%02d%02d%02d%04d" % (prefix, day, born.month, born.year % 100,
                                   serial)


def export_rows(rng, kode, desa, day=EXPORT_DAY, first=1, n=3):
    """A small register export: letters of the day, complete."""
    rows = []
    prefix = kode.replace(".", "")
    for i in range(n):
        nama, sex, lahir = PEMOHON[rng.randrange(len(PEMOHON))]
        born = dt.date.fromisoformat(lahir)
        d = desa[rng.randrange(len(desa))]
        lay = ["kk", "ktp", "sktm"][i % 3]
        r = dict.fromkeys(COLS, "")
        r.update({
            "no_register": "REG-2025-%04d" % (first + i), "tanggal": day,
            "jam": "%02d:%02d" % (8 + i, rng.randrange(0, 50)),
            "layanan": lay, "nik": nik(prefix, born, sex,
                                       rng.randrange(1, 900)),
            "nama": nama, "jenis_kelamin": sex, "tempat_lahir": "Trenggalek",
            "tanggal_lahir": lahir, "agama": "Islam",
            "status_perkawinan": "Kawin" if born.year < 2000 else
            "Belum Kawin", "pekerjaan": "Petani" if born.year < 2000 else
            "Pelajar/Mahasiswa",
            "alamat": "Dusun Krajan", "rt": "00%d" % (i + 1), "rw": "001",
            "kode_desa": d["kode"],
            "jam_selesai": "%02d:%02d" % (8 + i, 55 if i < 3 else
                                          rng.randrange(50, 60)),
            "petugas": "Petugas PTSP",
        })
        if lay == "kk":
            r["no_kk"] = prefix + "0101150%03d" % rng.randrange(1, 999)
            r["kelengkapan"] = "pengantar_desa;formulir_kk"
        elif lay == "ktp":
            r["kelengkapan"] = "pengantar_desa;formulir_kp1"
        else:
            r["keperluan"] = "persyaratan beasiswa"
            r["kelengkapan"] = "pengantar_desa;surat_permohonan"
        rows.append([r[c] for c in COLS])
    return rows


def aduan_rows(rng, kode, desa, first):
    """Two complaints received on the export day, and their follow-ups:
    the first settled by musyawarah over the next days, the second handed
    to the legal channel in some kecamatan and still open in others."""
    rows, steps = [], []
    prefix = kode.replace(".", "")
    for i, (uraian, pihak) in enumerate(ADUAN):
        nama, sex, lahir = PEMOHON[rng.randrange(len(PEMOHON))]
        born = dt.date.fromisoformat(lahir)
        d = desa[rng.randrange(len(desa))]
        no = "REG-2025-%04d" % (first + i)
        jam = "%02d:%02d" % (10 + i, rng.randrange(0, 40))
        r = dict.fromkeys(COLS, "")
        r.update({
            "no_register": no, "tanggal": EXPORT_DAY, "jam": jam,
            "layanan": "pengaduan", "nik": nik(prefix, born, sex,
                                               rng.randrange(1, 900)),
            "nama": nama, "jenis_kelamin": sex, "tempat_lahir": "Trenggalek",
            "tanggal_lahir": lahir, "agama": "Islam",
            "status_perkawinan": "Kawin" if born.year < 2000 else
            "Belum Kawin", "pekerjaan": "Petani" if born.year < 2000 else
            "Pelajar/Mahasiswa", "alamat": "Dusun Krajan", "rt": "002",
            "rw": "001", "kode_desa": d["kode"], "uraian": uraian,
            "saluran": "langsung", "pihak_terkait": pihak,
            "jam_selesai": "%02d:%02d" % (11 + i, rng.randrange(0, 50)),
            "petugas": "Petugas PTSP",
        })
        rows.append([r[c] for c in COLS])
        camat, kasi = "Camat", "Kasi Trantibum"
        s = [(2, EXPORT_DAY, "13:%02d" % rng.randrange(0, 30), camat, ""),
             (3, EXPORT_DAY, "14:%02d" % rng.randrange(0, 30), camat, ""),
             (4, "2025-01-21", "%02d:00" % rng.randrange(9, 14), kasi, ""),
             (5, "2025-01-22", "%02d:30" % rng.randrange(8, 11), kasi, "")]
        if i == 0 and kode == FAST_KEC:
            # Settled within its standard: the day after, by noon.
            s = s[:2] + [
                (4, "2025-01-21", "08:00", kasi, ""),
                (5, "2025-01-21", "08:45", kasi, ""),
                (6, "2025-01-21", "09:00", kasi, ""),
                (7, "2025-01-21", "10:%02d" % rng.randrange(0, 30), kasi,
                 "Para pihak sepakat memperbaiki bersama secara gotong "
                 "royong; disaksikan Kepala Desa."),
                (8, "2025-01-21", "11:00", kasi, ""),
                (10, "2025-01-21", "11:15", kasi, "musyawarah")]
        elif i == 0:
            s += [(6, "2025-01-24", "08:%02d" % rng.randrange(0, 30), kasi,
                   ""),
                  (7, "2025-01-24", "09:%02d" % rng.randrange(0, 50), kasi,
                   "Para pihak sepakat menyelesaikan secara kekeluargaan; "
                   "disaksikan Kepala Desa."),
                  (8, "2025-01-24", "10:%02d" % rng.randrange(0, 50), kasi,
                   ""),
                  (10, "2025-01-30", "%02d:15" % rng.randrange(8, 14), kasi,
                   "musyawarah")]
        elif rng.randrange(2):
            s += [(6, "2025-01-24", "13:00", kasi, ""),
                  (7, "2025-01-24", "14:00", kasi, ""),
                  (8, "2025-01-25", "09:00", kasi, ""),
                  (9, "2025-01-30", "10:00", camat, ""),
                  (10, "2025-01-31", "%02d:45" % rng.randrange(8, 14), kasi,
                   "jalur_hukum")]
        # The last field: the outcome of a closing step, else a note.
        for no_, day, jam_, pet, x in s:
            hasil = x if x in ("musyawarah", "jalur_hukum") else ""
            steps.append((day, [no, no_, day, jam_, pet, "" if hasil else x,
                                hasil]))
    return rows, steps


def main(argv):
    quiet = "-q" in argv
    args = [a for a in argv if a != "-q"]
    out = args[0] if args else os.path.join(HERE, "..", "input", "kabupaten")
    kec = read_csv("trenggalek-kecamatan.csv")
    desa = read_csv("trenggalek-desa.csv")
    assert len(kec) == 14 and len(desa) == 157, (len(kec), len(desa))
    # What it made before goes (README.md, written by hand, stays).
    if os.path.isdir(os.path.join(out, "kecamatan")):
        shutil.rmtree(os.path.join(out, "kecamatan"))
    written = []
    rng = random.Random(SEED)
    names = list(NAMA) * 3
    rng.shuffle(names)
    write(os.path.join(out, "kantor.xml"), kantor_kab(kec), written)
    write(os.path.join(out, "desa.csv"), csv_text(
        [[d["kode"], d["nama"], d["jenis"]] for d in desa],
        ["kode", "nama", "jenis"]), written)
    nfiles = 0
    for no, k in enumerate(kec, 1):
        mine = [d for d in desa if d["kode_kecamatan"] == k["kode"]]
        base = os.path.join(out, "kecamatan", slug(k["nama"]))
        write(os.path.join(base, "kantor.xml"),
              kantor_kec(int(k["kode"][-2:]), k["kode"], k["nama"], rng,
                         names), written)
        write(os.path.join(base, "desa.csv"), csv_text(
            [[d["kode"], d["nama"], d["jenis"]] for d in mine],
            ["kode", "nama", "jenis"]), written)
        rows = export_rows(rng, k["kode"], mine)
        if k["kode"] in BUSY_KEC:
            more, steps = aduan_rows(rng, k["kode"], mine, 4)
            rows += more
            n = 6
            for day in MORE_DAYS:
                # Saturday's export only where the office works then.
                if dt.date.fromisoformat(day).weekday() == 5 and \
                        k["kode"] != SATURDAY_KEC:
                    continue
                write(os.path.join(base, "register", day + ".csv"),
                      csv_text(export_rows(rng, k["kode"], mine, day, n + 1,
                                           4), COLS), written)
                n += 4
            days = sorted({d for d, _ in steps})
            for day in days:
                write(os.path.join(base, "tindak-lanjut", day + ".csv"),
                      csv_text([st for d, st in steps if d == day],
                               ["no_register", "langkah", "tanggal", "jam",
                                "petugas", "catatan", "hasil"]), written)
        if k["kode"] == HOLIDAY_KEC:
            write(os.path.join(base, "libur.csv"), csv_text(
                sorted(LIBUR + [LOCAL_HOLIDAY]), ["tanggal", "keterangan"]),
                written)
        write(os.path.join(base, "register", EXPORT_DAY + ".csv"),
              csv_text(rows, COLS), written)
        for d in mine:
            v = desa_values(random.Random("%d %s" % (SEED, d["kode"])),
                            d["kode"], d["jenis"] == "kelurahan")
            if k["kode"] == MISSING_KEC or d["kode"] in MISSING_DESA:
                continue
            for bag, inds in BAGIAN.items():
                write(os.path.join(base, "desa", MONTH, bag,
                                   d["kode"] + ".csv"),
                      csv_text([[i, v[bag][i], ""] for i in inds],
                               ["indikator", "nilai", "keterangan"]),
                      written)
                nfiles += 1
    # Self-checks: every desa of the missing list exists, the missing
    # kecamatan is one of them, and every file names its own desa.
    codes = {d["kode"] for d in desa}
    assert MISSING_DESA <= codes and ODD_DESA in codes
    assert MISSING_KEC in {k["kode"] for k in kec}
    if not quiet:
        print("gen_kabupaten: %d files in %s (%d desa files of %s)" %
              (len(written), out, nfiles, MONTH))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
