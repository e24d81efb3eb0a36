/* lcrypto.c -- the one place libcrypto is set up and its error queue
 * read.  pthread_once rather than a call in main, so the library (and
 * every unit test linking it) is right whichever module runs first. */
#include <pthread.h>

#include <openssl/crypto.h>
#include <openssl/err.h>

#include "lcrypto.h"

/* An office's keys are 160 bytes and an Ed25519 key object holds 32 more:
 * room for dozens of offices open at once.  A power of two, as asked. */
#define SECURE_HEAP	(32 * 1024)
#define SECURE_MIN	32

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void
start(void)
{
	/* 1 locked, 2 made but not locked (RLIMIT_MEMLOCK): both guard
	 * and wipe.  0: OPENSSL_secure_malloc is plain malloc, and
	 * OPENSSL_secure_clear_free still wipes. */
	if (CRYPTO_secure_malloc_initialized() == 0)
		(void)CRYPTO_secure_malloc_init(SECURE_HEAP, SECURE_MIN);
}

void
lcrypto_init(void)
{
	pthread_once(&once, start);
}

int
lcrypto_fail(struct nerr *e, int status, const char *what)
{
	unsigned long code = ERR_get_error();
	char reason[256];

	if (code == 0)
		nerr_set(e, status, NULL, 0, 0, "%s failed", what);
	else {
		ERR_error_string_n(code, reason, sizeof(reason));
		nerr_set(e, status, NULL, 0, 0, "%s: %s", what, reason);
	}
	ERR_clear_error();
	return -1;
}
