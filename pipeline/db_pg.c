/* db_pg.c -- db.h on PostgreSQL through libpq.  A statement keeps its
 * SQL (placeholders made $N) and its bound values; its first step sends
 * both (extended protocol, so no value is ever spliced into SQL) and the
 * following steps walk the rows of the result. */
#define _GNU_SOURCE	/* strcasestr */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "db.h"
#include "db_int.h"
#include "xmem.h"

#define MAXPARAM	32
#define OID_INT8	20
#define OID_TEXT	25
#define OID_BYTEA	17
#define QMAX		64

struct db_stmt_pg;

struct db_pg {
	struct db	 base;
	PGconn		*c;
	enum db_err	 err;
	char		 msg[512];
	long		 changes;
	unsigned long	 nprep;		/* names of prepared statements */
	FILE		*trace;		/* NASKAH_PG_TRACE: what is sent */
	unsigned long	 nsent, nrt;	/* commands sent, round trips */
	int		 depth;		/* the caller's savepoints open */
	int		 defer;		/* db_defer_writes' depth, 0 none */
	int		 late;		/* a failure found where it could not
					 * be reported: the next call's */
	/* The pipeline: queries sent whose results are not read yet, and
	 * what each is (enum q), with its statement for a Parse. */
	int		 nq;
	unsigned char	 qk[QMAX];
	struct db_stmt_pg *qs[QMAX];
	long		 qx[QMAX];	/* its db_expect_changes + 1 */
};

enum q { Q_AUX, Q_PREP, Q_STMT, Q_MINE };

static int	pipe_add(struct db_pg *, int, enum q, struct db_stmt_pg *,
		    const char *);
static int	pipe_enter(struct db_pg *);
static int	pipe_sync(struct db_pg *, PGresult **);
static void	conn_lost(struct db_pg *);
static void	trace(struct db_pg *, const char *, int);

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
	int		 nores;			/* DML without RETURNING */
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

/* NASKAH_PG_TRACE=DIR (measuring, tests/pg/bench.sh): a file per
 * connection, DIR/PID-K.trace, with each command sent, one line, each
 * wait for the server ("--"), and the counts at close. */
static void
trace(struct db_pg *d, const char *sql, int rt)
{
	d->nsent += sql != NULL;
	d->nrt += rt;
	if (d->trace == NULL)
		return;
	if (sql != NULL)
		fprintf(d->trace, "%.*s\n", (int)strcspn(sql, "\n"), sql);
	if (rt)
		fputs("--\n", d->trace);
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
	if (getenv("NASKAH_PG_TRACE") != NULL) {
		static int k;
		char path[4096];

		snprintf(path, sizeof(path), "%s/%ld-%d.trace",
		    getenv("NASKAH_PG_TRACE"), (long)getpid(), k++);
		d->trace = fopen(path, "w");
	}
	d->err = DB_E_NONE;
	return DB_OK;
}

void
pg_close(struct db *db)
{
	if (P(db)->c != NULL)
		PQfinish(P(db)->c);
	if (P(db)->trace != NULL) {
		fprintf(P(db)->trace, "# sent %lu round trips %lu\n",
		    P(db)->nsent, P(db)->nrt);
		fclose(P(db)->trace);
	}
	free(db);
}

/* Does sql begin with word w (any case, then not a letter)? */
static int
word(const char *sql, const char *w)
{
	size_t n = strlen(w);

	while (isspace((unsigned char)*sql))
		sql++;
	return strncasecmp(sql, w, n) == 0 && !isalpha((unsigned char)sql[n]);
}

/* Does a query in the pipeline have its changes checked here?  Then a
 * release must wait for it: its check failing is not the server's
 * failure, and the savepoint must still be there to roll back to. */
static int
expecting(struct db_pg *d)
{
	for (int i = 0; i < d->nq; i++)
		if (d->qx[i] > 0)
			return 1;
	return 0;
}

