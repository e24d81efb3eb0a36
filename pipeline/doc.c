/* doc.c -- the one place XML is parsed: refuse DOCTYPEs (and so every
 * entity trick), never fetch anything, validate against RelaxNG, turn
 * libxml2's first error into a struct nerr instead of stderr noise, and
 * copy a document into the project's own tree (struct dnode). */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>

#include "doc.h"
#include "xmem.h"

/* No NOENT, DTDLOAD or DTDATTR: entities stay unexpanded and no DTD is
 * read.  NOCDATA gives readers plain text nodes; BIG_LINES keeps line
 * numbers right past 65535. */
#define PARSE_OPTS	(XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT | \
			 XML_PARSE_BIG_LINES)

struct names {
	char	**v;
	size_t	 n;
};

/* A shape (see "Validation by shape" below) that validated. */
struct shape {
	uint64_t	 hash;
	size_t		 len;
	char		*key;		/* NULL: a free slot */
};

#define SHAPE_SLOTS	1024		/* a power of two */
#define SHAPE_MAX	512		/* then shapes are no longer kept */
#define SHAPE_BYTES	(4u << 20)

struct doc_schema {
	xmlRelaxNGPtr	 rng;
	/* Set when the schema reads no text but whether it is blank, and
	 * no attribute value but those of attrs[]: then a document's shape
	 * decides its validity. */
	int		 byshape;
	struct names	 free;		/* attributes whose value is unread */
	/* Shapes seen valid, behind mu: the schema is shared (doc.h). */
	pthread_mutex_t	 mu;
	struct shape	*shapes;	/* SHAPE_SLOTS, or NULL */
	size_t		 nshapes, shapebytes;
	unsigned long	 hits;
};

/* Where one parse or validation sends its errors.  The first is kept,
 * the later ones being mostly consequences of it; except that RelaxNG
 * reports one failure as a cascade whose first message is often the
 * vaguest, so there a more precise message replaces a vaguer one. */
