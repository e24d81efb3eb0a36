/* datadir.h -- where naskah's data (templates/, fonts/) is: found at run
 * time from the executable's own place, so no build path is compiled in
 * and an installed naskah never reads the source tree it was built in. */
#ifndef NASKAH_DATADIR_H
#define NASKAH_DATADIR_H

#include <stddef.h>

/* The data folder into buf: $NASKAH_DATADIR when set and not empty;
 * else the executable's folder when it holds templates/ (the source
 * tree); else <exe dir>/../share/naskah (an installed naskah), or the
 * exe's parent when that holds templates/ (build-san/ in the source
 * tree).  Returns buf; when nothing is found, <exe dir>/../share/naskah,
 * so that messages name where the data was looked for. */
const char	*datadir_find(char *buf, size_t n);

#endif
