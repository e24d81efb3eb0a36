/* test_nik.c -- NIK and nomor KK structure: women's day + 40, the century
 * of the two-digit year, and each way a number can be malformed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "nik.h"

static void
t_female(void **state)
{
	struct nik n;

	(void)state;
	memset(&n, 0xff, sizeof(n));
	assert_int_equal(nik_parse("3503135204990001", 2025, &n), NIK_OK);
	assert_string_equal(n.region, "350313");
	assert_int_equal(n.birth.y, 1999);
	assert_int_equal(n.birth.m, 4);
	assert_int_equal(n.birth.d, 12);
	assert_int_equal(n.female, 1);
	assert_int_equal(n.serial, 1);
}

static void
t_male(void **state)
{
	struct nik n;

	(void)state;
	memset(&n, 0xff, sizeof(n));
	assert_int_equal(nik_parse("3503131204990123", 2025, &n), NIK_OK);
	assert_string_equal(n.region, "350313");
	assert_int_equal(n.birth.y, 1999);
	assert_int_equal(n.birth.m, 4);
	assert_int_equal(n.birth.d, 12);
	assert_int_equal(n.female, 0);
	assert_int_equal(n.serial, 123);
	/* Blanks around a pasted value are not part of it. */
	assert_int_equal(nik_parse(" 3503131204999999\t", 2025, &n), NIK_OK);
	assert_int_equal(n.serial, 9999);
	assert_int_equal(nik_parse("3503131204990001", 2025, NULL), NIK_OK);
}

static void
t_days(void **state)
{
	struct nik n;
	char s[17];

	(void)state;
	/* 01..31 men, 41..71 women, in a 31-day month. */
	for (int d = 0; d <= 99; d++) {
		int want = (d >= 1 && d <= 31) || (d >= 41 && d <= 71) ?
		    NIK_OK : NIK_BIRTHDATE;

		snprintf(s, sizeof(s), "350313%02d0185%04d", d, 1);
		assert_int_equal(nik_parse(s, 2025, &n), want);
		if (want == NIK_OK) {
			assert_int_equal(n.female, d > 40);
			assert_int_equal(n.birth.d, d > 40 ? d - 40 : d);
			assert_int_equal(n.birth.m, 1);
			assert_int_equal(n.birth.y, 1985);
		}
	}
	assert_int_equal(nik_parse("3503137102990001", 2025, &n),
	    NIK_BIRTHDATE);			/* 31 Feb, female */
	assert_int_equal(nik_parse("3503136902240001", 2025, &n), NIK_OK);
	assert_int_equal(n.birth.d, 29);	/* 29 Feb 2024, female */
	assert_int_equal(n.birth.y, 2024);
	assert_int_equal(nik_parse("3503132902250001", 2025, &n),
	    NIK_BIRTHDATE);			/* 2025 is not leap */
	assert_int_equal(nik_parse("3503132902000001", 2025, &n), NIK_OK);
	assert_int_equal(n.birth.y, 2000);
	assert_int_equal(nik_parse("3503131213990001", 2025, &n),
	    NIK_BIRTHDATE);			/* month 13 */
	assert_int_equal(nik_parse("3503131200990001", 2025, &n),
	    NIK_BIRTHDATE);			/* month 00 */
	assert_int_equal(nik_parse("3503135213990001", 2025, &n),
	    NIK_BIRTHDATE);			/* month 13, female */
}

static void
t_century(void **state)
{
	struct nik n;

	(void)state;
	assert_int_equal(nik_parse("3503131201250001", 2025, &n), NIK_OK);
	assert_int_equal(n.birth.y, 2025);
	assert_int_equal(nik_parse("3503131201260001", 2025, &n), NIK_OK);
	assert_int_equal(n.birth.y, 1926);
	assert_int_equal(nik_parse("3503131201000001", 2025, &n), NIK_OK);
	assert_int_equal(n.birth.y, 2000);
	assert_int_equal(nik_parse("3503131201260001", 2026, &n), NIK_OK);
	assert_int_equal(n.birth.y, 2026);
	assert_int_equal(nik_parse("3503131201000001", 1999, &n), NIK_OK);
	assert_int_equal(n.birth.y, 1900);
	/* 29 Feb 00 is 2000 (leap) but not 1900. */
	assert_int_equal(nik_parse("3503132902000001", 1999, &n),
	    NIK_BIRTHDATE);
}

