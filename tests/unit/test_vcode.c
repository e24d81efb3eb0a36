/* test_vcode.c -- the short code and the signed QR payload: round trips,
 * every one-character forgery and a foreign key refused, each identity
 * field bound, awkward names kept, the format pinned, and a realistic
 * payload small enough for a 20-25 mm QR code at level M. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <qrencode.h>

#include "b64.h"
#include "key.h"
#include "vcode.h"

/* t_pinned's expected values, computed apart from naskah with Python's
 * hmac module and the "cryptography" package's Ed25519 for the seed
 * 00 01 .. 1f and the MAC key a0 a1 .. bf below. */
#define PINNED_SIG "exDgBVH-T-nBbsV3LJuO411eh3lufYkFP3dpuS9HFkL0VlMFvjG_0VtO8RJ93OpuKUNWvxQZGaJ55y-k1xeDCw"
#define PINNED_SHORT "4FMV7-QMSJH"

static unsigned char pubA[32], secA[64], pubB[32], secB[64];
static unsigned char macA[32], macB[32];

static int
setup(void **state)
{
	unsigned char seed[32];
	struct nerr e;

	(void)state;
	/* Fixed keys, so the pinned payload below stays what it is. */
	for (int i = 0; i < 32; i++) {
		seed[i] = (unsigned char)i;
		macA[i] = (unsigned char)(0xa0 + i);
		macB[i] = (unsigned char)(0xb0 + i);
	}
	if (key_from_seed(seed, pubA, secA, &e) != 0)
		return -1;
	seed[0] ^= 1;
	return key_from_seed(seed, pubB, secB, &e);
}

static const struct vcode_id letter = {
	"35.03.13", "kk", "470/0012/406.13/2025", NULL, 0, "2025-01-20",
	"3503134101900001", "SRI RAHAYU"
};

static void
same_id(const struct vcode_id *a, const struct vcode_id *b)
{
	assert_string_equal(a->office, b->office);
	assert_string_equal(a->kind, b->kind);
	assert_string_equal(a->number ? a->number : "",
	    b->number ? b->number : "");
	assert_string_equal(a->reg ? a->reg : "", b->reg ? b->reg : "");
	assert_int_equal(a->year, b->year);
	assert_string_equal(a->date, b->date);
	assert_string_equal(a->subject, b->subject);
	assert_string_equal(a->name, b->name);
}

static void
t_roundtrip(void **state)
{
	struct vcode_id ret = { "35.03.13", "kembali", NULL, "REG-2025-0007",
	    2025, "2025-01-21", "3503130101900001", "Budi Santoso" };
	char p[VCODE_PAYLOAD_MAX], url[VCODE_PAYLOAD_MAX + 64], buf[3000];
	struct vcode_doc d;
	struct nerr e;

	(void)state;
	assert_int_equal(vcode_payload(secA, &letter, p, &e), 0);
	assert_int_equal(vcode_verify(pubA, p, &d, &e), 0);
	same_id(&letter, &d.id);
	/* As a phone or zbarimg hands it over. */
	assert_int_equal(vcode_url("https://kec.example/verifikasi.html#", p,
	    url, sizeof(url)), 0);
	assert_true(strstr(url, ".html#NSK1*") != NULL);
	assert_int_equal(vcode_verify(pubA, url, &d, &e), 0);
	same_id(&letter, &d.id);
	snprintf(buf, sizeof(buf), "  %s\n", p);
	assert_int_equal(vcode_verify(pubA, buf, &d, &e), 0);
	/* A document without a number: register number and year. */
	assert_int_equal(vcode_payload(secA, &ret, p, &e), 0);
	assert_int_equal(vcode_verify(pubA, p, &d, &e), 0);
	same_id(&ret, &d.id);
	assert_int_equal(vcode_url("x", p, url, 10), -1);
}

