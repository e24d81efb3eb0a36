/* rskm.c -- the satisfaction-survey report's data: the definition's
 * elements and profile columns, the semester's answers read row by row
 * (csvr.c) and checked (a bad row is named and left out, as the nightly
 * run does with the register export), summed by skm.c over all, per
 * service and per profile value, and formatted into the report's
 * dictionary.  Nothing here knows an element or a service by name: they
 * are the definition's and the SOP files'. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvr.h"
#include "doc.h"
#include "fmt.h"
#include "kantor.h"
#include "rdata.h"
#include "rdef.h"
#include "rskm.h"
#include "sha256.h"
#include "skm.h"
#include "sop.h"
#include "tpl.h"
#include "xmem.h"

#define MAXBAD_SHOWN	60	/* rejections listed in the report */
#define SKM_MAXP	16	/* profile columns */

struct popt {
	char		*kode;		/* pilihan: the CSV's value */
	char		*label;
	long		 dari, sampai;	/* kelompok: the band */
};

struct pdef {
	char		*kolom, *judul;
	int		 band;		/* kelompok, not pilihan */
	struct popt	*opt;
	size_t		 nopt;
};

struct rskm_def {
	size_t		 nu;
	char		*kolom[SKM_MAXU], *nama[SKM_MAXU], *singkat[SKM_MAXU];
	struct pdef	*p;
	size_t		 np;
};

struct bad {
	char		*berkas;	/* the file's name, printable */
	long		 line;
	char		*kolom;		/* "" for the whole row or file */
	char		*alasan;	/* Indonesian, for the report */
};

struct rskm {
	const struct kantor	*k;
	const struct sop_set	*sops;
	const struct rdef	*def;
	const struct rskm_def	*sd;
	int			 y, half;
	char			 sem[16];
	struct date		 from, to;
	struct skm_acc		 all;
	const struct sop	**svc;		/* the SOPs' order */
	struct skm_acc		*sacc;
	size_t			 nsvc;
	uint64_t		**pc;		/* per profile, per option */
	struct bad		*bad;
	size_t			 nbad;
	struct nerr		*msg;		/* rejections and warnings */
	int			*warn;
	size_t			 nmsg;
	size_t			 nfiles;
	struct sha256_ctx	 c;
};

/* The definition */

void
rskm_def_free(struct rskm_def *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->nu; i++) {
		free(d->kolom[i]);
		free(d->nama[i]);
		free(d->singkat[i]);
	}
	for (size_t i = 0; i < d->np; i++) {
		for (size_t j = 0; j < d->p[i].nopt; j++) {
			free(d->p[i].opt[j].kode);
			free(d->p[i].opt[j].label);
		}
		free(d->p[i].opt);
		free(d->p[i].kolom);
		free(d->p[i].judul);
	}
	free(d->p);
	free(d);
}

static const char *const fixed[] = { "tanggal", "layanan" };

/* A column named twice would be read once and counted twice. */
static int
kolom_taken(const struct rskm_def *d, const char *k)
{
	for (size_t i = 0; i < sizeof(fixed) / sizeof(*fixed); i++)
		if (!strcmp(fixed[i], k))
			return 1;
	for (size_t i = 0; i < d->nu; i++)
		if (!strcmp(d->kolom[i], k))
			return 1;
	for (size_t i = 0; i < d->np; i++)
		if (!strcmp(d->p[i].kolom, k))
			return 1;
	return 0;
}

