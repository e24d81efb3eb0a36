/* test_reg.c -- the register through reg.h: numbering, books, documents,
 * recovery, migrations.  The first part uses reg.h alone and is what a
 * second engine (PostgreSQL) must pass too: fx_setup is the one place
 * that makes a fresh register.  The last part ("SQLite") builds old or
 * foreign files and reaches under reg.h to try what reg.h never offers
 * (deleting a number); another engine brings its own version of it. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "fsio.h"
#include "reg.h"

#define OFFICE	"35.03.13"
#define FIX	"tests/unit/fixtures/"

struct fx {
	char		 dir[256], path[300];
	struct reg	*r;
};

/* The suite runs on PostgreSQL too (NASKAH_TEST_PG, see reg.c): what
 * reaches under reg.h into the SQLite file is then skipped. */
static int
on_pg(void)
{
	return getenv("NASKAH_TEST_PG") != NULL && *getenv("NASKAH_TEST_PG");
}

/* A fresh, empty register of office OFFICE. */
static int
fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct nerr e = { 0 };

	snprintf(f->dir, sizeof(f->dir), "/tmp/test_reg.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/register.db", f->dir);
	if ((f->r = reg_create(f->path, OFFICE, &e)) == NULL) {
		fprintf(stderr, "reg_create: %s\n", e.msg);
		return -1;
	}
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;
	char p[400];

	reg_close(f->r);
	for (const char *const *s = (const char *const[]){ "", "-wal", "-shm",
	    NULL }; *s; s++) {
		snprintf(p, sizeof(p), "%s%s", f->path, *s);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Takes the next number of a book and writes it, as issue_number does;
 * returns urut, or -1. */
static long
take(struct reg *r, const char *office, const char *book, int tahun,
    struct reg_num *out)
{
	struct reg_num n;
	struct nerr e = { 0 };
	char nomor[128];

	if (reg_book_take(r, office, book, tahun, &n, &e) != 0)
		return -1;
	snprintf(nomor, sizeof(nomor), "%s/%s/%04ld/%d", office, book, n.urut,
	    tahun);
	struct reg_entry en = { .num = n, .nomor = nomor, .klasifikasi = "470",
	    .kind = "surat" };
	if (reg_entry_add(r, &en, &e) != 0)
		return -1;
	if (out != NULL)
		*out = n;
	return n.urut;
}

struct list {
	long	 urut[16];
	char	 nomor[16][64], path[16][128], kind[16][16];
	size_t	 n;
};

static int
list_cb(const struct reg_entry *en, void *arg)
{
	struct list *l = arg;

	if (l->n == 16)
		return 1;
	l->urut[l->n] = en->num.urut;
	snprintf(l->nomor[l->n], sizeof(l->nomor[0]), "%s", en->nomor);
	snprintf(l->path[l->n], sizeof(l->path[0]), "%s", en->path);
	snprintf(l->kind[l->n], sizeof(l->kind[0]), "%s", en->kind);
	assert_string_equal(en->status, "issued");
	assert_non_null(en->issued);
	l->n++;
	return 0;
}

static struct list
list(struct reg *r, const char *office, const char *book, int tahun)
{
	struct list l = { .n = 0 };
	struct nerr e = { 0 };

	assert_int_equal(reg_book_each(r, office, book, tahun, list_cb, &l,
	    &e), 0);
	return l;
}

static void
t_version(void **state)
{
	struct fx *f = *state;

	assert_int_equal(reg_version(f->r), REG_VERSION);
}

static void
t_gapless(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };

	assert_int_equal(reg_begin(f->r, &e), 0);
	for (long i = 1; i <= 5; i++)
		assert_int_equal(take(f->r, OFFICE, REG_BOOK_KELUAR, 2025, NULL),
		    i);
	assert_int_equal(reg_commit(f->r, &e), 0);
	/* The next transaction goes on where the last stopped. */
	assert_int_equal(reg_begin(f->r, &e), 0);
	assert_int_equal(take(f->r, OFFICE, REG_BOOK_KELUAR, 2025, NULL), 6);
	assert_int_equal(reg_commit(f->r, &e), 0);
	struct list l = list(f->r, OFFICE, REG_BOOK_KELUAR, 2025);
	assert_int_equal(l.n, 6);
	for (size_t i = 0; i < l.n; i++)
		assert_int_equal(l.urut[i], (long)i + 1);
	assert_string_equal(l.nomor[0], OFFICE "/keluar/0001/2025");
	assert_string_equal(l.path[0], "");	/* no document yet */
}

