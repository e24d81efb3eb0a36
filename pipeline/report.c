/* report.c -- `naskah report`: the monthly data-koordinasi report of one
 * section (issue 4; not yet built). */
#include <stdio.h>
#include <sysexits.h>

#include "run.h"

int
run_report(const struct run_opts *o)
{
	fprintf(stderr, "naskah: report %s --month %s: not implemented yet\n",
	    o->bagian, o->month);
	return EX_SOFTWARE;
}
