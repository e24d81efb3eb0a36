/* pdf.c -- the PDF device: draw a laid-out document with libharu, every
 * libharu call checked, as PDF/A-1b: the subset Liberation Sans TTFs
 * embedded with WinAnsiEncoding, everything opaque RGB, an sRGB output
 * intent, XMP metadata matching the Info dictionary, and an /ID made from
 * the document's own data (the same document, the same bytes).  QR codes
 * are one-bit image masks (libqrencode).  What every document shares (the
 * fonts' files, the kop's emblem, the stamp) is made and deflated once
 * per run and depends only on what it draws. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>
#include <hpdf_version.h>
#include <libdeflate.h>
#include <qrencode.h>
#include <zlib.h>

/* Several things below reach into libharu's installed private headers
 * (its object, page, document and font records): sealing a finished
 * page's content, saving through our own writer, the fonts' files and
 * descriptors made once (font_*), forms and the QR image as XObjects.
 * They are written for libharu 2.3.0's records; another version must be
 * checked by hand first (and pdf_lib_check and font_init, run by pdf_new
 * and tests/unit/test_libabi.c, check at run time that the library
 * loaded is the one compiled against and that its records behave as
 * these reads assume). */
#if HPDF_MAJOR_VERSION != 2 || HPDF_MINOR_VERSION != 3 || \
    HPDF_BUGFIX_VERSION != 0
#error "pdf.c uses libharu 2.3.0's private records: check them for this version"
#endif
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define HA_POISON(b, n)		ASAN_POISON_MEMORY_REGION((b), (n))
#define HA_UNPOISON(b, n)	ASAN_UNPOISON_MEMORY_REGION((b), (n))
#elif defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define HA_POISON(b, n)		VALGRIND_MAKE_MEM_NOACCESS((b), (n))
#define HA_UNPOISON(b, n)	VALGRIND_MAKE_MEM_UNDEFINED((b), (n))
#endif
#endif
#ifndef HA_POISON
#define HA_POISON(b, n)		((void)(b), (void)(n))
#define HA_UNPOISON(b, n)	((void)(b), (void)(n))
#endif

#include "enc.h"
#include "fsio.h"
#include "pdf.h"
#include "sha256.h"
#include "stamp.h"
#include "xmem.h"

/* libharu's own byte loops, replaced.  libharu copies, clears and
 * measures every buffer with HPDF_MemCpy, HPDF_MemSet and HPDF_StrLen,
 * a byte at a time (it clears a 512-byte buffer for each number it
 * writes); libharu 2.3.0 calls them through its PLT, so these
 * definitions in the program are the ones its calls reach (ELF
 * interposition, the way a program replaces malloc).  Each returns what
 * libharu's returns (MemCpy and MemSet the end of what they wrote).
 * tests/unit/test_pdfops.c checks they are the ones libharu reaches. */
HPDF_BYTE *
HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
	memmove(out, in, n);
	return out + n;
}

void *
HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
	memset(s, c, n);
	return (HPDF_BYTE *)s + n;
}

HPDF_UINT
HPDF_StrLen(const char *s, HPDF_INT maxlen)
{
	if (s == NULL)
		return 0;
	return (HPDF_UINT)(maxlen < 0 ? strlen(s) : strnlen(s,
	    (size_t)maxlen));
}

/* libharu writes every real number of a page operator or an object
 * with HPDF_FToA, 140 a letter, a digit at a time and then strips the
 * zeros back; this writes pdf_fmt_real's bytes (the same), and keeps
 * libharu's own algorithm (haru_ftoa, from libharu 2.3.0's hpdf_utils.c)
 * for a buffer too short for the number and its NUL, where libharu cuts
 * it at eptr.  HPDF_StrCpy (207 names and keys a letter) the same way
 * with memcpy.  tests/unit/test_pdfops.c compares them with libharu's. */
static char *
haru_ftoa(char *s, HPDF_REAL val, char *eptr)
{
	int32_t int_val, fpart_val;
	char buf[HPDF_REAL_LEN + 1], *sptr = s, *t;

	if (val > HPDF_LIMIT_MAX_REAL)
		val = HPDF_LIMIT_MAX_REAL;
	else if (val < HPDF_LIMIT_MIN_REAL)
		val = HPDF_LIMIT_MIN_REAL;
	t = buf + HPDF_REAL_LEN;
	*t-- = 0;
	if (val < 0) {
		*s++ = '-';
		val = -val;
	}
	int_val = (int32_t)(val + 0.000005);
	fpart_val = (int32_t)((HPDF_REAL)(val - int_val + 0.000005) * 100000);
	for (int i = 0; i < 5; i++) {
		*t = (char)((char)(fpart_val % 10) + '0');
		fpart_val /= 10;
		t--;
	}
	*t-- = '.';
	*t = '0';
	if (int_val == 0)
		t--;
	while (int_val > 0) {
		*t = (char)((char)(int_val % 10) + '0');
		int_val /= 10;
		t--;
	}
	t++;
	while (s <= eptr && *t != 0)
		*s++ = *t++;
	s--;
	while (s > sptr) {
		if (*s == '0')
			*s = 0;
		else {
			if (*s == '.')
				*s = 0;
			break;
		}
		s--;
	}
	return (*s == 0) ? s : ++s;
}

char *
HPDF_FToA(char *s, HPDF_REAL val, char *eptr)
{
	char t[16];
	size_t n = (size_t)(pdf_fmt_real(t, val) - t);

	if (s + n > eptr)
		return haru_ftoa(s, val, eptr);
	memcpy(s, t, n + 1);
	return s + n;
}

HPDF_BYTE *
HPDF_StrCpy(char *out, const char *in, char *eptr)
{
	if (in != NULL && eptr > out) {
		size_t n = strnlen(in, (size_t)(eptr - out));

		memcpy(out, in, n);
		out += n;
	}
	*out = 0;
	return (HPDF_BYTE *)out;
}

/* The output intent's profile: sRGB from Debian's icc-profiles-free (zlib
 * licence), read once and embedded deflated in every document. */
#ifndef PDF_ICC_PATH
#define PDF_ICC_PATH	"/usr/share/color/icc/sRGB.icc"
#endif
#define PDF_ICC_NAME	"sRGB IEC61966-2.1"
#define QR_MASK		2	/* see qr_encode */
/* A module's side in its image's samples: with one or two, poppler at
 * 150 dpi blurs a long (URL) code past zbarimg's reading; three and four
 * read at 120 to 300 dpi, and four (a nibble) deflates smaller. */
#define QR_SAMPLES	4
/* A letter's page, 3.6 KB of drawing, deflated each time, with
 * libdeflate (whole buffers, its compressor allocated once): zlib's level
 * 3 with a 16 KB hash cost 0.33 M instructions and about 41 us for 1,520
 * bytes; libdeflate's level 1 0.16 M and 10 us for 1,505, level 6 0.29 M
 * and 20 us for 1,463.  The font files and forms, made once per run (or
 * per set of glyphs), take libdeflate's slowest and smallest level: some
 * 350 bytes a letter less than zlib's level 6. */
#define PAGE_LEVEL	1
#define ONCE_LEVEL	12

/* Embedded font files kept deflated, per font, by the glyphs they hold
 * (see font_file). */
#define FONT_CACHE	32

struct fontfile {
	unsigned char	*set;		/* num_glyphs flags: the key */
	unsigned char	*z;		/* the font file, deflated */
	size_t		 nz;
	HPDF_UINT	 length1;	/* its size before deflating */
};

/* A drawing the same in every document (the kop's emblem, the stamp),
 * made once as a Form XObject's content, deflated; what it was drawn from
 * is its key. */
struct form {
	unsigned char	*z;
	size_t		 nz;
	float		 h;		/* the emblem's height */
	char		*t[3];		/* the stamp's texts */
	char		 font[16];	/* its name for the bold font, or "" */
	HPDF_Box	 box;
	HPDF_Dict	 obj;		/* in the document being drawn */
};

/*
 * libharu's memory for a document.  libharu allocates every object,
 * name, number and list of a document on its own and frees them one by
 * one when the document goes (some 425 malloc and free calls a letter);
 * HPDF_NewEx takes the allocator but no argument for it.  The drawing
 * handle's allocator (ha_alloc, ha_free) takes a document's blocks from
 * its struct pdf's arena while the device works on that document
 * (ha_cur, set by the device's entry points: HA_ON) and empties the
 * arena when the document is freed; everything else, the handle's own
 * records, the fonts' definitions and encoder kept across documents,
 * blocks above HA_BIG, every block of the stamp's handle and whatever a
 * long document needs past HA_MAX chunks (a report's pages' drawing,
 * which seal frees page by page), is malloc's own block.  ha_free tells
 * them apart by address (ha_all lists the thread's arenas, a few chunks
 * each), so a block is freed right whatever the arena in use, and
 * malloc's blocks are plain ones to valgrind and ASan.  Under either an
 * emptied arena is unaddressable until it is handed out again.
 */
#define HA_BIG		16384
#define HA_CHUNK	65536
#define HA_KEEP		4		/* chunks kept when emptied */
#define HA_MAX		16		/* chunks a document may use */

struct hachunk {
	struct hachunk	*next;
	size_t		 size, used;	/* of the bytes after HA_CHDR */
};
#define HA_CHDR		((sizeof(struct hachunk) + 15) & ~(size_t)15)
#define HA_DATA(c)	((unsigned char *)(c) + HA_CHDR)

struct harena {
	struct hachunk	*head, *cur;
	size_t		 ncur;		/* chunks in use, cur the last */
	size_t		 nalloc;	/* blocks handed out, for tests */
	struct harena	*next;		/* in ha_all */
};

static _Thread_local struct harena *ha_cur, *ha_all;

