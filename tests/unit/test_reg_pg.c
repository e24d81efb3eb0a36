/* test_reg_pg.c -- what only the PostgreSQL register has: many offices
 * in one database, each numbering its own books; the office's run lock
 * across sessions; and the schema's refusals (the triggers) reached
 * under reg.h with libpq, as test_reg.c does with sqlite3.  Runs when
 * NASKAH_TEST_PG names a server (tests/pg/pgctl.sh), else skips. */
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

#include <libpq-fe.h>

#include "reg.h"

struct fx {
	char		 dir[256], path[300];
};

static const char *
url(void)
{
	const char *u = getenv("NASKAH_TEST_PG");

	return u != NULL && *u ? u : NULL;
}

static int
fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/test_reg_pg.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/register.db", f->dir);
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;

	rmdir(f->dir);
	free(f);
	return 0;
}

static long
take(struct reg *r, const char *office)
{
	struct nerr e = { 0 };
	struct reg_num n;
	char nomor[64];

	assert_int_equal(reg_begin(r, &e), 0);
	assert_int_equal(reg_book_take(r, office, REG_BOOK_KELUAR, 2025, &n,
	    &e), 0);
	snprintf(nomor, sizeof(nomor), "%s/%ld", office, n.urut);
	struct reg_entry en = { .num = n, .nomor = nomor, .kind = "surat" };
	assert_int_equal(reg_entry_add(r, &en, &e), 0);
	assert_int_equal(reg_commit(r, &e), 0);
	return n.urut;
}

/* Two offices in one database: each its own schema, its own books from
 * 1, and neither sees the other's. */
static void
t_offices(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };
	struct reg *a, *b;

	if (url() == NULL)
		skip();
	assert_non_null(a = reg_create(f->path, "35.03.13", &e));
	assert_non_null(b = reg_create(f->path, "35.03.14", &e));
	assert_int_equal(take(a, "35.03.13"), 1);
	assert_int_equal(take(a, "35.03.13"), 2);
	assert_int_equal(take(b, "35.03.14"), 1);
	assert_int_equal(take(a, "35.03.13"), 3);
	assert_string_equal(reg_office(a), "35.03.13");
	assert_string_equal(reg_office(b), "35.03.14");
	reg_close(a);
	reg_close(b);
	/* Several offices: a tool without kantor.xml must name one. */
	unsetenv("NASKAH_OFFICE");
	assert_null(a = reg_open_query(f->path, &e));
	assert_int_equal(e.status, EX_CONFIG);
	setenv("NASKAH_OFFICE", "35.03.14", 1);
	assert_non_null(a = reg_open_query(f->path, &e));
	assert_string_equal(reg_office(a), "35.03.14");
	reg_close(a);
	unsetenv("NASKAH_OFFICE");
}

/* One run per office: the second session on the office gets 75 while
 * the first holds it, whichever host it runs on; a query does not
 * wait for it. */
static void
t_lock(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };
	struct reg *a, *b;

	if (url() == NULL)
		skip();
	assert_non_null(a = reg_create(f->path, "35.03.13", &e));
	assert_null(b = reg_open(f->path, "35.03.13", &e));
	assert_int_equal(e.status, EX_TEMPFAIL);
	assert_non_null(strstr(e.msg, "another naskah"));
	assert_non_null(b = reg_open_query(f->path, &e));
	reg_close(b);
	reg_close(a);
	memset(&e, 0, sizeof(e));
	assert_non_null(b = reg_open(f->path, "35.03.13", &e));
	reg_close(b);
}

static uint64_t
fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Numbers are never deleted or renumbered, and a book's counter only
 * counts, whoever asks (test_reg.c's t_sqlite_keep, on PostgreSQL). */
static void
t_keep(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };
	struct reg *r;
	PGconn *c;
	PGresult *res;
	char sql[256];

	if (url() == NULL)
		skip();
	assert_non_null(r = reg_create(f->path, "35.03.13", &e));
	assert_int_equal(take(r, "35.03.13"), 1);
	assert_int_equal(take(r, "35.03.13"), 2);
	c = PQconnectdb(url());
	assert_int_equal(PQstatus(c), CONNECTION_OK);
	snprintf(sql, sizeof(sql), "SET search_path TO t%08x_kantor_350313",
	    (unsigned)(fnv(f->path) & 0xffffffffu));
	PQclear(PQexec(c, sql));
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
		"INSERT INTO book_entries(book_id, urut, nomor, kind, issued) "
		    "SELECT id, 3, 'y', 'surat', 'now' FROM books",
		"UPDATE book_entries SET status = 'batal' WHERE urut = 2",
		"DELETE FROM office",
		"UPDATE office SET kode_wilayah = '35.03.14'",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		res = PQexec(c, bad[i]);
		if (PQresultStatus(res) == PGRES_COMMAND_OK)
			fail_msg("allowed: %s", bad[i]);
		PQclear(res);
	}
	res = PQexec(c, "UPDATE book_entries SET status = 'cancelled', "
	    "cancel_reason = 'x' WHERE urut = 2");
	assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
	PQclear(res);
	res = PQexec(c, "UPDATE book_entries SET status = 'issued' "
	    "WHERE urut = 2");
	assert_int_not_equal(PQresultStatus(res), PGRES_COMMAND_OK);
	PQclear(res);
	res = PQexec(c, "SELECT COUNT(*), MAX(last) FROM book_entries, books");
	assert_string_equal(PQgetvalue(res, 0, 0), "2");
	assert_string_equal(PQgetvalue(res, 0, 1), "2");
	PQclear(res);
	PQfinish(c);
	reg_close(r);
}

/* A statement refused inside a transaction undoes itself only, as on
 * SQLite: the batch goes on and commits. */
static void
t_statement_rollback(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };
	struct reg *r;
	struct reg_num n;

	if (url() == NULL)
		skip();
	assert_non_null(r = reg_create(f->path, "35.03.13", &e));
	assert_int_equal(reg_begin(r, &e), 0);
	assert_int_equal(reg_book_take(r, "35.03.13", REG_BOOK_KELUAR, 2025,
	    &n, &e), 0);
	struct reg_entry en = { .num = { n.book, 5 }, .nomor = "x/5",
	    .kind = "surat" };
	assert_int_equal(reg_entry_add(r, &en, &e), -1);
	en.num.urut = 1;
	en.nomor = "x/1";
	assert_int_equal(reg_entry_add(r, &en, &e), 0);
	assert_int_equal(reg_commit(r, &e), 0);
	assert_int_equal(take(r, "35.03.13"), 2);
	reg_close(r);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(t_offices),
		T(t_lock),
		T(t_keep),
		T(t_statement_rollback),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
