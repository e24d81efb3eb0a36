/* run.c -- `naskah run`: every register export not yet processed, oldest
 * first; each row checked, recorded and turned into its letter or return
 * notice; numbers given in the transaction that records the file. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "aduan.h"
#include "check.h"
#include "csvr.h"
#include "date.h"
#include "fill.h"
#include "fsio.h"
#include "issue.h"
#include "odata.h"
#include "office.h"
#include "progress.h"
#include "run.h"
#include "sd.h"
#include "sha256.h"
#include "wtime.h"
#include "xmem.h"

#define BATCH	64	/* documents per transaction: one commit, one sync */
/* With --jobs (issue 15) the batch's end is a barrier: the workers wait
 * while the parent syncs, commits and renames.  Its cost is per batch
 * (the sync and COMMIT, ~10-15 ms here) and the parent now records each
 * document as it is drawn, so a batch's size only bounds what a crash
 * makes the next run redo. */
#define BATCH_JOBS	512

struct counts {
	long	rows, letters, returned, pengaduan, rejected, unchanged;
	long	warnings;
};

struct runner {
	const struct run_opts	*opt;
	struct office		*o;
	struct fields		*fields;	/* templates/fields.xml */
	struct check		*ck;
	struct fill		*fill;
	struct issue		*iss;
	struct aduan		*ad;		/* complaints (aduan.c) */
	struct sd		*sd;		/* surat dinas (sd.c) */
	long			 run;
	struct counts		 c;
	FILE			*errcsv;	/* the error report, tmp */
	FILE			*log;		/* the run log, tmp */
	char			 errpath[4096], logpath[4096];
	char			 errtmp[4096], logtmp[4096];
	int			 fatal;		/* exit status if stopped */
	struct nerr		 fe;
	struct nerr		 rowerr;	/* why issue_* refused a row */
	struct progress		*prog;		/* rows, on a terminal */
	size_t			 batch;		/* BATCH, or BATCH_JOBS */
};

static void
logf_(struct runner *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
logf_(struct runner *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (r->log != NULL) {
		va_list aq;
		va_copy(aq, ap);
		vfprintf(r->log, fmt, aq);
		fputc('\n', r->log);
		va_end(aq);
	}
	if (r->opt->verbose) {
		fputs("naskah: ", stderr);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}

/* CSV field for the error report: always quoted, quotes doubled. */
static void
csv_field(FILE *fp, const char *s, int last)
{
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
	fputc(last ? '\n' : ',', fp);
}

static void
reject(struct runner *r, const struct nerr *e, const char *no_register)
{
	char buf[2048], num[32];

	r->c.rejected++;
	nerr_format(buf, sizeof(buf), e);
	if (!r->opt->quiet)
		fprintf(stderr, "naskah: %s\n", buf);
	logf_(r, "rejected: %s", buf);
	/* Inside the batch transaction: a file of 100,000 bad rows must not
	 * cost 100,000 synchronous commits.  Best effort: the error report
	 * below is the record the office reads. */
	if (issue_begin(r->iss, NULL) == 0)
		reg_reject(office_reg(r->o), r->run, e, no_register);
	csv_field(r->errcsv, e->file, 0);
	snprintf(num, sizeof(num), "%ld", e->line);
	csv_field(r->errcsv, num, 0);
	snprintf(num, sizeof(num), "%ld", e->col);
	csv_field(r->errcsv, num, 0);
	csv_field(r->errcsv, no_register ? no_register : "", 0);
	csv_field(r->errcsv, e->msg, 1);
}

/* What aduan.c reports through its environment. */
static void
ad_reject(void *arg, const struct nerr *e, const char *no_register)
{
	reject(arg, e, no_register);
}

static void
ad_warn(void *arg, const struct nerr *w)
{
	struct runner *r = arg;

	r->c.warnings++;
	if (!r->opt->quiet)
		fprintf(stderr, "naskah: %s:%ld:%ld: warning: %s\n", w->file,
		    w->line, w->col, w->msg);
	logf_(r, "%s:%ld:%ld: warning: %s", w->file, w->line, w->col, w->msg);
}

static void
ad_log(void *arg, const char *line)
{
	logf_(arg, "%s", line);
}

/* One surat-keluar/ file (sd.c). */
static void
do_suratdinas(struct runner *r, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/surat-keluar/%s", r->opt->input,
	    name);
	logf_(r, "reading %s", path);
	if (sd_file(r->sd, path, name, r->opt->date != NULL, &r->fe) != 0)
		r->fatal = r->fe.status ? r->fe.status : EX_SOFTWARE;
}

/* One tindak-lanjut/ file (aduan.c). */
static void
do_followup(struct runner *r, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/tindak-lanjut/%s", r->opt->input,
	    name);
	logf_(r, "reading %s", path);
	if (aduan_file(r->ad, path, name, r->opt->date != NULL, &r->fe) != 0)
		r->fatal = r->fe.status ? r->fe.status : EX_SOFTWARE;
}

static int
batch_flush(struct runner *r)
{
	if (issue_commit(r->iss, &r->fe) != 0) {
		r->fatal = r->fe.status ? r->fe.status : EX_CANTCREAT;
		return -1;
	}
	return 0;
}

/* Opens the batch transaction on first use. */
static int
batch_need(struct runner *r)
{
	if (issue_begin(r->iss, &r->fe) != 0) {
		r->fatal = r->fe.status;
		return -1;
	}
	return 0;
}