/* Each year, each office and each book counts on its own. */
static void
t_independent(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };
	struct reg_num a, b;

	assert_int_equal(reg_begin(f->r, &e), 0);
	assert_int_equal(take(f->r, OFFICE, REG_BOOK_KELUAR, 2025, &a), 1);
	assert_int_equal(take(f->r, OFFICE, REG_BOOK_KELUAR, 2025, NULL), 2);
	assert_int_equal(take(f->r, OFFICE, REG_BOOK_KELUAR, 2026, &b), 1);
	assert_true(a.book != b.book);
	assert_int_equal(take(f->r, OFFICE, REG_BOOK_MASUK, 2025, &b), 1);
	assert_true(a.book != b.book);
	assert_int_equal(take(f->r, "35.03.14", REG_BOOK_KELUAR, 2025, &b), 1);
	assert_true(a.book != b.book);
	assert_int_equal(take(f->r, OFFICE, REG_BOOK_MASUK, 2025, NULL), 2);
	assert_int_equal(take(f->r, OFFICE, REG_BOOK_KELUAR, 2025, &b), 3);
	assert_int_equal(a.book, b.book);
	assert_int_equal(reg_commit(f->r, &e), 0);
	assert_int_equal(list(f->r, OFFICE, REG_BOOK_KELUAR, 2025).n, 3);
	assert_int_equal(list(f->r, OFFICE, REG_BOOK_KELUAR, 2026).n, 1);
	assert_int_equal(list(f->r, OFFICE, REG_BOOK_MASUK, 2025).n, 2);
	assert_int_equal(list(f->r, "35.03.14", REG_BOOK_KELUAR, 2025).n, 1);
	assert_int_equal(list(f->r, "35.03.14", REG_BOOK_MASUK, 2025).n, 0);
}

/* Only the number just taken can be written: no gap, no repeat, none
 * that was not taken. */
static void
t_no_skip(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };
	struct reg_num n;

	assert_int_equal(reg_begin(f->r, &e), 0);
	assert_int_equal(reg_book_take(f->r, OFFICE, REG_BOOK_KELUAR, 2025, &n,
	    &e), 0);
	assert_int_equal(n.urut, 1);
	struct reg_entry en = { .num = { n.book, 2 }, .nomor = "x/2",
	    .kind = "surat" };
	assert_int_equal(reg_entry_add(f->r, &en, &e), -1);	/* a gap */
	assert_non_null(strstr(e.msg, "out of sequence"));
	en.num.urut = 1;
	en.nomor = "x/1";
	assert_int_equal(reg_entry_add(f->r, &en, &e), 0);
	en.nomor = "x/1b";
	assert_int_equal(reg_entry_add(f->r, &en, &e), -1);	/* a repeat */
	en.num.urut = 2;
	en.nomor = "x/2";
	assert_int_equal(reg_entry_add(f->r, &en, &e), -1);	/* not taken */
	/* Taken but never written: the next cannot be written either. */
	assert_int_equal(reg_book_take(f->r, OFFICE, REG_BOOK_KELUAR, 2025, &n,
	    &e), 0);
	assert_int_equal(reg_book_take(f->r, OFFICE, REG_BOOK_KELUAR, 2025, &n,
	    &e), 0);
	assert_int_equal(n.urut, 3);
	en.num = n;
	en.nomor = "x/3";
	assert_int_equal(reg_entry_add(f->r, &en, &e), -1);
	/* A printed number is never given twice, even by another book. */
	assert_int_equal(reg_book_take(f->r, OFFICE, REG_BOOK_MASUK, 2025, &n,
	    &e), 0);
	struct reg_entry dup = { .num = n, .nomor = "x/1", .kind = "surat" };
	assert_int_equal(reg_entry_add(f->r, &dup, &e), -1);
	reg_rollback(f->r);
}

