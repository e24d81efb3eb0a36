/* check.h -- decide what becomes of one register row: malformed (with the
 * column and reason), incomplete (with the missing persyaratan), complete,
 * or a complaint.  Pure: no I/O; the caller owns the row's strings. */
#ifndef NASKAH_CHECK_H
#define NASKAH_CHECK_H

#include "date.h"
#include "err.h"
#include "kantor.h"
#include "nik.h"
#include "sop.h"

enum fld {
	F_NO_REGISTER, F_TANGGAL, F_JAM, F_LAYANAN, F_NIK, F_NAMA, F_JK,
	F_TEMPAT_LAHIR, F_TANGGAL_LAHIR, F_AGAMA, F_STATUS, F_PEKERJAAN,
	F_ALAMAT, F_RT, F_RW, F_KODE_DESA, F_NO_KK, F_KEPERLUAN,
	F_KELENGKAPAN, F_NOMOR_PENGANTAR, F_JENIS_LEGALISASI, F_PERIHAL,
	F_URAIAN, F_SALURAN, F_PENDAMPING, F_PIHAK_TERKAIT, F_JAM_SELESAI,
	F_PETUGAS, F__MAX
};

/* Column names of the register export, indexed by enum fld. */
extern const char *const check_colname[F__MAX];

/* Longest value a field may hold, in bytes. */
#define CHECK_MAXFIELD	2000

enum app_status { APP_MALFORMED, APP_INCOMPLETE, APP_COMPLETE, APP_PENGADUAN };

struct app {
	const char		*v[F__MAX];	/* "" when absent; caller's */
	int			 col[F__MAX];	/* 1-based CSV column, 0 absent */
	const char		*file;
	long			 line;
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

/* Columns every register export must have, or the file is refused. */
int		 check_required_column(enum fld f);
enum app_status	 check_app(struct app *a, const struct kantor *k,
		    const struct sop_set *ss, struct nerr *e);
/* "Surat Keterangan Waris" for "waris", or NULL. */
const char	*check_legalisasi_label(const char *code);

#endif