/* A document of the row's event: numbered in its book if it has one,
 * filled, rendered and staged.  0 done, 1 the row's data cannot be shown
 * (r->rowerr; the caller undoes the row), -1 fatal. */
static int
issue_doc(struct runner *r, struct app *a, long app_id,
    const struct sop_doc *doc, const char *hash, const char *data)
{
	struct tpl_dict *d;
	char nomor[256], rel[512], iso[16], title[512], safe[48];
	struct nerr e = { 0 };
	struct reg_num num = { 0, 0 };
	int rc;

	/* The number: the next of its book, inside this transaction (each
	 * staged document's number is already in the book). */
	if (doc->buku != NULL && issue_number(r->iss, doc->buku, doc->jenis,
	    doc->klasifikasi, a->tanggal.y, a->tanggal.m, &num, nomor,
	    sizeof(nomor), &r->fe) != 0) {
		r->fatal = r->fe.status;
		return -1;
	}
	d = tpl_dict_new();
	fill_row(r->fill, d, a, doc, doc->buku ? nomor : NULL);
	if (doc->buku != NULL)
		snprintf(title, sizeof(title), "%s %s", doc->judul, nomor);
	else
		snprintf(title, sizeof(title), "%s", doc->judul);
	struct pdf_info info = { title, a->sop->nama, doc->buku ? nomor :
	    check_val(a, CK_NO_REGISTER), a->tanggal.y, a->tanggal.m,
	    a->tanggal.d, strcmp(doc->jenis, "surat") ? doc->jenis :
	    a->sop->layanan, doc->buku ? nomor : NULL,
	    check_val(a, CK_NO_REGISTER), check_val(a, CK_NIK),
	    check_val(a, CK_NAMA) };
	/* --jobs: laid out here, drawn by a worker at the batch's end. */
	office_set_dry(r->o, issue_jobs(r->iss) > 1);
	rc = office_render(r->o, doc->template, d, NULL, &info, &e);
	office_set_dry(r->o, 0);
	tpl_dict_free(d);
	if (rc != 0) {
		if (e.status == EX_DATAERR) {
			/* A value the document cannot show: this row only. */
			snprintf(e.file, sizeof(e.file), "%s", a->file);
			e.line = a->line;
			r->rowerr = e;	/* do_row undoes the row, then rejects */
			return 1;
		}
		r->fe = e;
		r->fatal = e.status ? e.status : EX_SOFTWARE;
		return -1;
	}
	date_iso(&a->tanggal, iso, sizeof(iso));
	if (doc->buku != NULL)
		snprintf(rel, sizeof(rel), "%s/%04d/%05ld_%s_%s.pdf",
		    doc->jenis, a->tanggal.y, num.urut, a->sop->layanan, iso);
	else {
		/* The data's hash in the name: a corrected application that
		 * makes this document again gets a new one beside the old.
		 * Made again from the same data (a template now prints
		 * another field), it takes the row hash instead. */
		char path[4096], dsha[65];

		sha256_hex(data, strlen(data), dsha);
		office_safename(check_val(a, CK_NO_REGISTER), safe,
		    sizeof(safe));
		snprintf(rel, sizeof(rel), "%s/%04d/%s_%s_%s_%.8s.pdf",
		    doc->jenis, a->tanggal.y, iso, safe, a->sop->layanan,
		    dsha);
		snprintf(path, sizeof(path), "%s/%s", office_outdir(r->o), rel);
		if (access(path, F_OK) == 0)
			snprintf(rel, sizeof(rel), "%s/%04d/%s_%s_%s_%.8s.pdf",
			    doc->jenis, a->tanggal.y, iso, safe,
			    a->sop->layanan, hash + 2);
	}
	struct reg_doc rd = { .kind = doc->jenis, .app_id = app_id,
	    .created = iso, .num = num, .klasifikasi = doc->klasifikasi };
	rc = issue_jobs(r->iss) > 1 ? issue_defer(r->iss, rel, &rd, &r->fe) :
	    issue_stage(r->iss, rel, &rd, &r->fe);
	if (rc != 0) {
		r->fatal = r->fe.status ? r->fe.status : EX_CANTCREAT;
		return -1;
	}
	if (doc->buku != NULL)
		logf_(r, "%s line %ld: %s %s -> %s", a->file, a->line,
		    check_val(a, CK_NO_REGISTER), a->sop->layanan, nomor);
	return 0;
}

/* Every document the row's SOP lists for the row's event, in its order:
 * nothing here knows a service or a kind of document. */
static int
issue_event(struct runner *r, struct app *a, long app_id, const char *hash,
    const char *data)
{
	enum sop_event ev = a->status == APP_COMPLETE ? SE_LENGKAP :
	    a->status == APP_INCOMPLETE ? SE_KURANG : SE_DITERIMA;
	int rc;

	/* A complaint's state and documents are aduan.c's. */
	if (a->sop->pengaduan) {
		if ((rc = aduan_received(r->ad, a, app_id, &r->rowerr,
		    &r->fe)) < 0)
			r->fatal = r->fe.status ? r->fe.status : EX_SOFTWARE;
		r->c.pengaduan += rc == 0;
		return rc;
	}
	for (size_t i = 0; i < a->sop->ndoc; i++) {
		if (a->sop->doc[i].saat != ev)
			continue;
		if ((rc = issue_doc(r, a, app_id, &a->sop->doc[i], hash,
		    data)) != 0)
			return rc;
	}
	if (a->status == APP_COMPLETE)
		r->c.letters++;
	else if (a->status == APP_INCOMPLETE) {
		r->c.returned++;
		logf_(r, "%s line %ld: %s %s returned, %zu missing", a->file,
		    a->line, check_val(a, CK_NO_REGISTER), a->sop->layanan,
		    a->nmissing);
	}
	return 0;
}

