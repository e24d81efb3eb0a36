/* rdata.c -- the template data of `naskah report`: the summary, the
 * figures and the table columns into the report's dictionary, and the
 * rows, bars and list items a chunk at a time into its parts.  Numbers
 * come from totals.c; this file only formats them. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ddata.h"
#include "fmt.h"
#include "kantor.h"
#include "rdata.h"
#include "totals.h"
#include "tpl.h"
#include "xmem.h"

#define CHUNK	48	/* rows, bars or items per part */

struct rdata_parts {
	const struct rdata	*r;
	size_t			*order;	/* the desa of the part being filled */
	size_t			 n;	/* how many of them */
	size_t			 pos;	/* how far it has come */
};

/* "+1.250", "-Rp 3.000", "0". */
static void
change(const struct rdata *r, size_t i, char *buf, size_t sz)
{
	char n[64];
	uint64_t by;
	int sign = totals_change(r->t, i, &by);

	if (sign == 0) {
		snprintf(buf, sz, "0");
		return;
	}
	ddata_format(r->def->ind[i].kind, by, 1, n, sizeof(n));
	snprintf(buf, sz, "%c%s", sign > 0 ? '+' : '-', n);
}

static const char *
month_name(int y, int m, char *buf, size_t sz)
{
	snprintf(buf, sz, "%s %d", date_month_id(m), y);
	return buf;
}

/* The value of one table cell: figure x of desa d or TOTALS_SUM. */
static void
expr_cell(const struct rdata *r, const struct ddata_expr *x, size_t d,
    char *buf, size_t sz)
{
	uint64_t a, b;

	totals_figure(r->t, x, d, &a, &b);
	if (x->nden > 0)
		fmt_percent(a, b, buf, sz);
	else
		ddata_format(r->def->ind[x->num[0]].kind, a, d == TOTALS_SUM ||
		    r->unit != NULL, buf, sz);
}

/* The chart's figure: "85.37" for a percentage, else the whole number. */
static void
chart_text(const struct ddata_expr *x, uint64_t whole, unsigned hundredths,
    char *buf, size_t sz)
{
	if (x->nden)
		snprintf(buf, sz, "%ju.%02u", (uintmax_t)whole, hundredths);
	else
		snprintf(buf, sz, "%ju", (uintmax_t)whole);
}

/* The columns of table t, whose rows come as the parts "tabel-N". */
static void
fill_table(const struct rdata *r, struct tpl_dict *d, size_t ti)
{
	const struct ddata_table *t = &r->def->tab[ti];
	struct tpl_dict *td = tpl_section_add(d, "TABEL");
	float wsum = 0, w[64];
	char buf[128];
	size_t nc = t->ncol < 64 ? t->ncol : 64;

	tpl_set(td, "CAPTION", t->judul);
	snprintf(buf, sizeof(buf), "tabel-%zu", ti + 1);
	tpl_set(td, "SUMBER", buf);
	/* Money needs room; a percentage little. */
	for (size_t c = 0; c < nc; c++) {
		const struct ddata_expr *x = &t->col[c];
		w[c] = x->nden ? 0.8f : r->def->ind[x->num[0]].kind ==
		    DDATA_RUPIAH ? 1.7f : 1.0f;
		wsum += w[c];
	}
	const char *fixed[][3] = { { "5", "right", "No" },
	    { "15", "left", r->unit ? "Kode" : "Kode Desa" },
	    { "17", "left", r->unit ? r->unit : "Desa" } };
	for (size_t c = 0; c < 3; c++) {
		struct tpl_dict *cd = tpl_section_add(td, "COL");
		tpl_set(cd, "W", fixed[c][0]);
		tpl_set(cd, "AL", fixed[c][1]);
		tpl_set(cd, "H", fixed[c][2]);
	}
	for (size_t c = 0; c < nc; c++) {
		struct tpl_dict *cd = tpl_section_add(td, "COL");
		snprintf(buf, sizeof(buf), "%.2f", 63.0f * w[c] / wsum);
		tpl_set(cd, "W", buf);
		tpl_set(cd, "AL", "right");
		tpl_set(cd, "H", t->col[c].judul);
	}
}

static void
fill_chart(const struct rdata *r, struct tpl_dict *d)
{
	const struct ddata_expr *x = &r->def->chart;
	char buf[64], best[64] = "0";
	uint64_t whole;
	unsigned hundredths;

	tpl_set(d, "GRAFIK_JUDUL", x->judul);
	tpl_set(d, "GRAFIK_SATUAN", x->nden ? "%" :
	    r->def->ind[x->num[0]].satuan);
	if (totals_chart_max(r->t, x, &whole, &hundredths))
		chart_text(x, whole, hundredths, best, sizeof(best));
	tpl_set(d, "GRAFIK_MAX", best);
	snprintf(buf, sizeof(buf), "%zu", r->t->nok);
	tpl_set(d, "GRAFIK_N", buf);
}

