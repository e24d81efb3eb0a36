/* fill.c -- every document's values from one function, driven by the
 * field table: nothing here knows a service, a field of one, or a
 * document by name.  The start-up check and the row hash live here too,
 * because both are about what a document prints. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fill.h"
#include "num.h"
#include "sha256.h"
#include "xmem.h"

struct inc {
	char	*name;		/* PEMOHON */
	char	*path;		/* DATADIR/templates/inc/pemohon.xml */
};

struct fill {
	const struct check	*ck;
	const struct fields	*t;
	const struct kantor	*k;
	struct inc		*inc;
	size_t			 ninc;
	size_t			 byname[FIELDS_MAX];	/* indexes, by name */
	/* Learnt by fill_preflight: which fields each document of each SOP
	 * prints, and the union for each event. */
	struct learnt		*learnt;
	size_t			 nlearnt;
	int			 learning;	/* fill_row exports all */
	fill_extra_fn		 extra;
	void			*extra_arg;
};

void
fill_set_extra(struct fill *f, fill_extra_fn fn, void *arg)
{
	f->extra = fn;
	f->extra_arg = arg;
}

/* The values that are not the row's, each a bit of struct use. */
enum fixed {
	X_KERTAS, X_KABUPATEN, X_KAB_SEBUTAN, X_KECAMATAN, X_KODE_WILAYAH,
	X_KODE_UNIT, X_KANTOR_ALAMAT, X_TELEPON, X_KODE_POS, X_EMAIL,
	X_LAMAN, X_JUDUL, X_NOMOR, X_LAYANAN, X_LAYANAN_NAMA, X_SOP_NOMOR,
	X_TEMPAT_TANGGAL, X_DESA, X_DESA_SEBUTAN, X_KURANG, X_TTD_AN,
	X_TTD_JABATAN, X_TTD_NAMA, X_TTD_PANGKAT, X_TTD_NIP, X_TTD_STAMP,
	X_TTD_PLT, X__MAX
};

static const char *const fixed_keys[X__MAX] = {
	"KERTAS", "KABUPATEN", "KAB_SEBUTAN", "KECAMATAN", "KODE_WILAYAH",
	"KODE_UNIT", "KANTOR_ALAMAT", "TELEPON", "KODE_POS", "EMAIL",
	"LAMAN", "JUDUL", "NOMOR", "LAYANAN", "LAYANAN_NAMA", "SOP_NOMOR",
	"TEMPAT_TANGGAL", "DESA", "DESA_SEBUTAN", "KURANG", "TTD_AN",
	"TTD_JABATAN", "TTD_NAMA", "TTD_PANGKAT", "TTD_NIP", "TTD_STAMP",
	"TTD_PLT"
};

/* What one document's template uses of what fill_row offers. */
#define U_RAW		1	/* {{x}} */
#define U_CETAK		2	/* {{x_cetak}} */
#define U_SECTION	4	/* {{#x}} */
struct use {
	unsigned char	 f[FIELDS_MAX];	/* U_* by field */
	uint32_t	 fixed;		/* 1 << enum fixed */
};

struct learnt {
	const struct sop	*s;
	struct use		*doc;		/* by s->doc index */
	unsigned char		 ev[SE__MAX][FIELDS_MAX]; /* fields printed */
};

static int
cmp_inc(const void *a, const void *b)
{
	return strcmp(((const struct inc *)a)->name,
	    ((const struct inc *)b)->name);
}

