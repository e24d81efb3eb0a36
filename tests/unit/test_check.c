/* test_check.c -- the row rules and the persyaratan, driven by the real
 * field table (templates/fields.xml) and SOP definitions (templates/sop/);
 * and the field table's own loading, checks and forms. */
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
static struct pejabat pj[] = {
	{ "camat", 1, "A", "", "", "", "CAMAT", { 0, 0, 0 }, { 0, 0, 0 } },
	{ "sekcam", 2, "B", "", "", "", "SEKCAM", { 0, 0, 0 }, { 0, 0, 0 } },
	{ "kasi_tapem", 3, "C", "", "", "", "KASI", { 0, 0, 0 }, { 0, 0, 0 } },
	{ "kasi_kesra", 4, "D", "", "", "", "KASI", { 0, 0, 0 }, { 0, 0, 0 } },
};
static struct kantor k;
static struct sop_set *ss;
static struct fields *ft;
static struct check *ck;

static int
setup(void **state)
{
	struct nerr e;

	(void)state;
	k.kecamatan = "Durenan";
	k.desa = desa;
	k.ndesa = 2;
	k.pj = pj;
	k.npj = sizeof(pj) / sizeof(pj[0]);
	ss = sop_load_dir("templates/sop", "templates/schema/sop.rng", &e);
	ft = fields_load("templates/fields.xml", "templates/schema/fields.rng",
	    &e);
	if (ft == NULL)
		return 1;
	ck = check_new(ft, &e);
	return ss == NULL || ck == NULL;
}

static int
teardown(void **state)
{
	(void)state;
	sop_set_free(ss);
	check_free(ck);
	fields_free(ft);
	return 0;
}

/* The index of a field of the real table. */
static int
F(const char *name)
{
	int i = fields_find(ft, name);

	assert_true(i >= 0);
	return i;
}

static void
base(struct app *a, const char *layanan)
{
	memset(a, 0, sizeof(*a));
	a->ck = ck;
	a->file = "r.csv";
	a->line = 7;
	for (size_t f = 0; f < fields_count(ft); f++)
		a->col[f] = (int)f + 1;
	a->v[F("no_register")] = "R1";
	a->v[F("tanggal")] = "20/01/2025";
	a->v[F("layanan")] = layanan;
	a->v[F("nik")] = "3503130101900001";
	a->v[F("nama")] = "Slamet";
	a->v[F("jenis_kelamin")] = "L";
	a->v[F("tempat_lahir")] = "Trenggalek";
	a->v[F("tanggal_lahir")] = "1990-01-01";
	a->v[F("agama")] = "Islam";
	a->v[F("status_perkawinan")] = "Kawin";
	a->v[F("pekerjaan")] = "Petani";
	a->v[F("alamat")] = "Dusun Krajan";
	a->v[F("rt")] = "3";
	a->v[F("rw")] = "002";
	a->v[F("kode_desa")] = "35.03.13.2006";
	a->v[F("keperluan")] = "beasiswa";
	a->v[F("kelengkapan")] = "pengantar_desa; surat_permohonan";
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
	a.v[F("nik")] = "350313010190001";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_MALFORMED);
	assert_int_equal(e.line, 7);
	assert_int_equal(e.col, F("nik") + 1);
	assert_non_null(strstr(e.msg, "nik:"));

	base(&a, "sktm");
	a.v[F("jenis_kelamin")] = "P";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_MALFORMED);
	assert_int_equal(e.col, F("jenis_kelamin") + 1);

	base(&a, "sktm");
	a.v[F("nik")] = "3503134101900001";	/* a woman's NIK */
	assert_int_equal(check_app(&a, &k, ss, &e), APP_MALFORMED);
	a.v[F("jenis_kelamin")] = "p";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_COMPLETE);

	base(&a, "sktm");
	a.v[F("kode_desa")] = "35.03.12.2006";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_MALFORMED);
	assert_int_equal(e.col, F("kode_desa") + 1);

	base(&a, "domisili");
	assert_int_equal(check_app(&a, &k, ss, &e), APP_MALFORMED);
	assert_non_null(strstr(e.msg, "unknown layanan"));

	base(&a, "sktm");
	a.v[F("keperluan")] = "";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_MALFORMED);
	assert_int_equal(e.col, F("keperluan") + 1);

	base(&a, "sktm");
	a.v[F("tanggal")] = "2025-02-30";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_MALFORMED);

	base(&a, "sktm");
	a.v[F("nama")] = "Kur\xc5\x9f" "un";		/* U+015F */
	assert_int_equal(check_app(&a, &k, ss, &e), APP_MALFORMED);
	assert_non_null(strstr(e.msg, "U+015F"));

	base(&a, "sktm");
	a.v[F("nama")] = "Andr\xc3\xa9 \xe2\x80\x9c" "An\xe2\x80\x9d";	/* é “ ” */
	assert_int_equal(check_app(&a, &k, ss, &e), APP_COMPLETE);
}