/* Format version 1, pinned: a change here breaks every printed code. */
static void
t_pinned(void **state)
{
	char p[VCODE_PAYLOAD_MAX], s[VCODE_SHORT_SIZE], c[VCODE_PAYLOAD_MAX];
	struct nerr e;

	(void)state;
	assert_int_equal(vcode_canon(&letter, c, sizeof(c), &e), 0);
	assert_string_equal(c, "NSK1*35.03.13*kk*470/0012/406.13/2025***"
	    "2025-01-20*3503134101900001*SRI+RAHAYU");
	assert_int_equal(vcode_payload(secA, &letter, p, &e), 0);
	assert_int_equal(strncmp(p, c, strlen(c)), 0);
	assert_int_equal(p[strlen(c)], '*');
	assert_int_equal(strlen(p), strlen(c) + 1 + 86);
	assert_string_equal(p + strlen(c) + 1, PINNED_SIG);
	assert_int_equal(vcode_short(macA, &letter, s, &e), 0);
	assert_string_equal(s, PINNED_SHORT);
}

/* Every character of a payload changed, one at a time, to each of a few
 * others: never valid. */
static void
t_forged(void **state)
{
	static const char subst[] = "AaZz09-_*+%.~";
	char p[VCODE_PAYLOAD_MAX], q[VCODE_PAYLOAD_MAX];
	struct vcode_doc d;
	struct nerr e;
	size_t n, tries = 0;

	(void)state;
	assert_int_equal(vcode_payload(secA, &letter, p, &e), 0);
	n = strlen(p);
	for (size_t i = 0; i < n; i++)
		for (const char *c = subst; *c; c++) {
			if (p[i] == *c)
				continue;
			memcpy(q, p, n + 1);
			q[i] = *c;
			if (vcode_verify(pubA, q, &d, &e) == 0)
				fail_msg("valid after [%zu] %c -> %c: %s", i,
				    p[i], *c, q);
			tries++;
		}
	assert_true(tries > 10 * n);
	/* The last character of the signature carries 2 bits and 4 unused
	 * ones: changing only an unused one must not pass either. */
	{
		static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
		    "klmnopqrstuvwxyz0123456789-_";
		size_t at = (size_t)(strchr(b64, p[n - 1]) - b64);

		memcpy(q, p, n + 1);
		q[n - 1] = b64[at ^ 1];
		assert_int_equal(vcode_verify(pubA, q, &d, &e), -1);
	}
	/* Truncated, extended, a field added or dropped. */
	memcpy(q, p, n + 1);
	q[n - 1] = '\0';
	assert_int_equal(vcode_verify(pubA, q, &d, &e), -1);
	snprintf(q, sizeof(q), "%sA", p);
	assert_int_equal(vcode_verify(pubA, q, &d, &e), -1);
	snprintf(q, sizeof(q), "NSK1*x*%s", p + 5);
	assert_int_equal(vcode_verify(pubA, q, &d, &e), -1);
	assert_int_equal(vcode_verify(pubA, "", &d, &e), -1);
	assert_int_equal(vcode_verify(pubA, "NSK1*", &d, &e), -1);
	assert_int_equal(vcode_verify(pubA, "NSK1**********", &d, &e), -1);
	snprintf(q, sizeof(q), "NSK2*%s", p + 5);
	assert_int_equal(vcode_verify(pubA, q, &d, &e), -1);
	assert_non_null(strstr(e.msg, "version 2"));
}

static void
t_other_key(void **state)
{
	char p[VCODE_PAYLOAD_MAX];
	struct vcode_doc d;
	struct nerr e;

	(void)state;
	assert_int_equal(vcode_payload(secB, &letter, p, &e), 0);
	assert_int_equal(vcode_verify(pubB, p, &d, &e), 0);
	assert_int_equal(vcode_verify(pubA, p, &d, &e), -1);
	assert_int_equal(e.status, EX_DATAERR);
	assert_non_null(strstr(e.msg, "signature does not match"));
	/* It still reads, for a message saying which document it claims. */
	assert_int_equal(vcode_parse(p, &d, NULL, &e), 0);
	assert_string_equal(d.id.name, "SRI RAHAYU");
}

