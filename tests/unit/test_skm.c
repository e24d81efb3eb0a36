/* test_skm.c -- the SKM arithmetic (PermenPAN-RB 14/2017) against figures
 * worked out by hand: NRR and converted values rounded half up, the index
 * from the exact means (not the rounded NRR), the grade at every edge of
 * the conversion table (64,99/65,00, 76,60/76,61, 88,30/88,31) including
 * indices that round onto an edge, answers out of range refused, and the
 * weakest elements with ties in element order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "skm.h"

/* An accumulator of n respondents whose answers total t over 9
 * elements, spread as evenly as whole sums allow. */
static void
spread(struct skm_acc *a, uint64_t n, uint64_t t)
{
	skm_init(a, 9);
	a->n = n;
	for (size_t i = 0; i < 9; i++)
		a->sum[i] = t / 9 + (i < t % 9);
}

static void
t_table(void **state)
{
	(void)state;
	assert_int_equal(skm_mutu(2499), 0);
	assert_int_equal(skm_mutu(2500), 'D');
	assert_int_equal(skm_mutu(6499), 'D');
	assert_int_equal(skm_mutu(6500), 'C');
	assert_int_equal(skm_mutu(7660), 'C');
	assert_int_equal(skm_mutu(7661), 'B');
	assert_int_equal(skm_mutu(8830), 'B');
	assert_int_equal(skm_mutu(8831), 'A');
	assert_int_equal(skm_mutu(10000), 'A');
	assert_int_equal(skm_mutu(10001), 0);
	assert_string_equal(skm_kinerja('A'), "Sangat baik");
	assert_string_equal(skm_kinerja('B'), "Baik");
	assert_string_equal(skm_kinerja('C'), "Kurang baik");
	assert_string_equal(skm_kinerja('D'), "Tidak baik");
}

/* Indices that lie between two rows of the table, and exactly on the
 * half between them: graded on the value rounded half up. */
static void
t_edges(void **state)
{
	struct skm_acc a;

	(void)state;
	spread(&a, 45, 1241);		/* 76,6049...: 76,60 */
	assert_int_equal(skm_ikm100(&a), 7660);
	assert_int_equal(skm_mutu(skm_ikm100(&a)), 'C');
	spread(&a, 19, 524);		/* 76,6081...: 76,61 */
	assert_int_equal(skm_ikm100(&a), 7661);
	assert_int_equal(skm_mutu(skm_ikm100(&a)), 'B');
	spread(&a, 5000, 137889);	/* 76,605 exactly: 76,61 */
	assert_int_equal(skm_ikm100(&a), 7661);
	assert_int_equal(skm_mutu(skm_ikm100(&a)), 'B');
	spread(&a, 5000, 116991);	/* 64,995 exactly: 65,00 */
	assert_int_equal(skm_ikm100(&a), 6500);
	assert_int_equal(skm_mutu(skm_ikm100(&a)), 'C');
	spread(&a, 58, 1357);		/* 64,9904...: 64,99 */
	assert_int_equal(skm_ikm100(&a), 6499);
	assert_int_equal(skm_mutu(skm_ikm100(&a)), 'D');
	spread(&a, 5000, 158949);	/* 88,305 exactly: 88,31 */
	assert_int_equal(skm_ikm100(&a), 8831);
	assert_int_equal(skm_mutu(skm_ikm100(&a)), 'A');
	spread(&a, 52, 1653);		/* 88,3012...: 88,30 */
	assert_int_equal(skm_ikm100(&a), 8830);
	assert_int_equal(skm_mutu(skm_ikm100(&a)), 'B');
	spread(&a, 10, 90);		/* every answer 1: 25,00 */
	assert_int_equal(skm_ikm100(&a), 2500);
	assert_int_equal(skm_mutu(skm_ikm100(&a)), 'D');
	spread(&a, 10, 360);		/* every answer 4: 100,00 */
	assert_int_equal(skm_ikm100(&a), 10000);
	assert_int_equal(skm_mutu(skm_ikm100(&a)), 'A');
}