struct capture {
	struct nerr	*e;
	const char	*name;
	int		 status;
	int		 set;
	int		 rank;	/* precision of the kept message */
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
/* The parser context kept between parses (parse_mem). */
static pthread_mutex_t spare_mu = PTHREAD_MUTEX_INITIALIZER;
static xmlParserCtxtPtr spare;

static void
silent_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void
silent_structured(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	(void)err;
}

/* Last line of defence: should anything still ask for an external DTD,
 * entity, schema include or file, the answer is no. */
static xmlParserInputPtr
deny_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

static void
init(void)
{
	xmlInitParser();
	xmlSetExternalEntityLoader(deny_loader);
	/* libxml2 keeps handlers per thread: set this thread's and the
	 * defaults that threads started later inherit. */
	xmlSetGenericErrorFunc(NULL, silent_generic);
	xmlThrDefSetGenericErrorFunc(NULL, silent_generic);
	xmlSetStructuredErrorFunc(NULL, silent_structured);
	xmlThrDefSetStructuredErrorFunc(NULL, silent_structured);
}

void
doc_init(void)
{
	pthread_once(&init_once, init);
}

void
doc_cleanup(void)
{
	pthread_mutex_lock(&spare_mu);
	if (spare != NULL)
		xmlFreeParserCtxt(spare);
	spare = NULL;
	pthread_mutex_unlock(&spare_mu);
	xmlCleanupParser();
}

static void
capture_set(struct capture *c, int rank, long line, long col,
    const char *text)
{
	char msg[sizeof(c->e->msg)];
	size_t n;

	if (c->set && rank <= c->rank)
		return;
	c->set = 1;
	c->rank = rank;
	snprintf(msg, sizeof(msg), "%s", text);
	/* libxml2 messages end in a newline */
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	nerr_set(c->e, c->status, c->name, line, col, "%s", msg);
}

/* A RelaxNG validation error as "element NAME: what is wrong", and how
 * precise it is (higher is better). */
static int
rng_message(const xmlError *err, char *buf, size_t sz)
{
	xmlNodePtr node = err->node;
	const char *el = node && node->name ? (const char *)node->name : "?";
	const char *a1 = err->str1 ? err->str1 : "";
	const char *a2 = err->str2 ? err->str2 : "";
	xmlChar *val;

	switch (err->code) {
	case XML_RELAXNG_ERR_INVALIDATTR:
		val = node ? xmlGetProp(node, (const xmlChar *)a1) : NULL;
		if (val != NULL)
			snprintf(buf, sz, "element %s: attribute %s=\"%s\" "
			    "not allowed", a2, a1, (const char *)val);
		else
			snprintf(buf, sz, "element %s: attribute %s not "
			    "allowed", a2, a1);
		xmlFree(val);
		return 4;
	case XML_RELAXNG_ERR_ELEMWRONG:
		snprintf(buf, sz, "element %s: not allowed here", a1);
		return 4;
	case XML_RELAXNG_ERR_TEXTWRONG:
		snprintf(buf, sz, "element %s: text not allowed in it", a1);
		return 4;
	case XML_RELAXNG_ERR_ELEMNOTEMPTY:
		snprintf(buf, sz, "element %s: must be empty", a1);
		return 4;
	case XML_RELAXNG_ERR_TYPEVAL:
		snprintf(buf, sz, "element %s: value \"%s\" is not a valid "
		    "%s", el, a2, a1);
		return 4;
	case XML_RELAXNG_ERR_INTERSEQ:
		/* An element the interleave has no place for: it is the
		 * culprit, not the "missing" sibling reported before it. */
		snprintf(buf, sz, "element %s: not allowed here", el);
		return 4;
	case XML_RELAXNG_ERR_INTEREXTRA:
		snprintf(buf, sz, "element %s: %s not expected here", el, a1);
		return 4;
	case XML_RELAXNG_ERR_NOELEM:
		if (*a1 == '\0') {
			snprintf(buf, sz, "element %s: a required element is "
			    "missing", el);
			return 2;
		}
		snprintf(buf, sz, "element %s: missing (in %s)", a1, el);
		return 3;
	case XML_RELAXNG_ERR_ELEMNAME:
		snprintf(buf, sz, "element %s: expected %s here", a2, a1);
		return 3;
	case XML_RELAXNG_ERR_EXTRACONTENT:
		snprintf(buf, sz, "element %s: %s not expected here", a1, a2);
		return 3;
	case XML_RELAXNG_ERR_ATTRVALID:
		snprintf(buf, sz, "element %s: a required attribute is "
		    "missing or a value is not allowed", a1);
		return 2;
	case XML_RELAXNG_ERR_CONTENTVALID:
		snprintf(buf, sz, "element %s: content not valid", a1);
		return 1;
	default:
		snprintf(buf, sz, "element %s: %s", el,
		    err->message ? err->message : "not valid");
		return 1;
	}
}

static void
capture_error(struct capture *c, xmlErrorPtr err)
{
	long line = err->line, col = 0;
	char msg[sizeof(c->e->msg)];
	int rank = 0;

	if (err->level < XML_ERR_ERROR)
		return;
	if (err->domain == XML_FROM_PARSER)
		col = err->int2;	/* the column, for parser errors */
	else if (err->node != NULL)
		line = xmlGetLineNo((xmlNodePtr)err->node);
	if (err->domain == XML_FROM_RELAXNGV)
		rank = rng_message(err, msg, sizeof(msg));
	else
		snprintf(msg, sizeof(msg), "%s",
		    err->message ? err->message : "XML error");
	capture_set(c, rank, line > 0 ? line : 0, col > 0 ? col : 0, msg);
}

/* Parser errors come with the parser context as data. */
static void
on_parse_error(void *data, xmlErrorPtr err)
{
	xmlParserCtxtPtr ctxt = data;

	capture_error(ctxt->_private, err);
}

static void
on_error(void *data, xmlErrorPtr err)
{
	capture_error(data, err);
}

/* Called as soon as "<!DOCTYPE name ...>" is read, before any internal
 * subset: stopping here means no entity is ever declared. */
static void
on_doctype(void *data, const xmlChar *name, const xmlChar *eid,
    const xmlChar *sid)
{
	xmlParserCtxtPtr ctxt = data;
	long line = ctxt->input ? ctxt->input->line : 0;

	(void)name;
	(void)eid;
	(void)sid;
	capture_set(ctxt->_private, 0, line, 0, "DOCTYPE not allowed");
	xmlStopParser(ctxt);
}

/*
 * Validation by shape.  libxml2's RelaxNG validator (2.9, relaxng.c)
 * reads a text node's characters only for <data>, <value> and <list>
 * patterns, and otherwise only asks whether the node is blank (space,
 * tab, CR, LF: xmlIsBlankNode, IS_BLANK_NODE); it reads an attribute's
 * value only against the attribute's pattern, and xsd:string without
 * params (or the built-in string) accepts every value.  So when a
 * schema has no <data>, <value> or <list> reachable outside an
 * <attribute>, the validity of a document is a function of its shape:
 * every node's kind, namespace and name in document order, each text
 * node only as blank or not, each attribute's value except for the
 * names whose every declaration is text or plain string (free).
 * A shape that validated once is valid again; any other document, and
 * any document that fails, goes through the full validation, so a
 * message is always the validator's own.  Letters of one template
 * differ in their values only, so nearly every letter is one lookup.
 * The analysis is syntactic and gives up (byshape = 0) on anything it
 * does not know (a name class or a namespace on an attribute, a nested
 * grammar, a reference outside the file).
 */

#define RNG_NS	"http://relaxng.org/ns/structure/1.0"
#define XSD_LIB	"http://www.w3.org/2001/XMLSchema-datatypes"

struct ana {
	xmlDocPtr	 doc;
	int		 unsafe;
	struct names	 free, bound, seen;	/* attr names; defines walked */
	xmlNodePtr	*defs;		/* every <define>, with its name */
	xmlChar		**defname;
	size_t		 ndefs;
};

static int
names_has(const struct names *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], name) == 0)
			return 1;
	return 0;
}

