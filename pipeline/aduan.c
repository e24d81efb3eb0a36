/* aduan.c -- a complaint from receipt to outcome: its state in the
 * register, its follow-up steps, and the documents its SOP lists for the
 * events diterima and selesai.  Nothing here knows an office's steps: the
 * SOP (sop.h) says which exist, in what order, how long each may take,
 * which closes and which belong to one outcome only. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aduan.h"
#include "date.h"
#include "enc.h"
#include "fsio.h"
#include "tlanjut.h"
#include "wtime.h"
#include "xmem.h"

/* A recorded step, for the outcome letter and the order checks. */
struct step {
	int	 no;
	char	 selesai[20];		/* moment */
	char	*petugas, *catatan, *hasil, *file;
	long	 line;
};

/* What the document being filled shows beyond its row. */
struct ctx {
	char		 agenda[256];	/* the receipt's number */
	char		 diterima[96];	/* "Senin, 20 Januari 2025 pukul 09.15" */
	char		 batas[96];	/* when the SOP's steps fall due */
	char		 berikut[96];	/* when the next step falls due */
	const struct sop_step *next;
	const char	*kode;		/* the receipt's classification */
	struct step	*steps;		/* recorded, for the outcome letter */
	size_t		 nsteps;
	const char	*hasil;
	const char	*kesepakatan;
	char		 selesai[64];	/* the closing step's date */
};

struct aduan {
	struct aduan_env	 env;
	struct aduan_counts	 c;
	const struct ctx	*cur;	/* NULL: the start-up check's row */
};