static void
t_means(void **state)
{
	struct skm_acc a;
	int r[8][9] = {
		{ 3, 3, 2, 4, 3, 3, 4, 3, 3 },
		{ 4, 3, 2, 4, 3, 4, 4, 3, 3 },
		{ 3, 3, 3, 4, 3, 3, 4, 2, 3 },
		{ 3, 4, 2, 4, 4, 3, 3, 3, 3 },
		{ 3, 3, 1, 4, 3, 3, 4, 3, 2 },
		{ 4, 3, 2, 4, 3, 3, 4, 3, 3 },
		{ 3, 3, 3, 4, 3, 4, 4, 3, 3 },
		{ 2, 3, 2, 4, 3, 3, 4, 3, 3 },
	};
	int bad[9] = { 3, 3, 3, 5, 3, 3, 3, 3, 3 };
	int zero[9] = { 3, 3, 3, 3, 0, 3, 3, 3, 3 };
	size_t idx[3];
	char buf[16];

	(void)state;
	skm_init(&a, 9);
	assert_int_equal(skm_ikm100(&a), -1);
	assert_int_equal(skm_nrr100(&a, 0), -1);
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(skm_add(&a, r[i]), 0);
	assert_int_equal(skm_add(&a, bad), -1);
	assert_int_equal(skm_add(&a, zero), -1);
	assert_int_equal(a.n, 8);
	/* u1: 25/8 = 3,125 -> 3,13; 25 x 3,125 = 78,125 -> 78,13 */
	assert_int_equal(skm_nrr100(&a, 0), 313);
	assert_int_equal(skm_konversi100(&a, 0), 7813);
	/* u3: 17/8 = 2,125 -> 2,13; 53,125 -> 53,13 (D) */
	assert_int_equal(skm_nrr100(&a, 2), 213);
	assert_int_equal(skm_konversi100(&a, 2), 5313);
	assert_int_equal(skm_mutu(skm_konversi100(&a, 2)), 'D');
	assert_int_equal(skm_nrr100(&a, 3), 400);
	/* Sums 25 25 17 32 25 26 31 23 23 = 227: 25 x 227 / 72 = 78,819 */
	assert_int_equal(skm_ikm100(&a), 7882);
	assert_int_equal(skm_mutu(skm_ikm100(&a)), 'B');
	/* Weakest: u3 (17), then u8 and u9 (23 each, element order). */
	assert_int_equal(skm_weakest(&a, idx, 3), 3);
	assert_int_equal(idx[0], 2);
	assert_int_equal(idx[1], 7);
	assert_int_equal(idx[2], 8);
	skm_fmt100(7882, buf, sizeof(buf));
	assert_string_equal(buf, "78,82");
	skm_fmt100(305, buf, sizeof(buf));
	assert_string_equal(buf, "3,05");
	skm_fmt100(-1, buf, sizeof(buf));
	assert_string_equal(buf, "-");
}

/* The index comes from the exact means: rounding each NRR first would
 * give another figure here. */
static void
t_exact(void **state)
{
	struct skm_acc a;
	long sum = 0;

	(void)state;
	skm_init(&a, 9);
	a.n = 3;
	for (size_t i = 0; i < 9; i++)
		a.sum[i] = 10;		/* 3,333... each */
	for (size_t i = 0; i < 9; i++)
		sum += skm_nrr100(&a, i);	/* 9 x 3,33 */
	assert_int_equal(sum * 25 / 9, 8325);	/* 83,25 from rounded NRR */
	assert_int_equal(skm_ikm100(&a), 8333);	/* 83,33 exact */
}

static void
t_weakest(void **state)
{
	struct skm_acc a;
	size_t idx[5];

	(void)state;
	skm_init(&a, 9);
	a.n = 1;
	for (size_t i = 0; i < 9; i++)
		a.sum[i] = 3;
	a.sum[6] = 1;
	a.sum[4] = 2;
	a.sum[0] = 2;
	assert_int_equal(skm_weakest(&a, idx, 3), 3);
	assert_int_equal(idx[0], 6);
	assert_int_equal(idx[1], 0);
	assert_int_equal(idx[2], 4);
	/* All equal: the first three. */
	for (size_t i = 0; i < 9; i++)
		a.sum[i] = 3;
	assert_int_equal(skm_weakest(&a, idx, 3), 3);
	assert_int_equal(idx[0], 0);
	assert_int_equal(idx[1], 1);
	assert_int_equal(idx[2], 2);
	/* The last the weakest. */
	a.sum[8] = 1;
	assert_int_equal(skm_weakest(&a, idx, 3), 3);
	assert_int_equal(idx[0], 8);
	assert_int_equal(idx[1], 0);
	/* Fewer elements than asked. */
	skm_init(&a, 2);
	a.n = 1;
	a.sum[0] = 4;
	a.sum[1] = 2;
	assert_int_equal(skm_weakest(&a, idx, 5), 2);
	assert_int_equal(idx[0], 1);
	assert_int_equal(idx[1], 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_table),
		cmocka_unit_test(t_edges),
		cmocka_unit_test(t_means),
		cmocka_unit_test(t_exact),
		cmocka_unit_test(t_weakest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
