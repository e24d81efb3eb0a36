/* enc.c -- UTF-8 in, Windows-1252 out.  The PDFs use WinAnsiEncoding fonts
 * (PDF/A-1b, small files), so every character must be checked against that
 * repertoire before a letter is made, never silently replaced. */
#include <string.h>

#include "enc.h"

/* Code points of CP1252 bytes 0x80..0x9F; 0 where the byte is unassigned. */
static const unsigned short cp1252_hi[32] = {
	0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
	0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178
};

/* Decodes the sequence at s[0..len) (len > 0): its length, or 0 if it is
 * ill-formed.  The second-byte ranges are those of Unicode's table 3-7,
 * which is what rules out overlongs, surrogates and > U+10FFFF. */
static size_t
decode(const unsigned char *s, size_t len, unsigned long *cp)
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

int
enc_utf8_valid(const char *s, size_t len, size_t *bad_off)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned long cp;
	size_t i = 0, n;

	while (i < len) {
		if ((n = decode(u + i, len - i, &cp)) == 0) {
			if (bad_off != NULL)
				*bad_off = i;
			return 0;
		}
		i += n;
	}
	return 1;
}

/* The CP1252 byte for cp, or -1 if it has none (controls included: they
 * would print as nothing or as a box). */
static int
to_byte(unsigned long cp)
{
	if ((cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA0 && cp <= 0xFF))
		return (int)cp;
	/* Tab and newlines only separate words in a field. */
	if (cp == '\t' || cp == '\n' || cp == '\r')
		return ' ';
	if (cp < 0x100)
		return -1;
	for (int i = 0; i < 32; i++)
		if (cp1252_hi[i] == cp)
			return 0x80 + i;
	return -1;
}

/* enc_to_winansi() with out == NULL meaning "only check". */
static int
convert(const char *utf8, char *out, size_t outsz, size_t *bad_off,
    unsigned long *bad_cp)
{
	const unsigned char *u = (const unsigned char *)utf8;
	size_t len = strlen(utf8), i = 0, o = 0, n;
	unsigned long cp = 0;
	int b, rc = 0;

	if (out != NULL && outsz == 0)
		return -2;
	while (i < len) {
		if ((n = decode(u + i, len - i, &cp)) == 0) {
			cp = ENC_REPLACEMENT;
			rc = -2;
			break;
		}
		if ((b = to_byte(cp)) < 0) {
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
		/* CRLF is one line break, so one space. */
		if (cp == '\r' && u[i + 1] == '\n')
			n++;
		i += n;
	}
	if (out != NULL)
		out[o] = '\0';
	if (rc != 0) {
		if (bad_off != NULL)
			*bad_off = i;
		if (bad_cp != NULL)
			*bad_cp = cp;
	}
	return rc;
}

int
enc_to_winansi(const char *utf8, char *out, size_t outsz, size_t *bad_off,
    unsigned long *bad_cp)
{
	return convert(utf8, out, outsz, bad_off, bad_cp);
}

int
enc_winansi_ok(const char *utf8, size_t *bad_off, unsigned long *bad_cp)
{
	return convert(utf8, NULL, 0, bad_off, bad_cp) == 0;
}
