#!/usr/bin/env python3
# pengaduan.py -- what `naskah report pengaduan` must print, worked out
# here without naskah: the complaints from the register CSVs (any
# delimiter, BOM, column order) and the follow-up files of tindak-lanjut/,
# the steps and their standards from the pengaduan SOP files, kantor.xml's
# jam kerja and libur.csv.  Only which rows naskah rejected comes from its
# error reports (file and line).  Compares with the report's pdftotext
# -layout text and prints "ok - ..." / "FAIL - ..." lines.
#
# usage: pengaduan.py ROOT INDIR LOGDIR MONTH REPORT.txt
import csv, datetime, glob, io, os, re, sys

root, indir, logdir, month, txt = sys.argv[1:6]
D = datetime.date

# The office's pengaduan SOP (kantor.xml <sop varian>), its steps.
kx = open(os.path.join(indir, 'kantor.xml'), encoding='utf-8').read()
sops = {}
for path in glob.glob(os.path.join(root, 'templates/sop/*.xml')):
    x = open(path, encoding='utf-8').read()
    a = dict(re.findall(r'([a-z-]+)="([^"]*)"', re.search(r'<sop\b([^>]*)>', x).group(1)))
    if a.get('alur') != 'pengaduan':
        continue
    steps = []
    for sa, _ in re.findall(r'<langkah\b([^>]*)>(.*?)</langkah>', x, re.S):
        s = dict(re.findall(r'([a-z-]+)="([^"]*)"', sa))
        steps.append(dict(no=int(s['no']), waktu=s.get('waktu'),
                          hasil=s.get('hasil'), menutup=s.get('menutup') == 'ya'))
    sops[a.get('varian')] = dict(steps=steps, bawaan=a.get('bawaan') == 'ya')
m = re.search(r'<sop layanan="pengaduan" varian="([^"]*)"', kx)
sop = sops[m.group(1)] if m else [s for s in sops.values() if s['bawaan']][0]
steps = sop['steps']
first = steps[0]['no']

# Jam kerja: weekday (Monday 0) -> its two periods; holidays.
def hm(s):
    h, mm = s.split(':')
    return int(h) * 60 + int(mm)
days = {'senin': 0, 'selasa': 1, 'rabu': 2, 'kamis': 3, 'jumat': 4, 'sabtu': 5, 'minggu': 6}
jam = {}
for a in re.findall(r'<hari\b([^>]*)/>', kx):
    ha = dict(re.findall(r'([a-z-]+)="([^"]*)"', a))
    b = ha.get('istirahat')
    ms, pl = hm(ha['masuk']), hm(ha['pulang'])
    if b:
        ia, ib = map(hm, b.split('-'))
        jam[days[ha['nama']]] = [(ms, ia), (ib, pl)]
    else:
        jam[days[ha['nama']]] = [(ms, pl), (pl, pl)]
libur = set()
lp = os.path.join(indir, 'libur.csv')
if os.path.exists(lp):
    for r in csv.DictReader(open(lp, encoding='utf-8-sig')):
        libur.add(r['tanggal'])

def periods(day):
    if day.isoformat() in libur or day.weekday() not in jam:
        return None
    return jam[day.weekday()]

def minutes(a, b):
    """Working minutes from moment a to b, moments (date, minute)."""
    if b <= a:
        return 0
    t, day = 0, a[0]
    while day <= b[0]:
        lo = a[1] if day == a[0] else 0
        hi = b[1] if day == b[0] else 1440
        for s, e in periods(day) or []:
            t += max(0, min(e, hi) - max(s, lo))
        day += datetime.timedelta(1)
    return t

def advance(day, mn, r):
    while True:
        p = periods(day)
        if p:
            for s, e in p:
                if mn >= e or s == e:
                    continue
                start = max(mn, s)
                if r == 0 or r <= e - start:
                    return day, start + r
                r -= e - start
                mn = e
        day += datetime.timedelta(1)
        mn = 0

def daylen(day):
    return sum(e - s for s, e in periods(day) or [])

def deadline(frm, waktu):
    n, unit = waktu.split()
    n = int(n)
    day, mn = frm
    if unit.lower() == 'hari':
        for _ in range(n):
            day, mn = advance(day, mn, 0)
            day, mn = advance(day, mn, daylen(day))
    else:
        day, mn = advance(day, mn, n * 60 if unit.lower() == 'jam' else n)
    return (day, mn)

def standard(after, upto, hasil, frm):
    m, anyv = frm, False
    for st in steps:
        if st['no'] <= after or st['no'] > upto:
            continue
        if not (st['hasil'] is None or st['hasil'] == hasil) and st['no'] != upto:
            continue
        if st['waktu']:
            m, anyv = deadline(m, st['waktu']), True
        if st['menutup']:
            break
    return minutes(frm, m) if anyv else None

def step(no):
    return [s for s in steps if s['no'] == no][0]

