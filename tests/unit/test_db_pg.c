/* test_db_pg.c -- db.h's promises about failures inside a transaction on
 * both engines: a statement refused outside the caller's savepoints
 * undoes itself only; inside one the caller rolls back to it; writes
 * after db_defer_writes are reported late but reported (PostgreSQL
 * pipelines them); db_expect_changes fails a step that changed the
 * wrong number of rows.  The PostgreSQL half runs when NASKAH_TEST_PG
 * names a server (tests/pg/pgctl.sh), in a schema of its own. */
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

#include "db.h"

struct fx {
	struct db	*db;
	char		 path[64];
	char		 schema[64];
};

static const char *
url(void)
{
	const char *u = getenv("NASKAH_TEST_PG");

	return u != NULL && *u ? u : NULL;
}

static const char table[] =
"CREATE TABLE t(k INTEGER PRIMARY KEY, v TEXT NOT NULL)";

static int
lite_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	sqlite3 *h;

	snprintf(f->path, sizeof(f->path), "/tmp/test_db_pg.%ld.db",
	    (long)getpid());
	unlink(f->path);
	if (sqlite3_open(f->path, &h) != SQLITE_OK ||
	    sqlite3_exec(h, table, NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	sqlite3_close(h);
	if (db_sqlite_open(f->path, 1000, &f->db) != DB_OK)
		return -1;
	*state = f;
	return 0;
}

static int
pg_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	char sql[256];

	*state = f;
	if (url() == NULL)
		return 0;
	snprintf(f->schema, sizeof(f->schema), "test_db_pg_%ld",
	    (long)getpid());
	if (db_pg_open(url(), 5000, &f->db) != DB_OK)
		return -1;
	snprintf(sql, sizeof(sql), "SET client_min_messages = warning;"
	    "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s;"
	    "SET search_path TO %s", f->schema, f->schema, f->schema);
	if (db_exec(f->db, sql) != DB_OK || db_exec(f->db, table) != DB_OK)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char sql[128];

	if (f->db != NULL && f->schema[0]) {
		snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE",
		    f->schema);
		db_exec(f->db, sql);
	}
	db_close(f->db);
	if (f->path[0])
		unlink(f->path);
	free(f);
	return 0;
}

/* Puts row k; the step's result. */
static int
put(struct db_stmt *st, int k, const char *v)
{
	db_reset(st);
	db_bind_int(st, 1, k);
	db_bind_text(st, 2, v);
	return db_step(st);
}

static long
count(struct db *db)
{
	struct db_stmt *st;
	long n = -1;

	if (db_prepare(db, "SELECT count(*) FROM t", &st) != DB_OK)
		return -1;
	if (db_step(st) == DB_ROW)
		n = db_column_int64(st, 0);
	db_finalize(st);
	return n;
}

/* Outside a savepoint of the caller: the refused statement alone. */
static void
t_statement(void **state)
{
	struct fx *f = *state;
	struct db_stmt *st;

	if (f->db == NULL)
		skip();
	assert_int_equal(db_prepare(f->db, "INSERT INTO t VALUES (?, ?)",
	    &st), DB_OK);
	assert_int_equal(db_exec(f->db, "BEGIN"), DB_OK);
	assert_int_equal(put(st, 1, "a"), DB_DONE);
	assert_int_equal(put(st, 1, "b"), DB_ERROR);	/* a repeat */
	assert_int_equal(db_errcode(f->db), DB_E_CONSTRAINT);
	assert_int_equal(put(st, 2, "c"), DB_DONE);
	assert_int_equal(db_exec(f->db, "COMMIT"), DB_OK);
	db_finalize(st);
	assert_int_equal(count(f->db), 2);
}

/* Inside one: reported by its own step; rolled back to, the rest goes
 * on. */
static void
t_savepoint(void **state)
{
	struct fx *f = *state;
	struct db_stmt *st;

	if (f->db == NULL)
		skip();
	assert_int_equal(db_prepare(f->db, "INSERT INTO t VALUES (?, ?)",
	    &st), DB_OK);
	assert_int_equal(db_exec(f->db, "BEGIN"), DB_OK);
	assert_int_equal(put(st, 1, "a"), DB_DONE);
	assert_int_equal(db_exec(f->db, "SAVEPOINT row"), DB_OK);
	assert_int_equal(put(st, 2, "b"), DB_DONE);
	assert_int_equal(put(st, 1, "c"), DB_ERROR);
	assert_int_equal(db_errcode(f->db), DB_E_CONSTRAINT);
	assert_int_equal(db_exec(f->db, "ROLLBACK TO row; RELEASE row"),
	    DB_OK);
	assert_int_equal(db_exec(f->db, "SAVEPOINT row"), DB_OK);
	assert_int_equal(put(st, 3, "d"), DB_DONE);
	assert_int_equal(db_exec(f->db, "RELEASE row"), DB_OK);
	assert_int_equal(db_exec(f->db, "COMMIT"), DB_OK);
	db_finalize(st);
	assert_int_equal(count(f->db), 2);	/* 1 and 3 */
}

/* After db_defer_writes: many writes, one failure among them, reported
 * at the latest by the release; nothing of the savepoint is kept. */
