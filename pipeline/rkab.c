/* rkab.c -- the kabupaten's roll-up (rkab.h): every kecamatan's register
 * opened through reg.h (a SQLite file now, a PostgreSQL database keyed by
 * region code later: the same calls), its stored desa data of the month
 * and the month before read into two totals, one per desa of the
 * kabupaten (the summary, the change, the plausibility warnings) and one
 * per kecamatan (tables and chart); rdata.c formats both, the parts of
 * its own (the state of each kecamatan, the desa not reported) are here. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ddata.h"
#include "fmt.h"
#include "issue.h"
#include "office.h"
#include "rdata.h"
#include "rdef.h"
#include "reg.h"
#include "rkab.h"
#include "rlay.h"
#include "rpgd.h"
#include "run.h"
#include "sha256.h"
#include "sla.h"
#include "totals.h"
#include "tpl.h"
#include "wtime.h"
#include "xmem.h"

#define CHUNK	48	/* items per part, as rdata.c's */

enum kec_state { KEC_MISSING, KEC_OK, KEC_BAD };

struct kec {
	const struct kantor_kec	*kc;
	enum kec_state		 st;
	size_t			 ndesa;		/* its desa in desa.csv */
	size_t			 nok;		/* ... with data of the month */
	int			 rev;		/* its report of the month, */
	char			 nomor[256];	/* 0 and "" none */
};

struct rkab {
	const struct run_opts	*opt;
	struct office		*o;
	const struct kantor	*k;
	const struct ddata_def	*def;
	int			 y, m;
	char			 bulan[8], pbulan[8];
	struct date		 tgl;
	struct kec		*kec;
	size_t			 nkec;
	struct desa		*unit;		/* the kecamatan as rows */
	struct kantor		 ku;		/* k with unit as its desa */
	struct totals		*td, *tk;	/* per desa, per kecamatan */
	uint64_t		*v;		/* the month, nd * nind */
	unsigned char		*have;		/* nd: a desa with data */
	int			 prev;		/* the month before found */
	struct rdata_bad	*bad;
	size_t			 nbad;
	char			 sha[65];
	/* The report's parts: rdata's over the kecamatan and over the
	 * desa, and this file's own cursor. */
	struct rdata		 rk, rd;
	struct rdata_parts	*pk, *pd;
	size_t			 pos;
};

static int	rkab_waktu(const struct run_opts *, struct office *,
		    const struct rdef *, int, int, const struct date *);

static void
add_bad(struct rkab *r, const char *nama, const char *alasan)
{
	r->bad = xrealloc(r->bad, (r->nbad + 1) * sizeof(*r->bad));
	r->bad[r->nbad].nama = xstrdup(nama);
	r->bad[r->nbad].alasan = xstrdup(alasan);
	r->nbad++;
}

static size_t
desa_index(const struct kantor *k, const char *kode, size_t hint)
{
	/* Rows come in code order, desa.csv's usually too. */
	for (size_t d = hint; d < hint + 2 && d < k->ndesa; d++)
		if (!strcmp(k->desa[d].kode, kode))
			return d;
	for (size_t d = 0; d < k->ndesa; d++)
		if (!strcmp(k->desa[d].kode, kode))
			return d;
	return k->ndesa;
}

/* Where kecamatan kc's register is: one database for every office,
 * keyed by region code, when NASKAH_REGISTER names one by URL; else
 * kantor.xml's register: a URL as it is, a path relative to the
 * kabupaten's output folder (the offices' outputs lie side by side), a
 * folder meaning its register.db; without one, the kabupaten's own
 * register. */
