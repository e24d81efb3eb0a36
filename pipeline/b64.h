/* b64.h -- base64 (RFC 4648) as naskah writes it: base64url without
 * padding for keys and signatures (they go into URLs and QR codes), and
 * standard base64 with padding for the verification page's CSP hash. */
#ifndef NASKAH_B64_H
#define NASKAH_B64_H

#include <stddef.h>

#define B64_URL	0	/* - and _, no '=' */
#define B64_STD	1	/* + and /, '=' to a multiple of four */

/* n bytes of in as text and a NUL into out; -1 if sz is too small. */
int	b64_encode(char *out, size_t sz, const void *in, size_t n, int form);
/* The len characters of unpadded base64url at s into out: the number of
 * bytes, or -1 if a character is not base64url, the length cannot be
 * one, the unused low bits of the last character are not zero (so each
 * byte string has exactly one text, as libsodium read it before), or sz
 * is too small. */
long	b64_decode(unsigned char *out, size_t sz, const char *s, size_t len);

#endif
