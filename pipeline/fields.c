/* fields.c -- load templates/fields.xml, and the two things every caller
 * does with a value whatever its field: its canonical form (what a row
 * hash covers) and its printed form (what a document shows). */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "doc.h"
#include "fields.h"
#include "xmem.h"

struct fields {
	struct field	*v;
	size_t		 n;
	char		*path;
};

static int
num_attr(const struct dnode *n, const char *name)
{
	char *v = dnode_token(n, name);
	int i = v ? atoi(v) : 0;

	free(v);
	return i;
}

static const char *const types[] = {
	"teks", "tanggal", "jam", "nik", "kk", "angka", "pilihan", "desa",
	"layanan"
};

const char *
fields_type_name(enum field_type t)
{
	return (size_t)t < sizeof(types) / sizeof(types[0]) ? types[t] : "?";
}

static void
field_clear(struct field *f)
{
	free(f->name); free(f->label); free(f->empty); free(f->bad);
	for (size_t i = 0; i < f->ncode; i++) {
		free(f->code[i].kode);
		free(f->code[i].label);
	}
	free(f->code);
}

void
fields_free(struct fields *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n; i++)
		field_clear(&t->v[i]);
	free(t->v);
	free(t->path);
	free(t);
}

static int
field_read(struct fields *t, struct field *f, const struct dnode *n,
    struct nerr *e)
{
	char *s;

	memset(f, 0, sizeof(*f));
	f->line = n->line;
	f->name = dnode_token(n, "nama");
	f->label = dnode_attr_dup(n, "label");
	f->empty = dnode_attr_dup(n, "kosong");
	if (f->empty == NULL)
		f->empty = xstrdup("");
	f->bad = dnode_attr_dup(n, "salah");
	s = dnode_token(n, "jenis");
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(s, types[i]) == 0)
			f->type = (enum field_type)i;
	free(s);
	s = dnode_token(n, "wajib");
	f->need = s == NULL ? FN_NONE : !strcmp(s, "ya") ? FN_VALUE :
	    !strcmp(s, "kolom") ? FN_COLUMN : FN_NONE;
	free(s);
	f->maxlen = (size_t)num_attr(n, "maks");
	f->dmin = num_attr(n, "digit-min");
	f->dmax = num_attr(n, "digit-maks");
	f->width = num_attr(n, "lebar");
	if (f->type == FT_ANGKA && f->dmin > f->dmax) {
		nerr_set(e, EX_CONFIG, t->path, f->line, 0, "field %s: "
		    "digit-min %d above digit-maks %d", f->name, f->dmin,
		    f->dmax);
		return -1;
	}
	for (const struct dnode *c = n->child; c; c = c->next) {
		struct field_code *fc;

		if (c->name == NULL)
			continue;
		f->code = xrealloc(f->code, (f->ncode + 1) * sizeof(*f->code));
		fc = &f->code[f->ncode++];
		fc->kode = dnode_token(c, "kode");
		fc->label = dnode_text(c);
		if (fc->label[0] == '\0') {
			free(fc->label);
			fc->label = xstrdup(fc->kode);
		}
		for (size_t i = 0; i + 1 < f->ncode; i++)
			if (strcasecmp(f->code[i].kode, fc->kode) == 0) {
				nerr_set(e, EX_CONFIG, t->path, c->line,
				    0, "field %s: code \"%s\" listed twice",
				    f->name, fc->kode);
				return -1;
			}
	}
	if (fields_find(t, f->name) >= 0) {
		nerr_set(e, EX_CONFIG, t->path, f->line, 0, "field \"%s\" "
		    "defined twice", f->name);
		return -1;
	}
	/* {{x_cetak}} is x's printed form: a field of that name would hide
	 * it. */
	size_t len = strlen(f->name);
	if (len > 6 && strcmp(f->name + len - 6, "_cetak") == 0) {
		nerr_set(e, EX_CONFIG, t->path, f->line, 0, "field \"%s\": "
		    "names ending in _cetak are the printed form of another "
		    "field", f->name);
		return -1;
	}
	return 0;
}

