/* kantor.h -- the office: kantor.xml (validated against kantor.rng) and
 * desa.csv.  Everything in struct kantor is owned by it; kantor_free
 * releases it all. */
#ifndef NASKAH_KANTOR_H
#define NASKAH_KANTOR_H

#include "date.h"
#include "err.h"

struct wtime;

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
	/* In post from mulai through sampai (kantor.xml's mulai, sampai);
	 * y == 0: no limit on that side. */
	struct date mulai, sampai;
};

struct desa {
	char	*kode;		/* 35.03.13.2001 */
	char	*nama;
	int	 kelurahan;	/* 0 desa, 1 kelurahan */
};

enum paper { PAPER_A4, PAPER_F4 };

/* A kecamatan of a kabupaten office (<wilayah><kecamatan kode nama
 * register>): lokasi is where its register is, as kantor.xml gives it
 * (relative to the input folder), or NULL: the kabupaten's own. */
struct kantor_kec {
	char	*kode;		/* 35.03.13 */
	char	*nama;
	char	*lokasi;
	long	 line;
};

/* <buku nama format>: a book numbered in its own format; <sop layanan
 * varian>: the SOP variant the office uses. */
struct kantor_pair {
	char	*a, *b;
	long	 line;
};

/* <klasifikasi layanan [jenis] kode> or <klasifikasi laporan kode>: the
 * office's own classification code for a service's documents (all, or
 * those of kind jenis) or for a report (klas.h checks and applies it). */
struct kantor_klas {
	char	*layanan, *jenis, *laporan;	/* NULL when not given */
	char	*kode;
	long	 line;
};

struct kantor {
	char		*path;		/* kantor.xml, for messages */
	char		*kabupaten;	/* Trenggalek */
	int		 kota;		/* 1: Kota X, not Kabupaten X */
	char		*kecamatan;
	char		*kode_wilayah;
	char		*kode_unit;
	char		*alamat, *telepon, *kode_pos, *email, *laman;
	char		*logo;		/* absolute or input-relative path, or NULL */
	char		*verifikasi_url; /* the published verifikasi.html, or NULL */
	char		*register_url;	/* <register url>: PostgreSQL, or NULL */
	enum paper	 paper;
	char		*nomor_format;
	struct kantor_pair *buku;	/* nama, format */
	size_t		 nbuku;
	struct kantor_pair *sop;	/* layanan, varian */
	size_t		 nsop;
	struct pejabat	*pj;
	size_t		 npj;
	struct desa	*desa;
	size_t		 ndesa;
	/* jam kerja (kantor.xml's <jam-kerja>, or the national default)
	 * and holidays (libur.csv): see kantor_wtime. */
	struct wtime	*wt;
	/* How many days an application's tanggal may lie before and after
	 * its export's date (<jendela-tanggal>; 31 and 0). */
	long		 tgl_sebelum, tgl_sesudah;
	/* What the readers of desa.csv and libur.csv warned about (the
	 * encoding assumed, empty columns): see kantor_warning. */
	struct nerr	*warn;
	size_t		 nwarn;
	struct kantor_klas *klas;	/* <klasifikasi> overrides */
	size_t		 nklas;
	/* A kabupaten office (<instansi>, <wilayah>; NULL and 0 for a
	 * kecamatan): its name as printed ("Sekretariat Daerah"; kecamatan
	 * is then a copy, so that it is never NULL), the bagian that
	 * compiles its roll-ups, who signs and who initials them, and its
	 * kecamatan in kantor.xml's order.  Its desa.csv lists their desa. */
	char		*instansi;
	char		*kab_bagian, *kab_ttd, *kab_paraf;
	struct kantor_kec *kec;
	size_t		 nkec;
};

/* Loads DIR/kantor.xml (schema at rng) and DIR/desa.csv. */
struct kantor	*kantor_load(const char *dir, const char *rng, struct nerr *e);
/* `naskah check`: kantor.xml as kantor_load loads it (NULL with e when it
 * is broken), and desa.csv and libur.csv read whatever kantor.xml's state
 * (a desa code's form only, without its region code), every bad row
 * and every warning of theirs given to rep; a kantor whose lists had
 * problems is returned all the same. */
struct kantor	*kantor_check(const char *dir, const char *rng,
		    void (*rep)(void *, const struct nerr *), void *arg,
		    struct nerr *e);
void		 kantor_free(struct kantor *);
const struct desa *kantor_desa(const struct kantor *, const char *kode);
/* The kecamatan of a kabupaten office whose code is kode, or the one a
 * desa code (35.03.13.2001) belongs to; NULL if not listed. */
const struct kantor_kec *kantor_kec(const struct kantor *, const char *kode);
/* The number format of book ("masuk"): its own, or penomoran's. */
const char	*kantor_format(const struct kantor *, const char *book);
/* The (first listed) pejabat of role jabatan ("camat", "kasi_tapem"...),
 * or NULL: whether kantor.xml has the role at all. */
const struct pejabat *kantor_pejabat(const struct kantor *,
		    const char *jabatan);
/* Whoever held the post jabatan on day d: a document is signed by the
 * holder on its date (a catch-up after a change of Camat is right).
 * NULL with e (EX_CONFIG naming the post and the day) if nobody did;
 * e may be NULL. */
const struct pejabat *kantor_pejabat_on(const struct kantor *,
		    const char *jabatan, const struct date *d, struct nerr *e);
/* The i-th pejabat of role jabatan in kantor.xml's order, or NULL past
 * the last (the start-up check renders each). */
const struct pejabat *kantor_pejabat_nth(const struct kantor *,
		    const char *jabatan, size_t i);
/* The i-th warning about the office's CSV files (file, line, column,
 * msg; status 0), or NULL past the last: the caller prints them as it
 * prints an export's. */
const struct nerr *kantor_warning(const struct kantor *, size_t i);
/* The office's working-time calendar (wtime.h): its jam kerja and its
 * holidays.  Owned by the kantor. */
const struct wtime *kantor_wtime(const struct kantor *);

#endif
