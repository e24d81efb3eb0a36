/* dev_text.h -- the plain-text device (dev.h): every laid-out operation
 * as one line, positions rounded to 0.1 pt, text in UTF-8, so a layout
 * can be compared with an expected one and a change read as a diff
 * (tests/layout, `make golden`). */
#ifndef NASKAH_DEV_TEXT_H
#define NASKAH_DEV_TEXT_H

#include <stdio.h>

#include "dev.h"

struct dev_text;

/* A device writing to fp with metrics m (both outlive it), in *d. */
struct dev_text	*dev_text_new(FILE *fp, const struct dev_metrics *m,
		    struct dev *d);
void		 dev_text_free(struct dev_text *);

#endif
