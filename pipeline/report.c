/* report.c -- `naskah report BAGIAN --month YYYY-MM`: one section's monthly
 * data-koordinasi report from the desa CSVs, numbered from the office's
 * book in the transaction that records its file and the month's desa data;
 * the same data again issues nothing, changed data issues a revision. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "date.h"
#include "ddata.h"
#include "doc.h"
#include "fmt.h"
#include "issue.h"
#include "office.h"
#include "run.h"
#include "sha256.h"
#include "xmem.h"

enum dstate { D_MISSING, D_OK, D_BAD };

/* A desa file's first error, for the face of the report. */
struct bad {
	char	*nama;		/* "Desa Pandean (35.03.13.2008)" or a file */
	char	*alasan;
};

struct note {
	size_t	 desa;
	int	 ind;
	char	*teks;
};

struct warnrow {
	size_t	 desa;
	size_t	 rule;
};

struct rep {
	const struct run_opts	*opt;
	struct office		*o;
	struct ddata_def	*def;
	int			 y, m, py, pm;	/* month and the one before */
	char			 bulan[8], pbulan[8];	/* YYYY-MM */
	struct date		 tgl;		/* the report's date */
	char			 secdir[4096];
	/* One entry per desa of desa.csv, in its order. */
	size_t			 nd;
	unsigned char		*state;
	uint64_t		*v;		/* nd * nind, row-major */
	size_t			 nok, nmissing;
	struct bad		*bad;
	size_t			 nbad;
	struct note		*note;
	size_t			 nnote;
	struct warnrow		*warn;
	size_t			 nwarn;
	uint64_t		*sum, *psum;	/* totals, previous month's */
	long			 pdesa;		/* desa in psum; -1 none */
	/* The previous month desa by desa, and the totals of this month and
	 * the last over the desa counted in both: a change is only honest
	 * between the same desa. */
	unsigned char		*pstate;
	uint64_t		*pv, *csum, *cpsum;
	long			 ncommon;
	char			 sha[65];
	/* Rendering: the desa in the order of the part being filled, and
	 * how far it has come. */
	size_t			*order;
	size_t			 pos;
};

static void
say(const struct rep *r, const char *fmt, const char *a, long line,
    const char *msg)
{
	if (r->opt->quiet)
		return;
	if (line > 0)
		fprintf(stderr, fmt, a, line, msg);
	else
		fprintf(stderr, fmt, a, msg);
}

static void
add_bad(struct rep *r, const char *nama, const char *alasan)
{
	r->bad = xrealloc(r->bad, (r->nbad + 1) * sizeof(*r->bad));
	r->bad[r->nbad].nama = xstrdup(nama);
	r->bad[r->nbad].alasan = xstrdup(alasan);
	r->nbad++;
}

/* Every problem of a file on stderr as path:line: msg. */
static void
print_issues(const struct rep *r, const char *path,
    const struct ddata_file *f)
{
	size_t n = f->nerr < DDATA_MAXISSUE ? f->nerr : DDATA_MAXISSUE;

	for (size_t i = 0; i < n; i++)
		if (f->err[i].line > 0)
			say(r, "naskah: %s:%ld: %s\n", path, f->err[i].line,
			    f->err[i].msg);
		else
			say(r, "naskah: %s: %s\n", path, 0, f->err[i].msg);
	if (f->nerr > n && !r->opt->quiet)
		fprintf(stderr, "naskah: %s: %zu more errors\n", path,
		    f->nerr - n);
	n = f->nwarn < DDATA_MAXISSUE ? f->nwarn : DDATA_MAXISSUE;
	for (size_t i = 0; i < n; i++)
		say(r, "naskah: %s:%ld: warning: %s\n", path, f->warn[i].line,
		    f->warn[i].msg);
}

static void
hash_str(struct sha256_ctx *c, const char *s)
{
	sha256_update(c, s, strlen(s));
	sha256_update(c, "\n", 1);
}

/* The month's files, desa by desa in desa.csv's order, into r; the data's
 * fingerprint in r->sha.  What "the same data" means is exactly what this
 * hashes: every desa's state, values and keterangan, and every error. */
