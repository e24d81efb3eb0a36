/* db_pg.c -- db.h on PostgreSQL through libpq.  A statement keeps its
 * SQL (placeholders made $N) and its bound values; its first step sends
 * both (extended protocol, so no value is ever spliced into SQL) and the
 * following steps walk the rows of the result. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <libpq-fe.h>

#include "db.h"
#include "db_int.h"
#include "xmem.h"

#define MAXPARAM	32
#define OID_INT8	20
#define OID_TEXT	25
#define OID_BYTEA	17

struct db_pg {
	struct db	 base;
	PGconn		*c;
	enum db_err	 err;
	char		 msg[512];
	long		 changes;
	unsigned long	 nprep;		/* names of prepared statements */
};

struct db_stmt_pg {
	struct db_stmt	 base;
	char		*sql;
	int		 np;			/* highest $N */
	char		*val[MAXPARAM];
	int		 len[MAXPARAM], fmt[MAXPARAM];
	Oid		 type[MAXPARAM];
	PGresult	*res;
	int		 row, nrows;		/* row: the next to hand out */
	int		 uses;			/* executions so far */
	char		 pname[24];		/* prepared as, "" not */
	Oid		 ptype[MAXPARAM];	/* ... with these types */
	unsigned char	*blob;			/* the current row's unescaped */
	size_t		 bloblen;
	int		 blobcol;
};

#define P(db)	((struct db_pg *)(db))
#define S(s)	((struct db_stmt_pg *)(s))

static void
set_err(struct db_pg *d, enum db_err code, const char *msg)
{
	size_t n;

	d->err = code;
	/* libpq's messages run over lines: one line here. */
	n = 0;
	for (const char *p = msg ? msg : ""; *p && n + 1 < sizeof(d->msg);
	    p++) {
		char c = *p == '\n' || *p == '\t' ? ' ' : *p;

		if (c != ' ' || (n > 0 && d->msg[n - 1] != ' '))
			d->msg[n++] = c;
	}
	d->msg[n] = '\0';
	while (n > 0 && (d->msg[n - 1] == '\n' || d->msg[n - 1] == ' '))
		d->msg[--n] = '\0';
}

/* SQLSTATE classes as db.h's errors. */
static enum db_err
classify(PGconn *c, const char *state)
{
	/* No SQLSTATE: libpq's own error, a connection that broke (its
	 * status may not say so yet). */
	if (PQstatus(c) != CONNECTION_OK || state == NULL)
		return DB_E_CONN;
	if (!strcmp(state, "40001") || !strcmp(state, "40P01"))
		return DB_E_RETRY;
	if (!strncmp(state, "08", 2) || !strcmp(state, "57P01") ||
	    !strcmp(state, "57P02") || !strcmp(state, "57P03"))
		return DB_E_CONN;
	if (!strcmp(state, "55P03"))
		return DB_E_BUSY;
	if (!strncmp(state, "53", 2) || !strncmp(state, "58", 2) ||
	    !strcmp(state, "25006"))
		return DB_E_IO;
	if (!strcmp(state, "XX001") || !strcmp(state, "XX002"))
		return DB_E_CORRUPT;
	if (!strncmp(state, "28", 2) || !strcmp(state, "3D000"))
		return DB_E_CONFIG;
	if (!strncmp(state, "23", 2) || !strcmp(state, "P0001"))
		return DB_E_CONSTRAINT;
	return DB_E_OTHER;
}

/* Records a result's failure; 0 if it succeeded. */
static int
res_check(struct db_pg *d, PGresult *res)
{
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		const char *n = PQcmdTuples(res);

		d->changes = n && *n ? atol(n) : 0;
		d->err = DB_E_NONE;
		return 0;
	}
	set_err(d, classify(d->c, res ? PQresultErrorField(res,
	    PG_DIAG_SQLSTATE) : NULL), res && PQresultErrorField(res,
	    PG_DIAG_MESSAGE_PRIMARY) ? PQresultErrorField(res,
	    PG_DIAG_MESSAGE_PRIMARY) : PQerrorMessage(d->c));
	return -1;
}