static void
t_warning(void **state)
{
	struct app a;
	struct nerr e;

	(void)state;
	base(&a, "sktm");
	a.v[F("tanggal_lahir")] = "02/01/1990";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_COMPLETE);
	assert_non_null(strstr(a.warn, "differs from the NIK"));
	a.v[F("kelengkapan")] = "pengantar_desa;surat_permohonan;foto";
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
	a.v[F("kelengkapan")] = "SURAT PENGANTAR DARI DESA/KELURAHAN";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_INCOMPLETE);
	assert_int_equal(a.nmissing, 1);
	assert_string_equal(a.missing[0]->kode, "surat_permohonan");

	base(&a, "legalisasi");
	a.v[F("jenis_legalisasi")] = "waris";
	a.v[F("perihal")] = "Surat Keterangan Waris";
	a.v[F("kelengkapan")] = "pengantar_desa,surat_permohonan,berkas_legalisasi";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_INCOMPLETE);
	assert_int_equal(a.nmissing, 1);
	assert_string_equal(a.missing[0]->kode, "akta_kematian");
	a.v[F("jenis_legalisasi")] = "agunan";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_COMPLETE);

	base(&a, "kk");
	a.v[F("no_kk")] = "3503130101900009";
	a.v[F("kelengkapan")] = "";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_INCOMPLETE);
	assert_int_equal(a.nmissing, 2);

	base(&a, "pengaduan");
	a.v[F("uraian")] = "suara bising";
	a.v[F("saluran")] = "SMS";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_PENGADUAN);
	a.v[F("saluran")] = "merpati";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_MALFORMED);
}

/* The messages of interface.md's rules, exactly: they come from the
 * field table now (types, limits, codes, "salah"), not from C. */
static void
t_messages(void **state)
{
	static const struct {
		const char	*field, *value, *msg;
	} cases[] = {
		{ "rt", "12a4", "rt: \"12a4\" is not an RT number" },
		{ "rw", "", "rw: required value is empty" },
		{ "jenis_kelamin", "X", "jenis_kelamin: \"X\" must be L or P" },
		{ "tanggal", "31/02/2025", "tanggal: \"31/02/2025\" is not a "
		    "date (use YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY)" },
		{ "tanggal_lahir", "1990-13-01", "tanggal_lahir: \"1990-13-01\" "
		    "is not a date" },
		{ "tanggal_lahir", "2025-01-21", "tanggal_lahir: 2025-01-21 is "
		    "after the application date" },
		{ "jam", "8.00", "jam: \"8.00\" is not a time HH:MM" },
		{ "no_kk", "123", "no_kk: \"123\" is not a 16-digit nomor KK" },
		{ "no_register", "R12345678901234567890123456789012345678901",
		    "no_register: longer than 40 characters" },
		{ "kode_desa", "35.03.13.2001", "kode_desa: \"35.03.13.2001\" "
		    "is not a desa of Kecamatan Durenan (desa.csv)" },
		{ "layanan", "domisili", "layanan: unknown layanan "
		    "\"domisili\"" },
		{ "agama", "", "agama: required for layanan sktm, but empty" },
		{ "jenis_legalisasi", "akta", "jenis_legalisasi: unknown "
		    "\"akta\" (ijin_keramaian, agunan, skck, sktm, waris, "
		    "lainnya)" },
		{ "saluran", "merpati", "saluran: unknown \"merpati\" "
		    "(langsung, email, website, sms, telepon, lapor)" },
	};
	struct app a;
	struct nerr e;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		base(&a, "sktm");
		a.v[F(cases[i].field)] = cases[i].value;
		assert_int_equal(check_app(&a, &k, ss, &e), APP_MALFORMED);
		assert_string_equal(e.msg, cases[i].msg);
		assert_int_equal(e.col, F(cases[i].field) + 1);
		assert_int_equal(e.line, 7);
	}
	/* Forty characters, not bytes: the table's limit is the user's. */
	base(&a, "sktm");
	a.v[F("no_register")] = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9" "123456789012345678901234567890";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_COMPLETE);
	/* A column the file lacks is named so. */
	base(&a, "sktm");
	a.v[F("pekerjaan")] = "";
	a.col[F("pekerjaan")] = 0;
	assert_int_equal(check_app(&a, &k, ss, &e), APP_MALFORMED);
	assert_string_equal(e.msg, "pekerjaan: required for layanan sktm, "
	    "but the file has no such column");
	/* Codes in any case; values of the keys read back. */
	base(&a, "sktm");
	a.v[F("jenis_kelamin")] = "l";
	assert_int_equal(check_app(&a, &k, ss, &e), APP_COMPLETE);
	assert_string_equal(check_val(&a, CK_NAMA), "Slamet");
	assert_int_equal(check_col(&a, CK_NIK), F("nik") + 1);
	assert_ptr_equal(a.sop, sop_find(ss, "sktm"));
	assert_ptr_equal(a.desa, &desa[0]);
}

