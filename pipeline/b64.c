/* b64.c -- base64 encoding and strict base64url decoding.  Strict,
 * because a signature whose last character could be swapped for another
 * with the same meaningful bits would make one document two codes. */
#include <stdint.h>
#include <string.h>

#include "b64.h"

static const char std[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int
b64_encode(char *out, size_t sz, const void *in, size_t n, int form)
{
	const unsigned char *p = in;
	const char *a = form == B64_STD ? std : url;
	size_t need, o = 0;

	need = form == B64_STD ? (n + 2) / 3 * 4 : (n * 4 + 2) / 3;
	if (need >= sz)
		return -1;
	for (; n >= 3; p += 3, n -= 3) {
		uint32_t v = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];

		out[o++] = a[v >> 18];
		out[o++] = a[v >> 12 & 63];
		out[o++] = a[v >> 6 & 63];
		out[o++] = a[v & 63];
	}
	if (n > 0) {
		uint32_t v = (uint32_t)p[0] << 16 |
		    (n == 2 ? (uint32_t)p[1] << 8 : 0);

		out[o++] = a[v >> 18];
		out[o++] = a[v >> 12 & 63];
		if (n == 2)
			out[o++] = a[v >> 6 & 63];
		if (form == B64_STD) {
			if (n == 1)
				out[o++] = '=';
			out[o++] = '=';
		}
	}
	out[o] = '\0';
	return 0;
}

long
b64_decode(unsigned char *out, size_t sz, const char *s, size_t len)
{
	uint32_t acc = 0;
	size_t o = 0;
	int bits = 0;

	if (len % 4 == 1 || len / 4 * 3 + (len % 4 ? len % 4 - 1 : 0) > sz)
		return -1;
	for (size_t i = 0; i < len; i++) {
		const char *c = s[i] != '\0' ? strchr(url, s[i]) : NULL;

		if (c == NULL)
			return -1;
		acc = (acc << 6 | (uint32_t)(c - url)) & 0xffffff;
		if ((bits += 6) >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)(acc >> bits);
		}
	}
	/* 2 or 4 bits left over: they must be zero. */
	if ((acc & ((1u << bits) - 1)) != 0)
		return -1;
	return (long)o;
}
