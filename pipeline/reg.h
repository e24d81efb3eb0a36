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
 * office it belongs to; 4: its since may be set before any import; 5: each
 * document's source (what it was rendered from), cancelled numbers with
 * reason, date and replacement, and the changed rows of conflicts; 6:
 * complaints and their steps; 7: the verification codes printed on each
 * document; 8: the archive's indexes (find, agenda) and the months whose
 * manifest must be written again; 9: each document's classification code
 * and the list's version; 10: the outgoing surat dinas; 11: a surat
 * dinas's changed row kept for its ralat; 12: the office's working
 * calendar (jam kerja and libur) for the kabupaten's roll-ups; 13: the
 * folded names indexed once a transaction, at its commit (SQLite). */
#define REG_VERSION	13

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
	const char	*klasifikasi;	/* its code; NULL: its number's */
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

/*
 * Working days (issue 10, "days").
 */

/* The day the register serves from (YYYY-MM-DD: the day `naskah init`
 * made it, or its --since) into buf: 1, 0 none recorded, -1 error. */
int	reg_office_since(struct reg *, char *buf, size_t sz, struct nerr *e);
/* Sets it (YYYY-MM-DD); refused once the register has imported an
 * export. */
int	reg_office_set_since(struct reg *, const char *day, struct nerr *e);
/* The date (YYYY-MM-DD) of the newest register export (YYYY-MM-DD.csv)
 * fully processed, into buf: 1, 0 none yet, -1 error. */
int	reg_import_newest(struct reg *, char *buf, size_t sz, struct nerr *e);


/* Restore, corrections and cancellation (naskah restore, ralat, batal). */

/* Stores the source of the document at path (office_source: what it was
 * rendered from, compressed), in the transaction that records it. */
int	reg_doc_source_put(struct reg *, const char *path, const void *src,
	    size_t len, struct nerr *e);

/* A document as restore sees it; valid during the callback. */
struct reg_docsrc {
	long		 id;
	const char	*kind;		/* surat, kembali, laporan */
	const char	*path;		/* relative to the output folder */
	const char	*sha;
	size_t		 size;
	const char	*nomor;		/* "" if none */
	const void	*src;		/* NULL: rendered before version 4 */
	size_t		 srclen;
};
/* Visits the documents whose number or path is key (NULL: every
 * document, in the order issued): cb(doc, arg), stopping on non-zero.
 * Returns how many were visited, or -1 with e. */
long	reg_docsrc_each(struct reg *, const char *key,
	    int (*cb)(const struct reg_docsrc *, void *), void *arg,
	    struct nerr *e);

/* A number of a book, with what its cancellation recorded. */
struct reg_entryinfo {
	char	 nomor[128];
	char	 book[32];		/* keluar */
	int	 tahun;
	char	 kind[16];		/* the entry's kind */
	char	 klasifikasi[32];
	char	 status[16];		/* issued, cancelled */
	char	 cancel_reason[512];
	char	 cancel_date[16];	/* YYYY-MM-DD */
	char	 replaced_by[128];	/* the number of its ralat, or "" */
	char	 replaces[128];		/* the number it replaces, or "" */
	long	 app_id;		/* its document's application, 0 none */
	char	 doc_kind[16];		/* its document's kind, "" none */
	char	 path[1024];		/* its document, "" none */
	char	 created[16];		/* its document's date */
};
/* 1 and *out filled, 0 no such number, -1 error. */
int	reg_entry_find(struct reg *, const char *nomor,
	    struct reg_entryinfo *out, struct nerr *e);
/* Marks an issued number cancelled on date (YYYY-MM-DD) for reason, and,
 * for a ralat, replaced by the number replaced_by (NULL: none).  The
 * register refuses a second cancellation and never restores a number.
 * 1 done, 0 not issued (unknown or already cancelled), -1 error. */
int	reg_entry_cancel(struct reg *, const char *nomor, const char *reason,
	    const char *date, const char *replaced_by, struct nerr *e);
/* Records that the number nomor (just given) replaces the number old. */
int	reg_entry_replaces(struct reg *, const char *nomor, const char *old,
	    struct nerr *e);

/* The changed row of a conflict: an application whose data changed
 * after its document was issued.  The latest one is kept until a ralat
 * issues from it (reg_conflict_clear). */
struct reg_conflict {
	long		 app_id;
	const char	*data;		/* "name=value\n" lines */
	const char	*sha;		/* its row hash */
	const char	*file;
	long		 line;
};
int	reg_conflict_put(struct reg *, const struct reg_conflict *,
	    struct nerr *e);