static void * HPDF_STDCALL
ha_alloc(HPDF_UINT n)
{
	struct harena *a = ha_cur;
	struct hachunk *c;
	unsigned char *b;
	/* never 0: a block must lie inside its chunk */
	size_t need = ((size_t)(n ? n : 1) + 15) & ~(size_t)15;

	if (a == NULL || n > HA_BIG || (a->ncur >= HA_MAX &&
	    a->cur->used + need > a->cur->size))
		return malloc(n ? n : 1);
	if ((c = a->cur) == NULL || c->used + need > c->size) {
		if (c != NULL && c->next != NULL)
			c = c->next;
		else {
			struct hachunk *nc = malloc(HA_CHDR + HA_CHUNK);

			if (nc == NULL)
				return NULL;
			nc->next = NULL;
			nc->size = HA_CHUNK;
			HA_POISON(HA_DATA(nc), HA_CHUNK);
			if (c != NULL)
				c->next = nc;
			else
				a->head = nc;
			c = nc;
		}
		c->used = 0;
		a->cur = c;
		a->ncur++;
	}
	b = HA_DATA(c) + c->used;
	c->used += need;
	a->nalloc++;
	HA_UNPOISON(b, need);
	return b;
}

static void HPDF_STDCALL
ha_free(void *ptr)
{
	const unsigned char *b = ptr;

	if (ptr == NULL)
		return;
	/* an arena's block goes when its arena is emptied */
	for (const struct harena *a = ha_all; a != NULL; a = a->next)
		for (const struct hachunk *c = a->head; c != NULL; c = c->next)
			if (b >= HA_DATA(c) && b < HA_DATA(c) + c->size)
				return;
	free(ptr);
}

/* Empties a: what libharu allocated from it is no longer referenced
 * (its document is freed).  Keeps HA_KEEP chunks for the next one. */
static void
ha_empty(struct harena *a)
{
	struct hachunk *c = a->head, *next;
	size_t k = 0;

	for (; c != NULL; c = next, k++) {
		next = c->next;
		if (k + 1 == HA_KEEP)
			c->next = NULL;
		if (k >= HA_KEEP)
			free(c);
		else {
			c->used = 0;
			HA_POISON(HA_DATA(c), c->size);
		}
	}
	a->cur = a->head;
	a->ncur = a->head != NULL;
}

static void
ha_register(struct harena *a)
{
	a->next = ha_all;
	ha_all = a;
}

/* After the handle using a is freed. */
static void
ha_free_all(struct harena *a)
{
	struct hachunk *c = a->head, *next;

	if (ha_cur == a)
		ha_cur = NULL;
	for (struct harena **pp = &ha_all; *pp != NULL; pp = &(*pp)->next)
		if (*pp == a) {
			*pp = a->next;
			break;
		}
	for (; c != NULL; c = next) {
		next = c->next;
		HA_UNPOISON(HA_DATA(c), c->size);
		free(c);
	}
	a->head = a->cur = NULL;
	a->ncur = 0;
}

/* A growing buffer (a QR code's drawing, the XMP packet). */
struct sbuf {
	char	*p;
	size_t	 n, cap;
};

static void
sbuf_addn(struct sbuf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		while (b->n + n + 1 > b->cap)
			b->cap = b->cap ? b->cap * 2 : 2048;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void
sbuf_add(struct sbuf *b, const char *s)
{
	sbuf_addn(b, s, strlen(s));
}

struct pdf {
	HPDF_Doc		 h;
	const char		*font[2];	/* names of the loaded fonts */
	struct dev_metrics	 m;
	HPDF_STATUS		 err, detail;	/* first error since reset */
	unsigned char		*icc;		/* the profile, deflated */
	size_t			 nicc;
	/* The document being drawn. */
	HPDF_Font		 f[2];
	HPDF_Page		*page;
	size_t			 npage, cap;
	char			*qr;		/* the first QR code's data */
	/* Drawing QR codes: libqrencode's fixed-mask entry point when it is
	 * the version checked, and its image. */
	int			 qrfast;
	struct sbuf		 qb;
	/* The kop's drawn emblem and the office stamp, each drawn once as a
	 * form, on a page of a handle of their own (sh, with the fonts). */
	HPDF_Doc		 sh;
	const char		*sfont;
	struct form		 femb, fstamp;
	/* The two fonts' definitions (kept by the handle across
	 * documents), the glyphs every document embeds of each, and their
	 * font files made and deflated once per set of glyphs. */
	HPDF_FontDef		 fd[2];
	unsigned char		*fbase[2];
	struct fontfile		 fc[2][FONT_CACHE];
	size_t			 fcnext[2];
	struct libdeflate_compressor *fz;
	/* Pages: a lighter level than the once-made font files and forms
	 * (see PAGE_LEVEL). */
	struct libdeflate_compressor *pz;
	struct sbuf		 fb;
	unsigned char		*ob;		/* pdf_save's sink, SINK_SIZE */
	unsigned char		*ttf[2];	/* the font files' bytes */
	/* The document's libharu memory (see ha_alloc); indoc while a
	 * document is open on h. */
	struct harena		 ar;
	int			 indoc;
};

/* At a device entry point: p's document's blocks from its arena. */
#define HA_ON(p)	(ha_cur = (p)->indoc ? &(p)->ar : NULL)
#define HA_OFF()	(ha_cur = NULL)

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

/* The sRGB profile, checked to be an RGB display profile, deflated once:
 * deflating it for every document would cost more than the rest of the
 * PDF/A additions together. */
static int
load_icc(struct pdf *p, const char *path, struct nerr *e)
{
	unsigned char *raw;
	size_t n;
	uLongf zn;

	if ((raw = (unsigned char *)fs_slurp(path, &n, e)) == NULL) {
		nerr_set(e, EX_CONFIG, path, 0, 0, "the sRGB colour profile "
		    "every PDF/A document embeds cannot be read (Debian "
		    "package icc-profiles-free)");
		return -1;
	}
	if (n < 132 || memcmp(raw + 16, "RGB ", 4) != 0 ||
	    memcmp(raw + 36, "acsp", 4) != 0) {
		nerr_set(e, EX_CONFIG, path, 0, 0, "not an RGB ICC profile");
		free(raw);
		return -1;
	}
	zn = compressBound((uLong)n);
	p->icc = xmalloc(zn);
	if (compress2(p->icc, &zn, raw, (uLong)n, Z_BEST_COMPRESSION) !=
	    Z_OK) {
		nerr_set(e, EX_SOFTWARE, path, 0, 0, "zlib failed");
		free(raw);
		return -1;
	}
	p->nicc = zn;
	free(raw);
	return 0;
}

/*
 * The embedded fonts.  libharu subsets each TrueType font again for every
 * document (the glyphs it printed, read out of the font byte by byte) and
 * deflates the result with a fresh zlib stream: with the page's own
 * deflating, most of a letter's time.  Here a document's font file is
 * made from its set of glyphs, the glyphs it prints and those of
 * FONT_BASE (every document embeds them, printed or not: a letter's
 * varying names and codes then mostly fall inside the same set), and
 * kept deflated for the next document with the same set.  The bytes
 * depend on the set alone, so a document renders the same bytes whatever
 * came before it.  This fills the font definition's descriptor before
 * libharu would (hpdf_font_tt.c, CreateDescriptor), with the same
 * entries.
 */
#ifndef FONT_BASE_R
#define FONT_BASE_R	" .,-/:()ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz"
#endif
#ifndef FONT_BASE_B
#define FONT_BASE_B	" .,-/:()ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
#endif

static int
font_init(struct pdf *p, struct nerr *e)
{
	static const char *const base[2] = { FONT_BASE_R, FONT_BASE_B };

	for (int i = 0; i < 2; i++) {
		HPDF_Font f = NULL;
		HPDF_TTFontDefAttr a;
		HPDF_UINT used = 0;

		if (HPDF_NewDoc(p->h) == HPDF_OK)
			f = HPDF_GetFont(p->h, p->font[i], "WinAnsiEncoding");
		if (f == NULL)
			return hfail(p, e, "HPDF_GetFont", p->err);
		/* What font_file reads and writes: a TrueType definition
		 * to embed, whose glyph flags a new document has cleared. */
		p->fd[i] = ((HPDF_FontAttr)f->attr)->fontdef;
		a = (HPDF_TTFontDefAttr)p->fd[i]->attr;
		if (p->fd[i]->type != HPDF_FONTDEF_TYPE_TRUETYPE || a == NULL ||
		    !a->embedding || a->num_glyphs == 0 ||
		    a->glyph_tbl.flgs == NULL || p->fd[i]->descriptor != NULL)
			goto abi;
		for (HPDF_UINT g = 0; g < a->num_glyphs; g++)
			used += a->glyph_tbl.flgs[g];
		if (used != 1 || a->glyph_tbl.flgs[0] != 1)
			goto abi;
		for (const char *c = base[i]; c != NULL && *c; c++)
			(void)HPDF_Font_TextWidth(f, (const HPDF_BYTE *)c, 1);
		p->fbase[i] = xmalloc(a->num_glyphs);
		memcpy(p->fbase[i], a->glyph_tbl.flgs, a->num_glyphs);
	}
	HPDF_FreeDoc(p->h);
	if (p->err != 0)
		return hfail(p, e, "fonts", p->err);
	if ((p->fz = libdeflate_alloc_compressor(ONCE_LEVEL)) == NULL ||
	    (p->pz = libdeflate_alloc_compressor(PAGE_LEVEL)) == NULL) {
		nerr_set(e, EX_OSERR, NULL, 0, 0, "libdeflate: out of memory");
		return -1;
	}
	return 0;
abi:
	nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "libharu %s does not have the "
	    "font records naskah was built against: rebuild it",
	    HPDF_GetVersion());
	return -1;
}

