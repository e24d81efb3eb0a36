/* test_tpl_doc.c -- hostile values survive tpl + doc byte for byte and never
 * become markup; DOCTYPEs, entities, invalid documents are refused with the
 * right line.  Run from the source root (paths are relative). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

/* Only to knock at the entity loader doc.c set up. */
#include <libxml/parserInternals.h>

#include "doc.h"
#include "err.h"
#include "tpl.h"

#define FIX	"tests/unit/fixtures/"
#define SCHEMA	"templates/schema/document.rng"

static struct doc_schema *schema;

/* The n-th (0-based) element called name, depth first. */
static const struct dnode *
find(const struct dnode *n, const char *name, int *n_left)
{
	const struct dnode *r;

	for (; n != NULL; n = n->next) {
		if (n->name == NULL)
			continue;
		if (strcmp(n->name, name) == 0 && (*n_left)-- == 0)
			return n;
		if ((r = find(n->child, name, n_left)) != NULL)
			return r;
	}
	return NULL;
}

static const struct dnode *
nth(const struct doc_tree *doc, const char *name, int i)
{
	return find(doc_tree_root(doc), name, &i);
}

/* All the text under n as it stands (dnode_text would collapse blanks,
 * and the values tested here must come back byte for byte). */
static void
raw_text(const struct dnode *n, char *buf, size_t sz, size_t *len)
{
	for (; n != NULL; n = n->next) {
		if (n->name != NULL) {
			raw_text(n->child, buf, sz, len);
			continue;
		}
		size_t m = strlen(n->text);

		assert_true(*len + m < sz);
		memcpy(buf + *len, n->text, m + 1);
		*len += m;
	}
}

static void
assert_text(const struct doc_tree *doc, const char *name, int i,
    const char *want)
{
	const struct dnode *n = nth(doc, name, i);
	char got[8192] = "";
	size_t len = 0;

	assert_non_null(n);
	raw_text(n->child, got, sizeof(got), &len);
	assert_string_equal(got, want);
}

static void
assert_attr(const struct doc_tree *doc, const char *name, const char *attr,
    const char *want)
{
	const struct dnode *n = nth(doc, name, 0);
	const char *got;

	assert_non_null(n);
	got = dnode_attr(n, attr);
	assert_non_null(got);
	assert_string_equal(got, want);
}

static int
setup(void **state)
{
	struct nerr e;

	(void)state;
	doc_init();
	memset(&e, 0, sizeof(e));
	schema = doc_schema_load(SCHEMA, &e);
	if (schema == NULL)
		fprintf(stderr, "%s:%ld: %s\n", e.file, e.line, e.msg);
	return schema == NULL;
}

static int
teardown(void **state)
{
	(void)state;
	doc_schema_free(schema);
	return 0;
}

/* Expand hostile.xml with v (and w, w2 for two list items) and return the
 * parsed, validated document. */
static struct doc_tree *
fill(const char *v, const char *w, const char *w2, char **out)
{
	struct tpl_dict *d, *s;
	struct nerr e;
	struct doc_tree *doc;
	size_t len;
	char *x;

	memset(&e, 0, sizeof(e));
	d = tpl_dict_new();
	tpl_set(d, "V", v);
	tpl_set(d, "NAMA", "DIGANTI");
	s = tpl_section_add(d, "ITEM");
	tpl_set(s, "W", w);
	s = tpl_section_add(d, "ITEM");
	tpl_set(s, "W", w2);
	tpl_section_show(d, "SHOWN");
	assert_non_null(tpl_include(d, "INC", FIX "inc.xml"));
	x = tpl_expand(FIX "hostile.xml", d, &len, &e);
	tpl_dict_free(d);
	if (x == NULL)
		fail_msg("expand: %s: %s", e.file, e.msg);
	assert_int_equal(strlen(x), len);
	doc = doc_tree_mem("hostile", x, len, schema, &e);
	if (doc == NULL)
		fail_msg("parse: %ld:%ld: %s\n%s", e.line, e.col, e.msg, x);
	if (out != NULL)
		*out = x;
	else
		free(x);
	return doc;
}

