#!/bin/sh
# report_bench.sh -- `naskah report` at kabupaten scale: generated desa
# (35.03.13.2001 upward) with a month of data for trantibum and ekbang,
# a previous month to compare against; wall time, CPU and peak memory per
# report, and pages, at several sizes to show memory stays flat; pinned to
# one core (taskset -c 0) like bench.sh.
set -eu
NASKAH=${NASKAH:-$(pwd)/naskah}
SIZES=${SIZES:-"14 300 1000 3000"}
root=$(mktemp -d /tmp/naskah-rbench.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$root"' EXIT
pin=
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
	pin="taskset -c 0"
fi
printf '%6s %10s %8s %8s %8s %12s\n' desa bagian wall_s cpu_s pages peak_rss_MB
for n in $SIZES; do
	d=$root/$n
	for m in 2024-12 2025-01; do
		mkdir -p "$d/in/desa/$m/trantibum" "$d/in/desa/$m/ekbang"
	done
	cp input/kantor.xml "$d/in/"
	# awk writes every file: a shell loop per file would time the shell.
	awk -v n="$n" -v dir="$d/in" 'BEGIN {
		srand(42)
		desa = dir "/desa.csv"
		print "kode,nama,jenis" > desa
		split("2024-12 2025-01", months, " ")
		for (i = 1; i <= n; i++) {
			kode = sprintf("35.03.13.%04d", 2000 + i)
			printf "%s,Desa Uji Nomor %d,desa\n", kode, i > desa
			for (m = 1; m <= 2; m++) {
				f = dir "/desa/" months[m] "/trantibum/" kode ".csv"
				print "indikator,nilai,keterangan" > f
				s = int(rand() * 4); dm = int(rand() * (s + 1))
				printf "patroli,%d,\nkejadian_pencurian,%d,\nkejadian_perkelahian,%d,\nkejadian_kebakaran,%d,\nkejadian_kecelakaan,%d,\nkejadian_lainnya,%d,\nkonflik_sosial,%d,\nkonflik_dimediasi,%d,\nkonflik_selesai,%d,\npelanggaran_perda,%d,\nsosialisasi_perda,%d,\nbencana,%d,\nanggota_linmas,%d,\n",
				    20 + int(rand() * 12), int(rand() * 3), int(rand() * 2),
				    int(rand() * 2), int(rand() * 3), int(rand() * 2), s, dm,
				    int(rand() * (dm + 1)), int(rand() * 3), int(rand() * 2),
				    int(rand() * 2), 20 + int(rand() * 20) > f
				close(f)
				f = dir "/desa/" months[m] "/ekbang/" kode ".csv"
				print "indikator,nilai,keterangan" > f
				p = 900000000 + int(rand() * 300000) * 1000
				a = 300000000 + int(rand() * 200000) * 1000
				r = int(rand() * 5) + 3
				printf "dd_pagu,%d,\ndd_realisasi,%d,\nadd_pagu,%d,\nadd_realisasi,%d,\nkegiatan_fisik_rencana,%d,\nkegiatan_fisik_selesai,%d,\nbumdes_aktif,%d,\nrkpdes_ditetapkan,1,\napbdes_ditetapkan,%d,%s\n",
				    p, int(p * rand()), a, int(a * rand()), r, int(rand() * (r + 1)),
				    rand() < 0.8, rand() < 0.9, (i % 50 == 0) ? "belum ditetapkan" : "" > f
				close(f)
			}
		}
	}'
	"$NASKAH" init -q --input "$d/in" --output "$d/out"
	for b in trantibum ekbang; do
		/usr/bin/time -f '%e %U %S %M' -o "$d/time" \
		    $pin "$NASKAH" report $b --month 2025-01 --date 2025-02-05 -q \
		    --input "$d/in" --output "$d/out" || true
		read -r wall user sys rss < "$d/time"
		f=$(find "$d/out/laporan" -name "2025-01_${b}_*.pdf")
		pages=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ { print $2 }')
		awk -v n="$n" -v b="$b" -v w="$wall" -v u="$user" -v s="$sys" \
		    -v p="${pages:-0}" -v r="$rss" 'BEGIN { printf "%6d %10s %8.2f %8.2f %8d %12.1f\n", n, b, w, u + s, p, r / 1024 }'
	done
done