/* 1 and *out filled (its strings malloc'd: free with
 * reg_conflict_free), 0 none, -1 error. */
int	reg_conflict_get(struct reg *, long app_id, struct reg_conflict *out,
	    struct nerr *e);
void	reg_conflict_free(struct reg_conflict *);
int	reg_conflict_clear(struct reg *, long app_id, struct nerr *e);
/* The data of application id as recorded ("name=value\n"), malloc'd;
 * NULL with e->status 0 if there is none, or with e on error. */
char	*reg_app_data(struct reg *, long app_id, struct nerr *e);

/* Service-time reports (issue 11, part "layanan"). */

/* One application of a letter service as the report reads it; the
 * strings ("" when empty) are valid during the callback only. */
struct reg_svcrow {
	const char	*no_register;
	const char	*tanggal;	/* YYYY-MM-DD */
	const char	*layanan;
	const char	*status;	/* complete or incomplete (returned) */
	const char	*missing;	/* returned: the codes lacking, ';' */
	const char	*jam, *jam_selesai;	/* HH:MM or "" */
	const char	*petugas;
};

/* Visits the applications (not the complaints) received in month bulan
 * (YYYY-MM) in date and register-number order: cb(row, arg); stops
 * when cb returns non-zero.  0 done (or stopped), -1 error. */
int	reg_svc_each(struct reg *, const char *bulan,
	    int (*cb)(const struct reg_svcrow *, void *), void *arg,
	    struct nerr *e);

/* Complaints (pengaduan): from receipt to outcome.  Moments are
 * "YYYY-MM-DD HH:MM" (local office time), so they sort as text. */

/* A complaint received: its application (already recorded with
 * reg_app_put), and its step 1 (langkah, the register row itself). */
struct reg_aduan_in {
	long		 app_id;
	const char	*varian;	/* the SOP variant it follows, or NULL */
	const char	*saluran;
	const char	*diterima;	/* the register row's tanggal and jam */
	const char	*batas;		/* when the SOP says it is answered, or
					 * NULL (no working time known) */
	int		 langkah;	/* the SOP's first step */
	const char	*petugas;
	const char	*file;
	long		 line, run_id;
};

/* A complaint as the register has it. */
struct reg_aduan {
	long	 app_id;
	int	 tahun;
	char	 no_register[64];
	char	 tanggal[16];		/* the register row's, YYYY-MM-DD */
	char	 kode_desa[32];
	char	 varian[48];		/* "" if none */
	char	 saluran[24];
	char	 diterima[20];		/* moment */
	char	 batas[20];		/* moment, "" if none */
	char	 hasil[16];		/* musyawarah, jalur_hukum, "" open */
	char	 ditutup[20];		/* moment of the closing step, "" */
	int	 langkah;		/* the last step recorded */
	char	 terakhir[20];		/* ... and its moment */
};

/* One recorded step (strings borrowed for the call). */
struct reg_aduan_step {
	long		 app_id;
	int		 langkah;
	const char	*selesai;	/* moment */
	const char	*petugas, *catatan, *hasil;	/* "" or NULL none */
	const char	*file;
	long		 line, run_id;
};

int	reg_aduan_add(struct reg *, const struct reg_aduan_in *,
	    struct nerr *e);
/* 1 and *out filled, 0 no such complaint, -1 error. */
int	reg_aduan_find(struct reg *, int tahun, const char *no_register,
	    struct reg_aduan *out, struct nerr *e);
/* The complaint's register row as recorded (fill_data's form, *data
 * malloc'd), with the export file and line it came from: 1, 0 none, -1. */
int	reg_aduan_app(struct reg *, long app_id, char **data, char *file,
	    size_t filesz, long *line, struct nerr *e);
/* Records a step; the register refuses one at or before the last one
 * recorded (and never changes or deletes one). */
int	reg_aduan_step_add(struct reg *, const struct reg_aduan_step *,
	    struct nerr *e);
/* Visits the complaint's steps in order, step 1 first: cb(step, arg);
 * stops on non-zero (returned as 1). */
int	reg_aduan_steps_each(struct reg *, long app_id,
	    int (*cb)(const struct reg_aduan_step *, void *), void *arg,
	    struct nerr *e);
/* Records the outcome (hasil, at the closing step's moment), once. */
int	reg_aduan_close(struct reg *, long app_id, const char *hasil,
	    const char *ditutup, struct nerr *e);
