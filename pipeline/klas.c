/* klas.c -- the Permendagri 83/2022 classification list: a strict reader
 * of templates/klasifikasi/ (the list is project data, so any flaw is a
 * configuration error with its line), look-up, and the start-up check of
 * every code the SOPs, the report definitions and kantor.xml use. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvr.h"
#include "doc.h"
#include "kantor.h"
#include "klas.h"
#include "sop.h"
#include "xmem.h"

struct klas {
	struct klas_entry	*v;	/* file order */
	size_t			 n;
	struct klas_entry	**idx;	/* by strcmp of kode, for bsearch */
	char			 versi[64];
	char			 path[512];
};

static const char *const cols[] = { "kode", "uraian", "retensi_aktif",
	"retensi_inaktif", "status_akhir" };

void
klas_free(struct klas *k)
{
	if (k == NULL)
		return;
	for (size_t i = 0; i < k->n; i++) {
		free((char *)k->v[i].kode); free((char *)k->v[i].uraian);
		free((char *)k->v[i].aktif); free((char *)k->v[i].inaktif);
		free((char *)k->v[i].akhir);
	}
	free(k->v);
	free(k->idx);
	free(k);
}

const char *
klas_version(const struct klas *k)
{
	return k->versi;
}

size_t
klas_count(const struct klas *k)
{
	return k->n;
}

