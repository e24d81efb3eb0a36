/* fsio.c -- the file system side of "nothing lost, nothing half-written". */
#define _GNU_SOURCE	/* renameat2 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "date.h"
#include "fsio.h"
#include "sha256.h"
#include "xmem.h"

int
fs_mkdirs(const char *path, struct nerr *e)
{
	char buf[4096];

	/* Mostly there already: one call, not one per component. */
	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return 0;
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

struct fs_tmp {
	char	 path[4096];
	int	 fd;
	int	 err;		/* errno of the first failure */
	size_t	 n;		/* buffered */
	char	 buf[65536];
};

struct fs_tmp *
fs_tmp_open(const char *tmp, struct nerr *e)
{
	struct fs_tmp *t = xmalloc(sizeof(*t));

	snprintf(t->path, sizeof(t->path), "%s", tmp);
	t->err = 0;
	t->n = 0;
	if ((t->fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) < 0) {
		nerr_set(e, EX_CANTCREAT, tmp, 0, 0, "cannot write: %s",
		    strerror(errno));
		free(t);
		return NULL;
	}
	return t;
}

static void
tmp_flush(struct fs_tmp *t)
{
	const char *p = t->buf;

	while (t->n > 0 && t->err == 0) {
		ssize_t w = write(t->fd, p, t->n);

		if (w < 0) {
			if (errno != EINTR)
				t->err = errno;
			continue;
		}
		p += w;
		t->n -= (size_t)w;
	}
	t->n = 0;
}

int
fs_tmp_write(struct fs_tmp *t, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0 && t->err == 0) {
		size_t k = sizeof(t->buf) - t->n;

		if (k > len)
			k = len;
		memcpy(t->buf + t->n, p, k);
		t->n += k;
		p += k;
		len -= k;
		if (t->n == sizeof(t->buf))
			tmp_flush(t);
	}
	return t->err ? -1 : 0;
}

int
fs_tmp_close(struct fs_tmp *t, int sync, struct nerr *e)
{
	int rc = 0;

	tmp_flush(t);
	if (t->err == 0 && sync && fsync(t->fd) != 0)
		t->err = errno;
	if (close(t->fd) != 0 && t->err == 0)
		t->err = errno;
	if (t->err != 0) {
		nerr_set(e, EX_CANTCREAT, t->path, 0, 0, "cannot write: %s",
		    strerror(t->err));
		unlink(t->path);
		rc = -1;
	}
	free(t);
	return rc;
}

void
fs_tmp_abort(struct fs_tmp *t)
{
	if (t == NULL)
		return;
	close(t->fd);
	unlink(t->path);
	free(t);
}

int
fs_write_tmp(const char *tmp, const void *buf, size_t len, int sync,
    struct nerr *e)
{
	struct fs_tmp *t = fs_tmp_open(tmp, e);

	if (t == NULL)
		return -1;
	fs_tmp_write(t, buf, len);
	return fs_tmp_close(t, sync, e);
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
			buf = xrealloc(buf, cap);
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

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
fs_days(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	struct date dt;

	*n = 0;
	if (d == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		char day[11];

		if (strlen(de->d_name) != 14 ||
		    strcmp(de->d_name + 10, ".csv") != 0)
			continue;
		memcpy(day, de->d_name, 10);
		day[10] = '\0';
		if (date_parse(day, &dt) != 0 || day[4] != '-')
			continue;
		v = xrealloc(v, (*n + 1) * sizeof(*v));
		v[(*n)++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_name);
	return v;
}