static void
short_is(const struct vcode_id *id, const unsigned char *mac, char *out)
{
	struct nerr e;

	if (vcode_short(mac, id, out, &e) != 0)
		fail_msg("vcode_short: %s", e.msg);
	assert_int_equal(strlen(out), 11);
	assert_int_equal(out[5], '-');
	for (int i = 0; i < 11; i++)
		if (i != 5)
			assert_non_null(strchr("23456789ABCDEFGHJKMNPQRSTVWXYZ",
			    out[i]));
}

static void
t_short_binds(void **state)
{
	char base[VCODE_SHORT_SIZE], s[VCODE_SHORT_SIZE], again[12];
	struct vcode_id v;

	(void)state;
	short_is(&letter, macA, base);
	short_is(&letter, macA, again);
	assert_string_equal(base, again);
	short_is(&letter, macB, s);
	assert_string_not_equal(base, s);
	v = letter; v.office = "35.03.14"; short_is(&v, macA, s);
	assert_string_not_equal(base, s);
	v = letter; v.kind = "ktp"; short_is(&v, macA, s);
	assert_string_not_equal(base, s);
	v = letter; v.number = "470/0013/406.13/2025"; short_is(&v, macA, s);
	assert_string_not_equal(base, s);
	v = letter; v.date = "2025-01-21"; short_is(&v, macA, s);
	assert_string_not_equal(base, s);
	v = letter; v.subject = "3503134101900002"; short_is(&v, macA, s);
	assert_string_not_equal(base, s);
	v = letter; v.name = "SRI RAHAYO"; short_is(&v, macA, s);
	assert_string_not_equal(base, s);
	v = letter; v.name = "SRI  RAHAYU"; short_is(&v, macA, s);
	assert_string_not_equal(base, s);
	/* Register number and year, each bound too. */
	v = letter; v.number = NULL; v.reg = "R-1"; v.year = 2025;
	short_is(&v, macA, base);
	v.reg = "R-2"; short_is(&v, macA, s);
	assert_string_not_equal(base, s);
	v.reg = "R-1"; v.year = 2024; short_is(&v, macA, s);
	assert_string_not_equal(base, s);
}

static void
t_short_parse(void **state)
{
	char s[VCODE_SHORT_SIZE], back[VCODE_SHORT_SIZE];
	static const char *bad[] = {
		"", "ABCDE-FGHJ", "ABCDE-FGHJKM", "ABCDE-FGHJO", "ABCDE-FGHJ0",
		"ABCDE-FGHJ1", "ABCDE-FGHJI", "ABCDE-FGHJL", "ABCDE-FGHJU",
		"ABCDE_FGHJK", "ABCDE-FGHJ\xc3\x89",
	};

	(void)state;
	short_is(&letter, macA, s);
	assert_int_equal(vcode_short_parse(s, back), 0);
	assert_string_equal(back, s);
	assert_int_equal(vcode_short_parse("abcde fghjk", back), 0);
	assert_string_equal(back, "ABCDE-FGHJK");
	assert_int_equal(vcode_short_parse(" AbCdEfGhJk\n", back), 0);
	assert_string_equal(back, "ABCDE-FGHJK");
	assert_int_equal(vcode_short_parse("a-b-c-d-e-f-g-h-j-k", back), 0);
	assert_string_equal(back, "ABCDE-FGHJK");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (vcode_short_parse(bad[i], back) == 0)
			fail_msg("accepted \"%s\"", bad[i]);
}

/* Markup characters and Latin-1 letters (in UTF-8) come back as they
 * were, and the payload stays in the characters a URL fragment keeps. */