/* The deflated font file of font i for this document's glyphs. */
static const struct fontfile *
font_file(struct pdf *p, int i, struct nerr *e)
{
	HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)p->fd[i]->attr;
	HPDF_UINT n = a->num_glyphs, len;
	unsigned char *fl = a->glyph_tbl.flgs;
	struct fontfile *ff;
	HPDF_Stream s;
	size_t need;

	for (HPDF_UINT g = 0; g < n; g++)
		fl[g] |= p->fbase[i][g];
	for (size_t k = 0; k < FONT_CACHE; k++) {
		ff = &p->fc[i][k];
		if (ff->set != NULL && memcmp(ff->set, fl, n) == 0)
			return ff;
	}
	/* Not made yet: libharu writes the subset font as it would have,
	 * and it is deflated here.  The slots are reused in turn. */
	ff = &p->fc[i][p->fcnext[i]];
	p->fcnext[i] = (p->fcnext[i] + 1) % FONT_CACHE;
	free(ff->set);
	free(ff->z);
	memset(ff, 0, sizeof(*ff));
	if ((s = HPDF_MemStream_New(p->h->mmgr, 8192)) == NULL) {
		hfail(p, e, "HPDF_MemStream_New", p->err);
		return NULL;
	}
	if (HPDF_TTFontDef_SaveFontData(p->fd[i], s) != HPDF_OK ||
	    (len = HPDF_Stream_Size(s)) == 0 ||
	    HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET) != HPDF_OK) {
		HPDF_Stream_Free(s);
		hfail(p, e, "HPDF_TTFontDef_SaveFontData", p->err);
		return NULL;
	}
	if (len + 1 > p->fb.cap) {
		p->fb.cap = len + 1;
		p->fb.p = xrealloc(p->fb.p, p->fb.cap);
	}
	p->fb.n = len;
	if (HPDF_Stream_Read(s, (HPDF_BYTE *)p->fb.p, &len) != HPDF_OK ||
	    len != p->fb.n) {
		HPDF_Stream_Free(s);
		hfail(p, e, "HPDF_Stream_Read", p->err);
		return NULL;
	}
	HPDF_Stream_Free(s);
	need = libdeflate_zlib_compress_bound(p->fz, len);
	ff->z = xmalloc(need);
	if ((ff->nz = libdeflate_zlib_compress(p->fz, p->fb.p, len, ff->z,
	    need)) == 0) {
		free(ff->z);
		ff->z = NULL;
		nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "libdeflate failed on a "
		    "font");
		return NULL;
	}
	ff->length1 = a->length1;
	ff->set = xmalloc(n);
	memcpy(ff->set, fl, n);
	return ff;
}

static HPDF_Dict	stream_obj(struct pdf *, const void *, size_t, int, int);
static HPDF_Stream	ro_new(HPDF_MMgr, const void *, size_t, int);
static void		form_clear(struct form *);

/* Font i's descriptor with its font file, as libharu would make it. */
static int
font_embed(struct pdf *p, int i, struct nerr *e)
{
	HPDF_FontDef def = p->fd[i];
	HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)def->attr;
	HPDF_MMgr mm = p->h->mmgr;
	const struct fontfile *ff;
	HPDF_Dict d, fs;

	if (def->descriptor != NULL)
		return 0;
	if ((ff = font_file(p, i, e)) == NULL)
		return -1;
	if ((d = HPDF_Dict_New(mm)) == NULL)
		return hfail(p, e, "HPDF_Dict_New", p->err);
	CK(HPDF_Xref_Add, (p->h->xref, d));
	CK(HPDF_Dict_AddName, (d, "Type", "FontDescriptor"));
	CK(HPDF_Dict_AddNumber, (d, "Ascent", def->ascent));
	CK(HPDF_Dict_AddNumber, (d, "Descent", def->descent));
	CK(HPDF_Dict_AddNumber, (d, "CapHeight", def->cap_height));
	CK(HPDF_Dict_AddNumber, (d, "Flags", def->flags));
	CK(HPDF_Dict_Add, (d, "FontBBox", HPDF_Box_Array_New(mm,
	    def->font_bbox)));
	CK(HPDF_Dict_AddName, (d, "FontName", a->base_font));
	CK(HPDF_Dict_AddNumber, (d, "ItalicAngle", def->italic_angle));
	CK(HPDF_Dict_AddNumber, (d, "StemV", def->stemv));
	CK(HPDF_Dict_AddNumber, (d, "XHeight", def->x_height));
	if (a->char_set != NULL)
		CK(HPDF_Dict_AddName, (d, "CharSet", a->char_set));
	if ((fs = stream_obj(p, ff->z, ff->nz, 1, 1)) == NULL)
		return hfail(p, e, "HPDF_DictStream_New", p->err);
	CK(HPDF_Dict_Add, (d, "FontFile2", fs));
	CK(HPDF_Dict_AddNumber, (fs, "Length1", ff->length1));
	CK(HPDF_Dict_AddNumber, (fs, "Length2", 0));
	CK(HPDF_Dict_AddNumber, (fs, "Length3", 0));
	def->descriptor = d;
	return 0;
}

/* libharu reads a TrueType font's glyphs from its file as it goes: a
 * seek and a read for each glyph a document uses first (to see whether
 * it is made of others) and for each subset it writes, some 24 system
 * calls a letter.  The font's stream is swapped for one over the file's
 * bytes read once, which libharu reads the same way. */
static int
font_mem(struct pdf *p, int i, const char *path, struct nerr *e)
{
	HPDF_FontDef def = HPDF_GetFontDef(p->h, p->font[i]);
	HPDF_TTFontDefAttr a;
	HPDF_Stream s;
	size_t n;

	if (def == NULL || def->type != HPDF_FONTDEF_TYPE_TRUETYPE ||
	    (a = (HPDF_TTFontDefAttr)def->attr) == NULL) {
		nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "libharu %s does not have "
		    "the font records naskah was built against: rebuild it",
		    HPDF_GetVersion());
		return -1;
	}
	if ((p->ttf[i] = (unsigned char *)fs_slurp(path, &n, e)) == NULL)
		return -1;
	if (a->stream == NULL || HPDF_Stream_Size(a->stream) != n) {
		nerr_set(e, EX_CONFIG, path, 0, 0, "font: the file changed "
		    "while it was read");
		return -1;
	}
	if ((s = ro_new(p->h->mmgr, p->ttf[i], n, 1)) == NULL)
		return hfail(p, e, "HPDF_GetMem", p->err);
	HPDF_Stream_Free(a->stream);
	a->stream = s;
	return 0;
}