struct rskm_def *
rskm_def_parse(const char *name, const struct dnode *root, struct nerr *e)
{
	struct rskm_def *d = xcalloc(1, sizeof(*d));

	for (const struct dnode *n = root->child; n; n = n->next) {
		if (n->name == NULL)
			continue;
		if (!strcmp(n->name, "unsur")) {
			char *k = dnode_token(n, "kolom");

			/* Checked by laporan.rng; not when parsed without. */
			if (k == NULL || dnode_attr(n, "singkat") == NULL) {
				nerr_set(e, EX_CONFIG, name, n->line, 0,
				    "unsur: needs kolom and singkat");
				free(k);
				goto fail;
			}
			if (d->nu == SKM_MAXU || kolom_taken(d, k)) {
				nerr_set(e, EX_CONFIG, name, n->line, 0,
				    "unsur \"%s\": named twice, or more than "
				    "%d unsur", k, SKM_MAXU);
				free(k);
				goto fail;
			}
			d->kolom[d->nu] = k;
			d->nama[d->nu] = dnode_text(n);
			d->singkat[d->nu++] = dnode_attr_dup(n, "singkat");
		} else if (!strcmp(n->name, "profil")) {
			struct pdef *p;
			char *k = dnode_token(n, "kolom");

			if (k == NULL || dnode_attr(n, "judul") == NULL) {
				nerr_set(e, EX_CONFIG, name, n->line, 0,
				    "profil: needs kolom and judul");
				free(k);
				goto fail;
			}
			if (d->np == SKM_MAXP || kolom_taken(d, k)) {
				nerr_set(e, EX_CONFIG, name, n->line, 0,
				    "profil \"%s\": named twice, or more than "
				    "%d profil", k, SKM_MAXP);
				free(k);
				goto fail;
			}
			d->p = xrealloc(d->p, (d->np + 1) * sizeof(*d->p));
			p = &d->p[d->np++];
			memset(p, 0, sizeof(*p));
			p->kolom = k;
			p->judul = dnode_attr_dup(n, "judul");
			for (const struct dnode *o = n->child; o; o = o->next) {
				struct popt *po;

				if (o->name == NULL)
					continue;
				p->opt = xrealloc(p->opt, (p->nopt + 1) *
				    sizeof(*p->opt));
				po = &p->opt[p->nopt++];
				memset(po, 0, sizeof(*po));
				po->label = dnode_text(o);
				if (po->label == NULL || (!strcmp(o->name,
				    "kelompok") ? dnode_attr(o, "dari") == NULL ||
				    dnode_attr(o, "sampai") == NULL :
				    dnode_attr(o, "kode") == NULL)) {
					nerr_set(e, EX_CONFIG, name, o->line,
					    0, "%s: incomplete", o->name);
					goto fail;
				}
				if (!strcmp(o->name, "kelompok")) {
					p->band = 1;
					po->dari = atol(dnode_attr(o, "dari"));
					po->sampai = atol(dnode_attr(o,
					    "sampai"));
					if (po->sampai < po->dari || (p->nopt >
					    1 && po->dari <= p->opt[p->nopt -
					    2].sampai)) {
						nerr_set(e, EX_CONFIG, name,
						    o->line, 0, "kelompok "
						    "%ld-%ld: bands must rise "
						    "and not overlap", po->dari,
						    po->sampai);
						goto fail;
					}
				} else
					po->kode = dnode_attr_dup(o, "kode");
			}
		}
	}
	for (size_t i = 0; i < d->np; i++)
		if (d->p[i].nopt == 0) {
			nerr_set(e, EX_CONFIG, name, root->line, 0, "profil %s: "
			    "no pilihan or kelompok", d->p[i].kolom);
			goto fail;
		}
	if (d->nu == 0) {
		nerr_set(e, EX_CONFIG, name, root->line, 0, "laporan skm: "
		    "needs its unsur");
		goto fail;
	}
	return d;
fail:
	e->status = EX_CONFIG;
	rskm_def_free(d);
	return NULL;
}

int
rskm_semester(const char *s, int *y, int *half)
{
	if (strlen(s) != 7 || s[4] != '-' || s[5] != 'S' ||
	    (s[6] != '1' && s[6] != '2'))
		return -1;
	for (int i = 0; i < 4; i++)
		if (!isdigit((unsigned char)s[i]))
			return -1;
	*y = atoi(s);
	*half = s[6] - '0';
	return *y >= 1900 && *y <= 9999 ? 0 : -1;
}

/* Reading */

