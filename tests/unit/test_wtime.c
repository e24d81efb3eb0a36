/* test_wtime.c -- working time on Durenan's week (SOP.6: Senin-Kamis
 * 07.30-15.30 with a break 12.00-12.30, Jumat 07.00-15.30 with 11.30-13.00,
 * Sabtu-Minggu libur) and the January 2025 holidays: lunch breaks,
 * Fridays, weekends, holidays, a month's end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "wtime.h"

#define HM(h, m)	((h) * 60 + (m))

static struct wtime *
durenan(void)
{
	static const struct { int y, m, d; const char *ket; } lib[] = {
		{ 2025, 1, 1, "Tahun Baru 2025 Masehi" },
		{ 2025, 1, 27, "Isra Mikraj Nabi Muhammad SAW" },
		{ 2025, 1, 28, "Cuti Bersama Tahun Baru Imlek" },
		{ 2025, 1, 29, "Tahun Baru Imlek 2576 Kongzili" },
	};
	struct wtime *w = wtime_new();

	for (int d = 1; d <= 4; d++)
		assert_int_equal(wtime_set_day(w, d, HM(7, 30), HM(15, 30),
		    HM(12, 0), HM(12, 30)), 0);
	assert_int_equal(wtime_set_day(w, 5, HM(7, 0), HM(15, 30),
	    HM(11, 30), HM(13, 0)), 0);
	for (size_t i = 0; i < sizeof(lib) / sizeof(lib[0]); i++) {
		struct date d = { lib[i].y, lib[i].m, lib[i].d };

		assert_int_equal(wtime_add_libur(w, &d, lib[i].ket), 0);
	}
	return w;
}

static struct wmoment
at(int y, int m, int d, int min)
{
	struct wmoment t = { { y, m, d }, min };

	return t;
}

static long
between(const struct wtime *w, struct wmoment a, struct wmoment b)
{
	return wtime_minutes(w, &a, &b);
}

/* The deadline of span s from a must be want. */
static void
due(const struct wtime *w, struct wmoment a, const char *s,
    struct wmoment want)
{
	struct wspan sp;
	struct wmoment got;

	if (wtime_span_parse(s, &sp) != 0)
		fail_msg("\"%s\" refused", s);
	assert_int_equal(wtime_deadline(w, &a, &sp, &got), 0);
	if (date_cmp(&got.d, &want.d) != 0 || got.min != want.min)
		fail_msg("%04d-%02d-%02d %02d:%02d + %s -> %04d-%02d-%02d "
		    "%02d:%02d, want %04d-%02d-%02d %02d:%02d", a.d.y, a.d.m,
		    a.d.d, a.min / 60, a.min % 60, s, got.d.y, got.d.m,
		    got.d.d, got.min / 60, got.min % 60, want.d.y, want.d.m,
		    want.d.d, want.min / 60, want.min % 60);
}

static void
t_workday(void **state)
{
	struct wtime *w = durenan();
	struct date mon = { 2025, 1, 6 }, fri = { 2025, 1, 10 },
	    sat = { 2025, 1, 4 }, sun = { 2025, 1, 5 }, ny = { 2025, 1, 1 },
	    imlek = { 2025, 1, 29 };

	(void)state;
	assert_int_equal(wtime_weekday(&mon), 1);
	assert_int_equal(wtime_weekday(&sun), 0);
	assert_int_equal(wtime_is_workday(w, &mon), 1);
	assert_int_equal(wtime_is_workday(w, &fri), 1);
	assert_int_equal(wtime_is_workday(w, &sat), 0);
	assert_int_equal(wtime_is_workday(w, &sun), 0);
	assert_int_equal(wtime_is_workday(w, &ny), 0);
	assert_int_equal(wtime_is_workday(w, &imlek), 0);
	assert_string_equal(wtime_libur(w, &imlek),
	    "Tahun Baru Imlek 2576 Kongzili");
	assert_null(wtime_libur(w, &mon));
	assert_int_equal(wtime_day_minutes(w, &mon), 450);
	assert_int_equal(wtime_day_minutes(w, &fri), 420);
	assert_int_equal(wtime_day_minutes(w, &sat), 0);
	assert_int_equal(wtime_day_minutes(w, &ny), 0);
	assert_int_equal(wtime_has_workdays(w), 1);
	wtime_free(w);
}