static void
check_roundtrip(const char *v, const char *w, const char *w2)
{
	struct doc_tree *doc;
	char *x;

	doc = fill(v, w, w2, &x);
	assert_null(strstr(x, "DIGANTI"));	/* {{NAMA}} never expanded */
	assert_attr(doc, "meta", "value", v);
	assert_text(doc, "title", 0, v);
	assert_text(doc, "subtitle", 0, v);	/* from the include */
	assert_text(doc, "p", 0, v);
	assert_text(doc, "b", 0, v);
	assert_attr(doc, "field", "label", v);
	assert_text(doc, "field", 0, v);
	assert_text(doc, "item", 0, w);
	assert_text(doc, "item", 1, w2);
	assert_null(nth(doc, "item", 2));
	assert_non_null(nth(doc, "pagebreak", 0));
	assert_null(nth(doc, "kop", 0));
	assert_attr(doc, "signature", "place-date", v);
	assert_attr(doc, "signature", "jabatan", v);
	assert_attr(doc, "signature", "nama", v);
	/* The values are inside elements, not elements themselves. */
	assert_null(nth(doc, "u", 0));
	assert_null(nth(doc, "b", 1));
	doc_tree_free(doc);
	free(x);
}

static void
test_hostile_values(void **state)
{
	static const char *const v[] = {
		"& < > \" '",
		"{{NAMA}}",
		"]]>",
		"\xc3\xa9 \xe2\x80\x99 \xe2\x80\x9c \xe2\x80\x9d \xe2\x80\x93",
		"<b>tebal</b> <u>garis</u> &amp; &lt; &#38; &x; <![CDATA[x]]>",
		"{{#ITEM}}{{W}}{{/ITEM}} {{>INC}} {{!c}} {{%AUTOESCAPE context=\"HTML\"}}",
		"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY y \"z\">]>",
		"  dua  spasi  ",
		"",
	};
	char big[4096];
	size_t i, n = 0;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		check_roundtrip(v[i], v[(i + 1) % 9], v[(i + 2) % 9]);

	/* 1,000 characters mixing all of the above, whole UTF-8 sequences. */
	for (i = 0; i < 1000; i++) {
		static const char *const pieces[] = {
			"&", "<", ">", "\"", "'", "{", "}", "]", "a",
			"\xc3\xa9", "\xe2\x80\x99", "\xe2\x80\x9c",
			"\xe2\x80\x9d", "\xe2\x80\x93", " "
		};
		const char *p = pieces[(i * 7 + i / 15) % 15];

		memcpy(big + n, p, strlen(p));
		n += strlen(p);
	}
	big[n] = '\0';
	check_roundtrip(big, big, "{{NAMA}}]]>");
}

static void
test_template_without_autoescape(void **state)
{
	struct tpl_dict *d;
	struct nerr e;
	char *x;

	(void)state;
	memset(&e, 0, sizeof(e));
	d = tpl_dict_new();
	tpl_set(d, "V", "<x/>");
	x = tpl_expand(FIX "noescape.xml", d, NULL, &e);
	assert_null(x);
	assert_int_equal(e.status, EX_CONFIG);
	assert_string_equal(e.file, FIX "noescape.xml");
	assert_non_null(strstr(e.msg, "AUTOESCAPE"));

	/* an included file is held to the same rule */
	memset(&e, 0, sizeof(e));
	tpl_include(d, "INC", FIX "inc_noescape.xml");
	x = tpl_expand(FIX "hostile.xml", d, NULL, &e);
	assert_null(x);
	assert_int_equal(e.status, EX_CONFIG);
	assert_string_equal(e.file, FIX "inc_noescape.xml");
	tpl_dict_free(d);
}

