/* rpgd.c -- the complaints report's data: every complaint received in
 * the month or still open in it, as it stood at the month's end, its
 * steps timed in working time (wtime.c) against the standards of its
 * SOP variant's steps, summed up by sla.c, and formatted into the
 * report's dictionary.  Nothing here knows a step by number: the steps,
 * their standards and routes are the SOP files'. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "kantor.h"
#include "rdata.h"
#include "rdef.h"
#include "reg.h"
#include "rpgd.h"
#include "sha256.h"
#include "sla.h"
#include "sop.h"
#include "tpl.h"
#include "wtime.h"
#include "xmem.h"

/* One recorded step (the register's, up to the month's end). */
struct pstep {
	int		 no;
	struct wmoment	 at;
	int		 inmonth;	/* completed in the reported month */
	int		 nostd;		/* no standard on its stretch */
};

struct pcase {
	struct sla_case	 c;
	const struct sop *sop;
	char		 id[64], diterima[20], saluran[24], desa[128];
	char		 hasil[16], ditutup[20];	/* by the month's end */
	long		 appid;
	int		 received;	/* in the reported month */
	struct wmoment	 from;
	struct pstep	*st;		/* step 1 first */
	size_t		 nst;
	int		*langkah;
	long		*took, *std;
	int		 nostd_pending;
	long		 age;		/* open: working minutes to the end */
};

struct variant {
	const struct sop *sop;
	struct sla_pgd	 p;		/* its steps of the month */
	int		 have;
};

struct rpgd {
	const struct kantor	*k;
	const struct sop_set	*sops;
	const struct rdef	*def;
	const struct wtime	*wt;		/* k's, or rpgd_set_wtime's */
	int			 y, m;
	char			 bulan[8], from[11], to[11];
	struct wmoment		 end;		/* the month's end */
	struct pcase		*v;
	size_t			 n;
	size_t			 nreceived;
	struct sla_tally	 saluran, desa;	/* received in the month */
	struct sla_pgd		 all;		/* outcomes, open, over */
	struct variant		*var;
	size_t			 nvar;
	struct sha256_ctx	 c;
	struct nerr		*e;
	int			 failed;
};

struct rpgd *
rpgd_new(const struct kantor *k, const struct sop_set *sops,
    const struct rdef *def, int y, int m)
{
	struct rpgd *r = xcalloc(1, sizeof(*r));

	r->k = k;
	r->sops = sops;
	r->def = def;
	r->wt = kantor_wtime(k);
	r->y = y;
	r->m = m;
	snprintf(r->bulan, sizeof(r->bulan), "%04d-%02d", y, m);
	snprintf(r->from, sizeof(r->from), "%04d-%02d-01", y, m);
	snprintf(r->to, sizeof(r->to), "%04d-%02d-01", m == 12 ? y + 1 : y,
	    m == 12 ? 1 : m + 1);
	/* The first moment of the next month: working time up to it is
	 * working time up to the end of this one. */
	r->end.d.y = m == 12 ? y + 1 : y;
	r->end.d.m = m == 12 ? 1 : m + 1;
	r->end.d.d = 1;
	r->end.min = 0;
	sla_tally_init(&r->saluran);
	sla_tally_init(&r->desa);
	return r;
}

void
rpgd_free(struct rpgd *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].st);
		free(r->v[i].langkah);
		free(r->v[i].took);
		free(r->v[i].std);
	}
	free(r->v);
	for (size_t i = 0; i < r->nvar; i++)
		if (r->var[i].have)
			sla_pgd_free(&r->var[i].p);
	free(r->var);
	sla_pgd_free(&r->all);
	sla_tally_free(&r->saluran);
	sla_tally_free(&r->desa);
	free(r);
}

size_t
rpgd_count(const struct rpgd *r)
{
	return r->n;
}

static int
moment_parse(const char *s, struct wmoment *m)
{
	char day[11];

	if (strlen(s) < 16)
		return -1;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (date_parse(day, &m->d) != 0 || date_parse_hhmm(s + 11, &m->min))
		return -1;
	return 0;
}

static int
moment_cmp(const struct wmoment *a, const struct wmoment *b)
{
	int c = date_cmp(&a->d, &b->d);

	return c ? c : (a->min > b->min) - (a->min < b->min);
}

