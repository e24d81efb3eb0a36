/* kantor.h -- the office: kantor.xml (validated against kantor.rng) and
 * desa.csv.  Everything in struct kantor is owned by it; kantor_free
 * releases it all. */
#ifndef NASKAH_KANTOR_H
#define NASKAH_KANTOR_H

#include "err.h"

/* A signer role is whatever kantor.xml's <pejabat jabatan=...> names; an
 * SOP's <penandatangan jabatan=...> picks one.  "camat" must be there:
 * he signs what is not delegated. */
struct pejabat {
	char	*jabatan;	/* kasi_tapem: the token as the schema read it */
	long	 line;		/* in kantor.xml */
	char	*nama;
	char	*pangkat;	/* "" if none */
	char	*nip;		/* "" if none */
	char	*plt;		/* "Plt.", "Plh." or "" */
	char	*sebutan;	/* position as printed, upper case */
};

struct desa {
	char	*kode;		/* 35.03.13.2001 */
	char	*nama;
	int	 kelurahan;	/* 0 desa, 1 kelurahan */
};

enum paper { PAPER_A4, PAPER_F4 };

struct kantor {
	char		*kabupaten;	/* Trenggalek */
	int		 kota;		/* 1: Kota X, not Kabupaten X */
	char		*kecamatan;
	char		*kode_wilayah;
	char		*kode_unit;
	char		*alamat, *telepon, *kode_pos, *email, *laman;
	char		*logo;		/* absolute or input-relative path, or NULL */
	char		*verifikasi_url; /* the published verifikasi.html, or NULL */
	enum paper	 paper;
	char		*nomor_format;
	struct pejabat	*pj;
	size_t		 npj;
	struct desa	*desa;
	size_t		 ndesa;
};

/* Loads DIR/kantor.xml (schema at rng) and DIR/desa.csv. */
struct kantor	*kantor_load(const char *dir, const char *rng, struct nerr *e);
void		 kantor_free(struct kantor *);
const struct desa *kantor_desa(const struct kantor *, const char *kode);
/* The pejabat of role jabatan ("camat", "kasi_tapem"...), or NULL. */
const struct pejabat *kantor_pejabat(const struct kantor *,
		    const char *jabatan);

#endif
