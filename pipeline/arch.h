/* arch.h -- the archivist's commands and their options: `naskah agenda`
 * (agenda.c), `naskah find` (find.c) and `naskah verify --manifest`
 * (manifest.c).  Each command returns the process exit status. */
#ifndef NASKAH_ARCH_H
#define NASKAH_ARCH_H

#include "run.h"

struct arch_opts {
	const char	*year, *book, *format;		/* agenda */
	const char	*nik, *nama, *nomor, *reg, *jenis, *dari, *sampai;
	const char	*manifest, *root;		/* verify */
};

/* Takes option opt with its value val into a: 1 if it is one of these
 * commands' options, else 0. */
int	arch_option(struct arch_opts *a, const char *opt, const char *val);

/* naskah agenda --year YYYY [--book BUKU] [--format csv|pdf] [--date D]:
 * 0 every number present (or cancelled) with its file unchanged; 65 a
 * gap, a file missing or altered; 64 usage; as office_open otherwise. */
int	agenda_run(const struct run_opts *o, const struct arch_opts *a);

/* naskah find ...: 0 something found; 1 nothing; 64 usage; as
 * reg_open otherwise. */
int	find_run(const struct run_opts *o, const struct arch_opts *a);

#endif
