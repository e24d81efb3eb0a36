/* layout.c -- flow a document tree onto pages: kop surat, justified
 * paragraphs, label : value tables, lists, tables that repeat their header,
 * bar charts, and a signature block that is never split from its stamp.
 * Text is converted to WinAnsi here, once, so widths are exact.  What is
 * drawn comes from the document alone; where it goes is a device. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "enc.h"
#include "fmt.h"
#include "layout.h"
#include "xmem.h"

#define MM(x)		((float)(x) * 72.0f / 25.4f)
#define BODY		11.0f		/* body font size */
#define LEAD		(BODY * 1.3f)	/* body leading */

#define ST_BOLD		1
#define ST_UNDER	2

/* Bump allocators: one for the strings of the page being built, emptied
 * when the page goes to the sink; one for scratch conversions, released
 * to a mark after each block, row or item.  Neither grows with the
 * document. */
struct arena {
	struct arena	*next;
	size_t		 used, cap;
	char		 mem[];
};

struct mark {
	struct arena	*a;
	size_t		 used;
};

static void *
arena_alloc(struct arena **head, size_t n)
{
	struct arena *a = *head;

	n = (n + 15) & ~(size_t)15;
	if (a == NULL || a->used + n > a->cap) {
		size_t cap = n > 32768 ? n : 32768;

		a = xmalloc(sizeof(*a) + cap);
		a->next = *head;
		a->used = 0;
		a->cap = cap;
		*head = a;
	}
	a->used += n;
	return a->mem + a->used - n;
}

static struct mark
arena_mark(struct arena **head)
{
	struct mark m = { *head, *head ? (*head)->used : 0 };

	return m;
}

/* Frees what was allocated since m (the whole arena for an empty mark,
 * but its oldest block is kept for reuse). */
static void
arena_release(struct arena **head, struct mark m)
{
	while (*head != NULL && *head != m.a) {
		struct arena *next = (*head)->next;

		if (m.a == NULL && next == NULL) {
			(*head)->used = 0;
			return;
		}
		free(*head);
		*head = next;
	}
	if (*head != NULL)
		(*head)->used = m.used;
}

static void
arena_free(struct arena *a)
{
	while (a != NULL) {
		struct arena *next = a->next;

		free(a);
		a = next;
	}
}

#define NOKEEP		((size_t)-1)

/* A unit starts at op, the cursor at y above it; j units of its block
 * precede it on the page, whose start (with its heading) is bop, by.
 * A table row also names its header on the page (hop..hend, its top
 * hy and height hh) for a continuation. */
struct unit {
	size_t		 op, bop, hop, hend;
	float		 y, by, hy, hh;
	long		 blk;
	int		 j, row;
};

/* The state of the flow: where the pen is and what page it writes on. */
struct flow {
	const struct dev_metrics	*m;
	const struct layout_src		*src;
	const struct dev		*dev;
	struct nerr			*e;
	int				 err;
	int				 dry;	/* measuring: draw nothing */
	float				 pw, ph;
	float				 left, right, top, bottom;
	float				 y;		/* baseline cursor */
	struct dev_page		 page;		/* being built */
	size_t				 npage;		/* started so far */
	struct arena			*pstr, *tmp;
	/* Keeping (pagination rules): what is drawn from op keep of
	 * this page on goes on to the next page with what follows, if a
	 * break comes before it is released; a table's header (khdr)
	 * goes first when the kept part starts inside a table. */
	size_t				 keep;		/* NOKEEP: none */
	float				 keep_y;	/* the cursor above it */
	int				 keep_units;	/* released after this many
							   more units; -1 held */
	struct unit			*khdr;		/* or NULL */
	struct unit			 khdr_v;
	int				 carried;	/* the last break carried */
	float				 want;		/* height asked of the break */
	/* The units of this page: body lines, list lines, table data
	 * rows, a fields block; what the rules count. */
	struct unit			*unit;
	size_t				 nunit, cunit;
	long				 blk, ublk;	/* blocks; ublk: flow_toks'
							   lines are its units */
	size_t				 bop;		/* block's start on page */
	float				 by;
	size_t				 hop;		/* a heading waiting for its
							   block, or NOKEEP */
	float				 hy;
	size_t				 u0;		/* next unit starts here */
	struct unit			*thdr;		/* a table's header on page */
	struct unit			 thdr_v;
};