void
rdata_fill(const struct rdata *r, struct tpl_dict *d)
{
	const struct kantor *k = r->k;
	const struct ddata_def *def = r->def;
	const struct totals *t = r->t;
	/* report.c made sure a camat was in post on the report's date. */
	const struct pejabat *cm = kantor_pejabat_on(k, "camat", &r->tgl,
	    NULL);
	char buf[512], n1[64], n2[64], bl[64], pbl[64];

	tpl_set(d, "KERTAS", k->paper == PAPER_F4 ? "F4" : "A4");
	tpl_set(d, "JUDUL", def->judul);
	month_name(r->y, r->m, bl, sizeof(bl));
	month_name(r->m == 1 ? r->y - 1 : r->y, r->m == 1 ? 12 : r->m - 1,
	    pbl, sizeof(pbl));
	tpl_set(d, "BULAN", bl);
	tpl_set(d, "BULAN_LALU", pbl);
	for (char *p = buf + snprintf(buf, sizeof(buf), "%s", bl) - 1;
	    p >= buf; p--)
		*p = (char)toupper((unsigned char)*p);
	tpl_set(d, "BULAN_BESAR", buf);
	tpl_set(d, "NOMOR", r->nomor);
	tpl_set(d, "KECAMATAN", k->kecamatan);
	if (r->revision > 1) {
		tpl_section_show(d, "REVISI");
		snprintf(buf, sizeof(buf), "%d", r->revision - 1);
		tpl_set(d, "REVISI_KE", buf);
		tpl_set(d, "REVISI_NOMOR", r->replaces);
	}
	snprintf(buf, sizeof(buf), "%zu", t->nd);
	tpl_set(d, "DESA_JUMLAH", buf);
	snprintf(buf, sizeof(buf), "%zu", t->nok);
	tpl_set(d, "DESA_MASUK", buf);
	snprintf(buf, sizeof(buf), "%zu", t->nmissing);
	tpl_set(d, "DESA_BELUM", buf);
	/* Desa of desa.csv only: a file of no desa is listed among the
	 * rejected, but is no desa of the kecamatan. */
	snprintf(buf, sizeof(buf), "%zu", t->nbad);
	tpl_set(d, "DESA_GAGAL", buf);
	if (t->nbad)
		tpl_section_show(d, "GAGAL_DESA");
	if (r->nbad > t->nbad) {
		tpl_section_show(d, "BERKAS_ASING");
		snprintf(buf, sizeof(buf), "%zu", r->nbad - t->nbad);
		tpl_set(d, "ASING_N", buf);
	}
	if (t->pdesa >= 0) {
		tpl_section_show(d, "LALU_ADA");
		snprintf(buf, sizeof(buf), "%ld", t->pdesa);
		tpl_set(d, "LALU_MASUK", buf);
		snprintf(buf, sizeof(buf), "%ld", t->ncommon);
		tpl_set(d, "DESA_SAMA", buf);
	} else
		tpl_section_show(d, "LALU_TIDAK");
	for (size_t i = 0; i < def->nind; i++) {
		const struct ddata_ind *in = &def->ind[i];
		struct tpl_dict *rd = tpl_section_add(d, "RINGKAS");

		tpl_set(rd, "LABEL", in->label);
		tpl_set(rd, "SATUAN", in->satuan);
		ddata_format(in->kind, t->sum[i], 1, n1, sizeof(n1));
		tpl_set(rd, "INI", n1);
		if (t->pdesa >= 0) {
			ddata_format(in->kind, t->psum[i], 1, n2, sizeof(n2));
			tpl_set(rd, "LALU", n2);
			change(r, i, buf, sizeof(buf));
			tpl_set(rd, "UBAH", buf);
		} else {
			tpl_set(rd, "LALU", "-");
			tpl_set(rd, "UBAH", "-");
		}
	}
	if (def->nratio)
		tpl_section_show(d, "ANGKA_ADA");
	for (size_t i = 0; i < def->nratio; i++) {
		const struct ddata_expr *x = &def->ratio[i];
		struct tpl_dict *rd = tpl_section_add(d, "ANGKA");
		uint64_t a, b;
		enum ddata_kind kind = def->ind[x->num[0]].kind;

		totals_figure(t, x, TOTALS_SUM, &a, &b);
		ddata_format(kind == DDATA_STATUS ? DDATA_COUNT : kind, a, 1,
		    n1, sizeof(n1));
		ddata_format(kind == DDATA_STATUS ? DDATA_COUNT : kind, b, 1,
		    n2, sizeof(n2));
		tpl_set(rd, "LABEL", x->judul);
		snprintf(buf, sizeof(buf), "%s dari %s", n1, n2);
		tpl_set(rd, "NILAI", buf);
		fmt_percent(a, b, buf, sizeof(buf));
		tpl_set(rd, "PERSEN", buf);
		if (t->pdesa >= 0) {
			totals_figure(t, x, TOTALS_PREV, &a, &b);
			fmt_percent(a, b, buf, sizeof(buf));
			tpl_set(rd, "LALU", buf);
		} else
			tpl_set(rd, "LALU", "-");
	}
	for (size_t ti = 0; ti < def->ntab; ti++)
		fill_table(r, d, ti);
	fill_chart(r, d);
	if (t->nmissing)
		tpl_section_show(d, "BELUM_ADA");
	else
		tpl_section_show(d, "BELUM_TIDAK");
	tpl_section_show(d, r->nbad ? "GAGAL_ADA" : "GAGAL_TIDAK");
	if (r->nnote)
		tpl_section_show(d, "KET_ADA");
	if (t->nwarn)
		tpl_section_show(d, "WAJAR_ADA");
	rdata_signature(d, k->kecamatan, &r->tgl, cm, def->paraf);
}

