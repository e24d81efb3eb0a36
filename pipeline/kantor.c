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
#include "kantor.h"
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

static int
load_desa(struct kantor *k, const char *dir, struct nerr *e)
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
			csvr_close(r);
			return -1;
		}
		const char *kode = row.fields[ck], *nama = row.fields[cn];
		const char *jenis = cj >= 0 ? row.fields[cj] : "desa";
		size_t i;

		if (strlen(kode) != 13 || kode[2] != '.' || kode[5] != '.' ||
		    kode[8] != '.' || strncmp(kode, k->kode_wilayah, 8) != 0) {
			nerr_set(e, EX_CONFIG, path, row.line, ck + 1,
			    "desa code \"%s\" is not a desa of %s "
			    "(form %s.NNNN)", kode, k->kode_wilayah,
			    k->kode_wilayah);
			csvr_close(r);
			return -1;
		}
		if (*nama == '\0' ||
		    (strcmp(jenis, "desa") && strcmp(jenis, "kelurahan"))) {
			nerr_set(e, EX_CONFIG, path, row.line, 0,
			    "%s", *nama == '\0' ? "empty nama" :
			    "jenis must be desa or kelurahan");
			csvr_close(r);
			return -1;
		}
		for (i = 0; i < k->ndesa; i++)
			if (strcmp(k->desa[i].kode, kode) == 0)
				break;
		if (i < k->ndesa) {
			nerr_set(e, EX_CONFIG, path, row.line, ck + 1,
			    "desa code %s listed twice", kode);
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

struct kantor *
kantor_load(const char *dir, const char *rng, struct nerr *e)
{
	char path[4096], xmlpath[4096];
	struct doc_schema *s;
	struct kantor *k;
	struct doc_tree *doc;
	const struct dnode *n;

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
		else if (!strcmp(name, "pejabat")) {
			char *code = token(n, "jabatan");
			const struct pejabat *dup = kantor_pejabat(k, code);
			struct pejabat *p;
			const char *def = NULL;

			if (dup != NULL) {
				nerr_set(e, EX_CONFIG, xmlpath,
				    n->line, 0, "pejabat %s given "
				    "twice (first on line %ld)", code,
				    dup->line);
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
	/* The camat sign everything that is not delegated, so he is required. */
	if (kantor_pejabat(k, "camat") == NULL) {
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
	if (load_desa(k, dir, e) != 0) {
		kantor_free(k);
		return NULL;
	}
	return k;
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
	free(k->kabupaten); free(k->kecamatan); free(k->kode_wilayah);
	free(k->kode_unit); free(k->alamat); free(k->telepon);
	free(k->kode_pos); free(k->email); free(k->laman); free(k->logo);
	free(k->verifikasi_url);
	free(k->nomor_format);
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
	free(k);
}
