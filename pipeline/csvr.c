/* csvr.c -- a streaming CSV reader over libcsv: BOM, ',', ';' or TAB
 * detected from the header, RFC 4180 quoting, CRLF, strict UTF-8 (UTF-16 and
 * Windows-1252 converted to it), and the line each row starts on.  Only the
 * row being read is ever held in memory. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "csvr.h"
#include "enc.h"

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
/* Going back after a row that ran over the lines after it may read the
 * input again, in all, this many times its length. */
#define RESCAN		16

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
	int			 cr;		/* the last byte fed was a CR */
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
	/* What is read: the input's bytes, or UTF-8 converted from them. */
	enum enc_kind		 enc;
	const unsigned char	*mem;		/* memory input */
	size_t			 memlen;
	long			 fpos;		/* offset of the next fread */
	const unsigned char	*base;		/* UTF-8: cur and end lie */
	long			 basepos;	/* in base[], at this offset */
	/* Converted: the bytes read into buf (or mem) are converted a line
	 * at a time into cbuf, so every line end has its input offset. */
	char			*cbuf;
	const unsigned char	*rcur, *rend;	/* not converted yet */
	long			 rpos;		/* offset of rcur */
	int			 reof;
	struct enc_u16		 u16;
	long			 segend;	/* offset after cbuf's bytes */
	long			 coff;		/* characters of the line fed */
	/* A row whose quote runs over the lines after its first line: they
	 * are read again, as rows of their own. */
	int			 resume_set;
	long			 resume_pos;	/* offset of its second line */
	long			 resume_line;
	size_t			 resume_field;	/* the field that ran on */
	long			 row_last;	/* the line the row ended on */
	int			 runaway;	/* its quote ran to the end */
	long			 reread, maxpos;	/* bytes read again, ever */
	long			 recover;	/* going on after the row on this
						 * line; 0 when not */
	/* Empty names at the end of the header (";;;") are no columns:
	 * fullcols counts them, ncols does not.  extra is the first field
	 * past ncols that holds something (1-based), or 0. */
	size_t			 fullcols;
	size_t			 extra;
	struct nerr		 warn[2];	/* about the whole file */
	size_t			 nwarn;
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
	/* Past the header's width the row is wrong anyway, or the field is
	 * under an empty column name: count, don't keep, so a row of a
	 * million delimiters costs nothing. */
	if (i >= r->maxstore) {
		if (n > 0 && r->extra == 0)
			r->extra = i + 1;
		return;
	}
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
	r->row_last = r->line;
}