static int
read_month(struct rep *r, struct nerr *e)
{
	const struct kantor *k = r->o->k;
	const struct ddata_def *def = r->def;
	struct sha256_ctx c;
	char path[4096], buf[512];
	DIR *dir;
	struct dirent *de;

	r->nd = k->ndesa;
	r->state = xrealloc(NULL, r->nd);
	r->order = xrealloc(NULL, (r->nd + 1) * sizeof(*r->order));
	r->v = xrealloc(NULL, r->nd * def->nind * sizeof(*r->v));
	memset(r->v, 0, r->nd * def->nind * sizeof(*r->v));
	r->sum = xrealloc(NULL, def->nind * sizeof(*r->sum));
	memset(r->sum, 0, def->nind * sizeof(*r->sum));
	sha256_init(&c);
	hash_str(&c, def->bagian);
	hash_str(&c, r->bulan);
	for (size_t d = 0; d < r->nd; d++) {
		const struct desa *ds = &k->desa[d];
		struct ddata_file f;
		uint64_t *v = r->v + d * def->nind;
		int rc;

		snprintf(path, sizeof(path), "%s/%s.csv", r->secdir, ds->kode);
		snprintf(buf, sizeof(buf), "desa %s %s", ds->kode, ds->nama);
		hash_str(&c, buf);
		if (access(path, F_OK) != 0) {
			r->state[d] = D_MISSING;
			r->nmissing++;
			hash_str(&c, "missing");
			continue;
		}
		if ((rc = ddata_read_file(def, path, &f, e)) < 0)
			return -1;
		print_issues(r, path, &f);
		if (rc == 1) {
			r->state[d] = D_BAD;
			snprintf(buf, sizeof(buf), "%s %s (%s)", ds->kelurahan ?
			    "Kelurahan" : "Desa", ds->nama, ds->kode);
			add_bad(r, buf, f.err[0].teks);
			for (size_t i = 0; i < f.nerr && i < DDATA_MAXISSUE; i++)
				hash_str(&c, f.err[i].msg);
			ddata_file_clear(&f);
			continue;
		}
		r->state[d] = D_OK;
		r->nok++;
		for (size_t i = 0; i < def->nind; i++) {
			v[i] = f.v[i];
			snprintf(buf, sizeof(buf), "%s=%ju", def->ind[i].kode,
			    (uintmax_t)v[i]);
			hash_str(&c, buf);
			r->sum[i] = r->sum[i] > UINT64_MAX - v[i] ? UINT64_MAX :
			    r->sum[i] + v[i];
			if (f.ket[i] != NULL) {
				hash_str(&c, f.ket[i]);
				r->note = xrealloc(r->note, (r->nnote + 1) *
				    sizeof(*r->note));
				r->note[r->nnote].desa = d;
				r->note[r->nnote].ind = (int)i;
				r->note[r->nnote].teks = f.ket[i];
				f.ket[i] = NULL;	/* now r's */
				r->nnote++;
			}
		}
		for (size_t q = 0; q < def->nrule; q++)
			if (ddata_rule_broken(def, q, v)) {
				const struct ddata_rule *ru = &def->rule[q];

				if (!r->opt->quiet)
					fprintf(stderr, "naskah: %s: warning: "
					    "%s %ju > %s %ju (%s)\n", path,
					    def->ind[ru->small].kode,
					    (uintmax_t)v[ru->small],
					    def->ind[ru->big].kode,
					    (uintmax_t)v[ru->big], ru->pesan);
				r->warn = xrealloc(r->warn, (r->nwarn + 1) *
				    sizeof(*r->warn));
				r->warn[r->nwarn].desa = d;
				r->warn[r->nwarn].rule = q;
				r->nwarn++;
			}
		ddata_file_clear(&f);
	}
	/* A file that is no desa of desa.csv is an error too: its data would
	 * otherwise vanish without anyone noticing. */
	if ((dir = opendir(r->secdir)) != NULL) {
		char **odd = NULL;
		size_t nodd = 0;

		while ((de = readdir(dir)) != NULL) {
			size_t n = strlen(de->d_name), d;

			if (de->d_name[0] == '.' || n < 5 ||
			    strcmp(de->d_name + n - 4, ".csv") != 0)
				continue;
			for (d = 0; d < r->nd; d++)
				if (strlen(k->desa[d].kode) == n - 4 &&
				    !strncmp(k->desa[d].kode, de->d_name, n - 4))
					break;
			if (d == r->nd) {
				odd = xrealloc(odd, (nodd + 1) * sizeof(*odd));
				odd[nodd++] = xstrdup(de->d_name);
			}
		}
		closedir(dir);
		/* Sorted: the report must not depend on directory order. */
		for (size_t i = 1; i < nodd; i++)
			for (size_t j = i; j > 0 &&
			    strcmp(odd[j - 1], odd[j]) > 0; j--) {
				char *t = odd[j];
				odd[j] = odd[j - 1];
				odd[j - 1] = t;
			}
		for (size_t i = 0; i < nodd; i++) {
			char safe[128];
			size_t j = 0;

			for (const char *p = odd[i]; *p && j + 1 < sizeof(safe);
			    p++)
				safe[j++] = *p >= 0x20 && *p < 0x7f ? *p : '?';
			safe[j] = '\0';
			if (!r->opt->quiet)
				fprintf(stderr, "naskah: %s/%s: not the code "
				    "of a desa in desa.csv; file left out\n",
				    r->secdir, safe);
			snprintf(buf, sizeof(buf), "Berkas %s", safe);
			add_bad(r, buf, "nama berkas bukan kode desa dalam "
			    "daftar desa kecamatan");
			hash_str(&c, buf);
			free(odd[i]);
		}
		free(odd);
	}
	sha256_final_hex(&c, r->sha);
	return 0;
}

/* SQLite errors of the report's own queries, mapped like the register's
 * (a full disk is 73, a lock 75), not all as internal errors. */
static int
db_fail(struct rep *r, struct nerr *e, const char *what)
{
	reg_last_error(r->o->reg, what, e);
	return -1;
}

/* Stores the valid desa's values of month bulan (replacing what was
 * there); values v is nd * nind with state. */
