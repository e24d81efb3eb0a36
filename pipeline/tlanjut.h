/* tlanjut.h -- the follow-up input, tindak-lanjut/YYYY-MM-DD.csv: one row
 * per completed step of a complaint (pengaduan.md).  Reads the file with
 * csvr and checks each row's form (dates, times, numbers, outcome
 * values); whether the complaint and step exist is the caller's. */
#ifndef NASKAH_TLANJUT_H
#define NASKAH_TLANJUT_H

#include <stddef.h>

#include "date.h"
#include "err.h"

enum tl_col {
	TL_NO_REGISTER, TL_TAHUN, TL_LANGKAH, TL_TANGGAL, TL_JAM, TL_PETUGAS,
	TL_CATATAN, TL_HASIL, TL__MAX
};

struct tl_row {
	long		 line;
	const char	*v[TL__MAX];	/* as written, "" when absent */
	int		 col[TL__MAX];	/* 1-based, 0 when no such column */
	int		 tahun;		/* tahun, or tanggal's year */
	int		 langkah;
	struct date	 tanggal;
	int		 menit;		/* jam, minutes after midnight */
};

struct tl;

/* Opens the file and reads its header: NULL with e (csvr_open's errors,
 * or EX_DATAERR naming a missing required column: no_register, langkah,
 * tanggal, jam). */
struct tl	*tl_open(const char *path, struct nerr *e);
/* The same over buf[0..len), which must outlive the reader. */
struct tl	*tl_open_mem(const char *name, const char *buf, size_t len,
		    struct nerr *e);
/* Warnings about the whole file (encoding assumed, unknown columns): the
 * i-th, NULL past the last. */
const struct nerr *tl_warning(const struct tl *, size_t i);
/* 1 a row (valid until the next call); 0 end; -1 this row is bad (e:
 * file, line, column, reason; call again for the next); -2 fatal. */
int		 tl_next(struct tl *, struct tl_row *, struct nerr *e);
void		 tl_close(struct tl *);
/* "no_register"... */
const char	*tl_colname(enum tl_col);

#endif
