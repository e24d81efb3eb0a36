/* ddata.h -- desa monthly data: the section definitions of templates/laporan
 * (indicators, tables, ratios, chart, plausibility rules: data, not code)
 * and the reader that checks one desa's BAGIAN/KODE_DESA.csv against them. */
#ifndef NASKAH_DDATA_H
#define NASKAH_DDATA_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct doc_schema;

enum ddata_kind {
	DDATA_COUNT,	/* a whole number of satuan */
	DDATA_RUPIAH,	/* money, printed "Rp 1.250.000" */
	DDATA_STATUS	/* 0/1: "Belum"/"Sudah"; its total counts desa */
};

struct ddata_ind {
	char		*kode;		/* CSV indikator name */
	char		*label;		/* "Kejadian pencurian" */
	char		*kolom;		/* short table header, "Pencurian" */
	char		*satuan;	/* "kali", "orang", "rupiah" ... */
	enum ddata_kind	 kind;
};

/* A figure made of indicators: the sum of num[], or, when nden > 0, that
 * sum as a percentage of the sum of den[]. */
struct ddata_expr {
	int		*num, *den;	/* indicator indexes */
	size_t		 nnum, nden;
	char		*judul;		/* header or label */
};

struct ddata_table {
	char			*judul;
	struct ddata_expr	*col;
	size_t			 ncol;
	int			 rank;	/* column ranked by (descending), or -1 */
};

/* Plausibility: small <= big, else the warning pesan. */
struct ddata_rule {
	int	 small, big;
	char	*pesan;
};

struct ddata_def {
	char			*bagian;	/* trantibum */
	char			*judul;		/* DATA BAHAN KOORDINASI ... */
	char			*klasifikasi;	/* for the number */
	char			*kasi;		/* pejabat code, kasi_trantibum */
	char			*paraf;		/* "Kasi Trantibum" */
	struct ddata_ind	*ind;
	size_t			 nind;
	struct ddata_table	*tab;
	size_t			 ntab;
	struct ddata_expr	*ratio;
	size_t			 nratio;
	struct ddata_expr	 chart;		/* the key indicator */
	struct ddata_rule	*rule;
	size_t			 nrule;
};

/* Parses a definition (validated against s when s is not NULL) and checks
 * what a schema cannot: every reference names a declared indicator.  NULL
 * with e (EX_CONFIG) on any mistake. */
struct ddata_def *ddata_def_parse(const char *name, const char *buf,
		    size_t len, const struct doc_schema *s, struct nerr *e);
struct ddata_def *ddata_def_load(const char *path, const struct doc_schema *s,
		    struct nerr *e);
void		 ddata_def_free(struct ddata_def *);
/* Index of indikator kode, or -1. */
int		 ddata_ind_find(const struct ddata_def *, const char *kode);

/* Larger than any rupiah figure of a desa (a quadrillion), small enough
 * that 10^4 desa still sum without overflow and SQLite stores it. */
#define DDATA_MAXVAL	999999999999999ULL

/* What a nilai is, read as a spreadsheet writes it: "1250000",
 * "1.250.000", "1.250.000,00", "Rp 1.250.000", "Rp1.250.000,-",
 * "1250000.00" are all 1250000. */
enum ddata_num {
	DDATA_NUM_OK,
	DDATA_NUM_BAD,		/* empty, or no number */
	DDATA_NUM_NEGATIVE,	/* "-5", "(5)", "Rp -5" */
	DDATA_NUM_FRACTION,	/* "1.250,50", "2.5": not whole */
	DDATA_NUM_TOOBIG,	/* above DDATA_MAXVAL */
	DDATA_NUM_RP		/* "Rp" on what is not rupiah */
};

/* Parses s as a nilai of kind k into *v (set only when DDATA_NUM_OK).
 * The decimal separator is ',' and '.' groups thousands, as in
 * Indonesian; a '.' followed by one or two digits at the end of an
 * ungrouped number is a decimal point, as Excel writes it in any
 * locale. */
enum ddata_num	 ddata_parse_nilai(const char *s, enum ddata_kind k,
		    uint64_t *v);

#define DDATA_MAXISSUE	8	/* kept per file; the count goes on */

/* One problem in a desa file: msg for the log (English), teks for the
 * face of the report (Indonesian). */
struct ddata_issue {
	long	 line, col;
	char	 msg[256];
	char	 teks[256];
};

/* One desa file as read.  v[i] is valid where have[i]; ket[i] is the
 * keterangan, NULL when empty. */
struct ddata_file {
	size_t			 nind;
	uint64_t		*v;
	unsigned char		*have;
	char			**ket;
	struct ddata_issue	 err[DDATA_MAXISSUE];
	size_t			 nerr;		/* all errors, kept or not */
	struct ddata_issue	 warn[DDATA_MAXISSUE];
	size_t			 nwarn;
};

/* Reads buf[0..len) as one desa's file for def (name is what messages
 * call it).  0: good, every indicator once; 1: the file has errors (in
 * out->err; its values must not be counted); -1: cannot read at all, e
 * filled.  out is (re)initialised; free with ddata_file_clear. */
int		 ddata_read_mem(const struct ddata_def *def, const char *name,
		    const char *buf, size_t len, struct ddata_file *out,
		    struct nerr *e);
int		 ddata_read_file(const struct ddata_def *def, const char *path,
		    struct ddata_file *out, struct nerr *e);
void		 ddata_file_clear(struct ddata_file *);

/* The value of x over values v (nind long): sum of num, and of den (0
 * when x has no den).  Saturates rather than wraps. */
void		 ddata_expr_eval(const struct ddata_expr *x, const uint64_t *v,
		    uint64_t *num, uint64_t *den);
/* Rule r broken by v? */
int		 ddata_rule_broken(const struct ddata_def *, size_t r,
		    const uint64_t *v);
/* a/b against c/d: <0, 0, >0; a zero denominator sorts lowest. */
int		 ddata_ratio_cmp(uint64_t a, uint64_t b, uint64_t c, uint64_t d);
/* A value as the report prints it: "1.250", "Rp 1.250.000", "Sudah". */
void		 ddata_format(enum ddata_kind, uint64_t v, int total, char *buf,
		    size_t sz);

#endif
