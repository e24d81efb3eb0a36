/* checkcmd.c -- `naskah check` (checkcmd.h).  Each part of the office's
 * configuration is loaded on its own by the loader `run` uses (kantor.c,
 * sop.c, fields.c, rdef.c, pdf.c, key.c), so that one mistake does not
 * hide the next; what needs another part (desa codes need kantor.xml's
 * region code) is checked when that part loaded.  The documents are then
 * rendered once, as `run` does at start-up, into a throw-away register
 * and key folder under $TMPDIR: the office's own register is only read
 * (reg_inspect) and its keys only opened. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aduan.h"
#include "check.h"
#include "checkcmd.h"
#include "doc.h"
#include "fields.h"
#include "fill.h"
#include "kantor.h"
#include "key.h"
#include "num.h"
#include "office.h"
#include "pdf.h"
#include "rdef.h"
#include "reg.h"
#include "regloc.h"
#include "sop.h"

struct chk {
	const struct run_opts	*opt;
	int			 problems;
};

static void
problem(struct chk *c, const struct nerr *e)
{
	struct nerr x = *e;

	x.status = EX_CONFIG;
	nerr_print(stderr, "naskah", &x);
	c->problems++;
}

/* A bad row of desa.csv or libur.csv (kantor_check). */
static void
list_problem(void *arg, const struct nerr *e)
{
	problem(arg, e);
}

static void
found(const struct chk *c, const char *fmt, const char *a, const char *b)
{
	if (c->opt->quiet)
		return;
	printf("ok      ");
	printf(fmt, a, b);
	putchar('\n');
}

static void
note(const struct chk *c, const char *what, const char *why)
{
	if (!c->opt->quiet)
		printf("note    %s: %s\n", what, why);
}

static int
rm_one(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb, (void)flag, (void)f;
	remove(p);
	return 0;
}

/* kantor.xml's book formats and SOP variants, as office_open checks
 * them. */
static void
check_formats(struct chk *c, const struct kantor *k, struct sop_set *sops)
{
	struct nerr e = { 0 };

	if (num_check(k->nomor_format, &e) != 0) {
		snprintf(e.file, sizeof(e.file), "%s", k->path);
		problem(c, &e);
	}
	for (size_t i = 0; i < k->nbuku + k->nsop; i++) {
		const struct kantor_pair *p = i < k->nbuku ? &k->buku[i] :
		    &k->sop[i - k->nbuku];

		memset(&e, 0, sizeof(e));
		if (i < k->nbuku ? num_check(p->b, &e) != 0 : sops != NULL &&
		    sop_select(sops, p->a, p->b, &e) != 0) {
			snprintf(e.file, sizeof(e.file), "%s", k->path);
			e.line = p->line;
			problem(c, &e);
		}
	}
}