/* A step on the route of outcome hasil (NULL: not known, so only the
 * steps of both outcomes). */
static int
on_route(const struct sop_step *st, const char *hasil)
{
	return st->hasil == NULL || (hasil != NULL &&
	    strcmp(st->hasil, hasil) == 0);
}

/* The standard, in working minutes from `from`, of the route's steps
 * after step `after` up to step `upto` (INT_MAX: up to the closing one),
 * each falling due from the one before as aduan.c promises them.  -1
 * when none of them has a standard (or the calendar has no working
 * day). */
static long
standard(const struct wtime *wt, const struct sop *s, int after, int upto,
    const char *hasil, const struct wmoment *from)
{
	struct wmoment m = *from;
	int any = 0;

	for (size_t i = 0; i < s->nstep; i++) {
		const struct sop_step *st = &s->step[i];
		struct wspan sp;

		if (st->no <= after || st->no > upto)
			continue;
		if (!on_route(st, hasil) && st->no != upto)
			continue;
		if (st->waktu != NULL && wtime_span_parse(st->waktu, &sp) ==
		    0) {
			if (wtime_deadline(wt, &m, &sp, &m) != 0)
				return -1;
			any = 1;
		}
		if (st->menutup)
			break;
	}
	return any ? wtime_minutes(wt, from, &m) : -1;
}

struct stepcur {
	struct pcase	*pc;
	const char	*to, *from;
};

static int
on_step(const struct reg_aduan_step *s, void *arg)
{
	struct stepcur *cur = arg;
	struct pcase *pc = cur->pc;
	struct pstep *p;

	/* As it stood at the month's end. */
	if (strcmp(s->selesai, cur->to) >= 0)
		return 0;
	pc->st = xrealloc(pc->st, (pc->nst + 1) * sizeof(*pc->st));
	p = &pc->st[pc->nst];
	memset(p, 0, sizeof(*p));
	p->no = s->langkah;
	if (moment_parse(s->selesai, &p->at) != 0)
		return 0;
	p->inmonth = strcmp(s->selesai, cur->from) >= 0;
	pc->nst++;
	return 0;
}

static void
hash_line(struct sha256_ctx *c, const char *s)
{
	sha256_update(c, s, strlen(s));
	sha256_update(c, "\n", 1);
}

/* reg_aduan_each: one complaint of the month, its steps read after (one
 * query at a time). */
static int
on_case(const struct reg_aduan *a, void *arg)
{
	struct rpgd *r = arg;
	const struct desa *ds;
	struct pcase *pc;

	r->v = xrealloc(r->v, (r->n + 1) * sizeof(*r->v));
	pc = &r->v[r->n];
	memset(pc, 0, sizeof(*pc));
	pc->sop = a->varian[0] ? sop_variant(r->sops, "pengaduan",
	    a->varian) : sop_find(r->sops, "pengaduan");
	if (pc->sop == NULL) {
		nerr_set(r->e, EX_CONFIG, "templates/sop", 0, 0, "complaint %s "
		    "follows SOP variant \"%s\" of pengaduan, which "
		    "templates/sop no longer has", a->no_register, a->varian);
		r->failed = 1;
		return 1;
	}
	r->n++;
	pc->c.outcome = SLA_OPEN;
	pc->appid = a->app_id;
	snprintf(pc->id, sizeof(pc->id), "%s", a->no_register);
	snprintf(pc->diterima, sizeof(pc->diterima), "%s", a->diterima);
	snprintf(pc->saluran, sizeof(pc->saluran), "%s", a->saluran);
	ds = kantor_desa(r->k, a->kode_desa);
	snprintf(pc->desa, sizeof(pc->desa), "%s", ds ? ds->nama :
	    a->kode_desa);
	/* Closed by the month's end; one closed later is open in it. */
	if (a->hasil[0] && strcmp(a->ditutup, r->to) < 0) {
		snprintf(pc->hasil, sizeof(pc->hasil), "%s", a->hasil);
		snprintf(pc->ditutup, sizeof(pc->ditutup), "%s", a->ditutup);
		pc->c.outcome = strcmp(a->hasil, "musyawarah") == 0 ?
		    SLA_MUSYAWARAH : SLA_JALUR_HUKUM;
	}
	pc->received = strcmp(a->diterima, r->from) >= 0;
	if (moment_parse(a->diterima, &pc->from) != 0)
		pc->from = r->end;
	return 0;
}

