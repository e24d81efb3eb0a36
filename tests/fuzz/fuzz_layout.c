/* fuzz_layout.c -- libFuzzer: any document that passes document.rng is
 * laid out without a crash, with every page in order and every figure a
 * finite number on the page, its parts (from="NAME") fed from the input's
 * own <part>, and the pages printed by the text device.  Layout sees user
 * data only through validated templates; this widens that to every valid
 * tree.  Run from the source root. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dev.h"
#include "dev_text.h"
#include "doc.h"
#include "err.h"
#include "layout.h"

static struct doc_schema *schema;
static struct dev_metrics metrics;
static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct nerr e;

	(void)argc;
	(void)argv;
	doc_init();
	if ((schema = doc_schema_load("templates/schema/document.rng", &e))
	    == NULL || (devnull = fopen("/dev/null", "w")) == NULL)
		abort();
	/* Widths of a plausible font; zero width for controls, as the
	 * subset font has none. */
	for (int b = 0; b < 2; b++)
		for (int c = 32; c < 256; c++)
			metrics.w[b][c] = 250.0f + (float)((c * 7 + b * 40) % 600);
	return 0;
}

/* A device that checks what it is given, then hands it on to the text
 * device (so its printing is fuzzed too). */
struct run {
	size_t			 pages, overlays;
	int			 begun, ended, cancelled;
	float			 pw, ph;
	const struct dnode	*part;		/* the input's <part> */
	int			 given;
	struct dev		 text;
};

static void
check_page(const struct run *r, const struct dev_page *pg)
{
	if (pg->pw != r->pw || pg->ph != r->ph)
		abort();
	for (size_t i = 0; i < pg->nop; i++) {
		const struct dev_op *o = &pg->op[i];

		if (!isfinite(o->x) || !isfinite(o->y) || !isfinite(o->w) ||
		    !isfinite(o->h) || !isfinite(o->size))
			abort();
		if (o->kind == DEV_TEXT && (o->text == NULL ||
		    strlen(o->text) == 0))
			abort();
	}
}

static int
on_begin(void *arg, struct nerr *e)
{
	struct run *r = arg;

	if (r->begun++)
		abort();
	return r->text.begin(r->text.arg, e);
}

static int
on_page(void *arg, const struct dev_page *pg, struct nerr *e)
{
	struct run *r = arg;

	if (!r->begun || r->overlays || r->ended)
		abort();
	if (r->pages == 0) {
		r->pw = pg->pw;
		r->ph = pg->ph;
	}
	check_page(r, pg);
	r->pages++;
	return r->text.page(r->text.arg, pg, e);
}

static int
on_overlay(void *arg, size_t i, const struct dev_page *pg, struct nerr *e)
{
	struct run *r = arg;

	/* Overlays come after the last page, once for each, in order. */
	if (i != r->overlays || i >= r->pages || r->ended)
		abort();
	check_page(r, pg);
	r->overlays++;
	return r->text.overlay(r->text.arg, i, pg, e);
}

static int
on_end(void *arg, const struct dev_info *in, struct nerr *e)
{
	struct run *r = arg;

	if (r->ended++ || r->pages == 0)
		abort();
	return r->text.end(r->text.arg, in, e);
}

static void
on_cancel(void *arg)
{
	struct run *r = arg;

	r->cancelled = 1;
	r->text.cancel(r->text.arg);
}

/* Every stream gets the <part> that follows the document in the input
 * once, at most 64 times in all. */
static const struct dnode *
next_part(void *arg, const char *name, int first, struct nerr *e)
{
	struct run *r = arg;

	(void)name;
	(void)e;
	if (!first || r->part == NULL || r->given++ >= 64)
		return NULL;
	return r->part;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run r = { 0 };
	struct dev dev = { &metrics, on_begin, on_page, on_overlay, on_end,
	    on_cancel, &r };
	struct layout_src src = { next_part, &r };
	struct dev_info info = { "fuzz", NULL, NULL, 2025, 1, 20, NULL };
	struct doc_tree *doc, *parts = NULL;
	struct dev_text *t;
	struct nerr e = { 0 };
	long n;

	/* The document first; what follows a NUL is a part, validated as
	 * office.c does. */
	const uint8_t *nul = memchr(data, 0, size);
	size_t dlen = nul ? (size_t)(nul - data) : size;

	if ((doc = doc_tree_mem("fuzz", (const char *)data, dlen, schema,
	    &e)) == NULL)
		return 0;
	if (strcmp(doc_tree_root(doc)->name, "document") != 0) {
		doc_tree_free(doc);
		return 0;
	}
	if (nul != NULL) {
		struct nerr pe = { 0 };

		parts = doc_tree_mem("parts", (const char *)nul + 1,
		    size - dlen - 1, schema, &pe);
		if (parts != NULL &&
		    !strcmp(doc_tree_root(parts)->name, "part"))
			r.part = doc_tree_root(parts);
	}
	t = dev_text_new(devnull, &metrics, &r.text);
	n = layout_run(doc_tree_root(doc), &dev, &src, &info, &e);
	if (n >= 0) {
		if ((size_t)n != r.pages || n < 1 || !r.ended || r.cancelled)
			abort();
		if (r.overlays != 0 && r.overlays != r.pages)
			abort();
	} else if (e.status == 0 || (r.begun && !r.cancelled))
		abort();	/* a failure says why and drops the document */
	dev_text_free(t);
	doc_tree_free(parts);
	doc_tree_free(doc);
	return 0;
}
