/* run.h -- the commands: `naskah run` (nightly letters) and, later,
 * `naskah report`.  Each returns the process exit status (sysexits). */
#ifndef NASKAH_RUN_H
#define NASKAH_RUN_H

#include "date.h"

struct run_opts {
	const char	*input, *output, *datadir;
	const char	*date;		/* run: YYYY-MM-DD or NULL */
	const char	*bagian;	/* report */
	const char	*month;		/* report: YYYY-MM */
	const char	*semester;	/* report skm: YYYY-S1 or YYYY-S2 */
	int		 quiet, verbose;
	const char	*since;		/* init: YYYY-MM-DD or NULL (today) */
	int		 kabupaten;	/* report: the kabupaten's roll-up */
	int		 jobs;		/* run: render workers; 0 the cores */
};

int	run_nightly(const struct run_opts *);
int	run_report(const struct run_opts *);
/* Today's local date (NASKAH_TEST_TODAY=YYYY-MM-DD, a test hook, sets
 * it): the register's since, and the day whose export is not due yet. */
void	run_today(struct date *);

#endif
