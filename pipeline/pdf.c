/* pdf.c -- the PDF device: draw a laid-out document with libharu, every
 * libharu call checked.  Fonts are the subset Liberation Sans TTFs,
 * embedded with WinAnsiEncoding (what PDF/A-1b accepts); everything is
 * opaque RGB so a later step only adds metadata. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>
#include <hpdf_version.h>

/* Two things below reach into libharu's installed private headers (its
 * object, page and document records): sealing a finished page's content
 * and saving through our own writer.  They are written for libharu
 * 2.3.0's records; another version must be checked by hand first (and
 * pdf_lib_check, run by pdf_new and tests/unit/test_libabi.c, checks
 * at run time that the library loaded is the one compiled against and
 * that its records behave as these reads assume). */
#if HPDF_MAJOR_VERSION != 2 || HPDF_MINOR_VERSION != 3 || \
    HPDF_BUGFIX_VERSION != 0
#error "pdf.c uses libharu 2.3.0's private records: check them for this version"
#endif
#include <hpdf_doc.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include "enc.h"
#include "pdf.h"
#include "stamp.h"
#include "xmem.h"

struct pdf {
	HPDF_Doc		 h;
	const char		*font[2];	/* names of the loaded fonts */
	struct dev_metrics	 m;
	HPDF_STATUS		 err, detail;	/* first error since reset */
	/* The document being drawn. */
	HPDF_Font		 f[2];
	HPDF_Page		*page;
	size_t			 npage, cap;
};

static void
on_error(HPDF_STATUS err, HPDF_STATUS detail, void *arg)
{
	struct pdf *p = arg;

	if (p->err == 0) {
		p->err = err;
		p->detail = detail;
	}
}

/* A libharu call that failed, by name, with libharu's codes. */
static int
hfail(struct pdf *p, struct nerr *e, const char *call, HPDF_STATUS st)
{
	nerr_set(e, st == HPDF_FAILD_TO_ALLOC_MEM ? EX_OSERR : EX_SOFTWARE,
	    NULL, 0, 0, "PDF drawing failed: %s: libharu error 0x%04X "
	    "(detail %u)", call, (unsigned)(st ? st : p->err),
	    (unsigned)p->detail);
	return -1;
}

/* Every libharu call that returns a status goes through CK: on failure
 * the function returns -1 with e naming the call. */
#define CK(fn, args) do {						\
	HPDF_STATUS st_ = fn args;					\
	if (st_ != HPDF_OK)						\
		return hfail(p, e, #fn, st_);				\
} while (0)

int
pdf_lib_check(struct nerr *e)
{
	const char *v = HPDF_GetVersion();
	struct pdf pc, *p = &pc;
	HPDF_Page pg;
	HPDF_PageAttr a;
	HPDF_Stream s;
	HPDF_UINT32 n0;
	int marker = 0, rc = -1;

	if (v == NULL || strcmp(v, HPDF_VERSION_TEXT) != 0) {
		nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "libharu %s is loaded, "
		    "but naskah was built against %s and reads its private "
		    "records: rebuild it", v ? v : "(unknown)",
		    HPDF_VERSION_TEXT);
		return -1;
	}
	memset(p, 0, sizeof(*p));
	if ((p->h = HPDF_New(on_error, p)) == NULL) {
		nerr_set(e, EX_OSERR, NULL, 0, 0, "libharu: out of memory");
		return -1;
	}
	if (HPDF_SetCompressionMode(p->h, HPDF_COMP_ALL) != HPDF_OK ||
	    (pg = HPDF_AddPage(p->h)) == NULL)
		goto fail;
	/* What seal() reads: the page's attributes and their content
	 * dictionary, whose stream is the page's, compressed by libharu,
	 * allocated from the document's own memory manager. */
	a = (HPDF_PageAttr)pg->attr;
	if (pg->mmgr != p->h->mmgr || a == NULL || a->contents == NULL ||
	    a->contents->stream != a->stream || a->contents->write_fn != NULL ||
	    a->contents->filter != HPDF_STREAM_FILTER_FLATE_DECODE ||
	    (n0 = HPDF_Stream_Size(a->stream)) != 0)
		goto fail;
	if (HPDF_Page_MoveTo(pg, 1, 2) != HPDF_OK ||
	    HPDF_Stream_Size(a->stream) <= n0 ||
	    HPDF_Page_EndPath(pg) != HPDF_OK)
		goto fail;
	/* What pdf_save reads: the document's stream, which libharu uses
	 * when set, and the callback writer's data. */
	if (p->h->stream != NULL ||
	    (s = HPDF_CallbackWriter_New(p->h->mmgr, NULL, &marker)) == NULL)
		goto fail;
	if (s->attr != &marker) {
		HPDF_Stream_Free(s);
		goto fail;
	}
	HPDF_Stream_Free(s);
	if (HPDF_SaveToStream(p->h) != HPDF_OK || p->h->stream == NULL ||
	    HPDF_GetStreamSize(p->h) != HPDF_Stream_Size(p->h->stream) ||
	    HPDF_GetStreamSize(p->h) == 0)
		goto fail;
	rc = 0;