/* Visits, oldest first, every complaint received before `to` and not
 * closed before `from` (moments or dates, compared as text): those
 * received in a month and those still open in it, for the monthly
 * report.  cb's struct is valid during the call; stops on non-zero
 * (returned as 1). */
int	reg_aduan_each(struct reg *, const char *from, const char *to,
	    int (*cb)(const struct reg_aduan *, void *), void *arg,
	    struct nerr *e);

/* Verification (issue 12). */

/* Records the codes printed on the document at path (already recorded
 * with reg_doc_add): its short code and its signed QR payload. */
int	reg_doc_codes_add(struct reg *, const char *path, const char *kode,
	    const char *payload, struct nerr *e);

/* A document as `naskah verify` names it. */
struct reg_found {
	char	 path[1024];
	char	 kind[32];	/* surat, kembali, laporan, ... */
	char	 nomor[256];	/* "" if it has none */
	char	 created[16];	/* YYYY-MM-DD */
	char	 nama[256];	/* the applicant's, "" if none */
	char	 kode[16];	/* its short code, "" if issued without */
	char	 payload[2048];	/* its signed QR payload, likewise */
	char	 status[32];	/* its number's: issued, cancelled, ... */
	char	 reason[512];	/* a cancellation's reason and date, as */
	char	 when[64];	/* the register keeps them, or "" */
};

/* The document whose file has SHA-256 sha, or whose short code is kode,
 * or whose QR payload is payload (each may be NULL): 1 and *f filled, 0
 * none, -1 error. */
int	reg_doc_find(struct reg *, const char *sha, const char *kode,
	    const char *payload, struct reg_found *f, struct nerr *e);

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
	/* A surat dinas's own Hal (its nama above is its addressee). */
	const char	*perihal;
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
struct reg_hit {
	const char	*path, *jenis, *nomor, *tanggal, *nama, *nik, *sha;
	long long	 size;
};
/* Visits the documents matching q in date order: cb(doc, arg), which
 * stops the visit with non-zero.  How many were visited, or -1. */
long	reg_find(struct reg *, const struct reg_query *q,
	    int (*cb)(const struct reg_hit *, void *), void *arg,
	    struct nerr *e);

/* The months (YYYY-MM) whose manifest is older than the register: every
 * document recorded marks its month in the same transaction.  Visits
 * them: cb(bulan, arg); -1 on error. */
int	reg_manifest_stale(struct reg *, int (*cb)(const char *, void *),
	    void *arg, struct nerr *e);
/* The documents of month bulan in the order they were recorded. */
int	reg_manifest_each(struct reg *, const char *bulan,
	    int (*cb)(const struct reg_hit *, void *), void *arg,
	    struct nerr *e);
/* The manifest of bulan has been written from the register. */
int	reg_manifest_done(struct reg *, const char *bulan, struct nerr *e);

/*
 * The register on two engines (issue 14, part "pg"): SQLite (a file) or
 * PostgreSQL (a URL), behind the functions above.
 */

/* Where the register is: --register (reg_use), else NASKAH_REGISTER,
 * else kantor.xml's <register> (reg_use_kantor), else the path every
 * caller names (OUTPUT/register.db).  A postgresql:// or postgres://
 * URL is a PostgreSQL database holding many offices, each in the schema
 * kantor_DIGITS of its region code; a register opened there (reg_open)
 * holds the office's run lock until reg_close: a second run of the
 * office, on any host, gets 75. */
void		 reg_use(const char *where);
void		 reg_use_kantor(const char *where);
const char	*reg_where(const char *path);
/* 1 if the register named by path is a PostgreSQL one. */
int		 reg_remote(const char *path);
/* Is `--register VAL` of command cmd (NULL: not yet known) the
 * register's location?  For find it is the register number of an
 * application (archive.md) unless VAL is a URL or ends in .db. */
int		 reg_option_is_location(const char *cmd, const char *val);
/* 1 if the last reg_commit failed without knowing whether the server
 * committed (the connection was lost during COMMIT). */
int		 reg_commit_unknown(struct reg *);

/* naskah register migrate: copies every table of src (with its ids)
 * into dst, a register just made for the same office and empty, in one
 * transaction (all or nothing; each book's numbers replayed in order
 * through its triggers).  reg_digest fills out with table i's rows and
 * digest (1: no table i), to prove both registers hold the same rows. */