/* A row whose printed data changed after its document was issued: e
 * names the fields that changed, old -> new, normalised.  The changed
 * row is kept in the register (the latest one per application), so that
 * `naskah ralat NOMOR` can issue the corrected letter from it.  0, or -1
 * fatal. */
static int
conflict(struct runner *r, struct app *a, const struct reg_app *old,
    const char *hash, struct nerr *e)
{
	const char *noreg = check_val(a, CK_NO_REGISTER);
	char diff[700], what[800], nomor[128];
	struct reg_entryinfo en;
	char *olddata, *data;
	int rc = 0, live = old->nomor[0] != '\0';

	/* The letter now in force: a ralat's, when the first was replaced
	 * (a cancelled one has no ralat). */
	snprintf(nomor, sizeof(nomor), "%s", old->nomor);
	for (int hops = 0; live && hops < 100; hops++) {
		if (reg_entry_find(office_reg(r->o), nomor, &en, &r->fe) < 0) {
			r->fatal = r->fe.status;
			return -1;
		}
		if (strcmp(en.status, "cancelled") != 0)
			break;
		if (en.replaced_by[0] == '\0')
			live = 0;
		else
			snprintf(nomor, sizeof(nomor), "%s", en.replaced_by);
	}

	olddata = reg_app_data(office_reg(r->o), old->id, &r->fe);
	if (olddata == NULL && r->fe.status != 0) {
		r->fatal = r->fe.status;
		return -1;
	}
	if (fill_diff(r->fill, a, olddata, diff, sizeof(diff)) > 0)
		snprintf(what, sizeof(what), "changed: %s", diff);
	else
		snprintf(what, sizeof(what), "changed: what the row needs or "
		    "makes (its persyaratan or its state), no printed field");
	free(olddata);
	if (live) {
		data = fill_data(r->fill, a);
		struct reg_conflict c = { old->id, data, hash, a->file,
		    a->line };
		rc = reg_conflict_put(office_reg(r->o), &c, &r->fe);
		free(data);
		if (rc != 0) {
			r->fatal = r->fe.status;
			return -1;
		}
	}
	if (strcmp(old->file, a->file) != 0 || old->line != a->line)
		nerr_set(e, EX_DATAERR, a->file, a->line,
		    check_col(a, CK_NO_REGISTER), "no_register: \"%s\" is "
		    "already registered (%s line %ld)%s%s%s; %s%s%s", noreg,
		    old->file, old->line, nomor[0] ? " with letter " : "",
		    nomor, nomor[0] && !live ? " (cancelled)" : "", what,
		    live ? "; `naskah ralat` issues the corrected letter: "
		    "naskah ralat " : "", live ? nomor : "");
	else if (live)
		nerr_set(e, EX_DATAERR, a->file, a->line, 0, "conflict: the "
		    "row changed after %s was issued for it; %s; not reissued "
		    "(to issue the corrected letter with a new number: naskah "
		    "ralat %s; or issue a new application)", nomor, what,
		    nomor);
	else if (nomor[0] != '\0')
		nerr_set(e, EX_DATAERR, a->file, a->line, 0, "conflict: the "
		    "row changed after %s was issued for it and cancelled; %s; "
		    "not reissued (issue a new application)", nomor, what);
	else
		nerr_set(e, EX_DATAERR, a->file, a->line, 0, "conflict: the "
		    "row changed after its document was issued for it; %s; "
		    "not reissued (issue a new application)", what);
	return 0;
}