fail:
	if (rc != 0)
		nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "libharu %s does not "
		    "have the private records naskah was built against "
		    "(error 0x%04X): rebuild it", v, (unsigned)p->err);
	HPDF_Free(p->h);
	return rc;
}

struct pdf *
pdf_new(const char *fontdir, struct nerr *e)
{
	static const char *const files[2] = {
		"LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"
	};
	struct pdf *p;
	char path[4096];

	if (pdf_lib_check(e) != 0)
		return NULL;
	p = xcalloc(1, sizeof(*p));
	if ((p->h = HPDF_New(on_error, p)) == NULL) {
		nerr_set(e, EX_OSERR, NULL, 0, 0, "libharu: out of memory");
		free(p);
		return NULL;
	}
	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", fontdir, files[i]);
		if (access(path, R_OK) != 0) {
			nerr_set(e, EX_CONFIG, path, 0, 0, "font: %s",
			    strerror(errno));
			pdf_free(p);
			return NULL;
		}
		p->font[i] = HPDF_LoadTTFontFromFile(p->h, path, HPDF_TRUE);
		if (p->font[i] == NULL) {
			nerr_set(e, EX_CONFIG, path, 0, 0,
			    "font: libharu error 0x%04X", (unsigned)p->err);
			pdf_free(p);
			return NULL;
		}
	}
	/* Widths once, so layout is pure arithmetic. */
	for (int i = 0; i < 2; i++) {
		HPDF_Font f = HPDF_GetFont(p->h, p->font[i], "WinAnsiEncoding");

		if (f == NULL)
			break;
		for (int c = 32; c < 256; c++) {
			HPDF_BYTE b = (HPDF_BYTE)c;
			HPDF_TextWidth tw = HPDF_Font_TextWidth(f, &b, 1);
			p->m.w[i][c] = (float)tw.width;
		}
	}
	/* libharu reports a failed width through the error handler. */
	if (p->err != 0) {
		nerr_set(e, EX_CONFIG, fontdir, 0, 0,
		    "fonts: libharu error 0x%04X", (unsigned)p->err);
		pdf_free(p);
		return NULL;
	}
	return p;
}

const struct dev_metrics *
pdf_metrics(const struct pdf *p)
{
	return &p->m;
}

void
pdf_free(struct pdf *p)
{
	if (p == NULL)
		return;
	if (p->h != NULL)
		HPDF_Free(p->h);
	free(p->page);
	free(p);
}

/* Info strings are PDFDocEncoding, which matches WinAnsi where we print;
 * one that has no form there is left out, as a title is optional. */