static void
quiet(void *arg, const PGresult *res)
{
	(void)arg;
	(void)res;
}

int
db_pg_open(const char *url, int wait_ms, struct db **out)
{
	struct db_pg *d = xcalloc(1, sizeof(*d));
	struct timespec ts = { 0, 200 * 1000000L };
	int waited = 0;

	d->base.engine = DB_PG;
	*out = &d->base;
	for (;;) {
		d->c = PQconnectdb(url);
		if (PQstatus(d->c) == CONNECTION_OK)
			break;
		set_err(d, DB_E_CONN, PQerrorMessage(d->c));
		/* Wrong password, no such database or role: waiting does not
		 * help; a server starting up, stopping or not there yet
		 * may. */
		if (strstr(d->msg, "does not exist") ||
		    strstr(d->msg, "authentication") ||
		    strstr(d->msg, "password") || strstr(d->msg, "invalid")) {
			d->err = DB_E_CONFIG;
			return DB_ERROR;
		}
		if (waited >= wait_ms)
			return DB_ERROR;
		PQfinish(d->c);
		d->c = NULL;
		nanosleep(&ts, NULL);
		waited += 200;
	}
	PQsetNoticeReceiver(d->c, quiet, NULL);
	d->err = DB_E_NONE;
	return DB_OK;
}

void
pg_close(struct db *db)
{
	if (P(db)->c != NULL)
		PQfinish(P(db)->c);
	free(db);
}

int
pg_exec(struct db *db, const char *sql)
{
	struct db_pg *d = P(db);
	PGresult *res;
	int rc;

	if (d->c == NULL) {
		set_err(d, DB_E_CONN, "not connected");
		return DB_ERROR;
	}
	/* pgmisc test hook (tests/pg/t_commit.sh): NASKAH_TEST_PG_COMMIT=
	 * sent:N or lost:N cuts the connection at the Nth COMMIT after the
	 * server committed it (its reply unread) or before it was sent. */
	static int ncommit;
	const char *th = getenv("NASKAH_TEST_PG_COMMIT");
	if (th != NULL && !strncmp(sql, "COMMIT", 6) && strlen(th) > 5 &&
	    ++ncommit == atoi(th + 5)) {
		if (*th == 's')
			PQclear(PQexec(d->c, sql));
		shutdown(PQsocket(d->c), SHUT_RDWR);
	}
	res = PQexec(d->c, sql);
	rc = res_check(d, res);
	/* COMMIT of a transaction an earlier error aborted answers
	 * "ROLLBACK": nothing was recorded, and the caller must know. */
	if (rc == 0 && !strncmp(sql, "COMMIT", 6) &&
	    !strcmp(PQcmdStatus(res), "ROLLBACK")) {
		set_err(d, DB_E_OTHER, "the transaction was rolled back by an "
		    "earlier error");
		rc = -1;
	}
	PQclear(res);
	return rc == 0 ? DB_OK : DB_ERROR;
}

/* ?N stays N; a bare ? is one more than the largest so far (SQLite's
 * rule).  Quoted text and identifiers are copied as they are. */
int
pg_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	struct db_stmt_pg *s = xcalloc(1, sizeof(*s));
	size_t n = strlen(sql), j = 0;
	char *o = xmalloc(n * 3 + 1);
	int max = 0;

	for (size_t i = 0; i < n; i++) {
		char c = sql[i];

		if (c == '\'' || c == '"') {
			o[j++] = c;
			for (i++; i < n; i++) {
				o[j++] = sql[i];
				if (sql[i] == c)
					break;
			}
			continue;
		}
		if (c != '?') {
			o[j++] = c;
			continue;
		}
		int k = 0;
		while (i + 1 < n && isdigit((unsigned char)sql[i + 1]))
			k = k * 10 + (sql[++i] - '0');
		if (k == 0)
			k = max + 1;
		if (k > max)
			max = k;
		j += (size_t)sprintf(o + j, "$%d", k);
	}
	o[j] = '\0';
	if (max > MAXPARAM) {
		free(o);
		free(s);
		set_err(P(db), DB_E_OTHER, "too many parameters");
		*out = NULL;
		return DB_ERROR;
	}
	s->base.db = db;
	s->sql = o;
	s->np = max;
	s->blobcol = -1;
	*out = &s->base;
	return DB_OK;
}

