/* totals.c -- a report's arithmetic: sums, changes, rankings, the chart's
 * scale and plausibility, over figures already read.  Whatever a report
 * prints as a number is computed here, so it can be tested by hand. */
#include <stdlib.h>
#include <string.h>

#include "totals.h"
#include "xmem.h"

static uint64_t
sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

struct totals *
totals_new(const struct ddata_def *def, size_t nd)
{
	struct totals *t = xcalloc(1, sizeof(*t));
	size_t ni = def->nind;

	t->def = def;
	t->nd = nd;
	t->nind = ni;
	/* TOTALS_MISSING is 0: calloc'd arrays start with no desa. */
	t->state = xcalloc(nd, 1);
	t->v = xcalloc(nd * ni, sizeof(*t->v));
	t->sum = xcalloc(ni, sizeof(*t->sum));
	t->pstate = xcalloc(nd, 1);
	t->pv = xcalloc(nd * ni, sizeof(*t->pv));
	t->psum = xcalloc(ni, sizeof(*t->psum));
	t->csum = xcalloc(ni, sizeof(*t->csum));
	t->cpsum = xcalloc(ni, sizeof(*t->cpsum));
	t->nmissing = nd;
	t->pdesa = -1;
	return t;
}

void
totals_free(struct totals *t)
{
	if (t == NULL)
		return;
	free(t->state); free(t->v); free(t->sum); free(t->warn);
	free(t->pstate); free(t->pv); free(t->psum); free(t->csum);
	free(t->cpsum);
	free(t);
}

size_t
totals_add(struct totals *t, size_t d, const uint64_t *v)
{
	const struct ddata_def *def = t->def;
	uint64_t *row = t->v + d * t->nind;
	size_t n = 0;

	t->state[d] = TOTALS_OK;
	t->nok++;
	t->nmissing--;
	memcpy(row, v, t->nind * sizeof(*row));
	for (size_t i = 0; i < t->nind; i++)
		t->sum[i] = sat_add(t->sum[i], row[i]);
	for (size_t q = 0; q < def->nrule; q++)
		if (ddata_rule_broken(def, q, row)) {
			t->warn = xrealloc(t->warn, (t->nwarn + 1) *
			    sizeof(*t->warn));
			t->warn[t->nwarn].desa = d;
			t->warn[t->nwarn].rule = q;
			t->nwarn++;
			n++;
		}
	return n;
}

void
totals_reject(struct totals *t, size_t d)
{
	t->state[d] = TOTALS_BAD;
	t->nbad++;
	t->nmissing--;
}

void
totals_prev_set(struct totals *t, size_t d, size_t i, uint64_t v)
{
	t->pstate[d] = TOTALS_OK;
	t->pv[d * t->nind + i] = v;
}

void
totals_compare(struct totals *t)
{
	const size_t ni = t->nind;

	memset(t->psum, 0, ni * sizeof(*t->psum));
	memset(t->csum, 0, ni * sizeof(*t->csum));
	memset(t->cpsum, 0, ni * sizeof(*t->cpsum));
	t->pdesa = 0;
	t->ncommon = 0;
	for (size_t d = 0; d < t->nd; d++) {
		const uint64_t *v = t->v + d * ni, *pv = t->pv + d * ni;
		int both;

		if (t->pstate[d] != TOTALS_OK)
			continue;
		t->pdesa++;
		both = t->state[d] == TOTALS_OK;
		t->ncommon += both;
		for (size_t i = 0; i < ni; i++) {
			t->psum[i] = sat_add(t->psum[i], pv[i]);
			if (both) {
				t->cpsum[i] = sat_add(t->cpsum[i], pv[i]);
				t->csum[i] = sat_add(t->csum[i], v[i]);
			}
		}
	}
}

int
totals_change(const struct totals *t, size_t i, uint64_t *by)
{
	uint64_t now = t->csum[i], before = t->cpsum[i];

	*by = now > before ? now - before : before - now;
	return (now > before) - (now < before);
}

void
totals_figure(const struct totals *t, const struct ddata_expr *x, size_t d,
    uint64_t *num, uint64_t *den)
{
	const uint64_t *v = d == TOTALS_SUM ? t->sum : d == TOTALS_PREV ?
	    t->psum : t->v + d * t->nind;

	ddata_expr_eval(x, v, num, den);
}

/* A desa's place in a ranking: its figure as a fraction a/b (a plain sum
 * over 1, so one comparison serves both kinds). */
struct key {
	uint64_t	 a, b;
	size_t		 d;
};

static void
key_of(const struct totals *t, const struct ddata_expr *x, size_t d,
    struct key *k)
{
	totals_figure(t, x, d, &k->a, &k->b);
	if (x->nden == 0)
		k->b = 1;
	k->d = d;
}

/* Highest figure first (ddata_ratio_cmp puts a zero denominator lowest),
 * then desa.csv's order: a total order, so qsort's instability does not
 * show. */
static int
key_cmp(const void *pa, const void *pb)
{
	const struct key *x = pa, *y = pb;
	int k = ddata_ratio_cmp(y->a, y->b, x->a, x->b);

	return k ? k : (x->d > y->d) - (x->d < y->d);
}

size_t
totals_order(const struct totals *t, const struct ddata_expr *x,
    size_t *order)
{
	struct key *k;
	size_t n = 0;

	if (x == NULL) {
		for (size_t d = 0; d < t->nd; d++)
			if (t->state[d] == TOTALS_OK)
				order[n++] = d;
		return n;
	}
	/* Each figure computed once, not at every comparison. */
	k = xmalloc(t->nok * sizeof(*k));
	for (size_t d = 0; d < t->nd; d++)
		if (t->state[d] == TOTALS_OK)
			key_of(t, x, d, &k[n++]);
	qsort(k, n, sizeof(*k), key_cmp);
	for (size_t i = 0; i < n; i++)
		order[i] = k[i].d;
	free(k);
	return n;
}

void
totals_chart_value(const struct totals *t, const struct ddata_expr *x,
    size_t d, uint64_t *whole, unsigned *hundredths)
{
	uint64_t a, b;

	totals_figure(t, x, d, &a, &b);
	if (x->nden) {
		/* In integers: 10000 * a may not fit in 64 bits. */
		unsigned __int128 q = b ? ((unsigned __int128)a * 10000 +
		    b / 2) / b : 0;

		*whole = (uint64_t)(q / 100);
		*hundredths = (unsigned)(q % 100);
	} else {
		*whole = a;
		*hundredths = 0;
	}
}

int
totals_chart_max(const struct totals *t, const struct ddata_expr *x,
    uint64_t *whole, unsigned *hundredths)
{
	struct key best = { 0, 0, 0 }, k;
	int found = 0;

	*whole = 0;
	*hundredths = 0;
	/* One pass: the bars are sorted only when they are drawn. */
	for (size_t d = 0; d < t->nd; d++) {
		if (t->state[d] != TOTALS_OK)
			continue;
		key_of(t, x, d, &k);
		if (!found || key_cmp(&k, &best) < 0)
			best = k;
		found = 1;
	}
	if (found)
		totals_chart_value(t, x, best.d, whole, hundredths);
	return found;
}
