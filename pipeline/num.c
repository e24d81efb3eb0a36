/* num.c -- expand a numbering format.  Placeholders: {kode}, {urut} or
 * {urut:0N} (zero-padded to N), {unit}, {tahun}, {bulan} (01-12) and
 * {bulan_romawi} (I-XII); any other text is copied as it is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "num.h"

int
num_format(const char *fmt, const struct num_vars *v, char *out, size_t sz,
    struct nerr *e)
{
	size_t n = 0;
	int urut_seen = 0;

	for (const char *p = fmt; *p; ) {
		char piece[64];
		const char *val = piece;

		if (*p != '{') {
			if (n + 1 >= sz)
				goto full;
			out[n++] = *p++;
			continue;
		}
		const char *end = strchr(p, '}');
		size_t len = end ? (size_t)(end - p - 1) : 0;
		if (end == NULL || len == 0 || len >= 32) {
			nerr_set(e, EX_CONFIG, NULL, 0, p - fmt + 1,
			    "numbering format \"%s\": unclosed or empty {", fmt);
			return -1;
		}
		char key[32];
		memcpy(key, p + 1, len);
		key[len] = '\0';
		if (!strcmp(key, "kode"))
			val = v->kode ? v->kode : "";
		else if (!strcmp(key, "unit"))
			val = v->unit ? v->unit : "";
		else if (!strcmp(key, "tahun"))
			snprintf(piece, sizeof(piece), "%04d", v->tahun);
		else if (!strcmp(key, "bulan"))
			snprintf(piece, sizeof(piece), "%02d", v->bulan);
		else if (!strcmp(key, "bulan_romawi"))
			val = fmt_roman(v->bulan) ? fmt_roman(v->bulan) : "";
		else if (!strcmp(key, "urut"))
			snprintf(piece, sizeof(piece), "%ld", v->urut),
			urut_seen = 1;
		else if (!strncmp(key, "urut:0", 6) && key[6] >= '1' &&
		    key[6] <= '9' && key[7] == '\0')
			snprintf(piece, sizeof(piece), "%0*ld", key[6] - '0',
			    v->urut), urut_seen = 1;
		else {
			nerr_set(e, EX_CONFIG, NULL, 0, p - fmt + 1,
			    "numbering format \"%s\": unknown {%s}", fmt, key);
			return -1;
		}
		size_t vl = strlen(val);
		if (n + vl + 1 > sz)
			goto full;
		memcpy(out + n, val, vl);
		n += vl;
		p = end + 1;
	}
	/* Without the sequence two letters would share a number. */
	if (!urut_seen) {
		nerr_set(e, EX_CONFIG, NULL, 0, 0,
		    "numbering format \"%s\" has no {urut}", fmt);
		return -1;
	}
	out[n] = '\0';
	return 0;
full:
	nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "letter number too long");
	return -1;
}

int
num_check(const char *fmt, struct nerr *e)
{
	struct num_vars v = { "000", 1, "000", 2025, 1 };
	char buf[256];

	return num_format(fmt, &v, buf, sizeof(buf), e);
}