static int
store_month(struct rep *r, const char *bulan, const unsigned char *state,
    const uint64_t *v, struct nerr *e)
{
	sqlite3 *db = reg_db(r->o->reg);
	sqlite3_stmt *del = NULL, *ins = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(db, "DELETE FROM desa_data WHERE bulan = ? "
	    "AND bagian = ?", -1, &del, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO desa_data(bulan, bagian, "
	    "kode_desa, indikator, nilai, keterangan) VALUES (?,?,?,?,?,?)",
	    -1, &ins, NULL) != SQLITE_OK) {
		db_fail(r, e, "prepare");
		goto out;
	}
	sqlite3_bind_text(del, 1, bulan, -1, SQLITE_STATIC);
	sqlite3_bind_text(del, 2, r->def->bagian, -1, SQLITE_STATIC);
	if (sqlite3_step(del) != SQLITE_DONE) {
		db_fail(r, e, "desa data");
		goto out;
	}
	for (size_t d = 0; d < r->nd; d++) {
		if (state[d] != D_OK)
			continue;
		for (size_t i = 0; i < r->def->nind; i++) {
			const char *ket = NULL;

			/* Notes belong to this month's reading only. */
			if (v == r->v)
				for (size_t q = 0; q < r->nnote; q++)
					if (r->note[q].desa == d &&
					    r->note[q].ind == (int)i)
						ket = r->note[q].teks;
			sqlite3_reset(ins);
			sqlite3_bind_text(ins, 1, bulan, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 2, r->def->bagian, -1,
			    SQLITE_STATIC);
			sqlite3_bind_text(ins, 3, r->o->k->desa[d].kode, -1,
			    SQLITE_STATIC);
			sqlite3_bind_text(ins, 4, r->def->ind[i].kode, -1,
			    SQLITE_STATIC);
			sqlite3_bind_int64(ins, 5,
			    (sqlite3_int64)v[d * r->def->nind + i]);
			if (ket)
				sqlite3_bind_text(ins, 6, ket, -1,
				    SQLITE_STATIC);
			else
				sqlite3_bind_null(ins, 6);
			if (sqlite3_step(ins) != SQLITE_DONE) {
				db_fail(r, e, "desa data");
				goto out;
			}
		}
	}
	rc = 0;
out:
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	return rc;
}

static size_t
desa_index(const struct rep *r, const char *kode, size_t hint)
{
	/* Rows come desa by desa in code order, usually desa.csv's. */
	for (size_t d = hint; d < hint + 2 && d < r->nd; d++)
		if (!strcmp(r->o->k->desa[d].kode, kode))
			return d;
	for (size_t d = 0; d < r->nd; d++)
		if (!strcmp(r->o->k->desa[d].kode, kode))
			return d;
	return r->nd;
}

/* The previous month desa by desa: from the register if a report stored
 * it, else from that month's CSVs when present (then stored too, so the
 * register has it next time).  r->pdesa -1 when neither exists. */
static int
previous_month(struct rep *r, struct nerr *e)
{
	const struct ddata_def *def = r->def;
	const size_t ni = def->nind;
	sqlite3 *db = reg_db(r->o->reg);
	sqlite3_stmt *st;
	char dir[4096], path[4096];
	struct stat sb;
	size_t hint = 0;
	int found = 0;

	r->psum = xrealloc(NULL, ni * sizeof(*r->psum));
	r->csum = xrealloc(NULL, ni * sizeof(*r->csum));
	r->cpsum = xrealloc(NULL, ni * sizeof(*r->cpsum));
	r->pv = xrealloc(NULL, r->nd * ni * sizeof(*r->pv));
	r->pstate = xrealloc(NULL, r->nd);
	memset(r->psum, 0, ni * sizeof(*r->psum));
	memset(r->csum, 0, ni * sizeof(*r->csum));
	memset(r->cpsum, 0, ni * sizeof(*r->cpsum));
	memset(r->pv, 0, r->nd * ni * sizeof(*r->pv));
	memset(r->pstate, D_MISSING, r->nd);
	r->pdesa = -1;
	if (sqlite3_prepare_v2(db, "SELECT kode_desa, indikator, nilai FROM "
	    "desa_data WHERE bulan = ? AND bagian = ? ORDER BY kode_desa", -1,
	    &st, NULL) != SQLITE_OK)
		return db_fail(r, e, "prepare");
	sqlite3_bind_text(st, 1, r->pbulan, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, def->bagian, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		size_t d = desa_index(r, (const char *)sqlite3_column_text(st,
		    0), hint);
		int i = ddata_ind_find(def,
		    (const char *)sqlite3_column_text(st, 1));
		sqlite3_int64 v = sqlite3_column_int64(st, 2);

		found = 1;
		/* A desa since removed from desa.csv, or an indicator
		 * since dropped from the definition, no longer counts. */
		if (d == r->nd || i < 0)
			continue;
		hint = d;
		r->pstate[d] = D_OK;
		r->pv[d * ni + (size_t)i] = v > 0 ? (uint64_t)v : 0;
	}
	sqlite3_finalize(st);
	if (!found) {
		snprintf(dir, sizeof(dir), "%s/desa/%s/%s", r->o->indir,
		    r->pbulan, def->bagian);
		if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
			return 0;
		for (size_t d = 0; d < r->nd; d++) {
			struct ddata_file f;
			int rc;

			snprintf(path, sizeof(path), "%s/%s.csv", dir,
			    r->o->k->desa[d].kode);
			if (access(path, F_OK) != 0)
				continue;
			if ((rc = ddata_read_file(def, path, &f, e)) < 0)
				return -1;
			/* Last month's errors were that month's report's
			 * business; its good files still compare. */
			if (rc == 0) {
				r->pstate[d] = D_OK;
				memcpy(r->pv + d * ni, f.v, ni * sizeof(*f.v));
				found = 1;
			}
			ddata_file_clear(&f);
		}
		if (found && store_month(r, r->pbulan, r->pstate, r->pv, e))
			return -1;
	}
	if (!found)
		return 0;
	r->pdesa = 0;
	r->ncommon = 0;
	for (size_t d = 0; d < r->nd; d++) {
		if (r->pstate[d] != D_OK)
			continue;
		r->pdesa++;
		int both = r->state[d] == D_OK;
		r->ncommon += both;
		for (size_t i = 0; i < ni; i++) {
			r->psum[i] += r->pv[d * ni + i];
			if (both) {
				r->cpsum[i] += r->pv[d * ni + i];
				r->csum[i] += r->v[d * ni + i];
			}
		}
	}
	return 0;
}

