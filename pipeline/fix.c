/* fix.c -- `naskah restore`, `naskah batal`, `naskah ralat`: drivers that
 * mend the archive.  restore renders a lost or damaged file again from the
 * source the register kept and puts it back only when its SHA-256 proves
 * it the same bytes; batal and ralat cancel a number (ralat with a
 * corrected letter under a new number), never reusing one. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "date.h"
#include "fields.h"
#include "aduan.h"
#include "fill.h"
#include "fix.h"
#include "fsio.h"
#include "issue.h"
#include "odata.h"
#include "office.h"
#include "progress.h"
#include "sd.h"
#include "sha256.h"
#include "xmem.h"

static int
open_office(const struct run_opts *opt, struct office **o)
{
	struct nerr e = { 0 };

	if ((*o = office_open(opt->input, opt->output, opt->datadir,
	    OFFICE_LOCK_NOWAIT, &e)) == NULL) {
		nerr_print(stderr, "naskah", &e);
		return e.status ? e.status : EX_SOFTWARE;
	}
	return 0;
}

/* --- restore --- */

struct restorer {
	const struct run_opts	*opt;
	struct office		*o;
	long			 restored, intact, failed;
	struct progress		*prog;		/* on a terminal */
};

/* Takes the re-rendered PDF into its temporary, hashing it. */
struct sink {
	struct fs_tmp		*t;
	struct sha256_ctx	 sha;
	size_t			 n;
};

static int
sink_write(void *arg, const void *buf, size_t n)
{
	struct sink *s = arg;

	sha256_update(&s->sha, buf, n);
	s->n += n;
	return fs_tmp_write(s->t, buf, n);
}

static void
what_doc(const struct reg_docsrc *d, char *out, size_t sz)
{
	if (d->nomor[0] != '\0')
		snprintf(out, sz, "%s Nomor %s", !strcmp(d->kind, "laporan") ?
		    "report" : "letter", d->nomor);
	else if (!strcmp(d->kind, "kembali"))
		snprintf(out, sz, "return notice");
	else
		snprintf(out, sz, "%s", d->kind);
}

static void
cannot(struct restorer *r, const struct reg_docsrc *d, const char *what,
    const char *why)
{
	r->failed++;
	fprintf(stderr, "naskah: %s/%s: cannot restore (%s): %s\n",
	    office_outdir(r->o), d->path, what, why);
}

/* A free name beside path for the damaged file, kept as evidence. */
static int
keep_damaged(const char *path, char *aside, size_t sz)
{
	for (int i = 1; i < 1000; i++) {
		if (i == 1)
			snprintf(aside, sz, "%s.damaged", path);
		else
			snprintf(aside, sz, "%s.damaged.%d", path, i);
		if (link(path, aside) == 0)
			return 0;
		if (errno != EEXIST)
			return -1;
	}
	return -1;
}

