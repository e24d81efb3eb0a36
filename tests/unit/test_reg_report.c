/* test_reg_report.c -- the register's desa data and monthly reports
 * through reg.h alone, against a temporary register: figures stored,
 * read back in desa code order, replaced; the latest revision of a
 * report with its document's path; what the keys refuse. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "reg.h"

static char dir[64], path[128];

static int
setup(void **state)
{
	struct nerr e = { 0 };

	snprintf(dir, sizeof(dir), "/tmp/naskah-test-reg-report.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/register.db", dir);
	if ((*state = reg_create(path, "35.03.13", &e)) == NULL) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	char p[160];

	reg_close(*state);
	/* WAL leaves its side files until the last close. */
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	rmdir(dir);
	return 0;
}

/* What reg_ddata_each visits, as "kode indikator nilai" lines. */
struct seen {
	char	 text[1024];
	int	 n, stop;
};

static int
see(const char *kode, const char *ind, uint64_t v, void *arg)
{
	struct seen *s = arg;
	size_t len = strlen(s->text);

	snprintf(s->text + len, sizeof(s->text) - len, "%s %s %ju\n", kode,
	    ind, (uintmax_t)v);
	return ++s->n == s->stop;
}

static const char *const ind[] = { "patroli", "bencana" };

static void
put(struct reg *r, const char *bulan, const char *bagian, const char *kode,
    uint64_t a, uint64_t b, const char *ket)
{
	struct nerr e = { 0 };
	uint64_t v[2] = { a, b };
	const char *k[2] = { ket, NULL };
	struct reg_ddata dd = { bulan, bagian, kode, ind, v, k, 2 };

	assert_int_equal(reg_ddata_put(r, &dd, &e), 0);
}

static void
t_ddata(void **state)
{
	struct reg *r = *state;
	struct nerr e = { 0 };
	struct seen s = { "", 0, 0 };

	assert_int_equal(reg_ddata_each(r, "2025-01", "trantibum", see, &s,
	    &e), 0);
	assert_int_equal(s.n, 0);
	/* Out of code order, another section, another month. */
	put(r, "2025-01", "trantibum", "35.03.13.2002", 12, 0, "termasuk "
	    "patroli gabungan");
	put(r, "2025-01", "trantibum", "35.03.13.2001", 999999999999999ULL,
	    3, NULL);
	put(r, "2025-01", "kesra", "35.03.13.2001", 7, 7, NULL);
	put(r, "2024-12", "trantibum", "35.03.13.2001", 1, 1, NULL);
	assert_int_equal(reg_ddata_each(r, "2025-01", "trantibum", see, &s,
	    &e), 1);
	assert_string_equal(s.text,
	    "35.03.13.2001 bencana 3\n"
	    "35.03.13.2001 patroli 999999999999999\n"
	    "35.03.13.2002 bencana 0\n"
	    "35.03.13.2002 patroli 12\n");
	/* The visitor stops it. */
	memset(&s, 0, sizeof(s));
	s.stop = 1;
	assert_int_equal(reg_ddata_each(r, "2025-01", "trantibum", see, &s,
	    &e), 1);
	assert_int_equal(s.n, 1);
	/* A figure stored twice is refused, as the register's error. */
	struct reg_ddata dd = { "2025-01", "kesra", "35.03.13.2001", ind,
	    (uint64_t[]){ 1, 1 }, NULL, 2 };
	assert_int_equal(reg_ddata_put(r, &dd, &e), -1);
	assert_int_equal(e.status, EX_SOFTWARE);
	assert_non_null(strstr(e.msg, "desa data"));
	/* Cleared: that month and section only. */
	assert_int_equal(reg_ddata_clear(r, "2025-01", "trantibum", &e), 0);
	memset(&s, 0, sizeof(s));
	assert_int_equal(reg_ddata_each(r, "2025-01", "trantibum", see, &s,
	    &e), 0);
	assert_int_equal(reg_ddata_each(r, "2025-01", "kesra", see, &s, &e),
	    1);
	assert_int_equal(reg_ddata_each(r, "2024-12", "trantibum", see, &s,
	    &e), 1);
	assert_string_equal(s.text,
	    "35.03.13.2001 bencana 7\n"
	    "35.03.13.2001 patroli 7\n"
	    "35.03.13.2001 bencana 1\n"
	    "35.03.13.2001 patroli 1\n");
	/* And stored again after the clear. */
	put(r, "2025-01", "trantibum", "35.03.13.2003", 4, 5, NULL);
	memset(&s, 0, sizeof(s));
	assert_int_equal(reg_ddata_each(r, "2025-01", "trantibum", see, &s,
	    &e), 1);
	assert_string_equal(s.text, "35.03.13.2003 bencana 5\n"
	    "35.03.13.2003 patroli 4\n");
}

static void
t_report(void **state)
{
	struct reg *r = *state;
	struct nerr e = { 0 };
	struct reg_report out;
	struct reg_doc doc = { .kind = "laporan", .path =
	    "laporan/2025/2025-01_kesra_r1_00002.pdf", .size = 100, .sha =
	    "ab", .created = "2025-02-05" };
	struct reg_reportin in = { "2025-01", "kesra", 1, "sha-1",
	    "400/0002/406.13/2025", NULL, doc.path };

	assert_int_equal(reg_report_latest(r, "2025-01", "kesra", &out, &e),
	    0);
	assert_int_equal(out.revision, 0);
	assert_int_equal(reg_doc_add(r, &doc, &e), 0);
	assert_int_equal(reg_report_add(r, &in, &e), 0);
	assert_int_equal(reg_report_latest(r, "2025-01", "kesra", &out, &e),
	    1);
	assert_int_equal(out.revision, 1);
	assert_string_equal(out.sha, "sha-1");
	assert_string_equal(out.nomor, "400/0002/406.13/2025");
	assert_string_equal(out.path, doc.path);
	/* Another month or section has none. */
	assert_int_equal(reg_report_latest(r, "2025-02", "kesra", &out, &e),
	    0);
	assert_int_equal(reg_report_latest(r, "2025-01", "tapem", &out, &e),
	    0);
	/* A revision is the latest, even one whose file is not recorded. */
	struct reg_reportin in2 = { "2025-01", "kesra", 2, "sha-2",
	    "400/0005/406.13/2025", "400/0002/406.13/2025",
	    "laporan/none.pdf" };
	assert_int_equal(reg_report_add(r, &in2, &e), 0);
	assert_int_equal(reg_report_latest(r, "2025-01", "kesra", &out, &e),
	    1);
	assert_int_equal(out.revision, 2);
	assert_string_equal(out.sha, "sha-2");
	assert_string_equal(out.nomor, "400/0005/406.13/2025");
	assert_string_equal(out.path, "");
	/* The same revision twice is refused. */
	assert_int_equal(reg_report_add(r, &in2, &e), -1);
	assert_non_null(strstr(e.msg, "record report"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(t_ddata, setup, teardown),
		cmocka_unit_test_setup_teardown(t_report, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