/* Every templates/inc/NAME.xml is {{>NAME}} to every document. */
static void
load_incs(struct fill *f, const char *datadir)
{
	char dir[4096], path[8192];
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/templates/inc", datadir);
	if ((d = opendir(dir)) == NULL)
		return;		/* none: a template naming one fails */
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		struct inc *in;

		if (n <= 4 || strcmp(de->d_name + n - 4, ".xml") != 0 ||
		    de->d_name[0] == '.')
			continue;
		/* office_render adds the kop and the verification code itself
		 * (office.h): twice would be two kops. */
		if (strcmp(de->d_name, "kop.xml") == 0 ||
		    strcmp(de->d_name, "verifikasi.xml") == 0)
			continue;
		f->inc = xrealloc(f->inc, (f->ninc + 1) * sizeof(*f->inc));
		in = &f->inc[f->ninc++];
		in->name = xmalloc(n - 3);
		for (size_t i = 0; i < n - 4; i++)
			in->name[i] = (char)toupper((unsigned char)
			    de->d_name[i]);
		in->name[n - 4] = '\0';
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		in->path = xstrdup(path);
	}
	closedir(d);
	if (f->ninc > 1)
		qsort(f->inc, f->ninc, sizeof(*f->inc), cmp_inc);
}

struct fill *
fill_new(const struct check *ck, const struct kantor *k, const char *datadir,
    struct nerr *e)
{
	struct fill *f = xcalloc(1, sizeof(*f));

	f->ck = ck;
	f->t = check_fields(ck);
	f->k = k;
	(void)e;
	load_incs(f, datadir);
	/* By name, so that the hash does not depend on the table's order. */
	for (size_t i = 0; i < fields_count(f->t); i++) {
		size_t j = i;

		for (; j > 0 && strcmp(fields_at(f->t, f->byname[j - 1])->name,
		    fields_at(f->t, i)->name) > 0; j--)
			f->byname[j] = f->byname[j - 1];
		f->byname[j] = i;
	}
	return f;
}

static void
learnt_free(struct fill *f)
{
	for (size_t i = 0; i < f->nlearnt; i++)
		free(f->learnt[i].doc);
	free(f->learnt);
	f->learnt = NULL;
	f->nlearnt = 0;
}

static const struct learnt *
learnt_find(const struct fill *f, const struct sop *s)
{
	for (size_t i = 0; i < f->nlearnt; i++)
		if (f->learnt[i].s == s)
			return &f->learnt[i];
	return NULL;
}

void
fill_free(struct fill *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->ninc; i++) {
		free(f->inc[i].name);
		free(f->inc[i].path);
	}
	free(f->inc);
	learnt_free(f);
	free(f);
}

static void
upper_copy(char *out, size_t sz, const char *in)
{
	size_t i = 0;

	for (; *in && i + 1 < sz; in++)
		out[i++] = (char)toupper((unsigned char)*in);
	out[i] = '\0';
}

/* Field i's printed form: what fields_print gives, and the names it
 * cannot know (a desa's, a service's). */
static void
print_field(const struct fill *f, const struct app *a, size_t i, char *out,
    size_t sz)
{
	const struct field *fd = fields_at(f->t, i);
	const char *v = a->v[i] ? a->v[i] : "";
	const struct desa *ds;

	if (v[0] != '\0' && fd->type == FT_DESA &&
	    (ds = kantor_desa(f->k, v)) != NULL)
		snprintf(out, sz, "%s %s", ds->kelurahan ? "Kelurahan" :
		    "Desa", ds->nama);
	else if (v[0] != '\0' && fd->type == FT_LAYANAN && a->sop != NULL &&
	    strcmp(a->sop->layanan, v) == 0)
		snprintf(out, sz, "%s", a->sop->nama);
	else
		fields_print(fd, v, out, sz);
}

/* A value not of the row, if the document uses it. */
static void
put(struct tpl_dict *d, const struct use *u, enum fixed x, const char *v)
{
	if (u == NULL || (u->fixed & (1u << x)))
		tpl_set(d, fixed_keys[x], v);
}

/* The same for one shown only when not empty ({{#TTD_PLT}}). */
static void
put_opt(struct tpl_dict *d, const struct use *u, enum fixed x, const char *v)
{
	if ((u == NULL || (u->fixed & (1u << x))) && v != NULL &&
	    v[0] != '\0') {
		tpl_section_show(d, fixed_keys[x]);
		tpl_set(d, fixed_keys[x], v);
	}
}

