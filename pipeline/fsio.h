/* fsio.h -- durable files: a PDF is either complete or absent.  Write to
 * a temporary name beside the target, fsync, and rename only after the
 * register has committed the file. */
#ifndef NASKAH_FSIO_H
#define NASKAH_FSIO_H

#include <stddef.h>

#include "err.h"

/* mkdir -p; 0 ok, -1 with e (EX_CANTCREAT). */
int	fs_mkdirs(const char *path, struct nerr *e);
/* The temporary name of a final path: dir/.name.tmp */
void	fs_tmpname(const char *path, char *out, size_t sz);
/* Writes buf to tmp, and fsyncs it if sync; -1 with e (EX_CANTCREAT)
 * and tmp removed. */
int	fs_write_tmp(const char *tmp, const void *buf, size_t len, int sync,
	    struct nerr *e);
/* The same, a piece at a time: open, write (buffered; -1 once a write
 * has failed), then close, which reports the first failure with e and
 * removes tmp, or abort, which removes it.  close and abort free t. */
struct fs_tmp;
struct fs_tmp	*fs_tmp_open(const char *tmp, struct nerr *e);
int		 fs_tmp_write(struct fs_tmp *t, const void *buf, size_t len);
int		 fs_tmp_close(struct fs_tmp *t, int sync, struct nerr *e);
void		 fs_tmp_abort(struct fs_tmp *t);
/* fsync of the folder holding path (to make renames in it durable). */
int	fs_sync_dir(const char *path, struct nerr *e);
/* syncfs: everything written on dir's file system reaches the disk; one
 * call makes a whole batch of unsynced temporaries durable. */
int	fs_sync_fs(const char *dir, struct nerr *e);
/* rename(tmp, path), then fsync of the directory. */
int	fs_commit(const char *tmp, const char *path, struct nerr *e);
/* Whole file into memory (malloc'd); NULL with e. */
char	*fs_slurp(const char *path, size_t *len, struct nerr *e);
/* SHA-256 of a file, hex; -1 if unreadable. */
int	fs_sha256(const char *path, char hex[65]);
/* The same for an issued document: fails (EX_SOFTWARE) rather than
 * replace an existing file. */
int	fs_commit_new(const char *tmp, const char *path, int sync,
	    struct nerr *e);
/* Writes a whole small file atomically (tmp, fsync, rename, fsync dir). */
int	fs_write_atomic(const char *path, const void *buf, size_t len,
	    struct nerr *e);

/* The day files of dir (YYYY-MM-DD.csv: register exports, follow-ups,
 * surat dinas), sorted oldest first: their names, malloc'd, *n of them;
 * NULL and 0 when dir cannot be read. */
char	**fs_days(const char *dir, size_t *n);

#endif
