/* main.c -- the command line of naskah: parse arguments, pick the command,
 * and turn its result into the documented exit status. */
#define _POSIX_C_SOURCE 200809L
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "arch.h"
#include "doc.h"
#include "fix.h"
#include "keycmd.h"
#include "manifest.h"
#include "office.h"
#include "rdef.h"
#include "run.h"

static const char usage[] =
"usage: naskah init [--since YYYY-MM-DD] [--input DIR] [--output DIR] [-q]\n"
"       naskah run [--date YYYY-MM-DD] [--input DIR] [--output DIR] [-q|-v]\n"
"       naskah report BAGIAN --month YYYY-MM [--kabupaten] [--date YYYY-MM-DD]\n"
"                     [--input DIR] [--output DIR] [-q|-v]\n"
"       naskah key --public | --page [--input DIR] [--output DIR]\n"
"       naskah verify FILE.pdf... | --code TEXT [--input DIR] [--output DIR]\n"
"       naskah verify --public-key FILE --code TEXT\n"
"       naskah verify --manifest FILE [--root DIR]\n"
"       naskah restore [NOMOR...|--all] [--input DIR] [--output DIR] [-q|-v]\n"
"       naskah batal NOMOR --alasan TEXT [--date YYYY-MM-DD] [--input DIR]\n"
"                    [--output DIR] [-q]\n"
"       naskah ralat NOMOR [--date YYYY-MM-DD] [--input DIR] [--output DIR] [-q]\n"
"       naskah agenda --year YYYY [--book keluar|masuk] [--format csv|pdf]\n"
"                     [--date YYYY-MM-DD] [--input DIR] [--output DIR] [-q]\n"
"       naskah find [--nik N] [--nama TEXT] [--nomor TEXT] [--register TEXT]\n"
"                   [--jenis KIND] [--dari DATE] [--sampai DATE]\n"
"                   [--output DIR]\n"
"       naskah --help | --version\n"
"\n"
"init makes the output folder's register, once, for the office of the\n"
"input's kantor.xml; run and report only use an existing one.  From its\n"
"--since (default today) through yesterday, a plain run names every working\n"
"day (kantor.xml's jam-kerja, libur.csv) without a register export.\n"
"BAGIAN names a report of templates/laporan (listed below); --kabupaten\n"
"makes a kabupaten office's roll-up of its kecamatan's registers.\n"
"agenda exits 65 when a number's file is missing or altered or a number has\n"
"no record; find exits 1 when nothing is found; verify --manifest 65 when a\n"
"file is missing, changed or extra.\n"
"Exit status: 0 done; 65 some input rejected, or an issued file missing\n"
"(named on stderr), the rest done; 66 no input: no export for --date, a\n"
"working day without its export, no register/ folder (named on stderr even\n"
"with -q; the rest done); 70 internal error (also: register and output\n"
"folder disagree); 73 output cannot be written (full,\n"
"read-only, or register.db damaged: it is left untouched); 75 another\n"
"naskah holds the output, or another program the register (retry later);\n"
"78 configuration error (also: no register yet, init where there is one,\n"
"another office's register).\n"
"restore: 0 every file intact or restored, 65 some could not be restored or\n"
"proved, 66 a NOMOR the register does not know.  batal, ralat: 0 done, 65\n"
"unknown or cancelled number (ralat: or no changed row to issue).\n"
"Environment: NASKAH_BUSY_TIMEOUT=SECONDS to wait for a register locked by\n"
"another program (default 30).\n";

