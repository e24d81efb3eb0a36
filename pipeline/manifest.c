/* manifest.c -- the monthly manifests: written again from the register
 * whenever a month's documents change (so a manifest is a function of
 * the register and never lists a document it has not committed), and
 * checked against a copy of the archive (naskah verify --manifest). */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvr.h"
#include "fsio.h"
#include "manifest.h"
#include "xmem.h"

#define MANIFEST_HEADER	"berkas,jenis,nomor,tanggal,sha256,bytes\n"

/* A field, quoted only when it must be (RFC 4180). */
static int
put_field(struct fs_tmp *t, const char *s, int last)
{
	int rc = 0;

	if (strpbrk(s, ",\"\r\n") != NULL) {
		rc |= fs_tmp_write(t, "\"", 1);
		for (const char *p = s; *p; p++) {
			if (*p == '"')
				rc |= fs_tmp_write(t, "\"", 1);
			rc |= fs_tmp_write(t, p, 1);
		}
		rc |= fs_tmp_write(t, "\"", 1);
	} else
		rc |= fs_tmp_write(t, s, strlen(s));
	return rc | fs_tmp_write(t, last ? "\n" : ",", 1);
}

static int
put_row(const struct reg_hit *f, void *arg)
{
	struct fs_tmp *t = arg;
	char n[32];

	snprintf(n, sizeof(n), "%lld", f->size);
	put_field(t, f->path, 0);
	put_field(t, f->jenis, 0);
	put_field(t, f->nomor, 0);
	put_field(t, f->tanggal, 0);
	put_field(t, f->sha, 0);
	put_field(t, n, 1);
	return 0;	/* a failed write is reported by the close */
}

struct flush {
	struct reg	*reg;
	const char	*outdir;
	struct nerr	*e;
	int		 bad;
};

static int
is_month(const char *s)
{
	for (int i = 0; i < 7; i++)
		if (i == 4 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return 0;
	return s[7] == '\0';
}

static int
write_month(const char *bulan, void *arg)
{
	struct flush *fl = arg;
	char dir[4096], path[4200], tmp[4300];
	struct fs_tmp *t;

	/* Dates are the register's own; anything else is no month and has
	 * no manifest (the documents are still in the register). */
	if (!is_month(bulan))
		return reg_manifest_done(fl->reg, bulan, fl->e) != 0 ?
		    (fl->bad = 1) : 0;
	snprintf(dir, sizeof(dir), "%s/manifest", fl->outdir);
	snprintf(path, sizeof(path), "%s/%s.csv", dir, bulan);
	fs_tmpname(path, tmp, sizeof(tmp));
	if (fs_mkdirs(dir, fl->e) != 0 || (t = fs_tmp_open(tmp, fl->e)) ==
	    NULL)
		return fl->bad = 1;
	fs_tmp_write(t, MANIFEST_HEADER, strlen(MANIFEST_HEADER));
	if (reg_manifest_each(fl->reg, bulan, put_row, t, fl->e) != 0) {
		fs_tmp_abort(t);
		return fl->bad = 1;
	}
	/* Durable before it replaces the old one; the mark goes only once
	 * the new one has its name. */
	if (fs_tmp_close(t, 1, fl->e) != 0)
		return fl->bad = 1;
	if (fs_commit(tmp, path, fl->e) != 0) {
		unlink(tmp);
		return fl->bad = 1;
	}
	if (reg_manifest_done(fl->reg, bulan, fl->e) != 0)
		return fl->bad = 1;
	return 0;
}

int
manifest_flush(struct reg *reg, const char *outdir, struct nerr *e)
{
	struct flush fl = { reg, outdir, e, 0 };

	if (reg_manifest_stale(reg, write_month, &fl, e) < 0 || fl.bad)
		return -1;
	return 0;
}

/* verify --manifest */

struct listed {
	char	**v;
	size_t	  n, cap;
};

static void
listed_add(struct listed *l, const char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = xstrdup(s);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
listed_sort(struct listed *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_str);
}

static int
listed_has(const struct listed *l, const char *s)
{
	return l->n > 0 && bsearch(&s, l->v, l->n, sizeof(*l->v),
	    cmp_str) != NULL;
}

static void
listed_free(struct listed *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

/* A path a manifest may name: relative, inside the root. */
static int
safe_rel(const char *p)
{
	if (*p == '\0' || *p == '/')
		return 0;
	for (const char *s = p; *s; ) {
		size_t n = strcspn(s, "/");

		if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 &&
		    s[0] == '.' && s[1] == '.'))
			return 0;
		s += n;
		if (*s == '/')
			s++;
	}
	return 1;
}

/* Every berkas of every manifest (*.csv) in dir: the files the archive
 * accounts for. */
static void
all_listed(const char *dir, struct listed *l)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		char path[4096];
		struct csvr *c;
		struct csvr_row row;
		struct nerr e = { 0 };
		int col, rc;

		if (de->d_name[0] == '.' || n < 5 ||
		    strcmp(de->d_name + n - 4, ".csv") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if ((c = csvr_open(path, &e)) == NULL)
			continue;
		if ((col = csvr_col(c, "berkas")) >= 0)
			while ((rc = csvr_next(c, &row, &e)) != 0 && rc != -2)
				if (rc == 1)
					listed_add(l, row.fields[col]);
		csvr_close(c);
	}
	closedir(d);
	listed_sort(l);
}

