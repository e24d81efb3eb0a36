/* find.c -- `naskah find`: the register's documents by NIK, name, number,
 * register number, kind and date, one tab-separated line each, for
 * scripts.  Reads the register only (no lock), so it answers during a
 * run; the indexes are version 4's (reg.c).  The register is found as
 * every command finds it (regloc.h): kantor.xml of --input may name it. */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "date.h"
#include "reg.h"
#include "regloc.h"

int
arch_option(struct arch_opts *a, const char *opt, const char *val)
{
	static const struct {
		const char	*name;
		size_t		 off;
	} opts[] = {
#define O(n, f)	{ n, offsetof(struct arch_opts, f) }
		O("--year", year), O("--book", book), O("--format", format),
		O("--nik", nik), O("--nama", nama), O("--nomor", nomor),
		O("--register", reg), O("--jenis", jenis), O("--dari", dari),
		O("--sampai", sampai), O("--manifest", manifest),
		O("--root", root),
#undef O
	};

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (!strcmp(opt, opts[i].name)) {
			*(const char **)((char *)a + opts[i].off) = val;
			return 1;
		}
	return 0;
}

/* A field as one field: a tab or line break in it would split a line. */
static void
put(FILE *fp, const char *s, int last)
{
	for (; *s; s++)
		putc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, fp);
	putc(last ? '\n' : '\t', fp);
}

struct out {
	FILE		*fp;
	struct reg	*reg;
	struct nerr	*e;
	int		 bad;
};

/* The six fields of archive.md, then the classification code and the
 * version of the list it is from ("" when the register has none). */
static int
print_one(const struct reg_hit *f, void *arg)
{
	struct out *o = arg;
	FILE *fp = o->fp;
	char kode[64], versi[64];

	if (reg_doc_klas_get(o->reg, f->path, kode, sizeof(kode), versi,
	    sizeof(versi), o->e) < 0) {
		o->bad = 1;
		return 1;
	}
	put(fp, f->path, 0);
	put(fp, f->jenis, 0);
	put(fp, f->nomor, 0);
	put(fp, f->tanggal, 0);
	put(fp, f->nama, 0);
	put(fp, f->nik, 0);
	put(fp, kode, 0);
	put(fp, versi, 1);
	return ferror(fp) != 0;
}

/* --dari/--sampai in any form the front desk writes, as ISO. */
static int
iso_date(const char *opt, const char *s, char *out, size_t sz)
{
	struct date d;

	if (s == NULL)
		return 0;
	if (date_parse(s, &d) != 0) {
		fprintf(stderr, "naskah: find: %s %s: not a date YYYY-MM-DD\n",
		    opt, s);
		return -1;
	}
	date_iso(&d, out, sz);
	return 0;
}

int
find_run(const struct run_opts *o, const struct arch_opts *a)
{
	struct reg_query q = { a->nik, a->nama, a->nomor, a->reg, a->jenis,
	    NULL, NULL };
	struct nerr e = { 0 };
	char path[4096], dari[16], sampai[16], office[64];
	struct reg *r;
	long n;

	if (iso_date("--dari", a->dari, dari, sizeof(dari)) != 0 ||
	    iso_date("--sampai", a->sampai, sampai, sizeof(sampai)) != 0)
		return EX_USAGE;
	q.dari = a->dari ? dari : NULL;
	q.sampai = a->sampai ? sampai : NULL;
	if (q.nama != NULL && *q.nama == '\0') {
		fprintf(stderr, "naskah: find: --nama needs some text\n");
		return EX_USAGE;
	}
	/* The register every command uses: kantor.xml may name it. */
	if (regloc_kantor(o->input, o->datadir, office, sizeof(office),
	    &e) != 0) {
		nerr_print(stderr, "naskah", &e);
		return e.status ? e.status : EX_CONFIG;
	}
	snprintf(path, sizeof(path), "%s/register.db", o->output);
	if ((r = reg_open_read(path, office, &e)) == NULL) {
		nerr_print(stderr, "naskah", &e);
		return e.status ? e.status : EX_SOFTWARE;
	}
	struct out out = { stdout, r, &e, 0 };
	n = reg_find(r, &q, print_one, &out, &e);
	if (out.bad)
		n = -1;
	reg_close(r);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "naskah: find: cannot write the results\n");
		return EX_IOERR;
	}
	if (n < 0) {
		nerr_print(stderr, "naskah", &e);
		return e.status ? e.status : EX_SOFTWARE;
	}
	return n > 0 ? 0 : 1;
}