static void
push(struct pcase *pc, int no, long took, long std)
{
	size_t n = pc->c.nstep;

	pc->langkah = xrealloc(pc->langkah, (n + 1) * sizeof(*pc->langkah));
	pc->took = xrealloc(pc->took, (n + 1) * sizeof(*pc->took));
	pc->std = xrealloc(pc->std, (n + 1) * sizeof(*pc->std));
	pc->langkah[n] = no;
	pc->took[n] = took;
	pc->std[n] = std;
	pc->c.nstep = n + 1;
}

/* Times a complaint's steps: each from the step before (the receipt for
 * the first), against the standards of the route's steps between them;
 * an open one also waits for the next step of its route. */
static void
measure(struct rpgd *r, struct pcase *pc)
{
	const struct wtime *wt = r->wt;
	const struct sop *s = pc->sop;
	/* Its outcome, if known by the month's end. */
	const char *known = pc->hasil[0] ? pc->hasil : NULL;
	struct wmoment prev = pc->from, close;
	int prevno = s->nstep ? s->step[0].no : 1;
	long std;

	for (size_t i = 0; i < pc->nst; i++) {
		struct pstep *p = &pc->st[i];
		const struct sop_step *ss = sop_step_no(s, p->no);
		const char *h = ss && ss->hasil ? ss->hasil : known;
		long took;

		if (i == 0 && p->no == prevno) {
			/* Step 1 is the receipt itself. */
			p->nostd = 1;
			continue;
		}
		took = moment_cmp(&p->at, &prev) > 0 ?
		    wtime_minutes(wt, &prev, &p->at) : 0;
		std = standard(wt, s, prevno, p->no, h, &prev);
		p->nostd = std < 0;
		push(pc, p->no, took, std < 0 ? took : std);
		prev = p->at;
		prevno = p->no;
	}
	if (pc->c.outcome == SLA_OPEN) {
		/* The step it waits for: the next one of both routes. */
		const struct sop_step *next = NULL;

		for (size_t i = 0; i < s->nstep && next == NULL; i++)
			if (s->step[i].no > prevno && s->step[i].hasil == NULL)
				next = &s->step[i];
		if (next != NULL) {
			long took = wtime_minutes(wt, &prev, &r->end);

			std = standard(wt, s, prevno, next->no, NULL, &prev);
			pc->nostd_pending = std < 0;
			push(pc, next->no, took, std < 0 ? took : std);
			pc->c.pending = 1;
		}
		pc->c.total = pc->age = wtime_minutes(wt, &pc->from, &r->end);
		/* Its promise: the later of the two routes (the receipt's
		 * batas). */
		long a = standard(wt, s, s->nstep ? s->step[0].no : 1, INT_MAX,
		    "musyawarah", &pc->from);
		long b = standard(wt, s, s->nstep ? s->step[0].no : 1, INT_MAX,
		    "jalur_hukum", &pc->from);
		pc->c.standard = a > b ? a : b;
	} else {
		if (moment_parse(pc->ditutup, &close) != 0)
			close = r->end;
		pc->c.total = wtime_minutes(wt, &pc->from, &close);
		pc->c.standard = standard(wt, s, s->nstep ? s->step[0].no : 1,
		    INT_MAX, pc->hasil, &pc->from);
	}
	/* Without any standard it cannot be over one. */
	if (pc->c.standard < 0)
		pc->c.standard = LONG_MAX;
	pc->c.langkah = pc->langkah;
	pc->c.took = pc->took;
	pc->c.std = pc->std;
	pc->c.id = pc->id;
	pc->c.diterima = pc->diterima;
	pc->c.saluran = pc->saluran;
	pc->c.desa = pc->desa;
}

/* The per-step figures of one SOP variant: the steps completed in the
 * month, whichever month the complaint came in. */
