/* vcode.h -- the two codes that bind a document to its identity
 * (archive.md): the short code a person types, and the signed QR payload
 * anyone verifies offline with the office's public key.  Pure: no I/O;
 * keys come from key.h.
 *
 * Payload, version 1 (ASCII only, fits a QR code and a URL fragment):
 *
 *   NSK1*OFFICE*KIND*NOMOR*REG*YEAR*DATE*SUBJECT*NAME*SIG
 *
 * The nine fields before SIG, in that order, are the identity, readable
 * in clear: bytes A-Z a-z 0-9 - . _ ~ / : , stay as they are, a space is
 * '+', every other byte (UTF-8) is %XX with upper-case hex.  NOMOR is the
 * document's number, or empty when it has none; then REG and YEAR are its
 * register number and year (both empty when NOMOR is set).  DATE is
 * YYYY-MM-DD.  SUBJECT and NAME are the applicant's NIK and name (for a
 * report: the section and the month).  SIG is the Ed25519 signature, in
 * unpadded base64url (86 characters), of the exact bytes before the last
 * '*' (from "NSK1" to the end of NAME): that string is also the canonical
 * identity whose HMAC-SHA-256 makes the short code.  Another version
 * changes the prefix.  On a page: URL#payload. */
#ifndef NASKAH_VCODE_H
#define NASKAH_VCODE_H

#include <stddef.h>

#include "err.h"

#define VCODE_FIELD_MAX		200	/* bytes of one identity field */
#define VCODE_PAYLOAD_MAX	2048	/* the longest payload and its NUL */
#define VCODE_SHORT_SIZE	12	/* "XXXXX-XXXXX" and its NUL */

/* A document's identity.  number, or reg and year, as above; the rest
 * always set.  Text is UTF-8 without control characters. */
struct vcode_id {
	const char	*office;	/* kode-wilayah: 35.03.13 */
	const char	*kind;		/* kk, ktp, kembali, laporan ... */
	const char	*number;	/* as printed, or NULL / "" */
	const char	*reg;		/* register number, without a number */
	int		 year;		/* its year, without a number */
	const char	*date;		/* YYYY-MM-DD */
	const char	*subject;	/* NIK (report: section) */
	const char	*name;		/* name (report: YYYY-MM) */
};

/* A parsed payload: id points into buf, so do not copy it. */
struct vcode_doc {
	struct vcode_id	 id;
	char		 buf[VCODE_PAYLOAD_MAX];
};

/* The canonical identity string into out (at most VCODE_PAYLOAD_MAX);
 * -1 with e (EX_DATAERR, naming the field) if a field is missing, too
 * long, or holds what an identity may not. */
int	vcode_canon(const struct vcode_id *, char *out, size_t sz,
	    struct nerr *e);

/* The short code: HMAC-SHA-256 of the canonical identity under the
 * office's MAC key, 10 characters of 23456789ABCDEFGHJKMNPQRSTVWXYZ (no
 * 0/O, 1/I/L, U/V), as "XXXXX-XXXXX".  -1 with e as vcode_canon, or
 * EX_SOFTWARE if libcrypto fails. */
int	vcode_short(const unsigned char mac[32], const struct vcode_id *,
	    char out[VCODE_SHORT_SIZE], struct nerr *e);
/* A typed short code (any case, spaces and dashes anywhere) in the form
 * vcode_short prints; -1 if it cannot be one. */
int	vcode_short_parse(const char *text, char out[VCODE_SHORT_SIZE]);

/* The signed payload under the office's secret key (64 bytes: the
 * Ed25519 seed, then its public key, as key.h holds it).  -1 with e as
 * vcode_canon, or EX_SOFTWARE if libcrypto fails. */
int	vcode_payload(const unsigned char sec[64], const struct vcode_id *,
	    char out[VCODE_PAYLOAD_MAX], struct nerr *e);
/* The two primitives under the codes, open for known-answer tests:
 * HMAC-SHA-256 of msg under a key of klen bytes, and the Ed25519
 * signature of msg under sec (as vcode_payload).  -1 with e (EX_SOFTWARE)
 * if libcrypto fails. */
int	vcode_hmac(const unsigned char *key, size_t klen, const void *msg,
	    size_t n, unsigned char out[32], struct nerr *e);
int	vcode_sign(const unsigned char sec[64], const void *msg, size_t n,
	    unsigned char sig[64], struct nerr *e);
/* --jobs (issue 15): vcode_payload in two steps, so that the parent of
 * the render workers does not sign.  vcode_payload_later makes the
 * payload with a stand-in where the signature goes: VCODE_SIG_SIZE - 1
 * base64url bytes that no other data can contain (keyed with mac).  A
 * worker then signs it in place with vcode_payload_sign, which copies the
 * stand-in into standin first: the caller puts the signature wherever the
 * stand-in went (the same length, so every text keeps its layout), and
 * the result is the bytes vcode_payload makes.  -1 with e as
 * vcode_payload (EX_SOFTWARE if payload has no signature's place). */
#define VCODE_SIG_SIZE		87	/* base64url of 64 bytes, NUL */
int	vcode_payload_later(const unsigned char mac[32],
	    const struct vcode_id *, char out[VCODE_PAYLOAD_MAX],
	    struct nerr *e);
int	vcode_payload_sign(const unsigned char sec[64], char *payload,
	    char standin[VCODE_SIG_SIZE], struct nerr *e);
/* "URL#payload" into out; -1 if it does not fit. */
int	vcode_url(const char *url, const char *payload, char *out, size_t sz);

/* Reads a payload: text as a scanner prints it (surrounding blanks and a
 * "URL#" before it allowed).  Fills d and, if sig is not NULL, the
 * signature; -1 with e (EX_DATAERR, saying why) if it is not a version-1
 * payload.  The signature is not checked. */
int	vcode_parse(const char *text, struct vcode_doc *d,
	    unsigned char sig[64], struct nerr *e);
/* vcode_parse, then the signature against the office's public key: 0
 * valid; -1 with e (EX_DATAERR) if unreadable, altered, or signed by
 * another key (EX_SOFTWARE if libcrypto fails). */
int	vcode_verify(const unsigned char pub[32], const char *text,
	    struct vcode_doc *d, struct nerr *e);

#endif
