/* db_int.h -- what the two drivers of db.h share: the common head of
 * their handles, and the PostgreSQL driver's entry points that
 * db_sqlite.c dispatches to.  Private to db_sqlite.c and db_pg.c. */
#ifndef NASKAH_DB_INT_H
#define NASKAH_DB_INT_H

#include "db.h"

struct db {
	enum db_engine	 engine;
};

struct db_stmt {
	struct db	*db;
	long		 expect;	/* db_expect_changes' n + 1, 0 none */
};

enum pgb { PGB_TEXT, PGB_BLOB, PGB_INT, PGB_TEXT_NULL };

void		 pg_close(struct db *);
int		 pg_exec(struct db *, const char *);
void		 pg_defer_writes(struct db *);
int		 pg_prepare(struct db *, const char *, struct db_stmt **);
int		 pg_bind(struct db_stmt *, int, const void *, size_t, enum pgb);
int		 pg_bind_int64(struct db_stmt *, int, int64_t);
int		 pg_clear_bindings(struct db_stmt *);
int		 pg_step(struct db_stmt *);
int		 pg_reset(struct db_stmt *);
int		 pg_finalize(struct db_stmt *);
int		 pg_column_count(struct db_stmt *);
const char	*pg_column_name(struct db_stmt *, int);
int64_t		 pg_column_int64(struct db_stmt *, int);
const char	*pg_column_text(struct db_stmt *, int);
const void	*pg_column_blob(struct db_stmt *, int);
size_t		 pg_column_bytes(struct db_stmt *, int);
long		 pg_changes(struct db *);
int		 pg_in_tx(struct db *);
enum db_err	 pg_errcode(struct db *);
const char	*pg_errmsg(struct db *);
int		 pg_user_version(struct db *, int *);
int		 pg_set_user_version(struct db *, int);

#endif
