/* vcode.c -- the canonical identity string, its short code (HMAC) and
 * its signed QR payload (Ed25519), both ways: made here, parsed and
 * checked here, so one file says what the codes are (format in vcode.h). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/hmac.h>

#include "b64.h"
#include "lcrypto.h"
#include "vcode.h"

#define PREFIX		"NSK1*"
#define SIG_B64		86	/* 64 bytes, unpadded base64url */
#define NFIELDS		9	/* "NSK1" and the eight identity fields */

/* No look-alikes: 0/O, 1/I/L and U/V are gone, so whatever a person reads
 * off the paper is either the right character or not one at all. */
static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
#define NALPHA	(sizeof(alphabet) - 1)
#define NSHORT	10

/* Bytes that stay as they are in a payload: safe in a URL fragment (no
 * browser rewrites them), readable, and none of them '*', '+' or '%'. */
static int
keep(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~' || c == '/' || c == ':' || c == ',';
}

/* Valid UTF-8 with no control character (C0, DEL, C1), no overlong form
 * and no surrogate: what a name in a register may be. */
static int
text_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		uint32_t c;
		int n;

		if (*p < 0x80) {
			if (*p < 0x20 || *p == 0x7f)
				return 0;
			p++;
			continue;
		}
		if ((*p & 0xe0) == 0xc0) { c = *p & 0x1f; n = 1; }
		else if ((*p & 0xf0) == 0xe0) { c = *p & 0x0f; n = 2; }
		else if ((*p & 0xf8) == 0xf0) { c = *p & 0x07; n = 3; }
		else
			return 0;
		for (int i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			c = c << 6 | (p[i] & 0x3f);
		}
		if ((n == 1 && c < 0x80) || (n == 2 && c < 0x800) ||
		    (n == 3 && c < 0x10000) || c > 0x10ffff ||
		    (c >= 0xd800 && c <= 0xdfff) || (c >= 0x80 && c <= 0x9f))
			return 0;
		p += n + 1;
	}
	return 1;
}

static int
chars_ok(const char *s, const char *extra, int lower, int upper)
{
	for (; *s; s++)
		if (!(*s >= '0' && *s <= '9') &&
		    !(lower && *s >= 'a' && *s <= 'z') &&
		    !(upper && *s >= 'A' && *s <= 'Z') &&
		    strchr(extra, *s) == NULL)
			return 0;
	return 1;
}

static int
field(const char *name, const char *v, int required, struct nerr *e)
{
	if (required && *v == '\0') {
		nerr_set(e, EX_DATAERR, NULL, 0, 0, "identity: %s is empty",
		    name);
		return -1;
	}
	if (strlen(v) > VCODE_FIELD_MAX) {
		nerr_set(e, EX_DATAERR, NULL, 0, 0, "identity: %s is longer "
		    "than %d bytes", name, VCODE_FIELD_MAX);
		return -1;
	}
	if (!text_ok(v)) {
		nerr_set(e, EX_DATAERR, NULL, 0, 0, "identity: %s is not "
		    "UTF-8 text without control characters", name);
		return -1;
	}
	return 0;
}

#define S(x)	((x) != NULL ? (x) : "")

