/* test_sla.c -- the service-time statistics against figures worked out by
 * hand: medians of odd and even counts (half minutes), the nearest-rank
 * 90th percentile at the edges of its ranks, shares within standard with
 * mixed standards, cases counted without a duration, tallies whose
 * order does not depend on the order of the adds, and the complaint
 * report's figures: channels and desa, outcomes, open ones with their
 * age, per-step times, over-standard ones oldest first with the step
 * where time was lost (a pending step included). */
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

/* Kranggan-like steps: 2 (60), 3 (15), 4 (480), 7 (120). */
static const int l_full[] = { 2, 3, 4, 7 };
static const long s_full[] = { 60, 15, 480, 120 };

static void
t_pengaduan(void **state)
{
	/* A: settled within standard.  B: settled, over at step 4 (study,
	 * 700 > 480).  C: legal channel, over at step 2 by 30 and step 7 by
	 * 100: lost at 7.  D: open, waiting for step 4 for 900 minutes:
	 * lost there, and step 4 is no finished step of D.  E: open, 2
	 * steps done, within.  Received out of order. */
	static const long t_a[] = { 30, 10, 400, 100 };
	static const long t_b[] = { 50, 15, 700, 90 };
	static const long t_c[] = { 90, 15, 470, 220 };
	static const long t_d[] = { 60, 20, 900 };
	static const long t_e[] = { 10, 5 };
	struct sla_case c[] = {
		{ "P-05", "2025-01-21 08:00", "langsung", "Durenan",
		    SLA_MUSYAWARAH, 540, 675, l_full, t_a, s_full, 4, 0 },
		{ "P-02", "2025-01-06 09:00", "sms", "Kamulan",
		    SLA_MUSYAWARAH, 855, 675, l_full, t_b, s_full, 4, 0 },
		{ "P-09", "2025-01-06 09:00", "langsung", "Durenan",
		    SLA_JALUR_HUKUM, 795, 675, l_full, t_c, s_full, 4, 0 },
		{ "P-01", "2025-01-03 10:00", "email", "Pandean",
		    SLA_OPEN, 980, 675, l_full, t_d, s_full, 3, 1 },
		{ "P-07", "2025-01-30 14:00", "langsung", "Kamulan",
		    SLA_OPEN, 15, 675, l_full, t_e, s_full, 2, 0 },
	};
	struct sla_pgd p;

	(void)state;
	assert_int_equal(sla_case_lost(&c[0]), -1);
	assert_int_equal(sla_case_lost(&c[1]), 2);
	assert_int_equal(sla_case_lost(&c[2]), 3);
	assert_int_equal(sla_case_lost(&c[3]), 2);
	assert_true(sla_case_over(&c[1]));
	assert_false(sla_case_over(&c[0]));
	sla_pgd_sum(c, 5, &p);
	assert_int_equal(p.n, 5);
	assert_int_equal(p.musyawarah, 2);
	assert_int_equal(p.jalur_hukum, 1);
	assert_int_equal(p.open, 2);
	/* Channels: langsung 3, then email and sms once each by name. */
	assert_int_equal(p.saluran.n, 3);
	assert_string_equal(p.saluran.v[0].key, "langsung");
	assert_int_equal(p.saluran.v[0].n, 3);
	assert_string_equal(p.saluran.v[1].key, "email");
	assert_string_equal(p.saluran.v[2].key, "sms");
	assert_string_equal(p.desa.v[0].key, "Durenan");
	assert_string_equal(p.desa.v[1].key, "Kamulan");
	assert_int_equal(p.desa.v[1].n, 2);
	/* Open ones oldest first: P-01 (3 Jan), P-07 (30 Jan). */
	assert_int_equal(p.nopened, 2);
	assert_string_equal(c[p.opened[0]].id, "P-01");
	assert_string_equal(c[p.opened[1]].id, "P-07");
	assert_int_equal(c[p.opened[0]].total, 980);
	/* Over standard oldest first; same time: by register number. */
	assert_int_equal(p.nover, 3);
	assert_string_equal(c[p.over[0]].id, "P-01");
	assert_string_equal(c[p.over[1]].id, "P-02");
	assert_string_equal(c[p.over[2]].id, "P-09");
	/* Steps by number.  Step 2: 30 50 90 60 10 -> median 50, p90 90,
	 * within 60: 4 of 5.  Step 4: 400 700 470 (not D's 900): median
	 * 470, within 480: 2 of 3.  Step 7: 100 90 220: 2 of 3. */
	assert_int_equal(p.nstep, 4);
	assert_int_equal(p.step[0].langkah, 2);
	assert_int_equal(p.step[0].s.timed, 5);
	assert_int_equal(p.step[0].s.med2, 100);
	assert_int_equal(p.step[0].s.p90, 90);
	assert_int_equal(p.step[0].s.within, 4);
	assert_int_equal(p.step[1].langkah, 3);
	assert_int_equal(p.step[1].s.timed, 5);
	assert_int_equal(p.step[1].s.within, 4);	/* 20 > 15 */
	assert_int_equal(p.step[2].langkah, 4);
	assert_int_equal(p.step[2].std, 480);
	assert_int_equal(p.step[2].s.timed, 3);
	assert_int_equal(p.step[2].s.med2, 940);
	assert_int_equal(p.step[2].s.within, 2);
	assert_int_equal(p.step[3].langkah, 7);
	assert_int_equal(p.step[3].s.within, 2);
	sla_pgd_free(&p);

	/* Nothing received. */
	sla_pgd_sum(c, 0, &p);
	assert_int_equal(p.n, 0);
	assert_int_equal(p.nstep, 0);
	assert_int_equal(p.nover, 0);
	sla_pgd_free(&p);
}

/* A "1 hari" step is as long as the working day it started in: each case
 * of a step is within or not against its own standard, not the first
 * case's (a Friday's 450 minutes, a Monday's 480). */
static void
t_pengaduan_own_std(void **state)
{
	static const int l[] = { 4 };
	static const long fri_t[] = { 470 }, fri_s[] = { 450 };
	static const long mon_t[] = { 470 }, mon_s[] = { 480 };
	struct sla_case c[] = {
		{ "P-01", "2025-01-03 08:00", "langsung", "Durenan",
		    SLA_OPEN, 470, 900, l, fri_t, fri_s, 1, 0 },
		{ "P-02", "2025-01-06 08:00", "langsung", "Durenan",
		    SLA_OPEN, 470, 900, l, mon_t, mon_s, 1, 0 },
	};
	struct sla_pgd p;

	(void)state;
	sla_pgd_sum(c, 2, &p);
	assert_int_equal(p.nstep, 1);
	assert_int_equal(p.step[0].s.timed, 2);
	assert_int_equal(p.step[0].s.within, 1);
	sla_pgd_free(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_median),
		cmocka_unit_test(t_percentile),
		cmocka_unit_test(t_group),
		cmocka_unit_test(t_tally),
		cmocka_unit_test(t_pengaduan),
		cmocka_unit_test(t_pengaduan_own_std),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