struct pdf *
pdf_new(const char *fontdir, struct nerr *e)
{
	static const char *const files[2] = {
		"LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"
	};
	struct pdf *p;
	char path[2][4096];

	if (pdf_lib_check(e) != 0)
		return NULL;
	p = xcalloc(1, sizeof(*p));
	ha_register(&p->ar);
	if ((p->h = HPDF_NewEx(on_error, ha_alloc, ha_free, 0, p)) == NULL) {
		nerr_set(e, EX_OSERR, NULL, 0, 0, "libharu: out of memory");
		ha_free_all(&p->ar);
		free(p);
		return NULL;
	}
	for (int i = 0; i < 2; i++) {
		snprintf(path[i], sizeof(path[i]), "%s/%s", fontdir, files[i]);
		if (access(path[i], R_OK) != 0) {
			nerr_set(e, EX_CONFIG, path[i], 0, 0, "font: %s",
			    strerror(errno));
			pdf_free(p);
			return NULL;
		}
		p->font[i] = HPDF_LoadTTFontFromFile(p->h, path[i], HPDF_TRUE);
		/* The stamp's form is drawn with the bold font. */
		if (p->font[i] != NULL && i == 1 &&
		    ((p->sh = HPDF_New(on_error, p)) == NULL ||
		    (p->sfont = HPDF_LoadTTFontFromFile(p->sh, path[i],
		    HPDF_TRUE)) == NULL))
			p->font[i] = NULL;
		if (p->font[i] == NULL) {
			nerr_set(e, EX_CONFIG, path[i], 0, 0,
			    "font: libharu error 0x%04X", (unsigned)p->err);
			pdf_free(p);
			return NULL;
		}
		/* before the widths below read glyphs (two seeks each) */
		if (font_mem(p, i, path[i], e) != 0) {
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
	if (load_icc(p, PDF_ICC_PATH, e) != 0 || font_init(p, e) != 0) {
		pdf_free(p);
		return NULL;
	}
	{
		int ma = 0, mi = 0, mc = 0;

		QRcode_APIVersion(&ma, &mi, &mc);
		p->qrfast = ma == 4 && mi == 1;
	}
	return p;
}

size_t
pdf_arena_stat(const struct pdf *p, size_t *chunks)
{
	*chunks = 0;
	for (const struct hachunk *c = p->ar.head; c != NULL; c = c->next)
		(*chunks)++;
	return p->ar.nalloc;
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
	ha_free_all(&p->ar);
	free(p->page);
	free(p->icc);
	free(p->qr);
	free(p->qb.p);
	if (p->sh != NULL)
		HPDF_Free(p->sh);
	form_clear(&p->femb);
	form_clear(&p->fstamp);
	libdeflate_free_compressor(p->fz);
	libdeflate_free_compressor(p->pz);
	free(p->fb.p);
	free(p->ob);
	for (int i = 0; i < 2; i++) {
		free(p->ttf[i]);
		free(p->fbase[i]);
		for (size_t k = 0; k < FONT_CACHE; k++) {
			free(p->fc[i][k].set);
			free(p->fc[i][k].z);
		}
	}
	free(p);
}

/* An Info string: PDFDocEncoding when it is ASCII, else UTF-16BE with
 * its byte order mark, so any name reads back as written (and equals its
 * XMP copy, as PDF/A requires). */
static int
set_info(struct pdf *p, const char *key, const char *utf8, struct nerr *e)
{
	unsigned char buf[2048];
	const unsigned char *s = (const unsigned char *)utf8;
	size_t n = 2, i;
	HPDF_Binary b;

	if (utf8 == NULL || *utf8 == '\0')
		return 0;
	for (i = 0; s[i] && s[i] >= 0x20 && s[i] < 0x7f; i++)
		;
	if (s[i] == '\0') {
		CK(HPDF_Dict_Add, (p->h->info, key, HPDF_String_New(
		    p->h->mmgr, utf8, NULL)));
		return 0;
	}
	buf[0] = 0xfe;
	buf[1] = 0xff;
	for (i = 0; s[i] && n + 4 <= sizeof(buf); ) {
		unsigned long c = s[i];
		int k = c < 0x80 ? 0 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;

		if (k > 0)
			c &= 0x3f >> k;
		for (i++; k > 0 && (s[i] & 0xc0) == 0x80; k--, i++)
			c = c << 6 | (s[i] & 0x3f);
		if (c < 0x20)
			c = ' ';
		if (c >= 0x10000) {
			c -= 0x10000;
			buf[n++] = (unsigned char)(0xd8 | (c >> 18));
			buf[n++] = (unsigned char)(c >> 10);
			c = 0xdc00 | (c & 0x3ff);
		}
		buf[n++] = (unsigned char)(c >> 8);
		buf[n++] = (unsigned char)c;
	}
	if ((b = HPDF_Binary_New(p->h->mmgr, buf, (HPDF_UINT)n)) == NULL)
		return hfail(p, e, "HPDF_Binary_New", p->err);
	CK(HPDF_Dict_Add, (p->h->info, key, b));
	return 0;
}

/* Positions to 0.01 pt: shorter content streams, same page. */
static float
q2(float v)
{
	return roundf(v * 100.0f) / 100.0f;
}

/* A number as libharu writes it (HPDF_FToA): clamped to +-32767, five
 * decimals truncated after adding 0.000005, trailing zeros and a bare
 * point dropped.  The same arithmetic in the same float and double steps,
 * so what text_out writes is the bytes HPDF_Page_TextOut wrote
 * (tests/unit/test_pdfa.c compares the two over many values). */
char *
pdf_fmt_real(char *s, float v)
{
	char d[12], *t = d + sizeof(d);
	int32_t ip, fp;
	int nd = 5;

	if (v > 32767)
		v = 32767;
	else if (v < -32767)
		v = -32767;
	if (v < 0) {
		*s++ = '-';
		v = -v;
	}
	ip = (int32_t)(v + 0.000005);
	fp = (int32_t)((float)(v - ip + 0.000005) * 100000);
	/* Only the five digits libharu writes: its loop takes fp's low
	 * ones (fp is never negative: v + 0.000005 >= ip). */
	fp %= 100000;
	if (fp != 0) {
		/* the fraction without its trailing zeros */
		while (fp % 10 == 0) {
			fp /= 10;
			nd--;
		}
		while (nd-- > 0) {
			*--t = (char)('0' + fp % 10);
			fp /= 10;
		}
		*--t = '.';
	}
	if (ip == 0)
		*--t = '0';
	for (; ip > 0; ip /= 10)
		*--t = (char)((char)(ip % 10) + '0');
	memcpy(s, t, (size_t)(d + sizeof(d) - t));
	s += d + sizeof(d) - t;
	*s = '\0';
	return s;
}

/* HPDF_Page_TextOut, the same bytes and state, without its costs: a
 * 512-byte buffer cleared byte by byte for each number, the text measured
 * again and copied byte by byte in four calls.  A letter draws some 60
 * texts; this was 5,500 instructions each.  The font's glyphs are marked
 * as libharu marks them (HPDF_Font_TextWidth on each byte the document
 * has not used yet: the font's Widths and its subset come from that). */
static int
text_out(struct pdf *p, HPDF_Page pg, float x, float y, const char *text,
    struct nerr *e)
{
	HPDF_PageAttr a = (HPDF_PageAttr)pg->attr;
	HPDF_Font f = a->gstate->font;
	HPDF_FontAttr fa;
	HPDF_TransMatrix *m = &a->text_matrix;
	char buf[512], *b = buf;
	float rx, ry, tw;
	HPDF_UINT width = 0, nspace = 0, nchar = 0;

	if (a->gmode != HPDF_GMODE_TEXT_OBJECT || f == NULL || m->a != 1 ||
	    m->b != 0 || m->c != 0 || m->d != 1)
		return hfail(p, e, "text_out", HPDF_PAGE_INVALID_GMODE);
	fa = (HPDF_FontAttr)f->attr;
	/* TextPos_AbsToRel and MoveTextPos for libharu's identity matrix. */
	ry = (y - m->y - (x - m->x) * m->b / m->a) / (m->d - m->c * m->b /
	    m->a);
	rx = (x - m->x - ry * m->c) / m->a;
	b = pdf_fmt_real(b, rx);
	*b++ = ' ';
	b = pdf_fmt_real(b, ry);
	memcpy(b, " Td\012", 4);
	b += 4;
	m->x += rx * m->a + ry * m->c;
	m->y += ry * m->d + rx * m->b;
	a->text_pos.x = m->x;
	a->text_pos.y = m->y;
	if (text == NULL || *text == '\0')
		return HPDF_Stream_Write(a->stream, (HPDF_BYTE *)buf,
		    (HPDF_UINT)(b - buf)) == HPDF_OK ? 0 :
		    hfail(p, e, "HPDF_Stream_Write", p->err);
	for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
		if (!fa->used[*c])
			(void)HPDF_Font_TextWidth(f, c, 1);
		width += (HPDF_UINT)fa->widths[*c];
		nchar++;
		if (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\f' ||
		    *c == '\r')
			nspace++;
	}
	if (p->err != 0)
		return hfail(p, e, "HPDF_Font_TextWidth", p->err);
	tw = a->gstate->word_space * nspace;
	tw += width * a->gstate->font_size / 1000;
	tw += a->gstate->char_space * nchar;
	if (tw != 0) {
		*b++ = '(';
		for (const unsigned char *c = (const unsigned char *)text; *c;
		    c++) {
			if (b > buf + sizeof(buf) - 8) {
				if (HPDF_Stream_Write(a->stream, (HPDF_BYTE *)buf,
				    (HPDF_UINT)(b - buf)) != HPDF_OK)
					return hfail(p, e, "HPDF_Stream_Write",
					    p->err);
				b = buf;
			}
			if (*c < 0x20 || *c > 0x7e || *c == '\\' ||
			    *c == '%' || *c == '#' || *c == '/' ||
			    *c == '(' || *c == ')' || *c == '<' ||
			    *c == '>' || *c == '[' || *c == ']' ||
			    *c == '{' || *c == '}') {
				*b++ = '\\';
				*b++ = (char)('0' + (*c >> 6));
				*b++ = (char)('0' + ((*c >> 3) & 7));
				*b++ = (char)('0' + (*c & 7));
			} else
				*b++ = (char)*c;
		}
		memcpy(b, ") Tj\012", 5);
		b += 5;
		a->text_pos.x += tw * m->a;
		a->text_pos.y += tw * m->b;
	}
	if (HPDF_Stream_Write(a->stream, (HPDF_BYTE *)buf,
	    (HPDF_UINT)(b - buf)) != HPDF_OK)
		return hfail(p, e, "HPDF_Stream_Write", p->err);
	return 0;
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

/* libqrencode scores all eight mask patterns of every code it makes,
 * about 2 million instructions, as much as the rest of a letter's drawing:
 * with one fixed mask (any is valid; the scoring only favours scanners a
 * little) it costs a tenth.  The call that takes a mask is exported by
 * libqrencode 4.1 but declared only in its source (qrencode_inner.h), so
 * it is used only when the library loaded says it is 4.1 (pdf_new), and
 * the public QRcode_encodeString otherwise. */
extern QRcode	*QRcode_encodeMask(QRinput *, int);
extern int	 Split_splitStringToQRinput(const char *, QRinput *,
		    QRencodeMode, int);

static HPDF_STATUS	write_flate(HPDF_Dict, HPDF_Stream);

/* A QR code's image deflated by hand, as a zlib stream: the image is
 * rows of nibbles (0x00, 0x0F, 0xF0 or 0xFF a byte), each row of modules
 * followed by its three copies, so one dynamic Huffman block of those
 * four literals, one match "the row again, three times" (length 3 * row
 * at distance row) a module row, and the end code says it all.  zlib at
 * its fastest level spent 0.26 M instructions a letter searching for
 * those matches (and wrote 600 bytes where this writes some 480);
 * tests/unit/test_pdfops.c inflates the result for every code size. */
struct bits {
	unsigned char	*p;
	uint64_t	 acc;
	int		 n;
};

static void
bits_put(struct bits *b, uint32_t v, int n)
{
	b->acc |= (uint64_t)v << b->n;
	b->n += n;
	while (b->n >= 8) {
		*b->p++ = (unsigned char)b->acc;
		b->acc >>= 8;
		b->n -= 8;
	}
}

/* Canonical Huffman codes of the lengths (RFC 1951 3.2.2), bit-reversed
 * for writing from the least significant bit. */
static void
huff_codes(const unsigned char *len, int n, uint16_t *code)
{
	int count[16] = { 0 }, next[16];
	int c = 0;

	for (int i = 0; i < n; i++)
		count[len[i]]++;
	count[0] = 0;
	for (int l = 1; l < 16; l++) {
		c = (c + count[l - 1]) << 1;
		next[l] = c;
	}
	for (int i = 0; i < n; i++) {
		uint16_t v = 0, k;

		if (len[i] == 0)
			continue;
		k = (uint16_t)next[len[i]]++;
		for (int j = 0; j < len[i]; j++)
			v = (uint16_t)(v << 1 | ((k >> j) & 1));
		code[i] = v;
	}
}

/* The deflate length code of a match length (3..258) and its extra bits. */
static int
len_code(int len, int *extra, int *nextra)
{
	static const short base[29] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15,
	    17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195,
	    227, 258 };
	static const unsigned char eb[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1,
	    1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
	int i = 28;

	while (base[i] > len)
		i--;
	*extra = len - base[i];
	*nextra = eb[i];
	return 257 + i;
}

static int
dist_code(int d, int *extra, int *nextra)
{
	int i = 0, base = 1, eb = 0;

	/* codes 0-3: 1-4; then two codes per extra bit */
	if (d <= 4) {
		*extra = 0;
		*nextra = 0;
		return d - 1;
	}
	for (i = 4, base = 5, eb = 1; ; i += 2, eb++) {
		if (d < base + (1 << eb)) {
			break;
		}
		if (d < base + 2 * (1 << eb)) {
			base += 1 << eb;
			i++;
			break;
		}
		base += 2 * (1 << eb);
	}
	*extra = d - base;
	*nextra = eb;
	return i;
}

/* Appends n zero lengths in the code length alphabet (16-18). */
static void
zeros_put(struct bits *b, int n, const uint16_t *cc, const unsigned char *cl)
{
	while (n >= 11) {
		int k = n > 138 ? 138 : n;

		bits_put(b, cc[18], cl[18]);
		bits_put(b, (uint32_t)(k - 11), 7);
		n -= k;
	}
	if (n >= 3) {
		bits_put(b, cc[17], cl[17]);
		bits_put(b, (uint32_t)(n - 3), 3);
		n = 0;
	}
	while (n-- > 0)
		bits_put(b, cc[0], cl[0]);
}

size_t
pdf_qr_deflate(const unsigned char *img, size_t row, size_t h,
    unsigned char *out)
{
	/* code length code: order of its lengths, and the lengths used */
	static const unsigned char order[19] = { 16, 17, 18, 0, 8, 7, 9, 6,
	    10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };
	unsigned char cl[19] = { 0 }, ll[286] = { 0 }, dl[30] = { 0 };
	uint16_t cc[19] = { 0 }, lc[286] = { 0 }, dc[30] = { 0 };
	struct bits b = { out, 0, 0 };
	int chunk[4], nchunk = 0, lcode[4], lx[4], lnx[4], dcode, dx, dnx;
	int rep = (int)(3 * row), hlit, hdist;
	uLong ad;

	/* The match of a module row's copies, in pieces of at most 258
	 * (none under 3). */
	while (rep > 0) {
		int k = rep > 258 ? (rep - 258 < 3 ? rep - 3 : 258) : rep;

		chunk[nchunk++] = k;
		rep -= k;
	}
	for (int i = 0; i < nchunk; i++)
		lcode[i] = len_code(chunk[i], &lx[i], &lnx[i]);
	dcode = dist_code((int)row, &dx, &dnx);
	/* literal/length lengths: a complete code over 0x00 and 0xFF (2
	 * bits), 0x0F and 0xF0 (3), the end and one or two length codes */
	ll[0x00] = ll[0xff] = 2;
	ll[0x0f] = ll[0xf0] = 3;
	if (nchunk == 1 || lcode[0] == lcode[nchunk - 1]) {
		ll[lcode[0]] = 3;
		ll[256] = 3;
	} else {
		ll[lcode[0]] = 3;
		ll[lcode[nchunk - 1]] = 4;
		ll[256] = 4;
	}
	dl[dcode] = 1;		/* one distance: one bit (RFC 1951 3.2.7) */
	/* the code length code, complete: 2,2,3,3,3,4,4 */
	cl[18] = 2;
	cl[3] = 2;
	cl[0] = 3;
	cl[2] = 3;
	cl[17] = 3;
	cl[1] = 4;
	cl[4] = 4;
	huff_codes(cl, 19, cc);
	huff_codes(ll, 286, lc);
	huff_codes(dl, 30, dc);
	hlit = 257;
	for (int i = 0; i < 286; i++)
		if (ll[i] != 0 && i + 1 > hlit)
			hlit = i + 1;
	hdist = dcode + 1;
	*b.p++ = 0x78;		/* zlib: deflate, 32 KB window */
	*b.p++ = 0x01;
	bits_put(&b, 1, 1);	/* the last block */
	bits_put(&b, 2, 2);	/* dynamic Huffman */
	bits_put(&b, (uint32_t)(hlit - 257), 5);
	bits_put(&b, (uint32_t)(hdist - 1), 5);
	bits_put(&b, 18 - 4, 4);	/* 18 code length lengths */
	for (int i = 0; i < 18; i++)
		bits_put(&b, cl[order[i]], 3);
	/* the literal/length then the distance lengths, as one sequence */
	for (int i = 0, z = 0; i <= hlit + hdist; i++) {
		int v = i == hlit + hdist ? -1 : i < hlit ? ll[i] :
		    dl[i - hlit];

		if (v == 0) {
			z++;
			continue;
		}
		zeros_put(&b, z, cc, cl);
		z = 0;
		if (v > 0)
			bits_put(&b, cc[v], cl[v]);
	}
	for (size_t r = 0; r < h; r += 4) {
		const unsigned char *s = img + r * row;

		for (size_t c = 0; c < row; c++)
			bits_put(&b, lc[s[c]], ll[s[c]]);
		for (int i = 0; i < nchunk; i++) {
			bits_put(&b, lc[lcode[i]], ll[lcode[i]]);
			if (lnx[i])
				bits_put(&b, (uint32_t)lx[i], lnx[i]);
			bits_put(&b, dc[dcode], 1);
			if (dnx)
				bits_put(&b, (uint32_t)dx, dnx);
		}
	}
	bits_put(&b, lc[256], ll[256]);
	if (b.n > 0)
		bits_put(&b, 0, 8 - b.n);
	ad = adler32(adler32(0, NULL, 0), img, (uInt)(row * h));
	*b.p++ = (unsigned char)(ad >> 24);
	*b.p++ = (unsigned char)(ad >> 16);
	*b.p++ = (unsigned char)(ad >> 8);
	*b.p++ = (unsigned char)ad;
	return (size_t)(b.p - out);
}

static QRcode *
qr_encode(struct pdf *p, const char *data)
{
	QRinput *in;
	QRcode *q = NULL;

	if (!p->qrfast)
		return QRcode_encodeString(data, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if ((in = QRinput_new2(0, QR_ECLEVEL_M)) == NULL)
		return NULL;
	if (Split_splitStringToQRinput(data, in, QR_MODE_8, 1) == 0)
		q = QRcode_encodeMask(in, QR_MASK);
	QRinput_free(in);
	return q;
}

/* A QR code of o->text (error correction M, the smallest version that
 * holds it), side o->w, bottom-left at (o->x, o->y): a one-bit image of
 * its modules, one sample a module, scaled to its place.  Drawn as
 * rectangles it took 2.7 KB of every letter's bytes and their deflating;
 * as an image it is a few hundred bytes, stored as they are.  The first
 * code's data is kept for the document's metadata. */
static int
draw_qr(struct pdf *p, HPDF_Page pg, const struct dev_op *o, struct nerr *e)
{
	QRcode *q = qr_encode(p, o->text);
	HPDF_Dict im;
	size_t row, n, zn;
	uLong need;
	int w;

	if (q == NULL) {
		nerr_set(e, EX_CONFIG, NULL, 0, 0, "verification code: %zu "
		    "bytes do not fit a QR code (a shorter URL in "
		    "kantor.xml?)", strlen(o->text));
		return -1;
	}
	if (p->qr == NULL)
		p->qr = xstrdup(o->text);
	w = q->width * QR_SAMPLES;
	row = ((size_t)w + 7) / 8;
	n = row * (size_t)w;
	if (n + 1 > p->qb.cap) {
		p->qb.cap = n + 1;
		p->qb.p = xrealloc(p->qb.p, p->qb.cap);
	}
	/* A stencil mask: 0 is painted in the fill colour (black), 1 left
	 * as it is; row 0 is the top.  A module is QR_SAMPLES samples
	 * square: a nibble, two modules a byte (a sample at a time cost
	 * 0.1 M instructions a code). */
#if QR_SAMPLES != 4
#error "draw_qr writes a module as a nibble"
#endif
	for (int r = 0; r < q->width; r++) {
		unsigned char *o = (unsigned char *)p->qb.p + (size_t)r *
		    QR_SAMPLES * row;
		const unsigned char *m = q->data + (size_t)r * q->width;

		for (int c = 0; c < q->width; c += 2)
			o[c / 2] = (unsigned char)((m[c] & 1 ? 0x00 : 0xf0) |
			    (c + 1 < q->width && (m[c + 1] & 1) ? 0x00 :
			    0x0f));
		for (int k = 1; k < QR_SAMPLES; k++)
			memcpy(o + (size_t)k * row, o, row);
	}
	QRcode_free(q);
	need = n + 64;		/* pdf_qr_deflate writes much less */
	if (need > p->fb.cap) {
		p->fb.cap = need;
		p->fb.p = xrealloc(p->fb.p, p->fb.cap);
	}
	zn = pdf_qr_deflate((const unsigned char *)p->qb.p, row, (size_t)w,
	    (unsigned char *)p->fb.p);
	if ((im = stream_obj(p, p->fb.p, zn, 1, 0)) == NULL)
		return hfail(p, e, "HPDF_DictStream_New", p->err);
	im->header.obj_class = HPDF_OSUBCLASS_XOBJECT | HPDF_OCLASS_DICT;
	CK(HPDF_Dict_AddName, (im, "Type", "XObject"));
	CK(HPDF_Dict_AddName, (im, "Subtype", "Image"));
	CK(HPDF_Dict_AddNumber, (im, "Width", w));
	CK(HPDF_Dict_AddNumber, (im, "Height", w));
	CK(HPDF_Dict_Add, (im, "ImageMask", HPDF_Boolean_New(p->h->mmgr,
	    HPDF_TRUE)));
	CK(HPDF_Dict_AddNumber, (im, "BitsPerComponent", 1));
	CK(HPDF_Page_GSave, (pg));
	CK(HPDF_Page_SetRGBFill, (pg, 0, 0, 0));
	CK(HPDF_Page_Concat, (pg, q2(o->w), 0, 0, q2(o->w), q2(o->x),
	    q2(o->y)));
	CK(HPDF_Page_ExecuteXObject, (pg, im));
	CK(HPDF_Page_GRestore, (pg));
	return 0;
}

/*
 * The kop's drawn emblem and the office stamp are the same drawing in
 * every document (only where it goes differs): each is drawn once, on a
 * page of the handle sh that is never saved, and its bytes deflated once;
 * every document then gets them as a Form XObject, placed by its matrix.
 * Drawing them (curves computed and formatted by libharu) and deflating
 * them again was a third of a letter's time.  The form's bytes depend on
 * what it draws alone, so every document gets the same bytes.
 */
static void
form_clear(struct form *f)
{
	free(f->z);
	for (int i = 0; i < 3; i++)
		free(f->t[i]);
	memset(f, 0, sizeof(*f));
}

static int
form_same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Draws the emblem of height h (t == NULL) or the stamp with texts t
 * into f, at the origin.  0, or -1 with e. */
static int
form_make_doc(struct pdf *p, struct form *f, float h, const char *const *t,
    struct nerr *e)
{
	HPDF_Page pg;
	HPDF_Stream cs;
	HPDF_Font font = NULL;
	HPDF_UINT len;
	size_t need;
	int rc;

	form_clear(f);
	if (HPDF_NewDoc(p->sh) != HPDF_OK || (pg = HPDF_AddPage(p->sh)) ==
	    NULL)
		return hfail(p, e, "HPDF_NewDoc", p->err);
	cs = ((HPDF_PageAttr)pg->attr)->stream;
	if (t == NULL) {
		rc = stamp_emblem(pg, 0, h, h);
		if (rc != STAMP_OK && rc <= 0) {
			nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "emblem: error %d",
			    rc);
			HPDF_FreeDoc(p->sh);
			return -1;
		}
		f->box.left = -4;
		f->box.bottom = -4;
		f->box.right = stamp_emblem_width(h) + 4;
		f->box.top = h + 4;
	} else {
		if ((font = HPDF_GetFont(p->sh, p->sfont, "WinAnsiEncoding")) ==
		    NULL) {
			HPDF_FreeDoc(p->sh);
			return hfail(p, e, "HPDF_GetFont", p->err);
		}
		rc = stamp_draw(pg, font, 0, 0, t[0], t[1], t[2]);
		if (rc != STAMP_OK && rc <= 0) {
			HPDF_FreeDoc(p->sh);
			return stamp_fail(p, rc, t[0], t[1], e);
		}
		f->box.left = f->box.bottom = -64;
		f->box.right = f->box.top = 64;
	}
	if (rc != STAMP_OK || p->err != 0) {
		HPDF_FreeDoc(p->sh);
		return hfail(p, e, t == NULL ? "emblem" : "stamp",
		    (HPDF_STATUS)rc);
	}
	if (font != NULL) {
		const char *n = HPDF_Page_GetLocalFontName(pg, font);

		if (n == NULL || strlen(n) >= sizeof(f->font)) {
			HPDF_FreeDoc(p->sh);
			return hfail(p, e, "HPDF_Page_GetLocalFontName", p->err);
		}
		strcpy(f->font, n);
	}
	len = HPDF_Stream_Size(cs);
	if (len + 1 > p->fb.cap) {
		p->fb.cap = len + 1;
		p->fb.p = xrealloc(p->fb.p, p->fb.cap);
	}
	if (HPDF_Stream_Seek(cs, 0, HPDF_SEEK_SET) != HPDF_OK ||
	    HPDF_Stream_Read(cs, (HPDF_BYTE *)p->fb.p, &len) != HPDF_OK ||
	    len != HPDF_Stream_Size(cs)) {
		HPDF_FreeDoc(p->sh);
		return hfail(p, e, "HPDF_Stream_Read", p->err);
	}
	HPDF_FreeDoc(p->sh);
	need = libdeflate_zlib_compress_bound(p->fz, len);
	f->z = xmalloc(need);
	if ((f->nz = libdeflate_zlib_compress(p->fz, p->fb.p, len, f->z,
	    need)) == 0) {
		form_clear(f);
		nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "libdeflate failed on a "
		    "form");
		return -1;
	}
	f->h = h;
	for (int i = 0; t != NULL && i < 3; i++)
		f->t[i] = xstrdup(t[i] ? t[i] : "");
	return 0;
}

/* form_make_doc on the stamp's handle: none of its blocks, the fonts'
 * encoder it loads and keeps among them, from the document's arena. */
static int
form_make(struct pdf *p, struct form *f, float h, const char *const *t,
    struct nerr *e)
{
	struct harena *was = ha_cur;
	int rc;

	ha_cur = NULL;
	rc = form_make_doc(p, f, h, t, e);
	ha_cur = was;
	return rc;
}

/* Draws form f at (x, y) on pg, adding it to the document the first
 * time; the stamp's form uses the document's bold font. */
static int
form_draw(struct pdf *p, HPDF_Page pg, struct form *f, float x, float y,
    struct nerr *e)
{
	HPDF_MMgr mm = p->h->mmgr;

	if (f->obj == NULL) {
		HPDF_Dict d = stream_obj(p, f->z, f->nz, 1, 0);

		if (d == NULL)
			return hfail(p, e, "HPDF_DictStream_New", p->err);
		d->header.obj_class = HPDF_OSUBCLASS_XOBJECT | HPDF_OCLASS_DICT;
		CK(HPDF_Dict_AddName, (d, "Type", "XObject"));
		CK(HPDF_Dict_AddName, (d, "Subtype", "Form"));
		CK(HPDF_Dict_Add, (d, "BBox", HPDF_Box_Array_New(mm, f->box)));
		if (f->font[0] != '\0') {
			HPDF_Dict r = HPDF_Dict_New(mm), fd = HPDF_Dict_New(mm);

			if (r == NULL || fd == NULL)
				return hfail(p, e, "HPDF_Dict_New", p->err);
			CK(HPDF_Dict_Add, (d, "Resources", r));
			CK(HPDF_Dict_Add, (r, "Font", fd));
			CK(HPDF_Dict_Add, (fd, f->font, p->f[1]));
			/* The font's widths and glyphs of what the form
			 * prints, as drawing it would have marked them. */
			for (int i = 0; i < 3; i++)
				(void)HPDF_Font_TextWidth(p->f[1],
				    (const HPDF_BYTE *)f->t[i],
				    (HPDF_UINT)strlen(f->t[i]));
		}
		f->obj = d;
	}
	CK(HPDF_Page_GSave, (pg));
	CK(HPDF_Page_Concat, (pg, 1, 0, 0, 1, q2(x), q2(y)));
	CK(HPDF_Page_ExecuteXObject, (pg, f->obj));
	CK(HPDF_Page_GRestore, (pg));
	return 0;
}

static int
draw_emblem(struct pdf *p, HPDF_Page pg, const struct dev_op *o,
    struct nerr *e)
{
	if ((p->femb.z == NULL || p->femb.h != o->h) &&
	    form_make(p, &p->femb, o->h, NULL, e) != 0)
		return -1;
	return form_draw(p, pg, &p->femb, o->x, o->y - o->h, e);
}

static int
draw_stamp(struct pdf *p, HPDF_Page pg, const struct dev_op *o,
    struct nerr *e)
{
	struct form *f = &p->fstamp;
	const char *t[3] = { o->text, o->t2, o->t3 };

	if ((f->z == NULL || !form_same(f->t[0], t[0]) ||
	    !form_same(f->t[1], t[1]) || !form_same(f->t[2], t[2])) &&
	    form_make(p, f, 0, t, e) != 0)
		return -1;
	return form_draw(p, pg, f, o->x, o->y, e);
}

static int
draw_page(struct pdf *p, HPDF_Page pg, const struct dev_page *lp,
    struct nerr *e)
{
	HPDF_Font *font = p->f;
	int in_text = 0, cur_font = -1;
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
			if (text_out(p, pg, q2(o->x), q2(o->y), o->text,
			    e) != 0)
				return -1;
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
			if (draw_stamp(p, pg, o, e) != 0)
				return -1;
			CK(HPDF_Stream_WriteStr, (cs, "EMC\n"));
			break;
		}
		case DEV_EMBLEM:
			if (draw_emblem(p, pg, o, e) != 0)
				return -1;
			break;
		case DEV_IMAGE:
			if (draw_image(p, pg, o, e) != 0)
				return -1;
			break;
		case DEV_QR:
			if (draw_qr(p, pg, o, e) != 0)
				return -1;
			break;
		}
	}
	/* Word spacing is graphics state: it outlives BT/ET and the
	 * stream, so a page ending on a justified line would space out its
	 * overlay's page number.  Left at 0, as a stream starts. */
	if (cur_ws != 0)
		CK(HPDF_Page_SetWordSpace, (pg, 0));
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
begin_doc(void *arg, struct nerr *e)
{
	struct pdf *p = arg;

	p->err = 0;
	p->npage = 0;
	p->femb.obj = p->fstamp.obj = NULL;
	free(p->qr);
	p->qr = NULL;
	HPDF_ResetError(p->h);
	CK(HPDF_NewDoc, (p->h));
	CK(HPDF_SetCompressionMode, (p->h, HPDF_COMP_ALL));
	p->f[0] = HPDF_GetFont(p->h, p->font[0], "WinAnsiEncoding");
	p->f[1] = HPDF_GetFont(p->h, p->font[1], "WinAnsiEncoding");
	if (p->f[0] == NULL || p->f[1] == NULL)
		return hfail(p, e, "HPDF_GetFont", p->err);
	/* The base glyphs are embedded anyway (font_file): marked now,
	 * libharu does not read the font file again for each of them, in
	 * each document, to see whether it is made of others (two system
	 * calls a glyph). */
	for (int i = 0; i < 2; i++)
		memcpy(((HPDF_TTFontDefAttr)p->fd[i]->attr)->glyph_tbl.flgs,
		    p->fbase[i], ((HPDF_TTFontDefAttr)p->fd[i]->attr)->num_glyphs);
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
 * 20 KB for a page of table, in 4 KB blocks even for a line of text, and
 * deflates each with a fresh zlib stream.  Each stream is compressed here
 * when its page is done, with the one reused libdeflate compressor (see
 * PAGE_LEVEL), into a buffer of its exact size: a 400-page report stays
 * near its compressed size, and a letter's page costs its deflating and
 * no set-up.  This reaches into libharu 2.3's installed object headers
 * (hpdf_objects.h, hpdf_pages.h); a sealed stream is never drawn on again
 * (an overlay gets a stream of its own). */
static int
seal(struct pdf *p, HPDF_Page pg, int deflate_it, struct nerr *e)
{
	HPDF_PageAttr a = (HPDF_PageAttr)pg->attr;
	HPDF_Dict c = a->contents;
	HPDF_Stream fit;
	HPDF_UINT len, n;
	const char *out;
	size_t need;

	if (c->write_fn == write_flate || (len = HPDF_Stream_Size(c->stream)) ==
	    0)
		return 0;
	need = libdeflate_zlib_compress_bound(p->pz, len);
	if (len + need + 1 > p->fb.cap) {
		p->fb.cap = len + need + 1;
		p->fb.p = xrealloc(p->fb.p, p->fb.cap);
	}
	n = len;
	if (HPDF_Stream_Seek(c->stream, 0, HPDF_SEEK_SET) != HPDF_OK ||
	    HPDF_Stream_Read(c->stream, (HPDF_BYTE *)p->fb.p, &n) != HPDF_OK ||
	    n != len)
		return hfail(p, e, "HPDF_Stream_Read", p->err);
	out = p->fb.p;
	if (deflate_it) {
		size_t zn = libdeflate_zlib_compress(p->pz, p->fb.p, len,
		    p->fb.p + len, need);

		if (zn == 0) {
			nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "libdeflate "
			    "failed on a page");
			return -1;
		}
		out = p->fb.p + len;
		n = (HPDF_UINT)zn;
	}
	if ((fit = ro_new(pg->mmgr, out, n, 0)) == NULL)
		return hfail(p, e, "HPDF_GetMem", p->err);
	HPDF_Stream_Free(c->stream);
	c->stream = fit;
	a->stream = fit;
	c->filter = HPDF_STREAM_FILTER_NONE;
	if (deflate_it)
		c->write_fn = write_flate;
	return 0;
}

