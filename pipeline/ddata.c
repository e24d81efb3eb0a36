/* ddata.c -- section definitions (templates/laporan/BAGIAN.xml) and the
 * reader of one desa's monthly CSV.  Nothing here knows a section or an
 * indicator by name: adding one is editing a definition file. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "ddata.h"
#include "doc.h"
#include "enc.h"
#include "fmt.h"
#include "fsio.h"
#include "xmem.h"

int
ddata_ind_find(const struct ddata_def *d, const char *kode)
{
	for (size_t i = 0; i < d->nind; i++)
		if (strcmp(d->ind[i].kode, kode) == 0)
			return (int)i;
	return -1;
}

/* "a b c" to indicator indexes; -1 with e naming the unknown one. */
static int
parse_list(const struct ddata_def *d, const struct dnode *n, const char *aname,
    int **out, size_t *nout, const char *name, struct nerr *e)
{
	char *s = dnode_attr_dup(n, aname), *tok, *save;

	*out = NULL;
	*nout = 0;
	if (s == NULL)
		return 0;
	for (tok = strtok_r(s, " \t\r\n", &save); tok;
	    tok = strtok_r(NULL, " \t\r\n", &save)) {
		int i = ddata_ind_find(d, tok);

		if (i < 0) {
			nerr_set(e, EX_CONFIG, name, n->line, 0,
			    "%s: \"%s\" is not a declared indikator", aname,
			    tok);
			free(s);
			return -1;
		}
		*out = xrealloc(*out, (*nout + 1) * sizeof(**out));
		(*out)[(*nout)++] = i;
	}
	free(s);
	return 0;
}

static int
parse_expr(const struct ddata_def *d, const struct dnode *n,
    struct ddata_expr *x, const char *name, struct nerr *e)
{
	if (parse_list(d, n, "indikator", &x->num, &x->nnum, name, e) != 0 ||
	    parse_list(d, n, "per", &x->den, &x->nden, name, e) != 0)
		return -1;
	return 0;
}

static void
expr_clear(struct ddata_expr *x)
{
	free(x->num);
	free(x->den);
	free(x->judul);
}

void
ddata_def_free(struct ddata_def *d)
{
	if (d == NULL)
		return;
	free(d->bagian); free(d->judul); free(d->klasifikasi); free(d->kasi);
	free(d->paraf);
	for (size_t i = 0; i < d->nind; i++) {
		free(d->ind[i].kode); free(d->ind[i].label);
		free(d->ind[i].kolom); free(d->ind[i].satuan);
	}
	free(d->ind);
	for (size_t i = 0; i < d->ntab; i++) {
		for (size_t j = 0; j < d->tab[i].ncol; j++)
			expr_clear(&d->tab[i].col[j]);
		free(d->tab[i].col);
		free(d->tab[i].judul);
	}
	free(d->tab);
	for (size_t i = 0; i < d->nratio; i++)
		expr_clear(&d->ratio[i]);
	free(d->ratio);
	expr_clear(&d->chart);
	for (size_t i = 0; i < d->nrule; i++)
		free(d->rule[i].pesan);
	free(d->rule);
	free(d);
}

static int
parse_table(struct ddata_def *d, const struct dnode *n, const char *name,
    struct nerr *e)
{
	struct ddata_table *t;

	d->tab = xrealloc(d->tab, (d->ntab + 1) * sizeof(*d->tab));
	t = &d->tab[d->ntab++];
	memset(t, 0, sizeof(*t));
	t->judul = dnode_attr_dup(n, "judul");
	t->rank = -1;
	for (const struct dnode *c = n->child; c; c = c->next) {
		struct ddata_expr *x;
		char *r;

		if (c->name == NULL)
			continue;
		t->col = xrealloc(t->col, (t->ncol + 1) * sizeof(*t->col));
		x = &t->col[t->ncol++];
		memset(x, 0, sizeof(*x));
		if (parse_expr(d, c, x, name, e) != 0)
			return -1;
		if ((x->judul = dnode_attr_dup(c, "judul")) == NULL) {
			/* Only a plain indicator has a header of its own. */
			if (x->nnum != 1 || x->nden != 0) {
				nerr_set(e, EX_CONFIG, name, c->line,
				    0, "kolom: a sum or percentage needs a "
				    "judul");
				return -1;
			}
			x->judul = xstrdup(d->ind[x->num[0]].kolom);
		}
		if ((r = dnode_attr_dup(c, "urutkan")) != NULL) {
			if (t->rank >= 0) {
				nerr_set(e, EX_CONFIG, name, c->line,
				    0, "tabel: only one kolom can be "
				    "urutkan=\"ya\"");
				free(r);
				return -1;
			}
			t->rank = (int)t->ncol - 1;
			free(r);
		}
	}
	return 0;
}

