/* xmem.h -- allocation that cannot fail: out of memory aborts, as the
 * project's policy for a batch job (nothing half-written survives a
 * crash; see fsio.h and reg.h).  Sizes of 0 allocate 1 byte. */
#ifndef NASKAH_XMEM_H
#define NASKAH_XMEM_H

#include <stddef.h>

void	*xmalloc(size_t n);
void	*xcalloc(size_t n, size_t sz);
void	*xrealloc(void *p, size_t n);
/* A copy of s; NULL copies as "". */
char	*xstrdup(const char *s);

#endif
