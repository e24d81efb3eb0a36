/* office.c -- open the office, lock the output, and keep the promise that
 * the register and the files on disk agree: files are staged under a
 * temporary name, the register commits, then the names become final. */
#define _DEFAULT_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doc.h"
#include "enc.h"
#include "fsio.h"
#include "layout.h"
#include "num.h"
#include "office.h"
#include "sha256.h"
#include "xmem.h"

/* The office stamp's texts, from kantor.xml: its ring names the
 * government above and the kecamatan below, upper case (ASCII only, the
 * rest kept as written), as do the kop's first lines; the camat's title
 * in the middle. */
#define STAMP_TENGAH	"CAMAT"

struct stamp_text {
	char	top[512], bottom[512];
};

static void
upper(char *s)
{
	for (; *s; s++)
		*s = (char)toupper((unsigned char)*s);
}

static void
stamp_text(const struct kantor *k, struct stamp_text *st)
{
	snprintf(st->top, sizeof(st->top), "PEMERINTAH %s %s",
	    k->kota ? "KOTA" : "KABUPATEN", k->kabupaten);
	snprintf(st->bottom, sizeof(st->bottom), "KECAMATAN %s", k->kecamatan);
	upper(st->top);
	upper(st->bottom);
}

/* A stamp whose ring text does not fit would leave every letter
 * unstamped: found here, once, naming the office's own file. */
static int
check_stamp(struct office *o, struct nerr *e)
{
	struct stamp_text st;
	char top[512], bottom[512];

	stamp_text(o->k, &st);
	/* Text the fonts cannot show is refused where it is printed. */
	if (enc_to_winansi(st.top, top, sizeof(top), NULL, NULL) != 0 ||
	    enc_to_winansi(st.bottom, bottom, sizeof(bottom), NULL, NULL) != 0)
		return 0;
	if (pdf_stamp_check(o->pdf, top, bottom, STAMP_TENGAH, e) == 0)
		return 0;
	if (e->status == EX_CONFIG) {
		char why[sizeof(e->msg)];

		snprintf(why, sizeof(why), "%s", e->msg);
		nerr_set(e, EX_CONFIG, NULL, 0, 0, "kabupaten \"%s\", "
		    "kecamatan \"%s\": %s; the office name is too long for "
		    "its stamp", o->k->kabupaten, o->k->kecamatan, why);
	}
	snprintf(e->file, sizeof(e->file), "%s/kantor.xml", o->indir);
	return -1;
}

static const char *const outdirs[] = { "surat", "kembali", "pengaduan",
    "laporan", "log" };

static int
take_lock(struct office *o, enum office_lock mode, struct nerr *e)
{
	char path[4096];
	int tries = mode == OFFICE_LOCK_WAIT ? 600 : 1;

	snprintf(path, sizeof(path), "%s/.naskah.lock", o->outdir);
	if ((o->lockfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0) {
		nerr_set(e, EX_CANTCREAT, path, 0, 0, "cannot open lock: %s",
		    strerror(errno));
		return -1;
	}
	while (tries-- > 0) {
		if (flock(o->lockfd, LOCK_EX | LOCK_NB) == 0)
			return 0;
		if (errno != EWOULDBLOCK)
			break;
		if (tries > 0)
			usleep(100000);
	}
	nerr_set(e, EX_TEMPFAIL, path, 0, 0, "another naskah is working on "
	    "%s; try again later", o->outdir);
	return -1;
}

/* Removes temporaries of a batch that never committed. */
static void
sweep_dir(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[4096];

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (de->d_name[0] == '.' && n > 5 &&
		    !strcmp(de->d_name + n - 4, ".tmp"))
			unlink(path);
		else if (depth > 0 && de->d_type == DT_DIR)
			sweep_dir(path, depth - 1);
	}
	closedir(d);
}

struct recover {
	struct office	*o;
	struct nerr	*e;
	int		 bad;
};

static int
recover_one(const char *rel, const char *sha, void *arg)
{
	struct recover *r = arg;
	char path[4096], tmp[4096], got[65];
	struct stat sb;

	snprintf(path, sizeof(path), "%s/%s", r->o->outdir, rel);
	if (stat(path, &sb) == 0)
		return 0;
	/* Committed but not yet renamed when the last run died. */
	fs_tmpname(path, tmp, sizeof(tmp));
	if (fs_sha256(tmp, got) == 0 && strcmp(got, sha) == 0) {
		if (fs_commit_new(tmp, path, 1, r->e) == 0)
			return 0;
		r->bad = 1;	/* e says why the rename failed */
		return 1;
	}
	nerr_set(r->e, EX_SOFTWARE, path, 0, 0, "the register lists this "
	    "file but it is missing; restore it from backup (nothing was "
	    "issued; the register is unchanged)");
	r->bad = 1;
	return 1;
}

