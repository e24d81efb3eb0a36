/* csvr.c -- a streaming CSV reader over libcsv: BOM, ',' or ';' detected
 * from the header, RFC 4180 quoting, CRLF, strict UTF-8, and the line each
 * row starts on.  Only the row being read is ever held in memory. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "csvr.h"

/* Overridable only so the fuzzer can reach the limits with small inputs. */
#ifndef CHUNK
#define CHUNK		65536		/* read buffer and largest libcsv feed */
#endif
#ifndef MAXFIELD
#define MAXFIELD	(1UL << 20)
#endif
#ifndef MAXROW
#define MAXROW		(16UL << 20)
#endif
#define MAXCOLS		4096

/* libcsv 3.0.3 parser states (libcsv.c keeps them private), and what
 * drop_field_text assumes of struct csv_parser's fields: written for that
 * version only (csvr_lib_check tests them at run time). */
#if CSV_MAJOR != 3 || CSV_MINOR != 0 || CSV_RELEASE != 3
#error "csvr.c uses libcsv 3.0.3's private parser states: check them for this version"
#endif
#define LC_ROW_NOT_BEGUN	0
#define LC_FIELD_NOT_BEGUN	1
#define LC_FIELD_BEGUN		2
#define LC_FIELD_MIGHT_HAVE_ENDED 3

struct csvr {
	char			 name[512];
	FILE			*fp;		/* NULL for memory input */
	unsigned char		*buf;		/* read buffer (files only) */
	const unsigned char	*cur, *end;	/* what is not fed yet */
	int			 eof;		/* source drained */
	int			 done;		/* libcsv finished */
	int			 fatal;
	struct nerr		 ferr;		/* the fatal error, repeated */
	struct csv_parser	 p;
	char			 delim;
	long			 line;		/* line of the next byte */
	long			 off;		/* its offset in that line */
	/* UTF-8 checked on the raw bytes, carried across feeds. */
	int			 u_need;	/* continuation bytes due */
	unsigned char		 u_lo, u_hi;	/* range of the next one */
	long			 u_off;		/* where the sequence began */
	/* The row being read. */
	long			 row_line;
	int			 ready;
	int			 bad;		/* rerr holds why */
	struct nerr		 rerr;
	int			 nonempty;
	int			 oom;
	size_t			 nf;		/* fields seen, stored or not */
	size_t			 maxstore;
	char			*rb;		/* the fields, NUL after each */
	size_t			 rblen, rbcap;
	size_t			*foff, *flen;
	const char		**fptr;
	size_t			 fcap;
	/* The header. */
	char			**hdr;
	size_t			 ncols;
};

