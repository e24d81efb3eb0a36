/* doc.c -- the one place XML is parsed: refuse DOCTYPEs (and so every
 * entity trick), never fetch anything, validate against RelaxNG, turn
 * libxml2's first error into a struct nerr instead of stderr noise, and
 * copy a document into the project's own tree (struct dnode). */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
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
#define PARSE_OPTS	(XML_PARSE_NONET | XML_PARSE_NOCDATA | \
			 XML_PARSE_BIG_LINES)

struct doc_schema {
	xmlRelaxNGPtr	 rng;
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

static int
validate(xmlDocPtr doc, const struct doc_schema *s, struct capture *c)
{
	xmlRelaxNGValidCtxtPtr v;
	int rc;

	if ((v = xmlRelaxNGNewValidCtxt(s->rng)) == NULL) {
		nerr_set(c->e, EX_OSERR, c->name, 0, 0, "out of memory");
		return -1;
	}
	xmlRelaxNGSetValidStructuredErrors(v, on_error, c);
	rc = xmlRelaxNGValidateDoc(v, doc);
	xmlRelaxNGFreeValidCtxt(v);
	if (rc != 0 && !c->set)
		capture_set(c, 0, 0, 0, "document does not match its schema");
	return rc == 0 ? 0 : -1;
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
	if ((ctxt = xmlNewParserCtxt()) == NULL) {
		nerr_set(e, EX_OSERR, name, 0, 0, "out of memory");
		return NULL;
	}
	/* The SAX handler block is this context's own copy. */
	ctxt->_private = &c;
	ctxt->sax->serror = on_parse_error;
	ctxt->sax->internalSubset = on_doctype;
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, name, NULL, PARSE_OPTS);
	/* After xmlStopParser libxml2 reports nothing more and may still
	 * hand back a tree: our own record decides. */
	ok = doc != NULL && ctxt->wellFormed && !c.set;
	xmlFreeParserCtxt(ctxt);
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
	xmlFreeDoc(doc);
	if (rng == NULL || c.set) {
		if (!c.set)
			nerr_set(e, EX_CONFIG, rng_path, 0, 0,
			    "invalid RelaxNG schema");
		if (rng != NULL)
			xmlRelaxNGFree(rng);
		return NULL;
	}
	if ((s = malloc(sizeof(*s))) == NULL) {
		xmlRelaxNGFree(rng);
		nerr_set(e, EX_OSERR, rng_path, 0, 0, "out of memory");
		return NULL;
	}
	s->rng = rng;
	return s;
}

void
doc_schema_free(struct doc_schema *s)
{
	if (s == NULL)
		return;
	xmlRelaxNGFree(s->rng);
	free(s);
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
