/* layout.h -- turn a validated document tree (document.rng) into pages of
 * positioned drawing operations.  Pure: glyph widths come in a metrics
 * table, nothing is drawn here.  A struct layout owns its pages, ops and
 * strings; layout_free releases them. */
#ifndef NASKAH_LAYOUT_H
#define NASKAH_LAYOUT_H

#include <stddef.h>

#include <libxml/tree.h>

#include "err.h"
#include "kantor.h"

/* Advance widths in 1/1000 em of the WinAnsi code points, regular and bold. */
struct layout_metrics {
	float	w[2][256];
};

enum lop_kind {
	LOP_TEXT,	/* text at (x, y) baseline; w = width incl. word spacing */
	LOP_LINE,	/* from (x, y) to (x + w, y + h), width size */
	LOP_RECT,	/* stroked rectangle, line width size */
	LOP_FILL,	/* filled rectangle in rgb */
	LOP_STAMP,	/* office stamp centred at (x, y); text, t2, t3 */
	LOP_EMBLEM,	/* drawn emblem, top-left (x, y), height h */
	LOP_IMAGE	/* PNG at text (a path), box (x, y, w, h) */
};

struct lop {
	enum lop_kind	 kind;
	float		 x, y, w, h;
	float		 size;		/* font size, or line width */
	float		 wordspace;
	float		 rgb[3];
	unsigned char	 bold, underline;
	const char	*text, *t2, *t3;	/* WinAnsi, NUL-terminated */
};

struct layout_page {
	float		 pw, ph;	/* page size, points */
	struct lop	*op;
	size_t		 nop, cap;
};

struct layout {
	struct layout_page	*page;
	size_t			 npage;
	char			*title;		/* UTF-8, from <title> */
	struct arena		*arena;
};

struct layout	*layout_doc(xmlDocPtr doc, const struct kantor *k,
		    const struct layout_metrics *m, struct nerr *e);
void		 layout_free(struct layout *);

#endif
