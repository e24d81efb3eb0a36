/* rdef.c -- reads a report definition of templates/laporan: its sumber
 * first, then what that source needs (desa data: ddata.c's parser on the
 * same bytes).  Adding a report of an existing source is adding a file. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "ddata.h"
#include "doc.h"
#include "fsio.h"
#include "rdef.h"
#include "rskm.h"
#include "xmem.h"

static const char *const sumber[] = { "desa", "layanan", "pengaduan",
    "skm" };

const char *
rdef_sumber_name(enum rdef_sumber s)
{
	return (size_t)s < sizeof(sumber) / sizeof(sumber[0]) ? sumber[s] :
	    "?";
}

void
rdef_free(struct rdef *d)
{
	if (d == NULL)
		return;
	free(d->bagian); free(d->judul); free(d->klasifikasi);
	free(d->paraf); free(d->grafik); free(d->ukuran);
	ddata_def_free(d->desa);
	rskm_def_free(d->skm);
	free(d);
}

struct rdef *
rdef_parse(const char *name, const char *buf, size_t len,
    const struct doc_schema *s, struct nerr *e)
{
	struct doc_tree *doc = doc_tree_mem(name, buf, len, s, e);
	const struct dnode *root;
	struct rdef *d;
	char *t;

	if (doc == NULL) {
		e->status = EX_CONFIG;
		return NULL;
	}
	d = xcalloc(1, sizeof(*d));
	root = doc_tree_root(doc);
	if (root == NULL || strcmp(root->name, "laporan") != 0) {
		nerr_set(e, EX_CONFIG, name, 1, 0, "not a <laporan> definition");
		goto fail;
	}
	t = dnode_token(root, "sumber");
	d->sumber = RDEF_DESA;
	for (size_t i = 0; t != NULL && i < sizeof(sumber) / sizeof(*sumber);
	    i++)
		if (strcmp(t, sumber[i]) == 0)
			d->sumber = (enum rdef_sumber)i;
	if (t != NULL && strcmp(t, sumber[d->sumber]) != 0) {
		nerr_set(e, EX_CONFIG, name, root->line, 0, "laporan: unknown "
		    "sumber \"%s\"", t);
		free(t);
		goto fail;
	}
	free(t);
	d->bagian = dnode_token(root, "bagian");
	d->klasifikasi = dnode_attr_dup(root, "klasifikasi");
	d->paraf = dnode_attr_dup(root, "paraf");
	if (d->bagian == NULL || d->klasifikasi == NULL || d->paraf == NULL) {
		nerr_set(e, EX_CONFIG, name, root->line, 0, "laporan: needs "
		    "bagian, klasifikasi and paraf");
		goto fail;
	}
	if (d->sumber == RDEF_DESA) {
		/* Validated above: the indicators need no second pass. */
		if ((d->desa = ddata_def_parse(name, buf, len, NULL, e)) ==
		    NULL)
			goto fail;
		d->judul = xstrdup(d->desa->judul);
		d->grafik = xstrdup(d->desa->chart.judul);
		d->ukuran = xstrdup("indikator");
	} else {
		for (const struct dnode *n = root->child; n; n = n->next) {
			if (n->name == NULL)
				continue;
			if (!strcmp(n->name, "judul")) {
				free(d->judul);
				d->judul = dnode_text(n);
			} else if (!strcmp(n->name, "grafik")) {
				free(d->grafik);
				free(d->ukuran);
				d->grafik = dnode_text(n);
				d->ukuran = dnode_token(n, "ukuran");
			}
		}
		if (d->judul == NULL || d->grafik == NULL ||
		    d->ukuran == NULL) {
			nerr_set(e, EX_CONFIG, name, root->line, 0, "laporan: "
			    "needs a judul and a grafik with its ukuran");
			goto fail;
		}
		/* A survey's elements and profile columns (rskm.c). */
		if (d->sumber == RDEF_SKM &&
		    (d->skm = rskm_def_parse(name, root, e)) == NULL)
			goto fail;
	}
	doc_tree_free(doc);
	return d;
fail:
	doc_tree_free(doc);
	rdef_free(d);
	return NULL;
}

struct rdef *
rdef_load(const char *path, const struct doc_schema *s, struct nerr *e)
{
	size_t len;
	char *buf = fs_slurp(path, &len, e);
	struct rdef *d;

	if (buf == NULL) {
		e->status = EX_CONFIG;
		return NULL;
	}
	d = rdef_parse(path, buf, len, s, e);
	free(buf);
	return d;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
rdef_names(const char *dir, char *buf, size_t sz)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	size_t n = 0, len = 0;

	if (sz > 0)
		buf[0] = '\0';
	if (dp == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		size_t l = strlen(de->d_name);

		if (de->d_name[0] == '.' || l < 5 ||
		    strcmp(de->d_name + l - 4, ".xml") != 0)
			continue;
		v = xrealloc(v, (n + 1) * sizeof(*v));
		v[n] = xstrdup(de->d_name);
		v[n++][l - 4] = '\0';
	}
	closedir(dp);
	qsort(v, n, sizeof(*v), cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (len < sz)
			len += (size_t)snprintf(buf + len, sz - len, "%s%s",
			    i ? ", " : "", v[i]);
		free(v[i]);
	}
	free(v);
}
