/* reg.c -- SQLite register.  WAL with synchronous=FULL: a number whose
 * PDF was reported must survive power loss.  Gaplessness is enforced by
 * the schema itself (triggers), not only by the code that asks.  The
 * schema carries its version (PRAGMA user_version) and is migrated on
 * open. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>


#include <sqlite3.h>

#include "db.h"
#include "reg.h"
#include "sha256.h"
#include "wtime.h"
#include "xmem.h"

/* Statements are prepared once and reset for each use: every letter
 * runs five of them, and parsing SQL was a measurable part of a letter. */
#define NSTMT	64

struct reg {
	struct db	*db;
	int	 pg;		/* PostgreSQL: the office's schema */
	int	 unknown;	/* the last COMMIT's outcome is unknown */
	char	 schema[96];
	char	 path[1024];	/* as named in messages (a URL: no password) */
	char	 office[64];	/* the one it belongs to, "" not recorded */
	struct {
		const char	*sql;	/* the literal's address is the key */
		struct db_stmt	*st;
	} stmt[NSTMT];
	size_t	 nstmt;
};

/* Version 1, as naskah 0.1 made it (user_version 0): one book of every
 * number of a year, each row naming its application.  IF NOT EXISTS: a
 * register of 0.1 already has it, a new one gets it and is migrated on
 * like any other. */
static const char schema_v1[] =
"CREATE TABLE IF NOT EXISTS runs("
"  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, args TEXT,"
"  started TEXT NOT NULL, finished TEXT, status INTEGER, summary TEXT);"
"CREATE TABLE IF NOT EXISTS imports("
"  file TEXT PRIMARY KEY, sha256 TEXT NOT NULL, rows INTEGER,"
"  run_id INTEGER);"
"CREATE TABLE IF NOT EXISTS applications("
"  id INTEGER PRIMARY KEY, tahun INTEGER NOT NULL,"
"  no_register TEXT NOT NULL, tanggal TEXT NOT NULL,"
"  layanan TEXT NOT NULL, nik TEXT NOT NULL, nama TEXT NOT NULL,"
"  kode_desa TEXT, data TEXT NOT NULL, data_sha256 TEXT NOT NULL,"
"  file TEXT, line INTEGER,"
"  status TEXT NOT NULL CHECK(status IN"
"    ('complete','incomplete','pengaduan')),"
"  missing TEXT, warnings TEXT, jam TEXT, jam_selesai TEXT,"
"  petugas TEXT, run_id INTEGER,"
"  UNIQUE(tahun, no_register));"
"CREATE TABLE IF NOT EXISTS documents("
"  id INTEGER PRIMARY KEY, kind TEXT NOT NULL,"
"  application_id INTEGER REFERENCES applications(id),"
"  path TEXT NOT NULL UNIQUE, size INTEGER NOT NULL,"
"  sha256 TEXT NOT NULL, created TEXT NOT NULL, nomor TEXT, ref TEXT);"
"CREATE TABLE IF NOT EXISTS book("
"  tahun INTEGER NOT NULL, urut INTEGER NOT NULL CHECK(urut > 0),"
"  nomor TEXT NOT NULL UNIQUE, klasifikasi TEXT, kind TEXT NOT NULL,"
"  application_id INTEGER UNIQUE REFERENCES applications(id),"
"  document_id INTEGER NOT NULL UNIQUE REFERENCES documents(id),"
"  issued TEXT NOT NULL, PRIMARY KEY(tahun, urut));"
/* A number is the next one of its year, always: no gap, no reuse. */
"CREATE TRIGGER IF NOT EXISTS book_gapless BEFORE INSERT ON book"
"  WHEN NEW.urut != (SELECT COALESCE(MAX(urut), 0) + 1 FROM book"
"                    WHERE tahun = NEW.tahun)"
"  BEGIN SELECT RAISE(ABORT, 'letter number out of sequence'); END;"
"CREATE TRIGGER IF NOT EXISTS book_keep BEFORE DELETE ON book"
"  BEGIN SELECT RAISE(ABORT, 'letter numbers are never deleted'); END;"
"CREATE TABLE IF NOT EXISTS rejects("
"  id INTEGER PRIMARY KEY, run_id INTEGER, file TEXT, line INTEGER,"
"  col INTEGER, no_register TEXT, reason TEXT NOT NULL);"
"CREATE TABLE IF NOT EXISTS desa_data("
"  bulan TEXT NOT NULL, bagian TEXT NOT NULL, kode_desa TEXT NOT NULL,"
"  indikator TEXT NOT NULL, nilai INTEGER NOT NULL, keterangan TEXT,"
"  PRIMARY KEY(bulan, bagian, kode_desa, indikator));"
"CREATE TABLE IF NOT EXISTS reports("
"  id INTEGER PRIMARY KEY, bulan TEXT NOT NULL, bagian TEXT NOT NULL,"
"  revision INTEGER NOT NULL, data_sha256 TEXT NOT NULL,"
"  nomor TEXT, replaces TEXT, document_id INTEGER,"
"  UNIQUE(bulan, bagian, revision));";

/* Version 2: a book is a row of its own, keyed by office, book name and
 * year, with its counter; its entries are the numbers given, and a
 * numbered document refers to its entry (an application may then have
 * several numbered documents, a report none).  Run with foreign keys
 * off, in the migration's transaction; the old book's rows are copied
 * between v2_tables and v2_rest (v2_copy, with the office bound). */
static const char v2_tables[] =
"CREATE TABLE books("
"  id INTEGER PRIMARY KEY, office TEXT NOT NULL, name TEXT NOT NULL,"
"  tahun INTEGER NOT NULL, last INTEGER NOT NULL DEFAULT 0"
"  CHECK(last >= 0), UNIQUE(office, name, tahun));"
/* nomor stays unique across books as it was across years: a number
 * printed twice (an office whose region code was changed, a format
 * without the year) stops the run instead of going out. */
"CREATE TABLE book_entries("
"  book_id INTEGER NOT NULL REFERENCES books(id),"
"  urut INTEGER NOT NULL CHECK(urut > 0),"
"  nomor TEXT NOT NULL UNIQUE, klasifikasi TEXT, kind TEXT NOT NULL,"
"  issued TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'issued',"
"  PRIMARY KEY(book_id, urut));"
/* nomor: the entry's, kept on the document so that one row says what a
 * file is.  One document per entry. */
"CREATE TABLE documents_v2("
"  id INTEGER PRIMARY KEY, kind TEXT NOT NULL,"
"  application_id INTEGER REFERENCES applications(id),"
"  path TEXT NOT NULL UNIQUE, size INTEGER NOT NULL,"
"  sha256 TEXT NOT NULL, created TEXT NOT NULL, nomor TEXT, ref TEXT,"
"  book_id INTEGER, urut INTEGER,"
"  CHECK((book_id IS NULL) = (urut IS NULL)),"
"  UNIQUE(book_id, urut),"
"  FOREIGN KEY(book_id, urut) REFERENCES book_entries(book_id, urut));";

static const char v2_copy[] =
"INSERT INTO books(office, name, tahun, last)"
"  SELECT ?1, 'keluar', tahun, MAX(urut) FROM book GROUP BY tahun;";

static const char v2_rest[] =
"INSERT INTO book_entries(book_id, urut, nomor, klasifikasi, kind, issued)"
"  SELECT k.id, b.urut, b.nomor, b.klasifikasi, b.kind, b.issued"
"  FROM book b JOIN books k ON k.name = 'keluar' AND k.tahun = b.tahun"
"  ORDER BY b.tahun, b.urut;"
"INSERT INTO documents_v2(id, kind, application_id, path, size, sha256,"
"  created, nomor, ref, book_id, urut)"
"  SELECT d.id, d.kind, d.application_id, d.path, d.size, d.sha256,"
"  d.created, d.nomor, d.ref, k.id, b.urut FROM documents d"
"  LEFT JOIN book b ON b.document_id = d.id"
"  LEFT JOIN books k ON k.name = 'keluar' AND k.tahun = b.tahun"
"  ORDER BY d.id;"
"DROP TABLE book;"		/* and its triggers */
"DROP TABLE documents;"
"ALTER TABLE documents_v2 RENAME TO documents;"
"CREATE INDEX documents_app ON documents(application_id);"
/* A book only counts up, one at a time, and is never removed; it is
 * born at its first number. */
"CREATE TRIGGER books_born BEFORE INSERT ON books WHEN NEW.last > 1"
"  BEGIN SELECT RAISE(ABORT, 'a book starts at its first number'); END;"
"CREATE TRIGGER books_count BEFORE UPDATE ON books"
"  WHEN NEW.last != OLD.last + 1 OR NEW.id != OLD.id"
"    OR NEW.office != OLD.office OR NEW.name != OLD.name"
"    OR NEW.tahun != OLD.tahun"
"  BEGIN SELECT RAISE(ABORT, 'a book counts one number at a time'); END;"
"CREATE TRIGGER books_keep BEFORE DELETE ON books"
"  BEGIN SELECT RAISE(ABORT, 'books are never deleted'); END;"
/* An entry is the number just taken, the next of its book: no gap, no
 * reuse; never deleted, never renumbered (its status may change). */
"CREATE TRIGGER book_entries_next BEFORE INSERT ON book_entries"
"  WHEN NEW.urut != (SELECT last FROM books WHERE id = NEW.book_id)"
"    OR NEW.urut != (SELECT COALESCE(MAX(urut), 0) + 1 FROM book_entries"
"                    WHERE book_id = NEW.book_id)"
"  BEGIN SELECT RAISE(ABORT, 'letter number out of sequence'); END;"
"CREATE TRIGGER book_entries_keep BEFORE DELETE ON book_entries"
"  BEGIN SELECT RAISE(ABORT, 'letter numbers are never deleted'); END;"
"CREATE TRIGGER book_entries_fixed BEFORE UPDATE OF book_id, urut, nomor,"
"  klasifikasi, kind, issued ON book_entries"
"  BEGIN SELECT RAISE(ABORT, 'a number once given never changes'); END;"
/* The outgoing books as version 1 showed its one book, for the queries
 * people (and the end-to-end tests) run with sqlite3. */
"CREATE VIEW book AS SELECT k.office, k.tahun, e.urut, e.nomor,"
"  e.klasifikasi, e.kind, d.application_id, d.id AS document_id,"
"  e.issued, e.status FROM book_entries e JOIN books k ON k.id = e.book_id"
"  LEFT JOIN documents d ON d.book_id = e.book_id AND d.urut = e.urut"
"  WHERE k.name = 'keluar';";

/* Version 3: the office the register belongs to, one row that never
 * changes (its books' office cannot change either). */
static const char v3_office[] =
"CREATE TABLE office("
"  id INTEGER PRIMARY KEY CHECK(id = 1),"
"  kode_wilayah TEXT NOT NULL CHECK(kode_wilayah != ''),"
"  since TEXT NOT NULL);"
"CREATE TRIGGER office_keep BEFORE DELETE ON office"
"  BEGIN SELECT RAISE(ABORT, 'a register belongs to its office'); END;"
"CREATE TRIGGER office_fixed BEFORE UPDATE ON office"
"  BEGIN SELECT RAISE(ABORT, 'a register belongs to its office'); END;";

/* Version 5: what each document was rendered from (its source, for
 * naskah restore); a number's cancellation (naskah batal, ralat): its
 * reason, date, and the number that replaces it, and on the new number
 * the one it replaces; the changed row of a conflict, for the ralat. */
static const char *const v5_columns[][2] = {
	{ "documents", "source BLOB" },
	{ "book_entries", "cancel_reason TEXT" },
	{ "book_entries", "cancel_date TEXT" },
	{ "book_entries", "replaced_by TEXT" },
	{ "book_entries", "replaces TEXT" },
};

/* IF NOT EXISTS throughout (and the columns added only when missing): a
 * register whose version number was set back, as the tests do, or that
 * a renumbered merge migrates twice, is brought to the same schema. */
static const char v5_fix[] =
"CREATE INDEX IF NOT EXISTS documents_nomor ON documents(nomor);"
/* A number is cancelled once and stays so; what was recorded of its
 * cancellation, and what it replaces, never change. */
"CREATE TRIGGER IF NOT EXISTS book_entries_status BEFORE UPDATE OF status ON book_entries"
"  WHEN NOT (OLD.status = 'issued' AND NEW.status = 'cancelled')"
"  BEGIN SELECT RAISE(ABORT, 'a number is cancelled once and never "
"given back'); END;"
"CREATE TRIGGER IF NOT EXISTS book_entries_cancelled BEFORE UPDATE OF cancel_reason,"
"  cancel_date, replaced_by ON book_entries WHEN OLD.status = 'cancelled'"
"  BEGIN SELECT RAISE(ABORT, 'a cancellation never changes'); END;"
"CREATE TRIGGER IF NOT EXISTS book_entries_replaces BEFORE UPDATE OF replaces"
"  ON book_entries WHEN OLD.replaces IS NOT NULL"
"  BEGIN SELECT RAISE(ABORT, 'what a number replaces never changes'); END;"
"CREATE TABLE IF NOT EXISTS conflicts("
"  application_id INTEGER PRIMARY KEY REFERENCES applications(id),"
"  data TEXT NOT NULL, data_sha256 TEXT NOT NULL, file TEXT,"
"  line INTEGER, seen TEXT NOT NULL);";

/* Default wait for another process's write lock on the register; cron
 * jobs rarely collide, a person with struct db open may hold it a while. */
#define BUSY_MS	30000

/* Maps an SQLite error to an exit status and a message that tells the
 * office's IT person what to do.  A corrupt file is never "repaired"
 * here: it is left exactly as found for a backup or an expert. */
static int
db_fail(struct reg *r, struct nerr *e, const char *what, enum db_err code,
    const char *msg)
{
	const char *hint = "";
	int st;

	switch (code) {
	case DB_E_IO:
		st = EX_CANTCREAT;
		break;
	case DB_E_BUSY:
		st = EX_TEMPFAIL;
		hint = " (another program holds the register; try again later)";
		break;
	case DB_E_RETRY:
		st = EX_TEMPFAIL;
		hint = " (a conflict with another writer; nothing of this "
		    "batch was recorded: run it again)";
		break;
	case DB_E_CONN:
		st = EX_TEMPFAIL;
		hint = " (the database server went away or is not ready; "
		    "nothing of this batch was recorded: run it again when it "
		    "is back)";
		/* Lost during COMMIT (pgmisc): the server may have recorded
		 * it; the next open settles which from the register. */
		if (r->unknown && !strcmp(what, "commit"))
			hint = " (the connection was lost during COMMIT: "
			    "whether this batch was recorded is unknown; its "
			    "files are kept, and the next run, when the server "
			    "is back, puts in place those the register records "
			    "and removes the others)";
		break;
	case DB_E_CORRUPT:
		st = EX_CANTCREAT;
		hint = " (the file was left untouched; restore it from backup "
		    "or move it away to start a new register)";
		break;
	case DB_E_CONFIG:
		st = EX_CONFIG;
		break;
	default:
		st = EX_SOFTWARE;
	}
	nerr_set(e, st, r->path, 0, 0, "register database: %s: %s%s", what,
	    msg, hint);
	return -1;
}

/* "disk I/O error" alone does not tell a full disk from a broken one:
 * the system's errno does. */
static int
db_err(struct reg *r, struct nerr *e, const char *what)
{
	enum db_err code = db_errcode(r->db);
	int sys = db_syserr(r->db);
	char msg[512];

	if (sys != 0 && code == DB_E_IO)
		snprintf(msg, sizeof(msg), "%s (%s)", db_errmsg(r->db),
		    strerror(sys));
	else
		snprintf(msg, sizeof(msg), "%s", db_errmsg(r->db));
	return db_fail(r, e, what, code, msg);
}

void
reg_last_error(struct reg *r, const char *what, struct nerr *e)
{
	db_err(r, e, what);
}

static int
busy_ms(void)
{
	const char *s = getenv("NASKAH_BUSY_TIMEOUT");
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return BUSY_MS;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < 0 || v > 3600)
		return BUSY_MS;
	return (int)v * 1000;
}

static void
now_iso(char *buf, size_t sz)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sz, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* One integer of a PRAGMA or a query without parameters. */
static int
get_int(struct reg *r, const char *sql, int *v)
{
	struct db_stmt *st;
	int rc;

	if (db_prepare(r->db, sql, &st) != DB_OK)
		return -1;
	if ((rc = db_step(st)) == DB_ROW)
		*v = db_column_int(st, 0);
	db_finalize(st);
	return rc == DB_ROW ? 0 : -1;
}

static int
mig_v1(struct reg *r, const char *office, struct nerr *e)
{
	(void)office;
	if (db_exec(r->db, schema_v1) != DB_OK)
		return db_err(r, e, "migrate to version 1");
	return 0;
}

static int
mig_v2(struct reg *r, const char *office, struct nerr *e)
{
	struct db_stmt *st = NULL;
	int any = 0;

	if (office == NULL || office[0] == '\0') {
		if (get_int(r, "SELECT EXISTS(SELECT 1 FROM book)", &any) != 0)
			return db_err(r, e, "migrate to version 2");
		if (any) {
			nerr_set(e, EX_CONFIG, r->path, 0, 0, "register database: "
			    "its numbers need the office's region code to move "
			    "to version 2 (nothing was changed)");
			return -1;
		}
	}
	if (db_exec(r->db, v2_tables) != DB_OK ||
	    db_prepare(r->db, v2_copy, &st) != DB_OK)
		return db_err(r, e, "migrate to version 2");
	db_bind_text(st, 1, office ? office : "");
	if (db_step(st) != DB_DONE) {
		db_finalize(st);
		return db_err(r, e, "migrate to version 2");
	}
	db_finalize(st);
	if (db_exec(r->db, v2_rest) != DB_OK)
		return db_err(r, e, "migrate to version 2");
	return 0;
}

static int	office_adopt(struct reg *, const char *, struct nerr *);

static int
mig_v3(struct reg *r, const char *office, struct nerr *e)
{
	if (db_exec(r->db, v3_office) != DB_OK)
		return db_err(r, e, "migrate to version 3");
	return office_adopt(r, office, e);
}

static int	mig_v4(struct reg *, const char *, struct nerr *);
static int	mig_v6(struct reg *, const char *, struct nerr *);
static int	mig_v7(struct reg *, const char *, struct nerr *);
static int	mig_v8(struct reg *, const char *, struct nerr *);
static int	mig_v9(struct reg *, const char *, struct nerr *);
static int	mig_v10(struct reg *, const char *, struct nerr *);
static int	pg_v10(struct reg *, const char *, struct nerr *);
static int	mig_v12(struct reg *, const char *, struct nerr *);
static int	mig_v13(struct reg *, const char *, struct nerr *);
static int	pg_v13(struct reg *, const char *, struct nerr *);
static int	nama_flush(struct reg *, struct nerr *);
static int	nama_catch_up(struct reg *, struct nerr *);
static int	row_exec(struct reg *, const char *);

static int
mig_v5(struct reg *r, const char *office, struct nerr *e)
{
	char sql[256], name[64];
	int has;

	(void)office;
	for (size_t i = 0; i < sizeof(v5_columns) / sizeof(v5_columns[0]);
	    i++) {
		snprintf(name, sizeof(name), "%s", v5_columns[i][1]);
		name[strcspn(name, " ")] = '\0';
		snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM "
		    "pragma_table_info('%s') WHERE name = '%s'",
		    v5_columns[i][0], name);
		if (get_int(r, sql, &has) != 0)
			return db_err(r, e, "migrate to version 5");
		if (has)
			continue;
		snprintf(sql, sizeof(sql), "ALTER TABLE %s ADD COLUMN %s",
		    v5_columns[i][0], v5_columns[i][1]);
		if (db_exec(r->db, sql) != DB_OK)
			return db_err(r, e, "migrate to version 5");
	}
	if (db_exec(r->db, v5_fix) != DB_OK)
		return db_err(r, e, "migrate to version 5");
	return 0;
}

static int	pg_v8(struct reg *, const char *, struct nerr *);
static int	mig_v11(struct reg *, const char *, struct nerr *);
static int	pg_v11(struct reg *, const char *, struct nerr *);
static int	arsip_entry(struct reg *, const char *, int64_t *, int64_t *,
		    struct nerr *);

/* migs[i] brings version i to i + 1, on SQLite (lite) and on PostgreSQL
 * (pg); a new version is one more entry here and REG_VERSION one higher
 * in reg.h.  Portable DDL may use one function for both.  pg NULL: a
 * version from before the register ran on PostgreSQL; the first pg entry
 * (pg_v8) makes a new schema whole at its version, so a PostgreSQL
 * register starts there and follows every entry after it. */
static const struct mig {
	int	(*lite)(struct reg *, const char *, struct nerr *);
	int	(*pg)(struct reg *, const char *, struct nerr *);
} migs[] = {
	{ mig_v1, NULL }, { mig_v2, NULL }, { mig_v3, NULL },
	{ mig_v4, NULL }, { mig_v5, NULL }, { mig_v6, NULL },
	{ mig_v7, NULL }, { mig_v8, pg_v8 }, { mig_v9, mig_v9 },
	{ mig_v10, pg_v10 }, { mig_v11, pg_v11 },
	{ mig_v12, mig_v12 }, { mig_v13, pg_v13 },
};
_Static_assert(sizeof(migs) / sizeof(migs[0]) == REG_VERSION,
    "one migration per version");

