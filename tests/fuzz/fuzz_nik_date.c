/* fuzz_nik_date.c -- libFuzzer: any bytes, as a C string, through the
 * parsers of the register row (date, time, month, NIK, KK, count); what they
 * accept must be well-formed and survive a round trip through the writers. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "fmt.h"
#include "nik.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)	do { if (!(x)) abort(); } while (0)

static void
dates(const char *s)
{
	struct date d, d2;
	char buf[64];
	int mins, y, m;

	if (date_parse(s, &d) == 0) {
		CHECK(date_valid(d.y, d.m, d.d));
		date_iso(&d, buf, sizeof(buf));
		CHECK(date_parse(buf, &d2) == 0 && date_cmp(&d, &d2) == 0);
		date_format_id(&d, buf, sizeof(buf));
		CHECK(strstr(buf, date_month_id(d.m)) != NULL);
		d2 = d;
		d2.d = 1;
		CHECK(date_days(&d) - date_days(&d2) == d.d - 1);
	}
	if (date_parse_hhmm(s, &mins) == 0)
		CHECK(mins >= 0 && mins < 24 * 60);
	if (date_parse_month(s, &y, &m) == 0)
		CHECK(date_valid(y, m, 1));
}

static void
niks(const char *s)
{
	static const int ref[] = { 1999, 2000, 2025, 2099 };
	struct nik n;
	int st;

	for (size_t i = 0; i < sizeof(ref) / sizeof(ref[0]); i++) {
		st = nik_parse(s, ref[i], &n);
		CHECK(st >= NIK_OK && st <= NIK_SERIAL);
		CHECK(nik_strerror(st) != NULL);
		if (st != NIK_OK)
			continue;
		CHECK(strlen(n.region) == 6 &&
		    strspn(n.region, "0123456789") == 6);
		CHECK(date_valid(n.birth.y, n.birth.m, n.birth.d));
		CHECK(n.birth.y <= ref[i]);
		CHECK(n.female == 0 || n.female == 1);
		CHECK(n.serial >= 1 && n.serial <= 9999);
		/* Every valid NIK is also a well-formed KK number. */
		CHECK(nik_check_kk(s) == NIK_OK);
	}
	st = nik_check_kk(s);
	CHECK(st >= NIK_OK && st <= NIK_SERIAL && st != NIK_BIRTHDATE);
}

static void
counts(const char *s)
{
	char buf[64];
	uint64_t v, v2;

	if (fmt_parse_count(s, &v) != 0)
		return;
	/* The grouped form we print must read back as the same number. */
	fmt_thousands(v, buf, sizeof(buf));
	CHECK(fmt_parse_count(buf, &v2) == 0 && v2 == v);
	fmt_rupiah(v, buf, sizeof(buf));
	fmt_percent(v, v / 3 + 1, buf, sizeof(buf));
	CHECK(strchr(buf, '%') != NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	dates(s);
	niks(s);
	counts(s);
	free(s);
	return 0;
}
