/* test_enc.c -- strict UTF-8 and the Windows-1252 repertoire of the letter
 * fonts: what converts, what is refused, and at which byte; and the
 * encodings of CSV inputs: byte-order marks, telling UTF-8 from
 * Windows-1252 from neither, and UTF-16 and Windows-1252 to UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "enc.h"

/* Expects s to convert to the bytes want. */
static void
converts(const char *s, const char *want)
{
	char out[256];
	size_t off = 999;
	unsigned long cp = 999;
	int rc;

	rc = enc_to_winansi(s, out, sizeof(out), &off, &cp);
	if (rc != 0)
		fail_msg("\"%s\": rc %d at %zu U+%04lX", s, rc, off, cp);
	if (strcmp(out, want) != 0)
		fail_msg("\"%s\" converted wrong", s);
	assert_int_equal(enc_winansi_ok(s, NULL, NULL), 1);
}

/* Expects s to be refused with rc at byte off, code point cp, having
 * converted the prefix want_out. */
static void
refused_after(const char *s, int want_rc, size_t want_off,
    unsigned long want_cp, const char *want_out)
{
	char out[256];
	size_t off = 999, off2 = 999;
	unsigned long cp = 999, cp2 = 999;
	int rc;

	rc = enc_to_winansi(s, out, sizeof(out), &off, &cp);
	if (rc != want_rc || off != want_off || cp != want_cp)
		fail_msg("rc %d off %zu U+%04lX, want rc %d off %zu U+%04lX",
		    rc, off, cp, want_rc, want_off, want_cp);
	/* What came before the bad character is kept, terminated. */
	assert_string_equal(out, want_out);
	assert_int_equal(enc_winansi_ok(s, &off2, &cp2), 0);
	assert_int_equal(off2, want_off);
	assert_int_equal(cp2, want_cp);
}

/* The same for an ASCII prefix, which converts to itself. */
static void
refused(const char *s, int want_rc, size_t want_off, unsigned long want_cp)
{
	char prefix[256];

	snprintf(prefix, sizeof(prefix), "%.*s", (int)want_off, s);
	refused_after(s, want_rc, want_off, want_cp, prefix);
}

static void
invalid_at(const char *s, size_t len, size_t want)
{
	size_t off = 999;

	if (enc_utf8_valid(s, len, &off) != 0)
		fail_msg("accepted, want bad byte at %zu", want);
	if (off != want)
		fail_msg("bad byte at %zu, want %zu", off, want);
	assert_int_equal(enc_utf8_valid(s, len, NULL), 0);
}

static void
valid(const char *s, size_t len)
{
	size_t off = 999;

	assert_int_equal(enc_utf8_valid(s, len, &off), 1);
	assert_int_equal(off, 999);
}

static void
t_valid(void **state)
{
	(void)state;
	valid("", 0);
	valid("abc", 3);
	valid("caf\xc3\xa9", 5);
	valid("\xc2\x80", 2);				/* U+0080, shortest 2 */
	valid("\xdf\xbf", 2);				/* U+07FF */
	valid("\xe0\xa0\x80", 3);			/* U+0800 */
	valid("\xed\x9f\xbf", 3);			/* U+D7FF */
	valid("\xee\x80\x80", 3);			/* U+E000 */
	valid("\xef\xbf\xbf", 3);			/* U+FFFF */
	valid("\xf0\x90\x80\x80", 4);			/* U+10000 */
	valid("\xf4\x8f\xbf\xbf", 4);			/* U+10FFFF */
	valid("\xf0\x9f\x98\x80", 4);			/* emoji */
	/* len, not NUL, ends the input. */
	valid("ab\xc3\xa9zz", 4);
}