/* The same on PostgreSQL, whose DDL is transactional: every migration
 * the schema lacks in one transaction, under the office's lock (the
 * caller holds it) so two first opens do not both migrate. */
static int
migrate_pg_tx(struct reg *r, const char *office, struct nerr *e)
{
	int v, start;

	if (db_user_version(r->db, &v) != DB_OK)
		return db_err(r, e, "open");
	if (v > REG_VERSION) {
		nerr_set(e, EX_CONFIG, r->path, 0, 0, "register database: "
		    "version %d, made by a newer naskah than this one (which "
		    "knows version %d); use that naskah or a newer one (the "
		    "register was left untouched)", v, REG_VERSION);
		return -1;
	}
	for (start = v; v < REG_VERSION; v++) {
		if (migs[v].pg == NULL) {
			if (start > 0) {
				nerr_set(e, EX_SOFTWARE, r->path, 0, 0,
				    "register database: version %d cannot be "
				    "migrated on PostgreSQL", v);
				return -1;
			}
			continue;
		}
		if (migs[v].pg(r, office, e) != 0)
			return -1;
	}
	if (db_set_user_version(r->db, REG_VERSION) != DB_OK)
		return db_err(r, e, "migrate");
	return 0;
}

static int
migrate_pg(struct reg *r, const char *office, struct nerr *e)
{
	if (reg_begin(r, e) != 0)
		return -1;
	if (migrate_pg_tx(r, office, e) != 0) {
		reg_rollback(r);
		return -1;
	}
	return reg_commit(r, e);
}

/* Runs the migrations the register lacks, all in one transaction: a
 * crash or an error leaves it at its old version, untouched.  Foreign
 * keys are off meanwhile (a table is rebuilt under its referrers) and
 * checked as a whole before the commit. */
static int
migrate(struct reg *r, const char *office, struct nerr *e)
{
	int v, bad = 0, rc = -1;

	if (db_user_version(r->db, &v) != DB_OK)
		return db_err(r, e, "open");
	if (v == REG_VERSION)
		return 0;
	if (v > REG_VERSION) {
		nerr_set(e, EX_CONFIG, r->path, 0, 0, "register database: "
		    "version %d, made by a newer naskah than this one (which "
		    "knows version %d); use that naskah or a newer one (the "
		    "file was left untouched)", v, REG_VERSION);
		return -1;
	}
	if (r->pg)
		return migrate_pg(r, office, e);
	if (db_exec(r->db, "PRAGMA foreign_keys=OFF") != DB_OK)
		return db_err(r, e, "open");
	if (reg_begin(r, e) != 0)
		goto out;
	/* Again under the write lock: another naskah may have migrated it
	 * while this one waited. */
	if (db_user_version(r->db, &v) != DB_OK) {
		db_err(r, e, "open");
		goto out;
	}
	for (; v < REG_VERSION; v++)
		if (migs[v].lite(r, office, e) != 0)
			goto out;
	if (get_int(r, "SELECT COUNT(*) FROM pragma_foreign_key_check",
	    &bad) != 0) {
		db_err(r, e, "migrate");
		goto out;
	}
	if (bad) {
		nerr_set(e, EX_SOFTWARE, r->path, 0, 0, "register database: "
		    "%d broken references after migrating to version %d "
		    "(nothing was changed)", bad, REG_VERSION);
		goto out;
	}
	if (db_set_user_version(r->db, REG_VERSION) != DB_OK) {
		db_err(r, e, "migrate");
		goto out;
	}
	rc = reg_commit(r, e);
out:
	if (rc != 0)
		reg_rollback(r);
	if (db_exec(r->db, "PRAGMA foreign_keys=ON") != DB_OK && rc == 0)
		rc = db_err(r, e, "open");
	return rc;
}

/* The register, one office's for good: reg_create makes it, reg_open
 * opens it, and both bind it to its office (reg.h). */

static struct reg *
db_open(const char *path, struct nerr *e)
{
	struct reg *r = xcalloc(1, sizeof(*r));
	struct db_stmt *st = NULL;
	char bad[256] = "";
	int rc;

	snprintf(r->path, sizeof(r->path), "%s", path);
	/* Never created here: reg_create has made the file. */
	if (db_sqlite_open(path, busy_ms(), &r->db) != DB_OK) {
		db_err(r, e, "open");
		reg_close(r);
		return NULL;
	}
	/* A file that is not a database fails here, before anything is
	 * written to it; a damaged one fails the quick check (which
	 * reports damage as rows), also before any write (journal_mode=WAL
	 * on a WAL file writes nothing). */
	if (db_exec(r->db, "PRAGMA journal_mode=WAL;"
	    "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;") != DB_OK ||
	    db_prepare(r->db, "PRAGMA quick_check", &st) != DB_OK) {
		db_err(r, e, "open");
		reg_close(r);
		return NULL;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		const char *v = db_column_text(st, 0);

		if (v != NULL && strcmp(v, "ok") != 0 && !bad[0])
			snprintf(bad, sizeof(bad), "%s", v);
	}
	if (rc != DB_DONE) {
		db_err(r, e, "open");
		db_finalize(st);
		reg_close(r);
		return NULL;
	}
	db_finalize(st);
	if (bad[0]) {
		db_fail(r, e, "open", DB_E_CORRUPT, bad);
		reg_close(r);
		return NULL;
	}
	return r;
}

static int
other_office(struct reg *r, const char *theirs, const char *ours,
    struct nerr *e)
{
	nerr_set(e, EX_CONFIG, r->path, 0, 0, "register database: it belongs "
	    "to the office with region code %s, not to %s (the kode-wilayah "
	    "of the kantor.xml in use); a register serves one office: use "
	    "that office's kantor.xml, or another output folder (nothing was "
	    "changed)", theirs, ours);
	return -1;
}

/* Records the office of a register that has none: office, or (office
 * NULL or "") the one office its books name, if they name exactly one.
 * Books of another office refuse it.  Inside the migration's
 * transaction, or alone; a concurrent adoption wins (OR IGNORE) and is
 * checked by office_bind. */
