/* test_totals.c -- the report's arithmetic against figures worked out by
 * hand: sums (saturating), desa states, percentages of nothing, changes
 * over the desa of both months, rankings and their ties, the chart's
 * values and scale, plausibility warnings.  The definition is built in C,
 * so nothing here depends on XML. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ddata.h"
#include "fmt.h"
#include "totals.h"

/* Indicators a, b (counts) and uang (rupiah); rules a <= b, b <= uang. */
static struct ddata_ind ind[] = {
	{ "a", "A", "A", "kali", DDATA_COUNT },
	{ "b", "B", "B", "kali", DDATA_COUNT },
	{ "uang", "Uang", "U", "rupiah", DDATA_RUPIAH },
};
static int i_a[] = { 0 }, i_b[] = { 1 }, i_ab[] = { 0, 1 };
static struct ddata_expr x_a = { i_a, NULL, 1, 0, "A" };
static struct ddata_expr x_ab = { i_ab, NULL, 2, 0, "A+B" };
static struct ddata_expr x_pct = { i_a, i_b, 1, 1, "A per B" };
static struct ddata_rule rules[] = {
	{ 0, 1, "a lebih dari b" },
	{ 1, 2, "b lebih dari uang" },
};
static struct ddata_def def = {
	.bagian = "uji", .ind = ind, .nind = 3, .chart = { i_a, NULL, 1, 0,
	"A" }, .rule = rules, .nrule = 2,
};

static void
row(struct totals *t, size_t d, uint64_t a, uint64_t b, uint64_t uang)
{
	uint64_t v[3] = { a, b, uang };

	totals_add(t, d, v);
}

static void
prev(struct totals *t, size_t d, uint64_t a, uint64_t b, uint64_t uang)
{
	totals_prev_set(t, d, 0, a);
	totals_prev_set(t, d, 1, b);
	totals_prev_set(t, d, 2, uang);
}

static void
t_sums(void **state)
{
	struct totals *t = totals_new(&def, 4);
	uint64_t v[3] = { 3, 5, 100 };

	(void)state;
	assert_int_equal(t->nmissing, 4);
	assert_int_equal(t->pdesa, -1);
	/* desa 0 and 2 counted, 1 sends nothing, 3 a bad file. */
	assert_int_equal(totals_add(t, 0, v), 0);
	v[0] = 7; v[1] = 20; v[2] = 250;
	assert_int_equal(totals_add(t, 2, v), 0);
	v[0] = 1000;			/* the caller's copy is not kept */
	totals_reject(t, 3);
	assert_int_equal(t->nok, 2);
	assert_int_equal(t->nbad, 1);
	assert_int_equal(t->nmissing, 1);
	assert_int_equal(t->state[0], TOTALS_OK);
	assert_int_equal(t->state[1], TOTALS_MISSING);
	assert_int_equal(t->state[2], TOTALS_OK);
	assert_int_equal(t->state[3], TOTALS_BAD);
	assert_int_equal(t->sum[0], 10);
	assert_int_equal(t->sum[1], 25);
	assert_int_equal(t->sum[2], 350);
	assert_int_equal(t->v[2 * 3 + 0], 7);
	assert_int_equal(t->v[1 * 3 + 0], 0);
	totals_free(t);
}

static void
t_saturate(void **state)
{
	struct totals *t = totals_new(&def, 2);
	uint64_t a, b;

	(void)state;
	row(t, 0, UINT64_MAX - 1, UINT64_MAX - 1, UINT64_MAX);
	row(t, 1, 5, 5, 5);
	assert_true(t->sum[0] == UINT64_MAX);
	/* A sum of indicators saturates too, never wraps to a small one. */
	totals_figure(t, &x_ab, 0, &a, &b);
	assert_true(a == UINT64_MAX);
	assert_int_equal(b, 0);
	totals_free(t);
}

static void
t_ratio(void **state)
{
	struct totals *t = totals_new(&def, 3);
	uint64_t a, b;
	char buf[32];

	(void)state;
	row(t, 0, 3, 5, 100);
	row(t, 1, 4, 0, 100);
	row(t, 2, 0, 2, 100);
	/* 7 of 7: 100%. */
	totals_figure(t, &x_pct, TOTALS_SUM, &a, &b);
	assert_int_equal(a, 7);
	assert_int_equal(b, 7);
	fmt_percent(a, b, buf, sizeof(buf));
	assert_string_equal(buf, "100,00%");
	/* Desa 0: 3 of 5 = 60%; desa 1: 4 of nothing. */
	totals_figure(t, &x_pct, 0, &a, &b);
	fmt_percent(a, b, buf, sizeof(buf));
	assert_string_equal(buf, "60,00%");
	totals_figure(t, &x_pct, 1, &a, &b);
	assert_int_equal(a, 4);
	assert_int_equal(b, 0);
	fmt_percent(a, b, buf, sizeof(buf));
	assert_string_equal(buf, "-");
	/* No month before: its totals are all 0, a percentage of nothing. */
	totals_figure(t, &x_pct, TOTALS_PREV, &a, &b);
	assert_int_equal(a, 0);
	assert_int_equal(b, 0);
	/* A plain sum has no denominator. */
	totals_figure(t, &x_ab, TOTALS_SUM, &a, &b);
	assert_int_equal(a, 14);
	assert_int_equal(b, 0);
	totals_free(t);
}

