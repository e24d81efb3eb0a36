/* kantor.c -- load and check the office configuration: kantor.xml against
 * its RelaxNG schema, then desa.csv, so that every later stage can trust
 * what it reads here. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvr.h"
#include "doc.h"
#include "date.h"
#include "kantor.h"
#include "wtime.h"
#include "xmem.h"

/* Printed positions of the usual roles when kantor.xml gives no sebutan
 * (%s is the kecamatan); any other role must give its own. */
static const char *const pj_default[][2] = {
	{ "camat", "CAMAT %s" },
	{ "sekcam", "SEKRETARIS KECAMATAN" },
	{ "kasi_tapem", "KEPALA SEKSI TATA PEMERINTAHAN" },
	{ "kasi_kesra", "KEPALA SEKSI KESEJAHTERAAN RAKYAT" },
	{ "kasi_trantibum", "KEPALA SEKSI KETENTRAMAN DAN KETERTIBAN UMUM" },
	{ "kasi_ekbang", "KEPALA SEKSI PEREKONOMIAN DAN PEMBANGUNAN" },
};

const struct pejabat *
kantor_pejabat(const struct kantor *k, const char *jabatan)
{
	for (size_t i = 0; i < k->npj; i++)
		if (strcmp(k->pj[i].jabatan, jabatan) == 0)
			return &k->pj[i];
	return NULL;
}

/* Whether p is in post on d. */
static int
in_post(const struct pejabat *p, const struct date *d)
{
	return (p->mulai.y == 0 || date_cmp(&p->mulai, d) <= 0) &&
	    (p->sampai.y == 0 || date_cmp(d, &p->sampai) <= 0);
}

const struct pejabat *
kantor_pejabat_nth(const struct kantor *k, const char *jabatan, size_t n)
{
	for (size_t i = 0; i < k->npj; i++)
		if (strcmp(k->pj[i].jabatan, jabatan) == 0 && n-- == 0)
			return &k->pj[i];
	return NULL;
}

const struct pejabat *
kantor_pejabat_on(const struct kantor *k, const char *jabatan,
    const struct date *d, struct nerr *e)
{
	const struct pejabat *p;
	char iso[16], lines[256] = "";
	size_t i, n = 0;

	for (i = 0; (p = kantor_pejabat_nth(k, jabatan, i)) != NULL; i++) {
		if (in_post(p, d))
			return p;
		n += (size_t)snprintf(lines + n, n < sizeof(lines) ?
		    sizeof(lines) - n : 0, "%s%ld", i ? ", " : "", p->line);
		if (n >= sizeof(lines))
			n = sizeof(lines);
	}
	date_iso(d, iso, sizeof(iso));
	if (i == 0)
		nerr_set(e, EX_CONFIG, k->path, 0, 0, "no pejabat "
		    "jabatan=\"%s\" to sign on %s", jabatan, iso);
	else
		nerr_set(e, EX_CONFIG, k->path, 0, 0, "nobody holds the post "
		    "%s on %s: the mulai and sampai of its pejabat (line%s %s) "
		    "leave that day out", jabatan, iso, i > 1 ? "s" : "",
		    lines);
	return NULL;
}

/* mulai/sampai of n into *d (y 0 when absent): 0, or -1 not a date. */
static int
period_day(const struct dnode *n, const char *name, struct date *d)
{
	char *v = dnode_token(n, name);
	int rc = 0;

	memset(d, 0, sizeof(*d));
	if (v != NULL && (date_parse(v, d) != 0 || v[4] != '-'))
		rc = -1;
	free(v);
	return rc;
}

/* A token attribute, "" when absent (kantor.c's fields are strings). */
static char *
token(const struct dnode *n, const char *name)
{
	char *v = dnode_token(n, name);

	return v != NULL ? v : xstrdup("");
}


/* An attribute, "" when absent: every field of struct kantor is a string. */
static char *
attr(const struct dnode *n, const char *name)
{
	char *v = dnode_attr_dup(n, name);

	return v != NULL ? v : xstrdup("");
}

static void
upper(char *s)
{
	for (; *s; s++)
		*s = (char)toupper((unsigned char)*s);
}

const struct wtime *
kantor_wtime(const struct kantor *k)
{
	return k->wt;
}