/* "+1.250", "-Rp 3.000", "0". */
static void
change(enum ddata_kind k, uint64_t now, uint64_t before, char *buf, size_t sz)
{
	char n[64];

	if (now == before) {
		snprintf(buf, sz, "0");
		return;
	}
	ddata_format(k, now > before ? now - before : before - now, 1, n,
	    sizeof(n));
	snprintf(buf, sz, "%c%s", now > before ? '+' : '-', n);
}

static const char *
month_name(int y, int m, char *buf, size_t sz)
{
	snprintf(buf, sz, "%s %d", date_month_id(m), y);
	return buf;
}

/* The value of one table cell (or of the chart) for values v. */
static void
expr_cell(const struct rep *r, const struct ddata_expr *x, const uint64_t *v,
    int total, char *buf, size_t sz)
{
	uint64_t a, b;

	ddata_expr_eval(x, v, &a, &b);
	if (x->nden > 0)
		fmt_percent(a, b, buf, sz);
	else
		ddata_format(r->def->ind[x->num[0]].kind, a, total, buf, sz);
}

static const struct rep *sort_rep;
static const struct ddata_expr *sort_x;

/* Descending by the ranked figure; desa.csv order among equals. */
static int
cmp_rank(const void *pa, const void *pb)
{
	size_t da = *(const size_t *)pa, db = *(const size_t *)pb;
	size_t ni = sort_rep->def->nind;
	uint64_t a, b, c, d;
	int k;

	ddata_expr_eval(sort_x, sort_rep->v + da * ni, &a, &b);
	ddata_expr_eval(sort_x, sort_rep->v + db * ni, &c, &d);
	if (sort_x->nden > 0)
		k = ddata_ratio_cmp(c, d, a, b);
	else
		k = (c > a) - (c < a);
	return k ? k : (da > db) - (da < db);
}

/* The columns of table t, whose rows come as the parts "tabel-N". */
static void
fill_table(struct rep *r, struct tpl_dict *d, size_t ti)
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
	    { "15", "left", "Kode Desa" }, { "17", "left", "Desa" } };
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

/* r->order: the valid desa in desa.csv order, or ranked by x. */
static void
order_desa(struct rep *r, const struct ddata_expr *x)
{
	size_t j = 0;

	for (size_t d = 0; d < r->nd; d++)
		if (r->state[d] == D_OK)
			r->order[j++] = d;
	if (x != NULL && r->nok > 1) {
		sort_rep = r;
		sort_x = x;
		qsort(r->order, r->nok, sizeof(*r->order), cmp_rank);
	}
}

/* The chart's figure for values v: "85.37" for a percentage (two
 * decimals, rounded half up, in integers), else the whole number. */
static void
chart_value(const struct ddata_expr *x, const uint64_t *v, char *buf,
    size_t sz)
{
	uint64_t a, b;

	ddata_expr_eval(x, v, &a, &b);
	if (x->nden) {
		unsigned __int128 q = b ? ((unsigned __int128)a * 10000 +
		    b / 2) / b : 0;
		snprintf(buf, sz, "%ju.%02ju", (uintmax_t)(q / 100),
		    (uintmax_t)(q % 100));
	} else
		snprintf(buf, sz, "%ju", (uintmax_t)a);
}

static void
fill_chart(struct rep *r, struct tpl_dict *d)
{
	const struct ddata_expr *x = &r->def->chart;
	const size_t ni = r->def->nind;
	char buf[64], best[64] = "0";

	tpl_set(d, "GRAFIK_JUDUL", x->judul);
	tpl_set(d, "GRAFIK_SATUAN", x->nden ? "%" :
	    r->def->ind[x->num[0]].satuan);
	/* The scale is the largest bar: the first in the chart's ranking,
	 * found in one pass (the bars are sorted when they are filled). */
	size_t top = r->nd;

	sort_rep = r;
	sort_x = x;
	for (size_t d = 0; d < r->nd; d++)
		if (r->state[d] == D_OK && (top == r->nd ||
		    cmp_rank(&d, &top) < 0))
			top = d;
	if (top < r->nd)
		chart_value(x, r->v + top * ni, best, sizeof(best));
	tpl_set(d, "GRAFIK_MAX", best);
	snprintf(buf, sizeof(buf), "%zu", r->nok);
	tpl_set(d, "GRAFIK_N", buf);
}