static void
test_template_errors(void **state)
{
	struct tpl_dict *d;
	struct nerr e;

	(void)state;
	d = tpl_dict_new();
	tpl_set(d, "V", "<x/>");

	memset(&e, 0, sizeof(e));
	assert_null(tpl_expand(FIX "none.xml", d, NULL, &e));
	assert_int_equal(e.status, EX_CONFIG);
	assert_int_equal(e.line, 3);
	assert_non_null(strstr(e.msg, ":none"));

	memset(&e, 0, sizeof(e));
	assert_null(tpl_expand(FIX "no-such-file.xml", d, NULL, &e));
	assert_int_equal(e.status, EX_CONFIG);
	assert_string_equal(e.file, FIX "no-such-file.xml");

	/* twice: a failed parse is not cached as a success */
	for (int i = 0; i < 2; i++) {
		memset(&e, 0, sizeof(e));
		assert_null(tpl_expand(FIX "badsyntax.xml", d, NULL, &e));
		assert_int_equal(e.status, EX_CONFIG);
		assert_string_equal(e.file, FIX "badsyntax.xml");
		assert_non_null(strstr(e.msg, "syntax"));
	}
	tpl_dict_free(d);
	tpl_dict_free(NULL);
}

/* Parse buf, expect failure; return the error. */
static struct nerr
refuse(const char *buf)
{
	struct nerr e;

	memset(&e, 0, sizeof(e));
	assert_null(doc_tree_mem("t.xml", buf, strlen(buf), schema, &e));
	assert_int_equal(e.status, EX_DATAERR);
	assert_string_equal(e.file, "t.xml");
	return e;
}

static void
test_doctype_refused(void **state)
{
	struct nerr e;

	(void)state;
	e = refuse("<?xml version=\"1.0\"?>\n\n"
	    "<!DOCTYPE document>\n"
	    "<document kind=\"surat\"/>\n");
	assert_string_equal(e.msg, "DOCTYPE not allowed");
	assert_int_equal(e.line, 3);
	/* also without schema */
	memset(&e, 0, sizeof(e));
	assert_null(doc_tree_mem("t.xml", "<!DOCTYPE a><a/>", 16, NULL, &e));
	assert_string_equal(e.msg, "DOCTYPE not allowed");
	assert_int_equal(e.line, 1);
}

static char dir[] = "/tmp/naskah-test-XXXXXX";

/* A FIFO blocks whoever opens it for reading until a writer comes, so an
 * entity that names one proves it is never opened: the test would hang
 * (and alarm() kill it) instead of passing. */
