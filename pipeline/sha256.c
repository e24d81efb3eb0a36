/* sha256.c -- SHA-256 by OpenSSL libcrypto behind the interface the
 * callers already use.  libcrypto's SHA256_* functions, not EVP: an
 * EVP_MD_CTX lives on the heap and must be freed, while callers keep
 * this context on the stack and a dozen of them return early between
 * init and final; SHA256_* keep the state in the caller's struct, cannot
 * fail, and run the same code EVP's "SHA256" does (SHA-NI, AVX2 or SSSE3
 * as the CPU allows), with no per-call dispatch (README, "One core"). */
#define OPENSSL_API_COMPAT	10101	/* SHA256_*: deprecated in 3.0 */

#include <string.h>

#include "sha256.h"

void
sha256_init(struct sha256_ctx *c)
{
	SHA256_Init(&c->s);
}

void
sha256_update(struct sha256_ctx *c, const void *data, size_t len)
{
	/* data may be NULL when len is 0 (an empty file). */
	if (len == 0)
		return;
	SHA256_Update(&c->s, data, len);
}

void
sha256_final(struct sha256_ctx *c, unsigned char out[32])
{
	SHA256_Final(out, &c->s);
}

void
sha256_final_hex(struct sha256_ctx *c, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char d[32];

	sha256_final(c, d);
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
}

void
sha256_hex(const void *buf, size_t len, char out[65])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, buf, len);
	sha256_final_hex(&c, out);
}
