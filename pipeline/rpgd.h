/* rpgd.h -- the complaints report (`naskah report pengaduan`): the
 * month's complaints from the register as they stood at the month's end,
 * measured in working time against their SOP's step standards (sla.h
 * does the statistics), and the report's template data.  The driver
 * (report.c) numbers, renders and issues it. */
#ifndef NASKAH_RPGD_H
#define NASKAH_RPGD_H

#include <stddef.h>

#include "date.h"
#include "err.h"

struct kantor;
struct rdef;
struct reg;
struct sop_set;
struct sla_case;
struct tpl_dict;
struct wtime;

struct rpgd;

/* A month (y, m) of the office's complaints.  All borrowed. */
struct rpgd	*rpgd_new(const struct kantor *, const struct sop_set *,
		    const struct rdef *, int y, int m);
void		 rpgd_free(struct rpgd *);
/* Reads the complaints received in the month or open in it, and computes
 * the figures; the fingerprint of everything the report shows into sha.
 * -1 with e (EX_CONFIG: a complaint's SOP variant is gone). */
int		 rpgd_read(struct rpgd *, struct reg *, char sha[65],
		    struct nerr *e);
/* Complaints the report shows (0: a report "nihil"). */
size_t		 rpgd_count(const struct rpgd *);
/* Measures in calendar wt (borrowed) instead of the kantor's: a
 * kabupaten's roll-up (rkab.c) times each kecamatan in its own. */
void		 rpgd_set_wtime(struct rpgd *, const struct wtime *wt);
/* The month's figures once read: complaints received in the month, and
 * of those shown settled by musyawarah, handed to the legal channel,
 * open at the month's end, over standard; each complaint shown (i <
 * rpgd_count) as sla.h's case: its outcome, working minutes and
 * standard. */
struct rpgd_fig {
	size_t		 received, musyawarah, jalur_hukum, open, over;
};
void		 rpgd_figures(const struct rpgd *, struct rpgd_fig *);
const struct sla_case *rpgd_case(const struct rpgd *, size_t i);
/* Working minutes as the report writes them: "2 jam 5 menit". */
void		 rpgd_fmt_minutes(long minutes, char *buf, size_t sz);
/* One line for the log. */
void		 rpgd_summary(const struct rpgd *, char *buf, size_t sz);
/* The report's dictionary (surat/laporan_pengaduan.xml). */
void		 rpgd_fill(const struct rpgd *, struct tpl_dict *d,
		    const char *nomor, const struct date *tgl, int revision,
		    const char *replaces);

#endif
