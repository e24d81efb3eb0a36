/* regloc.h -- where the office's register is, chosen the same way by
 * every command: --register, else NASKAH_REGISTER, else kantor.xml's
 * <register url>, else OUTPUT/register.db (reg_where keeps the order;
 * this reads kantor.xml's part of it). */
#ifndef NASKAH_REGLOC_H
#define NASKAH_REGLOC_H

#include <stddef.h>

#include "err.h"

/* Reads indir/kantor.xml (schema under datadir) for its <register url>,
 * handed to reg_use_kantor, and its region code, into office (which
 * names the office's schema in a shared PostgreSQL register; "" without
 * kantor.xml).  0 when there is no kantor.xml (a command that needs
 * none, such as find, then goes by the other three) or it was read; -1
 * with e (EX_CONFIG, file and line) when it is there but cannot be
 * read: where the register is is then unknown. */
int	regloc_kantor(const char *indir, const char *datadir, char *office,
	    size_t sz, struct nerr *e);

#endif
