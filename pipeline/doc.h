/* doc.h -- parse XML safely (no DOCTYPE, no entity, nothing fetched) and
 * validate it against RelaxNG, the first error's file, line and column in
 * a struct nerr.  For filled document templates and config files alike.
 * Documents go to layout as a tree of the project's own (struct dnode),
 * so the XML library stays in doc.c; this header does not include it. */
#ifndef NASKAH_DOC_H
#define NASKAH_DOC_H

#include <stddef.h>

#include "err.h"

struct doc_schema;

/* Once at start-up, before any thread: deny all external entity loading
 * and silence the XML library's own printing.  Idempotent; the functions
 * below call it too, but only a call before threads start covers them
 * all. */
void		 doc_init(void);
/* Once at exit, after every thread is done: frees the XML library's
 * global state, so that leak checkers see nothing left. */
void		 doc_cleanup(void);

/* Load a self-contained RelaxNG schema (XML syntax; include/externalRef
 * are refused, since nothing is ever fetched).  NULL + EX_CONFIG on error.
 * A loaded schema may be shared by threads. */
struct doc_schema *doc_schema_load(const char *rng_path, struct nerr *e);
void		 doc_schema_free(struct doc_schema *s);
/* Whether the schema lets a document's shape decide its validity (doc.c,
 * "Validation by shape": a shape that validated once is not validated
 * again), and in *hits (may be NULL) how many documents it let through
 * so.  For tests and measurements; NASKAH_NO_SHAPES in the environment
 * when a schema is loaded turns it off. */
int		 doc_schema_shapes(const struct doc_schema *s,
		    unsigned long *hits);

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
 * and build its tree; the library's is freed before this returns.
 * NULL + e on error: EX_DATAERR for a malformed, unsafe or invalid document (a
 * caller reading configuration sets EX_CONFIG itself). */
struct doc_tree	*doc_tree_mem(const char *name, const char *buf,
		    size_t len, const struct doc_schema *s, struct nerr *e);
/* The same for a file; EX_NOINPUT if it cannot be read. */
struct doc_tree	*doc_tree_file(const char *path, const struct doc_schema *s,
		    struct nerr *e);
const struct dnode *doc_tree_root(const struct doc_tree *);
void		 doc_tree_free(struct doc_tree *);
/* An attribute's value, or NULL when the element has none. */
const char	*dnode_attr(const struct dnode *, const char *name);
/* The same as a malloc'd copy, for readers that keep it past the tree. */
char		*dnode_attr_dup(const struct dnode *, const char *name);
/* The attribute read the way RelaxNG's token type validated it, blanks
 * collapsed and trimmed (" kasi_tapem\t" passed the schema as
 * "kasi_tapem", so the code must read it so too); malloc'd, NULL when
 * absent. */
char		*dnode_token(const struct dnode *, const char *name);
/* Whether the attribute is there with value val. */
int		 dnode_attr_is(const struct dnode *, const char *name,
		    const char *val);
/* All the text under n, blanks at both ends removed and inner runs of
 * blanks made one space; malloc'd. */
char		*dnode_text(const struct dnode *n);

#endif