struct rskm *
rskm_new(const struct kantor *k, const struct sop_set *sops,
    const struct rdef *def, int y, int half)
{
	struct rskm *r = xcalloc(1, sizeof(*r));
	const struct sop *s;

	r->k = k;
	r->sops = sops;
	r->def = def;
	r->sd = def->skm;
	r->y = y;
	r->half = half;
	snprintf(r->sem, sizeof(r->sem), "%04d-S%d", y, half);
	r->from = (struct date){ y, half == 1 ? 1 : 7, 1 };
	r->to = (struct date){ y, half == 1 ? 6 : 12, half == 1 ? 30 : 31 };
	skm_init(&r->all, r->sd->nu);
	for (size_t i = 0; (s = sop_at(sops, i)) != NULL; i++) {
		r->svc = xrealloc(r->svc, (r->nsvc + 1) * sizeof(*r->svc));
		r->sacc = xrealloc(r->sacc, (r->nsvc + 1) * sizeof(*r->sacc));
		r->svc[r->nsvc] = s;
		skm_init(&r->sacc[r->nsvc++], r->sd->nu);
	}
	r->pc = xcalloc(r->sd->np, sizeof(*r->pc));
	for (size_t i = 0; i < r->sd->np; i++)
		r->pc[i] = xcalloc(r->sd->p[i].nopt, sizeof(**r->pc));
	return r;
}

void
rskm_free(struct rskm *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->sd->np; i++)
		free(r->pc[i]);
	for (size_t i = 0; i < r->nbad; i++) {
		free(r->bad[i].berkas);
		free(r->bad[i].kolom);
		free(r->bad[i].alasan);
	}
	free(r->pc);
	free(r->bad);
	free(r->msg);
	free(r->warn);
	free(r->svc);
	free(r->sacc);
	free(r);
}

size_t
rskm_count(const struct rskm *r)
{
	return (size_t)r->all.n;
}

size_t
rskm_rejected(const struct rskm *r)
{
	return r->nbad;
}

size_t
rskm_files(const struct rskm *r)
{
	return r->nfiles;
}

static void
hash_line(struct sha256_ctx *c, const char *s)
{
	sha256_update(c, s, strlen(s));
	sha256_update(c, "\n", 1);
}

static void
add_msg(struct rskm *r, const struct nerr *e, int warn)
{
	r->msg = xrealloc(r->msg, (r->nmsg + 1) * sizeof(*r->msg));
	r->warn = xrealloc(r->warn, (r->nmsg + 1) * sizeof(*r->warn));
	r->msg[r->nmsg] = *e;
	r->warn[r->nmsg++] = warn;
}

/* A rejection: e for stderr, alasan (Indonesian) for the report. */
static void
reject(struct rskm *r, const char *berkas, const struct nerr *e,
    const char *kolom, const char *alasan)
{
	char buf[1200];

	add_msg(r, e, 0);
	r->bad = xrealloc(r->bad, (r->nbad + 1) * sizeof(*r->bad));
	r->bad[r->nbad].berkas = xstrdup(berkas);
	r->bad[r->nbad].line = e->line;
	r->bad[r->nbad].kolom = xstrdup(kolom);
	r->bad[r->nbad++].alasan = xstrdup(alasan);
	snprintf(buf, sizeof(buf), "bad|%s|%ld|%s|%s", berkas, e->line, kolom,
	    alasan);
	hash_line(&r->c, buf);
}

/* s without blanks around, into buf (lower-cased if lower). */
static void
trim(const char *s, char *buf, size_t sz, int lower)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	snprintf(buf, sz, "%s", s);
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\t'))
		buf[--n] = '\0';
	for (char *p = buf; lower && *p; p++)
		*p = (char)tolower((unsigned char)*p);
}

/* What the report may print of a value or a file name: Windows-1252's
 * printable ASCII, the rest as '?', at most 40 characters. */
static void
printable(const char *s, char *buf, size_t sz)
{
	size_t j = 0;

	for (; *s && j + 1 < sz && j < 40; s++)
		buf[j++] = *s >= 0x20 && *s < 0x7f ? *s : '?';
	buf[j] = '\0';
}

/* The option of profile p that value v names (its code or its label,
 * any case; a band's number), or -1. */
static long
profile_opt(const struct pdef *p, const char *v)
{
	if (p->band) {
		long n = 0;

		if (*v == '\0' || strlen(v) > 3)
			return -1;
		for (const char *q = v; *q; q++)
			if (!isdigit((unsigned char)*q))
				return -1;
			else
				n = n * 10 + (*q - '0');
		for (size_t i = 0; i < p->nopt; i++)
			if (n >= p->opt[i].dari && n <= p->opt[i].sampai)
				return (long)i;
		return -1;
	}
	for (size_t i = 0; i < p->nopt; i++)
		if (!strcasecmp(p->opt[i].kode, v) ||
		    !strcasecmp(p->opt[i].label, v))
			return (long)i;
	return -1;
}