static void
row_fail(struct csvr *r, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The first fault of a row is the one reported: later ones are usually
 * its consequence. */
static void
row_fail(struct csvr *r, long line, long col, const char *fmt, ...)
{
	char msg[sizeof(r->rerr.msg)];
	va_list ap;

	if (r->bad)
		return;
	r->bad = 1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	nerr_set(&r->rerr, EX_DATAERR, r->name, line, col, "%s", msg);
}

static int
grow_rb(struct csvr *r, size_t need)
{
	size_t n = r->rbcap ? r->rbcap : 256;
	char *nb;

	if (need <= r->rbcap)
		return 0;
	while (n < need)
		n *= 2;
	if ((nb = realloc(r->rb, n)) == NULL)
		return -1;
	r->rb = nb;
	r->rbcap = n;
	return 0;
}

static int
grow_fields(struct csvr *r, size_t need)
{
	size_t n = r->fcap ? r->fcap * 2 : 32;
	void *a, *b, *c;

	if (need <= r->fcap)
		return 0;
	/* Each realloc that succeeds is kept, so a failure leaks nothing. */
	if ((a = realloc(r->foff, n * sizeof(*r->foff))) != NULL)
		r->foff = a;
	if ((b = realloc(r->flen, n * sizeof(*r->flen))) != NULL)
		r->flen = b;
	if ((c = realloc((void *)r->fptr, n * sizeof(*r->fptr))) != NULL)
		r->fptr = c;
	if (a == NULL || b == NULL || c == NULL)
		return -1;
	r->fcap = n;
	return 0;
}

static void
on_field(void *s, size_t n, void *arg)
{
	struct csvr *r = arg;
	size_t i = r->nf++;

	if (n > 0)
		r->nonempty = 1;
	if (r->bad || r->oom)
		return;
	if (n > MAXFIELD) {
		row_fail(r, r->row_line, (long)i + 1,
		    "field %zu longer than 1 MiB", i + 1);
		return;
	}
	/* Past the header's width the row is wrong anyway: count, don't
	 * keep, so a row of a million delimiters costs nothing. */
	if (i >= r->maxstore)
		return;
	if (r->rblen + n + 1 > MAXROW) {
		row_fail(r, r->row_line, (long)i + 1,
		    "row longer than 16 MiB");
		return;
	}
	if (grow_rb(r, r->rblen + n + 1) != 0 ||
	    grow_fields(r, i + 1) != 0) {
		r->oom = 1;
		return;
	}
	if (n > 0)
		memcpy(r->rb + r->rblen, s, n);
	r->rb[r->rblen + n] = '\0';
	r->foff[i] = r->rblen;
	r->flen[i] = n;
	r->rblen += n + 1;
}

static void
on_row(int c, void *arg)
{
	struct csvr *r = arg;

	(void)c;
	r->ready = 1;
}

static void
row_clear(struct csvr *r)
{
	r->ready = 0;
	r->bad = 0;
	r->nonempty = 0;
	r->nf = 0;
	r->rblen = 0;
}

/* Strict UTF-8 (no overlongs, surrogates, code points past U+10FFFF) and
 * no NUL, one byte at a time so a sequence may straddle two reads.
 * 0 fine; 1 c is bad; 2 c cut a sequence short and must be looked at
 * again as the start of a new one. */
static int
u8_step(struct csvr *r, unsigned char c, long off)
{
	if (r->u_need > 0) {
		if (c < r->u_lo || c > r->u_hi) {
			r->u_need = 0;
			return 2;
		}
		r->u_lo = 0x80;
		r->u_hi = 0xBF;
		r->u_need--;
		return 0;
	}
	r->u_off = off;
	r->u_lo = 0x80;
	r->u_hi = 0xBF;
	if (c == 0)
		return 1;
	if (c < 0x80)
		return 0;
	if (c >= 0xC2 && c <= 0xDF)
		r->u_need = 1;
	else if (c == 0xE0) {
		r->u_need = 2;
		r->u_lo = 0xA0;
	} else if (c == 0xED) {
		r->u_need = 2;
		r->u_hi = 0x9F;
	} else if (c >= 0xE1 && c <= 0xEF)
		r->u_need = 2;
	else if (c == 0xF0) {
		r->u_need = 3;
		r->u_lo = 0x90;
	} else if (c == 0xF4) {
		r->u_need = 3;
		r->u_hi = 0x8F;
	} else if (c >= 0xF1 && c <= 0xF3)
		r->u_need = 3;
	else
		return 1;
	return 0;
}

static void
u8_fail(struct csvr *r, int nul)
{
	row_fail(r, r->line, r->u_off + 1, "%s at byte offset %ld of line %ld",
	    nul ? "NUL byte" : "invalid UTF-8", r->u_off, r->line);
}

/* libcsv buffers a whole field before handing it over.  Once a field is
 * known to be too long, its text is dropped as it comes while libcsv's
 * state is kept, so the row still ends where it should.  This reaches
 * into struct csv_parser (public in csv.h; pinned to libcsv 3.0.3). */
static void
drop_field_text(struct csv_parser *p)
{
	if (p->pstate == LC_FIELD_BEGUN) {
		p->entry_pos = 0;
		p->spaces = 0;
	} else if (p->pstate == LC_FIELD_MIGHT_HAVE_ENDED) {
		/* libcsv will take back spaces + 1 bytes (the closing
		 * quote and the spaces after it), and whether spaces is
		 * zero steers what a following quote means. */
		p->entry_buf[0] = p->quote_char;
		p->entry_buf[1] = ' ';
		p->spaces = p->spaces ? 1 : 0;
		p->entry_pos = 1 + p->spaces;
	}
}

/* The lengths of the fields libcsv hands over, in order. */
struct lc_got {
	long	 len[8];
	int	 n;
};

static void
lc_field(void *s, size_t n, void *arg)
{
	struct lc_got *g = arg;

	(void)s;
	if (g->n < 8)
		g->len[g->n++] = (long)n;
}

static void
lc_row(int c, void *arg)
{
	(void)c;
	(void)arg;
}

int
csvr_lib_check(struct nerr *e)
{
	struct csv_parser p;
	struct lc_got got = { { 0 }, 0 };
	int step = 0, ok;

	if (csv_init(&p, 0) != 0) {
		nerr_set(e, EX_OSERR, NULL, 0, 0, "libcsv: out of memory");
		return -1;
	}
#define FEED(s) csv_parse(&p, s, strlen(s), lc_field, lc_row, &got)
	ok = ++step && p.pstate == LC_ROW_NOT_BEGUN &&
	    ++step && FEED("ab") == 2 && p.pstate == LC_FIELD_BEGUN &&
	    !p.quoted && p.entry_pos == 2 && p.entry_buf[1] == 'b' &&
	    ++step && FEED(",") == 1 && got.n == 1 && got.len[0] == 2 &&
	    p.pstate == LC_FIELD_NOT_BEGUN &&
	    ++step && FEED("\"x") == 2 && p.pstate == LC_FIELD_BEGUN &&
	    p.quoted && p.entry_pos == 1 &&
	    ++step && FEED("y\"  ") == 4 &&
	    p.pstate == LC_FIELD_MIGHT_HAVE_ENDED && p.spaces == 2 &&
	    p.entry_pos == 5 && p.quote_char == '"' &&
	    p.entry_buf[2] == p.quote_char;
	if (ok) {
		/* What csvr does to a field too long: libcsv must hand it
		 * over empty and go on with the row. */
		drop_field_text(&p);
		ok = ++step && FEED(",z\n") == 3 && got.n == 3 &&
		    got.len[1] == 0 && got.len[2] == 1 &&
		    p.pstate == LC_ROW_NOT_BEGUN;
	}
#undef FEED
	csv_free(&p);
	if (ok)
		return 0;
	nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "libcsv does not behave as the "
	    "3.0.3 naskah was built against (check %d): rebuild it", step);
	return -1;
}