static int
page_doc(void *arg, const struct dev_page *lp, struct nerr *e)
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
	if (seal(p, pg, 1, e) != 0)
		return -1;
	return 0;
}

static int
overlay_doc(void *arg, size_t i, const struct dev_page *lp, struct nerr *e)
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
	if (seal(p, p->page[i], 0, e) != 0)
		return -1;
	return 0;
}

/* Appends s to b, escaped for XML text, control characters as spaces. */
static void
xml_put(struct sbuf *b, const char *s)
{
	for (; s != NULL && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '&')
			sbuf_add(b, "&amp;");
		else if (c == '<')
			sbuf_add(b, "&lt;");
		else if (c == '>')
			sbuf_add(b, "&gt;");
		else if (c < 0x20 || c == 0x7f)
			sbuf_add(b, " ");
		else
			sbuf_addn(b, s, 1);
	}
}

/* A read-only libharu stream over bytes in memory.  libharu's own memory
 * stream copies every byte in and again out with a byte loop
 * (HPDF_MemCpy), some 35 KB a letter; this one is read with memcpy from
 * where the bytes are: a buffer kept for the run (a font's file, the
 * profile: borrowed, never freed here) or one of its own (owned).  It has
 * no write function, so a write to it fails instead of adding to it. */
struct rostream {
	const unsigned char	*p;
	size_t			 n, pos;
	unsigned char		*own;
};