void
fill_row(const struct fill *f, struct tpl_dict *d, const struct app *a,
    const struct sop_doc *doc, const char *nomor)
{
	const struct kantor *k = f->k;
	const struct sop *s = a->sop;
	/* Whoever held the post on the document's date. */
	const struct pejabat *p = kantor_pejabat_on(k, s->signer, &a->tanggal,
	    NULL);
	const struct learnt *l = f->learning ? NULL : learnt_find(f, s);
	/* Once the start-up check has seen what a document uses, only that
	 * is set: a letter prints a dozen of the fields, and each value
	 * costs ctemplate a copy and a hash. */
	const struct use *u = l ? &l->doc[doc - s->doc] : NULL;
	char buf[4096], tgl[64], key[64];

	for (size_t i = 0; i < f->ninc; i++)
		tpl_include(d, f->inc[i].name, f->inc[i].path);

	/* The office. */
	put(d, u, X_KERTAS, k->paper == PAPER_F4 ? "F4" : "A4");
	put(d, u, X_KABUPATEN, k->kabupaten);
	put(d, u, X_KAB_SEBUTAN, k->kota ? "Kota" : "Kabupaten");
	put(d, u, X_KECAMATAN, k->kecamatan);
	put(d, u, X_KODE_WILAYAH, k->kode_wilayah);
	put(d, u, X_KODE_UNIT, k->kode_unit);
	put(d, u, X_KANTOR_ALAMAT, k->alamat);
	put(d, u, X_TELEPON, k->telepon);
	put(d, u, X_KODE_POS, k->kode_pos);
	put(d, u, X_EMAIL, k->email);
	put(d, u, X_LAMAN, k->laman);

	/* The document. */
	put(d, u, X_JUDUL, doc->judul);
	if (nomor != NULL)
		put(d, u, X_NOMOR, nomor);
	put(d, u, X_LAYANAN, s->layanan);
	put(d, u, X_LAYANAN_NAMA, s->nama);
	put(d, u, X_SOP_NOMOR, s->nomor);
	if (u == NULL || (u->fixed & (1u << X_TEMPAT_TANGGAL))) {
		date_format_id(&a->tanggal, tgl, sizeof(tgl));
		snprintf(buf, sizeof(buf), "%s, %s", k->kecamatan, tgl);
		put(d, u, X_TEMPAT_TANGGAL, buf);
	}
	if (a->desa != NULL) {
		put(d, u, X_DESA, a->desa->nama);
		put(d, u, X_DESA_SEBUTAN, a->desa->kelurahan ? "Kelurahan" :
		    "Desa");
	}
	for (size_t i = 0; i < a->nmissing; i++) {
		struct tpl_dict *kd = tpl_section_add(d, "KURANG");

		tpl_set(kd, "LABEL", a->missing[i]->label);
		tpl_set(kd, "KODE", a->missing[i]->kode);
	}

	/* The row: every field, whatever the service. */
	for (size_t i = 0; i < fields_count(f->t); i++) {
		const char *name = fields_at(f->t, i)->name;
		const char *v = a->v[i] ? a->v[i] : "";
		unsigned want = u ? u->f[i] : U_RAW | U_CETAK | U_SECTION;

		if (want & U_RAW)
			tpl_set(d, name, v);
		if ((want & U_SECTION) && v[0] != '\0')
			tpl_section_show(d, name);
		if (want & U_CETAK) {
			print_field(f, a, i, buf, sizeof(buf));
			snprintf(key, sizeof(key), "%s_cetak", name);
			tpl_set(d, key, buf);
		}
	}

	if (f->extra != NULL)
		f->extra(f->extra_arg, d, a, doc);
	/* The signer: a.n. Camat when the SOP delegates; Plt./Plh. shown.
	 * check_sops made sure kantor.xml has the post, the caller that
	 * someone held it on the date (kantor_pejabat_on). */
	if (p == NULL)
		return;
	if (s->an && strcmp(s->signer, "camat") != 0) {
		upper_copy(tgl, sizeof(tgl), k->kecamatan);
		snprintf(buf, sizeof(buf), "CAMAT %s", tgl);
		put_opt(d, u, X_TTD_AN, buf);
	}
	put(d, u, X_TTD_JABATAN, p->sebutan);
	put(d, u, X_TTD_NAMA, p->nama);
	put(d, u, X_TTD_PANGKAT, p->pangkat);
	put(d, u, X_TTD_NIP, p->nip);
	put(d, u, X_TTD_STAMP, "yes");
	put_opt(d, u, X_TTD_PLT, p->plt);
}