static int
fail_fatal(struct csvr *r, struct nerr *e, int status, const char *msg)
{
	r->fatal = 1;
	nerr_set(&r->ferr, status, r->name, r->line, 0, "%s", msg);
	if (e != NULL)
		*e = r->ferr;
	return -2;
}

/* Hands s[0..n) to libcsv.  The row starts on the current line if libcsv
 * is between rows: blank lines leave it there, so they are passed over. */
static int
feed(struct csvr *r, const unsigned char *s, size_t n, struct nerr *e)
{
	if (n == 0)
		return 0;
	if (r->p.pstate == LC_ROW_NOT_BEGUN)
		r->row_line = r->line;
	if (csv_parse(&r->p, s, n, on_field, on_row, r) != n)
		return fail_fatal(r, e, EX_OSERR,
		    csv_strerror(csv_error(&r->p)));
	if (r->oom)
		return fail_fatal(r, e, EX_OSERR, "out of memory");
	if (r->p.entry_pos > MAXFIELD) {
		row_fail(r, r->row_line, (long)r->nf + 1,
		    "field %zu longer than 1 MiB", r->nf + 1);
		drop_field_text(&r->p);
	}
	return 0;
}

static int
refill(struct csvr *r, struct nerr *e)
{
	size_t n;

	if (r->fp == NULL) {
		r->eof = 1;
		return 0;
	}
	n = fread(r->buf, 1, CHUNK, r->fp);
	if (n < CHUNK) {
		if (ferror(r->fp)) {
			char msg[600];

			snprintf(msg, sizeof(msg), "read error: %s",
			    strerror(errno));
			return fail_fatal(r, e, EX_IOERR, msg);
		}
		r->eof = 1;
	}
	r->cur = r->buf;
	r->end = r->buf + n;
	return 0;
}

/* The end of the input: a sequence or a quote still open is the last
 * row's fault. */
static void
finish(struct csvr *r)
{
	if (r->u_need > 0) {
		r->u_need = 0;
		u8_fail(r, 0);
	}
	if (r->p.pstate == LC_FIELD_BEGUN && r->p.quoted) {
		r->bad = 0;
		row_fail(r, r->row_line, (long)r->nf + 1, "unterminated quoted "
		    "field: the row starting on line %ld runs to the end of "
		    "the file", r->row_line);
	}
	csv_fini(&r->p, on_field, on_row, r);
	r->done = 1;
}