static HPDF_STATUS
ro_read(HPDF_Stream s, HPDF_BYTE *buf, HPDF_UINT *siz)
{
	struct rostream *r = s->attr;
	size_t k = r->n - r->pos;

	if (k > *siz)
		k = *siz;
	memcpy(buf, r->p + r->pos, k);
	r->pos += k;
	if (k < *siz) {
		*siz = (HPDF_UINT)k;
		return HPDF_STREAM_EOF;
	}
	return HPDF_OK;
}

static HPDF_STATUS
ro_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
	struct rostream *r = s->attr;
	long at = pos;

	if (mode == HPDF_SEEK_CUR)
		at += (long)r->pos;
	else if (mode == HPDF_SEEK_END)
		at += (long)r->n;
	if (at < 0 || (size_t)at > r->n)
		return HPDF_SetError(s->error, HPDF_STREAM_EOF, 0);
	r->pos = (size_t)at;
	return HPDF_OK;
}

static HPDF_INT32
ro_tell(HPDF_Stream s)
{
	return (HPDF_INT32)((struct rostream *)s->attr)->pos;
}

static HPDF_UINT32
ro_size(HPDF_Stream s)
{
	return (HPDF_UINT32)((struct rostream *)s->attr)->n;
}

static void
ro_free(HPDF_Stream s)
{
	struct rostream *r = s->attr;

	if (r != NULL) {
		HPDF_FreeMem(s->mmgr, r->own);
		HPDF_FreeMem(s->mmgr, r);
		s->attr = NULL;
	}
}