/* The event a checked row makes. */
static enum sop_event
event_of(const struct app *a)
{
	return a->status == APP_COMPLETE ? SE_LENGKAP :
	    a->status == APP_INCOMPLETE ? SE_KURANG : SE_DITERIMA;
}

/* What a name a strict expansion used ("#x" for a section) is of what
 * fill_row offers. */
static void
mark_used(const struct fill *f, const char *name, struct use *u)
{
	char base[64];
	size_t n;
	unsigned bit = U_RAW;
	int i;

	if (name[0] == '#') {
		bit = U_SECTION;
		name++;
	}
	n = strlen(name);
	if (bit == U_RAW && n > 6 && strcmp(name + n - 6, "_cetak") == 0 &&
	    n - 6 < sizeof(base)) {
		snprintf(base, sizeof(base), "%.*s", (int)(n - 6), name);
		if ((i = fields_find(f->t, base)) >= 0) {
			u->f[i] |= U_CETAK;
			return;
		}
	}
	if ((i = fields_find(f->t, name)) >= 0) {
		u->f[i] |= bit;
		return;
	}
	for (int x = 0; x < X__MAX; x++)
		if (strcmp(name, fixed_keys[x]) == 0)
			u->fixed |= 1u << x;
}

/* The fields a document prints: its own, and those the values it uses
 * are made of. */
static void
use_fields(const struct fill *f, const struct use *u, unsigned char *mask)
{
	int i;

	for (size_t j = 0; j < fields_count(f->t); j++)
		mask[j] |= u->f[j] != 0;
	if ((u->fixed & (1u << X_TEMPAT_TANGGAL)) &&
	    (i = check_index(f->ck, CK_TANGGAL)) >= 0)
		mask[i] = 1;
	if ((u->fixed & (1u << X_DESA | 1u << X_DESA_SEBUTAN)) &&
	    (i = check_index(f->ck, CK_KODE_DESA)) >= 0)
		mask[i] = 1;
}

/* A value of field fd's type, for the made-up row. */
static void
sample(const struct fill *f, const struct field *fd, char *out, size_t sz)
{
	switch (fd->type) {
	case FT_TANGGAL:
		snprintf(out, sz, "2000-01-31");
		break;
	case FT_JAM:
		snprintf(out, sz, "08:00");
		break;
	case FT_NIK:
	case FT_KK:
		snprintf(out, sz, "3503133101000001");
		break;
	case FT_ANGKA:
		snprintf(out, sz, "%.*s", fd->dmax, "12345678901234567890");
		break;
	case FT_PILIHAN:
		snprintf(out, sz, "%s", fd->code[0].kode);
		break;
	case FT_DESA:
		snprintf(out, sz, "%s", f->k->desa[0].kode);
		break;
	default:
		snprintf(out, sz, "%s", fd->label);
		if (fd->maxlen > 0 && fd->maxlen < sz)
			out[fd->maxlen] = '\0';
		break;
	}
}

/* An error of the made-up row's document.  One with a line (in the
 * template, or in kantor.xml) keeps it and says which SOP line lists the
 * document; one without a place, or at the template as a whole (it
 * cannot be opened, its layout fails), is put at that SOP line. */
static void
preflight_err(const struct sop *s, const struct sop_doc *doc,
    struct nerr *e)
{
	char msg[sizeof(e->msg)];
	size_t fl = strlen(e->file), tl = strlen(doc->template);
	int at_tpl = fl >= tl && strcmp(e->file + fl - tl, doc->template) == 0;