static void
row_clear(struct csvr *r)
{
	r->ready = 0;
	r->bad = 0;
	r->nonempty = 0;
	r->nf = 0;
	r->rblen = 0;
	r->extra = 0;
	r->runaway = 0;
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

/* In converted text u_off counts characters, and a bad one is what the
 * converter marked. */
static void
u8_fail(struct csvr *r, int nul)
{
	if (r->enc == ENC_UTF8)
		row_fail(r, r->line, r->u_off + 1, "%s at byte offset %ld of "
		    "line %ld", nul ? "NUL byte" : "invalid UTF-8", r->u_off,
		    r->line);
	else
		row_fail(r, r->line, r->u_off + 1, "%s at character %ld of "
		    "line %ld", nul ? "NUL character" : r->enc == ENC_CP1252 ?
		    "a byte Windows-1252 does not define" : "invalid UTF-16 "
		    "(an unpaired surrogate)", r->u_off + 1, r->line);
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
	if (r->p.pstate == LC_ROW_NOT_BEGUN) {
		r->row_line = r->line;
		r->resume_set = 0;
	}
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

/* Reads the next CHUNK of a file into buf at rcur..rend. */
static int
read_raw(struct csvr *r, struct nerr *e)
{
	size_t n = fread(r->buf, 1, CHUNK, r->fp);

	if (n < CHUNK) {
		if (ferror(r->fp)) {
			char msg[600];

			snprintf(msg, sizeof(msg), "read error: %s",
			    strerror(errno));
			return fail_fatal(r, e, EX_IOERR, msg);
		}
		r->reof = 1;
	}
	r->rcur = r->buf;
	r->rend = r->buf + n;
	r->rpos = r->fpos;
	r->fpos += (long)n;
	if (r->fpos > r->maxpos)
		r->maxpos = r->fpos;
	return 0;
}

/* Converted input: the next line (up to and with its LF, or about CHUNK
 * bytes of it) into cbuf at cur..end. */
static int
convert(struct csvr *r, struct nerr *e)
{
	char *out = r->cbuf;
	size_t o = 0, take, used;
	const unsigned char *lf;

	while (o < CHUNK) {
		if (r->rcur == r->rend) {
			if (r->reof) {
				if (r->enc != ENC_CP1252)
					o += enc_u16_end(&r->u16, out + o);
				r->eof = 1;
				break;
			}
			if (read_raw(r, e) != 0)
				return -2;
			continue;
		}
		take = (size_t)(r->rend - r->rcur);
		if (r->enc == ENC_CP1252) {
			if (take > CHUNK - o)
				take = CHUNK - o;
			if ((lf = memchr(r->rcur, '\n', take)) != NULL)
				take = (size_t)(lf - r->rcur) + 1;
			o += enc_cp1252_to_utf8(r->rcur, take, out + o);
		} else {
			if (take > CHUNK)
				take = CHUNK;
			o += enc_u16_to_utf8(&r->u16, r->rcur, take, &used,
			    out + o);
			take = used;
		}
		r->rcur += take;
		r->rpos += (long)take;
		if (o > 0 && out[o - 1] == '\n')
			break;
	}
	r->segend = r->rpos;
	r->cur = (const unsigned char *)out;
	r->end = r->cur + o;
	return 0;
}

static int
refill(struct csvr *r, struct nerr *e)
{
	size_t n;

	if (r->enc != ENC_UTF8)
		return convert(r, e);
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
	r->cur = r->base = r->buf;
	r->end = r->buf + n;
	r->basepos = r->fpos;
	r->fpos += (long)n;
	if (r->fpos > r->maxpos)
		r->maxpos = r->fpos;
	return 0;
}

/* The input offset of p, a pointer into what is being fed; -1 if in
 * converted text p is not the end of a line. */
static long
src_pos(const struct csvr *r, const unsigned char *p)
{
	if (r->enc == ENC_UTF8)
		return r->basepos + (long)(p - r->base);
	return p == r->end ? r->segend : -1;
}

/* Reads on from input offset pos (a line start), libcsv between rows. */
static int
src_seek(struct csvr *r, long pos, struct nerr *e)
{
	r->eof = 0;
	r->cur = r->end = NULL;
	r->u_need = 0;
	enc_u16_init(&r->u16, r->enc == ENC_UTF16BE);
	if (r->fp != NULL) {
		if (fseek(r->fp, pos, SEEK_SET) != 0) {
			char msg[600];

			snprintf(msg, sizeof(msg), "cannot read again: %s",
			    strerror(errno));
			return fail_fatal(r, e, EX_IOERR, msg);
		}
		r->fpos = pos;
		r->rcur = r->rend = r->buf;
		r->rpos = pos;
		r->reof = 0;
	} else if (r->enc == ENC_UTF8) {
		r->base = r->mem;
		r->basepos = 0;
		r->cur = r->mem + pos;
		r->end = r->mem + r->memlen;
		r->eof = 1;
	} else {
		r->rcur = r->mem + pos;
		r->rend = r->mem + r->memlen;
		r->rpos = pos;
		r->reof = 1;
	}
	return 0;
}

/* Whether the row being read, which ran over the lines after its first,
 * may have those lines read again: the input's bytes are read again at
 * most RESCAN times over, so no input makes this quadratic. */
static int
can_go_back(const struct csvr *r)
{
	long now = r->enc == ENC_UTF8 ? src_pos(r, r->cur) : r->rpos;

	return r->resume_set && now - r->resume_pos <= (long)RESCAN *
	    r->maxpos + CHUNK - r->reread;
}

/* Goes back to the second line of the row just read, whose quote ran
 * over the lines after its first: from there they are read again as rows
 * of their own.  0, or -2. */
static int
go_back(struct csvr *r, struct nerr *e)
{
	long now = r->enc == ENC_UTF8 ? src_pos(r, r->cur) : r->rpos;

	r->reread += now - r->resume_pos;
	if (r->recover == 0)
		r->recover = r->row_line;
	r->resume_set = 0;
	r->line = r->resume_line;
	r->off = 0;
	r->coff = 0;
	r->done = 0;
	return src_seek(r, r->resume_pos, e);
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
		/* Not the header's: without it there is nothing to go on
		 * with. */
		if (r->hdr != NULL && can_go_back(r)) {
			r->runaway = 1;
			row_fail(r, r->row_line, (long)r->nf + 1, "unterminated "
			    "quoted field: the quote that opens field %zu is "
			    "never closed; the row is rejected and reading "
			    "goes on at line %ld", r->nf + 1, r->resume_line);
		} else
			row_fail(r, r->row_line, (long)r->nf + 1,
			    "unterminated quoted field: the row starting on "
			    "line %ld runs to the end of the file",
			    r->row_line);
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
	long ch, pos;
	int rc, conv;

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
	/* A CR not followed by LF ends a line too (files saved with the old
	 * Mac line ends, or a stray CR): libcsv ends the row there, so the
	 * next one is on the next line. */
	if (r->cr) {
		r->cr = 0;
		if (*r->cur != '\n') {
			r->line++;
			r->off = 0;
			r->coff = 0;
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
	 * mark, go on.  Converted text is good UTF-8 but for the bytes the
	 * converter marked; there a character's place is counted. */
	conv = r->enc != ENC_UTF8;
	ch = r->coff;
	for (s = q = r->cur; q < pend; ) {
		rc = u8_step(r, *q, conv ? ch : r->off + (long)(q - r->cur));
		if (rc == 0) {
			if (conv && (*q & 0xC0) != 0x80)
				ch++;
			q++;
			continue;
		}
		if (feed(r, s, (size_t)(q - s), e) != 0)
			return -2;
		u8_fail(r, *q == '\0' && rc == 1);
		s = q;
		if (rc == 1) {
			ch++;
			q++;
		}
	}
	if (feed(r, s, (size_t)(pend - s), e) != 0)
		return -2;
	if (pend[-1] == '\n') {
		r->line++;
		r->off = 0;
		r->coff = 0;
		/* Still in the row: a quoted field goes on.  Should the row
		 * turn out to be broken, reading goes on here. */
		if (r->p.pstate != LC_ROW_NOT_BEGUN && !r->resume_set &&
		    (pos = src_pos(r, pend)) >= 0) {
			r->resume_set = 1;
			r->resume_pos = pos;
			r->resume_line = r->line;
			r->resume_field = r->nf + 1;
		}
	} else {
		r->off += (long)(pend - r->cur);
		r->coff = ch;
		r->cr = pend[-1] == '\r';
	}
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
 * outside quotes (spreadsheets in the Indonesian locale write ';'), or TAB
 * when it beats both (Excel's "Unicode Text").  Lines of only delimiters
 * before it are blank (see step). */
static char
detect(const unsigned char *s, const unsigned char *end)
{
	int q = 0, semi = 0, comma = 0, tab = 0, text = 0;

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
		else if (*s == '\t')
			tab++;
		else if (*s == '\n') {
			if (text)
				break;
			semi = comma = tab = 0;
		} else if (*s != ' ' && *s != '\r')
			text = 1;
	}
	if (tab > semi && tab > comma)
		return '\t';
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
	size_t n;
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
	}
	/* Excel writes as many columns as the widest row of the sheet: the
	 * empty names at the end are no columns (unless all are empty). */
	r->fullcols = r->ncols;
	for (n = r->ncols; n > 0 && r->hdr[n - 1][0] == '\0'; n--)
		;
	if (n > 0 && n < r->ncols) {
		for (size_t i = n; i < r->ncols; i++)
			free(r->hdr[i]);
		r->ncols = n;
		nerr_set(&r->warn[r->nwarn++], 0, r->name, r->row_line,
		    (long)n + 1, "%zu empty column%s at the end of the header "
		    "ignored", r->fullcols - n, r->fullcols - n > 1 ? "s" :
		    "");
	}
	for (size_t i = 0; i < r->ncols; i++) {
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

/* How to save a file so that it can be read. */
#define SAVE_AS	"save it as \"CSV UTF-8 (Comma delimited)\" (in Excel: " \
		"File, Save As) and run again"

/* The encoding, from a byte-order mark or else from every byte of the
 * input (read here once, then again); the delimiter, from the header as
 * it will be read.  Sets up conversion for UTF-16 and Windows-1252. */
static int
choose_encoding(struct csvr *r, struct nerr *e)
{
	struct enc_sniff z;
	enum enc_kind k;
	size_t bom, n = (size_t)(r->end - r->cur), used;
	unsigned char *more = NULL;
	int decided;

	/* A file is read whole by fread until CHUNK, so a BOM is never
	 * split here. */
	k = enc_bom(r->cur, n, &bom);
	if (k == ENC_UTF8) {
		r->cur += bom;
		r->delim = detect(r->cur, r->end);
		return 0;
	}
	if (bom == 4) {
		nerr_set(e, EX_DATAERR, r->name, 1, 0, "UTF-32 text, which "
		    "is not read; " SAVE_AS);
		return -1;
	}
	if (k == ENC_UNKNOWN) {
		enc_sniff_init(&z);
		decided = enc_sniff_feed(&z, r->cur, n);
		if (!decided && !r->eof) {
			if ((more = malloc(CHUNK)) == NULL) {
				nerr_set(e, EX_OSERR, r->name, 0, 0,
				    "out of memory");
				return -1;
			}
			do {
				n = fread(more, 1, CHUNK, r->fp);
				r->maxpos += (long)n;
				decided = enc_sniff_feed(&z, more, n);
			} while (!decided && n == CHUNK);
			free(more);
			if (ferror(r->fp) || fseek(r->fp, r->fpos,
			    SEEK_SET) != 0) {
				nerr_set(e, EX_IOERR, r->name, 0, 0, "read "
				    "error: %s", strerror(errno));
				return -1;
			}
		}
		if ((k = enc_sniff_end(&z)) == ENC_UTF8) {
			r->delim = detect(r->cur, r->end);
			return 0;
		}
		if (k == ENC_UNKNOWN) {
			if (z.x_byte == 0)
				nerr_set(e, EX_DATAERR, r->name, z.x_line,
				    z.x_off + 1, "NUL byte at byte offset %ld "
				    "of line %ld: not a text file (UTF-16 "
				    "without a byte-order mark?); " SAVE_AS,
				    z.x_off, z.x_line);
			else
				nerr_set(e, EX_DATAERR, r->name, z.x_line,
				    z.x_off + 1, "byte 0x%02X at byte offset "
				    "%ld of line %ld is neither UTF-8 nor "
				    "Windows-1252: the file's encoding is "
				    "unknown; " SAVE_AS, (unsigned)z.x_byte,
				    z.x_off, z.x_line);
			return -1;
		}
		nerr_set(&r->warn[r->nwarn++], 0, r->name, z.bad_line,
		    z.bad_off + 1, "not UTF-8 (byte 0x%02X at byte offset %ld "
		    "of line %ld): read as Windows-1252, as Excel's \"CSV "
		    "(Comma delimited)\" writes it; to be sure of every "
		    "letter, save it as \"CSV UTF-8 (Comma delimited)\"",
		    (unsigned)z.bad_byte, z.bad_off, z.bad_line);
	}
	r->enc = k;
	if ((r->cbuf = malloc(3 * CHUNK + 16)) == NULL) {
		nerr_set(e, EX_OSERR, r->name, 0, 0, "out of memory");
		return -1;
	}
	if (k == ENC_CP1252)
		/* Its delimiters, quotes and line ends are ASCII. */
		r->delim = detect(r->cur, r->end);
	else {
		/* The first CHUNK bytes converted, the lines of the header
		 * among them. */
		const unsigned char *p = r->cur + bom;
		size_t o = 0;

		if (n > CHUNK)
			n = CHUNK;
		enc_u16_init(&r->u16, k == ENC_UTF16BE);
		for (n -= bom; n > 0; p += used, n -= used)
			o += enc_u16_to_utf8(&r->u16, p, n, &used,
			    r->cbuf + o);
		r->delim = detect((unsigned char *)r->cbuf,
		    (unsigned char *)r->cbuf + o);
	}
	if (src_seek(r, (long)bom, e) != 0)
		return -1;
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
			r->mem = r->base = r->cur;
			r->memlen = r->maxpos = (long)len;
		}
		r->eof = 1;
	}
	if (choose_encoding(r, e) != 0)
		goto fail;
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

/* Hands out the bad row just read (-1), or -2.  A row that ran over the
 * lines after its first (an unterminated quote, or one closed far too
 * late) has those lines read again, as rows of their own; the lines that
 * are no row then are said to be what is probably left of it. */
static int
reject(struct csvr *r, struct nerr *e, int count)
{
	struct nerr why = r->rerr;
	long root = r->recover, from = r->resume_line, last = r->row_last;
	size_t field = r->resume_field;

	if (r->runaway || (count && r->resume_set && can_go_back(r))) {
		if (go_back(r, e) != 0)
			return -2;
		/* Where the quote opened is what the officer looks for. */
		if (count) {
			why.col = (long)field;
			snprintf(why.msg + strlen(why.msg), sizeof(why.msg) -
			    strlen(why.msg), ": field %zu runs over lines %ld "
			    "to %ld, its quote probably not closed where it "
			    "should be; reading goes on at line %ld", field,
			    why.line, last, from);
		}
	}
	if (root > 0 && why.line > root) {
		char msg[sizeof(why.msg)];

		snprintf(msg, sizeof(msg), "probably the rest of the broken "
		    "row on line %ld: %s", root, why.msg);
		memcpy(why.msg, msg, sizeof(why.msg));
	}
	if (e != NULL)
		*e = why;
	return -1;
}

int
csvr_next(struct csvr *r, struct csvr_row *row, struct nerr *e)
{
	int rc, count;

	for (;;) {
		row_clear(r);
		if ((rc = pull(r, e)) <= 0)
			return rc < 0 ? -2 : 0;
		count = r->nf < r->ncols || r->nf > r->fullcols;
		if (r->bad)
			return reject(r, e, count);
		if (!r->nonempty)
			continue;
		if (count) {
			row_fail(r, r->row_line, (long)(r->nf > r->ncols ?
			    r->fullcols : r->nf) + 1, "row has %zu fields, "
			    "header has %zu", r->nf, r->nf > r->ncols ?
			    r->fullcols : r->ncols);
			return reject(r, e, 1);
		}
		if (r->extra) {
			row_fail(r, r->row_line, (long)r->extra, "a value in "
			    "column %zu, which has no name in the header",
			    r->extra);
			return reject(r, e, 0);
		}
		r->recover = 0;
		for (size_t i = 0; i < r->ncols; i++)
			r->fptr[i] = r->rb + r->foff[i];
		row->line = r->row_line;
		row->nfields = r->ncols;
		row->fields = r->fptr;
		row->lens = r->flen;
		return 1;
	}
}

const struct nerr *
csvr_warning(const struct csvr *r, size_t i)
{
	return i < r->nwarn ? &r->warn[i] : NULL;
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
	free(r->cbuf);
	csv_free(&r->p);
	if (r->fp != NULL)
		fclose(r->fp);
	free(r);
}
