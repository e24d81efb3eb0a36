/* main.c -- the command line of naskah: parse arguments, pick the command,
 * and turn its result into the documented exit status. */
#define _POSIX_C_SOURCE 200809L
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <sqlite3.h>

#include "arch.h"
#include "checkcmd.h"
#include "datadir.h"
#include "doc.h"
#include "fix.h"
#include "keycmd.h"
#include "manifest.h"
#include "office.h"
#include "rdef.h"
#include "regmig.h"
#include "run.h"

/* One line a command for --help and usage errors; the whole story is
 * naskah(1), the inputs naskah-input(5). */
static const struct cmdhelp {
	const char	*cmd, *use, *what;
} cmds[] = {
	{ "init", "init [--since YYYY-MM-DD] [--input DIR] [--output DIR] [-q]",
	  "make the output folder's register, once per office" },
	{ "run", "run [--date YYYY-MM-DD] [--input DIR] [--output DIR] "
	  "[--jobs N] [-q|-v]",
	  "the nightly job: every export not yet processed" },
	{ "report", "report BAGIAN --month YYYY-MM [--kabupaten] "
	  "[--date YYYY-MM-DD]\n\t\t[--input DIR] [--output DIR] [-q|-v]",
	  "a monthly report (BAGIAN below); a kabupaten's roll-up" },
	{ "report skm", "report skm --semester YYYY-S1|YYYY-S2 [the options "
	  "of report]",
	  "the satisfaction survey's semester report" },
	{ "check", "check [--input DIR] [--output DIR] [-q]",
	  "check the office's configuration; issues nothing" },
	{ "key", "key --public | --page [--input DIR] [--output DIR]",
	  "the public key, or the offline verification page" },
	{ "verify", "verify FILE.pdf... | --code TEXT [--input DIR] "
	  "[--output DIR]\n       naskah verify --public-key FILE --code TEXT\n"
	  "       naskah verify --manifest FILE [--root DIR]",
	  "is a document one the office issued, unchanged?" },
	{ "restore", "restore [NOMOR...|--all] [--input DIR] [--output DIR] "
	  "[-q|-v]", "make lost or damaged files again, proved" },
	{ "batal", "batal NOMOR --alasan TEXT [--date YYYY-MM-DD] "
	  "[--input DIR] [--output DIR]", "cancel a number" },
	{ "ralat", "ralat NOMOR [--date YYYY-MM-DD] [--input DIR] "
	  "[--output DIR]", "a corrected letter under a new number" },
	{ "agenda", "agenda --year YYYY [--book keluar|masuk] "
	  "[--format csv|pdf]\n\t\t[--date YYYY-MM-DD] [--input DIR] "
	  "[--output DIR]", "a year's book of numbers" },
	{ "find", "find [--nik N] [--nama TEXT] [--nomor TEXT]\n\t\t"
	  "[--register NO_REGISTER] [--jenis KIND] [--dari DATE]\n\t\t"
	  "[--sampai DATE] [--input DIR] [--output DIR]",
	  "search the register (exit 1: nothing found)" },
	{ "register", "register migrate [-q] --from OUTPUT/register.db "
	  "--to postgresql://...",
	  "move an office's register, proved (65: a file missing or "
	  "altered, nothing moved; or they differ)" },
};

static const char exits[] =
"Exit status: 0 done; 64 usage; 65 some input rejected or a file missing,\n"
"the rest done; 66 no input; 70 internal error; 73 cannot write; 75 busy,\n"
"try later; 78 configuration.  The register: --register DB|URL, else\n"
"NASKAH_REGISTER, else kantor.xml's <register url>, else OUTPUT/register.db.\n"
"See naskah(1) and naskah-input(5).\n";

