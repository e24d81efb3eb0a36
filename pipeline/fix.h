/* fix.h -- the commands that mend the archive: `naskah restore` (an issued
 * file made again from what the register kept, proved by its SHA-256),
 * `naskah batal` (a number cancelled) and `naskah ralat` (a corrected
 * letter with a new number, replacing the old one).  Each returns the
 * process exit status (sysexits). */
#ifndef NASKAH_FIX_H
#define NASKAH_FIX_H

#include <stddef.h>

#include "run.h"

/* keys: numbers as printed or paths relative to the output folder; none
 * (or all) means every document.  0 every file intact or restored; 65
 * some could not be restored or proved; 66 a key the register does not
 * know. */
int	fix_restore(const struct run_opts *, char *const *keys, size_t nkeys,
	    int all);
/* 0 cancelled; 65 unknown or already cancelled; 64 no reason. */
int	fix_batal(const struct run_opts *, const char *nomor,
	    const char *alasan);
/* 0 issued; 65 unknown, cancelled, no changed row recorded, or the
 * changed row is not complete. */
int	fix_ralat(const struct run_opts *, const char *nomor);

#endif
