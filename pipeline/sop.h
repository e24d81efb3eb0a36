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
	int	 no;		/* its number in the SOP (follow-up rows) */
	char	*pelaksana;
	char	*aktivitas;
	int	 menit;		/* menit=, or 0 when given as waktu */
	char	*waktu;		/* the standard as written: "1 hari"; from
				 * menit= "N menit" */
	int	 menutup;	/* closes the case (event selesai) */
	char	*hasil;		/* NULL, or the one outcome it belongs to */
	int	 kesepakatan;	/* its catatan is what was agreed */
	long	 line;
};

/* The disposition route of a pengaduan SOP (its lembar disposisi). */
struct sop_dispo {
	char	 *oleh;		/* the role that disposes (paraf): camat */
	char	**alur;		/* the route, in order, as printed */
	size_t	  nalur;
	char	**kepada;	/* whom it may be sent on to, as printed */
	int	 *tanda;	/* ... ticked in advance */
	size_t	  nkepada;
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
	char		*klasifikasi;	/* its code (klas.h); a numbered one's
					 * is in its number */
	char		*map;		/* output folder; NULL: jenis */
	long		 line;
};

struct sop {
	char		 *path;		/* templates/sop/kk.xml */
	char		 *layanan;	/* kk */
	char		 *nomor;	/* the SOP's own number */
	char		 *nama;
	int		  pengaduan;	/* alur="pengaduan" */
	char		 *varian;	/* NULL, or one of several of layanan */
	int		  bawaan;	/* the variant used unless kantor.xml
					 * names another */
	int		  aktif;	/* the office's (sop_find, sop_at) */
	char		**saluran;	/* channels, when the SOP names them */
	size_t		  nsaluran;
	struct sop_dispo *dispo;	/* NULL: none */
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
/* The same over every SOP, the variants not used included. */
const struct sop *sop_any(const struct sop_set *, size_t i);
/* Makes variant varian of layanan the office's (kantor.xml <sop>): 0, or
 * -1 with e (EX_CONFIG) when layanan has no such variant. */
int		 sop_select(struct sop_set *, const char *layanan,
		    const char *varian, struct nerr *e);
/* kantor.xml's <klasifikasi>: kode for every document of layanan (every
 * variant), or only those of kind jenis (not NULL).  How many changed. */
int		 sop_klasifikasi(struct sop_set *, const char *layanan,
		    const char *jenis, const char *kode);
/* Variant varian of layanan, active or not (a complaint received under
 * an SOP the office has since replaced), or NULL. */
const struct sop *sop_variant(const struct sop_set *, const char *layanan,
		    const char *varian);
/* The step numbered no, or NULL. */
const struct sop_step *sop_step_no(const struct sop *, int no);
/* The step that closes (menutup), or NULL. */
const struct sop_step *sop_closing(const struct sop *);
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