static void
t_take_needs_tx(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };
	struct reg_num n;

	assert_int_equal(reg_book_take(f->r, OFFICE, REG_BOOK_KELUAR, 2025, &n,
	    &e), -1);
	assert_int_equal(e.status, EX_SOFTWARE);
	assert_int_equal(list(f->r, OFFICE, REG_BOOK_KELUAR, 2025).n, 0);
}

/* A rolled back transaction, or row, gives its numbers back. */
static void
t_rollback(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };

	assert_int_equal(reg_begin(f->r, &e), 0);
	assert_int_equal(take(f->r, OFFICE, REG_BOOK_KELUAR, 2025, NULL), 1);
	assert_int_equal(take(f->r, OFFICE, REG_BOOK_KELUAR, 2025, NULL), 2);
	reg_rollback(f->r);
	assert_false(reg_in_tx(f->r));
	assert_int_equal(list(f->r, OFFICE, REG_BOOK_KELUAR, 2025).n, 0);
	assert_int_equal(reg_begin(f->r, &e), 0);
	assert_int_equal(take(f->r, OFFICE, REG_BOOK_KELUAR, 2025, NULL), 1);
	assert_int_equal(reg_savepoint(f->r, &e), 0);
	assert_int_equal(take(f->r, OFFICE, REG_BOOK_KELUAR, 2025, NULL), 2);
	assert_int_equal(reg_rollback_to(f->r, &e), 0);
	assert_true(reg_in_tx(f->r));
	assert_int_equal(reg_savepoint(f->r, &e), 0);
	assert_int_equal(take(f->r, OFFICE, REG_BOOK_KELUAR, 2025, NULL), 2);
	assert_int_equal(reg_release(f->r, &e), 0);
	assert_int_equal(reg_commit(f->r, &e), 0);
	assert_int_equal(list(f->r, OFFICE, REG_BOOK_KELUAR, 2025).n, 2);
}

static long
app(struct reg *r, int tahun, const char *no, const char *status)
{
	struct reg_appin in = { tahun, no, "2025-01-20", "kk", "3503134101800001",
	    "SITI", "35.03.13.2001", "data", "sha-1", "register/x.csv",
	    status, "", "", "", "", "", 2, 0 };
	struct nerr e = { 0 };
	long id = 0;

	assert_int_equal(reg_app_put(r, &in, &id, &e), 0);
	return id;
}

/* A numbered document refers to its entry; the application finds its
 * number through it; a number carries one document. */
static void
t_documents(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };
	struct reg_num n;
	struct reg_app a;
	long id;

	assert_int_equal(reg_begin(f->r, &e), 0);
	id = app(f->r, 2025, "R-1", "incomplete");
	struct reg_doc k = { .kind = "kembali", .app_id = id,
	    .path = "kembali/2025/k1.pdf", .size = 10, .sha = "s1",
	    .created = "2025-01-20" };
	assert_int_equal(reg_doc_add(f->r, &k, &e), 0);
	assert_int_equal(reg_app_find(f->r, 2025, "R-1", &a, &e), 1);
	assert_string_equal(a.nomor, "");
	assert_string_equal(a.status, "incomplete");
	assert_int_equal(app(f->r, 2025, "R-1", "complete"), id);
	assert_int_equal(take(f->r, OFFICE, REG_BOOK_KELUAR, 2025, &n), 1);
	struct reg_doc s = { .kind = "surat", .app_id = id,
	    .path = "surat/2025/00001.pdf", .size = 20, .sha = "s2",
	    .created = "2025-01-21", .num = n };
	assert_int_equal(reg_doc_add(f->r, &s, &e), 0);
	/* A report: numbered, no application. */
	assert_int_equal(take(f->r, OFFICE, REG_BOOK_KELUAR, 2025, &n), 2);
	struct reg_doc l = { .kind = "laporan", .path = "laporan/2025/l.pdf",
	    .size = 30, .sha = "s3", .created = "2025-02-01", .num = n,
	    .ref = "2025-01/kesra/r1" };
	assert_int_equal(reg_doc_add(f->r, &l, &e), 0);
	struct reg_doc again = l;
	again.path = "laporan/2025/l2.pdf";
	assert_int_equal(reg_doc_add(f->r, &again, &e), -1);
	/* A path is one document's. */
	again = k;
	assert_int_equal(reg_doc_add(f->r, &again, &e), -1);
	assert_int_equal(reg_commit(f->r, &e), 0);

	assert_int_equal(reg_app_find(f->r, 2025, "R-1", &a, &e), 1);
	assert_string_equal(a.nomor, OFFICE "/keluar/0001/2025");
	assert_string_equal(a.status, "complete");
	assert_int_equal(a.id, id);
	assert_int_equal(reg_app_find(f->r, 2024, "R-1", &a, &e), 0);
	struct list b = list(f->r, OFFICE, REG_BOOK_KELUAR, 2025);
	assert_int_equal(b.n, 2);
	assert_string_equal(b.path[0], "surat/2025/00001.pdf");
	assert_string_equal(b.path[1], "laporan/2025/l.pdf");
}

