/* rlay.c -- the service-time report's data: the month's applications of
 * the letter services from the register, measured in working time
 * (wtime.c) from jam to jam_selesai, summed up by sla.c per service, per
 * petugas and over all, and formatted into the report's dictionary.
 * Nothing here knows a service by name: the services and their time
 * standards are the SOP files'. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "kantor.h"
#include "rdata.h"
#include "rdef.h"
#include "reg.h"
#include "rlay.h"
#include "sha256.h"
#include "sla.h"
#include "sop.h"
#include "tpl.h"
#include "wtime.h"
#include "xmem.h"

/* What a row's times say. */
#define NO_TIME		(-1)	/* jam or jam_selesai missing */
#define BAD_TIME	(-2)	/* jam_selesai before jam */

struct group {
	char		*nama;		/* petugas; NULL for a service */
	const struct sop *sop;		/* the service */
	long		 std;		/* its total time standard, minutes */
	size_t		 n, letters, returned;
	struct sla_group g;		/* the letters, timed or not */
	struct sla_sum	 s;
};

struct rlay {
	const struct kantor	*k;
	const struct sop_set	*sops;
	const struct rdef	*def;
	const struct wtime	*wt;		/* k's, or rlay_set_wtime's */
	int			 y, m;
	char			 bulan[8];
	struct group		*svc;		/* the SOPs' order */
	size_t			 nsvc;
	struct group		*pet;		/* by name, once read */
	size_t			 npet;
	struct group		 all;
	struct sla_tally	 miss;		/* missing persyaratan codes */
	size_t			 notime, badtime;
	struct sha256_ctx	 c;
};

/* A service that issues a numbered letter on a complete application. */
static int
letter_service(const struct sop *s)
{
	if (s->pengaduan)
		return 0;
	for (size_t i = 0; i < s->ndoc; i++)
		if (s->doc[i].saat == SE_LENGKAP && s->doc[i].buku != NULL)
			return 1;
	return 0;
}

struct rlay *
rlay_new(const struct kantor *k, const struct sop_set *sops,
    const struct rdef *def, int y, int m)
{
	struct rlay *r = xcalloc(1, sizeof(*r));
	const struct sop *s;

	r->k = k;
	r->sops = sops;
	r->def = def;
	r->wt = kantor_wtime(k);
	r->y = y;
	r->m = m;
	snprintf(r->bulan, sizeof(r->bulan), "%04d-%02d", y, m);
	for (size_t i = 0; (s = sop_at(sops, i)) != NULL; i++) {
		struct group *g;

		if (!letter_service(s))
			continue;
		r->svc = xrealloc(r->svc, (r->nsvc + 1) * sizeof(*r->svc));
		g = &r->svc[r->nsvc++];
		memset(g, 0, sizeof(*g));
		g->sop = s;
		/* The SOP's total: the sum of its steps' standards. */
		for (size_t j = 0; j < s->nstep; j++)
			g->std += s->step[j].menit;
		sla_init(&g->g);
	}
	sla_init(&r->all.g);
	sla_tally_init(&r->miss);
	return r;
}

void
rlay_free(struct rlay *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nsvc; i++)
		sla_free(&r->svc[i].g);
	for (size_t i = 0; i < r->npet; i++) {
		free(r->pet[i].nama);
		sla_free(&r->pet[i].g);
	}
	free(r->svc);
	free(r->pet);
	sla_free(&r->all.g);
	sla_tally_free(&r->miss);
	free(r);
}

size_t
rlay_count(const struct rlay *r)
{
	return r->all.n;
}

static struct group *
petugas(struct rlay *r, const char *nama)
{
	struct group *g;

	for (size_t i = 0; i < r->npet; i++)
		if (strcmp(r->pet[i].nama, nama) == 0)
			return &r->pet[i];
	r->pet = xrealloc(r->pet, (r->npet + 1) * sizeof(*r->pet));
	g = &r->pet[r->npet++];
	memset(g, 0, sizeof(*g));
	g->nama = xstrdup(nama);
	sla_init(&g->g);
	return g;
}

