/* regloc.c -- kantor.xml's part in choosing the office's register, one
 * function for every command (office_open, find, agenda, verify), so
 * that none of them reads an old SQLite file beside a register that
 * moved to PostgreSQL. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "kantor.h"
#include "reg.h"
#include "regloc.h"

int
regloc_kantor(const char *indir, const char *datadir, char *office,
    size_t sz, struct nerr *e)
{
	char path[4096], rng[4096];
	struct kantor *k;
	struct stat sb;

	if (sz > 0)
		office[0] = '\0';
	snprintf(path, sizeof(path), "%s/kantor.xml", indir);
	if (stat(path, &sb) != 0 && errno == ENOENT)
		return 0;
	snprintf(rng, sizeof(rng), "%s/templates/schema/kantor.rng", datadir);
	if ((k = kantor_load(indir, rng, e)) == NULL)
		return -1;
	if (k->register_url != NULL)
		reg_use_kantor(k->register_url);
	if (sz > 0)
		snprintf(office, sz, "%s", k->kode_wilayah);
	kantor_free(k);
	return 0;
}
