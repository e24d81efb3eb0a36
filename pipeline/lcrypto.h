/* lcrypto.h -- OpenSSL's libcrypto, the project's one crypto library
 * (sha256, key, vcode), started once per process, and its errors turned
 * into the struct nerr callers print. */
#ifndef NASKAH_LCRYPTO_H
#define NASKAH_LCRYPTO_H

#include "err.h"

/* Sets up libcrypto's secure heap exactly once (pthread_once), so key.c
 * and the Ed25519 keys libcrypto builds hold their secrets in locked,
 * guard-paged memory that is wiped when freed.  If the system refuses it
 * (no mmap), the secrets live on the ordinary heap, still wiped. */
void	lcrypto_init(void);

/* Fills e with "what: REASON" from libcrypto's error queue (or "what
 * failed" when the queue is empty), empties the queue for the next call,
 * and returns -1. */
int	lcrypto_fail(struct nerr *e, int status, const char *what);

#endif