struct ddata_def *
ddata_def_parse(const char *name, const char *buf, size_t len,
    const struct doc_schema *s, struct nerr *e)
{
	struct doc_tree *doc = doc_tree_mem(name, buf, len, s, e);
	const struct dnode *root, *n;
	struct ddata_def *d;
	int chart = 0;

	if (doc == NULL) {
		e->status = EX_CONFIG;
		return NULL;
	}
	root = doc_tree_root(doc);
	d = xcalloc(1, sizeof(*d));
	if (root == NULL || strcmp(root->name, "laporan")) {
		nerr_set(e, EX_CONFIG, name, 1, 0, "not a <laporan> definition");
		goto fail;
	}
	d->bagian = dnode_attr_dup(root, "bagian");
	d->klasifikasi = dnode_attr_dup(root, "klasifikasi");
	d->kasi = dnode_attr_dup(root, "kasi");
	d->paraf = dnode_attr_dup(root, "paraf");
	if (!d->bagian || !d->klasifikasi || !d->kasi || !d->paraf) {
		nerr_set(e, EX_CONFIG, name, root->line, 0, "laporan: "
		    "needs bagian, klasifikasi, kasi and paraf");
		goto fail;
	}
	for (n = root->child; n; n = n->next) {
		const char *el = n->name;

		if (el == NULL)
			continue;
		if (!strcmp(el, "judul")) {
			free(d->judul);
			d->judul = dnode_text(n);
		} else if (!strcmp(el, "indikator")) {
			struct ddata_ind *in;
			char *k = dnode_attr_dup(n, "kode"), *j;

			if (k == NULL || ddata_ind_find(d, k) >= 0) {
				nerr_set(e, EX_CONFIG, name, n->line,
				    0, "indikator \"%s\" declared twice or "
				    "without kode", k ? k : "");
				free(k);
				goto fail;
			}
			d->ind = xrealloc(d->ind, (d->nind + 1) *
			    sizeof(*d->ind));
			in = &d->ind[d->nind++];
			in->kode = k;
			in->label = dnode_text(n);
			in->satuan = dnode_attr_dup(n, "satuan");
			in->kolom = dnode_attr_dup(n, "kolom");
			if (in->satuan == NULL)
				in->satuan = xstrdup("");
			if (in->kolom == NULL)
				in->kolom = xstrdup(in->label);
			j = dnode_attr_dup(n, "jenis");
			in->kind = j && !strcmp(j, "rupiah") ? DDATA_RUPIAH :
			    j && !strcmp(j, "status") ? DDATA_STATUS :
			    DDATA_COUNT;
			free(j);
		} else if (!strcmp(el, "tabel")) {
			if (parse_table(d, n, name, e) != 0)
				goto fail;
		} else if (!strcmp(el, "angka")) {
			struct ddata_expr *x;

			d->ratio = xrealloc(d->ratio, (d->nratio + 1) *
			    sizeof(*d->ratio));
			x = &d->ratio[d->nratio++];
			memset(x, 0, sizeof(*x));
			x->judul = dnode_text(n);
			if (parse_expr(d, n, x, name, e) != 0)
				goto fail;
		} else if (!strcmp(el, "grafik")) {
			expr_clear(&d->chart);
			memset(&d->chart, 0, sizeof(d->chart));
			d->chart.judul = dnode_text(n);
			if (parse_expr(d, n, &d->chart, name, e) != 0)
				goto fail;
			chart = 1;
		} else if (!strcmp(el, "wajar")) {
			struct ddata_rule *r;
			char *a = dnode_attr_dup(n, "kecil");
			char *b = dnode_attr_dup(n, "besar");

			d->rule = xrealloc(d->rule, (d->nrule + 1) *
			    sizeof(*d->rule));
			r = &d->rule[d->nrule++];
			r->small = a ? ddata_ind_find(d, a) : -1;
			r->big = b ? ddata_ind_find(d, b) : -1;
			r->pesan = dnode_text(n);
			if (r->small < 0 || r->big < 0) {
				nerr_set(e, EX_CONFIG, name, n->line,
				    0, "wajar: \"%s\" is not a declared "
				    "indikator", r->small < 0 ? (a ? a : "") :
				    (b ? b : ""));
				free(a);
				free(b);
				goto fail;
			}
			free(a);
			free(b);
		}
	}
	if (d->judul == NULL || d->nind == 0 || d->ntab == 0 || !chart) {
		nerr_set(e, EX_CONFIG, name, 0, 0, "laporan: needs a judul, "
		    "indikator, tabel and grafik");
		goto fail;
	}
	doc_tree_free(doc);
	return d;
fail:
	doc_tree_free(doc);
	ddata_def_free(d);
	return NULL;
}

