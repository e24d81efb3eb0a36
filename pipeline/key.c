/* key.c -- an office's MAC key and Ed25519 key pair on disk: found,
 * created once atomically, checked (size, mode) on every load, and held
 * in libcrypto's secure heap (locked, wiped when freed) while in use. */
#define _GNU_SOURCE		/* mkdtemp, O_NOFOLLOW, O_CLOEXEC */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "b64.h"
#include "fsio.h"
#include "key.h"
#include "lcrypto.h"
#include "sha256.h"

#define MAC_FILE	"mac.key"
#define SIGN_FILE	"ed25519.key"	/* the 32-byte seed */

struct key {
	unsigned char	 mac[KEY_MAC_BYTES];
	unsigned char	 sec[KEY_SEC_BYTES];
	unsigned char	 pub[KEY_PUB_BYTES];
	char		 office[KEY_OFFICE_MAX];
};

/* An office code becomes a folder name: no '/', no leading dot. */
static int
office_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= KEY_OFFICE_MAX || s[0] == '.')
		return 0;
	for (; *s; s++)
		if (!(*s >= '0' && *s <= '9') && !(*s >= 'A' && *s <= 'Z') &&
		    !(*s >= 'a' && *s <= 'z') && *s != '.' && *s != '-')
			return 0;
	return 1;
}

/* Is path a or under folder b?  Both already resolved by realpath. */
static int
inside(const char *a, const char *b)
{
	size_t n = strlen(b);

	if (n == 1 && b[0] == '/')
		return 1;
	return strncmp(a, b, n) == 0 && (a[n] == '/' || a[n] == '\0');
}

int
key_dir(const char *indir, const char *outdir, char *out, size_t sz,
    struct nerr *e)
{
	const char *env = getenv("NASKAH_KEYS");
	char real[PATH_MAX], other[PATH_MAX], parent[PATH_MAX];
	struct stat st;
	int n;

	if (env != NULL && *env != '\0')
		n = snprintf(out, sz, "%s", env);
	else {
		char *slash;

		/* The parent of the output folder as it really is (so that
		 * "." or "out/" have one), or as written if not made yet. */
		if (realpath(outdir, parent) == NULL)
			snprintf(parent, sizeof(parent), "%s", outdir);
		for (n = (int)strlen(parent); n > 1 && parent[n - 1] == '/'; )
			parent[--n] = '\0';
		if ((slash = strrchr(parent, '/')) == NULL)
			snprintf(parent, sizeof(parent), ".");
		else if (slash == parent)
			parent[1] = '\0';
		else
			*slash = '\0';
		n = snprintf(out, sz, "%s/kunci", strcmp(parent, "/") ?
		    parent : "");
	}
	if (n < 0 || (size_t)n >= sz) {
		nerr_set(e, EX_CONFIG, NULL, 0, 0, "key folder name too long");
		return -1;
	}
	if (mkdir(out, 0700) != 0 && errno == ENOENT) {
		char up[PATH_MAX], *slash;

		snprintf(up, sizeof(up), "%s", out);
		if ((slash = strrchr(up, '/')) != NULL && slash != up) {
			*slash = '\0';
			if (fs_mkdirs(up, e) != 0)
				return -1;
		}
		(void)mkdir(out, 0700);
	}
	if (stat(out, &st) != 0) {
		nerr_set(e, EX_CANTCREAT, out, 0, 0, "cannot create the key "
		    "folder: %s", strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		nerr_set(e, EX_CONFIG, out, 0, 0, "the key folder is not a "
		    "folder");
		return -1;
	}
	if (realpath(out, real) == NULL) {
		nerr_set(e, EX_CANTCREAT, out, 0, 0, "%s", strerror(errno));
		return -1;
	}
	if ((realpath(indir, other) != NULL && inside(real, other)) ||
	    (realpath(outdir, other) != NULL && inside(real, other))) {
		nerr_set(e, EX_CONFIG, out, 0, 0, "the key folder lies inside "
		    "%s, which is copied, published or versioned: set "
		    "NASKAH_KEYS to a folder outside input and output",
		    other);
		return -1;
	}
	return 0;
}

/* Writes n fresh random bytes to dir/name, 0600, synced. */
static int
make_file(const char *dir, const char *name, unsigned char *buf, size_t n,
    struct nerr *e)
{
	char path[PATH_MAX];
	int fd, bad;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (RAND_bytes(buf, (int)n) != 1)
		return lcrypto_fail(e, EX_SOFTWARE, "random key bytes");
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) < 0) {
		nerr_set(e, EX_CANTCREAT, path, 0, 0, "%s", strerror(errno));
		return -1;
	}
	bad = write(fd, buf, n) != (ssize_t)n || fsync(fd) != 0;
	if (close(fd) != 0)
		bad = 1;
	if (bad) {
		nerr_set(e, EX_CANTCREAT, path, 0, 0, "cannot write: %s",
		    strerror(errno));
		return -1;
	}
	return 0;
}

static void
remove_tmp(const char *tmp)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", tmp, MAC_FILE);
	unlink(path);
	snprintf(path, sizeof(path), "%s/%s", tmp, SIGN_FILE);
	unlink(path);
	rmdir(tmp);
}