static void
names_add(struct names *l, const char *name)
{
	if (names_has(l, name))
		return;
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = xstrdup(name);
}

static void
names_free(struct names *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int
is_rng(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    xmlStrEqual(n->ns->href, BAD_CAST RNG_NS) &&
	    (name == NULL || xmlStrEqual(n->name, BAD_CAST name));
}

/* The only RNG child of n, or NULL when it has none or several. */
static xmlNodePtr
only_child(xmlNodePtr n, int *count)
{
	xmlNodePtr one = NULL;

	*count = 0;
	for (xmlNodePtr c = n->children; c != NULL; c = c->next)
		if (is_rng(c, NULL)) {
			one = c;
			(*count)++;
		}
	return *count == 1 ? one : NULL;
}

/* Whether n's attribute name is there with value val (NULL: absent). */
static int
prop_is(xmlNodePtr n, const char *name, const char *val)
{
	xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
	int r = val == NULL ? v == NULL :
	    v != NULL && strcmp((const char *)v, val) == 0;

	xmlFree(v);
	return r;
}

static void
defs_collect(struct ana *a, xmlNodePtr n)
{
	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is_rng(n, "grammar"))
			a->unsafe = 1;	/* its own defines */
		if (is_rng(n, "define")) {
			a->defs = xrealloc(a->defs, (a->ndefs + 1) *
			    sizeof(*a->defs));
			a->defname = xrealloc(a->defname, (a->ndefs + 1) *
			    sizeof(*a->defname));
			a->defs[a->ndefs] = n;
			a->defname[a->ndefs++] = xmlGetNoNsProp(n,
			    BAD_CAST "name");
			continue;
		}
		defs_collect(a, n->children);
	}
}

/* Calls fn on every <define name="name"> of the schema; how many. */
static int
each_define(struct ana *a, const xmlChar *name,
    void (*fn)(struct ana *, xmlNodePtr, void *), void *arg)
{
	int k = 0;

	for (size_t i = 0; i < a->ndefs; i++)
		if (a->defname[i] != NULL && xmlStrEqual(a->defname[i], name)) {
			k++;
			if (fn != NULL)
				fn(a, a->defs[i], arg);
		}
	return k;
}

static int pattern_free(struct ana *, xmlNodePtr, int);

struct freearg {
	int	 depth, ok;
};

static void
define_free(struct ana *a, xmlNodePtr def, void *arg)
{
	struct freearg *f = arg;
	xmlNodePtr c;
	int n;

	if ((c = only_child(def, &n)) == NULL || !prop_is(def, "combine",
	    NULL) || !pattern_free(a, c, f->depth + 1))
		f->ok = 0;
}

/* Whether pattern p accepts every string: <text/>, plain string data,
 * or a reference to one define that is one of those. */
static int
pattern_free(struct ana *a, xmlNodePtr p, int depth)
{
	if (depth > 16)
		return 0;
	if (is_rng(p, "text"))
		return 1;
	if (is_rng(p, "data")) {
		xmlChar *lib = NULL;
		int n, ok;

		if (!prop_is(p, "type", "string") ||
		    (only_child(p, &n), n != 0))
			return 0;
		for (xmlNodePtr q = p; q != NULL && lib == NULL &&
		    q->type == XML_ELEMENT_NODE; q = q->parent)
			lib = xmlGetNoNsProp(q, BAD_CAST "datatypeLibrary");
		ok = lib == NULL || *lib == '\0' ||
		    xmlStrEqual(lib, BAD_CAST XSD_LIB);
		xmlFree(lib);
		return ok;
	}
	if (is_rng(p, "ref")) {
		xmlChar *name = xmlGetNoNsProp(p, BAD_CAST "name");
		struct freearg f = { depth, 1 };
		int k;

		if (name == NULL)
			return 0;
		k = each_define(a, name, define_free, &f);
		xmlFree(name);
		return k == 1 && f.ok;
	}
	return 0;
}

