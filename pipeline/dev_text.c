/* dev_text.c -- the plain-text device: a document as lines of text, one
 * per drawing operation, in a form stable across runs and readable in a
 * diff ("text 70.9,734.2 R11 ws1.3 \"...\"").  Nothing is measured or
 * drawn here; the metrics are only handed on to layout. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dev_text.h"
#include "xmem.h"

struct dev_text {
	FILE	*fp;
	int	 cancelled;
	size_t	 npage;
};

/* Windows-1252's 0x80-0x9F as Unicode (0: not a character). */
static const unsigned short cp1252[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* A string quoted, " and \ escaped, a control or a byte with no
 * character as \xNN: WinAnsi converted to UTF-8, or UTF-8 as it is. */
static void
put_any(FILE *fp, const char *s, int utf8)
{
	putc('"', fp);
	for (; s != NULL && *s; s++) {
		unsigned int c = (unsigned char)*s;

		if (utf8 && c >= 0x80) {
			putc((int)c, fp);
			continue;
		}
		if (c >= 0x80 && c < 0xA0)
			c = cp1252[c - 0x80];
		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c == 0 || c < 0x20)
			fprintf(fp, "\\x%02X", (unsigned char)*s);
		else if (c < 0x80)
			putc((int)c, fp);
		else if (c < 0x800)
			fprintf(fp, "%c%c", 0xC0 | (c >> 6), 0x80 | (c & 0x3F));
		else
			fprintf(fp, "%c%c%c", 0xE0 | (c >> 12),
			    0x80 | ((c >> 6) & 0x3F), 0x80 | (c & 0x3F));
	}
	putc('"', fp);
}

static void
put_str(FILE *fp, const char *s)
{
	put_any(fp, s, 0);
}

/* A position or size to 0.1 pt, never "-0.0". */
static void
put_num(FILE *fp, float v)
{
	double r = round((double)v * 10.0) / 10.0;

	if (r == 0)
		r = 0;
	fprintf(fp, "%.1f", r);
}

static void
put_xy(FILE *fp, float x, float y)
{
	put_num(fp, x);
	putc(',', fp);
	put_num(fp, y);
}

static void
put_wh(FILE *fp, float w, float h)
{
	put_num(fp, w);
	putc('x', fp);
	put_num(fp, h);
}

static void
put_op(FILE *fp, const struct dev_op *o)
{
	fputs("  ", fp);
	switch (o->kind) {
	case DEV_TEXT:
		fputs("text ", fp);
		put_xy(fp, o->x, o->y);
		fprintf(fp, " %c", o->bold ? 'B' : 'R');
		put_num(fp, o->size);
		if (o->wordspace != 0) {
			fputs(" ws", fp);
			put_num(fp, o->wordspace);
		}
		if (o->underline)
			fputs(" u", fp);
		putc(' ', fp);
		put_str(fp, o->text);
		break;
	case DEV_LINE:
		fputs("line ", fp);
		put_xy(fp, o->x, o->y);
		fputs(" to ", fp);
		put_xy(fp, o->x + o->w, o->y + o->h);
		fputs(" lw", fp);
		put_num(fp, o->size);
		break;
	case DEV_RECT:
		fputs("rect ", fp);
		put_xy(fp, o->x, o->y);
		putc(' ', fp);
		put_wh(fp, o->w, o->h);
		fputs(" lw", fp);
		put_num(fp, o->size);
		break;
	case DEV_FILL:
		fputs("fill ", fp);
		put_xy(fp, o->x, o->y);
		putc(' ', fp);
		put_wh(fp, o->w, o->h);
		fprintf(fp, " rgb%.2f,%.2f,%.2f", o->rgb[0], o->rgb[1],
		    o->rgb[2]);
		break;
	case DEV_STAMP:
		fputs("stamp ", fp);
		put_xy(fp, o->x, o->y);
		putc(' ', fp);
		put_str(fp, o->text);
		putc(' ', fp);
		put_str(fp, o->t2);
		putc(' ', fp);
		put_str(fp, o->t3);
		break;
	case DEV_EMBLEM:
		fputs("emblem ", fp);
		put_xy(fp, o->x, o->y);
		fputs(" h", fp);
		put_num(fp, o->h);
		break;
	case DEV_QR:
		fputs("qr ", fp);
		put_xy(fp, o->x, o->y);
		fputs(" side", fp);
		put_num(fp, o->w);
		putc(' ', fp);
		put_any(fp, o->text, 1);
		break;
	case DEV_IMAGE:
		fputs("image ", fp);
		put_xy(fp, o->x, o->y);
		putc(' ', fp);
		put_wh(fp, o->w, o->h);
		putc(' ', fp);
		put_str(fp, o->text);
		break;
	}
	putc('\n', fp);
}

static int
written(struct dev_text *t, struct nerr *e)
{
	if (!ferror(t->fp))
		return 0;
	nerr_set(e, EX_IOERR, NULL, 0, 0, "text device: %s",
	    strerror(errno));
	return -1;
}

static int
text_begin(void *arg, struct nerr *e)
{
	struct dev_text *t = arg;

	t->npage = 0;
	t->cancelled = 0;
	fputs("document\n", t->fp);
	return written(t, e);
}

static int
text_page(void *arg, const struct dev_page *pg, struct nerr *e)
{
	struct dev_text *t = arg;

	fprintf(t->fp, "page %zu ", ++t->npage);
	put_wh(t->fp, pg->pw, pg->ph);
	putc('\n', t->fp);
	for (size_t i = 0; i < pg->nop; i++)
		put_op(t->fp, &pg->op[i]);
	return written(t, e);
}

static int
text_overlay(void *arg, size_t i, const struct dev_page *pg,
    struct nerr *e)
{
	struct dev_text *t = arg;

	if (i >= t->npage) {
		nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "overlay for page %zu of "
		    "%zu", i + 1, t->npage);
		return -1;
	}
	fprintf(t->fp, "overlay %zu\n", i + 1);
	for (size_t k = 0; k < pg->nop; k++)
		put_op(t->fp, &pg->op[k]);
	return written(t, e);
}

static int
text_end(void *arg, const struct dev_info *in, struct nerr *e)
{
	struct dev_text *t = arg;

	fputs("end title ", t->fp);
	put_any(t->fp, in->title, 1);
	fprintf(t->fp, " date %04d-%02d-%02d\n", in->y, in->m, in->d);
	return written(t, e);
}

static void
text_cancel(void *arg)
{
	struct dev_text *t = arg;

	if (!t->cancelled)
		fputs("cancelled\n", t->fp);
	t->cancelled = 1;
}

struct dev_text *
dev_text_new(FILE *fp, const struct dev_metrics *m, struct dev *d)
{
	struct dev_text *t = xcalloc(1, sizeof(*t));

	t->fp = fp;
	d->metrics = m;
	d->begin = text_begin;
	d->page = text_page;
	d->overlay = text_overlay;
	d->end = text_end;
	d->cancel = text_cancel;
	d->arg = t;
	return t;
}

void
dev_text_free(struct dev_text *t)
{
	free(t);
}
