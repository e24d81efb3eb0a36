/* keycmd.c -- `naskah key` and `naskah verify`: find the office's keys,
 * print what an office publishes, write the verification page, check a QR
 * payload with nothing but a public key, and check files and codes
 * against the office's register. */
#define _GNU_SOURCE		/* memmem */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <zlib.h>

#include "b64.h"
#include "err.h"
#include "fsio.h"
#include "kantor.h"
#include "progress.h"
#include "key.h"
#include "keycmd.h"
#include "reg.h"
#include "sha256.h"

#include "regloc.h"
#include "vcode.h"
#include "xmem.h"

static int
failed(const struct nerr *e)
{
	nerr_print(stderr, "naskah", e);
	return e->status;
}

/* kantor.xml (for the office's code and name) and the office's keys;
 * nothing else of the office is opened: no lock, no register. */
static struct kantor *
open_office(const struct run_opts *o, struct key **kp, struct nerr *e)
{
	char rng[4096], dir[4096];
	struct kantor *k;

	snprintf(rng, sizeof(rng), "%s/templates/schema/kantor.rng",
	    o->datadir);
	if ((k = kantor_load(o->input, rng, e)) == NULL)
		return NULL;
	if (key_dir(o->input, o->output, dir, sizeof(dir), e) != 0 ||
	    (*kp = key_open(dir, k->kode_wilayah, e)) == NULL) {
		kantor_free(k);
		return NULL;
	}
	/* Said every time: the folder to back up and keep secret. */
	fprintf(stderr, "naskah: keys of %s in %s/%s (back this folder up; "
	    "never publish it)\n", k->kode_wilayah, dir, k->kode_wilayah);
	return k;
}

/* Appends s to the growing buffer b (escaped for HTML if html). */
struct buf {
	char	*p;
	size_t	 n, cap;
};

static void
put(struct buf *b, const char *s, size_t n, int html)
{
	if (b->p == NULL) {
		b->cap = 16384;
		b->p = xmalloc(b->cap);
	}
	for (size_t i = 0; i < n; i++) {
		const char *r = NULL;

		if (html)
			switch (s[i]) {
			case '&': r = "&amp;"; break;
			case '<': r = "&lt;"; break;
			case '>': r = "&gt;"; break;
			case '"': r = "&quot;"; break;
			case '\'': r = "&#39;"; break;
			}
		if (b->n + 8 > b->cap) {
			b->cap *= 2;
			b->p = xrealloc(b->p, b->cap);
		}
		if (r != NULL) {
			memcpy(b->p + b->n, r, strlen(r));
			b->n += strlen(r);
		} else
			b->p[b->n++] = s[i];
	}
	b->p[b->n] = '\0';
}

/* t with each {{NAME}} of vals replaced by its value, HTML-escaped;
 * {{NAME}}s not in vals are kept for a later pass if keep, else refused
 * (EX_CONFIG, naming the line). */
static char *
fill(const char *path, const char *t, const char *const vals[][2],
    int keep, struct nerr *e)
{
	struct buf b = { NULL, 0, 0 };
	const char *p = t, *open, *close;

	put(&b, "", 0, 0);
	while ((open = strstr(p, "{{")) != NULL &&
	    (close = strstr(open + 2, "}}")) != NULL) {
		size_t n = (size_t)(close - open - 2);
		int i;

		put(&b, p, (size_t)(open - p), 0);
		for (i = 0; vals[i][0] != NULL; i++)
			if (strlen(vals[i][0]) == n &&
			    strncmp(open + 2, vals[i][0], n) == 0)
				break;
		if (vals[i][0] != NULL)
			put(&b, vals[i][1], strlen(vals[i][1]), 1);
		else if (keep)
			put(&b, open, n + 4, 0);
		else {
			long line = 1;

			for (const char *c = t; c < open; c++)
				line += *c == '\n';
			nerr_set(e, EX_CONFIG, path, line, 0, "unknown marker "
			    "{{%.*s}}", (int)n, open + 2);
			free(b.p);
			return NULL;
		}
		p = close + 2;
	}
	put(&b, p, strlen(p), 0);
	return b.p;
}

/* The page's one script may run, nothing else: its CSP hash. */
static int
script_hash(const char *path, const char *page, char out[64],
    struct nerr *e)
{
	unsigned char d[32];
	struct sha256_ctx c;
	const char *s, *end;
	char b64[48];