/* The working minutes from jam to jam_selesai of the day received
 * (wtime.c: breaks, days off and holidays count nothing), NO_TIME or
 * BAD_TIME. */
static long
minutes(const struct rlay *r, const struct reg_svcrow *row)
{
	struct wmoment a, b;

	if (date_parse(row->tanggal, &a.d) != 0 ||
	    date_parse_hhmm(row->jam, &a.min) != 0 ||
	    date_parse_hhmm(row->jam_selesai, &b.min) != 0)
		return NO_TIME;
	if (b.min < a.min)
		return BAD_TIME;
	b.d = a.d;
	return wtime_minutes(r->wt, &a, &b);
}

static void
hash_line(struct sha256_ctx *c, const char *s)
{
	sha256_update(c, s, strlen(s));
	sha256_update(c, "\n", 1);
}

/* reg_svc_each: one application.  What it adds to the fingerprint is
 * what it adds to the report. */
static int
on_row(const struct reg_svcrow *row, void *arg)
{
	struct rlay *r = arg;
	struct group *s = NULL, *p;
	char buf[1024];
	long min;

	for (size_t i = 0; i < r->nsvc; i++)
		if (strcmp(r->svc[i].sop->layanan, row->layanan) == 0)
			s = &r->svc[i];
	/* A service whose SOP no longer issues letters is not reported. */
	if (s == NULL)
		return 0;
	p = petugas(r, row->petugas);
	s->n++;
	p->n++;
	r->all.n++;
	if (strcmp(row->status, "complete") != 0) {
		char *codes = xstrdup(row->missing), *tok, *save;

		s->returned++;
		p->returned++;
		r->all.returned++;
		for (tok = strtok_r(codes, ";", &save); tok != NULL;
		    tok = strtok_r(NULL, ";", &save))
			if (*tok)
				sla_tally_add(&r->miss, tok);
		free(codes);
		snprintf(buf, sizeof(buf), "%s|%s|%s|kembali|%s",
		    row->no_register, row->layanan, row->petugas,
		    row->missing);
		hash_line(&r->c, buf);
		return 0;
	}
	s->letters++;
	p->letters++;
	r->all.letters++;
	min = minutes(r, row);
	if (min == NO_TIME)
		r->notime++;
	else if (min == BAD_TIME)
		r->badtime++;
	sla_add(&s->g, min < 0 ? -1 : min, s->std);
	sla_add(&p->g, min < 0 ? -1 : min, s->std);
	sla_add(&r->all.g, min < 0 ? -1 : min, s->std);
	snprintf(buf, sizeof(buf), "%s|%s|%s|terbit|%ld|%ld",
	    row->no_register, row->layanan, row->petugas, min, s->std);
	hash_line(&r->c, buf);
	return 0;
}

static int
cmp_pet(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	/* The unnamed last. */
	if (!*x->nama != !*y->nama)
		return *x->nama ? -1 : 1;
	return strcmp(x->nama, y->nama);
}

int
rlay_read(struct rlay *r, struct reg *reg, char sha[65], struct nerr *e)
{
	char buf[256];

	sha256_init(&r->c);
	hash_line(&r->c, r->def->bagian);
	hash_line(&r->c, r->bulan);
	/* The standards are part of the figures. */
	for (size_t i = 0; i < r->nsvc; i++) {
		snprintf(buf, sizeof(buf), "%s=%ld", r->svc[i].sop->layanan,
		    r->svc[i].std);
		hash_line(&r->c, buf);
	}
	if (reg_svc_each(reg, r->bulan, on_row, r, e) != 0)
		return -1;
	for (size_t i = 0; i < r->nsvc; i++)
		sla_sum(&r->svc[i].g, &r->svc[i].s);
	if (r->npet > 1)
		qsort(r->pet, r->npet, sizeof(*r->pet), cmp_pet);
	for (size_t i = 0; i < r->npet; i++)
		sla_sum(&r->pet[i].g, &r->pet[i].s);
	sla_sum(&r->all.g, &r->all.s);
	sla_tally_sort(&r->miss);
	sha256_final_hex(&r->c, sha);
	return 0;
}

void
rlay_set_wtime(struct rlay *r, const struct wtime *wt)
{
	r->wt = wt;
}

