/* test_aduan.c -- complaints below the driver: the follow-up reader
 * (tlanjut.h), the register's complaint block (reg.h: a complaint, its
 * steps in order, its outcome once, the month's list) and the pengaduan
 * SOPs as data (sop.h: variants, steps, closing step). */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reg.h"
#include "sop.h"
#include "tlanjut.h"

static struct tl *
open_s(const char *s, struct nerr *e)
{
	return tl_open_mem("t.csv", s, strlen(s), e);
}

static void
t_reader(void **state)
{
	static const char csv[] =
	    "\xef\xbb\xbfLANGKAH;No_Register;tanggal;jam;catatan;hasil;"
	    "warna\r\n"
	    "7;R1;20/01/2025;09:05;\"kata \"\"sepakat\"\" & <ya>\";;x\r\n"
	    "10;R1;2025-01-21;9:30;;musyawarah;\r\n"
	    "0;R1;2025-01-21;09:30;;;\r\n"
	    "3;;2025-01-21;09:30;;;\r\n"
	    "3;R1;2025-01-21;24:00;;;\r\n"
	    "3;R1;21-13-2025;09:30;;;\r\n"
	    "3;R1;2025-01-21;09:30;;selesai;\r\n"
	    "3;R1;2025-01-21;09:30;\xe2\x9c\x93;;\r\n";
	static const int col[] = { 1, 2, 4, 3, 6, 5 };
	struct nerr e = { 0 };
	struct tl_row r;
	struct tl *t;

	(void)state;
	t = open_s(csv, &e);
	assert_non_null(t);
	assert_non_null(tl_warning(t, 0));	/* warna */
	assert_non_null(strstr(tl_warning(t, 0)->msg, "warna"));
	assert_int_equal(tl_next(t, &r, &e), 1);
	assert_int_equal(r.line, 2);
	assert_int_equal(r.langkah, 7);
	assert_int_equal(r.tanggal.d, 20);
	assert_int_equal(r.tahun, 2025);
	assert_int_equal(r.menit, 9 * 60 + 5);
	assert_string_equal(r.v[TL_CATATAN], "kata \"sepakat\" & <ya>");
	assert_string_equal(r.v[TL_HASIL], "");
	assert_int_equal(tl_next(t, &r, &e), 1);
	assert_string_equal(r.v[TL_HASIL], "musyawarah");
	/* Each bad row alone, with its line and column. */
	for (size_t i = 0; i < sizeof(col) / sizeof(col[0]); i++) {
		assert_int_equal(tl_next(t, &r, &e), -1);
		assert_int_equal(e.status, EX_DATAERR);
		assert_int_equal(e.line, (long)i + 4);
		assert_int_equal(e.col, col[i]);
	}
	assert_int_equal(tl_next(t, &r, &e), 0);
	tl_close(t);

	/* tahun given; a missing required column refuses the file. */
	t = open_s("no_register,tahun,langkah,tanggal,jam\nR1,2024,2,"
	    "2025-01-02,08:00\nR1,24,2,2025-01-02,08:00\n", &e);
	assert_non_null(t);
	assert_int_equal(tl_next(t, &r, &e), 1);
	assert_int_equal(r.tahun, 2024);
	assert_int_equal(tl_next(t, &r, &e), -1);
	assert_int_equal(e.col, 2);
	tl_close(t);
	assert_null(open_s("no_register,langkah,tanggal\nR1,2,2025-01-02\n",
	    &e));
	assert_int_equal(e.status, EX_DATAERR);
	assert_non_null(strstr(e.msg, "\"jam\""));
}

struct fx {
	char		 dir[64], path[128];
	struct reg	*r;
	long		 app;
};

