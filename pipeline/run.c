/* run.c -- `naskah run`: every register export not yet processed, oldest
 * first; each row checked, recorded and turned into its letter or return
 * notice; numbers given in the transaction that records the file. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "csvr.h"
#include "date.h"
#include "fsio.h"
#include "office.h"
#include "run.h"
#include "sha256.h"
#include "xmem.h"

#define BATCH	64	/* documents per transaction: one commit, one sync */

struct counts {
	long	rows, letters, returned, pengaduan, rejected, unchanged;
	long	warnings;
};

struct runner {
	const struct run_opts	*opt;
	struct office		*o;
	struct office_batch	*batch;
	long			 run;
	struct counts		 c;
	FILE			*errcsv;	/* the error report, tmp */
	FILE			*log;		/* the run log, tmp */
	char			 errpath[4096], logpath[4096];
	char			 errtmp[4096], logtmp[4096];
	int			 fatal;		/* exit status if stopped */
	struct nerr		 fe;
	struct nerr		 rowerr;	/* why issue_* refused a row */
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
	if (reg_in_tx(r->o->reg) || reg_begin(r->o->reg, NULL) == 0)
		reg_reject(r->o->reg, r->run, e, no_register);
	csv_field(r->errcsv, e->file, 0);
	snprintf(num, sizeof(num), "%ld", e->line);
	csv_field(r->errcsv, num, 0);
	snprintf(num, sizeof(num), "%ld", e->col);
	csv_field(r->errcsv, num, 0);
	csv_field(r->errcsv, no_register ? no_register : "", 0);
	csv_field(r->errcsv, e->msg, 1);
}

static int
batch_flush(struct runner *r)
{
	if (office_batch_commit(r->o, r->batch, &r->fe) != 0) {
		r->fatal = r->fe.status ? r->fe.status : EX_CANTCREAT;
		return -1;
	}
	return 0;
}

/* Opens the batch transaction on first use. */
static int
batch_need(struct runner *r)
{
	if (!reg_in_tx(r->o->reg) && reg_begin(r->o->reg, &r->fe) != 0) {
		r->fatal = r->fe.status;
		return -1;
	}
	return 0;
}

static void
upper_copy(char *out, size_t sz, const char *in)
{
	size_t i = 0;

	for (; *in && i + 1 < sz; in++)
		out[i++] = (char)toupper((unsigned char)*in);
	out[i] = '\0';
}

/* The values every letter and notice shares. */
static void
fill_common(struct runner *r, struct tpl_dict *d, const struct app *a)
{
	const struct kantor *k = r->o->k;
	char buf[4096], tgl[64];

	tpl_set(d, "KERTAS", k->paper == PAPER_F4 ? "F4" : "A4");
	tpl_set(d, "KECAMATAN", k->kecamatan);
	tpl_set(d, "KABUPATEN", k->kabupaten);
	tpl_set(d, "KAB_SEBUTAN", k->kota ? "Kota" : "Kabupaten");
	tpl_set(d, "NAMA", a->v[F_NAMA]);
	tpl_set(d, "NIK", a->v[F_NIK]);
	tpl_set(d, "DESA", a->desa->nama);
	tpl_set(d, "DESA_SEBUTAN", a->desa->kelurahan ? "Kelurahan" : "Desa");
	snprintf(buf, sizeof(buf), "%s RT %03d RW %03d, %s %s, Kecamatan %s",
	    a->v[F_ALAMAT], atoi(a->v[F_RT]), atoi(a->v[F_RW]),
	    a->desa->kelurahan ? "Kelurahan" : "Desa", a->desa->nama,
	    k->kecamatan);
	tpl_set(d, "ALAMAT", buf);
	date_format_id(&a->tanggal, tgl, sizeof(tgl));
	snprintf(buf, sizeof(buf), "%s, %s", k->kecamatan, tgl);
	tpl_set(d, "TEMPAT_TANGGAL", buf);
}

/* An include of templates/inc/, e.g. the applicant's data block. */
static struct tpl_dict *
include(struct runner *r, struct tpl_dict *d, const char *name,
    const char *file)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/templates/inc/%s", r->o->datadir,
	    file);
	return tpl_include(d, name, path);
}