static int
set_info(struct pdf *p, HPDF_InfoType t, const char *utf8, struct nerr *e)
{
	char buf[1024];

	if (utf8 == NULL || enc_to_winansi(utf8, buf, sizeof(buf), NULL,
	    NULL) != 0)
		return 0;
	CK(HPDF_SetInfoAttr, (p->h, t, buf));
	return 0;
}

/* Positions to 0.01 pt: shorter content streams, same page. */
static float
q2(float v)
{
	return roundf(v * 100.0f) / 100.0f;
}

/* The reason a stamp cannot be drawn, for a struct nerr. */
static int
stamp_fail(struct pdf *p, int rc, const char *top, const char *bottom,
    struct nerr *e)
{
	if (rc == STAMP_ETOOLONG)
		nerr_set(e, EX_CONFIG, NULL, 0, 0, "the office stamp cannot "
		    "be drawn: its ring texts \"%s\" and \"%s\" do not fit "
		    "even at the smallest legible size", top ? top : "",
		    bottom ? bottom : "");
	else if (rc > 0)
		hfail(p, e, "stamp", (HPDF_STATUS)rc);
	else
		nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "the office stamp cannot "
		    "be drawn: error %d", rc);
	return -1;
}

/* The logo: a PNG libharu reads, scaled into its box.  kantor.c made sure
 * the file is there; a file libharu cannot read is the office's to fix. */
static int
draw_image(struct pdf *p, HPDF_Page pg, const struct dev_op *o,
    struct nerr *e)
{
	HPDF_Image img = HPDF_LoadPngImageFromFile(p->h, o->text);
	float iw, ih, s;

	if (img == NULL) {
		nerr_set(e, EX_CONFIG, o->text, 0, 0, "logo: not a PNG "
		    "libharu can read (libharu error 0x%04X)",
		    (unsigned)p->err);
		return -1;
	}
	iw = HPDF_Image_GetWidth(img);
	ih = HPDF_Image_GetHeight(img);
	if (!(iw > 0 && ih > 0)) {
		nerr_set(e, EX_CONFIG, o->text, 0, 0, "logo: the PNG has no "
		    "size");
		return -1;
	}
	s = o->h / ih;
	if (iw * s > o->w)
		s = o->w / iw;
	CK(HPDF_Page_DrawImage, (pg, img, o->x, o->y + (o->h - ih * s) / 2,
	    iw * s, ih * s));
	return 0;
}

static int
draw_page(struct pdf *p, HPDF_Page pg, const struct dev_page *lp,
    struct nerr *e)
{
	HPDF_Font *font = p->f;
	int in_text = 0, cur_font = -1, rc;
	float cur_size = 0, cur_ws = 0;

