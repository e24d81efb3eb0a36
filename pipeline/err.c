/* err.c -- filling and printing the shared error record. */
#include <stdarg.h>
#include <string.h>

#include "err.h"

void
nerr_set(struct nerr *e, int status, const char *file, long line, long col,
    const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return;
	e->status = status;
	snprintf(e->file, sizeof(e->file), "%s", file ? file : "");
	e->line = line;
	e->col = col;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

void
nerr_format(char *buf, size_t sz, const struct nerr *e)
{
	int n = 0;

	buf[0] = '\0';
	if (e->file[0] != '\0') {
		n = snprintf(buf, sz, "%s:", e->file);
		if (e->line > 0 && n >= 0 && (size_t)n < sz)
			n += snprintf(buf + n, sz - n, "%ld:", e->line);
		if (e->col > 0 && n >= 0 && (size_t)n < sz)
			n += snprintf(buf + n, sz - n, "%ld:", e->col);
		if (n >= 0 && (size_t)n < sz)
			n += snprintf(buf + n, sz - n, " ");
	}
	if (n >= 0 && (size_t)n < sz)
		snprintf(buf + n, sz - n, "%s", e->msg);
}

void
nerr_print(FILE *fp, const char *prog, const struct nerr *e)
{
	char buf[2048];

	nerr_format(buf, sizeof(buf), e);
	fprintf(fp, "%s: %s\n", prog, buf);
}
