/* regmig.h -- naskah register migrate: an office's whole register moved
 * from its SQLite file into a PostgreSQL register, and proved. */
#ifndef NASKAH_REGMIG_H
#define NASKAH_REGMIG_H

/* naskah register SUB --from DB --to URL: SUB must be "migrate".
 * Returns the exit status. */
int	regmig_cmd(const char *sub, const char *from, const char *to,
	    int quiet);

#endif