struct fields *
fields_load(const char *path, const char *rng, struct nerr *e)
{
	struct doc_schema *s;
	struct fields *t;
	struct field f;
	struct doc_tree *doc;

	if ((s = doc_schema_load(rng, e)) == NULL)
		return NULL;
	doc = doc_tree_file(path, s, e);
	doc_schema_free(s);
	if (doc == NULL) {
		e->status = EX_CONFIG;
		return NULL;
	}
	t = xcalloc(1, sizeof(*t));
	t->path = xstrdup(path);
	t->v = xcalloc(FIELDS_MAX, sizeof(*t->v));
	for (const struct dnode *n = doc_tree_root(doc)->child; n;
	    n = n->next) {
		if (n->name == NULL)
			continue;
		if (t->n == FIELDS_MAX) {
			nerr_set(e, EX_CONFIG, path, n->line, 0,
			    "more than %d fields", FIELDS_MAX);
			goto fail;
		}
		if (field_read(t, &f, n, e) != 0) {
			field_clear(&f);
			goto fail;
		}
		t->v[t->n++] = f;
	}
	doc_tree_free(doc);
	return t;
fail:
	doc_tree_free(doc);
	fields_free(t);
	return NULL;
}

const char *
fields_path(const struct fields *t)
{
	return t->path;
}

size_t
fields_count(const struct fields *t)
{
	return t->n;
}

const struct field *
fields_at(const struct fields *t, size_t i)
{
	return i < t->n ? &t->v[i] : NULL;
}

int
fields_find(const struct fields *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].name, name) == 0)
			return (int)i;
	return -1;
}

const struct field_code *
fields_code(const struct field *f, const char *v)
{
	for (size_t i = 0; i < f->ncode; i++)
		if (strcasecmp(v, f->code[i].kode) == 0)
			return &f->code[i];
	return NULL;
}

/* v without blanks around, into out. */
static void
trim_copy(const char *v, char *out, size_t sz)
{
	size_t n;

	while (isspace((unsigned char)*v))
		v++;
	n = strlen(v);
	while (n > 0 && isspace((unsigned char)v[n - 1]))
		n--;
	if (sz == 0)
		return;
	if (n >= sz)
		n = sz - 1;
	memcpy(out, v, n);
	out[n] = '\0';
}

void
fields_norm(const struct field *f, const char *v, char *out, size_t sz)
{
	const struct field_code *c;
	struct date d;
	int min;

	trim_copy(v, out, sz);
	switch (f->type) {
	case FT_TANGGAL:
		if (date_parse(out, &d) == 0)
			date_iso(&d, out, sz);
		break;
	case FT_JAM:
		if (date_parse_hhmm(out, &min) == 0)
			snprintf(out, sz, "%02d:%02d", min / 60, min % 60);
		break;
	case FT_PILIHAN:
		if ((c = fields_code(f, out)) != NULL)
			snprintf(out, sz, "%s", c->kode);
		break;
	case FT_ANGKA: {
		char *p = out;

		while (p[0] == '0' && isdigit((unsigned char)p[1]))
			p++;
		memmove(out, p, strlen(p) + 1);
		break;
	}
	default:
		break;
	}
}

void
fields_print(const struct field *f, const char *v, char *out, size_t sz)
{
	const struct field_code *c;
	struct date d;
	int min;

	if (v[0] == '\0') {
		snprintf(out, sz, "%s", f->empty);
		return;
	}
	/* Text as typed; what is parsed, without the blanks around. */
	if (f->type == FT_TEKS || f->type == FT_DESA || f->type == FT_LAYANAN) {
		snprintf(out, sz, "%s", v);
		return;
	}
	trim_copy(v, out, sz);
	switch (f->type) {
	case FT_TANGGAL:
		if (date_parse(out, &d) == 0)
			date_format_id(&d, out, sz);
		break;
	case FT_JAM:
		if (date_parse_hhmm(out, &min) == 0)
			snprintf(out, sz, "%02d:%02d", min / 60, min % 60);
		break;
	case FT_PILIHAN:
		if ((c = fields_code(f, out)) != NULL)
			snprintf(out, sz, "%s", c->label);
		break;
	case FT_ANGKA:
		if (f->width > 0 && strspn(out, "0123456789") == strlen(out))
			snprintf(out, sz, "%0*ld", f->width, atol(out));
		break;
	default:
		break;
	}
}