const struct nerr *
kantor_warning(const struct kantor *k, size_t i)
{
	return i < k->nwarn ? &k->warn[i] : NULL;
}

/* Keeps the reader's warnings about the file for the caller to print. */
static void
keep_warnings(struct kantor *k, const struct csvr *r, const char *path)
{
	const struct nerr *w;

	for (size_t i = 0; (w = csvr_warning(r, i)) != NULL; i++) {
		k->warn = xrealloc(k->warn, (k->nwarn + 1) * sizeof(*k->warn));
		k->warn[k->nwarn] = *w;
		snprintf(k->warn[k->nwarn].file, sizeof(w->file), "%s", path);
		k->nwarn++;
	}
}

/*
 * Without <jam-kerja>, the hours of Keppres 68/1995 for a five-day week:
 * Senin-Kamis 07.30-16.00, Jumat 07.30-16.30, istirahat 12.00-13.00
 * (Jumat 11.30-13.00).
 */
static void
jam_default(struct wtime *w)
{
	for (int d = 1; d <= 4; d++)
		wtime_set_day(w, d, 450, 960, 720, 780);
	wtime_set_day(w, 5, 450, 990, 690, 780);
}

/* One <hari nama masuk pulang istirahat>: 0, or -1 with e. */
static int
jam_hari(struct wtime *w, const struct dnode *n, const char *xmlpath,
    int *seen, struct nerr *e)
{
	char *nama = dnode_token(n, "nama"), *ist = dnode_token(n, "istirahat");
	char *ms = dnode_token(n, "masuk"), *ps = dnode_token(n, "pulang");
	int wd = nama != NULL ? wtime_day_parse(nama) : -1;
	int masuk, pulang, a = 0, b = 0, rc = -1;
	char *dash;

	if (wd < 0)
		nerr_set(e, EX_CONFIG, xmlpath, n->line, 0,
		    "hari \"%s\": not a day (senin .. minggu)",
		    nama ? nama : "");
	else if (seen[wd])
		nerr_set(e, EX_CONFIG, xmlpath, n->line, 0,
		    "hari %s given twice (first on line %d)", nama, seen[wd]);
	else if (date_parse_hhmm(ms, &masuk) != 0 ||
	    date_parse_hhmm(ps, &pulang) != 0)
		nerr_set(e, EX_CONFIG, xmlpath, n->line, 0,
		    "hari %s: masuk and pulang must be times HH:MM", nama);
	else if (ist != NULL && ((dash = strchr(ist, '-')) == NULL ||
	    (*dash = '\0', date_parse_hhmm(ist, &a)) != 0 ||
	    date_parse_hhmm(dash + 1, &b) != 0 || a >= b))
		nerr_set(e, EX_CONFIG, xmlpath, n->line, 0,
		    "hari %s: istirahat must be HH:MM-HH:MM, its start "
		    "before its end", nama);
	else if (wtime_set_day(w, wd, masuk, pulang, a, b) != 0)
		nerr_set(e, EX_CONFIG, xmlpath, n->line, 0,
		    "hari %s: masuk must come before pulang, and istirahat "
		    "lie between them", nama);
	else {
		seen[wd] = (int)n->line > 0 ? (int)n->line : 1;
		rc = 0;
	}
	free(nama); free(ist); free(ms); free(ps);
	return rc;
}

/* <jam-kerja>: a weekday not listed is libur. */
static int
load_jam(struct kantor *k, const struct dnode *jk, const char *xmlpath,
    struct nerr *e)
{
	int seen[7] = { 0 };

	for (const struct dnode *n = jk->child; n; n = n->next)
		if (n->name != NULL && strcmp(n->name, "hari") == 0 &&
		    jam_hari(k->wt, n, xmlpath, seen, e) != 0)
			return -1;
	return 0;
}

/* Where a bad row of desa.csv or libur.csv goes: with no reporter (as
 * kantor_load reads them) the first stops the load; `naskah check`
 * (kantor_check) has every one named and reads on. */
struct lists {
	void	(*rep)(void *, const struct nerr *);
	void	*arg;
	int	 read;		/* the lists were read */
};

static int
bad_row(struct lists *l, struct nerr *e)
{
	if (l == NULL)
		return -1;
	l->rep(l->arg, e);
	memset(e, 0, sizeof(*e));
	return 0;
}

