/* issue.c -- keeps the promise that the register and the files on disk
 * agree: files are staged under a temporary name, the register commits
 * their numbers and records, then the names become final.  The one owner
 * of the register's transaction and savepoints. */
#define _DEFAULT_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsio.h"
#include "issue.h"
#include "manifest.h"
#include "num.h"
#include "sha256.h"
#include "xmem.h"

struct staged {
	char	*tmp, *path;
};

struct issue {
	struct office	*o;
	struct staged	*v;
	size_t		 n, cap;
	size_t		 mark;		/* staged before the row began */
};

struct issue *
issue_new(struct office *o)
{
	struct issue *is = xcalloc(1, sizeof(*is));

	is->o = o;
	return is;
}

size_t
issue_staged(const struct issue *is)
{
	return is->n;
}

int
issue_begin(struct issue *is, struct nerr *e)
{
	if (reg_in_tx(office_reg(is->o)))
		return 0;
	return reg_begin(office_reg(is->o), e);
}

int
issue_row_begin(struct issue *is, struct nerr *e)
{
	if (issue_begin(is, e) != 0 || reg_savepoint(office_reg(is->o), e) != 0)
		return -1;
	is->mark = is->n;
	return 0;
}

int
issue_row_end(struct issue *is, int undo, struct nerr *e)
{
	if (!undo)
		return reg_release(office_reg(is->o), e);
	/* The row's records go with its savepoint; its files with them. */
	for (; is->n > is->mark; is->n--) {
		unlink(is->v[is->n - 1].tmp);
		free(is->v[is->n - 1].tmp);
		free(is->v[is->n - 1].path);
	}
	return reg_rollback_to(office_reg(is->o), e);
}

int
issue_number(struct issue *is, const char *book, const char *kind,
    const char *kode, int tahun, int bulan, struct reg_num *num, char *nomor,
    size_t sz, struct nerr *e)
{
	const struct kantor *k = office_kantor(is->o);
	struct num_vars nv = { kode, 0, k->kode_unit, tahun, bulan };
	struct reg_entry en = { .nomor = nomor, .klasifikasi = kode,
	    .kind = kind };

	if (issue_begin(is, e) != 0 || reg_book_take(office_reg(is->o),
	    k->kode_wilayah, book, tahun, num, e) != 0)
		return -1;
	nv.urut = num->urut;
	if (num_format(kantor_format(k, book), &nv, nomor, sz, e) != 0) {
		e->status = EX_CONFIG;
		return -1;
	}
	en.num = *num;
	return reg_entry_add(office_reg(is->o), &en, e);
}

/* Two paths in one folder (the batch syncs each folder once). */
static int
same_dir(const char *a, const char *b)
{
	const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');

	return sa != NULL && sb != NULL && sa - a == sb - b &&
	    strncmp(a, b, (size_t)(sa - a)) == 0;
}

/* Takes the rendered PDF into its temporary file as libharu writes it,
 * hashing it on the way. */
struct out {
	struct fs_tmp		*t;
	struct sha256_ctx	 sha;
	size_t			 n;
};

static int
out_write(void *arg, const void *buf, size_t n)
{
	struct out *w = arg;

	sha256_update(&w->sha, buf, n);
	w->n += n;
	return fs_tmp_write(w->t, buf, n);
}

