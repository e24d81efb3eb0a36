/* progress.c -- the progress line (progress.h): redrawn in place with
 * \r and the erase-line control, throttled to ten redraws a second so
 * that a batch of 10,000 letters pays a clock read per letter, and
 * cleared at the end so that the summary line stands alone.  While it is
 * shown, stderr is a stream of ours (fopencookie) in front of the
 * terminal's: whatever any module prints there clears the line first and
 * has it drawn again after its last newline, so a message is never
 * written over it. */
#define _GNU_SOURCE
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
	int	 drawn;			/* drawn once: cleared at the end */
	int	 shown;			/* on the screen now */
	int	 partial;		/* a message without its newline yet */
	FILE	*tty;			/* the real stderr */
	FILE	*mine;			/* stderr meanwhile: our stream */
	pid_t	 pid;			/* a forked worker only passes on */
};

static void	draw(struct progress *, double);

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A message for stderr: the line cleared before it, drawn again once
 * the message ends its line. */
static ssize_t
msg_write(void *arg, const char *buf, size_t n)
{
	struct progress *p = arg;

	if (p->pid == getpid() && p->shown) {
		fputs("\r\033[K", p->tty);
		p->shown = 0;
	}
	if (fwrite(buf, 1, n, p->tty) != n)
		return -1;
	fflush(p->tty);
	p->partial = n > 0 && buf[n - 1] != '\n';
	if (p->pid == getpid() && n > 0 && buf[n - 1] == '\n' && p->drawn)
		draw(p, now());
	return (ssize_t)n;
}

struct progress *
progress_new(const char *what, const char *unit, long total, int quiet)
{
	struct progress *p;
	FILE *f;

	if (quiet || !isatty(STDERR_FILENO))
		return NULL;
	p = xcalloc(1, sizeof(*p));
	snprintf(p->what, sizeof(p->what), "%s", what);
	snprintf(p->unit, sizeof(p->unit), "%s", unit);
	p->total = total;
	p->start = now();
	p->last = -1;
	p->tty = stderr;
	p->pid = getpid();
	/* Line-buffered: a message reaches msg_write whole. */
	if ((f = fopencookie(p, "w", (cookie_io_functions_t){ .write =
	    msg_write })) != NULL && setvbuf(f, NULL, _IOLBF, 4096) == 0) {
		fflush(stderr);
		p->mine = stderr = f;
	} else if (f != NULL)
		fclose(f);
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
	 * cursor back at the start, where msg_write clears it. */
	fprintf(p->tty, "\r\033[Knaskah %s: %ld/%ld %s, %.0f/s%s\r",
	    p->what, p->done, p->total > p->done ? p->total : p->done,
	    p->unit, rate, left);
	fflush(p->tty);
	p->last = t;
	p->drawn = p->shown = 1;
}

void
progress_set(struct progress *p, long done)
{
	double t;

	if (p == NULL)
		return;
	p->done = done;
	t = now();
	if (!p->partial && (p->last < 0 || t - p->last >= 0.1))
		draw(p, t);
}

void
progress_end(struct progress *p)
{
	if (p == NULL)
		return;
	if (p->mine != NULL) {
		/* What is left of a message without its newline goes out
		 * first; then stderr is the terminal's again. */
		fflush(p->mine);
		if (stderr == p->mine)
			stderr = p->tty;
		fclose(p->mine);
	}
	if (p->drawn && p->shown) {
		fputs("\r\033[K", p->tty);
		fflush(p->tty);
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
