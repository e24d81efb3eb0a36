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
	long	  line;
};

struct sop_step {
	char	*pelaksana;
	char	*aktivitas;
	int	 menit;
};

/* What makes a document: a row complete or incomplete (alur permohonan),
 * received (alur pengaduan), a step recorded or the case closed. */
enum sop_event { SE_LENGKAP, SE_KURANG, SE_DITERIMA, SE_LANGKAH, SE_SELESAI,
	SE__MAX };

struct sop_doc {
	char		*jenis;		/* surat: output folder, register kind */
	char		*template;	/* surat/sktm.xml, under templates/ */
	char		*buku;		/* the book numbering it, NULL: none */
	enum sop_event	 saat;
	char		*judul;		/* PDF title, {{JUDUL}} */
	char		*klasifikasi;	/* numbered: the code in its number */
	long		 line;
};

struct sop {
	char		 *path;		/* templates/sop/kk.xml */
	char		 *layanan;	/* kk */
	char		 *nomor;	/* the SOP's own number */
	char		 *nama;
	int		  pengaduan;	/* alur="pengaduan" */
	char		 *signer;	/* a pejabat of kantor.xml: kasi_tapem */
	long		  signer_line;	/* 0: no penandatangan (the camat) */
	int		  an;		/* signed a.n. Camat */
	char		**wajib;	/* required fields beyond the common ones */
	size_t		  nwajib;
	long		  wajib_line;
	struct sop_req	 *req;
	size_t		  nreq;
	struct sop_step	 *step;
	size_t		  nstep;
	struct sop_doc	 *doc;
	size_t		  ndoc;
};

struct sop_set;

/* Loads every *.xml of dir, validated against rng. */
struct sop_set	*sop_load_dir(const char *dir, const char *rng, struct nerr *e);
void		 sop_set_free(struct sop_set *);
const struct sop *sop_find(const struct sop_set *, const char *layanan);
/* The i-th SOP (sorted by file name), NULL past the last. */
const struct sop *sop_at(const struct sop_set *, size_t i);
/* "lengkap" for SE_LENGKAP... */
const char	*sop_event_name(enum sop_event);

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