int
issue_stage(struct issue *is, const char *rel, struct reg_doc *doc,
    struct nerr *e)
{
	struct office *o = is->o;
	struct out w = { 0 };
	char path[4096], tmp[4096], sha[65], dir[4096];
	const char *slash;
	const void *src;
	size_t srclen;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", office_outdir(o), rel);
	if ((slash = strrchr(path, '/')) != NULL) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
		if (fs_mkdirs(dir, e) != 0)
			return -1;
	}
	/* Checked before the number is committed, so a clash stops the run
	 * with nothing issued rather than after COMMIT. */
	if (access(path, F_OK) == 0) {
		nerr_set(e, EX_SOFTWARE, path, 0, 0, "already exists but the "
		    "register does not list it (was register.db restored from "
		    "an older backup?); nothing was overwritten");
		return -1;
	}
	fs_tmpname(path, tmp, sizeof(tmp));
	/* Not synced here: issue_commit syncs the whole batch at once
	 * before the register commits (group commit). */
	if ((w.t = fs_tmp_open(tmp, e)) == NULL) {
		office_save(o, NULL, NULL, NULL);
		return -1;
	}
	sha256_init(&w.sha);
	rc = office_save(o, out_write, &w, e);
	/* A write failure is reported by the close, with its errno. */
	if (fs_tmp_close(w.t, 0, e) != 0)
		return -1;
	if (rc != 0) {
		unlink(tmp);
		return -1;
	}
	if (is->n == is->cap) {
		is->cap = is->cap ? is->cap * 2 : 64;
		is->v = xrealloc(is->v, is->cap * sizeof(*is->v));
	}
	is->v[is->n].tmp = xstrdup(tmp);
	is->v[is->n].path = xstrdup(path);
	is->n++;
	sha256_final_hex(&w.sha, sha);
	doc->path = rel;
	doc->size = w.n;
	doc->sha = sha;
	if (issue_begin(is, e) != 0 || reg_doc_add(office_reg(o), doc, e) != 0 ||
	    office_record_codes(o, rel, e) != 0)
		return -1;
	/* The code it is filed under and the list that code is from. */
	if (reg_doc_klas(office_reg(o), rel, doc->klasifikasi,
	    klas_version(office_klas(o)), e) != 0)
		return -1;
	/* What it was rendered from, with it: naskah restore makes the
	 * same bytes from this alone. */
	if ((src = office_source(o, &srclen)) != NULL &&
	    reg_doc_source_put(office_reg(o), rel, src, srclen, e) != 0)
		return -1;
	doc->sha = NULL;
	return 0;
}

static void
clear(struct issue *is)
{
	for (size_t i = 0; i < is->n; i++) {
		free(is->v[i].tmp);
		free(is->v[i].path);
	}
	is->n = 0;
}

static int
crash_hook(const char *where)
{
	const char *s = getenv("NASKAH_TEST_CRASH");

	return s != NULL && strcmp(s, where) == 0;
}

int
issue_commit(struct issue *is, struct nerr *e)
{
	struct office *o = is->o;

	if (!reg_in_tx(office_reg(o)) && is->n == 0)
		return 0;
	/* The files must be on disk before the register says they exist:
	 * one syncfs for the batch instead of one fsync per file. */
	if (is->n > 0 && fs_sync_fs(office_outdir(o), e) != 0) {
		issue_abort(is);
		return -1;
	}
	if (reg_commit(office_reg(o), e) != 0) {
		/* The server went away during COMMIT (PostgreSQL): the batch
		 * may be committed.  Its temporaries stay for office_open's
		 * recovery, which renames those the register lists and
		 * removes the others. */
		if (reg_commit_unknown(office_reg(o)))
			clear(is);
		else
			issue_abort(is);
		return -1;
	}
	/* Committed: from here a crash is repaired by office_open's
	 * recovery.  Test hook (tests/e2e/t_reliability.sh):
	 * NASKAH_TEST_CRASH=after-commit dies here as SIGKILL would, so the
	 * repair path is exercised on purpose rather than by luck. */
	if (crash_hook("after-commit"))
		raise(SIGKILL);
	for (size_t i = 0; i < is->n; i++)
		if (fs_commit_new(is->v[i].tmp, is->v[i].path, 0, e) != 0) {
			clear(is);
			return -1;
		}
	/* Then each folder once; a crash before this leaves temporaries,
	 * which the recovery renames from the register's record. */
	for (size_t i = 0; i < is->n; i++)
		if ((i == 0 || !same_dir(is->v[i - 1].path, is->v[i].path)) &&
		    fs_sync_dir(is->v[i].path, e) != 0) {
			clear(is);
			return -1;
		}
	clear(is);
	/* The months' manifests from the register, now that the files
	 * have their names (a crash before: office_open writes them). */
	return manifest_flush(office_reg(o), office_outdir(o), e);
}

void
issue_abort(struct issue *is)
{
	reg_rollback(office_reg(is->o));
	for (size_t i = 0; i < is->n; i++)
		unlink(is->v[i].tmp);
	clear(is);
}

void
issue_free(struct issue *is)
{
	if (is == NULL)
		return;
	if (is->n > 0 || reg_in_tx(office_reg(is->o)))
		issue_abort(is);
	free(is->v);
	free(is);
}
