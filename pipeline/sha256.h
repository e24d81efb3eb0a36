/* sha256.h -- SHA-256 (FIPS 180-4), streaming and one-shot, for the
 * fingerprints that let `naskah verify` recognise an issued PDF.  The
 * digest is OpenSSL libcrypto's (SHA-NI where the CPU has it); this
 * interface only keeps the callers' form. */
#ifndef NASKAH_SHA256_H
#define NASKAH_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/sha.h>

/* Public only so callers can keep it on the stack; touch it only through
 * the functions below.  It owns nothing: a context dropped half-way (an
 * error return between init and final) leaks nothing. */
struct sha256_ctx {
	SHA256_CTX	 s;
};

void	sha256_init(struct sha256_ctx *c);
void	sha256_update(struct sha256_ctx *c, const void *data, size_t len);
/* Writes the 32-byte digest; c must be initialised again before reuse. */
void	sha256_final(struct sha256_ctx *c, unsigned char out[32]);
/* sha256_final, as 64 lower-case hex digits and a NUL. */
void	sha256_final_hex(struct sha256_ctx *c, char out[65]);
/* The digest of buf as 64 lower-case hex digits and a NUL. */
void	sha256_hex(const void *buf, size_t len, char out[65]);

#endif
