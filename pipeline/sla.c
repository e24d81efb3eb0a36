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

/* Complaints. */

int
sla_case_over(const struct sla_case *c)
{
	return c->total > c->standard;
}

long
sla_case_lost(const struct sla_case *c)
{
	long best = -1, most = 0;

	for (size_t i = 0; i < c->nstep; i++) {
		long over = c->took[i] - c->std[i];

		if (over > most) {
			most = over;
			best = (long)i;
		}
	}
	return best;
}

static struct sla_pgd_step *
pgd_step(struct sla_pgd *p, int langkah, long std)
{
	size_t i;

	for (i = 0; i < p->nstep && p->step[i].langkah < langkah; i++)
		;
	if (i < p->nstep && p->step[i].langkah == langkah)
		return &p->step[i];
	p->step = xrealloc(p->step, (p->nstep + 1) * sizeof(*p->step));
	memmove(p->step + i + 1, p->step + i, (p->nstep - i) *
	    sizeof(*p->step));
	p->nstep++;
	memset(&p->step[i], 0, sizeof(p->step[i]));
	p->step[i].langkah = langkah;
	p->step[i].std = std;
	sla_init(&p->step[i].g);
	return &p->step[i];
}

/* Oldest first: by time received, then by register number. */
static int
older(const struct sla_case *x, const struct sla_case *y)
{
	int c = strcmp(x->diterima ? x->diterima : "",
	    y->diterima ? y->diterima : "");

	return c ? c < 0 : strcmp(x->id ? x->id : "", y->id ? y->id : "") < 0;
}

/* An insertion sort: a month's complaints are few, and qsort has no
 * argument to carry the cases without a global. */
static void
oldest_first(const struct sla_case *c, size_t *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && older(&c[v[j]], &c[v[j - 1]]);
		    j--) {
			size_t t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

void
sla_pgd_sum(const struct sla_case *c, size_t n, struct sla_pgd *p)
{
	memset(p, 0, sizeof(*p));
	sla_tally_init(&p->saluran);
	sla_tally_init(&p->desa);
	p->opened = xcalloc(n ? n : 1, sizeof(*p->opened));
	p->over = xcalloc(n ? n : 1, sizeof(*p->over));
	for (size_t i = 0; i < n; i++) {
		const struct sla_case *k = &c[i];
		size_t done = k->pending && k->nstep ? k->nstep - 1 : k->nstep;

		p->n++;
		sla_tally_add(&p->saluran, k->saluran ? k->saluran : "");
		sla_tally_add(&p->desa, k->desa ? k->desa : "");
		switch (k->outcome) {
		case SLA_MUSYAWARAH:
			p->musyawarah++;
			break;
		case SLA_JALUR_HUKUM:
			p->jalur_hukum++;
			break;
		default:
			p->open++;
			p->opened[p->nopened++] = i;
		}
		for (size_t j = 0; j < done; j++) {
			struct sla_pgd_step *st = pgd_step(p, k->langkah[j],
			    k->std[j]);

			/* Its own standard: "1 hari" is as long as the
			 * working day the step started in. */
			sla_add(&st->g, k->took[j], k->std[j]);
		}
		if (sla_case_over(k))
			p->over[p->nover++] = i;
	}
	for (size_t i = 0; i < p->nstep; i++)
		sla_sum(&p->step[i].g, &p->step[i].s);
	sla_tally_sort(&p->saluran);
	sla_tally_sort(&p->desa);
	oldest_first(c, p->opened, p->nopened);
	oldest_first(c, p->over, p->nover);
}

void
sla_pgd_free(struct sla_pgd *p)
{
	for (size_t i = 0; i < p->nstep; i++)
		sla_free(&p->step[i].g);
	free(p->step);
	free(p->opened);
	free(p->over);
	sla_tally_free(&p->saluran);
	sla_tally_free(&p->desa);
	memset(p, 0, sizeof(*p));
}