static void
t_names(void **state)
{
	static const char *names[] = {
		"Tom & Jerry <b>\"Si\" 'Doel'</b>",
		"Fran\xc3\xa7ois M\xc3\xbcller-\xc3\x98stergaard \xc3\x9f\xc3\xb1",
		"\xc3\x80\xc3\x89\xc3\x8e\xc3\x95\xc3\x9c \xc3\xbf",
		"Ma'ruf bin Abd. Hadi, S.Pd.",
		"100% * + # ? = ; @ $ ! ( ) [ ] { } | \\ ^ ` ~",
	};
	char p[VCODE_PAYLOAD_MAX];
	struct vcode_doc d;
	struct nerr e;

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct vcode_id v = letter;

		v.name = names[i];
		v.number = "470/0012/406.13/2025 & <x>";
		assert_int_equal(vcode_payload(secA, &v, p, &e), 0);
		for (const char *c = p; *c; c++)
			if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
			    "qrstuvwxyz0123456789-._~/:,*+%", *c))
				fail_msg("'%c' in payload %s", *c, p);
		assert_int_equal(vcode_verify(pubA, p, &d, &e), 0);
		same_id(&v, &d.id);
	}
}

static void
t_refused(void **state)
{
	char p[VCODE_PAYLOAD_MAX], long_name[VCODE_FIELD_MAX + 2];
	struct vcode_id v;
	struct nerr e;

	(void)state;
#define REFUSED(field, value) do {					\
		v = letter; v.field = value;				\
		if (vcode_payload(secA, &v, p, &e) == 0)		\
			fail_msg(#field " = \"%s\" accepted", #value);	\
		assert_int_equal(e.status, EX_DATAERR);			\
	} while (0)
	REFUSED(name, "");
	REFUSED(name, NULL);
	REFUSED(name, "A\nB");
	REFUSED(name, "A\tB");
	REFUSED(name, "A\x7f");
	REFUSED(name, "A\xc2\x85");	/* C1 control */
	REFUSED(name, "\xe9t\xe9");	/* Latin-1 bytes, not UTF-8 */
	REFUSED(name, "\xc0\xaf");	/* overlong */
	REFUSED(name, "\xed\xa0\x80");	/* surrogate */
	REFUSED(subject, "");
	REFUSED(office, "35/03");
	REFUSED(office, "");
	REFUSED(kind, "KK");
	REFUSED(kind, "k k");
	REFUSED(date, "20-01-2025");
	REFUSED(date, "2025-1-20");
	REFUSED(date, "2025-01-2x");
	REFUSED(date, "2025--01-20");
	REFUSED(number, NULL);		/* and no register number */
	REFUSED(reg, "R-1");		/* and a number */
	REFUSED(year, 2025);		/* likewise */
	memset(long_name, 'A', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	REFUSED(name, long_name);
	long_name[VCODE_FIELD_MAX] = '\0';
	v = letter; v.name = long_name;
	assert_int_equal(vcode_payload(secA, &v, p, &e), 0);
#undef REFUSED
}

/* What naskah does not write is not read, even signed: lower-case hex,
 * an encoded byte that needs none, a year with a leading zero. */
static void
t_canonical(void **state)
{
	static const char *body[] = {
		"NSK1*35.03.13*kk*470/0012/406.13/2025***2025-01-20*1*S%c3%a9",
		"NSK1*35.03.13*kk*470/0012/406.13/2025***2025-01-20*1*%41",
		"NSK1*35.03.13*kk*470/0012/406.13/2025***2025-01-20*1*A%20B",
		"NSK1*35.03.13*kk**R*02025*2025-01-20*1*A",
		"NSK1*35.03.13*kk*470/0012/406.13/2025***2025-01-20*1*A%00B",
	};
	unsigned char sig[64];
	char p[VCODE_PAYLOAD_MAX], b64[100];
	struct vcode_doc d;
	struct nerr e;

	(void)state;
	for (size_t i = 0; i < sizeof(body) / sizeof(body[0]); i++) {
		assert_int_equal(vcode_sign(secA, body[i], strlen(body[i]),
		    sig, &e), 0);
		assert_int_equal(b64_encode(b64, sizeof(b64), sig, 64,
		    B64_URL), 0);
		snprintf(p, sizeof(p), "%s*%s", body[i], b64);
		if (vcode_verify(pubA, p, &d, &e) == 0)
			fail_msg("accepted %s", body[i]);
	}
}

/* A realistic long identity fits a QR code of version 10 or less at
 * level M: 57 modules, 0.35-0.44 mm each at 20-25 mm. */
static void
t_qr(void **state)
{
	struct vcode_id v = { "35.03.13", "tanda_terima",
	    "400.10.2.3/0123/406.13/2025", NULL, 0, "2025-12-31",
	    "3503134101900001", "Hj. SITI NURHAYATI RAHMAWATI, S.Ag." };
	char p[VCODE_PAYLOAD_MAX], url[VCODE_PAYLOAD_MAX + 64];
	struct nerr e;
	QRcode *qr;

	(void)state;
	assert_int_equal(vcode_payload(secA, &v, p, &e), 0);
	assert_non_null(qr = QRcode_encodeString(p, 0, QR_ECLEVEL_M,
	    QR_MODE_8, 1));
	print_message("payload %zu bytes: QR version %d (%d modules)\n",
	    strlen(p), qr->version, qr->width);
	assert_true(qr->version <= 10);
	QRcode_free(qr);
	/* With the office's page in front: larger, still printable. */
	assert_int_equal(vcode_url("https://kecamatan-durenan.trenggalekkab."
	    "go.id/verifikasi.html", p, url, sizeof(url)), 0);
	assert_non_null(qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M,
	    QR_MODE_8, 1));
	print_message("with URL %zu bytes: QR version %d (%d modules)\n",
	    strlen(url), qr->version, qr->width);
	assert_true(qr->version <= 13);
	QRcode_free(qr);
}