static int
restore_one(const struct reg_docsrc *d, void *arg)
{
	struct restorer *r = arg;
	struct office *o = r->o;
	struct nerr e = { 0 };
	struct sink s = { 0 };
	char path[4096], tmp[4096], dir[4096], got[65], what[256], why[1200];
	char aside[4200];
	const char *slash;
	struct stat sb;
	int missing, rc;

	what_doc(d, what, sizeof(what));
	snprintf(path, sizeof(path), "%s/%s", office_outdir(o), d->path);
	missing = lstat(path, &sb) != 0 && errno == ENOENT;
	if (!missing) {
		if (!S_ISREG(sb.st_mode) || fs_sha256(path, got) != 0) {
			cannot(r, d, what, "it is there but cannot be read; "
			    "nothing was changed");
			return 0;
		}
		if (strcmp(got, d->sha) == 0) {
			r->intact++;
			if (r->opt->verbose)
				fprintf(stderr, "naskah: %s: intact (%s)\n",
				    d->path, what);
			return 0;
		}
	}
	if (d->src == NULL) {
		cannot(r, d, what, "it was issued before the register kept "
		    "what documents are rendered from; restore it from "
		    "backup");
		return 0;
	}
	if (office_render_source(o, d->src, d->srclen, d->path, &e) != 0) {
		nerr_format(why, sizeof(why), &e);
		cannot(r, d, what, why);
		return 0;
	}
	if ((slash = strrchr(path, '/')) != NULL) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
		if (fs_mkdirs(dir, &e) != 0) {
			office_save(o, NULL, NULL, NULL);
			nerr_format(why, sizeof(why), &e);
			cannot(r, d, what, why);
			return 0;
		}
	}
	fs_tmpname(path, tmp, sizeof(tmp));
	if ((s.t = fs_tmp_open(tmp, &e)) == NULL) {
		office_save(o, NULL, NULL, NULL);
		nerr_format(why, sizeof(why), &e);
		cannot(r, d, what, why);
		return 0;
	}
	sha256_init(&s.sha);
	rc = office_save(o, sink_write, &s, &e);
	/* Durable before it takes the name: fsync of the temporary. */
	if (fs_tmp_close(s.t, 1, rc == 0 ? &e : NULL) != 0 || rc != 0) {
		unlink(tmp);
		nerr_format(why, sizeof(why), &e);
		cannot(r, d, what, why);
		return 0;
	}
	sha256_final_hex(&s.sha, got);
	if (strcmp(got, d->sha) != 0 || s.n != d->size) {
		unlink(tmp);
		snprintf(why, sizeof(why), "made again from the register it "
		    "is not the same file (SHA-256 %.16s..., %zu bytes; the "
		    "register holds %.16s..., %zu bytes): the fonts, the logo "
		    "or naskah itself changed since it was issued; nothing was "
		    "written, restore it from backup", got, s.n, d->sha,
		    d->size);
		cannot(r, d, what, why);
		return 0;
	}
	if (missing)
		rc = fs_commit_new(tmp, path, 1, &e);
	else {
		/* Still damaged (not put back meanwhile): the damaged file is
		 * kept beside it, then the proved one takes its name in one
		 * rename, so the name always holds one or the other. */
		if (fs_sha256(path, got) == 0 && strcmp(got, d->sha) == 0) {
			unlink(tmp);
			r->intact++;
			return 0;
		}
		if (keep_damaged(path, aside, sizeof(aside)) != 0) {
			unlink(tmp);
			snprintf(why, sizeof(why), "cannot keep the damaged "
			    "file beside it: %s; nothing was changed",
			    strerror(errno));
			cannot(r, d, what, why);
			return 0;
		}
		rc = rename(tmp, path) == 0 ? fs_sync_dir(path, &e) :
		    (nerr_set(&e, EX_CANTCREAT, path, 0, 0, "cannot rename "
		    "%s: %s", tmp, strerror(errno)), -1);
	}
	if (rc != 0) {
		unlink(tmp);
		nerr_format(why, sizeof(why), &e);
		cannot(r, d, what, why);
		return 0;
	}
	r->restored++;
	if (!r->opt->quiet) {
		if (missing)
			fprintf(stderr, "naskah restore: %s (%s): was missing; "
			    "restored, SHA-256 proved\n", d->path, what);
		else
			fprintf(stderr, "naskah restore: %s (%s): was damaged "
			    "(kept as %s); restored, SHA-256 proved\n",
			    d->path, what, aside + strlen(office_outdir(o)) + 1);
	}
	return 0;
}

/* restore_one, then the progress line. */
static int
restore_step(const struct reg_docsrc *d, void *arg)
{
	struct restorer *r = arg;
	int rc = restore_one(d, arg);

	progress_set(r->prog, r->restored + r->intact + r->failed);
	return rc;
}

static int
count_doc(const char *rel, const char *sha, void *arg)
{
	(void)rel, (void)sha;
	++*(long *)arg;
	return 0;
}