static void
test_external_entity_never_read(void **state)
{
	char fifo[256], secret[256], buf[2048];
	struct nerr e;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	snprintf(secret, sizeof(secret), "%s/secret", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_non_null(fp = fopen(secret, "w"));
	fputs("RAHASIA-8472\n", fp);
	fclose(fp);
	alarm(10);

	snprintf(buf, sizeof(buf), "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE document [\n"
	    "<!ENTITY x SYSTEM \"file://%s\">\n"
	    "<!ENTITY y SYSTEM \"file://%s\">\n"
	    "<!ENTITY z SYSTEM \"file:///etc/passwd\">\n"
	    "]>\n"
	    "<document kind=\"surat\"><title>&x;&y;&z;</title></document>\n",
	    fifo, secret);
	e = refuse(buf);
	assert_string_equal(e.msg, "DOCTYPE not allowed");
	assert_int_equal(e.line, 2);

	snprintf(buf, sizeof(buf), "<!DOCTYPE document SYSTEM \"%s\">\n"
	    "<document kind=\"surat\"/>\n", fifo);
	e = refuse(buf);
	assert_string_equal(e.msg, "DOCTYPE not allowed");

	snprintf(buf, sizeof(buf), "<!DOCTYPE document [\n"
	    "<!ENTITY %% p SYSTEM \"%s\"> %%p;\n]>\n"
	    "<document kind=\"surat\"/>\n", fifo);
	e = refuse(buf);
	assert_string_equal(e.msg, "DOCTYPE not allowed");

	/* The loader behind it all denies too, even for a plain file. */
	assert_null(xmlLoadExternalEntity(secret, NULL, NULL));
	assert_null(xmlLoadExternalEntity(fifo, NULL, NULL));
	assert_null(xmlLoadExternalEntity("/etc/passwd", NULL, NULL));
	alarm(0);

	/* A RelaxNG schema cannot pull files in either. */
	snprintf(buf, sizeof(buf), "%s/inc.rng", dir);
	assert_non_null(fp = fopen(buf, "w"));
	fprintf(fp, "<grammar xmlns=\"http://relaxng.org/ns/structure/1.0\">"
	    "<include href=\"%s\"/><start><element name=\"a\"><empty/>"
	    "</element></start></grammar>\n", secret);
	fclose(fp);
	memset(&e, 0, sizeof(e));
	assert_null(doc_schema_load(buf, &e));
	assert_int_equal(e.status, EX_CONFIG);
	assert_null(strstr(e.msg, "RAHASIA"));
	unlink(buf);

	unlink(fifo);
	unlink(secret);
	rmdir(dir);
}

static void
test_billion_laughs(void **state)
{
	struct nerr e;

	(void)state;
	e = refuse("<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE lolz [\n"
	    " <!ENTITY lol \"lol\">\n"
	    " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
	    " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
	    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
	    " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
	    " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
	    " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
	    " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
	    " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
	    " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
	    "]>\n"
	    "<document kind=\"surat\"><title>&lol9;</title></document>\n");
	assert_string_equal(e.msg, "DOCTYPE not allowed");
	assert_int_equal(e.line, 2);
	/* and an undeclared entity is simply not well-formed */
	e = refuse("<document kind=\"surat\">\n<title>&lol9;</title></document>");
	assert_int_equal(e.line, 2);
}

static void
test_not_well_formed(void **state)
{
	struct nerr e;

	(void)state;
	e = refuse("<?xml version=\"1.0\"?>\n<document kind=\"surat\">\n"
	    "<title>a</titel>\n</document>\n");
	assert_int_equal(e.line, 3);
	assert_true(e.col > 0);
	assert_non_null(strstr(e.msg, "title"));

	memset(&e, 0, sizeof(e));
	assert_null(doc_tree_file(FIX "no-such.xml", NULL, &e));
	assert_int_equal(e.status, EX_NOINPUT);
	assert_string_equal(e.file, FIX "no-such.xml");
}

static void
test_relaxng_line(void **state)
{
	struct nerr e;
	struct doc_tree *doc;
	const char *ok = "<?xml version=\"1.0\"?>\n<document kind=\"laporan\" "
	    "orientation=\"landscape\" page-numbers=\"always\">\n"
	    "<meta name=\"title\" value=\"x\"/>\n<kop emblem=\"drawn\">"
	    "<line size=\"14\" lead=\"17\" gap=\"-2\" bold=\"yes\">K</line>"
	    "<line size=\"10\">A</line></kop><title>T</title><subtitle>S</subtitle><nomor>1</nomor>\n"
	    "<heading>H</heading><p align=\"center\" indent=\"no\">a<u>b</u>"
	    "</p>\n<fields indent=\"yes\"><field label=\"L\">V</field></fields>"
	    "\n<list style=\"alpha\"><item>i <b>b</b></item></list>\n"
	    "<table caption=\"c\" repeat-header=\"yes\"><col width=\"2.5\" "
	    "align=\"right\">A</col><col>B</col><row kind=\"total\">"
	    "<cell span=\"2\">x</cell></row></table>\n"
	    "<chart title=\"t\" unit=\"u\"><bar label=\"a\" value=\"0\"/>"
	    "<bar label=\"b\" value=\"12.5\"/></chart>\n"
	    "<space mm=\"4\"/><pagebreak/>\n<signature an=\"a.n.\" "
	    "place-date=\"p\" jabatan=\"j\" nama=\"n\" pangkat=\"\" nip=\"\" "
	    "stamp=\"yes\" stamp-top=\"A\" stamp-bottom=\"B\" "
	    "stamp-centre=\"C\" paraf=\"x\" plt=\"Plh.\"/>\n"
	    "<tembusan><item>t</item></tembusan>\n</document>\n";

	(void)state;
	memset(&e, 0, sizeof(e));
	doc = doc_tree_mem("ok.xml", ok, strlen(ok), schema, &e);
	if (doc == NULL)
		fail_msg("%ld: %s", e.line, e.msg);
	doc_tree_free(doc);

	e = refuse("<?xml version=\"1.0\"?>\n<document kind=\"surat\">\n"
	    "<title>T</title>\n<p>ok</p>\n<p align=\"middle\">x</p>\n"
	    "</document>\n");
	assert_int_equal(e.line, 5);
	assert_non_null(strstr(e.msg, "p"));

	e = refuse("<document kind=\"surat\">\n<title>T</title>\n"
	    "<fields indent=\"yes\"></fields>\n</document>\n");
	assert_int_equal(e.line, 3);
	assert_non_null(strstr(e.msg, "field"));

	e = refuse("<document kind=\"surat\">\n<title>T</title>\n"
	    "<signature place-date=\"x\" jabatan=\"y\"/>\n</document>\n");
	assert_int_equal(e.line, 3);
	assert_non_null(strstr(e.msg, "signature"));

	/* The stamp's texts are the document's: a stamped signature
	 * without them is a template's mistake (an empty one is refused by
	 * layout, test_layout_golden.c). */
	e = refuse("<document kind=\"surat\">\n<title>T</title>\n"
	    "<signature place-date=\"x\" jabatan=\"y\" nama=\"n\" "
	    "stamp-bottom=\"B\"/>\n</document>\n");
	assert_int_equal(e.line, 3);
	assert_non_null(strstr(e.msg, "signature"));
	/* A kop says which emblem it shows. */
	e = refuse("<document kind=\"surat\">\n<title>T</title>\n"
	    "<kop><line size=\"10\">x</line></kop>\n</document>\n");
	assert_int_equal(e.line, 3);
	assert_non_null(strstr(e.msg, "kop"));

	e = refuse("<document kind=\"surat\">\n\n<bogus/>\n</document>\n");
	assert_int_equal(e.line, 3);
	assert_non_null(strstr(e.msg, "bogus"));

	e = refuse("<document kind=\"surat\">\n<chart title=\"c\">\n"
	    "<bar label=\"a\" value=\"-1\"/>\n</chart>\n</document>\n");
	assert_int_equal(e.line, 3);

	e = refuse("<document kind=\"memo\"/>\n");
	assert_int_equal(e.line, 1);
	assert_non_null(strstr(e.msg, "document"));
}

static void
test_schemas_load(void **state)
{
	static const char *const rng[] = {
		"templates/schema/document.rng",
		"templates/schema/kantor.rng",
		"templates/schema/sop.rng",
	};
	struct doc_schema *s;
	struct nerr e;
	char path[256];
	FILE *fp;

	(void)state;
	for (size_t i = 0; i < sizeof(rng) / sizeof(rng[0]); i++) {
		memset(&e, 0, sizeof(e));
		if ((s = doc_schema_load(rng[i], &e)) == NULL)
			fail_msg("%s:%ld: %s", e.file, e.line, e.msg);
		doc_schema_free(s);
	}
	memset(&e, 0, sizeof(e));
	assert_null(doc_schema_load("templates/schema/none.rng", &e));
	assert_int_equal(e.status, EX_CONFIG);

	/* an invalid schema names its line */
	snprintf(path, sizeof(path), "/tmp/naskah-bad-%ld.rng", (long)getpid());
	assert_non_null(fp = fopen(path, "w"));
	fputs("<grammar xmlns=\"http://relaxng.org/ns/structure/1.0\">\n"
	    "<start>\n<element name=\"a\"><bogus/></element>\n</start>\n"
	    "</grammar>\n", fp);
	fclose(fp);
	memset(&e, 0, sizeof(e));
	assert_null(doc_schema_load(path, &e));
	assert_int_equal(e.status, EX_CONFIG);
	assert_string_equal(e.file, path);
	assert_int_equal(e.line, 3);
	unlink(path);
}

/* The real letter templates, filled with plain values, must give valid
 * documents: the schema and the templates describe the same vocabulary. */
static void
test_real_templates(void **state)
{
	static const char *const surat[] = {
		"kembali", "legalisasi", "rekomendasi_kk", "rekomendasi_ktp",
		"rekomendasi_skck", "sktm",
	};
	static const char *const keys[] = {
		"JUDUL", "NOMOR", "KECAMATAN", "KAB_SEBUTAN", "KABUPATEN",
		"NAMA", "NIK", "NO_KK", "TTL", "JK", "AGAMA", "STATUS",
		"PEKERJAAN", "ALAMAT", "DESA", "DESA_SEBUTAN", "KEPERLUAN",
		"PENGANTAR_NOMOR", "TEMPAT_TANGGAL", "TTD_AN", "TTD_JABATAN",
		"TTD_NAMA", "TTD_PANGKAT", "TTD_NIP", "NO_REGISTER",
		"TANGGAL_REGISTER", "LAYANAN_NAMA", "SOP_NOMOR", "PETUGAS",
		"JENIS_LEGALISASI", "PERIHAL",
		/* What office_render adds from kantor.xml. */
		"KOP_PEMERINTAH", "KOP_KECAMATAN", "KOP_ALAMAT", "KOP_TELEPON",
		"KOP_KODE_POS", "KOP_EMAIL", "KOP_LAMAN", "STAMP_ATAS",
		"STAMP_BAWAH", "STAMP_TENGAH",
	};
	char path[256];

	(void)state;
	for (size_t i = 0; i < sizeof(surat) / sizeof(surat[0]); i++) {
		struct tpl_dict *d = tpl_dict_new(), *s;
		struct nerr e;
		struct doc_tree *doc;
		size_t len;
		char *x;

		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			tpl_set(d, keys[k], "Isi & <nilai> \"uji\"");
		tpl_set(d, "KERTAS", "F4");
		tpl_set(d, "TTD_STAMP", "yes");
		tpl_set(d, "TTD_PLT", "Plt.");
		tpl_section_show(d, "TTD_AN");
		tpl_section_show(d, "TTD_PLT");
		tpl_section_show(d, "PENGANTAR");
		tpl_section_show(d, "NO_KK");
		tpl_section_show(d, "KOP_TELEPON");
		tpl_section_show(d, "KOP_EMAIL");
		tpl_section_show(d, "KOP_LAMAN");
		tpl_section_show(d, "KOP_LAMBANG");
		tpl_include(d, "KOP", "templates/inc/kop.xml");
		s = tpl_section_add(d, "KURANG");
		tpl_set(s, "LABEL", "KTP asli");
		tpl_include(d, "PEMOHON", "templates/inc/pemohon.xml");
		tpl_include(d, "TTD", "templates/inc/ttd.xml");
		snprintf(path, sizeof(path), "templates/surat/%s.xml", surat[i]);
		memset(&e, 0, sizeof(e));
		if ((x = tpl_expand(path, d, &len, &e)) == NULL)
			fail_msg("%s: %s", e.file, e.msg);
		tpl_dict_free(d);
		if ((doc = doc_tree_mem(path, x, len, schema, &e)) == NULL)
			fail_msg("%s:%ld: %s\n%s", path, e.line, e.msg, x);
		assert_non_null(nth(doc, "signature", 0));
		assert_text(doc, "line", 0, "Isi & <nilai> \"uji\"");
		assert_attr(doc, "kop", "emblem", "drawn");
		if (strcmp(surat[i], "kembali") != 0)
			assert_attr(doc, "signature", "stamp-top",
			    "Isi & <nilai> \"uji\"");
		doc_tree_free(doc);
		free(x);
	}
}

/* doc.c's own tree: names, attributes, text (one node across a
 * comment), lines, and what an element's text field holds. */
static void
test_tree(void **state)
{
	const char *x = "<?xml version=\"1.0\"?>\n<!-- c -->\n"
	    "<document kind=\"surat\" paper=\"A4\">\n"
	    "<title>Judul <!-- x -->&amp; lain</title>\n"
	    "<p>satu <b>dua</b>\n tiga</p>\n"
	    "<signature place-date=\"a &amp; b\" jabatan=\"j\" nama=\"n\" "
	    "stamp=\"no\"/>\n</document>\n";
	const struct dnode *r, *n, *c;
	struct doc_tree *t;
	struct nerr e;
	char *txt;

	(void)state;
	memset(&e, 0, sizeof(e));
	if ((t = doc_tree_mem("t.xml", x, strlen(x), schema, &e)) == NULL)
		fail_msg("%ld: %s", e.line, e.msg);
	r = doc_tree_root(t);
	assert_string_equal(r->name, "document");
	assert_int_equal(r->line, 3);
	assert_null(r->text);
	assert_string_equal(dnode_attr(r, "paper"), "A4");
	assert_string_equal(dnode_attr(r, "kind"), "surat");
	assert_null(dnode_attr(r, "orientation"));
	assert_true(dnode_attr_is(r, "paper", "A4"));
	assert_false(dnode_attr_is(r, "paper", "F4"));
	/* Blank text between elements is kept: it is content too. */
	n = r->child;
	assert_null(n->name);
	assert_string_equal(n->text, "\n");
	n = n->next;
	assert_string_equal(n->name, "title");
	assert_int_equal(n->line, 4);
	assert_string_equal(n->text, "Judul & lain");
	assert_non_null(n->child);
	assert_null(n->child->next);
	n = n->next->next;
	assert_string_equal(n->name, "p");
	assert_null(n->text);
	c = n->child;
	assert_string_equal(c->text, "satu ");
	c = c->next;
	assert_string_equal(c->name, "b");
	assert_string_equal(c->text, "dua");
	c = c->next;
	assert_string_equal(c->text, "\n tiga");
	assert_null(c->next);
	txt = dnode_text(n);
	assert_string_equal(txt, "satu dua tiga");
	free(txt);
	n = n->next->next;
	assert_string_equal(n->name, "signature");
	assert_int_equal(n->line, 7);
	assert_string_equal(n->text, "");
	assert_null(n->child);
	assert_string_equal(dnode_attr(n, "place-date"), "a & b");
	assert_null(n->next->next);
	doc_tree_free(t);

	/* Invalid documents give no tree, with the same report. */
	assert_null(doc_tree_mem("t.xml", "<document/>", 11, schema, &e));
	assert_int_equal(e.status, EX_DATAERR);
	assert_string_equal(e.file, "t.xml");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile_values),
		cmocka_unit_test(test_template_without_autoescape),
		cmocka_unit_test(test_template_errors),
		cmocka_unit_test(test_doctype_refused),
		cmocka_unit_test(test_external_entity_never_read),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_not_well_formed),
		cmocka_unit_test(test_relaxng_line),
		cmocka_unit_test(test_schemas_load),
		cmocka_unit_test(test_real_templates),
		cmocka_unit_test(test_tree),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