/* A stream of n bytes at buf: borrowed when they outlive the document,
 * else copied.  NULL when out of memory (libharu's error set). */
static HPDF_Stream
ro_new(HPDF_MMgr mm, const void *buf, size_t n, int borrow)
{
	HPDF_Stream s = HPDF_GetMem(mm, sizeof(HPDF_Stream_Rec));
	struct rostream *r;

	if (s == NULL)
		return NULL;
	if ((r = HPDF_GetMem(mm, sizeof(*r))) == NULL) {
		HPDF_FreeMem(mm, s);
		return NULL;
	}
	memset(s, 0, sizeof(*s));
	memset(r, 0, sizeof(*r));
	s->sig_bytes = HPDF_STREAM_SIG_BYTES;
	s->type = HPDF_STREAM_UNKNOWN;
	s->mmgr = mm;
	s->error = mm->error;
	s->read_fn = ro_read;
	s->seek_fn = ro_seek;
	s->tell_fn = ro_tell;
	s->size_fn = ro_size;
	s->free_fn = ro_free;
	s->attr = r;
	r->n = n;
	if (borrow)
		r->p = buf;
	else {
		/* a document's own: from its arena when small enough */
		if ((r->own = HPDF_GetMem(mm, n ? (HPDF_UINT)n : 1)) == NULL) {
			HPDF_FreeMem(mm, r);
			HPDF_FreeMem(mm, s);
			return NULL;
		}
		memcpy(r->own, buf, n);
		r->p = r->own;
	}
	return s;
}

/* A stream object whose bytes are given; deflated: they are already
 * compressed and the dictionary says so; borrow: they stay where they are
 * until the document is saved (see ro_new). */
static HPDF_Dict
stream_obj(struct pdf *p, const void *buf, size_t n, int deflated,
    int borrow)
{
	HPDF_Dict d = HPDF_DictStream_New(p->h->mmgr, p->h->xref);
	HPDF_Stream s;

	if (d == NULL || (s = ro_new(p->h->mmgr, buf, n, borrow)) == NULL)
		return NULL;
	HPDF_Stream_Free(d->stream);
	d->stream = s;
	d->filter = HPDF_STREAM_FILTER_NONE;
	if (deflated)
		d->write_fn = write_flate;
	return d;
}

/* The XMP packet PDF/A-1 requires, each value equal to its Info entry:
 * dc:title Title, dc:creator Author (the office), dc:description Subject,
 * pdf:Keywords Keywords (the number), xmp:CreateDate CreationDate; and
 * dc:identifier, the document's verification code as its QR holds it,
 * which `naskah verify` reads back from a file that was altered. */
static int
add_xmp(struct pdf *p, const struct dev_info *in, const char *producer,
    struct nerr *e)
{
	struct sbuf b = { NULL, 0, 0 };
	char date[64];
	HPDF_Dict x;