void
rdata_set_count(struct tpl_dict *d, const char *key, size_t v)
{
	char buf[32];

	fmt_thousands(v, buf, sizeof(buf));
	tpl_set(d, key, buf);
}

void
rdata_signature(struct tpl_dict *d, const char *place,
    const struct date *tgl, const struct pejabat *p, const char *paraf)
{
	char buf[512], n1[64];

	date_format_id(tgl, n1, sizeof(n1));
	snprintf(buf, sizeof(buf), "%s, %s", place, n1);
	tpl_set(d, "TEMPAT_TANGGAL", buf);
	tpl_set(d, "TTD_JABATAN", p ? p->sebutan : "");
	tpl_set(d, "TTD_NAMA", p ? p->nama : "");
	tpl_set(d, "TTD_PANGKAT", p ? p->pangkat : "");
	tpl_set(d, "TTD_NIP", p ? p->nip : "");
	if (p && p->plt && *p->plt) {
		tpl_section_show(d, "TTD_PLT");
		tpl_set(d, "TTD_PLT", p->plt);
	}
	tpl_set(d, "PARAF", paraf);
}

/* One table row of desa order[i] (or the total row, i == n). */
static void
part_row(const struct rdata_parts *p, struct tpl_dict *d,
    const struct ddata_table *t, size_t i)
{
	const struct rdata *r = p->r;
	struct tpl_dict *rd = tpl_section_add(d, "ROW");
	int total = i == p->n;
	size_t dd = total ? TOTALS_SUM : p->order[i];
	char buf[128];

	tpl_set(rd, "KIND", total ? "total" : "normal");
	if (total) {
		tpl_set(tpl_section_add(rd, "CELL"), "V", "");
		tpl_set(tpl_section_add(rd, "CELL"), "V", "");
		tpl_set(tpl_section_add(rd, "CELL"), "V", "JUMLAH");
	} else {
		const struct desa *ds = &r->k->desa[dd];

		snprintf(buf, sizeof(buf), "%zu", i + 1);
		tpl_set(tpl_section_add(rd, "CELL"), "V", buf);
		tpl_set(tpl_section_add(rd, "CELL"), "V", ds->kode);
		tpl_set(tpl_section_add(rd, "CELL"), "V", ds->nama);
	}
	for (size_t c = 0; c < t->ncol && c < 64; c++) {
		expr_cell(r, &t->col[c], dd, buf, sizeof(buf));
		tpl_set(tpl_section_add(rd, "CELL"), "V", buf);
	}
}

static void
part_warn(const struct rdata *r, struct tpl_dict *d, size_t i)
{
	const struct ddata_def *def = r->def;
	const struct totals_warn *w = &r->t->warn[i];
	const struct ddata_rule *ru = &def->rule[w->rule];
	const uint64_t *v = r->t->v + w->desa * def->nind;
	const struct desa *ds = &r->k->desa[w->desa];
	struct tpl_dict *wd = tpl_section_add(d, "WAJAR");
	char buf[512], n1[64], n2[64];

	snprintf(buf, sizeof(buf), "%zu", i + 1);
	tpl_set(wd, "NO", buf);
	snprintf(buf, sizeof(buf), "%s (%s)", ds->nama, ds->kode);
	tpl_set(wd, "NAMA", buf);
	ddata_format(def->ind[ru->small].kind, v[ru->small], 1, n1, sizeof(n1));
	ddata_format(def->ind[ru->big].kind, v[ru->big], 1, n2, sizeof(n2));
	snprintf(buf, sizeof(buf), "%s: %s; %s: %s", def->ind[ru->small].label,
	    n1, def->ind[ru->big].label, n2);
	tpl_set(wd, "NILAI", buf);
	tpl_set(wd, "PESAN", ru->pesan);
}

