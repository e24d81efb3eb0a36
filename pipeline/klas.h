/* klas.h -- the archive classification codes (kode klasifikasi arsip) of
 * Permendagri 83/2022 as data: templates/klasifikasi/klasifikasi.csv and
 * its version (templates/klasifikasi/versi), read strictly once, then
 * every code a document may carry is checked against it. */
#ifndef NASKAH_KLAS_H
#define NASKAH_KLAS_H

#include <stddef.h>

#include "err.h"

struct kantor;
struct sop_set;

struct klas_entry {
	const char	*kode;		/* 400.12.2.1 */
	const char	*uraian;	/* Identitas Penduduk */
	/* Retention (jadwal retensi arsip): "" for a group heading. */
	const char	*aktif, *inaktif, *akhir;
	int		 heading;	/* has codes under it */
	long		 line;		/* in klasifikasi.csv */
};

struct klas;

/* Reads dir/klasifikasi.csv and dir/versi.  NULL with e (EX_CONFIG, the
 * file and line of the first mistake) unless every row is well formed:
 * five columns in order, a code of the form 000.1.2, no code twice,
 * every code's parent listed, a heading without retention and every
 * other code with all three retention columns. */
struct klas	*klas_load(const char *dir, struct nerr *e);
void		 klas_free(struct klas *);
/* The list's version identifier ("83/2022-r1"), stored with each code. */
const char	*klas_version(const struct klas *);
size_t		 klas_count(const struct klas *);
/* The entry of code, or NULL. */
const struct klas_entry *klas_find(const struct klas *, const char *code);

/* Whether code is in the list: 0, or -1 with e (EX_CONFIG) naming file
 * and line where the code was used, and the nearest code above it that
 * the list has.  For everything that puts a code on a document. */
int	klas_check(const struct klas *, const char *code, const char *file,
	    long line, struct nerr *e);

/* The office's start-up check: every code of every SOP's documents and
 * of every report definition in laporan_dir, and kantor.xml's
 * <klasifikasi> overrides, which are then applied to the SOPs.  0, or -1
 * with e (EX_CONFIG, file and line).  What an override of a report
 * says: klas_laporan. */
int	klas_office(const struct klas *, const struct kantor *,
	    struct sop_set *, const char *laporan_dir, struct nerr *e);
/* The code kantor.xml gives report bagian, or dflt. */
const char *klas_laporan(const struct kantor *, const char *bagian,
	    const char *dflt);

#endif