/* naskah --help (cmd NULL), or naskah CMD --help, to fp. */
static void
help(FILE *fp, const char *cmd, const char *datadir)
{
	size_t n = sizeof(cmds) / sizeof(cmds[0]), i;
	char dir[4096], names[1024];

	size_t len = cmd != NULL ? strlen(cmd) : 0, hits = 0;

	/* A command's own lines: "report" also shows "report skm". */
	for (i = 0; cmd != NULL && i < n; i++)
		if (!strncmp(cmds[i].cmd, cmd, len) &&
		    (cmds[i].cmd[len] == '\0' || cmds[i].cmd[len] == ' ')) {
			fprintf(fp, "%s naskah %s\n%s\n", hits++ ? "      " :
			    "usage:", cmds[i].use, cmds[i].what);
		}
	if (hits == 0) {
		fputs("usage: naskah COMMAND [options]   (naskah COMMAND "
		    "--help)\n", fp);
		for (i = 0; i < n; i++)
			fprintf(fp, "  %-10s %s\n", cmds[i].cmd, cmds[i].what);
		fputs("naskah --help | --version\n", fp);
	}
	if (cmd == NULL || !strcmp(cmd, "report")) {
		snprintf(dir, sizeof(dir), "%s/templates/laporan", datadir);
		rdef_names(dir, names, sizeof(names));
		fprintf(fp, "Reports (BAGIAN): %s\n", names);
	}
	fputs(exits, fp);
}

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
	const char *cmd = NULL, *pubkey = NULL, *code = NULL;
	enum keycmd keywhat = KEYCMD_NONE;
	const char *alasan = NULL;
	const char *regsub = NULL, *regfrom = NULL, *regto = NULL;
	char *fixargs[argc > 0 ? argc : 1];	/* restore's NOMOR... */
	size_t nfix = 0;
	char **files = calloc((size_t)argc, sizeof(*files));
	size_t nfiles = 0;
	int rc, all = 0;
	struct arch_opts ao = { 0 };
	char ddir[4096];

	/* Every compressed stream's deflateInit asks for > 256 KB; served by
	 * mmap that costs a syscall pair per stream (stack-notes.md). */
	mallopt(M_MMAP_THRESHOLD, 8 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	/* Each row's savepoint journals the pages it changes; past 64 KB
	 * SQLite spills that to a file in /var/tmp, some 30 writes of 4 KB a
	 * letter: kept in memory, it is freed at each release instead.  Must
	 * come before SQLite's first use. */
	(void)sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
	o.datadir = datadir_find(ddir, sizeof(ddir));
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			help(stdout, cmd, o.datadir);
			free(files);
			return 0;
		} else if (!strcmp(a, "--version")) {
			printf("naskah %s\n", NASKAH_VERSION);
			free(files);
			return 0;
		} else if (!strcmp(a, "-q"))
			o.quiet = 1;
		else if (!strcmp(a, "-v"))
			o.verbose = 1;
		else if (!strcmp(a, "--all"))
			all = 1;
		else if (!strcmp(a, "--kabupaten"))
			o.kabupaten = 1;
		else if (!strcmp(a, "--jobs") && i + 1 < argc) {
			char *end;
			long n = strtol(argv[++i], &end, 10);
			if (*end != '\0' || end == argv[i] || n < 1 || n > 64) {
				fprintf(stderr, "naskah: --jobs: a number from "
				    "1 to 64, not \"%s\"\n", argv[i]);
				free(files);
				return EX_USAGE;
			}
			o.jobs = (int)n;
		}
		else if (!strcmp(a, "--alasan") && i + 1 < argc)
			alasan = argv[++i];
		else if (!strcmp(a, "--public") || !strcmp(a, "--page"))
			keywhat = a[3] == 'u' ? KEYCMD_PUBLIC : KEYCMD_PAGE;
		else if ((!strcmp(a, "--public-key") || !strcmp(a, "--code")) &&
		    i + 1 < argc)
			*(a[2] == 'p' ? &pubkey : &code) = argv[++i];
		else if ((!strcmp(a, "--date") || !strcmp(a, "--input") ||
		    !strcmp(a, "--output") || !strcmp(a, "--month") ||
		    !strcmp(a, "--since") || !strcmp(a, "--semester")) &&
		    i + 1 < argc) {
			const char *v = argv[++i];
			if (!strcmp(a, "--date")) o.date = v;
			else if (!strcmp(a, "--since")) o.since = v;
			else if (!strcmp(a, "--input")) o.input = v;
			else if (!strcmp(a, "--output")) o.output = v;
			else if (!strcmp(a, "--semester")) o.semester = v;
			else o.month = v;
		} else if (!strcmp(a, "--register") && i + 1 < argc &&
		    reg_option_is_location(cmd, argv[i + 1]))
			reg_use(argv[++i]);
		else if ((!strcmp(a, "--from") || !strcmp(a, "--to")) &&
		    i + 1 < argc)
			*(a[2] == 'f' ? &regfrom : &regto) = argv[++i];
		else if (i + 1 < argc && arch_option(&ao, a, argv[i + 1]))
			i++;
		else if (a[0] == '-') {
			fprintf(stderr, "naskah: unknown or incomplete option "
			    "%s\n", a);
			help(stderr, cmd, o.datadir);
			free(files);
			return EX_USAGE;
		} else if (cmd == NULL)
			cmd = a;
		else if (!strcmp(cmd, "report") && o.bagian == NULL)
			o.bagian = a;
		else if (!strcmp(cmd, "register") && regsub == NULL)
			regsub = a;
		else if ((!strcmp(cmd, "restore") ||
		    (nfix == 0 && (!strcmp(cmd, "batal") ||
		    !strcmp(cmd, "ralat")))))
			fixargs[nfix++] = argv[i];
		else if (!strcmp(cmd, "verify") && files != NULL)
			files[nfiles++] = argv[i];
		else {
			fprintf(stderr, "naskah: unexpected argument %s\n",
			    a);
			help(stderr, cmd, o.datadir);
			free(files);
			return EX_USAGE;
		}
	}
	if (cmd == NULL) {
		help(stderr, NULL, o.datadir);
		free(files);
		return EX_USAGE;
	}
	doc_init();
	if (!strcmp(cmd, "init"))
		rc = init(&o);
	else if (!strcmp(cmd, "run"))
		rc = run_nightly(&o);
	else if (!strcmp(cmd, "report")) {
		if (o.bagian == NULL || (o.month == NULL) ==
		    (o.semester == NULL)) {
			fprintf(stderr, "naskah: report needs BAGIAN and "
			    "--month YYYY-MM (or skm: --semester YYYY-S1|S2)\n");
			help(stderr, cmd, o.datadir);
			free(files);
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
		fprintf(stderr, "naskah: %s needs NOMOR\n", cmd);
		help(stderr, cmd, o.datadir);
		rc = EX_USAGE;
	}
	else if (!strcmp(cmd, "check"))
		rc = checkcmd_run(&o);
	else if (!strcmp(cmd, "agenda"))
		rc = agenda_run(&o, &ao);
	else if (!strcmp(cmd, "find"))
		rc = find_run(&o, &ao);
	else if (!strcmp(cmd, "register"))
		rc = regmig_cmd(regsub, regfrom, regto, o.quiet);
	else {
		fprintf(stderr, "naskah: unknown command %s\n", cmd);
		help(stderr, NULL, o.datadir);
		free(files);
		return EX_USAGE;
	}
	doc_cleanup();
	free(files);
	return rc;
}