/* First use: both keys in a temporary folder, then one rename.  A rename
 * onto a folder that another process filled meanwhile fails (not empty),
 * and its keys are the office's. */
static int
create(const char *dir, const char *office, const char *path, struct nerr *e)
{
	unsigned char buf[32];
	char tmp[PATH_MAX];
	int rc = -1;

	snprintf(tmp, sizeof(tmp), "%s/.%s.new-XXXXXX", dir, office);
	if (mkdtemp(tmp) == NULL) {		/* mode 0700 */
		nerr_set(e, EX_CANTCREAT, dir, 0, 0, "cannot create keys: %s",
		    strerror(errno));
		return -1;
	}
	if (make_file(tmp, MAC_FILE, buf, sizeof(buf), e) != 0 ||
	    make_file(tmp, SIGN_FILE, buf, sizeof(buf), e) != 0)
		goto out;
	{
		char probe[PATH_MAX];

		snprintf(probe, sizeof(probe), "%s/%s", tmp, MAC_FILE);
		if (fs_sync_dir(probe, e) != 0)
			goto out;
	}
	if (rename(tmp, path) != 0) {
		if (errno != ENOTEMPTY && errno != EEXIST) {
			nerr_set(e, EX_CANTCREAT, path, 0, 0, "cannot create "
			    "keys: %s", strerror(errno));
			goto out;
		}
		rc = 0;			/* another process was first */
		goto out;
	}
	OPENSSL_cleanse(buf, sizeof(buf));
	return fs_sync_dir(path, e);
out:
	OPENSSL_cleanse(buf, sizeof(buf));
	remove_tmp(tmp);
	return rc;
}

/* Reads exactly n bytes of a key file that only its owner may read. */
static int
load_file(const char *dir, const char *name, unsigned char *buf, size_t n,
    struct nerr *e)
{
	char path[PATH_MAX];
	struct stat st;
	ssize_t r;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		if (errno == ELOOP)
			nerr_set(e, EX_CONFIG, path, 0, 0, "key is a symbolic "
			    "link: keep the key file itself there");
		else if (errno == ENOENT)
			nerr_set(e, EX_CONFIG, path, 0, 0, "key missing: "
			    "restore it from a backup (documents already "
			    "issued carry codes made with it); only if it is "
			    "lost for good, move the folder %s away to make "
			    "new keys, and publish the new public key", dir);
		else
			nerr_set(e, EX_CONFIG, path, 0, 0, "cannot open key: "
			    "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		nerr_set(e, EX_CONFIG, path, 0, 0, "key is not a regular file");
		goto bad;
	}
	if ((st.st_mode & 077) != 0) {
		nerr_set(e, EX_CONFIG, path, 0, 0, "key may be read or "
		    "written by group or others (mode %04o): it must be "
		    "0600 (chmod 600 %s), and if others could read it, "
		    "consider it known", (unsigned)(st.st_mode & 07777),
		    path);
		goto bad;
	}
	if ((size_t)st.st_size != n) {
		nerr_set(e, EX_CONFIG, path, 0, 0, "key has %lld bytes, a "
		    "naskah key %zu: damaged or not a naskah key",
		    (long long)st.st_size, n);
		goto bad;
	}
	if ((r = read(fd, buf, n)) != (ssize_t)n) {
		nerr_set(e, EX_CONFIG, path, 0, 0, "cannot read key: %s",
		    r < 0 ? strerror(errno) : "short read");
		goto bad;
	}
	close(fd);
	return 0;
bad:
	close(fd);
	return -1;
}

struct key *
key_open(const char *dir, const char *office, struct nerr *e)
{
	unsigned char seed[32];
	char path[PATH_MAX];
	struct stat st;
	struct key *k;

	lcrypto_init();
	if (!office_ok(office)) {
		nerr_set(e, EX_CONFIG, NULL, 0, 0, "office code \"%s\" cannot "
		    "name a key folder", office);
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, office);
	if (stat(path, &st) != 0) {
		if (errno != ENOENT) {
			nerr_set(e, EX_CONFIG, path, 0, 0, "%s",
			    strerror(errno));
			return NULL;
		}
		if (create(dir, office, path, e) != 0)
			return NULL;
		if (stat(path, &st) != 0) {
			nerr_set(e, EX_CANTCREAT, path, 0, 0, "%s",
			    strerror(errno));
			return NULL;
		}
	}
	if (!S_ISDIR(st.st_mode)) {
		nerr_set(e, EX_CONFIG, path, 0, 0, "not a folder");
		return NULL;
	}
	/* Others who may write the folder may swap the keys. */
	if ((st.st_mode & 022) != 0) {
		nerr_set(e, EX_CONFIG, path, 0, 0, "key folder may be written "
		    "by group or others (mode %04o): it must be 0700",
		    (unsigned)(st.st_mode & 07777));
		return NULL;
	}
	if ((k = OPENSSL_secure_zalloc(sizeof(*k))) == NULL) {
		lcrypto_fail(e, EX_SOFTWARE, "memory for the keys");
		return NULL;
	}
	snprintf(k->office, sizeof(k->office), "%s", office);
	if (load_file(path, MAC_FILE, k->mac, sizeof(k->mac), e) != 0 ||
	    load_file(path, SIGN_FILE, seed, sizeof(seed), e) != 0 ||
	    key_from_seed(seed, k->pub, k->sec, e) != 0) {
		OPENSSL_cleanse(seed, sizeof(seed));
		key_close(k);
		return NULL;
	}
	OPENSSL_cleanse(seed, sizeof(seed));
	return k;
}