/* Feeds the next piece: up to a line end (so no more than one row can end
 * inside it, and always at its last byte) or CHUNK bytes. */
static int
step(struct csvr *r, struct nerr *e)
{
	const unsigned char *s, *q, *pend;
	size_t n;
	int rc;

	if (r->cur == r->end) {
		if (!r->eof && refill(r, e) != 0)
			return -2;
		if (r->cur == r->end) {
			if (r->eof) {
				finish(r);
				if (r->oom)
					return fail_fatal(r, e, EX_OSERR,
					    "out of memory");
			}
			return 0;
		}
	}
	/* A line of only delimiters and spaces is blank whichever of ','
	 * and ';' it holds; libcsv would make a row of the other one. */
	if (r->off == 0 && r->p.pstate == LC_ROW_NOT_BEGUN) {
		for (q = r->cur; q < r->end && (*q == ';' || *q == ',' ||
		    *q == ' ' || *q == '\t' || *q == '\r'); q++)
			;
		if (q < r->end && *q == '\n') {
			r->cur = q + 1;
			r->line++;
			return 0;
		}
		if (q == r->end && r->eof) {
			r->cur = q;
			return 0;
		}
	}
	n = (size_t)(r->end - r->cur);
	if (n > CHUNK)
		n = CHUNK;
	for (pend = r->cur; pend < r->cur + n; pend++)
		if (*pend == '\n' || *pend == '\r') {
			pend++;
			break;
		}
	/* A bad byte is marked on the row it falls in: feed up to it,
	 * mark, go on. */
	for (s = q = r->cur; q < pend; ) {
		rc = u8_step(r, *q, r->off + (long)(q - r->cur));
		if (rc == 0) {
			q++;
			continue;
		}
		if (feed(r, s, (size_t)(q - s), e) != 0)
			return -2;
		u8_fail(r, *q == '\0' && rc == 1);
		s = q;
		if (rc == 1)
			q++;
	}
	if (feed(r, s, (size_t)(pend - s), e) != 0)
		return -2;
	if (pend[-1] == '\n') {
		r->line++;
		r->off = 0;
	} else
		r->off += (long)(pend - r->cur);
	r->cur = pend;
	return 0;
}

/* 1 a row is ready (perhaps bad or blank); 0 the input is over; -2. */
static int
pull(struct csvr *r, struct nerr *e)
{
	if (r->fatal) {
		if (e != NULL)
			*e = r->ferr;
		return -2;
	}
	while (!r->ready) {
		if (r->done)
			return 0;
		if (step(r, e) != 0)
			return -2;
	}
	return 1;
}

/* The header line decides: whichever of ';' and ',' occurs more often
 * outside quotes (spreadsheets in the Indonesian locale write ';').
 * Lines of only delimiters before it are blank (see step). */
static char
detect(const unsigned char *s, const unsigned char *end)
{
	int q = 0, semi = 0, comma = 0, text = 0;

	for (; s < end; s++) {
		if (*s == '"') {
			q = !q;
			text = 1;
		} else if (q)
			continue;
		else if (*s == ';')
			semi++;
		else if (*s == ',')
			comma++;
		else if (*s == '\n') {
			if (text)
				break;
			semi = comma = 0;
		} else if (*s != ' ' && *s != '\t' && *s != '\r')
			text = 1;
	}
	return semi > comma ? ';' : ',';
}

static char *
trimlower(const char *s, size_t n)
{
	char *t;
	size_t i, j;

	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if ((t = malloc(n + 1)) == NULL)
		return NULL;
	for (i = j = 0; i < n; i++)
		t[j++] = (char)tolower((unsigned char)s[i]);
	t[j] = '\0';
	return t;
}

