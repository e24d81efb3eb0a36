/* keycmd.c -- `naskah key` and `naskah verify --public-key`: find the
 * office's keys, print what an office publishes, write the verification
 * page, and check a QR payload with nothing but a public key. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "err.h"
#include "fsio.h"
#include "kantor.h"
#include "key.h"
#include "keycmd.h"
#include "sod.h"
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
	unsigned char d[crypto_hash_sha256_BYTES];
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
	crypto_hash_sha256(d, (const unsigned char *)s, (size_t)(end - s));
	sodium_bin2base64(b64, sizeof(b64), d, sizeof(d),
	    sodium_base64_VARIANT_ORIGINAL);
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
