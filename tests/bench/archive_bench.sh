#!/bin/sh
# archive_bench.sh -- make bench: `naskah find` and `naskah agenda --format
# csv` on a register of DOCS documents (default 1,000,000) made directly
# with SQL (no PDFs: every file is missing, so the agenda's file check is
# a look in its folder's listing, and hashing costs nothing here; with the
# files there, reading them is the agenda's cost), spread over
# YEARS years (default 4) in the demo office's books.  Prints the median of
# RUNS (default 5) wall-clock times of each query, and their result sizes.
set -eu
NASKAH=${NASKAH:-$(pwd)/naskah}
DOCS=${DOCS:-1000000}
YEARS=${YEARS:-4}
RUNS=${RUNS:-5}
root=$(mktemp -d /tmp/naskah-abench.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$root"' EXIT
d=$root/office
mkdir -p "$d/in"
cp input/kantor.xml input/desa.csv "$d/in/"
"$NASKAH" init -q --input "$d/in" --output "$d/out"
db=$d/out/register.db
first=2022
per=$(( (DOCS + YEARS - 1) / YEARS ))

t0=$(date +%s.%N)
# One application per document: nine in ten complete (a numbered letter of
# its year's book keluar), one in ten incomplete (an unnumbered return
# notice).  The triggers that guard the numbers one at a time are dropped
# in this throwaway register; the indexes, the name index's triggers and
# the manifest marks stay as a run leaves them.
sqlite3 "$db" <<EOF
PRAGMA synchronous=OFF;
BEGIN;
DROP TRIGGER book_entries_next;
DROP TRIGGER books_born;
DROP TRIGGER books_count;
CREATE TEMP TABLE fn(i INTEGER PRIMARY KEY, v TEXT);
INSERT INTO fn(v) VALUES ('Slamet'),('Sri'),('Budi'),('Siti'),('Agus'),
  ('Dewi'),('Eko'),('Wahyu'),('Rina'),('Joko'),('André'),('Nur'),('Bambang'),
  ('Endang'),('Heru'),('Yuli'),('Dwi'),('Tri'),('Rizky'),('Ayu'),('Fajar');
CREATE TEMP TABLE ln(i INTEGER PRIMARY KEY, v TEXT);
INSERT INTO ln(v) VALUES ('Santoso'),('Rahayu'),('Prasetyo'),('Lestari'),
  ('Wibowo'),('Susanti'),('Hidayat'),('Kurniawan'),('Setiawan'),('Wulandari'),
  ('Saputra'),('Pratama'),('Nugroho'),('Maulana'),('Ramadhani'),('Hermawan'),
  ('Purnomo'),('Widodo'),('Suryani'),('Handayani'),('Ma''ruf'),('Cahyono'),('Aminah');
CREATE TEMP TABLE lay(i INTEGER PRIMARY KEY, v TEXT, k TEXT);
INSERT INTO lay(v, k) VALUES ('kk','400.12.1'),('ktp','400.12.1'),
  ('legalisasi','100.3.4'),('skck','300.1.4'),('sktm','400.9.4');
WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < $DOCS)
INSERT INTO applications(id, tahun, no_register, tanggal, layanan, nik, nama,
  kode_desa, data, data_sha256, status)
SELECT x, $first + (x - 1) / $per, printf('REG-%07d', x),
  date(printf('%d-01-02', $first + (x - 1) / $per),
    printf('+%d days', ((x - 1) % $per) * 360 / $per)),
  (SELECT v FROM lay WHERE lay.i = x % 5 + 1),
  printf('3503%02d%02d%02d%02d%04d', x % 97, (x % 28) + 1, (x % 12) + 1,
    60 + x % 40, (x / 7) % 9999 + 1),
  (SELECT v FROM fn WHERE fn.i = x % 21 + 1) || ' ' ||
    (SELECT v FROM ln WHERE ln.i = (x / 21) % 23 + 1) ||
    CASE WHEN x % 3 = 0 THEN ' ' || (SELECT v FROM ln WHERE ln.i = (x / 7) % 23 + 1) ELSE '' END,
  printf('35.03.13.%04d', 2001 + x % 14), '{}', 'x',
  CASE WHEN x % 10 = 0 THEN 'incomplete' ELSE 'complete' END
FROM n;
INSERT INTO books(office, name, tahun, last)
  SELECT '35.03.13', 'keluar', tahun, count(*) FROM applications
  WHERE status = 'complete' GROUP BY tahun;
CREATE TEMP TABLE num AS SELECT a.id, k.id AS book_id,
  row_number() OVER (PARTITION BY a.tahun ORDER BY a.id) AS urut,
  (SELECT lay.k FROM lay WHERE lay.v = a.layanan) AS kode, a.tahun,
  a.tanggal, a.layanan
  FROM applications a JOIN books k ON k.tahun = a.tahun
  WHERE a.status = 'complete';
