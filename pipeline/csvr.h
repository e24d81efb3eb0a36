/* csvr.h -- streaming CSV reader for every CSV input (register exports,
 * desa.csv, desa monthly data).  Fields handed out are owned by the reader
 * and valid until the next csvr_next. */
#ifndef NASKAH_CSVR_H
#define NASKAH_CSVR_H

#include <stddef.h>

#include "err.h"

struct csvr;

struct csvr_row {
	long		  line;		/* 1-based line where the row starts */
	size_t		  nfields;
	const char	**fields;	/* NUL-terminated UTF-8 */
	const size_t	 *lens;
};

/* Opens and reads the header; NULL with e (EX_NOINPUT, EX_DATAERR). */
struct csvr	*csvr_open(const char *path, struct nerr *e);
struct csvr	*csvr_open_mem(const char *name, const char *buf, size_t len,
		    struct nerr *e);
size_t		 csvr_ncols(const struct csvr *);
const char	*csvr_colname(const struct csvr *, size_t i);	/* lower case */
int		 csvr_col(const struct csvr *, const char *name);	/* or -1 */
char		 csvr_delim(const struct csvr *);
/* 1 a row; 0 end; -1 this row is bad (e says where and why; call again
 * for the next); -2 fatal (I/O): stop. */
int		 csvr_next(struct csvr *, struct csvr_row *row, struct nerr *e);
void		 csvr_close(struct csvr *);

#endif