static void
t_minutes(void **state)
{
	struct wtime *w = durenan();

	(void)state;
	/* Across the lunch break: 11.00-12.00 and 12.30-13.00. */
	assert_int_equal(between(w, at(2025, 1, 6, HM(11, 0)),
	    at(2025, 1, 6, HM(13, 0))), 90);
	/* Inside the break nothing passes. */
	assert_int_equal(between(w, at(2025, 1, 6, HM(12, 5)),
	    at(2025, 1, 6, HM(12, 25))), 0);
	/* A whole Monday, from before masuk to after pulang. */
	assert_int_equal(between(w, at(2025, 1, 6, 0),
	    at(2025, 1, 7, 0)), 450);
	/* Friday: 07.00-15.30 with the long Jumat break. */
	assert_int_equal(between(w, at(2025, 1, 10, HM(7, 0)),
	    at(2025, 1, 10, HM(15, 30))), 420);
	assert_int_equal(between(w, at(2025, 1, 10, HM(11, 0)),
	    at(2025, 1, 10, HM(13, 30))), 60);
	/* Over a weekend: Friday's last half hour, Monday's first. */
	assert_int_equal(between(w, at(2025, 1, 10, HM(15, 0)),
	    at(2025, 1, 13, HM(8, 0))), 60);
	/* Over Isra Mikraj, cuti bersama and Imlek (Mon-Wed) too. */
	assert_int_equal(between(w, at(2025, 1, 24, HM(15, 0)),
	    at(2025, 1, 30, HM(8, 0))), 60);
	/* Over a month's end: Fri 31 Jan 15.00 to Mon 3 Feb 08.00. */
	assert_int_equal(between(w, at(2025, 1, 31, HM(15, 0)),
	    at(2025, 2, 3, HM(8, 0))), 60);
	/* A week: 4 x 450 + 420. */
	assert_int_equal(between(w, at(2025, 2, 3, 0),
	    at(2025, 2, 10, 0)), 4 * 450 + 420);
	/* Backwards or equal: nothing. */
	assert_int_equal(between(w, at(2025, 1, 7, HM(9, 0)),
	    at(2025, 1, 6, HM(9, 0))), 0);
	assert_int_equal(between(w, at(2025, 1, 7, HM(9, 0)),
	    at(2025, 1, 7, HM(9, 0))), 0);
	wtime_free(w);
}

static void
t_deadline(void **state)
{
	struct wtime *w = durenan();

	(void)state;
	/* Minutes, across the break and up to it exactly. */
	due(w, at(2025, 1, 6, HM(9, 0)), "5 menit", at(2025, 1, 6, HM(9, 5)));
	due(w, at(2025, 1, 6, HM(11, 58)), "2 menit",
	    at(2025, 1, 6, HM(12, 0)));
	due(w, at(2025, 1, 6, HM(11, 59)), "2 menit",
	    at(2025, 1, 6, HM(12, 31)));
	due(w, at(2025, 1, 6, HM(11, 30)), "1 jam",
	    at(2025, 1, 6, HM(13, 0)));
	/* Received in the break: counted from its end. */
	due(w, at(2025, 1, 6, HM(12, 10)), "15 menit",
	    at(2025, 1, 6, HM(12, 45)));
	/* Friday's break is 11.30-13.00. */
	due(w, at(2025, 1, 10, HM(11, 0)), "1 jam",
	    at(2025, 1, 10, HM(13, 30)));
	/* After pulang, before masuk. */
	due(w, at(2025, 1, 6, HM(17, 0)), "2 menit",
	    at(2025, 1, 7, HM(7, 32)));
	due(w, at(2025, 1, 10, HM(6, 0)), "2 menit",
	    at(2025, 1, 10, HM(7, 2)));
	/* Over the weekend and the month's end. */
	due(w, at(2025, 1, 31, HM(15, 29)), "2 menit",
	    at(2025, 2, 3, HM(7, 31)));
	/* A day is that weekday's length: Monday 450, Friday 420. */
	due(w, at(2025, 1, 6, HM(10, 0)), "1 hari",
	    at(2025, 1, 7, HM(10, 0)));
	due(w, at(2025, 1, 6, HM(7, 30)), "1 hari",
	    at(2025, 1, 6, HM(15, 30)));
	due(w, at(2025, 1, 31, HM(10, 0)), "1 hari",
	    at(2025, 2, 3, HM(10, 30)));
	/* Thursday (450) then Friday (420): Fri 09.30, then Mon 10.00. */
	due(w, at(2025, 1, 30, HM(10, 0)), "1 hari",
	    at(2025, 1, 31, HM(9, 30)));
	due(w, at(2025, 1, 30, HM(10, 0)), "2 hari",
	    at(2025, 2, 3, HM(10, 0)));
	/* Received on a Saturday: Monday's length from Monday's masuk. */
	due(w, at(2025, 1, 4, HM(10, 0)), "1 hari",
	    at(2025, 1, 6, HM(15, 30)));
	/* Over the holidays: Friday 24 Jan to Thursday 30 Jan. */
	due(w, at(2025, 1, 24, HM(15, 0)), "1 jam",
	    at(2025, 1, 30, HM(8, 0)));
	/* New Year's Day is off: 31 Dec 2024 (Tue) to 2 Jan 2025. */
	due(w, at(2024, 12, 31, HM(15, 0)), "1 jam",
	    at(2025, 1, 2, HM(8, 0)));
	wtime_free(w);
}

/* Whatever the start and span, the working minutes up to the deadline
 * are the span's. */
