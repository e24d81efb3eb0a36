/* sla.c -- medians, nearest-rank percentiles, shares within standard and
 * tallies for the service-time reports (methods in sla.h).  Integers
 * only: the figures a report prints must not depend on rounding. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sla.h"
#include "xmem.h"

void
sla_init(struct sla_group *g)
{
	memset(g, 0, sizeof(*g));
}

void
sla_free(struct sla_group *g)
{
	free(g->min);
	memset(g, 0, sizeof(*g));
}

void
sla_add(struct sla_group *g, long minutes, long standard)
{
	g->count++;
	if (minutes < 0) {
		g->untimed++;
		return;
	}
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 16;
		g->min = xrealloc(g->min, g->cap * sizeof(*g->min));
	}
	g->min[g->n++] = minutes;
	if (minutes <= standard)
		g->within++;
}

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

long
sla_median2(const long *v, size_t n)
{
	if (n == 0)
		return 0;
	if (n % 2)
		return 2 * v[n / 2];
	return v[n / 2 - 1] + v[n / 2];
}

long
sla_percentile(const long *v, size_t n, unsigned pct)
{
	size_t rank;

	if (n == 0)
		return 0;
	if (pct < 1)
		pct = 1;
	if (pct > 100)
		pct = 100;
	/* ceil(pct * n / 100), the rank counted from 1. */
	rank = (pct * n + 99) / 100;
	return v[rank - 1];
}

void
sla_sum(struct sla_group *g, struct sla_sum *s)
{
	memset(s, 0, sizeof(*s));
	s->count = g->count;
	s->untimed = g->untimed;
	s->timed = g->n;
	s->within = g->within;
	if (g->n == 0)
		return;
	qsort(g->min, g->n, sizeof(*g->min), cmp_long);
	s->med2 = sla_median2(g->min, g->n);
	s->p90 = sla_percentile(g->min, g->n, 90);
	s->max = g->min[g->n - 1];
}

void
sla_fmt_half(long x2, char *buf, size_t sz)
{
	if (x2 % 2)
		snprintf(buf, sz, "%ld,5", x2 / 2);
	else
		snprintf(buf, sz, "%ld", x2 / 2);
}

void
sla_tally_init(struct sla_tally *t)
{
	memset(t, 0, sizeof(*t));
}

void
sla_tally_free(struct sla_tally *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].key);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

void
sla_tally_add(struct sla_tally *t, const char *key)
{
	t->total++;
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].key, key) == 0) {
			t->v[i].n++;
			return;
		}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 8;
		t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	t->v[t->n].key = xstrdup(key);
	t->v[t->n++].n = 1;
}

static int
cmp_item(const void *a, const void *b)
{
	const struct sla_tally_item *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->key, y->key);
}

void
sla_tally_sort(struct sla_tally *t)
{
	if (t->n > 1)
		qsort(t->v, t->n, sizeof(*t->v), cmp_item);
}