	if (e->file[0] != '\0' && (e->line > 0 || !at_tpl))
		snprintf(msg, sizeof(msg), "%s (dokumen %s of %s line %ld)",
		    e->msg, doc->jenis, s->path, doc->line);
	else {
		snprintf(msg, sizeof(msg), "dokumen %s: %s: %s", doc->jenis,
		    e->file[0] ? e->file : doc->template, e->msg);
		snprintf(e->file, sizeof(e->file), "%s", s->path);
		e->line = doc->line;
		e->col = 0;
	}
	snprintf(e->msg, sizeof(e->msg), "%s", msg);
	e->status = EX_CONFIG;
}

static const struct sop_req example_req = {
	"contoh", "Contoh persyaratan", NULL, NULL, 0, 0
};

int
fill_preflight(struct fill *f, struct office *o, const struct sop_set *ss,
    struct nerr *e)
{
	char (*vals)[64] = xcalloc(FIELDS_MAX, sizeof(*vals));
	size_t n = fields_count(f->t), nsops = 0;
	const struct sop *s;
	struct app *a = xcalloc(1, sizeof(*a));
	struct date example_day;
	int rc = 0;

	learnt_free(f);
	while (sop_at(ss, nsops) != NULL)
		nsops++;
	f->learnt = xcalloc(nsops, sizeof(*f->learnt));
	f->learning = 1;

	a->ck = f->ck;
	a->file = "(start-up check)";
	a->status = APP_COMPLETE;
	for (size_t i = 0; i < n; i++) {
		sample(f, fields_at(f->t, i), vals[i], sizeof(vals[i]));
		a->v[i] = vals[i];
		a->col[i] = (int)i + 1;
	}
	date_parse("2000-01-31", &example_day);
	a->tanggal = example_day;
	a->lahir = a->tanggal;
	a->desa = &f->k->desa[0];
	for (size_t si = 0; rc == 0 && (s = sop_at(ss, si)) != NULL; si++) {
		struct learnt *l = &f->learnt[f->nlearnt++];

		l->s = s;
		l->doc = xcalloc(s->ndoc ? s->ndoc : 1, sizeof(*l->doc));
		a->sop = s;
		a->v[check_index(f->ck, CK_LAYANAN)] = s->layanan;
		a->nmissing = 0;
		for (size_t i = 0; i < s->nreq && i < 64; i++)
			a->missing[a->nmissing++] = &s->req[i];
		if (a->nmissing == 0)
			a->missing[a->nmissing++] = &example_req;
		/* The documents once per holder of the signer's post, each
		 * dated in his period (kantor.xml's mulai, sampai). */
		size_t nh = 0;
		while (kantor_pejabat_nth(f->k, s->signer, nh) != NULL)
			nh++;
		for (size_t dj = 0; dj < s->ndoc * (nh ? nh : 1); dj++) {
			size_t di = dj % s->ndoc;
			const struct pejabat *h = di == 0 ?
			    kantor_pejabat_nth(f->k, s->signer, dj / s->ndoc) :
			    NULL;

			if (h != NULL)
				a->tanggal = h->mulai.y ? h->mulai :
				    h->sampai.y ? h->sampai : example_day;
			const struct sop_doc *doc = &s->doc[di];
			struct num_vars nv = { doc->klasifikasi, 1,
			    f->k->kode_unit, a->tanggal.y, a->tanggal.m };
			char nomor[256];
			struct tpl_dict *d;
			const char *u;

			if (doc->buku != NULL && num_format(
			    kantor_format(f->k, doc->buku), &nv, nomor, sizeof(nomor),
			    e) != 0) {
				preflight_err(s, doc, e);
				rc = -1;
				break;
			}
			d = tpl_dict_new();
			tpl_dict_strict(d);
			fill_row(f, d, a, doc, doc->buku ? nomor : NULL);
			struct pdf_info info = { doc->judul, s->nama, NULL,
			    a->tanggal.y, a->tanggal.m, a->tanggal.d,
			    strcmp(doc->jenis, "surat") ? doc->jenis :
			    s->layanan, doc->buku ? nomor : NULL,
			    check_val(a, CK_NO_REGISTER), check_val(a, CK_NIK),
			    check_val(a, CK_NAMA) };
			if (office_render(o, doc->template, d, NULL, &info,
			    e) != 0) {
				preflight_err(s, doc, e);
				tpl_dict_free(d);
				rc = -1;
				break;
			}
			for (size_t i = 0; (u = tpl_used(d, i)) != NULL; i++)
				mark_used(f, u, &l->doc[di]);
			use_fields(f, &l->doc[di], l->ev[doc->saat]);
			tpl_dict_free(d);
		}
	}
	f->learning = 0;
	if (rc != 0)
		learnt_free(f);
	free(a);
	free(vals);
	return rc;
}

