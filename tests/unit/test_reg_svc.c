/* test_reg_svc.c -- reg_svc_each through reg.h alone, against a temporary
 * register: the month's applications (not its complaints, not another
 * month's) in date and register-number order, empty columns as "",
 * stopping when asked. */
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

	snprintf(dir, sizeof(dir), "/tmp/naskah-test-reg-svc.XXXXXX");
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
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	rmdir(dir);
	return 0;
}

static void
put(struct reg *r, const char *no, const char *tgl, const char *layanan,
    const char *status, const char *missing, const char *jam,
    const char *selesai, const char *petugas)
{
	struct nerr e = { 0 };
	struct reg_appin a = { 2025, no, tgl, layanan, "3503131403820559",
	    "X", "35.03.13.2006", "{}", "2:00", "f.csv", status, missing, "",
	    jam, selesai, petugas, 1, 0 };
	long id;

	if (reg_app_put(r, &a, &id, &e) != 0)
		fail_msg("put %s: %s", no, e.msg);
}

struct seen {
	char	 text[2048];
	int	 n, stop;
};

static int
see(const struct reg_svcrow *row, void *arg)
{
	struct seen *s = arg;
	size_t l = strlen(s->text);

	snprintf(s->text + l, sizeof(s->text) - l, "%s %s %s %s [%s] %s-%s "
	    "[%s]\n", row->no_register, row->tanggal, row->layanan,
	    row->status, row->missing, row->jam, row->jam_selesai,
	    row->petugas);
	return ++s->n == s->stop;
}

static void
t_month(void **state)
{
	struct reg *r = *state;
	struct nerr e = { 0 };
	struct seen s = { "", 0, 0 };

	put(r, "R-3", "2025-01-21", "ktp", "complete", "", "08:00", "08:20",
	    "Dwi");
	put(r, "R-1", "2025-01-21", "kk", "incomplete", "formulir_kk", "09:00",
	    NULL, NULL);
	put(r, "R-2", "2025-01-20", "sktm", "complete", "", NULL, NULL, "Eko");
	put(r, "R-4", "2025-01-22", "pengaduan", "pengaduan", "", "10:00",
	    "10:30", "Eko");
	put(r, "R-5", "2025-02-03", "kk", "complete", "", "08:00", "08:10",
	    "Eko");
	put(r, "R-6", "2024-12-31", "kk", "complete", "", "08:00", "08:10",
	    "Eko");
	assert_int_equal(reg_svc_each(r, "2025-01", see, &s, &e), 0);
	assert_string_equal(s.text,
	    "R-2 2025-01-20 sktm complete [] - [Eko]\n"
	    "R-1 2025-01-21 kk incomplete [formulir_kk] 09:00- []\n"
	    "R-3 2025-01-21 ktp complete [] 08:00-08:20 [Dwi]\n");
	/* Stopped after the first. */
	memset(&s, 0, sizeof(s));
	s.stop = 1;
	assert_int_equal(reg_svc_each(r, "2025-01", see, &s, &e), 0);
	assert_int_equal(s.n, 1);
	/* A month without any. */
	memset(&s, 0, sizeof(s));
	assert_int_equal(reg_svc_each(r, "2025-03", see, &s, &e), 0);
	assert_int_equal(s.n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(t_month, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
