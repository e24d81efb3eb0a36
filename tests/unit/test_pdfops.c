/* test_pdfops.c -- the PDF device writes its hot operators itself (pdf.c
 * text_out): its numbers must be the bytes libharu's HPDF_FToA writes, so
 * that a document is the same file as when libharu wrote them; and it
 * deflates a QR code's image itself (pdf_qr_deflate), which zlib must
 * read back. */
#define _GNU_SOURCE		/* RTLD_DEFAULT */
#include <dlfcn.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <hpdf.h>
#include <zlib.h>

#include "pdf.h"

/* libharu's own, exported but not in its public headers. */
extern char	*HPDF_FToA(char *s, HPDF_REAL val, char *eptr);
extern HPDF_BYTE *HPDF_MemCpy(HPDF_BYTE *, const HPDF_BYTE *, HPDF_UINT);
extern void	*HPDF_MemSet(void *, HPDF_BYTE, HPDF_UINT);
extern HPDF_UINT HPDF_StrLen(const char *, HPDF_INT);
extern HPDF_BYTE *HPDF_StrCpy(char *, const char *, char *);

/* libharu's own HPDF_FToA (pdf.c's is the one the process finds). */
static char	*(*haru_ftoa)(char *, HPDF_REAL, char *);

static int
same(float v)
{
	/* pdf.c's HPDF_FToA, also where libharu's buffer is short: its
	 * Stream_WriteReal's 12 bytes (eptr at 11), and shorter */
	static const int room[] = { 63, 11, 7, 3 };
	char a[64], b[64], c[64], *ea, *eb, *ec;

	memset(a, 0, sizeof(a));
	ea = haru_ftoa(a, v, a + sizeof(a) - 1);
	eb = pdf_fmt_real(b, v);
	if (strcmp(a, b) != 0 || ea - a != eb - b) {
		print_error("%.9g: libharu \"%s\", pdf_fmt_real \"%s\"\n",
		    (double)v, a, b);
		return 0;
	}
	for (size_t i = 0; i < sizeof(room) / sizeof(*room); i++) {
		int past = 0;	/* bytes written after eptr */

		memset(a, 'x', sizeof(a));
		memset(c, 'x', sizeof(c));
		ea = haru_ftoa(a, v, a + room[i]);
		ec = HPDF_FToA(c, v, c + room[i]);
		for (size_t k = (size_t)room[i] + 1; k < sizeof(c); k++)
			past += c[k] != 'x';
		if (ea - a != ec - c || memcmp(a, c, (size_t)(ea - a)) != 0 ||
		    past != 0) {
			print_error("%.9g, eptr at %d: libharu \"%.*s\", "
			    "HPDF_FToA \"%.*s\"\n", (double)v, room[i],
			    (int)(ea - a), a, (int)(ec - c), c);
			return 0;
		}
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

/* pdf_qr_deflate's stream inflates to the image, for every QR code size
 * (21 to 177 modules) with random modules, all dark and all light. */
static void
test_qr_deflate(void **state)
{
	uint32_t r = 99;

	(void)state;
	for (int width = 21; width <= 177; width += 4) {
		for (int fill = 0; fill < 3; fill++) {
			size_t w = (size_t)width * 4, row = (w + 7) / 8;
			size_t n = row * w;
			unsigned char *img = malloc(n), *z = malloc(n + 64);
			unsigned char *back = malloc(n + 1);
			uLongf nb = n + 1;
			size_t nz;

			for (int y = 0; y < width; y++) {
				unsigned char *o = img + (size_t)y * 4 * row;

				for (int c = 0; c < width; c += 2) {
					int d0, d1;

					r = r * 1664525u + 1013904223u;
					d0 = fill == 2 ? (int)((r >> 20) & 1) : fill;
					d1 = fill == 2 ? (int)((r >> 21) & 1) : fill;
					o[c / 2] = (unsigned char)((d0 ? 0 :
					    0xf0) | (c + 1 < width && d1 ? 0 :
					    0x0f));
				}
				for (int k = 1; k < 4; k++)
					memcpy(o + (size_t)k * row, o, row);
			}
			nz = pdf_qr_deflate(img, row, w, z);
			assert_true(nz > 0 && nz <= n + 64);
			if (uncompress(back, &nb, z, nz) != Z_OK)
				fail_msg("width %d fill %d: not a zlib stream",
				    width, fill);
			assert_int_equal(nb, n);
			assert_memory_equal(back, img, n);
			free(img);
			free(z);
			free(back);
		}
	}
}

/* pdf.c's HPDF_MemCpy, HPDF_MemSet and HPDF_StrLen are the definitions
 * the process's symbol lookup finds first, so libharu's calls through its
 * PLT reach them, and they return what libharu's return. */
static void
test_interposed(void **state)
{
	unsigned char a[16], b[16];
	const char *names[] = { "HPDF_MemCpy", "HPDF_MemSet", "HPDF_StrLen",
	    "HPDF_FToA", "HPDF_StrCpy" };
	void *ours[] = { (void *)HPDF_MemCpy, (void *)HPDF_MemSet,
	    (void *)HPDF_StrLen, (void *)HPDF_FToA, (void *)HPDF_StrCpy };
	char s[8];

	(void)state;
	for (int i = 0; i < 5; i++)
		if (dlsym(RTLD_DEFAULT, names[i]) != ours[i])
			fail_msg("%s: libharu reaches its own, not pdf.c's",
			    names[i]);
	memset(b, 7, sizeof(b));
	assert_ptr_equal(HPDF_MemSet(a, 3, 5), a + 5);
	assert_ptr_equal(HPDF_MemCpy(a + 5, b, 4), a + 9);
	assert_int_equal(a[4], 3);
	assert_int_equal(a[8], 7);
	assert_int_equal(HPDF_StrLen("abcdef", 4), 4);
	assert_int_equal(HPDF_StrLen("abc", -1), 3);
	assert_int_equal(HPDF_StrLen(NULL, -1), 0);
	/* libharu's StrCpy: at most eptr - out bytes, then a NUL */
	assert_ptr_equal(HPDF_StrCpy(s, "abcdef", s + 4), (HPDF_BYTE *)s + 4);
	assert_string_equal(s, "abcd");
	assert_ptr_equal(HPDF_StrCpy(s, "ab", s + 7), (HPDF_BYTE *)s + 2);
	assert_string_equal(s, "ab");
	assert_ptr_equal(HPDF_StrCpy(s, NULL, s + 7), (HPDF_BYTE *)s);
	assert_string_equal(s, "");
	assert_ptr_equal(HPDF_StrCpy(s, "ab", s), (HPDF_BYTE *)s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fmt_real),
		cmocka_unit_test(test_qr_deflate),
		cmocka_unit_test(test_interposed),
	};

	if ((haru_ftoa = (char *(*)(char *, HPDF_REAL, char *))dlsym(RTLD_NEXT,
	    "HPDF_FToA")) == NULL) {
		fprintf(stderr, "test_pdfops: libharu's HPDF_FToA: %s\n",
		    dlerror());
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
