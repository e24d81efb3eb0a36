/* progress.c -- the progress line (progress.h): redrawn in place with
 * \r and the erase-line control, throttled to ten redraws a second so
 * that a batch of 10,000 letters pays a clock read per letter, and
 * cleared at the end so that the summary line stands alone. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"
#include "xmem.h"

struct progress {
	char	 what[32], unit[16];
	long	 total, done;
	double	 start, last;		/* seconds, monotonic */
	int	 drawn;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct progress *
progress_new(const char *what, const char *unit, long total, int quiet)
{
	struct progress *p;

	if (quiet || !isatty(STDERR_FILENO))
		return NULL;
	p = xcalloc(1, sizeof(*p));
	snprintf(p->what, sizeof(p->what), "%s", what);
	snprintf(p->unit, sizeof(p->unit), "%s", unit);
	p->total = total;
	p->start = now();
	p->last = -1;
	return p;
}

void
progress_more(struct progress *p, long n)
{
	if (p != NULL)
		p->total += n;
}

static void
draw(struct progress *p, double t)
{
	double el = t - p->start, rate = el > 0 ? (double)p->done / el : 0;
	char left[32] = "";

	if (rate > 0 && p->total > p->done) {
		long s = (long)((double)(p->total - p->done) / rate + 0.5);

		snprintf(left, sizeof(left), ", %ld:%02ld left", s / 60,
		    s % 60);
	}
	/* Erase-line first: a shorter line leaves nothing behind; the
	 * cursor back at the start: a message printed meanwhile writes over
	 * the line rather than after it. */
	fprintf(stderr, "\r\033[Knaskah %s: %ld/%ld %s, %.0f/s%s\r", p->what,
	    p->done, p->total > p->done ? p->total : p->done, p->unit, rate,
	    left);
	fflush(stderr);
	p->last = t;
	p->drawn = 1;
}

void
progress_set(struct progress *p, long done)
{
	double t;

	if (p == NULL)
		return;
	p->done = done;
	t = now();
	if (p->last < 0 || t - p->last >= 0.1)
		draw(p, t);
}

void
progress_end(struct progress *p)
{
	if (p == NULL)
		return;
	if (p->drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	free(p);
}

long
progress_lines(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char buf[65536];
	size_t n;
	long lines = 0;

	if (fp == NULL)
		return 0;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		for (char *q = buf; (q = memchr(q, '\n', n - (size_t)(q - buf)))
		    != NULL; q++)
			lines++;
	fclose(fp);
	return lines > 0 ? lines - 1 : 0;
}
