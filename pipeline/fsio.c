/* fsio.c -- the file system side of "nothing lost, nothing half-written". */
#define _GNU_SOURCE	/* renameat2 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsio.h"
#include "sha256.h"

int
fs_mkdirs(const char *path, struct nerr *e)
{
	char buf[4096];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(buf, 0755) != 0 && errno != EEXIST) {
				nerr_set(e, EX_CANTCREAT, buf, 0, 0,
				    "cannot create folder: %s", strerror(errno));
				return -1;
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	return 0;
}

void
fs_tmpname(const char *path, char *out, size_t sz)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(out, sz, ".%s.tmp", path);
	else
		snprintf(out, sz, "%.*s/.%s.tmp", (int)(slash - path), path,
		    slash + 1);
}

int
fs_write_tmp_from(const char *tmp, size_t (*pull)(void *, void *, size_t),
    void *arg, int sync, struct nerr *e)
{
	char buf[65536];
	size_t n;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0) {
		nerr_set(e, EX_CANTCREAT, tmp, 0, 0, "cannot write: %s",
		    strerror(errno));
		return -1;
	}
	while ((n = pull(arg, buf, sizeof(buf))) > 0) {
		const char *p = buf;

		while (n > 0) {
			ssize_t w = write(fd, p, n);
			if (w < 0) {
				if (errno == EINTR)
					continue;
				goto fail;
			}
			p += w;
			n -= (size_t)w;
		}
	}
	if (sync && fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	nerr_set(e, EX_CANTCREAT, tmp, 0, 0, "cannot write: %s",
	    strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return -1;
}

struct membuf {
	const char	*p;
	size_t		 left;
};

static size_t
pull_mem(void *arg, void *buf, size_t n)
{
	struct membuf *m = arg;

	if (n > m->left)
		n = m->left;
	memcpy(buf, m->p, n);
	m->p += n;
	m->left -= n;
	return n;
}

int
fs_write_tmp(const char *tmp, const void *buf, size_t len, int sync,
    struct nerr *e)
{
	struct membuf m = { buf, len };

	return fs_write_tmp_from(tmp, pull_mem, &m, sync, e);
}

static int
sync_dir(const char *path)
{
	char buf[4096];
	int fd, rc;

	snprintf(buf, sizeof(buf), "%s", path);
	if ((fd = open(dirname(buf), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int
fs_commit(const char *tmp, const char *path, struct nerr *e)
{
	if (rename(tmp, path) != 0 || sync_dir(path) != 0) {
		nerr_set(e, EX_CANTCREAT, path, 0, 0, "cannot rename %s: %s",
		    tmp, strerror(errno));
		return -1;
	}
	return 0;
}

int
fs_sync_dir(const char *path, struct nerr *e)
{
	if (sync_dir(path) != 0) {
		nerr_set(e, EX_CANTCREAT, path, 0, 0, "cannot sync folder: %s",
		    strerror(errno));
		return -1;
	}
	return 0;
}

int
fs_sync_fs(const char *dir, struct nerr *e)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0 || (rc = syncfs(fd)) != 0) {
		nerr_set(e, EX_CANTCREAT, dir, 0, 0, "cannot sync: %s",
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

int
fs_commit_new(const char *tmp, const char *path, int sync, struct nerr *e)
{
	/* An issued document is never replaced: if the name is taken, the
	 * register and the folder disagree and a person must look. */
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) != 0) {
		if (errno == EEXIST) {
			nerr_set(e, EX_SOFTWARE, path, 0, 0, "already exists and "
			    "was not overwritten; the register does not list "
			    "it (was register.db restored from an older "
			    "backup?)");
			return -1;
		}
		/* A file system without RENAME_NOREPLACE: office_stage has
		 * already checked that the name is free. */
		if ((errno == EINVAL || errno == ENOSYS) &&
		    rename(tmp, path) == 0)
			errno = 0;
		else {
			nerr_set(e, EX_CANTCREAT, path, 0, 0, "cannot rename "
			    "%s: %s", tmp, strerror(errno));
			return -1;
		}
	}
	return sync ? fs_sync_dir(path, e) : 0;
}

int
fs_write_atomic(const char *path, const void *buf, size_t len,
    struct nerr *e)
{
	char tmp[4096];

	fs_tmpname(path, tmp, sizeof(tmp));
	if (fs_write_tmp(tmp, buf, len, 1, e) != 0)
		return -1;
	if (fs_commit(tmp, path, e) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

char *
fs_slurp(const char *path, size_t *len, struct nerr *e)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (fp == NULL) {
		nerr_set(e, EX_NOINPUT, path, 0, 0, "%s", strerror(errno));
		return NULL;
	}
	for (;;) {
		if (n + 65536 + 1 > cap) {
			cap = cap ? cap * 2 : 65536 * 2;
			if ((buf = realloc(buf, cap)) == NULL)
				abort();
		}
		size_t r = fread(buf + n, 1, cap - n - 1, fp);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(fp)) {
		nerr_set(e, EX_IOERR, path, 0, 0, "read error");
		free(buf);
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Streamed: a register export of 100,000 rows must not be held in
 * memory just to be fingerprinted. */
int
fs_sha256(const char *path, char hex[65])
{
	struct sha256_ctx c;
	unsigned char buf[65536];
	FILE *fp = fopen(path, "rb");
	size_t n;
	int bad;

	if (fp == NULL)
		return -1;
	sha256_init(&c);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sha256_update(&c, buf, n);
	bad = ferror(fp);
	fclose(fp);
	if (bad) {
		errno = EIO;
		return -1;
	}
	sha256_final_hex(&c, hex);
	return 0;
}