/* The codes of a pilihan profile, or the range of a band, for messages. */
static void
profile_allowed(const struct pdef *p, char *buf, size_t sz)
{
	size_t n = 0;

	buf[0] = '\0';
	if (p->band) {
		snprintf(buf, sz, "a whole number %ld-%ld", p->opt[0].dari,
		    p->opt[p->nopt - 1].sampai);
		return;
	}
	for (size_t i = 0; i < p->nopt && n < sz; i++)
		n += (size_t)snprintf(buf + n, sz - n, "%s%s", i ? ", " : "",
		    p->opt[i].kode);
}

struct cols {
	int	 tanggal, layanan;
	int	 u[SKM_MAXU];
	int	*p;
};

/* One row: checked whole, then counted, or rejected at its first
 * fault. */
static void
on_row(struct rskm *r, const char *path, const char *berkas,
    const struct cols *c, const struct csvr_row *row)
{
	const struct rskm_def *sd = r->sd;
	struct nerr e = { 0 };
	char v[256], buf[1200], shown[64], allowed[256];
	struct date dt;
	long popt[SKM_MAXP];
	int ans[SKM_MAXU];
	size_t s;

	/* tanggal: within the semester. */
	trim(row->fields[c->tanggal], v, sizeof(v), 0);
	if (date_parse(v, &dt) != 0) {
		nerr_set(&e, EX_DATAERR, path, row->line, c->tanggal + 1,
		    "tanggal \"%s\": not a date (YYYY-MM-DD, DD/MM/YYYY or "
		    "DD-MM-YYYY)", v);
		printable(v, shown, sizeof(shown));
		snprintf(buf, sizeof(buf), "tanggal \"%s\" bukan tanggal yang "
		    "sah", shown);
		reject(r, berkas, &e, "tanggal", buf);
		return;
	}
	if (date_cmp(&dt, &r->from) < 0 || date_cmp(&dt, &r->to) > 0) {
		char iso[16];

		date_iso(&dt, iso, sizeof(iso));
		nerr_set(&e, EX_DATAERR, path, row->line, c->tanggal + 1,
		    "tanggal %s is outside semester %s (%04d-%02d-01 to "
		    "%04d-%02d-%02d)", iso, r->sem, r->from.y, r->from.m,
		    r->to.y, r->to.m, r->to.d);
		date_format_id(&dt, shown, sizeof(shown));
		snprintf(buf, sizeof(buf), "tanggal %s di luar semester ini",
		    shown);
		reject(r, berkas, &e, "tanggal", buf);
		return;
	}
	/* layanan: one of the office's services. */
	trim(row->fields[c->layanan], v, sizeof(v), 1);
	for (s = 0; s < r->nsvc; s++)
		if (!strcmp(r->svc[s]->layanan, v))
			break;
	if (s == r->nsvc) {
		size_t n = 0;

		allowed[0] = '\0';
		for (size_t i = 0; i < r->nsvc && n < sizeof(allowed); i++)
			n += (size_t)snprintf(allowed + n, sizeof(allowed) - n,
			    "%s%s", i ? ", " : "", r->svc[i]->layanan);
		nerr_set(&e, EX_DATAERR, path, row->line, c->layanan + 1,
		    "layanan \"%s\": not a service of the office (%s)", v,
		    allowed);
		printable(v, shown, sizeof(shown));
		snprintf(buf, sizeof(buf), "layanan \"%s\" bukan layanan "
		    "kecamatan", shown);
		reject(r, berkas, &e, "layanan", buf);
		return;
	}
	for (size_t i = 0; i < sd->np; i++) {
		const struct pdef *p = &sd->p[i];

		trim(row->fields[c->p[i]], v, sizeof(v), 0);
		if ((popt[i] = profile_opt(p, v)) >= 0)
			continue;
		profile_allowed(p, allowed, sizeof(allowed));
		nerr_set(&e, EX_DATAERR, path, row->line, c->p[i] + 1,
		    "%s \"%s\": %s (%s)", p->kolom, v, *v ? "not allowed" :
		    "empty", allowed);
		printable(v, shown, sizeof(shown));
		if (*v)
			snprintf(buf, sizeof(buf), "%s \"%s\" tidak dikenal",
			    p->kolom, shown);
		else
			snprintf(buf, sizeof(buf), "%s kosong", p->kolom);
		reject(r, berkas, &e, p->kolom, buf);
		return;
	}
	for (size_t i = 0; i < sd->nu; i++) {
		trim(row->fields[c->u[i]], v, sizeof(v), 0);
		if (strlen(v) == 1 && v[0] >= '1' && v[0] <= '4') {
			ans[i] = v[0] - '0';
			continue;
		}
		nerr_set(&e, EX_DATAERR, path, row->line, c->u[i] + 1,
		    "%s \"%s\": not an answer 1-4", sd->kolom[i], v);
		printable(v, shown, sizeof(shown));
		if (*v)
			snprintf(buf, sizeof(buf), "%s \"%s\" bukan nilai 1-4",
			    sd->kolom[i], shown);
		else
			snprintf(buf, sizeof(buf), "%s kosong", sd->kolom[i]);
		reject(r, berkas, &e, sd->kolom[i], buf);
		return;
	}
	skm_add(&r->all, ans);
	skm_add(&r->sacc[s], ans);
	/* What the row adds to the report, to the fingerprint. */
	size_t n = (size_t)snprintf(buf, sizeof(buf), "ok|%s",
	    r->svc[s]->layanan);
	for (size_t i = 0; i < sd->np; i++) {
		r->pc[i][popt[i]]++;
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "|%ld",
		    popt[i]);
	}
	for (size_t i = 0; i < sd->nu && n < sizeof(buf); i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "|%d", ans[i]);
	hash_line(&r->c, buf);
}

