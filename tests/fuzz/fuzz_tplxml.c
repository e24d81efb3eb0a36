/* fuzz_tplxml.c -- libFuzzer: input split at NULs fills a fixed template's
 * values; the parsed, validated result must keep exactly the template's
 * elements and give clean text back byte for byte.  Run from source root. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *v[3] = { "", "", "" };
	char *buf, *x, *p;
	struct tpl_dict *d, *s;
	struct nerr e;
	xmlDocPtr doc;
	xmlNodePtr root, n;
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

	doc = doc_parse_mem("fuzz", x, len, schema, &e);
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
