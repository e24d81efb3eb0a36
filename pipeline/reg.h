/* reg.h -- the register in SQLite: applications, the letter-number book,
 * the archive of issued files, imports and runs.  A number is given only
 * inside a transaction that also records its finished file.  Strings
 * returned in structs are copied into caller buffers. */
#ifndef NASKAH_REG_H
#define NASKAH_REG_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct reg;

struct reg_app {
	long	 id;
	char	 status[16];	/* complete, incomplete, pengaduan */
	char	 sha[65];	/* of the row's data */
	char	 file[256];
	long	 line;
	char	 nomor[128];	/* "" unless a letter was issued */
};

/* A new row, or a new version of an incomplete one. */
struct reg_appin {
	int		 tahun;
	const char	*no_register, *tanggal, *layanan, *nik, *nama;
	const char	*kode_desa, *data, *sha, *file, *status, *missing;
	const char	*warnings, *jam, *jam_selesai, *petugas;
	long		 line, run_id;
};

struct reg_doc {
	const char	*kind;		/* surat, kembali, laporan */
	long		 app_id;	/* 0 if none */
	const char	*path;		/* relative to the output folder */
	size_t		 size;
	const char	*sha;
	const char	*created;	/* YYYY-MM-DD */
	/* For numbered documents: */
	int		 tahun;
	long		 urut;		/* 0: not numbered */
	const char	*nomor, *klasifikasi;
	const char	*ref;		/* free-form key, e.g. report id */
};

/* Waits NASKAH_BUSY_TIMEOUT seconds (default 30) for another process's
 * lock.  Errors: 73 unwritable, full, corrupt or not a database (never
 * modified); 75 locked by another process; 70 otherwise. */
struct reg	*reg_open(const char *path, struct nerr *e);
void		 reg_close(struct reg *);

int	reg_begin(struct reg *, struct nerr *e);	/* BEGIN IMMEDIATE */
int	reg_commit(struct reg *, struct nerr *e);
void	reg_rollback(struct reg *);
int	reg_in_tx(struct reg *);
/* One row's changes inside the batch transaction, undone alone when the
 * row turns out to be rejected after it was recorded. */
int	reg_savepoint(struct reg *, struct nerr *e);
int	reg_release(struct reg *, struct nerr *e);
int	reg_rollback_to(struct reg *, struct nerr *e);
/* e filled from the last SQLite error (for calls that return no nerr). */
void	reg_last_error(struct reg *, const char *what, struct nerr *e);

long	reg_run_start(struct reg *, const char *kind, const char *args);
void	reg_run_end(struct reg *, long run, int status, const char *summary);

/* 1 and *out filled, 0 not found, -1 error. */
int	reg_app_find(struct reg *, int tahun, const char *no_register,
	    struct reg_app *out, struct nerr *e);
int	reg_app_put(struct reg *, const struct reg_appin *, long *id,
	    struct nerr *e);
/* The next free number of the year's book (inside a transaction). */
int	reg_book_next(struct reg *, int tahun, long *urut, struct nerr *e);
int	reg_doc_add(struct reg *, const struct reg_doc *, struct nerr *e);
int	reg_reject(struct reg *, long run, const struct nerr *why,
	    const char *no_register);

/* 1 if the import file with this content was fully processed. */
int	reg_import_done(struct reg *, const char *file, const char *sha);
int	reg_import_mark(struct reg *, const char *file, const char *sha,
	    long rows, long run, struct nerr *e);

/* Visits every document: cb(path, sha, arg); stops on non-zero. */
int	reg_doc_each(struct reg *, int (*cb)(const char *, const char *,
	    void *), void *arg, struct nerr *e);

/* Desa data and monthly reports. */

/* One desa's figures of one section's month: indikator[i] was nilai[i],
 * with keterangan[i] (keterangan NULL, or an entry NULL, for none).  All
 * borrowed for the call. */
struct reg_ddata {
	const char		*bulan;		/* YYYY-MM */
	const char		*bagian;	/* trantibum */
	const char		*kode_desa;
	const char *const	*indikator;
	const uint64_t		*nilai;
	const char *const	*keterangan;
	size_t			 n;
};

/* Forgets the figures stored for bulan and bagian, before they are stored
 * anew: a desa whose file has since turned bad must not stay. */
int	reg_ddata_clear(struct reg *, const char *bulan, const char *bagian,
	    struct nerr *e);
int	reg_ddata_put(struct reg *, const struct reg_ddata *, struct nerr *e);
/* Visits the figures stored for bulan and bagian in desa code order:
 * cb(kode_desa, indikator, nilai, arg), the strings valid during the
 * call; stops when cb returns non-zero.  1 if there was any, 0 none, -1
 * error. */
int	reg_ddata_each(struct reg *, const char *bulan, const char *bagian,
	    int (*cb)(const char *, const char *, uint64_t, void *),
	    void *arg, struct nerr *e);

/* The latest report of a month and section. */
struct reg_report {
	int	 revision;	/* 1, 2, ...; 0 when there is none */
	char	 sha[65];	/* of the data it reported */
	char	 nomor[256];
	char	 path[1024];	/* its document, "" if none */
};

/* A report as issued: its document (already recorded with reg_doc_add)
 * is found by path. */
struct reg_reportin {
	const char	*bulan, *bagian;
	int		 revision;
	const char	*sha, *nomor;
	const char	*replaces;	/* the number revised, NULL or "" none */
	const char	*path;
};

/* 1 and *out filled, 0 no report yet, -1 error. */
int	reg_report_latest(struct reg *, const char *bulan, const char *bagian,
	    struct reg_report *out, struct nerr *e);
int	reg_report_add(struct reg *, const struct reg_reportin *,
	    struct nerr *e);

#endif
