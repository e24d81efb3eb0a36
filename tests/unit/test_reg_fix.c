/* test_reg_fix.c -- the register's part for naskah restore, batal and
 * ralat, through reg.h: documents' sources, cancelled numbers and their
 * links, the changed rows of conflicts. */
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

	snprintf(f->dir, sizeof(f->dir), "/tmp/test_reg_fix.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/register.db", f->dir);
	if ((f->r = reg_create(f->path, OFFICE, &e)) == NULL)
		return -1;
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

/* A numbered letter of a new application: nomor 470/000N/2025 and its
 * document surat/N.pdf with source src (NULL: none). */
static long
issue_one(struct reg *r, const char *src, long *app)
{
	struct nerr e = { 0 };
	struct reg_num n;
	char nomor[64], path[64], noreg[16];
	long id;

	assert_int_equal(reg_book_take(r, OFFICE, REG_BOOK_KELUAR, 2025, &n,
	    &e), 0);
	snprintf(nomor, sizeof(nomor), "470/%04ld/2025", n.urut);
	snprintf(path, sizeof(path), "surat/%ld.pdf", n.urut);
	snprintf(noreg, sizeof(noreg), "R%ld", n.urut);
	struct reg_entry en = { .num = n, .nomor = nomor, .kind = "surat" };
	assert_int_equal(reg_entry_add(r, &en, &e), 0);
	struct reg_appin in = { 2025, noreg, "2025-01-20", "sktm", "1", "A",
	    "35.03.13.2006", "nama=A\n", "2:x", "f.csv", "complete", "", "",
	    "", "", "", 2, 0 };
	assert_int_equal(reg_app_put(r, &in, &id, &e), 0);
	struct reg_doc d = { .kind = "surat", .app_id = id, .path = path,
	    .size = 3, .sha = "abc", .created = "2025-01-20", .num = n };
	assert_int_equal(reg_doc_add(r, &d, &e), 0);
	if (src != NULL)
		assert_int_equal(reg_doc_source_put(r, path, src, strlen(src),
		    &e), 0);
	if (app != NULL)
		*app = id;
	return n.urut;
}

struct seen {
	int	 n;
	char	 path[4][64];
	size_t	 srclen[4];
};

static int
seen_cb(const struct reg_docsrc *d, void *arg)
{
	struct seen *s = arg;

	if (s->n < 4) {
		snprintf(s->path[s->n], sizeof(s->path[0]), "%s", d->path);
		s->srclen[s->n] = d->src ? d->srclen : 0;
	}
	s->n++;
	return 0;
}

static void
t_sources(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };
	struct seen s = { 0 };

	assert_int_equal(reg_begin(f->r, &e), 0);
	issue_one(f->r, "source one", NULL);
	issue_one(f->r, NULL, NULL);
	assert_int_equal(reg_commit(f->r, &e), 0);
	assert_int_equal(reg_docsrc_each(f->r, NULL, seen_cb, &s, &e), 2);
	assert_string_equal(s.path[0], "surat/1.pdf");
	assert_int_equal(s.srclen[0], 10);
	assert_int_equal(s.srclen[1], 0);	/* none: cannot restore */
	memset(&s, 0, sizeof(s));
	assert_int_equal(reg_docsrc_each(f->r, "470/0002/2025", seen_cb, &s,
	    &e), 1);
	assert_string_equal(s.path[0], "surat/2.pdf");
	memset(&s, 0, sizeof(s));
	assert_int_equal(reg_docsrc_each(f->r, "surat/1.pdf", seen_cb, &s,
	    &e), 1);
	assert_int_equal(reg_docsrc_each(f->r, "470/0009/2025", seen_cb, &s,
	    &e), 0);
}

static void
t_cancel(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };
	struct reg_entryinfo en;
	long app;

	assert_int_equal(reg_begin(f->r, &e), 0);
	issue_one(f->r, NULL, &app);
	issue_one(f->r, NULL, NULL);
	assert_int_equal(reg_commit(f->r, &e), 0);
	assert_int_equal(reg_entry_find(f->r, "470/0001/2025", &en, &e), 1);
	assert_string_equal(en.status, "issued");
	assert_string_equal(en.book, REG_BOOK_KELUAR);
	assert_int_equal(en.tahun, 2025);
	assert_int_equal(en.app_id, app);
	assert_string_equal(en.path, "surat/1.pdf");
	assert_int_equal(reg_entry_find(f->r, "470/0009/2025", &en, &e), 0);

	assert_int_equal(reg_begin(f->r, &e), 0);
	assert_int_equal(reg_entry_cancel(f->r, "470/0001/2025", "diganti "
	    "dengan Nomor 470/0002/2025", "2025-01-21", "470/0002/2025", &e),
	    1);
	assert_int_equal(reg_entry_replaces(f->r, "470/0002/2025",
	    "470/0001/2025", &e), 0);
	/* Once: a second cancel changes nothing; what it replaces is set
	 * once. */
	assert_int_equal(reg_entry_cancel(f->r, "470/0001/2025", "again",
	    "2025-01-22", NULL, &e), 0);
	assert_int_equal(reg_entry_cancel(f->r, "470/0009/2025", "x",
	    "2025-01-22", NULL, &e), 0);
	assert_int_equal(reg_entry_replaces(f->r, "470/0002/2025", "y", &e),
	    -1);
	assert_int_equal(reg_commit(f->r, &e), 0);
	assert_int_equal(reg_entry_find(f->r, "470/0001/2025", &en, &e), 1);
	assert_string_equal(en.status, "cancelled");
	assert_string_equal(en.cancel_date, "2025-01-21");
	assert_string_equal(en.replaced_by, "470/0002/2025");
	assert_string_equal(en.cancel_reason,
	    "diganti dengan Nomor 470/0002/2025");
	assert_int_equal(reg_entry_find(f->r, "470/0002/2025", &en, &e), 1);
	assert_string_equal(en.status, "issued");
	assert_string_equal(en.replaces, "470/0001/2025");
}

static void
t_conflict(void **state)
{
	struct fx *f = *state;
	struct nerr e = { 0 };
	struct reg_conflict c;
	long app;
	char *data;

	assert_int_equal(reg_begin(f->r, &e), 0);
	issue_one(f->r, NULL, &app);
	struct reg_conflict in = { app, "nama=B\n", "2:y", "g.csv", 7 };
	assert_int_equal(reg_conflict_put(f->r, &in, &e), 0);
	in.data = "nama=C\n";		/* the latest one is kept */
	assert_int_equal(reg_conflict_put(f->r, &in, &e), 0);
	assert_int_equal(reg_commit(f->r, &e), 0);
	assert_int_equal(reg_conflict_get(f->r, app, &c, &e), 1);
	assert_string_equal(c.data, "nama=C\n");
	assert_string_equal(c.file, "g.csv");
	assert_int_equal(c.line, 7);
	reg_conflict_free(&c);
	assert_non_null(data = reg_app_data(f->r, app, &e));
	assert_string_equal(data, "nama=A\n");
	free(data);
	assert_int_equal(reg_conflict_clear(f->r, app, &e), 0);
	assert_int_equal(reg_conflict_get(f->r, app, &c, &e), 0);
	e.status = 0;
	assert_null(reg_app_data(f->r, 999, &e));
	assert_int_equal(e.status, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(t_sources, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(t_cancel, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(t_conflict, fx_setup,
		    fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
