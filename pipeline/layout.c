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
new_page(struct flow *f)
{
	if (f->npage > 0)
		emit_page(f);
	f->npage++;
	f->page.pw = f->pw;
	f->page.ph = f->ph;
	f->y = f->ph - f->top;
}

/* Makes room for h points below the cursor, starting a page if needed;
 * 1 if it did. */
static int
need(struct flow *f, float h)
{
	if (f->y - h >= f->bottom)
		return 0;
	new_page(f);
	return 1;
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
		need(f, lead);
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
	flow_toks(f, &t, x, width, al, BODY, LEAD, ind);
	free(t.v);
	f->y -= LEAD * 0.4f;
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
	f->y -= LEAD * 0.4f;
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
		/* The mark goes on the item's first line, which may end up on
		 * a page already gone when the item breaks across pages. */
		float y1 = first_line(f, LEAD, BODY);
		text_at(f, x, y1, mark, strlen(mark), 0, BODY, 0);
		if (t.n)
			flow_toks(f, &t, x + MM(8), width - MM(8), AL_JUSTIFY,
			    BODY, LEAD, 0);
		else
			f->y = y1;
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

	if (cap != NULL) {
		need(f, LEAD * 3);
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
	table_row(f, col, ncol, hdr, ST_BOLD, 1, size, hh);
	kids_open(&kids, f, n, "row");
	while ((c = kids_next(&kids)) != NULL) {
		struct mark m = arena_mark(&f->tmp);
		size_t i = 0;
		int bold;

		bold = prop_is(c, "kind", "total") ? ST_BOLD : 0;
		for (const struct dnode *d = c->child; d && i < ncol;
		    d = d->next) {
			if (d->name == NULL)
				continue;
			cells[i++] = winansi(f, ntext(d), NULL);
		}
		while (i < ncol)
			cells[i++] = NULL;
		float h = row_height(f, col, ncol, cells, bold, 0, size);
		/* A row of boxes to write in (paraf): at least its height. */
		const char *rh = prop(c, "height");
		if (rh != NULL && MM((float)atof(rh)) > h)
			h = MM((float)atof(rh));
		if (need(f, h))
			table_row(f, col, ncol, hdr, ST_BOLD, 1, size, hh);
		table_row(f, col, ncol, cells, bold, 0, size, h);
		arena_release(&f->tmp, m);
	}
	kids_close(&kids);
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
		qh = qr_height(f, qr, qw) + LEAD - BODY * 0.75f;
		if (paraf != NULL && *paraf)
			qh += MM(3) + MM(16);
		if (qh > h)
			h = qh;
	}
	f->y -= LEAD * 0.5f;
	need(f, h);
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
	flow_str(f, "Tembusan:", f->left, f->right - f->left, AL_LEFT, 0,
	    10, 13);
	do_list(f, n, f->left, (f->right - f->left) * 0.6f);
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
		f->y -= 4;
		flow_str(f, ntext(n), f->left, f->right - f->left, AL_LEFT,
		    ST_BOLD, BODY, LEAD);
		f->y -= 3;
	} else if (!strcmp(name, "p"))
		do_p(f, n, f->left, f->right - f->left);
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
	else if (!strcmp(name, "pagebreak"))
		new_page(f);
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
	if (dev->begin(dev->arg, e) != 0)
		return -1;
	new_page(&f);
	for (const struct dnode *n = root->child; n && !f.err; n = n->next) {
		struct mark mk = arena_mark(&f.tmp);

		if (n->name != NULL)
			do_block(&f, n);
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
	arena_free(f.pstr);
	arena_free(f.tmp);
	return f.err ? -1 : (long)f.npage;
}