struct office *
office_open(const char *indir, const char *outdir, const char *datadir,
    enum office_lock mode, struct nerr *e)
{
	struct office *o = xcalloc(1, sizeof(*o));
	char path[4096], rng[4096];

	o->lockfd = -1;
	snprintf(o->indir, sizeof(o->indir), "%s", indir);
	snprintf(o->outdir, sizeof(o->outdir), "%s", outdir);
	snprintf(o->datadir, sizeof(o->datadir), "%s", datadir);
	if (fs_mkdirs(outdir, e) != 0)
		goto fail;
	for (size_t i = 0; i < sizeof(outdirs) / sizeof(outdirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", outdir, outdirs[i]);
		if (fs_mkdirs(path, e) != 0)
			goto fail;
	}
	if (take_lock(o, mode, e) != 0)
		goto fail;
	snprintf(rng, sizeof(rng), "%s/templates/schema/kantor.rng", datadir);
	if ((o->k = kantor_load(indir, rng, e)) == NULL)
		goto fail;
	if (num_check(o->k->nomor_format, e) != 0) {
		snprintf(e->file, sizeof(e->file), "%s/kantor.xml", indir);
		goto fail;
	}
	snprintf(path, sizeof(path), "%s/templates/sop", datadir);
	snprintf(rng, sizeof(rng), "%s/templates/schema/sop.rng", datadir);
	if ((o->sops = sop_load_dir(path, rng, e)) == NULL)
		goto fail;
	snprintf(rng, sizeof(rng), "%s/templates/schema/document.rng",
	    datadir);
	if ((o->schema = doc_schema_load(rng, e)) == NULL) {
		e->status = EX_CONFIG;
		goto fail;
	}
	snprintf(path, sizeof(path), "%s/fonts", datadir);
	if ((o->pdf = pdf_new(path, e)) == NULL)
		goto fail;
	if (check_stamp(o, e) != 0)
		goto fail;
	snprintf(path, sizeof(path), "%s/register.db", outdir);
	if ((o->reg = reg_open(path, e)) == NULL)
		goto fail;
	struct recover r = { o, e, 0 };
	if (reg_doc_each(o->reg, recover_one, &r, e) < 0 || r.bad)
		goto fail;
	for (size_t i = 0; i < sizeof(outdirs) / sizeof(outdirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", outdir, outdirs[i]);
		sweep_dir(path, 1);
	}
	return o;
fail:
	office_close(o);
	return NULL;
}

void
office_close(struct office *o)
{
	if (o == NULL)
		return;
	reg_close(o->reg);
	pdf_free(o->pdf);
	doc_schema_free(o->schema);
	sop_set_free(o->sops);
	kantor_free(o->k);
	if (o->lockfd >= 0)
		close(o->lockfd);	/* releases the flock */
	free(o);
}

/* The source of a document's parts: each chunk is filled, expanded,
 * parsed and validated on demand, and freed at the next. */
struct parts_src {
	struct office			*o;
	const struct office_parts	*parts;
	char				 path[4096];
	struct doc_tree			*cur;
};

static const struct dnode *
part_next(void *arg, const char *name, int first, struct nerr *e)
{
	struct parts_src *s = arg;
	const struct dnode *root;
	struct tpl_dict *d;
	size_t len;
	char *xml;
	int rc;

	doc_tree_free(s->cur);
	s->cur = NULL;
	d = tpl_dict_new();
	if ((rc = s->parts->fill(s->parts->arg, name, first, d, e)) <= 0) {
		tpl_dict_free(d);
		if (rc < 0 && e->status == 0)
			e->status = EX_SOFTWARE;
		return NULL;
	}
	xml = tpl_expand(s->path, d, &len, e);
	tpl_dict_free(d);
	if (xml == NULL)
		return NULL;
	s->cur = doc_tree_mem(s->path, xml, len, s->o->schema, e);
	free(xml);
	if (s->cur == NULL) {
		e->status = EX_CONFIG;	/* our template, not user data */
		return NULL;
	}
	root = doc_tree_root(s->cur);
	if (strcmp(root->name, "part") != 0) {
		nerr_set(e, EX_CONFIG, s->path, root->line, 0, "<%s> where a "
		    "<part> belongs", root->name);
		return NULL;
	}
	return root;
}

/* The document's <title>, for the PDF's own title when the caller has
 * none; malloc'd or NULL. */
static char *
doc_title(const struct dnode *root)
{
	for (const struct dnode *n = root->child; n; n = n->next)
		if (n->name != NULL && !strcmp(n->name, "title"))
			return dnode_text(n);
	return NULL;
}

/* {{KEY}} and {{#KEY}} shown, when val is set. */
static void
opt_set(struct tpl_dict *d, const char *key, const char *val)
{
	if (val != NULL && *val) {
		tpl_section_show(d, key);
		tpl_set(d, key, val);
	}
}

/*
 * What every document shows of the office, from kantor.xml, set on the
 * root dictionary so includes see it too: the kop surat (templates/inc/
 * kop.xml as {{>KOP}}, its lines KOP_PEMERINTAH, KOP_KECAMATAN, KOP_ALAMAT
 * and, when set, KOP_TELEPON, KOP_KODE_POS, KOP_EMAIL, KOP_LAMAN, KOP_LOGO
 * (a PNG path; else the section KOP_LAMBANG, the drawn emblem)) and the
 * stamp's texts STAMP_ATAS, STAMP_BAWAH, STAMP_TENGAH.  Layout draws what
 * the document says; it never reads struct kantor.
 */
static void
office_dict(struct office *o, struct tpl_dict *d)
{
	const struct kantor *k = o->k;
	struct stamp_text st;
	char path[4096];

	stamp_text(k, &st);
	tpl_set(d, "KOP_PEMERINTAH", st.top);
	tpl_set(d, "KOP_KECAMATAN", st.bottom);
	tpl_set(d, "KOP_ALAMAT", k->alamat);
	opt_set(d, "KOP_TELEPON", k->telepon);
	opt_set(d, "KOP_KODE_POS", k->kode_pos);
	opt_set(d, "KOP_EMAIL", k->email);
	opt_set(d, "KOP_LAMAN", k->laman);
	if (k->logo != NULL)
		opt_set(d, "KOP_LOGO", k->logo);
	else
		tpl_section_show(d, "KOP_LAMBANG");
	tpl_set(d, "STAMP_ATAS", st.top);
	tpl_set(d, "STAMP_BAWAH", st.bottom);
	tpl_set(d, "STAMP_TENGAH", STAMP_TENGAH);
	snprintf(path, sizeof(path), "%s/templates/inc/kop.xml", o->datadir);
	tpl_include(d, "KOP", path);
}

int
office_render(struct office *o, const char *tpl, struct tpl_dict *d,
    const struct office_parts *parts, const struct pdf_info *info,
    struct nerr *e)
{
	struct parts_src ps = { o, parts, "", NULL };
	struct layout_src src = { part_next, &ps };
	struct dev_info in = { info->title, info->subject, info->keywords,
	    info->y, info->m, info->d };
	const struct dnode *root;
	struct doc_tree *t;
	struct dev dev;
	char path[4096], *title = NULL;
	size_t xlen;
	char *xml;
	int rc = -1;

	o->rendered = 0;
	snprintf(path, sizeof(path), "%s/templates/%s", o->datadir, tpl);
	if (parts != NULL)
		snprintf(ps.path, sizeof(ps.path), "%s/templates/%s",
		    o->datadir, parts->tpl);
	office_dict(o, d);
	if ((xml = tpl_expand(path, d, &xlen, e)) == NULL)
		return -1;
	t = doc_tree_mem(path, xml, xlen, o->schema, e);
	free(xml);
	if (t == NULL) {
		/* Filled templates are ours: a failure is a template bug. */
		e->status = EX_CONFIG;
		return -1;
	}
	root = doc_tree_root(t);
	if (strcmp(root->name, "document") != 0) {
		nerr_set(e, EX_CONFIG, path, 0, 0, "not a <document>");
		doc_tree_free(t);
		return -1;
	}
	if (in.title == NULL)
		in.title = title = doc_title(root);
	pdf_dev(o->pdf, &dev);
	if (layout_run(root, &dev, parts ? &src : NULL, &in, e) < 0) {
		/* A template's own mistake is named by the template; text a
		 * font cannot show is the caller's to place (a CSV row). */
		if (e->status == EX_CONFIG && e->file[0] == '\0')
			snprintf(e->file, sizeof(e->file), "%s", path);
		goto out;
	}
	o->rendered = 1;
	rc = 0;
out:
	doc_tree_free(ps.cur);
	doc_tree_free(t);
	free(title);
	return rc;
}

int
office_number(struct office *o, const char *kode, int tahun, int bulan,
    long *urut, char *nomor, size_t sz, struct nerr *e)
{
	struct num_vars nv = { kode, 0, o->k->kode_unit, tahun, bulan };

	if (reg_book_next(o->reg, tahun, urut, e) != 0)
		return -1;
	nv.urut = *urut;
	if (num_format(o->k->nomor_format, &nv, nomor, sz, e) != 0) {
		e->status = EX_CONFIG;
		return -1;
	}
	return 0;
}

/* Two paths in one folder (the batch syncs each folder once). */
static int
same_dir(const char *a, const char *b)
{
	const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');

	return sa != NULL && sb != NULL && sa - a == sb - b &&
	    strncmp(a, b, (size_t)(sa - a)) == 0;
}

struct staged {
	char	*tmp, *path;
};

struct office_batch {
	struct staged	*v;
	size_t		 n, cap;
};

struct office_batch *
office_batch_new(void)
{
	struct office_batch *b = xcalloc(1, sizeof(*b));

	return b;
}

size_t
office_batch_size(const struct office_batch *b)
{
	return b->n;
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
office_stage(struct office *o, struct office_batch *b, const char *rel,
    struct reg_doc *doc, struct nerr *e)
{
	struct out w = { 0 };
	char path[4096], tmp[4096], sha[65], dir[4096];
	const char *slash;
	int rc;

	if (!o->rendered) {
		nerr_set(e, EX_SOFTWARE, rel, 0, 0, "nothing rendered to "
		    "write");
		return -1;
	}
	o->rendered = 0;
	snprintf(path, sizeof(path), "%s/%s", o->outdir, rel);
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
	/* Not synced here: office_batch_commit syncs the whole batch at
	 * once before the register commits (group commit). */
	if ((w.t = fs_tmp_open(tmp, e)) == NULL) {
		pdf_cancel(o->pdf);
		return -1;
	}
	sha256_init(&w.sha);
	rc = pdf_save(o->pdf, out_write, &w, e);
	/* A write failure is reported by the close, with its errno. */
	if (fs_tmp_close(w.t, 0, e) != 0)
		return -1;
	if (rc != 0) {
		unlink(tmp);
		return -1;
	}
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->v = xrealloc(b->v, b->cap * sizeof(*b->v));
	}
	b->v[b->n].tmp = strdup(tmp);
	b->v[b->n].path = strdup(path);
	b->n++;
	sha256_final_hex(&w.sha, sha);
	doc->path = rel;
	doc->size = w.n;
	doc->sha = sha;
	if (reg_doc_add(o->reg, doc, e) != 0)
		return -1;
	doc->sha = NULL;
	return 0;
}

static void
batch_clear(struct office_batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->v[i].tmp);
		free(b->v[i].path);
	}
	b->n = 0;
}