static int
check(const struct vcode_id *id, struct nerr *e)
{
	const char *d = S(id->date);

	if (field("office", S(id->office), 1, e) != 0 ||
	    field("kind", S(id->kind), 1, e) != 0 ||
	    field("number", S(id->number), 0, e) != 0 ||
	    field("register number", S(id->reg), 0, e) != 0 ||
	    field("date", d, 1, e) != 0 ||
	    field("subject", S(id->subject), 1, e) != 0 ||
	    field("name", S(id->name), 1, e) != 0)
		return -1;
	/* Short ones have a form: they are codes, not text. */
	if (strlen(id->office) > 31 || !chars_ok(id->office, ".-", 1, 1)) {
		nerr_set(e, EX_DATAERR, NULL, 0, 0, "identity: office \"%s\" "
		    "is not an office code", id->office);
		return -1;
	}
	if (strlen(id->kind) > 31 || !chars_ok(id->kind, "_", 1, 0)) {
		nerr_set(e, EX_DATAERR, NULL, 0, 0, "identity: kind \"%s\" is "
		    "not a document kind", id->kind);
		return -1;
	}
	if (strlen(d) != 10 || !chars_ok(d, "-", 0, 0) || d[4] != '-' ||
	    d[7] != '-' || strchr(d + 8, '-') != NULL ||
	    strchr(d, '-') != d + 4 || strchr(d + 5, '-') != d + 7) {
		nerr_set(e, EX_DATAERR, NULL, 0, 0, "identity: date \"%s\" is "
		    "not YYYY-MM-DD", d);
		return -1;
	}
	if (*S(id->number) != '\0') {
		if (*S(id->reg) != '\0' || id->year != 0) {
			nerr_set(e, EX_DATAERR, NULL, 0, 0, "identity: a "
			    "number, or a register number and year, not "
			    "both");
			return -1;
		}
	} else if (*S(id->reg) == '\0' || id->year < 1 || id->year > 9999) {
		nerr_set(e, EX_DATAERR, NULL, 0, 0, "identity: no number, and "
		    "no register number with its year");
		return -1;
	}
	return 0;
}

/* Appends '*' (unless first) and v encoded; the caller sized out. */
static void
put(char *out, size_t *n, const char *v, int first)
{
	static const char hex[] = "0123456789ABCDEF";

	if (!first)
		out[(*n)++] = '*';
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if (keep(*p))
			out[(*n)++] = (char)*p;
		else if (*p == ' ')
			out[(*n)++] = '+';
		else {
			out[(*n)++] = '%';
			out[(*n)++] = hex[*p >> 4];
			out[(*n)++] = hex[*p & 15];
		}
	}
	out[*n] = '\0';
}

int
vcode_canon(const struct vcode_id *id, char *out, size_t sz, struct nerr *e)
{
	char year[8] = "";
	size_t n = 0, need;

	if (check(id, e) != 0)
		return -1;
	if (*S(id->number) == '\0')
		snprintf(year, sizeof(year), "%d", id->year);
	/* At worst every byte is %XX: 3 characters each. */
	need = 4 + 3 * (strlen(id->office) + strlen(id->kind) +
	    strlen(S(id->number)) + strlen(S(id->reg)) + strlen(year) +
	    strlen(id->date) + strlen(id->subject) + strlen(id->name)) +
	    NFIELDS;
	if (need > sz) {
		nerr_set(e, EX_DATAERR, NULL, 0, 0, "identity too long for a "
		    "code");
		return -1;
	}
	put(out, &n, "NSK1", 1);
	put(out, &n, id->office, 0);
	put(out, &n, id->kind, 0);
	put(out, &n, S(id->number), 0);
	put(out, &n, S(id->reg), 0);
	put(out, &n, year, 0);
	put(out, &n, id->date, 0);
	put(out, &n, id->subject, 0);
	put(out, &n, id->name, 0);
	return 0;
}

int
vcode_hmac(const unsigned char *key, size_t klen, const void *msg, size_t n,
    unsigned char out[32], struct nerr *e)
{
	unsigned int len = 0;

	lcrypto_init();
	if (HMAC(EVP_sha256(), key, (int)klen, msg, n, out, &len) == NULL ||
	    len != 32)
		return lcrypto_fail(e, EX_SOFTWARE, "HMAC-SHA-256");
	return 0;
}

int
vcode_short(const unsigned char mac[32], const struct vcode_id *id,
    char out[VCODE_SHORT_SIZE], struct nerr *e)
{
	unsigned char h[32];
	char canon[VCODE_PAYLOAD_MAX];
	uint64_t v = 0;

	if (vcode_canon(id, canon, sizeof(canon), e) != 0 ||
	    vcode_hmac(mac, 32, canon, strlen(canon), h, e) != 0)
		return -1;
	/* 64 bits in 10 base-30 digits (49 bits): the bias of the modulo
	 * is below 2^-15 per code, nothing a guesser can use. */
	for (int i = 0; i < 8; i++)
		v = v << 8 | h[i];
	for (int i = NSHORT; i > 0; i--) {
		out[i - 1 + (i > 5)] = alphabet[v % NALPHA];
		v /= NALPHA;
	}
	out[5] = '-';
	out[11] = '\0';
	OPENSSL_cleanse(h, sizeof(h));
	return 0;
}