/* Every <attribute> of the schema: free or bound, by name. */
static void
attrs_walk(struct ana *a, xmlNodePtr n)
{
	for (; n != NULL && !a->unsafe; n = n->next) {
		xmlChar *name;
		xmlNodePtr c;
		int k;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		attrs_walk(a, n->children);
		if (!is_rng(n, "attribute"))
			continue;
		name = xmlGetNoNsProp(n, BAD_CAST "name");
		if (name == NULL || !prop_is(n, "ns", NULL) ||
		    strpbrk((const char *)name, " \t\r\n:") != NULL) {
			a->unsafe = 1;	/* a name class, a namespace */
			xmlFree(name);
			return;
		}
		c = only_child(n, &k);
		if (k == 0 || (c != NULL && pattern_free(a, c, 0)))
			names_add(&a->free, (const char *)name);
		else
			names_add(&a->bound, (const char *)name);
		xmlFree(name);
	}
}

static void ewalk(struct ana *, xmlNodePtr);

static void
ewalk_define(struct ana *a, xmlNodePtr def, void *arg)
{
	(void)arg;
	ewalk(a, def);
}

/* The patterns under n that element content (not an attribute) can
 * reach: none may read text. */
static void
ewalk(struct ana *a, xmlNodePtr n)
{
	for (xmlNodePtr c = n->children; c != NULL && !a->unsafe;
	    c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!is_rng(c, NULL) || is_rng(c, "attribute"))
			continue;	/* annotations; attrs_walk's */
		if (is_rng(c, "data") || is_rng(c, "value") ||
		    is_rng(c, "list") || is_rng(c, "parentRef") ||
		    is_rng(c, "externalRef") || is_rng(c, "include") ||
		    is_rng(c, "grammar")) {
			a->unsafe = 1;
			return;
		}
		if (is_rng(c, "ref")) {
			xmlChar *name = xmlGetNoNsProp(c, BAD_CAST "name");

			if (name == NULL) {
				a->unsafe = 1;
				return;
			}
			if (!names_has(&a->seen, (const char *)name)) {
				names_add(&a->seen, (const char *)name);
				each_define(a, name, ewalk_define, NULL);
			}
			xmlFree(name);
			continue;
		}
		ewalk(a, c);
	}
}

/* Decides s->byshape and s->free from the schema's document. */
static void
shape_analyse(struct doc_schema *s, xmlDocPtr doc)
{
	struct ana a;
	xmlNodePtr root = xmlDocGetRootElement(doc);

	memset(&a, 0, sizeof(a));
	a.doc = doc;
	if (root == NULL || !is_rng(root, "grammar"))
		return;
	defs_collect(&a, root->children);
	attrs_walk(&a, root->children);
	/* Every <start>, at any depth of <div>s. */
	for (xmlNodePtr n = root; n != NULL && !a.unsafe; ) {
		if (is_rng(n, "start"))
			ewalk(&a, n);
		if (n->children != NULL && (is_rng(n, "grammar") ||
		    is_rng(n, "div")))
			n = n->children;
		else {
			while (n != root && n->next == NULL)
				n = n->parent;
			n = n == root ? NULL : n->next;
		}
	}
	if (!a.unsafe) {
		s->byshape = 1;
		for (size_t i = 0; i < a.free.n; i++)
			if (!names_has(&a.bound, a.free.v[i]))
				names_add(&s->free, a.free.v[i]);
	}
	names_free(&a.free);
	names_free(&a.bound);
	names_free(&a.seen);
	for (size_t i = 0; i < a.ndefs; i++)
		xmlFree(a.defname[i]);
	free(a.defs);
	free(a.defname);
}

struct kbuf {
	char	*p;
	size_t	 len, cap;
};