static char *
page_strndup(struct flow *f, const char *s, size_t n)
{
	char *r = arena_alloc(&f->pstr, n + 1);

	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

static float
text_w(const struct flow *f, const char *s, size_t n, int bold, float size)
{
	float w = 0;

	for (size_t i = 0; i < n; i++)
		w += f->m->w[bold ? 1 : 0][(unsigned char)s[i]];
	return w * size / 1000.0f;
}

static struct dev_op *
push(struct flow *f, enum dev_opk kind)
{
	struct dev_page *p = &f->page;
	struct dev_op *o;

	if (p->nop == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->op = xrealloc(p->op, p->cap * sizeof(*p->op));
	}
	o = &p->op[p->nop++];
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	return o;
}

/* Hands the page being built to the sink and empties it. */
static void
emit_page(struct flow *f)
{
	if (!f->err && f->dev->page(f->dev->arg, &f->page, f->e) != 0)
		f->err = 1;
	f->page.nop = 0;
	arena_release(&f->pstr, (struct mark){ NULL, 0 });
}

static void
keep_clear(struct flow *f)
{
	f->keep = NOKEEP;
	f->keep_units = 0;
	f->khdr = NULL;
}

/* An op index of the old page after a carry that moved ops from keep on
 * to after n header ops of the new page; 0 if it stayed behind. */
static size_t
moved(const struct flow *f, size_t i, size_t n)
{
	return i == NOKEEP ? NOKEEP : i >= f->keep ? i - f->keep + n : 0;
}

/*
 * Starts a page.  When something is kept (a heading with the first lines
 * it heads, a closing paragraph with the lines before it, the last rows of
 * a table), its ops leave this page for the top of the next, shifted as a
 * whole, a table's header drawn again above them; strings are copied
 * since the page's go with it.
 */
static void
new_page(struct flow *f)
{
	struct dev_op *cop = NULL;
	char **cs = NULL;
	size_t cn = 0, hn = 0, k0 = f->keep;
	float oy = f->y, ky = f->keep_y;

	f->carried = 0;
	/* Kept content that would not fit a page with what asked for the
	 * break stays where it is (a closing paragraph of a page). */
	if (f->keep != NOKEEP && f->keep_y - oy + f->want +
	    (f->khdr != NULL ? f->khdr->hh : 0) >
	    f->ph - f->top - f->bottom)
		keep_clear(f);
	if (f->npage > 0 && f->keep != NOKEEP && f->keep > 0 &&
	    f->keep < f->page.nop) {
		struct unit *h = f->khdr;

		hn = h != NULL ? h->hend - h->hop : 0;
		cn = hn + f->page.nop - f->keep;
		cop = xmalloc(cn * sizeof(*cop));
		cs = xcalloc(cn * 3, sizeof(*cs));
		if (hn)
			memcpy(cop, f->page.op + h->hop, hn * sizeof(*cop));
		memcpy(cop + hn, f->page.op + f->keep,
		    (cn - hn) * sizeof(*cop));
		for (size_t i = 0; i < cn; i++) {
			const char *t[3] = { cop[i].text, cop[i].t2,
			    cop[i].t3 };
			for (int q = 0; q < 3; q++)
				if (t[q] != NULL)
					cs[i * 3 + q] = xstrdup(t[q]);
		}
		f->page.nop = f->keep;
	}
	if (f->npage > 0)
		emit_page(f);
	f->npage++;
	f->page.pw = f->pw;
	f->page.ph = f->ph;
	f->y = f->ph - f->top;
	if (cop != NULL) {
		float top = f->ph - f->top, dh = 0, dy;
		struct unit *h = f->khdr;
		size_t nu = 0;

		/* The header at the top, the kept ops under it; a kept
		 * first line sits where a page's first line does. */
		if (hn)
			dh = top - h->hy;
		if (!hn && cop[0].kind == DEV_TEXT)
			dy = top - cop[0].size - cop[0].y;
		else
			dy = top - (hn ? h->hh : 0) - ky;
		for (size_t i = 0; i < cn; i++) {
			struct dev_op *o = push(f, cop[i].kind);
			const char **t[3] = { &o->text, &o->t2, &o->t3 };

			*o = cop[i];
			o->y += i < hn ? dh : dy;
			for (int q = 0; q < 3; q++) {
				char *v = cs[i * 3 + q];
				*t[q] = v ? page_strndup(f, v, strlen(v)) : NULL;
				free(v);
			}
		}
		f->y = oy + dy;
		/* The units that came along, renumbered. */
		for (size_t i = 0; i < f->nunit; i++) {
			struct unit u = f->unit[i];

			if (u.op < k0)
				continue;
			u.op = moved(f, u.op, hn);
			u.bop = u.bop >= k0 ? moved(f, u.bop, hn) : 0;
				if (u.bop > 0 || u.by + dy <= top)
				u.by += dy;
			else
				u.by = top;
			u.y += dy;
			if (u.row && u.hop >= k0) {
				u.hop = moved(f, u.hop, hn);
				u.hend = moved(f, u.hend, hn);
				u.hy += dy;
			} else if (u.row && hn) {
				u.hop = 0;
				u.hend = hn;
				u.hy = top;
			}
			u.j = 0;
			for (size_t q = 0; q < nu; q++)
				u.j += f->unit[q].blk == u.blk;
			f->unit[nu++] = u;
		}
		f->nunit = nu;
		f->bop = f->bop >= k0 ? moved(f, f->bop, hn) : 0;
		f->by = f->bop > 0 ? f->by + dy : top;
		f->hop = f->hop != NOKEEP && f->hop >= k0 ?
		    moved(f, f->hop, hn) : NOKEEP;
		f->hy += dy;
		if (f->thdr != NULL) {
			if (f->thdr->hop >= k0) {
				f->thdr->hop = moved(f, f->thdr->hop, hn);
				f->thdr->hend = moved(f, f->thdr->hend, hn);
				f->thdr->hy += dy;
			} else if (hn) {
				f->thdr->hop = 0;
				f->thdr->hend = hn;
				f->thdr->hy = top;
			} else
				f->thdr = NULL;
		}
		f->carried = 1;
		free(cop);
		free(cs);
	} else {
		f->nunit = 0;
		f->bop = 0;
		f->by = f->y;
		f->hop = NOKEEP;
		f->thdr = NULL;
	}
	f->u0 = NOKEEP;
	keep_clear(f);
}

/* Makes room for h points below the cursor, starting a page if needed;
 * 1 if it did. */
static int
need(struct flow *f, float h)
{
	if (f->y - h >= f->bottom)
		return 0;
	f->want = h;
	new_page(f);
	f->want = 0;
	return 1;
}

/* A block starts at the cursor (with the heading waiting for it). */
static void
block_start(struct flow *f)
{
	f->blk++;
	if (f->hop != NOKEEP) {
		f->bop = f->hop;
		f->by = f->hy;
		f->hop = NOKEEP;
	} else {
		f->bop = f->page.nop;
		f->by = f->y;
	}
}

/* Keeps from op on (cursor y above it), or earlier if kept already;
 * units: how many units must follow on the same page before it is
 * released (-1: until keep_clear). */
static void
keep_at(struct flow *f, size_t op, float y, const struct unit *hdr,
    int units)
{
	if (f->keep == NOKEEP || op < f->keep) {
		f->keep = op;
		f->keep_y = y;
		f->khdr = NULL;
		if (hdr != NULL) {
			f->khdr_v = *hdr;
			f->khdr = &f->khdr_v;
		}
		f->keep_units = units;
	} else if (units < 0 || (f->keep_units >= 0 &&
	    units > f->keep_units))
		f->keep_units = units;
}

/* A unit of the current block starts here: counted, and it releases a
 * keep waiting for it. */
static void
unit_add(struct flow *f, int row)
{
	struct unit *u;

	if (f->dry)
		return;
	if (f->nunit == f->cunit) {
		f->cunit = f->cunit ? f->cunit * 2 : 64;
		f->unit = xrealloc(f->unit, f->cunit * sizeof(*f->unit));
	}
	u = &f->unit[f->nunit];
	memset(u, 0, sizeof(*u));
	u->op = f->u0 != NOKEEP ? f->u0 : f->page.nop;
	u->y = f->y;
	f->u0 = NOKEEP;
	u->bop = f->bop;
	u->by = f->by;
	u->blk = f->blk;
	for (size_t i = f->nunit; i > 0 && f->unit[i - 1].blk == f->blk; i--)
		u->j++;
	if (row && f->thdr != NULL) {
		u->row = 1;
		u->hop = f->thdr->hop;
		u->hend = f->thdr->hend;
		u->hy = f->thdr->hy;
		u->hh = f->thdr->hh;
	}
	f->nunit++;
	if (f->keep != NOKEEP && f->keep_units > 0 && --f->keep_units == 0)
		keep_clear(f);
}

/*
 * Keeps the last k units of the page (with what follows them) together,
 * moving back as the rules ask: never one unit of a block on either side
 * of the break (a paragraph's lines, a list item's, a table's data rows),
 * and a block's first unit takes its start (heading, caption, header).
 */
static void
keep_units(struct flow *f, size_t k, int units)
{
	size_t i;

	if (f->nunit == 0 || k == 0)
		return;
	i = k > f->nunit ? 0 : f->nunit - k;
	for (;;) {
		const struct unit *u = &f->unit[i];
		size_t c = 0;

		if (u->j == 0 || i == 0)
			break;
		for (size_t q = i; q < f->nunit; q++)
			c += f->unit[q].blk == u->blk;
		if (u->j == 1 || c < 2) {
			i--;
			continue;
		}
		break;
	}
	const struct unit *u = &f->unit[i];
	if (u->j == 0)
		keep_at(f, u->bop, u->by, NULL, units);
	else
		keep_at(f, u->op, u->y, u->row ? u : NULL, units);
}

/* Converts UTF-8 to WinAnsi in the scratch arena; an empty string and an
 * error if it can't. */
static char *
winansi(struct flow *f, const char *utf8, size_t *len)
{
	size_t n = strlen(utf8), bad = 0;
	unsigned long cp = 0;
	char *out = arena_alloc(&f->tmp, n + 1);

	if (enc_to_winansi(utf8, out, n + 1, &bad, &cp) != 0) {
		if (!f->err)
			nerr_set(f->e, EX_DATAERR, NULL, 0, 0,
			    "character U+%04lX at byte %zu of \"%.40s\" has no "
			    "form in the letter font", cp, bad, utf8);
		f->err = 1;
		out[0] = '\0';
	}
	if (len != NULL)
		*len = strlen(out);
	return out;
}

/* Places a run of text; returns its width.  A dry run only measures. */
static float
text_at(struct flow *f, float x, float y, const char *s, size_t n, int st,
    float size, float ws)
{
	struct dev_op *o;
	float w;

	if (n == 0)
		return 0;
	w = text_w(f, s, n, (st & ST_BOLD) != 0, size);
	for (size_t i = 0; i < n; i++)
		if (s[i] == ' ')
			w += ws;
	if (f->dry)
		return w;
	o = push(f, DEV_TEXT);
	o->x = x;
	o->y = y;
	o->size = size;
	o->bold = (st & ST_BOLD) != 0;
	o->underline = (st & ST_UNDER) != 0;
	o->wordspace = ws;
	o->text = page_strndup(f, s, n);
	o->w = w;
	return w;
}

enum align { AL_LEFT, AL_JUSTIFY, AL_CENTER, AL_RIGHT };

/* One piece of text in one style; sp: a space precedes it. */
struct tok {
	const char	*s;
	size_t		 n;
	int		 st, sp;
	float		 w;
};

struct toks {
	struct tok	*v;
	size_t		 n, cap;
};

static void
tok_add(struct flow *f, struct toks *t, const char *s, size_t n, int st,
    int sp, float size)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	t->v[t->n].s = s;
	t->v[t->n].n = n;
	t->v[t->n].st = st;
	t->v[t->n].sp = sp;
	t->v[t->n].w = text_w(f, s, n, st & ST_BOLD, size);
	t->n++;
}