void
key_close(struct key *k)
{
	if (k != NULL)
		OPENSSL_secure_clear_free(k, sizeof(*k));	/* wipes it */
}

int
key_from_seed(const unsigned char seed[32], unsigned char pub[KEY_PUB_BYTES],
    unsigned char sec[KEY_SEC_BYTES], struct nerr *e)
{
	EVP_PKEY *pk;
	size_t n = KEY_PUB_BYTES;
	int ok;

	lcrypto_init();
	if ((pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed,
	    32)) == NULL)
		return lcrypto_fail(e, EX_SOFTWARE, "Ed25519 key from its seed");
	ok = EVP_PKEY_get_raw_public_key(pk, pub, &n) == 1 &&
	    n == KEY_PUB_BYTES;
	EVP_PKEY_free(pk);
	if (!ok)
		return lcrypto_fail(e, EX_SOFTWARE, "Ed25519 public key");
	memcpy(sec, seed, 32);
	memcpy(sec + 32, pub, KEY_PUB_BYTES);
	return 0;
}

const unsigned char *
key_mac(const struct key *k)
{
	return k->mac;
}

const unsigned char *
key_sec(const struct key *k)
{
	return k->sec;
}

const unsigned char *
key_pub(const struct key *k)
{
	return k->pub;
}

const char *
key_office(const struct key *k)
{
	return k->office;
}

void
key_fingerprint(const unsigned char pk[KEY_PUB_BYTES], char out[KEY_FPR_SIZE])
{
	static const char hex[] = "0123456789abcdef";
	struct sha256_ctx c;
	unsigned char d[32];
	char *p = out;

	sha256_init(&c);
	sha256_update(&c, pk, KEY_PUB_BYTES);
	sha256_final(&c, d);
	for (int i = 0; i < 16; i++) {
		if (i > 0 && i % 2 == 0)
			*p++ = ' ';
		*p++ = hex[d[i] >> 4];
		*p++ = hex[d[i] & 15];
	}
	*p = '\0';
}

void
key_pub_b64(const unsigned char pk[KEY_PUB_BYTES], char out[44])
{
	(void)b64_encode(out, 44, pk, KEY_PUB_BYTES, B64_URL);
}

void
key_pub_format(const char *office, const unsigned char pk[KEY_PUB_BYTES],
    char out[KEY_TEXT_SIZE])
{
	char b64[44];

	key_pub_b64(pk, b64);
	snprintf(out, KEY_TEXT_SIZE, "naskah-ed25519 %s %s", office, b64);
}

/* A 43-character unpadded base64url key, exactly. */
static int
pub_decode(const char *s, size_t n, unsigned char pk[KEY_PUB_BYTES])
{
	if (n != 43 || b64_decode(pk, KEY_PUB_BYTES, s, n) != KEY_PUB_BYTES)
		return -1;
	return 0;
}

int
key_pub_read(const char *path, unsigned char pk[KEY_PUB_BYTES],
    char office[KEY_OFFICE_MAX], struct nerr *e)
{
	const char *tok[4];
	size_t len, ntok = 0, toklen[4];
	char *buf, *p;

	office[0] = '\0';
	if ((buf = fs_slurp(path, &len, e)) == NULL)
		return -1;
	if (len == KEY_PUB_BYTES) {
		memcpy(pk, buf, KEY_PUB_BYTES);
		free(buf);
		return 0;
	}
	/* The first line, in tokens separated by blanks. */
	for (p = buf; *p != '\0' && *p != '\n' && ntok < 4; ) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (*p == '\0' || *p == '\n')
			break;
		tok[ntok] = p;
		while (*p != '\0' && *p != '\n' && *p != ' ' && *p != '\t' &&
		    *p != '\r')
			p++;
		toklen[ntok] = (size_t)(p - tok[ntok]);
		ntok++;
	}
	if (ntok == 1 && pub_decode(tok[0], toklen[0], pk) == 0)
		goto ok;
	if (ntok == 3 && toklen[0] == 14 &&
	    strncmp(tok[0], "naskah-ed25519", 14) == 0 &&
	    toklen[1] < KEY_OFFICE_MAX &&
	    pub_decode(tok[2], toklen[2], pk) == 0) {
		memcpy(office, tok[1], toklen[1]);
		office[toklen[1]] = '\0';
		if (office_ok(office))
			goto ok;
		office[0] = '\0';
	}
	nerr_set(e, EX_DATAERR, path, 1, 0, "not a public key: expected "
	    "\"naskah-ed25519 OFFICE KEY\" as `naskah key --public` prints "
	    "it");
	free(buf);
	return -1;
ok:
	free(buf);
	return 0;
}