int
pg_bind(struct db_stmt *st, int i, const void *p, size_t n, enum pgb kind)
{
	struct db_stmt_pg *s = S(st);

	if (i < 1 || i > MAXPARAM)
		return DB_ERROR;
	i--;
	free(s->val[i]);
	s->val[i] = NULL;
	s->len[i] = 0;
	s->fmt[i] = 0;
	/* A null has no type: the server infers it from where it goes
	 * (an integer column, a comparison with text). */
	s->type[i] = kind == PGB_TEXT_NULL ? OID_TEXT : 0;
	if (p == NULL)
		return DB_OK;
	s->val[i] = xmalloc(n + 1);
	memcpy(s->val[i], p, n);
	s->val[i][n] = '\0';
	s->len[i] = (int)n;
	if (kind == PGB_BLOB) {
		s->fmt[i] = 1;
		s->type[i] = OID_BYTEA;
	} else
		s->type[i] = kind == PGB_INT ? OID_INT8 : OID_TEXT;
	return DB_OK;
}

int
pg_bind_int64(struct db_stmt *st, int i, int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRId64, v);
	return pg_bind(st, i, buf, strlen(buf), PGB_INT);
}

int
pg_clear_bindings(struct db_stmt *st)
{
	for (int i = 0; i < MAXPARAM; i++)
		pg_bind(st, i + 1, NULL, 0, PGB_TEXT);
	return DB_OK;
}

static void
blob_free(struct db_stmt_pg *s)
{
	if (s->blob != NULL)
		PQfreemem(s->blob);
	s->blob = NULL;
	s->blobcol = -1;
}

/* A failed statement aborts a PostgreSQL transaction, where SQLite
 * undoes the statement alone and the transaction goes on (the register
 * relies on it: a refused number is an error of that statement only).
 * Inside a transaction each statement therefore runs under a savepoint
 * of its own, sent in one round trip with it (pipeline mode), and rolled
 * back alone when it fails. */
