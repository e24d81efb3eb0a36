/* sop.c -- read the SOP definitions of templates/sop/ and decide which
 * persyaratan an application lacks.  Adding a service is adding a file:
 * nothing here knows a service by name. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc.h"
#include "sop.h"
#include "xmem.h"

struct sop_set {
	struct sop	*v;
	size_t		 n;
};

static const char *const events[SE__MAX] = {
	"lengkap", "kurang", "diterima", "langkah", "selesai"
};

const char *
sop_event_name(enum sop_event ev)
{
	return ev < SE__MAX ? events[ev] : "?";
}


/* Splits a space-separated token list into a NULL-free array. */
static char **
split_ws(const char *s, size_t *n)
{
	char **v = NULL, *copy = strdup(s ? s : ""), *tok, *save;

	*n = 0;
	for (tok = strtok_r(copy, " \t\n", &save); tok;
	    tok = strtok_r(NULL, " \t\n", &save)) {
		v = realloc(v, (*n + 1) * sizeof(*v));
		v[(*n)++] = strdup(tok);
	}
	free(copy);
	return v;
}

static void
sop_clear(struct sop *s)
{
	free(s->path); free(s->layanan); free(s->nomor); free(s->nama);
	free(s->signer); free(s->varian);
	for (size_t i = 0; i < s->nsaluran; i++)
		free(s->saluran[i]);
	free(s->saluran);
	if (s->dispo != NULL) {
		free(s->dispo->oleh);
		for (size_t i = 0; i < s->dispo->nalur; i++)
			free(s->dispo->alur[i]);
		for (size_t i = 0; i < s->dispo->nkepada; i++)
			free(s->dispo->kepada[i]);
		free(s->dispo->alur); free(s->dispo->kepada);
		free(s->dispo->tanda); free(s->dispo);
	}
	for (size_t i = 0; i < s->nwajib; i++)
		free(s->wajib[i]);
	free(s->wajib);
	for (size_t i = 0; i < s->nreq; i++) {
		free(s->req[i].kode); free(s->req[i].label);
		free(s->req[i].if_field);
		for (size_t j = 0; j < s->req[i].nif; j++)
			free(s->req[i].if_values[j]);
		free(s->req[i].if_values);
	}
	free(s->req);
	for (size_t i = 0; i < s->nstep; i++) {
		free(s->step[i].pelaksana);
		free(s->step[i].aktivitas);
		free(s->step[i].waktu);
		free(s->step[i].hasil);
	}
	free(s->step);
	for (size_t i = 0; i < s->ndoc; i++) {
		free(s->doc[i].jenis); free(s->doc[i].template);
		free(s->doc[i].buku); free(s->doc[i].judul);
		free(s->doc[i].klasifikasi);
		free(s->doc[i].map);
	}
	free(s->doc);
}

/* What the schema cannot say about a <dokumen>. */
static int
sop_doc_check(const struct sop *s, const struct sop_doc *d, const char *path,
    struct nerr *e)
{
	if (d->buku != NULL && d->klasifikasi == NULL) {
		nerr_set(e, EX_CONFIG, path, d->line, 0, "dokumen %s is "
		    "numbered in buku %s but has no klasifikasi", d->jenis,
		    d->buku);
		return -1;
	}
	/* An application is complete or not; a complaint is received. */
	if (s->pengaduan ? d->saat == SE_LENGKAP || d->saat == SE_KURANG :
	    d->saat == SE_DITERIMA) {
		nerr_set(e, EX_CONFIG, path, d->line, 0, "dokumen %s: a%s "
		    "has no event \"%s\"", d->jenis, s->pengaduan ?
		    " pengaduan" : "n application (alur permohonan)",
		    events[d->saat]);
		return -1;
	}
	/* Its file name is made of its kind, so two of one kind on one
	 * event would be one file. */
	for (const struct sop_doc *o = s->doc; o < d; o++)
		if (o->saat == d->saat && strcmp(o->jenis, d->jenis) == 0) {
			nerr_set(e, EX_CONFIG, path, d->line, 0, "a second "
			    "dokumen %s on event %s (first on line %ld)",
			    d->jenis, events[d->saat], o->line);
			return -1;
		}
	return 0;
}

