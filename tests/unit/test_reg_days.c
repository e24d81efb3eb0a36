/* test_reg_days.c -- what the missing-export check reads from the
 * register, through reg.h alone: the day it serves from (set once by
 * init, refused after the first import; the region code stays fixed) and
 * the newest register export processed. */
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

	snprintf(dir, sizeof(dir), "/tmp/naskah-test-reg-days.XXXXXX");
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
t_since(void **state)
{
	struct reg *r = *state;
	struct nerr e = { 0 };
	char buf[32];

	/* Made today: a date, whatever the stamp's form. */
	assert_int_equal(reg_office_since(r, buf, sizeof(buf), &e), 1);
	assert_int_equal(strlen(buf), 10);
	assert_int_equal(buf[4], '-');
	assert_int_equal(reg_office_set_since(r, "2025-01-02", &e), 0);
	assert_int_equal(reg_office_since(r, buf, sizeof(buf), &e), 1);
	assert_string_equal(buf, "2025-01-02");
	assert_string_equal(reg_office(r), "35.03.13");
	/* Once an export is in, the day it serves from is history. */
	assert_int_equal(reg_import_mark(r, "2025-01-02.csv", "ab", 1, 0,
	    &e), 0);
	assert_int_equal(reg_office_set_since(r, "2024-01-01", &e), -1);
	assert_non_null(strstr(e.msg, "imported"));
	assert_int_equal(reg_office_since(r, buf, sizeof(buf), &e), 1);
	assert_string_equal(buf, "2025-01-02");
}

static void
t_newest(void **state)
{
	struct reg *r = *state;
	struct nerr e = { 0 };
	char buf[32] = "x";

	assert_int_equal(reg_import_newest(r, buf, sizeof(buf), &e), 0);
	assert_string_equal(buf, "");
	assert_int_equal(reg_import_mark(r, "2025-01-20.csv", "a", 1, 0, &e),
	    0);
	assert_int_equal(reg_import_mark(r, "2025-01-22.csv", "b", 1, 0, &e),
	    0);
	assert_int_equal(reg_import_mark(r, "2025-01-21.csv", "c", 1, 0, &e),
	    0);
	/* Other inputs are not register exports. */
	assert_int_equal(reg_import_mark(r, "tindak-lanjut/2025-02-01.csv",
	    "d", 1, 0, &e), 0);
	assert_int_equal(reg_import_mark(r, "2025-03-01-koreksi.csv", "e", 1,
	    0, &e), 0);
	assert_int_equal(reg_import_newest(r, buf, sizeof(buf), &e), 1);
	assert_string_equal(buf, "2025-01-22");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(t_since, setup, teardown),
		cmocka_unit_test_setup_teardown(t_newest, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