static void
t_deferred(void **state)
{
	struct fx *f = *state;
	struct db_stmt *st;
	int k, rc = DB_DONE;
	char v[16];

	if (f->db == NULL)
		skip();
	assert_int_equal(db_prepare(f->db, "INSERT INTO t VALUES (?, ?)",
	    &st), DB_OK);
	assert_int_equal(db_exec(f->db, "BEGIN"), DB_OK);
	/* More than a pipeline holds (db_pg.c's QMAX), all kept. */
	assert_int_equal(db_exec(f->db, "SAVEPOINT row"), DB_OK);
	db_defer_writes(f->db);
	for (k = 1; k <= 300; k++) {
		snprintf(v, sizeof(v), "v%d", k);
		assert_int_equal(put(st, k, v), DB_DONE);
	}
	assert_int_equal(db_exec(f->db, "RELEASE row"), DB_OK);
	assert_int_equal(count(f->db), 300);
	/* A repeat among them: some call up to the release fails. */
	assert_int_equal(db_exec(f->db, "SAVEPOINT row"), DB_OK);
	db_defer_writes(f->db);
	for (k = 301; k <= 310 && rc == DB_DONE; k++)
		rc = put(st, k == 305 ? 7 : k, "x");
	if (rc == DB_DONE)
		rc = db_exec(f->db, "RELEASE row") == DB_OK ? DB_DONE :
		    DB_ERROR;
	assert_int_equal(rc, DB_ERROR);
	assert_int_equal(db_errcode(f->db), DB_E_CONSTRAINT);
	assert_int_equal(db_exec(f->db, "ROLLBACK TO row; RELEASE row"),
	    DB_OK);
	/* Outside it again: each write waited for and reported. */
	assert_int_equal(put(st, 8, "y"), DB_ERROR);
	assert_int_equal(put(st, 400, "z"), DB_DONE);
	assert_int_equal(db_exec(f->db, "COMMIT"), DB_OK);
	db_finalize(st);
	assert_int_equal(count(f->db), 301);
}

/* A deferred write whose statement is finalized before anything waits:
 * its failure is still the next call's (with its own message), not
 * lost. */
static void
t_late(void **state)
{
	struct fx *f = *state;
	struct db_stmt *st;
	int rc;

	if (f->db == NULL)
		skip();
	assert_int_equal(db_exec(f->db, "BEGIN"), DB_OK);
	assert_int_equal(db_exec(f->db, "INSERT INTO t VALUES (1, 'a')"),
	    DB_OK);
	assert_int_equal(db_exec(f->db, "SAVEPOINT row"), DB_OK);
	db_defer_writes(f->db);
	assert_int_equal(db_prepare(f->db, "INSERT INTO t VALUES (?, ?)",
	    &st), DB_OK);
	rc = put(st, 1, "b");
	db_finalize(st);
	if (rc == DB_DONE)
		rc = db_exec(f->db, "RELEASE row") == DB_OK ? DB_DONE :
		    DB_ERROR;
	assert_int_equal(rc, DB_ERROR);
	assert_int_equal(db_errcode(f->db), DB_E_CONSTRAINT);
	assert_int_equal(db_exec(f->db, "ROLLBACK"), DB_OK);
	assert_int_equal(count(f->db), 0);
}

/* db_expect_changes: an update of no row fails its step, or (deferred)
 * the release. */
static void
t_expect(void **state)
{
	struct fx *f = *state;
	struct db_stmt *ins, *up;
	int rc;

	if (f->db == NULL)
		skip();
	assert_int_equal(db_prepare(f->db, "INSERT INTO t VALUES (?, ?)",
	    &ins), DB_OK);
	assert_int_equal(db_prepare(f->db, "UPDATE t SET v = ? WHERE k = ?",
	    &up), DB_OK);
	assert_int_equal(db_exec(f->db, "BEGIN"), DB_OK);
	assert_int_equal(put(ins, 1, "a"), DB_DONE);
	db_expect_changes(up, 1);
	db_bind_text(up, 1, "b");
	db_bind_int(up, 2, 1);
	assert_int_equal(db_step(up), DB_DONE);
	db_reset(up);
	db_bind_int(up, 2, 2);
	assert_int_equal(db_step(up), DB_ERROR);	/* no row 2 */
	assert_int_equal(db_exec(f->db, "SAVEPOINT row"), DB_OK);
	db_defer_writes(f->db);
	db_reset(up);
	rc = db_step(up);
	if (rc == DB_DONE)
		rc = db_exec(f->db, "RELEASE row") == DB_OK ? DB_DONE :
		    DB_ERROR;
	assert_int_equal(rc, DB_ERROR);
	assert_int_equal(db_exec(f->db, "ROLLBACK TO row; RELEASE row"),
	    DB_OK);
	assert_int_equal(db_exec(f->db, "COMMIT"), DB_OK);
	db_finalize(ins);
	db_finalize(up);
	assert_int_equal(count(f->db), 1);
}

#define L(t)	cmocka_unit_test_setup_teardown(t, lite_setup, teardown)
#define G(t)	cmocka_unit_test_setup_teardown(t, pg_setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		L(t_statement), L(t_savepoint), L(t_deferred), L(t_late),
		L(t_expect),
		G(t_statement), G(t_savepoint), G(t_deferred), G(t_late),
		G(t_expect),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