static int
do_row(struct runner *r, struct app *a)
{
	struct nerr e = { 0 };
	struct reg_app old;
	char hash[FILL_HASH_SZ], missing[2048] = "";
	const char *noreg;
	char *data;
	long id;
	int found, rc = 0;

	r->c.rows++;
	noreg = check_val(a, CK_NO_REGISTER);
	if (check_app(a, office_kantor(r->o), office_sops(r->o), &e) == APP_MALFORMED) {
		reject(r, &e, noreg);
		return 0;
	}
	/* Signed by whoever held the post on the row's date: nobody is a
	 * mistake of kantor.xml, not of the row. */
	if (kantor_pejabat_on(office_kantor(r->o), a->sop->signer,
	    &a->tanggal, &r->fe) == NULL) {
		r->fatal = EX_CONFIG;
		return -1;
	}
	if (a->warn[0]) {
		r->c.warnings++;
		if (!r->opt->quiet)
			fprintf(stderr, "naskah: %s:%ld: warning: %s\n",
			    a->file, a->line, a->warn);
		logf_(r, "%s:%ld: warning: %s", a->file, a->line, a->warn);
	}
	if (batch_need(r) != 0)
		return -1;
	found = reg_app_find(office_reg(r->o), a->tanggal.y, noreg, &old, &r->fe);
	if (found < 0) {
		r->fatal = r->fe.status;
		return -1;
	}
	fill_hash(r->fill, a, hash);
	if (found && fill_hash_same(r->fill, a, old.sha, hash)) {
		r->c.unchanged++;
		/* Changed back: a ralat must not issue the change any more. */
		if (strcmp(old.status, "incomplete") != 0 &&
		    reg_conflict_clear(office_reg(r->o), old.id, &r->fe) != 0) {
			r->fatal = r->fe.status;
			return -1;
		}
		return 0;
	}
	if (found && (strcmp(old.status, "incomplete") != 0)) {
		if (conflict(r, a, &old, hash, &e) != 0)
			return -1;
		reject(r, &e, noreg);
		return 0;
	}
	for (size_t i = 0; i < a->nmissing; i++) {
		size_t n = strlen(missing);
		snprintf(missing + n, sizeof(missing) - n, "%s%s",
		    i ? ";" : "", a->missing[i]->kode);
	}
	char iso[16];
	date_iso(&a->tanggal, iso, sizeof(iso));
	/* A row refused after it was recorded (a value the letter cannot
	 * draw) must leave nothing behind: no "complete" application
	 * without its number. */
	if (issue_row_begin(r->iss, &r->fe) != 0) {
		r->fatal = r->fe.status;
		return -1;
	}
	data = fill_data(r->fill, a);
	struct reg_appin in = { a->tanggal.y, noreg, iso,
	    a->sop->layanan, check_val(a, CK_NIK), check_val(a, CK_NAMA),
	    check_val(a, CK_KODE_DESA), data, hash, a->file,
	    a->status == APP_COMPLETE ? "complete" :
	    a->status == APP_INCOMPLETE ? "incomplete" : "pengaduan",
	    missing, a->warn, check_val(a, CK_JAM),
	    check_val(a, CK_JAM_SELESAI), check_val(a, CK_PETUGAS), a->line,
	    r->run };
	if (reg_app_put(office_reg(r->o), &in, &id, &r->fe) != 0) {
		free(data);
		r->fatal = r->fe.status;
		return -1;
	}
	rc = issue_event(r, a, id, hash, data);
	free(data);
	if (rc < 0)
		return -1;
	if (issue_row_end(r->iss, rc == 1, &r->fe) != 0) {
		r->fatal = r->fe.status;
		return -1;
	}
	if (rc == 1)
		reject(r, &r->rowerr, noreg);
	if (issue_staged(r->iss) >= r->batch)
		return batch_flush(r);
	return 0;
}

/* The no_register values seen in this file, so a duplicate is rejected:
 * an open-addressing hash (a linear scan made a 100,000-row file
 * quadratic) over one arena of keys, about 30 bytes a row. */
struct seen_slot {
	uint32_t	off;		/* key's offset in the arena + 1; 0 free */
	uint32_t	line;
};

struct seen {
	struct seen_slot	*v;
	size_t			 n, cap;	/* cap: a power of two */
	char			*keys;
	size_t			 klen, kcap;
};

static size_t
seen_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

static void
seen_grow(struct seen *t)
{
	size_t cap = t->cap ? t->cap * 2 : 1024;
	struct seen_slot *v = xcalloc(cap, sizeof(*v));

	for (size_t i = 0; i < t->cap; i++) {
		if (t->v[i].off == 0)
			continue;
		size_t j = seen_hash(t->keys + t->v[i].off - 1) & (cap - 1);
		while (v[j].off != 0)
			j = (j + 1) & (cap - 1);
		v[j] = t->v[i];
	}
	free(t->v);
	t->v = v;
	t->cap = cap;
}

/* 1 and *first set if key was seen; else remembers it and returns 0. */
static int
seen_check(struct seen *t, const char *key, long line, long *first)
{
	size_t j, n = strlen(key) + 1;

	if (2 * (t->n + 1) > t->cap)
		seen_grow(t);
	for (j = seen_hash(key) & (t->cap - 1); t->v[j].off != 0;
	    j = (j + 1) & (t->cap - 1))
		if (strcmp(t->keys + t->v[j].off - 1, key) == 0) {
			*first = t->v[j].line;
			return 1;
		}
	if (t->klen + n > t->kcap) {
		/* A key may be far longer than the arena so far (a 1 MB
		 * no_register is only refused later, by check_app). */
		size_t cap = t->kcap ? t->kcap : 65536;

		while (cap < t->klen + n)
			cap *= 2;
		if (t->klen + n > UINT32_MAX - 1)
			abort();	/* offsets are 32-bit */
		t->keys = xrealloc(t->keys, cap);
		t->kcap = cap;
	}
	memcpy(t->keys + t->klen, key, n);
	t->v[j].off = (uint32_t)t->klen + 1;
	t->v[j].line = (uint32_t)line;
	t->klen += n;
	t->n++;
	return 0;
}

static void
seen_free(struct seen *t)
{
	free(t->v);
	free(t->keys);
}