	if ((s = strstr(page, "<script>")) == NULL ||
	    (end = strstr(s, "</script>")) == NULL ||
	    strstr(end, "<script") != NULL) {
		nerr_set(e, EX_CONFIG, path, 0, 0, "the page must hold "
		    "exactly one <script> element, without attributes");
		return -1;
	}
	s += strlen("<script>");
	sha256_init(&c);
	sha256_update(&c, s, (size_t)(end - s));
	sha256_final(&c, d);
	(void)b64_encode(b64, sizeof(b64), d, sizeof(d), B64_STD);
	snprintf(out, 64, "sha256-%s", b64);
	return 0;
}

static int
write_page(const struct run_opts *o, const struct kantor *k,
    const struct key *key, struct nerr *e)
{
	char path[4096], out[4096], name[512], kunci[44], sidik[KEY_FPR_SIZE];
	char hash[64];
	char *t, *p1, *p2;
	size_t len;
	int rc;

	snprintf(path, sizeof(path), "%s/templates/verifikasi.html",
	    o->datadir);
	if ((t = fs_slurp(path, &len, e)) == NULL) {
		e->status = EX_CONFIG;
		return -1;
	}
	snprintf(name, sizeof(name), "Kecamatan %s, %s %s", k->kecamatan,
	    k->kota ? "Kota" : "Kabupaten", k->kabupaten);
	key_pub_b64(key_pub(key), kunci);
	key_fingerprint(key_pub(key), sidik);
	{
		const char *const vals[][2] = {
			{ "KANTOR", name }, { "KODE", k->kode_wilayah },
			{ "KUNCI", kunci }, { "SIDIK", sidik }, { NULL, NULL }
		};

		p1 = fill(path, t, vals, 1, e);
	}
	free(t);
	if (p1 == NULL || script_hash(path, p1, hash, e) != 0) {
		free(p1);
		return -1;
	}
	{
		const char *const vals[][2] = {
			{ "SCRIPT_HASH", hash }, { NULL, NULL }
		};

		p2 = fill(path, p1, vals, 0, e);
	}
	free(p1);
	if (p2 == NULL)
		return -1;
	snprintf(out, sizeof(out), "%s/verifikasi.html", o->output);
	rc = fs_mkdirs(o->output, e) != 0 ||
	    fs_write_atomic(out, p2, strlen(p2), e) != 0 ? -1 : 0;
	free(p2);
	return rc;
}

int
keycmd_key(const struct run_opts *o, enum keycmd what)
{
	char line[KEY_TEXT_SIZE], fpr[KEY_FPR_SIZE];
	struct kantor *k;
	struct key *key = NULL;
	struct nerr e;
	int rc = 0;

	if (what == KEYCMD_NONE) {
		fprintf(stderr, "naskah: key needs --public or --page\n");
		return EX_USAGE;
	}
	memset(&e, 0, sizeof(e));
	if ((k = open_office(o, &key, &e)) == NULL)
		return failed(&e);
	if (what == KEYCMD_PUBLIC) {
		key_pub_format(key_office(key), key_pub(key), line);
		key_fingerprint(key_pub(key), fpr);
		printf("%s\nsidik jari: %s\n", line, fpr);
	} else if (write_page(o, k, key, &e) != 0)
		rc = failed(&e);
	else
		printf("verifikasi.html\n");
	if (fflush(stdout) != 0 && rc == 0)
		rc = EX_IOERR;
	key_close(key);
	kantor_free(k);
	return rc;
}

