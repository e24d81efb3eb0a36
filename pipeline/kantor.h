/* kantor.h -- the office: kantor.xml (validated against kantor.rng) and
 * desa.csv.  Everything in struct kantor is owned by it; kantor_free
 * releases it all. */
#ifndef NASKAH_KANTOR_H
#define NASKAH_KANTOR_H

#include "err.h"

enum pj {
	PJ_CAMAT, PJ_SEKCAM, PJ_KASI_TAPEM, PJ_KASI_KESRA, PJ_KASI_TRANTIBUM,
	PJ_KASI_EKBANG, PJ__MAX
};

struct pejabat {
	int	 set;		/* 0 if kantor.xml names nobody */
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
	enum paper	 paper;
	char		*nomor_format;
	struct pejabat	 pj[PJ__MAX];
	struct desa	*desa;
	size_t		 ndesa;
};

/* Loads DIR/kantor.xml (schema at rng) and DIR/desa.csv. */
struct kantor	*kantor_load(const char *dir, const char *rng, struct nerr *e);
void		 kantor_free(struct kantor *);
const struct desa *kantor_desa(const struct kantor *, const char *kode);
/* The pejabat code of kantor.xml and the SOP files: "camat", "kasi_tapem"... */
int		 kantor_pj_code(const char *code);
const char	*kantor_pj_name(int pj);

#endif
