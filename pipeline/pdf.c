/* pdf.c -- draw a laid-out document with libharu.  Fonts are the subset
 * Liberation Sans TTFs, embedded with WinAnsiEncoding (what PDF/A-1b
 * accepts); everything is opaque RGB so a later step only adds metadata. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>
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
	struct layout_metrics	 m;
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

struct pdf *
pdf_new(const char *fontdir, struct nerr *e)
{
	static const char *const files[2] = {
		"LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"
	};
	struct pdf *p = calloc(1, sizeof(*p));
	char path[4096];

	if (p == NULL || (p->h = HPDF_New(on_error, p)) == NULL) {
		nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "libharu: out of memory");
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

		for (int c = 32; c < 256; c++) {
			HPDF_BYTE b = (HPDF_BYTE)c;
			HPDF_TextWidth tw = HPDF_Font_TextWidth(f, &b, 1);
			p->m.w[i][c] = (float)tw.width;
		}
	}
	if (p->err != 0) {
		nerr_set(e, EX_CONFIG, fontdir, 0, 0,
		    "fonts: libharu error 0x%04X", (unsigned)p->err);
		pdf_free(p);
		return NULL;
	}
	return p;
}

const struct layout_metrics *
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

/* Info strings are PDFDocEncoding, which matches WinAnsi where we print. */
static void
set_info(HPDF_Doc h, HPDF_InfoType t, const char *utf8)
{
	char buf[1024];

	if (utf8 == NULL || enc_to_winansi(utf8, buf, sizeof(buf), NULL,
	    NULL) != 0)
		return;
	HPDF_SetInfoAttr(h, t, buf);
}

/* Positions to 0.01 pt: shorter content streams, same page. */
static float
q2(float v)
{
	return roundf(v * 100.0f) / 100.0f;
}

/* The reason a stamp cannot be drawn, for a struct nerr. */
static void
stamp_error(int rc, const char *top, const char *bottom, struct nerr *e)
{
	if (rc == STAMP_ETOOLONG)
		nerr_set(e, EX_CONFIG, NULL, 0, 0, "the office stamp cannot "
		    "be drawn: its ring texts \"%s\" and \"%s\" do not fit "
		    "even at the smallest legible size", top, bottom);
	else
		nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "the office stamp cannot "
		    "be drawn: error %d", rc);
}

