/* sdjenis.h -- the types of outgoing surat dinas as data: one
 * templates/surat-dinas/JENIS.xml each, validated by surat-dinas.rng
 * (name, classification code, body template, lampiran columns, signer,
 * route of paraf).  A set owns every string it hands out. */
#ifndef NASKAH_SDJENIS_H
#define NASKAH_SDJENIS_H

#include <stddef.h>

#include "err.h"

enum sdj_format { SDJ_TEKS, SDJ_ANGKA, SDJ_RUPIAH, SDJ_TANGGAL };

/* A column of the lampiran table. */
struct sdj_kolom {
	char		*nama;		/* the CSV column: gaji_pokok_lama */
	char		*judul;		/* printed: Gaji Pokok Lama */
	double		 lebar;		/* relative width */
	enum sdj_format	 format;
};

/* An official of the route of paraf, in order. */
struct sdj_oleh {
	char	*jabatan;	/* a role of kantor.xml, or any other */
	char	*sebutan;	/* printed: Kepala Subbagian Umum */
};

enum sdj_lampiran { SDJ_LAMP_TIDAK, SDJ_LAMP_BOLEH, SDJ_LAMP_WAJIB };

struct sdj {
	char		*path;		/* templates/surat-dinas/x.xml */
	char		*jenis;
	char		*kode;		/* classification code */
	long		 kode_line;	/* where it is set, for errors */
	char		*nama;
	char		*isi;		/* body template under templates/;
					 * NULL: the row's isi (bebas) */
	char		*signer;	/* default: camat */
	enum sdj_lampiran lampiran;
	char		*lamp_judul;
	struct sdj_kolom *kol;		/* none: the file's own columns */
	size_t		 nkol;
	struct sdj_oleh	*paraf;
	size_t		 nparaf;
};

struct sdj_set;

/* Every *.xml of dir, validated against rng; a file whose jenis is not
 * its own name is refused (EX_CONFIG naming it).  A missing dir is an
 * empty set (an office without surat dinas types). */
struct sdj_set	*sdj_load_dir(const char *dir, const char *rng, struct nerr *e);
void		 sdj_set_free(struct sdj_set *);
const struct sdj *sdj_find(const struct sdj_set *, const char *jenis);
/* The i-th type (by file name), NULL past the last. */
const struct sdj *sdj_at(const struct sdj_set *, size_t i);

#endif
