/* check.h -- decide what becomes of one register row: malformed (with the
 * column and reason), incomplete (with the missing persyaratan), complete,
 * or a complaint; and, once at start-up, that the SOPs name only fields
 * and signers that exist.  Pure: no I/O; the caller owns the row's strings. */
#ifndef NASKAH_CHECK_H
#define NASKAH_CHECK_H

#include "date.h"
#include "err.h"
#include "fields.h"
#include "kantor.h"
#include "nik.h"
#include "sop.h"

/* The fields the program itself reads, by their names in fields.xml: the
 * register's own columns and the rules that are logic, not data (NIK
 * against jenis_kelamin and tanggal_lahir, birth before application).
 * The first seven must be in the table. */
enum check_key {
	CK_NO_REGISTER, CK_TANGGAL, CK_LAYANAN, CK_NIK, CK_NAMA, CK_KODE_DESA,
	CK_KELENGKAPAN, CK_JENIS_KELAMIN, CK_TANGGAL_LAHIR, CK_JAM,
	CK_JAM_SELESAI, CK_PETUGAS, CK__MAX
};

/* Longest value a field may hold, in bytes. */
#define CHECK_MAXFIELD	2000

enum app_status { APP_MALFORMED, APP_INCOMPLETE, APP_COMPLETE, APP_PENGADUAN };

/* The table and where the program's own fields are in it; built once. */
struct check;

struct app {
	const struct check	*ck;		/* set by the caller */
	const char		*v[FIELDS_MAX];	/* by field index; "" absent */
	int			 col[FIELDS_MAX]; /* 1-based column, 0 absent */
	const char		*file;
	long			 line;
	/* The export's own date (its file name): tanggal must lie in
	 * kantor.xml's window around it.  NULL: no window. */
	const struct date	*export;
	/* Filled by check_app: */
	enum app_status		 status;
	struct date		 tanggal, lahir;
	struct nik		 nik;
	const struct sop	*sop;
	const struct desa	*desa;
	const struct sop_req	*missing[64];
	size_t			 nmissing;
	char			 warn[1024];	/* "; "-joined warnings */
	char			 scratch[CHECK_MAXFIELD + 1];
};

/* EX_CONFIG naming fields.xml's line when a field the program reads is
 * missing or of another type.  The table must outlive the result. */
struct check	*check_new(const struct fields *, struct nerr *e);
void		 check_free(struct check *);
const struct fields *check_fields(const struct check *);

/* Every SOP's isian wajib and persyaratan jika= name a field of the
 * table, and its penandatangan a pejabat of kantor.xml: EX_CONFIG naming
 * the SOP file and line. */
int		 check_sops(const struct check *, const struct sop_set *,
		    const struct kantor *, struct nerr *e);

/* Columns every register export must have, or the file is refused. */
int		 check_required_column(const struct check *, size_t field);
enum app_status	 check_app(struct app *a, const struct kantor *k,
		    const struct sop_set *ss, struct nerr *e);

/* The row's value of a field the program reads ("" when absent), its
 * column, and the index of the field in the table (-1 when absent). */
const char	*check_val(const struct app *, enum check_key);
int		 check_col(const struct app *, enum check_key);
int		 check_index(const struct check *, enum check_key);

#endif
