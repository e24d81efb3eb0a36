/* report.c -- `naskah report NAME --month YYYY-MM`: a monthly report as
 * templates/laporan/NAME.xml defines it (rdef.h), from what its sumber
 * names: a section's data-koordinasi from the desa CSVs, or the service
 * times of the register's applications.  Numbered from the office's book
 * in the transaction that records its file (and a desa report's month of
 * data); the same data again issues nothing, changed data issues a
 * revision.  The driver: the arithmetic is totals.c's and sla.c's, the
 * template data rdata.c's and rlay.c's, the register's queries reg.c's. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "ddata.h"
#include "doc.h"
#include "issue.h"
#include "office.h"
#include "progress.h"
#include "rdata.h"
#include "rdef.h"
#include "rkab.h"
#include "rlay.h"
#include "rpgd.h"
#include "rskm.h"
#include "run.h"
#include "sha256.h"
#include "totals.h"
#include "xmem.h"

struct rep {
	const struct run_opts	*opt;
	struct office		*o;
	struct rdef		*rdef;		/* the report's definition */
	struct ddata_def	*def;		/* a desa report's: rdef's */
	struct rlay		*rl;		/* a service-time report's */
	struct rpgd		*rp;		/* a complaints report's */
	struct rskm		*rs;		/* a survey report's */
	int			 y, m;		/* the month */
	char			 bulan[8], pbulan[8];	/* it and the one before;
						 * a survey's: its YYYY-Sn */
	struct date		 tgl;		/* the report's date */
	char			 secdir[4096];
	struct totals		*t;		/* desa of desa.csv, its order */
	struct rdata_bad	*bad;		/* a file's first error */
	size_t			 nbad;
	struct rdata_note	*note;
	size_t			 nnote;
	const char		**kode;		/* the indicators' codes */
	char			 sha[65];
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
	const struct kantor *k = office_kantor(r->o);
	const struct ddata_def *def = r->def;
	const size_t nd = k->ndesa;
	struct totals *t;
	struct sha256_ctx c;
	char path[4096], buf[512];
	DIR *dir;
	struct dirent *de;

	/* Desa files, the long part of a report of hundreds of desa. */
	struct progress *prog = progress_new("report", "desa", (long)nd,
	    r->opt->quiet);

	t = r->t = totals_new(def, nd);
	sha256_init(&c);
	hash_str(&c, def->bagian);
	hash_str(&c, r->bulan);
	for (size_t d = 0; d < nd; d++) {
		const struct desa *ds = &k->desa[d];
		struct ddata_file f;
		const uint64_t *v;
		size_t nw;
		int rc;

		progress_set(prog, (long)d);
		snprintf(path, sizeof(path), "%s/%s.csv", r->secdir, ds->kode);
		snprintf(buf, sizeof(buf), "desa %s %s", ds->kode, ds->nama);
		hash_str(&c, buf);
		if (access(path, F_OK) != 0) {
			hash_str(&c, "missing");
			continue;
		}
		if ((rc = ddata_read_file(def, path, &f, e)) < 0) {
			progress_end(prog);
			return -1;
		}
		progress_set(prog, (long)d + 1);
		print_issues(r, path, &f);
		if (rc == 1) {
			totals_reject(t, d);
			snprintf(buf, sizeof(buf), "%s %s (%s)", ds->kelurahan ?
			    "Kelurahan" : "Desa", ds->nama, ds->kode);
			add_bad(r, buf, f.err[0].teks);
			for (size_t i = 0; i < f.nerr && i < DDATA_MAXISSUE; i++)
				hash_str(&c, f.err[i].msg);
			ddata_file_clear(&f);
			continue;
		}
		v = f.v;
		for (size_t i = 0; i < def->nind; i++) {
			snprintf(buf, sizeof(buf), "%s=%ju", def->ind[i].kode,
			    (uintmax_t)v[i]);
			hash_str(&c, buf);
			if (f.ket[i] != NULL) {
				hash_str(&c, f.ket[i]);
				r->note = xrealloc(r->note, (r->nnote + 1) *
				    sizeof(*r->note));
				r->note[r->nnote].desa = d;
				r->note[r->nnote].ind = i;
				r->note[r->nnote].teks = f.ket[i];
				f.ket[i] = NULL;	/* now r's */
				r->nnote++;
			}
		}
		nw = totals_add(t, d, v);
		for (size_t w = t->nwarn - nw; w < t->nwarn && !r->opt->quiet;
		    w++) {
			const struct ddata_rule *ru = &def->rule[t->warn[w].rule];

			fprintf(stderr, "naskah: %s: warning: %s %ju > %s %ju "
			    "(%s)\n", path, def->ind[ru->small].kode,
			    (uintmax_t)v[ru->small], def->ind[ru->big].kode,
			    (uintmax_t)v[ru->big], ru->pesan);
		}
		ddata_file_clear(&f);
	}
	progress_end(prog);
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
			for (d = 0; d < nd; d++)
				if (strlen(k->desa[d].kode) == n - 4 &&
				    !strncmp(k->desa[d].kode, de->d_name, n - 4))
					break;
			if (d == nd) {
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

/* Stores the counted desa's figures of month bulan in the register
 * (replacing what was there): state and v of this month, or of the month
 * before, in totals' layout; this month's keterangan with them. */
static int
store_month(struct rep *r, const char *bulan, const unsigned char *state,
    const uint64_t *v, int notes, struct nerr *e)
{
	const struct kantor *k = office_kantor(r->o);
	const size_t ni = r->def->nind;
	const char **ket = xcalloc(ni, sizeof(*ket));
	size_t q = 0;
	int rc = -1;

	if (reg_ddata_clear(office_reg(r->o), bulan, r->def->bagian, e) != 0)
		goto out;
	for (size_t d = 0; d < r->t->nd; d++) {
		struct reg_ddata dd = { bulan, r->def->bagian, k->desa[d].kode,
		    r->kode, v + d * ni, ket, ni };

		/* The notes come in desa order. */
		memset(ket, 0, ni * sizeof(*ket));
		for (; notes && q < r->nnote && r->note[q].desa == d; q++)
			ket[r->note[q].ind] = r->note[q].teks;
		if (state[d] != TOTALS_OK)
			continue;
		if (reg_ddata_put(office_reg(r->o), &dd, e) != 0)
			goto out;
	}
	rc = 0;
out:
	free(ket);
	return rc;
}

static size_t
desa_index(const struct rep *r, const char *kode, size_t hint)
{
	const struct kantor *k = office_kantor(r->o);

	/* Rows come desa by desa in code order, usually desa.csv's. */
	for (size_t d = hint; d < hint + 2 && d < k->ndesa; d++)
		if (!strcmp(k->desa[d].kode, kode))
			return d;
	for (size_t d = 0; d < k->ndesa; d++)
		if (!strcmp(k->desa[d].kode, kode))
			return d;
	return k->ndesa;
}

struct prev_cursor {
	struct rep	*r;
	size_t		 hint;
};

/* reg_ddata_each: one figure of the month before. */
static int
prev_figure(const char *kode, const char *ind, uint64_t v, void *arg)
{
	struct prev_cursor *pc = arg;
	struct rep *r = pc->r;
	size_t d = desa_index(r, kode, pc->hint);
	int i = ddata_ind_find(r->def, ind);

	/* A desa since removed from desa.csv, or an indicator since dropped
	 * from the definition, no longer counts. */
	if (d == r->t->nd || i < 0)
		return 0;
	pc->hint = d;
	totals_prev_set(r->t, d, (size_t)i, v);
	return 0;
}

/* The previous month desa by desa: from the register if a report stored
 * it, else from that month's CSVs when present (then stored too, so the
 * register has it next time).  No month to compare with when neither
 * exists. */
static int
previous_month(struct rep *r, struct nerr *e)
{
	const struct ddata_def *def = r->def;
	struct totals *t = r->t;
	struct prev_cursor pc = { r, 0 };
	char dir[4096], path[4096];
	struct stat sb;
	int found;

	if ((found = reg_ddata_each(office_reg(r->o), r->pbulan, def->bagian,
	    prev_figure, &pc, e)) < 0)
		return -1;
	if (!found) {
		snprintf(dir, sizeof(dir), "%s/desa/%s/%s", office_indir(r->o),
		    r->pbulan, def->bagian);
		if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
			return 0;
		for (size_t d = 0; d < t->nd; d++) {
			struct ddata_file f;
			int rc;

			snprintf(path, sizeof(path), "%s/%s.csv", dir,
			    office_kantor(r->o)->desa[d].kode);
			if (access(path, F_OK) != 0)
				continue;
			if ((rc = ddata_read_file(def, path, &f, e)) < 0)
				return -1;
			/* Last month's errors were that month's report's
			 * business; its good files still compare. */
			if (rc == 0) {
				for (size_t i = 0; i < def->nind; i++)
					totals_prev_set(t, d, i, f.v[i]);
				found = 1;
			}
			ddata_file_clear(&f);
		}
		if (found && store_month(r, r->pbulan, t->pstate, t->pv, 0,
		    e))
			return -1;
	}
	if (found)
		totals_compare(t);
	return 0;
}

/* Numbers, renders, stages and commits the report in one transaction
 * with the month's desa data.  Fills rel and nomor. */
static int
issue(struct rep *r, int rev, const char *replaces, char *rel, size_t rsz,
    char *nomor, size_t nsz, struct nerr *e)
{
	struct issue *is = issue_new(r->o);
	struct tpl_dict *d = NULL;
	struct rdata_parts *rp = NULL;
	struct reg_num num;
	char iso[16], title[512];
	const struct rdef *def = r->rdef;
	int desa = def->sumber == RDEF_DESA;

	if (issue_begin(is, e) != 0) {
		issue_free(is);
		return -1;
	}
	/* A desa report stores the month it counted (and the one before)
	 * with its number. */
	if ((desa && (previous_month(r, e) != 0 ||
	    store_month(r, r->bulan, r->t->state, r->t->v, 1, e) != 0)) ||
	    issue_number(is, REG_BOOK_KELUAR, "laporan", def->klasifikasi,
	    r->tgl.y, r->tgl.m, &num, nomor, nsz, e) != 0)
		goto fail;
	struct rdata rd = { office_kantor(r->o), r->def, r->t, r->y, r->m, r->tgl, nomor,
	    rev, replaces, r->bad, r->nbad, r->note, r->nnote, NULL };
	d = tpl_dict_new();
	if (desa)
		rdata_fill(&rd, d);
	else if (r->rp != NULL)
		rpgd_fill(r->rp, d, nomor, &r->tgl, rev, replaces);
	else if (r->rs != NULL)
		rskm_fill(r->rs, d, nomor, &r->tgl, rev, replaces);
	else
		rlay_fill(r->rl, d, nomor, &r->tgl, rev, replaces);
	snprintf(title, sizeof(title), "%s Bulan %s %d", def->judul,
	    date_month_id(r->m), r->y);
	if (r->rs != NULL)
		snprintf(title, sizeof(title), "%s Semester %s %d", def->judul,
		    r->m == 1 ? "I" : "II", r->y);
	struct pdf_info info = { title, def->judul, nomor, r->tgl.y,
	    r->tgl.m, r->tgl.d, "laporan", nomor, NULL, def->bagian,
	    r->bulan };
	if (desa)
		rp = rdata_parts_new(&rd);
	struct office_parts parts = { "surat/laporan_data_isi.xml",
	    rdata_parts_fill, rp };
	if (office_render(r->o, desa ? "surat/laporan_data.xml" : r->rp ?
	    "surat/laporan_pengaduan.xml" : r->rs ? "surat/laporan_skm.xml" :
	    "surat/laporan_layanan.xml", d,
	    desa ? &parts : NULL, &info,
	    e) != 0)
		goto fail;
	tpl_dict_free(d);
	d = NULL;
	rdata_parts_free(rp);
	rp = NULL;
	date_iso(&r->tgl, iso, sizeof(iso));
	snprintf(rel, rsz, "laporan/%04d/%s_%s_r%d_%05ld.pdf", r->tgl.y,
	    r->bulan, def->bagian, rev, num.urut);
	char ref[64];
	snprintf(ref, sizeof(ref), "%s/%s/r%d", r->bulan, def->bagian, rev);
	struct reg_doc doc = { .kind = "laporan", .created = iso,
	    .num = num, .ref = ref };
	struct reg_reportin rin = { r->bulan, def->bagian, rev, r->sha,
	    nomor, replaces, rel };
	if (issue_stage(is, rel, &doc, e) != 0 ||
	    reg_report_add(office_reg(r->o), &rin, e) != 0)
		goto fail;
	if (issue_commit(is, e) != 0) {
		issue_free(is);
		return -1;
	}
	issue_free(is);
	return 0;
fail:
	tpl_dict_free(d);
	rdata_parts_free(rp);
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
	free(r->bad); free(r->note); free(r->kode);
	totals_free(r->t);
	rlay_free(r->rl);
	rpgd_free(r->rp);
	rskm_free(r->rs);
	rdef_free(r->rdef);
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

/* The month's complaints as rpgd.c reads them, and the line for the log.
 * None is a report "nihil" once exports of the month (or later) are
 * processed; before that there is nothing to report on (66). */
static int
read_pengaduan(struct rep *r, char *sum, size_t sz, struct nerr *e)
{
	char newest[16] = "";

	r->rp = rpgd_new(office_kantor(r->o), office_sops(r->o), r->rdef,
	    r->y, r->m);
	if (rpgd_read(r->rp, office_reg(r->o), r->sha, e) != 0 ||
	    reg_import_newest(office_reg(r->o), newest, sizeof(newest), e) < 0)
		return -1;
	if (rpgd_count(r->rp) == 0 && strncmp(newest, r->bulan, 7) < 0) {
		nerr_set(e, EX_NOINPUT, office_outdir(r->o), 0, 0, "no register "
		    "export of %s processed yet (newest: %s); run `naskah run` "
		    "on them first", r->bulan, *newest ? newest : "none");
		return -1;
	}
	rpgd_summary(r->rp, sum, sz);
	return 0;
}

/* The semester's survey answers of input/skm/YYYY-Sn as rskm.c reads
 * them, each rejected row named on stderr; none counted is nothing to
 * report on: 66 without any row, 65 when every row was rejected. */
static int
read_skm(struct rep *r, char *sum, size_t sz, struct nerr *e)
{
	char dir[4096];

	snprintf(dir, sizeof(dir), "%s/skm/%s", office_indir(r->o), r->bulan);
	r->rs = rskm_new(office_kantor(r->o), office_sops(r->o), r->rdef,
	    r->y, r->m == 1 ? 1 : 2);
	if (rskm_read(r->rs, dir, r->sha, e) != 0)
		return -1;
	if (!r->opt->quiet || rskm_rejected(r->rs) > 0)
		rskm_print(r->rs, stderr);
	if (rskm_count(r->rs) == 0) {
		nerr_set(e, rskm_rejected(r->rs) ? EX_DATAERR : EX_NOINPUT,
		    dir, 0, 0, "no valid survey answer for semester %s in %zu "
		    "files (%zu rows rejected); nothing issued", r->bulan,
		    rskm_files(r->rs), rskm_rejected(r->rs));
		return -1;
	}
	rskm_summary(r->rs, sum, sz);
	return 0;
}

/* A report of the register (sumber layanan): the month's applications
 * as rlay.c reads them, issued by the same rule as a desa report.  Frees
 * r; returns the exit status. */
static int
report_register(struct rep *r)
{
	const struct run_opts *opt = r->opt;
	struct nerr e = { 0 };
	struct reg_report old;
	char nomor[256], rel[1024], sum[512];
	int rev, status;

	/* Signed by the camat in post on the report's date. */
	if (kantor_pejabat_on(office_kantor(r->o), "camat", &r->tgl, &e) ==
	    NULL)
		goto fail;
	/* The calendar its times are in, for the kabupaten (rkab.c). */
	if (r->rdef->sumber != RDEF_SKM && reg_calendar_put(office_reg(r->o),
	    kantor_wtime(office_kantor(r->o)), &e) != 0)
		goto fail;
	if (r->rdef->sumber == RDEF_PENGADUAN) {
		if (read_pengaduan(r, sum, sizeof(sum), &e) != 0)
			goto fail;
		goto counted;
	}
	if (r->rdef->sumber == RDEF_SKM) {
		if (read_skm(r, sum, sizeof(sum), &e) != 0)
			goto fail;
		goto counted;
	}
	r->rl = rlay_new(office_kantor(r->o), office_sops(r->o), r->rdef,
	    r->y, r->m);
	if (rlay_read(r->rl, office_reg(r->o), r->sha, &e) != 0)
		goto fail;
	if (rlay_count(r->rl) == 0) {
		nerr_set(&e, EX_NOINPUT, office_outdir(r->o), 0, 0, "no "
		    "application of a letter service in the register for %s "
		    "(are its register exports processed with `naskah run`?)",
		    r->bulan);
		goto fail;
	}
	rlay_summary(r->rl, sum, sizeof(sum));
counted:
	status = office_missing(r->o, NULL) || (r->rs != NULL &&
	    rskm_rejected(r->rs) > 0) ? EX_DATAERR : 0;
	if (reg_report_latest(office_reg(r->o), r->bulan, r->rdef->bagian,
	    &old, &e) < 0)
		goto fail;
	rev = old.revision;
	if (rev > 0 && strcmp(old.sha, r->sha) == 0) {
		if (!opt->quiet || status)
			fprintf(stderr, "naskah report: %s %s: data unchanged "
			    "since %s (%s); nothing issued\n", r->rdef->bagian,
			    r->bulan, old.nomor, old.path);
		rep_free(r);
		return status;
	}
	if (issue(r, rev + 1, old.nomor, rel, sizeof(rel), nomor,
	    sizeof(nomor), &e) != 0)
		goto fail;
	if (!opt->quiet || status)
		fprintf(stderr, "naskah report: %s %s: %s; issued %s%s%s as "
		    "%s/%s\n", r->rdef->bagian, r->bulan, sum, nomor, rev > 0 ?
		    " replacing " : "", rev > 0 ? old.nomor : "", opt->output,
		    rel);
	rep_free(r);
	return status;
fail:
	nerr_print(stderr, "naskah", &e);
	rep_free(r);
	return e.status ? e.status : EX_SOFTWARE;
}

int
run_report(const struct run_opts *opt)
{
	struct rep r = { 0 };
	struct nerr e = { 0 };
	struct doc_schema *schema;
	struct reg_report old;
	char path[4096], nomor[256], rel[1024], names[1024];
	int rev, status;

	r.opt = opt;
	/* The reports there are: the definitions of templates/laporan. */
	snprintf(path, sizeof(path), "%s/templates/laporan", opt->datadir);
	rdef_names(path, names, sizeof(names));
	if (!valid_bagian(opt->bagian)) {
		fprintf(stderr, "naskah: report: BAGIAN must be one of %s\n",
		    names);
		return EX_USAGE;
	}
	/* A survey's semester: its first month stands for it, its name
	 * YYYY-Sn for the month's in the register and the file name. */
	if (opt->semester != NULL) {
		int half;

		if (rskm_semester(opt->semester, &r.y, &half) != 0) {
			fprintf(stderr, "naskah: --semester %s: not a semester "
			    "YYYY-S1 or YYYY-S2\n", opt->semester);
			return EX_USAGE;
		}
		r.m = half == 1 ? 1 : 7;
	} else if (date_parse_month(opt->month, &r.y, &r.m) != 0) {
		fprintf(stderr, "naskah: --month %s: not a month YYYY-MM\n",
		    opt->month);
		return EX_USAGE;
	}
	snprintf(r.bulan, sizeof(r.bulan), "%04d-%02d", r.y, r.m);
	if (opt->semester != NULL)
		snprintf(r.bulan, sizeof(r.bulan), "%04d-S%d", r.y,
		    r.m == 1 ? 1 : 2);
	snprintf(r.pbulan, sizeof(r.pbulan), "%04d-%02d", r.m == 1 ? r.y - 1 :
	    r.y, r.m == 1 ? 12 : r.m - 1);
	/* The report's own date (signature, number's year): --date, else
	 * today; never before the month it reports on. */
	if (opt->date != NULL) {
		if (date_parse(opt->date, &r.tgl) != 0 || opt->date[4] != '-') {
			fprintf(stderr, "naskah: --date %s: not a date "
			    "YYYY-MM-DD\n", opt->date);
			return EX_USAGE;
		}
		/* Signed on its date: a report cannot be signed tomorrow. */
		time_t now = time(NULL);
		struct tm tm;

		localtime_r(&now, &tm);
		struct date today = { tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday };
		if (date_cmp(&r.tgl, &today) > 0) {
			fprintf(stderr, "naskah: --date %s: in the future (today "
			    "is %04d-%02d-%02d); a report is dated the day it "
			    "is signed\n", opt->date, today.y, today.m,
			    today.d);
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
		    "%s; the reports are %s)\n", opt->bagian, path, names);
		return EX_USAGE;
	}
	if ((r.o = office_open(opt->input, opt->output, opt->datadir,
	    OFFICE_LOCK_NOWAIT, &e)) == NULL) {
		nerr_print(stderr, "naskah", &e);
		return e.status ? e.status : EX_SOFTWARE;
	}
	office_missing(r.o, stderr);
	/* desa.csv's warnings (the encoding assumed...), as run prints. */
	for (size_t i = 0; !opt->quiet &&
	    kantor_warning(office_kantor(r.o), i) != NULL; i++) {
		const struct nerr *w = kantor_warning(office_kantor(r.o), i);

		fprintf(stderr, "naskah: %s:%ld:%ld: warning: %s\n", w->file,
		    w->line, w->col, w->msg);
	}
	char rng[4096];
	snprintf(rng, sizeof(rng), "%s/templates/schema/laporan.rng",
	    opt->datadir);
	if ((schema = doc_schema_load(rng, &e)) == NULL) {
		e.status = EX_CONFIG;
		goto fail;
	}
	r.rdef = rdef_load(path, schema, &e);
	doc_schema_free(schema);
	if (r.rdef == NULL)
		goto fail;
	if (strcmp(r.rdef->bagian, opt->bagian) != 0) {
		nerr_set(&e, EX_CONFIG, path, 0, 0, "defines bagian \"%s\", "
		    "not \"%s\"", r.rdef->bagian, opt->bagian);
		goto fail;
	}
	if ((r.rdef->sumber == RDEF_SKM) != (opt->semester != NULL)) {
		fprintf(stderr, "naskah: report %s: %s\n", opt->bagian,
		    opt->semester != NULL ? "a monthly report takes --month "
		    "YYYY-MM, not --semester" : "a survey report takes "
		    "--semester YYYY-S1|YYYY-S2, not --month");
		rep_free(&r);
		return EX_USAGE;
	}
	/* The office's own code for it (kantor.xml, checked at open). */
	if (klas_laporan(office_kantor(r.o), r.rdef->bagian, NULL) != NULL) {
		free(r.rdef->klasifikasi);
		r.rdef->klasifikasi = xstrdup(klas_laporan(office_kantor(r.o),
		    r.rdef->bagian, NULL));
	}
	/* A kabupaten's roll-up of the same definition (rkab.c); a
	 * kabupaten office has no desa data of its own. */
	if (!opt->kabupaten && office_kantor(r.o)->nkec > 0) {
		nerr_set(&e, EX_USAGE, office_kantor(r.o)->path, 0, 0, "a "
		    "kabupaten office reports on its kecamatan: naskah report "
		    "%s --month %s --kabupaten", opt->bagian, opt->month);
		goto fail;
	}
	if (opt->kabupaten) {
		status = rkab_report(opt, r.o, r.rdef, r.y, r.m, &r.tgl);
		rep_free(&r);
		return status;
	}
	switch (r.rdef->sumber) {
	case RDEF_DESA:
		r.def = r.rdef->desa;
		break;
	case RDEF_LAYANAN:
	case RDEF_PENGADUAN:
	case RDEF_SKM:
		return report_register(&r);
	default:
		nerr_set(&e, EX_CONFIG, path, 0, 0, "a report of sumber \"%s\" "
		    "needs the complaint register, which this naskah does not "
		    "have yet", rdef_sumber_name(r.rdef->sumber));
		goto fail;
	}
	r.kode = xcalloc(r.def->nind, sizeof(*r.kode));
	for (size_t i = 0; i < r.def->nind; i++)
		r.kode[i] = r.def->ind[i].kode;
	/* Signed by the camat in post on the report's date. */
	if (kantor_pejabat_on(office_kantor(r.o), "camat", &r.tgl, &e) ==
	    NULL)
		goto fail;
	snprintf(path, sizeof(path), "%s/desa/%s", opt->input, r.bulan);
	snprintf(r.secdir, sizeof(r.secdir), "%s/%s", path, r.def->bagian);
	if (!is_dir(path) || !is_dir(r.secdir)) {
		nerr_set(&e, EX_NOINPUT, is_dir(path) ? r.secdir : path, 0, 0,
		    "no desa data for %s %s", r.def->bagian, r.bulan);
		goto fail;
	}
	if (read_month(&r, &e) != 0)
		goto fail;
	if (r.t->nok == 0 && r.nbad == 0) {
		nerr_set(&e, EX_NOINPUT, r.secdir, 0, 0, "no desa file for "
		    "%s %s", r.def->bagian, r.bulan);
		goto fail;
	}
	status = r.nbad || office_missing(r.o, NULL) ? EX_DATAERR : 0;
	if (reg_report_latest(office_reg(r.o), r.bulan, r.def->bagian, &old, &e) < 0)
		goto fail;
	rev = old.revision;
	if (rev > 0 && strcmp(old.sha, r.sha) == 0) {
		if (!opt->quiet || status)
			fprintf(stderr, "naskah report: %s %s: data unchanged "
			    "since %s (%s); nothing issued\n", r.def->bagian,
			    r.bulan, old.nomor, old.path);
		rep_free(&r);
		return status;
	}
	if (issue(&r, rev + 1, old.nomor, rel, sizeof(rel), nomor,
	    sizeof(nomor), &e) != 0)
		goto fail;
	if (!opt->quiet || status) {
		fprintf(stderr, "naskah report: %s %s: %zu desa counted, %zu "
		    "not reported, %zu rejected, %zu files of no desa, %zu "
		    "plausibility warnings; issued %s%s%s as %s/%s\n",
		    r.def->bagian, r.bulan, r.t->nok, r.t->nmissing,
		    r.t->nbad, r.nbad - r.t->nbad, r.t->nwarn,
		    nomor, rev > 0 ? " replacing " : "", rev > 0 ? old.nomor :
		    "",
		    opt->output, rel);
	}
	rep_free(&r);
	return status;
fail:
	nerr_print(stderr, "naskah", &e);
	rep_free(&r);
	return e.status ? e.status : EX_SOFTWARE;
}
