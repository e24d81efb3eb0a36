/* keycmd.h -- the commands around an office's verification keys:
 * `naskah key --public`, `naskah key --page` and `naskah verify
 * --public-key FILE --code TEXT`.  Each returns the exit status. */
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

#endif
