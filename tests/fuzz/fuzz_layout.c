/* fuzz_layout.c -- libFuzzer: any document that passes document.rng is
 * laid out without a crash, with every page in order and every figure a
 * finite number on the page, its parts (from="NAME") fed from the input's
 * own <part>s.  Layout sees user data only through validated templates;
 * this widens that to every valid tree.  Run from the source root. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "doc.h"
#include "err.h"
#include "kantor.h"
#include "layout.h"

static struct doc_schema *schema;
static struct layout_metrics metrics;
static struct kantor kantor;

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
	    == NULL)
		abort();
	/* Widths of a plausible font; zero width for controls, as the
	 * subset font has none. */
	for (int b = 0; b < 2; b++)
		for (int c = 32; c < 256; c++)
			metrics.w[b][c] = 250.0f + (float)((c * 7 + b * 40) % 600);
	kantor.kabupaten = "Trenggalek";
	kantor.kecamatan = "Durenan";
	kantor.alamat = "Jalan Raya Kendalrejo No. 23";
	kantor.telepon = "(0355) 879543";
	kantor.kode_pos = "66381";
	kantor.email = "kecamatan.durenan@trenggalekkab.go.id";
	kantor.laman = "";
	return 0;
}

struct run {
	size_t		 pages, overlays;
	float		 pw, ph;
	xmlDocPtr	 parts;		/* the input: its <part> children */
	xmlNodePtr	 next;		/* the next part to give */
	int		 given;
};

static void
check_page(const struct run *r, const struct layout_page *pg)
{
	if (pg->pw != r->pw || pg->ph != r->ph)
		abort();
	for (size_t i = 0; i < pg->nop; i++) {
		const struct lop *o = &pg->op[i];

		if (!isfinite(o->x) || !isfinite(o->y) || !isfinite(o->w) ||
		    !isfinite(o->h) || !isfinite(o->size))
			abort();
		if (o->kind == LOP_TEXT && (o->text == NULL ||
		    strlen(o->text) == 0))
			abort();
	}
}

static int
on_page(void *arg, const struct layout_page *pg, struct nerr *e)
{
	struct run *r = arg;

	(void)e;
	if (r->pages == 0) {
		r->pw = pg->pw;
		r->ph = pg->ph;
	}
	check_page(r, pg);
	r->pages++;
	return 0;
}

static int
on_overlay(void *arg, size_t i, const struct layout_page *pg, struct nerr *e)
{
	struct run *r = arg;

	(void)e;
	/* Overlays come after the last page, once for each, in order. */
	if (i != r->overlays || i >= r->pages)
		abort();
	check_page(r, pg);
	r->overlays++;
	return 0;
}

/* Every stream gets the <part>s that follow the document's root in the
 * input (a wrapper <fuzz> holds both), at most 64 in all. */
static xmlNodePtr
next_part(void *arg, const char *name, int first, struct nerr *e)
{
	struct run *r = arg;

	(void)name;
	(void)first;
	(void)e;
	while (r->next != NULL && (r->next->type != XML_ELEMENT_NODE ||
	    strcmp((const char *)r->next->name, "part") != 0))
		r->next = r->next->next;
	if (r->next == NULL || r->given++ >= 64)
		return NULL;
	xmlNodePtr p = r->next;
	r->next = p->next;
	return p;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run r = { 0 };
	struct layout_sink sink = { on_page, on_overlay, &r };
	struct layout_src src = { next_part, &r };
	struct nerr e = { 0 };
	xmlDocPtr doc;
	long n;

	/* The document first; what follows a NUL is a list of parts,
	 * validated one by one as office.c does. */
	const uint8_t *nul = memchr(data, 0, size);
	size_t dlen = nul ? (size_t)(nul - data) : size;

	if ((doc = doc_parse_mem("fuzz", (const char *)data, dlen, schema,
	    &e)) == NULL)
		return 0;
	if (strcmp((const char *)xmlDocGetRootElement(doc)->name,
	    "document") != 0) {
		xmlFreeDoc(doc);
		return 0;
	}
	if (nul != NULL) {
		struct nerr pe = { 0 };
		xmlDocPtr p = doc_parse_mem("parts", (const char *)nul + 1,
		    size - dlen - 1, schema, &pe);

		if (p != NULL && !strcmp((const char *)
		    xmlDocGetRootElement(p)->name, "part")) {
			r.parts = p;
			/* One <part>: given again for each stream. */
			r.next = xmlDocGetRootElement(p);
		} else if (p != NULL)
			xmlFreeDoc(p);
	}
	n = layout_run(doc, &kantor, &metrics, &src, &sink, &e);
	if (n >= 0) {
		if ((size_t)n != r.pages || n < 1)
			abort();
		if (r.overlays != 0 && r.overlays != r.pages)
			abort();
	} else if (e.status == 0)
		abort();	/* a failure always says why */
	xmlFreeDoc(r.parts);
	xmlFreeDoc(doc);
	return 0;
}
