/* datadir.c -- find naskah's data folder at run time (see datadir.h):
 * relative to /proc/self/exe, so that a package installed under any
 * prefix finds its own templates and fonts. */
#define _DEFAULT_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datadir.h"

static int
has_templates(const char *dir)
{
	char p[PATH_MAX + 32];
	struct stat sb;

	snprintf(p, sizeof(p), "%s/templates/sop", dir);
	return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

const char *
datadir_find(char *buf, size_t n)
{
	const char *env = getenv("NASKAH_DATADIR");
	char exe[PATH_MAX], dir[PATH_MAX + 32];
	ssize_t len;
	char *slash;

	if (env != NULL && *env != '\0') {
		snprintf(buf, n, "%s", env);
		return buf;
	}
	if ((len = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0) {
		/* No /proc: the usual installed place. */
		snprintf(buf, n, "/usr/share/naskah");
		return buf;
	}
	exe[len] = '\0';
	if ((slash = strrchr(exe, '/')) != NULL)
		*slash = '\0';
	if (has_templates(exe)) {
		snprintf(buf, n, "%s", exe);
		return buf;
	}
	snprintf(dir, sizeof(dir), "%s/../share/naskah", exe);
	if (!has_templates(dir)) {
		char up[PATH_MAX + 32];

		snprintf(up, sizeof(up), "%s/..", exe);
		if (has_templates(up))
			snprintf(dir, sizeof(dir), "%s", up);
	}
	/* Shortened for messages: /usr/bin/../share/naskah is
	 * /usr/share/naskah. */
	char real[PATH_MAX];
	if (realpath(dir, real) != NULL)
		snprintf(buf, n, "%s", real);
	else
		snprintf(buf, n, "%s", dir);
	return buf;
}
