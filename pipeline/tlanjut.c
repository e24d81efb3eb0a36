/* tlanjut.c -- reads tindak-lanjut/YYYY-MM-DD.csv: the header's columns
 * by name (any order, any case), then each row checked for form alone,
 * so that one bad row costs only itself. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "enc.h"
#include "tlanjut.h"
#include "xmem.h"

static const char *const names[TL__MAX] = {
	"no_register", "tahun", "langkah", "tanggal", "jam", "petugas",
	"catatan", "hasil"
};
static const int required[TL__MAX] = { 1, 0, 1, 1, 1, 0, 0, 0 };
/* Longest value in bytes: register numbers as fields.xml allows them,
 * a note of a few paragraphs. */
static const size_t maxlen[TL__MAX] = { 40, 4, 4, 10, 5, 200, 2000, 20 };

struct tl {
	struct csvr	*c;
	char		 name[512];
	int		 map[TL__MAX];
	struct nerr	*warn;
	size_t		 nwarn;
};

const char *
tl_colname(enum tl_col c)
{
	return c < TL__MAX ? names[c] : "?";
}

static void
warn_add(struct tl *t, const struct nerr *w)
{
	t->warn = xrealloc(t->warn, (t->nwarn + 1) * sizeof(*t->warn));
	t->warn[t->nwarn++] = *w;
}

static struct tl *
tl_start(struct csvr *c, const char *name, struct nerr *e)
{
	struct tl *t;
	struct nerr w = { 0 };

	if (c == NULL)
		return NULL;
	t = xcalloc(1, sizeof(*t));
	t->c = c;
	snprintf(t->name, sizeof(t->name), "%s", name);
	for (int i = 0; i < TL__MAX; i++) {
		t->map[i] = csvr_col(c, names[i]);
		if (t->map[i] < 0 && required[i]) {
			nerr_set(e, EX_DATAERR, name, 1, 0, "missing required "
			    "column \"%s\"; the file is refused", names[i]);
			tl_close(t);
			return NULL;
		}
	}
	for (size_t i = 0; csvr_warning(c, i) != NULL; i++)
		warn_add(t, csvr_warning(c, i));
	for (size_t i = 0; i < csvr_ncols(c); i++) {
		int known = 0;

		for (int j = 0; j < TL__MAX; j++)
			known |= t->map[j] == (int)i;
		if (!known) {
			nerr_set(&w, 0, name, 1, (long)i + 1, "unknown column "
			    "\"%s\" ignored", csvr_colname(c, i));
			warn_add(t, &w);
		}
	}
	return t;
}

struct tl *
tl_open(const char *path, struct nerr *e)
{
	return tl_start(csvr_open(path, e), path, e);
}

struct tl *
tl_open_mem(const char *name, const char *buf, size_t len, struct nerr *e)
{
	return tl_start(csvr_open_mem(name, buf, len, e), name, e);
}

const struct nerr *
tl_warning(const struct tl *t, size_t i)
{
	return i < t->nwarn ? &t->warn[i] : NULL;
}

void
tl_close(struct tl *t)
{
	if (t == NULL)
		return;
	csvr_close(t->c);
	free(t->warn);
	free(t);
}

/* A whole number of at most 4 digits, nothing else; -1 otherwise. */
static int
small_int(const char *s)
{
	int v = 0;

	if (*s == '\0' || strlen(s) > 4)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

static int
bad(struct tl *t, const struct tl_row *r, enum tl_col c, struct nerr *e,
    const char *why)
{
	nerr_set(e, EX_DATAERR, t->name, r->line, r->col[c], "%s: \"%.40s\"%s "
	    "%s", names[c], r->v[c], strlen(r->v[c]) > 40 ? "..." : "", why);
	return -1;
}

int
tl_next(struct tl *t, struct tl_row *r, struct nerr *e)
{
	struct csvr_row row;
	int rc;

	if ((rc = csvr_next(t->c, &row, e)) != 1)
		return rc;
	memset(r, 0, sizeof(*r));
	r->line = row.line;
	for (int i = 0; i < TL__MAX; i++) {
		r->v[i] = t->map[i] >= 0 ? row.fields[t->map[i]] : "";
		r->col[i] = t->map[i] + 1;
		if (strlen(r->v[i]) > maxlen[i]) {
			char why[64];

			snprintf(why, sizeof(why), "is longer than %zu bytes",
			    maxlen[i]);
			return bad(t, r, (enum tl_col)i, e, why);
		}
	}
	for (int i = 0; i < TL__MAX; i++) {
		size_t off = 0;
		unsigned long cp = 0;
		char why[160];

		/* A note the outcome letter prints must be printable, or the
		 * complaint could never close. */
		if (enc_winansi_ok(r->v[i], &off, &cp) != 1) {
			snprintf(why, sizeof(why), "has character U+%04lX at byte "
			    "%zu cannot be printed (not in the Latin/"
			    "Windows-1252 repertoire of the letter font)", cp,
			    off + 1);
			return bad(t, r, (enum tl_col)i, e, why);
		}
	}
	if (r->v[TL_NO_REGISTER][0] == '\0')
		return bad(t, r, TL_NO_REGISTER, e, "is empty");
	if ((r->langkah = small_int(r->v[TL_LANGKAH])) <= 0)
		return bad(t, r, TL_LANGKAH, e, "is not a step number");
	if (date_parse(r->v[TL_TANGGAL], &r->tanggal) != 0)
		return bad(t, r, TL_TANGGAL, e, "is not a date (use YYYY-MM-DD, "
		    "DD/MM/YYYY or DD-MM-YYYY)");
	if (date_parse_hhmm(r->v[TL_JAM], &r->menit) != 0)
		return bad(t, r, TL_JAM, e, "is not a time HH:MM");
	r->tahun = r->tanggal.y;
	if (r->v[TL_TAHUN][0] != '\0' &&
	    ((r->tahun = small_int(r->v[TL_TAHUN])) < 1900 || r->tahun > 2199))
		return bad(t, r, TL_TAHUN, e, "is not a year");
	if (r->v[TL_HASIL][0] != '\0' &&
	    strcmp(r->v[TL_HASIL], "musyawarah") != 0 &&
	    strcmp(r->v[TL_HASIL], "jalur_hukum") != 0)
		return bad(t, r, TL_HASIL, e, "is not musyawarah or "
		    "jalur_hukum");
	return 1;
}
