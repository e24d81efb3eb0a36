/* rkab.h -- `naskah report BAGIAN --month YYYY-MM --kabupaten`: a
 * kabupaten office's roll-up of one section's data bahan koordinasi from
 * the desa data every kecamatan's register stores (reg.h), by the same
 * report definition (rdef.h), arithmetic (totals.h) and template data
 * (rdata.h) as a kecamatan's report, one row per kecamatan. */
#ifndef NASKAH_RKAB_H
#define NASKAH_RKAB_H

#include "date.h"

struct office;
struct rdef;
struct run_opts;

/* Reads every kecamatan of o's kantor.xml (<wilayah>) for month y-m and
 * the month before, and issues the roll-up dated tgl in o's book, or
 * nothing when the data are those of its latest revision.  o and def
 * stay the caller's.  Returns the exit status: 0, 65 (a kecamatan
 * register unreadable, a desa of no kecamatan, an issued file missing),
 * 66 (no kecamatan has stored data of the month), 64 (a report that
 * has no roll-up), 78, 73, 75, 70. */
int	rkab_report(const struct run_opts *opt, struct office *o,
	    const struct rdef *def, int y, int m, const struct date *tgl);

#endif