	for (size_t i = 0; i < lp->nop; i++) {
		const struct dev_op *o = &lp->op[i];

		if (o->kind != DEV_TEXT && in_text) {
			CK(HPDF_Page_EndText, (pg));
			in_text = 0;
		}
		switch (o->kind) {
		case DEV_TEXT:
			if (!in_text) {
				CK(HPDF_Page_BeginText, (pg));
				CK(HPDF_Page_SetRGBFill, (pg, 0, 0, 0));
				in_text = 1;
				cur_font = -1;
				cur_ws = 0;
			}
			if (cur_font != o->bold || cur_size != o->size) {
				CK(HPDF_Page_SetFontAndSize, (pg,
				    font[o->bold], o->size));
				cur_font = o->bold;
				cur_size = o->size;
			}
			if (cur_ws != o->wordspace) {
				CK(HPDF_Page_SetWordSpace, (pg,
				    q2(o->wordspace)));
				cur_ws = o->wordspace;
			}
			CK(HPDF_Page_TextOut, (pg, q2(o->x), q2(o->y),
			    o->text));
			if (o->underline) {
				CK(HPDF_Page_EndText, (pg));
				in_text = 0;
				CK(HPDF_Page_SetLineWidth, (pg, o->size / 16));
				CK(HPDF_Page_SetRGBStroke, (pg, 0, 0, 0));
				CK(HPDF_Page_MoveTo, (pg, o->x,
				    o->y - o->size / 8));
				CK(HPDF_Page_LineTo, (pg, o->x + o->w,
				    o->y - o->size / 8));
				CK(HPDF_Page_Stroke, (pg));
			}
			break;
		case DEV_LINE:
			CK(HPDF_Page_SetRGBStroke, (pg, 0, 0, 0));
			CK(HPDF_Page_SetLineWidth, (pg, o->size));
			CK(HPDF_Page_MoveTo, (pg, o->x, o->y));
			CK(HPDF_Page_LineTo, (pg, o->x + o->w, o->y + o->h));
			CK(HPDF_Page_Stroke, (pg));
			break;
		case DEV_RECT:
			CK(HPDF_Page_SetRGBStroke, (pg, 0, 0, 0));
			CK(HPDF_Page_SetLineWidth, (pg, o->size));
			CK(HPDF_Page_Rectangle, (pg, o->x, o->y, o->w, o->h));
			CK(HPDF_Page_Stroke, (pg));
			break;
		case DEV_FILL:
			CK(HPDF_Page_SetRGBFill, (pg, o->rgb[0], o->rgb[1],
			    o->rgb[2]));
			CK(HPDF_Page_Rectangle, (pg, o->x, o->y, o->w, o->h));
			CK(HPDF_Page_Fill, (pg));
			break;
		case DEV_STAMP: {
			HPDF_Stream cs = ((HPDF_PageAttr)pg->attr)->stream;

			/* The stamp's letters are ink, not text: an empty
			 * ActualText keeps them out of what a reader copies or
			 * searches (libharu has no call for marked content). */
			CK(HPDF_Stream_WriteStr, (cs,
			    "/Span <</ActualText ()>> BDC\n"));
			/* Never a letter without its stamp. */
			if ((rc = stamp_draw(pg, font[1], o->x, o->y, o->text,
			    o->t2, o->t3)) != STAMP_OK)
				return stamp_fail(p, rc, o->text, o->t2, e);
			CK(HPDF_Stream_WriteStr, (cs, "EMC\n"));
			break;
		}
		case DEV_EMBLEM:
			if ((rc = stamp_emblem(pg, o->x, o->y, o->h)) !=
			    STAMP_OK) {
				if (rc > 0)
					return hfail(p, e, "emblem",
					    (HPDF_STATUS)rc);
				nerr_set(e, EX_SOFTWARE, NULL, 0, 0,
				    "emblem: error %d", rc);
				return -1;
			}
			break;
		case DEV_IMAGE:
			if (draw_image(p, pg, o, e) != 0)
				return -1;
			break;
		}
	}
	if (in_text)
		CK(HPDF_Page_EndText, (pg));
	return 0;
}

int
pdf_stamp_check(struct pdf *p, const char *top, const char *bottom,
    const char *centre, struct nerr *e)
{
	HPDF_Font f = NULL;
	int rc;

	if (HPDF_HasDoc(p->h) || HPDF_NewDoc(p->h) == HPDF_OK)
		f = HPDF_GetFont(p->h, p->font[1], "WinAnsiEncoding");
	if (f == NULL)
		return hfail(p, e, "HPDF_GetFont", p->err);
	if ((rc = stamp_fits(f, top, bottom, centre)) != STAMP_OK)
		return stamp_fail(p, rc, top, bottom, e);
	return 0;
}

static int
pdf_begin(void *arg, struct nerr *e)
{
	struct pdf *p = arg;

	p->err = 0;
	p->npage = 0;
	HPDF_ResetError(p->h);
	CK(HPDF_NewDoc, (p->h));
	CK(HPDF_SetCompressionMode, (p->h, HPDF_COMP_ALL));
	p->f[0] = HPDF_GetFont(p->h, p->font[0], "WinAnsiEncoding");
	p->f[1] = HPDF_GetFont(p->h, p->font[1], "WinAnsiEncoding");
	if (p->f[0] == NULL || p->f[1] == NULL)
		return hfail(p, e, "HPDF_GetFont", p->err);
	return 0;
}

