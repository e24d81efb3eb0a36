/* db_sqlite.c -- db.h on SQLite: a thin veneer, every call the sqlite3_*
 * call it is named after.  The dispatch to PostgreSQL happens here too:
 * a struct db of the other engine goes to db_pg.c's functions. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "db_int.h"
#include "xmem.h"

struct db_lite {
	struct db	 base;
	sqlite3		*h;
};

struct db_stmt_lite {
	struct db_stmt	 base;
	sqlite3_stmt	*st;
};

#define H(db)	(((struct db_lite *)(db))->h)
#define ST(s)	(((struct db_stmt_lite *)(s))->st)

int
db_is_url(const char *where)
{
	return where != NULL && (!strncmp(where, "postgresql://", 13) ||
	    !strncmp(where, "postgres://", 11));
}

int
db_sqlite_open(const char *path, int busy_ms, struct db **out)
{
	struct db_lite *d = xcalloc(1, sizeof(*d));

	d->base.engine = DB_SQLITE;
	*out = &d->base;
	/* Never SQLITE_OPEN_CREATE: the register's file is made by its
	 * creator, so a mistyped path never starts a new one. */
	if (sqlite3_open_v2(path, &d->h, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK)
		return DB_ERROR;
	sqlite3_busy_timeout(d->h, busy_ms);
	return DB_OK;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	if (db->engine == DB_PG) {
		pg_close(db);
		return;
	}
	sqlite3_close(H(db));
	free(db);
}

enum db_engine
db_engine(const struct db *db)
{
	return db->engine;
}

int
db_exec(struct db *db, const char *sql)
{
	if (db->engine == DB_PG)
		return pg_exec(db, sql);
	return sqlite3_exec(H(db), sql, NULL, NULL, NULL) == SQLITE_OK ?
	    DB_OK : DB_ERROR;
}

void
db_defer_writes(struct db *db)
{
	if (db->engine == DB_PG)
		pg_defer_writes(db);
}

int
db_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	struct db_stmt_lite *s;
	sqlite3_stmt *st = NULL;

	if (db->engine == DB_PG)
		return pg_prepare(db, sql, out);
	*out = NULL;
	if (sqlite3_prepare_v2(H(db), sql, -1, &st, NULL) != SQLITE_OK)
		return DB_ERROR;
	s = xcalloc(1, sizeof(*s));
	s->base.db = db;
	s->st = st;
	*out = &s->base;
	return DB_OK;
}

#define PG(s)	((s)->db->engine == DB_PG)

int
db_bind_int(struct db_stmt *s, int i, int v)
{
	return PG(s) ? pg_bind_int64(s, i, v) :
	    sqlite3_bind_int(ST(s), i, v);
}

int
db_bind_int64(struct db_stmt *s, int i, int64_t v)
{
	return PG(s) ? pg_bind_int64(s, i, v) :
	    sqlite3_bind_int64(ST(s), i, v);
}

int
db_bind_text(struct db_stmt *s, int i, const char *v)
{
	/* A text null is typed text (`? IS NULL` needs a type); a plain
	 * db_bind_null takes the type of where it goes. */
	if (PG(s))
		return v ? pg_bind(s, i, v, strlen(v), PGB_TEXT) :
		    pg_bind(s, i, NULL, 0, PGB_TEXT_NULL);
	if (v == NULL)
		return sqlite3_bind_null(ST(s), i);
	return sqlite3_bind_text(ST(s), i, v, -1, SQLITE_STATIC);
}

int
db_bind_blob(struct db_stmt *s, int i, const void *p, size_t n)
{
	if (PG(s))
		return pg_bind(s, i, p, n, PGB_BLOB);
	return sqlite3_bind_blob(ST(s), i, p, (int)n, SQLITE_STATIC);
}

int
db_bind_null(struct db_stmt *s, int i)
{
	return PG(s) ? pg_bind(s, i, NULL, 0, PGB_TEXT) :
	    sqlite3_bind_null(ST(s), i);
}

int
db_clear_bindings(struct db_stmt *s)
{
	return PG(s) ? pg_clear_bindings(s) : sqlite3_clear_bindings(ST(s));
}

int
db_step(struct db_stmt *s)
{
	int rc;

	if (PG(s))
		return pg_step(s);
	rc = sqlite3_step(ST(s));
	if (rc == SQLITE_DONE && s->expect > 0 &&
	    sqlite3_changes(H(s->db)) != s->expect - 1)
		return DB_ERROR;
	return rc == SQLITE_ROW ? DB_ROW : rc == SQLITE_DONE ? DB_DONE :
	    DB_ERROR;
}

void
db_expect_changes(struct db_stmt *s, long n)
{
	s->expect = n + 1;
}

int
db_reset(struct db_stmt *s)
{
	return PG(s) ? pg_reset(s) : sqlite3_reset(ST(s));
}

