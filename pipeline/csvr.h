/* csvr.h -- streaming CSV reader for every CSV input (register exports,
 * desa.csv, desa monthly data): header, delimiter, quoting, line numbers,
 * and a per-row verdict so one bad row never stops the rest of a file. */
#ifndef NASKAH_CSVR_H
#define NASKAH_CSVR_H

#include <stddef.h>

#include "err.h"

struct csvr;

struct csvr_row {
	long		  line;		/* 1-based line where the row starts */
	size_t		  nfields;	/* always csvr_ncols() */
	const char	**fields;	/* NUL-terminated UTF-8, owned by the
					 * reader, valid until the next
					 * csvr_next or csvr_close */
	const size_t	 *lens;
};

/* Opens and reads the header.  NULL with e filled: EX_NOINPUT (cannot
 * open), EX_IOERR (read error), EX_DATAERR (no header row, duplicate or
 * bad column name, an encoding that is not UTF-8, UTF-16 with a BOM or
 * Windows-1252), EX_OSERR (out of memory). */
struct csvr	*csvr_open(const char *path, struct nerr *e);
/* The same over buf[0..len), which must outlive the reader; name is what
 * errors call the input. */
struct csvr	*csvr_open_mem(const char *name, const char *buf, size_t len,
		    struct nerr *e);
size_t		 csvr_ncols(const struct csvr *);
/* Lower-cased and trimmed; NULL past the last column. */
const char	*csvr_colname(const struct csvr *, size_t i);
/* Index of the column named name (give it in lower case), or -1. */
int		 csvr_col(const struct csvr *, const char *name);
char		 csvr_delim(const struct csvr *);	/* ',', ';' or '\t' */
/* Warnings about the whole file found when opening it (the encoding
 * assumed, empty columns at the end of the header ignored): the i-th, or
 * NULL past the last.  status is 0; the reader owns them. */
const struct nerr *csvr_warning(const struct csvr *, size_t i);
/* 1 a row; 0 end; -1 this row is bad (e names file, line, column and
 * reason; the reader has skipped it, call again for the next); -2 fatal
 * (I/O, memory): stop.  Blank rows (also ";;;") are skipped silently.
 * A row whose quote runs over the lines after it (never closed, or closed
 * far too late) is bad, and those lines are read again as rows. */
int		 csvr_next(struct csvr *, struct csvr_row *row, struct nerr *e);
void		 csvr_close(struct csvr *);
/* Whether the libcsv loaded keeps the private parser state csvr.c reads
 * (as libcsv 3.0.3 does): 0, or -1 with e (EX_SOFTWARE).  The first open
 * runs it. */
int		 csvr_lib_check(struct nerr *e);

#endif