int
fix_restore(const struct run_opts *opt, char *const *keys, size_t nkeys,
    int all)
{
	struct restorer r = { opt, NULL, 0, 0, 0, NULL };
	long ndocs = (long)nkeys;
	struct nerr e = { 0 };
	int st, unknown = 0;

	if (all && nkeys > 0) {
		fprintf(stderr, "naskah: restore: give numbers or --all, not "
		    "both\n");
		return EX_USAGE;
	}
	if ((st = open_office(opt, &r.o)) != 0)
		return st;
	if (nkeys == 0 && !opt->quiet && reg_doc_each(office_reg(r.o),
	    count_doc, &ndocs, &e) < 0)
		goto fail;
	r.prog = progress_new("restore", "documents", ndocs, opt->quiet);
	if (nkeys == 0) {
		if (reg_docsrc_each(office_reg(r.o), NULL, restore_step, &r,
		    &e) < 0)
			goto fail;
	}
	for (size_t i = 0; i < nkeys; i++) {
		long n = reg_docsrc_each(office_reg(r.o), keys[i], restore_step,
		    &r, &e);

		if (n < 0)
			goto fail;
		if (n == 0) {
			unknown = 1;
			fprintf(stderr, "naskah: restore: %s: no document of "
			    "the register has this number or path\n",
			    keys[i]);
		}
	}
	progress_end(r.prog);
	r.prog = NULL;
	st = unknown ? EX_NOINPUT : r.failed ? EX_DATAERR : 0;
	if (!opt->quiet || st != 0)
		fprintf(stderr, "naskah restore: %ld restored, %ld intact, %ld "
		    "could not be restored\n", r.restored, r.intact, r.failed);
	office_close(r.o);
	return st;
fail:
	progress_end(r.prog);
	nerr_print(stderr, "naskah", &e);
	office_close(r.o);
	return e.status ? e.status : EX_SOFTWARE;
}

/* --- batal and ralat --- */

/* The date of a cancellation or a ralat: --date (not in the future),
 * else today.  0, or EX_USAGE having said why. */
static int
fix_date(const struct run_opts *opt, struct date *d)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	struct date today = { tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday };
	if (opt->date == NULL) {
		*d = today;
		return 0;
	}
	if (date_parse(opt->date, d) != 0 || opt->date[4] != '-') {
		fprintf(stderr, "naskah: --date %s: not a date YYYY-MM-DD\n",
		    opt->date);
		return EX_USAGE;
	}
	if (date_cmp(d, &today) > 0) {
		fprintf(stderr, "naskah: --date %s: in the future\n",
		    opt->date);
		return EX_USAGE;
	}
	return 0;
}

/* A reason the register and the book can print: one line of text. */
static int
valid_reason(const char *s)
{
	size_t n = strlen(s);
	int any = 0;

	if (n == 0 || n > 500)
		return 0;
	for (; *s; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
		any |= *s != ' ';
	}
	return any;
}

/* The number, issued and not cancelled: 0, or 65 having said why. */
static int
find_issued(struct office *o, const char *cmd, const char *nomor,
    struct reg_entryinfo *en, int *status)
{
	struct nerr e = { 0 };
	int rc = reg_entry_find(office_reg(o), nomor, en, &e);

	if (rc < 0) {
		nerr_print(stderr, "naskah", &e);
		*status = e.status ? e.status : EX_SOFTWARE;
		return -1;
	}
	if (rc == 0) {
		fprintf(stderr, "naskah: %s: %s: no such number in the "
		    "office's books\n", cmd, nomor);
		*status = EX_DATAERR;
		return -1;
	}
	if (strcmp(en->status, "issued") != 0) {
		fprintf(stderr, "naskah: %s: %s: already cancelled on %s (%s); "
		    "a number is cancelled once\n", cmd, nomor,
		    en->cancel_date, en->cancel_reason);
		*status = EX_DATAERR;
		return -1;
	}
	return 0;
}