/* naskah init: the register of a new office. */
static int
init(const struct run_opts *opt)
{
	struct nerr e = { 0 };
	struct office *o;
	struct date today, since;
	char day[16];

	run_today(&today);
	if (opt->since != NULL && (date_parse(opt->since, &since) != 0 ||
	    opt->since[4] != '-' || date_cmp(&since, &today) > 0)) {
		fprintf(stderr, "naskah: --since %s: not a date YYYY-MM-DD up "
		    "to today\n", opt->since);
		return EX_USAGE;
	}
	if ((o = office_init(opt->input, opt->output, opt->datadir, &e)) ==
	    NULL) {
		nerr_print(stderr, "naskah", &e);
		return e.status ? e.status : EX_SOFTWARE;
	}
	/* The day exports are expected from: the local date, not the UTC
	 * one the register was stamped with. */
	date_iso(opt->since != NULL ? &since : &today, day, sizeof(day));
	if (reg_office_set_since(office_reg(o), day, &e) != 0) {
		nerr_print(stderr, "naskah", &e);
		office_close(o);
		return e.status ? e.status : EX_SOFTWARE;
	}
	for (size_t i = 0; !opt->quiet &&
	    kantor_warning(office_kantor(o), i) != NULL; i++) {
		const struct nerr *w = kantor_warning(office_kantor(o), i);

		fprintf(stderr, "naskah: %s:%ld:%ld: warning: %s\n", w->file,
		    w->line, w->col, w->msg);
	}
	if (!opt->quiet)
		fprintf(stderr, "naskah init: %s/register.db: the register of "
		    "%s%s (%s); its books number from 1; an export "
		    "is expected for every working day from %s\n",
		    opt->output, office_kantor(o)->instansi ? "" :
		    "Kecamatan ", office_kantor(o)->kecamatan,
		    reg_office(office_reg(o)), day);
	office_close(o);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct run_opts o = { .input = "input", .output = "output" };
	const char *cmd = NULL, *env, *pubkey = NULL, *code = NULL;
	enum keycmd keywhat = KEYCMD_NONE;
	const char *alasan = NULL;
	char *fixargs[argc > 0 ? argc : 1];	/* restore's NOMOR... */
	size_t nfix = 0;
	char **files = calloc((size_t)argc, sizeof(*files));
	size_t nfiles = 0;
	int rc, all = 0;
	struct arch_opts ao = { 0 };

	/* Every compressed stream's deflateInit asks for > 256 KB; served by
	 * mmap that costs a syscall pair per stream (stack-notes.md). */
	mallopt(M_MMAP_THRESHOLD, 8 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	o.datadir = (env = getenv("NASKAH_DATADIR")) != NULL && *env ? env :
	    NASKAH_DATADIR;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			char dir[4096], names[1024];

			fputs(usage, stdout);
			snprintf(dir, sizeof(dir), "%s/templates/laporan",
			    o.datadir);
			rdef_names(dir, names, sizeof(names));
			printf("Reports (BAGIAN): %s\n", names);
			return 0;
		} else if (!strcmp(a, "--version")) {
			printf("naskah %s\n", NASKAH_VERSION);
			return 0;
		} else if (!strcmp(a, "-q"))
			o.quiet = 1;
		else if (!strcmp(a, "-v"))
			o.verbose = 1;
		else if (!strcmp(a, "--all"))
			all = 1;
		else if (!strcmp(a, "--kabupaten"))
			o.kabupaten = 1;
		else if (!strcmp(a, "--alasan") && i + 1 < argc)
			alasan = argv[++i];
		else if (!strcmp(a, "--public") || !strcmp(a, "--page"))
			keywhat = a[3] == 'u' ? KEYCMD_PUBLIC : KEYCMD_PAGE;
		else if ((!strcmp(a, "--public-key") || !strcmp(a, "--code")) &&
		    i + 1 < argc)
			*(a[2] == 'p' ? &pubkey : &code) = argv[++i];
		else if ((!strcmp(a, "--date") || !strcmp(a, "--input") ||
		    !strcmp(a, "--output") || !strcmp(a, "--month") ||
		    !strcmp(a, "--since")) && i + 1 < argc) {
			const char *v = argv[++i];
			if (!strcmp(a, "--date")) o.date = v;
			else if (!strcmp(a, "--since")) o.since = v;
			else if (!strcmp(a, "--input")) o.input = v;
			else if (!strcmp(a, "--output")) o.output = v;
			else o.month = v;
		} else if (i + 1 < argc && arch_option(&ao, a, argv[i + 1]))
			i++;
		else if (a[0] == '-') {
			fprintf(stderr, "naskah: unknown or incomplete option "
			    "%s\n%s", a, usage);
			return EX_USAGE;
		} else if (cmd == NULL)
			cmd = a;
		else if (!strcmp(cmd, "report") && o.bagian == NULL)
			o.bagian = a;
		else if ((!strcmp(cmd, "restore") ||
		    (nfix == 0 && (!strcmp(cmd, "batal") ||
		    !strcmp(cmd, "ralat")))))
			fixargs[nfix++] = argv[i];
		else if (!strcmp(cmd, "verify") && files != NULL)
			files[nfiles++] = argv[i];
		else {
			fprintf(stderr, "naskah: unexpected argument %s\n%s",
			    a, usage);
			return EX_USAGE;
		}
	}
	if (cmd == NULL) {
		fputs(usage, stderr);
		return EX_USAGE;
	}
	doc_init();
	if (!strcmp(cmd, "init"))
		rc = init(&o);
	else if (!strcmp(cmd, "run"))
		rc = run_nightly(&o);
	else if (!strcmp(cmd, "report")) {
		if (o.bagian == NULL || o.month == NULL) {
			fprintf(stderr, "naskah: report needs BAGIAN and "
			    "--month YYYY-MM\n%s", usage);
			return EX_USAGE;
		}
		rc = run_report(&o);
	} else if (!strcmp(cmd, "key"))
		rc = keycmd_key(&o, keywhat);
	else if (!strcmp(cmd, "verify") && ao.manifest != NULL)
		rc = manifest_verify(ao.manifest, ao.root, o.quiet);
	else if (!strcmp(cmd, "verify"))
		rc = pubkey != NULL ? keycmd_verify(pubkey, code) :
		    keycmd_check(&o, code, files, nfiles);
	else if (!strcmp(cmd, "restore"))
		rc = fix_restore(&o, fixargs, nfix, all);
	else if ((!strcmp(cmd, "batal") || !strcmp(cmd, "ralat")) &&
	    nfix == 1)
		rc = cmd[0] == 'b' ? fix_batal(&o, fixargs[0], alasan) :
		    fix_ralat(&o, fixargs[0]);
	else if (!strcmp(cmd, "batal") || !strcmp(cmd, "ralat")) {
		fprintf(stderr, "naskah: %s needs NOMOR\n%s", cmd, usage);
		rc = EX_USAGE;
	}
	else if (!strcmp(cmd, "agenda"))
		rc = agenda_run(&o, &ao);
	else if (!strcmp(cmd, "find"))
		rc = find_run(&o, &ao);
	else {
		fprintf(stderr, "naskah: unknown command %s\n%s", cmd, usage);
		return EX_USAGE;
	}
	doc_cleanup();
	free(files);
	return rc;
}