static void
variant_steps(struct rpgd *r, struct variant *vr)
{
	struct sla_case *c = xcalloc(r->n ? r->n : 1, sizeof(*c));
	size_t n = 0;
	int **lk = xcalloc(r->n ? r->n : 1, sizeof(*lk));
	long **tk = xcalloc(r->n ? r->n : 1, sizeof(*tk));
	long **sd = xcalloc(r->n ? r->n : 1, sizeof(*sd));

	for (size_t i = 0; i < r->n; i++) {
		const struct pcase *pc = &r->v[i];
		size_t k = 0, j = 0;

		if (pc->sop != vr->sop)
			continue;
		lk[n] = xcalloc(pc->nst + 1, sizeof(**lk));
		tk[n] = xcalloc(pc->nst + 1, sizeof(**tk));
		sd[n] = xcalloc(pc->nst + 1, sizeof(**sd));
		/* pc's entries follow its steps after the receipt. */
		for (size_t s = 0; s < pc->nst; s++) {
			if (s == 0 && pc->nst && pc->sop->nstep &&
			    pc->st[0].no == pc->sop->step[0].no)
				continue;
			if (pc->st[s].inmonth) {
				lk[n][k] = pc->langkah[j];
				tk[n][k] = pc->took[j];
				sd[n][k] = pc->std[j];
				k++;
			}
			j++;
		}
		c[n] = pc->c;
		c[n].langkah = lk[n];
		c[n].took = tk[n];
		c[n].std = sd[n];
		c[n].nstep = k;
		c[n].pending = 0;
		n++;
	}
	sla_pgd_sum(c, n, &vr->p);
	vr->have = 1;
	for (size_t i = 0; i < n; i++) {
		free(lk[i]);
		free(tk[i]);
		free(sd[i]);
	}
	free(lk);
	free(tk);
	free(sd);
	free(c);
}

int
rpgd_read(struct rpgd *r, struct reg *reg, char sha[65], struct nerr *e)
{
	char buf[1024];

	r->e = e;
	sha256_init(&r->c);
	hash_line(&r->c, r->def->bagian);
	hash_line(&r->c, r->bulan);
	if (reg_aduan_each(reg, r->from, r->to, on_case, r, e) < 0 ||
	    r->failed)
		return -1;
	for (size_t i = 0; i < r->n; i++) {
		struct pcase *pc = &r->v[i];
		struct stepcur cur = { pc, r->to, r->from };

		if (reg_aduan_steps_each(reg, pc->appid, on_step, &cur, e) < 0)
			return -1;
		measure(r, pc);
		if (pc->received) {
			r->nreceived++;
			sla_tally_add(&r->saluran, pc->saluran);
			sla_tally_add(&r->desa, pc->desa);
		}
		/* What it adds to the report, it adds to the fingerprint. */
		snprintf(buf, sizeof(buf), "%s|%s|%s|%s|%s|%d|%s|%ld|%ld|%s",
		    pc->id, pc->diterima, pc->saluran, pc->desa, pc->sop->path,
		    pc->received, pc->hasil, pc->c.total, pc->c.standard,
		    pc->ditutup);
		hash_line(&r->c, buf);
		for (size_t j = 0; j < pc->c.nstep; j++) {
			snprintf(buf, sizeof(buf), " %d|%ld|%ld", pc->langkah[j],
			    pc->took[j], pc->std[j]);
			hash_line(&r->c, buf);
		}
		for (size_t j = 0; j < pc->nst; j++) {
			snprintf(buf, sizeof(buf), " %d|%d|%d", pc->st[j].no,
			    pc->st[j].inmonth, pc->st[j].nostd);
			hash_line(&r->c, buf);
		}
	}
	/* sla_pgd_sum takes an array of sla_case. */
	struct sla_case *c = xcalloc(r->n ? r->n : 1, sizeof(*c));

	for (size_t i = 0; i < r->n; i++)
		c[i] = r->v[i].c;
	sla_pgd_sum(c, r->n, &r->all);
	free(c);
	for (size_t i = 0; i < r->n; i++) {
		size_t j;

		for (j = 0; j < r->nvar && r->var[j].sop != r->v[i].sop; j++)
			;
		if (j < r->nvar)
			continue;
		r->var = xrealloc(r->var, (r->nvar + 1) * sizeof(*r->var));
		memset(&r->var[r->nvar], 0, sizeof(r->var[0]));
		r->var[r->nvar++].sop = r->v[i].sop;
	}
	for (size_t i = 0; i < r->nvar; i++)
		variant_steps(r, &r->var[i]);
	sla_tally_sort(&r->saluran);
	sla_tally_sort(&r->desa);
	sha256_final_hex(&r->c, sha);
	return 0;
}