/*
 * DIR/libur.csv (tanggal,keterangan): the holidays the office keeps.  No
 * file, no holidays; a bad or repeated date is a configuration error.
 */
static int
load_libur(struct kantor *k, const char *dir, struct nerr *e,
    struct lists *l)
{
	char path[4096];
	struct csvr *r;
	struct csvr_row row;
	int ct, ck, rc;

	snprintf(path, sizeof(path), "%s/libur.csv", dir);
	if (access(path, F_OK) != 0 && errno == ENOENT)
		return 0;
	if ((r = csvr_open(path, e)) == NULL) {
		e->status = EX_CONFIG;
		return -1;
	}
	keep_warnings(k, r, path);
	ct = csvr_col(r, "tanggal");
	ck = csvr_col(r, "keterangan");
	if (ct < 0) {
		nerr_set(e, EX_CONFIG, path, 1, 0,
		    "missing column \"tanggal\" (need tanggal,keterangan)");
		csvr_close(r);
		return -1;
	}
	while ((rc = csvr_next(r, &row, e)) != 0) {
		struct date d;

		if (rc < 0) {
			e->status = EX_CONFIG;
			if (rc == -1 && bad_row(l, e) == 0)
				continue;
			csvr_close(r);
			return -1;
		}
		if (date_parse(row.fields[ct], &d) != 0) {
			nerr_set(e, EX_CONFIG, path, row.line, ct + 1,
			    "tanggal \"%s\" is not a date (YYYY-MM-DD)",
			    row.fields[ct]);
			if (bad_row(l, e) == 0)
				continue;
			csvr_close(r);
			return -1;
		}
		if (wtime_add_libur(k->wt, &d, ck >= 0 ? row.fields[ck] :
		    NULL) != 0) {
			nerr_set(e, EX_CONFIG, path, row.line, ct + 1,
			    "tanggal %s listed twice", row.fields[ct]);
			if (bad_row(l, e) == 0)
				continue;
			csvr_close(r);
			return -1;
		}
	}
	csvr_close(r);
	return 0;
}

const struct kantor_kec *
kantor_kec(const struct kantor *k, const char *kode)
{
	for (size_t i = 0; i < k->nkec; i++)
		if (strncmp(k->kec[i].kode, kode, 8) == 0 &&
		    (kode[8] == '\0' || kode[8] == '.'))
			return &k->kec[i];
	return NULL;
}

/* <wilayah>: the kecamatan of a kabupaten office, each once, each of
 * its kode-wilayah. */
static int
load_wilayah(struct kantor *k, const struct dnode *w, const char *xmlpath,
    struct nerr *e)
{
	k->kab_bagian = attr(w, "bagian");
	k->kab_ttd = token(w, "penandatangan");
	k->kab_paraf = attr(w, "paraf");
	for (const struct dnode *n = w->child; n; n = n->next) {
		struct kantor_kec *kc;
		const struct kantor_kec *dup;

		if (n->name == NULL || strcmp(n->name, "kecamatan") != 0)
			continue;
		char *kode = token(n, "kode");
		if ((dup = kantor_kec(k, kode)) != NULL) {
			nerr_set(e, EX_CONFIG, xmlpath, n->line, 0,
			    "kecamatan %s listed twice (first on line %ld)",
			    kode, dup->line);
			free(kode);
			return -1;
		}
		k->kec = xrealloc(k->kec, (k->nkec + 1) * sizeof(*k->kec));
		kc = &k->kec[k->nkec++];
		kc->kode = kode;
		kc->nama = attr(n, "nama");
		kc->lokasi = dnode_attr_dup(n, "register");
		kc->line = n->line;
	}
	return 0;
}

static int
load_desa(struct kantor *k, const char *dir, struct nerr *e,
    struct lists *l)
{
	char path[4096];
	struct csvr *r;
	struct csvr_row row;
	int ck, cn, cj, rc;
	size_t cap = 0;