/* The fields a row's hash covers: what its event's documents print; when
 * the event makes no document, the fields the SOP names. */
static void
hash_fields(const struct fill *f, const struct app *a, enum sop_event ev,
    unsigned char *mask)
{
	const struct sop *s = a->sop;
	const struct learnt *l;
	size_t n = fields_count(f->t);
	int i, docs = 0;

	memset(mask, 0, FIELDS_MAX);
	for (size_t j = 0; j < s->ndoc; j++)
		docs |= s->doc[j].saat == ev;
	if (docs && (l = learnt_find(f, s)) != NULL) {
		memcpy(mask, l->ev[ev], FIELDS_MAX);
		return;
	}
	for (size_t j = 0; j < n; j++)
		mask[j] = docs || fields_at(f->t, j)->need == FN_VALUE;
	for (size_t j = 0; j < s->nwajib; j++)
		if ((i = fields_find(f->t, s->wajib[j])) >= 0)
			mask[i] = 1;
	for (size_t j = 0; j < s->nreq; j++)
		if (s->req[j].if_field != NULL &&
		    (i = fields_find(f->t, s->req[j].if_field)) >= 0)
			mask[i] = 1;
}

void
fill_hash(const struct fill *f, const struct app *a, char out[FILL_HASH_SZ])
{
	unsigned char mask[FIELDS_MAX];
	enum sop_event ev = event_of(a);
	struct sha256_ctx c;
	char buf[256], hex[65];
	int len;

	hash_fields(f, a, ev, mask);
	sha256_init(&c);
	len = snprintf(buf, sizeof(buf), "2\nlayanan=%s\nsaat=%s\nkurang=",
	    a->sop->layanan, sop_event_name(ev));
	sha256_update(&c, buf, (size_t)len);
	for (size_t i = 0; i < a->nmissing; i++) {
		if (i > 0)
			sha256_update(&c, ";", 1);
		sha256_update(&c, a->missing[i]->kode,
		    strlen(a->missing[i]->kode));
	}
	sha256_update(&c, "\n", 1);
	for (size_t j = 0; j < fields_count(f->t); j++) {
		size_t i = f->byname[j];
		const struct field *fd = fields_at(f->t, i);
		char v[CHECK_MAXFIELD + 1];

		if (!mask[i])
			continue;
		fields_norm(fd, a->v[i] ? a->v[i] : "", v, sizeof(v));
		/* Empty is absent: a column the export gains changes
		 * nothing until it has a value. */
		if (v[0] == '\0')
			continue;
		sha256_update(&c, fd->name, strlen(fd->name));
		sha256_update(&c, "=", 1);
		sha256_update(&c, v, strlen(v));
		sha256_update(&c, "\n", 1);
	}
	sha256_final_hex(&c, hex);
	snprintf(out, FILL_HASH_SZ, "2:%s", hex);
}

/* Version 1's columns, frozen: the register of every naskah before
 * fields.xml hashed exactly these, in this order. */
static const char *const v1_columns[] = {
	"no_register", "tanggal", "jam", "layanan", "nik", "nama",
	"jenis_kelamin", "tempat_lahir", "tanggal_lahir", "agama",
	"status_perkawinan", "pekerjaan", "alamat", "rt", "rw", "kode_desa",
	"no_kk", "keperluan", "kelengkapan", "nomor_pengantar",
	"jenis_legalisasi", "perihal", "uraian", "saluran", "pendamping",
	"pihak_terkait", "jam_selesai", "petugas"
};

