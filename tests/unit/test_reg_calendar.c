/* test_reg_calendar.c -- the office's working calendar in the register
 * (reg_calendar_put/get, rollup): what is stored comes back the same,
 * nothing stored is told apart from an empty week, a changed calendar
 * replaces the old one whole; and wtime's own listing of what it holds
 * (wtime_get_day, wtime_libur_at) that the register copies.  Runs on
 * PostgreSQL too (NASKAH_TEST_PG, Makefile's PGUNIT). */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "reg.h"
#include "wtime.h"

struct fx {
	char		 dir[256], path[300];
	struct reg	*r;
};

static int
fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct nerr e = { 0 };

	snprintf(f->dir, sizeof(f->dir), "/tmp/test_reg_calendar.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/register.db", f->dir);
	if ((f->r = reg_create(f->path, "35.03.08", &e)) == NULL) {
		fprintf(stderr, "reg_create: %s\n", e.msg);
		return -1;
	}
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;
	char p[400];

	reg_close(f->r);
	for (const char *const *s = (const char *const[]){ "", "-wal", "-shm",
	    NULL }; *s; s++) {
		snprintf(p, sizeof(p), "%s%s", f->path, *s);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static struct date
D(int y, int m, int d)
{
	struct date x = { y, m, d };

	return x;
}

/* Watulimo's week: Monday..Thursday with a break, a short Friday, a
 * Saturday morning; two holidays. */
static struct wtime *
watulimo(void)
{
	struct wtime *w = wtime_new();
	struct date d;

	for (int i = 1; i <= 4; i++)
		assert_int_equal(wtime_set_day(w, i, 450, 930, 720, 750), 0);
	assert_int_equal(wtime_set_day(w, 5, 420, 690, 0, 0), 0);
	assert_int_equal(wtime_set_day(w, 6, 450, 750, 0, 0), 0);
	d = D(2025, 1, 27);
	assert_int_equal(wtime_add_libur(w, &d, "Isra Mikraj"), 0);
	d = D(2024, 12, 25);
	assert_int_equal(wtime_add_libur(w, &d, NULL), 0);
	return w;
}

/* Two calendars are the same when they say the same of every day and
 * give the same minutes over a stretch with a break, a Saturday, a
 * holiday and a Sunday. */
static void
same(const struct wtime *a, const struct wtime *b)
{
	int x[4], y[4];
	struct wmoment m1 = { { 2025, 1, 20 }, 600 }, m2 = { { 2025, 1, 28 },
	    700 };

	for (int d = 0; d < 7; d++) {
		assert_int_equal(wtime_get_day(a, d, &x[0], &x[1], &x[2], &x[3]),
		    wtime_get_day(b, d, &y[0], &y[1], &y[2], &y[3]));
		if (wtime_get_day(a, d, &x[0], &x[1], &x[2], &x[3]))
			assert_memory_equal(x, y, sizeof(x));
	}
	assert_int_equal(wtime_libur_count(a), wtime_libur_count(b));
	for (size_t i = 0; i < wtime_libur_count(a); i++) {
		struct date da, db;

		assert_string_equal(wtime_libur_at(a, i, &da),
		    wtime_libur_at(b, i, &db));
		assert_int_equal(date_cmp(&da, &db), 0);
	}
	assert_int_equal(wtime_minutes(a, &m1, &m2), wtime_minutes(b, &m1,
	    &m2));
}

static void
test_none_stored(void **state)
{
	struct fx *f = *state;
	struct wtime *w = (struct wtime *)1;
	struct nerr e = { 0 };

	assert_int_equal(reg_calendar_get(f->r, &w, &e), 0);
	assert_null(w);
}

static void
test_round_trip(void **state)
{
	struct fx *f = *state;
	struct wtime *w = watulimo(), *got = NULL;
	struct nerr e = { 0 };
	struct date d;
	int a, b, ia, ib;

	assert_int_equal(reg_calendar_put(f->r, w, &e), 0);
	assert_int_equal(reg_calendar_get(f->r, &got, &e), 1);
	same(w, got);
	/* The Saturday without a break, Sunday off, holidays in order. */
	assert_int_equal(wtime_get_day(got, 6, &a, &b, &ia, &ib), 1);
	assert_int_equal(a, 450);
	assert_int_equal(b, 750);
	assert_int_equal(ia, 0);
	assert_int_equal(ib, 0);
	assert_int_equal(wtime_get_day(got, 0, &a, &b, &ia, &ib), 0);
	assert_string_equal(wtime_libur_at(got, 0, &d), "");
	assert_int_equal(date_cmp(&d, &(struct date){ 2024, 12, 25 }), 0);
	assert_string_equal(wtime_libur_at(got, 1, &d), "Isra Mikraj");
	assert_int_equal(date_cmp(&d, &(struct date){ 2025, 1, 27 }), 0);
	/* The same again changes nothing; an empty calendar replaces it. */
	assert_int_equal(reg_calendar_put(f->r, w, &e), 0);
	wtime_free(got);
	wtime_free(w);
	w = wtime_new();
	assert_int_equal(reg_calendar_put(f->r, w, &e), 0);
	assert_int_equal(reg_calendar_get(f->r, &got, &e), 1);
	assert_false(wtime_has_workdays(got));
	assert_int_equal(wtime_libur_count(got), 0);
	wtime_free(got);
	wtime_free(w);
}

/* wtime_libur_at gives back the very date added, over four centuries. */
static void
test_libur_dates(void **state)
{
	struct wtime *w = wtime_new();
	struct date d = { 1900, 1, 1 }, got;
	size_t n = 0;

	(void)state;
	for (int i = 0; i < 300 * 366; i += 97) {
		struct date x;

		wtime_date_add(&d, i, &x);
		assert_int_equal(wtime_add_libur(w, &x, NULL), 0);
		n++;
	}
	assert_int_equal(wtime_libur_count(w), n);
	for (size_t i = 0; i < n; i++) {
		struct date x;

		wtime_date_add(&d, (long)i * 97, &x);
		wtime_libur_at(w, i, &got);
		assert_int_equal(date_cmp(&x, &got), 0);
	}
	wtime_free(w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_none_stored, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_round_trip, fx_setup,
		    fx_teardown),
		cmocka_unit_test(test_libur_dates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