/* Every report definition of templates/laporan, each on its own. */
static void
check_reports(struct chk *c, const char *dd)
{
	char dir[4096], rng[4096], path[4096 + 256], names[1024];
	struct nerr e = { 0 };
	struct doc_schema *s;
	struct dirent *de;
	DIR *d;
	int bad = 0;

	snprintf(rng, sizeof(rng), "%s/templates/schema/laporan.rng", dd);
	if ((s = doc_schema_load(rng, &e)) == NULL) {
		problem(c, &e);
		return;
	}
	snprintf(dir, sizeof(dir), "%s/templates/laporan", dd);
	if ((d = opendir(dir)) == NULL) {
		nerr_set(&e, EX_CONFIG, dir, 0, 0, "cannot read: %s",
		    strerror(errno));
		problem(c, &e);
		doc_schema_free(s);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		struct rdef *r;

		if (de->d_name[0] == '.' || n < 5 ||
		    strcmp(de->d_name + n - 4, ".xml") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		memset(&e, 0, sizeof(e));
		if ((r = rdef_load(path, s, &e)) == NULL) {
			problem(c, &e);
			bad = 1;
			continue;
		}
		if (strlen(r->bagian) != n - 4 ||
		    strncmp(r->bagian, de->d_name, n - 4) != 0) {
			nerr_set(&e, EX_CONFIG, path, 0, 0, "defines bagian "
			    "\"%s\", not \"%.*s\" as its file name says",
			    r->bagian, (int)(n - 4), de->d_name);
			problem(c, &e);
			bad = 1;
		}
		rdef_free(r);
	}
	closedir(d);
	doc_schema_free(s);
	rdef_names(dir, names, sizeof(names));
	if (!bad)
		found(c, "%s: %s", "templates/laporan", names);
}

/* The office's keys: opened (which checks their size and mode) when
 * their folder is there; never made here. */
static void
check_keys(struct chk *c, const struct kantor *k, int has_register)
{
	const struct run_opts *o = c->opt;
	const char *env = getenv("NASKAH_KEYS");
	char base[4096], dir[4096], sub[4096 + 64], tmp[4096];
	struct nerr e = { 0 };
	struct stat sb;
	struct key *key;

	if (env != NULL && *env != '\0')
		snprintf(base, sizeof(base), "%s", env);
	else {
		snprintf(tmp, sizeof(tmp), "%s", o->output);
		snprintf(base, sizeof(base), "%s/kunci", dirname(tmp));
	}
	snprintf(sub, sizeof(sub), "%s/%s", base, k->kode_wilayah);
	if (stat(sub, &sb) != 0) {
		if (has_register) {
			nerr_set(&e, EX_CONFIG, sub, 0, 0, "the office's keys "
			    "are missing, but its register exists: documents "
			    "issued carry codes made with them; put the "
			    "folder back from backup");
			problem(c, &e);
		} else
			note(c, sub, "no keys yet; `naskah init` makes them");
		return;
	}
	if (key_dir(o->input, o->output, dir, sizeof(dir), &e) != 0 ||
	    (key = key_open(dir, k->kode_wilayah, &e)) == NULL) {
		problem(c, &e);
		return;
	}
	key_close(key);
	found(c, "%s: the keys of %s", sub, k->kode_wilayah);
}

/* The register, read only: its schema version and its office. */
static int
check_register(struct chk *c, const struct kantor *k)
{
	char path[4096], office[64], v[32];
	struct nerr e = { 0 };
	int version, rc;

	/* Where every command finds it (regloc.h; its errors are kantor's,
	 * named above). */
	(void)regloc_kantor(c->opt->input, c->opt->datadir, NULL, 0, &e);
	memset(&e, 0, sizeof(e));
	snprintf(path, sizeof(path), "%s/register.db", c->opt->output);
	if ((rc = reg_inspect(path, &version, office, sizeof(office), &e)) <
	    0) {
		problem(c, &e);
		return 1;
	}
	if (rc == 2) {
		found(c, "%s: a PostgreSQL register (its schema and office%s "
		    "are checked when a run opens it)", reg_where(path), "");
		return 0;
	}
	if (rc == 1) {
		note(c, path, "no register yet; make it once with `naskah "
		    "init` (run and report refuse an output without one)");
		return 0;
	}
	if (version > REG_VERSION) {
		nerr_set(&e, EX_CONFIG, path, 0, 0, "register database: "
		    "version %d, made by a newer naskah than this one (which "
		    "knows version %d)", version, REG_VERSION);
		problem(c, &e);
	} else if (k != NULL && office[0] != '\0' &&
	    strcmp(office, k->kode_wilayah) != 0) {
		nerr_set(&e, EX_CONFIG, path, 0, 0, "this register belongs to "
		    "the office %s, not to %s of %s", office, k->kode_wilayah,
		    k->path);
		problem(c, &e);
	} else {
		snprintf(v, sizeof(v), "%d", version);
		found(c, "%s: register version %s", path, v);
		if (version < REG_VERSION)
			note(c, path, "an older version: the next run "
			    "migrates it");
		if (office[0] == '\0')
			note(c, path, "records no office; the next run "
			    "adopts it for this one");
	}
	return 1;
}

/* A complaint's documents show what aduan.c adds (fill_set_extra); no
 * row is read here, so nothing is rejected, warned about or logged. */
static void ad_reject(void *a, const struct nerr *w, const char *n)
{ (void)a, (void)w, (void)n; }
static void ad_warn(void *a, const struct nerr *w) { (void)a, (void)w; }
static void ad_log(void *a, const char *l) { (void)a, (void)l; }

/* Every SOP's every document rendered once, as `run` does at start-up,
 * into a register and keys made for the purpose and removed after. */
static void
check_render(struct chk *c)
{
	const struct run_opts *o = c->opt;
	const char *td = getenv("TMPDIR");
	char tmp[4096], out[4096 + 16], keys[4096 + 16], path[4096], rng[4096];
	char *oldkeys = getenv("NASKAH_KEYS") ? strdup(getenv("NASKAH_KEYS")) :
	    NULL;
	struct nerr e = { 0 };
	struct office *of;
	struct fields *f = NULL;
	struct check *ck = NULL;
	struct fill *fl = NULL;
	struct aduan *ad = NULL;

	snprintf(tmp, sizeof(tmp), "%s/naskah-check.XXXXXX",
	    td != NULL && *td ? td : "/tmp");
	if (mkdtemp(tmp) == NULL) {
		nerr_set(&e, EX_CONFIG, tmp, 0, 0, "cannot make a folder to "
		    "render the documents in: %s", strerror(errno));
		problem(c, &e);
		free(oldkeys);
		return;
	}
	snprintf(out, sizeof(out), "%s/out", tmp);
	snprintf(keys, sizeof(keys), "%s/kunci", tmp);
	setenv("NASKAH_KEYS", keys, 1);
	snprintf(path, sizeof(path), "%s/templates/fields.xml", o->datadir);
	snprintf(rng, sizeof(rng), "%s/templates/schema/fields.rng",
	    o->datadir);
	/* The trial register is a file here, whatever register kantor.xml,
	 * --register or NASKAH_REGISTER name: the office's own is only
	 * read (pgmisc). */
	reg_exact(1);
	if ((of = office_init(o->input, out, o->datadir, &e)) == NULL ||
	    (f = fields_load(path, rng, &e)) == NULL ||
	    (ck = check_new(f, &e)) == NULL ||
	    (fl = fill_new(ck, office_kantor(of), o->datadir, &e)) == NULL ||
	    (ad = aduan_new(&(struct aduan_env){ of, fl, ck, NULL, 0, 64,
	    ad_reject, ad_warn, ad_log, NULL })) == NULL ||
	    fill_preflight(fl, of, office_sops(of), &e) != 0)
		problem(c, &e);
	else
		found(c, "%s%s", "every document of every SOP rendered once "
		    "(templates, signers, stamp)", "");
	aduan_free(ad);
	fill_free(fl);
	check_free(ck);
	fields_free(f);
	office_close(of);
	reg_exact(0);
	if (oldkeys != NULL)
		setenv("NASKAH_KEYS", oldkeys, 1);
	else
		unsetenv("NASKAH_KEYS");
	free(oldkeys);
	nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int
checkcmd_run(const struct run_opts *o)
{
	struct chk c = { o, 0 };
	const char *dd = o->datadir;
	char path[4096], rng[4096], n[32];
	struct nerr e = { 0 };
	struct kantor *k;
	struct sop_set *sops;
	struct fields *f;
	struct check *ck = NULL;
	struct doc_schema *s;
	struct pdf *pdf;
	int before;

	if (!o->quiet)
		printf("naskah check: input %s, output %s, data %s\n",
		    o->input, o->output, dd);
	snprintf(rng, sizeof(rng), "%s/templates/schema/kantor.rng", dd);
	/* desa.csv and libur.csv are read even when kantor.xml is broken,
	 * each bad row named. */
	if ((k = kantor_check(o->input, rng, list_problem, &c, &e)) == NULL)
		problem(&c, &e);
	else {
		found(&c, "%s: Kecamatan %s", k->path, k->kecamatan);
		snprintf(n, sizeof(n), "%zu", k->ndesa);
		if (c.problems == 0)
			found(&c, "%s/desa.csv: %s desa and kelurahan",
			    o->input, n);
		for (size_t i = 0; kantor_warning(k, i) != NULL; i++) {
			const struct nerr *w = kantor_warning(k, i);

			fprintf(stderr, "naskah: %s:%ld:%ld: warning: %s\n",
			    w->file, w->line, w->col, w->msg);
		}
	}
	memset(&e, 0, sizeof(e));
	snprintf(path, sizeof(path), "%s/templates/sop", dd);
	snprintf(rng, sizeof(rng), "%s/templates/schema/sop.rng", dd);
	if ((sops = sop_load_dir(path, rng, &e)) == NULL)
		problem(&c, &e);
	else {
		size_t i;

		for (i = 0; sop_at(sops, i) != NULL; i++)
			;
		snprintf(n, sizeof(n), "%zu", i);
		found(&c, "%s: %s services", path, n);
	}
	if (k != NULL) {
		before = c.problems;
		check_formats(&c, k, sops);
		if (c.problems == before)
			found(&c, "%s: %s", k->path, "number formats and SOP "
			    "variants");
	}
	memset(&e, 0, sizeof(e));
	snprintf(path, sizeof(path), "%s/templates/fields.xml", dd);
	snprintf(rng, sizeof(rng), "%s/templates/schema/fields.rng", dd);
	if ((f = fields_load(path, rng, &e)) == NULL ||
	    (ck = check_new(f, &e)) == NULL)
		problem(&c, &e);
	else {
		snprintf(n, sizeof(n), "%zu", fields_count(f));
		found(&c, "%s: %s columns", path, n);
		memset(&e, 0, sizeof(e));
		if (sops != NULL && k != NULL) {
			if (check_sops(ck, sops, k, &e) != 0)
				problem(&c, &e);
			else
				found(&c, "%s%s", "SOPs: fields and signers "
				    "known", "");
		}
	}
	check_free(ck);
	fields_free(f);
	memset(&e, 0, sizeof(e));
	snprintf(rng, sizeof(rng), "%s/templates/schema/document.rng", dd);
	if ((s = doc_schema_load(rng, &e)) == NULL)
		problem(&c, &e);
	doc_schema_free(s);
	check_reports(&c, dd);
	memset(&e, 0, sizeof(e));
	snprintf(path, sizeof(path), "%s/fonts", dd);
	if ((pdf = pdf_new(path, &e)) == NULL)
		problem(&c, &e);
	else
		found(&c, "%s: %s", path, "fonts");
	pdf_free(pdf);
	before = check_register(&c, k);
	if (k != NULL)
		check_keys(&c, k, before);
	/* The documents only when all they are made of loaded: otherwise
	 * the same mistake would be named twice. */
	if (c.problems == 0)
		check_render(&c);
	else
		note(&c, "documents", "not rendered until the problems above "
		    "are mended");
	kantor_free(k);
	sop_set_free(sops);
	if (c.problems > 0) {
		fprintf(stderr, "naskah check: %d problem%s\n", c.problems,
		    c.problems == 1 ? "" : "s");
		return EX_CONFIG;
	}
	if (!o->quiet)
		printf("naskah check: no problems\n");
	return 0;
}