static int
fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct nerr e = { 0 };
	struct reg_appin in = { 2025, "P1", "2025-01-20", "pengaduan",
	    "3503130101900001", "Slamet", "35.03.13.2006", "uraian=x\n", "2:x",
	    "r.csv", "pengaduan", "", "", "09:00", "", "Sari", 2, 1 };

	snprintf(f->dir, sizeof(f->dir), "/tmp/test_aduan.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/register.db", f->dir);
	if ((f->r = reg_create(f->path, "35.03.13", &e)) == NULL ||
	    reg_begin(f->r, &e) != 0 ||
	    reg_app_put(f->r, &in, &f->app, &e) != 0 ||
	    reg_commit(f->r, &e) != 0) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;
	char p[200];

	reg_close(f->r);
	for (const char *const *s = (const char *const[]){ "", "-wal", "-shm",
	    NULL }; *s; s++) {
		snprintf(p, sizeof(p), "%s%s", f->path, *s);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static int
count_cb(const struct reg_aduan_step *s, void *arg)
{
	int *n = arg;

	assert_int_equal(s->langkah, *n == 0 ? 1 : *n == 1 ? 3 : 10);
	(*n)++;
	return 0;
}

static int
each_cb(const struct reg_aduan *a, void *arg)
{
	int *n = arg;

	assert_string_equal(a->no_register, "P1");
	(*n)++;
	return 0;
}

static void
t_register(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };
	struct reg_aduan a;
	int n = 0;
	struct reg_aduan_in in = { f->app, "kranggan", "lapor",
	    "2025-01-20 09:00", "2025-01-22 09:27", 1, "Sari", "r.csv", 2, 1 };
	struct reg_aduan_step s3 = { f->app, 3, "2025-01-20 10:00", "Camat",
	    "", NULL, "t.csv", 2, 1 };
	struct reg_aduan_step s2 = { f->app, 2, "2025-01-20 11:00", "Camat",
	    "", NULL, "t.csv", 3, 1 };
	struct reg_aduan_step s10 = { f->app, 10, "2025-02-03 10:00", "Kasi",
	    "", "musyawarah", "t.csv", 4, 1 };

	assert_int_equal(reg_aduan_find(f->r, 2025, "P1", &a, &e), 0);
	assert_int_equal(reg_begin(f->r, &e), 0);
	assert_int_equal(reg_aduan_add(f->r, &in, &e), 0);
	assert_int_equal(reg_aduan_step_add(f->r, &s3, &e), 0);
	/* A step before the last one recorded: the register refuses it. */
	assert_int_equal(reg_savepoint(f->r, &e), 0);
	assert_int_not_equal(reg_aduan_step_add(f->r, &s2, &e), 0);
	assert_int_equal(reg_rollback_to(f->r, &e), 0);
	assert_int_equal(reg_aduan_step_add(f->r, &s10, &e), 0);
	assert_int_equal(reg_aduan_close(f->r, f->app, "musyawarah",
	    "2025-02-03 10:00", &e), 0);
	/* Closed once: never again, never otherwise. */
	assert_int_equal(reg_savepoint(f->r, &e), 0);
	assert_int_not_equal(reg_aduan_close(f->r, f->app, "jalur_hukum",
	    "2025-02-04 10:00", &e), 0);
	assert_int_equal(reg_rollback_to(f->r, &e), 0);
	assert_int_equal(reg_commit(f->r, &e), 0);

	assert_int_equal(reg_aduan_find(f->r, 2025, "P1", &a, &e), 1);
	assert_string_equal(a.varian, "kranggan");
	assert_string_equal(a.saluran, "lapor");
	assert_string_equal(a.batas, "2025-01-22 09:27");
	assert_string_equal(a.hasil, "musyawarah");
	assert_string_equal(a.ditutup, "2025-02-03 10:00");
	assert_int_equal(a.langkah, 10);
	assert_string_equal(a.terakhir, "2025-02-03 10:00");
	assert_int_equal(reg_aduan_steps_each(f->r, f->app, count_cb, &n, &e),
	    0);
	assert_int_equal(n, 3);
	/* Received in January, closed in February: in both months' lists,
	 * in neither December's nor March's. */
	n = 0;
	assert_int_equal(reg_aduan_each(f->r, "2025-01-01", "2025-02-01",
	    each_cb, &n, &e), 0);
	assert_int_equal(reg_aduan_each(f->r, "2025-02-01", "2025-03-01",
	    each_cb, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(reg_aduan_each(f->r, "2024-12-01", "2025-01-01",
	    each_cb, &n, &e), 0);
	assert_int_equal(reg_aduan_each(f->r, "2025-03-01", "2025-04-01",
	    each_cb, &n, &e), 0);
	assert_int_equal(n, 2);
	{
		char *data = NULL, file[64];
		long line = 0;

		assert_int_equal(reg_aduan_app(f->r, f->app, &data, file,
		    sizeof(file), &line, &e), 1);
		assert_string_equal(data, "uraian=x\n");
		assert_string_equal(file, "r.csv");
		assert_int_equal(line, 2);
		free(data);
	}
}

static void
t_sops(void **state)
{
	struct nerr e = { 0 };
	struct sop_set *ss = sop_load_dir("templates/sop",
	    "templates/schema/sop.rng", &e);
	const struct sop *s, *k;

	(void)state;
	assert_non_null(ss);
	/* Kranggan is the default; kantor.xml may pick another. */
	s = sop_find(ss, "pengaduan");
	assert_non_null(s);
	assert_string_equal(s->varian, "kranggan");
	assert_int_equal(s->nstep, 10);
	assert_int_equal(sop_closing(s)->no, 10);
	assert_string_equal(sop_step_no(s, 9)->hasil, "jalur_hukum");
	assert_true(sop_step_no(s, 7)->kesepakatan);
	assert_string_equal(sop_step_no(s, 4)->waktu, "1 hari");
	assert_null(sop_step_no(s, 11));
	assert_int_equal(s->dispo->nkepada, 5);
	assert_int_equal(sop_select(ss, "pengaduan", "selemadeg_timur", &e), 0);
	k = sop_find(ss, "pengaduan");
	assert_string_equal(k->varian, "selemadeg_timur");
	assert_int_equal(sop_closing(k)->no, 8);
	assert_int_equal(k->nsaluran, 6);
	assert_int_equal(k->dispo->nalur, 5);
	assert_string_equal(sop_step_no(k, 7)->waktu, "2 hari");
	/* The others stay reachable (complaints received under them). */
	assert_ptr_equal(sop_variant(ss, "pengaduan", "kranggan"), s);
	assert_non_null(sop_variant(ss, "pengaduan", "kerjo"));
	/* One SOP per layanan to the office. */
	for (size_t i = 0, n = 0; (s = sop_at(ss, i)) != NULL; i++)
		if (strcmp(s->layanan, "pengaduan") == 0)
			assert_int_equal(++n, 1);
	assert_int_not_equal(sop_select(ss, "pengaduan", "mojokerto", &e), 0);
	assert_int_equal(e.status, EX_CONFIG);
	/* Letter services keep their minutes as a time standard. */
	assert_string_equal(sop_find(ss, "kk")->step[0].waktu, "5 menit");
	sop_set_free(ss);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_reader),
		cmocka_unit_test_setup_teardown(t_register, fx_setup,
		    fx_teardown),
		cmocka_unit_test(t_sops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
