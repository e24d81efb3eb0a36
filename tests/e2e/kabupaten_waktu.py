#!/usr/bin/env python3
"""The kabupaten's layanan and pengaduan roll-ups worked out on their own,
for t_kabupaten.sh.

    kabupaten_waktu.py KAB_INPUT layanan|pengaduan YYYY-MM REPORT.txt
        [--calendar KODE=DIR]...

From the CSV inputs alone (each kecamatan's register/*.csv and
tindak-lanjut/*.csv, its kantor.xml's jam-kerja or the national default,
its libur.csv, templates/sop's time standards), never from a register,
it times every letter (jam to jam_selesai) and every closed complaint
(receipt to its closing step) in working minutes of the kecamatan's own
calendar, then looks in REPORT.txt (pdftotext -layout) for each
kecamatan's row, the JUMLAH row (medians over all times together) and
the kecamatan without data.  --calendar KODE=DIR times kecamatan KODE
in the calendar of the office input DIR instead (what the report would
say in another calendar).  Prints "ok N" with the number of rows found,
or each one missing, exit 1.  Not checked for complaints: over/within
standard (their SOP deadlines are wtime.c's).
"""
import csv
import datetime as dt
import glob
import math
import os
import re
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
SOP = os.path.join(HERE, "..", "..", "templates", "sop")


def group(n):
    s = str(n)
    out = ""
    while len(s) > 3:
        out = "." + s[-3:] + out
        s = s[:-3]
    return s + out