/* What the schema cannot say about the steps: numbers that rise, one
 * closing step where a document waits for it. */
static int
sop_steps_check(const struct sop *s, const char *path, struct nerr *e)
{
	int closing = 0, selesai = 0;

	for (size_t i = 0; i < s->nstep; i++) {
		const struct sop_step *st = &s->step[i];

		if (i > 0 && st->no <= s->step[i - 1].no) {
			nerr_set(e, EX_CONFIG, path, st->line, 0, "langkah "
			    "no=\"%d\" does not follow no=\"%d\"", st->no,
			    s->step[i - 1].no);
			return -1;
		}
		if (st->menutup && closing++) {
			nerr_set(e, EX_CONFIG, path, st->line, 0, "a second "
			    "langkah menutup=\"ya\"");
			return -1;
		}
	}
	for (size_t i = 0; i < s->ndoc; i++)
		selesai |= s->doc[i].saat == SE_SELESAI;
	if (selesai && !closing) {
		nerr_set(e, EX_CONFIG, path, 0, 0, "a dokumen waits for event "
		    "selesai but no langkah has menutup=\"ya\"");
		return -1;
	}
	return 0;
}

static char *
text_or_null(const struct dnode *n, const char *name)
{
	char *t = dnode_attr_dup(n, name);

	if (t != NULL && t[0] == '\0') {
		free(t);
		t = NULL;
	}
	return t;
}

static void
read_dispo(struct sop *s, const struct dnode *n)
{
	struct sop_dispo *dp = xcalloc(1, sizeof(*dp));

	dp->oleh = dnode_token(n, "oleh");
	for (const struct dnode *c = n->child; c; c = c->next) {
		if (c->name == NULL)
			continue;
		if (!strcmp(c->name, "alur")) {
			dp->alur = xrealloc(dp->alur, (dp->nalur + 1) *
			    sizeof(*dp->alur));
			dp->alur[dp->nalur++] = dnode_text(c);
		} else if (!strcmp(c->name, "kepada")) {
			char *t = text_or_null(c, "tanda");

			dp->kepada = xrealloc(dp->kepada, (dp->nkepada + 1) *
			    sizeof(*dp->kepada));
			dp->tanda = xrealloc(dp->tanda, (dp->nkepada + 1) *
			    sizeof(*dp->tanda));
			dp->tanda[dp->nkepada] = t != NULL;
			dp->kepada[dp->nkepada++] = dnode_text(c);
			free(t);
		}
	}
	s->dispo = dp;
}

static int
sop_read(struct sop *s, const char *path, const struct doc_schema *schema,
    struct nerr *e)
{
	struct doc_tree *doc;
	const struct dnode *root, *n;
	char *t;