/* The caller's savepoints, counted from the commands that succeeded. */
static void
depth_track(struct db_pg *d, const char *sql)
{
	for (const char *p = sql; p != NULL && *p; ) {
		if (word(p, "SAVEPOINT"))
			d->depth++;
		else if (word(p, "RELEASE")) {
			if (d->depth > 0)
				d->depth--;
		} else if (word(p, "ROLLBACK") && strstr(p, " TO ") &&
		    d->defer >= d->depth)
			d->defer = 0;
		else if (word(p, "BEGIN") || word(p, "COMMIT") ||
		    word(p, "END") || (word(p, "ROLLBACK") &&
		    !strstr(p, " TO ")))
			d->depth = 0;
		if ((p = strchr(p, ';')) != NULL)
			p++;
	}
	if (!pg_in_tx(&d->base))
		d->depth = 0;
	if (d->defer > d->depth)
		d->defer = 0;
}

void
pg_defer_writes(struct db *db)
{
	P(db)->defer = P(db)->depth;
}

int
pg_exec(struct db *db, const char *sql)
{
	struct db_pg *d = P(db);
	PGresult *res;
	int rc, one = strchr(sql, ';') == NULL;

	if (d->c == NULL) {
		set_err(d, DB_E_CONN, "not connected");
		return DB_ERROR;
	}
	if (d->late) {
		d->late = 0;
		if (!word(sql, "ROLLBACK"))
			return DB_ERROR;
	}
	/* The caller's savepoint is not waited for: it goes with the
	 * next statement. */
	if (one && word(sql, "SAVEPOINT") && pg_in_tx(db)) {
		if (pipe_enter(d) != 0 || pipe_add(d, PQsendQueryParams(d->c,
		    sql, 0, NULL, NULL, NULL, NULL, 0), Q_AUX, NULL, sql) != 0) {
			conn_lost(d);
			return DB_ERROR;
		}
		d->depth++;
		return DB_OK;
	}
	if (d->nq > 0) {
		/* Its release closes the pipeline: one round trip for the
		 * statements not waited for and it. */
		if (one && word(sql, "RELEASE") && !expecting(d)) {
			if (pipe_add(d, PQsendQueryParams(d->c, sql, 0, NULL,
			    NULL, NULL, NULL, 0), Q_MINE, NULL, sql) != 0) {
				conn_lost(d);
				return DB_ERROR;
			}
			rc = pipe_sync(d, &res);
			PQclear(res);
			if (rc != 0)
				return DB_ERROR;
			depth_track(d, sql);
			d->err = DB_E_NONE;
			return DB_OK;
		}
		/* A statement not waited for failed: that is this call's
		 * failure, unless this call rolls it back. */
		if (pipe_sync(d, NULL) != 0 && (d->c == NULL ||
		    !word(sql, "ROLLBACK")))
			return DB_ERROR;
	}
	trace(d, sql, 1);
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
	if (rc == 0)
		depth_track(d, sql);
	else if (!pg_in_tx(db))
		d->depth = d->defer = 0;
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
	s->nores = (word(sql, "INSERT") || word(sql, "UPDATE") ||
	    word(sql, "DELETE")) && strcasestr(sql, "RETURNING") == NULL;
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
 * undoes the statement alone and the transaction goes on.  Outside the
 * caller's savepoints a statement inside a transaction therefore runs
 * under a savepoint of its own, sent in one round trip with it (pipeline
 * mode), and rolled back alone when it fails.  Inside one of the
 * caller's savepoints (issue.c's row) it runs bare: a failure there
 * leaves the transaction to be rolled back to that savepoint, which the
 * caller does for any failure (db.h); after db_defer_writes a statement
 * that returns nothing (DML without RETURNING) is not even waited for:
 * it goes with the next round trip, whose call reports its failure.  The
 * savepoints cost little themselves, but each made a subtransaction:
 * an XID of its own for every write, multixacts for the foreign keys'
 * row locks, and snapshots that overflow their subtransaction cache. */

/* Did the statement change as many rows as it should (expect: n + 1)?
 * A failure of its own if not. */
static int
changed(struct db_pg *d, PGresult *res, long expect)
{
	const char *n = PQcmdTuples(res);
	long got = n && *n ? atol(n) : 0;
	char msg[128];

	if (expect <= 0 || got == expect - 1)
		return 0;
	snprintf(msg, sizeof(msg), "the statement changed %ld rows, not %ld",
	    got, expect - 1);
	set_err(d, DB_E_OTHER, msg);
	return -1;
}

