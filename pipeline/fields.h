/* fields.h -- the register's columns as data: templates/fields.xml (schema
 * fields.rng) gives each field its name, type, limits, allowed values and
 * printed form.  The row checks (check.c), the SOPs' field names and the
 * templates' keys (fill.c) all come from this one table. */
#ifndef NASKAH_FIELDS_H
#define NASKAH_FIELDS_H

#include <stddef.h>

#include "err.h"

/* At most this many fields (the export has 28). */
#define FIELDS_MAX	96

enum field_type {
	FT_TEKS,	/* free text, at most maxlen characters */
	FT_TANGGAL,	/* a date in one of date.h's three forms */
	FT_JAM,		/* HH:MM */
	FT_NIK,		/* nik.h */
	FT_KK,		/* nomor KK */
	FT_ANGKA,	/* dmin..dmax digits */
	FT_PILIHAN,	/* one of the codes (any case) */
	FT_DESA,	/* a code of desa.csv */
	FT_LAYANAN	/* a service of templates/sop/ */
};

enum field_need {
	FN_NONE,	/* optional */
	FN_COLUMN,	/* every export has the column; the value may be empty */
	FN_VALUE	/* every row has a value (and every export the column) */
};

struct field_code {
	char	*kode;		/* waris */
	char	*label;		/* Surat Keterangan Waris (the code if none) */
};

struct field {
	char			*name;		/* lower case: no_register */
	char			*label;		/* Nomor Register */
	enum field_type		 type;
	enum field_need		 need;
	size_t			 maxlen;	/* FT_TEKS: characters, 0 any */
	int			 dmin, dmax;	/* FT_ANGKA: digits */
	int			 width;		/* FT_ANGKA: printed zero-padded */
	struct field_code	*code;		/* FT_PILIHAN */
	size_t			 ncode;
	char			*empty;		/* printed for an empty value */
	char			*bad;		/* reason for a bad value, or NULL */
	long			 line;		/* in fields.xml */
};

struct fields;

/* Loads path (validated against rng): EX_CONFIG naming the line of a
 * mistake the schema cannot see (a name given twice, too many fields). */
struct fields	*fields_load(const char *path, const char *rng, struct nerr *e);
void		 fields_free(struct fields *);
const char	*fields_path(const struct fields *);
size_t		 fields_count(const struct fields *);
const struct field *fields_at(const struct fields *, size_t i);
/* Index of the field called name, or -1. */
int		 fields_find(const struct fields *, const char *name);

/* "teks", "tanggal"... as fields.xml spells the type. */
const char	*fields_type_name(enum field_type);
/* FT_PILIHAN: the entry of code v (any case), or NULL. */
const struct field_code *fields_code(const struct field *, const char *v);
/* v's canonical form, the one a row hash covers: blanks around removed,
 * dates YYYY-MM-DD, times HH:MM, codes as fields.xml spells them, digits
 * without leading zeros.  A value its type refuses is only trimmed. */
void		 fields_norm(const struct field *, const char *v, char *out,
		    size_t sz);
/* v as a document prints it: text as typed, dates "20 Januari 2025",
 * the label of a code, digits padded to width, f->empty for an empty
 * value; FT_DESA and FT_LAYANAN as typed (fill.c knows their names). */
void		 fields_print(const struct field *, const char *v, char *out,
		    size_t sz);

#endif