int
keycmd_verify(const char *pubfile, const char *code)
{
	unsigned char pk[KEY_PUB_BYTES];
	char office[KEY_OFFICE_MAX];
	struct vcode_doc d;
	const struct vcode_id *id = &d.id;
	struct nerr e;

	if (pubfile == NULL || code == NULL) {
		fprintf(stderr, "naskah: verify needs --public-key FILE and "
		    "--code TEXT\n");
		return EX_USAGE;
	}
	memset(&e, 0, sizeof(e));
	if (key_pub_read(pubfile, pk, office, &e) != 0)
		return failed(&e);
	if (vcode_verify(pk, code, &d, &e) != 0) {
		printf("TIDAK SAH  %s\n", e.msg);
		return EX_DATAERR;
	}
	/* The key names its office: a code naming another is not its. */
	if (*office != '\0' && strcmp(office, id->office) != 0) {
		printf("TIDAK SAH  the code names office %s, the key is "
		    "office %s's\n", id->office, office);
		return EX_DATAERR;
	}
	if (*id->number != '\0')
		printf("ASLI  %s %s  %s  %s  (%s, kantor %s)\n", id->kind,
		    id->number, id->date, id->name, id->subject, id->office);
	else
		printf("ASLI  %s register %s/%d  %s  %s  (%s, kantor %s)\n",
		    id->kind, id->reg, id->year, id->date, id->name,
		    id->subject, id->office);
	return 0;
}

/*
 * Against the register: `naskah verify FILE...` and `naskah verify --code
 * TEXT` (archive.md).  Only kantor.xml and the register are opened, no
 * lock and no key is made: a lost key never stops a file from being
 * checked by its SHA-256.
 */

/* What a document is, for one line: kind, number (or register number and
 * year), date, name, from its signed payload when it has one, else from
 * the register's own columns. */
static void
doc_line(const struct reg_found *f, char *out, size_t sz)
{
	struct vcode_doc d;
	struct nerr e = { 0 };

	if (f->payload[0] != '\0' && vcode_parse(f->payload, &d, NULL,
	    &e) == 0) {
		const struct vcode_id *id = &d.id;

		if (*id->number != '\0')
			snprintf(out, sz, "%s %s  %s  %s", id->kind,
			    id->number, id->date, id->name);
		else
			snprintf(out, sz, "%s register %s/%d  %s  %s",
			    id->kind, id->reg, id->year, id->date, id->name);
	} else
		snprintf(out, sz, "%s %s  %s  %s", f->kind, *f->nomor ?
		    f->nomor : "(tanpa nomor)", f->created, *f->nama ?
		    f->nama : "-");
}

static int
cancelled(const struct reg_found *f)
{
	return f->status[0] != '\0' && strcmp(f->status, "issued") != 0;
}

/* "  dibatalkan DATE: REASON", as much as the register keeps. */
static void
cancel_note(const struct reg_found *f, char *out, size_t sz)
{
	snprintf(out, sz, "  %s%s%s%s%s", !strcmp(f->status, "cancelled") ?
	    "dibatalkan" : f->status, *f->when ? " " : "", f->when,
	    *f->reason ? ": " : "", f->reason);
}

/* Inflates a FlateDecode stream's bytes (at most 4 MB out); malloc'd or
 * NULL. */
static char *
inflate_some(const unsigned char *p, size_t n, size_t *outn)
{
	z_stream z;
	size_t cap = 65536;
	char *out = xmalloc(cap);
	int rc;

	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK) {
		free(out);
		return NULL;
	}
	z.next_in = (Bytef *)p;
	z.avail_in = (uInt)n;
	for (;;) {
		z.next_out = (Bytef *)out + z.total_out;
		z.avail_out = (uInt)(cap - 1 - z.total_out);
		rc = inflate(&z, Z_NO_FLUSH);
		if (rc == Z_STREAM_END || rc != Z_OK || z.avail_in == 0)
			break;
		if (z.avail_out == 0) {
			if (cap >= (4u << 20))
				break;
			cap *= 2;
			out = xrealloc(out, cap);
		}
	}
	*outn = z.total_out;
	out[*outn] = '\0';
	inflateEnd(&z);
	return out;
}

/* The verification payload a PDF carries in its XMP (dc:identifier), as
 * naskah wrote it, or in any stream a later tool compressed: into out,
 * URL and "#" removed; 0 found, -1 none. */
