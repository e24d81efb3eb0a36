/* test_pdfmem.c -- the PDF device's memory (issue 15): libharu's blocks
 * for a document come from the arena of the device drawing it, and go
 * with that document only: two devices drawing documents at the same
 * time, op by op, each save theirs after the other has emptied its
 * arena, and both come out byte for byte as one drawn alone; the arena
 * is used and keeps to a few chunks letter after letter. */
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
" KABUPATEN TRENGGALEK</line></kop><title>SURAT ÀÇÕ</title><p>Isi ñ þ ¿ "
"<b>ÿ§ qxz Œ</b>.</p><p>Kalimat yang cukup panjang untuk dibagi menjadi "
"beberapa baris dengan spasi kata yang diratakan pada kedua sisi.</p>"
"<signature place-date=\"Durenan, 20 Januari 2025\" jabatan=\"CAMAT\" "
"nama=\"N\" stamp-top=\"PEMERINTAH KABUPATEN TRENGGALEK\" "
"stamp-bottom=\"KECAMATAN DURENAN\" stamp-centre=\"CAMAT\">"
"<qr data=\"NSK1*35.03.13*kk*1/2025***2025-01-20*1*A*sig\" size=\"22\">"
"<line>Kode verifikasi: <b>23456-789AB</b></line></qr></signature>"
"</document>";

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
	return 0;
}

static struct doc_schema *schema;
static struct dev_info info = { "SURAT 1/2025", "Layanan", "1/2025", 2025, 1,
    20, "Kecamatan Durenan, Kabupaten Trenggalek" };

/* A device that hands every call to two PDF devices, a then b. */
struct tee {
	struct dev	a, b;
};

static int
tee_begin(void *arg, struct nerr *e)
{
	struct tee *t = arg;

	return t->a.begin(t->a.arg, e) || t->b.begin(t->b.arg, e) ? -1 : 0;
}

static int
tee_page(void *arg, const struct dev_page *pg, struct nerr *e)
{
	struct tee *t = arg;

	return t->a.page(t->a.arg, pg, e) || t->b.page(t->b.arg, pg, e) ?
	    -1 : 0;
}

static int
tee_overlay(void *arg, size_t i, const struct dev_page *pg, struct nerr *e)
{
	struct tee *t = arg;

	return t->a.overlay(t->a.arg, i, pg, e) ||
	    t->b.overlay(t->b.arg, i, pg, e) ? -1 : 0;
}

static int
tee_end(void *arg, const struct dev_info *in, struct nerr *e)
{
	struct tee *t = arg;

	return t->a.end(t->a.arg, in, e) || t->b.end(t->b.arg, in, e) ? -1 : 0;
}

static void
tee_cancel(void *arg)
{
	struct tee *t = arg;

	t->a.cancel(t->a.arg);
	t->b.cancel(t->b.arg);
}

static struct doc_tree *
tree(void)
{
	struct nerr e = { 0 };
	struct doc_tree *t = doc_tree_mem("t.xml", tmpl, strlen(tmpl), schema,
	    &e);

	if (t == NULL)
		fail_msg("%s", e.msg);
	return t;
}

static struct buf
render(struct pdf *pdf)
{
	struct buf out = { NULL, 0 };
	struct nerr e = { 0 };
	struct doc_tree *t = tree();
	struct dev dev;

	pdf_dev(pdf, &dev);
	if (layout_run(doc_tree_root(t), &dev, NULL, &info, &e) != 1)
		fail_msg("layout: %s", e.msg);
	if (pdf_save(pdf, put, &out, &e) != 0)
		fail_msg("save: %s", e.msg);
	doc_tree_free(t);
	return out;
}

static void
test_interleaved(void **state)
{
	struct nerr e = { 0 };
	struct pdf *p1 = pdf_new("fonts", &e), *p2 = pdf_new("fonts", &e),
	    *p3 = pdf_new("fonts", &e);
	struct buf a = { NULL, 0 }, b = { NULL, 0 }, c, d;
	struct doc_tree *t;
	struct tee tee;
	struct dev dev;

	(void)state;
	assert_non_null(p1);
	assert_non_null(p2);
	assert_non_null(p3);
	c = render(p3);
	/* Each device's first document, then one drawn by both at once:
	 * p2 saves (and empties its arena) while p1's document is open,
	 * then p1 saves. */
	for (int round = 0; round < 2; round++) {
		free(a.p);
		free(b.p);
		a.p = b.p = NULL;
		a.n = b.n = 0;
		t = tree();
		pdf_dev(p1, &tee.a);
		pdf_dev(p2, &tee.b);
		dev = tee.a;
		dev.begin = tee_begin;
		dev.page = tee_page;
		dev.overlay = tee_overlay;
		dev.end = tee_end;
		dev.cancel = tee_cancel;
		dev.arg = &tee;
		if (layout_run(doc_tree_root(t), &dev, NULL, &info, &e) != 1)
			fail_msg("layout: %s", e.msg);
		doc_tree_free(t);
		if (pdf_save(p2, put, &b, &e) != 0)
			fail_msg("save: %s", e.msg);
		d = render(p2);		/* p2's arena reused */
		if (pdf_save(p1, put, &a, &e) != 0)
			fail_msg("save: %s", e.msg);
		assert_int_equal(a.n, c.n);
		assert_memory_equal(a.p, c.p, c.n);
		assert_int_equal(b.n, c.n);
		assert_memory_equal(b.p, c.p, c.n);
		assert_int_equal(d.n, c.n);
		assert_memory_equal(d.p, c.p, c.n);
		free(d.p);
	}
	free(a.p);
	free(b.p);
	free(c.p);
	pdf_free(p1);
	pdf_free(p2);
	pdf_free(p3);
}

/* The arena takes libharu's blocks (a letter's several hundred) and is
 * reused: 50 letters later it still has its few chunks. */
static void
test_arena_used(void **state)
{
	struct nerr e = { 0 };
	struct pdf *p = pdf_new("fonts", &e);
	struct buf a;
	size_t n0, n1, n50, ch1, ch50;

	(void)state;
	assert_non_null(p);
	n0 = pdf_arena_stat(p, &ch1);
	a = render(p);
	free(a.p);
	n1 = pdf_arena_stat(p, &ch1);
	assert_true(n1 - n0 > 200);
	assert_true(ch1 >= 1);
	for (int i = 0; i < 49; i++) {
		a = render(p);
		free(a.p);
	}
	n50 = pdf_arena_stat(p, &ch50);
	assert_true(n50 - n1 >= 49 * 200);
	assert_int_equal(ch50, ch1);
	pdf_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_interleaved),
		cmocka_unit_test(test_arena_used),
	};
	struct nerr e = { 0 };
	int rc;

	doc_init();
	if ((schema = doc_schema_load("templates/schema/document.rng",
	    &e)) == NULL) {
		fprintf(stderr, "test_pdfmem: %s\n", e.msg);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	doc_schema_free(schema);
	doc_cleanup();
	return rc;
}
