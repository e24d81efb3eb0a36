/* sod.h -- libsodium, started once per process.  Every module that uses
 * libsodium (sha256, key, vcode) calls sod_init() first; it is cheap after
 * the first call and safe from any thread. */
#ifndef NASKAH_SOD_H
#define NASKAH_SOD_H

/* Runs sodium_init() exactly once (pthread_once).  libsodium fails to
 * start only when the system has no random source, and no key or code
 * made then could be trusted: like running out of memory (xmem.h), that
 * aborts. */
void	sod_init(void);

#endif
