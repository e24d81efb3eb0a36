/* test_docshape.c -- validation by shape (doc.c) lets through only what
 * the full RelaxNG validation lets through: a document whose shape
 * validated before is taken without validating, and every other one
 * fails as it fails without shapes, with the same message and line.
 * Run from the source root (paths are relative). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "doc.h"
#include "err.h"

#define SCHEMA	"templates/schema/document.rng"

/* The same schema with and without shapes. */
static struct doc_schema *shaped, *plain;

static struct doc_schema *
load(const char *path, int shapes)
{
	struct doc_schema *s;
	struct nerr e;

	memset(&e, 0, sizeof(e));
	if (!shapes)
		setenv("NASKAH_NO_SHAPES", "1", 1);
	s = doc_schema_load(path, &e);
	unsetenv("NASKAH_NO_SHAPES");
	if (s == NULL)
		fail_msg("%s: %s", path, e.msg);
	return s;
}

static int
setup(void **state)
{
	(void)state;
	doc_init();
	shaped = load(SCHEMA, 1);
	plain = load(SCHEMA, 0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	doc_schema_free(shaped);
	doc_schema_free(plain);
	doc_cleanup();
	return 0;
}

static unsigned long
hits(const struct doc_schema *s)
{
	unsigned long h;

	doc_schema_shapes(s, &h);
	return h;
}

/* xml must be valid under s. */
static void
valid(const struct doc_schema *s, const char *xml)
{
	struct doc_tree *t;
	struct nerr e;

	memset(&e, 0, sizeof(e));
	if ((t = doc_tree_mem("t.xml", xml, strlen(xml), s, &e)) == NULL)
		fail_msg("valid document refused: %ld: %s\n%s", e.line, e.msg,
		    xml);
	doc_tree_free(t);
}

/* xml must fail under s exactly as under the same schema without
 * shapes (ref). */
static void
invalid(const struct doc_schema *s, const struct doc_schema *ref,
    const char *xml)
{
	struct nerr e, f;

	memset(&e, 0, sizeof(e));
	memset(&f, 0, sizeof(f));
	if (doc_tree_mem("t.xml", xml, strlen(xml), s, &e) != NULL)
		fail_msg("invalid document taken:\n%s", xml);
	assert_null(doc_tree_mem("t.xml", xml, strlen(xml), ref, &f));
	assert_int_equal(e.status, EX_DATAERR);
	assert_int_equal(e.status, f.status);
	assert_int_equal(e.line, f.line);
	assert_string_equal(e.msg, f.msg);
}

#define LETTER(ALIGN, TEXT, NAMA, LABEL) \
	"<?xml version=\"1.0\"?>\n<document kind=\"surat\">\n" \
	"<meta name=\"title\" value=\"Surat\"/>\n" \
	"<title>SURAT " NAMA "</title>\n" TEXT "\n" \
	"<p align=\"" ALIGN "\">Yang bertanda tangan " NAMA ".</p>\n" \
	"<fields><field label=\"" LABEL "\">" NAMA "</field></fields>\n" \
	"<signature place-date=\"Durenan, 1 Mei 2025\" jabatan=\"Camat\" " \
	"nama=\"" NAMA "\" stamp-top=\"A\" stamp-bottom=\"B\">" \
	"<qr data=\"" NAMA "\"/></signature>\n</document>\n"

static void
test_document_rng_by_shape(void **state)
{
	unsigned long h;

	(void)state;
	assert_int_equal(doc_schema_shapes(shaped, NULL), 1);
	assert_int_equal(doc_schema_shapes(plain, NULL), 0);
	h = hits(shaped);
	valid(shaped, LETTER("left", "", "Budi", "Nama"));
	assert_int_equal(hits(shaped), h);
	/* Other values in text and in free-text attributes: the same
	 * shape, taken without validating. */
	valid(shaped, LETTER("left", "", "Siti &amp; Ani", "Nama lengkap"));
	assert_int_equal(hits(shaped), h + 1);
	/* An element left empty has no text node: another shape. */
	valid(shaped, LETTER("left", "", "", ""));
	assert_int_equal(hits(shaped), h + 1);
	valid(shaped, LETTER("left", "", "", "Nama"));
	assert_int_equal(hits(shaped), h + 2);
	/* Blank text where no text may be is still blank. */
	valid(shaped, LETTER("left", " \t", "Budi", "Nama"));
}

static void
test_values_still_checked(void **state)
{
	(void)state;
	valid(shaped, LETTER("left", "", "Budi", "Nama"));
	valid(shaped, LETTER("right", "", "Budi", "Nama"));
	/* An attribute with a choice of values: its value is the shape's. */
	invalid(shaped, plain, LETTER("middle", "", "Budi", "Nama"));
	/* Text where only elements may be: blank passed, text does not. */
	invalid(shaped, plain, LETTER("left", "x", "Budi", "Nama"));
	invalid(shaped, plain, LETTER("left", "<!-- c -->x", "Budi", "Nama"));
	/* An element where none may be. */
	invalid(shaped, plain, LETTER("left", "<bogus/>", "Budi", "Nama"));

	/* "value" is free text on <meta> but a number on <bar>: bound
	 * everywhere. */
	valid(shaped, "<part><bar label=\"a\" value=\"1\"/></part>");
	valid(shaped, "<part><bar label=\"b\" value=\"1\"/></part>");
	invalid(shaped, plain, "<part><bar label=\"a\" value=\"x\"/></part>");
	invalid(shaped, plain, "<part><bar label=\"a\" value=\"-1\"/></part>");
	/* A cell's span is a positive integer. */
	valid(shaped, "<part><row><cell span=\"2\">a</cell></row></part>");
	invalid(shaped, plain,
	    "<part><row><cell span=\"0\">a</cell></row></part>");
}

/* A schema of its own in a temporary file. */
static struct doc_schema *
schema_of(const char *rng, int shapes)
{
	char path[] = "/tmp/naskah-docshape-XXXXXX";
	struct doc_schema *s;
	int fd;

	if ((fd = mkstemp(path)) < 0)
		fail_msg("mkstemp");
	assert_int_equal(write(fd, rng, strlen(rng)), (ssize_t)strlen(rng));
	close(fd);
	s = load(path, shapes);
	unlink(path);
	return s;
}

#define RNG_HEAD "<grammar xmlns=\"http://relaxng.org/ns/structure/1.0\" " \
	"datatypeLibrary=\"http://www.w3.org/2001/XMLSchema-datatypes\">"

static void
test_text_read_by_schema(void **state)
{
	/* Data in element content: text decides, so no shapes. */
	const char *rng = RNG_HEAD "<start><element name=\"n\">"
	    "<data type=\"integer\"/></element></start></grammar>";
	/* The same through a define: still element content. */
	const char *rng2 = RNG_HEAD "<start><element name=\"n\">"
	    "<ref name=\"num\"/></element></start><define name=\"num\">"
	    "<choice><value>1</value><value>2</value></choice></define>"
	    "</grammar>";
	/* A string with a pattern is not free. */
	const char *rng3 = RNG_HEAD "<start><element name=\"n\">"
	    "<attribute name=\"a\"><ref name=\"s\"/></attribute>"
	    "<attribute name=\"b\"><ref name=\"s\"/></attribute><empty/>"
	    "</element></start><define name=\"s\"><data type=\"string\">"
	    "<param name=\"pattern\">[a-z]+</param></data></define>"
	    "</grammar>";
	struct doc_schema *s, *p;

	(void)state;
	s = schema_of(rng, 1);
	assert_int_equal(doc_schema_shapes(s, NULL), 0);
	valid(s, "<n>5</n>");
	valid(s, "<n>6</n>");
	p = schema_of(rng, 0);
	invalid(s, p, "<n>x</n>");
	doc_schema_free(s);
	doc_schema_free(p);

	s = schema_of(rng2, 1);
	assert_int_equal(doc_schema_shapes(s, NULL), 0);
	valid(s, "<n>1</n>");
	p = schema_of(rng2, 0);
	invalid(s, p, "<n>3</n>");
	doc_schema_free(s);
	doc_schema_free(p);

	s = schema_of(rng3, 1);
	assert_int_equal(doc_schema_shapes(s, NULL), 1);
	valid(s, "<n a=\"x\" b=\"y\"/>");
	valid(s, "<n a=\"x\" b=\"y\"/>");
	assert_int_equal(hits(s), 1);
	p = schema_of(rng3, 0);
	invalid(s, p, "<n a=\"x\" b=\"Y\"/>");
	invalid(s, p, "<n a=\"1\" b=\"y\"/>");
	doc_schema_free(s);
	doc_schema_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_document_rng_by_shape),
		cmocka_unit_test(test_values_still_checked),
		cmocka_unit_test(test_text_read_by_schema),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
