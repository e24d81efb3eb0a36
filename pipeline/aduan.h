/* aduan.h -- complaints (pengaduan) from receipt to outcome: the
 * documents of a complaint received (event diterima: receipt numbered in
 * the incoming book, disposition sheet), the follow-up steps of
 * tindak-lanjut/ files, and the outcome letter when the closing step is
 * recorded (event selesai).  What the steps are, who does them, how long
 * each may take and which closes is the office's pengaduan SOP (data);
 * time standards count working time (wtime.h).  run.c drives it. */
#ifndef NASKAH_ADUAN_H
#define NASKAH_ADUAN_H

#include <stddef.h>

#include "check.h"
#include "err.h"
#include "fill.h"
#include "issue.h"
#include "office.h"

/* What the driver lends: the open office and the issuing path, and where
 * a rejected row, a warning and a log line go. */
struct aduan_env {
	struct office	*o;
	struct fill	*fill;
	const struct check *ck;
	struct issue	*iss;		/* or later: aduan_set_issue */
	long		 run;		/* reg_run_start's, or later */
	int		 batch;		/* documents per commit */
	void		(*reject)(void *arg, const struct nerr *why,
			    const char *no_register);
	void		(*warn)(void *arg, const struct nerr *w);
	void		(*log)(void *arg, const char *line);
	void		*arg;
};

struct aduan_counts {
	long	rows;		/* follow-up rows read */
	long	steps;		/* steps recorded */
	long	closed;		/* complaints closed: outcome letters */
	long	unchanged;	/* rows already recorded */
};

struct aduan;

/* Also installs the values complaint documents print beyond the row
 * (fill_set_extra): call before fill_preflight. */
struct aduan	*aduan_new(const struct aduan_env *);
void		 aduan_free(struct aduan *);
/* The issuing path, when the driver makes it after aduan_new. */
void		 aduan_set_issue(struct aduan *, struct issue *);
void		 aduan_set_run(struct aduan *, long run);
const struct aduan_counts *aduan_counts(const struct aduan *);

/* A complaint row just recorded as application app_id (inside the row's
 * savepoint): its state in the register and the documents of its SOP's
 * event diterima.  0 done; 1 a value its documents cannot show (rowerr;
 * the caller undoes the row); -1 fatal (fatal). */
int	aduan_received(struct aduan *, struct app *a, long app_id,
	    struct nerr *rowerr, struct nerr *fatal);

/* Processes one follow-up file (unless already processed with this
 * content, or force): every row a step, or rejected with file, line,
 * column and reason; commits.  0, or -1 fatal (fatal). */
int	aduan_file(struct aduan *, const char *path, const char *name,
	    int force, struct nerr *fatal);

#endif
