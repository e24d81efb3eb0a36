/* rskm.h -- the satisfaction-survey report (`naskah report skm --semester
 * YYYY-Sn`): the definition's elements and profile columns, the
 * semester's answers read from input/skm/YYYY-Sn/ (*.csv) (bad rows named
 * and left out), the index per element, over all and per service
 * (skm.h does the arithmetic), and the report's template data.  The
 * driver (report.c) numbers, renders and issues it. */
#ifndef NASKAH_RSKM_H
#define NASKAH_RSKM_H

#include <stddef.h>
#include <stdio.h>

#include "date.h"
#include "err.h"

struct dnode;
struct kantor;
struct rdef;
struct sop_set;
struct tpl_dict;

/* A definition's <unsur> and <profil> (root: its <laporan>, validated by
 * laporan.rng).  NULL with e (EX_CONFIG) naming name and the line. */
struct rskm_def	*rskm_def_parse(const char *name, const struct dnode *root,
		    struct nerr *e);
void		 rskm_def_free(struct rskm_def *);

/* "2025-S1" or "2025-S2" into its year and half (1, 2): 0, or -1. */
int		 rskm_semester(const char *s, int *y, int *half);

struct rskm;

/* Semester half of year y, for the services of sops (every active SOP,
 * complaints too).  All borrowed. */
struct rskm	*rskm_new(const struct kantor *, const struct sop_set *,
		    const struct rdef *, int y, int half);
void		 rskm_free(struct rskm *);
/* Reads every *.csv of dir, in name order: a bad row (or a file without
 * a needed column) is kept as a rejection and left out, the rest
 * counted; the fingerprint of everything the report shows into sha.
 * -1 with e only when the reading itself fails (I/O, memory). */
int		 rskm_read(struct rskm *, const char *dir, char sha[65],
		    struct nerr *e);
/* Respondents counted; rows (or files) rejected; files read. */
size_t		 rskm_count(const struct rskm *);
size_t		 rskm_rejected(const struct rskm *);
size_t		 rskm_files(const struct rskm *);
/* Every rejection and warning as "naskah: file:line:col: msg". */
void		 rskm_print(const struct rskm *, FILE *fp);
/* One line for the log: "148 respondents, IKM 82,47 (B), 3 rows
 * rejected". */
void		 rskm_summary(const struct rskm *, char *buf, size_t sz);

/* The report's dictionary (surat/laporan_skm.xml). */
void		 rskm_fill(const struct rskm *, struct tpl_dict *d,
		    const char *nomor, const struct date *tgl, int revision,
		    const char *replaces);

#endif