static int
draw_page(struct pdf *p, HPDF_Page pg, const struct layout_page *lp,
    HPDF_Font font[2], struct nerr *e)
{
	int rc;

	int in_text = 0, cur_font = -1;
	float cur_size = 0, cur_ws = 0;

	for (size_t i = 0; i < lp->nop; i++) {
		const struct lop *o = &lp->op[i];

		if (o->kind != LOP_TEXT && in_text) {
			HPDF_Page_EndText(pg);
			in_text = 0;
		}
		switch (o->kind) {
		case LOP_TEXT:
			if (!in_text) {
				HPDF_Page_BeginText(pg);
				HPDF_Page_SetRGBFill(pg, 0, 0, 0);
				in_text = 1;
				cur_font = -1;
				cur_ws = 0;
			}
			if (cur_font != o->bold || cur_size != o->size) {
				HPDF_Page_SetFontAndSize(pg, font[o->bold],
				    o->size);
				cur_font = o->bold;
				cur_size = o->size;
			}
			if (cur_ws != o->wordspace) {
				HPDF_Page_SetWordSpace(pg, q2(o->wordspace));
				cur_ws = o->wordspace;
			}
			HPDF_Page_TextOut(pg, q2(o->x), q2(o->y), o->text);
			if (o->underline) {
				HPDF_Page_EndText(pg);
				in_text = 0;
				HPDF_Page_SetLineWidth(pg, o->size / 16);
				HPDF_Page_SetRGBStroke(pg, 0, 0, 0);
				HPDF_Page_MoveTo(pg, o->x, o->y - o->size / 8);
				HPDF_Page_LineTo(pg, o->x + o->w,
				    o->y - o->size / 8);
				HPDF_Page_Stroke(pg);
			}
			break;
		case LOP_LINE:
			HPDF_Page_SetRGBStroke(pg, 0, 0, 0);
			HPDF_Page_SetLineWidth(pg, o->size);
			HPDF_Page_MoveTo(pg, o->x, o->y);
			HPDF_Page_LineTo(pg, o->x + o->w, o->y + o->h);
			HPDF_Page_Stroke(pg);
			break;
		case LOP_RECT:
			HPDF_Page_SetRGBStroke(pg, 0, 0, 0);
			HPDF_Page_SetLineWidth(pg, o->size);
			HPDF_Page_Rectangle(pg, o->x, o->y, o->w, o->h);
			HPDF_Page_Stroke(pg);
			break;
		case LOP_FILL:
			HPDF_Page_SetRGBFill(pg, o->rgb[0], o->rgb[1], o->rgb[2]);
			HPDF_Page_Rectangle(pg, o->x, o->y, o->w, o->h);
			HPDF_Page_Fill(pg);
			break;
		case LOP_STAMP:
			/* The stamp's letters are ink, not text: an empty
			 * ActualText keeps them out of what a reader copies or
			 * searches (libharu has no call for marked content). */
			HPDF_Stream_WriteStr(((HPDF_PageAttr)pg->attr)->stream,
			    "/Span <</ActualText ()>> BDC\n");
			rc = stamp_draw(pg, font[1], o->x, o->y, o->text,
			    o->t2, o->t3);
			if (rc != STAMP_OK) {
				/* Never a letter without its stamp. */
				stamp_error(rc, o->text, o->t2, e);
				return -1;
			}
			HPDF_Stream_WriteStr(((HPDF_PageAttr)pg->attr)->stream,
			    "EMC\n");
			break;
		case LOP_EMBLEM:
			stamp_emblem(pg, o->x, o->y, o->h);
			break;
		case LOP_IMAGE: {
			HPDF_Image img = HPDF_LoadPngImageFromFile(p->h, o->text);
			if (img != NULL) {
				float iw = HPDF_Image_GetWidth(img);
				float ih = HPDF_Image_GetHeight(img);
				float s = o->h / ih;
				if (iw * s > o->w)
					s = o->w / iw;
				HPDF_Page_DrawImage(pg, img, o->x,
				    o->y + (o->h - ih * s) / 2, iw * s, ih * s);
			}
			break;
		}
		}
	}
	if (in_text)
		HPDF_Page_EndText(pg);
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
	if (f == NULL) {
		nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "stamp font: libharu "
		    "error 0x%04X", (unsigned)p->err);
		return -1;
	}
	if ((rc = stamp_fits(f, top, bottom, centre)) != STAMP_OK) {
		stamp_error(rc, top, bottom, e);
		return -1;
	}
	return 0;
}

static int
fail(struct pdf *p, struct nerr *e)
{
	nerr_set(e, EX_SOFTWARE, NULL, 0, 0,
	    "PDF drawing failed: libharu error 0x%04X (detail %u)",
	    (unsigned)p->err, (unsigned)p->detail);
	return -1;
}

