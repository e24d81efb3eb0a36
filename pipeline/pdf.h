/* pdf.h -- the PDF device (dev.h): draw laid-out pages with libharu into
 * a PDF written out by pdf_save.  One struct pdf per thread: it keeps
 * the fonts parsed once for every document, and draws one document at
 * a time. */
#ifndef NASKAH_PDF_H
#define NASKAH_PDF_H

#include <stddef.h>

#include "dev.h"
#include "err.h"

struct pdf;

/* What the caller says of a document (see struct dev_info). */
struct pdf_info {
	const char	*title;		/* UTF-8 */
	const char	*subject;	/* UTF-8, may be NULL */
	const char	*keywords;	/* UTF-8, may be NULL */
	int		 y, m, d;	/* creation date: the document's own date */
	/* The document's identity (archive.md), which office_render binds
	 * the verification codes to; all UTF-8. */
	const char	*kind;		/* kk, ktp, ..., kembali, laporan */
	const char	*nomor;		/* as printed; NULL or "": none, then */
	const char	*reg;		/* its register number, of year y */
	const char	*nik;		/* the applicant's NIK; a report's section */
	const char	*name;		/* the applicant's name; a report's YYYY-MM */
};

/* Loads fontdir/LiberationSans-{Regular,Bold}.ttf, after pdf_lib_check. */
struct pdf	*pdf_new(const char *fontdir, struct nerr *e);
void		 pdf_free(struct pdf *);
const struct dev_metrics *pdf_metrics(const struct pdf *);
/* The device that draws on p: each page's content is compressed as soon
 * as it is drawn, so a long document costs its compressed size, not its
 * drawing.  Every libharu call is checked: a failure stops the document
 * with e naming the call and libharu's error (EX_CONFIG for a logo
 * libharu cannot read or a stamp whose texts do not fit). */
void		 pdf_dev(struct pdf *p, struct dev *d);
/* Serialises the document the device finished through write (many small
 * pieces; write returns 0, or -1 having kept its own error, which stops
 * the save) and frees it.  pdf_cancel frees it without saving: after an
 * error, or to give up.  pdf_save returns 0, or -1 with e filled. */
int		 pdf_save(struct pdf *,
		    int (*write)(void *arg, const void *buf, size_t n),
		    void *arg, struct nerr *e);
void		 pdf_cancel(struct pdf *);
/* Whether the office stamp can be drawn with these ring texts and centre
 * text (WinAnsi): 0, or -1 with e (EX_CONFIG when they do not fit). */
int		 pdf_stamp_check(struct pdf *, const char *top,
		    const char *bottom, const char *centre, struct nerr *e);
/* Whether the libharu loaded is the one built against and its private
 * records (which pdf.c reads) behave as expected: 0, or -1 with e
 * (EX_SOFTWARE). */
int		 pdf_lib_check(struct nerr *e);
/* Writes v at s as libharu writes a number (HPDF_FToA), NUL-terminated;
 * returns the end.  s needs 13 bytes. */
char		*pdf_fmt_real(char *s, float v);
/* A QR code's image (h rows of row bytes, each byte 0x00, 0x0F, 0xF0 or
 * 0xFF, every fourth row followed by three copies of itself) as a zlib
 * stream at out, which has room for row * h + 64 bytes; returns its
 * size. */
size_t		 pdf_qr_deflate(const unsigned char *img, size_t row, size_t h,
		    unsigned char *out);

/* The blocks libharu took from p's document arena since pdf_new, and
 * the arena's chunks now (see ha_alloc in pdf.c; for tests). */
size_t		 pdf_arena_stat(const struct pdf *p, size_t *chunks);

#endif