	if ((doc = doc_tree_file(path, schema, e)) == NULL) {
		e->status = EX_CONFIG;
		return -1;
	}
	memset(s, 0, sizeof(*s));
	s->path = xstrdup(path);
	s->signer = xstrdup("camat");
	root = doc_tree_root(doc);
	s->layanan = dnode_token(root, "layanan");
	s->nomor = dnode_attr_dup(root, "nomor");
	t = dnode_token(root, "alur");
	s->pengaduan = t != NULL && strcmp(t, "pengaduan") == 0;
	free(t);
	s->varian = dnode_token(root, "varian");
	t = text_or_null(root, "bawaan");
	s->bawaan = t != NULL;
	free(t);
	for (n = root->child; n; n = n->next) {
		const char *name = n->name;

		if (name == NULL)
			continue;
		if (!strcmp(name, "nama"))
			s->nama = dnode_text(n);
		else if (!strcmp(name, "penandatangan")) {
			free(s->signer);
			s->signer = dnode_token(n, "jabatan");
			s->signer_line = n->line;
			t = dnode_attr_dup(n, "atas-nama");
			s->an = strcmp(t, "ya") == 0;
			free(t);
		} else if (!strcmp(name, "isian")) {
			t = dnode_attr_dup(n, "wajib");
			s->wajib = split_ws(t, &s->nwajib);
			s->wajib_line = n->line;
			free(t);
		} else if (!strcmp(name, "saluran")) {
			t = dnode_attr_dup(n, "kode");
			s->saluran = split_ws(t, &s->nsaluran);
			free(t);
		} else if (!strcmp(name, "disposisi")) {
			read_dispo(s, n);
		} else if (!strcmp(name, "persyaratan")) {
			struct sop_req *r;

			s->req = realloc(s->req, (s->nreq + 1) * sizeof(*r));
			r = &s->req[s->nreq++];
			memset(r, 0, sizeof(*r));
			r->kode = dnode_token(n, "kode");
			r->label = dnode_text(n);
			r->if_field = dnode_token(n, "jika");
			r->line = n->line;
			t = dnode_attr_dup(n, "sama-dengan");
			if (t != NULL)
				r->if_values = split_ws(t, &r->nif);
			free(t);
		} else if (!strcmp(name, "dokumen")) {
			struct sop_doc *d;

			s->doc = xrealloc(s->doc, (s->ndoc + 1) * sizeof(*d));
			d = &s->doc[s->ndoc++];
			memset(d, 0, sizeof(*d));
			d->line = n->line;
			d->jenis = dnode_token(n, "jenis");
			d->template = dnode_attr_dup(n, "template");
			d->buku = dnode_token(n, "buku");
			if (strcmp(d->buku, "tidak") == 0) {
				free(d->buku);
				d->buku = NULL;
			}
			t = dnode_token(n, "saat");
			for (int i = 0; i < SE__MAX; i++)
				if (strcmp(t, events[i]) == 0)
					d->saat = (enum sop_event)i;
			free(t);
			d->judul = dnode_attr_dup(n, "judul");
			d->klasifikasi = dnode_attr_dup(n, "klasifikasi");
			d->map = dnode_token(n, "map");
			if (sop_doc_check(s, d, path, e) != 0) {
				doc_tree_free(doc);
				sop_clear(s);
				return -1;
			}
		} else if (!strcmp(name, "langkah")) {
			struct sop_step *st;

			s->step = realloc(s->step, (s->nstep + 1) * sizeof(*st));
			st = &s->step[s->nstep++];
			memset(st, 0, sizeof(*st));
			st->line = n->line;
			t = text_or_null(n, "no");
			st->no = t ? atoi(t) : (int)s->nstep;
			free(t);
			st->pelaksana = dnode_attr_dup(n, "pelaksana");
			st->aktivitas = dnode_text(n);
			if ((t = text_or_null(n, "menit")) != NULL) {
				char buf[32];

				st->menit = atoi(t);
				snprintf(buf, sizeof(buf), "%d menit",
				    st->menit);
				st->waktu = xstrdup(buf);
				free(t);
			} else
				st->waktu = dnode_token(n, "waktu");
			t = text_or_null(n, "menutup");
			st->menutup = t != NULL;
			free(t);
			st->hasil = dnode_token(n, "hasil");
			t = text_or_null(n, "kesepakatan");
			st->kesepakatan = t != NULL;
			free(t);
		}
	}
	doc_tree_free(doc);
	if (sop_steps_check(s, path, e) != 0) {
		sop_clear(s);
		return -1;
	}
	/* Every document is filed under a code (klas.h): one without its
	 * own (a return notice) belongs to the service's file, the first
	 * code the SOP gives. */
	for (size_t i = 0; i < s->ndoc; i++)
		if (s->doc[i].klasifikasi != NULL) {
			for (size_t j = 0; j < s->ndoc; j++)
				if (s->doc[j].klasifikasi == NULL)
					s->doc[j].klasifikasi =
					    xstrdup(s->doc[i].klasifikasi);
			break;
		}
	return 0;
}

