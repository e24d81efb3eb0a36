/* test_enc_fast.c -- enc_to_winansi and enc_winansi_ok, which take
 * printable ASCII a run at a time, answer exactly as the plain loop
 * they replaced (kept here as the reference: one character decoded at
 * a time over the string's length), for random strings of ASCII,
 * Windows-1252 characters, other code points and broken sequences,
 * with every output size. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "enc.h"

static const unsigned short hi1252[32] = {
	0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
	0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178
};

static size_t
ref_decode(const unsigned char *s, size_t len, unsigned long *cp)
{
	unsigned char lo = 0x80, hi = 0xBF;
	size_t n;
	unsigned long c;

	if (s[0] == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		n = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 3;
		c = s[0] & 0x0F;
		if (s[0] == 0xE0)
			lo = 0xA0;
		else if (s[0] == 0xED)
			hi = 0x9F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 4;
		c = s[0] & 0x07;
		if (s[0] == 0xF0)
			lo = 0x90;
		else if (s[0] == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if (len < n || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	*cp = c;
	return n;
}

static int
ref_byte(unsigned long cp)
{
	if ((cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA0 && cp <= 0xFF))
		return (int)cp;
	if (cp == '\t' || cp == '\n' || cp == '\r')
		return ' ';
	if (cp < 0x100)
		return -1;
	for (int i = 0; i < 32; i++)
		if (hi1252[i] == cp)
			return 0x80 + i;
	return -1;
}

static int
ref_convert(const char *utf8, char *out, size_t outsz, size_t *bad_off,
    unsigned long *bad_cp)
{
	const unsigned char *u = (const unsigned char *)utf8;
	size_t len = strlen(utf8), i = 0, o = 0, n;
	unsigned long cp = 0;
	int b, rc = 0;

	if (out != NULL && outsz == 0)
		return -2;
	while (i < len) {
		if ((n = ref_decode(u + i, len - i, &cp)) == 0) {
			cp = ENC_REPLACEMENT;
			rc = -2;
			break;
		}
		if ((b = ref_byte(cp)) < 0) {
			rc = -1;
			break;
		}
		if (out != NULL) {
			if (o + 1 >= outsz) {
				rc = -2;
				break;
			}
			out[o++] = (char)b;
		}
		if (cp == '\r' && u[i + 1] == '\n')
			n++;
		i += n;
	}
	if (out != NULL)
		out[o] = '\0';
	if (rc != 0) {
		*bad_off = i;
		*bad_cp = cp;
	}
	return rc;
}

static uint32_t seed = 12345;

static uint32_t
rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

/* A random piece: mostly ASCII, some CP1252 letters, some controls and
 * CRLF, some characters outside CP1252, some broken sequences. */
static size_t
piece(unsigned char *p)
{
	static const char *const ok[] = {
		"\xC3\xA9", "\xE2\x82\xAC", "\xE2\x80\x9C", "\xC5\xA0", "\xC2\xA0"
	};
	static const char *const no[] = {
		"\xE4\xB8\xAD", "\xF0\x9F\x98\x80", "\xC4\x81", "\x7F", "\x01"
	};
	static const char *const broken[] = {
		"\xC3", "\xE2\x82", "\xF0\x9F\x98", "\x80", "\xFF", "\xC0\xAF",
		"\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE0\x80\x80"
	};
	const char *s;
	uint32_t r = rnd() % 100;

	if (r < 70) {
		p[0] = (unsigned char)(0x20 + rnd() % 95);
		return 1;
	}
	if (r < 80)
		s = ok[rnd() % 5];
	else if (r < 86)
		s = (const char *[]){ "\t", "\n", "\r", "\r\n" }[rnd() % 4];
	else if (r < 93)
		s = no[rnd() % 5];
	else
		s = broken[rnd() % 9];
	memcpy(p, s, strlen(s));
	return strlen(s);
}

static void
test_same_as_reference(void **state)
{
	unsigned char in[256];
	char a[300], b[300];

	(void)state;
	for (int k = 0; k < 200000; k++) {
		size_t n = 0, want = rnd() % 40;
		size_t offa = 7, offb = 7, outsz;
		unsigned long cpa = 7, cpb = 7;
		int ra, rb;

		/* Mostly clean strings, so that the end and the size limits
		 * are reached as well as the first bad character. */
		if (k % 3 == 0)
			while (n < want) {
				in[n] = (unsigned char)(0x20 + rnd() % 95);
				n++;
			}
		else
			while (n < want)
				n += piece(in + n);
		in[n] = '\0';
		outsz = rnd() % (n + 3);
		memset(a, 'x', sizeof(a));
		memset(b, 'x', sizeof(b));
		ra = enc_to_winansi((char *)in, a, outsz, &offa, &cpa);
		rb = ref_convert((char *)in, b, outsz, &offb, &cpb);
		assert_int_equal(ra, rb);
		assert_memory_equal(a, b, sizeof(a));
		if (ra != 0) {
			assert_int_equal(offa, offb);
			assert_int_equal(cpa, cpb);
		}
		offa = offb = 7;
		cpa = cpb = 7;
		ra = enc_winansi_ok((char *)in, &offa, &cpa);
		rb = ref_convert((char *)in, NULL, 0, &offb, &cpb) == 0;
		assert_int_equal(ra, rb);
		assert_int_equal(offa, offb);
		assert_int_equal(cpa, cpb);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_reference),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