static void
t_change(void **state)
{
	struct totals *t = totals_new(&def, 4);
	uint64_t by, a, b;

	(void)state;
	/* This month desa 0, 1, 2; the month before 0, 1 and 3. */
	row(t, 0, 3, 5, 100);
	row(t, 1, 10, 10, 10);
	row(t, 2, 50, 50, 50);
	prev(t, 0, 1, 5, 130);
	prev(t, 1, 10, 12, 10);
	prev(t, 3, 40, 40, 40);
	totals_compare(t);
	assert_int_equal(t->pdesa, 3);
	assert_int_equal(t->ncommon, 2);
	assert_int_equal(t->psum[0], 51);
	assert_int_equal(t->psum[1], 57);
	assert_int_equal(t->psum[2], 180);
	/* Over desa 0 and 1 only: a 13 against 11, b 15 against 17, uang
	 * 110 against 140 -- not 63 against 51 for a. */
	assert_int_equal(t->csum[0], 13);
	assert_int_equal(t->cpsum[0], 11);
	assert_int_equal(totals_change(t, 0, &by), 1);
	assert_int_equal(by, 2);
	assert_int_equal(totals_change(t, 1, &by), -1);
	assert_int_equal(by, 2);
	assert_int_equal(totals_change(t, 2, &by), -1);
	assert_int_equal(by, 30);
	totals_figure(t, &x_pct, TOTALS_PREV, &a, &b);
	assert_int_equal(a, 51);
	assert_int_equal(b, 57);
	/* Asking twice gives the same, not double. */
	totals_compare(t);
	assert_int_equal(t->psum[0], 51);
	assert_int_equal(t->csum[0], 13);
	totals_free(t);
}

static void
t_change_none(void **state)
{
	struct totals *t = totals_new(&def, 2);
	uint64_t by = 99;

	(void)state;
	row(t, 0, 3, 5, 100);
	/* A month before whose desa have all left desa.csv: there is a
	 * month, with no desa, and nothing changed over no desa. */
	totals_compare(t);
	assert_int_equal(t->pdesa, 0);
	assert_int_equal(t->ncommon, 0);
	assert_int_equal(totals_change(t, 0, &by), 0);
	assert_int_equal(by, 0);
	totals_free(t);
}

static void
t_order(void **state)
{
	struct totals *t = totals_new(&def, 6);
	size_t o[6];

	(void)state;
	/* a: 5, 9, 5, (missing), 9, (bad). */
	row(t, 0, 5, 0, 0);
	row(t, 1, 9, 0, 0);
	row(t, 2, 5, 0, 0);
	row(t, 4, 9, 0, 0);
	totals_reject(t, 5);
	assert_int_equal(totals_order(t, NULL, o), 4);
	assert_int_equal(o[0], 0);
	assert_int_equal(o[1], 1);
	assert_int_equal(o[2], 2);
	assert_int_equal(o[3], 4);
	/* Highest first, ties in desa.csv's order. */
	assert_int_equal(totals_order(t, &x_a, o), 4);
	assert_int_equal(o[0], 1);
	assert_int_equal(o[1], 4);
	assert_int_equal(o[2], 0);
	assert_int_equal(o[3], 2);
	totals_free(t);
}

static void
t_order_pct(void **state)
{
	struct totals *t = totals_new(&def, 6);
	size_t o[6];

	(void)state;
	/* 1/2 = 50%, 1/0, 2/4 = 50%, 3/4 = 75%, 0/0, 0/7 = 0%. */
	row(t, 0, 1, 2, 0);
	row(t, 1, 1, 0, 0);
	row(t, 2, 2, 4, 0);
	row(t, 3, 3, 4, 0);
	row(t, 4, 0, 0, 0);
	row(t, 5, 0, 7, 0);
	/* 75%, the two 50% in order, 0%, then the percentages of nothing
	 * in order: compared as fractions, 1/2 and 2/4 are equal. */
	assert_int_equal(totals_order(t, &x_pct, o), 6);
	assert_int_equal(o[0], 3);
	assert_int_equal(o[1], 0);
	assert_int_equal(o[2], 2);
	assert_int_equal(o[3], 5);
	assert_int_equal(o[4], 1);
	assert_int_equal(o[5], 4);
	totals_free(t);
}