int
vcode_short_parse(const char *text, char out[VCODE_SHORT_SIZE])
{
	int n = 0;

	for (const char *p = text; *p; p++) {
		char c = *p;

		if (c == ' ' || c == '-' || c == '\t' || c == '\n' ||
		    c == '\r')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (strchr(alphabet, c) == NULL || n == NSHORT)
			return -1;
		out[n + (n >= 5)] = c;
		n++;
	}
	if (n != NSHORT)
		return -1;
	out[5] = '-';
	out[11] = '\0';
	return 0;
}

/* The last secret key signed with, as libcrypto's key object: making it
 * from the seed costs a scalar multiplication, as much as the signature
 * itself, and a run signs every letter with one key.  The object keeps
 * its copy of the seed in the secure heap (lcrypto.h). */
static pthread_mutex_t signer_lock = PTHREAD_MUTEX_INITIALIZER;
static EVP_PKEY *signer;

/* signer made from sec, unless it already is; caller holds signer_lock.
 * sec's second half must be the seed's public key, as libsodium's was. */
static int
signer_for(const unsigned char sec[64], struct nerr *e)
{
	unsigned char seed[32], pub[32];
	size_t n = sizeof(seed), m = sizeof(pub);
	EVP_PKEY *pk;
	int same;

	if (signer != NULL) {
		same = EVP_PKEY_get_raw_private_key(signer, seed, &n) == 1 &&
		    n == sizeof(seed) && CRYPTO_memcmp(seed, sec, 32) == 0;
		OPENSSL_cleanse(seed, sizeof(seed));
		if (same)
			return 0;
		EVP_PKEY_free(signer);
		signer = NULL;
	}
	if ((pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, sec,
	    32)) == NULL)
		return lcrypto_fail(e, EX_SOFTWARE, "Ed25519 signing key");
	if (EVP_PKEY_get_raw_public_key(pk, pub, &m) != 1 || m != 32) {
		EVP_PKEY_free(pk);
		return lcrypto_fail(e, EX_SOFTWARE, "Ed25519 public key");
	}
	if (CRYPTO_memcmp(pub, sec + 32, 32) != 0) {
		EVP_PKEY_free(pk);
		nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "Ed25519 secret key "
		    "damaged: its public half does not follow from its seed");
		return -1;
	}
	signer = pk;
	return 0;
}

int
vcode_sign(const unsigned char sec[64], const void *msg, size_t n,
    unsigned char sig[64], struct nerr *e)
{
	EVP_MD_CTX *c;
	size_t siglen = 64;
	int rc = -1;

	lcrypto_init();
	pthread_mutex_lock(&signer_lock);
	if (signer_for(sec, e) != 0)
		goto out;
	if ((c = EVP_MD_CTX_new()) == NULL) {
		lcrypto_fail(e, EX_SOFTWARE, "Ed25519 signature");
		goto out;
	}
	/* Ed25519 hashes the message itself: no digest named. */
	if (EVP_DigestSignInit_ex(c, NULL, NULL, NULL, NULL, signer,
	    NULL) != 1 || EVP_DigestSign(c, sig, &siglen, msg, n) != 1 ||
	    siglen != 64)
		lcrypto_fail(e, EX_SOFTWARE, "Ed25519 signature");
	else
		rc = 0;
	EVP_MD_CTX_free(c);
out:
	pthread_mutex_unlock(&signer_lock);
	return rc;
}

int
vcode_payload(const unsigned char sec[64], const struct vcode_id *id,
    char out[VCODE_PAYLOAD_MAX], struct nerr *e)
{
	unsigned char sig[64];
	size_t n;

	if (vcode_canon(id, out, VCODE_PAYLOAD_MAX - 1 - SIG_B64, e) != 0)
		return -1;
	n = strlen(out);
	if (vcode_sign(sec, out, n, sig, e) != 0)
		return -1;
	out[n++] = '*';
	(void)b64_encode(out + n, VCODE_PAYLOAD_MAX - n, sig, sizeof(sig),
	    B64_URL);
	return 0;
}

