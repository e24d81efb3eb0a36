/* reg.h -- the register: applications, the books of numbers, the archive
 * of issued files, imports and runs.  This header is the whole boundary:
 * no SQL and no engine type crosses it, so a second engine (PostgreSQL)
 * implements these functions and passes tests/unit/test_reg.c.  A number
 * is given only inside a transaction that also records its finished file.
 * Strings returned in structs are copied into caller buffers. */
#ifndef NASKAH_REG_H
#define NASKAH_REG_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* The schema this binary writes.  1: one book per year, keyed by the
 * application (naskah 0.1); 2: books per office, name and year, the
 * documents referring to their entries; 3: the register records the
 * office it belongs to; 4: indexes for find and the agenda, the names'
 * trigram index, the months whose manifest is out of date. */
#define REG_VERSION	4

/* Book names: the outgoing letters and reports, and (later) the
 * incoming mail and complaints. */
#define REG_BOOK_KELUAR	"keluar"
#define REG_BOOK_MASUK	"masuk"

struct reg;

struct reg_app {
	long	 id;
	char	 status[16];	/* complete, incomplete, pengaduan */
	char	 sha[80];	/* of the row's data: "2:" + hex, or hex (v1) */
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

/* A number taken from a book: the book (the register's id for one
 * office, book name and year) and its place in it, from 1. */
struct reg_num {
	long	 book;
	long	 urut;
};

/* One entry of a book.  Given to reg_entry_add: num, nomor, klasifikasi,
 * kind.  Filled by reg_book_each (valid during the call): all. */
struct reg_entry {
	struct reg_num	 num;
	const char	*nomor;		/* as printed: 470/0012/406.13/2025 */
	const char	*klasifikasi;	/* may be NULL */
	const char	*kind;		/* surat, laporan */
	const char	*issued;	/* UTC, ISO 8601 */
	const char	*status;	/* "issued" */
	const char	*path;		/* its document, "" if none */
};

struct reg_doc {
	const char	*kind;		/* surat, kembali, laporan */
	long		 app_id;	/* 0 if none */
	const char	*path;		/* relative to the output folder */
	size_t		 size;
	const char	*sha;
	const char	*created;	/* YYYY-MM-DD */
	struct reg_num	 num;		/* its book entry; {0, 0}: none */
	const char	*ref;		/* free-form key, e.g. report id */
};

/* A register is made once, by reg_create, for one office: office is
 * its region code (kantor.xml kode-wilayah, "35.03.13"), recorded in it.
 * reg_open opens an existing one only, so that a mistyped folder never
 * starts a second numbering from 1.
 *
 * reg_create refuses a path that exists (78, nothing changed) and makes
 * the register at REG_VERSION; on any error it leaves no file behind.
 *
 * reg_open opens the register at path and brings its schema to
 * REG_VERSION: every migration in order, in one transaction, before
 * anything else.  office is the region code of the office that opens
 * it: another office's register is refused (78, naming both codes).  A
 * register made before version 3 records no office and is adopted by the
 * first office that opens it (a version 1 register had one book without
 * an office, and its numbers become this office's REG_BOOK_KELUAR of
 * their years), unless its books name another office.  office NULL or
 * "": no check, no adoption.  Waits NASKAH_BUSY_TIMEOUT seconds
 * (default 30) for another process's lock.  Errors: 73 unwritable,
 * full, corrupt or not a database (never modified); 75 locked by another
 * process; 78 no register at path (nothing is created), another
 * office's, made by a newer naskah (REG_VERSION below its version:
 * never modified), or a version 1 register with numbers and no office;
 * 70 otherwise. */
struct reg	*reg_create(const char *path, const char *office,
		    struct nerr *e);
struct reg	*reg_open(const char *path, const char *office, struct nerr *e);
void		 reg_close(struct reg *);
/* The schema version of the open register (REG_VERSION). */
int		 reg_version(struct reg *);
/* The region code of the office the register belongs to, "" if none is
 * recorded yet (opened with office NULL). */
const char	*reg_office(struct reg *);

/* What the register says of the document at path (relative to the
 * output folder), to name a file that went missing: 1 and *out filled,
 * 0 no such document, -1 error. */
struct reg_docid {
	char	 kind[16];	/* surat, kembali, laporan */
	char	 nomor[128];	/* "" if it carries no number */
};
int		 reg_doc_id(struct reg *, const char *path,
		    struct reg_docid *out, struct nerr *e);

/* The transaction and its savepoint: issue.c is their one user (see
 * issue.h). */
int	reg_begin(struct reg *, struct nerr *e);	/* BEGIN IMMEDIATE */
int	reg_commit(struct reg *, struct nerr *e);
void	reg_rollback(struct reg *);
int	reg_in_tx(struct reg *);
/* One row's changes inside the batch transaction, undone alone when the
 * row turns out to be rejected after it was recorded. */
int	reg_savepoint(struct reg *, struct nerr *e);
int	reg_release(struct reg *, struct nerr *e);
int	reg_rollback_to(struct reg *, struct nerr *e);
/* e filled from the last engine error (for calls that return no nerr). */
void	reg_last_error(struct reg *, const char *what, struct nerr *e);

long	reg_run_start(struct reg *, const char *kind, const char *args);
void	reg_run_end(struct reg *, long run, int status, const char *summary);

/* 1 and *out filled, 0 not found, -1 error. */
int	reg_app_find(struct reg *, int tahun, const char *no_register,
	    struct reg_app *out, struct nerr *e);
int	reg_app_put(struct reg *, const struct reg_appin *, long *id,
	    struct nerr *e);

/* Takes the next number of the book (office, book, tahun), which starts
 * at its first number, under the book's row lock; only inside a
 * transaction, whose rollback gives the number back.  The number is
 * then written with reg_entry_add: the register refuses an entry that
 * is not the number just taken (a gap or a repeat), and never deletes
 * or changes one. */
int	reg_book_take(struct reg *, const char *office, const char *book,
	    int tahun, struct reg_num *num, struct nerr *e);
int	reg_entry_add(struct reg *, const struct reg_entry *, struct nerr *e);
/* Visits the entries of a book in order: cb(entry, arg); stops on
 * non-zero (returned as 1).  A book never used has none. */
int	reg_book_each(struct reg *, const char *office, const char *book,
	    int tahun, int (*cb)(const struct reg_entry *, void *), void *arg,
	    struct nerr *e);

/* Records a document (and, when num is set, that it carries that book
 * entry's number; one document per entry). */
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

/* The archive's books, search and manifests (naskah agenda, find,
 * verify --manifest; agenda.c, find.c, manifest.c). */

/* A register opened only to read it (naskah find): no integrity check
 * of the whole file and no lock, so that a query answers at once even
 * while a run writes.  A register at an older version is opened (and
 * migrated) as reg_open does.  Errors as reg_open's. */
struct reg	*reg_open_query(const char *path, struct nerr *e);

/* One number of a book as the agenda prints it.  Strings are "" when
 * absent and valid until the next reg_agenda_next. */
struct reg_agrow {
	long		 urut;
	const char	*nomor;
	const char	*status;	/* the entry's: "issued", or what a
					 * later change made of it */
	const char	*jenis;		/* kk, ktp, ... laporan (as find) */
	const char	*path;		/* its document, "" if none */
	const char	*sha;
	long long	 size;		/* -1 if no document */
	const char	*tanggal;	/* the document's date, YYYY-MM-DD */
	const char	*layanan, *nama, *nik;	/* its application's */
	const char	*bulan, *bagian;	/* its report's */
	int		 revision;
	/* A cancelled number's reason and date, when the register records
	 * them (naskah batal). */
	const char	*alasan, *tanggal_batal;
};
struct reg_cursor;
/* The entries of a book in order of their numbers; *last gets the
 * book's counter (the highest number ever taken; 0 for a book never
 * used), so numbers after the last entry are seen as missing too. */
struct reg_cursor *reg_agenda_open(struct reg *, const char *office,
		    const char *book, int tahun, long *last, struct nerr *e);
/* 1 and *out filled, 0 past the last, -1 error. */
int		 reg_agenda_next(struct reg_cursor *, struct reg_agrow *out,
		    struct nerr *e);
void		 reg_agenda_close(struct reg_cursor *);

/* What naskah find asks: every criterion given (non-NULL) must hold.
 * nama: a substring of the applicant's name, case and accents ignored;
 * dari and sampai: YYYY-MM-DD, inclusive. */
struct reg_query {
	const char	*nik, *nama, *nomor, *no_register, *jenis;
	const char	*dari, *sampai;
};
/* One document found, or one row of a month's manifest. */
struct reg_found {
	const char	*path, *jenis, *nomor, *tanggal, *nama, *nik, *sha;
	long long	 size;
};
/* Visits the documents matching q in date order: cb(doc, arg), which
 * stops the visit with non-zero.  How many were visited, or -1. */
long	reg_find(struct reg *, const struct reg_query *q,
	    int (*cb)(const struct reg_found *, void *), void *arg,
	    struct nerr *e);

/* The months (YYYY-MM) whose manifest is older than the register: every
 * document recorded marks its month in the same transaction.  Visits
 * them: cb(bulan, arg); -1 on error. */
int	reg_manifest_stale(struct reg *, int (*cb)(const char *, void *),
	    void *arg, struct nerr *e);
/* The documents of month bulan in the order they were recorded. */
int	reg_manifest_each(struct reg *, const char *bulan,
	    int (*cb)(const struct reg_found *, void *), void *arg,
	    struct nerr *e);
/* The manifest of bulan has been written from the register. */
int	reg_manifest_done(struct reg *, const char *bulan, struct nerr *e);

#endif