struct seen {
	char	 v[8][160];
	size_t	 n, stop;
};

static int
doc_cb(const char *path, const char *sha, void *arg)
{
	struct seen *s = arg;

	snprintf(s->v[s->n++], sizeof(s->v[0]), "%s %s", path, sha);
	return s->n == s->stop;
}

/* What office_open's crash recovery reads: every document's path and
 * SHA-256, committed ones only, in the order recorded. */
static void
t_recovery(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };
	struct reg_num n;
	struct seen s = { .n = 0 };

	assert_int_equal(reg_doc_each(f->r, doc_cb, &s, &e), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(reg_begin(f->r, &e), 0);
	for (int i = 1; i <= 3; i++) {
		char path[64], sha[16];

		assert_int_equal(take(f->r, OFFICE, REG_BOOK_KELUAR, 2025, &n),
		    i);
		snprintf(path, sizeof(path), "surat/2025/%05d.pdf", i);
		snprintf(sha, sizeof(sha), "sha%d", i);
		struct reg_doc d = { .kind = "surat", .path = path, .size = 1,
		    .sha = sha, .created = "2025-01-20", .num = n };
		assert_int_equal(reg_doc_add(f->r, &d, &e), 0);
	}
	assert_int_equal(reg_commit(f->r, &e), 0);
	/* A batch that never committed is not listed. */
	assert_int_equal(reg_begin(f->r, &e), 0);
	struct reg_doc d = { .kind = "kembali", .path = "kembali/x.pdf",
	    .size = 1, .sha = "shax", .created = "2025-01-20" };
	assert_int_equal(reg_doc_add(f->r, &d, &e), 0);
	reg_rollback(f->r);
	assert_int_equal(reg_doc_each(f->r, doc_cb, &s, &e), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.v[0], "surat/2025/00001.pdf sha1");
	assert_string_equal(s.v[2], "surat/2025/00003.pdf sha3");
	/* The callback stops it. */
	s.n = 0;
	s.stop = 2;
	assert_int_equal(reg_doc_each(f->r, doc_cb, &s, &e), 1);
	assert_int_equal(s.n, 2);
}

/* A missing file is named by its number (office_open reports it). */
static void
t_doc_id(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };
	struct reg_docid id;
	struct reg_num n;

	assert_int_equal(reg_begin(f->r, &e), 0);
	assert_int_equal(take(f->r, OFFICE, REG_BOOK_KELUAR, 2025, &n), 1);
	struct reg_doc s = { .kind = "surat", .path = "surat/2025/00001.pdf",
	    .size = 1, .sha = "s1", .created = "2025-01-20", .num = n };
	assert_int_equal(reg_doc_add(f->r, &s, &e), 0);
	struct reg_doc k = { .kind = "kembali", .path = "kembali/2025/k.pdf",
	    .size = 1, .sha = "s2", .created = "2025-01-20" };
	assert_int_equal(reg_doc_add(f->r, &k, &e), 0);
	assert_int_equal(reg_commit(f->r, &e), 0);
	assert_int_equal(reg_doc_id(f->r, "surat/2025/00001.pdf", &id, &e), 1);
	assert_string_equal(id.kind, "surat");
	assert_string_equal(id.nomor, OFFICE "/keluar/0001/2025");
	assert_int_equal(reg_doc_id(f->r, "kembali/2025/k.pdf", &id, &e), 1);
	assert_string_equal(id.kind, "kembali");
	assert_string_equal(id.nomor, "");
	assert_int_equal(reg_doc_id(f->r, "surat/2025/00002.pdf", &id, &e), 0);
}

