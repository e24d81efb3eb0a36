/* sop.h -- SOP definitions as data: one templates/sop/LAYANAN.xml per
 * service, validated by sop.rng.  A struct sop_set owns every string it
 * hands out; sop_set_free releases them. */
#ifndef NASKAH_SOP_H
#define NASKAH_SOP_H

#include <stddef.h>

#include "err.h"

struct sop_req {
	char	 *kode;		/* pengantar_desa */
	char	 *label;	/* Surat pengantar dari desa/kelurahan */
	char	 *if_field;	/* NULL, or the field this one depends on */
	char	**if_values;	/* ... and the values that make it required */
	size_t	  nif;
};

struct sop_step {
	char	*pelaksana;
	char	*aktivitas;
	int	 menit;
};

struct sop {
	char		 *layanan;	/* kk */
	char		 *nomor;	/* the SOP's own number */
	char		 *nama;
	char		 *template;	/* NULL: no letter (pengaduan, for now) */
	char		 *judul;
	char		 *klasifikasi;
	int		  signer;	/* enum pj */
	int		  an;		/* signed a.n. Camat */
	char		**wajib;	/* required fields beyond the common ones */
	size_t		  nwajib;
	struct sop_req	 *req;
	size_t		  nreq;
	struct sop_step	 *step;
	size_t		  nstep;
};

struct sop_set;

/* Loads every *.xml of dir, validated against rng. */
struct sop_set	*sop_load_dir(const char *dir, const char *rng, struct nerr *e);
void		 sop_set_free(struct sop_set *);
const struct sop *sop_find(const struct sop_set *, const char *layanan);

/* The field reader sop_check uses for conditions: value or NULL. */
typedef const char *(*sop_getter)(void *ctx, const char *field);

/*
 * Which persyaratan does the kelengkapan list (codes or labels, any case,
 * separated by ';' or ',') lack?  Fills missing[] (at most nreq entries,
 * pointers into s) and returns how many.  *unknown gets the first token
 * that names no persyaratan of this service (a warning), or stays NULL;
 * it points into scratch, which must hold strlen(kelengkapan)+1 bytes.
 */
size_t	sop_check(const struct sop *s, const char *kelengkapan, sop_getter get,
	    void *ctx, const struct sop_req **missing, char *scratch,
	    const char **unknown);

#endif
