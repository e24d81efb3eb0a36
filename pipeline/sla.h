/* sla.h -- the statistics of the service-time reports: how long the
 * office took against its SOP time standards (count, median, 90th
 * percentile, share within standard) and which reasons came up most
 * often.  Pure: no I/O, no clock, no SQL, no templates; durations are
 * whole minutes already measured by the caller (working time).
 *
 * Methods (printed on the reports, so they are part of the contract):
 * the median is the middle value of the sorted durations, or the mean of
 * the two middle ones when their number is even (so it may end in half a
 * minute: kept doubled, as med2); the 90th percentile is the nearest
 * rank: the ceil(0.9 n)-th smallest duration, always one that occurred;
 * a duration is within standard when it is at most the standard. */
#ifndef NASKAH_SLA_H
#define NASKAH_SLA_H

#include <stddef.h>

/* One group of cases (a service, an officer, all of them). */
struct sla_group {
	size_t	 count;		/* every case counted, timed or not */
	size_t	 untimed;	/* counted without a duration */
	size_t	 within;	/* timed and at most their standard */
	long	*min;		/* the timed durations; sorted by sla_sum */
	size_t	 n, cap;
};

/* What a report prints of a group. */
struct sla_sum {
	size_t	 count, timed, untimed, within;
	long	 med2;		/* twice the median; 0 when nothing timed */
	long	 p90;		/* 0 when nothing timed */
	long	 max;
};

void	sla_init(struct sla_group *);
void	sla_free(struct sla_group *);
/* A case that took minutes against standard (both >= 0), or, with
 * minutes < 0, one counted without a duration. */
void	sla_add(struct sla_group *, long minutes, long standard);
/* The summary (sorts g->min); a group with nothing timed has timed 0 and
 * its figures 0: the caller prints "-". */
void	sla_sum(struct sla_group *g, struct sla_sum *out);

/* Over n durations sorted ascending (n > 0): twice the median, and the
 * pct-th percentile by nearest rank (1 <= pct <= 100). */
long	sla_median2(const long *sorted, size_t n);
long	sla_percentile(const long *sorted, size_t n, unsigned pct);

/* "22" or "22,5" from a doubled value. */
void	sla_fmt_half(long x2, char *buf, size_t sz);

/* How often each reason came up (a missing document, a channel, a
 * desa), most frequent first. */
struct sla_tally_item {
	char	*key;
	size_t	 n;
};
struct sla_tally {
	struct sla_tally_item	*v;
	size_t			 n, cap;
	size_t			 total;	/* all adds */
};

void	sla_tally_init(struct sla_tally *);
void	sla_tally_free(struct sla_tally *);
void	sla_tally_add(struct sla_tally *, const char *key);
/* Most frequent first; equal counts in key order, so the order never
 * depends on the order of the adds. */
void	sla_tally_sort(struct sla_tally *);

/*
 * Complaints (`naskah report pengaduan`, issue 11).  The integrator fills
 * one struct sla_case per complaint of the month from the complaint
 * register (steps recorded, their working time from the step before,
 * the SOP's standard of each) and sla_pgd_sum does the rest: received by
 * channel and by desa, settled by musyawarah, handed to the legal
 * channel, still open with their age; per SOP step the median working
 * time against its standard and the share within; the complaints over
 * standard, oldest first, each with the step where time was lost.
 */
enum sla_outcome {
	SLA_OPEN,		/* not closed at the end of the month */
	SLA_MUSYAWARAH,		/* settled by musyawarah */
	SLA_JALUR_HUKUM		/* handed back for the legal channel */
};

struct sla_case {
	const char	*id;		/* register number, for the lists */
	const char	*diterima;	/* "YYYY-MM-DD HH:MM": orders them */
	const char	*saluran;	/* langsung, email, ... */
	const char	*desa;		/* the complainant's desa (its name) */
	enum sla_outcome outcome;
	/* Working minutes from receipt to closing, or to the end of the
	 * reported month while open; against the sum of the standards of
	 * the steps on its route (pengaduan.md: over standard when more). */
	long		 total, standard;
	/* The steps recorded after receipt, in order: the SOP's step
	 * number, the working minutes it took (from the step before; the
	 * first from receipt) and its standard.  When pending, the last
	 * entry is the step an open complaint waits for, with the time
	 * waited so far: it can be where time is lost, but it is no
	 * finished step and stays out of the per-step figures. */
	const int	*langkah;
	const long	*took, *std;
	size_t		 nstep;
	int		 pending;
};

/* Over standard (total above standard). */
int	sla_case_over(const struct sla_case *);
/* Where the most time above its standard went: the index of that entry
 * of c (the first of equal ones), or -1 when no step went over. */
long	sla_case_lost(const struct sla_case *);

struct sla_pgd_step {
	int		 langkah;
	long		 std;		/* its standard (the first seen) */
	struct sla_group g;
	struct sla_sum	 s;
};

struct sla_pgd {
	size_t			 n, musyawarah, jalur_hukum, open;
	struct sla_tally	 saluran, desa;	/* most frequent first */
	struct sla_pgd_step	*step;		/* by step number */
	size_t			 nstep;
	size_t			*opened;	/* open cases, oldest first */
	size_t			 nopened;
	size_t			*over;		/* over standard, oldest first */
	size_t			 nover;
};

/* Sums up c[0..n) into out (indexes in opened and over are into c). */
void	sla_pgd_sum(const struct sla_case *c, size_t n, struct sla_pgd *out);
void	sla_pgd_free(struct sla_pgd *);

#endif
