/* test_sla.c -- the service-time statistics against figures worked out by
 * hand: medians of odd and even counts (half minutes), the nearest-rank
 * 90th percentile at the edges of its ranks, shares within standard with
 * mixed standards, cases counted without a duration, and tallies whose
 * order does not depend on the order of the adds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sla.h"

static void
t_median(void **state)
{
	long odd[] = { 3, 7, 20 }, even[] = { 10, 15, 22, 23 }, one[] = { 9 };
	char buf[16];

	(void)state;
	assert_int_equal(sla_median2(odd, 3), 14);
	assert_int_equal(sla_median2(even, 4), 37);	/* 18,5 */
	assert_int_equal(sla_median2(one, 1), 18);
	assert_int_equal(sla_median2(one, 0), 0);
	sla_fmt_half(37, buf, sizeof(buf));
	assert_string_equal(buf, "18,5");
	sla_fmt_half(14, buf, sizeof(buf));
	assert_string_equal(buf, "7");
	sla_fmt_half(1, buf, sizeof(buf));
	assert_string_equal(buf, "0,5");
}

static void
t_percentile(void **state)
{
	long v[20];

	(void)state;
	for (int i = 0; i < 20; i++)
		v[i] = i + 1;			/* 1 .. 20 */
	/* ceil(0.9 * 20) = 18. */
	assert_int_equal(sla_percentile(v, 20, 90), 18);
	/* ceil(0.9 * 10) = 9; ceil(0.9 * 11) = 10 (9.9 rounds up). */
	assert_int_equal(sla_percentile(v, 10, 90), 9);
	assert_int_equal(sla_percentile(v, 11, 90), 10);
	/* Few values: the largest is the 90th percentile of up to 9. */
	assert_int_equal(sla_percentile(v, 1, 90), 1);
	assert_int_equal(sla_percentile(v, 9, 90), 9);
	assert_int_equal(sla_percentile(v, 5, 90), 5);
	assert_int_equal(sla_percentile(v, 20, 50), 10);
	assert_int_equal(sla_percentile(v, 20, 100), 20);
	assert_int_equal(sla_percentile(v, 20, 1), 1);
	assert_int_equal(sla_percentile(v, 0, 90), 0);
}

static void
t_group(void **state)
{
	struct sla_group g;
	struct sla_sum s;

	(void)state;
	sla_init(&g);
	/* Out of order, one exactly at its standard, one over a larger
	 * standard, two without times. */
	sla_add(&g, 25, 20);
	sla_add(&g, 20, 20);
	sla_add(&g, -1, 20);
	sla_add(&g, 12, 20);
	sla_add(&g, 35, 30);
	sla_add(&g, 30, 30);
	sla_add(&g, -1, 30);
	sla_sum(&g, &s);
	assert_int_equal(s.count, 7);
	assert_int_equal(s.untimed, 2);
	assert_int_equal(s.timed, 5);
	assert_int_equal(s.within, 3);		/* 20, 12, 30 */
	assert_int_equal(s.med2, 50);		/* 12 20 25 30 35 */
	assert_int_equal(s.p90, 35);		/* rank ceil(4.5) = 5 */
	assert_int_equal(s.max, 35);
	sla_free(&g);

	/* Counted, never timed. */
	sla_init(&g);
	sla_add(&g, -1, 20);
	sla_sum(&g, &s);
	assert_int_equal(s.count, 1);
	assert_int_equal(s.timed, 0);
	assert_int_equal(s.med2, 0);
	assert_int_equal(s.p90, 0);
	sla_free(&g);

	/* Many: the array grows. */
	sla_init(&g);
	for (long i = 100; i >= 1; i--)
		sla_add(&g, i, 50);
	sla_sum(&g, &s);
	assert_int_equal(s.timed, 100);
	assert_int_equal(s.within, 50);
	assert_int_equal(s.med2, 101);		/* (50 + 51) / 2 */
	assert_int_equal(s.p90, 90);
	sla_free(&g);
}

static void
t_tally(void **state)
{
	struct sla_tally a, b;
	const char *keys[] = { "formulir_kk", "pengantar_desa", "formulir_kk",
	    "akta_kematian", "pengantar_desa", "surat_permohonan" };

	(void)state;
	sla_tally_init(&a);
	sla_tally_init(&b);
	for (size_t i = 0; i < 6; i++) {
		sla_tally_add(&a, keys[i]);
		sla_tally_add(&b, keys[5 - i]);
	}
	sla_tally_sort(&a);
	sla_tally_sort(&b);
	assert_int_equal(a.total, 6);
	assert_int_equal(a.n, 4);
	assert_int_equal(b.n, 4);
	for (size_t i = 0; i < a.n; i++) {
		assert_string_equal(a.v[i].key, b.v[i].key);
		assert_int_equal(a.v[i].n, b.v[i].n);
	}
	assert_string_equal(a.v[0].key, "formulir_kk");
	assert_int_equal(a.v[0].n, 2);
	assert_string_equal(a.v[1].key, "pengantar_desa");
	assert_string_equal(a.v[2].key, "akta_kematian");
	assert_int_equal(a.v[3].n, 1);
	sla_tally_free(&a);
	sla_tally_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_median),
		cmocka_unit_test(t_percentile),
		cmocka_unit_test(t_group),
		cmocka_unit_test(t_tally),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