static int
office_adopt(struct reg *r, const char *office, struct nerr *e)
{
	struct db_stmt *st = NULL;
	char first[64] = "", other[64] = "", now[32];
	const char *who;
	int n = 0, rc;

	if (db_prepare(r->db, "SELECT DISTINCT office FROM books "
	    "ORDER BY office", &st) != DB_OK)
		return db_err(r, e, "record the office");
	while ((rc = db_step(st)) == DB_ROW) {
		const char *o = (const char *)db_column_text(st, 0);

		if (n++ == 0)
			snprintf(first, sizeof(first), "%s", o ? o : "");
		if (office != NULL && office[0] != '\0' && o != NULL &&
		    strcmp(o, office) != 0 && other[0] == '\0')
			snprintf(other, sizeof(other), "%s", o);
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return db_err(r, e, "record the office");
	if (other[0] != '\0') {
		return other_office(r, other, office, e);
	}
	who = office != NULL && office[0] != '\0' ? office :
	    n == 1 && first[0] != '\0' ? first : NULL;
	if (who == NULL)
		return 0;
	now_iso(now, sizeof(now));
	if (db_prepare(r->db, "INSERT INTO office(id, "
	    "kode_wilayah, since) VALUES (1, ?1, ?2) ON CONFLICT DO NOTHING", &st) !=
	    DB_OK)
		return db_err(r, e, "record the office");
	db_bind_text(st, 1, who);
	db_bind_text(st, 2, now);
	rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? 0 : db_err(r, e, "record the office");
}

/* Reads the register's office into r->office, adopting office if it
 * has none yet; another office is refused. */
static int
office_bind(struct reg *r, const char *office, struct nerr *e)
{
	for (int pass = 0; pass < 2; pass++) {
		struct db_stmt *st = NULL;
		int rc;

		if (db_prepare(r->db, "SELECT kode_wilayah FROM office "
		    "WHERE id = 1", &st) != DB_OK)
			return db_err(r, e, "read the office");
		if ((rc = db_step(st)) == DB_ROW)
			snprintf(r->office, sizeof(r->office), "%s",
			    (const char *)db_column_text(st, 0));
		db_finalize(st);
		if (rc != DB_ROW && rc != DB_DONE)
			return db_err(r, e, "read the office");
		if (r->office[0] != '\0' || office == NULL ||
		    office[0] == '\0')
			break;
		if (pass == 0 && office_adopt(r, office, e) != 0)
			return -1;
	}
	if (office != NULL && office[0] != '\0' &&
	    strcmp(r->office, office) != 0) {
		return other_office(r, r->office, office, e);
	}
	return 0;
}

/*
 * PostgreSQL: one database holds many offices, each in a schema of its
 * own named by its region code (kantor_350313 for 35.03.13), so every
 * table and query above is the same on both engines and an office can
 * neither see nor number another's books.  public.naskah_offices lists
 * them.  A run holds a session advisory lock on its office, so that two
 * runs of one office on two hosts never both work.
 */

static char use_where[1024], use_kantor[1024];
static int reg_exact_on;

void
reg_use(const char *where)
{
	snprintf(use_where, sizeof(use_where), "%s", where ? where : "");
}

void
reg_use_kantor(const char *where)
{
	snprintf(use_kantor, sizeof(use_kantor), "%s", where ? where : "");
}

/* The test hook NASKAH_TEST_PG=URL: every register named by a file path
 * is kept in that database instead, in schemas prefixed by a hash of the
 * path, so the whole suite runs on PostgreSQL unchanged. */
static const char *
test_pg(void)
{
	const char *t = getenv("NASKAH_TEST_PG");

	return t != NULL && db_is_url(t) ? t : NULL;
}

const char *
reg_where(const char *path)
{
	const char *env = getenv("NASKAH_REGISTER");

	if (reg_exact_on)
		return path;
	if (use_where[0])
		return use_where;
	if (env != NULL && *env)
		return env;
	if (use_kantor[0])
		return use_kantor;
	return test_pg() ? test_pg() : path;
}

int
reg_option_is_location(const char *cmd, const char *val)
{
	size_t n = strlen(val);

	if (cmd == NULL || strcmp(cmd, "find") != 0)
		return 1;
	return db_is_url(val) || (n > 3 && !strcmp(val + n - 3, ".db"));
}

int
reg_remote(const char *path)
{
	return db_is_url(reg_where(path));
}

static uint64_t
fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The schema of office (its region code's digits), with the test
 * hook's prefix for path. */
static void
pg_schema(const char *path, const char *office, char *out, size_t sz)
{
	size_t n = 0;

	if (test_pg() && !strcmp(reg_where(path), test_pg()))
		n = (size_t)snprintf(out, sz, "t%08x_",
		    (unsigned)(fnv(path) & 0xffffffffu));
	n += (size_t)snprintf(out + n, sz - n, "kantor_");
	for (; office && *office && n + 1 < sz; office++)
		if (*office >= '0' && *office <= '9')
			out[n++] = *office;
	out[n] = '\0';
}

/* A URL as messages show it: without a password. */
static void
url_shown(const char *url, char *out, size_t sz)
{
	const char *at = strchr(url, '@'), *sl = strstr(url, "://");
	const char *colon;

	if (at != NULL && sl != NULL && (colon = strchr(sl + 3, ':')) !=
	    NULL && colon < at)
		snprintf(out, sz, "%.*s:***%s", (int)(colon - url), url, at);
	else
		snprintf(out, sz, "%s", url);
}

static int
pg_exec1(struct reg *r, const char *what, struct nerr *e, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static int
pg_exec1(struct reg *r, const char *what, struct nerr *e, const char *fmt,
    ...)
{
	char sql[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	return db_exec(r->db, sql) == DB_OK ? 0 : db_err(r, e, what);
}

/* One text answer of a query with one text parameter: 1 found, 0 not,
 * -1 error. */
static int
get_text(struct reg *r, const char *sql, const char *arg, char *out,
    size_t sz)
{
	struct db_stmt *st;
	int rc;

	if (db_prepare(r->db, sql, &st) != DB_OK)
		return -1;
	db_bind_text(st, 1, arg);
	if ((rc = db_step(st)) == DB_ROW)
		snprintf(out, sz, "%s", db_column_text(st, 0) ?
		    db_column_text(st, 0) : "");
	db_finalize(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static const char offices_sql[] =
"SELECT pg_advisory_xact_lock(7236828718830461952);"
"CREATE TABLE IF NOT EXISTS public.naskah_offices("
"  schema TEXT PRIMARY KEY, kode_wilayah TEXT NOT NULL,"
"  created TEXT NOT NULL);";

static struct reg *
pg_connect(const char *path, const char *url, struct nerr *e)
{
	struct reg *r = xcalloc(1, sizeof(*r));

	r->pg = 1;
	url_shown(url, r->path, sizeof(r->path));
	if (db_pg_open(url, busy_ms(), &r->db) != DB_OK) {
		db_err(r, e, "connect");
		reg_close(r);
		return NULL;
	}
	(void)path;
	/* Text compares and sorts as SQLite does (bytes), whatever the
	 * database's collation. */
	if (db_exec(r->db, "SET client_encoding = 'UTF8';"
	    "SET client_min_messages = warning") != DB_OK) {
		db_err(r, e, "connect");
		reg_close(r);
		return NULL;
	}
	return r;
}

/* Finds the office's schema (office NULL or "": NASKAH_OFFICE, else the
 * one office of the database) and makes it the search path. */
static int
pg_bind_office(struct reg *r, const char *path, const char *office,
    struct nerr *e)
{
	char prefix[96], code[64] = "", any[96];
	int rc;

	if (office == NULL || *office == '\0')
		office = getenv("NASKAH_OFFICE");
	if (office == NULL || *office == '\0') {
		struct db_stmt *st;
		int n = 0;

		pg_schema(path, "", prefix, sizeof(prefix));
		if (get_text(r, "SELECT to_regclass('public.naskah_offices')",
		    NULL, any, sizeof(any)) < 0)
			return db_err(r, e, "open");
		if (any[0] != '\0') {
			if (db_prepare(r->db, "SELECT kode_wilayah FROM "
			    "public.naskah_offices WHERE schema LIKE ? || '%'",
			    &st) != DB_OK)
				return db_err(r, e, "open");
			db_bind_text(st, 1, prefix);
			while ((rc = db_step(st)) == DB_ROW)
				if (n++ == 0)
					snprintf(code, sizeof(code), "%s",
					    db_column_text(st, 0));
			db_finalize(st);
			if (rc != DB_DONE)
				return db_err(r, e, "open");
		}
		if (n != 1) {
			nerr_set(e, EX_CONFIG, r->path, 0, 0, "register "
			    "database: it holds %d offices; name the office "
			    "with NASKAH_OFFICE=REGION-CODE (or give the "
			    "office's --input)", n);
			return -1;
		}
		office = code;
	}
	pg_schema(path, office, r->schema, sizeof(r->schema));
	if (get_text(r, "SELECT to_regclass('public.naskah_offices')", NULL,
	    any, sizeof(any)) < 0 || (any[0] != '\0' && (rc = get_text(r,
	    "SELECT kode_wilayah FROM public.naskah_offices WHERE schema = ?",
	    r->schema, code, sizeof(code))) < 0))
		return db_err(r, e, "open");
	if (any[0] == '\0' || rc == 0) {
		nerr_set(e, EX_CONFIG, r->path, 0, 0, "no register of the "
		    "office %s in this database; one is made once, with "
		    "`naskah init --register URL` (nothing was created)",
		    office);
		return -1;
	}
	return pg_exec1(r, "open", e, "SET search_path TO \"%s\"",
	    r->schema);
}

/* The office's run lock, held by this session until it closes (or its
 * connection dies): a second run of the office anywhere exits 75. */
static int
pg_lock(struct reg *r, struct nerr *e)
{
	char key[32], got[8] = "";

	snprintf(key, sizeof(key), "%lld",
	    (long long)(fnv(r->schema) & 0x7fffffffffffffffULL));
	if (get_text(r, "SELECT pg_try_advisory_lock(CAST(? AS BIGINT))", key,
	    got, sizeof(got)) < 0)
		return db_err(r, e, "lock the office");
	if (strcmp(got, "t") != 0) {
		nerr_set(e, EX_TEMPFAIL, r->path, 0, 0, "another naskah is "
		    "working on the office of schema %s (on this or another "
		    "host); try again later", r->schema);
		return -1;
	}
	return 0;
}

static struct reg *
pg_create(const char *path, const char *url, const char *office,
    struct nerr *e)
{
	struct reg *r;
	char now[32], got[96];
	struct db_stmt *st;
	int rc;

	if ((r = pg_connect(path, url, e)) == NULL)
		return NULL;
	pg_schema(path, office, r->schema, sizeof(r->schema));
	now_iso(now, sizeof(now));
	if (reg_begin(r, e) != 0 || pg_exec1(r, "create", e, "%s",
	    offices_sql) != 0)
		goto fail;
	if ((rc = get_text(r, "SELECT schema FROM public.naskah_offices "
	    "WHERE schema = ?", r->schema, got, sizeof(got))) != 0) {
		if (rc < 0)
			db_err(r, e, "create");
		else
			nerr_set(e, EX_CONFIG, r->path, 0, 0, "a register of "
			    "the office %s is already in this database "
			    "(schema %s); a register is made once, and this "
			    "one keeps its numbers (nothing was changed)",
			    office, r->schema);
		goto fail;
	}
	if (pg_exec1(r, "create", e, "CREATE SCHEMA \"%s\"", r->schema) != 0)
		goto fail;
	if (db_prepare(r->db, "INSERT INTO public.naskah_offices(schema, "
	    "kode_wilayah, created) VALUES (?, ?, ?)", &st) != DB_OK) {
		db_err(r, e, "create");
		goto fail;
	}
	db_bind_text(st, 1, r->schema);
	db_bind_text(st, 2, office);
	db_bind_text(st, 3, now);
	rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE) {
		db_err(r, e, "create");
		goto fail;
	}
	if (pg_exec1(r, "create", e, "SET LOCAL search_path TO \"%s\"",
	    r->schema) != 0)
		goto fail;
	/* The schema, the office and its first version commit together:
	 * a failure leaves nothing behind. */
	if (migrate_pg_tx(r, office, e) != 0 ||
	    office_adopt(r, office, e) != 0 || reg_commit(r, e) != 0)
		goto fail;
	if (pg_exec1(r, "open", e, "SET search_path TO \"%s\"",
	    r->schema) != 0 || pg_lock(r, e) != 0 ||
	    office_bind(r, office, e) != 0)
		goto fail;
	return r;
fail:
	reg_rollback(r);
	reg_close(r);
	return NULL;
}

static struct reg *
pg_open(const char *path, const char *url, const char *office, int lock,
    struct nerr *e)
{
	struct reg *r;

	if ((r = pg_connect(path, url, e)) == NULL)
		return NULL;
	if (pg_bind_office(r, path, office, e) != 0 ||
	    (lock && pg_lock(r, e) != 0) || migrate(r, office, e) != 0 ||
	    office_bind(r, office, e) != 0) {
		reg_close(r);
		return NULL;
	}
	return r;
}

int
reg_commit_unknown(struct reg *r)
{
	return r->unknown;
}

struct reg *
reg_create(const char *path, const char *office, struct nerr *e)
{
	static const char *const side[] = { "-wal", "-shm", "-journal" };
	char p[1100];
	struct reg *r;
	int fd;

	if (office == NULL || office[0] == '\0') {
		nerr_set(e, EX_CONFIG, path, 0, 0, "a register is made for an "
		    "office: its region code is missing");
		return NULL;
	}
	if (reg_remote(path))
		return pg_create(path, reg_where(path), office, e);
	path = reg_where(path);
	/* A journal without its database would be played into the new
	 * one: someone moved the register away and left half of it. */
	for (size_t i = 0; i < sizeof(side) / sizeof(side[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", path, side[i]);
		if (access(p, F_OK) == 0) {
			nerr_set(e, EX_CONFIG, p, 0, 0, "left by a register "
			    "that is no longer here; move it away with the "
			    "register, or put the register back (nothing was "
			    "created)");
			return NULL;
		}
	}
	if ((fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
	    0644)) < 0) {
		if (errno == EEXIST)
			nerr_set(e, EX_CONFIG, path, 0, 0, "a register is "
			    "already here; a register is made once, and this "
			    "one keeps its numbers (nothing was changed)");
		else
			nerr_set(e, EX_CANTCREAT, path, 0, 0, "cannot create "
			    "the register: %s", strerror(errno));
		return NULL;
	}
	close(fd);
	if ((r = db_open(path, e)) != NULL &&
	    (migrate(r, office, e) != 0 || office_bind(r, office, e) != 0)) {
		reg_close(r);
		r = NULL;
	}
	if (r == NULL) {
		unlink(path);
		for (size_t i = 0; i < sizeof(side) / sizeof(side[0]); i++) {
			snprintf(p, sizeof(p), "%s%s", path, side[i]);
			unlink(p);
		}
	}
	return r;
}

struct reg *
reg_open(const char *path, const char *office, struct nerr *e)
{
	struct reg *r;
	struct stat sb;

	if (reg_remote(path))
		return pg_open(path, reg_where(path), office, 1, e);
	path = reg_where(path);
	if (stat(path, &sb) != 0 && errno == ENOENT) {
		nerr_set(e, EX_CONFIG, path, 0, 0, "no register here; one is "
		    "made once, with `naskah init` (nothing was created)");
		return NULL;
	}
	if ((r = db_open(path, e)) == NULL)
		return NULL;
	if (migrate(r, office, e) != 0 || office_bind(r, office, e) != 0 ||
	    nama_catch_up(r, e) != 0) {
		reg_close(r);
		return NULL;
	}
	return r;
}

const char *
reg_office(struct reg *r)
{
	return r->office;
}

int
reg_doc_id(struct reg *r, const char *path, struct reg_docid *out,
    struct nerr *e)
{
	struct db_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (db_prepare(r->db, "SELECT kind, COALESCE(nomor, '') "
	    "FROM documents WHERE path = ?1", &st) != DB_OK)
		return db_err(r, e, "find document");
	db_bind_text(st, 1, path);
	if ((rc = db_step(st)) == DB_ROW) {
		snprintf(out->kind, sizeof(out->kind), "%s",
		    (const char *)db_column_text(st, 0));
		snprintf(out->nomor, sizeof(out->nomor), "%s",
		    (const char *)db_column_text(st, 1));
	}
	db_finalize(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return db_err(r, e, "find document");
	return rc == DB_ROW;
}

int
reg_version(struct reg *r)
{
	int v = -1;

	db_user_version(r->db, &v);
	return v;
}

void
reg_close(struct reg *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nstmt; i++)
		db_finalize(r->stmt[i].st);
	db_close(r->db);
	free(r);
}

int
reg_begin(struct reg *r, struct nerr *e)
{
	/* SQLite: the write lock now, not at the first write.  PostgreSQL:
	 * rows are locked as they are written; one run per office (its
	 * advisory lock) is the only writer of its books. */
	if (db_exec(r->db, r->pg ? "BEGIN" : "BEGIN IMMEDIATE") != DB_OK)
		return db_err(r, e, "begin");
	return 0;
}

int
reg_commit(struct reg *r, struct nerr *e)
{
	/* The transaction's names into the name index, in it (SQLite). */
	if (!r->pg && nama_flush(r, e) != 0) {
		reg_rollback(r);
		return -1;
	}
	if (db_exec(r->db, "COMMIT") != DB_OK) {
		/* The connection went away during COMMIT: whether it
		 * committed is unknown until the register is read again
		 * (issue.c then keeps the batch's files for the recovery). */
		r->unknown = r->pg && db_errcode(r->db) == DB_E_CONN;
		db_err(r, e, "commit");
		reg_rollback(r);
		return -1;
	}
	return 0;
}

void
reg_rollback(struct reg *r)
{
	if (db_in_tx(r->db))
		db_exec(r->db, "ROLLBACK");
}

int
reg_in_tx(struct reg *r)
{
	return db_in_tx(r->db);
}

int
reg_savepoint(struct reg *r, struct nerr *e)
{
	if (row_exec(r, "SAVEPOINT row") != DB_OK)
		return db_err(r, e, "savepoint");
	return 0;
}

int
reg_release(struct reg *r, struct nerr *e)
{
	if (row_exec(r, "RELEASE row") != DB_OK)
		return db_err(r, e, "release savepoint");
	return 0;
}

int
reg_rollback_to(struct reg *r, struct nerr *e)
{
	if (row_exec(r, "ROLLBACK TO row") != DB_OK ||
	    row_exec(r, "RELEASE row") != DB_OK)
		return db_err(r, e, "roll back row");
	return 0;
}

static struct db_stmt *
prep(struct reg *r, const char *sql, struct nerr *e)
{
	struct db_stmt *st = NULL;

	for (size_t i = 0; i < r->nstmt; i++)
		if (r->stmt[i].sql == sql) {
			db_clear_bindings(r->stmt[i].st);
			return r->stmt[i].st;
		}
	if (db_prepare(r->db, sql, &st) != DB_OK) {
		db_err(r, e, "prepare");
		return NULL;
	}
	if (r->nstmt < NSTMT) {
		r->stmt[r->nstmt].sql = sql;
		r->stmt[r->nstmt++].st = st;
	}
	return st;
}

/* After a statement's last step: reset a cached one (which also ends its
 * read of the database), finalize one the cache had no room for. */
static void
stmt_done(struct reg *r, struct db_stmt *st)
{
	for (size_t i = 0; i < r->nstmt; i++)
		if (r->stmt[i].st == st) {
			db_reset(st);
			return;
		}
	db_finalize(st);
}

static void
bind_text(struct db_stmt *st, int i, const char *s)
{
	db_bind_text(st, i, s);		/* NULL: a null */
}

long
reg_run_start(struct reg *r, const char *kind, const char *args)
{
	struct db_stmt *st = prep(r, "INSERT INTO runs(kind, args, started) "
	    "VALUES (?, ?, ?) RETURNING id", NULL);
	char now[32];
	long id = 0;

	if (st == NULL)
		return 0;
	now_iso(now, sizeof(now));
	bind_text(st, 1, kind);
	bind_text(st, 2, args);
	bind_text(st, 3, now);
	if (db_step(st) == DB_ROW) {
		id = (long)db_column_int64(st, 0);
		db_step(st);
	}
	stmt_done(r, st);
	return id;
}

void
reg_run_end(struct reg *r, long run, int status, const char *summary)
{
	struct db_stmt *st = prep(r, "UPDATE runs SET finished = ?, "
	    "status = ?, summary = ? WHERE id = ?", NULL);
	char now[32];

	if (st == NULL)
		return;
	now_iso(now, sizeof(now));
	bind_text(st, 1, now);
	db_bind_int(st, 2, status);
	bind_text(st, 3, summary);
	db_bind_int64(st, 4, run);
	db_step(st);
	stmt_done(r, st);
}

int
reg_app_find(struct reg *r, int tahun, const char *no_register,
    struct reg_app *out, struct nerr *e)
{
	struct db_stmt *st = prep(r, "SELECT a.id, a.status, a.data_sha256, "
	    "a.file, a.line, COALESCE((SELECT d.nomor FROM documents d "
	    "WHERE d.application_id = a.id AND d.book_id IS NOT NULL "
	    "ORDER BY d.id LIMIT 1), '') FROM applications a "
	    "WHERE a.tahun = ? AND a.no_register = ?", e);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_int(st, 1, tahun);
	bind_text(st, 2, no_register);
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = (long)db_column_int64(st, 0);
		snprintf(out->status, sizeof(out->status), "%s",
		    db_column_text(st, 1));
		snprintf(out->sha, sizeof(out->sha), "%s",
		    db_column_text(st, 2));
		snprintf(out->file, sizeof(out->file), "%s",
		    (const char *)db_column_text(st, 3) ?
		    (const char *)db_column_text(st, 3) : "");
		out->line = (long)db_column_int64(st, 4);
		snprintf(out->nomor, sizeof(out->nomor), "%s",
		    db_column_text(st, 5));
		rc = 1;
	} else if (rc == DB_DONE)
		rc = 0;
	else
		rc = db_err(r, e, "find application");
	stmt_done(r, st);
	return rc;
}

int
reg_app_put(struct reg *r, const struct reg_appin *a, long *id,
    struct nerr *e)
{
	struct db_stmt *st = prep(r, "INSERT INTO applications(tahun, "
	    "no_register, tanggal, layanan, nik, nama, kode_desa, data, "
	    "data_sha256, file, line, status, missing, warnings, jam, "
	    "jam_selesai, petugas, run_id) VALUES "
	    "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
	    "ON CONFLICT(tahun, no_register) DO UPDATE SET "
	    "tanggal=excluded.tanggal, layanan=excluded.layanan, "
	    "nik=excluded.nik, nama=excluded.nama, "
	    "kode_desa=excluded.kode_desa, data=excluded.data, "
	    "data_sha256=excluded.data_sha256, file=excluded.file, "
	    "line=excluded.line, status=excluded.status, "
	    "missing=excluded.missing, warnings=excluded.warnings, "
	    "jam=excluded.jam, jam_selesai=excluded.jam_selesai, "
	    "petugas=excluded.petugas, run_id=excluded.run_id "
	    "RETURNING id", e);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_int(st, 1, a->tahun);
	bind_text(st, 2, a->no_register);
	bind_text(st, 3, a->tanggal);
	bind_text(st, 4, a->layanan);
	bind_text(st, 5, a->nik);
	bind_text(st, 6, a->nama);
	bind_text(st, 7, a->kode_desa);
	bind_text(st, 8, a->data);
	bind_text(st, 9, a->sha);
	bind_text(st, 10, a->file);
	db_bind_int64(st, 11, a->line);
	bind_text(st, 12, a->status);
	bind_text(st, 13, a->missing);
	bind_text(st, 14, a->warnings);
	bind_text(st, 15, a->jam);
	bind_text(st, 16, a->jam_selesai);
	bind_text(st, 17, a->petugas);
	db_bind_int64(st, 18, a->run_id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*id = (long)db_column_int64(st, 0);
		rc = 0;
	} else
		rc = db_err(r, e, "record application");
	stmt_done(r, st);
	return rc;
}

int
reg_book_take(struct reg *r, const char *office, const char *book, int tahun,
    struct reg_num *num, struct nerr *e)
{
	struct db_stmt *st;
	int rc;

	if (!db_in_tx(r->db)) {
		nerr_set(e, EX_SOFTWARE, r->path, 0, 0, "register database: a "
		    "number taken outside a transaction");
		return -1;
	}
	/* The write lock of BEGIN IMMEDIATE is the row lock here; the
	 * counter is the book's own, not MAX(urut) of its entries. */
	if ((st = prep(r, "INSERT INTO books(office, name, tahun, last) "
	    "VALUES (?, ?, ?, 1) ON CONFLICT(office, name, tahun) DO UPDATE "
	    "SET last = books.last + 1 RETURNING id, last", e)) == NULL)
		return -1;
	bind_text(st, 1, office);
	bind_text(st, 2, book);
	db_bind_int(st, 3, tahun);
	if ((rc = db_step(st)) == DB_ROW) {
		num->book = (long)db_column_int64(st, 0);
		num->urut = (long)db_column_int64(st, 1);
		/* RETURNING gives its row before the statement is done. */
		rc = db_step(st) == DB_DONE ? 0 :
		    db_err(r, e, "next number");
	} else
		rc = db_err(r, e, "next number");
	stmt_done(r, st);
	return rc;
}

int
reg_entry_add(struct reg *r, const struct reg_entry *en, struct nerr *e)
{
	struct db_stmt *st = prep(r, "INSERT INTO book_entries(book_id, urut, "
	    "nomor, klasifikasi, kind, issued) VALUES (?,?,?,?,?,?)", e);
	char now[32];
	int rc;

	if (st == NULL)
		return -1;
	now_iso(now, sizeof(now));
	db_bind_int64(st, 1, en->num.book);
	db_bind_int64(st, 2, en->num.urut);
	bind_text(st, 3, en->nomor);
	bind_text(st, 4, en->klasifikasi);
	bind_text(st, 5, en->kind);
	bind_text(st, 6, now);
	rc = db_step(st) == DB_DONE ? 0 : db_err(r, e,
	    "record number");
	stmt_done(r, st);
	return rc;
}

int
reg_book_each(struct reg *r, const char *office, const char *book, int tahun,
    int (*cb)(const struct reg_entry *, void *), void *arg, struct nerr *e)
{
	struct db_stmt *st = prep(r, "SELECT e.book_id, e.urut, e.nomor, "
	    "e.klasifikasi, e.kind, e.issued, e.status, COALESCE(d.path, '') "
	    "FROM books k JOIN book_entries e ON e.book_id = k.id "
	    "LEFT JOIN documents d ON d.book_id = e.book_id "
	    "AND d.urut = e.urut WHERE k.office = ? AND k.name = ? "
	    "AND k.tahun = ? ORDER BY e.urut", e);
	struct reg_entry en;
	int rc;

	if (st == NULL)
		return -1;
	bind_text(st, 1, office);
	bind_text(st, 2, book);
	db_bind_int(st, 3, tahun);
	while ((rc = db_step(st)) == DB_ROW) {
		en.num.book = (long)db_column_int64(st, 0);
		en.num.urut = (long)db_column_int64(st, 1);
		en.nomor = (const char *)db_column_text(st, 2);
		en.klasifikasi = (const char *)db_column_text(st, 3);
		en.kind = (const char *)db_column_text(st, 4);
		en.issued = (const char *)db_column_text(st, 5);
		en.status = (const char *)db_column_text(st, 6);
		en.path = (const char *)db_column_text(st, 7);
		if (cb(&en, arg) != 0) {
			stmt_done(r, st);
			return 1;
		}
	}
	stmt_done(r, st);
	return rc == DB_DONE ? 0 : db_err(r, e, "list book");
}

int
reg_doc_add(struct reg *r, const struct reg_doc *d, struct nerr *e)
{
	struct db_stmt *st = prep(r, "INSERT INTO documents(kind, "
	    "application_id, path, size, sha256, created, ref, book_id, urut, "
	    "nomor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, (SELECT nomor "
	    "FROM book_entries WHERE book_id = ?8 AND urut = ?9))", e);
	int rc;

	if (st == NULL)
		return -1;
	bind_text(st, 1, d->kind);
	if (d->app_id > 0)
		db_bind_int64(st, 2, d->app_id);
	else
		db_bind_null(st, 2);
	bind_text(st, 3, d->path);
	db_bind_int64(st, 4, (int64_t)d->size);
	bind_text(st, 5, d->sha);
	bind_text(st, 6, d->created);
	bind_text(st, 7, d->ref);
	if (d->num.book > 0) {
		db_bind_int64(st, 8, d->num.book);
		db_bind_int64(st, 9, d->num.urut);
	} else {
		db_bind_null(st, 8);
		db_bind_null(st, 9);
	}
	rc = db_step(st) == DB_DONE ? 0 : db_err(r, e,
	    "record document");
	stmt_done(r, st);
	return rc;
}

int
reg_reject(struct reg *r, long run, const struct nerr *why,
    const char *no_register)
{
	struct db_stmt *st = prep(r, "INSERT INTO rejects(run_id, file, line, "
	    "col, no_register, reason) VALUES (?,?,?,?,?,?)", NULL);

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, run);
	bind_text(st, 2, why->file);
	db_bind_int64(st, 3, why->line);
	db_bind_int64(st, 4, why->col);
	bind_text(st, 5, no_register);
	bind_text(st, 6, why->msg);
	db_step(st);
	stmt_done(r, st);
	return 0;
}

int
reg_import_done(struct reg *r, const char *file, const char *sha)
{
	struct db_stmt *st = prep(r, "SELECT 1 FROM imports WHERE file = ? "
	    "AND sha256 = ?", NULL);
	int done;

	if (st == NULL)
		return 0;
	bind_text(st, 1, file);
	bind_text(st, 2, sha);
	done = db_step(st) == DB_ROW;
	stmt_done(r, st);
	return done;
}

int
reg_import_mark(struct reg *r, const char *file, const char *sha, long rows,
    long run, struct nerr *e)
{
	struct db_stmt *st = prep(r, "INSERT INTO imports(file, sha256, "
	    "rows, run_id) VALUES (?,?,?,?) ON CONFLICT(file) DO UPDATE SET "
	    "sha256 = excluded.sha256, rows = excluded.rows, "
	    "run_id = excluded.run_id", e);

	if (st == NULL)
		return -1;
	bind_text(st, 1, file);
	bind_text(st, 2, sha);
	db_bind_int64(st, 3, rows);
	db_bind_int64(st, 4, run);
	if (db_step(st) != DB_DONE) {
		stmt_done(r, st);
		return db_err(r, e, "record import");
	}
	stmt_done(r, st);
	return 0;
}

int
reg_doc_each(struct reg *r, int (*cb)(const char *, const char *, void *),
    void *arg, struct nerr *e)
{
	struct db_stmt *st = prep(r, "SELECT path, sha256 FROM documents "
	    "ORDER BY id", e);
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW)
		if (cb((const char *)db_column_text(st, 0),
		    (const char *)db_column_text(st, 1), arg) != 0) {
			stmt_done(r, st);
			return 1;
		}
	stmt_done(r, st);
	return rc == DB_DONE ? 0 : db_err(r, e, "list documents");
}

/* Desa data and monthly reports. */

int
reg_ddata_clear(struct reg *r, const char *bulan, const char *bagian,
    struct nerr *e)
{
	struct db_stmt *st = prep(r, "DELETE FROM desa_data WHERE bulan = ? "
	    "AND bagian = ?", e);
	int rc;

	if (st == NULL)
		return -1;
	bind_text(st, 1, bulan);
	bind_text(st, 2, bagian);
	rc = db_step(st) == DB_DONE ? 0 : db_err(r, e, "desa data");
	stmt_done(r, st);
	return rc;
}

int
reg_ddata_put(struct reg *r, const struct reg_ddata *dd, struct nerr *e)
{
	struct db_stmt *st = prep(r, "INSERT INTO desa_data(bulan, bagian, "
	    "kode_desa, indikator, nilai, keterangan) VALUES (?,?,?,?,?,?)", e);

	if (st == NULL)
		return -1;
	/* A reset keeps the bindings: the desa's are bound once. */
	bind_text(st, 1, dd->bulan);
	bind_text(st, 2, dd->bagian);
	bind_text(st, 3, dd->kode_desa);
	for (size_t i = 0; i < dd->n; i++) {
		db_reset(st);
		bind_text(st, 4, dd->indikator[i]);
		db_bind_int64(st, 5, (int64_t)dd->nilai[i]);
		bind_text(st, 6, dd->keterangan ? dd->keterangan[i] : NULL);
		if (db_step(st) != DB_DONE) {
			db_err(r, e, "desa data");
			stmt_done(r, st);
			return -1;
		}
	}
	stmt_done(r, st);
	return 0;
}

int
reg_ddata_each(struct reg *r, const char *bulan, const char *bagian,
    int (*cb)(const char *, const char *, uint64_t, void *), void *arg,
    struct nerr *e)
{
	struct db_stmt *st = prep(r, "SELECT kode_desa, indikator, nilai FROM "
	    "desa_data WHERE bulan = ? AND bagian = ? ORDER BY kode_desa", e);
	int rc, any = 0;

	if (st == NULL)
		return -1;
	bind_text(st, 1, bulan);
	bind_text(st, 2, bagian);
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t v = db_column_int64(st, 2);

		any = 1;
		/* Only this program writes the table, never a negative
		 * figure; a hand-edited one counts as nothing. */
		if (cb((const char *)db_column_text(st, 0),
		    (const char *)db_column_text(st, 1),
		    v > 0 ? (uint64_t)v : 0, arg) != 0) {
			rc = DB_DONE;
			break;
		}
	}
	if (rc != DB_DONE)
		any = db_err(r, e, "desa data");
	stmt_done(r, st);
	return any;
}

int
reg_report_latest(struct reg *r, const char *bulan, const char *bagian,
    struct reg_report *out, struct nerr *e)
{
	struct db_stmt *st = prep(r, "SELECT r.revision, r.data_sha256, "
	    "COALESCE(r.nomor, ''), COALESCE(d.path, '') FROM reports r "
	    "LEFT JOIN documents d ON d.id = r.document_id WHERE r.bulan = ? "
	    "AND r.bagian = ? ORDER BY r.revision DESC LIMIT 1", e);
	int rc;

	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return -1;
	bind_text(st, 1, bulan);
	bind_text(st, 2, bagian);
	if ((rc = db_step(st)) == DB_ROW) {
		out->revision = db_column_int(st, 0);
		snprintf(out->sha, sizeof(out->sha), "%s",
		    db_column_text(st, 1));
		snprintf(out->nomor, sizeof(out->nomor), "%s",
		    db_column_text(st, 2));
		snprintf(out->path, sizeof(out->path), "%s",
		    db_column_text(st, 3));
		rc = 1;
	} else if (rc == DB_DONE)
		rc = 0;
	else
		rc = db_err(r, e, "latest report");
	stmt_done(r, st);
	return rc;
}

int
reg_report_add(struct reg *r, const struct reg_reportin *in, struct nerr *e)
{
	struct db_stmt *st = prep(r, "INSERT INTO reports(bulan, bagian, "
	    "revision, data_sha256, nomor, replaces, document_id) VALUES "
	    "(?, ?, ?, ?, ?, ?, (SELECT id FROM documents WHERE path = ?))", e);
	int rc;

	if (st == NULL)
		return -1;
	bind_text(st, 1, in->bulan);
	bind_text(st, 2, in->bagian);
	db_bind_int(st, 3, in->revision);
	bind_text(st, 4, in->sha);
	bind_text(st, 5, in->nomor);
	bind_text(st, 6, in->replaces && *in->replaces ? in->replaces : NULL);
	bind_text(st, 7, in->path);
	rc = db_step(st) == DB_DONE ? 0 : db_err(r, e,
	    "record report");
	stmt_done(r, st);
	return rc;
}

/*
 * Working days (issue 10, "days"): the day the office's register starts
 * from, which `naskah init --since` may set to an older day, and the
 * newest register export processed, between which and yesterday every
 * working day should have its export.
 */

/* Version 4: the office's since may be set (once, by init) while the
 * register has imported nothing; its region code stays fixed. */
static const char v4_since[] =
"DROP TRIGGER office_fixed;"
"CREATE TRIGGER office_fixed BEFORE UPDATE OF id, kode_wilayah ON office"
"  BEGIN SELECT RAISE(ABORT, 'a register belongs to its office'); END;"
"CREATE TRIGGER office_since BEFORE UPDATE OF since ON office"
"  WHEN EXISTS (SELECT 1 FROM imports)"
"  BEGIN SELECT RAISE(ABORT, 'the register has imported exports'); END;";

static int
mig_v4(struct reg *r, const char *office, struct nerr *e)
{
	(void)office;
	if (db_exec(r->db, v4_since) != DB_OK)
		return db_err(r, e, "migrate to version 4");
	return 0;
}

int
reg_office_since(struct reg *r, char *buf, size_t sz, struct nerr *e)
{
	struct db_stmt *st = prep(r, "SELECT since FROM office WHERE id = 1", e);
	int rc;

	if (st == NULL)
		return -1;
	if ((rc = db_step(st)) == DB_ROW) {
		const char *v = (const char *)db_column_text(st, 0);

		snprintf(buf, sz, "%.10s", v ? v : "");
		rc = buf[0] != '\0';
	} else if (rc == DB_DONE)
		rc = 0;
	else
		rc = db_err(r, e, "read the office");
	stmt_done(r, st);
	return rc;
}

int
reg_office_set_since(struct reg *r, const char *day, struct nerr *e)
{
	struct db_stmt *st = prep(r, "UPDATE office SET since = ? WHERE id = 1",
	    e);
	int rc;

	if (st == NULL)
		return -1;
	bind_text(st, 1, day);
	rc = db_step(st) == DB_DONE ? 0 : db_err(r, e,
	    "record since when the register serves");
	stmt_done(r, st);
	return rc;
}

int
reg_import_newest(struct reg *r, char *buf, size_t sz, struct nerr *e)
{
	/* LIKE's _ is any character: the digits are checked here. */
	struct db_stmt *st = prep(r, "SELECT file FROM imports WHERE file "
	    "LIKE '____-__-__.csv' ORDER BY file DESC", e);
	int rc;

	if (st == NULL)
		return -1;
	buf[0] = '\0';
	while ((rc = db_step(st)) == DB_ROW) {
		const char *v = db_column_text(st, 0);
		int ok = v != NULL && strlen(v) == 14 &&
		    !strcmp(v + 10, ".csv");

		for (int i = 0; ok && i < 10; i++)
			ok = i == 4 || i == 7 ? v[i] == '-' :
			    v[i] >= '0' && v[i] <= '9';
		if (ok) {
			snprintf(buf, sz, "%.10s", v);
			break;
		}
	}
	if (rc == DB_ROW || rc == DB_DONE)
		rc = buf[0] != '\0';
	else
		rc = db_err(r, e, "read the imports");
	stmt_done(r, st);
	return rc;
}

/* Restore, corrections and cancellation (naskah restore, ralat, batal):
 * the documents' sources, the numbers' cancellation, conflicts. */

int
reg_doc_source_put(struct reg *r, const char *path, const void *src,
    size_t len, struct nerr *e)
{
	struct db_stmt *st = prep(r, "UPDATE documents SET source = ? "
	    "WHERE path = ?", e);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_blob(st, 1, src, len);
	bind_text(st, 2, path);
	db_expect_changes(st, 1);
	rc = db_step(st) == DB_DONE ?
	    0 : db_err(r, e, "record document source");
	stmt_done(r, st);
	return rc;
}

long
reg_docsrc_each(struct reg *r, const char *key,
    int (*cb)(const struct reg_docsrc *, void *), void *arg, struct nerr *e)
{
	struct db_stmt *st = NULL;
	struct reg_docsrc d;
	long n = 0;
	int rc;

	if (db_prepare(r->db, "SELECT id, kind, path, sha256, size, "
	    "COALESCE(nomor, ''), source FROM documents WHERE ?1 IS NULL "
	    "OR nomor = ?1 OR path = ?1 ORDER BY id", &st) !=
	    DB_OK)
		return db_err(r, e, "list documents");
	bind_text(st, 1, key);
	while ((rc = db_step(st)) == DB_ROW) {
		d.id = (long)db_column_int64(st, 0);
		d.kind = (const char *)db_column_text(st, 1);
		d.path = (const char *)db_column_text(st, 2);
		d.sha = (const char *)db_column_text(st, 3);
		d.size = (size_t)db_column_int64(st, 4);
		d.nomor = (const char *)db_column_text(st, 5);
		d.src = db_column_blob(st, 6);
		d.srclen = (size_t)db_column_bytes(st, 6);
		if (d.srclen == 0)
			d.src = NULL;
		n++;
		if (cb(&d, arg) != 0) {
			rc = DB_DONE;
			break;
		}
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return db_err(r, e, "list documents");
	return n;
}

static void
col_copy(struct db_stmt *st, int i, char *out, size_t sz)
{
	const char *s = (const char *)db_column_text(st, i);

	snprintf(out, sz, "%s", s ? s : "");
}

int
reg_entry_find(struct reg *r, const char *nomor, struct reg_entryinfo *out,
    struct nerr *e)
{
	struct db_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (db_prepare(r->db, "SELECT e.nomor, k.name, k.tahun, "
	    "e.kind, e.klasifikasi, e.status, e.cancel_reason, e.cancel_date, "
	    "e.replaced_by, e.replaces, d.application_id, d.kind, d.path, "
	    "d.created FROM book_entries e JOIN books k ON k.id = e.book_id "
	    "LEFT JOIN documents d ON d.book_id = e.book_id AND d.urut = "
	    "e.urut WHERE e.nomor = ?1", &st) != DB_OK)
		return db_err(r, e, "find number");
	bind_text(st, 1, nomor);
	if ((rc = db_step(st)) == DB_ROW) {
		col_copy(st, 0, out->nomor, sizeof(out->nomor));
		col_copy(st, 1, out->book, sizeof(out->book));
		out->tahun = db_column_int(st, 2);
		col_copy(st, 3, out->kind, sizeof(out->kind));
		col_copy(st, 4, out->klasifikasi, sizeof(out->klasifikasi));
		col_copy(st, 5, out->status, sizeof(out->status));
		col_copy(st, 6, out->cancel_reason, sizeof(out->cancel_reason));
		col_copy(st, 7, out->cancel_date, sizeof(out->cancel_date));
		col_copy(st, 8, out->replaced_by, sizeof(out->replaced_by));
		col_copy(st, 9, out->replaces, sizeof(out->replaces));
		out->app_id = (long)db_column_int64(st, 10);
		col_copy(st, 11, out->doc_kind, sizeof(out->doc_kind));
		col_copy(st, 12, out->path, sizeof(out->path));
		col_copy(st, 13, out->created, sizeof(out->created));
	}
	db_finalize(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return db_err(r, e, "find number");
	return rc == DB_ROW;
}

int
reg_entry_cancel(struct reg *r, const char *nomor, const char *reason,
    const char *date, const char *replaced_by, struct nerr *e)
{
	struct db_stmt *st = NULL;
	int rc;

	if (db_prepare(r->db, "UPDATE book_entries SET status = "
	    "'cancelled', cancel_reason = ?2, cancel_date = ?3, replaced_by "
	    "= ?4 WHERE nomor = ?1 AND status = 'issued'", &st) !=
	    DB_OK)
		return db_err(r, e, "cancel number");
	bind_text(st, 1, nomor);
	bind_text(st, 2, reason);
	bind_text(st, 3, date);
	bind_text(st, 4, replaced_by);
	rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE)
		return db_err(r, e, "cancel number");
	return db_changes(r->db) == 1;
}

int
reg_entry_replaces(struct reg *r, const char *nomor, const char *old,
    struct nerr *e)
{
	struct db_stmt *st = NULL;
	int rc;

	if (db_prepare(r->db, "UPDATE book_entries SET replaces = ?2 "
	    "WHERE nomor = ?1", &st) != DB_OK)
		return db_err(r, e, "record replacement");
	bind_text(st, 1, nomor);
	bind_text(st, 2, old);
	rc = db_step(st);
	db_finalize(st);
	if (rc != DB_DONE || db_changes(r->db) != 1)
		return db_err(r, e, "record replacement");
	return 0;
}

int
reg_conflict_put(struct reg *r, const struct reg_conflict *c, struct nerr *e)
{
	struct db_stmt *st = prep(r, "INSERT INTO conflicts("
	    "application_id, data, data_sha256, file, line, seen) VALUES "
	    "(?, ?, ?, ?, ?, ?) ON CONFLICT(application_id) DO UPDATE SET "
	    "data = excluded.data, data_sha256 = excluded.data_sha256, "
	    "file = excluded.file, line = excluded.line, seen = excluded.seen", e);
	char now[32];
	int rc;

	if (st == NULL)
		return -1;
	now_iso(now, sizeof(now));
	db_bind_int64(st, 1, c->app_id);
	bind_text(st, 2, c->data);
	bind_text(st, 3, c->sha);
	bind_text(st, 4, c->file);
	db_bind_int64(st, 5, c->line);
	bind_text(st, 6, now);
	rc = db_step(st) == DB_DONE ? 0 : db_err(r, e,
	    "record conflict");
	stmt_done(r, st);
	return rc;
}

static char *
col_dup(struct db_stmt *st, int i)
{
	const char *s = (const char *)db_column_text(st, i);

	return xstrdup(s ? s : "");
}

int
reg_conflict_get(struct reg *r, long app_id, struct reg_conflict *out,
    struct nerr *e)
{
	struct db_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (db_prepare(r->db, "SELECT data, data_sha256, file, line "
	    "FROM conflicts WHERE application_id = ?1", &st) !=
	    DB_OK)
		return db_err(r, e, "find conflict");
	db_bind_int64(st, 1, app_id);
	if ((rc = db_step(st)) == DB_ROW) {
		out->app_id = app_id;
		out->data = col_dup(st, 0);
		out->sha = col_dup(st, 1);
		out->file = col_dup(st, 2);
		out->line = (long)db_column_int64(st, 3);
	}
	db_finalize(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return db_err(r, e, "find conflict");
	return rc == DB_ROW;
}

void
reg_conflict_free(struct reg_conflict *c)
{
	free((char *)c->data);
	free((char *)c->sha);
	free((char *)c->file);
	memset(c, 0, sizeof(*c));
}

int
reg_conflict_clear(struct reg *r, long app_id, struct nerr *e)
{
	/* Prepared once: a re-read export clears for every unchanged row. */
	struct db_stmt *st = prep(r, "DELETE FROM conflicts WHERE "
	    "application_id = ?1", e);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, app_id);
	rc = db_step(st) == DB_DONE ? 0 : db_err(r, e,
	    "clear conflict");
	stmt_done(r, st);
	return rc;
}

char *
reg_app_data(struct reg *r, long app_id, struct nerr *e)
{
	struct db_stmt *st = NULL;
	char *data = NULL;
	int rc;

	if (db_prepare(r->db, "SELECT data FROM applications WHERE "
	    "id = ?1", &st) != DB_OK) {
		db_err(r, e, "application data");
		return NULL;
	}
	db_bind_int64(st, 1, app_id);
	if ((rc = db_step(st)) == DB_ROW)
		data = col_dup(st, 0);
	db_finalize(st);
	if (rc != DB_ROW && rc != DB_DONE)
		db_err(r, e, "application data");
	return data;
}

/* Service-time reports (issue 11, part "layanan"). */

static const char *
col_str(struct db_stmt *st, int i)
{
	const char *s = (const char *)db_column_text(st, i);

	return s != NULL ? s : "";
}

int
reg_svc_each(struct reg *r, const char *bulan,
    int (*cb)(const struct reg_svcrow *, void *), void *arg, struct nerr *e)
{
	struct db_stmt *st = prep(r, "SELECT no_register, tanggal, layanan, "
	    "status, missing, jam, jam_selesai, petugas FROM applications "
	    "WHERE substr(tanggal, 1, 7) = ? AND status IN ('complete', "
	    "'incomplete') ORDER BY tanggal, no_register", e);
	struct reg_svcrow row;
	int rc;

	if (st == NULL)
		return -1;
	bind_text(st, 1, bulan);
	while ((rc = db_step(st)) == DB_ROW) {
		row.no_register = col_str(st, 0);
		row.tanggal = col_str(st, 1);
		row.layanan = col_str(st, 2);
		row.status = col_str(st, 3);
		row.missing = col_str(st, 4);
		row.jam = col_str(st, 5);
		row.jam_selesai = col_str(st, 6);
		row.petugas = col_str(st, 7);
		if (cb(&row, arg) != 0) {
			rc = DB_DONE;
			break;
		}
	}
	stmt_done(r, st);
	return rc == DB_DONE ? 0 : db_err(r, e, "applications of a month");
}

/* Complaints (pengaduan): from receipt to outcome.  Version 6: a
 * complaint is an application with a row of its own (the SOP variant it
 * follows, its channel, when it was received and when the SOP says it
 * will be answered, its outcome) and the steps recorded for it, step 1
 * being the register row.  Steps and an outcome, once recorded, never
 * change: the triggers refuse it.  IF NOT EXISTS: a register taken back
 * to an older version by hand (the tests do) may still hold them. */

static const char v6_aduan[] =
"CREATE TABLE IF NOT EXISTS complaints("
"  application_id INTEGER PRIMARY KEY REFERENCES applications(id),"
"  varian TEXT, saluran TEXT, diterima TEXT NOT NULL, batas TEXT,"
"  hasil TEXT CHECK(hasil IS NULL OR hasil IN ('musyawarah','jalur_hukum')),"
"  ditutup TEXT, CHECK((hasil IS NULL) = (ditutup IS NULL)));"
"CREATE TABLE IF NOT EXISTS complaint_steps("
"  application_id INTEGER NOT NULL REFERENCES complaints(application_id),"
"  langkah INTEGER NOT NULL CHECK(langkah > 0), selesai TEXT NOT NULL,"
"  petugas TEXT, catatan TEXT,"
"  hasil TEXT CHECK(hasil IS NULL OR hasil IN ('musyawarah','jalur_hukum')),"
"  file TEXT, line INTEGER, run_id INTEGER,"
"  PRIMARY KEY(application_id, langkah));"
"CREATE TRIGGER IF NOT EXISTS complaint_steps_keep BEFORE DELETE ON complaint_steps"
"  BEGIN SELECT RAISE(ABORT, 'a recorded step is never deleted'); END;"
"CREATE TRIGGER IF NOT EXISTS complaint_steps_fixed BEFORE UPDATE ON complaint_steps"
"  BEGIN SELECT RAISE(ABORT, 'a recorded step never changes'); END;"
/* Steps in order: a step after the last one recorded, never before. */
"CREATE TRIGGER IF NOT EXISTS complaint_steps_order BEFORE INSERT ON complaint_steps"
"  WHEN NEW.langkah <= (SELECT COALESCE(MAX(langkah), 0)"
"    FROM complaint_steps WHERE application_id = NEW.application_id)"
"  BEGIN SELECT RAISE(ABORT, 'a step before one already recorded'); END;"
"CREATE TRIGGER IF NOT EXISTS complaints_keep BEFORE DELETE ON complaints"
"  BEGIN SELECT RAISE(ABORT, 'a complaint is never deleted'); END;"
"CREATE TRIGGER IF NOT EXISTS complaints_closed BEFORE UPDATE ON complaints"
"  WHEN OLD.hasil IS NOT NULL OR NEW.application_id != OLD.application_id"
"    OR NEW.diterima != OLD.diterima"
"  BEGIN SELECT RAISE(ABORT, 'a closed complaint never changes'); END;"
"CREATE INDEX IF NOT EXISTS complaints_diterima ON complaints(diterima);";

static int
mig_v6(struct reg *r, const char *office, struct nerr *e)
{
	(void)office;
	if (db_exec(r->db, v6_aduan) != DB_OK)
		return db_err(r, e, "migrate to version 6");
	return 0;
}


int
reg_aduan_add(struct reg *r, const struct reg_aduan_in *in, struct nerr *e)
{
	struct db_stmt *st = prep(r, "INSERT INTO complaints(application_id, "
	    "varian, saluran, diterima, batas) VALUES (?, ?, ?, ?, ?)", e);
	struct reg_aduan_step s1 = { in->app_id, in->langkah, in->diterima,
	    in->petugas, NULL, NULL, in->file, in->line, in->run_id };
	int rc;

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, in->app_id);
	bind_text(st, 2, in->varian);
	bind_text(st, 3, in->saluran);
	bind_text(st, 4, in->diterima);
	bind_text(st, 5, in->batas && *in->batas ? in->batas : NULL);
	rc = db_step(st) == DB_DONE ? 0 : db_err(r, e,
	    "record complaint");
	stmt_done(r, st);
	return rc == 0 ? reg_aduan_step_add(r, &s1, e) : rc;
}

static const char aduan_cols[] =
"SELECT a.id, a.tahun, a.no_register, a.tanggal, COALESCE(a.kode_desa, ''),"
"  COALESCE(c.varian, ''), COALESCE(c.saluran, ''), c.diterima,"
"  COALESCE(c.batas, ''), COALESCE(c.hasil, ''), COALESCE(c.ditutup, ''),"
"  (SELECT MAX(langkah) FROM complaint_steps s"
"    WHERE s.application_id = a.id),"
"  (SELECT selesai FROM complaint_steps s WHERE s.application_id = a.id"
"    ORDER BY langkah DESC LIMIT 1)"
"  FROM complaints c JOIN applications a ON a.id = c.application_id ";

static void
aduan_row(struct db_stmt *st, struct reg_aduan *out)
{
	memset(out, 0, sizeof(*out));
	out->app_id = (long)db_column_int64(st, 0);
	out->tahun = db_column_int(st, 1);
	col_copy(st, 2, out->no_register, sizeof(out->no_register));
	col_copy(st, 3, out->tanggal, sizeof(out->tanggal));
	col_copy(st, 4, out->kode_desa, sizeof(out->kode_desa));
	col_copy(st, 5, out->varian, sizeof(out->varian));
	col_copy(st, 6, out->saluran, sizeof(out->saluran));
	col_copy(st, 7, out->diterima, sizeof(out->diterima));
	col_copy(st, 8, out->batas, sizeof(out->batas));
	col_copy(st, 9, out->hasil, sizeof(out->hasil));
	col_copy(st, 10, out->ditutup, sizeof(out->ditutup));
	out->langkah = db_column_int(st, 11);
	col_copy(st, 12, out->terakhir, sizeof(out->terakhir));
}

int
reg_aduan_find(struct reg *r, int tahun, const char *no_register,
    struct reg_aduan *out, struct nerr *e)
{
	static const char sql[] = "%s WHERE a.tahun = ? AND a.no_register = ?";
	static char q[sizeof(aduan_cols) + sizeof(sql)];
	struct db_stmt *st;
	int rc;

	if (q[0] == '\0')
		snprintf(q, sizeof(q), sql, aduan_cols);
	if ((st = prep(r, q, e)) == NULL)
		return -1;
	db_bind_int(st, 1, tahun);
	bind_text(st, 2, no_register);
	if ((rc = db_step(st)) == DB_ROW) {
		aduan_row(st, out);
		rc = 1;
	} else if (rc == DB_DONE)
		rc = 0;
	else
		rc = db_err(r, e, "find complaint");
	stmt_done(r, st);
	return rc;
}

int
reg_aduan_each(struct reg *r, const char *from, const char *to,
    int (*cb)(const struct reg_aduan *, void *), void *arg, struct nerr *e)
{
	static const char sql[] = "%s WHERE c.diterima < ? AND "
	    "(c.ditutup IS NULL OR c.ditutup >= ?) ORDER BY c.diterima, a.id";
	static char q[sizeof(aduan_cols) + sizeof(sql)];
	struct db_stmt *st;
	struct reg_aduan a;
	int rc;

	if (q[0] == '\0')
		snprintf(q, sizeof(q), sql, aduan_cols);
	if ((st = prep(r, q, e)) == NULL)
		return -1;
	bind_text(st, 1, to);
	bind_text(st, 2, from);
	while ((rc = db_step(st)) == DB_ROW) {
		aduan_row(st, &a);
		if (cb(&a, arg) != 0) {
			stmt_done(r, st);
			return 1;
		}
	}
	stmt_done(r, st);
	return rc == DB_DONE ? 0 : db_err(r, e, "list complaints");
}

int
reg_aduan_app(struct reg *r, long app_id, char **data, char *file,
    size_t filesz, long *line, struct nerr *e)
{
	struct db_stmt *st = prep(r, "SELECT data, COALESCE(file, ''), "
	    "COALESCE(line, 0) FROM applications WHERE id = ?", e);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, app_id);
	if ((rc = db_step(st)) == DB_ROW) {
		*data = xstrdup((const char *)db_column_text(st, 0));
		col_copy(st, 1, file, filesz);
		*line = (long)db_column_int64(st, 2);
		rc = 1;
	} else if (rc == DB_DONE)
		rc = 0;
	else
		rc = db_err(r, e, "read complaint");
	stmt_done(r, st);
	return rc;
}

int
reg_aduan_step_add(struct reg *r, const struct reg_aduan_step *s,
    struct nerr *e)
{
	struct db_stmt *st = prep(r, "INSERT INTO complaint_steps("
	    "application_id, langkah, selesai, petugas, catatan, hasil, file, "
	    "line, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, s->app_id);
	db_bind_int(st, 2, s->langkah);
	bind_text(st, 3, s->selesai);
	bind_text(st, 4, s->petugas);
	bind_text(st, 5, s->catatan);
	bind_text(st, 6, s->hasil && *s->hasil ? s->hasil : NULL);
	bind_text(st, 7, s->file);
	db_bind_int64(st, 8, s->line);
	db_bind_int64(st, 9, s->run_id);
	rc = db_step(st) == DB_DONE ? 0 : db_err(r, e,
	    "record step");
	stmt_done(r, st);
	return rc;
}

int
reg_aduan_steps_each(struct reg *r, long app_id,
    int (*cb)(const struct reg_aduan_step *, void *), void *arg,
    struct nerr *e)
{
	struct db_stmt *st = prep(r, "SELECT langkah, selesai, "
	    "COALESCE(petugas, ''), COALESCE(catatan, ''), "
	    "COALESCE(hasil, ''), COALESCE(file, ''), COALESCE(line, 0), "
	    "COALESCE(run_id, 0) FROM complaint_steps "
	    "WHERE application_id = ? ORDER BY langkah", e);
	struct reg_aduan_step s;
	int rc;

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, app_id);
	while ((rc = db_step(st)) == DB_ROW) {
		s.app_id = app_id;
		s.langkah = db_column_int(st, 0);
		s.selesai = (const char *)db_column_text(st, 1);
		s.petugas = (const char *)db_column_text(st, 2);
		s.catatan = (const char *)db_column_text(st, 3);
		s.hasil = (const char *)db_column_text(st, 4);
		s.file = (const char *)db_column_text(st, 5);
		s.line = (long)db_column_int64(st, 6);
		s.run_id = (long)db_column_int64(st, 7);
		if (cb(&s, arg) != 0) {
			stmt_done(r, st);
			return 1;
		}
	}
	stmt_done(r, st);
	return rc == DB_DONE ? 0 : db_err(r, e, "list steps");
}

int
reg_aduan_close(struct reg *r, long app_id, const char *hasil,
    const char *ditutup, struct nerr *e)
{
	struct db_stmt *st = prep(r, "UPDATE complaints SET hasil = ?, "
	    "ditutup = ? WHERE application_id = ?", e);
	int rc;

	if (st == NULL)
		return -1;
	bind_text(st, 1, hasil);
	bind_text(st, 2, ditutup);
	db_bind_int64(st, 3, app_id);
	rc = db_step(st) == DB_DONE && db_changes(r->db) == 1 ?
	    0 : db_err(r, e, "close complaint");
	stmt_done(r, st);
	return rc;
}

/*
 * Verification (issue 12): each document's codes, and what `naskah
 * verify` asks of the register.
 */

/* Version 7: the codes printed on each document (its short code and the
 * signed payload its QR holds), so that a typed or scanned code finds
 * its document; and documents found by their SHA-256.  IF NOT EXISTS: a
 * register set back to an older version by hand keeps them. */
static const char v7_codes[] =
"CREATE TABLE IF NOT EXISTS document_codes("
"  document_id INTEGER PRIMARY KEY REFERENCES documents(id),"
"  kode TEXT NOT NULL, payload TEXT NOT NULL UNIQUE);"
"CREATE INDEX IF NOT EXISTS document_codes_kode ON document_codes(kode);"
"CREATE INDEX IF NOT EXISTS documents_sha ON documents(sha256);";

static int
mig_v7(struct reg *r, const char *office, struct nerr *e)
{
	(void)office;
	if (db_exec(r->db, v7_codes) != DB_OK)
		return db_err(r, e, "migrate to version 7");
	return 0;
}

static const char codes_add_sql[] =
"INSERT INTO document_codes(document_id, kode, payload)"
"  SELECT id, ?2, ?3 FROM documents WHERE path = ?1";

int
reg_doc_codes_add(struct reg *r, const char *path, const char *kode,
    const char *payload, struct nerr *e)
{
	struct db_stmt *st = prep(r, codes_add_sql, e);
	int rc;

	if (st == NULL)
		return -1;
	bind_text(st, 1, path);
	bind_text(st, 2, kode);
	bind_text(st, 3, payload);
	db_expect_changes(st, 1);
	rc = db_step(st) == DB_DONE ?
	    0 : db_err(r, e, "record the document's codes");
	stmt_done(r, st);
	return rc;
}

static const char find_sql[] =
"SELECT d.path, d.kind, COALESCE(d.nomor, ''), d.created,"
"  COALESCE(a.nama, ''), COALESCE(c.payload, ''), COALESCE(c.kode, ''),"
"  d.book_id, d.urut FROM documents d"
"  LEFT JOIN applications a ON a.id = d.application_id"
"  LEFT JOIN document_codes c ON c.document_id = d.id"
"  WHERE d.id IN (SELECT id FROM documents WHERE sha256 = ?1"
"    UNION SELECT document_id FROM document_codes"
"    WHERE kode = ?2 OR payload = ?3)"
"  ORDER BY d.id LIMIT 1";

static void
copy_col(struct db_stmt *st, int i, char *out, size_t sz)
{
	const char *t = db_column_text(st, i);

	snprintf(out, sz, "%s", t != NULL ? t : "");
}

/* The state of a book entry, read generically: its status, and whatever
 * columns the register keeps of a cancellation (a reason, a date). */
static int
entry_state(struct reg *r, int64_t book, int64_t urut,
    struct reg_found *f, struct nerr *e)
{
	struct db_stmt *st = NULL;
	int rc;

	if (db_prepare(r->db, "SELECT * FROM book_entries WHERE "
	    "book_id = ?1 AND urut = ?2", &st) != DB_OK)
		return db_err(r, e, "read a book entry");
	db_bind_int64(st, 1, book);
	db_bind_int64(st, 2, urut);
	if ((rc = db_step(st)) == DB_ROW) {
		for (int i = 0; i < db_column_count(st); i++) {
			const char *c = db_column_name(st, i);

			if (db_column_null(st, i))
				continue;
			if (!strcmp(c, "status"))
				copy_col(st, i, f->status, sizeof(f->status));
			else if (strstr(c, "reason") || strstr(c, "alasan"))
				copy_col(st, i, f->reason, sizeof(f->reason));
			else if (strcmp(c, "issued") && (strstr(c, "date") ||
			    strstr(c, "tanggal")))
				copy_col(st, i, f->when, sizeof(f->when));
		}
		rc = 0;
	} else
		rc = rc == DB_DONE ? 0 : db_err(r, e, "read a book entry");
	db_finalize(st);
	return rc;
}

int
reg_doc_find(struct reg *r, const char *sha, const char *kode,
    const char *payload, struct reg_found *f, struct nerr *e)
{
	struct db_stmt *st = prep(r, find_sql, e);
	int64_t book = 0, urut = 0;
	int rc;

	memset(f, 0, sizeof(*f));
	if (st == NULL)
		return -1;
	bind_text(st, 1, sha);
	bind_text(st, 2, kode);
	bind_text(st, 3, payload);
	if ((rc = db_step(st)) == DB_ROW) {
		copy_col(st, 0, f->path, sizeof(f->path));
		copy_col(st, 1, f->kind, sizeof(f->kind));
		copy_col(st, 2, f->nomor, sizeof(f->nomor));
		copy_col(st, 3, f->created, sizeof(f->created));
		copy_col(st, 4, f->nama, sizeof(f->nama));
		copy_col(st, 5, f->payload, sizeof(f->payload));
		copy_col(st, 6, f->kode, sizeof(f->kode));
		book = db_column_int64(st, 7);
		urut = db_column_int64(st, 8);
		snprintf(f->status, sizeof(f->status), "issued");
		rc = 1;
	} else
		rc = rc == DB_DONE ? 0 : db_err(r, e, "find a document");
	stmt_done(r, st);
	if (rc == 1 && book == 0 && arsip_entry(r, f->path, &book, &urut,
	    e) != 0)
		return -1;
	if (rc == 1 && book > 0 && entry_state(r, book, urut, f, e) != 0)
		return -1;
	return rc;
}

/* The archive's books, search and manifests (naskah agenda, find,
 * verify --manifest): version 8's indexes, the names' trigram index,
 * the months whose manifest is out of date, and their queries. */

/* A document's kind as an archivist names it: the service of a letter
 * (kk, sktm, ...), else the document's own kind (kembali, laporan, ...). */
#define JENIS_SQL	"CASE WHEN d.kind = 'surat' AND a.layanan IS NOT NULL " \
			"THEN a.layanan ELSE d.kind END"

/* Names are searched with case and accents ignored: lower case (ASCII;
 * the trigram index folds the case of other letters itself) and the
 * letters Windows-1252 has (the only ones a document can print) as
 * their base letters.  The same table makes the SQL that folds the
 * stored names (in triggers, so that any writer keeps the index, the
 * struct db shell included) and folds a query in C, so the two agree. */
static const char *const fold_map[][2] = {
	{ "\xc3\x80", "a" }, { "\xc3\x81", "a" }, { "\xc3\x82", "a" },
	{ "\xc3\x83", "a" }, { "\xc3\x84", "a" }, { "\xc3\x85", "a" },
	{ "\xc3\xa0", "a" }, { "\xc3\xa1", "a" }, { "\xc3\xa2", "a" },
	{ "\xc3\xa3", "a" }, { "\xc3\xa4", "a" }, { "\xc3\xa5", "a" },
	{ "\xc3\x86", "ae" }, { "\xc3\xa6", "ae" },
	{ "\xc3\x87", "c" }, { "\xc3\xa7", "c" },
	{ "\xc3\x88", "e" }, { "\xc3\x89", "e" }, { "\xc3\x8a", "e" },
	{ "\xc3\x8b", "e" }, { "\xc3\xa8", "e" }, { "\xc3\xa9", "e" },
	{ "\xc3\xaa", "e" }, { "\xc3\xab", "e" },
	{ "\xc3\x8c", "i" }, { "\xc3\x8d", "i" }, { "\xc3\x8e", "i" },
	{ "\xc3\x8f", "i" }, { "\xc3\xac", "i" }, { "\xc3\xad", "i" },
	{ "\xc3\xae", "i" }, { "\xc3\xaf", "i" },
	{ "\xc3\x90", "d" }, { "\xc3\xb0", "d" },
	{ "\xc3\x91", "n" }, { "\xc3\xb1", "n" },
	{ "\xc3\x92", "o" }, { "\xc3\x93", "o" }, { "\xc3\x94", "o" },
	{ "\xc3\x95", "o" }, { "\xc3\x96", "o" }, { "\xc3\x98", "o" },
	{ "\xc3\xb2", "o" }, { "\xc3\xb3", "o" }, { "\xc3\xb4", "o" },
	{ "\xc3\xb5", "o" }, { "\xc3\xb6", "o" }, { "\xc3\xb8", "o" },
	{ "\xc3\x99", "u" }, { "\xc3\x9a", "u" }, { "\xc3\x9b", "u" },
	{ "\xc3\x9c", "u" }, { "\xc3\xb9", "u" }, { "\xc3\xba", "u" },
	{ "\xc3\xbb", "u" }, { "\xc3\xbc", "u" },
	{ "\xc3\x9d", "y" }, { "\xc3\xbd", "y" }, { "\xc3\xbf", "y" },
	{ "\xc5\xb8", "y" },
	{ "\xc3\x9e", "th" }, { "\xc3\xbe", "th" }, { "\xc3\x9f", "ss" },
	{ "\xc5\xa0", "s" }, { "\xc5\xa1", "s" },
	{ "\xc5\xbd", "z" }, { "\xc5\xbe", "z" },
	{ "\xc5\x92", "oe" }, { "\xc5\x93", "oe" }, { "\xc6\x92", "f" },
	{ "\xe2\x80\x98", "'" }, { "\xe2\x80\x99", "'" },
};
#define NFOLD	(sizeof(fold_map) / sizeof(fold_map[0]))

/* The SQL expression folding column col with the letters from..to-1
 * of fold_map, one replace() each.  SQLite's parser takes about 30
 * nested calls, so the letters are folded in views of FOLD_STEP each,
 * one over the other (v8_names). */
#define FOLD_STEP	25
static void
fold_sql(const char *col, size_t from, size_t to, char *out, size_t sz)
{
	size_t n = 0;

	for (size_t i = from; i < to && n < sz; i++)
		n += (size_t)snprintf(out + n, sz - n, "replace(");
	if (n < sz)
		n += (size_t)snprintf(out + n, sz - n, "%s", col);
	for (size_t i = from; i < to && n < sz; i++)
		n += (size_t)snprintf(out + n, sz - n, ",'%s','%s')",
		    fold_map[i][0], fold_map[i][1][0] == '\'' ? "''" :
		    fold_map[i][1]);
}

/* The same in C, for a query. */
static void
fold_c(const char *in, char *out, size_t sz)
{
	size_t j = 0;

	while (*in && j + 4 < sz) {
		unsigned char c = (unsigned char)*in;
		size_t i;

		if (c < 0x80) {
			out[j++] = c >= 'A' && c <= 'Z' ? (char)(c + 32) :
			    (char)c;
			in++;
			continue;
		}
		for (i = 0; i < NFOLD; i++) {
			size_t n = strlen(fold_map[i][0]);

			if (!strncmp(in, fold_map[i][0], n)) {
				for (const char *p = fold_map[i][1]; *p &&
				    j + 1 < sz; p++)
					out[j++] = *p;
				in += n;
				break;
			}
		}
		if (i == NFOLD)
			out[j++] = *in++;
	}
	out[j] = '\0';
}

static const char v8_fixed[] =
/* find: by NIK, register number, number and date; the agenda: a
 * report's month and section by its document. */
"CREATE INDEX IF NOT EXISTS documents_created ON documents(created);"
"CREATE INDEX IF NOT EXISTS documents_nomor ON documents(nomor);"
"CREATE INDEX IF NOT EXISTS applications_nik ON applications(nik);"
"CREATE INDEX IF NOT EXISTS applications_noreg"
"  ON applications(no_register);"
"CREATE INDEX IF NOT EXISTS reports_document ON reports(document_id);"
/* A month whose manifest must be written again: marked in the
 * transaction that records a document, cleared once the manifest is
 * written from the register (manifest.c), so a crash in between leaves
 * the mark and the next open writes it. */
"CREATE TABLE IF NOT EXISTS manifest_stale(bulan TEXT PRIMARY KEY)"
"  WITHOUT ROWID;"
"CREATE TRIGGER IF NOT EXISTS documents_manifest_add AFTER INSERT"
"  ON documents BEGIN"
"  INSERT OR IGNORE INTO manifest_stale VALUES (substr(NEW.created, 1, 7));"
"  END;"
"CREATE TRIGGER IF NOT EXISTS documents_manifest_upd AFTER UPDATE"
"  ON documents BEGIN"
"  INSERT OR IGNORE INTO manifest_stale VALUES (substr(OLD.created, 1, 7)),"
"  (substr(NEW.created, 1, 7)); END;"
"INSERT OR IGNORE INTO manifest_stale"
"  SELECT DISTINCT substr(created, 1, 7) FROM documents;"
/* Every application's name, folded, in a trigram index: a substring
 * of a name is found without reading every application. */
"CREATE VIRTUAL TABLE IF NOT EXISTS nama_lipat"
"  USING fts5(nama, tokenize='trigram');";

/* IF NOT EXISTS, here and in mig_v8: a register whose version was set
 * back by hand is migrated again without complaint.  The folded names:
 * the view nama_lipat_3 (id, nama), the last of a
 * chain of views each folding FOLD_STEP letters (mig_v8 makes them). */
static const char v8_names[] =
"CREATE TRIGGER IF NOT EXISTS applications_nama_add AFTER INSERT"
"  ON applications BEGIN"
"  INSERT INTO nama_lipat(rowid, nama) SELECT id, nama FROM nama_lipat_3"
"  WHERE id = NEW.id; END;"
"CREATE TRIGGER IF NOT EXISTS applications_nama_upd AFTER UPDATE OF nama"
"  ON applications BEGIN UPDATE nama_lipat SET nama = (SELECT nama"
"  FROM nama_lipat_3 WHERE id = NEW.id) WHERE rowid = NEW.id; END;"
"CREATE TRIGGER IF NOT EXISTS applications_nama_del AFTER DELETE"
"  ON applications BEGIN"
"  DELETE FROM nama_lipat WHERE rowid = OLD.id; END;"
"DELETE FROM nama_lipat;"
"INSERT INTO nama_lipat(rowid, nama) SELECT id, nama FROM nama_lipat_3;";

static int
mig_v8(struct reg *r, const char *office, struct nerr *e)
{
	char fold[4096], sql[4400];
	int rc = 0;

	(void)office;
	_Static_assert(NFOLD <= 3 * FOLD_STEP, "three views fold every letter");
	if (db_exec(r->db, v8_fixed) != DB_OK)
		return db_err(r, e, "migrate to version 8");
	for (size_t v = 0; v < 3 && rc == 0; v++) {
		size_t to = (v + 1) * FOLD_STEP;

		fold_sql(v == 0 ? "lower(nama)" : "nama", v * FOLD_STEP,
		    to < NFOLD ? to : NFOLD, fold, sizeof(fold));
		if (v == 0)
			snprintf(sql, sizeof(sql), "CREATE VIEW IF NOT EXISTS "
			    "nama_lipat_1 AS "
			    "SELECT id, %s AS nama FROM applications", fold);
		else
			snprintf(sql, sizeof(sql), "CREATE VIEW IF NOT EXISTS "
			    "nama_lipat_%zu "
			    "AS SELECT id, %s AS nama FROM nama_lipat_%zu",
			    v + 1, fold, v);
		if (db_exec(r->db, sql) != DB_OK)
			rc = -1;
	}
	if (rc != 0 || db_exec(r->db, v8_names) !=
	    DB_OK)
		return db_err(r, e, "migrate to version 8");
	return 0;
}

/* Version 8 on PostgreSQL: the whole schema as SQLite has it after
 * migrations 1 to 8, in PostgreSQL's dialect (identity keys, BYTEA,
 * triggers as functions; a trigger's WHEN may not hold a subquery, so
 * those conditions are in the function).  Names, columns, constraints
 * and what the triggers refuse are the same, so reg.c's queries and the
 * tests read both alike.  nama_lipat is a plain table of folded names
 * (naskah_fold, made from fold_map as SQLite's views are). */
static const char pg_v8_sql[] =
"CREATE FUNCTION naskah_refuse() RETURNS trigger LANGUAGE plpgsql AS $$"
"  BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$;"
"CREATE TABLE runs(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  kind TEXT NOT NULL, args TEXT, started TEXT NOT NULL, finished TEXT,"
"  status BIGINT, summary TEXT);"
"CREATE TABLE imports(file TEXT PRIMARY KEY, sha256 TEXT NOT NULL,"
"  rows BIGINT, run_id BIGINT);"
"CREATE TABLE applications("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  tahun BIGINT NOT NULL, no_register TEXT NOT NULL, tanggal TEXT NOT NULL,"
"  layanan TEXT NOT NULL, nik TEXT NOT NULL, nama TEXT NOT NULL,"
"  kode_desa TEXT, data TEXT NOT NULL, data_sha256 TEXT NOT NULL,"
"  file TEXT, line BIGINT,"
"  status TEXT NOT NULL CHECK(status IN"
"    ('complete','incomplete','pengaduan')),"
"  missing TEXT, warnings TEXT, jam TEXT, jam_selesai TEXT,"
"  petugas TEXT, run_id BIGINT, UNIQUE(tahun, no_register));"
"CREATE TABLE books(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  office TEXT NOT NULL, name TEXT NOT NULL, tahun BIGINT NOT NULL,"
"  last BIGINT NOT NULL DEFAULT 0 CHECK(last >= 0),"
"  UNIQUE(office, name, tahun));"
"CREATE TABLE book_entries("
"  book_id BIGINT NOT NULL REFERENCES books(id),"
"  urut BIGINT NOT NULL CHECK(urut > 0),"
"  nomor TEXT NOT NULL UNIQUE, klasifikasi TEXT, kind TEXT NOT NULL,"
"  issued TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'issued',"
"  cancel_reason TEXT, cancel_date TEXT, replaced_by TEXT, replaces TEXT,"
"  PRIMARY KEY(book_id, urut));"
"CREATE TABLE documents("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  kind TEXT NOT NULL, application_id BIGINT REFERENCES applications(id),"
"  path TEXT NOT NULL UNIQUE, size BIGINT NOT NULL,"
"  sha256 TEXT NOT NULL, created TEXT NOT NULL, nomor TEXT, ref TEXT,"
"  book_id BIGINT, urut BIGINT, source BYTEA,"
"  CHECK((book_id IS NULL) = (urut IS NULL)), UNIQUE(book_id, urut),"
"  FOREIGN KEY(book_id, urut) REFERENCES book_entries(book_id, urut));"
"CREATE INDEX documents_app ON documents(application_id);"
"CREATE INDEX documents_nomor ON documents(nomor);"
"CREATE INDEX documents_created ON documents(created);"
"CREATE INDEX documents_sha ON documents(sha256);"
"CREATE INDEX applications_nik ON applications(nik);"
"CREATE INDEX applications_noreg ON applications(no_register);"
"CREATE TABLE rejects(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  run_id BIGINT, file TEXT, line BIGINT, col BIGINT, no_register TEXT,"
"  reason TEXT NOT NULL);"
"CREATE TABLE desa_data(bulan TEXT NOT NULL, bagian TEXT NOT NULL,"
"  kode_desa TEXT NOT NULL, indikator TEXT NOT NULL, nilai BIGINT NOT NULL,"
"  keterangan TEXT, PRIMARY KEY(bulan, bagian, kode_desa, indikator));"
"CREATE TABLE reports(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  bulan TEXT NOT NULL, bagian TEXT NOT NULL, revision BIGINT NOT NULL,"
"  data_sha256 TEXT NOT NULL, nomor TEXT, replaces TEXT, document_id BIGINT,"
"  UNIQUE(bulan, bagian, revision));"
"CREATE INDEX reports_document ON reports(document_id);"
"CREATE TABLE office(id BIGINT PRIMARY KEY CHECK(id = 1),"
"  kode_wilayah TEXT NOT NULL CHECK(kode_wilayah != ''),"
"  since TEXT NOT NULL);"
"CREATE TABLE conflicts("
"  application_id BIGINT PRIMARY KEY REFERENCES applications(id),"
"  data TEXT NOT NULL, data_sha256 TEXT NOT NULL, file TEXT,"
"  line BIGINT, seen TEXT NOT NULL);"
"CREATE TABLE complaints("
"  application_id BIGINT PRIMARY KEY REFERENCES applications(id),"
"  varian TEXT, saluran TEXT, diterima TEXT NOT NULL, batas TEXT,"
"  hasil TEXT CHECK(hasil IS NULL OR hasil IN ('musyawarah','jalur_hukum')),"
"  ditutup TEXT, CHECK((hasil IS NULL) = (ditutup IS NULL)));"
"CREATE INDEX complaints_diterima ON complaints(diterima);"
"CREATE TABLE complaint_steps("
"  application_id BIGINT NOT NULL REFERENCES complaints(application_id),"
"  langkah BIGINT NOT NULL CHECK(langkah > 0), selesai TEXT NOT NULL,"
"  petugas TEXT, catatan TEXT,"
"  hasil TEXT CHECK(hasil IS NULL OR hasil IN ('musyawarah','jalur_hukum')),"
"  file TEXT, line BIGINT, run_id BIGINT,"
"  PRIMARY KEY(application_id, langkah));"
"CREATE TABLE document_codes("
"  document_id BIGINT PRIMARY KEY REFERENCES documents(id),"
"  kode TEXT NOT NULL, payload TEXT NOT NULL UNIQUE);"
"CREATE INDEX document_codes_kode ON document_codes(kode);"
"CREATE TABLE manifest_stale(bulan TEXT PRIMARY KEY);"
"CREATE TABLE nama_lipat(id BIGINT PRIMARY KEY, nama TEXT NOT NULL);"
"CREATE VIEW book AS SELECT k.office, k.tahun, e.urut, e.nomor,"
"  e.klasifikasi, e.kind, d.application_id, d.id AS document_id,"
"  e.issued, e.status FROM book_entries e JOIN books k ON k.id = e.book_id"
"  LEFT JOIN documents d ON d.book_id = e.book_id AND d.urut = e.urut"
"  WHERE k.name = 'keluar';"
/* What SQLite's WHEN clauses say without a subquery. */
"CREATE TRIGGER books_born BEFORE INSERT ON books FOR EACH ROW"
"  WHEN (NEW.last > 1) EXECUTE FUNCTION"
"  naskah_refuse('a book starts at its first number');"
"CREATE TRIGGER books_count BEFORE UPDATE ON books FOR EACH ROW"
"  WHEN (NEW.last != OLD.last + 1 OR NEW.id != OLD.id"
"    OR NEW.office != OLD.office OR NEW.name != OLD.name"
"    OR NEW.tahun != OLD.tahun) EXECUTE FUNCTION"
"  naskah_refuse('a book counts one number at a time');"
"CREATE TRIGGER books_keep BEFORE DELETE ON books FOR EACH ROW"
"  EXECUTE FUNCTION naskah_refuse('books are never deleted');"
"CREATE FUNCTION book_entries_next() RETURNS trigger LANGUAGE plpgsql"
"  SET search_path FROM CURRENT AS $$ BEGIN"
"  IF NEW.urut IS DISTINCT FROM (SELECT last FROM books"
"      WHERE id = NEW.book_id)"
"    OR NEW.urut != (SELECT COALESCE(MAX(urut), 0) + 1 FROM book_entries"
"      WHERE book_id = NEW.book_id) THEN"
"    RAISE EXCEPTION 'letter number out of sequence'; END IF;"
"  RETURN NEW; END $$;"
"CREATE TRIGGER book_entries_next BEFORE INSERT ON book_entries"
"  FOR EACH ROW EXECUTE FUNCTION book_entries_next();"
"CREATE TRIGGER book_entries_keep BEFORE DELETE ON book_entries"
"  FOR EACH ROW EXECUTE FUNCTION"
"  naskah_refuse('letter numbers are never deleted');"
"CREATE TRIGGER book_entries_fixed BEFORE UPDATE OF book_id, urut, nomor,"
"  klasifikasi, kind, issued ON book_entries FOR EACH ROW EXECUTE FUNCTION"
"  naskah_refuse('a number once given never changes');"
"CREATE TRIGGER book_entries_status BEFORE UPDATE OF status ON book_entries"
"  FOR EACH ROW WHEN (NOT (OLD.status = 'issued'"
"    AND NEW.status = 'cancelled')) EXECUTE FUNCTION"
"  naskah_refuse('a number is cancelled once and never given back');"
"CREATE TRIGGER book_entries_cancelled BEFORE UPDATE OF cancel_reason,"
"  cancel_date, replaced_by ON book_entries FOR EACH ROW"
"  WHEN (OLD.status = 'cancelled') EXECUTE FUNCTION"
"  naskah_refuse('a cancellation never changes');"
"CREATE TRIGGER book_entries_replaces BEFORE UPDATE OF replaces"
"  ON book_entries FOR EACH ROW WHEN (OLD.replaces IS NOT NULL)"
"  EXECUTE FUNCTION naskah_refuse('what a number replaces never changes');"
"CREATE TRIGGER office_keep BEFORE DELETE ON office FOR EACH ROW"
"  EXECUTE FUNCTION naskah_refuse('a register belongs to its office');"
"CREATE TRIGGER office_fixed BEFORE UPDATE OF id, kode_wilayah ON office"
"  FOR EACH ROW EXECUTE FUNCTION"
"  naskah_refuse('a register belongs to its office');"
"CREATE FUNCTION office_since() RETURNS trigger LANGUAGE plpgsql"
"  SET search_path FROM CURRENT AS $$ BEGIN"
"  IF EXISTS (SELECT 1 FROM imports) THEN"
"    RAISE EXCEPTION 'the register has imported exports'; END IF;"
"  RETURN NEW; END $$;"
"CREATE TRIGGER office_since BEFORE UPDATE OF since ON office"
"  FOR EACH ROW EXECUTE FUNCTION office_since();"
"CREATE TRIGGER complaint_steps_keep BEFORE DELETE ON complaint_steps"
"  FOR EACH ROW EXECUTE FUNCTION"
"  naskah_refuse('a recorded step is never deleted');"
"CREATE TRIGGER complaint_steps_fixed BEFORE UPDATE ON complaint_steps"
"  FOR EACH ROW EXECUTE FUNCTION"
"  naskah_refuse('a recorded step never changes');"
"CREATE FUNCTION complaint_steps_order() RETURNS trigger LANGUAGE plpgsql"
"  SET search_path FROM CURRENT AS $$ BEGIN"
"  IF NEW.langkah <= (SELECT COALESCE(MAX(langkah), 0)"
"      FROM complaint_steps WHERE application_id = NEW.application_id) THEN"
"    RAISE EXCEPTION 'a step before one already recorded'; END IF;"
"  RETURN NEW; END $$;"
"CREATE TRIGGER complaint_steps_order BEFORE INSERT ON complaint_steps"
"  FOR EACH ROW EXECUTE FUNCTION complaint_steps_order();"
"CREATE TRIGGER complaints_keep BEFORE DELETE ON complaints FOR EACH ROW"
"  EXECUTE FUNCTION naskah_refuse('a complaint is never deleted');"
"CREATE TRIGGER complaints_closed BEFORE UPDATE ON complaints FOR EACH ROW"
"  WHEN (OLD.hasil IS NOT NULL OR NEW.application_id != OLD.application_id"
"    OR NEW.diterima != OLD.diterima) EXECUTE FUNCTION"
"  naskah_refuse('a closed complaint never changes');"
"CREATE FUNCTION documents_manifest() RETURNS trigger LANGUAGE plpgsql"
"  SET search_path FROM CURRENT AS $$ BEGIN"
"  IF TG_OP = 'UPDATE' THEN INSERT INTO manifest_stale"
"    VALUES (substr(OLD.created, 1, 7)) ON CONFLICT DO NOTHING; END IF;"
"  INSERT INTO manifest_stale VALUES (substr(NEW.created, 1, 7))"
"    ON CONFLICT DO NOTHING;"
"  RETURN NULL; END $$;"
"CREATE TRIGGER documents_manifest AFTER INSERT OR UPDATE ON documents"
"  FOR EACH ROW EXECUTE FUNCTION documents_manifest();"
"CREATE FUNCTION applications_nama() RETURNS trigger LANGUAGE plpgsql"
"  SET search_path FROM CURRENT AS $$ BEGIN"
"  INSERT INTO nama_lipat(id, nama) VALUES (NEW.id, naskah_fold(NEW.nama))"
"    ON CONFLICT(id) DO UPDATE SET nama = excluded.nama;"
"  RETURN NULL; END $$;"
"CREATE TRIGGER applications_nama AFTER INSERT OR UPDATE OF nama"
"  ON applications FOR EACH ROW EXECUTE FUNCTION applications_nama();";

static int
pg_v8(struct reg *r, const char *office, struct nerr *e)
{
	char fold[4096], sql[4400];

	(void)office;
	fold_sql("lower($1)", 0, NFOLD, fold, sizeof(fold));
	snprintf(sql, sizeof(sql), "CREATE FUNCTION naskah_fold(TEXT) "
	    "RETURNS TEXT LANGUAGE sql IMMUTABLE AS $f$ SELECT %s $f$", fold);
	if (db_exec(r->db, sql) != DB_OK || db_exec(r->db, pg_v8_sql) != DB_OK)
		return db_err(r, e, "migrate to version 8");
	return 0;
}

/* The office reg_open_read names (pgmisc), NULL: as reg_open_query. */
static const char *read_office;

struct reg *
reg_open_query(const char *path, struct nerr *e)
{
	struct reg *r;
	struct stat sb;
	int v = -1;

	if (reg_remote(path)) {
		if ((r = pg_connect(path, reg_where(path), e)) == NULL)
			return NULL;
		if (pg_bind_office(r, path, read_office, e) != 0) {
			reg_close(r);
			return NULL;
		}
	} else {
		path = reg_where(path);
		if (stat(path, &sb) != 0)
			return reg_open(path, NULL, e);	/* says what is wrong */
		r = xcalloc(1, sizeof(*r));
		snprintf(r->path, sizeof(r->path), "%s", path);
		if (db_sqlite_open(path, busy_ms(), &r->db) != DB_OK) {
			db_err(r, e, "open");
			reg_close(r);
			return NULL;
		}
	}
	if (db_user_version(r->db, &v) != DB_OK || v != REG_VERSION) {
		/* Not a register, or one to migrate: the full open says which
		 * and does it. */
		reg_close(r);
		return reg_open(path, NULL, e);
	}
	if (db_exec(r->db, r->pg ? "SET default_transaction_read_only = on" :
	    "PRAGMA query_only=ON") != DB_OK || office_bind(r, NULL, e) != 0) {
		if (e != NULL && e->status == 0)
			db_err(r, e, "open");
		reg_close(r);
		return NULL;
	}
	return r;
}

struct reg_cursor {
	struct reg	*r;
	struct db_stmt	*st;
};

struct reg_cursor *
reg_agenda_open(struct reg *r, const char *office, const char *book,
    int tahun, long *last, struct nerr *e)
{
	struct reg_cursor *c;
	struct db_stmt *st = NULL;
	int rc;

	*last = 0;
	if (db_prepare(r->db, "SELECT last FROM books WHERE office = ?1 "
	    "AND name = ?2 AND tahun = ?3", &st) != DB_OK) {
		db_err(r, e, "read book");
		return NULL;
	}
	bind_text(st, 1, office);
	bind_text(st, 2, book);
	db_bind_int(st, 3, tahun);
	if ((rc = db_step(st)) == DB_ROW)
		*last = (long)db_column_int64(st, 0);
	db_finalize(st);
	if (rc != DB_ROW && rc != DB_DONE) {
		db_err(r, e, "read book");
		return NULL;
	}
	/* A cancellation's reason and date, in a register that records
	 * them (naskah batal adds the columns). */
	int why = (db_has_column(r->db, "book_entries", "cancel_reason") > 0) +
	    (db_has_column(r->db, "book_entries", "cancel_date") > 0);
	char sql[2048];
	snprintf(sql, sizeof(sql), "SELECT e.urut, e.nomor, e.status, "
	    "COALESCE(" JENIS_SQL ", e.kind), COALESCE(d.path, ''), "
	    "COALESCE(d.sha256, ''), COALESCE(d.size, -1), "
	    "COALESCE(d.created, ''), COALESCE(a.layanan, ''), "
	    "COALESCE(a.nama, s.kepada, ''), COALESCE(a.nik, ''), "
	    "COALESCE(p.bulan, ''), "
	    "COALESCE(p.bagian, ''), COALESCE(p.revision, 0), %s, "
	    "COALESCE(s.perihal, '') "
	    "FROM books k JOIN book_entries e ON e.book_id = k.id "
	    "LEFT JOIN documents d ON d.book_id = e.book_id AND d.urut = e.urut "
	    "LEFT JOIN applications a ON a.id = d.application_id "
	    "LEFT JOIN reports p ON p.document_id = d.id "
	    "LEFT JOIN surat_dinas s ON s.path = d.path "
	    "WHERE k.office = ?1 AND k.name = ?2 AND k.tahun = ?3 "
	    "ORDER BY e.urut", why == 2 ? "COALESCE(e.cancel_reason, ''), "
	    "COALESCE(e.cancel_date, '')" : "'', ''");
	if (db_prepare(r->db, sql, &st) != DB_OK) {
		db_err(r, e, "read book");
		return NULL;
	}
	bind_text(st, 1, office);
	bind_text(st, 2, book);
	db_bind_int(st, 3, tahun);
	c = xcalloc(1, sizeof(*c));
	c->r = r;
	c->st = st;
	return c;
}

int
reg_agenda_next(struct reg_cursor *c, struct reg_agrow *out, struct nerr *e)
{
	struct db_stmt *st = c->st;
	int rc = db_step(st);

	if (rc == DB_DONE)
		return 0;
	if (rc != DB_ROW)
		return db_err(c->r, e, "read book");
	out->urut = (long)db_column_int64(st, 0);
	out->nomor = col_str(st, 1);
	out->status = col_str(st, 2);
	out->jenis = col_str(st, 3);
	out->path = col_str(st, 4);
	out->sha = col_str(st, 5);
	out->size = (long long)db_column_int64(st, 6);
	out->tanggal = col_str(st, 7);
	out->layanan = col_str(st, 8);
	out->nama = col_str(st, 9);
	out->nik = col_str(st, 10);
	out->bulan = col_str(st, 11);
	out->bagian = col_str(st, 12);
	out->revision = db_column_int(st, 13);
	out->alasan = col_str(st, 14);
	out->tanggal_batal = col_str(st, 15);
	out->perihal = col_str(st, 16);
	return 1;
}

void
reg_agenda_close(struct reg_cursor *c)
{
	if (c == NULL)
		return;
	db_finalize(c->st);
	free(c);
}

/* A row of find or of a manifest: path, jenis, nomor, tanggal, nama,
 * nik, sha256, size. */
#define FOUND_COLS	"d.path, " JENIS_SQL ", COALESCE(d.nomor, ''), " \
			"d.created, COALESCE(a.nama, ''), " \
			"COALESCE(a.nik, ''), d.sha256, d.size FROM " \
			"documents d LEFT JOIN applications a ON " \
			"a.id = d.application_id"

static long
found_each(struct reg *r, struct db_stmt *st,
    int (*cb)(const struct reg_hit *, void *), void *arg, struct nerr *e)
{
	struct reg_hit f;
	long n = 0;
	int rc;

	while ((rc = db_step(st)) == DB_ROW) {
		f.path = col_str(st, 0);
		f.jenis = col_str(st, 1);
		f.nomor = col_str(st, 2);
		f.tanggal = col_str(st, 3);
		f.nama = col_str(st, 4);
		f.nik = col_str(st, 5);
		f.sha = col_str(st, 6);
		f.size = (long long)db_column_int64(st, 7);
		n++;
		if (cb(&f, arg) != 0)
			return n;
	}
	return rc == DB_DONE ? n : db_err(r, e, "find documents");
}

/* Characters (not bytes) of UTF-8 s. */
static size_t
utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* Whether YYYY-MM-DD dari to sampai spans at most about a month. */
static int
short_range(const char *dari, const char *sampai)
{
	int y1, m1, d1, y2, m2, d2;

	if (dari == NULL || sampai == NULL ||
	    sscanf(dari, "%d-%d-%d", &y1, &m1, &d1) != 3 ||
	    sscanf(sampai, "%d-%d-%d", &y2, &m2, &d2) != 3)
		return 0;
	return (y2 * 372 + m2 * 31 + d2) - (y1 * 372 + m1 * 31 + d1) <= 31;
}

long
reg_find(struct reg *r, const struct reg_query *q,
    int (*cb)(const struct reg_hit *, void *), void *arg, struct nerr *e)
{
	char sql[4096], folded[1024], phrase[2100];
	const char *bind[8];
	struct db_stmt *st = NULL;
	size_t n, nb = 0;
	long found;

	/* What is asked of the application, as a set of applications the
	 * documents are looked up by (documents_app), so that the planner
	 * starts from the few rather than walk every document in date
	 * order (the register has no statistics to tell it). */
	n = (size_t)snprintf(sql, sizeof(sql), "SELECT " FOUND_COLS
	    " WHERE 1 = 1");
#define ADD(cond, val) do { \
	n += (size_t)snprintf(sql + n, sizeof(sql) - n, " AND " cond, \
	    (int)nb + 1); \
	bind[nb++] = (val); \
} while (0)
	if (q->nik != NULL)
		ADD("d.application_id IN (SELECT id FROM applications "
		    "WHERE nik = ?%d)", q->nik);
	if (q->nama != NULL) {
		fold_c(q->nama, folded, sizeof(folded));
		/* PostgreSQL keeps the folded names in a plain table. */
		if (r->pg)
			ADD("d.application_id IN (SELECT id FROM nama_lipat "
			    "WHERE strpos(nama, ?%d) > 0)", folded);
		/* Three characters make a trigram; a shorter name is looked
		 * for in every name. */
		else if (utf8_len(folded) >= 3) {
			size_t j = 0;

			phrase[j++] = '"';
			for (const char *p = folded; *p && j + 3 <
			    sizeof(phrase); p++) {
				if (*p == '"')
					phrase[j++] = '"';
				phrase[j++] = *p;
			}
			phrase[j++] = '"';
			phrase[j] = '\0';
			/* A part of a name may be common; a month of
			 * documents is not many: then the dates lead (the
			 * unary + keeps the planner off documents_app). */
			if (short_range(q->dari, q->sampai))
				ADD("+d.application_id IN (SELECT rowid FROM "
				    "nama_lipat WHERE nama_lipat MATCH ?%d)",
				    phrase);
			else
				ADD("d.application_id IN (SELECT rowid FROM "
				    "nama_lipat WHERE nama_lipat MATCH ?%d)",
				    phrase);
		} else
			/* (The index keeps the folded names themselves.) */
			ADD("d.application_id IN (SELECT rowid FROM "
			    "nama_lipat WHERE instr(nama, ?%d) > 0)", folded);
	}
	if (q->nomor != NULL)
		ADD("d.nomor = ?%d", q->nomor);
	if (q->no_register != NULL)
		ADD("d.application_id IN (SELECT id FROM applications "
		    "WHERE no_register = ?%d)", q->no_register);
	if (q->jenis != NULL)
		ADD("(" JENIS_SQL ") = ?%d", q->jenis);
	if (q->dari != NULL)
		ADD("d.created >= ?%d", q->dari);
	if (q->sampai != NULL)
		ADD("d.created <= ?%d", q->sampai);
#undef ADD
	snprintf(sql + n, sizeof(sql) - n, " ORDER BY d.created, d.id");
	if (db_prepare(r->db, sql, &st) != DB_OK)
		return db_err(r, e, "find documents");
	for (size_t i = 0; i < nb; i++)
		bind_text(st, (int)i + 1, bind[i]);
	found = found_each(r, st, cb, arg, e);
	db_finalize(st);
	return found;
}

