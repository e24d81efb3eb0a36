/* wtime.c -- working time over the office's week and holiday list.  SOP
 * time standards count only jam kerja of working days, so every sum walks
 * the calendar a day at a time through at most two periods a day (before
 * and after the break). */
#include <stdlib.h>
#include <string.h>

#include "wtime.h"
#include "xmem.h"

/* Ten years without a working day: the calendar is broken, not busy. */
#define WT_MAXGAP	3653

struct wday {
	int	 kerja;			/* 0: libur */
	int	 per[2][2];		/* [start, end) minutes; per[1] empty
					 * (start == end) without a break */
};

struct libur {
	long	 day;			/* date_days() */
	char	*ket;
};

struct wtime {
	struct wday	 week[7];
	struct libur	*lib;		/* sorted by day */
	size_t		 nlib;
};

static const char *const day_name[7] = {
	"minggu", "senin", "selasa", "rabu", "kamis", "jumat", "sabtu"
};

struct wtime *
wtime_new(void)
{
	return xcalloc(1, sizeof(struct wtime));
}

void
wtime_free(struct wtime *w)
{
	if (w == NULL)
		return;
	for (size_t i = 0; i < w->nlib; i++)
		free(w->lib[i].ket);
	free(w->lib);
	free(w);
}

int
wtime_set_day(struct wtime *w, int wday, int masuk, int pulang, int ist_a,
    int ist_b)
{
	struct wday *d;

	if (wday < 0 || wday > 6 || masuk < 0 || pulang > 1440 ||
	    masuk >= pulang)
		return -1;
	if (ist_a != ist_b && (ist_a <= masuk || ist_b >= pulang ||
	    ist_a > ist_b))
		return -1;
	d = &w->week[wday];
	d->kerja = 1;
	if (ist_a == ist_b) {
		d->per[0][0] = masuk;
		d->per[0][1] = pulang;
		d->per[1][0] = d->per[1][1] = pulang;
	} else {
		d->per[0][0] = masuk;
		d->per[0][1] = ist_a;
		d->per[1][0] = ist_b;
		d->per[1][1] = pulang;
	}
	return 0;
}

