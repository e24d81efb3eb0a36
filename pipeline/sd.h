/* sd.h -- the office's outgoing surat dinas (surat-dinas.md): the rows of
 * surat-keluar/YYYY-MM-DD.csv, each a letter of a type of
 * templates/surat-dinas/ (sdjenis.h) with its lampiran table from
 * surat-keluar/lampiran/, numbered in the outgoing book with the other
 * letters and issued with its archive copy through issue.h's
 * transaction.  run.c drives it, as it drives aduan.c. */
#ifndef NASKAH_SD_H
#define NASKAH_SD_H

#include <stddef.h>

#include "date.h"
#include "err.h"
#include "issue.h"
#include "office.h"

/* What the driver lends: the open office and the issuing path, and where
 * a rejected row, a warning and a log line go (no_konsep in the place of
 * a register number). */
struct sd_env {
	struct office	*o;
	const char	*datadir;
	struct issue	*iss;		/* or later: sd_set_issue */
	long		 run;		/* or later: sd_set_run */
	int		 batch;		/* documents per commit */
	int		 check;		/* render every type once now (the
					 * start-up check) */
	void		(*reject)(void *arg, const struct nerr *why,
			    const char *no_konsep);
	void		(*warn)(void *arg, const struct nerr *w);
	void		(*log)(void *arg, const char *line);
	void		*arg;
};

struct sd_counts {
	long	rows;		/* rows read */
	long	letters;	/* letters issued */
	long	unchanged;	/* rows already issued, as they are */
};

struct sd;

/* Loads the types and checks them against kantor.xml: every signer and
 * every template, each type rendered once from a made-up letter (with
 * its lampiran and archive copy).  NULL with e (EX_CONFIG naming the
 * file) on a mistake. */
struct sd	*sd_new(const struct sd_env *, struct nerr *e);
void		 sd_free(struct sd *);
void		 sd_set_issue(struct sd *, struct issue *);
void		 sd_set_run(struct sd *, long run);
const struct sd_counts *sd_counts(const struct sd *);

/* One day's file (unless it and the lampiran folder are as already
 * processed, or force): every row a letter, unchanged, or rejected with
 * file, line, column and reason; commits.  0, or -1 fatal. */
int	sd_file(struct sd *, const char *path, const char *name, int force,
	    struct nerr *fatal);

/* `naskah ralat` of a surat dinas (fix.c): the changed row a run kept
 * for the letter issued as nomor (dated olddate), checked again, issued
 * dated when under a new number of the same book, with its archive copy,
 * in env.iss's open transaction; the old number cancelled "diganti
 * dengan Nomor ...", both linked, the row recorded as issued.  0 and
 * *out, 1 refused (e says why), -1 fatal (e). */
struct sd_ralat {
	char	nomor[256];	/* the new number */
	char	rel[512];	/* the letter's path in the output folder */
	char	what[700];	/* what changed */
};
int	sd_ralat(struct sd *, const char *nomor, const struct date *olddate,
	    const struct date *when, struct sd_ralat *out, struct nerr *e);

#endif