static void
t_malformed(void **state)
{
	struct nik n;

	(void)state;
	memset(&n, 0x5a, sizeof(n));
	assert_int_equal(nik_parse("3503131204990000", 2025, &n),
	    NIK_SERIAL);
	assert_int_equal(nik_parse("350313120499000", 2025, &n), NIK_LENGTH);
	assert_int_equal(nik_parse("35031312049900011", 2025, &n),
	    NIK_LENGTH);
	assert_int_equal(nik_parse("", 2025, &n), NIK_LENGTH);
	assert_int_equal(nik_parse("   ", 2025, &n), NIK_LENGTH);
	assert_int_equal(nik_parse(NULL, 2025, &n), NIK_LENGTH);
	assert_int_equal(nik_parse("35031312049900a1", 2025, &n),
	    NIK_DIGITS);
	assert_int_equal(nik_parse("35031312O4990001", 2025, &n),
	    NIK_DIGITS);			/* letter O */
	assert_int_equal(nik_parse("3503-1312-0499-0001", 2025, &n),
	    NIK_DIGITS);
	assert_int_equal(nik_parse("3503 1312 0499 0001", 2025, &n),
	    NIK_DIGITS);
	assert_int_equal(nik_parse("-503131204990001", 2025, &n),
	    NIK_DIGITS);
	assert_int_equal(nik_parse("3503131204990001\n", 2025, &n),
	    NIK_DIGITS);
	assert_int_equal(nik_parse("350313120499\xd9\xa0\xd9\xa1", 2025, &n),
	    NIK_DIGITS);			/* Arabic-Indic digits */
	assert_int_equal(nik_parse("3503130004990001", 2025, &n),
	    NIK_BIRTHDATE);
	assert_int_equal(nik_parse("3503134004990001", 2025, &n),
	    NIK_BIRTHDATE);			/* day 40: neither */
	assert_int_equal(nik_parse("3503137204990001", 2025, &n),
	    NIK_BIRTHDATE);			/* day 72 */
	/* The birth date is named before the serial. */
	assert_int_equal(nik_parse("3503133204990000", 2025, &n),
	    NIK_BIRTHDATE);
	/* A refused NIK leaves out alone. */
	assert_int_equal(n.female, 0x5a5a5a5a);
}

static void
t_strerror(void **state)
{
	(void)state;
	assert_string_equal(nik_strerror(NIK_LENGTH),
	    "wrong length (must be 16 digits)");
	for (int s = NIK_OK; s <= NIK_SERIAL; s++)
		for (int t = s + 1; t <= NIK_SERIAL; t++)
			assert_string_not_equal(nik_strerror(s),
			    nik_strerror(t));
	assert_non_null(strstr(nik_strerror(NIK_SERIAL), "0000"));
	assert_non_null(strstr(nik_strerror(NIK_BIRTHDATE), "40"));
	assert_non_null(nik_strerror(-1));
	assert_non_null(nik_strerror(99));
}

static void
t_kk(void **state)
{
	(void)state;
	assert_int_equal(nik_check_kk("3503131502100003"), NIK_OK);
	/* KK digits 7-12 are no birth date: never judged as one. */
	assert_int_equal(nik_check_kk("3503139999990003"), NIK_OK);
	assert_int_equal(nik_check_kk(" 3503131502100003 "), NIK_OK);
	assert_int_equal(nik_check_kk("3503131502100000"), NIK_SERIAL);
	assert_int_equal(nik_check_kk("350313150210003"), NIK_LENGTH);
	assert_int_equal(nik_check_kk("35031315021000031"), NIK_LENGTH);
	assert_int_equal(nik_check_kk(""), NIK_LENGTH);
	assert_int_equal(nik_check_kk(NULL), NIK_LENGTH);
	assert_int_equal(nik_check_kk("35031315021000x3"), NIK_DIGITS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_female),
		cmocka_unit_test(t_male),
		cmocka_unit_test(t_days),
		cmocka_unit_test(t_century),
		cmocka_unit_test(t_malformed),
		cmocka_unit_test(t_strerror),
		cmocka_unit_test(t_kk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
