/* test_pdfa.c -- the PDF device's issue 12 parts, below the commands: a
 * document with a <qr> comes out with its code as XMP dc:identifier, an
 * sRGB output intent and an /ID of its own; the same document drawn again
 * by the same device (the kop's emblem and the stamp then its forms made
 * at the first drawing, the fonts' files the ones kept) is byte for byte
 * the same, also after documents with other glyphs and another stamp, and
 * one with another code gets another /ID. */
#define _GNU_SOURCE		/* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "doc.h"
#include "layout.h"
#include "pdf.h"

static const char tmpl[] =
"<document kind=\"surat\"><kop emblem=\"drawn\"><line size=\"14\">PEMERINTAH"
" KABUPATEN TRENGGALEK</line></kop><title>SURAT</title><p>Isi.</p>"
"<signature place-date=\"Durenan, 20 Januari 2025\" jabatan=\"CAMAT\" "
"nama=\"N\" stamp-top=\"PEMERINTAH KABUPATEN TRENGGALEK\" "
"stamp-bottom=\"KECAMATAN DURENAN\" stamp-centre=\"CAMAT\">"
"<qr data=\"%s\" size=\"22\"><line>Kode verifikasi: <b>23456-789AB</b>"
"</line></qr></signature></document>";

/* Other glyphs in both fonts, outside the base sets, and another
 * stamp. */
static const char other[] =
"<document kind=\"surat\"><kop emblem=\"drawn\"><line size=\"14\">PEMERINTAH"
" KOTA ÉLAN</line></kop><title>SURAT ÀÇÕ</title><p>Isi ñ þ ¿ «» "
"<b>ÿ§ qxz Œ</b>.</p>"
"<signature place-date=\"Durenan, 20 Januari 2025\" jabatan=\"CAMAT\" "
"nama=\"N\" stamp-top=\"PEMERINTAH KOTA ÉLAN\" "
"stamp-bottom=\"KECAMATAN ÀÇÕ\" stamp-centre=\"LURAH\">"
"<qr data=\"%s\" size=\"22\"><line>Kode verifikasi: <b>QQQQQ-ZZZZZ</b>"
"</line></qr></signature></document>";

struct buf {
	char	*p;
	size_t	 n;
};

static int
put(void *arg, const void *b, size_t n)
{
	struct buf *o = arg;

	o->p = realloc(o->p, o->n + n + 1);
	memcpy(o->p + o->n, b, n);
	o->n += n;
	o->p[o->n] = '\0';
	return 0;
}

static struct doc_schema *schema;

/* The document of template tp with code as its QR's data, as PDF
 * bytes. */
static struct buf
render_t(struct pdf *pdf, const char *tp, const char *code)
{
	struct dev_info in = { "SURAT 1/2025", "Layanan", "1/2025", 2025, 1,
	    20, "Kecamatan Durenan, Kabupaten Trenggalek" };
	struct buf out = { NULL, 0 };
	struct nerr e = { 0 };
	struct doc_tree *t;
	struct dev dev;
	char xml[2048];

	snprintf(xml, sizeof(xml), tp, code);
	t = doc_tree_mem("t.xml", xml, strlen(xml), schema, &e);
	if (t == NULL)
		fail_msg("%s", e.msg);
	pdf_dev(pdf, &dev);
	if (layout_run(doc_tree_root(t), &dev, NULL, &in, &e) != 1)
		fail_msg("layout: %s", e.msg);
	if (pdf_save(pdf, put, &out, &e) != 0)
		fail_msg("save: %s", e.msg);
	doc_tree_free(t);
	return out;
}

static struct buf
render(struct pdf *pdf, const char *code)
{
	return render_t(pdf, tmpl, code);
}

static const char *
find(const struct buf *b, const char *s)
{
	return memmem(b->p, b->n, s, strlen(s));
}

static void
test_pdfa_parts(void **state)
{
	struct nerr e = { 0 };
	struct pdf *pdf = pdf_new("fonts", &e);
	struct buf a;

	(void)state;
	assert_non_null(pdf);
	a = render(pdf, "NSK1*35.03.13*kk*1/2025***2025-01-20*1*A*sig");
	assert_non_null(find(&a, "<dc:identifier>NSK1*35.03.13*kk*1/2025***"
	    "2025-01-20*1*A*sig</dc:identifier>"));
	assert_non_null(find(&a, "<pdfaid:part>1</pdfaid:part>"));
	assert_non_null(find(&a, "<rdf:li>Kecamatan Durenan, Kabupaten "
	    "Trenggalek</rdf:li>"));
	assert_non_null(find(&a, "/Author (Kecamatan Durenan, Kabupaten "
	    "Trenggalek)"));
	assert_non_null(find(&a, "/CreationDate (D:20250120000000Z)"));
	assert_non_null(find(&a, "/S /GTS_PDFA1"));
	assert_non_null(find(&a, "/OutputIntents"));
	assert_non_null(find(&a, "/ID ["));
	free(a.p);
	pdf_free(pdf);
}

static void
test_same_bytes(void **state)
{
	const char *code = "NSK1*35.03.13*kk*1/2025***2025-01-20*1*A*sig";
	struct nerr e = { 0 };
	struct pdf *pdf = pdf_new("fonts", &e);
	struct buf a, b, c;
	const char *ia, *ic;

	(void)state;
	assert_non_null(pdf);
	a = render(pdf, code);		/* a new device: the emblem drawn */
	b = render(pdf, code);		/* its bytes written again */
	c = render(pdf, "NSK1*35.03.13*kk*2/2025***2025-01-20*1*A*sig");
	assert_int_equal(a.n, b.n);
	assert_memory_equal(a.p, b.p, a.n);
	ia = find(&a, "/ID [");
	ic = find(&c, "/ID [");
	assert_non_null(ia);
	assert_non_null(ic);
	assert_memory_not_equal(ia, ic, 40);
	free(a.p);
	free(b.p);
	free(c.p);
	pdf_free(pdf);
}

/* What a device keeps from one document for the next (the forms, the
 * fonts' files by glyph set) never shows in a document's bytes: the same
 * document comes out the same from a new device and from one that drew
 * others first, with other glyphs and another stamp. */
static void
test_order_free(void **state)
{
	const char *code = "NSK1*35.03.13*kk*1/2025***2025-01-20*1*A*sig";
	struct nerr e = { 0 };
	struct pdf *p1 = pdf_new("fonts", &e), *p2 = pdf_new("fonts", &e);
	struct buf a, x, y, b;

	(void)state;
	assert_non_null(p1);
	assert_non_null(p2);
	a = render(p1, code);
	x = render_t(p2, other, code);
	y = render_t(p2, other, "NSK1*35.03.13*kk*7/2025***2025-01-20*1*A*s");
	b = render(p2, code);
	assert_int_equal(a.n, b.n);
	assert_memory_equal(a.p, b.p, a.n);
	assert_true(x.n != a.n || memcmp(x.p, a.p, a.n) != 0);
	free(a.p);
	free(x.p);
	free(y.p);
	free(b.p);
	pdf_free(p1);
	pdf_free(p2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pdfa_parts),
		cmocka_unit_test(test_same_bytes),
		cmocka_unit_test(test_order_free),
	};
	struct nerr e = { 0 };
	int rc;

	doc_init();
	if ((schema = doc_schema_load("templates/schema/document.rng",
	    &e)) == NULL) {
		fprintf(stderr, "test_pdfa: %s\n", e.msg);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	doc_schema_free(schema);
	doc_cleanup();
	return rc;
}
