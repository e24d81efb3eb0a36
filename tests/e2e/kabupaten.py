#!/usr/bin/env python3
"""The kabupaten roll-up's figures worked out on their own, for t_kabupaten.sh.

    kabupaten.py KAB_INPUT BAGIAN YYYY-MM REPORT.txt

KAB_INPUT is a kabupaten input (kantor.xml, desa.csv, kecamatan/SLUG/ with
each kecamatan's desa/YYYY-MM/BAGIAN/KODE.csv); REPORT.txt is the roll-up's
`pdftotext -layout`.  From the desa CSVs alone (not from any register) it
sums every kecamatan's desa, then looks in the report for: each
indicator's kabupaten total in the summary, each kecamatan's row and the
JUMLAH row of every table of templates/laporan/BAGIAN.xml, the kecamatan
that sent nothing and every desa missing in a kecamatan that did.  Prints
"ok N" with the number of figures found, or each one missing, exit 1.
"""
import csv
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))


def group(n):
    s = str(n)
    out = ""
    while len(s) > 3:
        out = "." + s[-3:] + out
        s = s[:-3]
    return s + out


def percent(num, den):
    if den == 0:
        return "-"
    q, r = divmod(num * 10000, den)
    if 2 * r >= den:
        q += 1
    return "%s,%02d%%" % (group(q // 100), q % 100)


def nilai(s):
    s = s.strip().replace("Rp", "").strip()
    if re.fullmatch(r"\d+", s):
        return int(s)
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,00)?", s):
        return int(s.split(",")[0].replace(".", ""))
    if re.fullmatch(r"\d+\.\d{1,2}", s):
        return int(s.split(".")[0])
    raise ValueError("nilai %r" % s)


def main(kab, bagian, month, report):
    root = ET.parse(os.path.join(HERE, "..", "..", "templates", "laporan",
                                 bagian + ".xml")).getroot()
    ind = {}
    for e in root.findall("indikator"):
        ind[e.get("kode")] = (e.text.strip(), e.get("satuan"),
                              e.get("jenis", "count"))
    tables = []
    for t in root.findall("tabel"):
        cols = [(k.get("indikator").split(), (k.get("per") or "").split())
                for k in t.findall("kolom")]
        tables.append((t.get("judul"), cols))

    with open(os.path.join(kab, "kantor.xml"), encoding="utf-8") as f:
        kx = ET.parse(f).getroot()
    kec = [(k.get("kode"), k.get("nama"))
           for k in kx.find("wilayah").findall("kecamatan")]
    with open(os.path.join(kab, "desa.csv"), encoding="utf-8") as f:
        desa = list(csv.DictReader(f))
    slug = {}
    for d in glob.glob(os.path.join(kab, "kecamatan", "*", "kantor.xml")):
        slug[ET.parse(d).getroot().findtext("kode-wilayah").strip()] = \
            os.path.dirname(d)

    sums, reported, missing_desa = {}, [], []
    for kode, nama in kec:
        folder = os.path.join(slug[kode], "desa", month, bagian)
        files = sorted(glob.glob(os.path.join(folder, "*.csv")))
        if not files:
            continue
        reported.append((kode, nama))
        s = dict.fromkeys(ind, 0)
        for path in files:
            with open(path, encoding="utf-8-sig") as f:
                for row in csv.DictReader(f):
                    s[row["indikator"].strip()] += nilai(row["nilai"])
        sums[kode] = s
        have = {os.path.basename(p)[:-4] for p in files}
        for d in desa:
            if d["kode"].startswith(kode + ".") and d["kode"] not in have:
                missing_desa.append(d)
    total = {i: sum(sums[k][i] for k in sums) for i in ind}

    def fmt(i, v, rows=True):
        kind = ind[i][2]
        if kind == "rupiah":
            return "Rp " + group(v)
        if kind == "status":
            return group(v) + " desa"
        return group(v)

    def cell(col, s):
        num = sum(s[i] for i in col[0])
        if col[1]:
            return percent(num, sum(s[i] for i in col[1]))
        return fmt(col[0][0], num)

    with open(report, encoding="utf-8") as f:
        lines = [" ".join(l.split()) for l in f]
    text = "\n".join(lines)
    bad, found = [], 0

    def want(what, pred):
        nonlocal found
        if any(pred(l) for l in lines):
            found += 1
        else:
            bad.append(what)

    for i, (label, satuan, kind) in ind.items():
        # A long label wraps in its cell: its first line stands before
        # the satuan and the total.
        tail = " %s %s " % (satuan, fmt(i, total[i]))
        want("summary %s%s" % (label, tail), lambda l, label=label,
             tail=tail: tail in l + " " and
             label.startswith(l[:(l + " ").index(tail)]) and
             (l + " ").index(tail) > 0)
    for judul, cols in tables:
        for kode, nama in reported:
            exp = "%s %s %s" % (kode, nama, " ".join(
                cell(c, sums[kode]) for c in cols))
            want("row " + exp, lambda l, exp=exp: l.endswith(exp) and
                 re.match(r"\d+ ", l))
        exp = "JUMLAH " + " ".join(cell(c, total) for c in cols)
        want("table %r: %s" % (judul, exp), lambda l, exp=exp: l == exp)
    for kode, nama in kec:
        if kode not in sums:
            exp = "Kecamatan %s (%s)" % (nama, kode)
            want("not reported: " + exp, lambda l, exp=exp: exp in l)
    flat = " ".join(lines)
    for d in missing_desa:
        exp = "%s %s (%s)" % ("Kelurahan" if d["jenis"] == "kelurahan" else
                              "Desa", d["nama"], d["kode"])
        if exp in flat:
            found += 1
        else:
            bad.append("desa not reported: " + exp)
    for b in bad:
        print("FAIL", b)
    print("ok %d reported %d missing-desa %d" % (found, len(reported),
                                                 len(missing_desa)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