static void
kec_location(const struct rkab *r, const struct kantor_kec *kc, char *buf,
    size_t sz)
{
	const char *env = getenv("NASKAH_REGISTER");
	struct stat sb;

	if (env != NULL && strstr(env, "://") != NULL) {
		snprintf(buf, sz, "%s", env);
		return;
	}
	if (kc->lokasi == NULL)
		snprintf(buf, sz, "%s/register.db", office_outdir(r->o));
	else if (strstr(kc->lokasi, "://") != NULL || kc->lokasi[0] == '/')
		snprintf(buf, sz, "%s", kc->lokasi);
	else
		snprintf(buf, sz, "%s/%s", office_outdir(r->o), kc->lokasi);
	if (stat(buf, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		size_t n = strlen(buf);

		snprintf(buf + n, sz - n, "/register.db");
	}
}

struct cursor {
	struct rkab	*r;
	struct kec	*kc;
	int		 prev;		/* reading the month before */
	size_t		 hint;
	char		 last[32];	/* the last desa code not ours */
};

/* reg_ddata_each: one stored figure of a desa of kecamatan c->kc. */
static int
figure(const char *kode, const char *ind, uint64_t v, void *arg)
{
	struct cursor *c = arg;
	struct rkab *r = c->r;
	const struct kantor *k = r->k;
	size_t d = desa_index(k, kode, c->hint);
	int i;
	char buf[256];

	/* A desa of another kecamatan, or of no desa.csv of the kabupaten,
	 * is named once and left out. */
	if (d == k->ndesa || strncmp(kode, c->kc->kc->kode, 8) != 0) {
		if (!c->prev && strcmp(c->last, kode) != 0) {
			snprintf(c->last, sizeof(c->last), "%s", kode);
			if (!r->opt->quiet)
				fprintf(stderr, "naskah: kecamatan %s %s: "
				    "desa %s of its register is no desa of it "
				    "in %s/desa.csv; left out\n",
				    c->kc->kc->kode, c->kc->kc->nama, kode,
				    office_indir(r->o));
			snprintf(buf, sizeof(buf), "Kecamatan %s, kode desa "
			    "%s", c->kc->kc->nama, kode);
			add_bad(r, buf, "bukan desa kecamatan ini dalam daftar "
			    "desa kabupaten; datanya tidak dimasukkan dalam "
			    "jumlah");
		}
		return 0;
	}
	c->hint = d;
	/* An indicator since dropped from the definition no longer counts;
	 * one added since is 0 for a month stored before. */
	if ((i = ddata_ind_find(r->def, ind)) < 0)
		return 0;
	if (c->prev)
		totals_prev_set(r->td, d, (size_t)i, v);
	else {
		r->v[d * r->def->nind + (size_t)i] = v;
		r->have[d] = 1;
	}
	return 0;
}

static void
hash_str(struct sha256_ctx *c, const char *s)
{
	sha256_update(c, s, strlen(s));
	sha256_update(c, "\n", 1);
}

/* Every kecamatan's register, in kantor.xml's order: its data of the
 * month and the month before, and its own report of the month.  A
 * register that cannot be read is named and its kecamatan listed as
 * such; the others still count. */
static int
read_kecamatan(struct rkab *r, struct nerr *e)
{
	const struct kantor *k = r->k;
	const size_t ni = r->def->nind;
	char loc[4096], buf[512];

	for (size_t j = 0; j < r->nkec; j++) {
		struct kec *kc = &r->kec[j];
		struct cursor c = { r, kc, 0, 0, "" };
		struct reg_report rep;
		struct nerr ke = { 0 };
		struct reg *g;
		int n;

		kec_location(r, kc->kc, loc, sizeof(loc));
		if ((g = reg_open(loc, kc->kc->kode, &ke)) == NULL) {
			nerr_print(stderr, "naskah: kecamatan", &ke);
			kc->st = KEC_BAD;
			snprintf(buf, sizeof(buf), "Kecamatan %s (%s)",
			    kc->kc->nama, kc->kc->kode);
			add_bad(r, buf, "register kecamatan tidak dapat dibuka; "
			    "datanya tidak dimasukkan dalam jumlah");
			continue;
		}
		if ((n = reg_ddata_each(g, r->bulan, r->def->bagian, figure, &c,
		    e)) < 0 || reg_report_latest(g, r->bulan, r->def->bagian,
		    &rep, e) < 0) {
			reg_close(g);
			return -1;
		}
		kc->st = n ? KEC_OK : KEC_MISSING;
		kc->rev = rep.revision;
		snprintf(kc->nomor, sizeof(kc->nomor), "%s", rep.nomor);
		c.prev = 1;
		c.hint = 0;
		if ((n = reg_ddata_each(g, r->pbulan, r->def->bagian, figure,
		    &c, e)) < 0) {
			reg_close(g);
			return -1;
		}
		r->prev |= n;
		reg_close(g);
	}
	/* The desa, counted once each; the kecamatan as the sums of theirs. */
	for (size_t d = 0; d < k->ndesa; d++) {
		const struct kantor_kec *kk = kantor_kec(k, k->desa[d].kode);
		struct kec *kc = &r->kec[kk - k->kec];

		kc->ndesa++;
		if (!r->have[d] || kc->st != KEC_OK)
			continue;
		kc->nok++;
		totals_add(r->td, d, r->v + d * ni);
	}
	if (r->prev)
		totals_compare(r->td);
	uint64_t *sum = xcalloc(ni, sizeof(*sum));
	for (size_t j = 0; j < r->nkec; j++) {
		const struct kec *kc = &r->kec[j];

		if (kc->st == KEC_BAD)
			totals_reject(r->tk, j);
		if (kc->st != KEC_OK)
			continue;
		memset(sum, 0, ni * sizeof(*sum));
		for (size_t d = 0; d < k->ndesa; d++)
			if (r->td->state[d] == TOTALS_OK &&
			    !strncmp(k->desa[d].kode, kc->kc->kode, 8))
				for (size_t i = 0; i < ni; i++)
					sum[i] = r->v[d * ni + i] >
					    UINT64_MAX - sum[i] ? UINT64_MAX :
					    sum[i] + r->v[d * ni + i];
		totals_add(r->tk, j, sum);
	}
	free(sum);
	return 0;
}

/* What "the same data" means: every kecamatan's state and report, every
 * desa's figures, what was left out. */
static void
fingerprint(struct rkab *r)
{
	const struct kantor *k = r->k;
	struct sha256_ctx c;
	char buf[512];

	sha256_init(&c);
	hash_str(&c, "kabupaten");
	hash_str(&c, r->def->bagian);
	hash_str(&c, r->bulan);
	for (size_t j = 0; j < r->nkec; j++) {
		snprintf(buf, sizeof(buf), "kec %s %s %d %d %s",
		    r->kec[j].kc->kode, r->kec[j].kc->nama, r->kec[j].st,
		    r->kec[j].rev, r->kec[j].nomor);
		hash_str(&c, buf);
	}
	for (size_t d = 0; d < k->ndesa; d++) {
		snprintf(buf, sizeof(buf), "desa %s %s %d", k->desa[d].kode,
		    k->desa[d].nama, r->td->state[d]);
		hash_str(&c, buf);
		if (r->td->state[d] != TOTALS_OK)
			continue;
		for (size_t i = 0; i < r->def->nind; i++) {
			snprintf(buf, sizeof(buf), "%s=%ju",
			    r->def->ind[i].kode,
			    (uintmax_t)r->v[d * r->def->nind + i]);
			hash_str(&c, buf);
		}
	}
	/* The month before shows in the report as well. */
	snprintf(buf, sizeof(buf), "prev %ld", r->td->pdesa);
	hash_str(&c, buf);
	for (size_t i = 0; r->prev && i < r->def->nind; i++) {
		snprintf(buf, sizeof(buf), "%ju %ju", (uintmax_t)r->td->psum[i],
		    (uintmax_t)r->td->cpsum[i]);
		hash_str(&c, buf);
	}
	for (size_t i = 0; i < r->nbad; i++) {
		hash_str(&c, r->bad[i].nama);
		hash_str(&c, r->bad[i].alasan);
	}
	sha256_final_hex(&c, r->sha);
}

static void
set_num(struct tpl_dict *d, const char *key, size_t n)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%zu", n);
	tpl_set(d, key, buf);
}

/* What the kabupaten's report says beyond a kecamatan's (rdata_fill has
 * filled the rest from the desa's totals): the kecamatan's counts, the
 * chart's scale over the kecamatan, the signer and the place. */