/* Splits WinAnsi text into tokens at spaces; *pend_sp carries a space
 * across inline element boundaries. */
static void
tokenize(struct flow *f, struct toks *t, const char *s, int st, int *pend_sp,
    float size)
{
	while (*s) {
		if (*s == ' ') {
			*pend_sp = t->n > 0;
			s++;
			continue;
		}
		size_t n = strcspn(s, " ");
		tok_add(f, t, s, n, st, *pend_sp, size);
		*pend_sp = 0;
		s += n;
	}
}

static void
collect_inline(struct flow *f, const struct dnode *n, int st,
    struct toks *t, int *pend_sp, float size)
{
	for (; n != NULL; n = n->next) {
		if (n->name == NULL) {
			char *w = winansi(f, n->text, NULL);
			tokenize(f, t, w, st, pend_sp, size);
		} else {
			int s2 = st;
			if (!strcmp(n->name, "b"))
				s2 |= ST_BOLD;
			else if (!strcmp(n->name, "u"))
				s2 |= ST_UNDER;
			collect_inline(f, n->child, s2, t, pend_sp, size);
		}
	}
}

/* Breaks a token wider than the line into pieces that fit. */
static void
split_wide(struct flow *f, struct toks *t, float width, float size)
{
	for (size_t i = 0; i < t->n; i++) {
		struct tok *k = &t->v[i];
		size_t cut = 0;
		float w = 0;

		if (k->w <= width)
			continue;
		while (cut < k->n) {
			float cw = f->m->w[k->st & ST_BOLD][(unsigned char)k->s[cut]]
			    * size / 1000.0f;
			if (w + cw > width && cut > 0)
				break;
			w += cw;
			cut++;
		}
		if (cut >= k->n)
			continue;
		/* Insert the rest as a new token right after this one. */
		struct tok rest = *k;
		rest.s += cut;
		rest.n -= cut;
		rest.sp = 1;	/* a break point, drawn at a line start */
		k->n = cut;
		k->w = w;
		tok_add(f, t, "", 0, 0, 0, size);
		memmove(&t->v[i + 2], &t->v[i + 1],
		    (t->n - i - 2) * sizeof(*t->v));
		rest.w = text_w(f, rest.s, rest.n, rest.st & ST_BOLD, size);
		t->v[i + 1] = rest;
	}
}

/* The baseline of a first line set from the cursor: a line's lead below
 * it, or at a fresh page's top only its size.  Callers use it to put a
 * list mark or a colon there before the text flows. */
static float
first_line(const struct flow *f, float lead, float size)
{
	return f->y < f->ph - f->top ? f->y - lead : f->y - size;
}

/*
 * Sets tokens in lines between x and x + width, starting at the cursor.
 * first_indent shifts the first line.  Returns the number of lines.
 */
static int
flow_toks(struct flow *f, struct toks *t, float x, float width,
    enum align al, float size, float lead, float first_indent)
{
	float spw[2] = { f->m->w[0][' '] * size / 1000.0f,
	    f->m->w[1][' '] * size / 1000.0f };
	size_t i = 0;
	int lines = 0;

	split_wide(f, t, width - first_indent, size);
	/* Lines counted first, for the rules on a break inside them. */
	int nl = 0;
	if (f->ublk && !f->dry) {
		float y = f->y;
		long ub = f->ublk;

		f->dry = 1;
		f->y = 1e6f;
		f->ublk = 0;
		nl = flow_toks(f, t, x, width, al, size, lead, first_indent);
		f->dry = 0;
		f->y = y;
		f->ublk = ub;
	}
	int here = 0;
	size_t pn = f->npage;
	while (i < t->n) {
		float ind = lines == 0 ? first_indent : 0;
		float avail = width - ind, w = t->v[i].w;
		size_t j = i + 1, nsp = 0;

		/* Greedy: add tokens while they fit; glued tokens move together. */
		while (j < t->n) {
			float add = t->v[j].w;
			size_t k = j + 1;
			while (k < t->n && !t->v[k].sp)
				add += t->v[k++].w;
			if (t->v[j].sp)
				add += spw[t->v[j].st & ST_BOLD];
			if (w + add > avail)
				break;
			for (size_t q = j; q < k; q++)
				nsp += t->v[q].sp;
			w += add;
			j = k;
		}
		if (nl && lines > 0 && f->y - lead < f->bottom) {
			/* A break inside: one line alone on either side
			 * takes another with it. */
			if (here == 1 || nl - lines == 1)
				keep_units(f, 1, 0);
		}
		need(f, lead);
		if (f->npage != pn) {
			pn = f->npage;
			here = 0;
			for (size_t q = 0; q < f->nunit; q++)
				here += f->unit[q].blk == f->blk;
		}
		if (nl) {
			unit_add(f, 0);
			here++;
		}
		f->y = lines > 0 ? f->y - lead : first_line(f, lead, size);
		float extra = 0, x0 = x + ind;
		if (al == AL_JUSTIFY && j < t->n && nsp > 0)
			extra = (avail - w) / nsp;
		else if (al == AL_CENTER)
			x0 += (avail - w) / 2;
		else if (al == AL_RIGHT)
			x0 += avail - w;
		/* Runs of one style become one text op each. */
		size_t r = i;
		float pen = x0;
		while (r < j) {
			size_t q = r + 1;
			char buf[4096];
			size_t bl = 0;
			int st = t->v[r].st;

			memcpy(buf, t->v[r].s, t->v[r].n < sizeof(buf) ?
			    t->v[r].n : sizeof(buf) - 1);
			bl = t->v[r].n < sizeof(buf) ? t->v[r].n : sizeof(buf) - 1;
			while (q < j && t->v[q].st == st &&
			    bl + t->v[q].n + 2 < sizeof(buf)) {
				if (t->v[q].sp)
					buf[bl++] = ' ';
				memcpy(buf + bl, t->v[q].s, t->v[q].n);
				bl += t->v[q].n;
				q++;
			}
			if (bl > 0)
				pen += text_at(f, pen, f->y, buf, bl, st, size,
				    extra);
			if (q < j && t->v[q].sp)
				pen += spw[t->v[q].st & ST_BOLD] + extra;
			r = q;
		}
		lines++;
		i = j;
	}
	return lines;
}

/* Flows one plain string (UTF-8) as a paragraph. */
static void
flow_str(struct flow *f, const char *utf8, float x, float width,
    enum align al, int st, float size, float lead)
{
	struct toks t = { 0 };
	int sp = 0;

	tokenize(f, &t, winansi(f, utf8, NULL), st, &sp, size);
	flow_toks(f, &t, x, width, al, size, lead, 0);
	free(t.v);
}

static const char *
prop(const struct dnode *n, const char *name)
{
	return dnode_attr(n, name);
}

static int
prop_is(const struct dnode *n, const char *name, const char *val)
{
	return dnode_attr_is(n, name, val);
}

/* An element's text (text-only elements, by the schema). */
static const char *
ntext(const struct dnode *n)
{
	return n->text != NULL ? n->text : "";
}

