/* doc.h -- parse XML safely (no DOCTYPE, no entity, nothing fetched) and
 * validate it against RelaxNG, the first error's file, line and column in
 * a struct nerr.  For filled document templates and config files alike. */
#ifndef NASKAH_DOC_H
#define NASKAH_DOC_H

#include <stddef.h>

#include <libxml/tree.h>

#include "err.h"

struct doc_schema;

/* Once at start-up, before any thread: deny all external entity loading
 * and silence libxml2's own printing.  Idempotent; the functions below
 * call it too, but only a call before threads start covers them all. */
void		 doc_init(void);

/* Load a self-contained RelaxNG schema (XML syntax; include/externalRef
 * are refused, since nothing is ever fetched).  NULL + EX_CONFIG on error.
 * A loaded schema may be shared by threads. */
struct doc_schema *doc_schema_load(const char *rng_path, struct nerr *e);
void		 doc_schema_free(struct doc_schema *s);

/* Parse buf (name is used in messages and as the document URL) and, if s
 * is not NULL, validate it.  The caller frees the result with xmlFreeDoc.
 * NULL + e on error: EX_DATAERR for a malformed, unsafe or invalid
 * document (a caller reading configuration sets EX_CONFIG itself). */
xmlDocPtr	 doc_parse_mem(const char *name, const char *buf, size_t len,
		    const struct doc_schema *s, struct nerr *e);
/* The same for a file; EX_NOINPUT if it cannot be read. */
/* Reading a validated tree, for the configuration loaders.  Both return
 * malloc'd strings the caller frees.  doc_attr: the attribute's value,
 * or NULL when it is absent.  doc_text: the element's text with blanks
 * at both ends removed and inner runs of blanks made one space. */
char		*doc_attr(xmlNodePtr n, const char *name);
char		*doc_text(xmlNodePtr n);
xmlDocPtr	 doc_parse_file(const char *path, const struct doc_schema *s,
		    struct nerr *e);

#endif