static void
fill_kab(struct rkab *r, struct tpl_dict *d, const struct pejabat *pj)
{
	const struct kantor *k = r->k;
	size_t masuk = 0, belum = 0, gagal = 0, dbelum = 0;
	char buf[512];
	uint64_t whole;
	unsigned hundredths;

	for (size_t j = 0; j < r->nkec; j++) {
		const struct kec *kc = &r->kec[j];

		masuk += kc->st == KEC_OK;
		belum += kc->st == KEC_MISSING;
		gagal += kc->st == KEC_BAD;
		if (kc->st == KEC_OK)
			dbelum += kc->ndesa - kc->nok;
	}
	set_num(d, "KEC_JUMLAH", r->nkec);
	set_num(d, "KEC_MASUK", masuk);
	set_num(d, "KEC_BELUM", belum);
	set_num(d, "KEC_GAGAL", gagal);
	set_num(d, "DESA_KEC_BELUM", dbelum);
	tpl_section_show(d, belum ? "KEC_BELUM_ADA" : "KEC_BELUM_TIDAK");
	tpl_section_show(d, dbelum ? "DESA_BELUM_ADA" : "DESA_BELUM_TIDAK");
	if (gagal)
		tpl_section_show(d, "KEC_GAGAL_ADA");
	/* What was left out is the kecamatan's (rdata_fill saw the desa). */
	tpl_section_show(d, r->nbad ? "KAB_GAGAL_ADA" : "KAB_GAGAL_TIDAK");
	tpl_set(d, "KABUPATEN", k->kabupaten);
	tpl_set(d, "PEMDA", k->kota ? "Kota" : "Kabupaten");
	snprintf(buf, sizeof(buf), "%s %s", k->kota ? "KOTA" : "KABUPATEN",
	    k->kabupaten);
	for (char *p = buf; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	tpl_set(d, "PEMDA_BESAR", buf);
	tpl_set(d, "INSTANSI", k->instansi);
	tpl_set(d, "BAGIAN_KAB", k->kab_bagian);
	/* The chart is the kecamatan's: its title says so where the
	 * definition says "per desa", its scale and bars are theirs. */
	const char *judul = r->def->chart.judul, *pd = strstr(judul,
	    "per desa");
	if (pd != NULL)
		snprintf(buf, sizeof(buf), "%.*sper kecamatan%s",
		    (int)(pd - judul), judul, pd + 8);
	else
		snprintf(buf, sizeof(buf), "%s per kecamatan", judul);
	tpl_set(d, "GRAFIK_JUDUL", buf);
	snprintf(buf, sizeof(buf), "0");
	if (totals_chart_max(r->tk, &r->def->chart, &whole, &hundredths))
		snprintf(buf, sizeof(buf), r->def->chart.nden ? "%ju.%02u" :
		    "%ju", (uintmax_t)whole, hundredths);
	tpl_set(d, "GRAFIK_MAX", buf);
	set_num(d, "GRAFIK_N", r->tk->nok);
	rdata_signature(d, k->kabupaten, &r->tgl, pj, k->kab_paraf);
}

/* The parts: "kec" (every kecamatan's state) and "belum-desa" (the desa
 * not reported in a kecamatan that did) are this file's; the plausibility
 * warnings rdata's over the desa; tables, chart, the kecamatan not
 * reported and what was left out rdata's over the kecamatan. */
static int
parts_fill(void *arg, const char *name, int first, struct tpl_dict *d,
    struct nerr *e)
{
	struct rkab *r = arg;
	const struct kantor *k = r->k;
	size_t n = 0;
	char buf[4096];

	if (!strcmp(name, "wajar"))
		return rdata_parts_fill(r->pd, name, first, d, e);
	if (strcmp(name, "kec") != 0 && strcmp(name, "belum-desa") != 0)
		return rdata_parts_fill(r->pk, name, first, d, e);
	if (first)
		r->pos = 0;
	for (; r->pos < r->nkec && n < CHUNK; r->pos++) {
		const struct kec *kc = &r->kec[r->pos];
		struct tpl_dict *kd;

		if (name[0] == 'k') {
			kd = tpl_section_add(d, "KEC");
			set_num(kd, "NO", r->pos + 1);
			tpl_set(kd, "KODE", kc->kc->kode);
			tpl_set(kd, "NAMA", kc->kc->nama);
			set_num(kd, "DESA", kc->ndesa);
			if (kc->st == KEC_OK)
				set_num(kd, "MASUK", kc->nok);
			else
				tpl_set(kd, "MASUK", "-");
			tpl_set(kd, "KET", kc->st == KEC_BAD ? "register tidak "
			    "dapat dibuka" : kc->st == KEC_MISSING ? "belum "
			    "melapor" : kc->nok < kc->ndesa ? "sebagian desa" :
			    "lengkap");
			if (kc->rev > 0)
				snprintf(buf, sizeof(buf), "%s%s", kc->nomor,
				    kc->rev > 1 ? " (revisi)" : "");
			else
				snprintf(buf, sizeof(buf), "-");
			tpl_set(kd, "NOMOR", buf);
			n++;
			continue;
		}
		if (kc->st != KEC_OK || kc->nok == kc->ndesa)
			continue;
		/* One item per kecamatan, its desa by name and code. */
		size_t len = 0;
		for (size_t dd = 0; dd < k->ndesa; dd++)
			if (!strncmp(k->desa[dd].kode, kc->kc->kode, 8) &&
			    r->td->state[dd] != TOTALS_OK && len < sizeof(buf))
				len += (size_t)snprintf(buf + len,
				    sizeof(buf) - len, "%s%s %s (%s)",
				    len ? ", " : "", k->desa[dd].kelurahan ?
				    "Kelurahan" : "Desa", k->desa[dd].nama,
				    k->desa[dd].kode);
		kd = tpl_section_add(d, "BELUMDESA");
		tpl_set(kd, "NAMA", kc->kc->nama);
		set_num(kd, "N", kc->ndesa - kc->nok);
		tpl_set(kd, "DESA", buf);
		n++;
	}
	return n > 0;
}

/* What differs between the roll-ups (desa data; layanan and pengaduan)
 * when kab_issue numbers one: its code, title and template, and the fill
 * that needs its number.  fill may keep state until done. */
struct kab_doc {
	struct office			*o;
	const struct kantor		*k;
	const char			*klas, *judul, *tpl, *bulan, *sha;
	const struct office_parts	*parts;
	struct date			 tgl;
	int				 y, m;
	void	(*fill)(void *arg, struct tpl_dict *d, const char *nomor,
		    int rev, const char *replaces);
	void	(*done)(void *arg);
	void	*arg;
};

/* Numbers, renders, stages and commits a roll-up in one transaction in
 * the kabupaten's book, revision rev of its key.  Fills rel and nomor. */
static int
kab_issue(const struct kab_doc *kd, const char *key, int rev,
    const char *replaces, char *rel, size_t rsz, char *nomor, size_t nsz,
    struct nerr *e)
{
	struct issue *is = issue_new(kd->o);
	struct tpl_dict *d = NULL;
	struct reg_num num;
	char iso[16], title[512], ref[96];
	int rc = -1, filled = 0;

	if (issue_begin(is, e) != 0) {
		issue_free(is);
		return -1;
	}
	if (issue_number(is, REG_BOOK_KELUAR, "laporan", kd->klas,
	    kd->tgl.y, kd->tgl.m, &num, nomor, nsz, e) != 0)
		goto out;
	d = tpl_dict_new();
	kd->fill(kd->arg, d, nomor, rev, replaces);
	filled = 1;
	snprintf(title, sizeof(title), "%s Se-%s %s Bulan %s %d", kd->judul,
	    kd->k->kota ? "Kota" : "Kabupaten", kd->k->kabupaten,
	    date_month_id(kd->m), kd->y);
	struct pdf_info info = { title, kd->judul, nomor, kd->tgl.y,
	    kd->tgl.m, kd->tgl.d, "laporan", nomor, NULL, key, kd->bulan };
	if (office_render(kd->o, kd->tpl, d, kd->parts, &info, e) != 0)
		goto out;
	date_iso(&kd->tgl, iso, sizeof(iso));
	snprintf(rel, rsz, "laporan/%04d/%s_%s_r%d_%05ld.pdf", kd->tgl.y,
	    kd->bulan, key, rev, num.urut);
	snprintf(ref, sizeof(ref), "%s/%s/r%d", kd->bulan, key, rev);
	struct reg_doc doc = { .kind = "laporan", .created = iso,
	    .num = num, .ref = ref };
	struct reg_reportin rin = { kd->bulan, key, rev, kd->sha, nomor,
	    replaces, rel };
	if (issue_stage(is, rel, &doc, e) != 0 ||
	    reg_report_add(office_reg(kd->o), &rin, e) != 0)
		goto out;
	if (issue_commit(is, e) != 0) {
		issue_free(is);
		is = NULL;
		goto out;
	}
	rc = 0;
out:
	if (rc != 0 && is != NULL)
		issue_abort(is);
	issue_free(is);
	tpl_dict_free(d);
	if (filled && kd->done != NULL)
		kd->done(kd->arg);
	return rc;
}

/* The latest revision of key in the kabupaten's register (*old), and
 * whether it was made of the same data (sha): then nothing is issued,
 * and that is said unless quiet.  1 unchanged, 0 to issue, -1 error. */
static int
kab_unchanged(const struct run_opts *opt, struct office *o,
    const char *bagian, const char *bulan, const char *key, const char *sha,
    int status, struct reg_report *old, struct nerr *e)
{
	if (reg_report_latest(office_reg(o), bulan, key, old, e) < 0)
		return -1;
	if (old->revision == 0 || strcmp(old->sha, sha) != 0)
		return 0;
	if (!opt->quiet || status)
		fprintf(stderr, "naskah report: %s %s --kabupaten: data "
		    "unchanged since %s (%s); nothing issued\n", bagian, bulan,
		    old->nomor, old->path);
	return 1;
}

/* kab_doc's fill for the desa-data roll-up: over the desa for the
 * summary, over the kecamatan for the rest. */
struct desa_fill {
	struct rkab		*r;
	const struct pejabat	*pj;
};

static void
desa_fill(void *arg, struct tpl_dict *d, const char *nomor, int rev,
    const char *replaces)
{
	struct desa_fill *f = arg;
	struct rkab *r = f->r;
	struct rdata rd = { r->k, r->def, r->td, r->y, r->m, r->tgl, nomor,
	    rev, replaces, NULL, 0, NULL, 0, "Kecamatan" };
	struct rdata rk = { &r->ku, r->def, r->tk, r->y, r->m, r->tgl, nomor,
	    rev, replaces, r->bad, r->nbad, NULL, 0, "Kecamatan" };

	r->rd = rd;
	r->rk = rk;
	r->pd = rdata_parts_new(&r->rd);
	r->pk = rdata_parts_new(&r->rk);
	rdata_fill(&r->rd, d);
	fill_kab(r, d, f->pj);
}

static void
desa_done(void *arg)
{
	struct rkab *r = ((struct desa_fill *)arg)->r;

	rdata_parts_free(r->pd);
	rdata_parts_free(r->pk);
	r->pd = r->pk = NULL;
}

static void
rkab_free(struct rkab *r)
{
	for (size_t i = 0; i < r->nbad; i++) {
		free(r->bad[i].nama);
		free(r->bad[i].alasan);
	}
	free(r->bad);
	free(r->kec);
	free(r->unit);
	free(r->v);
	free(r->have);
	totals_free(r->td);
	totals_free(r->tk);
}

int
rkab_report(const struct run_opts *opt, struct office *o,
    const struct rdef *def, int y, int m, const struct date *tgl)
{
	const struct kantor *k = office_kantor(o);
	struct rkab r = { 0 };
	struct nerr e = { 0 };
	struct reg_report old;
	const struct pejabat *pj;
	char key[64], rel[1024], nomor[256];
	int rev, status, same;

	if (k->nkec == 0) {
		nerr_set(&e, EX_CONFIG, k->path, 0, 0, "--kabupaten: this "
		    "kantor.xml is a kecamatan's; a kabupaten office lists its "
		    "kecamatan in <wilayah>");
		nerr_print(stderr, "naskah", &e);
		return EX_CONFIG;
	}
	if (def->sumber == RDEF_LAYANAN || def->sumber == RDEF_PENGADUAN)
		return rkab_waktu(opt, o, def, y, m, tgl);
	if (def->sumber != RDEF_DESA) {
		fprintf(stderr, "naskah: report %s --kabupaten: a roll-up is "
		    "made of the kecamatan's desa data, applications and "
		    "complaints only (trantibum, kesra, ekbang, tapem, layanan, "
		    "pengaduan); %s has none yet\n", def->bagian,
		    def->bagian);
		return EX_USAGE;
	}
	if ((pj = kantor_pejabat_on(k, k->kab_ttd, tgl, &e)) == NULL) {
		nerr_print(stderr, "naskah", &e);
		return e.status;
	}
	r.opt = opt;
	r.o = o;
	r.k = k;
	r.def = def->desa;
	r.y = y;
	r.m = m;
	r.tgl = *tgl;
	snprintf(r.bulan, sizeof(r.bulan), "%04d-%02d", y, m);
	snprintf(r.pbulan, sizeof(r.pbulan), "%04d-%02d", m == 1 ? y - 1 : y,
	    m == 1 ? 12 : m - 1);
	/* Its own key in the kabupaten's register: never a kecamatan's. */
	snprintf(key, sizeof(key), "kabupaten-%s", r.def->bagian);
	r.nkec = k->nkec;
	r.kec = xcalloc(r.nkec, sizeof(*r.kec));
	r.unit = xcalloc(r.nkec, sizeof(*r.unit));
	for (size_t j = 0; j < r.nkec; j++) {
		r.kec[j].kc = &k->kec[j];
		r.unit[j].kode = k->kec[j].kode;
		r.unit[j].nama = k->kec[j].nama;
	}
	r.ku = *k;
	r.ku.desa = r.unit;
	r.ku.ndesa = r.nkec;
	r.td = totals_new(r.def, k->ndesa);
	r.tk = totals_new(r.def, r.nkec);
	r.v = xcalloc(k->ndesa * r.def->nind, sizeof(*r.v));
	r.have = xcalloc(k->ndesa, 1);
	if (read_kecamatan(&r, &e) != 0)
		goto fail;
	if (r.tk->nok == 0) {
		nerr_set(&e, EX_NOINPUT, k->path, 0, 0, "no kecamatan has "
		    "stored desa data of %s %s (each stores its month with "
		    "`naskah report %s --month %s` on its own office)",
		    r.def->bagian, r.bulan, r.def->bagian, r.bulan);
		goto fail;
	}
	fingerprint(&r);
	status = r.nbad || office_missing(o, NULL) ? EX_DATAERR : 0;
	if ((same = kab_unchanged(opt, o, r.def->bagian, r.bulan, key, r.sha,
	    status, &old, &e)) < 0)
		goto fail;
	if (same) {
		rkab_free(&r);
		return status;
	}
	rev = old.revision;
	struct desa_fill df = { &r, pj };
	struct office_parts parts = { "surat/laporan_kabupaten_isi.xml",
	    parts_fill, &r };
	struct kab_doc kd = { o, k, r.def->klasifikasi, r.def->judul,
	    "surat/laporan_kabupaten.xml", r.bulan, r.sha, &parts, r.tgl, y,
	    m, desa_fill, desa_done, &df };
	if (kab_issue(&kd, key, rev + 1, old.nomor, rel, sizeof(rel), nomor,
	    sizeof(nomor), &e) != 0)
		goto fail;
	if (!opt->quiet || status) {
		size_t belum = 0, gagal = 0;

		for (size_t j = 0; j < r.nkec; j++) {
			belum += r.kec[j].st == KEC_MISSING;
			gagal += r.kec[j].st == KEC_BAD;
		}
		fprintf(stderr, "naskah report: %s %s --kabupaten: %zu "
		    "kecamatan counted (%zu of %zu desa), %zu not reported, "
		    "%zu unreadable, %zu other problems; issued %s%s%s as "
		    "%s/%s\n", r.def->bagian, r.bulan, r.tk->nok, r.td->nok,
		    r.td->nd, belum, gagal, r.nbad - gagal, nomor, rev > 0 ?
		    " replacing " : "", rev > 0 ? old.nomor : "",
		    opt->output, rel);
	}
	rkab_free(&r);
	return status;
fail:
	nerr_print(stderr, "naskah", &e);
	rkab_free(&r);
	return e.status ? e.status : EX_SOFTWARE;
}

/*
 * The roll-ups of the register reports (layanan, pengaduan): every
 * kecamatan's applications or complaints of the month, read and measured
 * by the kecamatan's own report code (rlay.c, rpgd.c, sla.c) in the
 * working calendar the kecamatan's register stores (its jam kerja and
 * libur, reg_calendar_get), one row per kecamatan and the kabupaten's
 * totals: the counts summed, the median and P90 over every kecamatan's
 * times together.
 */

enum wstate { W_OK, W_NODATA, W_NOCAL, W_BAD };

struct wkec {
	const struct kantor_kec	*kc;
	enum wstate		 st;
	struct wtime		*wt;
	struct rlay_fig		 lf;
	struct rpgd_fig		 pf;
	size_t			 n;		/* counted: applications, complaints */
	size_t			 nclosed, cwithin;
	long			*min;		/* layanan: timed; pengaduan: closed */
	size_t			 nmin;
	char			 sha[65];
};

struct wkab {
	const struct run_opts	*opt;
	struct office		*o;
	const struct kantor	*k;
	const struct rdef	*def;
	int			 pgd;		/* pengaduan, else layanan */
	int			 y, m;
	char			 bulan[8];
	struct date		 tgl;
	struct wkec		*kec;
	size_t			 nkec;
	char			 sha[65];
};

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/* One kecamatan's month by its own report code, in its own calendar. */
static int
w_read_one(struct wkab *r, struct wkec *w, struct reg *g, struct nerr *e)
{
	if (!r->pgd) {
		struct rlay *rl = rlay_new(r->k, office_sops(r->o), r->def,
		    r->y, r->m);

		rlay_set_wtime(rl, w->wt);
		if (rlay_read(rl, g, w->sha, e) != 0) {
			rlay_free(rl);
			return -1;
		}
		rlay_figures(rl, &w->lf);
		w->n = w->lf.n;
		w->nmin = w->lf.timed;
		w->min = xcalloc(w->nmin ? w->nmin : 1, sizeof(*w->min));
		if (w->nmin > 0)
			memcpy(w->min, w->lf.min, w->nmin * sizeof(*w->min));
		w->lf.min = NULL;	/* rl's, freed next */
		rlay_free(rl);
		return 0;
	}
	struct rpgd *rp = rpgd_new(r->k, office_sops(r->o), r->def, r->y,
	    r->m);
	const struct sla_case *c;

	rpgd_set_wtime(rp, w->wt);
	if (rpgd_read(rp, g, w->sha, e) != 0) {
		rpgd_free(rp);
		return -1;
	}
	rpgd_figures(rp, &w->pf);
	w->n = rpgd_count(rp);
	w->min = xcalloc(w->n ? w->n : 1, sizeof(*w->min));
	/* Handling time: receipt to outcome, of those closed in the month's
	 * view; within standard when not over it (sla_case_over). */
	for (size_t i = 0; (c = rpgd_case(rp, i)) != NULL; i++) {
		if (c->outcome == SLA_OPEN)
			continue;
		w->min[w->nmin++] = c->total;
		w->nclosed++;
		w->cwithin += !sla_case_over(c);
	}
	qsort(w->min, w->nmin, sizeof(*w->min), cmp_long);
	rpgd_free(rp);
	return 0;
}

static int
w_read(struct wkab *r, struct nerr *e)
{
	struct sha256_ctx c;
	char loc[4096], buf[512];

	sha256_init(&c);
	hash_str(&c, "kabupaten-waktu");
	hash_str(&c, r->def->bagian);
	hash_str(&c, r->bulan);
	for (size_t j = 0; j < r->nkec; j++) {
		struct wkec *w = &r->kec[j];
		struct nerr ke = { 0 };
		struct rkab loc_r = { 0 };
		struct reg *g;
		int have;

		/* kec_location needs only the office of an rkab. */
		loc_r.o = r->o;
		kec_location(&loc_r, w->kc, loc, sizeof(loc));
		if ((g = reg_open(loc, w->kc->kode, &ke)) == NULL) {
			nerr_print(stderr, "naskah: kecamatan", &ke);
			w->st = W_BAD;
		} else if ((have = reg_calendar_get(g, &w->wt, e)) < 0) {
			reg_close(g);
			return -1;
		} else if (have == 0)
			w->st = W_NOCAL;
		else if (w_read_one(r, w, g, e) != 0) {
			reg_close(g);
			return -1;
		} else
			w->st = w->n ? W_OK : W_NODATA;
		if (g != NULL)
			reg_close(g);
		if (w->st == W_NOCAL && !r->opt->quiet)
			fprintf(stderr, "naskah: kecamatan %s %s: its register "
			    "holds no working calendar (stored by `naskah run` "
			    "of this version); its times are left out\n",
			    w->kc->kode, w->kc->nama);
		snprintf(buf, sizeof(buf), "kec %s %s %d %s", w->kc->kode,
		    w->kc->nama, w->st, w->st == W_OK || w->st == W_NODATA ?
		    w->sha : "");
		hash_str(&c, buf);
		/* Its calendar shows in the report (its week and the month's
		 * holidays) even where no time changed. */
		for (int wd = 0; w->wt != NULL && wd < 7; wd++) {
			int a, b, ia, ib;

			if (!wtime_get_day(w->wt, wd, &a, &b, &ia, &ib))
				continue;
			snprintf(buf, sizeof(buf), " %d %d %d %d %d", wd, a, b,
			    ia, ib);
			hash_str(&c, buf);
		}
		for (size_t i = 0; w->wt != NULL &&
		    i < wtime_libur_count(w->wt); i++) {
			struct date dt;

			wtime_libur_at(w->wt, i, &dt);
			if (dt.y != r->y || dt.m != r->m)
				continue;
			snprintf(buf, sizeof(buf), " libur %d", dt.d);
			hash_str(&c, buf);
		}
	}
	sha256_final_hex(&c, r->sha);
	return 0;
}

/* "22" or "22,5" minutes; for complaints "61:06" (hours:minutes of
 * working time) in the table, "61 jam 6 menit" (as their report writes
 * them) in the text; a half minute ",5". */
static void
w_med(const struct wkab *r, long med2, int text, char *buf, size_t sz)
{
	if (!r->pgd) {
		sla_fmt_half(med2, buf, sz);
		return;
	}
	if (!text) {
		snprintf(buf, sz, "%ld:%02ld%s", med2 / 2 / 60, med2 / 2 % 60,
		    med2 % 2 ? ",5" : "");
		return;
	}
	rpgd_fmt_minutes(med2 / 2, buf, sz);
	if (med2 % 2) {
		char *mn = strstr(buf, " menit");
		size_t n = strlen(buf);

		if (mn != NULL)
			memmove(mn + 2, mn, strlen(mn) + 1), memcpy(mn, ",5", 2);
		else
			snprintf(buf + n, sz - n, " 0,5 menit");
	}
}

/* Median, P90 and within-standard cells of sorted times min[0..n). */
static void
w_times(const struct wkab *r, struct tpl_dict *d, const long *min, size_t n,
    size_t within)
{
	char buf[64], pct[32];

	rdata_set_count(d, "DIUKUR", n);
	if (n == 0) {
		tpl_set(d, "MEDIAN", "-");
		tpl_set(d, "P90", "-");
		tpl_set(d, "DALAM", "-");
		return;
	}
	w_med(r, sla_median2(min, n), 0, buf, sizeof(buf));
	tpl_set(d, "MEDIAN", buf);
	w_med(r, 2 * sla_percentile(min, n, 90), 0, buf, sizeof(buf));
	tpl_set(d, "P90", buf);
	w_med(r, sla_median2(min, n), 1, buf, sizeof(buf));
	tpl_set(d, "MEDIAN_TEKS", buf);
	w_med(r, 2 * sla_percentile(min, n, 90), 1, buf, sizeof(buf));
	tpl_set(d, "P90_TEKS", buf);
	fmt_percent(within, n, pct, sizeof(pct));
	fmt_thousands(within, buf, sizeof(buf));
	snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), " (%s)", pct);
	tpl_set(d, "DALAM", buf);
}