int
reg_manifest_stale(struct reg *r, int (*cb)(const char *, void *), void *arg,
    struct nerr *e)
{
	struct db_stmt *st = prep(r, "SELECT bulan FROM manifest_stale "
	    "ORDER BY bulan", e);
	char **v = NULL;
	size_t nv = 0;
	int rc, stop = 0;

	if (st == NULL)
		return -1;
	/* Collected first: the visit writes (reg_manifest_done). */
	while ((rc = db_step(st)) == DB_ROW) {
		v = xrealloc(v, (nv + 1) * sizeof(*v));
		v[nv++] = xstrdup(col_str(st, 0));
	}
	stmt_done(r, st);
	if (rc != DB_DONE)
		rc = db_err(r, e, "stale manifests");
	else
		rc = 0;
	for (size_t i = 0; i < nv; i++) {
		if (rc == 0 && !stop && cb(v[i], arg) != 0)
			stop = 1;
		free(v[i]);
	}
	free(v);
	return rc != 0 ? -1 : stop;
}

int
reg_manifest_each(struct reg *r, const char *bulan,
    int (*cb)(const struct reg_hit *, void *), void *arg, struct nerr *e)
{
	struct db_stmt *st = prep(r, "SELECT " FOUND_COLS " WHERE d.created "
	    ">= ?1 || '-00' AND d.created <= ?1 || '-99' ORDER BY d.id", e);
	long n;

	if (st == NULL)
		return -1;
	bind_text(st, 1, bulan);
	n = found_each(r, st, cb, arg, e);
	stmt_done(r, st);
	return n < 0 ? -1 : 0;
}