static void
opt_set(struct tpl_dict *d, const char *key, const char *val)
{
	if (val != NULL && val[0] != '\0') {
		tpl_section_show(d, key);
		tpl_set(d, key, val);
	}
}

static void
fill_letter(struct runner *r, struct tpl_dict *d, const struct app *a,
    const char *nomor)
{
	const struct kantor *k = r->o->k;
	const struct sop *s = a->sop;
	const struct pejabat *p = &k->pj[s->signer];
	struct tpl_dict *pem = include(r, d, "PEMOHON", "pemohon.xml");
	struct tpl_dict *ttd = include(r, d, "TTD", "ttd.xml");
	char buf[512], tgl[64];

	fill_common(r, d, a);
	tpl_set(d, "JUDUL", s->judul);
	tpl_set(d, "NOMOR", nomor);
	opt_set(pem, "NO_KK", a->v[F_NO_KK]);
	if (a->v[F_TANGGAL_LAHIR][0]) {
		date_format_id(&a->lahir, tgl, sizeof(tgl));
		snprintf(buf, sizeof(buf), "%s, %s", a->v[F_TEMPAT_LAHIR], tgl);
		opt_set(pem, "TTL", buf);
	}
	if (a->v[F_JK][0])
		opt_set(pem, "JK", toupper((unsigned char)a->v[F_JK][0]) ==
		    'P' ? "Perempuan" : "Laki-laki");
	opt_set(pem, "AGAMA", a->v[F_AGAMA]);
	opt_set(pem, "STATUS", a->v[F_STATUS]);
	opt_set(pem, "PEKERJAAN", a->v[F_PEKERJAAN]);
	if (a->v[F_NOMOR_PENGANTAR][0]) {
		tpl_section_show(d, "PENGANTAR");
		tpl_set(d, "PENGANTAR_NOMOR", a->v[F_NOMOR_PENGANTAR]);
	}
	tpl_set(d, "KEPERLUAN", a->v[F_KEPERLUAN]);
	tpl_set(d, "PERIHAL", a->v[F_PERIHAL]);
	if (a->v[F_JENIS_LEGALISASI][0])
		tpl_set(d, "JENIS_LEGALISASI",
		    check_legalisasi_label(a->v[F_JENIS_LEGALISASI]));
	/* Signature: a.n. Camat when the SOP delegates; Plt./Plh. shown. */
	upper_copy(buf, sizeof(buf), k->kecamatan);
	if (s->an && s->signer != PJ_CAMAT) {
		char an[256];
		snprintf(an, sizeof(an), "CAMAT %s", buf);
		opt_set(ttd, "TTD_AN", an);
	}
	tpl_set(ttd, "TTD_JABATAN", p->sebutan);
	tpl_set(ttd, "TTD_NAMA", p->nama);
	tpl_set(ttd, "TTD_PANGKAT", p->pangkat);
	tpl_set(ttd, "TTD_NIP", p->nip);
	tpl_set(ttd, "TTD_STAMP", "yes");
	opt_set(ttd, "TTD_PLT", p->plt);
}

