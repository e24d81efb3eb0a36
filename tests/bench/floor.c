/* floor.c -- make bench: the file side alone, the floor no renderer can
 * beat on this disk.  Writes N files of SIZE bytes into DIR/surat/2025/
 * with naskah's durability (issue.c, fsio.c): each staged under its
 * temporary name (.NAME.tmp), a batch of 64 made durable by one syncfs,
 * then each renamed into place without replacing (renameat2
 * RENAME_NOREPLACE) and the folder synced once a batch.  What naskah does
 * beyond this (the register's own commit, rendering) is its cost over the
 * floor.  Prints the wall-clock seconds.
 *
 * usage: floor DIR N SIZE */
#define _GNU_SOURCE	/* renameat2, syncfs */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BATCH	64	/* as run.c */

static void
die(const char *what, const char *path)
{
	fprintf(stderr, "floor: %s %s: %s\n", what, path, strerror(errno));
	exit(1);
}

static void
mkdirs(char *path)
{
	for (char *p = path + 1; ; p++)
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(path, 0755) != 0 && errno != EEXIST)
				die("mkdir", path);
			*p = c;
			if (c == '\0')
				break;
		}
}

int
main(int argc, char *argv[])
{
	char dir[4096], path[4200], tmp[4200];
	struct timespec t0, t1;
	unsigned char *buf;
	long n, size, done = 0;
	unsigned x = 20250120;
	int dfd;

	if (argc != 4 || (n = atol(argv[2])) <= 0 || (size = atol(argv[3])) <=
	    0) {
		fprintf(stderr, "usage: floor DIR N SIZE\n");
		return 64;
	}
	snprintf(dir, sizeof(dir), "%s/surat/2025", argv[1]);
	mkdirs(dir);
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY)) < 0)
		die("open", dir);
	/* Bytes that do not compress, like a PDF's deflated streams. */
	buf = malloc((size_t)size);
	for (long i = 0; i < size; i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (unsigned char)(x >> 16);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (done < n) {
		long k = n - done < BATCH ? n - done : BATCH;

		for (long i = done; i < done + k; i++) {
			int fd;
			long off = 0;

			snprintf(tmp, sizeof(tmp), "%s/.%05ld_kk_2025-01-20.pdf.tmp",
			    dir, i + 1);
			if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC |
			    O_CLOEXEC, 0644)) < 0)
				die("open", tmp);
			buf[0] = (unsigned char)i;	/* each file its own */
			while (off < size) {
				ssize_t w = write(fd, buf + off, (size_t)(size -
				    off));

				if (w < 0 && errno != EINTR)
					die("write", tmp);
				if (w > 0)
					off += w;
			}
			if (close(fd) != 0)
				die("close", tmp);
		}
		if (syncfs(dfd) != 0)
			die("syncfs", dir);
		for (long i = done; i < done + k; i++) {
			snprintf(tmp, sizeof(tmp), "%s/.%05ld_kk_2025-01-20.pdf.tmp",
			    dir, i + 1);
			snprintf(path, sizeof(path), "%s/%05ld_kk_2025-01-20.pdf",
			    dir, i + 1);
			if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path,
			    RENAME_NOREPLACE) != 0)
				die("rename", path);
		}
		if (fsync(dfd) != 0)
			die("fsync", dir);
		done += k;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	close(dfd);
	free(buf);
	printf("%.3f\n", (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}
