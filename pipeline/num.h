/* num.h -- letter numbers from the office's format template, e.g.
 * "{kode}/{urut:04}/{unit}/{tahun}" -> "470/0012/406.13/2025". */
#ifndef NASKAH_NUM_H
#define NASKAH_NUM_H

#include <stddef.h>

#include "err.h"

struct num_vars {
	const char	*kode;		/* classification code */
	long		 urut;		/* sequence in the year's book */
	const char	*unit;		/* 406.13 */
	int		 tahun, bulan;
};

/* Checks a format once, at configuration time: 0 ok, -1 with e filled. */
int	num_check(const char *fmt, struct nerr *e);
/* 0 ok; -1 if the result does not fit or the format is bad. */
int	num_format(const char *fmt, const struct num_vars *v, char *out,
	    size_t sz, struct nerr *e);

#endif