int
fix_batal(const struct run_opts *opt, const char *nomor, const char *alasan)
{
	struct reg_entryinfo en;
	struct office *o;
	struct issue *is;
	struct nerr e = { 0 };
	struct date d;
	char iso[16];
	int st, rc;

	if (alasan == NULL || !valid_reason(alasan)) {
		fprintf(stderr, "naskah: batal: --alasan TEXT is needed: why "
		    "the number is cancelled, one line of at most 500 "
		    "bytes\n");
		return EX_USAGE;
	}
	if ((st = fix_date(opt, &d)) != 0)
		return st;
	date_iso(&d, iso, sizeof(iso));
	if ((st = open_office(opt, &o)) != 0)
		return st;
	if (find_issued(o, "batal", nomor, &en, &st) != 0) {
		office_close(o);
		return st;
	}
	struct date issued;
	if (date_parse(en.created, &issued) == 0 && date_cmp(&d, &issued) <
	    0) {
		fprintf(stderr, "naskah: batal: dated %s, before the document "
		    "it cancels (%s)\n", iso, en.created);
		office_close(o);
		return EX_USAGE;
	}
	is = issue_new(o);
	if (issue_begin(is, &e) != 0 ||
	    (rc = reg_entry_cancel(office_reg(o), nomor, alasan, iso, NULL,
	    &e)) < 0 || issue_commit(is, &e) != 0) {
		issue_free(is);
		nerr_print(stderr, "naskah", &e);
		office_close(o);
		return e.status ? e.status : EX_SOFTWARE;
	}
	issue_free(is);
	if (rc == 0) {
		/* Cancelled by another naskah between the look and the
		 * update: the register refused a second cancellation. */
		fprintf(stderr, "naskah: batal: %s: already cancelled\n",
		    nomor);
		office_close(o);
		return EX_DATAERR;
	}
	if (!opt->quiet)
		fprintf(stderr, "naskah batal: %s cancelled on %s (%s); %s%s; "
		    "the number is never given again\n", nomor, iso, alasan,
		    en.path[0] ? "its file is kept: " : "it has no file",
		    en.path);
	office_close(o);
	return 0;
}

/* The row of the register's "name=value\n" lines into a (its values
 * point into data, which is cut into strings). */
static void
row_from_data(const struct fields *t, char *data, struct app *a)
{
	for (size_t i = 0; i < fields_count(t); i++) {
		a->v[i] = "";
		a->col[i] = (int)i + 1;
	}
	for (char *p = data, *nl; p != NULL && *p; p = nl) {
		char *eq;
		int i;

		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		if ((eq = strchr(p, '=')) == NULL)
			continue;
		*eq = '\0';
		if ((i = fields_find(t, p)) >= 0)
			a->v[i] = eq + 1;
	}
}

/* The ralat of a surat dinas (sd.c holds its rows): the same rules as a
 * letter's, in one transaction with its two files. */
static int
ralat_sd(const struct run_opts *opt, struct office *o, const char *nomor,
    const struct reg_entryinfo *en, const struct date *when)
{
	struct sd_env env = { .o = o, .datadir = opt->datadir };
	struct sd_ralat out;
	struct sd *sd = NULL;
	struct issue *is = NULL;
	struct nerr e = { 0 };
	struct date old;
	char iso[16];
	long run = 0;
	int rc;

	date_iso(when, iso, sizeof(iso));
	if (date_parse(en->created, &old) != 0)
		old = *when;
	if (date_cmp(when, &old) < 0) {
		fprintf(stderr, "naskah: ralat: dated %s, before the letter it "
		    "replaces (%s)\n", iso, en->created);
		return EX_USAGE;
	}
	is = issue_new(o);
	env.iss = is;
	if ((sd = sd_new(&env, &e)) == NULL || issue_begin(is, &e) != 0)
		goto fail;
	if ((run = reg_run_start(office_reg(o), "ralat", nomor)) == 0) {
		reg_last_error(office_reg(o), "record run", &e);
		goto fail;
	}
	sd_set_run(sd, run);
	if ((rc = sd_ralat(sd, nomor, &old, when, &out, &e)) != 0) {
		if (rc < 0)
			goto fail;
		issue_abort(is);
		fprintf(stderr, "naskah: ralat: %s\n", e.msg);
		rc = EX_DATAERR;
		goto out;
	}
	if (issue_commit(is, &e) != 0)
		goto fail;
	reg_run_end(office_reg(o), run, 0, out.nomor);
	if (!opt->quiet)
		fprintf(stderr, "naskah ralat: %s issued as %s/%s (and its "
		    "archive copy), replacing %s (cancelled: \"diganti dengan "
		    "Nomor %s\"; its files are kept); changed: %s\n",
		    out.nomor, opt->output, out.rel, nomor, out.nomor,
		    out.what[0] ? out.what : "?");
	rc = 0;
	goto out;
fail:
	nerr_print(stderr, "naskah", &e);
	rc = e.status ? e.status : EX_SOFTWARE;
	if (is != NULL)
		issue_abort(is);
out:
	sd_free(sd);
	issue_free(is);
	return rc;
}

