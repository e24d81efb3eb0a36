/* csvr.c -- a streaming CSV reader over libcsv: BOM, ',' or ';' detected
 * from the header, RFC 4180 quoting, CRLF, and the line each row starts on.
 * Lines are fed to libcsv one at a time, so a row never waits on a buffer
 * boundary and memory stays flat in the number of rows. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "csvr.h"
#include "enc.h"

#define MAXFIELD	(1u << 20)

struct csvr {
	FILE			*fp;
	char			 name[512];
	struct csv_parser	 p;
	char			 delim;
	char			*linebuf;
	size_t			 linecap;
	long			 line;		/* lines fed so far */
	long			 row_line;	/* where the current row began */
	int			 eof;
	/* The row being built. */
	char			**f;
	size_t			*len;
	size_t			 nf, capf;
	int			 row_ready;
	int			 row_bad;	/* 1: too long, 2: bad UTF-8 */
	size_t			 bad_field, bad_off;
	/* The header. */
	char			**hdr;
	size_t			 ncols;
};

static void
on_field(void *s, size_t n, void *arg)
{
	struct csvr *r = arg;
	size_t off;

	if (r->nf == r->capf) {
		r->capf = r->capf ? r->capf * 2 : 32;
		r->f = realloc(r->f, r->capf * sizeof(*r->f));
		r->len = realloc(r->len, r->capf * sizeof(*r->len));
		if (r->f == NULL || r->len == NULL)
			abort();
	}
	if (r->row_bad == 0 && n > MAXFIELD) {
		r->row_bad = 1;
		r->bad_field = r->nf + 1;
	}
	if (r->row_bad == 0 && !enc_utf8_valid(s ? s : "", n, &off)) {
		r->row_bad = 2;
		r->bad_field = r->nf + 1;
		r->bad_off = off;
	}
	if (r->row_bad) {
		n = 0;	/* keep counting fields, not bytes */
		s = NULL;
	}
	if ((r->f[r->nf] = malloc(n + 1)) == NULL)
		abort();
	if (n > 0)
		memcpy(r->f[r->nf], s, n);
	r->f[r->nf][n] = '\0';
	r->len[r->nf++] = n;
}

static void
on_row(int c, void *arg)
{
	struct csvr *r = arg;

	(void)c;
	r->row_ready = 1;
}

static void
row_clear(struct csvr *r)
{
	for (size_t i = 0; i < r->nf; i++)
		free(r->f[i]);
	r->nf = 0;
	r->row_ready = 0;
	r->row_bad = 0;
}

/* The header line decides the delimiter: whichever of ';' and ',' occurs
 * more often outside quotes (spreadsheets in the Indonesian locale use ';'). */
static char
detect(const char *s)
{
	int q = 0, semi = 0, comma = 0;

	for (; *s && *s != '\n'; s++) {
		if (*s == '"')
			q = !q;
		else if (!q && *s == ';')
			semi++;
		else if (!q && *s == ',')
			comma++;
	}
	return semi > comma ? ';' : ',';
}

/* Feeds lines until a row is complete or the input ends: 1 row, 0 end. */
static int
pull(struct csvr *r, struct nerr *e)
{
	while (!r->row_ready) {
		ssize_t n;

		if (r->eof)
			return 0;
		n = getline(&r->linebuf, &r->linecap, r->fp);
		if (n < 0) {
			if (ferror(r->fp)) {
				nerr_set(e, EX_IOERR, r->name, r->line + 1, 0,
				    "read error: %s", strerror(errno));
				return -2;
			}
			r->eof = 1;
			if (r->p.quoted && r->p.pstate >= 2) {
				/* Give back what there is, as a bad row. */
				csv_fini(&r->p, on_field, on_row, r);
				nerr_set(e, EX_DATAERR, r->name, r->row_line, 0,
				    "unterminated quoted field (the row starting "
				    "here runs to the end of the file)");
				row_clear(r);
				return -1;
			}
			csv_fini(&r->p, on_field, on_row, r);
			if (!r->row_ready)
				return 0;
			break;
		}
		const char *buf = r->linebuf;
		if (r->line == 0 && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
			buf += 3;
			n -= 3;
		}
		r->line++;
		if (r->nf == 0 && r->p.pstate == 0)
			r->row_line = r->line;
		if (memchr(buf, '\0', (size_t)n) != NULL && r->row_bad == 0) {
			r->row_bad = 2;
			r->bad_field = r->nf + 1;
			r->bad_off = (size_t)((const char *)memchr(buf, '\0',
			    (size_t)n) - buf);
		}
		if (csv_parse(&r->p, buf, (size_t)n, on_field, on_row, r) !=
		    (size_t)n) {
			nerr_set(e, EX_DATAERR, r->name, r->line, 0, "%s",
			    csv_strerror(csv_error(&r->p)));
			return -2;
		}
	}
	return 1;
}

static int
blank_row(const struct csvr *r)
{
	for (size_t i = 0; i < r->nf; i++)
		if (r->len[i] > 0)
			return 0;
	return 1;
}