/* The calendar a kecamatan was measured in: its working days and the
 * holidays of the month. */
static void
w_calendar(const struct wkab *r, const struct wkec *w, struct tpl_dict *d)
{
	static const char *const hari[7] = { "Min", "Sen", "Sel", "Rab",
	    "Kam", "Jum", "Sab" };
	char buf[256], t[32];
	size_t len = 0, nl = 0;
	long week = 0;
	int a, b, ia, ib;

	for (int i = 1; i <= 7; i++) {
		int wd = i % 7;

		if (!wtime_get_day(w->wt, wd, &a, &b, &ia, &ib))
			continue;
		week += b - a - (ib - ia);
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
		    len ? ", " : "", hari[wd]);
	}
	tpl_set(d, "HARI", len ? buf : "-");
	snprintf(t, sizeof(t), "%ld", week / 60);
	if (week % 60)
		snprintf(t + strlen(t), sizeof(t) - strlen(t), ",%ld",
		    (week % 60) * 10 / 60);
	tpl_set(d, "JAM", t);
	len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < wtime_libur_count(w->wt); i++) {
		struct date dt;

		wtime_libur_at(w->wt, i, &dt);
		if (dt.y != r->y || dt.m != r->m)
			continue;
		nl++;
		len += (size_t)snprintf(buf + len, len < sizeof(buf) ?
		    sizeof(buf) - len : 0, "%s%d", len ? ", " : "", dt.d);
	}
	tpl_set(d, "LIBUR", nl ? buf : "-");
}

