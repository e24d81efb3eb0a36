/* layout.h -- turn a validated document tree (document.rng) into pages of
 * positioned drawing operations on a device (dev.h).  Pure: glyph widths
 * come from the device, nothing is drawn here, and everything drawn
 * (the kop's lines, the stamp's texts, page numbers) is in the document.
 * Pages go to the device as each is finished, so a document of any
 * length is held one page at a time. */
#ifndef NASKAH_LAYOUT_H
#define NASKAH_LAYOUT_H

#include <stddef.h>

#include "dev.h"
#include "doc.h"
#include "err.h"

/* Children too many to hold at once: a <table>, <list> or <chart> with
 * from="NAME" continues with the children of each <part> that next
 * returns for NAME, one part at a time (first: the container's first
 * call, so the source starts NAME from its beginning).  next returns NULL
 * at the end (e untouched) or on error (e->status set).  A part belongs
 * to the source and may be freed at the next call. */
struct layout_src {
	const struct dnode *(*next)(void *arg, const char *name, int first,
		    struct nerr *e);
	void	*arg;
};

/* Lays out the <document> root on dev, from begin to end (info goes to
 * end); src may be NULL when the document streams nothing.  Returns the
 * number of pages, or -1 with e filled (and dev cancelled): EX_DATAERR
 * for text the fonts cannot show, EX_CONFIG for a from= with no source,
 * or what the device or source set. */
long	layout_run(const struct dnode *root, const struct dev *dev,
	    const struct layout_src *src, const struct dev_info *info,
	    struct nerr *e);

#endif
