/* checkcmd.h -- `naskah check`: everything an office configures, checked
 * with the loaders `run` and `report` use at start-up, every problem
 * named, nothing issued and nothing of the office changed. */
#ifndef NASKAH_CHECKCMD_H
#define NASKAH_CHECKCMD_H

#include "run.h"

/* Prints what it found on stdout (with -q only problems) and each problem
 * on stderr as FILE:LINE:COL: reason.  0 all well; 78 one problem or
 * more (every independent check runs, whatever an earlier one found). */
int	checkcmd_run(const struct run_opts *);

#endif
