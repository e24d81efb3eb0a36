/* wtime.h -- working time: the office's jam kerja per weekday (with its
 * break) and its holidays; whether a day is a working day, the working
 * minutes between two moments, and when an SOP time standard ("2 menit",
 * "1 jam", "1 hari") falls due.  Pure: no I/O, no clock, no locale. */
#ifndef NASKAH_WTIME_H
#define NASKAH_WTIME_H

#include <stddef.h>

#include "date.h"
#include "err.h"

struct wtime;

/* A moment: a date and minutes after its midnight (0..1440). */
struct wmoment {
	struct date	 d;
	int		 min;
};

/* A time standard as an SOP writes it: "5 menit", "1 jam", "2 hari". */
enum wunit { WT_MENIT, WT_JAM, WT_HARI };
struct wspan {
	long		 n;
	enum wunit	 unit;
};

/* An empty calendar: every day is libur until wtime_set_day. */
struct wtime	*wtime_new(void);
void		 wtime_free(struct wtime *);
/* The jam kerja of weekday wday (0 Minggu, 1 Senin .. 6 Sabtu), minutes
 * after midnight: masuk < pulang, and a break ist_a < ist_b inside them,
 * or ist_a == ist_b (no break).  -1 if the times do not fit so. */
int		 wtime_set_day(struct wtime *, int wday, int masuk, int pulang,
		    int ist_a, int ist_b);
/* A holiday (hari libur nasional, cuti bersama); keterangan may be NULL.
 * -1 if d is already listed (the reader names the line). */
int		 wtime_add_libur(struct wtime *, const struct date *d,
		    const char *keterangan);
/* Whether some weekday has jam kerja: without one, no deadline exists. */
int		 wtime_has_workdays(const struct wtime *);

/* 0 Minggu, 1 Senin .. 6 Sabtu. */
int		 wtime_weekday(const struct date *);
/* "senin".."minggu" (lower case, as kantor.xml writes them) <-> 0..6. */
const char	*wtime_day_name(int wday);
int		 wtime_day_parse(const char *name);
/* The date n days after d (n may be negative). */
void		 wtime_date_add(const struct date *d, long n, struct date *out);
/* The holiday's keterangan ("" when none given), or NULL if d is none. */
const char	*wtime_libur(const struct wtime *, const struct date *d);
/* 1 if d has jam kerja and is no holiday. */
int		 wtime_is_workday(const struct wtime *, const struct date *d);
/* A working day's length in minutes (pulang - masuk - break), 0 for a
 * day off. */
int		 wtime_day_minutes(const struct wtime *, const struct date *d);

/* Working minutes from a to b (0 if b is not after a): only jam kerja of
 * working days count, breaks not. */
long		 wtime_minutes(const struct wtime *, const struct wmoment *a,
		    const struct wmoment *b);
/* "2 menit", "1 jam", "1 hari", "2 Hari" (blanks around and between,
 * any case): 0 ok, -1 not a time standard. */
int		 wtime_span_parse(const char *s, struct wspan *out);
/* The moment at which span of working time has passed from `from`: the
 * deadline.  It is the first moment that has the span behind it, so it
 * may be a day's pulang ("2 menit" from 15:28 of a day ending 15:30 is
 * 15:30 of that day).  "1 hari" is the length of the working day it
 * starts in (the first working day at or after `from` when that is off
 * work); "2 hari" two such days, the second's length that of the day
 * where the first ended.  0, or -1 if no working day comes in ten years
 * (a calendar of holidays only). */
int		 wtime_deadline(const struct wtime *, const struct wmoment *from,
		    const struct wspan *span, struct wmoment *out);

/* What the calendar holds, for the register's copy (reg.c): weekday
 * wday's jam kerja (1; ist_a == ist_b == 0 without a break) or 0 libur;
 * the holidays in date order, each with its keterangan ("" none). */
int		 wtime_get_day(const struct wtime *, int wday, int *masuk,
		    int *pulang, int *ist_a, int *ist_b);
size_t		 wtime_libur_count(const struct wtime *);
const char	*wtime_libur_at(const struct wtime *, size_t i,
		    struct date *out);

#endif
