/* rdef.h -- the monthly reports as data: templates/laporan/NAME.xml
 * (schema laporan.rng) names what a report is made from (its sumber),
 * its title, classification code, who initials it and its chart; a
 * report of desa data carries its indicators (ddata.h).  The report
 * driver picks its source from here and knows no report by name. */
#ifndef NASKAH_RDEF_H
#define NASKAH_RDEF_H

#include <stddef.h>

#include "err.h"

struct ddata_def;
struct rskm_def;
struct doc_schema;

enum rdef_sumber {
	RDEF_DESA,		/* desa/YYYY-MM/NAME/KODE.csv (ddata.h) */
	RDEF_LAYANAN,		/* the register's applications */
	RDEF_PENGADUAN,		/* the register's complaints */
	RDEF_SKM		/* skm/YYYY-Sn/ survey answers (rskm.h) */
};

struct rdef {
	enum rdef_sumber	 sumber;
	char			*bagian;	/* its name: "layanan" */
	char			*judul;
	char			*klasifikasi;
	char			*paraf;		/* who initials it */
	char			*grafik;	/* the chart's title */
	char			*ukuran;	/* what the chart measures */
	struct ddata_def	*desa;		/* RDEF_DESA: the rest */
	struct rskm_def		*skm;		/* RDEF_SKM: the rest */
};

/* Reads and validates (against s, when not NULL) the definition at path.
 * NULL with e (EX_CONFIG) on any mistake, naming the file and line. */
struct rdef	*rdef_load(const char *path, const struct doc_schema *s,
		    struct nerr *e);
struct rdef	*rdef_parse(const char *name, const char *buf, size_t len,
		    const struct doc_schema *s, struct nerr *e);
void		 rdef_free(struct rdef *);
/* "desa", "layanan", "pengaduan", "skm". */
const char	*rdef_sumber_name(enum rdef_sumber);

/* The names of the definitions in dir (templates/laporan), sorted and
 * joined by ", " into buf ("" when none). */
void		 rdef_names(const char *dir, char *buf, size_t sz);

#endif
