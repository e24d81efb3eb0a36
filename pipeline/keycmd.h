/* keycmd.h -- the commands around an office's verification keys:
 * `naskah key --public`, `naskah key --page`, `naskah verify
 * --public-key FILE --code TEXT`, and `naskah verify FILE...` and
 * `naskah verify --code TEXT` against the register.  Each returns the
 * exit status. */
#ifndef NASKAH_KEYCMD_H
#define NASKAH_KEYCMD_H

#include "run.h"

enum keycmd { KEYCMD_NONE, KEYCMD_PUBLIC, KEYCMD_PAGE };

/* The office (o->input's kantor.xml) and its keys (key.h), made on first
 * use.  PUBLIC prints the public key line and its fingerprint; PAGE
 * writes OUTPUT/verifikasi.html from templates/verifikasi.html with the
 * public key inside and prints its name.  0; 64 usage; 73 cannot write;
 * 78 configuration (kantor.xml, keys). */
int	keycmd_key(const struct run_opts *o, enum keycmd what);

/* A QR payload (or URL#payload) checked with only a public key file (as
 * key_pub_read reads it): one line, ASLI and the document, or TIDAK SAH
 * and why.  0 valid; 65 otherwise; 66 key file unreadable; 64 usage. */
int	keycmd_verify(const char *pubfile, const char *code);

/* Against the office's register (archive.md): each of files, one line
 * each, ASLI (issued here and unchanged), DIBATALKAN (its number was
 * cancelled), DIUBAH (its SHA-256 is not in the register, but the code
 * it carries names a document that is) or TIDAK DIKENAL; or code, a
 * scanned QR payload (URL# allowed) or a typed short code: ASLI,
 * DIBATALKAN or TIDAK SAH.  0 all ASLI; 65 otherwise; 66 a file
 * unreadable; 64 usage; 78 no register, another office's. */
int	keycmd_check(const struct run_opts *o, const char *code,
	    char *const files[], size_t nfiles);

#endif
