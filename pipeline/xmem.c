/* xmem.c -- malloc and friends that abort instead of returning NULL, so
 * callers need no error path for a condition a batch job cannot recover
 * from. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "xmem.h"

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		abort();
	return p;
}

void *
xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);

	if (p == NULL)
		abort();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		abort();
	return p;
}

char *
xstrdup(const char *s)
{
	char *r = strdup(s ? s : "");

	if (r == NULL)
		abort();
	return r;
}
