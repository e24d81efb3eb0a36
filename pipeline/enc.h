/* enc.h -- text for the letters: strict UTF-8 checking and conversion to
 * the single-byte WinAnsiEncoding (Windows-1252) of the PDF fonts, with the
 * first character that cannot be printed named instead of shown as '?'. */
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

#endif