void
rlay_figures(const struct rlay *r, struct rlay_fig *out)
{
	out->n = r->all.n;
	out->letters = r->all.letters;
	out->returned = r->all.returned;
	out->timed = r->all.s.timed;
	out->within = r->all.s.within;
	out->notime = r->notime;
	out->badtime = r->badtime;
	out->min = r->all.g.min;
}

void
rlay_summary(const struct rlay *r, char *buf, size_t sz)
{
	snprintf(buf, sz, "%zu applications, %zu letters (%zu timed, %zu "
	    "within standard, %zu without both times, %zu finished before "
	    "received), %zu returned", r->all.n, r->all.letters,
	    r->all.s.timed, r->all.s.within, r->notime, r->badtime,
	    r->all.returned);
}

/* "KTP" of "Rekomendasi Penerbitan ... (KTP)", else the whole name. */
static void
short_name(const char *nama, char *buf, size_t sz)
{
	size_t n = strlen(nama);
	const char *o;

	if (n > 2 && nama[n - 1] == ')' && (o = strrchr(nama, '(')) != NULL &&
	    o[1] != ')') {
		snprintf(buf, sz, "%.*s", (int)(nama + n - 1 - o - 1), o + 1);
		return;
	}
	snprintf(buf, sz, "%s", nama);
}

/* The figures of one group into a row (or the summary): "-" where
 * nothing was timed. */
static void
set_group(struct tpl_dict *d, const struct group *g, int std)
{
	const struct sla_sum *s = &g->s;
	char buf[64], pct[32];

	rdata_set_count(d, "N", g->n);
	rdata_set_count(d, "SURAT", g->letters);
	rdata_set_count(d, "KEMBALI", g->returned);
	rdata_set_count(d, "DIUKUR", s->timed);
	if (std) {
		snprintf(buf, sizeof(buf), "%ld", g->std);
		tpl_set(d, "STANDAR", buf);
	} else
		tpl_set(d, "STANDAR", "-");
	if (s->timed == 0) {
		tpl_set(d, "MEDIAN", "-");
		tpl_set(d, "P90", "-");
		tpl_set(d, "DALAM", "-");
		tpl_set(d, "DALAM_N", "-");
		tpl_set(d, "PERSEN", "-");
		return;
	}
	sla_fmt_half(s->med2, buf, sizeof(buf));
	tpl_set(d, "MEDIAN", buf);
	snprintf(buf, sizeof(buf), "%ld", s->p90);
	tpl_set(d, "P90", buf);
	rdata_set_count(d, "DALAM_N", s->within);
	fmt_percent(s->within, s->timed, pct, sizeof(pct));
	tpl_set(d, "PERSEN", pct);
	/* "2 (40,00%)": how many, and what share of the timed. */
	fmt_thousands(s->within, buf, sizeof(buf));
	snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), " (%s)", pct);
	tpl_set(d, "DALAM", buf);
}

/* The persyaratan's label from the SOP that has it, else its code. */
static const char *
req_label(const struct rlay *r, const char *kode)
{
	for (size_t i = 0; i < r->nsvc; i++) {
		const struct sop *s = r->svc[i].sop;

		for (size_t j = 0; j < s->nreq; j++)
			if (strcmp(s->req[j].kode, kode) == 0)
				return s->req[j].label;
	}
	return kode;
}

static void
fill_chart(const struct rlay *r, struct tpl_dict *d)
{
	int median = r->def->ukuran && strcmp(r->def->ukuran, "median") == 0;
	char buf[64];
	size_t nb = 0;

	for (size_t i = 0; i < r->nsvc; i++) {
		const struct group *g = &r->svc[i];
		struct tpl_dict *bd;
		long v;

		if (g->s.timed == 0)
			continue;
		bd = tpl_section_add(d, "BAR");
		short_name(g->sop->nama, buf, sizeof(buf));
		tpl_set(bd, "L", buf);
		if (median) {
			/* Minutes, or a half: "21.5". */
			v = g->s.med2;
			snprintf(buf, sizeof(buf), "%ld%s", v / 2, v % 2 ?
			    ".5" : "");
		} else {
			/* Percent in hundredths, rounded half up. */
			v = (long)((g->s.within * 10000 + g->s.timed / 2) /
			    g->s.timed);
			snprintf(buf, sizeof(buf), "%ld.%02ld", v / 100,
			    v % 100);
		}
		tpl_set(bd, "V", buf);
		nb++;
	}
	tpl_section_show(d, nb > 0 ? "GRAFIK" : "GRAFIK_TIDAK");
	tpl_set(d, "GRAFIK_JUDUL", r->def->grafik);
	tpl_set(d, "GRAFIK_SATUAN", median ? "menit" : "%");
}

