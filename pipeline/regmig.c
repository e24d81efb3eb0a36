/* regmig.c -- naskah register migrate: an office's whole register moved
 * from its SQLite file into a PostgreSQL register in one transaction,
 * then proved by reading both back: every table's rows and digest, and
 * every document's file against the SHA-256 the new register holds.  A
 * file missing or altered before the move stops it (65) with nothing
 * written to the database. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "fsio.h"
#include "reg.h"
#include "regmig.h"

struct files {
	char	 dir[4096];
	long	 same, missing, differ;
};

/* A document's file against the SHA-256 a register records: each one
 * missing or different is named (the first hundred) and counted. */
static int
file_check(const char *rel, const char *sha, void *arg)
{
	struct files *f = arg;
	char path[8192], got[65];
	const char *why = NULL;
	struct stat sb;

	snprintf(path, sizeof(path), "%s/%s", f->dir, rel);
	if (fs_sha256(path, got) != 0) {
		f->missing++;
		why = stat(path, &sb) != 0 && errno == ENOENT ? "missing: the "
		    "register records this document, its file is not there" :
		    "cannot be read";
	} else if (strcmp(got, sha) != 0) {
		f->differ++;
		why = "altered: its SHA-256 is not the one the register records";
	} else
		f->same++;
	if (why != NULL && f->missing + f->differ <= 100)
		fprintf(stderr, "naskah: %s: %s\n", path, why);
	return 0;
}

int
regmig_cmd(const char *sub, const char *from, const char *to, int quiet)
{
	struct nerr e = { 0 };
	struct reg *src = NULL, *dst = NULL;
	struct reg_digest a, b;
	struct files f = { .dir = "" };
	char lock[4200], office[64];
	const char *slash;
	int fd = -1, rc = EX_SOFTWARE, bad = 0;

	if (sub == NULL || strcmp(sub, "migrate") != 0 || from == NULL ||
	    to == NULL) {
		fprintf(stderr, "naskah: usage: naskah register migrate --from "
		    "OUTPUT/register.db --to postgresql://...\n");
		return EX_USAGE;
	}
	reg_exact(1);
	/* The office's output folder: its lock (no run meanwhile) and its
	 * files, checked against the new register. */
	slash = strrchr(from, '/');
	snprintf(f.dir, sizeof(f.dir), "%.*s", slash ? (int)(slash - from) :
	    1, slash ? from : ".");
	snprintf(lock, sizeof(lock), "%s/.naskah.lock", f.dir);
	if ((fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0 ||
	    flock(fd, LOCK_EX | LOCK_NB) != 0) {
		fprintf(stderr, "naskah: %s: %s\n", lock, fd < 0 ?
		    strerror(errno) : "another naskah is working on this "
		    "office; try again later");
		if (fd >= 0)
			close(fd);
		return fd < 0 ? EX_CANTCREAT : EX_TEMPFAIL;
	}
	if ((src = reg_open(from, NULL, &e)) == NULL)
		goto out;
	snprintf(office, sizeof(office), "%s", reg_office(src));
	/* A register moves with its files whole or not at all: a document
	 * lost or altered is repaired first (naskah restore makes it again
	 * from the register), before the database holds anything. */
	if (reg_doc_each(src, file_check, &f, &e) < 0)
		goto out;
	if (f.missing || f.differ) {
		fprintf(stderr, "naskah: register migrate: %ld document "
		    "files missing and %ld altered in %s (named above): "
		    "nothing was written to %s; repair them first with "
		    "`naskah restore` (from the office's --input and "
		    "--output), then migrate again\n", f.missing, f.differ,
		    f.dir, to);
		rc = EX_DATAERR;
		goto out;
	}
	f.same = 0;
	if ((dst = reg_create(to, office, &e)) == NULL)
		goto out;
	if (reg_migrate(src, dst, &e) != 0)
		goto out;
	if (!quiet)
		printf("%-16s %9s %9s  %s\n", "table", "from", "to",
		    "digest (SHA-256 of its rows)");
	for (size_t i = 0; reg_digest(src, i, &a, &e) == 0; i++) {
		if (reg_digest(dst, i, &b, &e) != 0)
			goto out;
		int same = a.rows == b.rows && !strcmp(a.sha, b.sha);

		bad += !same;
		if (!quiet || !same)
			printf("%-16s %9ld %9ld  %.16s %s\n", a.table, a.rows,
			    b.rows, b.sha, same ? "same" : "DIFFERENT");
	}
	if (e.status != 0)
		goto out;
	if (reg_doc_each(dst, file_check, &f, &e) < 0)
		goto out;
	if (!quiet)
		printf("documents: %ld files match the SHA-256 in the new "
		    "register, %ld differ, %ld missing in %s\n", f.same,
		    f.differ, f.missing, f.dir);
	if (bad || f.differ || f.missing) {
		fprintf(stderr, "naskah: register migrate: %d tables differ "
		    "and %ld files do not match: do not use the new register "
		    "(the old one is unchanged)\n", bad, f.differ + f.missing);
		rc = EX_DATAERR;
	} else {
		if (!quiet)
			printf("office %s: its register is now at %s; run with "
			    "--register (or NASKAH_REGISTER) naming it, and "
			    "keep %s as the backup it now is\n", office, to,
			    from);
		rc = 0;
	}
out:
	if (e.status != 0) {
		nerr_print(stderr, "naskah", &e);
		rc = e.status;
	}
	reg_close(dst);
	reg_close(src);
	close(fd);
	return rc;
}
