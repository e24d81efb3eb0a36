/* doc.h -- parse XML safely (no DOCTYPE, no entity, nothing fetched) and
 * validate it against RelaxNG, the first error's file, line and column in
 * a struct nerr.  For filled document templates and config files alike.
 * Documents go to layout as a tree of the project's own (struct dnode),
 * so libxml2 stays in doc.c; this header does not include it. */
#ifndef NASKAH_DOC_H
#define NASKAH_DOC_H

#include <stddef.h>

#include "err.h"

struct doc_schema;
/* libxml2's own tree, for the configuration loaders, which include
 * <libxml/tree.h> themselves (these are its xmlDoc and xmlNode). */
struct _xmlDoc;
struct _xmlNode;

/* Once at start-up, before any thread: deny all external entity loading
 * and silence libxml2's own printing.  Idempotent; the functions below
 * call it too, but only a call before threads start covers them all. */
void		 doc_init(void);

/* Load a self-contained RelaxNG schema (XML syntax; include/externalRef
 * are refused, since nothing is ever fetched).  NULL + EX_CONFIG on error.
 * A loaded schema may be shared by threads. */
struct doc_schema *doc_schema_load(const char *rng_path, struct nerr *e);
void		 doc_schema_free(struct doc_schema *s);

/*
 * A parsed, validated document as layout reads it.  An element has a
 * name; a text node has name NULL.  Adjacent text (split by a comment) is
 * one node; comments and processing instructions are dropped.  Strings
 * are UTF-8 and belong to the tree.
 */
struct dnode {
	const char		*name;	/* element name, or NULL for text */
	/* A text node's text; an element's when it holds nothing but text
	 * ("" when empty); NULL for an element with element children. */
	const char		*text;
	const char *const	*attr;	/* name, value, ..., NULL */
	const struct dnode	*child;	/* first child, or NULL */
	const struct dnode	*next;	/* next sibling, or NULL */
	long			 line;	/* in the parsed source */
};

struct doc_tree;

/* Parse buf (name is used in messages), validate it if s is not NULL,
 * and build its tree; libxml2's is freed before this returns.  NULL + e
 * as doc_parse_mem. */
struct doc_tree	*doc_tree_mem(const char *name, const char *buf,
		    size_t len, const struct doc_schema *s, struct nerr *e);
struct doc_tree	*doc_tree_file(const char *path, const struct doc_schema *s,
		    struct nerr *e);
const struct dnode *doc_tree_root(const struct doc_tree *);
void		 doc_tree_free(struct doc_tree *);
/* An attribute's value, or NULL when the element has none. */
const char	*dnode_attr(const struct dnode *, const char *name);
/* Whether the attribute is there with value val. */
int		 dnode_attr_is(const struct dnode *, const char *name,
		    const char *val);
/* All the text under n, blanks at both ends removed and inner runs of
 * blanks made one space; malloc'd. */
char		*dnode_text(const struct dnode *n);

/* libxml2's own tree, for the configuration loaders.  Parse buf (name is
 * used in messages and as the document URL) and, if s is not NULL,
 * validate it.  The caller frees the result with xmlFreeDoc.  NULL + e
 * on error: EX_DATAERR for a malformed, unsafe or invalid document (a
 * caller reading configuration sets EX_CONFIG itself). */
struct _xmlDoc	*doc_parse_mem(const char *name, const char *buf, size_t len,
		    const struct doc_schema *s, struct nerr *e);
/* The same for a file; EX_NOINPUT if it cannot be read. */
struct _xmlDoc	*doc_parse_file(const char *path, const struct doc_schema *s,
		    struct nerr *e);
/* Reading a validated tree, for the configuration loaders.  Both return
 * malloc'd strings the caller frees.  doc_attr: the attribute's value,
 * or NULL when it is absent.  doc_text: the element's text with blanks
 * at both ends removed and inner runs of blanks made one space. */
char		*doc_attr(struct _xmlNode *n, const char *name);
char		*doc_text(struct _xmlNode *n);

#endif