/* A register is made once, for one office: never made by opening,
 * never made twice, never opened by another office. */
static void
t_create_once(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };
	char other[320], before[65], after[65];

	assert_string_equal(reg_office(f->r), OFFICE);
	snprintf(other, sizeof(other), "%s/typo.db", f->dir);
	assert_null(reg_open(other, OFFICE, &e));
	assert_int_equal(e.status, EX_CONFIG);
	assert_int_equal(access(other, F_OK), -1);
	reg_close(f->r);
	f->r = NULL;
	if (!on_pg())
		assert_int_equal(fs_sha256(f->path, before), 0);
	memset(&e, 0, sizeof(e));
	assert_null(reg_create(f->path, OFFICE, &e));
	assert_int_equal(e.status, EX_CONFIG);
	assert_non_null(strstr(e.msg, "already"));
	if (!on_pg()) {
		assert_int_equal(fs_sha256(f->path, after), 0);
		assert_string_equal(before, after);
	}
	memset(&e, 0, sizeof(e));
	assert_null(reg_open(f->path, "35.03.14", &e));
	assert_int_equal(e.status, EX_CONFIG);
	/* PostgreSQL: each office has its own schema, so another office
	 * finds none of its own rather than this one's. */
	if (!on_pg())
		assert_non_null(strstr(e.msg, OFFICE));
	assert_non_null(strstr(e.msg, "35.03.14"));
	/* Without an office to check (tools, tests): opened as it is. */
	assert_non_null(f->r = reg_open(f->path, NULL, &e));
	assert_string_equal(reg_office(f->r), OFFICE);
	reg_close(f->r);
	assert_non_null(f->r = reg_open(f->path, OFFICE, &e));
	/* No office, no register. */
	assert_null(reg_create(other, "", &e));
	assert_int_equal(access(other, F_OK), -1);
}

static void
t_imports_runs(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };
	long run;

	assert_true((run = reg_run_start(f->r, "run", "")) > 0);
	assert_int_equal(reg_import_done(f->r, "2025-01-20.csv", "abc"), 0);
	assert_int_equal(reg_begin(f->r, &e), 0);
	assert_int_equal(reg_import_mark(f->r, "2025-01-20.csv", "abc", 3, run,
	    &e), 0);
	struct nerr why = { EX_DATAERR, "register/x.csv", 4, 2, "bad nik" };
	assert_int_equal(reg_reject(f->r, run, &why, "R-9"), 0);
	assert_int_equal(reg_commit(f->r, &e), 0);
	assert_int_equal(reg_import_done(f->r, "2025-01-20.csv", "abc"), 1);
	assert_int_equal(reg_import_done(f->r, "2025-01-20.csv", "abd"), 0);
	reg_run_end(f->r, run, 0, "done");
}

/* Opening again changes nothing and keeps counting. */
static void
t_reopen(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };

	assert_int_equal(reg_begin(f->r, &e), 0);
	assert_int_equal(take(f->r, OFFICE, REG_BOOK_KELUAR, 2025, NULL), 1);
	assert_int_equal(reg_commit(f->r, &e), 0);
	reg_close(f->r);
	assert_non_null(f->r = reg_open(f->path, OFFICE, &e));
	assert_int_equal(reg_version(f->r), REG_VERSION);
	assert_int_equal(reg_begin(f->r, &e), 0);
	assert_int_equal(take(f->r, OFFICE, REG_BOOK_KELUAR, 2025, NULL), 2);
	assert_int_equal(reg_commit(f->r, &e), 0);
}

/* --- SQLite: files of other versions, and what reg.h does not offer. */

static sqlite3 *
raw(const char *path)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	return db;
}

static long
raw_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long v = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Numbers are never deleted or renumbered, and a book's counter only
 * counts, whoever asks. */