	snprintf(path, sizeof(path), "%s/desa.csv", dir);
	if ((r = csvr_open(path, e)) == NULL) {
		e->status = EX_CONFIG;
		return -1;
	}
	keep_warnings(k, r, path);
	ck = csvr_col(r, "kode");
	cn = csvr_col(r, "nama");
	cj = csvr_col(r, "jenis");
	if (ck < 0 || cn < 0) {
		nerr_set(e, EX_CONFIG, path, 1, 0,
		    "missing column \"%s\" (need kode,nama,jenis)",
		    ck < 0 ? "kode" : "nama");
		csvr_close(r);
		return -1;
	}
	while ((rc = csvr_next(r, &row, e)) != 0) {
		if (rc < 0) {
			e->status = EX_CONFIG;
			if (rc == -1 && bad_row(l, e) == 0)
				continue;
			csvr_close(r);
			return -1;
		}
		const char *kode = row.fields[ck], *nama = row.fields[cn];
		const char *jenis = cj >= 0 ? row.fields[cj] : "desa";
		size_t i;

		/* A kabupaten office lists the desa of its kecamatan. */
		size_t kl = strlen(k->kode_wilayah);
		if (strlen(kode) != 13 || kode[2] != '.' || kode[5] != '.' ||
		    kode[8] != '.' || strncmp(kode, k->kode_wilayah, kl) != 0) {
			if (kl == 0)
				nerr_set(e, EX_CONFIG, path, row.line, ck + 1,
				    "desa code \"%s\" is not of the form "
				    "NN.NN.NN.NNNN", kode);
			else
				nerr_set(e, EX_CONFIG, path, row.line, ck + 1,
				    "desa code \"%s\" is not a desa of %s "
				    "(form %s%s.NNNN)", kode, k->kode_wilayah,
				    k->kode_wilayah, kl == 5 ? ".NN" : "");
			if (bad_row(l, e) == 0)
				continue;
			csvr_close(r);
			return -1;
		}
		if (k->nkec > 0 && kantor_kec(k, kode) == NULL) {
			nerr_set(e, EX_CONFIG, path, row.line, ck + 1,
			    "desa %s: its kecamatan %.8s is not in kantor.xml's "
			    "<wilayah>", kode, kode);
			if (bad_row(l, e) == 0)
				continue;
			csvr_close(r);
			return -1;
		}
		if (*nama == '\0' ||
		    (strcmp(jenis, "desa") && strcmp(jenis, "kelurahan"))) {
			nerr_set(e, EX_CONFIG, path, row.line, 0,
			    "%s", *nama == '\0' ? "empty nama" :
			    "jenis must be desa or kelurahan");
			if (bad_row(l, e) == 0)
				continue;
			csvr_close(r);
			return -1;
		}
		for (i = 0; i < k->ndesa; i++)
			if (strcmp(k->desa[i].kode, kode) == 0)
				break;
		if (i < k->ndesa) {
			nerr_set(e, EX_CONFIG, path, row.line, ck + 1,
			    "desa code %s listed twice", kode);
			if (bad_row(l, e) == 0)
				continue;
			csvr_close(r);
			return -1;
		}
		if (k->ndesa == cap) {
			cap = cap ? cap * 2 : 32;
			k->desa = xrealloc(k->desa, cap * sizeof(*k->desa));
		}
		k->desa[k->ndesa].kode = xstrdup(kode);
		k->desa[k->ndesa].nama = xstrdup(nama);
		k->desa[k->ndesa].kelurahan = strcmp(jenis, "kelurahan") == 0;
		k->ndesa++;
	}
	csvr_close(r);
	if (k->ndesa == 0) {
		nerr_set(e, EX_CONFIG, path, 0, 0, "no desa listed");
		return -1;
	}
	return 0;
}

