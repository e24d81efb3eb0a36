/* test_fmt.c -- Indonesian number formats at their edges (0, 999, 1000,
 * UINT64_MAX, rounding halves) and the counts the desa spreadsheets hold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fmt.h"

static void
thousands_is(uint64_t v, const char *want)
{
	char buf[64];

	fmt_thousands(v, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void
percent_is(uint64_t num, uint64_t den, const char *want)
{
	char buf[64];

	fmt_percent(num, den, buf, sizeof(buf));
	if (strcmp(buf, want) != 0)
		fail_msg("%ju/%ju -> \"%s\", want \"%s\"", (uintmax_t)num,
		    (uintmax_t)den, buf, want);
}

static void
count_is(const char *s, uint64_t want)
{
	uint64_t v = 12345;

	if (fmt_parse_count(s, &v) != 0)
		fail_msg("\"%s\" refused", s);
	if (v != want)
		fail_msg("\"%s\" -> %ju, want %ju", s, (uintmax_t)v,
		    (uintmax_t)want);
}

static void
count_bad(const char *s)
{
	uint64_t v = 12345;

	if (fmt_parse_count(s, &v) != -1)
		fail_msg("\"%s\" accepted as %ju", s ? s : "(null)",
		    (uintmax_t)v);
	assert_int_equal(v, 12345);
}

static void
t_thousands(void **state)
{
	(void)state;
	thousands_is(0, "0");
	thousands_is(7, "7");
	thousands_is(999, "999");
	thousands_is(1000, "1.000");
	thousands_is(10000, "10.000");
	thousands_is(100000, "100.000");
	thousands_is(999999, "999.999");
	thousands_is(1000000, "1.000.000");
	thousands_is(1250000, "1.250.000");
	thousands_is(UINT64_MAX, "18.446.744.073.709.551.615");
}

static void
t_rupiah(void **state)
{
	char buf[64];

	(void)state;
	fmt_rupiah(1250000, buf, sizeof(buf));
	assert_string_equal(buf, "Rp 1.250.000,00");
	fmt_rupiah(0, buf, sizeof(buf));
	assert_string_equal(buf, "Rp 0,00");
	fmt_rupiah(999, buf, sizeof(buf));
	assert_string_equal(buf, "Rp 999,00");
	fmt_rupiah(UINT64_MAX, buf, sizeof(buf));
	assert_string_equal(buf, "Rp 18.446.744.073.709.551.615,00");
	fmt_rupiah_short(1250000, buf, sizeof(buf));
	assert_string_equal(buf, "Rp 1.250.000");
	fmt_rupiah_short(0, buf, sizeof(buf));
	assert_string_equal(buf, "Rp 0");
	fmt_rupiah_short(1000, buf, sizeof(buf));
	assert_string_equal(buf, "Rp 1.000");
}

static void
t_truncate(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	fmt_rupiah(1250000, buf, 6);
	assert_string_equal(buf, "Rp 1.");
	assert_int_equal(buf[6], 'x');
	fmt_thousands(1250000, buf, 4);
	assert_string_equal(buf, "1.2");
	fmt_percent(1, 3, buf, 3);
	assert_string_equal(buf, "33");
	fmt_thousands(5, buf, 1);
	assert_string_equal(buf, "");
}

static void
t_percent(void **state)
{
	(void)state;
	percent_is(0, 0, "-");
	percent_is(5, 0, "-");
	percent_is(0, 7, "0,00%");
	percent_is(1, 1, "100,00%");
	percent_is(8537, 10000, "85,37%");
	percent_is(1, 3, "33,33%");
	percent_is(2, 3, "66,67%");
	percent_is(1, 8, "12,50%");
	/* Halves go up, and only halves. */
	percent_is(1, 20000, "0,01%");		/* exactly 0,005% */
	percent_is(1, 20001, "0,00%");		/* just under the half */
	percent_is(1, 40000, "0,00%");		/* 0,0025% */
	percent_is(12345, 1000000, "1,23%");	/* 1,2345 */
	percent_is(123450, 10000000, "1,23%");
	percent_is(123455, 10000000, "1,23%");	/* 1,23455: not a half */
	percent_is(123500, 10000000, "1,24%");	/* 1,235: half up */
	percent_is(123499, 10000000, "1,23%");
	percent_is(99995, 100000, "100,00%");	/* rounds into the units */
	percent_is(99994, 100000, "99,99%");
	percent_is(3, 2, "150,00%");
	percent_is(25, 2, "1.250,00%");		/* grouped above 999 */
	percent_is(UINT64_MAX, UINT64_MAX, "100,00%");
	percent_is(UINT64_MAX - 1, UINT64_MAX, "100,00%");
	percent_is(UINT64_MAX / 2, UINT64_MAX, "50,00%");
	percent_is(1, UINT64_MAX, "0,00%");
	percent_is(UINT64_MAX, 1,
	    "1.844.674.407.370.955.161.500,00%");
	percent_is(UINT64_MAX, 3, "614.891.469.123.651.720.500,00%");
	percent_is(UINT64_MAX, 2, "922.337.203.685.477.580.750,00%");
	/* den above UINT64_MAX/10: the digit loop must not overflow. */
	percent_is(UINT64_MAX / 3, UINT64_MAX - 5, "33,33%");
}

static void
t_parse(void **state)
{
	(void)state;
	count_is("1.250.000", 1250000);
	count_is("1250000", 1250000);
	count_is(" 1.250.000 ", 1250000);
	count_is("\t42\t", 42);
	count_is("0", 0);
	count_is("000", 0);
	count_is("999", 999);
	count_is("1.000", 1000);
	count_is("12.345", 12345);
	count_is("123.456", 123456);
	count_is("18446744073709551615", UINT64_MAX);
	count_is("18.446.744.073.709.551.615", UINT64_MAX);
	count_bad("18446744073709551616");
	count_bad("18.446.744.073.709.551.616");
	count_bad("99999999999999999999");
	count_bad("184467440737095516150");
	count_bad("");
	count_bad("   ");
	count_bad(NULL);
	count_bad("1,250");
	count_bad("1.250,00");
	count_bad("12.50");
	count_bad("1..000");
	count_bad("1.00");
	count_bad("1.0000");
	count_bad("1234.567");
	count_bad("1.234567");
	count_bad(".100");
	count_bad("100.");
	count_bad("1.000.");
	count_bad("0.100");
	count_bad("01.000");
	count_bad("-5");
	count_bad("+5");
	count_bad("1 250 000");
	count_bad("Rp 1.000");
	count_bad("12a");
	count_bad("1e3");
	count_bad("0x10");
}

static void
t_roman(void **state)
{
	static const char *const want[12] = {
		"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
		"XI", "XII"
	};

	(void)state;
	for (int m = 1; m <= 12; m++)
		assert_string_equal(fmt_roman(m), want[m - 1]);
	assert_null(fmt_roman(0));
	assert_null(fmt_roman(13));
	assert_null(fmt_roman(-1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_thousands),
		cmocka_unit_test(t_rupiah),
		cmocka_unit_test(t_truncate),
		cmocka_unit_test(t_percent),
		cmocka_unit_test(t_parse),
		cmocka_unit_test(t_roman),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