static int
read_header(struct csvr *r, struct nerr *e)
{
	int rc;

	r->maxstore = MAXCOLS + 1;
	do {
		row_clear(r);
		if ((rc = pull(r, e)) < 0)
			return -1;
		if (rc == 0) {
			nerr_set(e, EX_DATAERR, r->name, 0, 0,
			    "empty file: no header row");
			return -1;
		}
	} while (!r->bad && !r->nonempty);
	if (r->bad) {
		if (e != NULL)
			*e = r->rerr;
		return -1;
	}
	if (r->nf > MAXCOLS) {
		nerr_set(e, EX_DATAERR, r->name, r->row_line, MAXCOLS + 1,
		    "header has more than %d columns", MAXCOLS);
		return -1;
	}
	if ((r->hdr = calloc(r->nf, sizeof(*r->hdr))) == NULL) {
		nerr_set(e, EX_OSERR, r->name, 0, 0, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < r->nf; i++) {
		r->hdr[i] = trimlower(r->rb + r->foff[i], r->flen[i]);
		r->ncols = i + 1;
		if (r->hdr[i] == NULL) {
			nerr_set(e, EX_OSERR, r->name, 0, 0, "out of memory");
			return -1;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(r->hdr[j], r->hdr[i]) == 0) {
				nerr_set(e, EX_DATAERR, r->name, r->row_line,
				    (long)i + 1, "column \"%s\" appears twice "
				    "in the header (columns %zu and %zu)",
				    r->hdr[i], j + 1, i + 1);
				return -1;
			}
	}
	r->maxstore = r->ncols;
	row_clear(r);
	return 0;
}

static struct csvr *
start(const char *name, FILE *fp, const char *buf, size_t len,
    struct nerr *e)
{
	static int checked;
	struct csvr *r;
	size_t n;

	/* Once: the library under us is the one csvr.c was written for. */
	if (!checked) {
		if (csvr_lib_check(e) != 0) {
			if (fp != NULL)
				fclose(fp);
			return NULL;
		}
		checked = 1;
	}
	if ((r = calloc(1, sizeof(*r))) == NULL) {
		nerr_set(e, EX_OSERR, name, 0, 0, "out of memory");
		if (fp != NULL)
			fclose(fp);
		return NULL;
	}
	n = name ? strlen(name) : 0;
	if (n >= sizeof(r->name))
		n = sizeof(r->name) - 1;
	if (n > 0)
		memcpy(r->name, name, n);
	r->fp = fp;
	r->line = 1;
	csv_init(&r->p, 0);
	/* libcsv grows its field buffer 128 bytes at a time by default. */
	csv_set_blk_size(&r->p, CHUNK);
	if (fp != NULL) {
		if ((r->buf = malloc(CHUNK)) == NULL) {
			nerr_set(e, EX_OSERR, r->name, 0, 0, "out of memory");
			goto fail;
		}
		if (refill(r, e) != 0)
			goto fail;
	} else {
		if (buf != NULL) {
			r->cur = (const unsigned char *)buf;
			r->end = r->cur + len;
		}
		r->eof = 1;
	}
	/* A file is read whole by fread until CHUNK, so a BOM is never
	 * split here. */
	if (r->end - r->cur >= 3 && memcmp(r->cur, "\xEF\xBB\xBF", 3) == 0)
		r->cur += 3;
	r->delim = detect(r->cur, r->end);
	csv_set_delim(&r->p, (unsigned char)r->delim);
	if (read_header(r, e) != 0)
		goto fail;
	return r;
fail:
	csvr_close(r);
	return NULL;
}

struct csvr *
csvr_open(const char *path, struct nerr *e)
{
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL) {
		nerr_set(e, EX_NOINPUT, path, 0, 0, "%s", strerror(errno));
		return NULL;
	}
	return start(path, fp, NULL, 0, e);
}

struct csvr *
csvr_open_mem(const char *name, const char *buf, size_t len, struct nerr *e)
{
	return start(name, NULL, buf, len, e);
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
			return rc < 0 ? -2 : 0;
		if (r->bad) {
			if (e != NULL)
				*e = r->rerr;
			return -1;
		}
		if (!r->nonempty)
			continue;
		if (r->nf != r->ncols) {
			nerr_set(e, EX_DATAERR, r->name, r->row_line,
			    (long)(r->nf > r->ncols ? r->ncols : r->nf) + 1,
			    "row has %zu fields, header has %zu", r->nf,
			    r->ncols);
			return -1;
		}
		for (size_t i = 0; i < r->nf; i++)
			r->fptr[i] = r->rb + r->foff[i];
		row->line = r->row_line;
		row->nfields = r->nf;
		row->fields = r->fptr;
		row->lens = r->flen;
		return 1;
	}
}

void
csvr_close(struct csvr *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->ncols; i++)
		free(r->hdr[i]);
	free(r->hdr);
	free(r->rb);
	free(r->foff);
	free(r->flen);
	free(r->fptr);
	free(r->buf);
	csv_free(&r->p);
	if (r->fp != NULL)
		fclose(r->fp);
	free(r);
}