static struct kantor *
load(const char *dir, const char *rng, struct lists *l, struct nerr *e)
{
	char path[4096], xmlpath[4096];
	struct doc_schema *s;
	struct kantor *k;
	struct doc_tree *doc;
	const struct dnode *n;
	int jam = 0;

	snprintf(xmlpath, sizeof(xmlpath), "%s/kantor.xml", dir);
	if ((s = doc_schema_load(rng, e)) == NULL)
		return NULL;
	doc = doc_tree_file(xmlpath, s, e);
	doc_schema_free(s);
	if (doc == NULL) {
		e->status = EX_CONFIG;
		return NULL;
	}
	k = xcalloc(1, sizeof(*k));
	k->path = xstrdup(xmlpath);
	k->wt = wtime_new();
	k->tgl_sebelum = 31;
	k->tgl_sesudah = 0;
	for (n = doc_tree_root(doc)->child; n; n = n->next) {
		const char *name = n->name;

		if (name == NULL)
			continue;
		if (!strcmp(name, "kabupaten")) {
			char *j = attr(n, "jenis");
			k->kota = strcmp(j, "kota") == 0;
			free(j);
			k->kabupaten = dnode_text(n);
		} else if (!strcmp(name, "kecamatan"))
			k->kecamatan = dnode_text(n);
		else if (!strcmp(name, "instansi"))
			k->instansi = dnode_text(n);
		else if (!strcmp(name, "wilayah")) {
			if (load_wilayah(k, n, xmlpath, e) != 0) {
				doc_tree_free(doc);
				kantor_free(k);
				return NULL;
			}
		}
		else if (!strcmp(name, "kode-wilayah"))
			k->kode_wilayah = dnode_text(n);
		else if (!strcmp(name, "kode-unit"))
			k->kode_unit = dnode_text(n);
		else if (!strcmp(name, "alamat"))
			k->alamat = dnode_text(n);
		else if (!strcmp(name, "telepon"))
			k->telepon = dnode_text(n);
		else if (!strcmp(name, "kode-pos"))
			k->kode_pos = dnode_text(n);
		else if (!strcmp(name, "email"))
			k->email = dnode_text(n);
		else if (!strcmp(name, "laman"))
			k->laman = dnode_text(n);
		else if (!strcmp(name, "verifikasi"))
			k->verifikasi_url = token(n, "url");
		else if (!strcmp(name, "register"))
			k->register_url = token(n, "url");
		else if (!strcmp(name, "kertas")) {
			char *t = dnode_text(n);
			k->paper = strcmp(t, "F4") == 0 ? PAPER_F4 : PAPER_A4;
			free(t);
		} else if (!strcmp(name, "logo")) {
			char *t = dnode_text(n);
			if (t[0] == '/')
				k->logo = t;
			else {
				snprintf(path, sizeof(path), "%s/%s", dir, t);
				k->logo = xstrdup(path);
				free(t);
			}
		} else if (!strcmp(name, "penomoran"))
			k->nomor_format = attr(n, "format");
		else if (!strcmp(name, "jendela-tanggal")) {
			const char *b = dnode_attr(n, "sebelum"),
			    *a = dnode_attr(n, "sesudah");

			/* The schema allows 0..9999 only. */
			if (b != NULL)
				k->tgl_sebelum = strtol(b, NULL, 10);
			if (a != NULL)
				k->tgl_sesudah = strtol(a, NULL, 10);
		} else if (!strcmp(name, "jam-kerja")) {
			if (load_jam(k, n, xmlpath, e) != 0) {
				doc_tree_free(doc);
				kantor_free(k);
				return NULL;
			}
			jam = 1;
		} else if (!strcmp(name, "buku") || !strcmp(name, "sop")) {
			int b = name[0] == 'b';
			struct kantor_pair **v = b ? &k->buku : &k->sop;
			size_t *nv = b ? &k->nbuku : &k->nsop;

			*v = xrealloc(*v, (*nv + 1) * sizeof(**v));
			(*v)[*nv].a = token(n, b ? "nama" : "layanan");
			(*v)[*nv].b = b ? attr(n, "format") :
			    token(n, "varian");
			(*v)[(*nv)++].line = n->line;
		} else if (!strcmp(name, "klasifikasi")) {
			struct kantor_klas *kk;

			k->klas = xrealloc(k->klas, (k->nklas + 1) *
			    sizeof(*k->klas));
			kk = &k->klas[k->nklas++];
			kk->layanan = dnode_token(n, "layanan");
			kk->jenis = dnode_token(n, "jenis");
			kk->laporan = dnode_token(n, "laporan");
			kk->kode = token(n, "kode");
			kk->line = n->line;
		} else if (!strcmp(name, "pejabat")) {
			char *code = token(n, "jabatan");
			const struct pejabat *dup;
			struct pejabat *p;
			const char *def = NULL;
			struct date mulai, sampai;

			if (period_day(n, "mulai", &mulai) != 0 ||
			    period_day(n, "sampai", &sampai) != 0 ||
			    (mulai.y && sampai.y &&
			    date_cmp(&mulai, &sampai) > 0)) {
				nerr_set(e, EX_CONFIG, xmlpath, n->line, 0,
				    "pejabat %s: mulai and sampai must be "
				    "dates YYYY-MM-DD, mulai not after sampai",
				    code);
				free(code);
				doc_tree_free(doc);
				kantor_free(k);
				return NULL;
			}
			/* One holder of a post a day: several pejabat of a
			 * role are successive holders. */
			for (size_t i = 0; (dup = kantor_pejabat_nth(k, code,
			    i)) != NULL; i++)
				if ((mulai.y == 0 || dup->sampai.y == 0 ||
				    date_cmp(&mulai, &dup->sampai) <= 0) &&
				    (dup->mulai.y == 0 || sampai.y == 0 ||
				    date_cmp(&dup->mulai, &sampai) <= 0))
					break;
			if (dup != NULL) {
				nerr_set(e, EX_CONFIG, xmlpath,
				    n->line, 0, "pejabat %s given "
				    "twice (first on line %ld) for the same "
				    "days: give each its mulai and sampai, "
				    "one after the other", code, dup->line);
				free(code);
				doc_tree_free(doc);
				kantor_free(k);
				return NULL;
			}
			k->pj = xrealloc(k->pj, (k->npj + 1) * sizeof(*p));
			p = &k->pj[k->npj++];
			memset(p, 0, sizeof(*p));
			p->jabatan = code;
			p->line = n->line;
			p->mulai = mulai;
			p->sampai = sampai;
			p->nama = attr(n, "nama");
			p->pangkat = attr(n, "pangkat");
			p->nip = attr(n, "nip");
			p->plt = attr(n, "plt");
			p->sebutan = attr(n, "sebutan");
			for (size_t i = 0; i < sizeof(pj_default) /
			    sizeof(pj_default[0]); i++)
				if (strcmp(code, pj_default[i][0]) == 0)
					def = pj_default[i][1];
			if (p->sebutan[0] == '\0' && def == NULL) {
				nerr_set(e, EX_CONFIG, xmlpath, p->line, 0,
				    "pejabat %s needs a sebutan (the position "
				    "as printed)", code);
				doc_tree_free(doc);
				kantor_free(k);
				return NULL;
			}
			if (p->sebutan[0] == '\0') {
				char buf[256], kec[128];

				snprintf(kec, sizeof(kec), "%s", k->kecamatan ?
				    k->kecamatan : "");
				upper(kec);
				free(p->sebutan);
				snprintf(buf, sizeof(buf), def, kec);
				p->sebutan = xstrdup(buf);
			}
			upper(p->sebutan);
		}
	}
	doc_tree_free(doc);
	if (!jam)
		jam_default(k->wt);
	/* A kabupaten office: its name serves where a kecamatan's would;
	 * its kecamatan are of its own kode-wilayah; its roll-ups' signer
	 * is required as the camat is of a kecamatan. */
	if (k->instansi != NULL) {
		const char *bad = NULL;

		k->kecamatan = xstrdup(k->instansi);
		if (strlen(k->kode_wilayah) != 5)
			bad = "a kabupaten office's kode-wilayah is NN.NN";
		for (size_t i = 0; bad == NULL && i < k->nkec; i++)
			if (strncmp(k->kec[i].kode, k->kode_wilayah, 5) != 0) {
				nerr_set(e, EX_CONFIG, xmlpath, k->kec[i].line,
				    0, "kecamatan %s is not of kode-wilayah "
				    "%s", k->kec[i].kode, k->kode_wilayah);
				kantor_free(k);
				return NULL;
			}
		if (bad == NULL && kantor_pejabat(k, k->kab_ttd) == NULL)
			bad = "no pejabat of the <wilayah>'s penandatangan";
		if (bad != NULL) {
			nerr_set(e, EX_CONFIG, xmlpath, 0, 0, "%s", bad);
			kantor_free(k);
			return NULL;
		}
	} else if (strlen(k->kode_wilayah) != 8) {
		nerr_set(e, EX_CONFIG, xmlpath, 0, 0, "a kecamatan's "
		    "kode-wilayah is NN.NN.NN");
		kantor_free(k);
		return NULL;
	}
	/* The camat sign everything that is not delegated, so he is required. */
	if (k->instansi == NULL && kantor_pejabat(k, "camat") == NULL) {
		nerr_set(e, EX_CONFIG, xmlpath, 0, 0,
		    "no pejabat jabatan=\"camat\"");
		kantor_free(k);
		return NULL;
	}
	if (k->logo != NULL && access(k->logo, R_OK) != 0) {
		nerr_set(e, EX_CONFIG, k->logo, 0, 0, "logo: %s",
		    strerror(errno));
		kantor_free(k);
		return NULL;
	}
	if (l != NULL) {
		/* `naskah check`: both lists, whatever either holds. */
		l->read = 1;
		if (load_desa(k, dir, e, l) != 0)
			bad_row(l, e);
		if (load_libur(k, dir, e, l) != 0)
			bad_row(l, e);
		return k;
	}
	if (load_desa(k, dir, e, l) != 0 || load_libur(k, dir, e, l) != 0) {
		kantor_free(k);
		return NULL;
	}
	return k;
}

