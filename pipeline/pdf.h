/* pdf.h -- draw laid-out pages with libharu into an in-memory PDF.  One
 * struct pdf per thread: it keeps the fonts parsed once for every
 * document, and draws one document at a time. */
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
/* One document, drawn a page at a time: each page's content is
 * compressed as soon as it is drawn, so a long document costs its
 * compressed size, not its drawing.  pdf_begin starts it; pdf_page adds
 * the next page; pdf_overlay draws more over page i (its number, known
 * at the end); pdf_end saves it inside libharu, *len bytes that pdf_read
 * then gives out in pieces (0 at the end), never copied whole.
 * pdf_cancel frees the document: after it is read, after any error, or
 * to give up (pdf_begin and pdf_free do it too). */
int		 pdf_begin(struct pdf *, struct nerr *e);
int		 pdf_page(struct pdf *, const struct layout_page *,
		    struct nerr *e);
int		 pdf_overlay(struct pdf *, size_t i, const struct layout_page *,
		    struct nerr *e);
int		 pdf_end(struct pdf *, const struct pdf_info *info, size_t *len,
		    struct nerr *e);
size_t		 pdf_read(struct pdf *, void *buf, size_t n);
void		 pdf_cancel(struct pdf *);
void		 pdf_free(struct pdf *);

#endif
