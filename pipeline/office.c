/* office.c -- open the office, lock the output, repair what a crash left
 * between the register and the files on disk (issue.c keeps them in
 * step), and render templates into PDFs. */
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
#include "fsio.h"
#include "layout.h"
#include "num.h"
#include "office.h"
#include "xmem.h"

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
	snprintf(path, sizeof(path), "%s/register.db", outdir);
	if ((o->reg = reg_open(path, o->k->kode_wilayah, e)) == NULL)
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
	xmlDocPtr			 cur;
};

static xmlNodePtr
part_next(void *arg, const char *name, int first, struct nerr *e)
{
	struct parts_src *s = arg;
	struct tpl_dict *d;
	xmlNodePtr root;
	size_t len;
	char *xml;
	int rc;

	xmlFreeDoc(s->cur);
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
	s->cur = doc_parse_mem(s->path, xml, len, s->o->schema, e);
	free(xml);
	if (s->cur == NULL) {
		e->status = EX_CONFIG;	/* our template, not user data */
		return NULL;
	}
	root = xmlDocGetRootElement(s->cur);
	if (strcmp((const char *)root->name, "part") != 0) {
		nerr_set(e, EX_CONFIG, s->path, root->line, 0, "<%s> where a "
		    "<part> belongs", root->name);
		return NULL;
	}
	return root;
}

static int
sink_page(void *arg, const struct layout_page *pg, struct nerr *e)
{
	return pdf_page(arg, pg, e);
}

static int
sink_overlay(void *arg, size_t i, const struct layout_page *pg,
    struct nerr *e)
{
	return pdf_overlay(arg, i, pg, e);
}

/* The document's <title>, for the PDF's own title when the caller has
 * none; malloc'd or NULL. */
static char *
doc_title(xmlDocPtr doc)
{
	for (xmlNodePtr n = xmlDocGetRootElement(doc)->children; n;
	    n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    !strcmp((const char *)n->name, "title"))
			return doc_text(n);
	return NULL;
}

int
office_render(struct office *o, const char *tpl, struct tpl_dict *d,
    const struct office_parts *parts, const struct pdf_info *info,
    struct nerr *e)
{
	struct parts_src ps = { o, parts, "", NULL };
	struct layout_src src = { part_next, &ps };
	struct layout_sink sink = { sink_page, sink_overlay, o->pdf };
	char path[4096], *title = NULL;
	size_t xlen;
	char *xml;
	xmlDocPtr doc;
	int rc = -1;

	o->rendered = 0;
	snprintf(path, sizeof(path), "%s/templates/%s", o->datadir, tpl);
	if (parts != NULL)
		snprintf(ps.path, sizeof(ps.path), "%s/templates/%s",
		    o->datadir, parts->tpl);
	if ((xml = tpl_expand(path, d, &xlen, e)) == NULL)
		return -1;
	doc = doc_parse_mem(path, xml, xlen, o->schema, e);
	free(xml);
	if (doc == NULL) {
		/* Filled templates are ours: a failure is a template bug. */
		e->status = EX_CONFIG;
		return -1;
	}
	if (strcmp((const char *)xmlDocGetRootElement(doc)->name,
	    "document") != 0) {
		nerr_set(e, EX_CONFIG, path, 0, 0, "not a <document>");
		xmlFreeDoc(doc);
		return -1;
	}
	if (pdf_begin(o->pdf, e) != 0) {
		xmlFreeDoc(doc);
		return -1;
	}
	if (layout_run(doc, o->k, pdf_metrics(o->pdf), parts ? &src : NULL,
	    &sink, e) < 0) {
		/* A template's own mistake is named by the template; text a
		 * font cannot show is the caller's to place (a CSV row). */
		if (e->status == EX_CONFIG && e->file[0] == '\0')
			snprintf(e->file, sizeof(e->file), "%s", path);
		pdf_cancel(o->pdf);
		goto out;
	}
	struct pdf_info in = *info;
	if (in.title == NULL)
		in.title = title = doc_title(doc);
	if ((rc = pdf_end(o->pdf, &in, e)) == 0)
		o->rendered = 1;
out:
	xmlFreeDoc(ps.cur);
	xmlFreeDoc(doc);
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