static int
find_payload(const char *buf, size_t n, char *out, size_t sz)
{
	static const char open[] = "<dc:identifier>", close[] = "<";
	const char *p = buf, *end = buf + n;

	while ((p = memmem(p, (size_t)(end - p), open, sizeof(open) - 1)) !=
	    NULL) {
		const char *v = p + sizeof(open) - 1, *q, *h;
		size_t k;

		q = memmem(v, (size_t)(end - v), close, 1);
		if (q == NULL)
			break;
		h = memchr(v, '#', (size_t)(q - v));
		if (h != NULL)
			v = h + 1;
		k = (size_t)(q - v);
		if (k >= 5 && k < sz && memcmp(v, "NSK1*", 5) == 0) {
			memcpy(out, v, k);
			out[k] = '\0';
			return 0;
		}
		p = q;
	}
	/* Streams rewritten compressed by another program. */
	for (p = buf; (p = memmem(p, (size_t)(end - p), "stream", 6)) !=
	    NULL; p += 6) {
		const char *b = p + 6;
		char *z;
		size_t zn;
		int rc;

		if (p > buf && p[-1] == 'd')		/* endstream */
			continue;
		if (b < end && *b == '\r')
			b++;
		if (b >= end || *b != '\n')
			continue;
		b++;
		if ((z = inflate_some((const unsigned char *)b,
		    (size_t)(end - b), &zn)) == NULL)
			continue;
		rc = zn > 0 && memmem(z, zn, open, sizeof(open) - 1) != NULL ?
		    find_payload(z, zn, out, sz) : -1;
		free(z);
		if (rc == 0)
			return 0;
	}
	return -1;
}

/* kantor.xml's office and its register, opened as they are. */
static struct reg *
open_register(const struct run_opts *o, struct kantor **kp, struct nerr *e)
{
	char path[4096];
	struct reg *r;

	snprintf(path, sizeof(path), "%s/templates/schema/kantor.rng",
	    o->datadir);
	if ((*kp = kantor_load(o->input, path, e)) == NULL ||
	    regloc_kantor(o->input, o->datadir, NULL, 0, e) != 0) {
		kantor_free(*kp);
		*kp = NULL;
		return NULL;
	}
	/* Read only, without the office's lock: a check answers while a
	 * run of the office works (on PostgreSQL its lock is the
	 * database's, which a reader must not take). */
	snprintf(path, sizeof(path), "%s/register.db", o->output);
	if ((r = reg_open_read(path, (*kp)->kode_wilayah, e)) == NULL) {
		kantor_free(*kp);
		*kp = NULL;
	}
	return r;
}

/* One file: 0 ASLI, EX_DATAERR otherwise, EX_NOINPUT unreadable, -1 a
 * register error (e). */
static int
verify_file(struct reg *r, const char *file, struct nerr *e)
{
	char sha[65], what[1024], note[700], payload[VCODE_PAYLOAD_MAX];
	struct reg_found f;
	size_t n;
	char *buf;
	int rc;

	if (fs_sha256(file, sha) != 0) {
		fprintf(stderr, "naskah: %s: cannot read\n", file);
		printf("TIDAK TERBACA  %s\n", file);
		return EX_NOINPUT;
	}
	if ((rc = reg_doc_find(r, sha, NULL, NULL, &f, e)) < 0)
		return -1;
	if (rc == 1) {
		doc_line(&f, what, sizeof(what));
		if (cancelled(&f)) {
			cancel_note(&f, note, sizeof(note));
			printf("DIBATALKAN  %s  %s%s  berkas %s\n", file, what,
			    note, f.path);
			return EX_DATAERR;
		}
		printf("ASLI  %s  %s  berkas %s\n", file, what, f.path);
		return 0;
	}
	/* Not a file the office issued: does it claim to be one? */
	if ((buf = fs_slurp(file, &n, e)) == NULL) {
		memset(e, 0, sizeof(*e));
		printf("TIDAK TERBACA  %s\n", file);
		return EX_NOINPUT;
	}
	rc = find_payload(buf, n, payload, sizeof(payload));
	free(buf);
	if (rc == 0 && (rc = reg_doc_find(r, NULL, NULL, payload, &f,
	    e)) < 0)
		return -1;
	if (rc == 1) {
		doc_line(&f, what, sizeof(what));
		printf("DIUBAH  %s  not the file issued as %s (berkas %s): "
		    "its SHA-256 is not in the register\n", file, what,
		    f.path);
		return EX_DATAERR;
	}
	printf("TIDAK DIKENAL  %s  no document of this office has this "
	    "SHA-256, and it carries no code of one\n", file);
	return EX_DATAERR;
}

/* text as a scanner prints it, without blanks around it and without the
 * "URL#" before the payload. */
