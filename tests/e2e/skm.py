#!/usr/bin/env python3
"""skm.py -- the SKM report's figures worked out independently of naskah,
from the survey CSVs, the report definition (templates/laporan/skm.xml)
and the SOP files, then looked for in the report's `pdftotext -layout`
text.  PermenPAN-RB 14/2017: NRR = sum of an element's answers / n; IKM =
25 x sum(NRR x 1/9); converted value NRR x 25; every figure rounded once,
half up, to two decimals (exact fractions here); grade by the conversion
table on the rounded value.

Usage: skm.py DATADIR SKMDIR SEMESTER REPORT.txt
Prints "ok - ..." / "FAIL - ..." per check and "# expected ..." lines;
exit 1 when a check failed."""
import csv
import datetime
import glob
import io
import os
import re
import sys
import xml.etree.ElementTree as ET
from fractions import Fraction as F

datadir, skmdir, semester, report = sys.argv[1:5]
text = open(report, encoding="utf-8").read()
lines = text.splitlines()
flat = " ".join(text.split())
failed = 0


def check(cond, what):
    global failed
    if cond:
        print("ok - " + what)
    else:
        failed += 1
        print("FAIL - " + what)


def r100(x):
    """x rounded half up to hundredths, as "82,47"."""
    v = (x * 100 + F(1, 2)).__floor__()
    return "%d,%02d" % (v // 100, v % 100)


def grade(s):
    v = int(s.replace(",", ""))
    if v <= 6499:
        return "D", "Tidak baik"
    if v <= 7660:
        return "C", "Kurang baik"
    if v <= 8830:
        return "B", "Baik"
    return "A", "Sangat baik"


def line_has(pattern):
    rx = re.compile(pattern)
    return any(rx.search(l) for l in lines)


# The definition: elements in order, profile columns with their options.
root = ET.parse(os.path.join(datadir, "templates/laporan/skm.xml")).getroot()
unsur = [(u.get("kolom"), u.text.strip(), u.get("singkat"))
         for u in root.findall("unsur")]
profil = []
for p in root.findall("profil"):
    opts = []
    for o in p:
        if o.tag == "pilihan":
            opts.append(("pilihan", o.get("kode"), o.text.strip()))
        else:
            opts.append(("kelompok", (int(o.get("dari")), int(o.get("sampai"))),
                         o.text.strip()))
    profil.append((p.get("kolom"), p.get("judul"), opts))
services = {}
for f in sorted(glob.glob(os.path.join(datadir, "templates/sop/*.xml"))):
    s = ET.parse(f).getroot()
    services.setdefault(s.get("layanan"), s.find("nama").text.strip())

y, half = int(semester[:4]), int(semester[6])
first = datetime.date(y, 1 if half == 1 else 7, 1)
last = datetime.date(y, 6, 30) if half == 1 else datetime.date(y, 12, 31)


def parse_date(s):
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(s, fmt).date()
        except ValueError:
            pass
    return None


def option(opts, v):
    for i, (kind, k, label) in enumerate(opts):
        if kind == "kelompok":
            if v.isdigit() and k[0] <= int(v) <= k[1]:
                return i
        elif v.lower() in (k.lower(), label.lower()):
            return i
    return None


good, bad = [], []
for path in sorted(glob.glob(os.path.join(skmdir, "*.csv"))):
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    body = raw.decode("utf-8")
    head = body.splitlines()[0]
    delim = max(",;\t", key=head.count)
    rd = csv.reader(io.StringIO(body, newline=""), delimiter=delim)
    hdr = [h.strip().lower() for h in next(rd)]
    col = {h: i for i, h in enumerate(hdr)}
    need = ["tanggal", "layanan"] + [p[0] for p in profil] + [u[0] for u in unsur]
    missing = [c for c in need if c not in col]
    if missing:
        # A file without a needed column is left out whole, named at line 1.
        bad.append((os.path.basename(path), 1, missing[0]))
        continue
    lineno = 1
    for row in rd:
        lineno += 1
        if not any(c.strip() for c in row):
            continue
        g = lambda name: row[col[name]].strip()
        d = parse_date(g("tanggal"))
        why = None
        if d is None or not first <= d <= last:
            why = "tanggal"
        elif g("layanan").lower() not in services:
            why = "layanan"
        prof = []
        for kolom, judul, opts in profil:
            o = option(opts, g(kolom))
            if o is None and why is None:
                why = kolom
            prof.append(o)
        ans = []
        for kolom, nama, singkat in unsur:
            v = g(kolom)
            if v not in ("1", "2", "3", "4") and why is None:
                why = kolom
            ans.append(int(v) if v in ("1", "2", "3", "4") else 0)
        if why:
            bad.append((os.path.basename(path), lineno, why))
        else:
            good.append((g("layanan").lower(), prof, ans))

n = len(good)
k = len(unsur)
print("# expected respondents=%d rejected=%d" % (n, len(bad)))
check(n > 0, "respondents counted: %d" % n)
sums = [sum(r[2][i] for r in good) for i in range(k)]
ikm = r100(F(25 * sum(sums), k * n))
mutu, kinerja = grade(ikm)
print("# expected ikm=%s mutu=%s" % (ikm, mutu))

# Summary and the index row.
check("adalah %s, dengan mutu pelayanan %s dan kinerja unit pelayanan %s"
      % (ikm, mutu, kinerja) in flat, "summary: IKM %s, %s (%s)" % (ikm, mutu, kinerja))
check(line_has(r"IKM = 25 .*\s%s\s+%s\s+%s" % (ikm, mutu, kinerja)),
      "element table's IKM row %s %s" % (ikm, mutu))
check("dari %d responden" % n in flat, "%d respondents in the summary" % n)

# Elements: sum, NRR, converted value, grade.
nrr = []
for i, (kolom, nama, singkat) in enumerate(unsur):
    q = r100(F(sums[i], n))
    v = r100(F(25 * sums[i], n))
    nrr.append(q)
    g, kin = grade(v)
    check(line_has(r"\s%s\s+%s\s+%s\s+%s\s+%s" % (sums[i], q, v, g, kin)),
          "%s: jumlah %d, NRR %s, konversi %s, %s" % (kolom, sums[i], q, v, g))
    check(line_has(r"^%s\s.*\s%s$" % (re.escape(singkat), q)),
          "chart bar %s %s" % (singkat, q))

# The three weakest, lowest sum first, ties in element order.
weak = sorted(range(k), key=lambda i: (sums[i], i))[:3]
print("# expected weakest=%s" % ",".join(unsur[i][0] for i in weak))
sec = flat[flat.find("F. Tiga Unsur"):flat.find("G. Rencana")]
pos = []
for rank, i in enumerate(weak, 1):
    v = r100(F(25 * sums[i], n))
    m = re.search(r"%d %s %s %s %s" % (rank, re.escape(unsur[i][1]), nrr[i],
                                       v, grade(v)[0]), sec)
    check(m is not None, "weakest %d: %s %s" % (rank, unsur[i][1], nrr[i]))
    rtl = flat[flat.find("G. Rencana"):flat.find("H. Jawaban")]
    check(("%d %s" % (rank, unsur[i][1])) in rtl,
          "follow-up plan row %d: %s" % (rank, unsur[i][1]))

# Per service: respondents, IKM, grade.
for code in sorted(services):
    rows = [r for r in good if r[0] == code]
    if not rows:
        continue
    s = sum(sum(r[2]) for r in rows)
    v = r100(F(25 * s, k * len(rows)))
    check(line_has(r"\s%d\s+%s\s+%s\s+%s\s" % (len(rows), v, grade(v)[0],
                                              grade(v)[1])),
          "service %s: %d respondents, IKM %s %s" % (code, len(rows), v,
                                                     grade(v)[0]))
check(line_has(r"KECAMATAN\s+%d\s+%s\s+%s" % (n, ikm, mutu)),
      "per-service total row %d %s %s" % (n, ikm, mutu))

# Profile: count and share of every option.
for j, (kolom, judul, opts) in enumerate(profil):
    for o, (kind, kk, label) in enumerate(opts):
        c = sum(1 for r in good if r[1][j] == o)
        pct = r100(F(100 * c, n)) + "%"
        check(line_has(r"%s\s+%d\s+%s" % (re.escape(label), c, re.escape(pct))),
              "profile %s %s: %d (%s)" % (kolom, label, c, pct))

# Rows left out, each named with its file and line.
if bad:
    check("%d baris jawaban tidak diolah" % len(bad) in flat,
          "%d rejected rows said so" % len(bad))
    for f, l, why in bad:
        check(line_has(r"\d+\s+%s\s+%d\s+(kolom )?%s\b" % (re.escape(f), l, re.escape(why))),
              "rejected %s line %d (%s)" % (f, l, why))
else:
    check("Seluruh jawaban dari" in flat, "no row rejected, said so")

sys.exit(1 if failed else 0)