#define CHUNK	48	/* rows, bars or items per part */

/* One table row of desa order[i] (or the total row, i == nok). */
static void
part_row(struct rep *r, struct tpl_dict *d, const struct ddata_table *t,
    size_t i)
{
	struct tpl_dict *rd = tpl_section_add(d, "ROW");
	const size_t ni = r->def->nind;
	int total = i == r->nok;
	const uint64_t *v = total ? r->sum : r->v + r->order[i] * ni;
	char buf[128];

	tpl_set(rd, "KIND", total ? "total" : "normal");
	if (total) {
		tpl_set(tpl_section_add(rd, "CELL"), "V", "");
		tpl_set(tpl_section_add(rd, "CELL"), "V", "");
		tpl_set(tpl_section_add(rd, "CELL"), "V", "JUMLAH");
	} else {
		const struct desa *ds = &r->o->k->desa[r->order[i]];

		snprintf(buf, sizeof(buf), "%zu", i + 1);
		tpl_set(tpl_section_add(rd, "CELL"), "V", buf);
		tpl_set(tpl_section_add(rd, "CELL"), "V", ds->kode);
		tpl_set(tpl_section_add(rd, "CELL"), "V", ds->nama);
	}
	for (size_t c = 0; c < t->ncol && c < 64; c++) {
		expr_cell(r, &t->col[c], v, total, buf, sizeof(buf));
		tpl_set(tpl_section_add(rd, "CELL"), "V", buf);
	}
}

static void
part_warn(struct rep *r, struct tpl_dict *d, size_t i)
{
	const struct kantor *k = r->o->k;
	const struct ddata_def *def = r->def;
	const struct ddata_rule *ru = &def->rule[r->warn[i].rule];
	const uint64_t *v = r->v + r->warn[i].desa * def->nind;
	const struct desa *ds = &k->desa[r->warn[i].desa];
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

/* office_parts.fill: the next chunk of the part the layout asks for.
 * One part is read at a time, from its start to its end, so one cursor
 * serves them all. */
static int
fill_part(void *arg, const char *name, int first, struct tpl_dict *d,
    struct nerr *e)
{
	struct rep *r = arg;
	const struct kantor *k = r->o->k;
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
		r->pos = 0;
		if (t != NULL)
			order_desa(r, t->rank >= 0 ? &t->col[t->rank] : NULL);
		else if (!strcmp(name, "grafik"))
			order_desa(r, &r->def->chart);
	}
	if (t != NULL) {
		/* The desa, then the JUMLAH row. */
		for (; r->pos <= r->nok && n < CHUNK; r->pos++, n++)
			part_row(r, d, t, r->pos);
	} else if (!strcmp(name, "grafik")) {
		char buf[64];

		for (; r->pos < r->nok && n < CHUNK; r->pos++, n++) {
			struct tpl_dict *bd = tpl_section_add(d, "BAR");
			size_t dd = r->order[r->pos];

			chart_value(&r->def->chart, r->v + dd * r->def->nind,
			    buf, sizeof(buf));
			tpl_set(bd, "L", k->desa[dd].nama);
			tpl_set(bd, "V", buf);
		}
	} else if (!strcmp(name, "belum")) {
		for (; r->pos < r->nd && n < CHUNK; r->pos++)
			if (r->state[r->pos] == D_MISSING) {
				struct tpl_dict *bd = tpl_section_add(d,
				    "BELUM");
				tpl_set(bd, "NAMA", k->desa[r->pos].nama);
				tpl_set(bd, "KODE", k->desa[r->pos].kode);
				n++;
			}
	} else if (!strcmp(name, "gagal")) {
		for (; r->pos < r->nbad && n < CHUNK; r->pos++, n++) {
			struct tpl_dict *gd = tpl_section_add(d, "GAGAL");
			tpl_set(gd, "NAMA", r->bad[r->pos].nama);
			tpl_set(gd, "ALASAN", r->bad[r->pos].alasan);
		}
	} else if (!strcmp(name, "ket")) {
		for (; r->pos < r->nnote && n < CHUNK; r->pos++, n++) {
			const struct note *nt = &r->note[r->pos];
			struct tpl_dict *nd = tpl_section_add(d, "KET");
			tpl_set(nd, "NAMA", k->desa[nt->desa].nama);
			tpl_set(nd, "INDIKATOR", r->def->ind[nt->ind].label);
			tpl_set(nd, "TEKS", nt->teks);
		}
	} else if (!strcmp(name, "wajar")) {
		for (; r->pos < r->nwarn && n < CHUNK; r->pos++, n++)
			part_warn(r, d, r->pos);
	} else
		goto unknown;
	return n > 0;
unknown:
	nerr_set(e, EX_CONFIG, "surat/laporan_data.xml", 0, 0, "from=\"%s\" "
	    "names no part of a report", name);
	return -1;
}

