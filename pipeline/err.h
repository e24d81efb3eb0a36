/* err.h -- the error record every module fills and its caller prints.
 * A module never prints or exits: it fills a struct nerr and returns
 * non-zero or NULL; main (or the run loop) decides what to do. */
#ifndef NASKAH_ERR_H
#define NASKAH_ERR_H

#include <stdio.h>
#include <sysexits.h>

struct nerr {
	int	 status;	/* sysexits code this error maps to */
	char	 file[512];	/* input file, or "" */
	long	 line;		/* 1-based line, 0 if none */
	long	 col;		/* 1-based column (field or byte), 0 if none */
	char	 msg[1024];
};

/* Fill e (may be NULL: then nothing happens). file may be NULL. */
void	nerr_set(struct nerr *e, int status, const char *file, long line,
	    long col, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
/* "file:line:col: msg" (parts left out when unknown). */
void	nerr_print(FILE *fp, const char *prog, const struct nerr *e);
/* The same into buf, for logs and CSV error reports. */
void	nerr_format(char *buf, size_t sz, const struct nerr *e);

#endif
