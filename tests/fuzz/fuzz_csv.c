/* fuzz_csv.c -- libFuzzer: any bytes through the CSV reader, drained to
 * the end.  Beyond not crashing, what it hands out must hold: rows as wide
 * as the header, lengths that match, strict UTF-8 (whatever the input's
 * encoding), rising line numbers. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)	do { if (!(x)) abort(); } while (0)

/* Independent of the reader's own checker: decode and re-check ranges. */
static int
utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned long cp;
		size_t k;

		if (s[i] == 0)
			return 0;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xE0) == 0xC0) {
			k = 1;
			cp = s[i] & 0x1F;
		} else if ((s[i] & 0xF0) == 0xE0) {
			k = 2;
			cp = s[i] & 0x0F;
		} else if ((s[i] & 0xF8) == 0xF0) {
			k = 3;
			cp = s[i] & 0x07;
		} else
			return 0;
		if (i + k >= n)
			return 0;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + j] & 0x3F);
		}
		if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) ||
		    (k == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += k + 1;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nerr e;
	struct csvr *r;
	struct csvr_row row;
	long last = 0;
	size_t calls = 0;
	int rc;

	memset(&e, 0, sizeof(e));
	if ((r = csvr_open_mem("fuzz.csv", (const char *)data, size, &e)) ==
	    NULL) {
		CHECK(e.status != 0 && e.msg[0] != '\0');
		return 0;
	}
	CHECK(csvr_delim(r) == ',' || csvr_delim(r) == ';' ||
	    csvr_delim(r) == '\t');
	CHECK(csvr_ncols(r) > 0);
	for (size_t i = 0; csvr_warning(r, i) != NULL; i++) {
		const struct nerr *w = csvr_warning(r, i);

		CHECK(i < 2 && w->status == 0 && w->msg[0] != '\0');
		CHECK(w->line >= 1 && w->col >= 1);
	}
	for (size_t i = 0; i < csvr_ncols(r); i++) {
		const char *c = csvr_colname(r, i);

		CHECK(c != NULL);
		CHECK(csvr_col(r, c) == (int)i);
		CHECK(utf8_ok((const unsigned char *)c, strlen(c)));
	}
	CHECK(csvr_colname(r, csvr_ncols(r)) == NULL);
	while ((rc = csvr_next(r, &row, &e)) != 0) {
		/* Every call eats at least one byte, and no byte is read
		 * more than 16 times again (csvr.c's RESCAN) after rows that
		 * ran over the lines after them. */
		CHECK(++calls <= 17 * size + 65536 + 1);
		CHECK(rc == 1 || rc == -1);
		if (rc == -1) {
			CHECK(e.line >= 1 && e.msg[0] != '\0');
			CHECK(e.status == EX_DATAERR);
			continue;
		}
		CHECK(row.line >= last);	/* "a\rb" is two rows on one line */
		last = row.line;
		CHECK(row.nfields == csvr_ncols(r));
		for (size_t i = 0; i < row.nfields; i++) {
			CHECK(strlen(row.fields[i]) == row.lens[i]);
			/* Converted text grows: a Windows-1252 byte or a
			 * UTF-16 unit is at most 3 bytes of UTF-8. */
			CHECK(row.lens[i] <= 3 * size);
			CHECK(utf8_ok((const unsigned char *)row.fields[i],
			    row.lens[i]));
		}
	}
	csvr_close(r);
	return 0;
}