void
rpgd_set_wtime(struct rpgd *r, const struct wtime *wt)
{
	r->wt = wt;
}

void
rpgd_figures(const struct rpgd *r, struct rpgd_fig *out)
{
	out->received = r->nreceived;
	out->musyawarah = r->all.musyawarah;
	out->jalur_hukum = r->all.jalur_hukum;
	out->open = r->all.open;
	out->over = r->all.nover;
}

const struct sla_case *
rpgd_case(const struct rpgd *r, size_t i)
{
	return i < r->n ? &r->v[i].c : NULL;
}

static void	dur(long, char *, size_t);

void
rpgd_fmt_minutes(long m, char *buf, size_t sz)
{
	dur(m, buf, sz);
}

void
rpgd_summary(const struct rpgd *r, char *buf, size_t sz)
{
	snprintf(buf, sz, "%zu complaints received, %zu settled by "
	    "musyawarah, %zu handed to the legal channel, %zu open at the "
	    "month's end, %zu over standard", r->nreceived, r->all.musyawarah,
	    r->all.jalur_hukum, r->all.open, r->all.nover);
}

/* Working minutes as an office reads them: "45 menit", "2 jam 5 menit"
 * (hours of jam kerja). */
static void
dur(long m, char *buf, size_t sz)
{
	if (m < 60)
		snprintf(buf, sz, "%ld menit", m);
	else if (m % 60 == 0)
		snprintf(buf, sz, "%ld jam", m / 60);
	else
		snprintf(buf, sz, "%ld jam %ld menit", m / 60, m % 60);
}

/* "20 Januari 2025 pukul 11.52" of a moment "2025-01-20 11:52". */
static void
moment_id(const char *s, char *buf, size_t sz)
{
	struct wmoment m;
	char d[64];

	if (moment_parse(s, &m) != 0) {
		snprintf(buf, sz, "%s", s);
		return;
	}
	date_format_id(&m.d, d, sizeof(d));
	snprintf(buf, sz, "%s pukul %02d.%02d", d, m.min / 60, m.min % 60);
}

static const char *
saluran_label(const char *k)
{
	static const struct { const char *k, *v; } t[] = {
		{ "langsung", "Datang langsung" },
		{ "lapor", "SP4N-LAPOR!" },
		{ "email", "Surat elektronik (e-mail)" },
		{ "website", "Laman (website)" },
		{ "sms", "SMS" },
		{ "telepon", "Telepon" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i].k, k) == 0)
			return t[i].v;
	return *k ? k : "(tidak tercatat)";
}

static void
fill_tally(struct tpl_dict *d, const char *sec, const struct sla_tally *t,
    int saluran)
{
	char buf[32];

	for (size_t i = 0; i < t->n; i++) {
		struct tpl_dict *rd = tpl_section_add(d, sec);

		snprintf(buf, sizeof(buf), "%zu", i + 1);
		tpl_set(rd, "NO", buf);
		tpl_set(rd, "NAMA", saluran ? saluran_label(t->v[i].key) :
		    t->v[i].key);
		rdata_set_count(rd, "N", t->v[i].n);
		fmt_percent(t->v[i].n, t->total, buf, sizeof(buf));
		tpl_set(rd, "PERSEN", buf);
	}
}

/* The last step recorded by the month's end, as "Langkah 4". */
static void
last_step(const struct pcase *pc, char *buf, size_t sz)
{
	if (pc->nst == 0)
		snprintf(buf, sz, "-");
	else
		snprintf(buf, sz, "%d", pc->st[pc->nst - 1].no);
}

/* What the chart measures (the definition's ukuran): per step the share
 * within standard (the default), or the complaints received per channel
 * or per desa. */
static int
per_step(const struct rpgd *r)
{
	return r->def->ukuran == NULL || strcmp(r->def->ukuran, "langkah") ==
	    0;
}

/* A bar: a share of num in den in hundredths of a percent, or a count. */
static void
bar(struct tpl_dict *d, const char *label, size_t num, size_t den, int pct)
{
	struct tpl_dict *bd = tpl_section_add(d, "BAR");
	char buf[64];

	tpl_set(bd, "L", label);
	if (pct) {
		long x = (long)((num * 10000 + den / 2) / den);

		snprintf(buf, sizeof(buf), "%ld.%02ld", x / 100, x % 100);
	} else
		snprintf(buf, sizeof(buf), "%zu", num);
	tpl_set(bd, "V", buf);
}