def percent(num, den):
    q, r = divmod(num * 10000, den)
    if 2 * r >= den:
        q += 1
    return "%s,%02d%%" % (group(q // 100), q % 100)


def hm(s):
    h, m = s.split(":")
    return int(h) * 60 + int(m)


def calendar(d):
    """{weekday 0=Monday: [(start, end), ...]}, {holiday dates}."""
    week = {}
    root = ET.parse(os.path.join(d, "kantor.xml")).getroot()
    jk = root.find("jam-kerja")
    names = ["senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"]
    if jk is None:      # Keppres 68/1995, five days
        for i in range(4):
            week[i] = [(450, 720), (780, 960)]
        week[4] = [(450, 690), (780, 990)]
    else:
        for h in jk.findall("hari"):
            a, b = hm(h.get("masuk")), hm(h.get("pulang"))
            ist = h.get("istirahat")
            if ist:
                x, y = (hm(t) for t in ist.split("-"))
                week[names.index(h.get("nama"))] = [(a, x), (y, b)]
            else:
                week[names.index(h.get("nama"))] = [(a, b)]
    libur = set()
    p = os.path.join(d, "libur.csv")
    if os.path.exists(p):
        for row in csv.DictReader(open(p, encoding="utf-8")):
            libur.add(dt.date.fromisoformat(row["tanggal"]))
    return week, libur


def minutes(cal, a, b):
    """Working minutes from moment a to b ((date, minute) pairs)."""
    week, libur = cal
    if b <= a:
        return 0
    total, day = 0, a[0]
    while day <= b[0]:
        lo = a[1] if day == a[0] else 0
        hi = b[1] if day == b[0] else 1440
        if day not in libur:
            for s, e in week.get(day.weekday(), []):
                total += max(0, min(e, hi) - max(s, lo))
        day += dt.timedelta(days=1)
    return total


def rows(d, sub):
    out = []
    for f in sorted(glob.glob(os.path.join(d, sub, "*.csv"))):
        out += list(csv.DictReader(open(f, encoding="utf-8")))
    return out


def std(layanan):
    root = ET.parse(os.path.join(SOP, layanan + ".xml")).getroot()
    return sum(int(s.get("menit", 0)) for s in root.iter("langkah"))


def med2(v):
    n = len(v)
    return 2 * v[n // 2] if n % 2 else v[n // 2 - 1] + v[n // 2]


def p90(v):
    return v[math.ceil(0.9 * len(v)) - 1]


def fmt(x2, pgd):
    if not pgd:
        return "%d%s" % (x2 // 2, ",5" if x2 % 2 else "")
    m = x2 // 2
    return "%d:%02d%s" % (m // 60, m % 60, ",5" if x2 % 2 else "")


def main(argv):
    kab, bagian, month, txt = argv[1:5]
    other = dict(a.split("=", 1) for a in argv[6::2]) \
        if "--calendar" in argv else {}
    pgd = bagian == "pengaduan"
    y, m = (int(x) for x in month.split("-"))
    end = dt.date(y + (m == 12), m % 12 + 1, 1)
    text = open(txt, encoding="utf-8").read()
    lines = text.splitlines()
    kx = ET.parse(os.path.join(kab, "kantor.xml")).getroot()
    fails, found, allt, cnt = [], 0, [], [0] * 6
    for kc in kx.find("wilayah").findall("kecamatan"):
        kode, nama = kc.get("kode"), kc.get("nama")
        d = os.path.join(kab, "kecamatan", os.path.basename(kc.get("register")))
        cal = calendar(other.get(kode, d))
        reg = [r for r in rows(d, "register") if r["tanggal"][:7] == month]
        times, c = [], [0] * 6
        if not pgd:
            for r in reg:
                if r["layanan"] == "pengaduan":
                    continue
                day = dt.date.fromisoformat(r["tanggal"])
                t = minutes(cal, (day, hm(r["jam"])),
                            (day, hm(r["jam_selesai"])))
                times.append(t)
                c[0] += 1
                c[1] += 1
                c[5] += t <= std(r["layanan"])
        else:
            tl = rows(d, "tindak-lanjut")
            for r in reg:
                if r["layanan"] != "pengaduan":
                    continue
                c[0] += 1
                close = [s for s in tl if s["no_register"] == r["no_register"]
                         and s["hasil"] and
                         dt.date.fromisoformat(s["tanggal"]) < end]
                if not close:
                    c[3] += 1
                    continue
                s = close[0]
                c[1 if s["hasil"] == "musyawarah" else 2] += 1
                day = dt.date.fromisoformat(r["tanggal"])
                times.append(minutes(
                    cal, (day, hm(r["jam"])),
                    (dt.date.fromisoformat(s["tanggal"]), hm(s["jam"]))))
        if c[0] == 0:
            if not re.search(r"Kecamatan %s \(%s\): tidak ada" % (nama, kode),
                             " ".join(text.split())):
                fails.append("FAIL %s %s named without data" % (kode, nama))
            else:
                found += 1
            continue
        times.sort()
        allt += times
        cnt = [a + b for a, b in zip(cnt, c)]
        found += check(lines, r"\d+ +%s +%s" % (re.escape(kode), nama), c,
                       times, pgd, fails)
    allt.sort()
    found += check(lines, "JUMLAH", cnt, allt, pgd, fails)
    for f in fails:
        print(f)
    print(("ok %d rows" % found) if not fails else "%d FAIL" % len(fails))
    return 1 if fails else 0


def check(lines, head, c, times, pgd, fails):
    """The row starting with head, its figures as the report prints them."""
    if pgd:
        cells = [group(c[0]), group(c[1]), group(c[2]), group(c[3]), r"\d+",
                 group(len(times))]
    else:
        cells = [group(c[0]), group(c[1]), "0", group(len(times))]
    if times:
        cells += [re.escape(fmt(med2(times), pgd)),
                  re.escape(fmt(2 * p90(times), pgd))]
        if not pgd:
            cells.append(r"%s \(%s\)" % (group(c[5]),
                                         re.escape(percent(c[5], len(times)))))
    else:
        cells += ["-", "-", "-"]
    pat = r"^ *" + head + " +" + " +".join(cells) + r"( |$)"
    if any(re.search(pat, ln) for ln in lines):
        return 1
    fails.append("FAIL row /%s/" % pat)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