static inline void
kput(struct kbuf *b, const void *s, size_t n)
{
	if (b->cap - b->len < n) {
		while (b->cap - b->len < n)
			b->cap = b->cap ? b->cap * 2 : 4096;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

/* Whether the value of attribute name (of n bytes, no namespace) is
 * never read; the first byte and the length rule out most names. */
static int
attr_free(const struct doc_schema *s, const char *name, size_t n)
{
	for (size_t i = 0; i < s->free.n; i++) {
		const char *f = s->free.v[i];

		if (f[0] == name[0] && strlen(f) == n &&
		    memcmp(f, name, n) == 0)
			return 1;
	}
	return 0;
}

static int
text_blank(const xmlChar *t)
{
	for (; t != NULL && *t; t++)
		if (*t != ' ' && *t != '\t' && *t != '\n' && *t != '\r')
			return 0;
	return 1;
}

/* The shape of the node list n into b (see above): 0, or -1 for a
 * node kind it does not cover (the document is then validated).  Names
 * and values hold no NUL and no control character below 9, so the
 * separators (NUL, 1-5) make the key unambiguous. */
static int
shape_of(const struct doc_schema *s, xmlNodePtr n, struct kbuf *b)
{
	for (; n != NULL; n = n->next) {
		switch (n->type) {
		case XML_ELEMENT_NODE:
			kput(b, "\2", 1);
			if (n->ns != NULL && n->ns->href != NULL)
				kput(b, n->ns->href, strlen(
				    (const char *)n->ns->href));
			kput(b, "", 1);
			kput(b, n->name, strlen((const char *)n->name) + 1);
			for (xmlAttrPtr a = n->properties; a != NULL;
			    a = a->next) {
				const char *an = (const char *)a->name;
				size_t nl = strlen(an);

				kput(b, "\3", 1);
				if (a->ns != NULL && a->ns->href != NULL)
					kput(b, a->ns->href, strlen(
					    (const char *)a->ns->href));
				kput(b, "", 1);
				kput(b, an, nl + 1);
				if (a->ns == NULL && attr_free(s, an, nl)) {
					kput(b, "\4", 1);
					continue;
				}
				for (xmlNodePtr t = a->children; t != NULL;
				    t = t->next) {
					if (t->type != XML_TEXT_NODE)
						return -1;
					if (t->content != NULL)
						kput(b, t->content, strlen(
						    (const char *)t->content));
				}
				kput(b, "", 1);
			}
			if (shape_of(s, n->children, b) != 0)
				return -1;
			kput(b, "\5", 1);
			break;
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			kput(b, text_blank(n->content) ? "b" : "t", 1);
			break;
		case XML_COMMENT_NODE:
			kput(b, "c", 1);
			break;
		case XML_PI_NODE:
			kput(b, "p", 1);
			break;
		default:
			return -1;
		}
	}
	return 0;
}

/* FNV-1a over 8-byte words: only the table's spread depends on it,
 * every hit is confirmed by comparing the keys. */
static uint64_t
fnv1a(const char *p, size_t n)
{
	uint64_t h = 14695981039346656037ULL, w;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 1099511628211ULL;
	}
	for (; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
	return h ^ (h >> 29);
}

/* The slot of key (hash h), or the free slot where it would go; call
 * with mu held and s->shapes allocated. */
static struct shape *
shape_slot(struct doc_schema *s, uint64_t h, const char *key, size_t len)
{
	for (size_t i = h & (SHAPE_SLOTS - 1); ; i = (i + 1) &
	    (SHAPE_SLOTS - 1)) {
		struct shape *sh = &s->shapes[i];

		if (sh->key == NULL || (sh->hash == h && sh->len == len &&
		    memcmp(sh->key, key, len) == 0))
			return sh;
	}
}

static int
validate(xmlDocPtr doc, const struct doc_schema *cs, struct capture *c)
{
	/* The schema is shared read-only; its shapes are a cache. */
	struct doc_schema *s = (struct doc_schema *)cs;
	struct kbuf key = { NULL, 0, 0 };
	xmlRelaxNGValidCtxtPtr v;
	uint64_t h = 0;
	int rc, keyed = 0;

	if (s->byshape && shape_of(s, doc->children, &key) == 0) {
		struct shape *sh;

		keyed = 1;
		h = fnv1a(key.p, key.len);
		pthread_mutex_lock(&s->mu);
		if (s->shapes != NULL && (sh = shape_slot(s, h, key.p,
		    key.len))->key != NULL) {
			s->hits++;
			pthread_mutex_unlock(&s->mu);
			free(key.p);
			return 0;
		}
		pthread_mutex_unlock(&s->mu);
	}
	if ((v = xmlRelaxNGNewValidCtxt(s->rng)) == NULL) {
		nerr_set(c->e, EX_OSERR, c->name, 0, 0, "out of memory");
		free(key.p);
		return -1;
	}
	xmlRelaxNGSetValidStructuredErrors(v, on_error, c);
	rc = xmlRelaxNGValidateDoc(v, doc);
	xmlRelaxNGFreeValidCtxt(v);
	if (rc != 0 && !c->set)
		capture_set(c, 0, 0, 0, "document does not match its schema");
	if (rc == 0 && !c->set && keyed) {
		pthread_mutex_lock(&s->mu);
		if (s->shapes == NULL)
			s->shapes = xcalloc(SHAPE_SLOTS, sizeof(*s->shapes));
		if (s->nshapes < SHAPE_MAX &&
		    s->shapebytes + key.len <= SHAPE_BYTES) {
			struct shape *sh = shape_slot(s, h, key.p, key.len);

			if (sh->key == NULL) {
				sh->hash = h;
				sh->len = key.len;
				sh->key = key.p;
				key.p = NULL;
				s->nshapes++;
				s->shapebytes += key.len;
			}
		}
		pthread_mutex_unlock(&s->mu);
	}
	free(key.p);
	return rc == 0 ? 0 : -1;
}

/*
 * One parser context serves every parse: a new one costs some 30,000
 * instructions (its dictionary, its stacks, its SAX block).  It is
 * kept only after a parse that succeeded, when its stacks are empty
 * (xmlCtxtReset, which xmlCtxtReadMemory calls, clears the rest), and
 * dropped when its dictionary (element and attribute names, blank and
 * very short strings) has grown past DICT_MAX, so memory stays flat.
 * Taken and given back under a lock: doc.h lets threads parse.
 */
#define DICT_MAX	4096

static xmlParserCtxtPtr
ctxt_take(void)
{
	xmlParserCtxtPtr ctxt;

	pthread_mutex_lock(&spare_mu);
	ctxt = spare;
	spare = NULL;
	pthread_mutex_unlock(&spare_mu);
	if (ctxt != NULL)
		return ctxt;
	if ((ctxt = xmlNewParserCtxt()) == NULL)
		return NULL;
	/* The SAX handler block is this context's own copy. */
	ctxt->sax->serror = on_parse_error;
	ctxt->sax->internalSubset = on_doctype;
	return ctxt;
}

static void
ctxt_give(xmlParserCtxtPtr ctxt, int ok)
{
	ctxt->_private = NULL;
	if (ok && ctxt->nodeNr == 0 && ctxt->nameNr == 0 &&
	    ctxt->nsNr == 0 && ctxt->inputNr <= 1 &&
	    (ctxt->dict == NULL || xmlDictSize(ctxt->dict) <= DICT_MAX)) {
		pthread_mutex_lock(&spare_mu);
		if (spare == NULL) {
			spare = ctxt;
			ctxt = NULL;
		}
		pthread_mutex_unlock(&spare_mu);
	}
	if (ctxt != NULL)
		xmlFreeParserCtxt(ctxt);
}

/* Parse buf (name is used in messages and as the document URL) and, if
 * s is not NULL, validate it.  NULL + e: EX_DATAERR for a malformed,
 * unsafe or invalid document. */
static xmlDocPtr
parse_mem(const char *name, const char *buf, size_t len,
    const struct doc_schema *s, struct nerr *e)
{
	struct capture c = { e, name, EX_DATAERR, 0, 0 };
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	int ok;

	doc_init();
	if (len > INT_MAX) {
		nerr_set(e, EX_DATAERR, name, 0, 0, "document too large");
		return NULL;
	}
	if ((ctxt = ctxt_take()) == NULL) {
		nerr_set(e, EX_OSERR, name, 0, 0, "out of memory");
		return NULL;
	}
	ctxt->_private = &c;
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, name, NULL, PARSE_OPTS);
	/* After xmlStopParser libxml2 reports nothing more and may still
	 * hand back a tree: our own record decides. */
	ok = doc != NULL && ctxt->wellFormed && !c.set;
	ctxt_give(ctxt, ok);
	if (!ok) {
		if (!c.set)
			nerr_set(e, EX_DATAERR, name, 0, 0,
			    "not well-formed XML");
		xmlFreeDoc(doc);
		return NULL;
	}
	if (s != NULL && validate(doc, s, &c) != 0) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

/* The whole file in memory: libxml2 opening it would go through the
 * entity loader, which denies everything. */
static char *
slurp(const char *path, size_t *len, int status, struct nerr *e)
{
	FILE *fp;
	char *buf = NULL, *nb;
	size_t n = 0, cap = 0, r;

	if ((fp = fopen(path, "rb")) == NULL) {
		nerr_set(e, status, path, 0, 0, "%s", strerror(errno));
		return NULL;
	}
	for (;;) {
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 16384;
			if ((nb = realloc(buf, cap)) == NULL) {
				nerr_set(e, EX_OSERR, path, 0, 0,
				    "out of memory");
				goto fail;
			}
			buf = nb;
		}
		if ((r = fread(buf + n, 1, cap - n, fp)) == 0)
			break;
		n += r;
	}
	if (ferror(fp)) {
		nerr_set(e, status, path, 0, 0, "%s", strerror(errno));
		goto fail;
	}
	fclose(fp);
	*len = n;
	return buf;
fail:
	fclose(fp);
	free(buf);
	return NULL;
}

/* The same for a file; EX_NOINPUT if it cannot be read. */
static xmlDocPtr
parse_file(const char *path, const struct doc_schema *s, struct nerr *e)
{
	xmlDocPtr doc;
	size_t len;
	char *buf;

	if ((buf = slurp(path, &len, EX_NOINPUT, e)) == NULL)
		return NULL;
	doc = parse_mem(path, buf, len, s, e);
	free(buf);
	return doc;
}

struct doc_schema *
doc_schema_load(const char *rng_path, struct nerr *e)
{
	struct capture c = { e, rng_path, EX_CONFIG, 0, 0 };
	xmlRelaxNGParserCtxtPtr p;
	struct doc_schema *s;
	xmlRelaxNGPtr rng;
	xmlDocPtr doc;

	/* The schema goes through the same safe parser as any document. */
	if ((doc = parse_file(rng_path, NULL, e)) == NULL) {
		if (e != NULL)
			e->status = EX_CONFIG;
		return NULL;
	}
	if ((p = xmlRelaxNGNewDocParserCtxt(doc)) == NULL) {
		xmlFreeDoc(doc);
		nerr_set(e, EX_OSERR, rng_path, 0, 0, "out of memory");
		return NULL;
	}
	xmlRelaxNGSetParserStructuredErrors(p, on_error, &c);
	rng = xmlRelaxNGParse(p);
	xmlRelaxNGFreeParserCtxt(p);
	if (rng == NULL || c.set) {
		xmlFreeDoc(doc);
		if (!c.set)
			nerr_set(e, EX_CONFIG, rng_path, 0, 0,
			    "invalid RelaxNG schema");
		if (rng != NULL)
			xmlRelaxNGFree(rng);
		return NULL;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		xmlFreeDoc(doc);
		xmlRelaxNGFree(rng);
		nerr_set(e, EX_OSERR, rng_path, 0, 0, "out of memory");
		return NULL;
	}
	s->rng = rng;
	pthread_mutex_init(&s->mu, NULL);
	if (getenv("NASKAH_NO_SHAPES") == NULL)
		shape_analyse(s, doc);
	xmlFreeDoc(doc);
	return s;
}

void
doc_schema_free(struct doc_schema *s)
{
	if (s == NULL)
		return;
	xmlRelaxNGFree(s->rng);
	if (s->shapes != NULL)
		for (size_t i = 0; i < SHAPE_SLOTS; i++)
			free(s->shapes[i].key);
	free(s->shapes);
	names_free(&s->free);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

int
doc_schema_shapes(const struct doc_schema *s, unsigned long *hits)
{
	if (hits != NULL)
		*hits = s->hits;
	return s->byshape;
}

/*
 * The project's own tree.  One allocation holds it all: the nodes, then
 * the attribute vectors, then the strings, sized by a first walk over
 * libxml2's tree, so building it costs two walks and one malloc and
 * freeing it one free.
 */
struct doc_tree {
	struct dnode	*root;
};

struct tsize {
	size_t	 nodes, attrs, bytes;
};

struct tbuild {
	xmlDocPtr	 doc;
	struct dnode	*node;
	const char	**attr;
	char		*str;
};

static int
is_text(xmlNodePtr c)
{
	return c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE;
}

/* An attribute's value: its one text child's, without a copy, or (for
 * the rare split value) a malloc'd one *tofree holds. */
static const char *
attr_value(xmlDocPtr doc, xmlAttrPtr a, xmlChar **tofree)
{
	*tofree = NULL;
	if (a->children == NULL)
		return "";
	if (a->children->next == NULL && a->children->type == XML_TEXT_NODE)
		return a->children->content ?
		    (const char *)a->children->content : "";
	*tofree = xmlNodeListGetString(doc, a->children, 1);
	return *tofree ? (const char *)*tofree : "";
}

static void
measure(xmlDocPtr doc, xmlNodePtr n, struct tsize *z)
{
	int in_text = 0;

	z->nodes++;
	z->bytes += strlen((const char *)n->name) + 1;
	for (xmlAttrPtr a = n->properties; a != NULL; a = a->next) {
		xmlChar *f;

		z->attrs += 2;
		z->bytes += strlen((const char *)a->name) + 1 +
		    strlen(attr_value(doc, a, &f)) + 1;
		xmlFree(f);
	}
	z->attrs++;
	for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
		if (is_text(c)) {
			if (!in_text) {
				z->nodes++;
				z->bytes++;
				in_text = 1;
			}
			if (c->content != NULL)
				z->bytes += strlen((const char *)c->content);
		} else if (c->type == XML_ELEMENT_NODE) {
			in_text = 0;
			measure(doc, c, z);
		}
	}
}

static const char *
copy(struct tbuild *b, const char *s)
{
	size_t n = strlen(s) + 1;
	char *r = b->str;

	memcpy(r, s, n);
	b->str += n;
	return r;
}

static struct dnode *
build(struct tbuild *b, xmlNodePtr n)
{
	struct dnode *d = b->node++, *prev = NULL, *run = NULL;
	size_t nkids = 0;

	memset(d, 0, sizeof(*d));
	d->name = copy(b, (const char *)n->name);
	d->line = xmlGetLineNo(n);
	d->attr = b->attr;
	for (xmlAttrPtr a = n->properties; a != NULL; a = a->next) {
		xmlChar *f;

		*b->attr++ = copy(b, (const char *)a->name);
		*b->attr++ = copy(b, attr_value(b->doc, a, &f));
		xmlFree(f);
	}
	*b->attr++ = NULL;
	for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
		struct dnode *k;

		if (is_text(c)) {
			const char *t = c->content ?
			    (const char *)c->content : "";

			if (run != NULL) {
				b->str--;	/* over the NUL: one run */
				copy(b, t);
				continue;
			}
			k = run = b->node++;
			memset(k, 0, sizeof(*k));
			k->line = xmlGetLineNo(c);
			k->text = copy(b, t);
		} else if (c->type == XML_ELEMENT_NODE) {
			run = NULL;
			k = build(b, c);
		} else
			continue;
		if (prev == NULL)
			d->child = k;
		else
			prev->next = k;
		prev = k;
		nkids++;
	}
	if (nkids == 0)
		d->text = "";
	else if (nkids == 1 && d->child->name == NULL)
		d->text = d->child->text;
	return d;
}

