/* test_layout_golden.c -- layout's golden tests: each tests/layout/NAME.xml
 * (a filled document; the parts it streams in NAME.FROM.1.xml,
 * NAME.FROM.2.xml, ...) laid out on the text device with the real fonts'
 * widths must give tests/layout/NAME.txt byte for byte.  With -w (`make
 * golden`) it writes the .txt files instead: a layout change is then
 * reviewed as their diff.  Run from the source root. */
#define _POSIX_C_SOURCE 200809L
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "dev_text.h"
#include "doc.h"
#include "layout.h"
#include "pdf.h"
#include "xmem.h"

#define DIR	"tests/layout/"

static struct doc_schema *schema;
static struct pdf *pdf;
static int write_mode;

/* Parts from files: NAME.FROM.N.xml for N = 1, 2, ... until one is
 * missing; each validated as office.c validates a filled part. */
struct parts {
	const char	*base;		/* tests/layout/NAME */
	int		 n;
	struct doc_tree	*cur;
};

static const struct dnode *
part_next(void *arg, const char *name, int first, struct nerr *e)
{
	struct parts *p = arg;
	char path[1024];

	doc_tree_free(p->cur);
	p->cur = NULL;
	p->n = first ? 1 : p->n + 1;
	snprintf(path, sizeof(path), "%s.%s.%d.xml", p->base, name, p->n);
	if (access(path, R_OK) != 0)
		return NULL;
	if ((p->cur = doc_tree_file(path, schema, e)) == NULL)
		return NULL;
	return doc_tree_root(p->cur);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (fp == NULL)
		return NULL;
	do {
		if (cap - n < 4096)
			buf = xrealloc(buf, cap = cap * 2 + 65536);
		r = fread(buf + n, 1, cap - n, fp);
		n += r;
	} while (r > 0);
	fclose(fp);
	*len = n;
	return buf;
}

/* Lays out DIR/NAME.xml into a malloc'd text; NULL with e on error. */
static char *
render(const char *xml, size_t *len, struct nerr *e)
{
	char base[1024], *out = NULL, *title;
	struct parts p = { base, 0, NULL };
	struct layout_src src = { part_next, &p };
	struct dev_text *t;
	struct doc_tree *tree;
	struct dev d;
	FILE *fp;
	long rc;

	snprintf(base, sizeof(base), "%.*s", (int)(strlen(xml) - 4), xml);
	if ((tree = doc_tree_file(xml, schema, e)) == NULL)
		return NULL;
	title = NULL;
	for (const struct dnode *n = doc_tree_root(tree)->child; n;
	    n = n->next)
		if (n->name != NULL && !strcmp(n->name, "title"))
			title = dnode_text(n);
	struct dev_info info = { title, NULL, NULL, 2025, 1, 20, NULL };
	if ((fp = open_memstream(&out, len)) == NULL)
		fail_msg("open_memstream");
	t = dev_text_new(fp, pdf_metrics(pdf), &d);
	rc = layout_run(doc_tree_root(tree), &d, &src, &info, e);
	fclose(fp);
	dev_text_free(t);
	doc_tree_free(p.cur);
	doc_tree_free(tree);
	free(title);
	if (rc < 0) {
		free(out);
		return NULL;
	}
	return out;
}

static void
test_golden(void **state)
{
	glob_t g;
	int bad = 0, seen = 0;

	(void)state;
	if (glob(DIR "*.xml", 0, NULL, &g) != 0)
		fail_msg("no %s*.xml", DIR);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		const char *xml = g.gl_pathv[i];
		char want_path[1024], *got, *want;
		size_t glen, wlen;
		struct nerr e = { 0 };

		/* NAME.FROM.N.xml: a part, read by its document. */
		if (strchr(xml + strlen(DIR), '.') !=
		    strrchr(xml + strlen(DIR), '.'))
			continue;
		seen++;
		snprintf(want_path, sizeof(want_path), "%.*s.txt",
		    (int)(strlen(xml) - 4), xml);
		if ((got = render(xml, &glen, &e)) == NULL) {
			print_error("%s: %s:%ld: %s\n", xml, e.file, e.line,
			    e.msg);
			bad++;
			continue;
		}
		if (write_mode) {
			FILE *fp = fopen(want_path, "w");

			if (fp == NULL || fwrite(got, 1, glen, fp) != glen ||
			    fclose(fp) != 0)
				fail_msg("cannot write %s", want_path);
			printf("wrote %s\n", want_path);
			free(got);
			continue;
		}
		want = slurp(want_path, &wlen);
		if (want == NULL || wlen != glen || memcmp(want, got, glen)) {
			char tmp[] = "/tmp/naskah-golden.XXXXXX", cmd[2048];
			int fd = mkstemp(tmp);

			if (fd >= 0) {
				if (write(fd, got, glen) != (ssize_t)glen)
					print_error("short write\n");
				close(fd);
				snprintf(cmd, sizeof(cmd), "diff -u %s %s | "
				    "head -60 >&2", want_path, tmp);
				if (system(cmd) == -1)
					print_error("cannot run diff\n");
				unlink(tmp);
			}
			print_error("%s: layout differs from %s (make golden "
			    "rewrites it; review the diff)\n", xml, want_path);
			bad++;
		}
		free(want);
		free(got);
	}
	globfree(&g);
	assert_true(seen >= 6);
	assert_int_equal(bad, 0);
}

