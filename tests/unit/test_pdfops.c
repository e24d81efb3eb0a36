/* test_pdfops.c -- the PDF device writes its hot operators itself (pdf.c
 * text_out): its numbers must be the bytes libharu's HPDF_FToA writes, so
 * that a document is the same file as when libharu wrote them. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <hpdf.h>

#include "pdf.h"

/* libharu's own, exported but not in its public headers. */
extern char	*HPDF_FToA(char *s, HPDF_REAL val, char *eptr);

static int
same(float v)
{
	char a[64], b[64], *ea, *eb;

	memset(a, 0, sizeof(a));
	ea = HPDF_FToA(a, v, a + sizeof(a) - 1);
	eb = pdf_fmt_real(b, v);
	if (strcmp(a, b) != 0 || ea - a != eb - b) {
		print_error("%.9g: libharu \"%s\", pdf_fmt_real \"%s\"\n",
		    (double)v, a, b);
		return 0;
	}
	return 1;
}

static void
test_fmt_real(void **state)
{
	static const float special[] = { 0.0f, -0.0f, 1e-7f, -1e-7f,
	    -0.000004f, 0.000004f, 0.999996f, 0.99999f, 1.0f, -1.0f, 10.0f,
	    100.5f, 595.28f, 841.89f, 32767.0f, 32767.5f, 40000.0f, -32767.0f,
	    -40000.0f, 1e9f, -1e9f, 0.1f, 0.05f, 0.00001f, 12.345678f };
	uint32_t r = 12345;
	size_t bad = 0, n = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(special) / sizeof(*special); i++, n++)
		bad += !same(special[i]);
	/* Every position layout writes (0.01 pt steps, as q2 rounds). */
	for (int i = -100000; i <= 100000; i++, n++)
		bad += !same(roundf((float)i) / 100.0f);
	/* Near every integer, both sides of the 0.000005 carry. */
	for (int i = 0; i < 2000; i++, n += 4) {
		bad += !same((float)i - 0.000004f);
		bad += !same((float)i + 0.000004f);
		bad += !same(-(float)i - 0.000006f);
		bad += !same(nextafterf((float)i, 0));
	}
	for (int i = 0; i < 200000; i++, n++) {
		r = r * 1664525u + 1013904223u;
		bad += !same(((float)(r >> 8) / (float)(1u << 24) - 0.5f) *
		    80000.0f);
	}
	if (bad != 0)
		fail_msg("%zu of %zu numbers differ from libharu's", bad, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fmt_real),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