static void
t_invalid(void **state)
{
	(void)state;
	invalid_at("\x80", 1, 0);			/* lone continuation */
	invalid_at("ab\xbf", 3, 2);
	invalid_at("abc\xc3", 4, 3);			/* truncated at end */
	invalid_at("\xc3\xa9\xc3(", 4, 2);		/* truncated mid */
	invalid_at("\xe2\x82", 2, 0);
	invalid_at("\xe2\x82x", 3, 0);
	invalid_at("\xf0\x9f\x98", 3, 0);
	invalid_at("\xc0\x80", 2, 0);			/* overlong NUL */
	invalid_at("\xc1\xbf", 2, 0);			/* overlong 2-byte */
	invalid_at("x\xc0\xaf", 3, 1);			/* overlong '/' */
	invalid_at("\xe0\x80\xaf", 3, 0);		/* overlong 3-byte */
	invalid_at("\xe0\x9f\xbf", 3, 0);		/* overlong U+07FF */
	invalid_at("\xf0\x80\x80\xaf", 4, 0);		/* overlong 4-byte */
	invalid_at("\xf0\x8f\xbf\xbf", 4, 0);		/* overlong U+FFFF */
	invalid_at("\xed\xa0\x80", 3, 0);		/* surrogate D800 */
	invalid_at("ok\xed\xbf\xbf", 5, 2);		/* surrogate DFFF */
	invalid_at("\xf4\x90\x80\x80", 4, 0);		/* U+110000 */
	invalid_at("\xf5\x80\x80\x80", 4, 0);
	invalid_at("\xf8\x88\x80\x80\x80", 5, 0);	/* 5-byte form */
	invalid_at("\xfe", 1, 0);
	invalid_at("\xff", 1, 0);
	invalid_at("ab\0cd", 5, 2);			/* NUL */
	invalid_at("\xc3\xa9\xe2\x82\xac\xe2\x28\xa1", 8, 5);
}

static void
t_convert(void **state)
{
	char want[8];

	(void)state;
	converts("", "");
	converts("Surat Keterangan No. 470/12/406.13/2025",
	    "Surat Keterangan No. 470/12/406.13/2025");
	converts("Andr\xc3\xa9", "Andr\xe9");			/* é */
	converts("Ma\xe2\x80\x99ruf", "Ma\x92ruf");		/* ’ */
	converts("\xe2\x80\x9cya\xe2\x80\x9d", "\x93ya\x94");	/* “ ” */
	converts("2020\xe2\x80\x93" "2025", "2020\x96" "2025");	/* – */
	converts("\xe2\x80\x94", "\x97");			/* — */
	converts("\xe2\x82\xac 5", "\x80 5");			/* € */
	converts("\xe2\x80\x98\xe2\x80\x9a\xe2\x80\x9e", "\x91\x82\x84");
	converts("\xe2\x80\xa6\xe2\x80\xa0\xe2\x80\xa1\xe2\x80\xb0",
	    "\x85\x86\x87\x89");
	converts("\xcb\x86\xcb\x9c\xe2\x84\xa2\xe2\x80\xa2", "\x88\x98\x99\x95");
	converts("\xc5\xa0\xc5\xa1\xc5\xbd\xc5\xbe\xc5\x92\xc5\x93\xc5\xb8",
	    "\x8a\x9a\x8e\x9e\x8c\x9c\x9f");			/* Š š Ž ž Œ œ Ÿ */
	converts("\xc6\x92\xe2\x80\xb9\xe2\x80\xba", "\x83\x8b\x9b");
	converts("\xc2\xa0\xc2\xa9\xc3\x97\xc3\xbf", "\xa0\xa9\xd7\xff");
	converts("~ !", "~ !");
	/* Separators inside a field become one space each. */
	converts("a\tb\nc", "a b c");
	converts("a\r\nb", "a b");
	converts("a\rb", "a b");
	converts("a\n\nb", "a  b");
	/* Every Latin-1 letter maps to its own byte. */
	for (unsigned c = 0xA0; c <= 0xFF; c++) {
		char in[3] = { (char)(0xC0 | c >> 6), (char)(0x80 | (c & 63)),
		    0 };

		want[0] = (char)c;
		want[1] = '\0';
		converts(in, want);
	}
}

