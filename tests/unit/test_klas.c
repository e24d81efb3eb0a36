/* test_klas.c -- the classification list: the shipped one loads whole
 * with its version and retention; a look-up; a code not in it is named
 * with where it was used and the nearest code above; every flaw of a
 * list is refused with its line; the office check finds a wrong code in
 * an SOP and applies and checks kantor.xml's overrides. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "kantor.h"
#include "klas.h"
#include "sop.h"

static struct klas *shipped;

static int
setup(void **state)
{
	struct nerr e = { 0 };

	(void)state;
	if ((shipped = klas_load("templates/klasifikasi", &e)) == NULL)
		fprintf(stderr, "%s:%ld: %s\n", e.file, e.line, e.msg);
	return shipped == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	klas_free(shipped);
	return 0;
}

static void
t_shipped(void **state)
{
	const struct klas_entry *en;

	(void)state;
	assert_int_equal(klas_count(shipped), 2976);
	assert_string_equal(klas_version(shipped), "83/2022-r1");
	en = klas_find(shipped, "400.12.2.1");
	assert_non_null(en);
	assert_string_equal(en->uraian, "Identitas Penduduk");
	assert_string_equal(en->aktif, "2 Tahun");
	assert_string_equal(en->inaktif, "3 Tahun");
	assert_string_equal(en->akhir, "Permanen");
	assert_false(en->heading);
	en = klas_find(shipped, "400.12.2");
	assert_non_null(en);
	assert_true(en->heading);
	assert_string_equal(en->aktif, "");
	/* The first and the last row, quoted fields kept whole. */
	assert_non_null(klas_find(shipped, "000.1"));
	en = klas_find(shipped, "000.1.4");
	assert_non_null(en);
	assert_non_null(strstr(en->uraian, "Ruang Rapat, Gedung, Kendaraan"));
	assert_null(klas_find(shipped, "065"));
	assert_null(klas_find(shipped, "400"));	/* the title, not a row */
	assert_null(klas_find(shipped, "400.12.2.1.1"));
	assert_null(klas_find(shipped, ""));
	assert_null(klas_find(shipped, NULL));
}

static void
t_check(void **state)
{
	struct nerr e = { 0 };

	(void)state;
	assert_int_equal(klas_check(shipped, "400.12.2.1", "x.xml", 3, &e),
	    0);
	assert_int_equal(klas_check(shipped, "400.12.9.4", "sop/kk.xml", 9,
	    &e), -1);
	assert_int_equal(e.status, EX_CONFIG);
	assert_string_equal(e.file, "sop/kk.xml");
	assert_int_equal(e.line, 9);
	assert_non_null(strstr(e.msg, "\"400.12.9.4\""));
	assert_non_null(strstr(e.msg, "nearest above it is 400.12 "
	    "KEPENDUDUKAN"));
	assert_non_null(strstr(e.msg, "83/2022-r1"));
	memset(&e, 0, sizeof(e));
	assert_int_equal(klas_check(shipped, "065", "a.xml", 25, &e), -1);
	assert_int_equal(e.line, 25);
	assert_null(strstr(e.msg, "nearest"));
	memset(&e, 0, sizeof(e));
	assert_int_equal(klas_check(shipped, "", "a.xml", 2, &e), -1);
	assert_int_equal(e.status, EX_CONFIG);
	assert_int_equal(klas_check(shipped, NULL, "a.xml", 2, &e), -1);
}

/* A list in a folder of its own: its rows after the header, its version
 * (NULL: no versi file). */
static const char *
mklist(const char *rows, const char *versi)
{
	static char dir[64];
	char path[128];
	FILE *fp;

	snprintf(dir, sizeof(dir), "/tmp/test_klas.%ld", (long)getpid());
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/klasifikasi.csv", dir);
	fp = fopen(path, "w");
	fputs(rows, fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/versi", dir);
	unlink(path);
	if (versi != NULL) {
		fp = fopen(path, "w");
		fputs(versi, fp);
		fclose(fp);
	}
	return dir;
}

static void
rmlist(const char *dir)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/klasifikasi.csv", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/versi", dir);
	unlink(path);
	rmdir(dir);
}

