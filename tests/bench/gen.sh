#!/bin/sh
# gen.sh N DIR -- a register export of N valid, complete applications
# spread over every letter service and every Durenan desa, for make bench.
n=$1; dir=$2
mkdir -p "$dir/register"
awk -v n="$n" 'BEGIN {
	srand(20250120);
	split("kk ktp legalisasi skck sktm", lay, " ");
	split("Slamet Sri Budi Siti Agus Dewi Eko Wahyu Rina Joko", fn, " ");
	split("Santoso Rahayu Prasetyo Lestari Wibowo Susanti Hidayat", ln, " ");
	print "no_register,tanggal,layanan,nik,nama,jenis_kelamin,tempat_lahir,tanggal_lahir,agama,status_perkawinan,pekerjaan,alamat,rt,rw,kode_desa,no_kk,keperluan,kelengkapan,jenis_legalisasi,perihal";
	for (i = 1; i <= n; i++) {
		l = lay[(i % 5) + 1];
		f = i % 2;
		day = (i % 28) + 1; mon = (i % 12) + 1; yy = 60 + (i % 40);
		nik = sprintf("350313%02d%02d%02d%04d", day + (f ? 40 : 0), mon, yy, (i % 9999) + 1);
		lahir = sprintf("19%02d-%02d-%02d", yy, mon, day);
		kel = "pengantar_desa;surat_permohonan";
		if (l == "kk") kel = "pengantar_desa;formulir_kk";
		if (l == "ktp") kel = "pengantar_desa;formulir_kp1";
		if (l == "legalisasi") kel = kel ";berkas_legalisasi";
		printf "BENCH-%06d,2025-01-20,%s,%s,%s %s,%s,Trenggalek,%s,Islam,Kawin,Petani,Dusun Krajan,%03d,%03d,35.03.13.%04d,35031301%04d%04d,persyaratan administrasi,%s,%s,%s\n", \
		    i, l, nik, fn[(i % 10) + 1], ln[(i % 7) + 1], f ? "P" : "L", lahir, \
		    (i % 12) + 1, (i % 5) + 1, 2001 + (i % 14), (i / 9999) % 10000, (i % 9999) + 1, kel, \
		    l == "legalisasi" ? "lainnya" : "", l == "legalisasi" ? "Surat Keterangan Usaha" : "";
	}
}' > "$dir/register/2025-01-20.csv"