static void
fill_steps(const struct rpgd *r, struct tpl_dict *d)
{
	char buf[128], pct[32];
	size_t nb = 0, nrow = 0;

	for (size_t v = 0; v < r->nvar; v++) {
		const struct variant *vr = &r->var[v];
		struct tpl_dict *vd;

		if (vr->p.nstep == 0)
			continue;
		vd = tpl_section_add(d, "SOP");
		tpl_set(vd, "SOP_NAMA", vr->sop->nama);
		tpl_set(vd, "SOP_NOMOR", vr->sop->nomor);
		for (size_t i = 0; i < vr->p.nstep; i++) {
			const struct sla_pgd_step *st = &vr->p.step[i];
			const struct sop_step *ss = sop_step_no(vr->sop,
			    st->langkah);
			struct tpl_dict *rd = tpl_section_add(vd, "LANGKAH");

			nrow++;
			int hasstd = ss != NULL && ss->waktu != NULL;

			snprintf(buf, sizeof(buf), "%d", st->langkah);
			tpl_set(rd, "NO", buf);
			tpl_set(rd, "URAIAN", ss ? ss->aktivitas : "");
			tpl_set(rd, "PELAKSANA", ss ? ss->pelaksana : "");
			rdata_set_count(rd, "N", st->s.timed);
			sla_fmt_half(st->s.med2, buf, sizeof(buf));
			tpl_set(rd, "MEDIAN", buf);
			tpl_set(rd, "STANDAR", hasstd ? ss->waktu : "-");
			if (!hasstd) {
				tpl_set(rd, "DALAM", "-");
				continue;
			}
			fmt_percent(st->s.within, st->s.timed, pct, sizeof(pct));
			snprintf(buf, sizeof(buf), "%zu (%s)", st->s.within, pct);
			tpl_set(rd, "DALAM", buf);
			if (per_step(r)) {
				if (r->nvar > 1 && vr->sop->varian)
					snprintf(buf, sizeof(buf), "%s L%d",
					    vr->sop->varian, st->langkah);
				else
					snprintf(buf, sizeof(buf), "Langkah %d",
					    st->langkah);
				bar(d, buf, st->s.within, st->s.timed, 1);
				nb++;
			}
		}
	}
	tpl_section_show(d, nrow > 0 ? "LANGKAH_ADA" : "LANGKAH_TIDAK");
	if (!per_step(r)) {
		const struct sla_tally *t = strcmp(r->def->ukuran, "desa") ?
		    &r->saluran : &r->desa;

		for (size_t i = 0; i < t->n; i++, nb++)
			bar(d, t == &r->saluran ? saluran_label(t->v[i].key) :
			    t->v[i].key, t->v[i].n, 1, 0);
	}
	tpl_section_show(d, nb > 0 ? "GRAFIK" : "GRAFIK_TIDAK");
	tpl_set(d, "GRAFIK_JUDUL", r->def->grafik);
	tpl_set(d, "GRAFIK_SATUAN", per_step(r) ? "%" : "pengaduan");
}

