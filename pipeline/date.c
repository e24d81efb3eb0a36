/* date.c -- the front desk's dates.  Parsing is strict on purpose: a date
 * that is merely plausible ("2025/01/20", "31-02-2025") is refused so the
 * row is sent back instead of a letter going out with a guessed date. */
#include <stdio.h>
#include <string.h>

#include "date.h"

#define DATE_YMIN	1900
#define DATE_YMAX	2199

static const char *const month_id[12] = {
	"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
	"Agustus", "September", "Oktober", "November", "Desember"
};

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_valid(int y, int m, int d)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (y < DATE_YMIN || y > DATE_YMAX || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap(y));
}

/* Reads between min and max ASCII digits at *p; -1 if fewer than min.
 * isdigit() would take the locale's word for what a digit is. */
static int
num(const char **p, int min, int max)
{
	int n = 0, v = 0;

	while (n < max && **p >= '0' && **p <= '9') {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n < min ? -1 : v;
}

static const char *
skip_blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* 1 if only blanks are left at p. */
static int
at_end(const char *p)
{
	return *skip_blank(p) == '\0';
}

int
date_parse(const char *s, struct date *out)
{
	const char *p;
	int y, m, d;

	if (s == NULL)
		return -1;
	s = skip_blank(s);
	p = s;
	/* The ISO form is what machines write, so no one-digit fields. */
	if ((y = num(&p, 4, 4)) >= 0 && *p == '-') {
		p++;
		if ((m = num(&p, 2, 2)) < 0 || *p++ != '-' ||
		    (d = num(&p, 2, 2)) < 0 || !at_end(p))
			return -1;
	} else {
		char sep;

		p = s;
		if ((d = num(&p, 1, 2)) < 0 || (*p != '/' && *p != '-'))
			return -1;
		/* Both separators must agree: "20/01-2025" is a typo. */
		sep = *p++;
		if ((m = num(&p, 1, 2)) < 0 || *p++ != sep ||
		    (y = num(&p, 4, 4)) < 0 || !at_end(p))
			return -1;
	}
	if (!date_valid(y, m, d))
		return -1;
	if (out != NULL) {
		out->y = y;
		out->m = m;
		out->d = d;
	}
	return 0;
}

void
date_iso(const struct date *d, char *buf, size_t sz)
{
	snprintf(buf, sz, "%04d-%02d-%02d", d->y, d->m, d->d);
}

void
date_format_id(const struct date *d, char *buf, size_t sz)
{
	const char *mon = date_month_id(d->m);

	/* A bad month must still show something a human can correct. */
	if (mon == NULL)
		date_iso(d, buf, sz);
	else
		snprintf(buf, sz, "%d %s %d", d->d, mon, d->y);
}

const char *
date_month_id(int m)
{
	return m >= 1 && m <= 12 ? month_id[m - 1] : NULL;
}

int
date_cmp(const struct date *a, const struct date *b)
{
	if (a->y != b->y)
		return a->y < b->y ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	return 0;
}

/* The proleptic Gregorian day count of Howard Hinnant's days_from_civil:
 * counting from March makes the leap day the last of its year. */
long
date_days(const struct date *d)
{
	long y = d->y - (d->m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (d->m + 9) % 12;
	long doy = (153 * mp + 2) / 5 + d->d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

int
date_parse_hhmm(const char *s, int *minutes)
{
	const char *p;
	int h, mi;

	if (s == NULL)
		return -1;
	p = skip_blank(s);
	if ((h = num(&p, 1, 2)) < 0 || *p++ != ':' ||
	    (mi = num(&p, 2, 2)) < 0 || !at_end(p))
		return -1;
	if (h > 23 || mi > 59)
		return -1;
	if (minutes != NULL)
		*minutes = h * 60 + mi;
	return 0;
}

int
date_parse_month(const char *s, int *y, int *m)
{
	const char *p;
	int yy, mm;

	if (s == NULL)
		return -1;
	p = skip_blank(s);
	if ((yy = num(&p, 4, 4)) < 0 || *p++ != '-' ||
	    (mm = num(&p, 2, 2)) < 0 || !at_end(p))
		return -1;
	if (!date_valid(yy, mm, 1))
		return -1;
	if (y != NULL)
		*y = yy;
	if (m != NULL)
		*m = mm;
	return 0;
}
