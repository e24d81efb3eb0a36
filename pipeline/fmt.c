/* fmt.c -- Indonesian number formats, in integers only: money must not pick
 * up binary rounding, and the C locale's "1,250,000.00" is what the
 * reports must never show. */
#include <stdio.h>
#include <string.h>

#include "fmt.h"

/* Digits of v, most significant first; returns their count (<= 20). */
static size_t
digits(uint64_t v, char d[21])
{
	char rev[20];
	size_t n = 0;

	do {
		rev[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	for (size_t i = 0; i < n; i++)
		d[i] = rev[n - 1 - i];
	d[n] = '\0';
	return n;
}

/* A digit string with dots every three from the right; out holds at least
 * n + n/3 + 1 bytes. */
static void
group(const char *d, size_t n, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = '.';
		out[o++] = d[i];
	}
	out[o] = '\0';
}

void
fmt_thousands(uint64_t v, char *buf, size_t sz)
{
	char d[21], g[28];

	group(d, digits(v, d), g);
	snprintf(buf, sz, "%s", g);
}

void
fmt_rupiah(uint64_t v, char *buf, size_t sz)
{
	char g[28];

	fmt_thousands(v, g, sizeof(g));
	snprintf(buf, sz, "Rp %s,00", g);
}

void
fmt_rupiah_short(uint64_t v, char *buf, size_t sz)
{
	char g[28];

	fmt_thousands(v, g, sizeof(g));
	snprintf(buf, sz, "Rp %s", g);
}

/* 10*r = q*den + *r for r < den, by ten additions mod den: the product
 * itself may not fit in 64 bits when den is large. */
static unsigned
next_digit(uint64_t *r, uint64_t den)
{
	uint64_t acc = 0, gap = den - *r;
	unsigned q = 0;

	for (int i = 0; i < 10; i++) {
		if (acc >= gap) {
			acc -= gap;
			q++;
		} else
			acc += *r;
	}
	*r = acc;
	return q;
}

void
fmt_percent(uint64_t num, uint64_t den, char *buf, size_t sz)
{
	uint64_t whole, r;
	unsigned frac = 0;	/* ten-thousandths of the ratio */
	char d[24], g[32];
	size_t n;

	if (den == 0) {
		snprintf(buf, sz, "-");
		return;
	}
	whole = num / den;
	r = num % den;
	for (int i = 0; i < 4; i++)
		frac = frac * 10 + next_digit(&r, den);
	/* Half up: the rest of the fraction is r/den, at least a half when
	 * r >= den - r (no 2*r, which could overflow). */
	if (r >= den - r && ++frac == 10000) {
		frac = 0;
		whole++;	/* whole < UINT64_MAX here, since r != 0 */
	}
	/* 100*whole may not fit: append the two percent digits as text. */
	if (whole == 0)
		n = (size_t)snprintf(d, sizeof(d), "%u", frac / 100);
	else {
		n = digits(whole, d);
		n += (size_t)snprintf(d + n, sizeof(d) - n, "%02u",
		    frac / 100);
	}
	group(d, n, g);
	snprintf(buf, sz, "%s,%02u%%", g, frac % 100);
}

int
fmt_parse_count(const char *s, uint64_t *out)
{
	const char *p, *end;
	uint64_t v = 0;
	int grouped = 0;
	size_t run = 0;		/* digits since the start or the last dot */

	if (s == NULL)
		return -1;
	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (s == end)
		return -1;
	for (p = s; p < end; p++) {
		if (*p == '.') {
			/* The first group has 1-3 digits, each later one 3. */
			if (run == 0 || run > 3 || (grouped && run != 3))
				return -1;
			grouped = 1;
			run = 0;
			continue;
		}
		if (*p < '0' || *p > '9')
			return -1;
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
		run++;
	}
	if (grouped && run != 3)
		return -1;
	/* "0.100" or "01.000" groups nothing a person would write. */
	if (grouped && *s == '0')
		return -1;
	if (out != NULL)
		*out = v;
	return 0;
}

const char *
fmt_roman(int n)
{
	static const char *const roman[12] = {
		"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
		"XI", "XII"
	};

	return n >= 1 && n <= 12 ? roman[n - 1] : NULL;
}