struct rdata_parts *
rdata_parts_new(const struct rdata *r)
{
	struct rdata_parts *p = xcalloc(1, sizeof(*p));

	p->r = r;
	p->order = xcalloc(r->t->nd + 1, sizeof(*p->order));
	return p;
}

void
rdata_parts_free(struct rdata_parts *p)
{
	if (p == NULL)
		return;
	free(p->order);
	free(p);
}

/* One part is read at a time, from its start to its end, so one cursor
 * serves them all. */
int
rdata_parts_fill(void *arg, const char *name, int first, struct tpl_dict *d,
    struct nerr *e)
{
	struct rdata_parts *p = arg;
	const struct rdata *r = p->r;
	const struct kantor *k = r->k;
	const struct totals *tt = r->t;
	const struct ddata_table *t = NULL;
	size_t n = 0;

	if (!strncmp(name, "tabel-", 6)) {
		char *end;
		size_t ti = strtoul(name + 6, &end, 10);

		if (*end != '\0' || ti < 1 || ti > r->def->ntab)
			goto unknown;
		t = &r->def->tab[ti - 1];
	}
	if (first) {
		p->pos = 0;
		if (t != NULL)
			p->n = totals_order(tt, t->rank >= 0 ?
			    &t->col[t->rank] : NULL, p->order);
		else if (!strcmp(name, "grafik"))
			p->n = totals_order(tt, &r->def->chart, p->order);
	}
	if (t != NULL) {
		/* The desa, then the JUMLAH row. */
		for (; p->pos <= p->n && n < CHUNK; p->pos++, n++)
			part_row(p, d, t, p->pos);
	} else if (!strcmp(name, "grafik")) {
		char buf[64];
		uint64_t whole;
		unsigned hundredths;

		for (; p->pos < p->n && n < CHUNK; p->pos++, n++) {
			struct tpl_dict *bd = tpl_section_add(d, "BAR");
			size_t dd = p->order[p->pos];

			totals_chart_value(tt, &r->def->chart, dd, &whole,
			    &hundredths);
			chart_text(&r->def->chart, whole, hundredths, buf,
			    sizeof(buf));
			tpl_set(bd, "L", k->desa[dd].nama);
			tpl_set(bd, "V", buf);
		}
	} else if (!strcmp(name, "belum")) {
		for (; p->pos < tt->nd && n < CHUNK; p->pos++)
			if (tt->state[p->pos] == TOTALS_MISSING) {
				struct tpl_dict *bd = tpl_section_add(d,
				    "BELUM");
				tpl_set(bd, "NAMA", k->desa[p->pos].nama);
				tpl_set(bd, "KODE", k->desa[p->pos].kode);
				n++;
			}
	} else if (!strcmp(name, "gagal")) {
		for (; p->pos < r->nbad && n < CHUNK; p->pos++, n++) {
			struct tpl_dict *gd = tpl_section_add(d, "GAGAL");
			tpl_set(gd, "NAMA", r->bad[p->pos].nama);
			tpl_set(gd, "ALASAN", r->bad[p->pos].alasan);
		}
	} else if (!strcmp(name, "ket")) {
		for (; p->pos < r->nnote && n < CHUNK; p->pos++, n++) {
			const struct rdata_note *nt = &r->note[p->pos];
			struct tpl_dict *nd = tpl_section_add(d, "KET");
			tpl_set(nd, "NAMA", k->desa[nt->desa].nama);
			tpl_set(nd, "INDIKATOR", r->def->ind[nt->ind].label);
			tpl_set(nd, "TEKS", nt->teks);
		}
	} else if (!strcmp(name, "wajar")) {
		for (; p->pos < tt->nwarn && n < CHUNK; p->pos++, n++)
			part_warn(r, d, p->pos);
	} else
		goto unknown;
	return n > 0;
unknown:
	nerr_set(e, EX_CONFIG, "surat/laporan_data.xml", 0, 0, "from=\"%s\" "
	    "names no part of a report", name);
	return -1;
}