def iso(s):
    s = s.strip()
    if re.match(r'^\d{4}-\d\d-\d\d$', s):
        return D.fromisoformat(s)
    d, mo, y = re.split(r'[/-]', s)
    return D(int(y), int(mo), int(d))

rejected = set()
for ef in glob.glob(os.path.join(logdir, '*errors.csv')):
    for r in csv.DictReader(open(ef, encoding='utf-8')):
        rejected.add((os.path.relpath(r['file'], indir), int(r['line'])))

def rows(path):
    raw = open(path, encoding='utf-8-sig', newline='').read()
    delim = ';' if raw.split('\n', 1)[0].count(';') > raw.split('\n', 1)[0].count(',') else ','
    rd = csv.reader(io.StringIO(raw), delimiter=delim)
    head = [h.strip() for h in next(rd)]
    for row in rd:
        yield rd.line_num, dict(zip(head, row))

desa = {}
for r in csv.DictReader(open(os.path.join(indir, 'desa.csv'), encoding='utf-8-sig')):
    desa[r.get('kode') or r.get('kode_desa')] = r.get('nama') or r.get('nama_desa')

cases = {}
for f in sorted(glob.glob(os.path.join(indir, 'register/*.csv'))):
    for line, r in rows(f):
        if r.get('layanan') != 'pengaduan' or (os.path.relpath(f, indir), line) in rejected:
            continue
        cases[r['no_register']] = dict(id=r['no_register'], at=(iso(r['tanggal']), hm(r['jam'])),
                                       saluran=r['saluran'], desa=desa.get(r['kode_desa'], r['kode_desa']),
                                       steps=[], hasil=None, ditutup=None)
for f in sorted(glob.glob(os.path.join(indir, 'tindak-lanjut/*.csv'))):
    for line, r in rows(f):
        if (os.path.relpath(f, indir), line) in rejected:
            continue
        c = cases[r['no_register']]
        at = (iso(r['tanggal']), hm(r['jam']))
        c['steps'].append((int(r['langkah']), at))
        if r['hasil']:
            c['hasil'], c['ditutup'] = r['hasil'], at

