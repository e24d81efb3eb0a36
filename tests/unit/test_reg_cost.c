/* test_reg_cost.c -- what version 13 of the SQLite register changed to
 * cut its cost a letter, and must keep: the folded names' index (names
 * queued by trigger, indexed at the commit, in its transaction: what
 * find reads after a commit, a rolled back row, a changed name or a name
 * written by another program is what the views fold, nama_lipat_3, as
 * when a trigger indexed each name), and the stale manifests (a month is
 * marked when a document changes in what its manifest shows, and only
 * then). */
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

#include "reg.h"

#define OFFICE	"35.03.13"

struct fx {
	char		 dir[256], path[300];
	struct reg	*r;
};

static int
fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct nerr e = { 0 };

	snprintf(f->dir, sizeof(f->dir), "/tmp/test_reg_cost.XXXXXX");
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

static long
raw_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long v = -1;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
	    SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* Index rows that differ from what the views fold, both ways, plus the
 * queue's rows: 0 when the index is exactly the views' folding. */
static long
index_off(const char *path)
{
	return raw_int(path, "SELECT (SELECT COUNT(*) FROM (SELECT rowid, "
	    "nama FROM nama_lipat EXCEPT SELECT id, nama FROM nama_lipat_3)) "
	    "+ (SELECT COUNT(*) FROM (SELECT id, nama FROM nama_lipat_3 "
	    "EXCEPT SELECT rowid, nama FROM nama_lipat)) "
	    "+ (SELECT COUNT(*) FROM nama_antri)");
}

/* An application named nama, with one document when doc (find looks
 * documents up); its id. */
static long
app(struct reg *r, const char *no, const char *nama, int doc)
{
	struct reg_appin in = { 2025, no, "2025-01-20", "kk",
	    "3503134101800001", nama, "35.03.13.2001", "data", "sha-1",
	    "register/x.csv", "incomplete", "", "", "", "", "", 2, 0 };
	struct nerr e = { 0 };
	char path[64];
	long id = 0;

	assert_int_equal(reg_app_put(r, &in, &id, &e), 0);
	snprintf(path, sizeof(path), "kembali/2025/%s.pdf", no);
	struct reg_doc d = { .kind = "kembali", .app_id = id, .path = path,
	    .size = 10, .sha = "s", .created = "2025-01-20" };
	if (doc)
		assert_int_equal(reg_doc_add(r, &d, &e), 0);
	return id;
}

static int
count_cb(const struct reg_hit *h, void *arg)
{
	(void)h;
	++*(long *)arg;
	return 0;
}

static long
found(struct reg *r, const char *nama)
{
	struct reg_query q = { .nama = nama };
	struct nerr e = { 0 };
	long n = 0, rc;

	rc = reg_find(r, &q, count_cb, &n, &e);
	assert_int_equal(rc, n);
	return n;
}

/* Names with letters fold_map folds, a changed name, a rolled back row
 * and a rolled back transaction. */
static void
t_names(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };

	assert_int_equal(reg_begin(f->r, &e), 0);
	assert_int_equal(reg_savepoint(f->r, &e), 0);
	app(f->r, "R-1", "\xc3\x89LODIE \xc3\x98STERG\xc3\x85RD", 1);
	app(f->r, "R-2", "SITI \xc5\x92UVRE \xc3\x9e\xc3\x93R \xc3\x9f", 1);
	app(f->r, "R-3", "Budi \xe2\x80\x98Prasetyo\xe2\x80\x99", 1);
	app(f->r, "R-4", "Wati", 1);
	assert_int_equal(reg_release(f->r, &e), 0);
	/* A row given up: its name with it. */
	assert_int_equal(reg_savepoint(f->r, &e), 0);
	app(f->r, "R-5", "Lenyap Sekali", 1);
	assert_int_equal(reg_rollback_to(f->r, &e), 0);
	/* Indexed only at the commit. */
	assert_int_equal(raw_int(f->path, "SELECT COUNT(*) FROM nama_lipat"),
	    0);
	assert_int_equal(reg_commit(f->r, &e), 0);
	assert_int_equal(raw_int(f->path, "SELECT COUNT(*) FROM nama_lipat"),
	    4);
	assert_int_equal(index_off(f->path), 0);
	assert_int_equal(found(f->r, "elodie"), 1);
	assert_int_equal(found(f->r, "\xc3\xb8sterg\xc3\xa5rd"), 1);
	assert_int_equal(found(f->r, "oeuvre thor ss"), 1);
	assert_int_equal(found(f->r, "'prasetyo'"), 1);
	assert_int_equal(found(f->r, "lenyap"), 0);

	/* A name changed by a later export: the old one is gone. */
	assert_int_equal(reg_begin(f->r, &e), 0);
	assert_int_equal(reg_savepoint(f->r, &e), 0);
	app(f->r, "R-4", "Wati Susanti", 0);
	assert_int_equal(reg_release(f->r, &e), 0);
	assert_int_equal(reg_commit(f->r, &e), 0);
	assert_int_equal(index_off(f->path), 0);
	assert_int_equal(found(f->r, "susanti"), 1);
	assert_int_equal(raw_int(f->path, "SELECT COUNT(*) FROM nama_lipat "
	    "WHERE nama = 'wati'"), 0);

	/* A transaction rolled back leaves neither queue nor index rows. */
	assert_int_equal(reg_begin(f->r, &e), 0);
	app(f->r, "R-6", "Hilang Juga", 1);
	reg_rollback(f->r);
	assert_int_equal(index_off(f->path), 0);
	assert_int_equal(found(f->r, "hilang"), 0);
}

