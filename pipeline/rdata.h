/* rdata.h -- a monthly report's template data: the dictionary of
 * surat/laporan_data.xml and, a chunk at a time, the parts of
 * laporan_data_isi.xml, all from the month's totals.  It formats what
 * totals.h computes and decides nothing about the data. */
#ifndef NASKAH_RDATA_H
#define NASKAH_RDATA_H

#include <stddef.h>

#include "date.h"
#include "err.h"

struct ddata_def;
struct kantor;
struct totals;
struct tpl_dict;
struct pejabat;

/* A file left out of the totals (section E). */
struct rdata_bad {
	char	*nama;		/* "Desa Pandean (35.03.13.2008)" or a file */
	char	*alasan;
};

/* A desa's keterangan on one indicator (section F). */
struct rdata_note {
	size_t	 desa;
	size_t	 ind;
	char	*teks;
};

/* Everything a report prints.  All of it is the caller's and must stay
 * as it is until the last part has been filled. */
struct rdata {
	const struct kantor	*k;
	const struct ddata_def	*def;
	const struct totals	*t;
	int			 y, m;		/* the month reported on */
	struct date		 tgl;		/* the report's date */
	const char		*nomor;
	int			 revision;	/* 1 for the first */
	const char		*replaces;	/* the number a revision replaces */
	const struct rdata_bad	*bad;		/* in the order found */
	size_t			 nbad;
	const struct rdata_note	*note;		/* in desa order */
	size_t			 nnote;
	/* What a row of the tables is: NULL, a desa of k; else its name
	 * ("Kecamatan"; rkab.c): a row then sums desa, so a yes/no counts
	 * them as a total does. */
	const char		*unit;
};

/* The report's own values and sections into d. */
void	rdata_fill(const struct rdata *, struct tpl_dict *d);
/* A report's place and date ("Durenan, 3 Februari 2025"), its signer
 * (p NULL: blank, for a preflight without officials) and its paraf:
 * every report's signature block fills the same keys. */
void	rdata_signature(struct tpl_dict *d, const char *place,
	    const struct date *tgl, const struct pejabat *p,
	    const char *paraf);
/* A count as every report prints it ("1.250"), into d's key. */
void	rdata_set_count(struct tpl_dict *d, const char *key, size_t v);

/* The parts: a cursor over r (which it borrows), freed by the caller. */
struct rdata_parts;
struct rdata_parts *rdata_parts_new(const struct rdata *r);
void	rdata_parts_free(struct rdata_parts *);
/* office_parts.fill with arg a struct rdata_parts: the next chunk of
 * part name ("tabel-N", "grafik", "belum", "gagal", "ket", "wajar"). */
int	rdata_parts_fill(void *arg, const char *name, int first,
	    struct tpl_dict *d, struct nerr *e);

#endif
