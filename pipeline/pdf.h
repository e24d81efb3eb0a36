/* pdf.h -- draw a layout with libharu into an in-memory PDF.  One struct
 * pdf per thread: it keeps the fonts parsed once for every document. */
#ifndef NASKAH_PDF_H
#define NASKAH_PDF_H

#include <stddef.h>

#include "err.h"
#include "layout.h"

struct pdf;

struct pdf_info {
	const char	*title;		/* UTF-8 */
	const char	*subject;	/* UTF-8, may be NULL */
	const char	*keywords;	/* UTF-8, may be NULL */
	int		 y, m, d;	/* creation date: the document's own date */
};

/* Loads fontdir/LiberationSans-{Regular,Bold}.ttf. */
struct pdf	*pdf_new(const char *fontdir, struct nerr *e);
const struct layout_metrics *pdf_metrics(const struct pdf *);
/* Renders l; *buf is malloc'd, the caller frees it. */
int		 pdf_render(struct pdf *, const struct layout *l,
		    const struct pdf_info *info, unsigned char **buf,
		    size_t *len, struct nerr *e);
void		 pdf_free(struct pdf *);

#endif