int
manifest_verify(const char *file, const char *root, int quiet)
{
	struct nerr e = { 0 };
	struct csvr *c;
	struct csvr_row row;
	struct listed dirs = { 0 }, all = { 0 };
	char mdir[4096], rootbuf[4200], path[8192], got[65];
	const char *slash;
	int cb, cs, cz, rc;
	long nok = 0, nmiss = 0, nchg = 0, nextra = 0, nbad = 0;

	if ((slash = strrchr(file, '/')) != NULL)
		snprintf(mdir, sizeof(mdir), "%.*s", (int)(slash - file), file);
	else
		snprintf(mdir, sizeof(mdir), ".");
	if (root == NULL) {
		snprintf(rootbuf, sizeof(rootbuf), "%s/..", mdir);
		root = rootbuf;
	}
	if ((c = csvr_open(file, &e)) == NULL) {
		nerr_print(stderr, "naskah", &e);
		return e.status == EX_DATAERR ? EX_DATAERR : EX_NOINPUT;
	}
	cb = csvr_col(c, "berkas");
	cs = csvr_col(c, "sha256");
	cz = csvr_col(c, "bytes");
	if (cb < 0 || cs < 0 || cz < 0) {
		fprintf(stderr, "naskah: %s: not a manifest (it needs the "
		    "columns berkas, sha256 and bytes)\n", file);
		csvr_close(c);
		return EX_DATAERR;
	}
	while ((rc = csvr_next(c, &row, &e)) != 0) {
		const char *rel, *sha;
		char *end;
		long long size;
		struct stat sb;

		if (rc == -2) {
			nerr_print(stderr, "naskah", &e);
			csvr_close(c);
			listed_free(&dirs);
			return EX_NOINPUT;
		}
		if (rc < 0) {
			nerr_print(stderr, "naskah", &e);
			nbad++;
			continue;
		}
		rel = row.fields[cb];
		sha = row.fields[cs];
		size = strtoll(row.fields[cz], &end, 10);
		if (!safe_rel(rel) || strlen(sha) != 64 || *end != '\0' ||
		    end == row.fields[cz] || size < 0) {
			nerr_set(&e, EX_DATAERR, file, row.line, 0, "not a row "
			    "of a manifest (berkas inside the archive, a "
			    "SHA-256, a size)");
			nerr_print(stderr, "naskah", &e);
			nbad++;
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", root, rel);
		if ((slash = strrchr(rel, '/')) != NULL) {
			char d[4096];

			snprintf(d, sizeof(d), "%.*s", (int)(slash - rel), rel);
			if (dirs.n == 0 || strcmp(dirs.v[dirs.n - 1], d) != 0)
				listed_add(&dirs, d);
		}
		if (stat(path, &sb) != 0) {
			printf("HILANG\t%s\n", rel);
			nmiss++;
		} else if ((long long)sb.st_size != size ||
		    fs_sha256(path, got) != 0 || strcmp(got, sha) != 0) {
			printf("DIUBAH\t%s\n", rel);
			nchg++;
		} else
			nok++;
	}
	csvr_close(c);
	/* Extra: a file in a folder the manifest uses that no manifest
	 * beside it lists (an archive copied with its manifests accounts
	 * for every file it holds). */
	all_listed(mdir, &all);
	listed_sort(&dirs);
	for (size_t i = 0; i < dirs.n; i++) {
		DIR *d;
		struct dirent *de;

		if (i > 0 && !strcmp(dirs.v[i], dirs.v[i - 1]))
			continue;
		snprintf(path, sizeof(path), "%s/%s", root, dirs.v[i]);
		if ((d = opendir(path)) == NULL)
			continue;
		struct listed here = { 0 };
		while ((de = readdir(d)) != NULL) {
			char rel[4400];
			struct stat sb;

			if (de->d_name[0] == '.')
				continue;
			snprintf(rel, sizeof(rel), "%s/%s", dirs.v[i],
			    de->d_name);
			snprintf(path, sizeof(path), "%s/%s", root, rel);
			if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
			    !listed_has(&all, rel))
				listed_add(&here, rel);
		}
		closedir(d);
		/* Sorted: the report must not depend on directory order. */
		listed_sort(&here);
		for (size_t j = 0; j < here.n; j++)
			printf("TAMBAHAN\t%s\n", here.v[j]);
		nextra += (long)here.n;
		listed_free(&here);
	}
	listed_free(&dirs);
	listed_free(&all);
	fflush(stdout);
	rc = nmiss || nchg || nextra || nbad ? EX_DATAERR : 0;
	if (!quiet || rc)
		fprintf(stderr, "naskah verify: %s: %ld files under %s: %ld "
		    "unchanged, %ld missing, %ld changed, %ld extra%s\n", file,
		    nok + nmiss + nchg, root, nok, nmiss, nchg, nextra,
		    nbad ? ", and rows that are no manifest's" : "");
	return rc;
}