static const char *
bare_payload(const char *text, char *out, size_t sz)
{
	const char *h = strchr(text, '#');
	size_t n;

	text = h != NULL ? h + 1 : text;
	while (isspace((unsigned char)*text))
		text++;
	n = strlen(text);
	while (n > 0 && isspace((unsigned char)text[n - 1]))
		n--;
	if (n >= sz)
		n = sz - 1;
	memcpy(out, text, n);
	out[n] = '\0';
	return out;
}

/* A scanned QR payload or a typed short code. */
static int
verify_code(const struct run_opts *o, struct reg *r, const char *office,
    const char *text, struct nerr *e)
{
	char kode[VCODE_SHORT_SIZE], payload[VCODE_PAYLOAD_MAX];
	char what[1024], note[700], dir[4096], kfile[4200];
	struct reg_found f;
	struct vcode_doc d;
	struct stat sb;
	int rc, isshort = vcode_short_parse(text, kode) == 0;

	bare_payload(text, payload, sizeof(payload));
	if (!isshort && vcode_parse(payload, &d, NULL, e) != 0) {
		printf("TIDAK SAH  %s\n", e->msg);
		memset(e, 0, sizeof(*e));
		return EX_DATAERR;
	}
	if ((rc = reg_doc_find(r, NULL, isshort ? kode : NULL, isshort ?
	    NULL : payload, &f, e)) < 0)
		return -1;
	if (rc == 1) {
		doc_line(&f, what, sizeof(what));
		if (cancelled(&f)) {
			cancel_note(&f, note, sizeof(note));
			printf("DIBATALKAN  %s%s  berkas %s\n", what, note,
			    f.path);
			return EX_DATAERR;
		}
		printf("ASLI  %s  berkas %s\n", what, f.path);
		return 0;
	}
	if (isshort) {
		printf("TIDAK SAH  no document of this office has the code "
		    "%s\n", kode);
		return EX_DATAERR;
	}
	/* Not in the register: forged, or signed by this office's key and
	 * unknown to this register (an older copy of it?).  The key is
	 * read only if it is there; none is made here. */
	if (key_dir(o->input, o->output, dir, sizeof(dir), e) == 0) {
		struct key *k;

		snprintf(kfile, sizeof(kfile), "%s/%s/ed25519.key", dir,
		    office);
		if (stat(kfile, &sb) == 0 && (k = key_open(dir, office,
		    e)) != NULL) {
			rc = vcode_verify(key_pub(k), payload, &d, e);
			key_close(k);
			if (rc == 0) {
				printf("TIDAK DIKENAL  signed with this "
				    "office's key, but no such document is in "
				    "its register\n");
				return EX_DATAERR;
			}
			printf("TIDAK SAH  %s\n", e->msg);
			memset(e, 0, sizeof(*e));
			return EX_DATAERR;
		}
	}
	memset(e, 0, sizeof(*e));
	printf("TIDAK SAH  no document of this office has this code\n");
	return EX_DATAERR;
}

int
keycmd_check(const struct run_opts *o, const char *code,
    char *const files[], size_t nfiles)
{
	struct kantor *k = NULL;
	struct reg *r;
	struct nerr e;
	int rc = 0, one;

	if ((code == NULL) == (nfiles == 0)) {
		fprintf(stderr, "naskah: verify needs FILE.pdf... or --code "
		    "TEXT\n");
		return EX_USAGE;
	}
	memset(&e, 0, sizeof(e));
	if ((r = open_register(o, &k, &e)) == NULL)
		return failed(&e);
	if (code != NULL)
		rc = verify_code(o, r, k->kode_wilayah, code, &e);
	/* Each file's verdict goes to stdout; the line to stderr's tty. */
	struct progress *prog = nfiles > 1 ? progress_new("verify", "files",
	    (long)nfiles, o->quiet) : NULL;
	for (size_t i = 0; i < nfiles && rc >= 0; i++) {
		progress_set(prog, (long)i);
		one = verify_file(r, files[i], &e);
		if (one < 0)
			rc = -1;
		else if (one == EX_NOINPUT || (one != 0 && rc != EX_NOINPUT))
			rc = one;
	}
	progress_end(prog);
	if (rc < 0)
		rc = failed(&e);
	if (fflush(stdout) != 0 && rc == 0)
		rc = EX_IOERR;
	reg_close(r);
	kantor_free(k);
	return rc;
}