int
reg_manifest_done(struct reg *r, const char *bulan, struct nerr *e)
{
	struct db_stmt *st = prep(r, "DELETE FROM manifest_stale WHERE "
	    "bulan = ?", e);
	int rc;

	if (st == NULL)
		return -1;
	bind_text(st, 1, bulan);
	rc = db_step(st) == DB_DONE ? 0 : db_err(r, e,
	    "stale manifests");
	stmt_done(r, st);
	return rc;
}

/*
 * naskah register migrate (issue 14, part "pg"): an office's register
 * copied table by table, with its ids, into another register in one
 * transaction, and each table's digest for the proof.
 */

/* Every table of the schema (REG_VERSION 12) in an order its references
 * allow: its columns, their types (i integer, t text, b blob) and its
 * key.  office is recorded by reg_create and only its since copied;
 * books and book_entries are copied together (reg_migrate), replaying
 * each book's count; nama_lipat follows applications by trigger. */
static const struct mtab {
	const char	*name, *cols, *types, *key;
} mtabs[] = {
	{ "office", "id, kode_wilayah, since", "itt", "id" },
	{ "runs", "id, kind, args, started, finished, status, summary",
	    "ittttit", "id" },
	{ "imports", "file, sha256, rows, run_id", "ttii", "file" },
	{ "applications", "id, tahun, no_register, tanggal, layanan, nik, "
	    "nama, kode_desa, data, data_sha256, file, line, status, missing, "
	    "warnings, jam, jam_selesai, petugas, run_id",
	    "iitttttttttitttttti", "id" },
	{ "books", "id, office, name, tahun, last", "ittii", "id" },
	{ "book_entries", "book_id, urut, nomor, klasifikasi, kind, issued, "
	    "status, cancel_reason, cancel_date, replaced_by, replaces",
	    "iittttttttt", "book_id, urut" },
	{ "documents", "id, kind, application_id, path, size, sha256, "
	    "created, nomor, ref, book_id, urut, source, klasifikasi, "
	    "klasifikasi_versi", "ititittttiibtt",
	    "id" },
	{ "rejects", "id, run_id, file, line, col, no_register, reason",
	    "iitiitt", "id" },
	{ "desa_data", "bulan, bagian, kode_desa, indikator, nilai, "
	    "keterangan", "ttttit", "bulan, bagian, kode_desa, indikator" },
	{ "reports", "id, bulan, bagian, revision, data_sha256, nomor, "
	    "replaces, document_id", "ittittti", "id" },
	{ "conflicts", "application_id, data, data_sha256, file, line, seen",
	    "itttit", "application_id" },
	{ "complaints", "application_id, varian, saluran, diterima, batas, "
	    "hasil, ditutup", "itttttt", "application_id" },
	{ "complaint_steps", "application_id, langkah, selesai, petugas, "
	    "catatan, hasil, file, line, run_id", "iitttttii",
	    "application_id, langkah" },
	{ "document_codes", "document_id, kode, payload", "itt",
	    "document_id" },
	{ "manifest_stale", "bulan", "t", "bulan" },
	{ "surat_dinas", "id, tahun, no_konsep, tanggal, jenis, perihal, "
	    "kepada, data, data_sha256, nomor, path, file, line, run_id",
	    "iitttttttttiii", "id" },
	{ "sd_conflicts", "sd_id, data, data_sha256, file, line, seen",
	    "itttit", "sd_id" },
	{ "kalender", "id, sha256", "it", "id" },
	{ "jam_kerja", "hari, masuk, pulang, istirahat_mulai, "
	    "istirahat_selesai", "iiiii", "hari" },
	{ "libur", "tanggal, keterangan", "tt", "tanggal" },
};
#define NMTAB	(sizeof(mtabs) / sizeof(mtabs[0]))

