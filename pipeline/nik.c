/* nik.c -- NIK and nomor KK structure (domain.md, "Identity numbers").
 * Only the structure can be checked offline; a well-formed number may
 * still belong to no one. */
#include <string.h>

#include "nik.h"

#define NIK_LEN		16

/* The digits of s without surrounding blanks, or an error status: a
 * non-digit is named before the length, so "3503-1352-..." is reported as
 * the stray character it has rather than as "too long". */
static int
digits16(const char *s, const char **start)
{
	size_t n;

	if (s == NULL)
		return NIK_LENGTH;
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return NIK_DIGITS;
	if (n != NIK_LEN)
		return NIK_LENGTH;
	*start = s;
	return NIK_OK;
}

static int
dec(const char *p, int n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*p++ - '0');
	return v;
}

int
nik_parse(const char *s, int ref_year, struct nik *out)
{
	const char *p = NULL;
	struct date b;
	int st, female = 0, serial;

	if ((st = digits16(s, &p)) != NIK_OK)
		return st;
	b.d = dec(p + 6, 2);
	b.m = dec(p + 8, 2);
	b.y = 2000 + dec(p + 10, 2);
	if (b.y > ref_year)
		b.y -= 100;
	if (b.d > 40) {
		b.d -= 40;
		female = 1;
	}
	if (!date_valid(b.y, b.m, b.d))
		return NIK_BIRTHDATE;
	if ((serial = dec(p + 12, 4)) == 0)
		return NIK_SERIAL;
	if (out != NULL) {
		memcpy(out->region, p, 6);
		out->region[6] = '\0';
		out->birth = b;
		out->female = female;
		out->serial = serial;
	}
	return NIK_OK;
}

const char *
nik_strerror(int status)
{
	switch (status) {
	case NIK_OK:
		return "valid";
	case NIK_LENGTH:
		return "wrong length (must be 16 digits)";
	case NIK_DIGITS:
		return "not all digits (must be 16 digits 0-9)";
	case NIK_BIRTHDATE:
		return "digits 7-12 are not a birth date DDMMYY (day plus 40 "
		    "for women)";
	case NIK_SERIAL:
		return "serial number (digits 13-16) is 0000";
	default:
		return "unknown NIK error";
	}
}

int
nik_check_kk(const char *s)
{
	const char *p = NULL;
	int st;

	if ((st = digits16(s, &p)) != NIK_OK)
		return st;
	return dec(p + 12, 4) == 0 ? NIK_SERIAL : NIK_OK;
}
