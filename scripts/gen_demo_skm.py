#!/usr/bin/env python3
"""gen_demo_skm.py -- the demo's satisfaction survey (issue 13):
input/skm/2025-S1/2025-MM.csv, one file per month of the first semester
of 2025, one row per respondent of Kecamatan Durenan's services, as the
front desk types the paper questionnaires into a spreadsheet.

Deterministic (fixed seed, stdlib only): running it again writes the same
bytes.  150 valid respondents, element u3 (waktu penyelesaian) clearly the
weakest and u4 (biaya/tarif: the services are free) the strongest, plus
three malformed rows on purpose (an answer 5, an unknown layanan, a date
in July).  March is written as an Indonesian-locale spreadsheet does it
(UTF-8 BOM, `;`, CRLF) and uses some labels instead of codes
("Perempuan", "sma").  See input/README.md.

Usage: python3 scripts/gen_demo_skm.py [INPUT_DIR]   (default input)
"""
import datetime
import os
import random
import sys

SEED = 20250630
HEADER = ["tanggal", "layanan", "jenis_kelamin", "umur", "pendidikan",
          "pekerjaan"] + ["u%d" % i for i in range(1, 10)]
# Respondents per service over the semester (150).
SERVICES = [("kk", 30), ("ktp", 35), ("legalisasi", 22), ("skck", 20),
            ("sktm", 28), ("pengaduan", 15)]
# Per element the weights of the answers 1, 2, 3, 4.
ELEMENTS = [
    (2, 8, 60, 30),    # u1 persyaratan
    (2, 10, 62, 26),   # u2 prosedur
    (8, 30, 50, 12),   # u3 waktu penyelesaian: the weakest
    (0, 2, 30, 68),    # u4 biaya/tarif: free
    (1, 8, 64, 27),    # u5 produk
    (1, 9, 58, 32),    # u6 kompetensi
    (1, 5, 55, 39),    # u7 perilaku
    (3, 16, 60, 21),   # u8 sarana dan prasarana
    (4, 14, 62, 20),   # u9 penanganan pengaduan
]
PENDIDIKAN = [("SD", 22), ("SMP", 25), ("SMA", 38), ("D1-D3", 6),
              ("S1", 8), ("S2", 1)]
PEKERJAAN = [("PNS", 6), ("SWASTA", 18), ("WIRAUSAHA", 24), ("PETANI", 30),
             ("PELAJAR", 10), ("LAINNYA", 12)]
LABELS = {"P": "Perempuan", "L": "Laki-laki", "SMA": "sma"}


def pick(rnd, pairs):
    return rnd.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]


def workdays(month, libur):
    d = datetime.date(2025, month, 1)
    out = []
    while d.month == month:
        if d.weekday() < 5 and d.isoformat() not in libur:
            out.append(d)
        d += datetime.timedelta(days=1)
    return out


def main():
    indir = sys.argv[1] if len(sys.argv) > 1 else "input"
    outdir = os.path.join(indir, "skm", "2025-S1")
    rnd = random.Random(SEED)
    # The office is closed on its holidays (libur.csv: tanggal first).
    libur = set()
    with open(os.path.join(indir, "libur.csv"), encoding="utf-8") as f:
        for line in f.read().splitlines()[1:]:
            libur.add(line.split(",")[0])
    people = []
    for svc, n in SERVICES:
        people += [svc] * n
    rnd.shuffle(people)
    rows = {m: [] for m in range(1, 7)}
    for i, svc in enumerate(people):
        month = 1 + i * 6 // len(people)
        day = rnd.choice(workdays(month, libur))
        sex = "L" if rnd.random() < 0.54 else "P"
        age = max(17, min(78, int(rnd.gauss(40, 13))))
        ans = [pick(rnd, list(zip((1, 2, 3, 4), w))) for w in ELEMENTS]
        rows[month].append([day, svc, sex, str(age), pick(rnd, PENDIDIKAN),
                            pick(rnd, PEKERJAAN)] + [str(a) for a in ans])
    # Malformed on purpose: counted by no one, named by naskah.
    rows[2].insert(5, [datetime.date(2025, 2, 11), "ktp", "P", "33", "SMA",
                       "SWASTA", "3", "3", "2", "4", "5", "3", "3", "3",
                       "3"])
    rows[4].insert(9, [datetime.date(2025, 4, 15), "domisili", "L", "45",
                       "SMP", "PETANI", "3", "3", "3", "4", "3", "3", "3",
                       "3", "3"])
    rows[6].append([datetime.date(2025, 7, 1), "kk", "L", "51", "SD",
                    "PETANI", "3", "3", "2", "4", "3", "3", "4", "3", "3"])
    os.makedirs(outdir, exist_ok=True)
    total = 0
    for month in range(1, 7):
        rs = sorted(rows[month], key=lambda r: r[0])
        march = month == 3
        delim, eol = (";", "\r\n") if march else (",", "\n")
        lines = [delim.join(HEADER)]
        for r in rs:
            r = list(r)
            if march:
                r[0] = r[0].strftime("%d/%m/%Y")
                r[2] = LABELS.get(r[2], r[2])
                r[4] = LABELS.get(r[4], r[4])
            else:
                r[0] = r[0].isoformat()
            lines.append(delim.join(r))
            total += 1
        data = eol.join(lines) + eol
        path = os.path.join(outdir, "2025-%02d.csv" % month)
        with open(path, "wb") as f:
            f.write((b"\xef\xbb\xbf" if march else b"") + data.encode())
    assert total == 153, total


if __name__ == "__main__":
    main()