int
fill_hash_same(const struct fill *f, const struct app *a, const char *old,
    const char *cur)
{
	struct sha256_ctx c;
	char hex[65];
	int i;

	if (strncmp(old, "2:", 2) == 0)
		return strcmp(old, cur) == 0;
	sha256_init(&c);
	for (size_t j = 0; j < sizeof(v1_columns) / sizeof(v1_columns[0]);
	    j++) {
		const char *v = (i = fields_find(f->t, v1_columns[j])) >= 0 &&
		    a->v[i] != NULL ? a->v[i] : "";

		sha256_update(&c, v1_columns[j], strlen(v1_columns[j]));
		sha256_update(&c, "=", 1);
		sha256_update(&c, v, strlen(v));
		sha256_update(&c, "\n", 1);
	}
	sha256_final_hex(&c, hex);
	return strcmp(old, hex) == 0;
}

char *
fill_data(const struct fill *f, const struct app *a)
{
	size_t n = 0, len = 0;
	char *buf;

	for (size_t i = 0; i < fields_count(f->t); i++)
		n += strlen(fields_at(f->t, i)->name) +
		    strlen(a->v[i] ? a->v[i] : "") + 2;
	buf = xmalloc(n + 1);
	for (size_t i = 0; i < fields_count(f->t); i++) {
		const char *k = fields_at(f->t, i)->name;
		const char *v = a->v[i] ? a->v[i] : "";
		size_t kl = strlen(k), vl = strlen(v);

		memcpy(buf + len, k, kl);
		buf[len + kl] = '=';
		memcpy(buf + len + kl + 1, v, vl);
		buf[len + kl + 1 + vl] = '\n';
		len += kl + vl + 2;
	}
	buf[len] = '\0';
	return buf;
}

/* Conflicts (naskah fix): what changed in a row, as fill_hash sees it. */

/* The value of name in data ("name=value\n" lines), into out. */
static void
data_value(const char *data, const char *name, char *out, size_t sz)
{
	size_t n = strlen(name);

	out[0] = '\0';
	for (const char *p = data; p != NULL && *p; ) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len > n && strncmp(p, name, n) == 0 && p[n] == '=') {
			snprintf(out, sz, "%.*s", (int)(len - n - 1), p + n + 1);
			return;
		}
		p = nl ? nl + 1 : NULL;
	}
}

/* A value in a message: quoted, cut at 60 bytes. */
static void
quote_value(const char *v, char *out, size_t sz)
{
	if (strlen(v) > 60)
		snprintf(out, sz, "\"%.57s...\"", v);
	else
		snprintf(out, sz, "\"%s\"", v);
}

size_t
fill_diff(const struct fill *f, const struct app *a, const char *old,
    char *out, size_t sz)
{
	unsigned char mask[FIELDS_MAX];
	char ov[CHECK_MAXFIELD + 1], nv[CHECK_MAXFIELD + 1], raw[CHECK_MAXFIELD + 1];
	char qo[80], qn[80];
	size_t n = 0, len = 0;

	out[0] = '\0';
	hash_fields(f, a, event_of(a), mask);
	for (size_t i = 0; i < fields_count(f->t) && old != NULL; i++) {
		const struct field *fd = fields_at(f->t, i);

		if (!mask[i])
			continue;
		data_value(old, fd->name, raw, sizeof(raw));
		fields_norm(fd, raw, ov, sizeof(ov));
		fields_norm(fd, a->v[i] ? a->v[i] : "", nv, sizeof(nv));
		if (strcmp(ov, nv) == 0)
			continue;
		quote_value(ov, qo, sizeof(qo));
		quote_value(nv, qn, sizeof(qn));
		if (len < sz)
			len += (size_t)snprintf(out + len, sz - len, "%s%s %s -> "
			    "%s", n ? ", " : "", fd->name, qo, qn);
		n++;
	}
	return n;
}
