/* dev.h -- the output device between layout and drawing, as mandoc's
 * terminal and PDF outputs share one: layout measures text with the
 * device's metrics and hands it a document as pages of positioned
 * operations.  Devices: the PDF (pdf.c) and plain text (dev_text.c). */
#ifndef NASKAH_DEV_H
#define NASKAH_DEV_H

#include <stddef.h>

#include "err.h"

/* Advance widths in 1/1000 em of the WinAnsi code points, regular and
 * bold: all layout knows of the fonts. */
struct dev_metrics {
	float	w[2][256];
};

enum dev_opk {
	DEV_TEXT,	/* text at (x, y) baseline; w = width incl. word spacing */
	DEV_LINE,	/* from (x, y) to (x + w, y + h), width size */
	DEV_RECT,	/* stroked rectangle, line width size */
	DEV_FILL,	/* filled rectangle in rgb */
	DEV_STAMP,	/* office stamp centred at (x, y); ring text above,
			   t2 below, t3 in the middle */
	DEV_EMBLEM,	/* drawn emblem, top-left (x, y), height h */
	DEV_IMAGE,	/* PNG at text (a path), box (x, y, w, h) */
	DEV_QR		/* QR code of text (its bytes as they are, not
			   WinAnsi), bottom-left (x, y), side w */
};

struct dev_op {
	enum dev_opk	 kind;
	float		 x, y, w, h;
	float		 size;		/* font size, or line width */
	float		 wordspace;
	float		 rgb[3];
	unsigned char	 bold, underline;
	const char	*text, *t2, *t3;	/* WinAnsi, NUL-terminated */
};

/* One page; it and its strings belong to the layout and live only until
 * the device call that receives it returns. */
struct dev_page {
	float		 pw, ph;	/* page size, points */
	struct dev_op	*op;
	size_t		 nop, cap;
};

/* What the document says of itself (PDF metadata).  Strings are UTF-8;
 * subject, keywords and author (the office) may be NULL.  The date is the
 * document's own. */
struct dev_info {
	const char	*title, *subject, *keywords;
	int		 y, m, d;
	const char	*author;
};

/*
 * A device.  For one document layout calls begin, then page for each
 * page in order, then overlay for each page i (0-based) with what goes
 * over it once the page count is known (its number), then end.  Each
 * returns 0, or -1 with e filled, which stops the document; after a
 * failure (the device's or the layout's) layout calls cancel, which
 * drops the document.  After end the device holds the finished document
 * (the PDF device until pdf_save).
 */
struct dev {
	const struct dev_metrics *metrics;
	int	(*begin)(void *arg, struct nerr *e);
	int	(*page)(void *arg, const struct dev_page *, struct nerr *e);
	int	(*overlay)(void *arg, size_t i, const struct dev_page *,
		    struct nerr *e);
	int	(*end)(void *arg, const struct dev_info *, struct nerr *e);
	void	(*cancel)(void *arg);
	void	*arg;
};

#endif
