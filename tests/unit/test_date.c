/* test_date.c -- date parsing, validity and formatting: the leap days, each
 * accepted form and the near misses a front desk actually types. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "date.h"

/* Parses s and expects it to be y-m-d. */
static void
parses(const char *s, int y, int m, int d)
{
	struct date dt = { 0, 0, 0 };

	if (date_parse(s, &dt) != 0)
		fail_msg("\"%s\" refused", s);
	if (dt.y != y || dt.m != m || dt.d != d)
		fail_msg("\"%s\" -> %d-%d-%d, want %d-%d-%d", s, dt.y, dt.m,
		    dt.d, y, m, d);
}

static void
refused(const char *s)
{
	struct date dt = { 7, 7, 7 };

	if (date_parse(s, &dt) != -1)
		fail_msg("\"%s\" accepted as %d-%d-%d", s, dt.y, dt.m, dt.d);
	/* A refused date must not leave half a value behind. */
	assert_int_equal(dt.y, 7);
	assert_int_equal(dt.m, 7);
	assert_int_equal(dt.d, 7);
}

static void
t_valid(void **state)
{
	(void)state;
	assert_true(date_valid(2024, 2, 29));
	assert_false(date_valid(2025, 2, 29));
	assert_false(date_valid(1900, 2, 29));	/* century, not leap */
	assert_true(date_valid(2000, 2, 29));	/* 400-year, leap */
	assert_false(date_valid(2100, 2, 29));
	assert_true(date_valid(2025, 2, 28));
	assert_true(date_valid(2025, 1, 31));
	assert_false(date_valid(2025, 4, 31));
	assert_true(date_valid(2025, 12, 31));
	assert_false(date_valid(2025, 13, 1));
	assert_false(date_valid(2025, 0, 1));
	assert_false(date_valid(2025, 1, 0));
	assert_false(date_valid(2025, 1, 32));
	assert_true(date_valid(1900, 1, 1));
	assert_false(date_valid(1899, 12, 31));
	assert_true(date_valid(2199, 12, 31));
	assert_false(date_valid(2200, 1, 1));
	assert_false(date_valid(-2025, 1, 1));
}

static void
t_parse_forms(void **state)
{
	(void)state;
	parses("2025-01-20", 2025, 1, 20);
	parses("20/01/2025", 2025, 1, 20);
	parses("20-01-2025", 2025, 1, 20);
	parses("  2025-01-20 ", 2025, 1, 20);
	parses("\t20/01/2025\t", 2025, 1, 20);
	parses("5/1/2025", 2025, 1, 5);
	parses("05/1/2025", 2025, 1, 5);
	parses("5/01/2025", 2025, 1, 5);
	parses("20-1-2025", 2025, 1, 20);
	parses("2024-02-29", 2024, 2, 29);
	parses("29/02/2000", 2000, 2, 29);
	parses("31/12/2199", 2199, 12, 31);
	parses("01-01-1900", 1900, 1, 1);
}

static void
t_parse_bad(void **state)
{
	(void)state;
	refused("");
	refused("   ");
	refused(NULL);
	refused("2025-13-01");
	refused("2025-00-10");
	refused("2025-02-29");
	refused("29/02/1900");
	refused("32/01/2025");
	refused("00/01/2025");
	refused("31/04/2025");
	refused("2025/01/20");		/* slashes only day-first */
	refused("2025-1-20");		/* ISO has two-digit fields */
	refused("2025-01-2");
	refused("20/01-2025");		/* mixed separators */
	refused("20-01/2025");
	refused("20.01.2025");
	refused("20/01/25");		/* two-digit year */
	refused("20/01/02025");
	refused("020/01/2025");
	refused("2025-01-20x");
	refused("2025-01-20 x");
	refused("x2025-01-20");
	refused("2025-01-20T00:00");
	refused("2025-01");
	refused("2025-01-");
	refused("20/01/");
	refused("20/01");
	refused("1899-12-31");
	refused("2200-01-01");
	refused("+2025-01-20");
	refused("2025-+1-20");
	refused("20 Januari 2025");
	refused("2025 -01-20");
}

static void
t_format(void **state)
{
	struct date d = { 2025, 1, 20 }, d2 = { 2024, 12, 5 };
	char buf[64];

	(void)state;
	date_iso(&d, buf, sizeof(buf));
	assert_string_equal(buf, "2025-01-20");
	date_iso(&d2, buf, sizeof(buf));
	assert_string_equal(buf, "2024-12-05");
	date_format_id(&d, buf, sizeof(buf));
	assert_string_equal(buf, "20 Januari 2025");
	date_format_id(&d2, buf, sizeof(buf));
	assert_string_equal(buf, "5 Desember 2024");
	d2.m = 8;
	date_format_id(&d2, buf, sizeof(buf));
	assert_string_equal(buf, "5 Agustus 2024");
	/* Truncation stays terminated and in bounds. */
	date_format_id(&d, buf, 6);
	assert_string_equal(buf, "20 Ja");
	date_iso(&d, buf, 5);
	assert_string_equal(buf, "2025");
}