/* --jobs: the payload signed later, by a render worker, is the payload
 * signed at once; the stand-in is as long, base64url, keyed by the MAC
 * key, and not the signature. */
static void
t_later(void **state)
{
	char p[VCODE_PAYLOAD_MAX], l[VCODE_PAYLOAD_MAX], l2[VCODE_PAYLOAD_MAX];
	char in[VCODE_SIG_SIZE];
	struct nerr e;

	(void)state;
	assert_int_equal(vcode_payload(secA, &letter, p, &e), 0);
	assert_int_equal(vcode_payload_later(macA, &letter, l, &e), 0);
	assert_int_equal(strlen(l), strlen(p));
	assert_memory_equal(l, p, strlen(p) - (VCODE_SIG_SIZE - 1));
	assert_string_not_equal(l, p);
	assert_int_equal(strspn(l + strlen(l) - (VCODE_SIG_SIZE - 1),
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
	    VCODE_SIG_SIZE - 1);
	assert_int_equal(vcode_payload_later(macB, &letter, l2, &e), 0);
	assert_string_not_equal(l, l2);
	snprintf(l2, sizeof(l2), "%s", l);
	assert_int_equal(vcode_payload_sign(secA, l, in, &e), 0);
	assert_string_equal(l, p);
	assert_string_equal(in, l2 + strlen(l2) - (VCODE_SIG_SIZE - 1));
	/* Nothing to sign: no signature's place. */
	snprintf(l, sizeof(l), "NSK1*x");
	assert_int_equal(vcode_payload_sign(secA, l, in, &e), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_roundtrip),
		cmocka_unit_test(t_pinned),
		cmocka_unit_test(t_forged),
		cmocka_unit_test(t_other_key),
		cmocka_unit_test(t_short_binds),
		cmocka_unit_test(t_short_parse),
		cmocka_unit_test(t_names),
		cmocka_unit_test(t_refused),
		cmocka_unit_test(t_canonical),
		cmocka_unit_test(t_qr),
		cmocka_unit_test(t_later),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