/* --jobs (issue 15): the signature made later, by a render worker.  The
 * stand-in is keyed, HMAC-SHA-512 of the identity under the MAC key, so
 * no data in a letter can hold it (copying it would take the key), and
 * base64url of 64 bytes, as long as the signature and made of the same
 * bytes: every template and escaping treats the two alike. */
int
vcode_payload_later(const unsigned char mac[32], const struct vcode_id *id,
    char out[VCODE_PAYLOAD_MAX], struct nerr *e)
{
	unsigned char h[64];
	unsigned int len = 0;
	size_t n;

	if (vcode_canon(id, out, VCODE_PAYLOAD_MAX - 1 - SIG_B64, e) != 0)
		return -1;
	n = strlen(out);
	lcrypto_init();
	if (HMAC(EVP_sha512(), mac, 32, (const unsigned char *)out, n, h,
	    &len) == NULL || len != sizeof(h))
		return lcrypto_fail(e, EX_SOFTWARE, "HMAC-SHA-512");
	out[n++] = '*';
	(void)b64_encode(out + n, VCODE_PAYLOAD_MAX - n, h, sizeof(h),
	    B64_URL);
	return 0;
}

int
vcode_payload_sign(const unsigned char sec[64], char *payload,
    char standin[VCODE_SIG_SIZE], struct nerr *e)
{
	unsigned char sig[64];
	size_t n = strlen(payload);

	if (n < SIG_B64 + 1 || payload[n - SIG_B64 - 1] != '*') {
		nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "not a payload to sign");
		return -1;
	}
	n -= SIG_B64;
	memcpy(standin, payload + n, SIG_B64 + 1);
	if (vcode_sign(sec, payload, n - 1, sig, e) != 0)
		return -1;
	(void)b64_encode(payload + n, SIG_B64 + 1, sig, sizeof(sig), B64_URL);
	return 0;
}

int
vcode_url(const char *url, const char *payload, char *out, size_t sz)
{
	size_t n = strlen(url);
	int w;

	/* "https://x/verifikasi.html#" as configured is the same URL. */
	if (n > 0 && url[n - 1] == '#')
		n--;
	w = snprintf(out, sz, "%.*s#%s", (int)n, url, payload);
	return w < 0 || (size_t)w >= sz ? -1 : 0;
}

static int
unhex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;		/* lower case is not canonical */
}