/* Queues a query's result (the PQsend* call's outcome in ok). */
static int
pipe_add(struct db_pg *d, int ok, enum q kind, struct db_stmt_pg *s,
    const char *sql)
{
	if (ok != 1)
		return -1;
	d->qk[d->nq] = (unsigned char)kind;
	d->qx[d->nq] = s != NULL && (kind == Q_STMT || kind == Q_MINE) ?
	    s->base.expect : 0;
	d->qs[d->nq++] = s;
	trace(d, sql, 0);
	return 0;
}

static int
pipe_enter(struct db_pg *d)
{
	return d->nq > 0 || PQenterPipelineMode(d->c) == 1 ? 0 : -1;
}

/* The connection is of no more use: every later call fails with
 * DB_E_CONN at once instead of waiting on it. */
static void
conn_lost(struct db_pg *d)
{
	set_err(d, DB_E_CONN, d->c && *PQerrorMessage(d->c) ?
	    PQerrorMessage(d->c) : "the server closed the connection");
	if (d->c != NULL)
		PQfinish(d->c);
	d->c = NULL;
	d->nq = 0;
}

/* Ends the pipeline with a sync and reads every result: a statement's
 * sets the changes, the one the caller waits for (Q_MINE) is kept in
 * *mine; the first failure is recorded.  0 if all succeeded. */
static int
pipe_sync(struct db_pg *d, PGresult **mine)
{
	PGresult *res;
	int i = 0, bad = 0;

	if (mine != NULL)
		*mine = NULL;
	if (d->nq == 0)
		return 0;
	trace(d, NULL, 1);
	if (PQpipelineSync(d->c) != 1) {
		conn_lost(d);
		return -1;
	}
	for (;;) {
		ExecStatusType st;

		if ((res = PQgetResult(d->c)) == NULL) {
			/* Each query's results end with a NULL, then the
			 * sync's; more NULLs: the server went away. */
			if (PQstatus(d->c) != CONNECTION_OK || ++i > d->nq)
				goto lost;
			continue;
		}
		st = PQresultStatus(res);
		if (st == PGRES_PIPELINE_SYNC) {
			PQclear(res);
			break;
		}
		if (st == PGRES_FATAL_ERROR && PQstatus(d->c) !=
		    CONNECTION_OK) {
			res_check(d, res);
			PQclear(res);
			goto lost;
		}
		if (i < d->nq && d->qk[i] == Q_PREP && st != PGRES_COMMAND_OK)
			d->qs[i]->pname[0] = '\0';	/* not prepared */
		if (st == PGRES_PIPELINE_ABORTED) {
			PQclear(res);
			continue;
		}
		if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
			if (!bad)
				res_check(d, res);
			bad = 1;
		} else if (!bad && i < d->nq && changed(d, res, d->qx[i]) !=
		    0)
			bad = 1;
		else if (i < d->nq && d->qk[i] == Q_MINE && mine != NULL &&
		    *mine == NULL) {
			*mine = res;
			continue;
		} else if (i < d->nq && d->qk[i] == Q_STMT)
			res_check(d, res);	/* its changes */
		PQclear(res);
	}
	d->nq = 0;
	PQexitPipelineMode(d->c);
	if (bad && mine != NULL) {
		PQclear(*mine);
		*mine = NULL;
	}
	return bad ? -1 : 0;
lost:
	if (mine != NULL) {
		PQclear(*mine);
		*mine = NULL;
	}
	{
		enum db_err code = d->err;
		char msg[512];

		snprintf(msg, sizeof(msg), "%s", d->msg);
		conn_lost(d);
		if (code == DB_E_CONN && *msg)
			set_err(d, DB_E_CONN, msg);
	}
	return -1;
}