static void
t_sqlite_keep(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };
	sqlite3 *db;

	if (on_pg())
		skip();	/* the file itself: SQLite only (test_reg_pg.c) */
	assert_int_equal(reg_begin(f->r, &e), 0);
	assert_int_equal(take(f->r, OFFICE, REG_BOOK_KELUAR, 2025, NULL), 1);
	assert_int_equal(take(f->r, OFFICE, REG_BOOK_KELUAR, 2025, NULL), 2);
	assert_int_equal(reg_commit(f->r, &e), 0);
	db = raw(f->path);
	const char *bad[] = {
		"DELETE FROM book_entries WHERE urut = 2",
		"DELETE FROM book_entries",
		"UPDATE book_entries SET urut = 3 WHERE urut = 2",
		"UPDATE book_entries SET nomor = 'x' WHERE urut = 2",
		"DELETE FROM books",
		"UPDATE books SET last = last + 2",
		"UPDATE books SET last = 0",
		"UPDATE books SET tahun = 2026",
		"INSERT INTO books(office, name, tahun, last) VALUES "
		    "('35.03.13', 'keluar', 2027, 5)",
		/* Past the counter: the number was never taken. */
		"INSERT INTO book_entries(book_id, urut, nomor, kind, issued) "
		    "VALUES (1, 3, 'y', 'surat', 'now')",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (sqlite3_exec(db, bad[i], NULL, NULL, NULL) == SQLITE_OK)
			fail_msg("allowed: %s", bad[i]);
	/* What may change: the status, once, from issued to cancelled
	 * (naskah batal, ralat); never back, never to anything else. */
	assert_int_not_equal(sqlite3_exec(db, "UPDATE book_entries SET "
	    "status = 'batal' WHERE urut = 2", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE book_entries SET status = "
	    "'cancelled', cancel_reason = 'x' WHERE urut = 2", NULL, NULL,
	    NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE book_entries SET "
	    "status = 'issued' WHERE urut = 2", NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE book_entries SET "
	    "cancel_reason = 'y' WHERE urut = 2", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(raw_int(db, "SELECT COUNT(*) FROM book_entries"), 2);
	assert_int_equal(raw_int(db, "SELECT last FROM books"), 2);
	sqlite3_close(db);
}

static void
exec_file(sqlite3 *db, const char *file)
{
	struct nerr e = { 0 };
	size_t len;
	char *sql = fs_slurp(file, &len, &e), *msg = NULL;

	assert_non_null(sql);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", file, msg);
	free(sql);
}

/* A register of naskah 0.1 (fixtures/reg_v1.sql, its schema as it was):
 * its numbers become the office's outgoing books, every row stays. */
static void
t_sqlite_migrate_v1(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };
	struct reg_app a;
	sqlite3 *db;

	if (on_pg())
		skip();	/* the file itself: SQLite only (test_reg_pg.c) */
	reg_close(f->r);
	f->r = NULL;
	unlink(f->path);
	db = raw(f->path);
	exec_file(db, FIX "reg_v1.sql");
	assert_int_equal(raw_int(db, "PRAGMA user_version"), 0);
	sqlite3_close(db);

	assert_non_null(f->r = reg_open(f->path, OFFICE, &e));
	assert_int_equal(reg_version(f->r), REG_VERSION);
	assert_string_equal(reg_office(f->r), OFFICE);
	struct list l = list(f->r, OFFICE, REG_BOOK_KELUAR, 2024);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.nomor[0], "470/0001/406.13/2024");
	assert_string_equal(l.path[0], "surat/2024/00001_kk_2024-12-30.pdf");
	l = list(f->r, OFFICE, REG_BOOK_KELUAR, 2025);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.nomor[1], "400/0002/406.13/2025");
	assert_string_equal(l.kind[1], "laporan");
	assert_string_equal(l.path[1], "laporan/2025/2025-01_kesra_r1_00002.pdf");
	assert_string_equal(l.nomor[2], "400/0003/406.13/2025");
	assert_string_equal(l.path[2], "surat/2025/00003_sktm_2025-01-20.pdf");
	assert_int_equal(list(f->r, OFFICE, REG_BOOK_MASUK, 2025).n, 0);
	/* Applications keep their numbers, states and data. */
	assert_int_equal(reg_app_find(f->r, 2024, "A-1", &a, &e), 1);
	assert_string_equal(a.nomor, "470/0001/406.13/2024");
	assert_string_equal(a.sha, "sha-a1");
	assert_int_equal(reg_app_find(f->r, 2024, "A-2", &a, &e), 1);
	assert_string_equal(a.nomor, "");
	assert_string_equal(a.status, "incomplete");
	assert_int_equal(reg_app_find(f->r, 2025, "B-2", &a, &e), 1);
	assert_string_equal(a.nomor, "400/0003/406.13/2025");
	assert_int_equal(a.line, 3);
	/* Every document is still there for recovery. */
	struct seen s = { .n = 0 };
	assert_int_equal(reg_doc_each(f->r, doc_cb, &s, &e), 0);
	assert_int_equal(s.n, 5);
	assert_string_equal(s.v[1], "kembali/2024/2024-12-30_A-2_ktp_sha-a2.pdf "
	    "h2");
	assert_int_equal(reg_import_done(f->r, "2025-01-20.csv", "bb22"), 1);
	/* Numbering goes on from the old book. */
	assert_int_equal(reg_begin(f->r, &e), 0);
	assert_int_equal(take(f->r, OFFICE, REG_BOOK_KELUAR, 2025, NULL), 4);
	assert_int_equal(take(f->r, OFFICE, REG_BOOK_KELUAR, 2024, NULL), 2);
	assert_int_equal(take(f->r, OFFICE, REG_BOOK_KELUAR, 2026, NULL), 1);
	assert_int_equal(reg_commit(f->r, &e), 0);
	reg_close(f->r);
	f->r = NULL;

	db = raw(f->path);
	assert_int_equal(raw_int(db, "PRAGMA user_version"), REG_VERSION);
	assert_int_equal(raw_int(db, "SELECT COUNT(*) FROM "
	    "pragma_foreign_key_check"), 0);
	assert_int_equal(raw_int(db, "SELECT COUNT(*) FROM desa_data"), 2);
	assert_int_equal(raw_int(db, "SELECT nilai FROM desa_data WHERE "
	    "keterangan = 'late'"), 7);
	assert_int_equal(raw_int(db, "SELECT COUNT(*) FROM reports r JOIN "
	    "documents d ON d.id = r.document_id WHERE d.nomor = r.nomor"), 1);
	assert_int_equal(raw_int(db, "SELECT COUNT(*) FROM runs"), 2);
	assert_int_equal(raw_int(db, "SELECT COUNT(*) FROM rejects"), 1);
	assert_int_equal(raw_int(db, "SELECT COUNT(*) FROM applications"), 4);
	assert_int_equal(raw_int(db, "SELECT COUNT(*) FROM documents WHERE "
	    "size BETWEEN 1001 AND 1005"), 5);
	/* The old book, as a view, answers the old questions. */
	assert_int_equal(raw_int(db, "SELECT COUNT(*) FROM book WHERE "
	    "application_id IS NOT NULL AND document_id IS NOT NULL"), 3);
	assert_int_equal(raw_int(db, "SELECT document_id FROM book WHERE "
	    "tahun = 2025 AND urut = 2"), 4);
	sqlite3_close(db);
	assert_non_null(f->r = reg_open(f->path, OFFICE, &e));
}