/* The payload's body (before the last '*') through *body and *blen. */
static int
parse(const char *text, struct vcode_doc *d, unsigned char sig[64],
    const char **body, size_t *blen, struct nerr *e)
{
	const char *s = text, *end, *at, *bend, *f[NFIELDS + 1];
	char canon[VCODE_PAYLOAD_MAX], *o = d->buf;
	unsigned char raw[64];
	size_t len, nf = 0, siglen;
	int year = 0;

	memset(d, 0, sizeof(*d));
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\n' || end[-1] == '\r'))
		end--;
	/* A scanned "https://.../verifikasi.html#NSK1*..." */
	if ((at = memchr(s, '#', (size_t)(end - s))) != NULL)
		s = at + 1;
	len = (size_t)(end - s);
	if (len < strlen(PREFIX) || strncmp(s, PREFIX, strlen(PREFIX)) != 0) {
		if (len > 4 && strncmp(s, "NSK", 3) == 0 &&
		    s[3] >= '2' && s[3] <= '9' && s[4] == '*')
			nerr_set(e, EX_DATAERR, NULL, 0, 0, "a code of version "
			    "%c, newer than this naskah reads", s[3]);
		else
			nerr_set(e, EX_DATAERR, NULL, 0, 0, "not a naskah "
			    "code (it does not start with %s)", PREFIX);
		return -1;
	}
	if (len >= VCODE_PAYLOAD_MAX) {
		nerr_set(e, EX_DATAERR, NULL, 0, 0, "code too long");
		return -1;
	}
	for (bend = end; bend[-1] != '*'; bend--)
		;			/* the prefix has one: it stops */
	bend--;
	*body = s;
	*blen = (size_t)(bend - s);
	/* The fields of the body, decoded one after another into buf: it
	 * only shrinks, and each '*' becomes the NUL ending a field. */
	for (const char *p = s; ; p++) {
		f[nf++] = o;
		for (; p < bend && *p != '*'; p++) {
			int hi, lo;

			if (keep((unsigned char)*p))
				*o++ = *p;
			else if (*p == '+')
				*o++ = ' ';
			else if (*p == '%' && bend - p >= 3 &&
			    (hi = unhex(p[1])) >= 0 &&
			    (lo = unhex(p[2])) >= 0 && (hi | lo) != 0) {
				*o++ = (char)(hi << 4 | lo);
				p += 2;
			} else {
				nerr_set(e, EX_DATAERR, NULL, 0,
				    (long)(p - s) + 1, "character '%c' cannot "
				    "stand there in a code", *p);
				return -1;
			}
		}
		*o++ = '\0';
		if (p >= bend || nf > NFIELDS)
			break;
	}
	if (nf != NFIELDS) {
		nerr_set(e, EX_DATAERR, NULL, 0, 0, "a code has %d fields "
		    "and its signature; this one has %zu", NFIELDS,
		    nf > NFIELDS ? nf : nf - 1);
		return -1;
	}
	for (const char *y = f[5]; *y; y++) {
		if (*y < '0' || *y > '9' || year > 9999) {
			nerr_set(e, EX_DATAERR, NULL, 0, 0, "year \"%s\" in a "
			    "code", f[5]);
			return -1;
		}
		year = year * 10 + (*y - '0');
	}
	d->id.office = f[1];
	d->id.kind = f[2];
	d->id.number = f[3];
	d->id.reg = f[4];
	d->id.year = year;
	d->id.date = f[6];
	d->id.subject = f[7];
	d->id.name = f[8];
	/* Only the form naskah writes: one identity, one string. */
	if (vcode_canon(&d->id, canon, sizeof(canon), e) != 0)
		return -1;
	if (strlen(canon) != *blen || memcmp(canon, s, *blen) != 0) {
		nerr_set(e, EX_DATAERR, NULL, 0, 0, "code not in the form "
		    "naskah writes");
		return -1;
	}
	siglen = (size_t)(end - bend - 1);
	if (siglen != SIG_B64 ||
	    b64_decode(raw, sizeof(raw), bend + 1, siglen) != sizeof(raw)) {
		nerr_set(e, EX_DATAERR, NULL, 0, 0, "the signature at the end "
		    "of the code is damaged");
		return -1;
	}
	if (sig != NULL)
		memcpy(sig, raw, sizeof(raw));
	return 0;
}

int
vcode_parse(const char *text, struct vcode_doc *d, unsigned char sig[64],
    struct nerr *e)
{
	const char *body;
	size_t blen;

	return parse(text, d, sig, &body, &blen, e);
}

int
vcode_verify(const unsigned char pub[32], const char *text,
    struct vcode_doc *d, struct nerr *e)
{
	unsigned char sig[64];
	const char *body;
	EVP_MD_CTX *c = NULL;
	EVP_PKEY *pk;
	size_t blen;
	int ok;

	if (parse(text, d, sig, &body, &blen, e) != 0)
		return -1;
	lcrypto_init();
	if ((pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub,
	    32)) == NULL || (c = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestVerifyInit_ex(c, NULL, NULL, NULL, NULL, pk,
	    NULL) != 1) {
		EVP_MD_CTX_free(c);
		EVP_PKEY_free(pk);
		return lcrypto_fail(e, EX_SOFTWARE, "Ed25519 verification");
	}
	/* 1 valid; 0 (or less) altered, or a point that is not one. */
	ok = EVP_DigestVerify(c, sig, sizeof(sig),
	    (const unsigned char *)body, blen) == 1;
	EVP_MD_CTX_free(c);
	EVP_PKEY_free(pk);
	if (!ok) {
		ERR_clear_error();
		nerr_set(e, EX_DATAERR, NULL, 0, 0, "signature does not match: "
		    "the code was altered, or not made with this office's "
		    "key");
		return -1;
	}
	return 0;
}