/* One file, row by row.  A file without a needed column is rejected
 * whole: its rows cannot be read as answers.  -1 only on a fatal read. */
static int
read_file(struct rskm *r, const char *path, const char *berkas,
    struct nerr *e)
{
	const struct rskm_def *sd = r->sd;
	struct nerr re = { 0 };
	struct csvr *cr;
	struct csvr_row row;
	struct cols c;
	char buf[512];
	int rc;

	if ((cr = csvr_open(path, &re)) == NULL) {
		if (re.status != EX_DATAERR) {
			*e = re;
			return -1;
		}
		reject(r, berkas, &re, "", "berkas tidak dapat dibaca sebagai "
		    "CSV; seluruh berkas tidak diolah");
		return 0;
	}
	for (size_t i = 0; csvr_warning(cr, i) != NULL; i++)
		add_msg(r, csvr_warning(cr, i), 1);
	c.p = xcalloc(sd->np ? sd->np : 1, sizeof(*c.p));
	const char *need = NULL;
	if ((c.tanggal = csvr_col(cr, "tanggal")) < 0)
		need = "tanggal";
	else if ((c.layanan = csvr_col(cr, "layanan")) < 0)
		need = "layanan";
	for (size_t i = 0; need == NULL && i < sd->np; i++)
		if ((c.p[i] = csvr_col(cr, sd->p[i].kolom)) < 0)
			need = sd->p[i].kolom;
	for (size_t i = 0; need == NULL && i < sd->nu; i++)
		if ((c.u[i] = csvr_col(cr, sd->kolom[i])) < 0)
			need = sd->kolom[i];
	if (need != NULL) {
		nerr_set(&re, EX_DATAERR, path, 1, 0, "no column \"%s\"; the "
		    "file is left out", need);
		snprintf(buf, sizeof(buf), "kolom %s tidak ada; seluruh "
		    "berkas tidak diolah", need);
		reject(r, berkas, &re, need, buf);
		goto done;
	}
	/* An unknown column is only a warning, as in every CSV input. */
	for (size_t i = 0; i < csvr_ncols(cr); i++) {
		const char *cn = csvr_colname(cr, i);

		if (!kolom_taken(sd, cn)) {
			nerr_set(&re, 0, path, 1, (long)i + 1, "warning: "
			    "unknown column \"%s\" ignored", cn);
			add_msg(r, &re, 1);
		}
	}
	while ((rc = csvr_next(cr, &row, &re)) != 0) {
		if (rc == -2) {
			*e = re;
			free(c.p);
			csvr_close(cr);
			return -1;
		}
		if (rc == -1) {
			reject(r, berkas, &re, "", "baris tidak dapat dibaca "
			    "sebagai baris CSV");
			continue;
		}
		on_row(r, path, berkas, &c, &row);
	}
done:
	free(c.p);
	csvr_close(cr);
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
rskm_read(struct rskm *r, const char *dir, char sha[65], struct nerr *e)
{
	DIR *dp;
	struct dirent *de;
	char **v = NULL, path[4096], buf[256];
	size_t n = 0;
	int rc = 0;

	sha256_init(&r->c);
	hash_line(&r->c, r->def->bagian);
	hash_line(&r->c, r->sem);
	/* The definition is part of the figures: its elements and options. */
	for (size_t i = 0; i < r->sd->nu; i++) {
		snprintf(buf, sizeof(buf), "u|%s|%s", r->sd->kolom[i],
		    r->sd->nama[i]);
		hash_line(&r->c, buf);
	}
	for (size_t i = 0; i < r->nsvc; i++)
		hash_line(&r->c, r->svc[i]->layanan);
	if ((dp = opendir(dir)) == NULL) {
		nerr_set(e, errno == ENOENT ? EX_NOINPUT : EX_IOERR, dir, 0, 0,
		    "no survey answers for semester %s: %s", r->sem,
		    strerror(errno));
		return -1;
	}
	while ((de = readdir(dp)) != NULL) {
		size_t l = strlen(de->d_name);

		if (de->d_name[0] == '.' || l < 5 ||
		    strcasecmp(de->d_name + l - 4, ".csv") != 0)
			continue;
		v = xrealloc(v, (n + 1) * sizeof(*v));
		v[n++] = xstrdup(de->d_name);
	}
	closedir(dp);
	/* Name order: the report must not depend on directory order. */
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_str);
	for (size_t i = 0; i < n; i++) {
		char berkas[64];

		printable(v[i], berkas, sizeof(berkas));
		snprintf(path, sizeof(path), "%s/%s", dir, v[i]);
		if (rc == 0 && read_file(r, path, berkas, e) != 0)
			rc = -1;
		r->nfiles++;
		free(v[i]);
	}
	free(v);
	/* The files' names count only where the report names them (a row
	 * left out); how many there are it says. */
	snprintf(buf, sizeof(buf), "files|%zu", n);
	hash_line(&r->c, buf);
	if (rc == 0 && n == 0) {
		nerr_set(e, EX_NOINPUT, dir, 0, 0, "no survey answers for "
		    "semester %s: no .csv file", r->sem);
		rc = -1;
	}
	sha256_final_hex(&r->c, sha);
	return rc;
}