static int
mig_bind_col(struct db_stmt *to, int i, struct db_stmt *from, int c,
    char type)
{
	if (db_column_null(from, c))
		return type == 't' ? db_bind_text(to, i, NULL) :
		    db_bind_null(to, i);
	if (type == 'i')
		return db_bind_int64(to, i, db_column_int64(from, c));
	if (type == 'b')
		return db_bind_blob(to, i, db_column_blob(from, c),
		    db_column_bytes(from, c));
	return db_bind_text(to, i, db_column_text(from, c));
}

/* Copies every row of table t (columns from col on) from src to dst;
 * books get last 0, counted up by their entries. */
static int
mig_copy(struct reg *src, struct reg *dst, const struct mtab *t,
    struct nerr *e)
{
	struct db_stmt *sel = NULL, *ins = NULL, *cnt = NULL;
	char sql[1024], qs[128] = "";
	int n = (int)strlen(t->types), rc, books = !strcmp(t->name, "books");
	int entries = !strcmp(t->name, "book_entries");

	for (int i = 0; i < n; i++)
		strcat(qs, i ? ", ?" : "?");
	snprintf(sql, sizeof(sql), "SELECT %s FROM %s ORDER BY %s", t->cols,
	    t->name, t->key);
	if (db_prepare(src->db, sql, &sel) != DB_OK)
		return db_err(src, e, t->name);
	snprintf(sql, sizeof(sql), "INSERT INTO %s(%s) VALUES (%s)", t->name,
	    t->cols, qs);
	if (db_prepare(dst->db, sql, &ins) != DB_OK ||
	    (entries && db_prepare(dst->db, "UPDATE books SET last = "
	    "books.last + 1 WHERE id = ?", &cnt) != DB_OK)) {
		db_finalize(sel);
		db_finalize(ins);
		return db_err(dst, e, t->name);
	}
	while ((rc = db_step(sel)) == DB_ROW) {
		for (int i = 0; i < n; i++)
			if (books && i == 4)
				db_bind_int64(ins, i + 1, 0);
			else
				mig_bind_col(ins, i + 1, sel, i, t->types[i]);
		/* An entry is the number just counted, as when issued. */
		if (entries) {
			db_bind_int64(cnt, 1, db_column_int64(sel, 0));
			if (db_step(cnt) != DB_DONE || db_changes(dst->db) != 1)
				break;
			db_reset(cnt);
		}
		if (db_step(ins) != DB_DONE)
			break;
		db_reset(ins);
	}
	db_finalize(cnt);
	db_finalize(ins);
	if (rc != DB_ROW && rc != DB_DONE) {
		db_finalize(sel);
		return db_err(src, e, t->name);
	}
	db_finalize(sel);
	if (rc == DB_ROW)
		return db_err(dst, e, t->name);
	return 0;
}