#define HDR "kode,uraian,retensi_aktif,retensi_inaktif,status_akhir\n"
#define OKROWS HDR "100.1,PEMERINTAHAN,,,\n100.1.1,\"Satu, dua\",2 Tahun," \
    "3 Tahun,Musnah\n"

/* Loads rows; expects a refusal on line, its message holding what. */
static void
refused(const char *rows, const char *versi, long line, const char *what)
{
	struct nerr e = { 0 };
	const char *dir = mklist(rows, versi);
	struct klas *k = klas_load(dir, &e);

	if (k != NULL || e.line != line || strstr(e.msg, what) == NULL)
		fprintf(stderr, "expected line %ld \"%s\", got %s:%ld: %s\n",
		    line, what, e.file, e.line, e.msg);
	assert_null(k);
	assert_int_equal(e.status, EX_CONFIG);
	assert_int_equal(e.line, line);
	assert_non_null(strstr(e.msg, what));
	rmlist(dir);
}

static void
t_good_list(void **state)
{
	struct nerr e = { 0 };
	const char *dir = mklist(OKROWS, "test-1\n");
	struct klas *k = klas_load(dir, &e);

	(void)state;
	assert_non_null(k);
	assert_int_equal(klas_count(k), 2);
	assert_string_equal(klas_version(k), "test-1");
	assert_string_equal(klas_find(k, "100.1.1")->uraian, "Satu, dua");
	assert_int_equal(klas_find(k, "100.1.1")->line, 3);
	klas_free(k);
	rmlist(dir);
}

static void
t_bad_lists(void **state)
{
	(void)state;
	refused(OKROWS "100.1.1,Lagi,1 Tahun,1 Tahun,Musnah\n", "v1", 4,
	    "code 100.1.1 twice (first on line 3)");
	refused(OKROWS "100.2.1,Yatim,1 Tahun,1 Tahun,Musnah\n", "v1", 4,
	    "no parent code for 100.2.1");
	refused(OKROWS "100.1.1.1,Anak,1 Tahun,1 Tahun,Musnah\n", "v1", 3,
	    "a heading (it has codes under it) has no retention");
	refused(OKROWS "100.1.2,Tanpa,,,\n", "v1", 4, "no retention for "
	    "100.1.2");
	refused(OKROWS "100.1.2,Separuh,1 Tahun,,Musnah\n", "v1", 4,
	    "retention needs all");
	refused(OKROWS "100.01.2,Nol,1 Tahun,1 Tahun,Musnah\n", "v1", 4,
	    "not a code");
	refused(OKROWS "10.1,Pendek,1 Tahun,1 Tahun,Musnah\n", "v1", 4,
	    "not a code");
	refused(OKROWS "100.1.3.,Titik,1 Tahun,1 Tahun,Musnah\n", "v1", 4,
	    "not a code");
	refused(OKROWS "100.1.4,,1 Tahun,1 Tahun,Musnah\n", "v1", 4,
	    "no uraian");
	refused("kode,uraian,aktif,inaktif,akhir\n100.1,A,,,\n", "v1", 1,
	    "the header must be");
	refused("kode,uraian\n100.1,A\n", "v1", 1, "the header must be");
	refused(HDR, "v1", 0, "no codes");
	refused(OKROWS, NULL, 0, "cannot read");
	refused(OKROWS, "two words\n", 1, "the version must be");
	refused(OKROWS, "\n", 1, "the version must be");
}

/* The office check over the shipped SOPs, with overrides as kantor.xml
 * gives them. */