void
rskm_print(const struct rskm *r, FILE *fp)
{
	for (size_t i = 0; i < r->nmsg; i++) {
		const struct nerr *m = &r->msg[i];

		/* csvr's warnings do not say so themselves. */
		if (r->warn[i] && strncmp(m->msg, "warning: ", 9) != 0) {
			struct nerr w = *m;

			snprintf(w.msg, sizeof(w.msg), "warning: %s", m->msg);
			nerr_print(fp, "naskah", &w);
		} else
			nerr_print(fp, "naskah", m);
	}
}

void
rskm_summary(const struct rskm *r, char *buf, size_t sz)
{
	long ikm = skm_ikm100(&r->all);
	char v[16];

	skm_fmt100(ikm, v, sizeof(v));
	snprintf(buf, sz, "%ju respondents in %zu files, IKM %s (%c), %zu "
	    "rows rejected", (uintmax_t)r->all.n, r->nfiles, v,
	    ikm >= 0 ? skm_mutu(ikm) : '-', r->nbad);
}

/* The dictionary */

static void
set_count(struct tpl_dict *d, const char *key, uint64_t v)
{
	char buf[32];

	fmt_thousands(v, buf, sizeof(buf));
	tpl_set(d, key, buf);
}

static void
set_100(struct tpl_dict *d, const char *key, long v)
{
	char buf[32];

	skm_fmt100(v, buf, sizeof(buf));
	tpl_set(d, key, buf);
}

/* IKM, MUTU, KINERJA of a group ("-" when it has no respondent). */
static void
set_index(struct tpl_dict *d, const struct skm_acc *a)
{
	long ikm = skm_ikm100(a);
	char m[2] = { ikm >= 0 ? skm_mutu(ikm) : '-', '\0' };

	set_100(d, "IKM", ikm);
	tpl_set(d, "MUTU", m);
	tpl_set(d, "KINERJA", ikm >= 0 ? skm_kinerja(m[0]) : "-");
}