static int
issue_letter(struct runner *r, struct app *a, long app_id)
{
	const struct kantor *k = r->o->k;
	struct tpl_dict *d;
	char nomor[256], rel[512], iso[16], title[512];
	struct nerr e = { 0 };
	long urut;

	if (!k->pj[a->sop->signer].set) {
		nerr_set(&r->fe, EX_CONFIG, r->o->indir, 0, 0,
		    "kantor.xml: no pejabat \"%s\" to sign layanan %s",
		    kantor_pj_name(a->sop->signer), a->sop->layanan);
		r->fatal = EX_CONFIG;
		return -1;
	}
	/* The number: the next of the year's book, inside this transaction
	 * (each staged letter's number is already in the book). */
	if (office_number(r->o, a->sop->klasifikasi, a->tanggal.y,
	    a->tanggal.m, &urut, nomor, sizeof(nomor), &r->fe) != 0) {
		r->fatal = r->fe.status;
		return -1;
	}
	d = tpl_dict_new();
	fill_letter(r, d, a, nomor);
	snprintf(title, sizeof(title), "%s %s", a->sop->judul, nomor);
	struct pdf_info info = { title, a->sop->nama, nomor, a->tanggal.y,
	    a->tanggal.m, a->tanggal.d };
	int rc = office_render(r->o, a->sop->template, d, NULL, &info, &e);
	tpl_dict_free(d);
	if (rc != 0) {
		if (e.status == EX_DATAERR) {
			/* A value the letter cannot show: this row only. */
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
	snprintf(rel, sizeof(rel), "surat/%04d/%05ld_%s_%s.pdf", a->tanggal.y,
	    urut, a->sop->layanan, iso);
	struct reg_doc doc = { .kind = "surat", .app_id = app_id,
	    .created = iso, .tahun = a->tanggal.y, .urut = urut,
	    .nomor = nomor, .klasifikasi = a->sop->klasifikasi };
	rc = office_stage(r->o, r->batch, rel, &doc, &r->fe);
	if (rc != 0) {
		r->fatal = r->fe.status ? r->fe.status : EX_CANTCREAT;
		return -1;
	}
	r->c.letters++;
	logf_(r, "%s line %ld: %s %s -> %s", a->file, a->line,
	    a->v[F_NO_REGISTER], a->sop->layanan, nomor);
	return 0;
}

static int
issue_return(struct runner *r, struct app *a, long app_id, const char *sha)
{
	struct tpl_dict *d = tpl_dict_new();
	char rel[512], iso[16], safe[48], buf[256];
	struct nerr e = { 0 };
	int rc;

	fill_common(r, d, a);
	tpl_set(d, "LAYANAN_NAMA", a->sop->nama);
	tpl_set(d, "NO_REGISTER", a->v[F_NO_REGISTER]);
	date_format_id(&a->tanggal, buf, sizeof(buf));
	tpl_set(d, "TANGGAL_REGISTER", buf);
	tpl_set(d, "SOP_NOMOR", a->sop->nomor);
	tpl_set(d, "PETUGAS", a->v[F_PETUGAS][0] ? a->v[F_PETUGAS] :
	    "(................................)");
	for (size_t i = 0; i < a->nmissing; i++)
		tpl_set(tpl_section_add(d, "KURANG"), "LABEL",
		    a->missing[i]->label);
	struct pdf_info info = { "Tanda Pengembalian Berkas", a->sop->nama,
	    a->v[F_NO_REGISTER], a->tanggal.y, a->tanggal.m, a->tanggal.d };
	rc = office_render(r->o, "surat/kembali.xml", d, NULL, &info, &e);
	tpl_dict_free(d);
	if (rc != 0) {
		if (e.status == EX_DATAERR) {
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
	office_safename(a->v[F_NO_REGISTER], safe, sizeof(safe));
	/* The data's hash in the name: a corrected, still incomplete
	 * application gets a new notice beside the old one. */
	snprintf(rel, sizeof(rel), "kembali/%04d/%s_%s_%s_%.8s.pdf",
	    a->tanggal.y, iso, safe, a->sop->layanan, sha);
	struct reg_doc doc = { .kind = "kembali", .app_id = app_id,
	    .created = iso };
	rc = office_stage(r->o, r->batch, rel, &doc, &r->fe);
	if (rc != 0) {
		r->fatal = r->fe.status ? r->fe.status : EX_CANTCREAT;
		return -1;
	}
	r->c.returned++;
	logf_(r, "%s line %ld: %s %s returned, %zu missing", a->file, a->line,
	    a->v[F_NO_REGISTER], a->sop->layanan, a->nmissing);
	return 0;
}

/* The row's data as one canonical text: what "changed" means. */
static char *
canonical(const struct app *a, char sha[65])
{
	size_t n = 0;
	char *buf;

	for (int f = 0; f < F__MAX; f++)
		n += strlen(check_colname[f]) + strlen(a->v[f]) + 2;
	buf = xmalloc(n + 1);
	n = 0;
	for (int f = 0; f < F__MAX; f++)
		n += (size_t)sprintf(buf + n, "%s=%s\n", check_colname[f],
		    a->v[f]);
	sha256_hex(buf, n, sha);
	return buf;
}

static int
do_row(struct runner *r, struct app *a)
{
	struct nerr e = { 0 };
	struct reg_app old;
	char sha[65], missing[2048] = "";
	char *data;
	long id;
	int found, rc = 0;

	r->c.rows++;
	if (check_app(a, r->o->k, r->o->sops, &e) == APP_MALFORMED) {
		reject(r, &e, a->v[F_NO_REGISTER]);
		return 0;
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
	found = reg_app_find(r->o->reg, a->tanggal.y, a->v[F_NO_REGISTER],
	    &old, &r->fe);
	if (found < 0) {
		r->fatal = r->fe.status;
		return -1;
	}
	data = canonical(a, sha);
	if (found && strcmp(old.sha, sha) == 0) {
		r->c.unchanged++;
		free(data);
		return 0;
	}
	if (found && (strcmp(old.status, "incomplete") != 0)) {
		if (strcmp(old.file, a->file) != 0 || old.line != a->line)
			nerr_set(&e, EX_DATAERR, a->file, a->line,
			    a->col[F_NO_REGISTER], "no_register: \"%s\" is "
			    "already registered (%s line %ld)%s%s",
			    a->v[F_NO_REGISTER], old.file, old.line,
			    old.nomor[0] ? " with letter " : "", old.nomor);
		else
			nerr_set(&e, EX_DATAERR, a->file, a->line, 0,
			    "conflict: the row changed after %s was issued "
			    "for it; not reissued (correct it in the register "
			    "or issue a new application)", old.nomor[0] ?
			    old.nomor : "its document");
		reject(r, &e, a->v[F_NO_REGISTER]);
		free(data);
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
	if (reg_savepoint(r->o->reg, &r->fe) != 0) {
		free(data);
		r->fatal = r->fe.status;
		return -1;
	}
	struct reg_appin in = { a->tanggal.y, a->v[F_NO_REGISTER], iso,
	    a->sop->layanan, a->v[F_NIK], a->v[F_NAMA], a->v[F_KODE_DESA],
	    data, sha, a->file, a->status == APP_COMPLETE ? "complete" :
	    a->status == APP_INCOMPLETE ? "incomplete" : "pengaduan",
	    missing, a->warn, a->v[F_JAM], a->v[F_JAM_SELESAI],
	    a->v[F_PETUGAS], a->line, r->run };
	if (reg_app_put(r->o->reg, &in, &id, &r->fe) != 0) {
		free(data);
		r->fatal = r->fe.status;
		return -1;
	}
	free(data);
	if (a->status == APP_COMPLETE)
		rc = issue_letter(r, a, id);
	else if (a->status == APP_INCOMPLETE)
		rc = issue_return(r, a, id, sha);
	else {
		r->c.pengaduan++;
		logf_(r, "%s line %ld: pengaduan %s recorded; its receipt and "
		    "disposition sheet wait for a later version", a->file,
		    a->line, a->v[F_NO_REGISTER]);
	}
	if (rc < 0)
		return -1;
	if ((rc == 1 ? reg_rollback_to(r->o->reg, &r->fe) :
	    reg_release(r->o->reg, &r->fe)) != 0) {
		r->fatal = r->fe.status;
		return -1;
	}
	if (rc == 1)
		reject(r, &r->rowerr, a->v[F_NO_REGISTER]);
	if (office_batch_size(r->batch) >= BATCH)
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
	int map[F__MAX], rc;
	char sha[65];
	struct seen seen = { 0 };
	long rows = 0;

	if (fs_sha256(path, sha) != 0) {
		nerr_set(&e, EX_NOINPUT, path, 0, 0, "cannot read: %s",
		    strerror(errno));
		reject(r, &e, NULL);
		return 0;
	}
	if (r->opt->date == NULL && reg_import_done(r->o->reg, name, sha)) {
		logf_(r, "%s: already processed", name);
		return 0;
	}
	if ((c = csvr_open(path, &e)) == NULL) {
		reject(r, &e, NULL);
		return 0;
	}
	for (int f = 0; f < F__MAX; f++) {
		map[f] = csvr_col(c, check_colname[f]);
		if (map[f] < 0 && check_required_column(f)) {
			nerr_set(&e, EX_DATAERR, path, 1, 0, "missing required "
			    "column \"%s\"; the file is refused",
			    check_colname[f]);
			reject(r, &e, NULL);
			csvr_close(c);
			return 0;
		}
	}
	for (size_t i = 0; i < csvr_ncols(c); i++) {
		int f;
		for (f = 0; f < F__MAX; f++)
			if (map[f] == (int)i)
				break;
		if (f == F__MAX) {
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
		rows++;
		memset(&a, 0, sizeof(a));
		a.file = path;
		a.line = row.line;
		for (int f = 0; f < F__MAX; f++) {
			a.v[f] = map[f] >= 0 ? row.fields[map[f]] : "";
			a.col[f] = map[f] + 1;
		}
		if (a.v[F_NO_REGISTER][0] && seen_check(&seen,
		    a.v[F_NO_REGISTER], row.line, &first)) {
			r->c.rows++;
			nerr_set(&e, EX_DATAERR, path, row.line,
			    a.col[F_NO_REGISTER], "no_register: duplicate "
			    "\"%s\" (first on line %ld)", a.v[F_NO_REGISTER],
			    first);
			reject(r, &e, a.v[F_NO_REGISTER]);
			continue;
		}
		if (do_row(r, &a) != 0)
			break;
	}
	csvr_close(c);
	seen_free(&seen);
	if (r->fatal)
		return -1;
	if (batch_need(r) != 0 ||
	    reg_import_mark(r->o->reg, name, sha, rows, r->run, &r->fe) != 0 ||
	    batch_flush(r) != 0) {
		r->fatal = r->fe.status ? r->fe.status : EX_CANTCREAT;
		return -1;
	}
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* register/YYYY-MM-DD.csv, sorted: the oldest night first. */
static char **
list_exports(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	struct date dt;

	*n = 0;
	if (d == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		char day[11];

		if (strlen(de->d_name) != 14 ||
		    strcmp(de->d_name + 10, ".csv") != 0)
			continue;
		memcpy(day, de->d_name, 10);
		day[10] = '\0';
		if (date_parse(day, &dt) != 0 || day[4] != '-')
			continue;
		v = xrealloc(v, (*n + 1) * sizeof(*v));
		v[*n] = xstrdup(de->d_name);
		(*n)++;
	}
	closedir(d);
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_str);
	return v;
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

int
run_nightly(const struct run_opts *opt)
{
	struct runner r = { 0 };
	struct nerr e = { 0 };
	char regdir[4096], path[4096], stamp[32], summary[1024];
	char **files;
	size_t nfiles;
	int status;
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
	r.batch = office_batch_new();
	/* The first write to the register: a locked, read-only or full
	 * register stops the run here, before any file is read. */
	if ((r.run = reg_run_start(r.o->reg, "run", opt->date ? opt->date :
	    "")) == 0) {
		reg_last_error(r.o->reg, "record run", &e);
		nerr_print(stderr, "naskah", &e);
		office_batch_free(r.batch);
		office_close(r.o);
		return e.status ? e.status : EX_SOFTWARE;
	}
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
		office_batch_free(r.batch);
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
		if (access(path, R_OK) != 0) {
			fprintf(stderr, "naskah: %s: no register export for "
			    "%s\n", path, opt->date);
			r.fatal = EX_NOINPUT;
		}
	} else
		files = list_exports(regdir, &nfiles);
	for (size_t i = 0; i < nfiles && !r.fatal; i++) {
		snprintf(path, sizeof(path), "%s/%s", regdir, files[i]);
		logf_(&r, "reading %s", path);
		do_file(&r, path, files[i]);
	}
	for (size_t i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	/* Rejects of a file refused as a whole are still uncommitted. */
	if (!r.fatal && reg_in_tx(r.o->reg))
		batch_flush(&r);
	if (r.fatal && r.fatal != EX_NOINPUT) {
		office_batch_abort(r.o, r.batch);
		nerr_print(stderr, "naskah", &r.fe);
	}
	status = r.fatal ? r.fatal : r.c.rejected ? EX_DATAERR : 0;
	snprintf(summary, sizeof(summary), "%ld rows: %ld letters, %ld "
	    "returned, %ld pengaduan recorded (documents pending), %ld "
	    "unchanged, %ld rejected, %ld warnings", r.c.rows, r.c.letters,
	    r.c.returned, r.c.pengaduan, r.c.unchanged, r.c.rejected,
	    r.c.warnings);
	logf_(&r, "%s", summary);
	reg_run_end(r.o->reg, r.run, status, summary);
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
	office_batch_free(r.batch);
	office_close(r.o);
	return status;
}