struct ddata_def *
ddata_def_load(const char *path, const struct doc_schema *s, struct nerr *e)
{
	size_t len;
	char *buf = fs_slurp(path, &len, e);
	struct ddata_def *d;

	if (buf == NULL) {
		e->status = EX_CONFIG;
		return NULL;
	}
	d = ddata_def_parse(path, buf, len, s, e);
	free(buf);
	return d;
}

/* Printable ASCII copy of untrusted text for a message or the report:
 * what a desa typed can never break the PDF font or the log line. */
static void
clean(char *out, size_t sz, const char *in)
{
	size_t j = 0, n = 0;

	for (; *in && j + 4 < sz; in++, n++) {
		unsigned char c = (unsigned char)*in;

		if (n >= 40) {
			memcpy(out + j, "...", 3);
			j += 3;
			break;
		}
		out[j++] = c >= 0x20 && c < 0x7F ? (char)c : '?';
	}
	out[j] = '\0';
}

static struct ddata_issue *
issue(struct ddata_issue *v, size_t *n, long line, long col)
{
	static struct ddata_issue sink;
	struct ddata_issue *r = *n < DDATA_MAXISSUE ? &v[*n] : &sink;

	(*n)++;
	memset(r, 0, sizeof(*r));
	r->line = line;
	r->col = col;
	return r;
}

#define ERR(f, line, col)	issue((f)->err, &(f)->nerr, line, col)
#define WARN(f, line, col)	issue((f)->warn, &(f)->nwarn, line, col)

void
ddata_file_clear(struct ddata_file *f)
{
	if (f->ket != NULL)
		for (size_t i = 0; i < f->nind; i++)
			free(f->ket[i]);
	free(f->ket);
	free(f->v);
	free(f->have);
	memset(f, 0, sizeof(*f));
}

static void
file_init(struct ddata_file *f, size_t nind)
{
	memset(f, 0, sizeof(*f));
	f->nind = nind;
	f->v = xcalloc(nind, sizeof(*f->v));
	f->have = xcalloc(nind, 1);
	f->ket = xcalloc(nind, sizeof(*f->ket));
}

/* Blanks around a figure: spaces, tabs, and the no-break space a
 * spreadsheet puts between "Rp" and the number. */
static int
blank_at(const char *p)
{
	if (*p == ' ' || *p == '\t')
		return 1;
	if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
		return 2;
	return 0;
}

