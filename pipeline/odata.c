/* odata.c -- the office's data as `run` and `ralat` open it (odata.h):
 * one place, so that a ralat checks and fills a row exactly as the run
 * that reported its conflict. */
#include <stdio.h>
#include <string.h>

#include "odata.h"

int
odata_open(struct odata *d, struct office *o, const char *dd,
    const struct aduan_env *env, struct nerr *e)
{
	char path[4096], rng[4096];
	struct aduan_env ae = *env;

	memset(d, 0, sizeof(*d));
	snprintf(path, sizeof(path), "%s/templates/fields.xml", dd);
	snprintf(rng, sizeof(rng), "%s/templates/schema/fields.rng", dd);
	if ((d->fields = fields_load(path, rng, e)) == NULL ||
	    (d->ck = check_new(d->fields, e)) == NULL ||
	    check_sops(d->ck, office_sops(o), office_kantor(o), e) != 0 ||
	    (d->fill = fill_new(d->ck, office_kantor(o), dd, e)) == NULL)
		goto fail;
	ae.o = o;
	ae.fill = d->fill;
	ae.ck = d->ck;
	if ((d->ad = aduan_new(&ae)) == NULL ||
	    fill_preflight(d->fill, o, office_sops(o), e) != 0)
		goto fail;
	return 0;
fail:
	if (e->status == 0)
		e->status = EX_CONFIG;
	return -1;
}

void
odata_close(struct odata *d)
{
	aduan_free(d->ad);
	fill_free(d->fill);
	check_free(d->ck);
	fields_free(d->fields);
	memset(d, 0, sizeof(*d));
}