int
db_finalize(struct db_stmt *s)
{
	if (s == NULL)
		return DB_OK;
	if (PG(s))
		return pg_finalize(s);
	sqlite3_finalize(ST(s));
	free(s);
	return DB_OK;
}

int
db_column_count(struct db_stmt *s)
{
	return PG(s) ? pg_column_count(s) : sqlite3_column_count(ST(s));
}

const char *
db_column_name(struct db_stmt *s, int i)
{
	return PG(s) ? pg_column_name(s, i) : sqlite3_column_name(ST(s), i);
}

int
db_column_null(struct db_stmt *s, int i)
{
	return PG(s) ? pg_column_text(s, i) == NULL :
	    sqlite3_column_type(ST(s), i) == SQLITE_NULL;
}

int
db_column_int(struct db_stmt *s, int i)
{
	return PG(s) ? (int)pg_column_int64(s, i) :
	    sqlite3_column_int(ST(s), i);
}

int64_t
db_column_int64(struct db_stmt *s, int i)
{
	return PG(s) ? pg_column_int64(s, i) : sqlite3_column_int64(ST(s), i);
}

const char *
db_column_text(struct db_stmt *s, int i)
{
	return PG(s) ? pg_column_text(s, i) :
	    (const char *)sqlite3_column_text(ST(s), i);
}

const void *
db_column_blob(struct db_stmt *s, int i)
{
	return PG(s) ? pg_column_blob(s, i) : sqlite3_column_blob(ST(s), i);
}

size_t
db_column_bytes(struct db_stmt *s, int i)
{
	return PG(s) ? pg_column_bytes(s, i) :
	    (size_t)sqlite3_column_bytes(ST(s), i);
}

long
db_changes(struct db *db)
{
	return db->engine == DB_PG ? pg_changes(db) : sqlite3_changes(H(db));
}

int
db_in_tx(struct db *db)
{
	return db->engine == DB_PG ? pg_in_tx(db) :
	    !sqlite3_get_autocommit(H(db));
}

enum db_err
db_errcode(struct db *db)
{
	if (db->engine == DB_PG)
		return pg_errcode(db);
	switch (sqlite3_errcode(H(db)) & 0xff) {
	case SQLITE_OK: case SQLITE_ROW: case SQLITE_DONE:
		return DB_E_NONE;
	case SQLITE_BUSY: case SQLITE_LOCKED:
		return DB_E_BUSY;
	case SQLITE_FULL: case SQLITE_IOERR: case SQLITE_READONLY:
	case SQLITE_CANTOPEN: case SQLITE_PERM:
		return DB_E_IO;
	case SQLITE_CORRUPT: case SQLITE_NOTADB:
		return DB_E_CORRUPT;
	case SQLITE_CONSTRAINT:
		return DB_E_CONSTRAINT;
	default:
		return DB_E_OTHER;
	}
}

const char *
db_errmsg(struct db *db)
{
	return db->engine == DB_PG ? pg_errmsg(db) : sqlite3_errmsg(H(db));
}

int
db_retryable(struct db *db)
{
	enum db_err c = db_errcode(db);

	return c == DB_E_BUSY || c == DB_E_RETRY || c == DB_E_CONN;
}

int
db_syserr(struct db *db)
{
	return db->engine == DB_PG ? 0 : sqlite3_system_errno(H(db));
}

int
db_user_version(struct db *db, int *v)
{
	sqlite3_stmt *st;
	int rc;

	if (db->engine == DB_PG)
		return pg_user_version(db, v);
	if (sqlite3_prepare_v2(H(db), "PRAGMA user_version", -1, &st, NULL) !=
	    SQLITE_OK)
		return DB_ERROR;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? DB_OK : DB_ERROR;
}

int
db_set_user_version(struct db *db, int v)
{
	char sql[64];

	if (db->engine == DB_PG)
		return pg_set_user_version(db, v);
	snprintf(sql, sizeof(sql), "PRAGMA user_version=%d", v);
	return db_exec(db, sql);
}

int
db_has_column(struct db *db, const char *table, const char *col)
{
	struct db_stmt *st;
	int rc, n = -1;

	if (db_prepare(db, db->engine == DB_PG ? "SELECT COUNT(*) FROM "
	    "information_schema.columns WHERE table_schema = "
	    "current_schema() AND table_name = ? AND column_name = ?" :
	    "SELECT COUNT(*) FROM pragma_table_info(?1) WHERE name = ?2",
	    &st) != DB_OK)
		return -1;
	db_bind_text(st, 1, table);
	db_bind_text(st, 2, col);
	if ((rc = db_step(st)) == DB_ROW)
		n = db_column_int(st, 0) > 0;
	db_finalize(st);
	return n;
}
