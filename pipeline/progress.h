/* progress.h -- one updating line on a terminal for a long command
 * (`run`, `report`, `restore`, `verify` of many files): done/total, rate
 * and time left.  Only when standard error is a terminal and not -q:
 * nothing under cron, in a pipe or a log. */
#ifndef NASKAH_PROGRESS_H
#define NASKAH_PROGRESS_H

struct progress;

/* A progress line "naskah WHAT: done/total UNIT, rate/s, M:SS left", or
 * NULL when it is not to be shown (quiet, or stderr no terminal).  Every
 * function below takes NULL and then does nothing. */
struct progress	*progress_new(const char *what, const char *unit,
		    long total, int quiet);
/* Adds n to the total (work found on the way). */
void		 progress_more(struct progress *, long n);
/* done units of the total are done: redraws, at most ten times a
 * second. */
void		 progress_set(struct progress *, long done);
/* Clears the line (others' messages may follow) and frees. */
void		 progress_end(struct progress *);

/* The lines of a CSV file after its header: a progress total. */
long		 progress_lines(const char *path);

#endif