static int
do_file(struct runner *r, const char *path, const char *name)
{
	struct nerr e = { 0 };
	struct csvr *c;
	struct csvr_row row;
	const struct fields *t = check_fields(r->ck);
	size_t nf = fields_count(t);
	int map[FIELDS_MAX], rc;
	char sha[65];
	struct seen seen = { 0 };
	long rows = 0;
	struct date exday;
	char day[11];

	if (fs_sha256(path, sha) != 0) {
		nerr_set(&e, EX_NOINPUT, path, 0, 0, "cannot read: %s",
		    strerror(errno));
		reject(r, &e, NULL);
		return 0;
	}
	if (r->opt->date == NULL && reg_import_done(office_reg(r->o), name, sha)) {
		logf_(r, "%s: already processed", name);
		return 0;
	}
	if ((c = csvr_open(path, &e)) == NULL) {
		reject(r, &e, NULL);
		return 0;
	}
	for (size_t f = 0; f < nf; f++) {
		map[f] = csvr_col(c, fields_at(t, f)->name);
		if (map[f] < 0 && check_required_column(r->ck, f)) {
			nerr_set(&e, EX_DATAERR, path, 1, 0, "missing required "
			    "column \"%s\"; the file is refused",
			    fields_at(t, f)->name);
			reject(r, &e, NULL);
			csvr_close(c);
			return 0;
		}
	}
	for (size_t i = 0; i < csvr_ncols(c); i++) {
		size_t f;
		for (f = 0; f < nf; f++)
			if (map[f] == (int)i)
				break;
		if (f == nf) {
			r->c.warnings++;
			if (!r->opt->quiet)
				fprintf(stderr, "naskah: %s:1:%zu: warning: "
				    "unknown column \"%s\" ignored\n", path,
				    i + 1, csvr_colname(c, i));
		}
	}
	/* The encoding assumed, empty columns ignored: once per file. */
	for (size_t i = 0; csvr_warning(c, i) != NULL; i++) {
		const struct nerr *w = csvr_warning(c, i);

		r->c.warnings++;
		if (!r->opt->quiet)
			fprintf(stderr, "naskah: %s:%ld:%ld: warning: %s\n",
			    path, w->line, w->col, w->msg);
		logf_(r, "%s:%ld:%ld: warning: %s", path, w->line, w->col,
		    w->msg);
	}
	/* name is YYYY-MM-DD.csv (fs_days, --date): the export's day. */
	snprintf(day, sizeof(day), "%s", name);
	if (date_parse(day, &exday) != 0)
		memset(&exday, 0, sizeof(exday));
	while ((rc = csvr_next(c, &row, &e)) != 0) {
		struct app a;
		long first;

		if (rc == -2) {
			reject(r, &e, NULL);
			break;
		}
		if (rc == -1) {
			r->c.rows++;
			reject(r, &e, NULL);
			continue;
		}
		const char *noreg;

		rows++;
		memset(&a, 0, offsetof(struct app, scratch));
		a.ck = r->ck;
		a.file = path;
		a.line = row.line;
		a.export = exday.y ? &exday : NULL;
		for (size_t f = 0; f < nf; f++) {
			a.v[f] = map[f] >= 0 ? row.fields[map[f]] : "";
			a.col[f] = map[f] + 1;
		}
		noreg = check_val(&a, CK_NO_REGISTER);
		if (noreg[0] && seen_check(&seen, noreg, row.line, &first)) {
			r->c.rows++;
			nerr_set(&e, EX_DATAERR, path, row.line,
			    check_col(&a, CK_NO_REGISTER), "no_register: "
			    "duplicate \"%s\" (first on line %ld)", noreg,
			    first);
			reject(r, &e, noreg);
			continue;
		}
		if (do_row(r, &a) != 0)
			break;
		progress_set(r->prog, r->c.rows);
	}
	csvr_close(c);
	seen_free(&seen);
	if (r->fatal)
		return -1;
	if (batch_need(r) != 0 ||
	    reg_import_mark(office_reg(r->o), name, sha, rows, r->run, &r->fe) != 0 ||
	    batch_flush(r) != 0) {
		r->fatal = r->fe.status ? r->fe.status : EX_CANTCREAT;
		return -1;
	}
	return 0;
}

void
run_today(struct date *d)
{
	const char *env = getenv("NASKAH_TEST_TODAY");
	time_t now = time(NULL);
	struct tm tm;

	if (env != NULL && date_parse(env, d) == 0)
		return;
	localtime_r(&now, &tm);
	d->y = tm.tm_year + 1900;
	d->m = tm.tm_mon + 1;
	d->d = tm.tm_mday;
}

/* Missing days are named as runs of consecutive working days; past
 * this many runs, the first and last few and how many in all. */
#define GAP_SHOW	6

/*
 * A plain run's silence about missing input: every working day (jam
 * kerja and libur.csv) from the register's since, or the day after the
 * newest export processed before this run if later, through yesterday
 * (today's export comes tonight) without register/DAY.csv is named on
 * stderr, even with -q, so that cron mails someone.  Returns how many.
 */
static long
missing_days(struct runner *r, const char *regdir, char **files,
    size_t nfiles, const struct date *start)
{
	const struct wtime *w = kantor_wtime(office_kantor(r->o));
	struct date today, d;
	long first, last, n = 0, (*run)[2] = NULL;
	size_t nrun = 0, f = 0;
	int open = 0;
	char msg[1024], a[16], b[16];
	size_t len;

	run_today(&today);
	first = date_days(start);
	last = date_days(&today) - 1;
	/* Ten years at most: a since typed wrong, not a decade forgotten. */
	if (last - first > 3653)
		first = last - 3653;
	for (long day = first; day <= last; day++) {
		char name[16];
		int have = 0;

		wtime_date_add(start, day - date_days(start), &d);
		if (!wtime_is_workday(w, &d))
			continue;
		date_iso(&d, name, sizeof(name));
		/* files are sorted, and so are the days. */
		while (f < nfiles && strncmp(files[f], name, 10) < 0)
			f++;
		have = f < nfiles && strncmp(files[f], name, 10) == 0;
		if (have) {
			open = 0;
			continue;
		}
		n++;
		if (open)
			run[nrun - 1][1] = day;
		else {
			run = xrealloc(run, (nrun + 1) * sizeof(*run));
			run[nrun][0] = run[nrun][1] = day;
			nrun++;
			open = 1;
		}
	}
	if (n == 0) {
		free(run);
		return 0;
	}
	/* At most GAP_SHOW runs of 26 bytes: msg always holds them. */
	len = (size_t)snprintf(msg, sizeof(msg), "no register export for %ld "
	    "working day%s: ", n, n == 1 ? "" : "s");
	for (size_t i = 0; i < nrun && len < sizeof(msg); i++) {
		if (nrun > GAP_SHOW && i == GAP_SHOW / 2) {
			len += (size_t)snprintf(msg + len, sizeof(msg) - len,
			    "..., ");
			i = nrun - GAP_SHOW / 2;
		}
		wtime_date_add(start, run[i][0] - date_days(start), &d);
		date_iso(&d, a, sizeof(a));
		wtime_date_add(start, run[i][1] - date_days(start), &d);
		date_iso(&d, b, sizeof(b));
		if (run[i][0] == run[i][1])
			len += (size_t)snprintf(msg + len, sizeof(msg) - len,
			    "%s%s", a, i + 1 < nrun ? ", " : "");
		else
			len += (size_t)snprintf(msg + len, sizeof(msg) - len,
			    "%s to %s%s", a, b, i + 1 < nrun ? ", " : "");
	}
	free(run);
	fprintf(stderr, "naskah: %s: %s (expected as YYYY-MM-DD.csv; a day "
	    "the office was closed belongs in libur.csv)\n", regdir, msg);
	logf_(r, "%s: %s", regdir, msg);
	return n;
}