static struct doc_tree *
tree_of(xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	struct tsize z = { 0, 0, 0 };
	struct doc_tree *t;
	struct tbuild b;
	char *mem;

	measure(doc, root, &z);
	mem = xmalloc(sizeof(*t) + z.nodes * sizeof(struct dnode) +
	    z.attrs * sizeof(char *) + z.bytes);
	t = (struct doc_tree *)mem;
	b.doc = doc;
	b.node = (struct dnode *)(mem + sizeof(*t));
	b.attr = (const char **)(b.node + z.nodes);
	b.str = (char *)(b.attr + z.attrs);
	t->root = build(&b, root);
	return t;
}

struct doc_tree *
doc_tree_mem(const char *name, const char *buf, size_t len,
    const struct doc_schema *s, struct nerr *e)
{
	xmlDocPtr doc = parse_mem(name, buf, len, s, e);
	struct doc_tree *t;

	if (doc == NULL)
		return NULL;
	t = tree_of(doc);
	xmlFreeDoc(doc);
	return t;
}

struct doc_tree *
doc_tree_file(const char *path, const struct doc_schema *s, struct nerr *e)
{
	xmlDocPtr doc = parse_file(path, s, e);
	struct doc_tree *t;

	if (doc == NULL)
		return NULL;
	t = tree_of(doc);
	xmlFreeDoc(doc);
	return t;
}