/* Index of the first holiday on or after day. */
static size_t
lib_find(const struct wtime *w, long day)
{
	size_t lo = 0, hi = w->nlib;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->lib[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int
wtime_add_libur(struct wtime *w, const struct date *d, const char *ket)
{
	long day = date_days(d);
	size_t i = lib_find(w, day);

	if (i < w->nlib && w->lib[i].day == day)
		return -1;
	w->lib = xrealloc(w->lib, (w->nlib + 1) * sizeof(*w->lib));
	memmove(&w->lib[i + 1], &w->lib[i], (w->nlib - i) * sizeof(*w->lib));
	w->lib[i].day = day;
	w->lib[i].ket = xstrdup(ket);
	w->nlib++;
	return 0;
}

int
wtime_has_workdays(const struct wtime *w)
{
	for (int i = 0; i < 7; i++)
		if (w->week[i].kerja)
			return 1;
	return 0;
}

static int
weekday_of(long day)
{
	/* 1970-01-01 was a Thursday. */
	long r = (day + 4) % 7;

	return (int)(r < 0 ? r + 7 : r);
}

int
wtime_weekday(const struct date *d)
{
	return weekday_of(date_days(d));
}

const char *
wtime_day_name(int wday)
{
	return wday >= 0 && wday < 7 ? day_name[wday] : NULL;
}

int
wtime_day_parse(const char *name)
{
	for (int i = 0; i < 7; i++)
		if (strcmp(name, day_name[i]) == 0)
			return i;
	return -1;
}

/* Howard Hinnant's civil_from_days, the inverse of date_days. */
static void
date_of(long z, struct date *out)
{
	long era, doe, yoe, y, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	out->d = (int)(doy - (153 * mp + 2) / 5 + 1);
	out->m = (int)(mp < 10 ? mp + 3 : mp - 9);
	out->y = (int)(y + (out->m <= 2));
}

void
wtime_date_add(const struct date *d, long n, struct date *out)
{
	date_of(date_days(d) + n, out);
}

const char *
wtime_libur(const struct wtime *w, const struct date *d)
{
	long day = date_days(d);
	size_t i = lib_find(w, day);

	return i < w->nlib && w->lib[i].day == day ? w->lib[i].ket : NULL;
}

/* The jam kerja of day (a date_days number), or NULL if it has none. */
static const struct wday *
day_of(const struct wtime *w, long day)
{
	const struct wday *wd = &w->week[weekday_of(day)];
	size_t i;

	if (!wd->kerja)
		return NULL;
	i = lib_find(w, day);
	if (i < w->nlib && w->lib[i].day == day)
		return NULL;
	return wd;
}

int
wtime_is_workday(const struct wtime *w, const struct date *d)
{
	return day_of(w, date_days(d)) != NULL;
}

static int
wday_len(const struct wday *wd)
{
	return wd == NULL ? 0 : wd->per[0][1] - wd->per[0][0] +
	    wd->per[1][1] - wd->per[1][0];
}

int
wtime_day_minutes(const struct wtime *w, const struct date *d)
{
	return wday_len(day_of(w, date_days(d)));
}

long
wtime_minutes(const struct wtime *w, const struct wmoment *a,
    const struct wmoment *b)
{
	long da = date_days(&a->d), db = date_days(&b->d), sum = 0;

	if (da > db || (da == db && a->min >= b->min))
		return 0;
	for (long day = da; day <= db; day++) {
		const struct wday *wd = day_of(w, day);
		int lo = day == da ? a->min : 0, hi = day == db ? b->min : 1440;

		if (wd == NULL)
			continue;
		for (int p = 0; p < 2; p++) {
			int s = wd->per[p][0] > lo ? wd->per[p][0] : lo;
			int e = wd->per[p][1] < hi ? wd->per[p][1] : hi;

			if (e > s)
				sum += e - s;
		}
	}
	return sum;
}

int
wtime_span_parse(const char *s, struct wspan *out)
{
	static const struct { const char *name; enum wunit u; } units[] = {
		{ "menit", WT_MENIT }, { "jam", WT_JAM }, { "hari", WT_HARI },
	};
	long n = 0;
	int digits = 0;
	char word[8];
	size_t wl = 0;

	if (s == NULL)
		return -1;
	while (*s == ' ' || *s == '\t')
		s++;
	/* isdigit() would take the locale's word for what a digit is. */
	for (; *s >= '0' && *s <= '9'; s++) {
		if (++digits > 4)
			return -1;
		n = n * 10 + (*s - '0');
	}
	if (digits == 0 || n == 0 || (*s != ' ' && *s != '\t'))
		return -1;
	while (*s == ' ' || *s == '\t')
		s++;
	for (; (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'); s++) {
		if (wl + 1 >= sizeof(word))
			return -1;
		word[wl++] = (char)(*s | 0x20);
	}
	word[wl] = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s != '\0')
		return -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(word, units[i].name) == 0) {
			if (out != NULL) {
				out->n = n;
				out->unit = units[i].u;
			}
			return 0;
		}
	return -1;
}

/*
 * Moves the position (*day, *min) forward by r working minutes (r > 0 lands on the first
 * moment with r behind it; r == 0 on the next working moment at or after
 * the position).  -1 if no working day comes within WT_MAXGAP days.
 */
static int
advance(const struct wtime *w, long *day, int *min, long r)
{
	long gap = 0;
	int m = *min;

	for (long d = *day;; d++, m = 0) {
		const struct wday *wd = day_of(w, d);

		if (wd == NULL) {
			if (++gap > WT_MAXGAP)
				return -1;
			continue;
		}
		gap = 0;
		for (int p = 0; p < 2; p++) {
			int s = wd->per[p][0], e = wd->per[p][1], start;

			if (m >= e || s == e)
				continue;
			start = m > s ? m : s;
			if (r == 0 || r <= e - start) {
				*day = d;
				*min = start + (int)r;
				return 0;
			}
			r -= e - start;
			m = e;
		}
	}
}

int
wtime_deadline(const struct wtime *w, const struct wmoment *from,
    const struct wspan *span, struct wmoment *out)
{
	long day = date_days(&from->d), r;
	int min = from->min;

	if (span->n <= 0) {
		*out = *from;
		return 0;
	}
	switch (span->unit) {
	case WT_MENIT:
	case WT_JAM:
		r = span->unit == WT_JAM ? span->n * 60 : span->n;
		if (advance(w, &day, &min, r) != 0)
			return -1;
		break;
	case WT_HARI:
		for (long i = 0; i < span->n; i++) {
			/* The day a "hari" is counted in is the one where
			 * work next happens, not the one just ended. */
			if (advance(w, &day, &min, 0) != 0 ||
			    advance(w, &day, &min, wday_len(day_of(w, day)))
			    != 0)
				return -1;
		}
		break;
	default:
		return -1;
	}
	date_of(day, &out->d);
	out->min = min;
	return 0;
}

/* For the register's copy of the calendar (reg.c, rollup). */
int
wtime_get_day(const struct wtime *w, int wday, int *masuk, int *pulang,
    int *ist_a, int *ist_b)
{
	const struct wday *d;

	if (wday < 0 || wday > 6 || !w->week[wday].kerja)
		return 0;
	d = &w->week[wday];
	*masuk = d->per[0][0];
	*pulang = d->per[1][1];
	/* Without a break per[1] is empty at pulang: report none. */
	*ist_a = d->per[1][0] == d->per[1][1] ? 0 : d->per[0][1];
	*ist_b = d->per[1][0] == d->per[1][1] ? 0 : d->per[1][0];
	return 1;
}

size_t
wtime_libur_count(const struct wtime *w)
{
	return w->nlib;
}

const char *
wtime_libur_at(const struct wtime *w, size_t i, struct date *out)
{
	long z = w->lib[i].day;

	/* date_days' inverse (days from 1970-01-01, civil calendar). */
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	out->d = (int)(doy - (153 * mp + 2) / 5 + 1);
	out->m = (int)(mp < 10 ? mp + 3 : mp - 9);
	out->y = (int)(yoe + era * 400 + (out->m <= 2));
	return w->lib[i].ket ? w->lib[i].ket : "";
}