/* What the SOPs name is checked against the table and kantor.xml once,
 * naming the SOP's file and line. */
/* tanggal in its export's window: not after it, at most 31 days before
 * (kantor.xml's jendela-tanggal); outside, the row is malformed. */
static void
t_window(void **state)
{
	static const struct {
		const char	*tanggal, *export, *msg;
		long		 before, after;
	} cases[] = {
		{ "20/01/2025", "2025-01-20", NULL, 31, 0 },
		{ "20/01/2025", "2025-02-20", NULL, 31, 0 },
		{ "20/01/2025", "2025-02-21", "tanggal 20/01/2025 is 32 days "
		    "before the export's date (at most 31)", 31, 0 },
		{ "20/01/2025", "2025-01-19", "tanggal 20/01/2025 is 1 day "
		    "after the export's date", 31, 0 },
		{ "2052-01-01", "2026-01-01", "tanggal 2052-01-01 is 9,496 days "
		    "after the export's date", 31, 0 },
		{ "2019-01-01", "2026-01-01", "tanggal 2019-01-01 is 2,557 days "
		    "before the export's date (at most 31)", 31, 0 },
		{ "1900-01-01", "2199-12-31", "tanggal 1900-01-01 is 109,572 "
		    "days before the export's date (at most 31)", 31, 0 },
		{ "20/01/2025", "2025-01-19", NULL, 31, 1 },
		{ "21/01/2025", "2025-01-19", "tanggal 21/01/2025 is 2 days "
		    "after the export's date (at most 1)", 31, 1 },
		{ "20/01/2025", "2025-01-21", "tanggal 20/01/2025 is 1 day "
		    "before the export's date", 0, 0 },
	};
	struct app a;
	struct nerr e;
	struct date ex;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		base(&a, "sktm");
		a.v[F("tanggal")] = cases[i].tanggal;
		assert_int_equal(date_parse(cases[i].export, &ex), 0);
		a.export = &ex;
		k.tgl_sebelum = cases[i].before;
		k.tgl_sesudah = cases[i].after;
		memset(&e, 0, sizeof(e));
		if (cases[i].msg == NULL) {
			if (check_app(&a, &k, ss, &e) != APP_COMPLETE)
				fail_msg("%s in %s: %s", cases[i].tanggal,
				    cases[i].export, e.msg);
			continue;
		}
		assert_int_equal(check_app(&a, &k, ss, &e), APP_MALFORMED);
		assert_int_equal(e.status, EX_DATAERR);
		assert_int_equal(e.line, 7);
		assert_int_equal(e.col, F("tanggal") + 1);
		assert_string_equal(e.msg, cases[i].msg);
	}
	k.tgl_sebelum = k.tgl_sesudah = 0;
}

static void
t_sops(void **state)
{
	struct kantor k2 = k;
	struct nerr e;
	const struct sop *s = sop_find(ss, "kk");

	(void)state;
	assert_int_equal(check_sops(ck, ss, &k, &e), 0);
	k2.npj = 2;	/* camat and sekcam only: no kasi_tapem for kk */
	memset(&e, 0, sizeof(e));
	assert_int_equal(check_sops(ck, ss, &k2, &e), -1);
	assert_int_equal(e.status, EX_CONFIG);
	assert_string_equal(e.file, s->path);
	assert_int_equal(e.line, s->signer_line);
	assert_non_null(strstr(e.msg, "penandatangan jabatan=\"kasi_tapem\""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_complete),
		cmocka_unit_test(t_malformed),
		cmocka_unit_test(t_warning),
		cmocka_unit_test(t_persyaratan),
		cmocka_unit_test(t_messages),
		cmocka_unit_test(t_window),
		cmocka_unit_test(t_sops),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
