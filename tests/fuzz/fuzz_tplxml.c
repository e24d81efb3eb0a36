/* fuzz_tplxml.c -- libFuzzer: input split at NULs fills a fixed template's
 * values; the parsed, validated result must keep exactly the template's
 * elements and give clean text back byte for byte, and doc.c's own tree
 * (struct dnode, what layout reads) must say what libxml2's says.  Run
 * from the source root. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "doc.h"
#include "err.h"
#include "tpl.h"

#define FIX	"tests/unit/fixtures/"

/* Elements in hostile.xml (with inc.xml) with two ITEM sections shown. */
#define NELEMENTS	14

static struct doc_schema *schema;

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
	return 0;
}

/* Text that XML keeps exactly: well-formed UTF-8 of XML 1.0 characters,
 * and none of \t \n \r (attribute values turn them into spaces, and
 * \r\n becomes \n in text). */
static int
plain(const unsigned char *s)
{
	while (*s) {
		unsigned long c;
		int n, i;

		if (*s < 0x80) {
			if (*s < 0x20)
				return 0;
			s++;
			continue;
		}
		if ((*s & 0xe0) == 0xc0)
			n = 1, c = *s & 0x1f;
		else if ((*s & 0xf0) == 0xe0)
			n = 2, c = *s & 0x0f;
		else if ((*s & 0xf8) == 0xf0)
			n = 3, c = *s & 0x07;
		else
			return 0;
		for (i = 1; i <= n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			c = c << 6 | (s[i] & 0x3f);
		}
		if ((n == 1 && c < 0x80) || (n == 2 && c < 0x800) ||
		    (n == 3 && c < 0x10000) || c > 0x10ffff ||
		    (c >= 0xd800 && c <= 0xdfff) || c == 0xfffe || c == 0xffff)
			return 0;
		s += n + 1;
	}
	return 1;
}

static long
count(xmlNodePtr n)
{
	long k = 0;

	for (; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			k += 1 + count(n->children);
	return k;
}

static void
same(xmlNodePtr n, const char *want)
{
	xmlChar *got = xmlNodeGetContent(n);

	if (got == NULL || strcmp((const char *)got, want) != 0)
		abort();
	xmlFree(got);
}

/* The text of x and the text nodes after it up to the next element
 * (doc.c joins text across comments); *next: that element or NULL. */
static char *
text_run(xmlNodePtr x, xmlNodePtr *next)
{
	char *r = calloc(1, 1);

	if (r == NULL)
		abort();

	for (; x != NULL && x->type != XML_ELEMENT_NODE; x = x->next) {
		if (x->type != XML_TEXT_NODE && x->type != XML_CDATA_SECTION_NODE)
			continue;
		size_t n = strlen(r), m = strlen((const char *)x->content);
		if ((r = realloc(r, n + m + 1)) == NULL)
			abort();
		memcpy(r + n, x->content, m + 1);
	}
	*next = x;
	return r;
}

/* doc.c's tree d says what libxml2's element x says: name, attributes,
 * children, text. */
static void
same_tree(xmlNodePtr x, const struct dnode *d)
{
	const struct dnode *c = d->child;
	size_t na = 0, nd = 0;

	if (d->name == NULL || strcmp((const char *)x->name, d->name) != 0)
		abort();
	for (xmlAttrPtr a = x->properties; a != NULL; a = a->next, na++) {
		xmlChar *v = xmlGetProp(x, a->name);
		const char *dv = dnode_attr(d, (const char *)a->name);

		if (v == NULL || dv == NULL || strcmp((const char *)v, dv) != 0)
			abort();
		xmlFree(v);
	}
	for (const char *const *a = d->attr; *a != NULL; a += 2)
		nd++;
	if (na != nd)
		abort();
	for (xmlNodePtr k = x->children; k != NULL; ) {
		if (k->type == XML_ELEMENT_NODE) {
			if (c == NULL)
				abort();
			same_tree(k, c);
			c = c->next;
			k = k->next;
		} else if (k->type == XML_TEXT_NODE ||
		    k->type == XML_CDATA_SECTION_NODE) {
			char *t = text_run(k, &k);

			if (c == NULL || c->name != NULL ||
			    strcmp(c->text, t) != 0)
				abort();
			free(t);
			c = c->next;
		} else
			k = k->next;
	}
	if (c != NULL)
		abort();
	if (d->text != NULL)
		same(x, d->text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *v[3] = { "", "", "" };
	char *buf, *x, *p;
	struct tpl_dict *d, *s;
	struct nerr e;
	xmlDocPtr doc;
	xmlNodePtr root, n;
	struct doc_tree *tree;
	size_t len;
	int i;

	if ((buf = malloc(size + 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (i = 0, p = buf; i < 3 && p <= buf + size; i++) {
		v[i] = p;
		p += strlen(p) + 1;
	}

	d = tpl_dict_new();
	tpl_set(d, "V", v[0]);
	tpl_set(d, "NAMA", "DIGANTI");
	s = tpl_section_add(d, "ITEM");
	tpl_set(s, "W", v[1]);
	s = tpl_section_add(d, "ITEM");
	tpl_set(s, "W", v[2]);
	tpl_section_show(d, "SHOWN");
	tpl_include(d, "INC", FIX "inc.xml");
	x = tpl_expand(FIX "hostile.xml", d, &len, &e);
	tpl_dict_free(d);
	if (x == NULL)
		abort();	/* the template is fine: values cannot break it */
	/* {{NAMA}} in a value is printed, never replaced by NAMA's value */
	if (strstr(x, "DIGANTI") != NULL && strstr(v[0], "DIGANTI") == NULL &&
	    strstr(v[1], "DIGANTI") == NULL && strstr(v[2], "DIGANTI") == NULL)
		abort();

	/* libxml2's tree to hold doc.c's against, read only once doc.c has
	 * found the bytes safe (no DOCTYPE) and valid, with doc.c's options:
	 * it must then read them too. */
	tree = doc_tree_mem("fuzz", x, len, schema, &e);
	doc = tree == NULL ? NULL : xmlReadMemory(x, (int)len, "fuzz", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES);
	if ((doc == NULL) != (tree == NULL))
		abort();
	if (tree != NULL)
		same_tree(xmlDocGetRootElement(doc), doc_tree_root(tree));
	doc_tree_free(tree);
	if (doc == NULL) {
		/* only values XML cannot carry may fail */
		if (plain((const unsigned char *)v[0]) && plain((const unsigned char *)v[1])
		    && plain((const unsigned char *)v[2]))
			abort();
	} else {
		root = xmlDocGetRootElement(doc);
		if (count(root) != NELEMENTS)
			abort();
		if (plain((const unsigned char *)v[0])) {
			for (n = root->children; n; n = n->next)
				if (n->type == XML_ELEMENT_NODE &&
				    !strcmp((const char *)n->name, "title"))
					same(n, v[0]);
		}
		xmlFreeDoc(doc);
	}
	free(x);
	free(buf);
	return 0;
}
