/* fuzz_enc.c -- libFuzzer: any bytes through the UTF-8 check and the
 * Windows-1252 conversion; the two must agree, never overrun, and accept
 * and convert exactly what glibc's iconv does (the independent oracle). */
#include <iconv.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "enc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)	do { if (!(x)) abort(); } while (0)

static iconv_t to_1252 = (iconv_t)-1;

/* What glibc's iconv makes of valid UTF-8 s: rc 0 with the bytes in want
 * (tab and LF as spaces) if every character has a printable CP1252 form,
 * else -1.  Inputs with CR are compared by verdict only (CRLF collapses). */
static int
oracle(const char *s, char *want, size_t wantsz)
{
	char *ip = (char *)s, *op = want;
	size_t il = strlen(s), ol = wantsz - 1;

	if (to_1252 == (iconv_t)-1)
		CHECK((to_1252 = iconv_open("CP1252", "UTF-8")) !=
		    (iconv_t)-1);
	iconv(to_1252, NULL, NULL, NULL, NULL);
	if (iconv(to_1252, &ip, &il, &op, &ol) == (size_t)-1)
		return -1;
	*op = '\0';
	for (unsigned char *p = (unsigned char *)want; *p != '\0'; p++) {
		if (*p == '\t' || *p == '\n' || *p == '\r')
			*p = ' ';
		else if (*p < 0x20 || *p == 0x7F)
			return -1;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *out = malloc(size + 1);
	char *want = malloc(size + 1);
	size_t off = (size_t)-1, off2, len, whole_off = (size_t)-1;
	unsigned long cp = 0, cp2;
	int valid, whole, rc, ok;

	if (s == NULL || out == NULL || want == NULL)
		goto done;
	memcpy(s, data, size);
	s[size] = '\0';
	len = strlen(s);

	/* Raw bytes, NULs included. */
	whole = enc_utf8_valid((const char *)data, size, &whole_off);
	CHECK(whole == 1 || (whole == 0 && whole_off < size));
	CHECK(whole == 0 || len == size);

	valid = enc_utf8_valid(s, len, &off);
	CHECK(valid == 1 || (valid == 0 && off < len));
	if (len == size)
		CHECK(valid == whole && (valid || off == whole_off));
	else if (!whole && whole_off < len)
		CHECK(!valid && off == whole_off);
	/* The prefix before the first bad byte is itself valid. */
	if (!valid)
		CHECK(enc_utf8_valid(s, off, NULL) == 1);

	rc = enc_to_winansi(s, out, len + 1, &off2, &cp2);
	CHECK(rc == 0 || rc == -1 || rc == -2);
	CHECK(strlen(out) <= len);
	/* Room for the input is always room enough. */
	CHECK(rc != -2 || !valid);
	if (rc == -2) {
		CHECK(off2 == off && cp2 == ENC_REPLACEMENT);
	} else if (rc == -1) {
		CHECK(off2 < len);
		CHECK(cp2 < 0x20 || cp2 > 0xFF || (cp2 >= 0x7F && cp2 < 0xA0));
	} else
		CHECK(valid);
	if (valid) {
		CHECK(oracle(s, want, size + 1) == (rc == 0 ? 0 : -1));
		if (rc == 0 && strchr(s, '\r') == NULL)
			CHECK(strcmp(out, want) == 0);
	}
	ok = enc_winansi_ok(s, &off, &cp);
	CHECK(ok == (rc == 0));
	if (!ok)
		CHECK(off == off2 && cp == cp2);

	/* A short buffer: same verdict or -2, always terminated in bounds. */
	if (len > 0) {
		size_t small = len / 2 + 1;

		memset(out, 'x', len + 1);
		rc = enc_to_winansi(s, out, small, NULL, NULL);
		CHECK(strlen(out) < small);
		CHECK(out[small] == 'x' || small == len + 1);
	}
done:
	free(s);
	free(out);
	free(want);
	return 0;
}
