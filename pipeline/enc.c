/* enc.c -- UTF-8 in, Windows-1252 out.  The PDFs use WinAnsiEncoding fonts
 * (PDF/A-1b, small files), so every character must be checked against that
 * repertoire before a letter is made, never silently replaced.  And the way
 * in: office PCs write CSV files in UTF-16 or Windows-1252 as often as in
 * UTF-8, and the reader needs UTF-8. */
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

/* enc_to_winansi() with out == NULL meaning "only check".  Printable
 * ASCII, nearly all of a letter, is its own byte: it is taken a run at
 * a time before a character is decoded. */
static int
convert(const char *utf8, char *out, size_t outsz, size_t *bad_off,
    unsigned long *bad_cp)
{
	const unsigned char *u = (const unsigned char *)utf8;
	size_t i = 0, o = 0, n;
	unsigned long cp = 0;
	int b, rc = 0;

	if (out != NULL && outsz == 0)
		return -2;
	for (;;) {
		if (out == NULL)
			while (u[i] >= 0x20 && u[i] < 0x7F)
				i++;
		else {
			while (u[i] >= 0x20 && u[i] < 0x7F && o + 1 < outsz)
				out[o++] = (char)u[i++];
		}
		if (u[i] == '\0')
			break;
		/* The NUL ends the string, so decode never reads past it:
		 * a sequence is cut at the first byte not a continuation. */
		if ((n = decode(u + i, 4, &cp)) == 0) {
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

enum enc_kind
enc_bom(const void *s, size_t n, size_t *bomlen)
{
	const unsigned char *u = s;

	*bomlen = 0;
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		*bomlen = 3;
		return ENC_UTF8;
	}
	if (n >= 4 && ((u[0] == 0xFF && u[1] == 0xFE && u[2] == 0 &&
	    u[3] == 0) || (u[0] == 0 && u[1] == 0 && u[2] == 0xFE &&
	    u[3] == 0xFF))) {
		*bomlen = 4;
		return ENC_UNKNOWN;
	}
	if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
		*bomlen = 2;
		return ENC_UTF16LE;
	}
	if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
		*bomlen = 2;
		return ENC_UTF16BE;
	}
	return ENC_UNKNOWN;
}

void
enc_sniff_init(struct enc_sniff *z)
{
	memset(z, 0, sizeof(*z));
	z->line = 1;
}

/* A byte that is not UTF-8 where it stands: remembered, and judged as
 * Windows-1252. */
static void
sniff_bad(struct enc_sniff *z, unsigned char c, long line, long off)
{
	z->nbad++;
	if (z->bad_line == 0) {
		z->bad_line = line;
		z->bad_off = off;
		z->bad_byte = c;
	}
	if (z->x_line == 0 && c >= 0x80 && c <= 0x9F &&
	    cp1252_hi[c - 0x80] == 0) {
		z->x_line = line;
		z->x_off = off;
		z->x_byte = c;
	}
}

/* The open sequence broke off: each of its bytes is a bad one. */
static void
sniff_broken(struct enc_sniff *z)
{
	for (int k = 0; k < z->nseq; k++)
		sniff_bad(z, z->seq[k], z->seq_line, z->seq_off + k);
	z->need = 0;
	z->nseq = 0;
}

int
enc_sniff_feed(struct enc_sniff *z, const void *s, size_t n)
{
	const unsigned char *u = s;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = u[i];

		if (z->need > 0) {
			if (c >= z->lo && c <= z->hi) {
				z->lo = 0x80;
				z->hi = 0xBF;
				z->seq[z->nseq++] = c;
				if (--z->need == 0) {
					z->nmulti++;
					z->nseq = 0;
				}
				z->off++;
				continue;
			}
			/* What follows a broken sequence is looked at
			 * afresh. */
			sniff_broken(z);
		}
		if (c == 0 && z->x_line == 0) {
			z->x_line = z->line;
			z->x_off = z->off;
			z->x_byte = 0;
		}
		if (c == '\n') {
			z->line++;
			z->off = 0;
			continue;
		}
		z->off++;
		if (c < 0x80)
			continue;
		z->seq_line = z->line;
		z->seq_off = z->off - 1;
		z->seq[0] = c;
		z->nseq = 1;
		z->lo = 0x80;
		z->hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF)
			z->need = 1;
		else if (c >= 0xE0 && c <= 0xEF) {
			z->need = 2;
			if (c == 0xE0)
				z->lo = 0xA0;
			else if (c == 0xED)
				z->hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			z->need = 3;
			if (c == 0xF0)
				z->lo = 0x90;
			else if (c == 0xF4)
				z->hi = 0x8F;
		} else
			sniff_broken(z);
	}
	return z->nmulti > 0;
}

enum enc_kind
enc_sniff_end(struct enc_sniff *z)
{
	if (z->need > 0)
		sniff_broken(z);
	if (z->nbad == 0 || z->nmulti > 0)
		return ENC_UTF8;
	return z->x_line == 0 ? ENC_CP1252 : ENC_UNKNOWN;
}

/* cp as UTF-8 into out: its length. */
static size_t
put_utf8(unsigned long cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t
enc_cp1252_to_utf8(const void *s, size_t n, char *out)
{
	const unsigned char *u = s;
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned long cp = u[i];

		if (cp >= 0x80 && cp <= 0x9F && (cp = cp1252_hi[cp - 0x80]) ==
		    0) {
			out[o++] = (char)ENC_MARK;
			continue;
		}
		o += put_utf8(cp, out + o);
	}
	return o;
}

void
enc_u16_init(struct enc_u16 *d, int be)
{
	memset(d, 0, sizeof(*d));
	d->be = be;
}

size_t
enc_u16_to_utf8(struct enc_u16 *d, const void *s, size_t n, size_t *used,
    char *out)
{
	const unsigned char *u = s;
	size_t i = 0, o = 0;

	while (i < n) {
		unsigned char b0, b1;
		unsigned long cu;

		if (d->nb) {
			b0 = d->b;
			b1 = u[i++];
			d->nb = 0;
		} else if (i + 1 < n) {
			b0 = u[i];
			b1 = u[i + 1];
			i += 2;
		} else {
			d->b = u[i++];
			d->nb = 1;
			break;
		}
		cu = d->be ? (unsigned long)b0 << 8 | b1 :
		    (unsigned long)b1 << 8 | b0;
		if (d->hi != 0) {
			if (cu >= 0xDC00 && cu <= 0xDFFF) {
				o += put_utf8(0x10000 + ((d->hi - 0xD800) << 10) +
				    (cu - 0xDC00), out + o);
				d->hi = 0;
				continue;
			}
			out[o++] = (char)ENC_MARK;
			d->hi = 0;
		}
		if (cu >= 0xD800 && cu <= 0xDBFF)
			d->hi = cu;
		else if (cu >= 0xDC00 && cu <= 0xDFFF)
			out[o++] = (char)ENC_MARK;
		else
			o += put_utf8(cu, out + o);
		if (cu == '\n')
			break;
	}
	*used = i;
	return o;
}

size_t
enc_u16_end(struct enc_u16 *d, char *out)
{
	size_t o = 0;

	if (d->nb || d->hi)
		out[o++] = (char)ENC_MARK;
	d->nb = 0;
	d->hi = 0;
	return o;
}