/* Without the office's code a numbered 0.1 register cannot be moved:
 * refused, and left as it was. */
static void
t_sqlite_migrate_no_office(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };
	sqlite3 *db;

	if (on_pg())
		skip();	/* the file itself: SQLite only (test_reg_pg.c) */
	reg_close(f->r);
	f->r = NULL;
	unlink(f->path);
	db = raw(f->path);
	exec_file(db, FIX "reg_v1.sql");
	sqlite3_close(db);
	assert_null(reg_open(f->path, NULL, &e));
	assert_int_equal(e.status, EX_CONFIG);
	assert_null(reg_open(f->path, "", &e));
	db = raw(f->path);
	assert_int_equal(raw_int(db, "PRAGMA user_version"), 0);
	assert_int_equal(raw_int(db, "SELECT COUNT(*) FROM book"), 4);
	assert_int_equal(raw_int(db, "SELECT COUNT(*) FROM sqlite_schema "
	    "WHERE name = 'books'"), 0);
	sqlite3_close(db);
	assert_non_null(f->r = reg_open(f->path, OFFICE, &e));
}

/* A register from a newer naskah: refused, not touched. */
static void
t_sqlite_newer(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };
	char before[65], after[65];
	sqlite3 *db;

	if (on_pg())
		skip();	/* the file itself: SQLite only (test_reg_pg.c) */
	reg_close(f->r);
	f->r = NULL;
	db = raw(f->path);
	assert_int_equal(sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE);"
	    "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(fs_sha256(f->path, before), 0);
	assert_null(reg_open(f->path, OFFICE, &e));
	assert_int_equal(e.status, EX_CONFIG);
	assert_non_null(strstr(e.msg, "newer naskah"));
	assert_non_null(strstr(e.msg, "version 99"));
	assert_int_equal(fs_sha256(f->path, after), 0);
	assert_string_equal(before, after);
	db = raw(f->path);
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", REG_VERSION);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_non_null(f->r = reg_open(f->path, OFFICE, &e));
}