static void
t_office(void **state)
{
	struct nerr e = { 0 };
	struct sop_set *ss = sop_load_dir("templates/sop",
	    "templates/schema/sop.rng", &e);
	struct kantor_klas ov[3];
	struct kantor kt;
	const struct sop *s;

	(void)state;
	assert_non_null(ss);
	memset(&kt, 0, sizeof(kt));
	kt.path = "kantor.xml";
	assert_int_equal(klas_office(shipped, &kt, ss, "templates/laporan",
	    &e), 0);
	/* Every document of every SOP, the unnumbered ones too, has a code
	 * of the list. */
	for (size_t i = 0; (s = sop_any(ss, i)) != NULL; i++)
		for (size_t j = 0; j < s->ndoc; j++) {
			assert_non_null(s->doc[j].klasifikasi);
			assert_non_null(klas_find(shipped,
			    s->doc[j].klasifikasi));
		}
	/* The return notice is filed with its service. */
	s = sop_find(ss, "kk");
	assert_string_equal(s->doc[1].jenis, "kembali");
	assert_string_equal(s->doc[1].klasifikasi, s->doc[0].klasifikasi);

	memset(ov, 0, sizeof(ov));
	ov[0] = (struct kantor_klas){ "kk", "surat", NULL, "400.12.2.2", 20 };
	ov[1] = (struct kantor_klas){ NULL, NULL, "kesra", "400.9.14.5", 21 };
	kt.klas = ov;
	kt.nklas = 2;
	assert_int_equal(klas_office(shipped, &kt, ss, "templates/laporan",
	    &e), 0);
	s = sop_find(ss, "kk");
	assert_string_equal(s->doc[0].klasifikasi, "400.12.2.2");
	assert_string_equal(s->doc[1].klasifikasi, "400.12.2.1");
	assert_string_equal(klas_laporan(&kt, "kesra", "x"), "400.9.14.5");
	assert_string_equal(klas_laporan(&kt, "ekbang", "x"), "x");

	/* An override's code not in the list; a service or report that
	 * does not exist. */
	ov[2] = (struct kantor_klas){ "ktp", NULL, NULL, "400.12.99", 22 };
	kt.nklas = 3;
	assert_int_equal(klas_office(shipped, &kt, ss, "templates/laporan",
	    &e), -1);
	assert_string_equal(e.file, "kantor.xml");
	assert_int_equal(e.line, 22);
	ov[2] = (struct kantor_klas){ "kkk", NULL, NULL, "400.12.2.1", 23 };
	assert_int_equal(klas_office(shipped, &kt, ss, "templates/laporan",
	    &e), -1);
	assert_int_equal(e.line, 23);
	assert_non_null(strstr(e.msg, "no such service"));
	ov[2] = (struct kantor_klas){ "kk", "surat_lain", NULL, "400.12.2.1",
	    24 };
	assert_int_equal(klas_office(shipped, &kt, ss, "templates/laporan",
	    &e), -1);
	assert_int_equal(e.line, 24);
	ov[2] = (struct kantor_klas){ NULL, NULL, "bulanan", "400.12.2.1",
	    25 };
	assert_int_equal(klas_office(shipped, &kt, ss, "templates/laporan",
	    &e), -1);
	assert_int_equal(e.line, 25);
	assert_non_null(strstr(e.msg, "no such report"));
	sop_set_free(ss);

	/* A wrong code in an SOP file: its file and the dokumen's line. */
	ss = sop_load_dir("templates/sop", "templates/schema/sop.rng", &e);
	assert_non_null(ss);
	kt.nklas = 0;
	sop_klasifikasi(ss, "sktm", "surat", "400.9.99");
	memset(&e, 0, sizeof(e));
	assert_int_equal(klas_office(shipped, &kt, ss, "templates/laporan",
	    &e), -1);
	assert_non_null(strstr(e.file, "sktm.xml"));
	assert_true(e.line > 1);
	assert_non_null(strstr(e.msg, "\"400.9.99\""));
	sop_set_free(ss);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_shipped),
		cmocka_unit_test(t_check),
		cmocka_unit_test(t_good_list),
		cmocka_unit_test(t_bad_lists),
		cmocka_unit_test(t_office),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