static void
t_refuse(void **state)
{
	(void)state;
	refused("Kurni\xc5\x9f", -1, 5, 0x15F);			/* ş */
	refused("ok \xf0\x9f\x98\x80!", -1, 3, 0x1F600);	/* emoji */
	refused("\xc4\x9f", -1, 0, 0x11F);			/* ğ */
	refused("\xe2\x80\xaf", -1, 0, 0x202F);			/* narrow nbsp */
	refused("a\xc2\x80", -1, 1, 0x80);			/* C1 control */
	refused("\xc2\x81", -1, 0, 0x81);		/* CP1252 holes */
	refused("\xc2\x9d", -1, 0, 0x9D);
	refused("x\x7f", -1, 1, 0x7F);				/* DEL */
	refused("x\x01y", -1, 1, 0x01);				/* control */
	refused("a\x1b[31m", -1, 1, 0x1B);
	refused("\xef\xbf\xbd", -1, 0, 0xFFFD);			/* U+FFFD */
	refused("\xd8\xa7", -1, 0, 0x627);			/* Arabic */
	/* Not UTF-8: -2, and the byte where it broke. */
	refused("caf\xe9", -2, 3, ENC_REPLACEMENT);		/* Latin-1 */
	refused("ab\xc0\xaf", -2, 2, ENC_REPLACEMENT);		/* overlong */
	refused("\xed\xa0\x80", -2, 0, ENC_REPLACEMENT);	/* surrogate */
	refused_after("\xc3\xa9\xe2\x82", -2, 2, ENC_REPLACEMENT, "\xe9");
	refused_after("Andr\xc3\xa9 Kurni\xc5\x9f", -1, 12, 0x15F,
	    "Andr\xe9 Kurni");			/* offset is in the input */
	refused_after("a\r\n\xc5\x9f", -1, 3, 0x15F, "a ");
	/* The first problem is the one named. */
	refused("\xc5\x9f\xff", -1, 0, 0x15F);
	refused("\xff\xc5\x9f", -2, 0, ENC_REPLACEMENT);
}

static void
t_room(void **state)
{
	char out[8];
	size_t off = 999;
	unsigned long cp = 0;

	(void)state;
	/* Exactly enough: the output is never longer than the input. */
	assert_int_equal(enc_to_winansi("Andr\xc3\xa9", out, 6, &off, &cp), 0);
	assert_string_equal(out, "Andr\xe9");
	assert_int_equal(enc_to_winansi("abcdef", out, 7, &off, &cp), 0);
	assert_string_equal(out, "abcdef");
	memset(out, 'x', sizeof(out));
	assert_int_equal(enc_to_winansi("abcdef", out, 6, &off, &cp), -2);
	assert_string_equal(out, "abcde");
	assert_int_equal(off, 5);
	assert_int_equal(cp, 'f');
	assert_int_equal(out[6], 'x');
	memset(out, 'x', sizeof(out));
	assert_int_equal(enc_to_winansi("a", out, 1, NULL, NULL), -2);
	assert_string_equal(out, "");
	assert_int_equal(enc_to_winansi("", out, 1, NULL, NULL), 0);
	assert_string_equal(out, "");
	out[0] = 'x';
	assert_int_equal(enc_to_winansi("", out, 0, NULL, NULL), -2);
	assert_int_equal(out[0], 'x');
	/* NULL reporting pointers are allowed (pdf.c passes them). */
	assert_int_equal(enc_to_winansi("\xc5\x9f", out, 8, NULL, NULL), -1);
	assert_int_equal(enc_winansi_ok("\xc5\x9f", NULL, NULL), 0);
}