static void
t_chart(void **state)
{
	struct totals *t = totals_new(&def, 6);
	uint64_t w;
	unsigned h;

	(void)state;
	assert_int_equal(totals_chart_max(t, &x_pct, &w, &h), 0);
	assert_int_equal(w, 0);
	assert_int_equal(h, 0);
	row(t, 0, 2, 3, 0);		/* 66.666..% */
	row(t, 1, 1, 800, 0);		/* 0.125% exactly: half up */
	row(t, 2, 1, 0, 0);		/* of nothing */
	row(t, 3, 10000000000000000ULL, 3, 0);	/* 10^18 % / 3 */
	row(t, 4, 1, 8, 0);		/* 12.5% */
	totals_chart_value(t, &x_pct, 0, &w, &h);
	assert_int_equal(w, 66);
	assert_int_equal(h, 67);
	totals_chart_value(t, &x_pct, 1, &w, &h);
	assert_int_equal(w, 0);
	assert_int_equal(h, 13);
	totals_chart_value(t, &x_pct, 2, &w, &h);
	assert_int_equal(w, 0);
	assert_int_equal(h, 0);
	totals_chart_value(t, &x_pct, 4, &w, &h);
	assert_int_equal(w, 12);
	assert_int_equal(h, 50);
	/* 10^20 / 3 hundredths of a percent does not fit in 64 bits. */
	totals_chart_value(t, &x_pct, 3, &w, &h);
	assert_true(w == 333333333333333333ULL);
	assert_int_equal(h, 33);
	assert_int_equal(totals_chart_max(t, &x_pct, &w, &h), 1);
	assert_true(w == 333333333333333333ULL);
	assert_int_equal(h, 33);
	/* A plain sum is whole. */
	totals_chart_value(t, &x_ab, 0, &w, &h);
	assert_int_equal(w, 5);
	assert_int_equal(h, 0);
	totals_free(t);
}

static void
t_chart_tie(void **state)
{
	struct totals *t = totals_new(&def, 4);
	uint64_t w;
	unsigned h;

	(void)state;
	/* The scale is the top bar: the highest, whichever of equals. */
	row(t, 1, 7, 0, 0);
	row(t, 2, 9, 0, 0);
	row(t, 3, 9, 1, 0);
	assert_int_equal(totals_chart_max(t, &x_a, &w, &h), 1);
	assert_int_equal(w, 9);
	assert_int_equal(h, 0);
	totals_free(t);
}

static void
t_plausible(void **state)
{
	struct totals *t = totals_new(&def, 4);
	uint64_t v[3] = { 5, 5, 5 };

	(void)state;
	/* Equal is plausible; one more is not. */
	assert_int_equal(totals_add(t, 0, v), 0);
	v[0] = 6;
	assert_int_equal(totals_add(t, 1, v), 1);
	v[0] = 9; v[1] = 7; v[2] = 6;
	assert_int_equal(totals_add(t, 3, v), 2);
	v[0] = 1; v[1] = 2; v[2] = 1;
	assert_int_equal(totals_add(t, 2, v), 1);
	/* In the order added, each desa's in rule order. */
	assert_int_equal(t->nwarn, 4);
	assert_int_equal(t->warn[0].desa, 1);
	assert_int_equal(t->warn[0].rule, 0);
	assert_int_equal(t->warn[1].desa, 3);
	assert_int_equal(t->warn[1].rule, 0);
	assert_int_equal(t->warn[2].desa, 3);
	assert_int_equal(t->warn[2].rule, 1);
	assert_int_equal(t->warn[3].desa, 2);
	assert_int_equal(t->warn[3].rule, 1);
	/* A warning does not keep a desa out of the totals. */
	assert_int_equal(t->nok, 4);
	assert_int_equal(t->sum[0], 21);
	totals_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_sums),
		cmocka_unit_test(t_saturate),
		cmocka_unit_test(t_ratio),
		cmocka_unit_test(t_change),
		cmocka_unit_test(t_change_none),
		cmocka_unit_test(t_order),
		cmocka_unit_test(t_order_pct),
		cmocka_unit_test(t_chart),
		cmocka_unit_test(t_chart_tie),
		cmocka_unit_test(t_plausible),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