int
pdf_begin(struct pdf *p, struct nerr *e)
{
	p->err = 0;
	p->npage = 0;
	HPDF_ResetError(p->h);
	if (HPDF_NewDoc(p->h) != HPDF_OK)
		return fail(p, e);
	HPDF_SetCompressionMode(p->h, HPDF_COMP_ALL);
	p->f[0] = HPDF_GetFont(p->h, p->font[0], "WinAnsiEncoding");
	p->f[1] = HPDF_GetFont(p->h, p->font[1], "WinAnsiEncoding");
	return p->err ? fail(p, e) : 0;
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
seal(HPDF_Page pg, int deflate)
{
	HPDF_PageAttr a = (HPDF_PageAttr)pg->attr;
	HPDF_Dict c = a->contents;
	HPDF_Stream z, fit;
	HPDF_UINT32 n;

	if (c->write_fn == write_flate || HPDF_Stream_Size(c->stream) == 0)
		return 0;
	if ((z = HPDF_MemStream_New(pg->mmgr, 4096)) == NULL)
		return -1;
	if (HPDF_Stream_WriteToStream(c->stream, z, deflate ?
	    HPDF_STREAM_FILTER_FLATE_DECODE : HPDF_STREAM_FILTER_NONE,
	    NULL) != HPDF_OK)
		goto fail;
	n = HPDF_Stream_Size(z);
	if ((fit = HPDF_MemStream_New(pg->mmgr, n)) == NULL)
		goto fail;
	if (HPDF_Stream_WriteToStream(z, fit, HPDF_STREAM_FILTER_NONE,
	    NULL) != HPDF_OK) {
		HPDF_Stream_Free(fit);
		goto fail;
	}
	HPDF_Stream_Free(z);
	HPDF_Stream_Free(c->stream);
	c->stream = fit;
	a->stream = fit;
	c->filter = HPDF_STREAM_FILTER_NONE;
	if (deflate)
		c->write_fn = write_flate;
	return 0;
fail:
	HPDF_Stream_Free(z);
	return -1;
}

/* A letter of a page or two gains nothing from sealing (it is saved a
 * moment later) and would pay for the copies; a long document starts
 * sealing at this many pages, the ones before included. */
#define SEAL_FROM	8

int
pdf_page(struct pdf *p, const struct layout_page *lp, struct nerr *e)
{
	HPDF_Page pg;

	if (p->npage == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->page = xrealloc(p->page, p->cap * sizeof(*p->page));
	}
	if ((pg = HPDF_AddPage(p->h)) == NULL)
		return fail(p, e);
	p->page[p->npage++] = pg;
	HPDF_Page_SetWidth(pg, lp->pw);
	HPDF_Page_SetHeight(pg, lp->ph);
	if (draw_page(p, pg, lp, p->f, e) != 0)
		return -1;
	if (p->err != 0)
		return fail(p, e);
	if (p->npage == SEAL_FROM)
		for (size_t i = 0; i + 1 < p->npage; i++)
			if (seal(p->page[i], 1) != 0)
				return fail(p, e);
	if (p->npage >= SEAL_FROM && seal(pg, 1) != 0)
		return fail(p, e);
	return 0;
}

int
pdf_overlay(struct pdf *p, size_t i, const struct layout_page *lp,
    struct nerr *e)
{
	if (i >= p->npage) {
		nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "overlay for page %zu of "
		    "%zu", i + 1, p->npage);
		return -1;
	}
	if (HPDF_Page_New_Content_Stream(p->page[i], NULL) != HPDF_OK)
		return fail(p, e);
	if (draw_page(p, p->page[i], lp, p->f, e) != 0)
		return -1;
	/* A page number is smaller than its compression: kept plain, in a
	 * buffer of its size rather than libharu's 4 KB. */
	if (p->err != 0 || (p->npage >= SEAL_FROM && seal(p->page[i], 0) != 0))
		return fail(p, e);
	return 0;
}

int
pdf_end(struct pdf *p, const struct pdf_info *info, struct nerr *e)
{
	set_info(p->h, HPDF_INFO_TITLE, info->title);
	set_info(p->h, HPDF_INFO_SUBJECT, info->subject);
	set_info(p->h, HPDF_INFO_KEYWORDS, info->keywords);
	HPDF_SetInfoAttr(p->h, HPDF_INFO_CREATOR, "naskah " NASKAH_VERSION);
	/* The document's own date, not the clock: the same input renders
	 * the same bytes, which makes re-runs and verification checkable. */
	HPDF_Date d = { info->y, info->m, info->d, 0, 0, 0, 'Z', 0, 0 };
	HPDF_SetInfoDateAttr(p->h, HPDF_INFO_CREATION_DATE, d);
	if (p->err != 0) {
		fail(p, e);
		pdf_cancel(p);
		return -1;
	}
	return 0;
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
	int rc = 0;

	if ((s = HPDF_CallbackWriter_New(p->h->mmgr, sink_write, &k)) == NULL) {
		fail(p, e);
		pdf_cancel(p);
		return -1;
	}
	if (p->h->stream != NULL)
		HPDF_Stream_Free(p->h->stream);
	p->h->stream = s;
	/* A failed write is the writer's to report; libharu may not even
	 * return an error for it (its own error state is left clear). */
	if (HPDF_SaveToStream(p->h) != HPDF_OK || p->err != 0 || k.failed) {
		if (!k.failed)
			fail(p, e);
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