static void
t_bom(void **state)
{
	size_t n = 99;

	(void)state;
	assert_int_equal(enc_bom("\xEF\xBB\xBF" "a", 4, &n), ENC_UTF8);
	assert_int_equal(n, 3);
	assert_int_equal(enc_bom("\xFF\xFE" "a\0", 4, &n), ENC_UTF16LE);
	assert_int_equal(n, 2);
	assert_int_equal(enc_bom("\xFE\xFF\0a", 4, &n), ENC_UTF16BE);
	assert_int_equal(n, 2);
	assert_int_equal(enc_bom("\xFF\xFE", 2, &n), ENC_UTF16LE);
	/* UTF-32 is named by its length, not read. */
	assert_int_equal(enc_bom("\xFF\xFE\0\0", 4, &n), ENC_UNKNOWN);
	assert_int_equal(n, 4);
	assert_int_equal(enc_bom("\0\0\xFE\xFF", 4, &n), ENC_UNKNOWN);
	assert_int_equal(n, 4);
	assert_int_equal(enc_bom("a,b", 3, &n), ENC_UNKNOWN);
	assert_int_equal(n, 0);
	assert_int_equal(enc_bom("\xEF\xBB", 2, &n), ENC_UNKNOWN);
	assert_int_equal(enc_bom("", 0, &n), ENC_UNKNOWN);
}

/* The verdict on s, fed in pieces of step bytes. */
static enum enc_kind
sniff(const char *s, size_t len, size_t step, struct enc_sniff *z)
{
	enc_sniff_init(z);
	for (size_t i = 0; i < len; i += step)
		if (enc_sniff_feed(z, s + i, len - i < step ? len - i : step))
			break;
	return enc_sniff_end(z);
}

static void
t_sniff(void **state)
{
	struct enc_sniff z;

	(void)state;
	for (size_t step = 1; step <= 64; step *= 4) {
		/* Plain ASCII, and NUL bytes in it (its rows are refused
		 * one by one): UTF-8. */
		assert_int_equal(sniff("a,b\n1,2\n", 8, step, &z), ENC_UTF8);
		assert_int_equal(sniff("a,b\n1\0,2\n", 9, step, &z),
		    ENC_UTF8);
		/* Well-formed multi-byte sequences, a bad byte among them:
		 * a damaged UTF-8 file, never Windows-1252. */
		assert_int_equal(sniff("Jos\xC3\xA9\nx\xE9\n", 9, step, &z),
		    ENC_UTF8);
		assert_int_equal(sniff("x\xE9\nJos\xC3\xA9\n", 9, step, &z),
		    ENC_UTF8);
		/* Nothing but Windows-1252. */
		assert_int_equal(sniff("a;b\nJos\xE9;\x93q\x94\n", 12, step,
		    &z), ENC_CP1252);
		assert_int_equal(z.bad_line, 2);
		assert_int_equal(z.bad_off, 3);
		assert_int_equal(z.bad_byte, 0xE9);
		assert_int_equal(z.x_line, 0);
		/* A lead byte then a byte that does not continue it: both
		 * are Windows-1252 letters. */
		assert_int_equal(sniff("\xC3(\xE2\x82x", 5, step, &z),
		    ENC_CP1252);
		assert_int_equal(z.bad_off, 0);
		/* A byte Windows-1252 leaves unassigned, even inside a
		 * broken sequence; a NUL beside bad bytes. */
		assert_int_equal(sniff("ab\n\xE9\n\x81", 6, step, &z),
		    ENC_UNKNOWN);
		assert_int_equal(z.x_line, 3);
		assert_int_equal(z.x_off, 0);
		assert_int_equal(z.x_byte, 0x81);
		assert_int_equal(sniff("x\xE2\x9D(", 4, step, &z),
		    ENC_UNKNOWN);
		assert_int_equal(z.x_byte, 0x9D);
		assert_int_equal(z.x_off, 2);
		assert_int_equal(sniff("a\0b\0\xE9\0", 6, step, &z),
		    ENC_UNKNOWN);
		assert_int_equal(z.x_byte, 0);
		assert_int_equal(z.x_off, 1);
		/* Cut short at the end. */
		assert_int_equal(sniff("ab\xE2\x82", 4, step, &z),
		    ENC_CP1252);
	}
	/* Decided as soon as a multi-byte sequence is whole. */
	enc_sniff_init(&z);
	assert_int_equal(enc_sniff_feed(&z, "abc\xC3", 4), 0);
	assert_int_equal(enc_sniff_feed(&z, "\xA9", 1), 1);
}