static void
fill(struct rep *r, struct tpl_dict *d, const char *nomor, int revision,
    const char *replaces)
{
	const struct kantor *k = r->o->k;
	const struct ddata_def *def = r->def;
	const struct pejabat *cm = &k->pj[PJ_CAMAT];
	char buf[512], n1[64], n2[64], bl[64], pbl[64];

	tpl_set(d, "KERTAS", k->paper == PAPER_F4 ? "F4" : "A4");
	tpl_set(d, "JUDUL", def->judul);
	month_name(r->y, r->m, bl, sizeof(bl));
	month_name(r->py, r->pm, pbl, sizeof(pbl));
	tpl_set(d, "BULAN", bl);
	tpl_set(d, "BULAN_LALU", pbl);
	for (char *p = buf + snprintf(buf, sizeof(buf), "%s", bl) - 1;
	    p >= buf; p--)
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
	snprintf(buf, sizeof(buf), "%zu", r->nd);
	tpl_set(d, "DESA_JUMLAH", buf);
	snprintf(buf, sizeof(buf), "%zu", r->nok);
	tpl_set(d, "DESA_MASUK", buf);
	snprintf(buf, sizeof(buf), "%zu", r->nmissing);
	tpl_set(d, "DESA_BELUM", buf);
	snprintf(buf, sizeof(buf), "%zu", r->nbad);
	tpl_set(d, "DESA_GAGAL", buf);
	if (r->pdesa >= 0) {
		tpl_section_show(d, "LALU_ADA");
		snprintf(buf, sizeof(buf), "%ld", r->pdesa);
		tpl_set(d, "LALU_MASUK", buf);
		snprintf(buf, sizeof(buf), "%ld", r->ncommon);
		tpl_set(d, "DESA_SAMA", buf);
	} else
		tpl_section_show(d, "LALU_TIDAK");
	for (size_t i = 0; i < def->nind; i++) {
		const struct ddata_ind *in = &def->ind[i];
		struct tpl_dict *rd = tpl_section_add(d, "RINGKAS");

		tpl_set(rd, "LABEL", in->label);
		tpl_set(rd, "SATUAN", in->satuan);
		ddata_format(in->kind, r->sum[i], 1, n1, sizeof(n1));
		tpl_set(rd, "INI", n1);
		if (r->pdesa >= 0) {
			ddata_format(in->kind, r->psum[i], 1, n2, sizeof(n2));
			tpl_set(rd, "LALU", n2);
			change(in->kind, r->csum[i], r->cpsum[i], buf,
			    sizeof(buf));
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

		ddata_expr_eval(x, r->sum, &a, &b);
		ddata_format(kind == DDATA_STATUS ? DDATA_COUNT : kind, a, 1,
		    n1, sizeof(n1));
		ddata_format(kind == DDATA_STATUS ? DDATA_COUNT : kind, b, 1,
		    n2, sizeof(n2));
		tpl_set(rd, "LABEL", x->judul);
		snprintf(buf, sizeof(buf), "%s dari %s", n1, n2);
		tpl_set(rd, "NILAI", buf);
		fmt_percent(a, b, buf, sizeof(buf));
		tpl_set(rd, "PERSEN", buf);
		if (r->pdesa >= 0) {
			ddata_expr_eval(x, r->psum, &a, &b);
			fmt_percent(a, b, buf, sizeof(buf));
			tpl_set(rd, "LALU", buf);
		} else
			tpl_set(rd, "LALU", "-");
	}
	for (size_t t = 0; t < def->ntab; t++)
		fill_table(r, d, t);
	fill_chart(r, d);
	if (r->nmissing)
		tpl_section_show(d, "BELUM_ADA");
	else
		tpl_section_show(d, "BELUM_TIDAK");
	tpl_section_show(d, r->nbad ? "GAGAL_ADA" : "GAGAL_TIDAK");
	if (r->nnote)
		tpl_section_show(d, "KET_ADA");
	if (r->nwarn)
		tpl_section_show(d, "WAJAR_ADA");
	date_format_id(&r->tgl, n1, sizeof(n1));
	snprintf(buf, sizeof(buf), "%s, %s", k->kecamatan, n1);
	tpl_set(d, "TEMPAT_TANGGAL", buf);
	tpl_set(d, "TTD_JABATAN", cm->sebutan);
	tpl_set(d, "TTD_NAMA", cm->nama);
	tpl_set(d, "TTD_PANGKAT", cm->pangkat);
	tpl_set(d, "TTD_NIP", cm->nip);
	if (cm->plt && *cm->plt) {
		tpl_section_show(d, "TTD_PLT");
		tpl_set(d, "TTD_PLT", cm->plt);
	}
	tpl_set(d, "PARAF", def->paraf);
}

/* The latest report of the month: revision (0 if none), its data's
 * fingerprint, number and file. */
static int
latest(struct rep *r, int *rev, char sha[65], char *nomor, size_t nsz,
    char *path, size_t psz, struct nerr *e)
{
	sqlite3 *db = reg_db(r->o->reg);
	sqlite3_stmt *st;

	*rev = 0;
	if (sqlite3_prepare_v2(db, "SELECT r.revision, r.data_sha256, "
	    "COALESCE(r.nomor, ''), COALESCE(d.path, '') FROM reports r "
	    "LEFT JOIN documents d ON d.id = r.document_id WHERE r.bulan = ? "
	    "AND r.bagian = ? ORDER BY r.revision DESC LIMIT 1", -1, &st,
	    NULL) != SQLITE_OK)
		return db_fail(r, e, "prepare");
	sqlite3_bind_text(st, 1, r->bulan, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->def->bagian, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*rev = sqlite3_column_int(st, 0);
		snprintf(sha, 65, "%s", sqlite3_column_text(st, 1));
		snprintf(nomor, nsz, "%s", sqlite3_column_text(st, 2));
		snprintf(path, psz, "%s", sqlite3_column_text(st, 3));
	}
	sqlite3_finalize(st);
	return 0;
}

static int
record_report(struct rep *r, int rev, const char *nomor, const char *replaces,
    const char *rel, struct nerr *e)
{
	sqlite3 *db = reg_db(r->o->reg);
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, "INSERT INTO reports(bulan, bagian, "
	    "revision, data_sha256, nomor, replaces, document_id) VALUES "
	    "(?, ?, ?, ?, ?, ?, (SELECT id FROM documents WHERE path = ?))",
	    -1, &st, NULL) != SQLITE_OK)
		return db_fail(r, e, "prepare");
	sqlite3_bind_text(st, 1, r->bulan, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->def->bagian, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, rev);
	sqlite3_bind_text(st, 4, r->sha, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, nomor, -1, SQLITE_STATIC);
	if (replaces && *replaces)
		sqlite3_bind_text(st, 6, replaces, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 6);
	sqlite3_bind_text(st, 7, rel, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(r, e,
	    "record report");
	sqlite3_finalize(st);
	return rc;
}