static void
logf_(struct aduan *ad, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
logf_(struct aduan *ad, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (ad->env.log != NULL)
		ad->env.log(ad->env.arg, buf);
}

/* "Senin, 20 Januari 2025 pukul 09.15"; the time left out when unknown. */
static void
moment_text(const struct date *d, int min, char *buf, size_t sz)
{
	const char *day = wtime_day_name(wtime_weekday(d));
	char tgl[64];

	date_format_id(d, tgl, sizeof(tgl));
	if (min < 0)
		snprintf(buf, sz, "%c%s, %s", toupper((unsigned char)day[0]),
		    day + 1, tgl);
	else
		snprintf(buf, sz, "%c%s, %s pukul %02d.%02d",
		    toupper((unsigned char)day[0]), day + 1, tgl, min / 60,
		    min % 60);
}

/* "2025-01-20 09:15", the register's form of a moment. */
static void
moment_iso(const struct date *d, int min, char *buf, size_t sz)
{
	char iso[16];

	date_iso(d, iso, sizeof(iso));
	snprintf(buf, sz, "%s %02d:%02d", iso, min / 60, min % 60);
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

/* When the steps after step `after` up to the closing one are due, from
 * `from`, along the route of outcome hasil (a step of the other outcome
 * is skipped).  0, or -1 when the calendar has no working day. */
static int
chain(const struct wtime *wt, const struct sop *s, int after,
    const char *hasil, int only_next, const struct wmoment *from,
    struct wmoment *out)
{
	*out = *from;
	for (size_t i = 0; i < s->nstep; i++) {
		const struct sop_step *st = &s->step[i];
		struct wspan sp;

		if (st->no <= after || (st->hasil != NULL && hasil != NULL &&
		    strcmp(st->hasil, hasil) != 0))
			continue;
		if (st->waktu != NULL && wtime_span_parse(st->waktu, &sp) == 0 &&
		    wtime_deadline(wt, out, &sp, out) != 0)
			return -1;
		if (st->menutup || only_next)
			break;
	}
	return 0;
}

static int
moment_cmp(const struct wmoment *a, const struct wmoment *b)
{
	int c = date_cmp(&a->d, &b->d);

	return c ? c : (a->min > b->min) - (a->min < b->min);
}

/* The answer promised on the receipt: the later of the two outcomes'
 * routes, in working time from the receipt. */
static int
due(const struct wtime *wt, const struct sop *s, const struct wmoment *from,
    struct wmoment *out)
{
	static const char *const outcome[] = { "musyawarah", "jalur_hukum" };
	struct wmoment m;
	int first = s->nstep ? s->step[0].no : 0;

	if (!wtime_has_workdays(wt))
		return -1;
	*out = *from;
	for (size_t i = 0; i < 2; i++) {
		if (chain(wt, s, first, outcome[i], 0, from, &m) != 0)
			return -1;
		if (moment_cmp(&m, out) > 0)
			*out = m;
	}
	return 0;
}

static const struct sop_doc *
numbered_doc(const struct sop *s, enum sop_event ev)
{
	for (size_t i = 0; i < s->ndoc; i++)
		if (s->doc[i].saat == ev && s->doc[i].buku != NULL)
			return &s->doc[i];
	return NULL;
}

/* fill_extra_fn: what complaint documents show beyond the row.  The
 * start-up check's made-up row gets one value of each, with both
 * outcomes shown, so that every part of a template is checked. */
static void
extra(void *arg, struct tpl_dict *d, const struct app *a,
    const struct sop_doc *doc)
{
	struct aduan *ad = arg;
	const struct sop *s = a->sop;
	const struct kantor *k = office_kantor(ad->env.o);
	struct ctx sample = { .agenda = "1", .diterima = "Senin, 31 Januari "
	    "2000 pukul 08.00", .batas = "Selasa, 1 Februari 2000 pukul 08.00",
	    .berikut = "Senin, 31 Januari 2000 pukul 09.00", .hasil = "",
	    .kesepakatan = "Kesepakatan", .selesai = "1 Februari 2000" };
	struct step one = { 1, "2000-01-31 08:00", "Petugas", "Catatan", "",
	    "", 0 };
	const struct ctx *c = ad->cur;
	const struct sop_doc *num;
	const struct pejabat *p;
	struct tpl_dict *sd;
	char buf[256];

	(void)doc;
	if (!s->pengaduan)
		return;
	if (c == NULL) {
		sample.next = s->nstep > 1 ? &s->step[1] : NULL;
		sample.steps = &one;
		sample.nsteps = 1;
		c = &sample;
	}
	num = numbered_doc(s, SE_DITERIMA);
	tpl_set(d, "ADUAN_AGENDA", c->agenda);
	tpl_set(d, "ADUAN_KODE", num && num->klasifikasi ? num->klasifikasi :
	    "");
	tpl_set(d, "ADUAN_DITERIMA", c->diterima);
	if (c->batas[0] != '\0') {
		tpl_section_show(d, "ADUAN_BATAS");
		tpl_set(d, "ADUAN_BATAS", c->batas);
	}
	if (c->next != NULL) {
		sd = tpl_section_add(d, "ADUAN_BERIKUT");
		snprintf(buf, sizeof(buf), "%d", c->next->no);
		tpl_set(sd, "NO", buf);
		tpl_set(sd, "KEGIATAN", c->next->aktivitas);
		tpl_set(sd, "PELAKSANA", c->next->pelaksana);
		tpl_set(sd, "WAKTU", c->next->waktu ? c->next->waktu : "-");
		tpl_set(sd, "BATAS", c->berikut[0] ? c->berikut : "-");
	}
	if (s->dispo != NULL) {
		p = kantor_pejabat(k, s->dispo->oleh);
		tpl_section_show(d, "DISPOSISI");
		tpl_set(d, "DISPO_OLEH", p ? p->sebutan : s->dispo->oleh);
		for (size_t i = 0; i < s->dispo->nalur; i++) {
			sd = tpl_section_add(d, "DISPO_ALUR");
			tpl_set(sd, "ALUR", s->dispo->alur[i]);
			if (i + 1 < s->dispo->nalur)
				tpl_section_show(sd, "PANAH");
		}
	}
	/* The standard form sets "Diteruskan kepada" and "Dengan hormat
	 * harap" side by side: row i holds the route's i-th recipient and
	 * the template's i-th request (sections H1..H5), so a long route
	 * still leaves the sheet one page. */
	{
		size_t nk = s->dispo != NULL ? s->dispo->nkepada : 0;
		char h[8];

		for (size_t i = 0; i < (nk > 5 ? nk : 5); i++) {
			sd = tpl_section_add(d, "DISPO_BARIS");
			tpl_set(sd, "LABEL", i < nk ? s->dispo->kepada[i] : "");
			tpl_set(sd, "TANDA", i < nk && s->dispo->tanda[i] ? "X" :
			    "");
			snprintf(h, sizeof(h), "H%zu", i + 1);
			if (i < 5)
				tpl_section_show(sd, h);
		}
	}
	/* The outcome letter: the steps taken, and the outcome. */
	for (size_t i = 0; i < c->nsteps; i++) {
		const struct sop_step *st = sop_step_no(s, c->steps[i].no);
		struct wmoment m;
		char tgl[64];

		sd = tpl_section_add(d, "LANGKAH");
		snprintf(buf, sizeof(buf), "%d", c->steps[i].no);
		tpl_set(sd, "NO", buf);
		tpl_set(sd, "KEGIATAN", st ? st->aktivitas : "");
		tpl_set(sd, "PELAKSANA", st ? st->pelaksana : "");
		if (moment_parse(c->steps[i].selesai, &m) == 0)
			date_format_id(&m.d, tgl, sizeof(tgl));
		else
			snprintf(tgl, sizeof(tgl), "-");
		tpl_set(sd, "TANGGAL", tgl);
	}
	tpl_set(d, "ADUAN_SELESAI", c->selesai);
	if (ad->cur == NULL || strcmp(c->hasil, "musyawarah") == 0) {
		sd = tpl_section_add(d, "HASIL_MUSYAWARAH");
		tpl_set(sd, "KESEPAKATAN", c->kesepakatan ? c->kesepakatan :
		    "");
	}
	if (ad->cur == NULL || strcmp(c->hasil, "jalur_hukum") == 0)
		tpl_section_show(d, "HASIL_HUKUM");
}

struct aduan *
aduan_new(const struct aduan_env *env)
{
	struct aduan *ad = xcalloc(1, sizeof(*ad));

	ad->env = *env;
	if (ad->env.batch <= 0)
		ad->env.batch = 64;
	fill_set_extra(env->fill, extra, ad);
	return ad;
}

void
aduan_free(struct aduan *ad)
{
	if (ad == NULL)
		return;
	fill_set_extra(ad->env.fill, NULL, NULL);
	free(ad);
}

void
aduan_set_issue(struct aduan *ad, struct issue *iss)
{
	ad->env.iss = iss;
}

void
aduan_set_run(struct aduan *ad, long run)
{
	ad->env.run = run;
}

const struct aduan_counts *
aduan_counts(const struct aduan *ad)
{
	return &ad->c;
}

/* One document of the complaint's event: numbered when its SOP line
 * names a book, filled, rendered and staged with the row.  0, 1 (a value
 * it cannot show: rowerr), -1 fatal. */
static int
issue_one(struct aduan *ad, struct app *a, long app_id,
    const struct sop_doc *doc, struct ctx *c, const struct date *dt,
    struct nerr *rowerr, struct nerr *fatal)
{
	const char *noreg = check_val(a, CK_NO_REGISTER);
	char nomor[256], rel[512], iso[16], title[512], safe[48];
	struct reg_num num = { 0, 0 };
	struct tpl_dict *d;
	struct nerr e = { 0 };
	int rc;

	if (doc->buku != NULL && issue_number(ad->env.iss, doc->buku,
	    doc->jenis, doc->klasifikasi, dt->y, dt->m, &num, nomor,
	    sizeof(nomor), fatal) != 0)
		return -1;
	if (doc->buku != NULL && doc->saat == SE_DITERIMA &&
	    c->agenda[0] == '\0')
		snprintf(c->agenda, sizeof(c->agenda), "%s", nomor);
	d = tpl_dict_new();
	ad->cur = c;
	fill_row(ad->env.fill, d, a, doc, doc->buku ? nomor : NULL);
	ad->cur = NULL;
	snprintf(title, sizeof(title), "%s %s", doc->judul, doc->buku ? nomor :
	    noreg);
	struct pdf_info info = { title, a->sop->nama, doc->buku ? nomor :
	    noreg, dt->y, dt->m, dt->d, doc->jenis, doc->buku ? nomor : NULL,
	    noreg, check_val(a, CK_NIK), check_val(a, CK_NAMA) };
	rc = office_render(ad->env.o, doc->template, d, NULL, &info, &e);
	tpl_dict_free(d);
	if (rc != 0) {
		if (e.status == EX_DATAERR) {
			*rowerr = e;
			return 1;
		}
		*fatal = e;
		if (fatal->status == 0)
			fatal->status = EX_SOFTWARE;
		return -1;
	}
	date_iso(dt, iso, sizeof(iso));
	office_safename(noreg, safe, sizeof(safe));
	/* Outgoing letters are named like every letter, by number; the
	 * receipt and the sheet by the complaint they belong to. */
	if (doc->buku != NULL && doc->saat != SE_DITERIMA)
		snprintf(rel, sizeof(rel), "%s/%04d/%05ld_%s_%s.pdf",
		    doc->map ? doc->map : doc->jenis, dt->y, num.urut,
		    a->sop->layanan, iso);
	else
		snprintf(rel, sizeof(rel), "%s/%04d/%s_%s_%s.pdf",
		    doc->map ? doc->map : doc->jenis, dt->y, iso, safe,
		    doc->jenis);
	struct reg_doc rd = { .kind = doc->jenis, .app_id = app_id,
	    .created = iso, .num = num, .klasifikasi = doc->klasifikasi };
	if (issue_stage(ad->env.iss, rel, &rd, fatal) != 0) {
		if (fatal->status == 0)
			fatal->status = EX_CANTCREAT;
		return -1;
	}
	logf_(ad, "%s line %ld: %s %s -> %s", a->file, a->line, noreg,
	    doc->jenis, doc->buku ? nomor : rel);
	return 0;
}

static int
event_docs(struct aduan *ad, struct app *a, long app_id, enum sop_event ev,
    struct ctx *c, const struct date *dt, struct nerr *rowerr,
    struct nerr *fatal)
{
	int rc;

	for (size_t i = 0; i < a->sop->ndoc; i++)
		if (a->sop->doc[i].saat == ev && (rc = issue_one(ad, a, app_id,
		    &a->sop->doc[i], c, dt, rowerr, fatal)) != 0)
			return rc;
	return 0;
}

int
aduan_received(struct aduan *ad, struct app *a, long app_id,
    struct nerr *rowerr, struct nerr *fatal)
{
	const struct sop *s = a->sop;
	const struct wtime *wt = kantor_wtime(office_kantor(ad->env.o));
	const char *jam = check_val(a, CK_JAM);
	const char *saluran = "";
	struct ctx c = { .hasil = "" };
	struct wmoment from, m;
	char diterima[20], batas[20] = "";
	int min = -1, rc, known = s->nsaluran == 0;
	int fi = fields_find(check_fields(ad->env.ck), "saluran");

	if (fi >= 0 && a->v[fi] != NULL)
		saluran = a->v[fi];
	for (size_t i = 0; i < s->nsaluran; i++)
		known |= strcmp(s->saluran[i], saluran) == 0;
	if (!known) {
		struct nerr w;

		const char *base = strrchr(s->path, '/');

		nerr_set(&w, 0, a->file, a->line, a->col[fi], "saluran \"%s\" "
		    "is not a channel of the office's pengaduan SOP "
		    "(templates/sop/%s); the complaint is received all the same",
		    saluran, base ? base + 1 : s->path);
		if (ad->env.warn != NULL)
			ad->env.warn(ad->env.arg, &w);
	}
	/* Without a time of receipt the day's start counts, and the receipt
	 * shows no time. */
	if (jam[0] != '\0')
		date_parse_hhmm(jam, &min);
	from.d = a->tanggal;
	from.min = min < 0 ? 0 : min;
	moment_iso(&from.d, from.min, diterima, sizeof(diterima));
	moment_text(&a->tanggal, min, c.diterima, sizeof(c.diterima));
	if (due(wt, s, &from, &m) == 0) {
		moment_text(&m.d, m.min, c.batas, sizeof(c.batas));
		moment_iso(&m.d, m.min, batas, sizeof(batas));
	}
	if (s->nstep > 1) {
		c.next = &s->step[1];
		if (wtime_has_workdays(wt) && chain(wt, s, s->step[0].no, NULL,
		    1, &from, &m) == 0)
			moment_text(&m.d, m.min, c.berikut, sizeof(c.berikut));
	}
	struct reg_aduan_in in = { app_id, s->varian, saluran, diterima,
	    batas, s->nstep ? s->step[0].no : 1, check_val(a, CK_PETUGAS),
	    a->file, a->line, ad->env.run };
	if (reg_aduan_add(office_reg(ad->env.o), &in, fatal) != 0)
		return -1;
	rc = event_docs(ad, a, app_id, SE_DITERIMA, &c, &a->tanggal, rowerr,
	    fatal);
	if (rc == 1) {
		snprintf(rowerr->file, sizeof(rowerr->file), "%s", a->file);
		rowerr->line = a->line;
	}
	return rc;
}

/* The recorded steps of a complaint. */
struct steps {
	struct step	*v;
	size_t		 n;
};

static int
steps_cb(const struct reg_aduan_step *s, void *arg)
{
	struct steps *ss = arg;
	struct step *t;

	ss->v = xrealloc(ss->v, (ss->n + 1) * sizeof(*ss->v));
	t = &ss->v[ss->n++];
	t->no = s->langkah;
	snprintf(t->selesai, sizeof(t->selesai), "%s", s->selesai);
	t->petugas = xstrdup(s->petugas ? s->petugas : "");
	t->catatan = xstrdup(s->catatan ? s->catatan : "");
	t->hasil = xstrdup(s->hasil ? s->hasil : "");
	t->file = xstrdup(s->file ? s->file : "");
	t->line = s->line;
	return 0;
}

static void
steps_free(struct steps *ss)
{
	for (size_t i = 0; i < ss->n; i++) {
		free(ss->v[i].petugas); free(ss->v[i].catatan);
		free(ss->v[i].hasil); free(ss->v[i].file);
	}
	free(ss->v);
	ss->v = NULL;
	ss->n = 0;
}

/* Whether the name before '=' at s (len bytes) is a field. */
static int
known_name(const struct fields *t, const char *s, size_t len)
{
	char name[64];

	if (len == 0 || len >= sizeof(name))
		return 0;
	memcpy(name, s, len);
	name[len] = '\0';
	return fields_find(t, name) >= 0;
}

/* The register's "name=value\n" lines (fill_data) back into a row; a
 * value may hold a newline, so a line ends only where the next one
 * starts with a field's name. */
static void
parse_data(const struct fields *t, char *data, struct app *a)
{
	char *p = data;

	for (size_t i = 0; i < fields_count(t); i++) {
		a->v[i] = "";
		a->col[i] = 0;
	}
	while (*p != '\0') {
		char *eq = strchr(p, '='), *v, *q, *end = NULL;
		int i;

		if (eq == NULL)
			break;
		*eq = '\0';
		i = fields_find(t, p);
		v = eq + 1;
		for (q = v; (q = strchr(q, '\n')) != NULL; q++) {
			char *eq2 = strchr(q + 1, '=');

			if (q[1] == '\0' || (eq2 != NULL && known_name(t, q + 1,
			    (size_t)(eq2 - q - 1)))) {
				end = q;
				break;
			}
		}
		if (end == NULL)
			end = v + strlen(v);
		p = *end != '\0' ? end + 1 : end;
		*end = '\0';
		if (i >= 0) {
			a->v[i] = v;
			a->col[i] = i + 1;
		}
	}
}

/* The pengaduan SOP a complaint follows: the variant it was received
 * under, which the office may since have replaced. */
static const struct sop *
sop_of(const struct aduan *ad, const struct reg_aduan *c)
{
	const struct sop *s = sop_find(office_sops(ad->env.o), "pengaduan");

	if (s != NULL && c->varian[0] != '\0' && (s->varian == NULL ||
	    strcmp(s->varian, c->varian) != 0))
		s = sop_variant(office_sops(ad->env.o), "pengaduan",
		    c->varian);
	return s;
}

struct rowctx {
	struct aduan		*ad;
	const struct tl_row	*r;
	const char		*path;
	struct nerr		 e;
};

static int
row_bad(struct rowctx *x, enum tl_col col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
row_bad(struct rowctx *x, enum tl_col col, const char *fmt, ...)
{
	va_list ap;
	char msg[900];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	nerr_set(&x->e, EX_DATAERR, x->path, x->r->line, x->r->col[col],
	    "%s: %s", tl_colname(col), msg);
	return 1;
}

/* The closing step's documents: the complaint's row as received, dated
 * the day it closed. */
static int
close_docs(struct aduan *ad, struct rowctx *x, const struct reg_aduan *c,
    const struct sop *s, struct steps *ss, const char *hasil,
    const struct date *when, struct nerr *fatal)
{
	struct app *a = xcalloc(1, sizeof(*a));
	struct ctx cx = { .hasil = hasil };
	char *data = NULL, file[512];
	struct nerr e = { 0 };
	long line = 0;
	int rc;

	if ((rc = reg_aduan_app(office_reg(ad->env.o), c->app_id, &data, file,
	    sizeof(file), &line, fatal)) != 1) {
		free(a);
		if (rc == 0)
			nerr_set(fatal, EX_SOFTWARE, NULL, 0, 0, "complaint %s "
			    "has no register row", c->no_register);
		return -1;
	}
	a->ck = ad->env.ck;
	a->file = file;
	a->line = line;
	parse_data(check_fields(ad->env.ck), data, a);
	if (check_app(a, office_kantor(ad->env.o), office_sops(ad->env.o),
	    &e) == APP_MALFORMED) {
		row_bad(x, TL_NO_REGISTER, "complaint %s: its register row "
		    "(%s line %ld) no longer passes the checks (%s); no outcome "
		    "letter", c->no_register, file, line, e.msg);
		free(data);
		free(a);
		return 1;
	}
	a->sop = s;
	/* Dated the day it closed: the place and date, and the outgoing
	 * book's year. */
	a->tanggal = *when;
	{
		struct reg_app ra;

		/* The receipt's number: the complaint's first numbered
		 * document. */
		if (reg_app_find(office_reg(ad->env.o), c->tahun,
		    c->no_register, &ra, fatal) < 0) {
			free(data);
			free(a);
			return -1;
		}
		snprintf(cx.agenda, sizeof(cx.agenda), "%s", ra.nomor);
	}
	date_format_id(when, cx.selesai, sizeof(cx.selesai));
	/* Step 1 is the receipt, which the letter names already. */
	cx.steps = ss->n > 1 ? ss->v + 1 : ss->v;
	cx.nsteps = ss->n > 1 ? ss->n - 1 : ss->n;
	for (size_t i = 0; i < ss->n; i++) {
		const struct sop_step *st = sop_step_no(s, ss->v[i].no);

		if (st != NULL && st->kesepakatan && ss->v[i].catatan[0])
			cx.kesepakatan = ss->v[i].catatan;
	}
	moment_text(&a->tanggal, -1, cx.diterima, sizeof(cx.diterima));
	{
		struct wmoment m;

		/* 00:00: received without a time (aduan_received). */
		if (moment_parse(c->diterima, &m) == 0)
			moment_text(&m.d, m.min ? m.min : -1, cx.diterima,
			    sizeof(cx.diterima));
	}
	rc = event_docs(ad, a, c->app_id, SE_SELESAI, &cx, when, &x->e,
	    fatal);
	if (rc == 1) {
		/* A value the letter cannot show: the follow-up row's. */
		snprintf(x->e.file, sizeof(x->e.file), "%s", x->path);
		x->e.line = x->r->line;
	}
	free(data);
	free(a);
	return rc;
}

/* One follow-up row: 0 recorded or unchanged, 1 rejected (x->e), -1
 * fatal. */
static int
do_step(struct aduan *ad, struct rowctx *x, const struct date *fday,
    struct nerr *fatal)
{
	const struct tl_row *r = x->r;
	struct reg *reg = office_reg(ad->env.o);
	const char *hasil = r->v[TL_HASIL], *noreg = r->v[TL_NO_REGISTER];
	const struct sop_step *st, *close;
	const struct sop *s;
	struct reg_aduan c;
	struct steps ss = { 0 };
	struct step *same = NULL, *last;
	char when[20], fd[16];
	int rc;

	if (issue_begin(ad->env.iss, fatal) != 0)
		return -1;
	if ((rc = reg_aduan_find(reg, r->tahun, noreg, &c, fatal)) < 0)
		return -1;
	if (rc == 0)
		return row_bad(x, TL_NO_REGISTER, "no complaint \"%s\" of %d "
		    "in the register (a pengaduan row of a register export "
		    "processed before)", noreg, r->tahun);
	if ((s = sop_of(ad, &c)) == NULL)
		return row_bad(x, TL_NO_REGISTER, "complaint %s: the office "
		    "has no pengaduan SOP", noreg);
	if ((st = sop_step_no(s, r->langkah)) == NULL)
		return row_bad(x, TL_LANGKAH, "%d is not a step of the "
		    "office's pengaduan SOP (%s, %s)", r->langkah, s->nama,
		    s->nomor);
	if (date_cmp(&r->tanggal, fday) > 0) {
		date_iso(fday, fd, sizeof(fd));
		return row_bad(x, TL_TANGGAL, "%s is after the file's own date "
		    "%s", r->v[TL_TANGGAL], fd);
	}
	moment_iso(&r->tanggal, r->menit, when, sizeof(when));
	if (reg_aduan_steps_each(reg, c.app_id, steps_cb, &ss, fatal) < 0)
		return -1;
	for (size_t i = 0; i < ss.n; i++)
		if (ss.v[i].no == r->langkah)
			same = &ss.v[i];
	last = ss.n ? &ss.v[ss.n - 1] : NULL;
	rc = 1;
	if (same != NULL) {
		/* Read again (a re-run, a changed file): the same step as
		 * recorded is nothing new. */
		if (strcmp(same->selesai, when) == 0 &&
		    strcmp(same->petugas, r->v[TL_PETUGAS]) == 0 &&
		    strcmp(same->catatan, r->v[TL_CATATAN]) == 0 &&
		    strcmp(same->hasil, hasil) == 0) {
			ad->c.unchanged++;
			rc = 0;
		} else
			row_bad(x, TL_LANGKAH, "step %d of %s is already "
			    "recorded (%s line %ld) with other values; a "
			    "recorded step never changes", r->langkah, noreg,
			    same->file, same->line);
		goto out;
	}
	if (last != NULL && r->langkah < last->no) {
		row_bad(x, TL_LANGKAH, "step %d of %s comes before step %d, "
		    "already recorded", r->langkah, noreg, last->no);
		goto out;
	}
	if (last != NULL && strcmp(when, last->selesai) < 0) {
		row_bad(x, TL_TANGGAL, "step %d of %s completed %s, before step "
		    "%d (%s)", r->langkah, noreg, when, last->no,
		    last->selesai);
		goto out;
	}
	if (st->menutup && hasil[0] == '\0') {
		row_bad(x, TL_HASIL, "step %d closes the complaint: hasil must "
		    "be musyawarah or jalur_hukum", r->langkah);
		goto out;
	}
	if (!st->menutup && hasil[0] != '\0') {
		close = sop_closing(s);
		row_bad(x, TL_HASIL, "only the closing step%s%.0d takes a hasil, "
		    "not step %d", close ? " " : "", close ? close->no : 0,
		    r->langkah);
		goto out;
	}
	if (st->hasil != NULL && c.hasil[0] != '\0' &&
	    strcmp(st->hasil, c.hasil) != 0) {
		row_bad(x, TL_LANGKAH, "step %d is for hasil %s only, and %s "
		    "closed with %s", r->langkah, st->hasil, noreg, c.hasil);
		goto out;
	}
	if (st->menutup) {
		const struct sop_step *kes = NULL;
		int agreed = 0;

		for (size_t i = 0; i < ss.n; i++) {
			const struct sop_step *o = sop_step_no(s, ss.v[i].no);

			if (o != NULL && o->hasil != NULL &&
			    strcmp(o->hasil, hasil) != 0) {
				row_bad(x, TL_HASIL, "hasil %s, but step %d "
				    "(for %s only) was recorded", hasil, o->no,
				    o->hasil);
				goto out;
			}
			if (o != NULL && o->kesepakatan) {
				kes = o;
				agreed |= ss.v[i].catatan[0] != '\0';
			}
		}
		if (st->kesepakatan) {
			kes = st;
			agreed |= r->v[TL_CATATAN][0] != '\0';
		}
		for (size_t i = 0; kes == NULL && i < s->nstep; i++)
			if (s->step[i].kesepakatan)
				kes = &s->step[i];
		if (strcmp(hasil, "musyawarah") == 0 && kes != NULL &&
		    !agreed) {
			row_bad(x, TL_HASIL, "hasil musyawarah, but no catatan "
			    "of step %d says what was agreed", kes->no);
			goto out;
		}
	}
	/* Recorded: the step, and at the closing step the outcome and its
	 * letter, in the row's savepoint. */
	if (issue_row_begin(ad->env.iss, fatal) != 0) {
		rc = -1;
		goto out;
	}
	struct reg_aduan_step in = { c.app_id, r->langkah, when,
	    r->v[TL_PETUGAS], r->v[TL_CATATAN], hasil, x->path, r->line,
	    ad->env.run };
	if (reg_aduan_step_add(reg, &in, fatal) != 0) {
		rc = -1;
		goto out;
	}
	rc = 0;
	if (st->menutup) {
		struct steps all = { 0 };

		if (reg_aduan_close(reg, c.app_id, hasil, when, fatal) != 0 ||
		    reg_aduan_steps_each(reg, c.app_id, steps_cb, &all,
		    fatal) < 0) {
			steps_free(&all);
			rc = -1;
			goto out;
		}
		rc = close_docs(ad, x, &c, s, &all, hasil, &r->tanggal, fatal);
		steps_free(&all);
		if (rc < 0)
			goto out;
	}
	if (issue_row_end(ad->env.iss, rc == 1, fatal) != 0) {
		rc = -1;
		goto out;
	}
	if (rc == 0) {
		ad->c.steps++;
		ad->c.closed += st->menutup;
		logf_(ad, "%s line %ld: %s step %d recorded%s%s", x->path,
		    r->line, noreg, r->langkah, st->menutup ? ", closed: " :
		    "", st->menutup ? hasil : "");
	}
out:
	steps_free(&ss);
	return rc;
}

static void
reject(struct aduan *ad, const struct nerr *e, const char *noreg)
{
	if (ad->env.reject != NULL)
		ad->env.reject(ad->env.arg, e, noreg);
}

int
aduan_file(struct aduan *ad, const char *path, const char *name, int force,
    struct nerr *fatal)
{
	struct reg *reg = office_reg(ad->env.o);
	struct nerr e = { 0 };
	struct tl_row row;
	struct date fday;
	char key[600], sha[65], day[11];
	struct tl *t;
	long rows = 0;
	int rc;

	snprintf(key, sizeof(key), "tindak-lanjut/%s", name);
	snprintf(day, sizeof(day), "%.10s", name);
	if (date_parse(day, &fday) != 0) {
		nerr_set(&e, EX_DATAERR, path, 0, 0, "not a YYYY-MM-DD.csv "
		    "file name");
		reject(ad, &e, NULL);
		return 0;
	}
	if (fs_sha256(path, sha) != 0) {
		nerr_set(&e, EX_NOINPUT, path, 0, 0, "cannot read: %s",
		    strerror(errno));
		reject(ad, &e, NULL);
		return 0;
	}
	if (!force && reg_import_done(reg, key, sha)) {
		logf_(ad, "%s: already processed", key);
		return 0;
	}
	if ((t = tl_open(path, &e)) == NULL) {
		reject(ad, &e, NULL);
		return 0;
	}
	for (size_t i = 0; tl_warning(t, i) != NULL; i++)
		if (ad->env.warn != NULL)
			ad->env.warn(ad->env.arg, tl_warning(t, i));
	while ((rc = tl_next(t, &row, &e)) != 0) {
		struct rowctx x = { ad, &row, path, { 0 } };

		if (rc == -2) {
			reject(ad, &e, NULL);
			break;
		}
		ad->c.rows++;
		if (rc == -1) {
			reject(ad, &e, NULL);
			continue;
		}
		rows++;
		if ((rc = do_step(ad, &x, &fday, fatal)) < 0) {
			tl_close(t);
			return -1;
		}
		if (rc == 1)
			reject(ad, &x.e, row.v[TL_NO_REGISTER]);
		if (issue_staged(ad->env.iss) >= (size_t)ad->env.batch &&
		    issue_commit(ad->env.iss, fatal) != 0) {
			tl_close(t);
			return -1;
		}
	}
	tl_close(t);
	if (issue_begin(ad->env.iss, fatal) != 0 ||
	    reg_import_mark(reg, key, sha, rows, ad->env.run, fatal) != 0 ||
	    issue_commit(ad->env.iss, fatal) != 0) {
		if (fatal->status == 0)
			fatal->status = EX_CANTCREAT;
		return -1;
	}
	return 0;
}
