/* tpl.h -- fill XML document templates (Google ctemplate) from C.
 * Every template must open with {{%AUTOESCAPE context="XML"}}, so a value
 * is always escaped and can never become markup or another marker. */
#ifndef NASKAH_TPL_H
#define NASKAH_TPL_H

#include <stddef.h>

#include "err.h"

#ifdef __cplusplus
extern "C" {
#endif

struct tpl_dict;

/* A root dictionary; free it with tpl_dict_free. */
struct tpl_dict	*tpl_dict_new(void);
/* {{KEY}} = val (copied; NULL is ""). A value set on a root dictionary is
 * also seen inside included files and sections; one set on a section or
 * include dictionary only there (and in its own sections). */
void		 tpl_set(struct tpl_dict *d, const char *key, const char *val);
/* A new repeated instance of {{#section}}; owned by d. */
struct tpl_dict	*tpl_section_add(struct tpl_dict *d, const char *section);
/* Show {{#section}} once, with d's values. */
void		 tpl_section_show(struct tpl_dict *d, const char *section);
/* A new instance of {{>name}}, expanding the template file path (which
 * must carry the AUTOESCAPE pragma too); owned by d. */
struct tpl_dict	*tpl_include(struct tpl_dict *d, const char *name,
		    const char *path);
/* Strict expansion, for the start-up check: call on a root before
 * filling it.  Expanding it then fails (EX_CONFIG, naming the template
 * file and line) when the template expands a variable nothing set in d, or
 * names an include d has no file for; and it keeps the names of the
 * variables and sections the expansion used, for tpl_used. */
void		 tpl_dict_strict(struct tpl_dict *d);
/* After a strict expansion: the i-th name it used ("NAME" a variable,
 * "#NAME" a section shown), NULL past the last. */
const char	*tpl_used(const struct tpl_dict *d, size_t i);
/* Frees a root and all its children; a no-op on a child (or NULL). */
void		 tpl_dict_free(struct tpl_dict *d);
/* Expand the template file path with d: a malloc'd NUL-terminated string
 * of *len bytes (len may be NULL), or NULL and e filled: EX_CONFIG for a
 * missing, unsafe or malformed template.  Parsed templates are cached for
 * the life of the process, so an edited file is not seen again. */
char		*tpl_expand(const char *path, const struct tpl_dict *d,
		    size_t *len, struct nerr *e);

#ifdef __cplusplus
}
#endif

#endif