static const char *
skip_blank(const char *p)
{
	int n;

	while ((n = blank_at(p)) > 0)
		p += n;
	return p;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

enum ddata_num
ddata_parse_nilai(const char *s, enum ddata_kind k, uint64_t *out)
{
	const char *p, *end, *q, *ie, *fb = NULL, *fe = NULL, *lastdot = NULL;
	int neg = 0, rp = 0, big = 0, grouped;
	size_t ndot = 0, first = 0, run = 0, later3 = 1;
	uint64_t v = 0;

	p = skip_blank(s);
	end = p + strlen(p);
	/* Trailing blanks; a no-break space ends in 0xA0. */
	for (;;) {
		if (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		else if (end - p >= 2 && (unsigned char)end[-2] == 0xC2 &&
		    (unsigned char)end[-1] == 0xA0)
			end -= 2;
		else
			break;
	}
	/* An accountant's negative: "(Rp 5.000)". */
	if (end - p >= 2 && *p == '(' && end[-1] == ')') {
		neg = 1;
		p = skip_blank(p + 1);
		end--;
	}
	if (p < end && (*p == '-' || *p == '+')) {
		neg |= *p == '-';
		p = skip_blank(p + 1);
	}
	if (end - p >= 2 && (p[0] == 'R' || p[0] == 'r') &&
	    (p[1] == 'P' || p[1] == 'p')) {
		rp = 1;
		p += 2;
		if (p < end && *p == '.')
			p++;
		p = skip_blank(p);
		if (p < end && (*p == '-' || *p == '+')) {
			neg |= *p == '-';
			p = skip_blank(p + 1);
		}
	}
	while (end > p && blank_at(end - 1) == 1)
		end--;
	/* "Rp 1.250.000,-": whole rupiah, written the Indonesian way. */
	if (end - p >= 3 && end[-2] == ',' && end[-1] == '-')
		end -= 2;
	if (p == end || !is_digit(*p))
		return DDATA_NUM_BAD;
	/* The whole part ends at the decimal comma; only one. */
	if ((ie = memchr(p, ',', (size_t)(end - p))) != NULL) {
		fb = ie + 1;
		fe = end;
		if (fb == fe || memchr(fb, ',', (size_t)(fe - fb)) != NULL)
			return DDATA_NUM_BAD;
	} else
		ie = end;
	for (q = p; q < ie; q++) {
		if (*q == '.') {
			if (ndot++ == 0)
				first = run;
			else if (run != 3)
				later3 = 0;
			lastdot = q;
			run = 0;
		} else if (is_digit(*q))
			run++;
		else
			return DDATA_NUM_BAD;
	}
	/* Thousands grouped: 1-3 digits first, then groups of three, and
	 * no "0.100" or "01.000" a person would not write. */
	grouped = ndot > 0 && first >= 1 && first <= 3 && later3 && run == 3 &&
	    *p != '0';
	if (ndot > 0 && !grouped) {
		/* "1250000.00": a decimal point, as Excel writes it. */
		if (fb != NULL || ndot != 1 || run < 1 || run > 2)
			return DDATA_NUM_BAD;
		fb = lastdot + 1;
		fe = ie;
		ie = lastdot;
	}
	for (q = p; q < ie; q++) {
		if (*q == '.')
			continue;
		if (v > (UINT64_MAX - 9) / 10)
			big = 1;
		else
			v = v * 10 + (uint64_t)(*q - '0');
	}
	for (q = fb; q != NULL && q < fe; q++)
		if (!is_digit(*q))
			return DDATA_NUM_BAD;
	if (neg) {
		int zero = v == 0 && !big;

		for (q = fb; zero && q != NULL && q < fe; q++)
			zero = *q == '0';
		if (!zero)
			return DDATA_NUM_NEGATIVE;
	}
	for (q = fb; q != NULL && q < fe; q++)
		if (*q != '0')
			return DDATA_NUM_FRACTION;
	if (big || v > DDATA_MAXVAL)
		return DDATA_NUM_TOOBIG;
	if (rp && k != DDATA_RUPIAH)
		return DDATA_NUM_RP;
	*out = v;
	return DDATA_NUM_OK;
}

/* One row: indikator, nilai, keterangan. */
static void
read_row(const struct ddata_def *def, struct ddata_file *f,
    const struct csvr_row *row, int ci, int cn, int ck, long *seen)
{
	const char *kode = row->fields[ci], *nilai = row->fields[cn];
	char ck1[64], cv[64];
	struct ddata_issue *is;
	uint64_t v;
	int i;
	char low[64];
	size_t n = 0;

	/* Indicator names are matched like column names: case and blanks
	 * around do not matter. */
	while (*kode == ' ' || *kode == '\t')
		kode++;
	for (; kode[n] && n + 1 < sizeof(low); n++)
		low[n] = (char)tolower((unsigned char)kode[n]);
	while (n > 0 && (low[n - 1] == ' ' || low[n - 1] == '\t'))
		n--;
	low[n] = '\0';
	clean(ck1, sizeof(ck1), kode);
	clean(cv, sizeof(cv), nilai);
	if ((i = ddata_ind_find(def, low)) < 0) {
		is = ERR(f, row->line, ci + 1);
		snprintf(is->msg, sizeof(is->msg), "unknown indikator \"%s\"",
		    ck1);
		snprintf(is->teks, sizeof(is->teks), "baris %ld: indikator "
		    "\"%s\" tidak dikenal", row->line, ck1);
		return;
	}
	if (f->have[i] || seen[i]) {
		is = ERR(f, row->line, ci + 1);
		snprintf(is->msg, sizeof(is->msg), "indikator \"%s\" repeated "
		    "(first on line %ld)", low, seen[i]);
		snprintf(is->teks, sizeof(is->teks), "baris %ld: indikator "
		    "%s ditulis dua kali (pertama pada baris %ld)", row->line,
		    low, seen[i]);
		f->have[i] = 0;
		return;
	}
	seen[i] = row->line;
	switch (ddata_parse_nilai(nilai, def->ind[i].kind, &v)) {
	case DDATA_NUM_OK:
		break;
	case DDATA_NUM_NEGATIVE:
		is = ERR(f, row->line, cn + 1);
		snprintf(is->msg, sizeof(is->msg), "nilai \"%s\" of %s is "
		    "negative: a count or an amount is never below 0", cv,
		    low);
		snprintf(is->teks, sizeof(is->teks), "baris %ld: nilai "
		    "\"%s\" untuk %s negatif", row->line, cv, low);
		return;
	case DDATA_NUM_FRACTION:
		is = ERR(f, row->line, cn + 1);
		if (def->ind[i].kind == DDATA_RUPIAH) {
			snprintf(is->msg, sizeof(is->msg), "nilai \"%s\" of %s "
			    "has a fraction of a rupiah: write whole rupiah "
			    "(1.250.000 or 1.250.000,00)", cv, low);
			snprintf(is->teks, sizeof(is->teks), "baris %ld: nilai "
			    "\"%s\" untuk %s mengandung pecahan rupiah",
			    row->line, cv, low);
		} else {
			snprintf(is->msg, sizeof(is->msg), "nilai \"%s\" of %s "
			    "is not a whole number", cv, low);
			snprintf(is->teks, sizeof(is->teks), "baris %ld: nilai "
			    "\"%s\" untuk %s bukan bilangan bulat", row->line,
			    cv, low);
		}
		return;
	case DDATA_NUM_TOOBIG:
		is = ERR(f, row->line, cn + 1);
		snprintf(is->msg, sizeof(is->msg), "nilai \"%s\" of %s is above "
		    "the limit of 999.999.999.999.999", cv, low);
		snprintf(is->teks, sizeof(is->teks), "baris %ld: nilai "
		    "\"%s\" untuk %s melebihi batas 999.999.999.999.999",
		    row->line, cv, low);
		return;
	case DDATA_NUM_RP:
		is = ERR(f, row->line, cn + 1);
		snprintf(is->msg, sizeof(is->msg), "nilai \"%s\" of %s is in "
		    "rupiah, but %s counts %s", cv, low, low,
		    def->ind[i].satuan);
		snprintf(is->teks, sizeof(is->teks), "baris %ld: nilai "
		    "\"%s\" untuk %s bukan rupiah", row->line, cv, low);
		return;
	default:
		is = ERR(f, row->line, cn + 1);
		snprintf(is->msg, sizeof(is->msg), "nilai \"%s\" of %s is not "
		    "a whole number (write 1250000 or 1.250.000)", cv, low);
		snprintf(is->teks, sizeof(is->teks), "baris %ld: nilai "
		    "\"%s\" untuk %s bukan bilangan bulat", row->line, cv,
		    low);
		return;
	}
	f->v[i] = v;
	f->have[i] = 1;
	if (ck >= 0) {
		const char *k = row->fields[ck];
		unsigned long cp;
		size_t off;

		while (*k == ' ' || *k == '\t')
			k++;
		if (*k == '\0')
			return;
		if (!enc_winansi_ok(k, &off, &cp)) {
			is = WARN(f, row->line, ck + 1);
			snprintf(is->msg, sizeof(is->msg), "keterangan of %s: "
			    "character U+%04lX cannot be printed; keterangan "
			    "left out of the report", low, cp);
			return;
		}
		f->ket[i] = xstrdup(k);
	}
}

int
ddata_read_mem(const struct ddata_def *def, const char *name,
    const char *buf, size_t len, struct ddata_file *f, struct nerr *e)
{
	struct csvr *c;
	struct csvr_row row;
	struct ddata_issue *is;
	struct nerr ce = { 0 };
	long *seen;
	int ci, cn, ck, rc;

	file_init(f, def->nind);
	if ((c = csvr_open_mem(name, buf, len, &ce)) == NULL) {
		if (ce.status == EX_OSERR) {
			*e = ce;
			return -1;
		}
		is = ERR(f, ce.line, ce.col);
		snprintf(is->msg, sizeof(is->msg), "%s", ce.msg);
		snprintf(is->teks, sizeof(is->teks), "berkas tidak dapat "
		    "dibaca sebagai CSV (baris %ld)", ce.line);
		return 1;
	}
	ci = csvr_col(c, "indikator");
	cn = csvr_col(c, "nilai");
	ck = csvr_col(c, "keterangan");
	if (ci < 0 || cn < 0) {
		is = ERR(f, 1, 0);
		snprintf(is->msg, sizeof(is->msg), "missing column \"%s\" (need "
		    "indikator,nilai[,keterangan])", ci < 0 ? "indikator" :
		    "nilai");
		snprintf(is->teks, sizeof(is->teks), "baris 1: kolom \"%s\" "
		    "tidak ada", ci < 0 ? "indikator" : "nilai");
		csvr_close(c);
		return 1;
	}
	for (size_t i = 0; i < csvr_ncols(c); i++)
		if ((int)i != ci && (int)i != cn && (int)i != ck) {
			char cc[64];

			clean(cc, sizeof(cc), csvr_colname(c, i));
			is = WARN(f, 1, (long)i + 1);
			snprintf(is->msg, sizeof(is->msg), "unknown column "
			    "\"%s\" ignored", cc);
		}
	/* The encoding assumed, empty columns ignored. */
	for (size_t i = 0; csvr_warning(c, i) != NULL; i++) {
		const struct nerr *w = csvr_warning(c, i);

		is = WARN(f, w->line, w->col);
		snprintf(is->msg, sizeof(is->msg), "%s", w->msg);
	}
	seen = xcalloc(def->nind, sizeof(*seen));
	while ((rc = csvr_next(c, &row, &ce)) != 0) {
		if (rc < 0) {
			is = ERR(f, ce.line, ce.col);
			snprintf(is->msg, sizeof(is->msg), "%s", ce.msg);
			snprintf(is->teks, sizeof(is->teks), "baris %ld: baris "
			    "CSV rusak", ce.line);
			if (rc == -2)
				break;
			continue;
		}
		read_row(def, f, &row, ci, cn, ck, seen);
	}
	csvr_close(c);
	for (size_t i = 0; i < def->nind; i++)
		if (!seen[i]) {
			is = ERR(f, 0, 0);
			snprintf(is->msg, sizeof(is->msg), "indikator \"%s\" "
			    "is missing", def->ind[i].kode);
			snprintf(is->teks, sizeof(is->teks), "indikator %s "
			    "tidak ada", def->ind[i].kode);
		}
	free(seen);
	return f->nerr ? 1 : 0;
}

int
ddata_read_file(const struct ddata_def *def, const char *path,
    struct ddata_file *f, struct nerr *e)
{
	struct nerr se = { 0 };
	size_t len;
	char *buf = fs_slurp(path, &len, &se);
	int rc;

	if (buf == NULL) {
		struct ddata_issue *is;

		file_init(f, def->nind);
		is = ERR(f, 0, 0);
		snprintf(is->msg, sizeof(is->msg), "%s", se.msg);
		snprintf(is->teks, sizeof(is->teks), "berkas tidak dapat "
		    "dibaca");
		return 1;
	}
	rc = ddata_read_mem(def, path, buf, len, f, e);
	free(buf);
	return rc;
}

static uint64_t
sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

void
ddata_expr_eval(const struct ddata_expr *x, const uint64_t *v, uint64_t *num,
    uint64_t *den)
{
	uint64_t a = 0, b = 0;

	for (size_t i = 0; i < x->nnum; i++)
		a = sat_add(a, v[x->num[i]]);
	for (size_t i = 0; i < x->nden; i++)
		b = sat_add(b, v[x->den[i]]);
	*num = a;
	*den = b;
}

int
ddata_rule_broken(const struct ddata_def *d, size_t r, const uint64_t *v)
{
	return r < d->nrule && v[d->rule[r].small] > v[d->rule[r].big];
}

int
ddata_ratio_cmp(uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
	unsigned __int128 l, r;

	if (b == 0 || d == 0)
		return (b != 0) - (d != 0);
	l = (unsigned __int128)a * d;
	r = (unsigned __int128)c * b;
	return l < r ? -1 : l > r;
}

void
ddata_format(enum ddata_kind k, uint64_t v, int total, char *buf, size_t sz)
{
	char n[40];

	switch (k) {
	case DDATA_RUPIAH:
		fmt_rupiah_short(v, buf, sz);
		break;
	case DDATA_STATUS:
		if (total) {
			fmt_thousands(v, n, sizeof(n));
			snprintf(buf, sz, "%s desa", n);
		} else
			snprintf(buf, sz, "%s", v ? "Sudah" : "Belum");
		break;
	default:
		fmt_thousands(v, buf, sz);
	}
}
