/* db.h -- the register's database, one interface over two engines: the
 * SQLite file (db_sqlite.c) and PostgreSQL through libpq (db_pg.c).  It
 * mirrors the few sqlite3_* calls reg.c uses, one for one, so that SQL
 * code reads the same on either engine; reg.c is its only user.
 *
 * Converting sqlite3_* code (mechanical, 1:1):
 *
 *   sqlite3 *                         struct db *
 *   sqlite3_stmt *                    struct db_stmt *
 *   sqlite3_prepare_v2(db, sql, -1, &st, NULL)
 *                                     db_prepare(db, sql, &st)
 *   sqlite3_bind_int(st, i, v)        db_bind_int(st, i, v)
 *   sqlite3_bind_int64(st, i, v)      db_bind_int64(st, i, v)
 *   sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC)
 *                                     db_bind_text(st, i, s)  (NULL: null)
 *   sqlite3_bind_blob(st, i, p, n, SQLITE_STATIC)
 *                                     db_bind_blob(st, i, p, n)
 *   sqlite3_bind_null(st, i)          db_bind_null(st, i)
 *   sqlite3_clear_bindings(st)        db_clear_bindings(st)
 *   sqlite3_step(st)                  db_step(st)    DB_ROW, DB_DONE or
 *                                                    DB_ERROR
 *   SQLITE_ROW / SQLITE_DONE / SQLITE_OK
 *                                     DB_ROW / DB_DONE / DB_OK
 *   sqlite3_column_int(st, i)         db_column_int(st, i)
 *   sqlite3_column_int64(st, i)       db_column_int64(st, i)
 *   sqlite3_column_text(st, i)        db_column_text(st, i)  (NULL: null;
 *                                     a const char *, no cast needed)
 *   sqlite3_column_blob/bytes(st, i)  db_column_blob/bytes(st, i)
 *   sqlite3_column_type(st, i) == SQLITE_NULL
 *                                     db_column_null(st, i)
 *   sqlite3_column_count/name         db_column_count/name
 *   sqlite3_reset(st)                 db_reset(st) (bindings kept)
 *   sqlite3_finalize(st)              db_finalize(st)
 *   sqlite3_exec(db, sql, NULL, NULL, NULL)
 *                                     db_exec(db, sql) (several
 *                                     statements, no rows)
 *   sqlite3_changes(db)               db_changes(db)
 *   sqlite3_get_autocommit(db)        !db_in_tx(db)
 *   sqlite3_errcode/errmsg(db)        db_errcode(db) (enum db_err),
 *                                     db_errmsg(db)
 *   sqlite3_last_insert_rowid         none: write `INSERT ... RETURNING id`
 *                                     and read the row (both engines)
 *   PRAGMA user_version               db_user_version / db_set_user_version
 *   pragma_table_info                 db_has_column(db, table, column)
 *
 * SQL must be portable (SQLite 3.40 and PostgreSQL 15): `?` or `?N`
 * placeholders (the PostgreSQL driver makes them $N, numbering a bare `?`
 * as SQLite does: one more than the largest so far), ON CONFLICT (...)
 * DO NOTHING / DO UPDATE SET col = table.col + 1 (qualify the target's
 * own columns), coalesce, no strftime, rowid, AUTOINCREMENT, GLOB,
 * INSERT OR IGNORE/REPLACE; TEXT, INTEGER and BLOB columns; booleans
 * as INTEGER 0/1 (an SQL boolean such as EXISTS() reads as 1 or 0
 * through db_column_int).  Text parameters are sent as text, integers as
 * bigint, blobs as bytea; a NULL bound by db_bind_text as text, by
 * db_bind_null as whatever type its place asks for.  DDL differs (triggers, identity keys): reg.c
 * keeps one migration list with each engine's text where they differ.
 *
 * Errors: every call that fails leaves db_errcode and db_errmsg set;
 * db_retryable says whether the same work may succeed later (a lock, a
 * serialization failure, a lost connection or a server starting up):
 * the caller reports it as EX_TEMPFAIL, having changed nothing. */
#ifndef NASKAH_DB_H
#define NASKAH_DB_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct db;
struct db_stmt;

enum db_engine { DB_SQLITE, DB_PG };