struct reg_digest {
	const char	*table;
	long		 rows;
	char		 sha[65];
};
int		 reg_migrate(struct reg *src, struct reg *dst, struct nerr *e);
int		 reg_digest(struct reg *, size_t i, struct reg_digest *out,
		    struct nerr *e);
/* reg_exact(1): the paths and URLs given are used as they are, not as
 * --register, NASKAH_REGISTER or kantor.xml would redirect them. */
void		 reg_exact(int on);
/* Classification codes (klas) */

/* Records on the document at path its classification code kode (NULL:
 * its number's) and the list's version versi. */
int	reg_doc_klas(struct reg *, const char *path, const char *kode,
	    const char *versi, struct nerr *e);
/* The code and version recorded on the document at path ("" when none):
 * 1, 0 when no such document, -1 with e. */
int	reg_doc_klas_get(struct reg *, const char *path, char *kode,
	    size_t ksz, char *versi, size_t vsz, struct nerr *e);
/* --- deb (issue 16): naskah check --- */

/* What `naskah check` reports of the register at path without changing
 * it (read-only; no migration, no adoption): its schema version and the
 * office it serves ("" when it records none).  0, 1 when there is no
 * register at path, 2 when it is a PostgreSQL one (reg_where), -1 with e
 * when it cannot be read. */
int	reg_inspect(const char *path, int *version, char *office, size_t sz,
	    struct nerr *e);

/* Outgoing surat dinas (issue 13, part "sd"). */

/* A letter as recorded: its row's hash and data, the number it got. */
struct reg_sd {
	long	 id;
	char	 sha[80];
	char	 nomor[128];
	char	 file[256];
	long	 line;
	char	*data;		/* "name=value\n" lines, malloc'd */
};
/* A letter issued (its documents recorded with reg_doc_add). */
struct reg_sdin {
	int		 tahun;
	const char	*no_konsep, *tanggal, *jenis, *perihal, *kepada;
	const char	*data, *sha, *nomor, *path, *file;
	long		 line, run_id;
};
/* 1 and *out filled (free out->data), 0 none, -1 error. */
int	reg_sd_find(struct reg *, int tahun, const char *no_konsep,
	    struct reg_sd *out, struct nerr *e);
int	reg_sd_put(struct reg *, const struct reg_sdin *, struct nerr *e);

/* --- fixes (session 5): ralat of a surat dinas --- */

/* The surat dinas now issued as nomor: 1 with *out (free out->data) and
 * its year, 0 none, -1 error. */
int	reg_sd_of(struct reg *, const char *nomor, struct reg_sd *out,
	    int *tahun, struct nerr *e);
/* The letter id reissued by a ralat: its row, hash, number and path. */
int	reg_sd_replace(struct reg *, long id, const struct reg_sdin *,
	    struct nerr *e);
/* The changed row of an issued surat dinas (app_id: its id), as
 * reg_conflict_* keep an application's. */
int	reg_sdconf_put(struct reg *, const struct reg_conflict *,
	    struct nerr *e);
int	reg_sdconf_get(struct reg *, long sd_id, struct reg_conflict *out,
	    struct nerr *e);
int	reg_sdconf_clear(struct reg *, long sd_id, struct nerr *e);

/* --- pgmisc (issue 14): the readers' open --- */

/* reg_open_query for the office whose region code is office (NULL or "":
 * NASKAH_OFFICE, else the database's one office): what verify, find and
 * the CSV agenda read.  No lock on either engine (a run of the office
 * goes on meanwhile: they read what it has committed); a register of
 * another office is refused as reg_open refuses it. */
struct reg	*reg_open_read(const char *path, const char *office,
		    struct nerr *e);

/* The PostgreSQL register's round trips (issue 14, part "pgcost"). */

/* reg_savepoint for writes whose failure fails the savepoint: on
 * PostgreSQL they are sent without waiting for each (db_defer_writes),
 * and a failure is reported by the next call that waits, at the latest
 * reg_release. */
int	reg_savepoint_late(struct reg *, struct nerr *e);

/*
 * rollup (issue 14): the office's working calendar (wtime.h) as its last
 * run or report used it.  reg_calendar_put stores w when it differs from
 * the one stored (in its own transaction unless one is open);
 * reg_calendar_get makes a new calendar of the stored one into *out: 1,
 * or 0 when none was ever stored (*out NULL); -1 with e.
 */
struct wtime;
int	reg_calendar_put(struct reg *, const struct wtime *, struct nerr *);
int	reg_calendar_get(struct reg *, struct wtime **out, struct nerr *);

#endif