void
rlay_fill(const struct rlay *r, struct tpl_dict *d, const char *nomor,
    const struct date *tgl, int revision, const char *replaces)
{
	const struct kantor *k = r->k;
	/* report.c made sure a camat was in post on the report's date. */
	const struct pejabat *cm = kantor_pejabat_on(k, "camat", tgl, NULL);
	char buf[512], n1[64];

	tpl_set(d, "KERTAS", k->paper == PAPER_F4 ? "F4" : "A4");
	tpl_set(d, "JUDUL", r->def->judul);
	snprintf(buf, sizeof(buf), "%s %d", date_month_id(r->m), r->y);
	tpl_set(d, "BULAN", buf);
	for (char *p = buf; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	tpl_set(d, "BULAN_BESAR", buf);
	tpl_set(d, "NOMOR", nomor);
	tpl_set(d, "KECAMATAN", k->kecamatan);
	if (revision > 1) {
		tpl_section_show(d, "REVISI");
		snprintf(buf, sizeof(buf), "%d", revision - 1);
		tpl_set(d, "REVISI_KE", buf);
		tpl_set(d, "REVISI_NOMOR", replaces);
	}
	rdata_set_count(d, "LAYANAN_N", r->nsvc);
	set_group(d, &r->all, 0);
	if (r->all.s.timed > 0)
		tpl_section_show(d, "DIUKUR_ADA");
	if (r->all.returned > 0)
		tpl_section_show(d, "KEMBALI_ADA");
	else
		tpl_section_show(d, "KEMBALI_TIDAK");
	rdata_set_count(d, "TANPA_JAM", r->notime);
	rdata_set_count(d, "SALAH_JAM", r->badtime);
	if (r->notime > 0)
		tpl_section_show(d, "TANPA_JAM_ADA");
	if (r->badtime > 0)
		tpl_section_show(d, "SALAH_JAM_ADA");
	for (size_t i = 0; i < r->nsvc; i++) {
		struct tpl_dict *rd = tpl_section_add(d, "LAYANAN");

		snprintf(buf, sizeof(buf), "%zu", i + 1);
		tpl_set(rd, "NO", buf);
		tpl_set(rd, "NAMA", r->svc[i].sop->nama);
		set_group(rd, &r->svc[i], 1);
	}
	set_group(tpl_section_add(d, "JUMLAH"), &r->all, 0);
	for (size_t i = 0; i < r->npet; i++) {
		struct tpl_dict *rd = tpl_section_add(d, "PETUGAS");

		snprintf(buf, sizeof(buf), "%zu", i + 1);
		tpl_set(rd, "NO", buf);
		tpl_set(rd, "NAMA", *r->pet[i].nama ? r->pet[i].nama :
		    "(tidak tercatat)");
		set_group(rd, &r->pet[i], 0);
	}
	for (size_t i = 0; i < r->miss.n; i++) {
		struct tpl_dict *md = tpl_section_add(d, "KURANG");

		snprintf(buf, sizeof(buf), "%zu", i + 1);
		tpl_set(md, "NO", buf);
		tpl_set(md, "LABEL", req_label(r, r->miss.v[i].key));
		rdata_set_count(md, "N", r->miss.v[i].n);
		fmt_percent(r->miss.v[i].n, r->all.returned, n1, sizeof(n1));
		tpl_set(md, "PERSEN", n1);
	}
	fill_chart(r, d);
	rdata_signature(d, k->kecamatan, tgl, cm, r->def->paraf);
}