int
reg_migrate(struct reg *src, struct reg *dst, struct nerr *e)
{
	static const char *const ids[] = { "runs", "applications", "books",
	    "documents", "rejects", "reports", "surat_dinas" };
	char since[32] = "", sql[256];
	struct db_stmt *st;
	int any = 0;

	if (get_int(dst, "SELECT COUNT(*) FROM applications", &any) != 0)
		return db_err(dst, e, "read");
	if (any == 0 && get_int(dst, "SELECT COUNT(*) FROM books", &any) != 0)
		return db_err(dst, e, "read");
	if (any) {
		nerr_set(e, EX_CONFIG, dst->path, 0, 0, "register database: "
		    "the office's register here is not empty; a register is "
		    "moved only into a new one (nothing was changed)");
		return -1;
	}
	if (reg_office_since(src, since, sizeof(since), e) < 0 ||
	    reg_begin(dst, e) != 0)
		return -1;
	/* Before imports: the since of a register that imported nothing. */
	if (db_prepare(dst->db, "UPDATE office SET since = (?)", &st) !=
	    DB_OK) {
		db_err(dst, e, "office");
		goto fail;
	}
	db_bind_text(st, 1, since);
	if (db_step(st) != DB_DONE) {
		db_finalize(st);
		db_err(dst, e, "office");
		goto fail;
	}
	db_finalize(st);
	for (size_t i = 1; i < NMTAB; i++) {
		if (!strcmp(mtabs[i].name, "manifest_stale") &&
		    db_exec(dst->db, "DELETE FROM manifest_stale") != DB_OK) {
			db_err(dst, e, "manifest_stale");
			goto fail;
		}
		if (mig_copy(src, dst, &mtabs[i], e) != 0)
			goto fail;
	}
	/* The identities go on after the ids copied. */
	for (size_t i = 0; dst->pg && i < sizeof(ids) / sizeof(ids[0]); i++) {
		snprintf(sql, sizeof(sql), "SELECT setval(pg_get_serial_"
		    "sequence('%s', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 "
		    "FROM %s), false)", ids[i], ids[i]);
		if (db_exec(dst->db, sql) != DB_OK) {
			db_err(dst, e, ids[i]);
			goto fail;
		}
	}
	return reg_commit(dst, e);
fail:
	reg_rollback(dst);
	return -1;
}

static int
cmp32(const void *a, const void *b)
{
	return memcmp(a, b, 32);
}

/* The digest of table i (mtabs order) in out: rows and the SHA-256 of
 * the sorted SHA-256s of its rows (each value as text, a blob as its
 * SHA-256, a null marked), so that two engines with their own sort
 * orders agree exactly when the rows do.  0 done, 1 no such table. */
int
reg_digest(struct reg *r, size_t i, struct reg_digest *out, struct nerr *e)
{
	struct db_stmt *st;
	struct sha256_ctx c;
	unsigned char (*h)[32] = NULL;
	size_t n = 0, cap = 0;
	char sql[512], hex[65];
	int rc, nc;

	if (i >= NMTAB)
		return 1;
	memset(out, 0, sizeof(*out));
	out->table = mtabs[i].name;
	nc = (int)strlen(mtabs[i].types);
	snprintf(sql, sizeof(sql), "SELECT %s FROM %s", mtabs[i].cols,
	    mtabs[i].name);
	if (db_prepare(r->db, sql, &st) != DB_OK)
		return db_err(r, e, mtabs[i].name);
	while ((rc = db_step(st)) == DB_ROW) {
		sha256_init(&c);
		for (int k = 0; k < nc; k++) {
			if (db_column_null(st, k))
				sha256_update(&c, "N\x1f", 2);
			else if (mtabs[i].types[k] == 'b') {
				sha256_hex(db_column_blob(st, k),
				    db_column_bytes(st, k), hex);
				sha256_update(&c, "B", 1);
				sha256_update(&c, hex, 64);
				sha256_update(&c, "\x1f", 1);
			} else {
				const char *v = db_column_text(st, k);

				sha256_update(&c, "V", 1);
				sha256_update(&c, v, strlen(v));
				sha256_update(&c, "\x1f", 1);
			}
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			h = xrealloc(h, cap * sizeof(*h));
		}
		sha256_final(&c, h[n++]);
	}
	db_finalize(st);
	if (rc != DB_DONE) {
		free(h);
		return db_err(r, e, mtabs[i].name);
	}
	if (n > 1)
		qsort(h, n, sizeof(*h), cmp32);
	sha256_init(&c);
	if (n > 0)
		sha256_update(&c, h, n * sizeof(*h));
	sha256_final_hex(&c, out->sha);
	out->rows = (long)n;
	free(h);
	return 0;
}

void
reg_exact(int on)
{
	reg_exact_on = on;
}

/* Classification codes (klas): every document records the code it is
 * filed under and the version of the list that code was checked
 * against (version 9). */

/* Version 9: documents.klasifikasi and klasifikasi_versi.  A numbered
 * document of an older register takes its number's code; its version is
 * unknown (NULL) and stays so. */
static const char *const v9_columns[] = {
	"klasifikasi TEXT", "klasifikasi_versi TEXT"
};

static const char v9_fill[] =
"UPDATE documents SET klasifikasi = (SELECT e.klasifikasi FROM"
"  book_entries e WHERE e.book_id = documents.book_id AND"
"  e.urut = documents.urut) WHERE klasifikasi IS NULL AND"
"  book_id IS NOT NULL;";

static int
mig_v9(struct reg *r, const char *office, struct nerr *e)
{
	char sql[256], name[64];
	int has;

	(void)office;
	/* Added only when missing: a register migrated twice by a
	 * renumbered merge is brought to the same schema. */
	for (size_t i = 0; i < sizeof(v9_columns) / sizeof(v9_columns[0]);
	    i++) {
		snprintf(name, sizeof(name), "%s", v9_columns[i]);
		name[strcspn(name, " ")] = '\0';
		if ((has = db_has_column(r->db, "documents", name)) < 0)
			return db_err(r, e, "migrate to version 9");
		if (has)
			continue;
		snprintf(sql, sizeof(sql), "ALTER TABLE documents ADD COLUMN "
		    "%s", v9_columns[i]);
		if (db_exec(r->db, sql) != DB_OK)
			return db_err(r, e, "migrate to version 9");
	}
	if (db_exec(r->db, v9_fill) != DB_OK)
		return db_err(r, e, "migrate to version 9");
	return 0;
}

int
reg_doc_klas(struct reg *r, const char *path, const char *kode,
    const char *versi, struct nerr *e)
{
	/* A numbered document without a code of its own is filed under its
	 * number's (every number records the code it was formatted with). */
	struct db_stmt *st = prep(r, "UPDATE documents SET klasifikasi = "
	    "coalesce(?, (SELECT e.klasifikasi FROM book_entries e WHERE "
	    "e.book_id = documents.book_id AND e.urut = documents.urut)), "
	    "klasifikasi_versi = CASE WHEN coalesce(?, (SELECT e.klasifikasi "
	    "FROM book_entries e WHERE e.book_id = documents.book_id AND "
	    "e.urut = documents.urut)) IS NULL THEN NULL ELSE ? END "
	    "WHERE path = ?", e);
	int rc;

	if (st == NULL)
		return -1;
	bind_text(st, 1, kode);
	bind_text(st, 2, kode);
	bind_text(st, 3, versi);
	bind_text(st, 4, path);
	rc = db_step(st) == DB_DONE ? 0 : db_err(r, e,
	    "record the document's classification");
	stmt_done(r, st);
	return rc;
}

int
reg_doc_klas_get(struct reg *r, const char *path, char *kode, size_t ksz,
    char *versi, size_t vsz, struct nerr *e)
{
	struct db_stmt *st = prep(r, "SELECT coalesce(klasifikasi, ''), "
	    "coalesce(klasifikasi_versi, '') FROM documents WHERE path = ?",
	    e);
	int rc;

	kode[0] = versi[0] = '\0';
	if (st == NULL)
		return -1;
	bind_text(st, 1, path);
	if ((rc = db_step(st)) == DB_ROW) {
		col_copy(st, 0, kode, ksz);
		col_copy(st, 1, versi, vsz);
		rc = 1;
	} else if (rc == DB_DONE)
		rc = 0;
	else
		rc = db_err(r, e, "read the document's classification");
	stmt_done(r, st);
	return rc;
}

/*
 * Outgoing surat dinas (issue 13, part "sd"): one row per letter of
 * surat-keluar/YYYY-MM-DD.csv, keyed by year and the draft's no_konsep,
 * with the data its letter printed (and its hash) and the number given.
 */

/* Version 10: the outgoing surat dinas.  IF NOT EXISTS, as the others. */
static const char v10_sd[] =
"CREATE TABLE IF NOT EXISTS surat_dinas("
"  id INTEGER PRIMARY KEY, tahun INTEGER NOT NULL,"
"  no_konsep TEXT NOT NULL, tanggal TEXT NOT NULL, jenis TEXT NOT NULL,"
"  perihal TEXT NOT NULL, kepada TEXT NOT NULL, data TEXT NOT NULL,"
"  data_sha256 TEXT NOT NULL, nomor TEXT NOT NULL, path TEXT NOT NULL,"
"  file TEXT, line INTEGER, run_id INTEGER,"
"  UNIQUE(tahun, no_konsep));";

/* PostgreSQL numbers its keys by identity, not by INTEGER PRIMARY KEY. */
static const char v10_sd_pg[] =
"CREATE TABLE IF NOT EXISTS surat_dinas("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  tahun INTEGER NOT NULL,"
"  no_konsep TEXT NOT NULL, tanggal TEXT NOT NULL, jenis TEXT NOT NULL,"
"  perihal TEXT NOT NULL, kepada TEXT NOT NULL, data TEXT NOT NULL,"
"  data_sha256 TEXT NOT NULL, nomor TEXT NOT NULL, path TEXT NOT NULL,"
"  file TEXT, line BIGINT, run_id BIGINT,"
"  UNIQUE(tahun, no_konsep));";

static int
mig_v10(struct reg *r, const char *office, struct nerr *e)
{
	(void)office;
	if (db_exec(r->db, v10_sd) != DB_OK)
		return db_err(r, e, "migrate to version 10");
	return 0;
}

static int
pg_v10(struct reg *r, const char *office, struct nerr *e)
{
	(void)office;
	if (db_exec(r->db, v10_sd_pg) != DB_OK)
		return db_err(r, e, "migrate to version 10");
	return 0;
}

int
reg_sd_find(struct reg *r, int tahun, const char *no_konsep,
    struct reg_sd *out, struct nerr *e)
{
	struct db_stmt *st = prep(r, "SELECT id, data_sha256, nomor, file, "
	    "line, data FROM surat_dinas WHERE tahun = ?1 AND no_konsep = ?2",
	    e);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_int(st, 1, tahun);
	bind_text(st, 2, no_konsep);
	memset(out, 0, sizeof(*out));
	if ((rc = db_step(st)) == DB_ROW) {
		out->id = (long)db_column_int64(st, 0);
		snprintf(out->sha, sizeof(out->sha), "%s", col_str(st, 1));
		snprintf(out->nomor, sizeof(out->nomor), "%s", col_str(st, 2));
		snprintf(out->file, sizeof(out->file), "%s", col_str(st, 3));
		out->line = (long)db_column_int64(st, 4);
		out->data = xstrdup(col_str(st, 5));
		rc = 1;
	} else
		rc = rc == DB_DONE ? 0 : db_err(r, e, "find surat dinas");
	stmt_done(r, st);
	return rc;
}

int
reg_sd_put(struct reg *r, const struct reg_sdin *in, struct nerr *e)
{
	struct db_stmt *st = prep(r, "INSERT INTO surat_dinas(tahun, "
	    "no_konsep, tanggal, jenis, perihal, kepada, data, data_sha256, "
	    "nomor, path, file, line, run_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7, ?8, ?9, ?10, ?11, ?12, ?13)", e);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_int(st, 1, in->tahun);
	bind_text(st, 2, in->no_konsep);
	bind_text(st, 3, in->tanggal);
	bind_text(st, 4, in->jenis);
	bind_text(st, 5, in->perihal);
	bind_text(st, 6, in->kepada);
	bind_text(st, 7, in->data);
	bind_text(st, 8, in->sha);
	bind_text(st, 9, in->nomor);
	bind_text(st, 10, in->path);
	bind_text(st, 11, in->file);
	db_bind_int64(st, 12, in->line);
	db_bind_int64(st, 13, in->run_id);
	rc = db_step(st) == DB_DONE ? 0 : db_err(r, e,
	    "record surat dinas");
	stmt_done(r, st);
	return rc;
}

/* --- deb (issue 16): naskah check --- */

int
reg_inspect(const char *path, int *version, char *office, size_t sz,
    struct nerr *e)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	struct stat sb;
	int rc;

	*version = 0;
	office[0] = '\0';
	char uri[4096 * 3 + 32], wal[4096 + 8];
	size_t j = 0;

	/* A PostgreSQL register is looked at when a run opens it: which
	 * schema is the office's is known only then. */
	if (db_is_url(reg_where(path)))
		return 2;
	if (stat(path, &sb) != 0 && errno == ENOENT)
		return 1;
	/* At rest (no -wal: the last connection checkpointed it) opened
	 * immutable, so that not even a -shm file appears beside it; while
	 * a run works on it, read-only beside that run. */
	snprintf(wal, sizeof(wal), "%s-wal", path);
	j = (size_t)snprintf(uri, sizeof(uri), "file:");
	for (const char *p = path; *p && j + 4 < sizeof(uri); p++)
		if (*p == '?' || *p == '#' || *p == '%')
			j += (size_t)snprintf(uri + j, sizeof(uri) - j, "%%%02X",
			    (unsigned char)*p);
		else
			uri[j++] = *p;
	uri[j] = '\0';
	if (stat(wal, &sb) != 0)
		snprintf(uri + j, sizeof(uri) - j, "?immutable=1");
	if (sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
	    NULL) != SQLITE_OK)
		goto bad;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) !=
	    SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
		goto bad;
	*version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	/* A register older than the office table records no office. */
	if (sqlite3_prepare_v2(db, "SELECT kode_wilayah FROM office WHERE "
	    "id = 1", -1, &st, NULL) == SQLITE_OK) {
		if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
		    sqlite3_column_text(st, 0) != NULL)
			snprintf(office, sz, "%s",
			    (const char *)sqlite3_column_text(st, 0));
		else if (rc != SQLITE_DONE)
			goto bad;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return 0;
bad:
	nerr_set(e, EX_CANTCREAT, path, 0, 0, "register database: cannot "
	    "read: %s", db != NULL ? sqlite3_errmsg(db) : "out of memory");
	sqlite3_finalize(st);
	sqlite3_close(db);
	return -1;
}