struct kantor *
kantor_load(const char *dir, const char *rng, struct nerr *e)
{
	return load(dir, rng, NULL, e);
}

struct kantor *
kantor_check(const char *dir, const char *rng,
    void (*rep)(void *, const struct nerr *), void *arg, struct nerr *e)
{
	struct lists l = { rep, arg, 0 };
	struct kantor *k, *t;
	struct nerr le = { 0 };
	char path[4096];

	if ((k = load(dir, rng, &l, e)) != NULL || l.read)
		return k;
	/* kantor.xml is broken: the lists are read all the same, a desa
	 * code for its form only (the region code is kantor.xml's). */
	t = xcalloc(1, sizeof(*t));
	snprintf(path, sizeof(path), "%s/kantor.xml", dir);
	t->path = xstrdup(path);
	t->kode_wilayah = xstrdup("");
	t->wt = wtime_new();
	if (load_desa(t, dir, &le, &l) != 0)
		bad_row(&l, &le);
	if (load_libur(t, dir, &le, &l) != 0)
		bad_row(&l, &le);
	kantor_free(t);
	return NULL;
}

const char *
kantor_format(const struct kantor *k, const char *book)
{
	for (size_t i = 0; i < k->nbuku; i++)
		if (strcmp(k->buku[i].a, book) == 0)
			return k->buku[i].b;
	return k->nomor_format;
}