static float
prop_num(const struct dnode *n, const char *name, float dflt)
{
	const char *v = prop(n, name);

	return v != NULL ? (float)atof(v) : dflt;
}

/* A number kept within [lo, hi]: the limits document.rng leaves out. */
static float
clamp(float v, float lo, float hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* The kop surat: the logo (a PNG) or the drawn emblem on the left, the
 * document's lines centred beside it, each in its size, leading and
 * weight (gap: extra space above it, points), then the thick-thin double
 * rule of Tata Naskah Dinas. */
static void
do_kop(struct flow *f, const struct dnode *n)
{
	const char *logo = prop(n, "logo");
	float logo_h = MM(24), top = f->y;
	float cx = f->left + MM(28), cw = f->right - cx;

	if (logo != NULL) {
		struct dev_op *o = push(f, DEV_IMAGE);
		o->x = f->left;
		o->y = top - logo_h;
		o->w = logo_h * 0.82f;
		o->h = logo_h;
		o->text = page_strndup(f, logo, strlen(logo));
	} else {
		struct dev_op *o = push(f, DEV_EMBLEM);
		o->x = f->left;
		o->y = top;
		o->h = logo_h;
	}
	for (const struct dnode *c = n->child; c != NULL; c = c->next) {
		float size;

		if (c->name == NULL || strcmp(c->name, "line") != 0)
			continue;
		size = clamp(prop_num(c, "size", BODY), 4, 40);
		f->y -= clamp(prop_num(c, "gap", 0), -20, 100);
		flow_str(f, ntext(c), cx, cw, AL_CENTER,
		    prop_is(c, "bold", "yes") ? ST_BOLD : 0, size,
		    clamp(prop_num(c, "lead", size * 1.3f), 0, 100));
	}
	if (f->y > top - logo_h)
		f->y = top - logo_h;
	f->y -= MM(2.5);
	struct dev_op *o = push(f, DEV_LINE);
	o->x = f->left; o->y = f->y; o->w = f->right - f->left; o->size = 2.4f;
	o = push(f, DEV_LINE);
	o->x = f->left; o->y = f->y - 3.2f; o->w = f->right - f->left;
	o->size = 0.8f;
	f->y -= MM(6);
}

static void
do_centered(struct flow *f, const struct dnode *n, int st, float size)
{
	flow_str(f, ntext(n), f->left, f->right - f->left, AL_CENTER, st,
	    size, size * 1.3f);
}

static void
do_p(struct flow *f, const struct dnode *n, float x, float width)
{
	struct toks t = { 0 };
	int sp = 0;
	enum align al = AL_JUSTIFY;
	float ind = 0;
	const char *a = prop(n, "align");

	if (a != NULL) {
		if (!strcmp(a, "left")) al = AL_LEFT;
		else if (!strcmp(a, "center")) al = AL_CENTER;
		else if (!strcmp(a, "right")) al = AL_RIGHT;
	}
	if (prop_is(n, "indent", "yes"))
		ind = MM(12.5);
	collect_inline(f, n->child, 0, &t, &sp, BODY);
	block_start(f);
	f->ublk = f->blk;
	flow_toks(f, &t, x, width, al, BODY, LEAD, ind);
	f->ublk = 0;
	free(t.v);
	f->y -= LEAD * 0.4f;
}

static void	fields_rows(struct flow *, const struct dnode *, float, float,
		    float, float);

/* A paragraph's height set full width, measured dry: a closing one too
 * long to go whole with the signature and two lines is not held. */
static float
p_height(struct flow *f, const struct dnode *n)
{
	struct toks t = { 0 };
	float y = f->y;
	int sp = 0, lines = 0;

	f->dry = 1;
	f->y = 1e6f;
	collect_inline(f, n->child, 0, &t, &sp, BODY);
	if (t.n)
		lines = flow_toks(f, &t, f->left, f->right - f->left, AL_JUSTIFY,
		    BODY, LEAD, prop_is(n, "indent", "yes") ? MM(12.5) : 0);
	free(t.v);
	f->dry = 0;
	f->y = y;
	return lines * LEAD;
}

static void
do_fields(struct flow *f, const struct dnode *n)
{
	float x0 = f->left + (prop_is(n, "indent", "no") ? 0 : MM(10));
	float lw = MM(35), colon, vx;
	const struct dnode *c;

	for (c = n->child; c; c = c->next) {
		const char *lab;
		size_t len;
		float w;

		if (c->name == NULL)
			continue;
		lab = prop(c, "label");
		const char *wl = winansi(f, lab ? lab : "", &len);
		w = text_w(f, wl, len, 0, BODY);
		if (w + MM(3) > lw)
			lw = w + MM(3);
	}
	if (lw > MM(60))
		lw = MM(60);
	colon = x0 + lw;
	vx = colon + MM(3);
	/* Never split (the applicant's data): measured dry, then moved
	 * whole to the next page if it does not fit. */
	{
		float y = f->y, h;

		f->dry = 1;
		f->y = 1e6f;
		fields_rows(f, n, x0, lw, colon, vx);
		h = 1e6f - f->y + LEAD - BODY;
		f->dry = 0;
		f->y = y;
		if (h < f->ph - f->top - f->bottom)
			need(f, h);
	}
	/* Two units: what keeps two lines company keeps it whole. */
	block_start(f);
	unit_add(f, 0);
	unit_add(f, 0);
	fields_rows(f, n, x0, lw, colon, vx);
	f->y -= LEAD * 0.4f;
}

static void
fields_rows(struct flow *f, const struct dnode *n, float x0, float lw,
    float colon, float vx)
{
	const struct dnode *c;

	for (c = n->child; c; c = c->next) {
		const char *lab, *val;
		float ytop;

		if (c->name == NULL)
			continue;
		if ((lab = prop(c, "label")) == NULL)
			lab = "";
		val = ntext(c);
		need(f, LEAD);
		ytop = f->y;
		flow_str(f, lab, x0, lw - MM(1), AL_LEFT, 0, BODY, LEAD);
		float ylab = f->y;
		size_t pn_lab = f->npage;
		f->y = ytop;
		{
			struct toks t = { 0 };
			int sp = 0;
			tokenize(f, &t, winansi(f, val, NULL), 0, &sp, BODY);
			if (t.n == 0)
				tok_add(f, &t, "-", 1, 0, 0, BODY);
			/* The colon sits on the first line of the value. */
			text_at(f, colon, first_line(f, LEAD, BODY), ":", 1, 0,
			    BODY, 0);
			flow_toks(f, &t, vx, f->right - vx, AL_LEFT, BODY, LEAD, 0);
			free(t.v);
		}
		if (ylab < f->y && pn_lab == f->npage)
			f->y = ylab;
	}
}

/* The children named name of a container: its own, then, with
 * from="NAME", those of each part the source gives, one part at a time. */
struct kids {
	struct flow	*f;
	const char	*name;
	const struct dnode *next;
	const char	*from;
	int		 asked;		/* parts asked for so far */
	long		 line;		/* the container's, for messages */
};

static void
kids_open(struct kids *k, struct flow *f, const struct dnode *n,
    const char *name)
{
	k->f = f;
	k->name = name;
	k->next = n->child;
	k->from = prop(n, "from");
	k->asked = 0;
	k->line = n->line;
}

static const struct dnode *
kids_next(struct kids *k)
{
	struct flow *f = k->f;

	for (;;) {
		while (k->next != NULL && (k->next->name == NULL ||
		    strcmp(k->next->name, k->name) != 0))
			k->next = k->next->next;
		if (k->next != NULL) {
			const struct dnode *c = k->next;

			k->next = c->next;
			return c;
		}
		if (k->from == NULL || f->err)
			return NULL;
		const struct dnode *part = f->src == NULL ? NULL :
		    f->src->next(f->src->arg, k->from, k->asked++ == 0, f->e);
		if (part == NULL) {
			/* A template's mistake: from= in a document that
			 * its command fills in one piece. */
			if (f->src == NULL)
				nerr_set(f->e, EX_CONFIG, NULL, k->line, 0,
				    "from=\"%s\": this document has no parts "
				    "to fill it with", k->from);
			if (f->src == NULL || f->e->status != 0)
				f->err = 1;
			k->from = NULL;
			return NULL;
		}
		k->next = part->child;
	}
}

static void
kids_close(struct kids *k)
{
	k->from = NULL;
}

static void
do_list(struct flow *f, const struct dnode *n, float x, float width)
{
	int i = 0, style = 0;	/* 0 number, 1 alpha, 2 bullet */
	const char *s = prop(n, "style");
	struct kids kids;
	const struct dnode *c;

	if (s != NULL)
		style = !strcmp(s, "alpha") ? 1 : !strcmp(s, "bullet") ? 2 : 0;
	kids_open(&kids, f, n, "item");
	while ((c = kids_next(&kids)) != NULL) {
		struct toks t = { 0 };
		struct mark m = arena_mark(&f->tmp);
		char mark[16];
		int sp = 0;

		i++;
		if (style == 1)
			snprintf(mark, sizeof(mark), "%c.", 'a' + (i - 1) % 26);
		else if (style == 2)
			snprintf(mark, sizeof(mark), "\x95");
		else
			snprintf(mark, sizeof(mark), "%d.", i);
		collect_inline(f, c->child, 0, &t, &sp, BODY);
		need(f, LEAD);
		/* Each item is a block of the rules; its first unit starts
		 * with its mark. */
		block_start(f);
		f->u0 = f->page.nop;
		/* The mark goes on the item's first line, which may end up on
		 * a page already gone when the item breaks across pages. */
		float y1 = first_line(f, LEAD, BODY);
		text_at(f, x, y1, mark, strlen(mark), 0, BODY, 0);
		f->ublk = f->blk;
		if (t.n)
			flow_toks(f, &t, x + MM(8), width - MM(8), AL_JUSTIFY,
			    BODY, LEAD, 0);
		else {
			unit_add(f, 0);
			f->y = y1;
		}
		f->ublk = 0;
		free(t.v);
		arena_release(&f->tmp, m);
	}
	kids_close(&kids);
	f->y -= LEAD * 0.4f;
}

/* Tables: relative column widths, wrapped cells, header repeated on every
 * page the table reaches, total rows in bold. */
struct tcol {
	float	 w;
	int	 align;
	char	*head;
};

/* The font size at which the longest word of a cell fits its column:
 * a narrow column shrinks its header or figure a little rather than
 * breaking "Perkelahian" or "Rp 1.250.000" in the middle.  whole: the
 * cell is one figure (a right-aligned column), never wrapped if a
 * smaller size can hold it. */
static float
cell_size(struct flow *f, const char *w, float width, int bold, float size,
    int whole)
{
	float max = 0;

	while (*w) {
		size_t n = whole ? strlen(w) : strcspn(w, " ");
		float tw = text_w(f, w, n, bold, size);

		if (tw > max)
			max = tw;
		w += n;
		while (*w == ' ')
			w++;
	}
	if (max > width && max > 0) {
		size = size * width / max;
		if (size < 6)
			size = 6;	/* below that, break the word instead */
	}
	return size;
}

static float
cell_height(struct flow *f, const char *w, float width, int bold, float size,
    int whole)
{
	/* Dry run: count lines without placing them. */
	float y = f->y, lead = size * 1.25f;
	struct toks t = { 0 };
	int sp = 0, lines;

	size = cell_size(f, w, width, bold, size, whole);
	f->dry = 1;
	f->y = 1e6f;	/* no page break in a dry run */
	tokenize(f, &t, w, bold, &sp, size);
	lines = t.n ? flow_toks(f, &t, 0, width, AL_LEFT, size, lead, 0) : 1;
	free(t.v);
	f->dry = 0;
	f->y = y;
	return lines * lead + 4;
}

/* The height of a row: its tallest cell. */
static float
row_height(struct flow *f, const struct tcol *col, size_t ncol, char **cells,
    int bold, int header, float size)
{
	float h = 0;

	for (size_t i = 0; i < ncol; i++) {
		float ch = cell_height(f, cells[i] ? cells[i] : "", col[i].w - 4,
		    bold, size, !header && col[i].align == AL_RIGHT);
		if (ch > h)
			h = ch;
	}
	return h;
}

/* Draws a row of height h (from row_height) at the cursor. */
static void
table_row(struct flow *f, struct tcol *col, size_t ncol, char **cells,
    int bold, int header, float size, float h)
{
	float x = f->left, lead = size * 1.25f;
	float tw = f->right - f->left;

	if (header || bold) {
		struct dev_op *o = push(f, DEV_FILL);
		o->x = f->left; o->y = f->y - h; o->w = tw; o->h = h;
		o->rgb[0] = o->rgb[1] = o->rgb[2] = header ? 0.86f : 0.94f;
	}
	float ytop = f->y;
	for (size_t i = 0; i < ncol; i++) {
		struct toks t = { 0 };
		int sp = 0;
		const char *c = cells[i] ? cells[i] : "";
		float cs = cell_size(f, c, col[i].w - 4, bold, size,
		    !header && col[i].align == AL_RIGHT);
		size_t first = f->page.nop, pn = f->npage;

		f->y = ytop - 2;
		tokenize(f, &t, c, bold, &sp, cs);
		if (t.n)
			flow_toks(f, &t, x + 2, col[i].w - 4, header ?
			    AL_CENTER : col[i].align, cs, cs * 1.25f, 0);
		free(t.v);
		/* flow_toks places a first line differently at a page top;
		 * a cell wants its first baseline a cap height below its
		 * top edge wherever it is, so shift the lines there. */
		if (pn == f->npage && first < f->page.nop) {
			float dy = ytop - 2.5f - (lead - size) / 2 - size * 0.8f -
			    f->page.op[first].y;
			for (size_t q = first; q < f->page.nop; q++)
				f->page.op[q].y += dy;
		}
		struct dev_op *o = push(f, DEV_RECT);
		o->x = x; o->y = ytop - h; o->w = col[i].w; o->h = h;
		o->size = 0.5f;
		x += col[i].w;
	}
	f->y = ytop - h;
}

/* A table row read ahead: its cells (WinAnsi) in mem, its height. */
#define TQ	4
struct trow {
	char	*cells[64];
	char	*mem;
	int	 total;
	float	 h;
};

static void
trow_read(struct flow *f, const struct dnode *c, struct tcol *col,
    size_t ncol, float size, struct trow *r)
{
	struct mark m = arena_mark(&f->tmp);
	char *cv[64];
	size_t i = 0, len = 0;

	r->total = prop_is(c, "kind", "total");
	for (const struct dnode *d = c->child; d && i < ncol; d = d->next) {
		if (d->name == NULL)
			continue;
		cv[i] = winansi(f, ntext(d), NULL);
		len += strlen(cv[i++]) + 1;
	}
	while (i < ncol)
		cv[i++] = NULL;
	r->h = row_height(f, col, ncol, cv, r->total ? ST_BOLD : 0, 0, size);
	/* A row of boxes to write in (paraf): at least its height. */
	const char *rh = prop(c, "height");
	if (rh != NULL && MM((float)atof(rh)) > r->h)
		r->h = MM((float)atof(rh));
	r->mem = xmalloc(len + 1);
	len = 0;
	for (i = 0; i < ncol; i++) {
		if (cv[i] == NULL) {
			r->cells[i] = NULL;
			continue;
		}
		r->cells[i] = r->mem + len;
		strcpy(r->cells[i], cv[i]);
		len += strlen(cv[i]) + 1;
	}
	arena_release(&f->tmp, m);
}

/* The header at the cursor, noted as the table's on this page. */
static void
table_header(struct flow *f, struct tcol *col, size_t ncol, char **hdr,
    float size, float hh)
{
	f->thdr_v.hop = f->page.nop;
	f->thdr_v.hy = f->y;
	f->thdr_v.hh = hh;
	table_row(f, col, ncol, hdr, ST_BOLD, 1, size, hh);
	f->thdr_v.hend = f->page.nop;
	f->thdr = &f->thdr_v;
}

static void
do_table(struct flow *f, const struct dnode *n)
{
	struct tcol col[64];
	size_t ncol = 0;
	float total = 0, size = 9;
	char *hdr[64], *cells[64];
	struct kids kids;
	const struct dnode *c;
	const char *cap = prop(n, "caption");

	if (cap != NULL)
		need(f, LEAD * 3);
	/* Caption and header stay with two data rows at least. */
	block_start(f);
	keep_at(f, f->bop, f->by, NULL, 2);
	if (cap != NULL) {
		flow_str(f, cap, f->left, f->right - f->left, AL_LEFT, ST_BOLD,
		    BODY, LEAD);
		f->y -= 4;
	}
	for (c = n->child; c; c = c->next) {
		if (c->name == NULL || strcmp(c->name, "col") || ncol == 64)
			continue;
		const char *w = prop(c, "width"), *a = prop(c, "align");
		col[ncol].w = w ? (float)atof(w) : 1;
		col[ncol].align = !a ? AL_LEFT : !strcmp(a, "right") ? AL_RIGHT :
		    !strcmp(a, "center") ? AL_CENTER : AL_LEFT;
		col[ncol].head = winansi(f, ntext(c), NULL);
		hdr[ncol] = col[ncol].head;
		total += col[ncol].w > 0 ? col[ncol].w : 1;
		ncol++;
	}
	if (ncol == 0)
		return;
	for (size_t i = 0; i < ncol; i++)
		col[i].w = (col[i].w > 0 ? col[i].w : 1) / total *
		    (f->right - f->left);
	/* The header's height once: it is drawn again on every page. */
	float hh = row_height(f, col, ncol, hdr, ST_BOLD, 1, size);
	need(f, 60);
	table_header(f, col, ncol, hdr, size, hh);
	/* Rows are read a few ahead (copied: a part may be freed at the
	 * next), so a break knows how many data rows are left after it:
	 * never fewer than two, never the total row alone. */
	struct trow q[TQ];
	size_t qn = 0;
	int end = 0, here = 0;
	kids_open(&kids, f, n, "row");
	for (;;) {
		while (!end && qn < TQ) {
			if ((c = kids_next(&kids)) == NULL)
				end = 1;
			else
				trow_read(f, c, col, ncol, size, &q[qn++]);
		}
		if (qn == 0)
			break;
		struct trow *r = &q[0];
		for (size_t i = 0; i < ncol; i++)
			cells[i] = r->cells[i];
		if (f->y - r->h < f->bottom) {
			int rem = TQ;

			if (end) {
				rem = 0;
				for (size_t i = 0; i < qn; i++)
					rem += !q[i].total;
			}
			if (here == 0)
				keep_at(f, f->bop, f->by, NULL, 0);
			else if (rem < 2 || here == 1)
				keep_units(f, rem < 2 ? (size_t)(2 - rem) : 1, 0);
			f->want = r->h;
			new_page(f);
			f->want = 0;
			if (!f->carried)
				table_header(f, col, ncol, hdr, size, hh);
			here = 0;
			for (size_t i = 0; i < f->nunit; i++)
				here += f->unit[i].blk == f->blk;
		}
		if (!r->total) {
			unit_add(f, 1);
			here++;
		}
		table_row(f, col, ncol, cells, r->total ? ST_BOLD : 0, 0,
		    size, r->h);
		free(r->mem);
		memmove(q, q + 1, --qn * sizeof(*q));
	}
	kids_close(&kids);
	f->thdr = NULL;
	f->y -= LEAD;
}

/* A chart value ("1250", "85.37") the Indonesian way: "1.250", "85,37". */
static void
chart_num(const char *v, const char *unit, char *out, size_t sz)
{
	char *end;
	size_t n;

	fmt_thousands(strtoull(v, &end, 10), out, sz);
	n = strlen(out);
	if (*end == '.' && n + 1 < sz)
		snprintf(out + n, sz - n, ",%s", end + 1);
	n = strlen(out);
	if (unit != NULL && !strcmp(unit, "%") && n + 1 < sz)
		snprintf(out + n, sz - n, "%%");
}

/* Horizontal bars: one per label, scaled to the largest value, the value
 * at the end of the bar; a label too long for its column is cut short. */
static void
do_chart(struct flow *f, const struct dnode *n)
{
	double max = 0;
	size_t nb = 0;
	float bar = 11, gap = 4, labw = MM(35);
	const char *title = prop(n, "title"), *unit = prop(n, "unit");
	const char *amax = prop(n, "max"), *acount = prop(n, "count");
	struct kids kids;
	const struct dnode *c;

	/* Streamed bars come with their scale and count, since they cannot
	 * be read twice; bars of its own are measured here. */
	if (amax != NULL)
		max = atof(amax);
	if (acount != NULL)
		nb = strtoul(acount, NULL, 10);
	for (c = n->child; c; c = c->next)
		if (c->name != NULL) {
			const char *v = prop(c, "value");
			double d = v ? atof(v) : 0;
			if (d > max)
				max = d;
			nb++;
		}
	/* Whole on one page when it fits one, else at least a few bars
	 * under the title. */
	float all = LEAD * 2 + 6 + (bar + gap) * nb;
	need(f, all < f->ph - f->top - f->bottom ? all :
	    LEAD * 2 + (bar + gap) * 8);
	if (title != NULL)
		flow_str(f, title, f->left, f->right - f->left, AL_LEFT,
		    ST_BOLD, BODY, LEAD);
	/* The need above keeps its bars with the title; a heading before
	 * it is kept by that too, as bars are no units. */
	block_start(f);
	if (f->keep_units >= 0)
		keep_clear(f);
	f->y -= 6;
	float x0 = f->left + labw, wmax = f->right - x0 - MM(25);
	kids_open(&kids, f, n, "bar");
	while ((c = kids_next(&kids)) != NULL) {
		struct mark m = arena_mark(&f->tmp);
		const char *lab = prop(c, "label"), *v = prop(c, "value");
		double d = v ? atof(v) : 0;
		char num[64];
		size_t len;

		/* A chart of many desa goes on: say which on the new page,
		 * as a table repeats its header. */
		if (need(f, bar + gap)) {
			if (title != NULL) {
				char *t2 = arena_alloc(&f->tmp,
				    strlen(title) + 16);
				sprintf(t2, "%s (lanjutan)", title);
				flow_str(f, t2, f->left, f->right - f->left,
				    AL_LEFT, ST_BOLD, BODY, LEAD);
				f->y -= 6;
			}
		}
		f->y -= bar + gap;
		const char *w = winansi(f, lab ? lab : "", &len);
		while (len > 0 && text_w(f, w, len, 0, 9) > labw - MM(2))
			len--;
		text_at(f, f->left, f->y + 2, w, len, 0, 9, 0);
		struct dev_op *o = push(f, DEV_FILL);
		o->x = x0; o->y = f->y; o->h = bar;
		o->w = max > 0 ? (float)(d / max) * wmax : 0;
		o->rgb[0] = 0.16f; o->rgb[1] = 0.36f; o->rgb[2] = 0.62f;
		chart_num(v ? v : "0", unit, num, sizeof(num));
		text_at(f, x0 + o->w + 4, f->y + 2, num, strlen(num), 0, 9, 0);
		arena_release(&f->tmp, m);
	}
	kids_close(&kids);
	f->y -= LEAD;
}

static const char *
attr_or(const struct dnode *n, const char *name)
{
	const char *v = prop(n, name);

	return v != NULL ? v : "";
}

/* The verification code's QR side (size, mm, kept legible and small). */
static float
qr_side(const struct dnode *n)
{
	return MM(clamp(prop_num(n, "size", 22), 15, 40));
}

#define QR_TEXT		7.5f		/* its lines' size */
#define QR_LEAD		9.0f
#define QR_MEASURE	MM(82)		/* its lines' widest */

/* The height of a <qr> and its lines set width wide, measured dry. */
static float
qr_height(struct flow *f, const struct dnode *n, float width)
{
	float y = f->y, h;
	int dry = f->dry;

	f->dry = 1;
	f->y = 1e6f;
	for (const struct dnode *c = n->child; c != NULL; c = c->next) {
		struct toks t = { 0 };
		int sp = 0;

		if (c->name == NULL)
			continue;
		collect_inline(f, c->child, 0, &t, &sp, QR_TEXT);
		if (t.n > 0)
			flow_toks(f, &t, 0, width, AL_LEFT, QR_TEXT, QR_LEAD,
			    0);
		free(t.v);
	}
	h = 1e6f - f->y;
	f->dry = dry;
	f->y = y;
	return qr_side(n) + MM(1.5) + h;
}

/* The QR code with its top-left at (x, top), its lines under it, left
 * aligned, width wide; the cursor ends under the last line.  The data
 * goes to the device as it is (a URL and an ASCII payload). */
static void
qr_draw(struct flow *f, const struct dnode *n, float x, float top,
    float width)
{
	const char *data = attr_or(n, "data");
	float side = qr_side(n);
	struct dev_op *o = push(f, DEV_QR);

	o->x = x;
	o->y = top - side;
	o->w = side;
	o->h = side;
	o->text = page_strndup(f, data, strlen(data));
	/* The lines' first baseline sits a cap height under the code. */
	f->y = top - side - MM(1.5) + QR_LEAD - QR_TEXT * 0.75f;
	for (const struct dnode *c = n->child; c != NULL; c = c->next) {
		struct toks t = { 0 };
		int sp = 0;

		if (c->name == NULL)
			continue;
		collect_inline(f, c->child, 0, &t, &sp, QR_TEXT);
		if (t.n > 0)
			flow_toks(f, &t, x, width, AL_LEFT, QR_TEXT, QR_LEAD,
			    0);
		free(t.v);
	}
}

/* A <qr> on its own: at the left margin, kept whole on one page. */
static void
do_qr(struct flow *f, const struct dnode *n)
{
	float width = (f->right - f->left) * 0.5f;
	float h = qr_height(f, n, width);

	f->y -= LEAD * 0.5f;
	need(f, h);
	qr_draw(f, n, f->left, f->y, width);
	f->y -= LEAD;
}

/* The signature block; the office stamp over it unless stamp="no", its
 * texts the element's stamp-top, stamp-bottom and stamp-centre.  A <qr>
 * in it (the verification code) takes the block's left half, level with
 * its first line, so the code never costs the block a page of its own;
 * a paraf box then goes under the code. */
static void
do_signature(struct flow *f, const struct dnode *n)
{
	const char *keys[] = { "place-date", "an", "jabatan" };
	float bx = f->left + (f->right - f->left) * 0.52f;
	float bw = f->right - bx, space = MM(22), h;
	const char *nama = prop(n, "nama"), *pangkat = prop(n, "pangkat");
	const char *nip = prop(n, "nip"), *plt = prop(n, "plt");
	const char *paraf = prop(n, "paraf");
	int stamp = !prop_is(n, "stamp", "no");
	const struct dnode *qr = NULL;
	float qtop = 0, qw = 0, qbottom = 0;

	for (const struct dnode *c = n->child; c != NULL; c = c->next)
		if (c->name != NULL && !strcmp(c->name, "qr"))
			qr = c;
	/* Keep the whole block on one page: the stamp must touch the name. */
	h = LEAD * 7 + space;
	if (qr != NULL) {
		float qh;

		qw = bx - f->left - MM(4);
		/* No wider than on an A4 portrait letter: on a landscape
		 * page the block's left half reaches the stamp's rim, and
		 * the lines ran into it. */
		if (qw > QR_MEASURE)
			qw = QR_MEASURE;
		qh = qr_height(f, qr, qw) + LEAD - BODY * 0.75f;
		if (paraf != NULL && *paraf)
			qh += MM(3) + MM(16);
		if (qh > h)
			h = qh;
	}
	f->y -= LEAD * 0.5f;
	/* Never alone: the two units before it come along (after a
	 * closing paragraph, already held with it). */
	keep_units(f, 2, -1);
	need(f, h);
	keep_clear(f);
	if (qr != NULL) {
		/* Its top at the first line's cap height. */
		qtop = first_line(f, LEAD, BODY) + BODY * 0.75f;
		float y = f->y;
		qr_draw(f, qr, f->left, qtop, qw);
		qbottom = f->y - (QR_LEAD - QR_TEXT);
		f->y = y;
	}
	for (size_t i = 0; i < 3; i++) {
		const char *v = prop(n, keys[i]);
		char buf[512];

		if (v == NULL)
			continue;
		if (i == 1)
			snprintf(buf, sizeof(buf), "a.n. %s", v);
		else if (i == 2 && plt != NULL && *plt)
			snprintf(buf, sizeof(buf), "%s %s", plt, v);
		else
			snprintf(buf, sizeof(buf), "%s", v);
		flow_str(f, buf, bx, bw, AL_CENTER, 0, BODY, LEAD);
		if (i == 0)
			f->y -= 2;
	}
	float ysig = f->y;
	if (stamp) {
		static const char *const texts[] = { "stamp-top",
		    "stamp-bottom", "stamp-centre" };
		const char **dst[3];
		struct dev_op *o;

		/* Ring texts are the office's name: a stamp without them
		 * is a template's mistake, never an empty ring. */
		if (!*attr_or(n, "stamp-top") || !*attr_or(n, "stamp-bottom")) {
			if (!f->err)
				nerr_set(f->e, EX_CONFIG, NULL, n->line, 0,
				    "<signature>: a stamp needs stamp-top and "
				    "stamp-bottom (the office's name)");
			f->err = 1;
			return;
		}
		o = push(f, DEV_STAMP);
		o->x = bx + MM(14);
		o->y = ysig - space / 2 - 4;
		dst[0] = &o->text;
		dst[1] = &o->t2;
		dst[2] = &o->t3;
		/* Op strings live with the page, conversions do not. */
		for (size_t i = 0; i < 3; i++) {
			const char *v = prop(n, texts[i]);
			size_t len;

			if (v == NULL)
				continue;
			v = winansi(f, v, &len);
			*dst[i] = page_strndup(f, v, len);
		}
	}
	if (paraf != NULL && *paraf) {
		/* Initials box for the Kasi who checked the report. */
		float pb = qr != NULL ? qbottom - MM(3) - MM(16) :
		    ysig - space;
		struct dev_op *o = push(f, DEV_RECT);
		o->x = f->left; o->y = pb; o->w = MM(45); o->h = MM(16);
		o->size = 0.5f;
		char buf[256];
		snprintf(buf, sizeof(buf), "Paraf %s", paraf);
		float sy = f->y;
		f->y = pb + MM(16) + 0;
		flow_str(f, buf, f->left + 3, MM(45) - 6, AL_LEFT, 0, 8, 10);
		f->y = sy;
		qbottom = pb;
	}
	f->y = ysig - space;
	flow_str(f, nama ? nama : "", bx, bw, AL_CENTER, ST_BOLD | ST_UNDER,
	    BODY, LEAD);
	if (pangkat && *pangkat)
		flow_str(f, pangkat, bx, bw, AL_CENTER, 0, BODY, LEAD);
	if (nip && *nip) {
		char buf[128];
		snprintf(buf, sizeof(buf), "NIP. %s", nip);
		flow_str(f, buf, bx, bw, AL_CENTER, 0, BODY, LEAD);
	}
	if (qr != NULL && qbottom < f->y)
		f->y = qbottom;
	f->y -= LEAD;
}

static void
do_tembusan(struct flow *f, const struct dnode *n)
{
	need(f, LEAD * 3);
	/* Its label stays with two lines of the list, which wraps at the
	 * margin like the text above it. */
	f->hop = f->page.nop;
	f->hy = f->y;
	keep_at(f, f->hop, f->hy, NULL, 2);
	flow_str(f, "Tembusan:", f->left, f->right - f->left, AL_LEFT, 0,
	    10, 13);
	do_list(f, n, f->left, f->right - f->left);
}

/* "Halaman i dari n" over every page, once n is known. */
static void
page_numbers(struct flow *f)
{
	char buf[64];

	for (size_t i = 0; i < f->npage && !f->err; i++) {
		f->page.nop = 0;
		snprintf(buf, sizeof(buf), "Halaman %zu dari %zu", i + 1,
		    f->npage);
		float w = text_w(f, buf, strlen(buf), 0, 8);
		text_at(f, f->right - w, f->bottom - MM(8), buf, strlen(buf),
		    0, 8, 0);
		if (f->dev->overlay(f->dev->arg, i, &f->page, f->e) != 0)
			f->err = 1;
		arena_release(&f->pstr, (struct mark){ NULL, 0 });
	}
}

/* The next element after n, or NULL. */
static const struct dnode *
next_elem(const struct dnode *n)
{
	for (n = n->next; n != NULL; n = n->next)
		if (n->name != NULL)
			return n;
	return NULL;
}

/* A closing paragraph: the last before the signature, or one the
 * template marks keep="next" (a "Demikian ..." before a ralat's
 * paragraph). */
static int
closing(const struct dnode *n)
{
	const struct dnode *x;

	if (n->name == NULL || strcmp(n->name, "p") != 0)
		return 0;
	if (prop_is(n, "keep", "next"))
		return 1;
	return (x = next_elem(n)) != NULL && !strcmp(x->name, "signature");
}

/* A paragraph whose text ends in a colon, followed by a list, table or
 * fields. */
static int
intro(const struct dnode *n)
{
	const struct dnode *c, *last = NULL, *x;

	if ((x = next_elem(n)) == NULL || (strcmp(x->name, "list") != 0 &&
	    strcmp(x->name, "table") != 0 && strcmp(x->name, "fields") != 0))
		return 0;
	for (c = n->child; c != NULL; c = c->next)
		last = c;
	if (last != NULL && last->name != NULL)
		last = last->child;
	if (last == NULL || last->text == NULL)
		return 0;
	size_t k = strlen(last->text);
	while (k > 0 && (last->text[k - 1] == ' ' || last->text[k - 1] == '\n'))
		k--;
	return k > 0 && last->text[k - 1] == ':';
}

static void
do_block(struct flow *f, const struct dnode *n)
{
	const char *name = n->name;

	if (!strcmp(name, "kop"))
		do_kop(f, n);
	else if (!strcmp(name, "title")) {
		f->y -= 4;
		need(f, LEAD * 4);
		do_centered(f, n, ST_BOLD | ST_UNDER, 12.5f);
	} else if (!strcmp(name, "subtitle"))
		do_centered(f, n, ST_BOLD, 12);
	else if (!strcmp(name, "nomor")) {
		char buf[512];
		snprintf(buf, sizeof(buf), "Nomor : %s", ntext(n));
		flow_str(f, buf, f->left, f->right - f->left, AL_CENTER, 0,
		    BODY, LEAD);
		f->y -= LEAD;
	} else if (!strcmp(name, "heading")) {
		/* Keep a heading with the first lines of what it heads (a
		 * caption, a table header and a row). */
		need(f, LEAD * 3 + 48);
		/* It never ends a page: kept until two units of what it
		 * heads are on the page with it. */
		f->hop = f->page.nop;
		f->hy = f->y;
		keep_at(f, f->hop, f->hy, NULL, 2);
		f->y -= 4;
		flow_str(f, ntext(n), f->left, f->right - f->left, AL_LEFT,
		    ST_BOLD, BODY, LEAD);
		f->y -= 3;
	} else if (!strcmp(name, "p")) {
		/* The closing paragraph goes whole with the signature, and
		 * two lines of the text before it with them. */
		if (closing(n) && p_height(f, n) + LEAD * 9 + MM(22) <
		    f->ph - f->top - f->bottom)
			keep_units(f, 2, -1);
		do_p(f, n, f->left, f->right - f->left);
		/* A paragraph that introduces what follows ("Persyaratan
		 * yang belum dipenuhi:", "Isi pengaduan:") heads it. */
		if (intro(n) && !f->dry) {
			f->hop = f->bop;
			f->hy = f->by;
			keep_at(f, f->hop, f->hy, NULL, 2);
		}
	}
	else if (!strcmp(name, "fields"))
		do_fields(f, n);
	else if (!strcmp(name, "list"))
		do_list(f, n, f->left + MM(2), f->right - f->left - MM(2));
	else if (!strcmp(name, "table"))
		do_table(f, n);
	else if (!strcmp(name, "chart"))
		do_chart(f, n);
	else if (!strcmp(name, "space"))
		f->y -= MM(prop_num(n, "mm", 5));
	else if (!strcmp(name, "pagebreak")) {
		keep_clear(f);
		new_page(f);
	}
	else if (!strcmp(name, "signature"))
		do_signature(f, n);
	else if (!strcmp(name, "qr"))
		do_qr(f, n);
	else if (!strcmp(name, "tembusan"))
		do_tembusan(f, n);
}

long
layout_run(const struct dnode *root, const struct dev *dev,
    const struct layout_src *src, const struct dev_info *info,
    struct nerr *e)
{
	struct flow f = { 0 };
	const char *numbers = prop(root, "page-numbers");
	int f4 = prop_is(root, "paper", "F4");

	f.m = dev->metrics;
	f.src = src;
	f.dev = dev;
	f.e = e;
	f.pw = f4 ? MM(215) : MM(210);
	f.ph = f4 ? MM(330) : MM(297);
	if (prop_is(root, "orientation", "landscape")) {
		float t = f.pw;
		f.pw = f.ph;
		f.ph = t;
	}
	f.left = MM(25);
	f.right = f.pw - MM(20);
	f.top = MM(15);
	f.bottom = MM(20);
	f.keep = f.hop = f.u0 = NOKEEP;
	if (dev->begin(dev->arg, e) != 0)
		return -1;
	new_page(&f);
	for (const struct dnode *n = root->child; n && !f.err; n = n->next) {
		struct mark mk = arena_mark(&f.tmp);

		if (n->name != NULL)
			do_block(&f, n);
		/* A held keep lasts to the end of what it holds. */
		if (n->name != NULL && f.keep_units < 0 && !closing(n))
			keep_clear(&f);
		arena_release(&f.tmp, mk);
	}
	emit_page(&f);
	/* Numbered: always, never, or (the default) when there are
	 * several pages. */
	if (!f.err && (numbers == NULL || strcmp(numbers, "never") != 0) &&
	    (f.npage > 1 || (numbers != NULL && !strcmp(numbers, "always"))))
		page_numbers(&f);
	if (!f.err && dev->end(dev->arg, info, e) != 0)
		f.err = 1;
	if (f.err)
		dev->cancel(dev->arg);
	free(f.page.op);
	free(f.unit);
	arena_free(f.pstr);
	arena_free(f.tmp);
	return f.err ? -1 : (long)f.npage;
}
