/* layout.h -- turn a validated document tree (document.rng) into pages of
 * positioned drawing operations.  Pure: glyph widths come in a metrics
 * table, nothing is drawn here.  Pages go to a sink as each is finished,
 * so a document of any length is held one page at a time. */
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

/* One page; it and its strings belong to the layout and live only until
 * the sink call that receives it returns. */
struct layout_page {
	float		 pw, ph;	/* page size, points */
	struct lop	*op;
	size_t		 nop, cap;
};

/* Where finished pages go.  page: the next page, in order.  overlay:
 * after the last page, what goes over page i (0-based): its number,
 * which needs the page count.  Each returns 0, or -1 with e filled to
 * stop the layout. */
struct layout_sink {
	int	(*page)(void *arg, const struct layout_page *, struct nerr *e);
	int	(*overlay)(void *arg, size_t i, const struct layout_page *,
		    struct nerr *e);
	void	*arg;
};

/* Children too many to hold at once: a <table>, <list> or <chart> with
 * from="NAME" continues with the children of each <part> that next
 * returns for NAME, one part at a time (first: the container's first
 * call, so the source starts NAME from its beginning).  next returns NULL
 * at the end (e untouched) or on error (e->status set).  A part belongs
 * to the source and may be freed at the next call. */
struct layout_src {
	xmlNodePtr (*next)(void *arg, const char *name, int first,
		    struct nerr *e);
	void	*arg;
};

/* Lays out doc (src may be NULL when it streams nothing) into sink.
 * Returns the number of pages, or -1 with e filled: EX_DATAERR for text
 * the fonts cannot show, or what the sink or source set. */
long	layout_run(xmlDocPtr doc, const struct kantor *k,
	    const struct layout_metrics *m, const struct layout_src *src,
	    const struct layout_sink *sink, struct nerr *e);

#endif