const struct dnode *
doc_tree_root(const struct doc_tree *t)
{
	return t->root;
}

void
doc_tree_free(struct doc_tree *t)
{
	free(t);
}

const char *
dnode_attr(const struct dnode *n, const char *name)
{
	for (const char *const *a = n->attr; a != NULL && *a != NULL; a += 2)
		if (strcmp(*a, name) == 0)
			return a[1];
	return NULL;
}

char *
dnode_attr_dup(const struct dnode *n, const char *name)
{
	const char *v = dnode_attr(n, name);

	return v != NULL ? xstrdup(v) : NULL;
}

int
dnode_attr_is(const struct dnode *n, const char *name, const char *val)
{
	const char *v = dnode_attr(n, name);

	return v != NULL && strcmp(v, val) == 0;
}

/* Appends the text under n to *r (of *len bytes, *cap allocated), blanks
 * made single spaces; *sp: a blank is pending. */
static void
text_collect(const struct dnode *n, char **r, size_t *len, size_t *cap,
    int *sp)
{
	for (; n != NULL; n = n->next) {
		if (n->name != NULL) {
			text_collect(n->child, r, len, cap, sp);
			continue;
		}
		for (const char *s = n->text; *s; s++) {
			if (isspace((unsigned char)*s)) {
				*sp = *len > 0;
				continue;
			}
			if (*len + 3 > *cap) {
				*cap = *cap * 2 + 64;
				*r = xrealloc(*r, *cap);
			}
			if (*sp)
				(*r)[(*len)++] = ' ';
			*sp = 0;
			(*r)[(*len)++] = *s;
		}
	}
}

char *
dnode_text(const struct dnode *n)
{
	char *r = NULL;
	size_t len = 0, cap = 0;
	int sp = 0;

	if (n->name == NULL) {
		struct dnode one = *n;

		one.next = NULL;
		text_collect(&one, &r, &len, &cap, &sp);
	} else
		text_collect(n->child, &r, &len, &cap, &sp);
	if (r == NULL)
		return xstrdup("");
	r[len] = '\0';
	return r;
}

char *
dnode_token(const struct dnode *n, const char *name)
{
	char *v = dnode_attr_dup(n, name), *s, *d;

	if (v == NULL)
		return NULL;
	for (s = d = v; *s; s++)
		if (!isspace((unsigned char)*s))
			*d++ = *s;
		else if (d > v && d[-1] != ' ')
			*d++ = ' ';
	if (d > v && d[-1] == ' ')
		d--;
	*d = '\0';
	return v;
}
