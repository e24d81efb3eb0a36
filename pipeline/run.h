/* run.h -- the commands: `naskah run` (nightly letters) and, later,
 * `naskah report`.  Each returns the process exit status (sysexits). */
#ifndef NASKAH_RUN_H
#define NASKAH_RUN_H

struct run_opts {
	const char	*input, *output, *datadir;
	const char	*date;		/* run: YYYY-MM-DD or NULL */
	const char	*bagian;	/* report */
	const char	*month;		/* report: YYYY-MM */
	int		 quiet, verbose;
};

int	run_nightly(const struct run_opts *);
int	run_report(const struct run_opts *);

#endif