/* A layanan is one file, or several variants of which one is the
 * default; the active one is what sop_find and sop_at give. */
static int
sop_variant_check(struct sop_set *set, struct sop *s, struct nerr *e)
{
	s->aktif = 1;
	for (size_t i = 0; i < set->n; i++) {
		struct sop *o = &set->v[i];

		if (strcmp(o->layanan, s->layanan) != 0)
			continue;
		if (o->varian == NULL || s->varian == NULL ||
		    strcmp(o->varian, s->varian) == 0) {
			nerr_set(e, EX_CONFIG, s->path, 0, 0, "layanan \"%s\" "
			    "defined twice (also in %s; several SOPs of one "
			    "layanan each need their own varian)", s->layanan,
			    o->path);
			return -1;
		}
		if (o->bawaan && s->bawaan) {
			nerr_set(e, EX_CONFIG, s->path, 0, 0, "layanan \"%s\": "
			    "a second bawaan=\"ya\" (also %s)", s->layanan,
			    o->path);
			return -1;
		}
		if (s->bawaan)
			o->aktif = 0;
		else if (o->aktif && !s->bawaan)
			s->aktif = 0;
	}
	return 0;
}

int
sop_select(struct sop_set *set, const char *layanan, const char *varian,
    struct nerr *e)
{
	struct sop *pick = NULL;

	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->v[i].layanan, layanan) == 0 &&
		    set->v[i].varian != NULL &&
		    strcmp(set->v[i].varian, varian) == 0)
			pick = &set->v[i];
	if (pick == NULL) {
		nerr_set(e, EX_CONFIG, NULL, 0, 0, "sop layanan=\"%s\" "
		    "varian=\"%s\": no such SOP in templates/sop", layanan,
		    varian);
		return -1;
	}
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->v[i].layanan, layanan) == 0)
			set->v[i].aktif = &set->v[i] == pick;
	return 0;
}

int
sop_klasifikasi(struct sop_set *set, const char *layanan, const char *jenis,
    const char *kode)
{
	int n = 0;

	for (size_t i = 0; i < set->n; i++) {
		if (strcmp(set->v[i].layanan, layanan) != 0)
			continue;
		for (size_t j = 0; j < set->v[i].ndoc; j++) {
			struct sop_doc *d = &set->v[i].doc[j];

			if (jenis != NULL && strcmp(d->jenis, jenis) != 0)
				continue;
			free(d->klasifikasi);
			d->klasifikasi = xstrdup(kode);
			n++;
		}
	}
	return n;
}

const struct sop *
sop_variant(const struct sop_set *set, const char *layanan,
    const char *varian)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->v[i].layanan, layanan) == 0 &&
		    set->v[i].varian != NULL &&
		    strcmp(set->v[i].varian, varian) == 0)
			return &set->v[i];
	return NULL;
}

const struct sop_step *
sop_step_no(const struct sop *s, int no)
{
	for (size_t i = 0; i < s->nstep; i++)
		if (s->step[i].no == no)
			return &s->step[i];
	return NULL;
}