/* Numbers, renders, stages and commits the report in one transaction
 * with the month's desa data.  Fills rel and nomor. */
static int
issue(struct rep *r, int rev, const char *replaces, char *rel, size_t rsz,
    char *nomor, size_t nsz, struct nerr *e)
{
	struct issue *is = issue_new(r->o);
	struct tpl_dict *d = NULL;
	struct reg_num num;
	char iso[16], title[512];

	if (issue_begin(is, e) != 0) {
		issue_free(is);
		return -1;
	}
	if (previous_month(r, e) != 0 ||
	    store_month(r, r->bulan, r->state, r->v, e) != 0 ||
	    issue_number(is, REG_BOOK_KELUAR, "laporan", r->def->klasifikasi,
	    r->tgl.y, r->tgl.m, &num, nomor, nsz, e) != 0)
		goto fail;
	d = tpl_dict_new();
	fill(r, d, nomor, rev, replaces);
	snprintf(title, sizeof(title), "%s Bulan %s %d", r->def->judul,
	    date_month_id(r->m), r->y);
	struct pdf_info info = { title, r->def->judul, nomor, r->tgl.y,
	    r->tgl.m, r->tgl.d };
	struct office_parts parts = { "surat/laporan_data_isi.xml", fill_part,
	    r };
	if (office_render(r->o, "surat/laporan_data.xml", d, &parts, &info,
	    e) != 0)
		goto fail;
	tpl_dict_free(d);
	d = NULL;
	date_iso(&r->tgl, iso, sizeof(iso));
	snprintf(rel, rsz, "laporan/%04d/%s_%s_r%d_%05ld.pdf", r->tgl.y,
	    r->bulan, r->def->bagian, rev, num.urut);
	char ref[64];
	snprintf(ref, sizeof(ref), "%s/%s/r%d", r->bulan, r->def->bagian, rev);
	struct reg_doc doc = { .kind = "laporan", .created = iso,
	    .num = num, .ref = ref };
	if (issue_stage(is, rel, &doc, e) != 0 ||
	    record_report(r, rev, nomor, replaces, rel, e) != 0)
		goto fail;
	if (issue_commit(is, e) != 0) {
		issue_free(is);
		return -1;
	}
	issue_free(is);
	return 0;
fail:
	tpl_dict_free(d);
	issue_abort(is);
	issue_free(is);
	return -1;
}

static void
rep_free(struct rep *r)
{
	for (size_t i = 0; i < r->nbad; i++) {
		free(r->bad[i].nama);
		free(r->bad[i].alasan);
	}
	for (size_t i = 0; i < r->nnote; i++)
		free(r->note[i].teks);
	free(r->bad); free(r->note); free(r->warn); free(r->state);
	free(r->v); free(r->sum); free(r->psum); free(r->pv); free(r->pstate);
	free(r->csum); free(r->cpsum); free(r->order);
	ddata_def_free(r->def);
	office_close(r->o);
}

static int
valid_bagian(const char *s)
{
	size_t n = strlen(s);

	if (n < 2 || n > 20)
		return 0;
	for (; *s; s++)
		if (*s < 'a' || *s > 'z')
			return 0;
	return 1;
}