static PGresult *
run(struct db_pg *d, struct db_stmt_pg *s)
{
	PGresult *res, *mine = NULL;
	int q = 0, failed = 0, prep = 0, sent;
	const char *const *vals = (const char *const *)s->val;

	/* A statement run again (reg.c keeps its frequent ones) is parsed
	 * and planned once, as a prepared statement of the session, and
	 * prepared again only if its parameters' types change (a null
	 * where a value was). */
	if (s->uses++ > 0 && (s->pname[0] == '\0' ||
	    memcmp(s->ptype, s->type, sizeof(s->type)) != 0)) {
		snprintf(s->pname, sizeof(s->pname), "naskah_%lu", ++d->nprep);
		memcpy(s->ptype, s->type, sizeof(s->type));
		prep = 1;
	}
	if (!pg_in_tx(&d->base)) {
		if (prep) {
			res = PQprepare(d->c, s->pname, s->sql, s->np, s->ptype);
			if (res_check(d, res) != 0) {
				PQclear(res);
				s->pname[0] = '\0';
				return NULL;
			}
			PQclear(res);
		}
		res = s->pname[0] ? PQexecPrepared(d->c, s->pname, s->np, vals,
		    s->len, s->fmt, 0) : PQexecParams(d->c, s->sql, s->np,
		    s->type, vals, s->len, s->fmt, 0);
		if (res_check(d, res) != 0) {
			PQclear(res);
			return NULL;
		}
		return res;
	}
	sent = PQenterPipelineMode(d->c) == 1 &&
	    PQsendQueryParams(d->c, "SAVEPOINT naskah_stmt", 0, NULL, NULL,
	    NULL, NULL, 0) == 1;
	if (sent && prep)
		sent = PQsendPrepare(d->c, s->pname, s->sql, s->np,
		    s->ptype) == 1;
	if (sent)
		sent = (s->pname[0] ? PQsendQueryPrepared(d->c, s->pname, s->np,
		    vals, s->len, s->fmt, 0) : PQsendQueryParams(d->c, s->sql,
		    s->np, s->type, vals, s->len, s->fmt, 0)) == 1 &&
		    PQsendQueryParams(d->c, "RELEASE SAVEPOINT naskah_stmt", 0,
		    NULL, NULL, NULL, NULL, 0) == 1 && PQpipelineSync(d->c) == 1;
	if (!sent) {
		set_err(d, DB_E_CONN, PQerrorMessage(d->c));
		PQexitPipelineMode(d->c);
		s->pname[0] = '\0';
		return NULL;
	}
	/* Results: one (then NULL) per query, then the sync's. */
	for (;;) {
		res = PQgetResult(d->c);
		if (res == NULL) {
			/* Three queries end with three NULLs, then the sync;
			 * more NULLs: the server went away mid-pipeline. */
			if (PQstatus(d->c) != CONNECTION_OK || ++q > 3 + prep) {
				set_err(d, DB_E_CONN, *PQerrorMessage(d->c) ?
				    PQerrorMessage(d->c) : "the server closed "
				    "the connection");
				failed = 1;
				break;
			}
			continue;
		}
		if (PQresultStatus(res) == PGRES_FATAL_ERROR &&
		    PQstatus(d->c) != CONNECTION_OK) {
			res_check(d, res);
			PQclear(res);
			failed = 1;
			break;
		}
		if (PQresultStatus(res) == PGRES_PIPELINE_SYNC) {
			PQclear(res);
			break;
		}
		if (q == 1 + prep && mine == NULL) {
			mine = res;
			continue;
		}
		if (!failed && PQresultStatus(res) != PGRES_COMMAND_OK &&
		    PQresultStatus(res) != PGRES_PIPELINE_ABORTED) {
			res_check(d, res);
			failed = 2;
		}
		PQclear(res);
	}
	if (failed == 1) {
		/* The connection is of no more use: every later call fails
		 * with DB_E_CONN at once instead of waiting on it. */
		PQclear(mine);
		PQfinish(d->c);
		d->c = NULL;
		d->err = DB_E_CONN;
		return NULL;
	}
	PQexitPipelineMode(d->c);
	if (mine == NULL || res_check(d, mine) != 0 || failed) {
		char msg[512];

		if (prep)	/* its Parse may not have taken place */
			s->pname[0] = '\0';
		enum db_err code = d->err;

		snprintf(msg, sizeof(msg), "%s", d->msg);
		PQclear(mine);
		/* Back to the savepoint: the transaction goes on. */
		res = PQexec(d->c, "ROLLBACK TO SAVEPOINT naskah_stmt; "
		    "RELEASE SAVEPOINT naskah_stmt");
		PQclear(res);
		set_err(d, code == DB_E_NONE ? DB_E_OTHER : code, msg);
		return NULL;
	}
	return mine;
}

int
pg_step(struct db_stmt *st)
{
	struct db_stmt_pg *s = S(st);
	struct db_pg *d = P(st->db);

	blob_free(s);
	if (s->res == NULL) {
		if (d->c == NULL) {
			set_err(d, DB_E_CONN, "not connected");
			return DB_ERROR;
		}
		s->res = run(d, s);
		if (s->res == NULL)
			return DB_ERROR;
		s->nrows = PQntuples(s->res);
		s->row = 0;
	}
	if (s->row < s->nrows) {
		s->row++;
		return DB_ROW;
	}
	return DB_DONE;
}

int
pg_reset(struct db_stmt *st)
{
	struct db_stmt_pg *s = S(st);

	blob_free(s);
	PQclear(s->res);
	s->res = NULL;
	s->row = s->nrows = 0;
	return DB_OK;
}

int
pg_finalize(struct db_stmt *st)
{
	struct db_stmt_pg *s = S(st);

	pg_reset(st);
	if (s->pname[0] && P(st->db)->c != NULL &&
	    PQtransactionStatus(P(st->db)->c) != PQTRANS_INERROR) {
		char sql[48];

		snprintf(sql, sizeof(sql), "DEALLOCATE %s", s->pname);
		PQclear(PQexec(P(st->db)->c, sql));
	}
	for (int i = 0; i < MAXPARAM; i++)
		free(s->val[i]);
	free(s->sql);
	free(s);
	return DB_OK;
}

