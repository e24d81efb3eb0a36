/* sdjenis.c -- reads the surat dinas types of templates/surat-dinas/:
 * everything a type differs in is here as data, so a new type is a new
 * file and no code. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "sdjenis.h"
#include "xmem.h"

struct sdj_set {
	struct sdj	*v;
	size_t		 n;
};

static void
sdj_clear(struct sdj *t)
{
	free(t->path); free(t->jenis); free(t->kode); free(t->nama);
	free(t->isi); free(t->signer); free(t->lamp_judul);
	for (size_t i = 0; i < t->nkol; i++) {
		free(t->kol[i].nama);
		free(t->kol[i].judul);
	}
	free(t->kol);
	for (size_t i = 0; i < t->nparaf; i++) {
		free(t->paraf[i].jabatan);
		free(t->paraf[i].sebutan);
	}
	free(t->paraf);
}

void
sdj_set_free(struct sdj_set *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++)
		sdj_clear(&s->v[i]);
	free(s->v);
	free(s);
}

static enum sdj_format
format_of(const struct dnode *n)
{
	const char *f = dnode_attr(n, "format");

	if (f == NULL)
		return SDJ_TEKS;
	return !strcmp(f, "angka") ? SDJ_ANGKA : !strcmp(f, "rupiah") ?
	    SDJ_RUPIAH : !strcmp(f, "tanggal") ? SDJ_TANGGAL : SDJ_TEKS;
}

static void
read_lampiran(struct sdj *t, const struct dnode *n)
{
	t->lampiran = dnode_attr_is(n, "wajib", "ya") ? SDJ_LAMP_WAJIB :
	    SDJ_LAMP_BOLEH;
	t->lamp_judul = dnode_attr_dup(n, "judul");
	for (const struct dnode *c = n->child; c; c = c->next) {
		struct sdj_kolom *k;
		const char *w;

		if (c->name == NULL || strcmp(c->name, "kolom") != 0)
			continue;
		t->kol = xrealloc(t->kol, (t->nkol + 1) * sizeof(*t->kol));
		k = &t->kol[t->nkol++];
		k->nama = dnode_token(c, "nama");
		k->judul = dnode_attr_dup(c, "judul");
		w = dnode_attr(c, "lebar");
		k->lebar = w != NULL ? atof(w) : 1;
		k->format = format_of(c);
	}
}

static int
sdj_read(struct sdj *t, const char *path, const char *fname,
    const struct doc_schema *schema, struct nerr *e)
{
	struct doc_tree *doc;
	const struct dnode *root;
	size_t flen = strlen(fname) - 4;

	if ((doc = doc_tree_file(path, schema, e)) == NULL) {
		e->status = EX_CONFIG;
		return -1;
	}
	memset(t, 0, sizeof(*t));
	t->path = xstrdup(path);
	t->signer = xstrdup("camat");
	root = doc_tree_root(doc);
	t->jenis = dnode_token(root, "jenis");
	t->kode = dnode_token(root, "kode");
	t->kode_line = root->line;
	for (const struct dnode *n = root->child; n; n = n->next) {
		if (n->name == NULL)
			continue;
		if (!strcmp(n->name, "nama"))
			t->nama = dnode_text(n);
		else if (!strcmp(n->name, "isi"))
			t->isi = dnode_token(n, "template");
		else if (!strcmp(n->name, "penandatangan")) {
			free(t->signer);
			t->signer = dnode_token(n, "jabatan");
		} else if (!strcmp(n->name, "lampiran"))
			read_lampiran(t, n);
		else if (!strcmp(n->name, "paraf")) {
			for (const struct dnode *c = n->child; c; c = c->next) {
				if (c->name == NULL)
					continue;
				t->paraf = xrealloc(t->paraf, (t->nparaf + 1) *
				    sizeof(*t->paraf));
				t->paraf[t->nparaf].jabatan = dnode_token(c,
				    "jabatan");
				t->paraf[t->nparaf++].sebutan =
				    dnode_attr_dup(c, "sebutan");
			}
		}
	}
	/* The input names a type by its file: one name for both. */
	if (strlen(t->jenis) != flen || strncmp(t->jenis, fname, flen) != 0) {
		nerr_set(e, EX_CONFIG, path, root->line, 0, "jenis=\"%s\" is "
		    "not the file's own name (%.*s)", t->jenis, (int)flen,
		    fname);
		doc_tree_free(doc);
		return -1;
	}
	doc_tree_free(doc);
	return 0;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct sdj_set *
sdj_load_dir(const char *dir, const char *rng, struct nerr *e)
{
	struct sdj_set *set = xcalloc(1, sizeof(*set));
	struct doc_schema *schema;
	struct dirent *de;
	char **names = NULL, path[4096];
	size_t nnames = 0;
	int bad = 0;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return set;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (len > 4 && de->d_name[0] != '.' &&
		    strcmp(de->d_name + len - 4, ".xml") == 0) {
			names = xrealloc(names, (nnames + 1) * sizeof(*names));
			names[nnames++] = xstrdup(de->d_name);
		}
	}
	closedir(d);
	if (nnames > 1)
		qsort(names, nnames, sizeof(*names), cmp_name);
	if (nnames > 0 && (schema = doc_schema_load(rng, e)) == NULL) {
		e->status = EX_CONFIG;
		bad = 1;
	} else if (nnames > 0) {
		set->v = xcalloc(nnames, sizeof(*set->v));
		for (size_t i = 0; i < nnames && !bad; i++) {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
			if (sdj_read(&set->v[set->n], path, names[i], schema,
			    e) != 0)
				bad = 1;
			set->n++;
		}
		doc_schema_free(schema);
	}
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	if (bad) {
		sdj_set_free(set);
		return NULL;
	}
	return set;
}

const struct sdj *
sdj_find(const struct sdj_set *s, const char *jenis)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i].jenis, jenis) == 0)
			return &s->v[i];
	return NULL;
}

const struct sdj *
sdj_at(const struct sdj_set *s, size_t i)
{
	return i < s->n ? &s->v[i] : NULL;
}
