#!/usr/bin/env python3
# layanan.py -- what `naskah report layanan` must print, worked out here
# without naskah: from the register CSVs (any delimiter, BOM, CRLF, column
# order), the SOP files (persyaratan and their conditions, step minutes,
# which services issue letters), kantor.xml's jam kerja and libur.csv.
# Only which rows naskah rejected as malformed comes from its error report
# (file and line).  Compares with the report's pdftotext -layout text and
# prints "ok - ..." / "FAIL - ..." lines for t_layanan.sh.
#
# usage: layanan.py ROOT INDIR ERRORS_CSV|"" MONTH REPORT.txt
import csv, glob, io, math, os, re, sys

root, indir, errcsv, month, txt = sys.argv[1:6]

# SOPs, sorted by file name as naskah reads them.
sops = []
for path in sorted(glob.glob(os.path.join(root, 'templates/sop/*.xml'))):
    x = open(path, encoding='utf-8').read()
    m = re.search(r'<sop\b([^>]*)>', x)
    attrs = dict(re.findall(r'([a-z-]+)="([^"]*)"', m.group(1)))
    if attrs.get('alur') == 'pengaduan':
        continue
    letter = any(re.search(r'saat="lengkap"', d) and not re.search(r'buku="tidak"', d)
                 for d in re.findall(r'<dokumen\b[^>]*>', x))
    if not letter:
        continue
    reqs = []
    for a, label in re.findall(r'<persyaratan\b([^>]*)>([^<]*)</persyaratan>', x):
        ra = dict(re.findall(r'([a-z-]+)="([^"]*)"', a))
        reqs.append((ra['kode'], label.strip(), ra.get('jika'),
                     ra.get('sama-dengan', '').split()))
    std = sum(int(v) for v in re.findall(r'<langkah\b[^>]*menit="(\d+)"', x))
    nama = re.search(r'<nama>([^<]*)</nama>', x).group(1).strip()
    sops.append(dict(layanan=attrs['layanan'], nama=nama, reqs=reqs, std=std))
bysvc = {s['layanan']: s for s in sops}

# Jam kerja: weekday (Monday 0) -> (masuk, pulang, break from, break to).
def hm(s):
    h, m = s.split(':')
    return int(h) * 60 + int(m)
days = {'senin': 0, 'selasa': 1, 'rabu': 2, 'kamis': 3, 'jumat': 4,
        'sabtu': 5, 'minggu': 6}
kx = open(os.path.join(indir, 'kantor.xml'), encoding='utf-8').read()
jam = {}
for a in re.findall(r'<hari\b([^>]*)/>', kx):
    ha = dict(re.findall(r'([a-z-]+)="([^"]*)"', a))
    b = ha.get('istirahat', '00:00-00:00').split('-')
    jam[days[ha['nama']]] = (hm(ha['masuk']), hm(ha['pulang']), hm(b[0]), hm(b[1]))
libur = set()
lp = os.path.join(indir, 'libur.csv')
if os.path.exists(lp):
    for r in csv.DictReader(open(lp, encoding='utf-8-sig')):
        libur.add(r['tanggal'])

import datetime
def iso(s):
    s = s.strip()
    if re.match(r'^\d{4}-\d\d-\d\d$', s):
        return s
    d, m, y = re.split(r'[/-]', s)
    return '%s-%s-%s' % (y, m, d)

def work_minutes(date, a, b):
    """Minutes of jam kerja in [a, b) of one date, breaks left out."""
    if date in libur:
        return 0
    wd = datetime.date.fromisoformat(date).weekday()
    if wd not in jam:
        return 0
    masuk, pulang, ia, ib = jam[wd]
    return sum(1 for t in range(a, b)
               if masuk <= t < pulang and not (ia <= t < ib))

# Register rows naskah rejected (file name, line); a follow-up file of
# tindak-lanjut/ has the same names and is not the register's.
rejected = set()
if errcsv and os.path.exists(errcsv):
    for r in csv.DictReader(open(errcsv, encoding='utf-8')):
        if os.path.basename(os.path.dirname(r['file'])) == 'register':
            rejected.add((os.path.basename(r['file']), int(r['line'])))