/* The text device itself: what it prints for each kind of operation,
 * WinAnsi shown as UTF-8, and that layout cancels it on an error. */
static void
test_text_device(void **state)
{
	struct dev_op ops[] = {
		{ DEV_TEXT, 10.04f, 20.06f, 0, 0, 11, 1.25f, { 0 }, 1, 1,
		    "a \"q\" \x80\xe9", NULL, NULL },
		{ DEV_LINE, 1, 2, 3, -0.01f, 2.4f, 0, { 0 }, 0, 0, NULL,
		    NULL, NULL },
		{ DEV_FILL, 1, 2, 3, 4, 0, 0, { 0.86f, 0.5f, 1 }, 0, 0, NULL,
		    NULL, NULL },
		{ DEV_STAMP, 5, 6, 0, 0, 0, 0, { 0 }, 0, 0, "A", "B", NULL },
	};
	struct dev_page pg = { 100, 200, ops, 4, 4 };
	struct dev_info in = { "Judul \xc3\xa9", NULL, NULL, 2025, 2, 3, NULL };
	struct dev_metrics m = { { { 0 } } };
	const char *want = "document\npage 1 100.0x200.0\n"
	    "  text 10.0,20.1 B11.0 ws1.3 u \"a \\\"q\\\" \xe2\x82\xac\xc3\xa9\"\n"
	    "  line 1.0,2.0 to 4.0,2.0 lw2.4\n"
	    "  fill 1.0,2.0 3.0x4.0 rgb0.86,0.50,1.00\n"
	    "  stamp 5.0,6.0 \"A\" \"B\" \"\"\n"
	    "overlay 1\nend title \"Judul \xc3\xa9\" date 2025-02-03\n";
	struct nerr e = { 0 };
	struct dev_text *t;
	struct dev d;
	char *out = NULL;
	size_t len;
	FILE *fp;

	(void)state;
	fp = open_memstream(&out, &len);
	t = dev_text_new(fp, &m, &d);
	assert_int_equal(d.begin(d.arg, &e), 0);
	assert_int_equal(d.page(d.arg, &pg, &e), 0);
	pg.nop = 0;
	assert_int_equal(d.overlay(d.arg, 0, &pg, &e), 0);
	assert_int_equal(d.overlay(d.arg, 1, &pg, &e), -1);
	assert_int_equal(e.status, EX_SOFTWARE);
	assert_int_equal(d.end(d.arg, &in, &e), 0);
	fclose(fp);
	assert_string_equal(out, want);
	free(out);
	dev_text_free(t);

	/* Text the fonts cannot show: layout stops and cancels. */
	const char *bad = "<document kind=\"surat\"><p>\xe2\x86\x92</p>"
	    "</document>";
	struct doc_tree *tree = doc_tree_mem("bad", bad, strlen(bad), schema,
	    &e);
	assert_non_null(tree);
	fp = open_memstream(&out, &len);
	t = dev_text_new(fp, pdf_metrics(pdf), &d);
	memset(&e, 0, sizeof(e));
	assert_int_equal(layout_run(doc_tree_root(tree), &d, NULL, &in, &e),
	    -1);
	fclose(fp);
	assert_int_equal(e.status, EX_DATAERR);
	assert_non_null(strstr(e.msg, "U+2192"));
	assert_non_null(strstr(out, "cancelled\n"));
	free(out);
	dev_text_free(t);
	doc_tree_free(tree);

	/* A stamp with an empty ring text: the template's mistake, named
	 * by its line, never an empty ring. */
	bad = "<document kind=\"surat\">\n<title>T</title>\n<signature "
	    "place-date=\"x\" jabatan=\"j\" nama=\"n\" stamp-top=\"\" "
	    "stamp-bottom=\"B\"/>\n</document>";
	tree = doc_tree_mem("bad", bad, strlen(bad), schema, &e);
	assert_non_null(tree);
	fp = open_memstream(&out, &len);
	t = dev_text_new(fp, pdf_metrics(pdf), &d);
	memset(&e, 0, sizeof(e));
	assert_int_equal(layout_run(doc_tree_root(tree), &d, NULL, &in, &e),
	    -1);
	fclose(fp);
	assert_int_equal(e.status, EX_CONFIG);
	assert_int_equal(e.line, 3);
	assert_non_null(strstr(out, "cancelled\n"));
	free(out);
	dev_text_free(t);
	doc_tree_free(tree);
}

static int
setup(void **state)
{
	struct nerr e;

	(void)state;
	doc_init();
	if ((schema = doc_schema_load("templates/schema/document.rng", &e))
	    == NULL || (pdf = pdf_new("fonts", &e)) == NULL) {
		fprintf(stderr, "%s: %s\n", e.file, e.msg);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	pdf_free(pdf);
	doc_schema_free(schema);
	return 0;
}

int
main(int argc, char *argv[])
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_text_device),
	};

	write_mode = argc > 1 && strcmp(argv[1], "-w") == 0;
	return cmocka_run_group_tests(tests, setup, teardown);
}
