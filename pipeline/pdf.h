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
/* Whether the office stamp can be drawn with these ring texts and centre
 * text (WinAnsi): 0, or -1 with e (EX_CONFIG when they do not fit). */
int		 pdf_stamp_check(struct pdf *, const char *top,
		    const char *bottom, const char *centre, struct nerr *e);
/* One document, drawn a page at a time: each page's content is
 * compressed as soon as it is drawn, so a long document costs its
 * compressed size, not its drawing.  pdf_begin starts it; pdf_page adds
 * the next page; pdf_overlay draws more over page i (its number, known
 * at the end); pdf_end completes it; pdf_save serialises it through
 * write (many small pieces; write returns 0, or -1 having kept its own
 * error, which stops the save) and frees it.  pdf_cancel frees it
 * without saving: after an error, or to give up (pdf_begin and pdf_free
 * do it too).  Each returns 0, or -1 with e filled (the document freed). */
int		 pdf_begin(struct pdf *, struct nerr *e);
int		 pdf_page(struct pdf *, const struct layout_page *,
		    struct nerr *e);
int		 pdf_overlay(struct pdf *, size_t i, const struct layout_page *,
		    struct nerr *e);
int		 pdf_end(struct pdf *, const struct pdf_info *info,
		    struct nerr *e);
int		 pdf_save(struct pdf *,
		    int (*write)(void *arg, const void *buf, size_t n),
		    void *arg, struct nerr *e);
void		 pdf_cancel(struct pdf *);
void		 pdf_free(struct pdf *);

#endif