void
rpgd_fill(const struct rpgd *r, struct tpl_dict *d, const char *nomor,
    const struct date *tgl, int revision, const char *replaces)
{
	const struct kantor *k = r->k;
	/* report.c made sure a camat was in post on the report's date. */
	const struct pejabat *cm = kantor_pejabat_on(k, "camat", tgl, NULL);
	char buf[512], n1[128], n2[128];
	struct date last;

	tpl_set(d, "KERTAS", k->paper == PAPER_F4 ? "F4" : "A4");
	tpl_set(d, "JUDUL", r->def->judul);
	snprintf(buf, sizeof(buf), "%s %d", date_month_id(r->m), r->y);
	tpl_set(d, "BULAN", buf);
	for (char *p = buf; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	tpl_set(d, "BULAN_BESAR", buf);
	wtime_date_add(&r->end.d, -1, &last);
	date_format_id(&last, n1, sizeof(n1));
	tpl_set(d, "AKHIR_BULAN", n1);
	tpl_set(d, "NOMOR", nomor);
	tpl_set(d, "KECAMATAN", k->kecamatan);
	if (revision > 1) {
		tpl_section_show(d, "REVISI");
		snprintf(buf, sizeof(buf), "%d", revision - 1);
		tpl_set(d, "REVISI_KE", buf);
		tpl_set(d, "REVISI_NOMOR", replaces);
	}
	rdata_set_count(d, "DITERIMA", r->nreceived);
	rdata_set_count(d, "DITANGANI", r->n);
	rdata_set_count(d, "MUSYAWARAH", r->all.musyawarah);
	rdata_set_count(d, "JALUR_HUKUM", r->all.jalur_hukum);
	rdata_set_count(d, "TERBUKA", r->all.open);
	rdata_set_count(d, "LEWAT", r->all.nover);
	tpl_section_show(d, r->n == 0 ? "NIHIL" : "ADA");
	if (r->nreceived > 0) {
		tpl_section_show(d, "DITERIMA_ADA");
		fill_tally(d, "SALURAN", &r->saluran, 1);
		fill_tally(d, "DESA", &r->desa, 0);
		rdata_set_count(d, "DITERIMA_N", r->nreceived);
	} else
		tpl_section_show(d, "DITERIMA_TIDAK");
	for (size_t i = 0; i < r->all.nopened; i++) {
		const struct pcase *pc = &r->v[r->all.opened[i]];
		struct tpl_dict *rd = tpl_section_add(d, "TERBUKA_ROW");

		snprintf(buf, sizeof(buf), "%zu", i + 1);
		tpl_set(rd, "NO", buf);
		tpl_set(rd, "REGISTER", pc->id);
		moment_id(pc->diterima, n1, sizeof(n1));
		tpl_set(rd, "DITERIMA", n1);
		tpl_set(rd, "DESA", pc->desa);
		last_step(pc, n1, sizeof(n1));
		tpl_set(rd, "LANGKAH", n1);
		dur(pc->age, n1, sizeof(n1));
		tpl_set(rd, "UMUR", n1);
	}
	tpl_section_show(d, r->all.nopened ? "TERBUKA_ADA" : "TERBUKA_TIDAK");
	for (size_t i = 0; i < r->all.nover; i++) {
		const struct pcase *pc = &r->v[r->all.over[i]];
		struct tpl_dict *rd = tpl_section_add(d, "LEWAT_ROW");
		long lost = sla_case_lost(&pc->c);

		snprintf(buf, sizeof(buf), "%zu", i + 1);
		tpl_set(rd, "NO", buf);
		tpl_set(rd, "REGISTER", pc->id);
		moment_id(pc->diterima, n1, sizeof(n1));
		tpl_set(rd, "DITERIMA", n1);
		tpl_set(rd, "STATUS", pc->c.outcome == SLA_MUSYAWARAH ?
		    "Selesai (musyawarah)" : pc->c.outcome == SLA_JALUR_HUKUM ?
		    "Selesai (jalur hukum)" : "Belum selesai");
		dur(pc->c.total, n1, sizeof(n1));
		tpl_set(rd, "WAKTU", n1);
		dur(pc->c.standard, n1, sizeof(n1));
		tpl_set(rd, "STANDAR", n1);
		if (lost < 0) {
			tpl_set(rd, "HILANG", "-");
			continue;
		}
		const struct sop_step *ss = sop_step_no(pc->sop,
		    pc->langkah[lost]);

		dur(pc->took[lost] - pc->std[lost], n1, sizeof(n1));
		dur(pc->std[lost], n2, sizeof(n2));
		snprintf(buf, sizeof(buf), "Langkah %d%s%s%s: %s di atas "
		    "standar %s%s", pc->langkah[lost], ss ? " (" : "",
		    ss ? ss->pelaksana : "", ss ? ")" : "", n1, n2,
		    pc->c.pending && (size_t)lost == pc->c.nstep - 1 ?
		    ", masih ditunggu" : "");
		tpl_set(rd, "HILANG", buf);
	}
	tpl_section_show(d, r->all.nover ? "LEWAT_ADA" : "LEWAT_TIDAK");
	fill_steps(r, d);
	rdata_signature(d, k->kecamatan, tgl, cm, r->def->paraf);
}
