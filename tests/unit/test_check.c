/* test_check.c -- the row rules and the persyaratan, with the real SOP
 * definitions of templates/sop/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "check.h"

static struct desa desa[] = {
	{ "35.03.13.2006", "Durenan", 0 },
	{ "35.03.13.2099", "Kota Baru", 1 },
};
static struct kantor k;
static struct sop_set *ss;

static int
setup(void **state)
{
	struct nerr e;

	(void)state;
	k.kecamatan = "Durenan";
	k.desa = desa;
	k.ndesa = 2;
	ss = sop_load_dir("templates/sop", "templates/schema/sop.rng", &e);
	return ss == NULL;
}

static int
teardown(void **state)
{
	(void)state;
	sop_set_free(ss);
	return 0;
}

static void
base(struct app *a, const char *layanan)
{
	memset(a, 0, sizeof(*a));
	a->file = "r.csv";
	a->line = 7;
	for (int f = 0; f < F__MAX; f++)
		a->col[f] = f + 1;
	a->v[F_NO_REGISTER] = "R1";
	a->v[F_TANGGAL] = "20/01/2025";
	a->v[F_LAYANAN] = layanan;
	a->v[F_NIK] = "3503130101900001";
	a->v[F_NAMA] = "Slamet";
	a->v[F_JK] = "L";
	a->v[F_TEMPAT_LAHIR] = "Trenggalek";
	a->v[F_TANGGAL_LAHIR] = "1990-01-01";
	a->v[F_AGAMA] = "Islam";
	a->v[F_STATUS] = "Kawin";
	a->v[F_PEKERJAAN] = "Petani";
	a->v[F_ALAMAT] = "Dusun Krajan";
	a->v[F_RT] = "3";
	a->v[F_RW] = "002";
	a->v[F_KODE_DESA] = "35.03.13.2006";
	a->v[F_KEPERLUAN] = "beasiswa";
	a->v[F_KELENGKAPAN] = "pengantar_desa; surat_permohonan";
}

static void
t_complete(void **state)
{
	struct app a;
	struct nerr e;

	(void)state;
	base(&a, "sktm");
	assert_int_equal(check_app(&a, &k, ss, &e), APP_COMPLETE);
	assert_int_equal(a.tanggal.y, 2025);
	assert_string_equal(a.desa->nama, "Durenan");
	assert_string_equal(a.warn, "");
}

static void
t_malformed(void **state)
{
	struct app a;
	struct nerr e;

	(void)state;
	base(&a, "sktm");
	a.v[F_NIK] = "350313010190001";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_MALFORMED);
	assert_int_equal(e.line, 7);
	assert_int_equal(e.col, F_NIK + 1);
	assert_non_null(strstr(e.msg, "nik:"));

	base(&a, "sktm");
	a.v[F_JK] = "P";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_MALFORMED);
	assert_int_equal(e.col, F_JK + 1);

	base(&a, "sktm");
	a.v[F_NIK] = "3503134101900001";	/* a woman's NIK */
	assert_int_equal(check_app(&a, &k, ss, &e), APP_MALFORMED);
	a.v[F_JK] = "p";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_COMPLETE);

	base(&a, "sktm");
	a.v[F_KODE_DESA] = "35.03.12.2006";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_MALFORMED);
	assert_int_equal(e.col, F_KODE_DESA + 1);

	base(&a, "domisili");
	assert_int_equal(check_app(&a, &k, ss, &e), APP_MALFORMED);
	assert_non_null(strstr(e.msg, "unknown layanan"));

	base(&a, "sktm");
	a.v[F_KEPERLUAN] = "";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_MALFORMED);
	assert_int_equal(e.col, F_KEPERLUAN + 1);

	base(&a, "sktm");
	a.v[F_TANGGAL] = "2025-02-30";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_MALFORMED);

	base(&a, "sktm");
	a.v[F_NAMA] = "Kur\xc5\x9f" "un";		/* U+015F */
	assert_int_equal(check_app(&a, &k, ss, &e), APP_MALFORMED);
	assert_non_null(strstr(e.msg, "U+015F"));

	base(&a, "sktm");
	a.v[F_NAMA] = "Andr\xc3\xa9 \xe2\x80\x9c" "An\xe2\x80\x9d";	/* é “ ” */
	assert_int_equal(check_app(&a, &k, ss, &e), APP_COMPLETE);
}

static void
t_warning(void **state)
{
	struct app a;
	struct nerr e;

	(void)state;
	base(&a, "sktm");
	a.v[F_TANGGAL_LAHIR] = "02/01/1990";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_COMPLETE);
	assert_non_null(strstr(a.warn, "differs from the NIK"));
	a.v[F_KELENGKAPAN] = "pengantar_desa;surat_permohonan;foto";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_COMPLETE);
	assert_non_null(strstr(a.warn, "\"foto\""));
}

static void
t_persyaratan(void **state)
{
	struct app a;
	struct nerr e;

	(void)state;
	base(&a, "sktm");
	a.v[F_KELENGKAPAN] = "SURAT PENGANTAR DARI DESA/KELURAHAN";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_INCOMPLETE);
	assert_int_equal(a.nmissing, 1);
	assert_string_equal(a.missing[0]->kode, "surat_permohonan");

	base(&a, "legalisasi");
	a.v[F_JENIS_LEGALISASI] = "waris";
	a.v[F_PERIHAL] = "Surat Keterangan Waris";
	a.v[F_KELENGKAPAN] = "pengantar_desa,surat_permohonan,berkas_legalisasi";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_INCOMPLETE);
	assert_int_equal(a.nmissing, 1);
	assert_string_equal(a.missing[0]->kode, "akta_kematian");
	a.v[F_JENIS_LEGALISASI] = "agunan";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_COMPLETE);

	base(&a, "kk");
	a.v[F_NO_KK] = "3503130101900009";
	a.v[F_KELENGKAPAN] = "";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_INCOMPLETE);
	assert_int_equal(a.nmissing, 2);

	base(&a, "pengaduan");
	a.v[F_URAIAN] = "suara bising";
	a.v[F_SALURAN] = "SMS";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_PENGADUAN);
	a.v[F_SALURAN] = "merpati";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_MALFORMED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_complete),
		cmocka_unit_test(t_malformed),
		cmocka_unit_test(t_warning),
		cmocka_unit_test(t_persyaratan),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
