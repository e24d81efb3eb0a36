/* enc.h -- text for the letters: strict UTF-8 checking and conversion to
 * the single-byte WinAnsiEncoding (Windows-1252) of the PDF fonts, with the
 * first character that cannot be printed named instead of shown as '?';
 * and text coming in: which encoding a CSV file is in, and UTF-16 or
 * Windows-1252 converted to UTF-8. */
#ifndef NASKAH_ENC_H
#define NASKAH_ENC_H

#include <stddef.h>

/* Code point reported for bytes that are not UTF-8 at all. */
#define ENC_REPLACEMENT	0xFFFDUL

/* 1 if s[0..len) is strict UTF-8 (no overlongs, surrogates, code points
 * above U+10FFFF, or NUL bytes); else 0 and *bad_off (may be NULL) is the
 * offset of the first byte of the first ill-formed sequence. */
int	 enc_utf8_valid(const char *s, size_t len, size_t *bad_off);
/* NUL-terminated UTF-8 to NUL-terminated CP1252 in out (never longer than
 * the input).  Tab, CR, LF and CRLF become one space.  0 ok; -1 if a code
 * point has no CP1252 form; -2 if the input is not UTF-8 (*bad_cp is then
 * ENC_REPLACEMENT) or out is too small.  On error *bad_off and *bad_cp
 * (either may be NULL) name the input byte offset and code point, and out
 * holds what was converted before it. */
int	 enc_to_winansi(const char *utf8, char *out, size_t outsz,
	    size_t *bad_off, unsigned long *bad_cp);
/* 1 if enc_to_winansi() would succeed given room; else 0 with *bad_off
 * and *bad_cp (either may be NULL) as there. */
int	 enc_winansi_ok(const char *utf8, size_t *bad_off,
	    unsigned long *bad_cp);

/* CSV inputs: what encoding a file's bytes are in.  A byte-order mark
 * decides; without one, all the bytes do: UTF-8 when they are (or when
 * they hold any well-formed multi-byte sequence: a UTF-8 file with a bad
 * byte in it, whose rows the reader refuses one by one), else
 * Windows-1252 when every byte is one of its characters and none is NUL
 * (Excel's "CSV (Comma delimited)" on Indonesian Windows), else unknown. */
enum enc_kind {
	ENC_UTF8,
	ENC_UTF16LE,
	ENC_UTF16BE,
	ENC_CP1252,
	ENC_UNKNOWN
};

/* The encoding a byte-order mark at s[0..n) names, with its length in
 * *bomlen; ENC_UNKNOWN and 0 when there is none.  A UTF-32 mark is
 * ENC_UNKNOWN with *bomlen 4. */
enum enc_kind	 enc_bom(const void *s, size_t n, size_t *bomlen);

/* Judges unmarked bytes fed in pieces of any size. */
struct enc_sniff {
	int		 need;		/* UTF-8 continuation bytes due */
	unsigned char	 lo, hi;	/* range of the next one */
	long		 nmulti;	/* well-formed multi-byte sequences */
	long		 nbad;		/* ill-formed bytes other than NUL */
	long		 line, off;	/* where the next byte is (1-, 0-based) */
	long		 seq_line, seq_off; /* where the open sequence began */
	unsigned char	 seq[4];	/* its bytes so far */
	int		 nseq;
	/* The first byte that is not UTF-8, and the first that is not
	 * Windows-1252 either (unassigned or NUL); line 0 when none. */
	long		 bad_line, bad_off;
	int		 bad_byte;
	long		 x_line, x_off;
	int		 x_byte;
};

void		 enc_sniff_init(struct enc_sniff *);
/* 1 once the verdict can no longer change (UTF-8: a well-formed
 * multi-byte sequence was seen), else 0. */
int		 enc_sniff_feed(struct enc_sniff *, const void *s, size_t n);
/* ENC_UTF8, ENC_CP1252 or ENC_UNKNOWN (see the bad_ and x_ fields). */
enum enc_kind	 enc_sniff_end(struct enc_sniff *);

/* Byte that marks, in converted text, a character that could not be
 * converted: never part of UTF-8, so the reader refuses its row. */
#define ENC_MARK	0xFF

/* Windows-1252 bytes s[0..n) as UTF-8 into out, which has room for 3 * n
 * bytes; the bytes written.  An unassigned byte becomes ENC_MARK. */
size_t		 enc_cp1252_to_utf8(const void *s, size_t n, char *out);

/* UTF-16 to UTF-8, fed in pieces of any size (a code unit or a surrogate
 * pair may straddle two). */
struct enc_u16 {
	int		 be;		/* big-endian */
	int		 nb;		/* a byte held over */
	unsigned char	 b;
	unsigned long	 hi;		/* a high surrogate held over, or 0 */
};

void		 enc_u16_init(struct enc_u16 *, int be);
/* Converts s[0..n) up to and including the first LF into out, which has
 * room for 2 * n + 8 bytes; the bytes written, and in *used the bytes of
 * s consumed.  An unpaired surrogate becomes ENC_MARK; U+0000 a NUL. */
size_t		 enc_u16_to_utf8(struct enc_u16 *, const void *s, size_t n,
		    size_t *used, char *out);
/* At the end of the input: ENC_MARK for a byte or high surrogate left
 * over (0 or 1 bytes into out). */
size_t		 enc_u16_end(struct enc_u16 *, char *out);

#endif