static int
have(struct db_stmt_pg *s, int i)
{
	return s->res != NULL && s->row > 0 && s->row <= s->nrows &&
	    i >= 0 && i < PQnfields(s->res);
}

int
pg_column_count(struct db_stmt *st)
{
	return S(st)->res ? PQnfields(S(st)->res) : 0;
}

const char *
pg_column_name(struct db_stmt *st, int i)
{
	return S(st)->res ? PQfname(S(st)->res, i) : NULL;
}

const char *
pg_column_text(struct db_stmt *st, int i)
{
	struct db_stmt_pg *s = S(st);

	if (!have(s, i) || PQgetisnull(s->res, s->row - 1, i))
		return NULL;
	return PQgetvalue(s->res, s->row - 1, i);
}

int64_t
pg_column_int64(struct db_stmt *st, int i)
{
	const char *v = pg_column_text(st, i);

	if (v == NULL)
		return 0;
	if (!strcmp(v, "t"))
		return 1;
	if (!strcmp(v, "f"))
		return 0;
	return strtoll(v, NULL, 10);
}

const void *
pg_column_blob(struct db_stmt *st, int i)
{
	struct db_stmt_pg *s = S(st);
	const char *v = pg_column_text(st, i);

	if (v == NULL)
		return NULL;
	if (s->blobcol != i) {
		blob_free(s);
		s->blob = PQunescapeBytea((const unsigned char *)v,
		    &s->bloblen);
		if (s->blob == NULL)
			return NULL;
		s->blobcol = i;
	}
	return s->blob;
}

size_t
pg_column_bytes(struct db_stmt *st, int i)
{
	struct db_stmt_pg *s = S(st);

	if (pg_column_text(st, i) == NULL)
		return 0;
	if (PQftype(s->res, i) == OID_BYTEA)
		return pg_column_blob(st, i) ? s->bloblen : 0;
	return (size_t)PQgetlength(s->res, s->row - 1, i);
}

long
pg_changes(struct db *db)
{
	return P(db)->changes;
}

int
pg_in_tx(struct db *db)
{
	PGTransactionStatusType t;

	if (P(db)->c == NULL)
		return 0;
	t = PQtransactionStatus(P(db)->c);
	return t == PQTRANS_INTRANS || t == PQTRANS_INERROR ||
	    t == PQTRANS_ACTIVE;
}

enum db_err
pg_errcode(struct db *db)
{
	return P(db)->err;
}

const char *
pg_errmsg(struct db *db)
{
	return P(db)->msg;
}

/* The schema's version lives in the office's own schema, one row. */
int
pg_user_version(struct db *db, int *v)
{
	struct db_pg *d = P(db);
	PGresult *res;
	int rc;

	res = PQexec(d->c, "SELECT to_regclass('naskah_version') IS NULL");
	if ((rc = res_check(d, res)) == 0 && !strcmp(PQgetvalue(res, 0, 0),
	    "t")) {
		PQclear(res);
		*v = 0;
		return DB_OK;
	}
	PQclear(res);
	if (rc != 0)
		return DB_ERROR;
	res = PQexec(d->c, "SELECT version FROM naskah_version");
	if ((rc = res_check(d, res)) == 0)
		*v = PQntuples(res) > 0 ? atoi(PQgetvalue(res, 0, 0)) : 0;
	PQclear(res);
	return rc == 0 ? DB_OK : DB_ERROR;
}

int
pg_set_user_version(struct db *db, int v)
{
	char sql[200];

	snprintf(sql, sizeof(sql), "CREATE TABLE IF NOT EXISTS "
	    "naskah_version(version INTEGER NOT NULL);"
	    "DELETE FROM naskah_version;"
	    "INSERT INTO naskah_version VALUES (%d)", v);
	return pg_exec(db, sql);
}