/* f's register as version 2 made it: no office recorded. */
static void
as_v2(struct fx *f)
{
	sqlite3 *db;

	reg_close(f->r);
	f->r = NULL;
	db = raw(f->path);
	assert_int_equal(sqlite3_exec(db, "DROP TABLE office;"
	    "PRAGMA user_version = 2", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* A version 2 register is adopted by the office that opens it first,
 * unless its books are another office's; without an office, by the one
 * its books name. */
static void
t_sqlite_adopt_v2(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };
	sqlite3 *db;

	if (on_pg())
		skip();	/* the file itself: SQLite only (test_reg_pg.c) */
	as_v2(f);
	assert_non_null(f->r = reg_open(f->path, NULL, &e));
	assert_int_equal(reg_version(f->r), REG_VERSION);
	assert_string_equal(reg_office(f->r), "");	/* nothing to go by */
	reg_close(f->r);
	assert_non_null(f->r = reg_open(f->path, "35.03.14", &e));
	assert_string_equal(reg_office(f->r), "35.03.14");
	reg_close(f->r);
	assert_null(f->r = reg_open(f->path, OFFICE, &e));
	assert_int_equal(e.status, EX_CONFIG);

	/* Numbered by OFFICE, opened by another: refused, not migrated. */
	unlink(f->path);
	assert_non_null(f->r = reg_create(f->path, OFFICE, &e));
	assert_int_equal(reg_begin(f->r, &e), 0);
	assert_int_equal(take(f->r, OFFICE, REG_BOOK_KELUAR, 2025, NULL), 1);
	assert_int_equal(reg_commit(f->r, &e), 0);
	as_v2(f);
	memset(&e, 0, sizeof(e));
	assert_null(reg_open(f->path, "35.03.14", &e));
	assert_int_equal(e.status, EX_CONFIG);
	assert_non_null(strstr(e.msg, "region code " OFFICE ", not to "
	    "35.03.14"));
	db = raw(f->path);
	assert_int_equal(raw_int(db, "PRAGMA user_version"), 2);
	sqlite3_close(db);
	assert_non_null(f->r = reg_open(f->path, NULL, &e));
	assert_string_equal(reg_office(f->r), OFFICE);
	reg_close(f->r);
	/* And the office is there for good. */
	db = raw(f->path);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM office", NULL,
	    NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE office SET "
	    "kode_wilayah = '35.03.14'", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_non_null(f->r = reg_open(f->path, OFFICE, &e));
}

#define T(f)	cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(t_version),
		T(t_gapless),
		T(t_independent),
		T(t_no_skip),
		T(t_take_needs_tx),
		T(t_rollback),
		T(t_documents),
		T(t_recovery),
		T(t_doc_id),
		T(t_create_once),
		T(t_imports_runs),
		T(t_reopen),
		T(t_sqlite_keep),
		T(t_sqlite_migrate_v1),
		T(t_sqlite_migrate_no_office),
		T(t_sqlite_newer),
		T(t_sqlite_adopt_v2),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