static FILE *
open_tmp(const char *path, char *tmp, size_t sz)
{
	fs_tmpname(path, tmp, sz);
	return fopen(tmp, "w");
}

/* Flushes a report file to its final name: fsync, rename.  On a full
 * disk the truncated temporary is removed rather than given the final
 * name: no file in the output is ever half-written. */
static void
close_report(FILE *fp, const char *tmp, const char *path)
{
	int bad = ferror(fp) | fflush(fp) | fsync(fileno(fp));

	if ((fclose(fp) | bad) != 0) {
		fprintf(stderr, "naskah: %s: cannot write: %s\n", path,
		    strerror(errno));
		unlink(tmp);
		return;
	}
	if (fs_commit(tmp, path, NULL) != 0)
		unlink(tmp);
}

/* The office's data, checked when it opens, before any row is read: the
 * field table, the SOPs' fields and signers against it and kantor.xml,
 * and every document of every SOP rendered once (fill_preflight). */
static int
data_open(struct runner *r, struct nerr *e)
{
	const char *dd = r->opt->datadir;
	char path[4096], **sds;
	size_t nsds;

	/* The surat dinas types are rendered once only when there are
	 * letters to make: ~11 M instructions each, a tenth of a second a
	 * night for an office that writes none. */
	snprintf(path, sizeof(path), "%s/surat-keluar", r->opt->input);
	sds = fs_days(path, &nsds);
	for (size_t i = 0; i < nsds; i++)
		free(sds[i]);
	free(sds);
	struct odata d;
	int rc = odata_open(&d, r->o, dd, &(struct aduan_env){ .batch = BATCH,
	    .reject = ad_reject, .warn = ad_warn, .log = ad_log, .arg = r }, e);

	r->fields = d.fields, r->ck = d.ck, r->fill = d.fill, r->ad = d.ad;
	if (rc != 0 ||
	    (r->sd = sd_new(&(struct sd_env){ r->o, dd, NULL, 0, BATCH,
	    nsds > 0, ad_reject, ad_warn, ad_log, r }, e)) == NULL) {
		if (e->status == 0)
			e->status = EX_CONFIG;
		return -1;
	}
	return 0;
}

static void
data_close(struct runner *r)
{
	sd_free(r->sd);
	odata_close(&(struct odata){ r->fields, r->ck, r->fill, r->ad });
}

/* NASKAH_DEBUG_CPU set: the parent's CPU seconds beside its render
 * workers' (reaped by issue_free), for the speed figures of --jobs. */
static void
cpu_report(void)
{
	struct rusage self, kids;

	if (getenv("NASKAH_DEBUG_CPU") == NULL ||
	    getrusage(RUSAGE_SELF, &self) != 0 ||
	    getrusage(RUSAGE_CHILDREN, &kids) != 0)
		return;
	fprintf(stderr, "naskah: cpu: parent %.3f s (user %.3f), workers "
	    "%.3f s (user %.3f)\n",
	    self.ru_utime.tv_sec + self.ru_stime.tv_sec +
	    (self.ru_utime.tv_usec + self.ru_stime.tv_usec) / 1e6,
	    self.ru_utime.tv_sec + self.ru_utime.tv_usec / 1e6,
	    kids.ru_utime.tv_sec + kids.ru_stime.tv_sec +
	    (kids.ru_utime.tv_usec + kids.ru_stime.tv_usec) / 1e6,
	    kids.ru_utime.tv_sec + kids.ru_utime.tv_usec / 1e6);
}