static void
t_months(void **state)
{
	static const char *const want[12] = {
		"Januari", "Februari", "Maret", "April", "Mei", "Juni",
		"Juli", "Agustus", "September", "Oktober", "November",
		"Desember"
	};

	(void)state;
	for (int m = 1; m <= 12; m++)
		assert_string_equal(date_month_id(m), want[m - 1]);
	assert_null(date_month_id(0));
	assert_null(date_month_id(13));
	assert_null(date_month_id(-1));
}

static void
t_cmp_days(void **state)
{
	struct date a = { 2025, 1, 20 }, b = { 2025, 1, 21 }, c = { 2024, 12,
	    31 }, e = { 1970, 1, 1 }, f = { 2000, 3, 1 }, g = { 2000, 2, 28 },
	    h = { 1900, 1, 1 }, i = { 2025, 2, 1 };

	(void)state;
	assert_true(date_cmp(&a, &b) < 0);
	assert_true(date_cmp(&b, &a) > 0);
	assert_int_equal(date_cmp(&a, &a), 0);
	assert_true(date_cmp(&c, &a) < 0);
	assert_true(date_cmp(&i, &b) > 0);	/* month beats day */
	assert_int_equal(date_days(&e), 0);
	assert_int_equal(date_days(&a), 20108);	/* date -d 2025-01-20 +%s / 86400 */
	assert_int_equal(date_days(&b) - date_days(&a), 1);
	assert_int_equal(date_days(&a) - date_days(&c), 20);
	assert_int_equal(date_days(&f) - date_days(&g), 2);	/* 29 Feb 2000 */
	assert_int_equal(date_days(&h), -25567);
}

static void
t_hhmm(void **state)
{
	int m = -1;

	(void)state;
	assert_int_equal(date_parse_hhmm("08:05", &m), 0);
	assert_int_equal(m, 485);
	assert_int_equal(date_parse_hhmm("00:00", &m), 0);
	assert_int_equal(m, 0);
	assert_int_equal(date_parse_hhmm("23:59", &m), 0);
	assert_int_equal(m, 1439);
	assert_int_equal(date_parse_hhmm(" 8:05 ", &m), 0);
	assert_int_equal(m, 485);
	m = -1;
	assert_int_equal(date_parse_hhmm("24:00", &m), -1);
	assert_int_equal(date_parse_hhmm("12:60", &m), -1);
	assert_int_equal(date_parse_hhmm("12:5", &m), -1);
	assert_int_equal(date_parse_hhmm("12.05", &m), -1);
	assert_int_equal(date_parse_hhmm("123:05", &m), -1);
	assert_int_equal(date_parse_hhmm("12:05:00", &m), -1);
	assert_int_equal(date_parse_hhmm(":05", &m), -1);
	assert_int_equal(date_parse_hhmm("", &m), -1);
	assert_int_equal(date_parse_hhmm("12:", &m), -1);
	assert_int_equal(date_parse_hhmm(NULL, &m), -1);
	assert_int_equal(m, -1);
	assert_int_equal(date_parse_hhmm("07:30", NULL), 0);
}

static void
t_month(void **state)
{
	int y = 0, m = 0;

	(void)state;
	assert_int_equal(date_parse_month("2025-01", &y, &m), 0);
	assert_int_equal(y, 2025);
	assert_int_equal(m, 1);
	assert_int_equal(date_parse_month("1999-12", &y, &m), 0);
	assert_int_equal(y, 1999);
	assert_int_equal(m, 12);
	y = m = 0;
	assert_int_equal(date_parse_month("2025-13", &y, &m), -1);
	assert_int_equal(date_parse_month("2025-00", &y, &m), -1);
	assert_int_equal(date_parse_month("2025-1", &y, &m), -1);
	assert_int_equal(date_parse_month("2025/01", &y, &m), -1);
	assert_int_equal(date_parse_month("01-2025", &y, &m), -1);
	assert_int_equal(date_parse_month("2025-01-20", &y, &m), -1);
	assert_int_equal(date_parse_month("1899-12", &y, &m), -1);
	assert_int_equal(date_parse_month("", &y, &m), -1);
	assert_int_equal(y, 0);
	assert_int_equal(m, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_valid),
		cmocka_unit_test(t_parse_forms),
		cmocka_unit_test(t_parse_bad),
		cmocka_unit_test(t_format),
		cmocka_unit_test(t_months),
		cmocka_unit_test(t_cmp_days),
		cmocka_unit_test(t_hhmm),
		cmocka_unit_test(t_month),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