y, mo = map(int, month.split('-'))
start = (D(y, mo, 1), 0)
end = (D(y + mo // 12, mo % 12 + 1, 1), 0)

def dur(mn):
    if mn < 60:
        return '%d menit' % mn
    return '%d jam' % (mn // 60) if mn % 60 == 0 else '%d jam %d menit' % (mn // 60, mn % 60)

report = []
for c in sorted(cases.values(), key=lambda c: (c['at'], c['id'])):
    if c['at'] >= end or (c['ditutup'] and c['ditutup'] < start):
        continue
    closed = c['ditutup'] is not None and c['ditutup'] < end
    known = c['hasil'] if closed else None
    prev, prevno, ent = c['at'], first, []
    for no, at in sorted(c['steps'], key=lambda s: s[1]):
        if at >= end:
            continue
        took = minutes(prev, at)
        h = step(no)['hasil'] or known
        sd = standard(prevno, no, h, prev)
        ent.append(dict(no=no, took=took, std=took if sd is None else sd,
                        nostd=sd is None, month=at >= start))
        prev, prevno = at, no
    pending = False
    if closed:
        total = minutes(c['at'], c['ditutup'])
        std = standard(first, 10 ** 6, c['hasil'], c['at'])
    else:
        nxt = [s for s in steps if s['no'] > prevno and s['hasil'] is None]
        if nxt:
            sd = standard(prevno, nxt[0]['no'], None, prev)
            took = minutes(prev, end)
            ent.append(dict(no=nxt[0]['no'], took=took, std=took if sd is None else sd,
                            nostd=True, month=False))
            pending = True
        total = minutes(c['at'], end)
        a = standard(first, 10 ** 6, 'musyawarah', c['at'])
        b = standard(first, 10 ** 6, 'jalur_hukum', c['at'])
        std = max(a or 0, b or 0)
    lost, most = None, 0
    for i, e in enumerate(ent):
        if e['took'] - e['std'] > most:
            most, lost = e['took'] - e['std'], i
    report.append(dict(c, closed=closed, total=total, std=std, ent=ent, lost=lost,
                       received=c['at'] >= start, last=(c['steps'] and max(
                           [s for s in c['steps'] if s[1] < end], key=lambda s: s[1], default=(None,))[0]),
                       pending=pending))

def check(cond, what, detail=''):
    print(('ok - ' if cond else 'FAIL - ') + what + ('' if cond else ': ' + detail))

text = open(txt, encoding='utf-8').read()
flat = re.sub(r'\s+', ' ', text)
lines = text.split('\n')

def section(a, b):
    i = text.index(a)
    j = text.index(b, i) if b in text[i:] else len(text)
    return text[i:j].split('\n')

recv = [c for c in report if c['received']]
mus = sum(1 for c in report if c['closed'] and c['hasil'] == 'musyawarah')
huk = sum(1 for c in report if c['closed'] and c['hasil'] == 'jalur_hukum')
opn = [c for c in report if not c['closed']]
over = [c for c in report if c['total'] > c['std']]
if not report:
    check('NIHIL' in flat, 'a month without complaints says NIHIL')
    sys.exit(0)
m = re.search(r'diterima (\d+) pengaduan, dan ditangani (\d+) pengaduan', flat)
check(m and (int(m.group(1)), int(m.group(2))) == (len(recv), len(report)),
      'received %d, handled %d' % (len(recv), len(report)), m and m.group(0) or 'no summary')
m = re.search(r'Sebanyak (\d+) pengaduan selesai melalui musyawarah, (\d+) pengaduan diserahkan .*? dan (\d+) pengaduan masih', flat)
check(m and tuple(map(int, m.groups())) == (mus, huk, len(opn)),
      'musyawarah %d, jalur hukum %d, open %d' % (mus, huk, len(opn)), m and m.group(0) or 'none')
m = re.search(r'Sebanyak (\d+) pengaduan melampaui', flat)
check(m and int(m.group(1)) == len(over), '%d over standard' % len(over), m and m.group(0) or 'none')

label = {'langsung': 'Datang langsung', 'lapor': 'SP4N-LAPOR!', 'website': 'Laman (website)',
         'email': 'Surat elektronik (e-mail)', 'sms': 'SMS', 'telepon': 'Telepon'}
def table(part):
    out = {}
    for l in part:
        t = re.match(r'^\s*\d+ (.+?)\s{2,}(\d+)\s+[\d,]+%\s*$', l)
        if t:
            out[t.group(1).strip()] = int(t.group(2))
    return out
if recv:
    want = {}
    for c in recv:
        want[label.get(c['saluran'], c['saluran'])] = want.get(label.get(c['saluran'], c['saluran']), 0) + 1
    got = table(section('1. Menurut saluran', '2. Menurut desa'))
    check(got == want, 'received by channel %s' % want, str(got))
    want = {}
    for c in recv:
        want[c['desa']] = want.get(c['desa'], 0) + 1
    got = table(section('2. Menurut desa', 'C. Pengaduan'))
    check(got == want, 'received by desa %s' % want, str(got))

part = [re.sub(r'\s+', ' ', l).strip() for l in section('C. Pengaduan', 'D. Waktu')]
rowsC = [l for l in part if re.match(r'^\d+ REG-', l)]
check([l.split()[1] for l in rowsC] == [c['id'] for c in opn], 'open complaints, oldest first',
      str(rowsC))
for c, l in zip(opn, rowsC):
    check(l.endswith('%s %s %s' % (c['desa'], c['last'], dur(c['total']))),
          '%s open: last step %s, age %s' % (c['id'], c['last'], dur(c['total'])), l)

# Per step: the steps completed in the month.
per = {}
for c in report:
    for e in c['ent']:
        if e['month']:
            per.setdefault(e['no'], []).append(e)
got = {}
for l in section('D. Waktu', 'E. Grafik'):
    t = re.search(r'^\s+(\d+) .*?\s(\d+)\s+([\d,]+)\s*(\d+ (?:menit|jam|hari)|-)\s+(\d+ \([\d,]+%\)|-)\s*$', l)
    if t:
        got[int(t.group(1))] = (int(t.group(2)), t.group(3), t.group(4), t.group(5))
def median(v):
    v = sorted(v)
    n = len(v)
    x2 = v[n // 2] * 2 if n % 2 else v[n // 2 - 1] + v[n // 2]
    return str(x2 // 2) + (',5' if x2 % 2 else '')
def pct(a, b):
    return ('%.2f' % (100.0 * a / b)).replace('.', ',') + '%'
want = {}
for no, es in per.items():
    w = step(no)['waktu']
    inn = sum(1 for e in es if e['took'] <= e['std'])
    want[no] = (len(es), median([e['took'] for e in es]), w or '-',
                '%d (%s)' % (inn, pct(inn, len(es))) if w else '-')
check(got == want, 'per step: count, median, standard, within (%d steps)' % len(want),
      'got %s want %s' % (got, want))

part = [re.sub(r'\s+', ' ', l).strip() for l in section('F. Pengaduan', 'G. Cara')]
rowsF = [l for l in part if re.match(r'^\d+ REG-', l)]
check([l.split()[1] for l in rowsF] == [c['id'] for c in over], 'over standard, oldest first',
      '%s vs %s' % ([l.split()[1] for l in rowsF], [c['id'] for c in over]))
for c, l in zip(over, rowsF):
    s = '%s %s Langkah %d' % (dur(c['total']), dur(c['std']), c['ent'][c['lost']]['no'])
    check(s in l, '%s over: %s' % (c['id'], s), l)
