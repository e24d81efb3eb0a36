/* sod.c -- the one place libsodium is started.  pthread_once rather than
 * a call in main, so the library (and every unit test linking it) is
 * right whichever of its modules runs first, from whichever thread. */
#include <pthread.h>
#include <stdlib.h>

#include <sodium.h>

#include "sod.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void
start(void)
{
	/* 0 started, 1 already started (by another library in-process). */
	if (sodium_init() < 0)
		abort();
}

void
sod_init(void)
{
	pthread_once(&once, start);
}
