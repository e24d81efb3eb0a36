/* rlay.h -- the service-time report (`naskah report layanan`): the
 * month's applications of every letter service read from the register,
 * their working time from jam to jam_selesai against the SOP's total
 * time standard (sla.h does the statistics), and the report's template
 * data.  The driver (report.c) numbers, renders and issues it. */
#ifndef NASKAH_RLAY_H
#define NASKAH_RLAY_H

#include <stddef.h>

#include "date.h"
#include "err.h"

struct kantor;
struct rdef;
struct reg;
struct sop_set;
struct tpl_dict;
struct wtime;

struct rlay;

/* A month (y, m) of the office's letter services (the SOPs that issue a
 * numbered letter when an application is complete).  All borrowed. */
struct rlay	*rlay_new(const struct kantor *, const struct sop_set *,
		    const struct rdef *, int y, int m);
void		 rlay_free(struct rlay *);
/* Reads the month's applications from the register and computes the
 * figures; the fingerprint of everything the report shows (what "the
 * same data" means for the revision rule) into sha.  -1 with e. */
int		 rlay_read(struct rlay *, struct reg *, char sha[65],
		    struct nerr *e);
/* Applications of the month counted (0: nothing to report on). */
size_t		 rlay_count(const struct rlay *);
/* Measures in calendar wt (borrowed) instead of the kantor's: a
 * kabupaten's roll-up (rkab.c) times each kecamatan in its own. */
void		 rlay_set_wtime(struct rlay *, const struct wtime *wt);
/* The month's figures over every service, once read: applications,
 * letters, returned, letters timed and within their standard, untimed
 * ones, and the timed working minutes (timed of them, sorted). */
struct rlay_fig {
	size_t		 n, letters, returned, timed, within, notime, badtime;
	const long	*min;
};
void		 rlay_figures(const struct rlay *, struct rlay_fig *);
/* One line for the log: "33 applications, 27 letters, ...". */
void		 rlay_summary(const struct rlay *, char *buf, size_t sz);

/* The report's dictionary (surat/laporan_layanan.xml): its number, its
 * date, its revision (1 the first) and the number it replaces. */
void		 rlay_fill(const struct rlay *, struct tpl_dict *d,
		    const char *nomor, const struct date *tgl, int revision,
		    const char *replaces);

#endif