static void
t_inverse(void **state)
{
	static const char *spans[] = { "1 menit", "7 menit", "1 jam",
		"3 jam", "1 hari", "2 hari", "5 hari" };
	struct wtime *w = durenan();

	(void)state;
	for (int day = 0; day < 21; day++)
		for (int min = 0; min < 1440; min += 37)
			for (size_t i = 0; i < sizeof(spans) / sizeof(spans[0]);
			    i++) {
				struct wmoment a, b;
				struct wspan sp;
				long want;

				a.min = min;
				wtime_date_add(&(struct date){ 2025, 1, 20 },
				    day, &a.d);
				assert_int_equal(wtime_span_parse(spans[i],
				    &sp), 0);
				assert_int_equal(wtime_deadline(w, &a, &sp,
				    &b), 0);
				if (sp.unit == WT_HARI)
					continue;
				want = sp.unit == WT_JAM ? sp.n * 60 : sp.n;
				if (wtime_minutes(w, &a, &b) != want)
					fail_msg("day %d min %d %s: %ld", day,
					    min, spans[i],
					    wtime_minutes(w, &a, &b));
			}
	wtime_free(w);
}

static void
t_span_parse(void **state)
{
	struct wspan sp;

	(void)state;
	assert_int_equal(wtime_span_parse("2 menit", &sp), 0);
	assert_int_equal(sp.n, 2);
	assert_int_equal(sp.unit, WT_MENIT);
	assert_int_equal(wtime_span_parse(" 1 Jam ", &sp), 0);
	assert_int_equal(sp.unit, WT_JAM);
	assert_int_equal(wtime_span_parse("2  HARI", &sp), 0);
	assert_int_equal(sp.n, 2);
	assert_int_equal(sp.unit, WT_HARI);
	assert_int_equal(wtime_span_parse("60 menit", &sp), 0);
	assert_int_equal(sp.n, 60);
	assert_int_equal(wtime_span_parse("menit", &sp), -1);
	assert_int_equal(wtime_span_parse("0 menit", &sp), -1);
	assert_int_equal(wtime_span_parse("2menit", &sp), -1);
	assert_int_equal(wtime_span_parse("2 minggu", &sp), -1);
	assert_int_equal(wtime_span_parse("-1 jam", &sp), -1);
	assert_int_equal(wtime_span_parse("2 menit x", &sp), -1);
	assert_int_equal(wtime_span_parse("99999 menit", &sp), -1);
	assert_int_equal(wtime_span_parse("", &sp), -1);
	assert_int_equal(wtime_span_parse(NULL, &sp), -1);
}

static void
t_config(void **state)
{
	struct wtime *w = wtime_new();
	struct date d = { 2025, 1, 6 }, e;
	struct wmoment a = { { 2025, 1, 6 }, 0 }, b;
	struct wspan sp = { 1, WT_MENIT };

	(void)state;
	/* No jam kerja: no working day, and no deadline ever. */
	assert_int_equal(wtime_has_workdays(w), 0);
	assert_int_equal(wtime_is_workday(w, &d), 0);
	assert_int_equal(wtime_deadline(w, &a, &sp, &b), -1);
	/* Times that do not fit. */
	assert_int_equal(wtime_set_day(w, 7, 450, 930, 720, 750), -1);
	assert_int_equal(wtime_set_day(w, 1, 930, 450, 720, 750), -1);
	assert_int_equal(wtime_set_day(w, 1, 450, 930, 400, 750), -1);
	assert_int_equal(wtime_set_day(w, 1, 450, 930, 720, 960), -1);
	assert_int_equal(wtime_set_day(w, 1, 450, 930, 750, 720), -1);
	assert_int_equal(wtime_set_day(w, 1, 450, 1441, 720, 750), -1);
	/* Without a break. */
	assert_int_equal(wtime_set_day(w, 1, 480, 960, 0, 0), 0);
	assert_int_equal(wtime_day_minutes(w, &d), 480);
	assert_int_equal(wtime_add_libur(w, &d, NULL), 0);
	assert_int_equal(wtime_add_libur(w, &d, "again"), -1);
	assert_string_equal(wtime_libur(w, &d), "");
	/* Day names and calendar arithmetic. */
	assert_int_equal(wtime_day_parse("jumat"), 5);
	assert_int_equal(wtime_day_parse("Jumat"), -1);
	assert_string_equal(wtime_day_name(0), "minggu");
	wtime_date_add(&(struct date){ 2024, 12, 31 }, 1, &e);
	assert_true(e.y == 2025 && e.m == 1 && e.d == 1);
	wtime_date_add(&(struct date){ 2024, 2, 28 }, 1, &e);
	assert_true(e.y == 2024 && e.m == 2 && e.d == 29);
	wtime_date_add(&(struct date){ 2025, 3, 1 }, -1, &e);
	assert_true(e.y == 2025 && e.m == 2 && e.d == 28);
	wtime_free(w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_workday),
		cmocka_unit_test(t_minutes),
		cmocka_unit_test(t_deadline),
		cmocka_unit_test(t_inverse),
		cmocka_unit_test(t_span_parse),
		cmocka_unit_test(t_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