int
run_nightly(const struct run_opts *opt)
{
	struct runner r = { 0 };
	struct nerr e = { 0 };
	char regdir[4096], path[4096], stamp[32], summary[1024];
	char **files, **tls, **sds;
	size_t nfiles, ntls, ti = 0, nsds, si = 0;
	int status, noinput = 0, check_days = 0;
	struct date start;
	time_t now = time(NULL);
	struct tm tm;

	r.opt = opt;
	if (opt->date != NULL) {
		struct date d;
		if (date_parse(opt->date, &d) != 0 || opt->date[4] != '-') {
			fprintf(stderr, "naskah: --date %s: not a date "
			    "YYYY-MM-DD\n", opt->date);
			return EX_USAGE;
		}
	}
	if ((r.o = office_open(opt->input, opt->output, opt->datadir,
	    OFFICE_LOCK_NOWAIT, &e)) == NULL) {
		nerr_print(stderr, "naskah", &e);
		return e.status ? e.status : EX_SOFTWARE;
	}
	if (data_open(&r, &e) != 0) {
		nerr_print(stderr, "naskah", &e);
		data_close(&r);
		office_close(r.o);
		return e.status ? e.status : EX_CONFIG;
	}
	office_missing(r.o, stderr);
	r.iss = issue_new(r.o);
	/* --jobs (issue 15): the cores unless told. */
	if (opt->jobs > 0)
		issue_set_jobs(r.iss, opt->jobs);
	else {
		long nc = sysconf(_SC_NPROCESSORS_ONLN);
		issue_set_jobs(r.iss, nc > 64 ? 64 : nc > 0 ? (int)nc : 1);
	}
	/* Test hook (t_jobs.sh): NASKAH_TEST_BATCH=N documents a batch. */
	r.batch = issue_jobs(r.iss) > 1 ? BATCH_JOBS : BATCH;
	if (getenv("NASKAH_TEST_BATCH") != NULL &&
	    atoi(getenv("NASKAH_TEST_BATCH")) > 0)
		r.batch = (size_t)atoi(getenv("NASKAH_TEST_BATCH"));
	/* desa.csv's and libur.csv's warnings, as an export's are. */
	for (size_t i = 0; kantor_warning(office_kantor(r.o), i) != NULL;
	    i++) {
		const struct nerr *w = kantor_warning(office_kantor(r.o), i);

		r.c.warnings++;
		if (!opt->quiet)
			fprintf(stderr, "naskah: %s:%ld:%ld: warning: %s\n",
			    w->file, w->line, w->col, w->msg);
	}
	aduan_set_issue(r.ad, r.iss);
	/* The first write to the register: a locked, read-only or full
	 * register stops the run here, before any file is read. */
	if ((r.run = reg_run_start(office_reg(r.o), "run", opt->date ? opt->date :
	    "")) == 0) {
		reg_last_error(office_reg(r.o), "record run", &e);
		nerr_print(stderr, "naskah", &e);
		issue_free(r.iss);
		data_close(&r);
		office_close(r.o);
		return e.status ? e.status : EX_SOFTWARE;
	}
	aduan_set_run(r.ad, r.run);
	/* The calendar its times are measured in, for the kabupaten's
	 * roll-ups (rkab.c); a failure costs them only that. */
	if (reg_calendar_put(office_reg(r.o), kantor_wtime(office_kantor(r.o)),
	    &e) != 0)
		nerr_print(stderr, "naskah: warning", &e);
	sd_set_issue(r.sd, r.iss);
	sd_set_run(r.sd, r.run);
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	snprintf(r.logpath, sizeof(r.logpath), "%s/log/run-%s-%ld.log",
	    opt->output, stamp, r.run);
	snprintf(r.errpath, sizeof(r.errpath), "%s/log/run-%s-%ld-errors.csv",
	    opt->output, stamp, r.run);
	r.log = open_tmp(r.logpath, r.logtmp, sizeof(r.logtmp));
	r.errcsv = open_tmp(r.errpath, r.errtmp, sizeof(r.errtmp));
	if (r.log == NULL || r.errcsv == NULL) {
		fprintf(stderr, "naskah: %s/log: cannot write: %s\n",
		    opt->output, strerror(errno));
		if (r.log) fclose(r.log), unlink(r.logtmp);
		if (r.errcsv) fclose(r.errcsv), unlink(r.errtmp);
		issue_free(r.iss);
		data_close(&r);
		office_close(r.o);
		return EX_CANTCREAT;
	}
	fputs("file,line,column,no_register,reason\n", r.errcsv);
	snprintf(regdir, sizeof(regdir), "%s/register", opt->input);
	if (opt->date != NULL) {
		files = malloc(sizeof(*files));
		files[0] = malloc(strlen(opt->date) + 5);
		sprintf(files[0], "%s.csv", opt->date);
		nfiles = 1;
		snprintf(path, sizeof(path), "%s/%s", regdir, files[0]);
		char tl[4096];

		snprintf(tl, sizeof(tl), "%s/tindak-lanjut/%s", opt->input,
		    files[0]);
		char sdp[4096];

		snprintf(sdp, sizeof(sdp), "%s/surat-keluar/%s", opt->input,
		    files[0]);
		if (access(path, R_OK) != 0 && (access(tl, R_OK) == 0 ||
		    access(sdp, R_OK) == 0)) {
			/* only follow-ups or surat dinas that day */
			free(files[0]);
			nfiles = 0;
		}
		else if (access(path, R_OK) != 0) {
			fprintf(stderr, "naskah: %s: no register export for "
			    "%s\n", path, opt->date);
			r.fatal = EX_NOINPUT;
		}
	} else {
		struct stat sb;
		char day[16];
		int rc;

		files = fs_days(regdir, &nfiles);
		if (stat(regdir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
			fprintf(stderr, "naskah: %s: %s; the front desk's "
			    "register exports (YYYY-MM-DD.csv) go there\n",
			    regdir, errno == ENOENT || errno == 0 ?
			    "no such folder" : strerror(errno));
			noinput = 1;
		} else if ((rc = reg_office_since(office_reg(r.o), day,
		    sizeof(day), &r.fe)) < 0 ||
		    (rc == 1 && date_parse(day, &start) != 0))
			r.fatal = r.fe.status ? r.fe.status : EX_SOFTWARE;
		else if (rc == 1) {
			/* Counted from the day after the newest export
			 * processed by an earlier run: those before were
			 * named then. */
			struct date prev;

			if ((rc = reg_import_newest(office_reg(r.o), day,
			    sizeof(day), &r.fe)) < 0)
				r.fatal = r.fe.status ? r.fe.status :
				    EX_SOFTWARE;
			else if (rc == 1 && date_parse(day, &prev) == 0 &&
			    date_days(&prev) >= date_days(&start))
				wtime_date_add(&prev, 1, &start);
			check_days = 1;
		}
	}
	/* Follow-ups by day too, each after its day's register export: a
	 * complaint received and handled the same day is known by then. */
	snprintf(path, sizeof(path), "%s/tindak-lanjut", opt->input);
	tls = fs_days(path, &ntls);
	/* The rows of the exports still to be read, for the progress line. */
	if ((r.prog = progress_new("run", "rows", 0, opt->quiet)) != NULL)
		for (size_t i = 0; i < nfiles; i++) {
			char sha[65];

			snprintf(path, sizeof(path), "%s/%s", regdir, files[i]);
			if (opt->date != NULL || (fs_sha256(path, sha) == 0 &&
			    !reg_import_done(office_reg(r.o), files[i], sha)))
				progress_more(r.prog, progress_lines(path));
		}
	/* Surat dinas by day too, after the day's follow-ups: the outgoing
	 * book takes a day's letters in the order the office made them. */
	snprintf(path, sizeof(path), "%s/surat-keluar", opt->input);
	sds = fs_days(path, &nsds);
	for (size_t i = 0; i <= nfiles && !r.fatal; i++) {
		while (!r.fatal && ((ti < ntls && (i == nfiles ||
		    strncmp(tls[ti], files[i], 10) < 0)) || (si < nsds &&
		    (i == nfiles || strncmp(sds[si], files[i], 10) < 0)))) {
			int tl = ti < ntls && (i == nfiles || strncmp(tls[ti],
			    files[i], 10) < 0) && (si == nsds ||
			    strncmp(tls[ti], sds[si], 10) <= 0);
			const char *name = tl ? tls[ti++] : sds[si++];

			if (opt->date != NULL && strncmp(name, opt->date,
			    10) != 0)
				continue;
			if (tl)
				do_followup(&r, name);
			else
				do_suratdinas(&r, name);
		}
		if (i == nfiles || r.fatal)
			break;
		snprintf(path, sizeof(path), "%s/%s", regdir, files[i]);
		logf_(&r, "reading %s", path);
		do_file(&r, path, files[i]);
		for (; ti < ntls && !r.fatal &&
		    strncmp(tls[ti], files[i], 10) == 0; ti++)
			do_followup(&r, tls[ti]);
		for (; si < nsds && !r.fatal &&
		    strncmp(sds[si], files[i], 10) == 0; si++)
			do_suratdinas(&r, sds[si]);
	}
	progress_end(r.prog);
	if (check_days && !r.fatal && missing_days(&r, regdir, files, nfiles,
	    &start) > 0)
		noinput = 1;
	for (size_t i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	for (size_t i = 0; i < ntls; i++)
		free(tls[i]);
	free(tls);
	for (size_t i = 0; i < nsds; i++)
		free(sds[i]);
	free(sds);
	/* Rejects of a file refused as a whole are still uncommitted. */
	if (!r.fatal)
		batch_flush(&r);
	/* The manifests issue_commit left for later. */
	if (!r.fatal && issue_manifests(r.iss, &r.fe) != 0)
		r.fatal = r.fe.status ? r.fe.status : EX_CANTCREAT;
	if (r.fatal && r.fatal != EX_NOINPUT) {
		issue_abort(r.iss);
		nerr_print(stderr, "naskah", &r.fe);
	}
	status = r.fatal ? r.fatal : noinput ? EX_NOINPUT : r.c.rejected ||
	    office_missing(r.o, NULL) ? EX_DATAERR : 0;
	const struct aduan_counts *ac = aduan_counts(r.ad);
	const struct sd_counts *sc = sd_counts(r.sd);
	snprintf(summary, sizeof(summary), "%ld rows: %ld letters, %ld "
	    "returned, %ld pengaduan recorded, %ld unchanged, %ld rejected, "
	    "%ld warnings; %ld follow-up rows: %ld steps, %ld closed, %ld "
	    "unchanged; %ld surat dinas rows: %ld issued, %ld unchanged",
	    r.c.rows, r.c.letters, r.c.returned, r.c.pengaduan,
	    r.c.unchanged, r.c.rejected, r.c.warnings, ac->rows, ac->steps,
	    ac->closed, ac->unchanged, sc->rows, sc->letters, sc->unchanged);
	logf_(&r, "%s", summary);
	reg_run_end(office_reg(r.o), r.run, status, summary);
	close_report(r.log, r.logtmp, r.logpath);
	if (r.c.rejected)
		close_report(r.errcsv, r.errtmp, r.errpath);
	else {
		fclose(r.errcsv);
		unlink(r.errtmp);
	}
	if (!opt->quiet || status != 0)
		fprintf(stderr, "naskah run: %s%s%s\n", summary,
		    r.c.rejected ? "; errors in " : "",
		    r.c.rejected ? r.errpath : "");
	issue_free(r.iss);
	data_close(&r);
	office_close(r.o);
	cpu_report();
	return status;
}