/* --- fixes (session 5): ralat of a surat dinas; verify of its archive
 * copy --- */

/* Version 11: the changed row of a surat dinas issued, kept until a ralat
 * issues it (as conflicts keeps an application's). */
static const char v11_sdconf[] =
"CREATE TABLE IF NOT EXISTS sd_conflicts("
"  sd_id INTEGER PRIMARY KEY REFERENCES surat_dinas(id),"
"  data TEXT NOT NULL, data_sha256 TEXT NOT NULL, file TEXT,"
"  line INTEGER, seen TEXT NOT NULL);";

static const char v11_sdconf_pg[] =
"CREATE TABLE IF NOT EXISTS sd_conflicts("
"  sd_id BIGINT PRIMARY KEY REFERENCES surat_dinas(id),"
"  data TEXT NOT NULL, data_sha256 TEXT NOT NULL, file TEXT,"
"  line BIGINT, seen TEXT NOT NULL);";

static int
mig_v11(struct reg *r, const char *office, struct nerr *e)
{
	(void)office;
	if (db_exec(r->db, v11_sdconf) != DB_OK)
		return db_err(r, e, "migrate to version 11");
	return 0;
}

static int
pg_v11(struct reg *r, const char *office, struct nerr *e)
{
	(void)office;
	if (db_exec(r->db, v11_sdconf_pg) != DB_OK)
		return db_err(r, e, "migrate to version 11");
	return 0;
}

int
reg_sd_of(struct reg *r, const char *nomor, struct reg_sd *out,
    int *tahun, struct nerr *e)
{
	struct db_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (db_prepare(r->db, "SELECT id, data_sha256, nomor, file, line, "
	    "data, tahun FROM surat_dinas WHERE nomor = ?1", &st) != DB_OK)
		return db_err(r, e, "find surat dinas");
	bind_text(st, 1, nomor);
	if ((rc = db_step(st)) == DB_ROW) {
		out->id = (long)db_column_int64(st, 0);
		copy_col(st, 1, out->sha, sizeof(out->sha));
		copy_col(st, 2, out->nomor, sizeof(out->nomor));
		copy_col(st, 3, out->file, sizeof(out->file));
		out->line = (long)db_column_int64(st, 4);
		out->data = col_dup(st, 5);
		*tahun = (int)db_column_int64(st, 6);
	}
	db_finalize(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return db_err(r, e, "find surat dinas");
	return rc == DB_ROW;
}

int
reg_sd_replace(struct reg *r, long id, const struct reg_sdin *in,
    struct nerr *e)
{
	struct db_stmt *st = NULL;
	int rc;

	if (db_prepare(r->db, "UPDATE surat_dinas SET tanggal = ?2, "
	    "jenis = ?3, perihal = ?4, kepada = ?5, data = ?6, "
	    "data_sha256 = ?7, nomor = ?8, path = ?9, file = ?10, "
	    "line = ?11, run_id = ?12 WHERE id = ?1", &st) != DB_OK)
		return db_err(r, e, "record surat dinas");
	db_bind_int64(st, 1, id);
	bind_text(st, 2, in->tanggal);
	bind_text(st, 3, in->jenis);
	bind_text(st, 4, in->perihal);
	bind_text(st, 5, in->kepada);
	bind_text(st, 6, in->data);
	bind_text(st, 7, in->sha);
	bind_text(st, 8, in->nomor);
	bind_text(st, 9, in->path);
	bind_text(st, 10, in->file);
	db_bind_int64(st, 11, in->line);
	db_bind_int64(st, 12, in->run_id);
	if ((rc = db_step(st)) != DB_DONE)
		rc = db_err(r, e, "record surat dinas");
	else if (db_changes(r->db) != 1) {
		nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "surat dinas %ld: not in "
		    "the register", id);
		rc = -1;
	} else
		rc = 0;
	db_finalize(st);
	return rc;
}

int
reg_sdconf_put(struct reg *r, const struct reg_conflict *c, struct nerr *e)
{
	struct db_stmt *st = NULL;
	char now[32];
	int rc;

	if (db_prepare(r->db, "INSERT INTO sd_conflicts(sd_id, data, "
	    "data_sha256, file, line, seen) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
	    "ON CONFLICT(sd_id) DO UPDATE SET data = excluded.data, "
	    "data_sha256 = excluded.data_sha256, file = excluded.file, "
	    "line = excluded.line, seen = excluded.seen", &st) != DB_OK)
		return db_err(r, e, "record conflict");
	now_iso(now, sizeof(now));
	db_bind_int64(st, 1, c->app_id);
	bind_text(st, 2, c->data);
	bind_text(st, 3, c->sha);
	bind_text(st, 4, c->file);
	db_bind_int64(st, 5, c->line);
	bind_text(st, 6, now);
	rc = db_step(st) == DB_DONE ? 0 : db_err(r, e, "record conflict");
	db_finalize(st);
	return rc;
}

int
reg_sdconf_get(struct reg *r, long sd_id, struct reg_conflict *out,
    struct nerr *e)
{
	struct db_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (db_prepare(r->db, "SELECT data, data_sha256, file, line FROM "
	    "sd_conflicts WHERE sd_id = ?1", &st) != DB_OK)
		return db_err(r, e, "find conflict");
	db_bind_int64(st, 1, sd_id);
	if ((rc = db_step(st)) == DB_ROW) {
		out->app_id = sd_id;
		out->data = col_dup(st, 0);
		out->sha = col_dup(st, 1);
		out->file = col_dup(st, 2);
		out->line = (long)db_column_int64(st, 3);
	}
	db_finalize(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return db_err(r, e, "find conflict");
	return rc == DB_ROW;
}

int
reg_sdconf_clear(struct reg *r, long sd_id, struct nerr *e)
{
	struct db_stmt *st = NULL;
	int rc;

	if (db_prepare(r->db, "DELETE FROM sd_conflicts WHERE sd_id = ?1",
	    &st) != DB_OK)
		return db_err(r, e, "clear conflict");
	db_bind_int64(st, 1, sd_id);
	rc = db_step(st) == DB_DONE ? 0 : db_err(r, e, "clear conflict");
	db_finalize(st);
	return rc;
}

/* An archive copy (arsip_sd) has no book entry of its own: its number's
 * is the letter's it copies, the document at its path without "_arsip". */
static int
arsip_entry(struct reg *r, const char *path, int64_t *book, int64_t *urut,
    struct nerr *e)
{
	struct db_stmt *st = NULL;
	char letter[1100];
	size_t n = strlen(path);
	int rc;

	if (n < 11 || strcmp(path + n - 10, "_arsip.pdf") != 0)
		return 0;
	snprintf(letter, sizeof(letter), "%.*s.pdf", (int)(n - 10), path);
	if (db_prepare(r->db, "SELECT book_id, urut FROM documents WHERE "
	    "path = ?1 AND book_id IS NOT NULL", &st) != DB_OK)
		return db_err(r, e, "find a document");
	bind_text(st, 1, letter);
	if ((rc = db_step(st)) == DB_ROW) {
		*book = db_column_int64(st, 0);
		*urut = db_column_int64(st, 1);
	}
	db_finalize(st);
	return rc == DB_ROW || rc == DB_DONE ? 0 : db_err(r, e,
	    "find a document");
}

/* --- pgmisc (issue 14): the readers' open --- */

struct reg *
reg_open_read(const char *path, const char *office, struct nerr *e)
{
	struct reg *r;

	read_office = office;
	r = reg_open_query(path, e);
	read_office = NULL;
	if (r != NULL && office != NULL && *office != '\0' &&
	    r->office[0] != '\0' && strcmp(r->office, office) != 0) {
		other_office(r, r->office, office, e);
		reg_close(r);
		return NULL;
	}
	return r;
}

/* The PostgreSQL register's round trips (issue 14, part "pgcost"). */

int
reg_savepoint_late(struct reg *r, struct nerr *e)
{
	if (reg_savepoint(r, e) != 0)
		return -1;
	db_defer_writes(r->db);
	return 0;
}

/*
 * rollup (issue 14): the office's working calendar -- its jam kerja and
 * the holidays it counts -- as its last run or report used it, so that a
 * kabupaten measures each kecamatan's service and complaint times in
 * that kecamatan's own working time.  Version 12: kalender holds one row
 * (the calendar's SHA-256: stored at all, and unchanged), jam_kerja one
 * row per working weekday, libur one per holiday.  Portable DDL.
 */

static const char v12_kalender[] =
"CREATE TABLE IF NOT EXISTS kalender("
"  id INTEGER PRIMARY KEY CHECK(id = 1), sha256 TEXT NOT NULL);"
"CREATE TABLE IF NOT EXISTS jam_kerja("
"  hari INTEGER PRIMARY KEY CHECK(hari BETWEEN 0 AND 6),"
"  masuk INTEGER NOT NULL, pulang INTEGER NOT NULL,"
"  istirahat_mulai INTEGER NOT NULL, istirahat_selesai INTEGER NOT NULL);"
"CREATE TABLE IF NOT EXISTS libur("
"  tanggal TEXT PRIMARY KEY, keterangan TEXT NOT NULL);";

static int
mig_v12(struct reg *r, const char *office, struct nerr *e)
{
	(void)office;
	if (db_exec(r->db, v12_kalender) != DB_OK)
		return db_err(r, e, "migrate to version 12");
	return 0;
}

/* The calendar as text, one line a fact: what its SHA-256 is of. */
static void
cal_sha(const struct wtime *w, char sha[65])
{
	struct sha256_ctx c;
	char buf[256], iso[16];
	int a, b, ia, ib;

	sha256_init(&c);
	for (int d = 0; d < 7; d++)
		if (wtime_get_day(w, d, &a, &b, &ia, &ib)) {
			snprintf(buf, sizeof(buf), "hari %d %d %d %d %d\n", d,
			    a, b, ia, ib);
			sha256_update(&c, buf, strlen(buf));
		}
	for (size_t i = 0; i < wtime_libur_count(w); i++) {
		struct date dt;
		const char *ket = wtime_libur_at(w, i, &dt);

		date_iso(&dt, iso, sizeof(iso));
		sha256_update(&c, iso, strlen(iso));
		sha256_update(&c, " ", 1);
		sha256_update(&c, ket, strlen(ket) + 1);
	}
	sha256_final_hex(&c, sha);
}

int
reg_calendar_put(struct reg *r, const struct wtime *w, struct nerr *e)
{
	struct db_stmt *st;
	char sha[65], old[65] = "", iso[16];
	int own = !reg_in_tx(r), a, b, ia, ib;

	cal_sha(w, sha);
	if (get_text(r, "SELECT sha256 FROM kalender WHERE CAST(id AS TEXT) = ?", "1",
	    old, sizeof(old)) < 0)
		return db_err(r, e, "read the working calendar");
	if (strcmp(old, sha) == 0)
		return 0;
	if (own && reg_begin(r, e) != 0)
		return -1;
	if (db_exec(r->db, "DELETE FROM jam_kerja; DELETE FROM libur; "
	    "DELETE FROM kalender") != DB_OK)
		goto fail;
	if (db_prepare(r->db, "INSERT INTO jam_kerja(hari, masuk, pulang, "
	    "istirahat_mulai, istirahat_selesai) VALUES (?, ?, ?, ?, ?)",
	    &st) != DB_OK)
		goto fail;
	for (int d = 0; d < 7; d++) {
		if (!wtime_get_day(w, d, &a, &b, &ia, &ib))
			continue;
		db_bind_int(st, 1, d);
		db_bind_int(st, 2, a);
		db_bind_int(st, 3, b);
		db_bind_int(st, 4, ia);
		db_bind_int(st, 5, ib);
		if (db_step(st) != DB_DONE) {
			db_finalize(st);
			goto fail;
		}
		db_reset(st);
	}
	db_finalize(st);
	if (db_prepare(r->db, "INSERT INTO libur(tanggal, keterangan) "
	    "VALUES (?, ?)", &st) != DB_OK)
		goto fail;
	for (size_t i = 0; i < wtime_libur_count(w); i++) {
		struct date dt;
		const char *ket = wtime_libur_at(w, i, &dt);

		date_iso(&dt, iso, sizeof(iso));
		db_bind_text(st, 1, iso);
		db_bind_text(st, 2, ket);
		if (db_step(st) != DB_DONE) {
			db_finalize(st);
			goto fail;
		}
		db_reset(st);
	}
	db_finalize(st);
	if (db_prepare(r->db, "INSERT INTO kalender(id, sha256) VALUES (1, ?)",
	    &st) != DB_OK)
		goto fail;
	db_bind_text(st, 1, sha);
	if (db_step(st) != DB_DONE) {
		db_finalize(st);
		goto fail;
	}
	db_finalize(st);
	return own ? reg_commit(r, e) : 0;
fail:
	db_err(r, e, "store the working calendar");
	if (own)
		reg_rollback(r);
	return -1;
}

int
reg_calendar_get(struct reg *r, struct wtime **out, struct nerr *e)
{
	struct db_stmt *st = NULL;
	struct wtime *w;
	char sha[65] = "";
	int rc;

	*out = NULL;
	if (get_text(r, "SELECT sha256 FROM kalender WHERE CAST(id AS TEXT) = ?", "1",
	    sha, sizeof(sha)) < 0)
		return db_err(r, e, "read the working calendar");
	if (*sha == '\0')
		return 0;
	w = wtime_new();
	if (db_prepare(r->db, "SELECT hari, masuk, pulang, istirahat_mulai, "
	    "istirahat_selesai FROM jam_kerja ORDER BY hari", &st) != DB_OK)
		goto fail;
	while ((rc = db_step(st)) == DB_ROW)
		if (wtime_set_day(w, db_column_int(st, 0), db_column_int(st, 1),
		    db_column_int(st, 2), db_column_int(st, 3),
		    db_column_int(st, 4)) != 0) {
			db_finalize(st);
			nerr_set(e, EX_DATAERR, r->path, 0, 0, "register "
			    "database: a stored jam kerja does not fit");
			wtime_free(w);
			return -1;
		}
	db_finalize(st);
	if (rc != DB_DONE || db_prepare(r->db, "SELECT tanggal, keterangan "
	    "FROM libur ORDER BY tanggal", &st) != DB_OK)
		goto fail;
	while ((rc = db_step(st)) == DB_ROW) {
		struct date dt;

		if (date_parse(col_str(st, 0), &dt) == 0)
			wtime_add_libur(w, &dt, col_str(st, 1));
	}
	db_finalize(st);
	if (rc != DB_DONE)
		goto fail;
	*out = w;
	return 1;
fail:
	wtime_free(w);
	return db_err(r, e, "read the working calendar");
}

/*
 * sqlite (issue 15, session 6): SQLite's cost per letter.
 *
 * The folded names' trigram index (nama_lipat, FTS5, version 8) was kept
 * by a trigger on every application written.  FTS5 writes what it holds
 * in memory to the database at every savepoint that opens after a change
 * -- the row's own SAVEPOINT and every statement's journal -- so each
 * letter made a segment of its own (3 b-tree writes, a merge every few
 * letters): 0.34 M of the 0.55 M instructions SQLite took a letter.
 * Version 13: the triggers only queue the application's id (nama_antri,
 * a plain table, rolled back with its row like any other), and
 * reg_commit indexes the queue's names (nama_flush) in one FTS5 segment
 * just before COMMIT, in the same transaction: the index commits with its rows or
 * not at all, as before, so what find reads after any commit (or crash)
 * is what the triggers made.  A name written by another program (the
 * sqlite3 shell) waits in the queue until naskah next commits or opens
 * the register for writing.  neu: 1 for a new application (no index row
 * to take out first), 0 for a changed name.  PostgreSQL keeps its plain
 * table and trigger (pg_v8): nothing changes there.
 */
static const char v13_names[] =
"CREATE TABLE IF NOT EXISTS nama_antri("
"  id INTEGER PRIMARY KEY, neu INTEGER NOT NULL);"
"DROP TRIGGER IF EXISTS applications_nama_add;"
"DROP TRIGGER IF EXISTS applications_nama_upd;"
/* Not INSERT OR IGNORE: under reg_app_put's upsert the trigger's own
 * conflict clause is not the one applied; nor INSERT ... SELECT ...
 * WHERE NOT EXISTS, which reads the table it writes through a
 * temporary b-tree. */
"CREATE TRIGGER IF NOT EXISTS applications_nama_new AFTER INSERT"
"  ON applications BEGIN"
"  INSERT INTO nama_antri VALUES (NEW.id, 1) ON CONFLICT(id) DO NOTHING;"
"  END;"
"CREATE TRIGGER IF NOT EXISTS applications_nama_chg AFTER UPDATE OF nama"
"  ON applications BEGIN"
"  INSERT INTO nama_antri VALUES (NEW.id, 0) ON CONFLICT(id) DO NOTHING;"
"  END;"
/* A month's manifest is made again when a document's row changes in
 * what the manifest shows (reg_manifest_each: path, jenis from kind and
 * the application, nomor, date, SHA-256, size); version 8's trigger
 * fired on any column, so each letter's classification and source,
 * recorded by UPDATE after its INSERT, ran it twice more, and with it a
 * statement journal.  A column the manifest comes to show is added
 * here. */
"DROP TRIGGER IF EXISTS documents_manifest_upd;"
"CREATE TRIGGER documents_manifest_upd AFTER UPDATE OF path, kind,"
"  application_id, nomor, created, sha256, size ON documents BEGIN"
"  INSERT OR IGNORE INTO manifest_stale VALUES (substr(OLD.created, 1, 7)),"
"  (substr(NEW.created, 1, 7)); END;";

static int
mig_v13(struct reg *r, const char *office, struct nerr *e)
{
	(void)office;
	if (db_exec(r->db, v13_names) != DB_OK)
		return db_err(r, e, "migrate to version 13");
	return 0;
}

static int
pg_v13(struct reg *r, const char *office, struct nerr *e)
{
	(void)r;
	(void)office;
	(void)e;
	return 0;
}

/* The queued names into the index, the queue emptied: one FTS5 segment
 * for the transaction.  Folded here by fold_c, which applies fold_map
 * as the views do (ASCII lower case as SQLite's lower(), then each
 * letter; no replacement makes a letter another one folds), at a
 * fraction of the views' cost (about 60 nested replace() a name); the
 * suite compares the index with the views.  An application deleted
 * meanwhile is not in the join (applications_nama_del took its index
 * row out). */
static int
nama_flush(struct reg *r, struct nerr *e)
{
	struct db_stmt *q, *del, *ins;
	char buf[512], *fold;
	int rc;

	if ((q = prep(r, "SELECT a.id, a.nama, n.neu FROM nama_antri n "
	    "JOIN applications a ON a.id = n.id", e)) == NULL)
		return -1;
	while ((rc = db_step(q)) == DB_ROW) {
		const char *nama = db_column_text(q, 1);
		size_t n = strlen(nama ? nama : "") + 8;

		if (!db_column_int(q, 2)) {
			if ((del = prep(r, "DELETE FROM nama_lipat WHERE rowid "
			    "= ?", e)) == NULL)
				goto fail_q;
			db_bind_int64(del, 1, db_column_int64(q, 0));
			if (db_step(del) != DB_DONE) {
				db_err(r, e, "index the names");
				stmt_done(r, del);
				goto fail_q;
			}
			stmt_done(r, del);
		}
		fold = n <= sizeof(buf) ? buf : xmalloc(n);
		fold_c(nama ? nama : "", fold, n);
		if ((ins = prep(r, "INSERT INTO nama_lipat(rowid, nama) "
		    "VALUES (?, ?)", e)) == NULL) {
			if (fold != buf)
				free(fold);
			goto fail_q;
		}
		db_bind_int64(ins, 1, db_column_int64(q, 0));
		db_bind_text(ins, 2, fold);
		rc = db_step(ins);
		if (rc != DB_DONE)
			db_err(r, e, "index the names");
		stmt_done(r, ins);
		if (fold != buf)
			free(fold);
		if (rc != DB_DONE)
			goto fail_q;
	}
	if (rc != DB_DONE) {
		db_err(r, e, "index the names");
		goto fail_q;
	}
	stmt_done(r, q);
	if ((q = prep(r, "DELETE FROM nama_antri", e)) == NULL)
		return -1;
	if (db_step(q) != DB_DONE) {
		db_err(r, e, "index the names");
		goto fail_q;
	}
	stmt_done(r, q);
	return 0;
fail_q:
	stmt_done(r, q);
	return -1;
}

/* A row's SAVEPOINT, RELEASE or ROLLBACK TO: on SQLite a statement
 * prepared once (db_exec compiles its text at every call: a third of
 * the row's savepoint cost); on PostgreSQL db_exec, which
 * db_defer_writes follows. */
static int
row_exec(struct reg *r, const char *sql)
{
	struct db_stmt *st;
	int rc;

	if (r->pg)
		return db_exec(r->db, sql);
	if ((st = prep(r, sql, NULL)) == NULL)
		return DB_ERROR;
	rc = db_step(st) == DB_DONE ? DB_OK : DB_ERROR;
	stmt_done(r, st);
	return rc;
}

/* reg_open: names another program queued, indexed now rather than at
 * this run's first commit (find reads the index only). */
static int
nama_catch_up(struct reg *r, struct nerr *e)
{
	int any = 0;

	if (get_int(r, "SELECT EXISTS(SELECT 1 FROM nama_antri)", &any) != 0)
		return db_err(r, e, "open");
	if (!any)
		return 0;
	return reg_begin(r, e) != 0 ? -1 : reg_commit(r, e);
}