static struct csvr *
open_fp(FILE *fp, const char *name, struct nerr *e)
{
	struct csvr *r = calloc(1, sizeof(*r));
	int rc;

	if (r == NULL)
		abort();
	r->fp = fp;
	snprintf(r->name, sizeof(r->name), "%s", name);
	if (csv_init(&r->p, 0) != 0)
		abort();
	/* Peek at the first line for the delimiter, then rewind. */
	ssize_t n = getline(&r->linebuf, &r->linecap, fp);
	if (n <= 0) {
		nerr_set(e, EX_DATAERR, name, 1, 0, "empty file: no header row");
		csvr_close(r);
		return NULL;
	}
	r->delim = detect(r->linebuf);
	rewind(fp);
	csv_set_delim(&r->p, (unsigned char)r->delim);
	do {
		if ((rc = pull(r, e)) <= 0) {
			if (rc == 0)
				nerr_set(e, EX_DATAERR, name, 1, 0,
				    "empty file: no header row");
			csvr_close(r);
			return NULL;
		}
		if (blank_row(r))
			row_clear(r);
	} while (!r->row_ready);
	if (r->row_bad) {
		nerr_set(e, EX_DATAERR, name, r->row_line, r->bad_field,
		    "header: invalid UTF-8 or over-long field");
		csvr_close(r);
		return NULL;
	}
	r->ncols = r->nf;
	r->hdr = calloc(r->ncols, sizeof(*r->hdr));
	for (size_t i = 0; i < r->ncols; i++) {
		char *h = r->f[i];
		for (char *p = h; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		r->hdr[i] = h;
		r->f[i] = NULL;
		for (size_t j = 0; j < i; j++)
			if (strcmp(r->hdr[j], h) == 0) {
				nerr_set(e, EX_DATAERR, name, r->row_line,
				    i + 1, "column \"%s\" appears twice in the "
				    "header", h);
				r->nf = 0;
				csvr_close(r);
				return NULL;
			}
	}
	r->nf = 0;
	r->row_ready = 0;
	return r;
}

struct csvr *
csvr_open(const char *path, struct nerr *e)
{
	FILE *fp = fopen(path, "rb");

	if (fp == NULL) {
		nerr_set(e, EX_NOINPUT, path, 0, 0, "%s", strerror(errno));
		return NULL;
	}
	return open_fp(fp, path, e);
}

struct csvr *
csvr_open_mem(const char *name, const char *buf, size_t len, struct nerr *e)
{
	FILE *fp = len ? fmemopen((void *)buf, len, "rb") : NULL;

	if (fp == NULL) {
		nerr_set(e, EX_DATAERR, name, 1, 0, "empty file: no header row");
		return NULL;
	}
	return open_fp(fp, name, e);
}

size_t
csvr_ncols(const struct csvr *r)
{
	return r->ncols;
}

const char *
csvr_colname(const struct csvr *r, size_t i)
{
	return i < r->ncols ? r->hdr[i] : NULL;
}

int
csvr_col(const struct csvr *r, const char *name)
{
	for (size_t i = 0; i < r->ncols; i++)
		if (strcmp(r->hdr[i], name) == 0)
			return (int)i;
	return -1;
}

char
csvr_delim(const struct csvr *r)
{
	return r->delim;
}

int
csvr_next(struct csvr *r, struct csvr_row *row, struct nerr *e)
{
	int rc;

	for (;;) {
		row_clear(r);
		if ((rc = pull(r, e)) <= 0)
			return rc;
		if (r->row_bad == 1) {
			nerr_set(e, EX_DATAERR, r->name, r->row_line,
			    r->bad_field, "field %zu longer than 1 MiB",
			    r->bad_field);
			return -1;
		}
		if (r->row_bad == 2) {
			nerr_set(e, EX_DATAERR, r->name, r->row_line,
			    r->bad_field, "invalid UTF-8 (or NUL byte) at "
			    "byte offset %zu of field %zu", r->bad_off + 1,
			    r->bad_field);
			return -1;
		}
		if (blank_row(r))
			continue;
		if (r->nf != r->ncols) {
			nerr_set(e, EX_DATAERR, r->name, r->row_line,
			    r->nf > r->ncols ? r->ncols + 1 : r->nf,
			    "row has %zu fields, header has %zu", r->nf,
			    r->ncols);
			return -1;
		}
		row->line = r->row_line;
		row->nfields = r->nf;
		row->fields = (const char **)r->f;
		row->lens = r->len;
		return 1;
	}
}

void
csvr_close(struct csvr *r)
{
	if (r == NULL)
		return;
	row_clear(r);
	for (size_t i = 0; i < r->ncols; i++)
		free(r->hdr[i]);
	free(r->hdr);
	free(r->f);
	free(r->len);
	free(r->linebuf);
	csv_free(&r->p);
	if (r->fp != NULL)
		fclose(r->fp);
	free(r);
}
