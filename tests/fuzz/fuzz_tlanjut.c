/* fuzz_tlanjut.c -- libFuzzer: any bytes as a tindak-lanjut/ follow-up
 * file.  The reader must never overrun, must hand out only rows whose
 * form is right (a step number, a real date, a time of day, an outcome
 * that is one of the two or none), every value printable in the letter
 * font, and every refusal must name its line. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "enc.h"
#include "tlanjut.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)	do { if (!(x)) abort(); } while (0)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nerr e = { 0 };
	struct tl_row r;
	struct tl *t;
	long last = 0;
	int rc, n = 0;

	t = tl_open_mem("fuzz.csv", (const char *)data, size, &e);
	if (t == NULL) {
		CHECK(e.status != 0);
		CHECK(memchr(e.msg, '\0', sizeof(e.msg)) != NULL);
		return 0;
	}
	for (size_t i = 0; tl_warning(t, i) != NULL; i++)
		CHECK(memchr(tl_warning(t, i)->msg, '\0', sizeof(e.msg)));
	while ((rc = tl_next(t, &r, &e)) != 0 && n++ < 100000) {
		CHECK(rc == 1 || rc == -1 || rc == -2);
		if (rc == -2)
			break;
		if (rc == -1) {
			CHECK(e.status == EX_DATAERR || e.status != 0);
			CHECK(e.line > 0);
			continue;
		}
		CHECK(r.line > last);
		last = r.line;
		CHECK(r.langkah > 0 && r.langkah <= 9999);
		CHECK(date_valid(r.tanggal.y, r.tanggal.m, r.tanggal.d));
		CHECK(r.menit >= 0 && r.menit < 24 * 60);
		CHECK(r.tahun >= 1900 && r.tahun <= 2199);
		CHECK(r.v[TL_NO_REGISTER][0] != '\0');
		CHECK(r.v[TL_HASIL][0] == '\0' ||
		    strcmp(r.v[TL_HASIL], "musyawarah") == 0 ||
		    strcmp(r.v[TL_HASIL], "jalur_hukum") == 0);
		for (int i = 0; i < TL__MAX; i++)
			CHECK(enc_winansi_ok(r.v[i], NULL, NULL));
	}
	tl_close(t);
	return 0;
}
