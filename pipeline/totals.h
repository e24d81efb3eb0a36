/* totals.h -- the arithmetic of a monthly report, apart from reading,
 * storing and printing it: the figures desa by desa of the month and of
 * the month before, their totals, the change over the desa counted in
 * both, rankings, the chart's scale and the plausibility warnings.
 * Pure: no I/O, no globals, no SQL, no templates. */
#ifndef NASKAH_TOTALS_H
#define NASKAH_TOTALS_H

#include <stddef.h>
#include <stdint.h>

#include "ddata.h"

enum totals_state {
	TOTALS_MISSING,	/* no file (or, last month, no data) */
	TOTALS_OK,	/* counted */
	TOTALS_BAD	/* a file with errors: not counted */
};

/* A plausibility rule (def->rule[rule]) broken by desa desa. */
struct totals_warn {
	size_t	 desa;
	size_t	 rule;
};

/* One section's month.  Desa are indexes 0..nd-1 (desa.csv's order),
 * indicators 0..nind-1 (the definition's).  Every array is owned by the
 * struct and freed by totals_free; def is borrowed and must outlive it.
 * Callers read the fields and change them only through the functions
 * below.  Sums saturate at UINT64_MAX rather than wrap. */
struct totals {
	const struct ddata_def	*def;
	size_t			 nd, nind;
	/* This month. */
	unsigned char		*state;		/* nd; enum totals_state */
	uint64_t		*v;		/* nd * nind; 0 unless TOTALS_OK */
	size_t			 nok, nbad, nmissing;
	uint64_t		*sum;		/* nind, over the TOTALS_OK desa */
	struct totals_warn	*warn;		/* by desa, then by rule */
	size_t			 nwarn;
	/* The month before. */
	unsigned char		*pstate;	/* TOTALS_OK or TOTALS_MISSING */
	uint64_t		*pv;
	long			 pdesa;		/* desa it has; -1: no month */
	long			 ncommon;	/* desa counted in both months */
	uint64_t		*psum;		/* over all of its desa */
	/* This month and the last over the ncommon desa only: a change is
	 * only honest between the same desa. */
	uint64_t		*csum, *cpsum;
};

/* nd desa, all TOTALS_MISSING in both months, no previous month. */
struct totals	*totals_new(const struct ddata_def *def, size_t nd);
void		 totals_free(struct totals *);

/* Desa d this month: values v (nind of them, copied) are counted.
 * Returns how many plausibility rules they break; those warnings are the
 * last ones of warn.  Each desa is added or rejected once. */
size_t		 totals_add(struct totals *, size_t d, const uint64_t *v);
/* Desa d sent a file with errors: listed as such, not counted. */
void		 totals_reject(struct totals *, size_t d);

/* The month before: indicator i of desa d was v. */
void		 totals_prev_set(struct totals *, size_t d, size_t i,
		    uint64_t v);
/* Once the month before is in (even with no desa of desa.csv left):
 * pdesa, ncommon, psum, csum and cpsum.  Without this call the report
 * has no month to compare with. */
void		 totals_compare(struct totals *);

/* The change of indicator i against the month before over the desa of
 * both: -1, 0 or 1, and its size in *by. */
int		 totals_change(const struct totals *, size_t i, uint64_t *by);

#define TOTALS_SUM	((size_t)-1)	/* this month's totals */
#define TOTALS_PREV	((size_t)-2)	/* the month before's totals */

/* Figure x of desa d (this month's values), TOTALS_SUM or TOTALS_PREV:
 * the sum of its indicators in *num and, for a percentage, of those it
 * is a percentage of in *den (0 for a plain sum, and for a percentage of
 * nothing; fmt_percent prints that "-"). */
void		 totals_figure(const struct totals *, const struct ddata_expr *x,
		    size_t d, uint64_t *num, uint64_t *den);

/* The TOTALS_OK desa into order (room for nd; the caller's), in
 * desa.csv's order when x is NULL, else by figure x highest first, a
 * percentage of nothing last, desa.csv's order among equals.  Returns
 * how many (nok). */
size_t		 totals_order(const struct totals *, const struct ddata_expr *x,
		    size_t *order);

/* Figure x of desa d as the chart draws it: a percentage in whole
 * percent and hundredths, rounded half up (0.00 for a percentage of
 * nothing); a plain sum whole, *hundredths 0. */
void		 totals_chart_value(const struct totals *,
		    const struct ddata_expr *x, size_t d, uint64_t *whole,
		    unsigned *hundredths);
/* The chart's scale: the value of its highest bar, the first desa of
 * totals_order by x.  0 when no desa is counted (then *whole and
 * *hundredths are 0), else 1. */
int		 totals_chart_max(const struct totals *,
		    const struct ddata_expr *x, uint64_t *whole,
		    unsigned *hundredths);

#endif