/* 000, 400.12.2.1: three digits, then numbers without a leading zero. */
static int
code_ok(const char *s)
{
	if (strlen(s) < 3 || s[0] < '0' || s[0] > '9' || s[1] < '0' ||
	    s[1] > '9' || s[2] < '0' || s[2] > '9')
		return 0;
	for (s += 3; *s; ) {
		if (*s++ != '.' || *s < '1' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
		if (s[-1] == '.')
			return 0;
	}
	return 1;
}

static int
by_kode(const void *a, const void *b)
{
	return strcmp((*(struct klas_entry *const *)a)->kode,
	    (*(struct klas_entry *const *)b)->kode);
}

static int
key_kode(const void *key, const void *b)
{
	return strcmp(key, (*(struct klas_entry *const *)b)->kode);
}

const struct klas_entry *
klas_find(const struct klas *k, const char *code)
{
	struct klas_entry **p;

	if (k == NULL || code == NULL || k->n == 0)
		return NULL;
	p = bsearch(code, k->idx, k->n, sizeof(*k->idx), key_kode);
	return p ? *p : NULL;
}

/* The version file: one identifier, what each document stores. */
static int
read_versi(struct klas *k, const char *dir, struct nerr *e)
{
	char path[4096], buf[128];
	size_t n;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/versi", dir);
	if ((fp = fopen(path, "r")) == NULL) {
		nerr_set(e, EX_CONFIG, path, 0, 0, "cannot read the "
		    "classification list's version");
		return -1;
	}
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	if (n == 0 || n >= sizeof(k->versi) ||
	    strspn(buf, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789./-_") != n) {
		nerr_set(e, EX_CONFIG, path, 1, 0, "the version must be one "
		    "line of letters, digits and . / - _ (at most %zu)",
		    sizeof(k->versi) - 1);
		return -1;
	}
	memcpy(k->versi, buf, n + 1);
	return 0;
}

static int
bad(struct nerr *e, const char *path, long line, long col, const char *msg,
    const char *arg)
{
	nerr_set(e, EX_CONFIG, path, line, col, "classification list: %s%s%s",
	    msg, arg ? " " : "", arg ? arg : "");
	return -1;
}

static int
read_rows(struct klas *k, struct csvr *c, struct nerr *e)
{
	struct csvr_row row;
	size_t cap = 0;
	int rc;

	while ((rc = csvr_next(c, &row, e)) != 0) {
		if (rc < 0) {
			e->status = EX_CONFIG;
			return -1;
		}
		const char *const *f = row.fields;
		int any = f[2][0] || f[3][0] || f[4][0];

		if (!code_ok(f[0]))
			return bad(e, k->path, row.line, 1, "not a code "
			    "(000.1.2):", f[0]);
		if (f[1][0] == '\0')
			return bad(e, k->path, row.line, 2, "no uraian for",
			    f[0]);
		if (any && !(f[2][0] && f[3][0] && f[4][0]))
			return bad(e, k->path, row.line, 3, "retention needs "
			    "all of aktif, inaktif and status akhir:", f[0]);
		if (k->n == cap) {
			cap = cap ? cap * 2 : 4096;
			k->v = xrealloc(k->v, cap * sizeof(*k->v));
		}
		struct klas_entry *en = &k->v[k->n++];
		en->kode = xstrdup(f[0]);
		en->uraian = xstrdup(f[1]);
		en->aktif = xstrdup(f[2]);
		en->inaktif = xstrdup(f[3]);
		en->akhir = xstrdup(f[4]);
		en->heading = 0;
		en->line = row.line;
	}
	return 0;
}

/* What a row alone cannot say: no code twice, every parent present, a
 * heading is what has codes under it and carries no retention. */
static int
check_tree(struct klas *k, struct nerr *e)
{
	char parent[128];

	k->idx = xcalloc(k->n ? k->n : 1, sizeof(*k->idx));
	for (size_t i = 0; i < k->n; i++)
		k->idx[i] = &k->v[i];
	qsort(k->idx, k->n, sizeof(*k->idx), by_kode);
	for (size_t i = 1; i < k->n; i++)
		if (strcmp(k->idx[i - 1]->kode, k->idx[i]->kode) == 0) {
			const struct klas_entry *a = k->idx[i - 1],
			    *b = k->idx[i];
			nerr_set(e, EX_CONFIG, k->path, a->line > b->line ?
			    a->line : b->line, 1, "classification list: code "
			    "%s twice (first on line %ld)", a->kode,
			    a->line < b->line ? a->line : b->line);
			return -1;
		}
	for (size_t i = 0; i < k->n; i++) {
		struct klas_entry *en = &k->v[i];
		const char *dot = strrchr(en->kode, '.');
		struct klas_entry *p;

		/* 000.1's parent, 000, is the list's title, not a row. */
		if (dot == NULL || dot - en->kode == 3)
			continue;
		snprintf(parent, sizeof(parent), "%.*s",
		    (int)(dot - en->kode), en->kode);
		if ((p = (struct klas_entry *)klas_find(k, parent)) == NULL)
			return bad(e, k->path, en->line, 1, "no parent code "
			    "for", en->kode);
		p->heading = 1;
	}
	for (size_t i = 0; i < k->n; i++) {
		const struct klas_entry *en = &k->v[i];

		if (en->heading && en->aktif[0])
			return bad(e, k->path, en->line, 3, "a heading (it "
			    "has codes under it) has no retention:", en->kode);
		if (!en->heading && !en->aktif[0])
			return bad(e, k->path, en->line, 3, "no retention "
			    "for", en->kode);
	}
	return 0;
}

struct klas *
klas_load(const char *dir, struct nerr *e)
{
	struct klas *k = xcalloc(1, sizeof(*k));
	struct csvr *c;
	const struct nerr *w;

	snprintf(k->path, sizeof(k->path), "%s/klasifikasi.csv", dir);
	if (read_versi(k, dir, e) != 0)
		goto fail;
	if ((c = csvr_open(k->path, e)) == NULL) {
		e->status = EX_CONFIG;
		goto fail;
	}
	/* Project data is exact: no encoding guessed, nothing ignored. */
	if ((w = csvr_warning(c, 0)) != NULL) {
		nerr_set(e, EX_CONFIG, k->path, w->line, w->col,
		    "classification list: %s", w->msg);
		csvr_close(c);
		goto fail;
	}
	if (csvr_ncols(c) != sizeof(cols) / sizeof(cols[0])) {
		bad(e, k->path, 1, 0, "the header must be", "kode,uraian,"
		    "retensi_aktif,retensi_inaktif,status_akhir");
		csvr_close(c);
		goto fail;
	}
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		if (strcmp(csvr_colname(c, i), cols[i]) != 0) {
			bad(e, k->path, 1, (long)i + 1, "the header must be",
			    "kode,uraian,retensi_aktif,retensi_inaktif,"
			    "status_akhir");
			csvr_close(c);
			goto fail;
		}
	if (read_rows(k, c, e) != 0) {
		csvr_close(c);
		goto fail;
	}
	csvr_close(c);
	if (k->n == 0) {
		bad(e, k->path, 0, 0, "no codes", NULL);
		goto fail;
	}
	if (check_tree(k, e) != 0)
		goto fail;
	return k;
fail:
	klas_free(k);
	return NULL;
}

int
klas_check(const struct klas *k, const char *code, const char *file,
    long line, struct nerr *e)
{
	const struct klas_entry *up = NULL;
	char buf[128];
	char *dot;

	if (code == NULL || *code == '\0') {
		nerr_set(e, EX_CONFIG, file, line, 0, "no classification code "
		    "(klasifikasi)");
		return -1;
	}
	if (klas_find(k, code) != NULL)
		return 0;
	snprintf(buf, sizeof(buf), "%s", code);
	while (up == NULL && (dot = strrchr(buf, '.')) != NULL) {
		*dot = '\0';
		up = klas_find(k, buf);
	}
	nerr_set(e, EX_CONFIG, file, line, 0, "klasifikasi \"%s\" is not a "
	    "code of the classification list %s (version %s)%s%s%s%s", code,
	    k->path, k->versi, up ? "; the nearest above it is " : "",
	    up ? up->kode : "", up ? " " : "", up ? up->uraian : "");
	return -1;
}

const char *
klas_laporan(const struct kantor *kt, const char *bagian, const char *dflt)
{
	for (size_t i = 0; i < kt->nklas; i++)
		if (kt->klas[i].laporan != NULL &&
		    strcmp(kt->klas[i].laporan, bagian) == 0)
			return kt->klas[i].kode;
	return dflt;
}

/* Every report definition's code; the reports themselves are read by
 * `naskah report`, but a wrong code is the office's configuration and
 * stops every command, as an SOP's does. */
static int
check_laporan(const struct klas *k, const char *dir, struct nerr *e)
{
	struct dirent **ent;
	char path[4096];
	int n, rc = 0;

	if ((n = scandir(dir, &ent, NULL, alphasort)) < 0)
		return 0;	/* no reports: nothing to check */
	for (int i = 0; i < n; i++) {
		size_t len = strlen(ent[i]->d_name);
		struct doc_tree *t;
		const struct dnode *root;

		if (rc == 0 && len > 4 && ent[i]->d_name[0] != '.' &&
		    strcmp(ent[i]->d_name + len - 4, ".xml") == 0) {
			snprintf(path, sizeof(path), "%s/%s", dir,
			    ent[i]->d_name);
			if ((t = doc_tree_file(path, NULL, e)) == NULL) {
				e->status = EX_CONFIG;
				rc = -1;
			} else {
				root = doc_tree_root(t);
				if (root != NULL && dnode_attr(root,
				    "klasifikasi") != NULL && klas_check(k,
				    dnode_attr(root, "klasifikasi"), path,
				    root->line, e) != 0)
					rc = -1;
				doc_tree_free(t);
			}
		}
		free(ent[i]);
	}
	free(ent);
	return rc;
}

int
klas_office(const struct klas *k, const struct kantor *kt,
    struct sop_set *ss, const char *laporan_dir, struct nerr *e)
{
	const struct sop *s;
	char path[4096];

	/* The SOP files' own codes first, every variant's (a complaint
	 * received under another is still issued by it): a wrong one is a
	 * mistake even where this office overrides it. */
	for (size_t i = 0; (s = sop_any(ss, i)) != NULL; i++)
		for (size_t j = 0; j < s->ndoc; j++)
			if (s->doc[j].klasifikasi != NULL &&
			    klas_check(k, s->doc[j].klasifikasi, s->path,
			    s->doc[j].line, e) != 0)
				return -1;
	if (check_laporan(k, laporan_dir, e) != 0)
		return -1;
	for (size_t i = 0; i < kt->nklas; i++) {
		const struct kantor_klas *o = &kt->klas[i];

		if (klas_check(k, o->kode, kt->path, o->line, e) != 0)
			return -1;
		if (o->laporan != NULL) {
			snprintf(path, sizeof(path), "%s/%s.xml", laporan_dir,
			    o->laporan);
			if (access(path, F_OK) != 0) {
				nerr_set(e, EX_CONFIG, kt->path, o->line, 0,
				    "<klasifikasi laporan=\"%s\">: no such "
				    "report (%s)", o->laporan, path);
				return -1;
			}
		} else if (sop_klasifikasi(ss, o->layanan, o->jenis,
		    o->kode) == 0) {
			nerr_set(e, EX_CONFIG, kt->path, o->line, 0,
			    "<klasifikasi layanan=\"%s\"%s%s%s>: no such "
			    "service%s", o->layanan, o->jenis ? " jenis=\"" :
			    "", o->jenis ? o->jenis : "", o->jenis ? "\"" : "",
			    o->jenis ? " or no such document of it" : "");
			return -1;
		}
	}
	return 0;
}