/* Written inside the stream's dictionary: the filter libharu would have
 * named had it compressed the stream itself. */
static HPDF_STATUS
write_flate(HPDF_Dict d, HPDF_Stream out)
{
	(void)d;
	return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* libharu keeps every page's drawing uncompressed until it saves, about
 * 20 KB for a page of table, in 4 KB blocks even for a line of text.
 * Compressing each stream when its page is done, into a buffer of its
 * exact size, keeps a 400-page report near its compressed size: the same
 * deflate libharu runs at save, moved earlier.  This reaches into libharu
 * 2.3's installed object headers (hpdf_objects.h, hpdf_pages.h); a sealed
 * stream is never drawn on again (an overlay gets a stream of its own). */
static int
seal(struct pdf *p, HPDF_Page pg, int deflate, struct nerr *e)
{
	HPDF_PageAttr a = (HPDF_PageAttr)pg->attr;
	HPDF_Dict c = a->contents;
	HPDF_Stream z, fit;
	HPDF_UINT32 n;
	HPDF_STATUS st;

	if (c->write_fn == write_flate || HPDF_Stream_Size(c->stream) == 0)
		return 0;
	if ((z = HPDF_MemStream_New(pg->mmgr, 4096)) == NULL)
		return hfail(p, e, "HPDF_MemStream_New", p->err);
	if ((st = HPDF_Stream_WriteToStream(c->stream, z, deflate ?
	    HPDF_STREAM_FILTER_FLATE_DECODE : HPDF_STREAM_FILTER_NONE,
	    NULL)) != HPDF_OK) {
		HPDF_Stream_Free(z);
		return hfail(p, e, "HPDF_Stream_WriteToStream", st);
	}
	n = HPDF_Stream_Size(z);
	if ((fit = HPDF_MemStream_New(pg->mmgr, n)) == NULL) {
		HPDF_Stream_Free(z);
		return hfail(p, e, "HPDF_MemStream_New", p->err);
	}
	if ((st = HPDF_Stream_WriteToStream(z, fit, HPDF_STREAM_FILTER_NONE,
	    NULL)) != HPDF_OK) {
		HPDF_Stream_Free(fit);
		HPDF_Stream_Free(z);
		return hfail(p, e, "HPDF_Stream_WriteToStream", st);
	}
	HPDF_Stream_Free(z);
	HPDF_Stream_Free(c->stream);
	c->stream = fit;
	a->stream = fit;
	c->filter = HPDF_STREAM_FILTER_NONE;
	if (deflate)
		c->write_fn = write_flate;
	return 0;
}

/* A letter of a page or two gains nothing from sealing (it is saved a
 * moment later) and would pay for the copies; a long document starts
 * sealing at this many pages, the ones before included. */
#define SEAL_FROM	8

static int
pdf_page(void *arg, const struct dev_page *lp, struct nerr *e)
{
	struct pdf *p = arg;
	HPDF_Page pg;

	if (p->npage == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->page = xrealloc(p->page, p->cap * sizeof(*p->page));
	}
	if ((pg = HPDF_AddPage(p->h)) == NULL)
		return hfail(p, e, "HPDF_AddPage", p->err);
	p->page[p->npage++] = pg;
	CK(HPDF_Page_SetWidth, (pg, lp->pw));
	CK(HPDF_Page_SetHeight, (pg, lp->ph));
	if (draw_page(p, pg, lp, e) != 0)
		return -1;
	if (p->err != 0)	/* reported only to the error handler */
		return hfail(p, e, "drawing", p->err);
	if (p->npage == SEAL_FROM)
		for (size_t i = 0; i + 1 < p->npage; i++)
			if (seal(p, p->page[i], 1, e) != 0)
				return -1;
	if (p->npage >= SEAL_FROM && seal(p, pg, 1, e) != 0)
		return -1;
	return 0;
}

static int
pdf_overlay(void *arg, size_t i, const struct dev_page *lp, struct nerr *e)
{
	struct pdf *p = arg;

	if (i >= p->npage) {
		nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "overlay for page %zu of "
		    "%zu", i + 1, p->npage);
		return -1;
	}
	CK(HPDF_Page_New_Content_Stream, (p->page[i], NULL));
	if (draw_page(p, p->page[i], lp, e) != 0)
		return -1;
	if (p->err != 0)
		return hfail(p, e, "drawing", p->err);
	/* A page number is smaller than its compression: kept plain, in a
	 * buffer of its size rather than libharu's 4 KB. */
	if (p->npage >= SEAL_FROM && seal(p, p->page[i], 0, e) != 0)
		return -1;
	return 0;
}