	sbuf_add(&b, "<?xpacket begin=\"\xEF\xBB\xBF\" "
	    "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	    "<rdf:Description rdf:about=\"\" "
	    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
	    "<dc:format>application/pdf</dc:format>\n");
	if (in->title != NULL && *in->title) {
		sbuf_add(&b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		xml_put(&b, in->title);
		sbuf_add(&b, "</rdf:li></rdf:Alt></dc:title>\n");
	}
	if (in->author != NULL && *in->author) {
		sbuf_add(&b, "<dc:creator><rdf:Seq><rdf:li>");
		xml_put(&b, in->author);
		sbuf_add(&b, "</rdf:li></rdf:Seq></dc:creator>\n");
	}
	if (in->subject != NULL && *in->subject) {
		sbuf_add(&b, "<dc:description><rdf:Alt><rdf:li "
		    "xml:lang=\"x-default\">");
		xml_put(&b, in->subject);
		sbuf_add(&b, "</rdf:li></rdf:Alt></dc:description>\n");
	}
	if (p->qr != NULL) {
		sbuf_add(&b, "<dc:identifier>");
		xml_put(&b, p->qr);
		sbuf_add(&b, "</dc:identifier>\n");
	}
	snprintf(date, sizeof(date), "%04d-%02d-%02dT00:00:00Z", in->y, in->m,
	    in->d);
	sbuf_add(&b, "</rdf:Description>\n<rdf:Description rdf:about=\"\" "
	    "xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
	    "<xmp:CreatorTool>naskah " NASKAH_VERSION "</xmp:CreatorTool>\n"
	    "<xmp:CreateDate>");
	sbuf_add(&b, date);
	sbuf_add(&b, "</xmp:CreateDate>\n</rdf:Description>\n"
	    "<rdf:Description rdf:about=\"\" "
	    "xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
	if (producer != NULL) {
		sbuf_add(&b, "<pdf:Producer>");
		xml_put(&b, producer);
		sbuf_add(&b, "</pdf:Producer>\n");
	}
	if (in->keywords != NULL && *in->keywords) {
		sbuf_add(&b, "<pdf:Keywords>");
		xml_put(&b, in->keywords);
		sbuf_add(&b, "</pdf:Keywords>\n");
	}
	sbuf_add(&b, "</rdf:Description>\n<rdf:Description rdf:about=\"\" "
	    "xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
	    "<pdfaid:part>1</pdfaid:part>\n"
	    "<pdfaid:conformance>B</pdfaid:conformance>\n"
	    "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
	    "<?xpacket end=\"r\"?>");
	/* Never compressed: PDF/A-1 wants it readable by anything. */
	x = stream_obj(p, b.p, b.n, 0, 0);
	free(b.p);
	if (x == NULL)
		return hfail(p, e, "HPDF_DictStream_New", p->err);
	CK(HPDF_Dict_AddName, (x, "Type", "Metadata"));
	CK(HPDF_Dict_AddName, (x, "Subtype", "XML"));
	CK(HPDF_Dict_Add, (p->h->catalog, "Metadata", x));
	return 0;
}

/* The sRGB output intent every colour on the page refers to. */
static int
add_intent(struct pdf *p, struct nerr *e)
{
	HPDF_MMgr mm = p->h->mmgr;
	HPDF_Dict icc = stream_obj(p, p->icc, p->nicc, 1, 1), oi;
	HPDF_Array a;

	if (icc == NULL)
		return hfail(p, e, "HPDF_DictStream_New", p->err);
	CK(HPDF_Dict_AddNumber, (icc, "N", 3));
	if ((oi = HPDF_Dict_New(mm)) == NULL)
		return hfail(p, e, "HPDF_Dict_New", p->err);
	CK(HPDF_Xref_Add, (p->h->xref, oi));
	CK(HPDF_Dict_AddName, (oi, "Type", "OutputIntent"));
	CK(HPDF_Dict_AddName, (oi, "S", "GTS_PDFA1"));
	CK(HPDF_Dict_Add, (oi, "OutputConditionIdentifier",
	    HPDF_String_New(mm, PDF_ICC_NAME, NULL)));
	CK(HPDF_Dict_Add, (oi, "Info", HPDF_String_New(mm, PDF_ICC_NAME,
	    NULL)));
	CK(HPDF_Dict_Add, (oi, "DestOutputProfile", icc));
	if ((a = HPDF_Array_New(mm)) == NULL)
		return hfail(p, e, "HPDF_Array_New", p->err);
	CK(HPDF_Dict_Add, (p->h->catalog, "OutputIntents", a));
	CK(HPDF_Array_Add, (a, oi));
	return 0;
}

/* The file identifier PDF/A wants: the first 16 bytes of a SHA-256 of
 * what the document says of itself and its verification code (which
 * holds its office, kind, number or register number, date, NIK and
 * name): unique per document, and the same for the same data, where
 * libharu's own is a hash of the clock. */
static int
add_id(struct pdf *p, const struct dev_info *in, struct nerr *e)
{
	const char *v[] = { in->title, in->subject, in->keywords, in->author,
	    p->qr };
	struct sha256_ctx c;
	unsigned char d[32];
	char date[16];
	HPDF_Array a;

	sha256_init(&c);
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		sha256_update(&c, v[i] != NULL ? v[i] : "",
		    (v[i] != NULL ? strlen(v[i]) : 0) + 1);
	snprintf(date, sizeof(date), "%04d%02d%02d", in->y, in->m, in->d);
	sha256_update(&c, date, strlen(date));
	sha256_final(&c, d);
	if ((a = HPDF_Array_New(p->h->mmgr)) == NULL)
		return hfail(p, e, "HPDF_Array_New", p->err);
	CK(HPDF_Dict_Add, (p->h->trailer, "ID", a));
	CK(HPDF_Array_Add, (a, HPDF_Binary_New(p->h->mmgr, d, 16)));
	CK(HPDF_Array_Add, (a, HPDF_Binary_New(p->h->mmgr, d, 16)));
	return 0;
}

static int
end_doc(void *arg, const struct dev_info *info, struct nerr *e)
{
	struct pdf *p = arg;
	const char *producer;

	CK(HPDF_SetInfoAttr, (p->h, HPDF_INFO_CREATOR,
	    "naskah " NASKAH_VERSION));
	/* The document's own date, not the clock: the same input renders
	 * the same bytes, which makes re-runs and verification checkable.
	 * Written here, as XMP has it (libharu's adds "Z00'00'", which
	 * PDF/A checkers read as another time). */
	char date[32];
	snprintf(date, sizeof(date), "D:%04d%02d%02d000000Z", info->y,
	    info->m, info->d);
	CK(HPDF_Dict_Add, (p->h->info, "CreationDate", HPDF_String_New(
	    p->h->mmgr, date, NULL)));
	if (set_info(p, "Title", info->title, e) != 0 ||
	    set_info(p, "Subject", info->subject, e) != 0 ||
	    set_info(p, "Keywords", info->keywords, e) != 0 ||
	    set_info(p, "Author", info->author, e) != 0)
		return -1;
	producer = HPDF_GetInfoAttr(p->h, HPDF_INFO_PRODUCER);
	if (add_xmp(p, info, producer, e) != 0 || add_intent(p, e) != 0 ||
	    add_id(p, info, e) != 0)
		return -1;
	if (p->err != 0)
		return hfail(p, e, "metadata", p->err);
	return 0;
}

/* The device's entry points: the document's libharu blocks from its
 * arena while they run (HA_ON). */
static int
pdf_begin(void *arg, struct nerr *e)
{
	struct pdf *p = arg;
	int rc;

	/* What is left of the last document, if it was neither saved nor
	 * cancelled, goes before its arena is emptied. */
	HA_OFF();
	HPDF_FreeDoc(p->h);
	ha_empty(&p->ar);
	p->indoc = 1;
	HA_ON(p);
	rc = begin_doc(p, e);
	HA_OFF();
	return rc;
}

static int
pdf_page(void *arg, const struct dev_page *lp, struct nerr *e)
{
	int rc;

	HA_ON((struct pdf *)arg);
	rc = page_doc(arg, lp, e);
	HA_OFF();
	return rc;
}

static int
pdf_overlay(void *arg, size_t i, const struct dev_page *lp, struct nerr *e)
{
	int rc;

	HA_ON((struct pdf *)arg);
	rc = overlay_doc(arg, i, lp, e);
	HA_OFF();
	return rc;
}

static int
pdf_end(void *arg, const struct dev_info *info, struct nerr *e)
{
	int rc;

	HA_ON((struct pdf *)arg);
	rc = end_doc(arg, info, e);
	HA_OFF();
	return rc;
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

/* libharu hands its writer every token on its own, some 740 writes of
 * 33 bytes a letter, each hashed and copied by the caller's writer: the
 * sink gathers them into p->ob and passes on SINK_SIZE bytes at a time
 * (a letter in one call), so memory stays bounded for a long report. */
#define SINK_SIZE	65536

struct sink {
	int	(*write)(void *, const void *, size_t);
	void	*arg;
	int	 failed;
	unsigned char	*b;
	size_t	 n;
};

static int
sink_flush(struct sink *k)
{
	if (k->n > 0 && !k->failed && k->write(k->arg, k->b, k->n) != 0)
		k->failed = 1;
	k->n = 0;
	return k->failed ? -1 : 0;
}

static HPDF_STATUS
sink_write(HPDF_Stream s, const HPDF_BYTE *buf, HPDF_UINT n)
{
	struct sink *k = s->attr;

	if (k->n + n > SINK_SIZE && sink_flush(k) != 0)
		return HPDF_FILE_IO_ERROR;
	if (n >= SINK_SIZE) {
		if (k->write(k->arg, buf, n) == 0)
			return HPDF_OK;
		k->failed = 1;
		return HPDF_FILE_IO_ERROR;
	}
	memcpy(k->b + k->n, buf, n);
	k->n += n;
	return HPDF_OK;
}

/* HPDF_SaveToStream serialises into the document's own stream, which it
 * creates in memory only when there is none: given a writer instead
 * (hpdf_doc.h, libharu 2.3), the file goes out as it is serialised and
 * is never held whole. */
int
pdf_save(struct pdf *p, int (*write)(void *arg, const void *buf, size_t n),
    void *arg, struct nerr *e)
{
	struct sink k = { write, arg, 0, NULL, 0 };
	HPDF_Stream s;
	HPDF_STATUS st;
	int rc = 0;

	HA_ON(p);
	if (p->ob == NULL)
		p->ob = xmalloc(SINK_SIZE);
	k.b = p->ob;
	if ((s = HPDF_CallbackWriter_New(p->h->mmgr, sink_write, &k)) == NULL) {
		hfail(p, e, "HPDF_CallbackWriter_New", p->err);
		pdf_cancel(p);
		return -1;
	}
	if (p->h->stream != NULL)
		HPDF_Stream_Free(p->h->stream);
	p->h->stream = s;
	if (font_embed(p, 0, e) != 0 || font_embed(p, 1, e) != 0) {
		pdf_cancel(p);
		return -1;
	}
	/* A failed write is the writer's to report; libharu may not even
	 * return an error for it (its own error state is left clear). */
	if ((st = HPDF_SaveToStream(p->h)) != HPDF_OK || p->err != 0 ||
	    sink_flush(&k) != 0) {
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
	p->indoc = 0;
	ha_empty(&p->ar);
	HA_OFF();
}