#define DB_OK		0
#define DB_ERROR	1
#define DB_ROW		100	/* as SQLITE_ROW */
#define DB_DONE		101	/* as SQLITE_DONE */

/* What went wrong, engine-neutral, for the exit status. */
enum db_err {
	DB_E_NONE = 0,
	DB_E_BUSY,	/* locked by another: retry later (75) */
	DB_E_RETRY,	/* serialization failure, deadlock: retry (75) */
	DB_E_CONN,	/* connection lost or refused, server starting or
			 * stopping: retry later (75) */
	DB_E_IO,	/* full, read-only, cannot open: 73 */
	DB_E_CORRUPT,	/* damaged or not a database: 73, left untouched */
	DB_E_CONFIG,	/* no such database, authentication: 78 */
	DB_E_CONSTRAINT,/* refused by the schema (a trigger, a key) */
	DB_E_OTHER	/* anything else: 70 */
};

/* Is where a PostgreSQL URL (postgresql:// or postgres://)? */
int		 db_is_url(const char *where);

/* Opens the SQLite file at path (which must exist: never created here)
 * with a busy timeout of busy_ms; or connects to the PostgreSQL URL,
 * trying again for up to wait_ms while the server refuses or is starting
 * up.  *out is set either way (NULL only when out of memory), so that a
 * failure (DB_ERROR) is read with db_errcode and db_errmsg before
 * db_close. */
int		 db_sqlite_open(const char *path, int busy_ms, struct db **out);
int		 db_pg_open(const char *url, int wait_ms, struct db **out);
void		 db_close(struct db *);
enum db_engine	 db_engine(const struct db *);

/* db_exec of "SAVEPOINT name": on PostgreSQL, until it is released or
 * rolled back to, a statement that fails aborts the transaction (not
 * only itself, as everywhere else): roll back to the savepoint, or
 * roll back the transaction, after any failure inside it. */
int		 db_exec(struct db *, const char *sql);
/* Right after db_exec("SAVEPOINT ..."): until that savepoint is
 * released or rolled back to, statements that return nothing may be
 * sent without waiting for the server (PostgreSQL), their failure then
 * reported by the call that next waits (a statement with rows,
 * db_changes, db_exec, db_finalize).  For writes whose failure fails
 * the whole savepoint anyway.  SQLite: nothing changes. */
void		 db_defer_writes(struct db *);
int		 db_prepare(struct db *, const char *sql, struct db_stmt **);
int		 db_bind_int(struct db_stmt *, int i, int v);
int		 db_bind_int64(struct db_stmt *, int i, int64_t v);
int		 db_bind_text(struct db_stmt *, int i, const char *s);
int		 db_bind_blob(struct db_stmt *, int i, const void *p, size_t n);
int		 db_bind_null(struct db_stmt *, int i);
int		 db_clear_bindings(struct db_stmt *);
int		 db_step(struct db_stmt *);
int		 db_reset(struct db_stmt *);
int		 db_finalize(struct db_stmt *);

int		 db_column_count(struct db_stmt *);
const char	*db_column_name(struct db_stmt *, int i);
int		 db_column_null(struct db_stmt *, int i);
int		 db_column_int(struct db_stmt *, int i);
int64_t		 db_column_int64(struct db_stmt *, int i);
const char	*db_column_text(struct db_stmt *, int i);
const void	*db_column_blob(struct db_stmt *, int i);
size_t		 db_column_bytes(struct db_stmt *, int i);

long		 db_changes(struct db *);
/* The statement's steps must change n rows, else the step fails (as a
 * later db_changes check would, without waiting for the server: on
 * PostgreSQL inside a savepoint of the caller the failure may be
 * reported by a later call, as any failure there). */
void		 db_expect_changes(struct db_stmt *, long n);
int		 db_in_tx(struct db *);
enum db_err	 db_errcode(struct db *);
const char	*db_errmsg(struct db *);
int		 db_retryable(struct db *);
/* The last error's system errno (SQLite I/O errors), 0 if none. */
int		 db_syserr(struct db *);

/* The schema's version: SQLite's user_version; on PostgreSQL a row of
 * the table naskah_version in the current schema (0 without it). */
int		 db_user_version(struct db *, int *v);
int		 db_set_user_version(struct db *, int v);
/* 1 if table has column, 0 not, -1 error. */
int		 db_has_column(struct db *, const char *table, const char *col);

#endif