static void
t_from_cp1252(void **state)
{
	char out[64];
	size_t n;

	(void)state;
	n = enc_cp1252_to_utf8("Jos\xE9 \x80\x96\x9F\xA0\xFF\n", 11, out);
	assert_int_equal(n, 19);
	assert_memory_equal(out, "Jos\xC3\xA9 \xE2\x82\xAC\xE2\x80\x93"
	    "\xC5\xB8\xC2\xA0\xC3\xBF\n", 19);
	/* Unassigned bytes are marked, never guessed. */
	n = enc_cp1252_to_utf8("a\x81\x8D\x8F\x90\x9D" "b", 7, out);
	assert_int_equal(n, 7);
	assert_memory_equal(out, "a\xFF\xFF\xFF\xFF\xFF" "b", 7);
	assert_int_equal(enc_cp1252_to_utf8("", 0, out), 0);
}

/* s (n bytes of UTF-16) converted in pieces of step bytes, line by
 * line, must give want (wn bytes). */
static void
from_u16(int be, const char *s, size_t n, size_t step, const char *want,
    size_t wn)
{
	struct enc_u16 d;
	char out[256];
	size_t o = 0, used;

	enc_u16_init(&d, be);
	for (size_t i = 0; i < n; ) {
		size_t k = n - i < step ? n - i : step;

		o += enc_u16_to_utf8(&d, s + i, k, &used, out + o);
		assert_true(used <= k);
		/* It stops after a LF, and only there. */
		if (used < k)
			assert_int_equal(out[o - 1], '\n');
		i += used;
	}
	o += enc_u16_end(&d, out + o);
	if (o != wn || memcmp(out, want, wn) != 0)
		fail_msg("be %d step %zu: %zu bytes, want %zu", be, step, o,
		    wn);
}

static void
t_from_u16(void **state)
{
	/* "é\n😀€" then a lone high surrogate before 'x', a lone low one,
	 * U+0000. */
	static const char le[] = "\xE9\0\n\0\x3D\xD8\x00\xDE\xAC\x20"
	    "\x00\xD8x\0\x00\xDC\0\0";
	static const char be[] = "\0\xE9\0\n\xD8\x3D\xDE\x00\x20\xAC"
	    "\xD8\x00\0x\xDC\x00\0\0";
	static const char want[] = "\xC3\xA9\n\xF0\x9F\x98\x80"
	    "\xE2\x82\xAC\xFFx\xFF";

	(void)state;
	for (size_t step = 1; step <= 32; step++) {
		from_u16(0, le, sizeof(le) - 1, step, want, sizeof(want));
		from_u16(1, be, sizeof(be) - 1, step, want, sizeof(want));
	}
	/* Left over at the end: half a unit, a high surrogate. */
	from_u16(0, "a\0b", 3, 1, "a\xFF", 2);
	from_u16(0, "a\0\x3D\xD8", 4, 4, "a\xFF", 2);
	from_u16(0, "", 0, 1, "", 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_valid),
		cmocka_unit_test(t_invalid),
		cmocka_unit_test(t_convert),
		cmocka_unit_test(t_refuse),
		cmocka_unit_test(t_room),
		cmocka_unit_test(t_bom),
		cmocka_unit_test(t_sniff),
		cmocka_unit_test(t_from_cp1252),
		cmocka_unit_test(t_from_u16),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