int
fix_ralat(const struct run_opts *opt, const char *nomor)
{
	struct reg_entryinfo en;
	struct reg_conflict c = { 0 };
	struct odata x = { 0 };
	struct office *o;
	struct issue *is = NULL;
	struct tpl_dict *d = NULL;
	struct nerr e = { 0 };
	struct app *a = NULL;
	const struct sop_doc *doc = NULL;
	struct date when, old;
	struct reg_num num = { 0, 0 };
	char iso[16], appiso[16], oldtgl[64], newnomor[256], rel[512];
	char title[512], reason[1200], hash[FILL_HASH_SZ], *data = NULL;
	char diff[700], *olddata;
	long run = 0, app_id;
	int st, rc, apptahun;

	if ((st = fix_date(opt, &when)) != 0)
		return st;
	date_iso(&when, iso, sizeof(iso));
	if ((st = open_office(opt, &o)) != 0)
		return st;
	if (find_issued(o, "ralat", nomor, &en, &st) != 0)
		goto out;
	st = EX_DATAERR;
	if (en.app_id == 0 && !strcmp(en.doc_kind, "surat_dinas")) {
		st = ralat_sd(opt, o, nomor, &en, &when);
		goto out;
	}
	if (en.app_id == 0 || en.path[0] == '\0') {
		fprintf(stderr, "naskah: ralat: %s: not a letter of an "
		    "application; a report is revised by `naskah report`\n",
		    nomor);
		goto out;
	}
	app_id = en.app_id;
	if ((rc = reg_conflict_get(office_reg(o), app_id, &c, &e)) < 0)
		goto fail;
	if (rc == 0) {
		fprintf(stderr, "naskah: ralat: %s: its application has not "
		    "changed since the letter was issued (a ralat issues the "
		    "changed row a run reported as a conflict); to withdraw "
		    "the letter, use `naskah batal`\n", nomor);
		goto out;
	}
	if (date_parse(en.created, &old) != 0)
		old = when;
	if (date_cmp(&when, &old) < 0) {
		fprintf(stderr, "naskah: ralat: dated %s, before the letter it "
		    "replaces (%s)\n", iso, en.created);
		st = EX_USAGE;
		goto out;
	}
	if (odata_open(&x, o, opt->datadir, &(struct aduan_env){ 0 },
	    &e) != 0)
		goto fail;
	/* The changed row, checked again as today's configuration sees it. */
	a = xcalloc(1, sizeof(*a));
	data = xstrdup(c.data);
	row_from_data(check_fields(x.ck), data, a);
	a->ck = x.ck;
	a->file = c.file;
	a->line = c.line;
	if (check_app(a, office_kantor(o), office_sops(o), &e) !=
	    APP_COMPLETE) {
		if (e.msg[0] == '\0')
			nerr_set(&e, EX_DATAERR, c.file, c.line, 0, "the "
			    "changed row is no longer complete");
		nerr_format(reason, sizeof(reason), &e);
		fprintf(stderr, "naskah: ralat: %s: the changed row cannot "
		    "make a letter: %s\n", nomor, reason);
		goto out;
	}
	for (size_t i = 0; i < a->sop->ndoc; i++)
		if (a->sop->doc[i].saat == SE_LENGKAP &&
		    a->sop->doc[i].buku != NULL &&
		    !strcmp(a->sop->doc[i].jenis, en.doc_kind))
			doc = &a->sop->doc[i];
	if (doc == NULL) {
		fprintf(stderr, "naskah: ralat: %s: the service %s makes no "
		    "numbered %s now\n", nomor, a->sop->layanan, en.doc_kind);
		goto out;
	}
	fill_hash(x.fill, a, hash);
	/* What it corrects, for the officer to see once more. */
	if ((olddata = reg_app_data(office_reg(o), app_id, &e)) == NULL &&
	    e.status != 0)
		goto fail;
	if (fill_diff(x.fill, a, olddata, diff, sizeof(diff)) == 0)
		snprintf(diff, sizeof(diff), "no printed field");
	free(olddata);
	date_iso(&a->tanggal, appiso, sizeof(appiso));
	apptahun = a->tanggal.y;
	/* The corrected letter is signed on the ralat's day, and says what
	 * it replaces (templates/inc/ralat.xml). */
	a->tanggal = when;
	date_format_id(&old, oldtgl, sizeof(oldtgl));

	is = issue_new(o);
	if (issue_begin(is, &e) != 0)
		goto fail;
	if ((run = reg_run_start(office_reg(o), "ralat", nomor)) == 0) {
		reg_last_error(office_reg(o), "record run", &e);
		goto fail;
	}
	if (issue_number(is, en.book, doc->jenis, doc->klasifikasi, when.y,
	    when.m, &num, newnomor, sizeof(newnomor), &e) != 0)
		goto fail;
	d = tpl_dict_new();
	fill_row(x.fill, d, a, doc, newnomor);
	tpl_section_show(d, "RALAT");
	tpl_set(d, "RALAT_NOMOR", nomor);
	tpl_set(d, "RALAT_TANGGAL", oldtgl);
	snprintf(title, sizeof(title), "%s %s", doc->judul, newnomor);
	struct pdf_info info = { title, a->sop->nama, newnomor, when.y,
	    when.m, when.d, strcmp(doc->jenis, "surat") ? doc->jenis :
	    a->sop->layanan, newnomor, check_val(a, CK_NO_REGISTER),
	    check_val(a, CK_NIK), check_val(a, CK_NAMA) };
	if (office_render(o, doc->template, d, NULL, &info, &e) != 0)
		goto fail;
	snprintf(rel, sizeof(rel), "%s/%04d/%05ld_%s_%s.pdf", doc->jenis,
	    when.y, num.urut, a->sop->layanan, iso);
	struct reg_doc rd = { .kind = doc->jenis, .app_id = app_id,
	    .created = iso, .num = num };
	snprintf(reason, sizeof(reason), "diganti dengan Nomor %s", newnomor);
	/* The application's year is its key: the row's own. */
	struct reg_appin in = { apptahun, check_val(a, CK_NO_REGISTER),
	    appiso, a->sop->layanan, check_val(a, CK_NIK),
	    check_val(a, CK_NAMA), check_val(a, CK_KODE_DESA), c.data, hash,
	    c.file, "complete", "", a->warn, check_val(a, CK_JAM),
	    check_val(a, CK_JAM_SELESAI), check_val(a, CK_PETUGAS), c.line,
	    run };
	long id;
	if (issue_stage(is, rel, &rd, &e) != 0 ||
	    (rc = reg_entry_cancel(office_reg(o), nomor, reason, iso, newnomor,
	    &e)) < 0 ||
	    reg_entry_replaces(office_reg(o), newnomor, nomor, &e) != 0 ||
	    reg_app_put(office_reg(o), &in, &id, &e) != 0 ||
	    reg_conflict_clear(office_reg(o), app_id, &e) != 0)
		goto fail;
	if (rc != 1 || id != app_id) {
		nerr_set(&e, EX_SOFTWARE, NULL, 0, 0, "ralat %s: the register "
		    "changed meanwhile; nothing was issued", nomor);
		goto fail;
	}
	if (issue_commit(is, &e) != 0)
		goto fail;
	reg_run_end(office_reg(o), run, 0, newnomor);
	if (!opt->quiet)
		fprintf(stderr, "naskah ralat: %s issued as %s/%s, replacing "
		    "%s (cancelled: \"%s\"; its file is kept); changed: %s\n",
		    newnomor, opt->output, rel, nomor, reason, diff);
	st = 0;
	goto out;
fail:
	nerr_print(stderr, "naskah", &e);
	st = e.status ? e.status : EX_SOFTWARE;
	if (is != NULL)
		issue_abort(is);
out:
	tpl_dict_free(d);
	issue_free(is);
	reg_conflict_free(&c);
	free(data);
	free(a);
	odata_close(&x);
	office_close(o);
	return st;
}