static int
crash_hook(const char *where)
{
	const char *s = getenv("NASKAH_TEST_CRASH");

	return s != NULL && strcmp(s, where) == 0;
}

int
office_batch_commit(struct office *o, struct office_batch *b, struct nerr *e)
{
	/* The files must be on disk before the register says they exist:
	 * one syncfs for the batch instead of one fsync per file. */
	if (b->n > 0 && fs_sync_fs(o->outdir, e) != 0) {
		office_batch_abort(o, b);
		return -1;
	}
	if (reg_commit(o->reg, e) != 0) {
		office_batch_abort(o, b);
		return -1;
	}
	/* Committed: from here a crash is repaired by recover_one.  Test
	 * hook (tests/e2e/t_reliability.sh): NASKAH_TEST_CRASH=after-commit
	 * dies here as SIGKILL would, so the repair path is exercised on
	 * purpose rather than by luck. */
	if (crash_hook("after-commit"))
		raise(SIGKILL);
	for (size_t i = 0; i < b->n; i++)
		if (fs_commit_new(b->v[i].tmp, b->v[i].path, 0, e) != 0) {
			batch_clear(b);
			return -1;
		}
	/* Then each folder once; a crash before this leaves temporaries,
	 * which recover_one renames from the register's record. */
	for (size_t i = 0; i < b->n; i++)
		if ((i == 0 || !same_dir(b->v[i - 1].path, b->v[i].path)) &&
		    fs_sync_dir(b->v[i].path, e) != 0) {
			batch_clear(b);
			return -1;
		}
	batch_clear(b);
	return 0;
}

void
office_batch_abort(struct office *o, struct office_batch *b)
{
	reg_rollback(o->reg);
	for (size_t i = 0; i < b->n; i++)
		unlink(b->v[i].tmp);
	batch_clear(b);
}

void
office_batch_free(struct office_batch *b)
{
	if (b == NULL)
		return;
	batch_clear(b);
	free(b->v);
	free(b);
}

void
office_safename(const char *in, char *out, size_t n)
{
	size_t j = 0;

	for (; *in && j + 1 < n; in++) {
		unsigned char c = (unsigned char)*in;
		out[j++] = isalnum(c) || c == '-' ? (char)c : '-';
	}
	if (j == 0 && n > 1)
		out[j++] = 'x';
	out[j] = '\0';
}