static int
is_dir(const char *p)
{
	struct stat sb;

	return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

int
run_report(const struct run_opts *opt)
{
	struct rep r = { 0 };
	struct nerr e = { 0 };
	struct doc_schema *schema;
	char path[4096], nomor[256], rel[1024], oldsha[65] = "";
	char oldnomor[256] = "", oldpath[1024] = "";
	int rev, status;

	r.opt = opt;
	if (!valid_bagian(opt->bagian)) {
		fprintf(stderr, "naskah: report: BAGIAN must be trantibum, "
		    "kesra, ekbang or tapem\n");
		return EX_USAGE;
	}
	if (date_parse_month(opt->month, &r.y, &r.m) != 0) {
		fprintf(stderr, "naskah: --month %s: not a month YYYY-MM\n",
		    opt->month);
		return EX_USAGE;
	}
	r.py = r.m == 1 ? r.y - 1 : r.y;
	r.pm = r.m == 1 ? 12 : r.m - 1;
	snprintf(r.bulan, sizeof(r.bulan), "%04d-%02d", r.y, r.m);
	snprintf(r.pbulan, sizeof(r.pbulan), "%04d-%02d", r.py, r.pm);
	/* The report's own date (signature, number's year): --date, else
	 * today; never before the month it reports on. */
	if (opt->date != NULL) {
		if (date_parse(opt->date, &r.tgl) != 0 || opt->date[4] != '-') {
			fprintf(stderr, "naskah: --date %s: not a date "
			    "YYYY-MM-DD\n", opt->date);
			return EX_USAGE;
		}
	} else {
		time_t now = time(NULL);
		struct tm tm;

		localtime_r(&now, &tm);
		r.tgl.y = tm.tm_year + 1900;
		r.tgl.m = tm.tm_mon + 1;
		r.tgl.d = tm.tm_mday;
	}
	if (r.tgl.y * 12 + r.tgl.m < r.y * 12 + r.m) {
		fprintf(stderr, "naskah: report %s: dated %04d-%02d-%02d, "
		    "before the month it reports on\n", r.bulan, r.tgl.y,
		    r.tgl.m, r.tgl.d);
		return EX_USAGE;
	}
	snprintf(path, sizeof(path), "%s/templates/laporan/%s.xml",
	    opt->datadir, opt->bagian);
	if (access(path, F_OK) != 0) {
		fprintf(stderr, "naskah: report: unknown BAGIAN \"%s\" (no "
		    "%s)\n", opt->bagian, path);
		return EX_USAGE;
	}
	if ((r.o = office_open(opt->input, opt->output, opt->datadir,
	    OFFICE_LOCK_NOWAIT, &e)) == NULL) {
		nerr_print(stderr, "naskah", &e);
		return e.status ? e.status : EX_SOFTWARE;
	}
	char rng[4096];
	snprintf(rng, sizeof(rng), "%s/templates/schema/laporan.rng",
	    opt->datadir);
	if ((schema = doc_schema_load(rng, &e)) == NULL) {
		e.status = EX_CONFIG;
		goto fail;
	}
	r.def = ddata_def_load(path, schema, &e);
	doc_schema_free(schema);
	if (r.def == NULL)
		goto fail;
	if (strcmp(r.def->bagian, opt->bagian) != 0) {
		nerr_set(&e, EX_CONFIG, path, 0, 0, "defines bagian \"%s\", "
		    "not \"%s\"", r.def->bagian, opt->bagian);
		goto fail;
	}
	if (!r.o->k->pj[PJ_CAMAT].set) {
		nerr_set(&e, EX_CONFIG, r.o->indir, 0, 0, "kantor.xml: no "
		    "camat to sign the report");
		goto fail;
	}
	snprintf(path, sizeof(path), "%s/desa/%s", opt->input, r.bulan);
	snprintf(r.secdir, sizeof(r.secdir), "%s/%s", path, r.def->bagian);
	if (!is_dir(path) || !is_dir(r.secdir)) {
		nerr_set(&e, EX_NOINPUT, is_dir(path) ? r.secdir : path, 0, 0,
		    "no desa data for %s %s", r.def->bagian, r.bulan);
		goto fail;
	}
	if (read_month(&r, &e) != 0)
		goto fail;
	if (r.nok == 0 && r.nbad == 0) {
		nerr_set(&e, EX_NOINPUT, r.secdir, 0, 0, "no desa file for "
		    "%s %s", r.def->bagian, r.bulan);
		goto fail;
	}
	status = r.nbad ? EX_DATAERR : 0;
	if (latest(&r, &rev, oldsha, oldnomor, sizeof(oldnomor), oldpath,
	    sizeof(oldpath), &e) != 0)
		goto fail;
	if (rev > 0 && strcmp(oldsha, r.sha) == 0) {
		if (!opt->quiet || status)
			fprintf(stderr, "naskah report: %s %s: data unchanged "
			    "since %s (%s); nothing issued\n", r.def->bagian,
			    r.bulan, oldnomor, oldpath);
		rep_free(&r);
		return status;
	}
	if (issue(&r, rev + 1, oldnomor, rel, sizeof(rel), nomor,
	    sizeof(nomor), &e) != 0)
		goto fail;
	if (!opt->quiet || status) {
		fprintf(stderr, "naskah report: %s %s: %zu desa counted, %zu "
		    "not reported, %zu files rejected, %zu plausibility "
		    "warnings; issued %s%s%s as %s/%s\n", r.def->bagian,
		    r.bulan, r.nok, r.nmissing, r.nbad, r.nwarn, nomor,
		    rev > 0 ? " replacing " : "", rev > 0 ? oldnomor : "",
		    opt->output, rel);
	}
	rep_free(&r);
	return status;
fail:
	nerr_print(stderr, "naskah", &e);
	rep_free(&r);
	return e.status ? e.status : EX_SOFTWARE;
}