const struct desa *
kantor_desa(const struct kantor *k, const char *kode)
{
	for (size_t i = 0; i < k->ndesa; i++)
		if (strcmp(k->desa[i].kode, kode) == 0)
			return &k->desa[i];
	return NULL;
}

void
kantor_free(struct kantor *k)
{
	if (k == NULL)
		return;
	free(k->path);
	free(k->kabupaten); free(k->kecamatan); free(k->kode_wilayah);
	free(k->kode_unit); free(k->alamat); free(k->telepon);
	free(k->kode_pos); free(k->email); free(k->laman); free(k->logo);
	free(k->verifikasi_url);
	free(k->register_url);
	free(k->nomor_format);
	for (size_t i = 0; i < k->nbuku; i++)
		free(k->buku[i].a), free(k->buku[i].b);
	for (size_t i = 0; i < k->nsop; i++)
		free(k->sop[i].a), free(k->sop[i].b);
	free(k->buku);
	free(k->sop);
	for (size_t i = 0; i < k->nklas; i++) {
		free(k->klas[i].layanan); free(k->klas[i].jenis);
		free(k->klas[i].laporan); free(k->klas[i].kode);
	}
	free(k->klas);
	for (size_t i = 0; i < k->npj; i++) {
		free(k->pj[i].jabatan);
		free(k->pj[i].nama); free(k->pj[i].pangkat);
		free(k->pj[i].nip); free(k->pj[i].plt); free(k->pj[i].sebutan);
	}
	free(k->pj);
	for (size_t i = 0; i < k->ndesa; i++) {
		free(k->desa[i].kode);
		free(k->desa[i].nama);
	}
	free(k->desa);
	free(k->warn);
	free(k->instansi);
	free(k->kab_bagian); free(k->kab_ttd); free(k->kab_paraf);
	for (size_t i = 0; i < k->nkec; i++) {
		free(k->kec[i].kode);
		free(k->kec[i].nama);
		free(k->kec[i].lokasi);
	}
	free(k->kec);
	wtime_free(k->wt);
	free(k);
}