static PGresult *
run(struct db_pg *d, struct db_stmt_pg *s)
{
	PGresult *res, *mine = NULL;
	int prep = 0, own, defer, sent;
	const char *const *vals = (const char *const *)s->val;

	if (d->late) {		/* d->err and d->msg say what */
		d->late = 0;
		return NULL;
	}
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
	if (d->nq == 0 && !pg_in_tx(&d->base)) {
		if (prep) {
			trace(d, "PREPARE", 1);
			res = PQprepare(d->c, s->pname, s->sql, s->np, s->ptype);
			if (res_check(d, res) != 0) {
				PQclear(res);
				s->pname[0] = '\0';
				return NULL;
			}
			PQclear(res);
		}
		trace(d, s->sql, 1);
		res = s->pname[0] ? PQexecPrepared(d->c, s->pname, s->np, vals,
		    s->len, s->fmt, 0) : PQexecParams(d->c, s->sql, s->np,
		    s->type, vals, s->len, s->fmt, 0);
		if (res_check(d, res) != 0 || changed(d, res,
		    s->base.expect) != 0) {
			PQclear(res);
			return NULL;
		}
		return res;
	}
	own = d->depth == 0;
	defer = !own && s->nores && d->defer > 0;
	if (d->nq + 4 > QMAX && pipe_sync(d, NULL) != 0)
		return NULL;
	sent = pipe_enter(d) == 0;
	if (sent && own)
		sent = pipe_add(d, PQsendQueryParams(d->c,
		    "SAVEPOINT naskah_stmt", 0, NULL, NULL, NULL, NULL, 0),
		    Q_AUX, s, "SAVEPOINT naskah_stmt") == 0;
	if (sent && prep)
		sent = pipe_add(d, PQsendPrepare(d->c, s->pname, s->sql, s->np,
		    s->ptype), Q_PREP, s, "PREPARE") == 0;
	if (sent)
		sent = pipe_add(d, s->pname[0] ? PQsendQueryPrepared(d->c,
		    s->pname, s->np, vals, s->len, s->fmt, 0) :
		    PQsendQueryParams(d->c, s->sql, s->np, s->type, vals,
		    s->len, s->fmt, 0), defer ? Q_STMT : Q_MINE, s,
		    s->sql) == 0;
	if (sent && own)
		sent = pipe_add(d, PQsendQueryParams(d->c,
		    "RELEASE SAVEPOINT naskah_stmt", 0, NULL, NULL, NULL, NULL,
		    0), Q_AUX, s, "RELEASE SAVEPOINT naskah_stmt") == 0;
	if (!sent) {
		if (prep)
			s->pname[0] = '\0';
		conn_lost(d);
		return NULL;
	}
	/* Sent, not waited for: done as far as the caller can tell. */
	if (defer)
		return PQmakeEmptyPGresult(d->c, PGRES_COMMAND_OK);
	if (pipe_sync(d, &mine) == 0 && mine != NULL &&
	    res_check(d, mine) == 0)
		return mine;
	PQclear(mine);
	if (d->c == NULL)
		return NULL;
	/* Back to the savepoint if the server failed (a check of the
	 * changes here finds the statement done and its savepoint
	 * released, as SQLite leaves it). */
	if (own && PQtransactionStatus(d->c) == PQTRANS_INERROR) {
		char msg[512];
		enum db_err code = d->err;

		/* Back to the savepoint: the transaction goes on. */
		snprintf(msg, sizeof(msg), "%s", d->msg);
		trace(d, "ROLLBACK TO SAVEPOINT naskah_stmt", 1);
		res = PQexec(d->c, "ROLLBACK TO SAVEPOINT naskah_stmt; "
		    "RELEASE SAVEPOINT naskah_stmt");
		PQclear(res);
		set_err(d, code == DB_E_NONE ? DB_E_OTHER : code, msg);
	}
	return NULL;
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
	/* Its queries may still be in the pipeline. */
	if (P(st->db)->nq > 0 && pipe_sync(P(st->db), NULL) != 0)
		P(st->db)->late = 1;
	if (s->pname[0] && P(st->db)->c != NULL &&
	    PQtransactionStatus(P(st->db)->c) != PQTRANS_INERROR) {
		char sql[48];

		snprintf(sql, sizeof(sql), "DEALLOCATE %s", s->pname);
		trace(P(st->db), sql, 1);
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
	/* The last statement may not have been waited for. */
	if (P(db)->nq > 0 && pipe_sync(P(db), NULL) != 0)
		P(db)->late = 1;
	return P(db)->changes;
}

int
pg_in_tx(struct db *db)
{
	PGTransactionStatusType t;

	if (P(db)->c == NULL)
		return 0;
	if (P(db)->nq > 0)
		return 1;
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

	if (d->nq > 0 && pipe_sync(d, NULL) != 0)
		return DB_ERROR;
	if (d->c == NULL) {
		set_err(d, DB_E_CONN, "not connected");
		return DB_ERROR;
	}
	trace(d, "SELECT to_regclass('naskah_version') IS NULL", 1);
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
	trace(d, "SELECT version FROM naskah_version", 1);
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
