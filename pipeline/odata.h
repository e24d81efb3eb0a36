/* odata.h -- the office's data as `run` opens it, and `ralat` too: the
 * field table, the SOPs' fields and signers checked against it and
 * kantor.xml, the filler, the complaints module, and every document of
 * every SOP rendered once (fill_preflight, which fill_hash needs). */
#ifndef NASKAH_ODATA_H
#define NASKAH_ODATA_H

#include "aduan.h"
#include "check.h"
#include "err.h"
#include "fields.h"
#include "fill.h"
#include "office.h"

struct odata {
	struct fields	*fields;	/* templates/fields.xml */
	struct check	*ck;
	struct fill	*fill;
	struct aduan	*ad;		/* what complaint documents show */
};

/* env: the complaints module's callbacks, batch and arg (its o, fill and
 * ck are set here).  0; or -1 with e (EX_CONFIG unless said), d holding
 * what opened: odata_close it either way. */
int	odata_open(struct odata *d, struct office *, const char *datadir,
	    const struct aduan_env *env, struct nerr *e);
void	odata_close(struct odata *d);

#endif