INSERT INTO book_entries(book_id, urut, nomor, klasifikasi, kind, issued)
  SELECT book_id, urut, printf('%s/%04d/406.13/%d', kode, urut, tahun), kode,
  'surat', tanggal || 'T08:00:00Z' FROM num ORDER BY book_id, urut;
INSERT INTO documents(kind, application_id, path, size, sha256, created,
  nomor, book_id, urut)
  SELECT 'surat', id, printf('surat/%d/%05d_%s_%s.pdf', tahun, urut, layanan,
  tanggal), 18000 + id % 1000, lower(hex(randomblob(32))), tanggal,
  printf('%s/%04d/406.13/%d', kode, urut, tahun), book_id, urut
  FROM num ORDER BY id;
INSERT INTO documents(kind, application_id, path, size, sha256, created)
  SELECT 'kembali', id, printf('kembali/%d/%s_%s_%s_%08x.pdf', tahun, tanggal,
  no_register, layanan, id), 15000, lower(hex(randomblob(32))), tanggal
  FROM applications WHERE status = 'incomplete';
COMMIT;
EOF
# The documents' folders are there, the files not: the agenda looks for
# each file (the cost of a lost file), and the register has no statistics
# (naskah never runs ANALYZE), as in an office.
for y in $(seq "$first" $((first + YEARS - 1))); do
	mkdir -p "$d/out/surat/$y" "$d/out/kembali/$y"
done
t1=$(date +%s.%N)
ndocs=$(sqlite3 "$db" "SELECT count(*) FROM documents")
year=$((first + YEARS - 1))
nyear=$(sqlite3 "$db" "SELECT last FROM books WHERE tahun = $year")
printf 'register: %d documents, %d numbers in book keluar %d, %s MB; made in %.1f s\n' \
    "$ndocs" "$nyear" "$year" "$(du -m "$db" | cut -f1)" "$(echo "$t1 - $t0" | bc)"

# The first open of the office writes every month's manifest (the register
# marks them all) and looks at every document: `naskah run` without an
# export, timed once, apart (it exits 66: nothing to process).
/usr/bin/time -f '%e %M %U %S' -o "$root/time" "$NASKAH" run -q \
    --input "$d/in" --output "$d/out" >/dev/null 2>&1 || true
set -- $(tail -1 "$root/time")
printf 'first office_open (%d monthly manifests written, %d lost files named): %.2f s wall, %.2f s cpu, %.1f MB\n' \
    "$(ls "$d/out/manifest" | wc -l)" "$ndocs" "$1" "$(echo "$3 + $4" | bc)" \
    "$(echo "$2 / 1024" | bc -l)"

# time_it NAME CMD...: the median wall time of RUNS runs, the lines out.
time_it() {
	name=$1; shift
	for r in $(seq "$RUNS"); do
		/usr/bin/time -f '%e %M %U %S' -o "$root/time" "$@" >"$root/out" \
		    2>/dev/null || true
		tail -1 "$root/time"
	done | sort -n >"$root/times"
	awk -v n="$RUNS" -v name="$name" -v lines="$(wc -l <"$root/out")" '
		{ w[NR] = $1; m[NR] = $2; c[NR] = $3 + $4 }
		END { i = int((n + 1) / 2)
		    printf "%-46s %7.3f s wall %7.3f s cpu %8d lines %6.1f MB\n",
		    name, w[i], c[i], lines, m[i] / 1024 }' \
	    "$root/times"
}

nik=$(sqlite3 "$db" "SELECT nik FROM applications WHERE id = $((DOCS * 2 / 5 + 7))")
nomor=$(sqlite3 "$db" "SELECT nomor FROM documents WHERE nomor IS NOT NULL LIMIT 1 OFFSET $((DOCS / 2))")
echo "(median of $RUNS runs by wall time; find's limit 0.050 s, agenda's 2 s;"
echo " cpu is user + system: the wall time on a shared machine waits for it)"
time_it "find --nik $nik" "$NASKAH" find --output "$d/out" --nik "$nik"
time_it "find --nomor $nomor" "$NASKAH" find --output "$d/out" --nomor "$nomor"
reg=$(printf REG-%07d $((DOCS * 7 / 9)))
time_it "find --register $reg" "$NASKAH" find --output "$d/out" --register "$reg"
time_it "find --nama 'andré kurnia' --dari --sampai" "$NASKAH" find --output "$d/out" --nama 'andré kurnia' --dari "$year-03-01" --sampai "$year-03-07"
time_it "find --nama 'ndre kurniaw'" "$NASKAH" find --output "$d/out" --nama 'ndre kurniaw'
time_it "find --nama 'yu' (two letters: no trigram)" "$NASKAH" find --output "$d/out" --nama 'yu'
time_it "find --jenis sktm --dari D --sampai D" "$NASKAH" find --output "$d/out" --jenis sktm --dari "$year-06-01" --sampai "$year-06-01"
time_it "agenda --year $year --format csv" "$NASKAH" agenda --year "$year" --input "$d/in" --output "$d/out"
