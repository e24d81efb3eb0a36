/* key.h -- an office's verification keys: a 32-byte MAC key for the short
 * code and an Ed25519 key pair for the QR signature (archive.md), created
 * together on first use and never replaced behind anyone's back.
 *
 * Where they live: $NASKAH_KEYS if set and not empty, else the folder
 * "kunci" beside the output folder (OUTPUT/../kunci; /srv/kec/output gives
 * /srv/kec/kunci), so they are outside input/ and outside what is published
 * or copied to an archive.  Each office has its own folder named by its
 * kode-wilayah: KEYS/35.03.13/mac.key and KEYS/35.03.13/ed25519.key, 32
 * raw bytes each (the Ed25519 one is the seed; the public key follows from
 * it), mode 0600, folders 0700. */
#ifndef NASKAH_KEY_H
#define NASKAH_KEY_H

#include <stddef.h>

#include "err.h"

#define KEY_MAC_BYTES	32
#define KEY_PUB_BYTES	32
#define KEY_SEC_BYTES	64	/* Ed25519 seed, then the public key */
#define KEY_OFFICE_MAX	32	/* an office code and its NUL */
#define KEY_FPR_SIZE	40	/* "3f2a 9c1b 77d0 1e2f a9b8 c7d6 e5f4 0312" */
#define KEY_TEXT_SIZE	96	/* key_pub_format's line and its NUL */

struct key;

/* The key folder for the office whose folders are indir and outdir (as
 * above) into out; created (0700) if missing.  EX_CONFIG if it lies
 * inside indir or outdir, EX_CANTCREAT if it cannot be made. */
int	key_dir(const char *indir, const char *outdir, char *out, size_t sz,
	    struct nerr *e);

/* The office's keys from dir/OFFICE/.  On first use (no such folder) both
 * keys are made in a temporary folder, synced and renamed into place in
 * one step: of two processes creating at once, one wins and both use its
 * keys.  A folder with a key missing, a key of the wrong size, or one that
 * group or others may read or write is refused (EX_CONFIG, naming the
 * file): a lost key is restored from backup, not silently replaced, since
 * documents already issued carry codes made with it.  The secrets are held
 * in guarded memory that key_close wipes. */
struct key	*key_open(const char *dir, const char *office, struct nerr *e);
void		 key_close(struct key *);
const unsigned char *key_mac(const struct key *);	/* KEY_MAC_BYTES */
const unsigned char *key_sec(const struct key *);	/* KEY_SEC_BYTES */
const unsigned char *key_pub(const struct key *);	/* KEY_PUB_BYTES */
const char	*key_office(const struct key *);

/* The Ed25519 key pair of a 32-byte seed (RFC 8032): pub, and sec as
 * KEY_SEC_BYTES (seed then pub, the form libsodium used and vcode.h
 * takes).  -1 with e (EX_SOFTWARE) if libcrypto fails. */
int	key_from_seed(const unsigned char seed[32],
	    unsigned char pub[KEY_PUB_BYTES], unsigned char sec[KEY_SEC_BYTES],
	    struct nerr *e);

/* The first 16 bytes of the public key's SHA-256 in eight groups of four
 * hex digits: what an office reads out to confirm its published key. */
void	key_fingerprint(const unsigned char pk[KEY_PUB_BYTES],
	    char out[KEY_FPR_SIZE]);
/* The public key as one line (no newline): "naskah-ed25519 OFFICE KEY",
 * KEY in unpadded base64url (43 characters). */
void	key_pub_format(const char *office, const unsigned char pk[KEY_PUB_BYTES],
	    char out[KEY_TEXT_SIZE]);
/* The unpadded base64url form alone (43 characters and a NUL). */
void	key_pub_b64(const unsigned char pk[KEY_PUB_BYTES], char out[44]);
/* Reads a public key file: the first line "naskah-ed25519 OFFICE KEY" (as
 * `naskah key --public` prints it; office gets OFFICE), a line holding
 * KEY alone, or 32 raw bytes (office gets "").  EX_NOINPUT if unreadable,
 * EX_DATAERR if it holds no key. */
int	key_pub_read(const char *path, unsigned char pk[KEY_PUB_BYTES],
	    char office[KEY_OFFICE_MAX], struct nerr *e);

#endif