static const char *const roman[] = { "", "I", "II" };

void
rskm_fill(const struct rskm *r, struct tpl_dict *d, const char *nomor,
    const struct date *tgl, int revision, const char *replaces)
{
	const struct kantor *k = r->k;
	const struct rskm_def *sd = r->sd;
	/* report.c made sure a camat was in post on the report's date. */
	const struct pejabat *cm = kantor_pejabat_on(k, "camat", tgl, NULL);
	char buf[1024], n1[64];
	size_t weak[3], nweak;
	int nrr = r->def->ukuran == NULL || strcmp(r->def->ukuran,
	    "konversi") != 0;

	tpl_set(d, "KERTAS", k->paper == PAPER_F4 ? "F4" : "A4");
	tpl_set(d, "JUDUL", r->def->judul);
	tpl_set(d, "SEMESTER", roman[r->half]);
	snprintf(buf, sizeof(buf), "%d", r->y);
	tpl_set(d, "TAHUN", buf);
	snprintf(buf, sizeof(buf), "%s\xe2\x80\x93%s %d",
	    date_month_id(r->from.m), date_month_id(r->to.m), r->y);
	tpl_set(d, "PERIODE", buf);
	tpl_set(d, "NOMOR", nomor);
	tpl_set(d, "KECAMATAN", k->kecamatan);
	if (revision > 1) {
		tpl_section_show(d, "REVISI");
		snprintf(buf, sizeof(buf), "%d", revision - 1);
		tpl_set(d, "REVISI_KE", buf);
		tpl_set(d, "REVISI_NOMOR", replaces);
	}
	set_count(d, "RESPONDEN", r->all.n);
	set_count(d, "UNSUR_N", sd->nu);
	snprintf(buf, sizeof(buf), "1/%zu", sd->nu);
	tpl_set(d, "BOBOT", buf);
	set_count(d, "BERKAS_N", r->nfiles);
	set_count(d, "DITOLAK", r->nbad);
	tpl_section_show(d, r->nbad ? "DITOLAK_ADA" : "DITOLAK_TIDAK");
	set_index(d, &r->all);

	/* Services: every one of the office, surveyed or not. */
	size_t nsurv = 0;
	for (size_t i = 0; i < r->nsvc; i++) {
		struct tpl_dict *sdd = tpl_section_add(d, "LAYANAN");
		const struct skm_acc *a = &r->sacc[i];
		size_t w;

		snprintf(buf, sizeof(buf), "%zu", i + 1);
		tpl_set(sdd, "NO", buf);
		tpl_set(sdd, "NAMA", r->svc[i]->nama);
		set_count(sdd, "N", a->n);
		set_index(sdd, a);
		if (a->n > 0 && skm_weakest(a, &w, 1) == 1) {
			skm_fmt100(skm_nrr100(a, w), n1, sizeof(n1));
			snprintf(buf, sizeof(buf), "%s (%s)", sd->singkat[w],
			    n1);
			tpl_set(sdd, "TERENDAH", buf);
			nsurv++;
		} else
			tpl_set(sdd, "TERENDAH", "belum ada responden");
	}
	set_count(d, "LAYANAN_N", nsurv);
	struct tpl_dict *jd = tpl_section_add(d, "LAYANAN_JUMLAH");
	set_count(jd, "N", r->all.n);
	set_index(jd, &r->all);

	/* Profile: one row per option, the first naming the column. */
	for (size_t i = 0; i < sd->np; i++) {
		const struct pdef *p = &sd->p[i];

		for (size_t j = 0; j < p->nopt; j++) {
			struct tpl_dict *pd = tpl_section_add(d, "PROFIL");

			if (j == 0) {
				snprintf(buf, sizeof(buf), "%zu", i + 1);
				tpl_set(pd, "NO", buf);
				tpl_set(pd, "JUDUL", p->judul);
			} else {
				tpl_set(pd, "NO", "");
				tpl_set(pd, "JUDUL", "");
			}
			tpl_set(pd, "LABEL", p->opt[j].label);
			set_count(pd, "N", r->pc[i][j]);
			fmt_percent(r->pc[i][j], r->all.n, n1, sizeof(n1));
			tpl_set(pd, "PERSEN", n1);
		}
	}

	/* Elements, and the chart of them. */
	for (size_t i = 0; i < sd->nu; i++) {
		struct tpl_dict *ud = tpl_section_add(d, "UNSUR");
		struct tpl_dict *bd = tpl_section_add(d, "BAR");
		long v = skm_konversi100(&r->all, i);
		long q = skm_nrr100(&r->all, i);
		char m[2] = { skm_mutu(v), '\0' };

		snprintf(buf, sizeof(buf), "%zu", i + 1);
		tpl_set(ud, "NO", buf);
		tpl_set(ud, "KODE", sd->kolom[i]);
		tpl_set(ud, "NAMA", sd->nama[i]);
		set_count(ud, "JUMLAH", r->all.sum[i]);
		set_100(ud, "NRR", q);
		set_100(ud, "KONVERSI", v);
		tpl_set(ud, "MUTU", m);
		tpl_set(ud, "KINERJA", skm_kinerja(m[0]));
		tpl_set(bd, "L", sd->singkat[i]);
		v = nrr ? q : v;
		snprintf(buf, sizeof(buf), "%ld.%02ld", v / 100, v % 100);
		tpl_set(bd, "V", buf);
	}
	tpl_set(d, "GRAFIK_JUDUL", r->def->grafik);
	/* The axis is the scale's, not the largest value's: a bar of 3.00
	 * is three quarters long whatever the other elements scored. */
	tpl_set(d, "GRAFIK_MAKS", nrr ? "4" : "100");

	/* The three weakest, and the follow-up plan's rows for them. */
	nweak = skm_weakest(&r->all, weak, 3);
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < nweak; i++) {
		struct tpl_dict *wd = tpl_section_add(d, "LEMAH");
		struct tpl_dict *rd = tpl_section_add(d, "RTL");
		long v = skm_konversi100(&r->all, weak[i]);
		char m[2] = { skm_mutu(v), '\0' };

		snprintf(n1, sizeof(n1), "%zu", i + 1);
		tpl_set(wd, "NO", n1);
		tpl_set(rd, "NO", n1);
		tpl_set(wd, "NAMA", sd->nama[weak[i]]);
		tpl_set(rd, "NAMA", sd->nama[weak[i]]);
		set_100(wd, "NRR", skm_nrr100(&r->all, weak[i]));
		set_100(wd, "KONVERSI", v);
		tpl_set(wd, "MUTU", m);
		tpl_set(wd, "KINERJA", skm_kinerja(m[0]));
		skm_fmt100(skm_nrr100(&r->all, weak[i]), n1, sizeof(n1));
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%c%s (NRR "
		    "%s)", i == 0 ? "" : i + 1 == nweak ? ", dan " : ", ",
		    tolower((unsigned char)sd->nama[weak[i]][0]),
		    sd->nama[weak[i]] + 1, n1);
	}
	tpl_set(d, "TERENDAH", buf);
	/* Two more blank rows for what the meeting adds. */
	for (size_t i = 0; i < 2; i++) {
		struct tpl_dict *rd = tpl_section_add(d, "RTL");

		snprintf(n1, sizeof(n1), "%zu", nweak + i + 1);
		tpl_set(rd, "NO", n1);
		tpl_set(rd, "NAMA", "");
	}

	/* The rows left out, the first MAXBAD_SHOWN. */
	for (size_t i = 0; i < r->nbad && i < MAXBAD_SHOWN; i++) {
		struct tpl_dict *bd = tpl_section_add(d, "TOLAK");

		snprintf(n1, sizeof(n1), "%zu", i + 1);
		tpl_set(bd, "NO", n1);
		tpl_set(bd, "BERKAS", r->bad[i].berkas);
		snprintf(n1, sizeof(n1), "%ld", r->bad[i].line);
		tpl_set(bd, "BARIS", n1);
		tpl_set(bd, "ALASAN", r->bad[i].alasan);
	}
	if (r->nbad > MAXBAD_SHOWN) {
		tpl_section_show(d, "TOLAK_LAIN");
		set_count(d, "TOLAK_LAIN_N", r->nbad - MAXBAD_SHOWN);
	}

	rdata_signature(d, k->kecamatan, tgl, cm, r->def->paraf);
}