/* A name written by another program (the sqlite3 shell) is queued by
 * the trigger and indexed when naskah next opens the register. */
static void
t_catch_up(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };
	sqlite3 *db;

	reg_close(f->r);
	f->r = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO applications(tahun, "
	    "no_register, tanggal, layanan, nik, nama, data, data_sha256, "
	    "status) VALUES (2025, 'X-1', '2025-01-20', 'kk', '1', "
	    "'Dari Shell', 'd', 's', 'complete')", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(raw_int(f->path, "SELECT COUNT(*) FROM nama_antri"),
	    1);
	assert_non_null(f->r = reg_open(f->path, OFFICE, &e));
	assert_int_equal(index_off(f->path), 0);
	assert_int_equal(raw_int(f->path, "SELECT COUNT(*) FROM nama_lipat "
	    "WHERE nama_lipat MATCH 'shell'"), 1);
}

/* A register of version 12 (a trigger indexing each name) is brought to
 * the queue, its index kept. */
static void
t_from_v12(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };
	sqlite3 *db;

	assert_int_equal(reg_begin(f->r, &e), 0);
	app(f->r, "R-1", "Sebelum Tiga Belas", 1);
	assert_int_equal(reg_commit(f->r, &e), 0);
	reg_close(f->r);
	f->r = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TRIGGER applications_nama_new;"
	    "DROP TRIGGER applications_nama_chg; DROP TABLE nama_antri;"
	    "CREATE TRIGGER applications_nama_add AFTER INSERT ON applications"
	    " BEGIN INSERT INTO nama_lipat(rowid, nama) SELECT id, nama FROM "
	    "nama_lipat_3 WHERE id = NEW.id; END; PRAGMA user_version = 12",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_non_null(f->r = reg_open(f->path, OFFICE, &e));
	assert_int_equal(reg_version(f->r), REG_VERSION);
	assert_int_equal(raw_int(f->path, "SELECT COUNT(*) FROM sqlite_schema "
	    "WHERE type = 'trigger' AND name LIKE 'applications_nama_%'"), 3);
	assert_int_equal(raw_int(f->path, "SELECT COUNT(*) FROM sqlite_schema "
	    "WHERE name = 'applications_nama_add'"), 0);
	assert_int_equal(reg_begin(f->r, &e), 0);
	app(f->r, "R-2", "Sesudah Tiga Belas", 1);
	assert_int_equal(reg_commit(f->r, &e), 0);
	assert_int_equal(index_off(f->path), 0);
	assert_int_equal(found(f->r, "belas"), 2);
}

static int
stale_cb(const char *bulan, void *arg)
{
	char *s = arg;

	strcat(s, bulan);
	strcat(s, " ");
	return 0;
}

/* The months marked stale, "YYYY-MM " each, in s. */
static const char *
stale(struct reg *r, char *s)
{
	struct nerr e = { 0 };

	*s = '\0';
	assert_int_equal(reg_manifest_stale(r, stale_cb, s, &e), 0);
	return s;
}

static void
t_manifest(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };
	char s[256], sql[256];
	sqlite3 *db;

	assert_int_equal(reg_begin(f->r, &e), 0);
	app(f->r, "R-1", "Siti", 1);
	assert_int_equal(reg_commit(f->r, &e), 0);
	assert_string_equal(stale(f->r, s), "2025-01 ");
	assert_int_equal(reg_manifest_done(f->r, "2025-01", &e), 0);
	assert_string_equal(stale(f->r, s), "");
	/* What the letter records after its row: not in the manifest. */
	assert_int_equal(reg_begin(f->r, &e), 0);
	assert_int_equal(reg_doc_klas(f->r, "kembali/2025/R-1.pdf", "470",
	    "2022", &e), 0);
	assert_int_equal(reg_doc_source_put(f->r, "kembali/2025/R-1.pdf",
	    "src", 3, &e), 0);
	assert_int_equal(reg_commit(f->r, &e), 0);
	assert_string_equal(stale(f->r, s), "");
	/* What the manifest shows, each column: its month, and the one it
	 * moved from. */
	const char *col[] = { "path = path || 'x'", "kind = 'surat'",
	    "application_id = NULL", "nomor = 'N'", "sha256 = 'h'",
	    "size = size + 1", "created = '2025-03-01'" };
	for (size_t i = 0; i < sizeof(col) / sizeof(col[0]); i++) {
		assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
		snprintf(sql, sizeof(sql), "UPDATE documents SET %s", col[i]);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL),
		    SQLITE_OK);
		sqlite3_close(db);
		assert_string_equal(stale(f->r, s), i + 1 < sizeof(col) /
		    sizeof(col[0]) ? "2025-01 " : "2025-01 2025-03 ");
		assert_int_equal(reg_manifest_done(f->r, "2025-01", &e), 0);
		assert_int_equal(reg_manifest_done(f->r, "2025-03", &e), 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(t_names, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(t_catch_up, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(t_from_v12, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(t_manifest, fx_setup,
		    fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