static int
pdf_end(void *arg, const struct dev_info *info, struct nerr *e)
{
	struct pdf *p = arg;

	if (set_info(p, HPDF_INFO_TITLE, info->title, e) != 0 ||
	    set_info(p, HPDF_INFO_SUBJECT, info->subject, e) != 0 ||
	    set_info(p, HPDF_INFO_KEYWORDS, info->keywords, e) != 0)
		return -1;
	CK(HPDF_SetInfoAttr, (p->h, HPDF_INFO_CREATOR,
	    "naskah " NASKAH_VERSION));
	/* The document's own date, not the clock: the same input renders
	 * the same bytes, which makes re-runs and verification checkable. */
	HPDF_Date d = { info->y, info->m, info->d, 0, 0, 0, 'Z', 0, 0 };
	CK(HPDF_SetInfoDateAttr, (p->h, HPDF_INFO_CREATION_DATE, d));
	return 0;
}

static void
pdf_cancel_arg(void *arg)
{
	pdf_cancel(arg);
}

void
pdf_dev(struct pdf *p, struct dev *d)
{
	d->metrics = &p->m;
	d->begin = pdf_begin;
	d->page = pdf_page;
	d->overlay = pdf_overlay;
	d->end = pdf_end;
	d->cancel = pdf_cancel_arg;
	d->arg = p;
}

struct sink {
	int	(*write)(void *, const void *, size_t);
	void	*arg;
	int	 failed;
};

static HPDF_STATUS
sink_write(HPDF_Stream s, const HPDF_BYTE *buf, HPDF_UINT n)
{
	struct sink *k = s->attr;

	if (k->write(k->arg, buf, n) == 0)
		return HPDF_OK;
	k->failed = 1;
	return HPDF_FILE_IO_ERROR;
}

/* HPDF_SaveToStream serialises into the document's own stream, which it
 * creates in memory only when there is none: given a writer instead
 * (hpdf_doc.h, libharu 2.3), the file goes out as it is serialised and
 * is never held whole. */
int
pdf_save(struct pdf *p, int (*write)(void *arg, const void *buf, size_t n),
    void *arg, struct nerr *e)
{
	struct sink k = { write, arg, 0 };
	HPDF_Stream s;
	HPDF_STATUS st;
	int rc = 0;

	if ((s = HPDF_CallbackWriter_New(p->h->mmgr, sink_write, &k)) == NULL) {
		hfail(p, e, "HPDF_CallbackWriter_New", p->err);
		pdf_cancel(p);
		return -1;
	}
	if (p->h->stream != NULL)
		HPDF_Stream_Free(p->h->stream);
	p->h->stream = s;
	/* A failed write is the writer's to report; libharu may not even
	 * return an error for it (its own error state is left clear). */
	if ((st = HPDF_SaveToStream(p->h)) != HPDF_OK || p->err != 0 ||
	    k.failed) {
		if (!k.failed)
			hfail(p, e, "HPDF_SaveToStream", st);
		rc = -1;
	}
	pdf_cancel(p);
	return rc;
}

void
pdf_cancel(struct pdf *p)
{
	HPDF_FreeDoc(p->h);
	p->npage = 0;
}