def rows(path):
    t = open(path, encoding='utf-8-sig', newline='').read()
    head = t.split('\n', 1)[0]
    delim = max([',', ';', '\t'], key=head.count)
    rd = csv.reader(io.StringIO(t), delimiter=delim)
    names = [h.strip().lower() for h in next(rd)]
    line = rd.line_num + 1
    for rec in rd:
        start, line = line, rd.line_num + 1
        if not any(f.strip() for f in rec):
            continue
        yield start, dict(zip(names, rec))

def percent(a, b):
    q = (a * 10000 + b // 2) // b
    return '%d,%02d%%' % (q // 100, q % 100)

def half(x2):
    return '%d,5' % (x2 // 2) if x2 % 2 else '%d' % (x2 // 2)

class Group:
    def __init__(self):
        self.n = self.letters = self.returned = 0
        self.times = []      # (minutes, standard)
    def figures(self, std=None):
        t = sorted(m for m, s in self.times)
        within = sum(1 for m, s in self.times if m <= s)
        out = [str(self.n), str(self.letters), str(self.returned), str(len(t))]
        if std is not None:
            out.append(str(std))
        if not t:
            return out + ['-', '-', '-']
        n = len(t)
        med2 = 2 * t[n // 2] if n % 2 else t[n // 2 - 1] + t[n // 2]
        p90 = t[math.ceil(0.9 * n) - 1]
        return out + [half(med2), str(p90), str(within), '(%s)' % percent(within, n)]

svc = {s['layanan']: Group() for s in sops}
pet = {}
total = Group()
missing = {}
notime = badtime = 0
for path in sorted(glob.glob(os.path.join(indir, 'register/*.csv'))):
    base = os.path.basename(path)
    for line, r in rows(path):
        if (base, line) in rejected:
            continue
        if not iso(r['tanggal']).startswith(month):
            continue
        s = bysvc.get(r['layanan'].strip())
        if s is None:
            continue
        have = {t.strip().lower() for t in re.split(r'[;,]', r.get('kelengkapan', '')) if t.strip()}
        lack = [k for k, label, jika, vals in s['reqs']
                if k.lower() not in have and label.lower() not in have
                and (jika is None or r.get(jika, '').strip().lower() in [v.lower() for v in vals])]
        p = pet.setdefault(r.get('petugas', '').strip(), Group())
        for g in (svc[s['layanan']], p, total):
            g.n += 1
        if lack:
            for g in (svc[s['layanan']], p, total):
                g.returned += 1
            for k in lack:
                missing[k] = missing.get(k, 0) + 1
            continue
        for g in (svc[s['layanan']], p, total):
            g.letters += 1
        a, b = r.get('jam', '').strip(), r.get('jam_selesai', '').strip()
        if not a or not b:
            notime += 1
            continue
        if hm(b) < hm(a):
            badtime += 1
            continue
        m = work_minutes(iso(r['tanggal']), hm(a), hm(b))
        for g in (svc[s['layanan']], p, total):
            g.times.append((m, s['std']))

text = open(txt, encoding='utf-8').read()
flat = ' '.join(text.split())
def check(cond, what, detail=''):
    print('ok - ' + what if cond else 'FAIL - ' + what + ' ' + detail)

def section(start, end):
    i = text.find(start)
    j = text.find(end, i + 1) if i >= 0 else -1
    return text[i:j] if i >= 0 and j >= 0 else ''

def table_rows(part, nfix):
    """The figures at the end of each table line that has them: nfix
    columns, then "N (P%)" within standard, or "-" when nothing was
    timed."""
    out = []
    num = re.compile(r'^([\d.,]+|-)$')
    for l in part.split('\n'):
        tok = l.split()
        if tok and re.match(r'^\([\d.,]+%\)$', tok[-1]):
            tail = 2
        elif tok and tok[-1] == '-':
            tail = 1
        else:
            continue
        fig = tok[-(nfix + tail):]
        if len(tok) > nfix + tail and all(num.match(t) for t in fig[:nfix]):
            out.append(fig)
    return out

# B: one row per letter service in the SOPs' order, then JUMLAH.
got = table_rows(section('B. Waktu Pelayanan per Layanan', '. Waktu Pelayanan per Petugas'), 7)
want = [svc[s['layanan']].figures(s['std']) for s in sops] + [total.figures('-')]
check(got == want, 'per-service table', 'want %s, report %s' % (want, got))

# D: one row per petugas, by name.
got = table_rows(section('D. Waktu Pelayanan per Petugas', 'E. Permohonan'), 6)
want = [pet[k].figures() for k in sorted(pet, key=lambda k: (k == '', k))]
check(got == want, 'per-petugas table', 'want %s, report %s' % (want, got))

# A: the summary's figures.
f = total.figures()
check('diterima %s permohonan: %s permohonan lengkap' % (f[0], f[1]) in flat,
      'summary: %s applications, %s letters' % (f[0], f[1]))
check('%s permohonan dikembalikan kepada pemohon' % f[2] in flat,
      'summary: %s returned' % f[2])
if total.times:
    check('Waktu pelayanan %s surat yang terbit dapat diukur: median %s menit, '
          'persentil ke-90 %s menit, dan %s surat %s selesai dalam standar' %
          (f[3], f[4], f[5], f[6], f[7]) in flat, 'summary: timed figures %s' % f[3:],
          'not in: ' + flat[:900])
else:
    check('surat yang terbit dapat diukur' not in flat, 'summary: nothing timed, no figures')
if badtime:
    check('%d surat tidak diukur karena jam selesainya tercatat sebelum' % badtime
          in flat, 'summary: %d letters finished before received named' % badtime)
else:
    check('tercatat sebelum jam' not in flat, 'summary: none finished before received')
if notime:
    check('%d surat yang terbit tidak diukur' % notime in flat,
          'summary: %d letters without both times named' % notime)
else:
    check('tidak diukur karena' not in flat, 'summary: no untimed letters')

# E: the missing persyaratan, most frequent first, then by code.
labels = {}
for s in sops:
    for k, label, jika, vals in s['reqs']:
        labels.setdefault(k, label)
want = [[labels[k], str(n), percent(n, total.returned)]
        for k, n in sorted(missing.items(), key=lambda kv: (-kv[1], kv[0]))]
part = section('. Permohonan Dikembalikan', '. Cara')
got = []
for l in part.split('\n'):
    m = re.match(r'^\s*\d+ (.+?)\s+(\d+)\s+([\d,]+%)\s*$', l)
    if m:
        got.append([m.group(1), m.group(2), m.group(3)])
check(got == want, 'missing persyaratan (%d kinds)' % len(want),
      'want %s, report %s' % (want, got))

# C: a bar per timed service, its share within standard.
short = lambda n: re.search(r'\(([^()]+)\)$', n).group(1) if re.search(r'\(([^()]+)\)$', n) else n
part = section('C. Grafik', 'D. Waktu')
ukuran = re.search(r'ukuran="([a-z_]+)"', open(os.path.join(root,
    'templates/laporan/layanan.xml'), encoding='utf-8').read()).group(1)
want = []
for s in sops:
    g = svc[s['layanan']]
    if g.times:
        if ukuran == 'median':
            want.append('%s %s' % (short(s['nama']), g.figures()[4]))
        else:
            w = sum(1 for m, st in g.times if m <= st)
            want.append('%s %s' % (short(s['nama']), percent(w, len(g.times))))
got = [' '.join(l.split()) for l in part.split('\n')[1:] if l.strip()]
if want:
    check(got == want, 'chart bars %s' % want, 'report %s' % got)
else:
    check('Tidak ada surat yang dapat diukur' in flat, 'no bars when nothing was timed, said so')
print('# expected untimed=%d timed=%d' % (notime, len(total.times)))
