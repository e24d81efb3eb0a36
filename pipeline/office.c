/* office.c -- open the office (or make its register, once), lock the
 * output, repair what a crash left between the register and the files on
 * disk (issue.c keeps them in step) and note files gone missing, and
 * render templates into PDFs. */
#define _DEFAULT_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doc.h"
#include "enc.h"
#include "fsio.h"
#include "layout.h"
#include "manifest.h"
#include "num.h"
#include "office.h"
#include "xmem.h"

/* The office stamp's texts, from kantor.xml: its ring names the
 * government above and the kecamatan below, upper case (ASCII only, the
 * rest kept as written), as do the kop's first lines; the camat's title
 * in the middle. */
#define STAMP_TENGAH	"CAMAT"

struct stamp_text {
	char	top[512], bottom[512];
};

struct office {
	struct kantor		*k;
	struct sop_set		*sops;
	struct reg		*reg;
	struct pdf		*pdf;
	struct doc_schema	*schema;	/* document.rng */
	char			 indir[2048], outdir[2048], datadir[2048];
	int			 lockfd;
	int			 rendered;	/* a PDF waits in pdf */
	char			**missing;	/* issued files found gone */
	size_t			 nmissing;
};

const struct kantor *
office_kantor(const struct office *o)
{
	return o->k;
}

const struct sop_set *
office_sops(const struct office *o)
{
	return o->sops;
}

struct reg *
office_reg(const struct office *o)
{
	return o->reg;
}

const char *
office_indir(const struct office *o)
{
	return o->indir;
}

const char *
office_outdir(const struct office *o)
{
	return o->outdir;
}

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
    "laporan", "agenda", "manifest", "log" };

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
	struct office *o = r->o;
	char path[4096], tmp[4096], got[65];
	struct stat sb;

	snprintf(path, sizeof(path), "%s/%s", o->outdir, rel);
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
	/* Deleted or moved: one lost file must not stop the office.  Its
	 * number stays given and its path taken (fs_commit_new never
	 * writes over a name), so nothing else can appear in its place. */
	if (o->nmissing % 64 == 0)
		o->missing = xrealloc(o->missing, (o->nmissing + 64) *
		    sizeof(*o->missing));
	o->missing[o->nmissing++] = xstrdup(rel);
	return 0;
}

size_t
office_missing(struct office *o, FILE *fp)
{
	for (size_t i = 0; fp != NULL && i < o->nmissing; i++) {
		struct reg_docid id;
		struct nerr e = { 0 };
		char what[256];
		int rc = reg_doc_id(o->reg, o->missing[i], &id, &e);

		if (rc == 1 && id.nomor[0] != '\0')
			snprintf(what, sizeof(what), "%s Nomor %s",
			    !strcmp(id.kind, "laporan") ? "report" : "letter",
			    id.nomor);
		else if (rc == 1 && !strcmp(id.kind, "kembali"))
			snprintf(what, sizeof(what), "return notice");
		else
			snprintf(what, sizeof(what), "document");
		nerr_set(&e, EX_DATAERR, NULL, 0, 0, "%s/%s: MISSING: this "
		    "issued file (%s), listed in the register, is missing; "
		    "restore it from backup.  Nothing is written in its place; "
		    "issuing goes on", o->outdir, o->missing[i], what);
		nerr_print(fp, "naskah", &e);
	}
	return o->nmissing;
}

/* The first PDF found in dir (depth levels of subfolders), into out. */
static int
find_pdf(const char *dir, int depth, char *out, size_t n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[4096];
	int found = 0;

	if (d == NULL)
		return 0;
	while (!found && (de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (len > 4 && !strcmp(de->d_name + len - 4, ".pdf")) {
			snprintf(out, n, "%s", path);
			found = 1;
		} else if (depth > 0 && de->d_type == DT_DIR)
			found = find_pdf(path, depth - 1, out, n);
	}
	closedir(d);
	return found;
}

static struct office *
open_office(const char *indir, const char *outdir, const char *datadir,
    enum office_lock mode, int create, struct nerr *e)
{
	struct office *o;
	char path[4096], rng[4096];
	struct stat sb;

	/* Before anything is made: a mistyped --output must not start a
	 * second register numbering from 1, nor leave folders behind. */
	snprintf(path, sizeof(path), "%s/register.db", outdir);
	if (create && lstat(path, &sb) == 0) {
		nerr_set(e, EX_CONFIG, path, 0, 0, "a register is already "
		    "here; a register is made once, and this one keeps its "
		    "numbers (nothing was changed)");
		return NULL;
	}
	if (!create && stat(path, &sb) != 0 && errno == ENOENT) {
		nerr_set(e, EX_CONFIG, outdir, 0, 0, "no register in this "
		    "folder; nothing was done and nothing was created.  A new "
		    "office makes its register once, with `naskah init "
		    "--input %s --output %s`; if the folder is mistyped, give "
		    "the office's folder", indir, outdir);
		return NULL;
	}
	o = xcalloc(1, sizeof(*o));
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
	if (create) {
		/* Issued documents without their register: the register was
		 * lost, and a new one would give their numbers again. */
		for (size_t i = 0; i < sizeof(outdirs) / sizeof(outdirs[0]);
		    i++) {
			snprintf(path, sizeof(path), "%s/%s", outdir,
			    outdirs[i]);
			if (find_pdf(path, 1, rng, sizeof(rng))) {
				nerr_set(e, EX_CONFIG, rng, 0, 0, "issued "
				    "documents are here but no register: a new "
				    "one would give their numbers again; put "
				    "register.db back from backup (nothing was "
				    "created)");
				goto fail;
			}
		}
	}
	snprintf(path, sizeof(path), "%s/register.db", outdir);
	if ((o->reg = (create ? reg_create : reg_open)(path,
	    o->k->kode_wilayah, e)) == NULL)
		goto fail;
	struct recover r = { o, e, 0 };
	if (reg_doc_each(o->reg, recover_one, &r, e) < 0 || r.bad ||
	    manifest_flush(o->reg, o->outdir, e) != 0)
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

struct office *
office_open(const char *indir, const char *outdir, const char *datadir,
    enum office_lock mode, struct nerr *e)
{
	return open_office(indir, outdir, datadir, mode, 0, e);
}

struct office *
office_init(const char *indir, const char *outdir, const char *datadir,
    struct nerr *e)
{
	return open_office(indir, outdir, datadir, OFFICE_LOCK_NOWAIT, 1, e);
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
	for (size_t i = 0; i < o->nmissing; i++)
		free(o->missing[i]);
	free(o->missing);
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
office_save(struct office *o, int (*write)(void *, const void *, size_t),
    void *arg, struct nerr *e)
{
	if (!o->rendered) {
		nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "nothing rendered to "
		    "write");
		return -1;
	}
	o->rendered = 0;
	if (write == NULL) {
		pdf_cancel(o->pdf);
		return 0;
	}
	return pdf_save(o->pdf, write, arg, e);
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
