/* test_progress.c -- the progress line (progress.c): drawn on a terminal
 * only, throttled, cleared at the end; and the line count of a CSV that
 * makes its total. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pty.h>
#include <unistd.h>

#include <cmocka.h>

#include "progress.h"

/* Runs f with stderr on a pty (tty 1) or a pipe (0); what it wrote. */
static size_t
capture(int tty, void (*f)(void), char *buf, size_t n)
{
	int fds[2], saved = dup(STDERR_FILENO);
	size_t got = 0;
	ssize_t r;

	if (tty)
		assert_int_equal(openpty(&fds[0], &fds[1], NULL, NULL, NULL), 0);
	else
		assert_int_equal(pipe(fds), 0);
	fflush(stderr);
	dup2(fds[1], STDERR_FILENO);
	f();
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(fds[1]);
	while (got + 1 < n && (r = read(fds[0], buf + got, n - 1 - got)) > 0)
		got += (size_t)r;
	buf[got] = '\0';
	close(fds[0]);
	return got;
}

static void
many_steps(void)
{
	struct progress *p = progress_new("run", "rows", 1000, 0);

	for (long i = 1; i <= 1000; i++)
		progress_set(p, i);
	progress_end(p);
}

static void
quiet_steps(void)
{
	struct progress *p = progress_new("run", "rows", 1000, 1);

	assert_null(p);
	progress_set(p, 1);	/* NULL does nothing */
	progress_more(p, 1);
	progress_end(p);
}

static void
test_tty_only(void **state)
{
	char buf[4096];

	(void)state;
	capture(1, many_steps, buf, sizeof(buf));
	assert_non_null(strstr(buf, "naskah run: 1/1000 rows"));
	/* A thousand quick steps are one or two redraws, not a thousand. */
	size_t draws = 0;
	for (char *q = buf; (q = strstr(q, "naskah run:")) != NULL; q++)
		draws++;
	assert_true(draws >= 1 && draws <= 3);
	/* Cleared at the end: the last thing written erases the line. */
	size_t len = strlen(buf);
	assert_true(len >= 4 && memcmp(buf + len - 4, "\r\033[K", 4) == 0);
	assert_int_equal(capture(0, many_steps, buf, sizeof(buf)), 0);
	assert_int_equal(capture(1, quiet_steps, buf, sizeof(buf)), 0);
}

static void
test_lines(void **state)
{
	char path[] = "/tmp/test_progress.XXXXXX";
	int fd = mkstemp(path);
	FILE *fp = fdopen(fd, "w");

	(void)state;
	fputs("a,b\n1,2\n3,4\n5,6\n", fp);
	fclose(fp);
	assert_int_equal(progress_lines(path), 3);
	unlink(path);
	assert_int_equal(progress_lines(path), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tty_only),
		cmocka_unit_test(test_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