static void
w_fill(struct wkab *r, struct tpl_dict *d, const struct pejabat *pj,
    const char *nomor, int rev, const char *replaces)
{
	const struct kantor *k = r->k;
	size_t ok = 0, nb = 0;
	size_t n = 0, a = 0, b = 0, c = 0, dd = 0, within = 0, nmin = 0;
	long *all;
	char buf[512];

	tpl_set(d, "KERTAS", k->paper == PAPER_F4 ? "F4" : "A4");
	tpl_set(d, "JUDUL", r->def->judul);
	snprintf(buf, sizeof(buf), "%s %d", date_month_id(r->m), r->y);
	tpl_set(d, "BULAN", buf);
	for (char *p = buf; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	tpl_set(d, "BULAN_BESAR", buf);
	tpl_set(d, "NOMOR", nomor);
	if (rev > 1) {
		tpl_section_show(d, "REVISI");
		snprintf(buf, sizeof(buf), "%d", rev - 1);
		tpl_set(d, "REVISI_KE", buf);
		tpl_set(d, "REVISI_NOMOR", replaces);
	}
	tpl_set(d, "KABUPATEN", k->kabupaten);
	tpl_set(d, "PEMDA", k->kota ? "Kota" : "Kabupaten");
	snprintf(buf, sizeof(buf), "%s %s", k->kota ? "KOTA" : "KABUPATEN",
	    k->kabupaten);
	for (char *p = buf; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	tpl_set(d, "PEMDA_BESAR", buf);
	tpl_set(d, "INSTANSI", k->instansi);
	tpl_set(d, "BAGIAN_KAB", k->kab_bagian);
	for (size_t j = 0; j < r->nkec; j++)
		nmin += r->kec[j].nmin;
	all = xcalloc(nmin ? nmin : 1, sizeof(*all));
	nmin = 0;
	for (size_t j = 0; j < r->nkec; j++) {
		const struct wkec *w = &r->kec[j];
		struct tpl_dict *kd;

		ok += w->st == W_OK;
		if (w->st == W_OK || w->st == W_NODATA) {
			kd = tpl_section_add(d, "KAL");
			tpl_set(kd, "NAMA", w->kc->nama);
			w_calendar(r, w, kd);
		}
		if (w->st != W_OK) {
			kd = tpl_section_add(d, "TANPA");
			tpl_set(kd, "NAMA", w->kc->nama);
			tpl_set(kd, "KODE", w->kc->kode);
			tpl_set(kd, "ALASAN", w->st == W_NODATA ? (r->pgd ?
			    "tidak ada pengaduan yang diterima atau masih "
			    "terbuka" : "tidak ada permohonan layanan surat") :
			    w->st == W_NOCAL ? "register belum menyimpan "
			    "kalender kerja kecamatan; waktunya tidak dapat "
			    "dihitung" : "register kecamatan tidak dapat "
			    "dibuka");
			continue;
		}
		kd = tpl_section_add(d, "KEC");
		snprintf(buf, sizeof(buf), "%zu", ok);
		tpl_set(kd, "NO", buf);
		tpl_set(kd, "KODE", w->kc->kode);
		tpl_set(kd, "NAMA", w->kc->nama);
		memcpy(all + nmin, w->min, w->nmin * sizeof(*all));
		nmin += w->nmin;
		if (!r->pgd) {
			rdata_set_count(kd, "A", w->lf.n);
			rdata_set_count(kd, "B", w->lf.letters);
			rdata_set_count(kd, "C", w->lf.returned);
			w_times(r, kd, w->min, w->nmin, w->lf.within);
			n += w->lf.n;
			a += w->lf.letters;
			b += w->lf.returned;
			within += w->lf.within;
		} else {
			rdata_set_count(kd, "A", w->pf.received);
			rdata_set_count(kd, "B", w->pf.musyawarah);
			rdata_set_count(kd, "C", w->pf.jalur_hukum);
			rdata_set_count(kd, "D", w->pf.open);
			rdata_set_count(kd, "E", w->pf.over);
			w_times(r, kd, w->min, w->nmin, w->cwithin);
			n += w->pf.received;
			a += w->pf.musyawarah;
			b += w->pf.jalur_hukum;
			c += w->pf.open;
			dd += w->pf.over;
			within += w->cwithin;
		}
		if (w->nmin == 0)
			continue;
		/* The chart: the share within standard, in hundredths. */
		struct tpl_dict *bd = tpl_section_add(d, "BAR");
		size_t den = w->nmin, num = r->pgd ? w->cwithin : w->lf.within;
		long v = (long)((num * 10000 + den / 2) / den);

		tpl_set(bd, "L", w->kc->nama);
		snprintf(buf, sizeof(buf), "%ld.%02ld", v / 100, v % 100);
		tpl_set(bd, "V", buf);
		nb++;
	}
	struct tpl_dict *td = tpl_section_add(d, "JUMLAH");
	rdata_set_count(td, "A", n);
	rdata_set_count(td, "B", a);
	rdata_set_count(td, "C", b);
	rdata_set_count(td, "D", c);
	rdata_set_count(td, "E", dd);
	qsort(all, nmin, sizeof(*all), cmp_long);
	w_times(r, td, all, nmin, within);
	/* The summary's figures are the total row's. */
	rdata_set_count(d, "N", n);
	rdata_set_count(d, "S_A", a);
	rdata_set_count(d, "S_B", b);
	rdata_set_count(d, "S_C", c);
	rdata_set_count(d, "S_E", dd);
	w_times(r, d, all, nmin, within);
	if (nmin)
		tpl_section_show(d, "DIUKUR_ADA");
	free(all);
	rdata_set_count(d, "KEC_JUMLAH", r->nkec);
	rdata_set_count(d, "KEC_MASUK", ok);
	rdata_set_count(d, "KEC_TANPA", r->nkec - ok);
	tpl_section_show(d, ok < r->nkec ? "TANPA_ADA" : "TANPA_TIDAK");
	tpl_section_show(d, nb ? "GRAFIK" : "GRAFIK_TIDAK");
	tpl_set(d, "GRAFIK_JUDUL", r->pgd ? "Pengaduan selesai dalam standar "
	    "waktu SOP per kecamatan" : "Surat selesai dalam standar waktu "
	    "SOP per kecamatan");
	rdata_signature(d, k->kabupaten, &r->tgl, pj, k->kab_paraf);
}

/* kab_doc's fill for the layanan and pengaduan roll-ups. */
struct w_fill_arg {
	struct wkab		*r;
	const struct pejabat	*pj;
};

static void
w_fill_cb(void *arg, struct tpl_dict *d, const char *nomor, int rev,
    const char *replaces)
{
	struct w_fill_arg *f = arg;

	w_fill(f->r, d, f->pj, nomor, rev, replaces);
}

static void
w_free(struct wkab *r)
{
	for (size_t j = 0; j < r->nkec; j++) {
		wtime_free(r->kec[j].wt);
		free(r->kec[j].min);
	}
	free(r->kec);
}

static int
rkab_waktu(const struct run_opts *opt, struct office *o,
    const struct rdef *def, int y, int m, const struct date *tgl)
{
	const struct kantor *k = office_kantor(o);
	struct wkab r = { 0 };
	struct nerr e = { 0 };
	struct reg_report old;
	const struct pejabat *pj;
	char key[64], rel[1024], nomor[256];
	size_t ok = 0, bad = 0;
	int rev, status, same;

	if ((pj = kantor_pejabat_on(k, k->kab_ttd, tgl, &e)) == NULL) {
		nerr_print(stderr, "naskah", &e);
		return e.status;
	}
	r.opt = opt;
	r.o = o;
	r.k = k;
	r.def = def;
	r.pgd = def->sumber == RDEF_PENGADUAN;
	r.y = y;
	r.m = m;
	r.tgl = *tgl;
	snprintf(r.bulan, sizeof(r.bulan), "%04d-%02d", y, m);
	snprintf(key, sizeof(key), "kabupaten-%s", def->bagian);
	r.nkec = k->nkec;
	r.kec = xcalloc(r.nkec, sizeof(*r.kec));
	for (size_t j = 0; j < r.nkec; j++)
		r.kec[j].kc = &k->kec[j];
	if (w_read(&r, &e) != 0)
		goto fail;
	for (size_t j = 0; j < r.nkec; j++) {
		ok += r.kec[j].st == W_OK;
		bad += r.kec[j].st == W_BAD || r.kec[j].st == W_NOCAL;
	}
	if (ok == 0) {
		nerr_set(&e, EX_NOINPUT, k->path, 0, 0, "no kecamatan register "
		    "holds %s of %s with its working calendar (each stores "
		    "them with `naskah run` on its own office)", r.pgd ?
		    "complaints" : "applications", r.bulan);
		goto fail;
	}
	status = bad || office_missing(o, NULL) ? EX_DATAERR : 0;
	if ((same = kab_unchanged(opt, o, def->bagian, r.bulan, key, r.sha,
	    status, &old, &e)) < 0)
		goto fail;
	if (same) {
		w_free(&r);
		return status;
	}
	rev = old.revision;
	struct w_fill_arg wf = { &r, pj };
	struct kab_doc kd = { o, k, def->klasifikasi, def->judul, r.pgd ?
	    "surat/laporan_kabupaten_pengaduan.xml" :
	    "surat/laporan_kabupaten_layanan.xml", r.bulan, r.sha, NULL, r.tgl,
	    y, m, w_fill_cb, NULL, &wf };
	if (kab_issue(&kd, key, rev + 1, old.nomor, rel, sizeof(rel), nomor,
	    sizeof(nomor), &e) != 0)
		goto fail;
	if (!opt->quiet || status)
		fprintf(stderr, "naskah report: %s %s --kabupaten: %zu "
		    "kecamatan counted, %zu without data, %zu unreadable or "
		    "without a calendar; issued %s%s%s as %s/%s\n", def->bagian,
		    r.bulan, ok, r.nkec - ok - bad, bad, nomor, rev > 0 ?
		    " replacing " : "", rev > 0 ? old.nomor : "", opt->output,
		    rel);
	w_free(&r);
	return status;
fail:
	nerr_print(stderr, "naskah", &e);
	w_free(&r);
	return e.status ? e.status : EX_SOFTWARE;
}