const struct sop_step *
sop_closing(const struct sop *s)
{
	for (size_t i = 0; i < s->nstep; i++)
		if (s->step[i].menutup)
			return &s->step[i];
	return NULL;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct sop_set *
sop_load_dir(const char *dir, const char *rng, struct nerr *e)
{
	struct doc_schema *schema;
	struct sop_set *set;
	struct dirent *de;
	char **names = NULL, path[4096];
	size_t nnames = 0;
	DIR *d;

	if ((d = opendir(dir)) == NULL) {
		nerr_set(e, EX_CONFIG, dir, 0, 0, "cannot open SOP folder");
		return NULL;
	}
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (len > 4 && strcmp(de->d_name + len - 4, ".xml") == 0) {
			names = realloc(names, (nnames + 1) * sizeof(*names));
			names[nnames++] = strdup(de->d_name);
		}
	}
	closedir(d);
	/* Sorted, so that errors and listings do not depend on the disk. */
	qsort(names, nnames, sizeof(*names), cmp_name);
	if ((schema = doc_schema_load(rng, e)) == NULL) {
		e->status = EX_CONFIG;
		for (size_t i = 0; i < nnames; i++)
			free(names[i]);
		free(names);
		return NULL;
	}
	set = calloc(1, sizeof(*set));
	set->v = calloc(nnames ? nnames : 1, sizeof(*set->v));
	for (size_t i = 0; i < nnames; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (set != NULL && sop_read(&set->v[set->n], path, schema,
		    e) == 0) {
			if (sop_variant_check(set, &set->v[set->n], e) != 0) {
				set->n++;
				sop_set_free(set);
				set = NULL;
			} else
				set->n++;
		} else if (set != NULL) {
			sop_set_free(set);
			set = NULL;
		}
		free(names[i]);
	}
	free(names);
	doc_schema_free(schema);
	if (set != NULL && set->n == 0) {
		nerr_set(e, EX_CONFIG, dir, 0, 0, "no SOP definitions");
		sop_set_free(set);
		set = NULL;
	}
	return set;
}

void
sop_set_free(struct sop_set *set)
{
	if (set == NULL)
		return;
	for (size_t i = 0; i < set->n; i++)
		sop_clear(&set->v[i]);
	free(set->v);
	free(set);
}

const struct sop *
sop_at(const struct sop_set *set, size_t i)
{
	for (size_t j = 0; j < set->n; j++)
		if (set->v[j].aktif && i-- == 0)
			return &set->v[j];
	return NULL;
}

const struct sop *
sop_any(const struct sop_set *set, size_t i)
{
	return i < set->n ? &set->v[i] : NULL;
}

const struct sop *
sop_find(const struct sop_set *set, const char *layanan)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].aktif && strcmp(set->v[i].layanan, layanan) == 0)
			return &set->v[i];
	return NULL;
}

/* Trims a token in place and returns its start. */
static char *
trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static int
req_applies(const struct sop_req *r, sop_getter get, void *ctx)
{
	const char *v;

	if (r->if_field == NULL)
		return 1;
	if ((v = get(ctx, r->if_field)) == NULL)
		return 0;
	for (size_t i = 0; i < r->nif; i++)
		if (strcasecmp(v, r->if_values[i]) == 0)
			return 1;
	return 0;
}

size_t
sop_check(const struct sop *s, const char *kelengkapan, sop_getter get,
    void *ctx, const struct sop_req **missing, char *scratch,
    const char **unknown)
{
	unsigned char have[64] = { 0 };	/* more persyaratan than this: none */
	size_t nmiss = 0;
	char *p, *tok;

	*unknown = NULL;
	strcpy(scratch, kelengkapan ? kelengkapan : "");
	for (p = scratch; p != NULL; ) {
		tok = p;
		p = strpbrk(p, ";,");
		if (p != NULL)
			*p++ = '\0';
		tok = trim(tok);
		if (*tok == '\0')
			continue;
		size_t i;
		for (i = 0; i < s->nreq && i < sizeof(have); i++)
			if (strcasecmp(tok, s->req[i].kode) == 0 ||
			    strcasecmp(tok, s->req[i].label) == 0) {
				have[i] = 1;
				break;
			}
		if (i == s->nreq && *unknown == NULL)
			*unknown = tok;
	}
	for (size_t i = 0; i < s->nreq && i < sizeof(have); i++)
		if (!have[i] && req_applies(&s->req[i], get, ctx))
			missing[nmiss++] = &s->req[i];
	return nmiss;
}
