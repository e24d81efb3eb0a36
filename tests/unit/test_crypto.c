/* test_crypto.c -- known answers from the standards for every primitive
 * naskah takes from libcrypto: SHA-256 (FIPS 180-4), HMAC-SHA-256
 * (RFC 4231), Ed25519 key pairs from seeds and their signatures
 * (RFC 8032, section 7.1), and base64 (RFC 4648) both ways.  A key file
 * read the wrong way or a primitive swapped fails here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "b64.h"
#include "key.h"
#include "sha256.h"
#include "vcode.h"

static void
unhex(const char *s, unsigned char *out)
{
	size_t n = strlen(s) / 2;

	for (size_t i = 0; i < n; i++) {
		unsigned v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			fail_msg("bad hex in the test");
		out[i] = (unsigned char)v;
	}
}

static void
bytes_are(const unsigned char *got, const char *want)
{
	unsigned char w[64];

	unhex(want, w);
	assert_memory_equal(got, w, strlen(want) / 2);
}

static void
t_sha256(void **state)
{
	char hex[65];

	(void)state;
	sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
}

/* RFC 4231, test cases 1, 2 and 6 (a key longer than a block). */
static void
t_hmac(void **state)
{
	static const char big[] = "Test Using Larger Than Block-Size Key - "
	    "Hash Key First";
	unsigned char key[131], h[32];
	struct nerr e;

	(void)state;
	memset(key, 0x0b, 20);
	assert_int_equal(vcode_hmac(key, 20, "Hi There", 8, h, &e), 0);
	bytes_are(h, "b0344c61d8db38535ca8afceaf0bf12b"
	    "881dc200c9833da726e9376c2e32cff7");
	assert_int_equal(vcode_hmac((const unsigned char *)"Jefe", 4,
	    "what do ya want for nothing?", 28, h, &e), 0);
	bytes_are(h, "5bdcc146bf60754e6a042426089575c7"
	    "5a003f089d2739839dec58b964ec3843");
	memset(key, 0xaa, sizeof(key));
	assert_int_equal(vcode_hmac(key, sizeof(key), big, strlen(big), h, &e),
	    0);
	bytes_are(h, "60e431591ee0b67f0d8a26aacbf5b77f"
	    "8e0bc6213728c5140546040f0ee37f54");
}

/* RFC 8032 7.1, TEST 1-3: SECRET KEY is the 32-byte seed an office's
 * ed25519.key holds. */
static const struct {
	const char	*seed, *pub, *msg, *sig;
} ed[] = {
	{ "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
	  "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
	  "",
	  "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
	  "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b" },
	{ "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
	  "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
	  "72",
	  "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
	  "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00" },
	{ "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
	  "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
	  "af82",
	  "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
	  "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a" },
};
#define NED	(sizeof(ed) / sizeof(ed[0]))

static void
t_ed25519(void **state)
{
	unsigned char seed[32], pub[32], sec[64], msg[8], sig[64];
	struct nerr e;

	(void)state;
	/* Twice round, so the signer kept between calls (vcode.c) is
	 * changed and changed back. */
	for (size_t r = 0; r < 2 * NED; r++) {
		size_t i = r % NED;

		unhex(ed[i].seed, seed);
		unhex(ed[i].msg, msg);
		assert_int_equal(key_from_seed(seed, pub, sec, &e), 0);
		bytes_are(pub, ed[i].pub);
		assert_memory_equal(sec, seed, 32);
		assert_memory_equal(sec + 32, pub, 32);
		memset(sig, 0, sizeof(sig));
		assert_int_equal(vcode_sign(sec, msg, strlen(ed[i].msg) / 2,
		    sig, &e), 0);
		bytes_are(sig, ed[i].sig);
	}
	/* A secret key whose halves do not belong together is refused,
	 * not signed with. */
	unhex(ed[0].seed, sec);
	unhex(ed[1].pub, sec + 32);
	memset(&e, 0, sizeof(e));
	assert_int_equal(vcode_sign(sec, "", 0, sig, &e), -1);
	assert_int_equal(e.status, EX_SOFTWARE);
	assert_non_null(strstr(e.msg, "damaged"));
}

static void
t_base64(void **state)
{
	static const struct { const char *in, *std, *url; } v[] = {
		{ "", "", "" }, { "f", "Zg==", "Zg" }, { "fo", "Zm8=", "Zm8" },
		{ "foo", "Zm9v", "Zm9v" }, { "foob", "Zm9vYg==", "Zm9vYg" },
		{ "fooba", "Zm9vYmE=", "Zm9vYmE" },
		{ "foobar", "Zm9vYmFy", "Zm9vYmFy" },
		{ "\xfb\xff", "+/8=", "-_8" },
	};
	unsigned char raw[64];
	char out[64];

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		size_t n = strlen(v[i].in);

		assert_int_equal(b64_encode(out, sizeof(out), v[i].in, n,
		    B64_STD), 0);
		assert_string_equal(out, v[i].std);
		assert_int_equal(b64_encode(out, sizeof(out), v[i].in, n,
		    B64_URL), 0);
		assert_string_equal(out, v[i].url);
		assert_int_equal(b64_decode(raw, sizeof(raw), out,
		    strlen(out)), (long)n);
		assert_memory_equal(raw, v[i].in, n);
	}
	/* Exactly as large as needed, and no byte more. */
	assert_int_equal(b64_encode(out, 5, "foo", 3, B64_STD), 0);
	assert_int_equal(b64_encode(out, 4, "foo", 3, B64_STD), -1);
	assert_int_equal(b64_encode(out, 3, "fo", 2, B64_URL), -1);
	assert_int_equal(b64_decode(raw, 2, "Zm9v", 4), -1);
	/* One text per byte string: "Zh" would also read as "f". */
	assert_int_equal(b64_decode(raw, sizeof(raw), "Zg", 2), 1);
	assert_int_equal(b64_decode(raw, sizeof(raw), "Zh", 2), -1);
	assert_int_equal(b64_decode(raw, sizeof(raw), "Zm8", 3), 2);
	assert_int_equal(b64_decode(raw, sizeof(raw), "Zm9", 3), -1);
	assert_int_equal(b64_decode(raw, sizeof(raw), "Zm-", 3), -1);
	/* Not base64url: padding, the standard alphabet, a lone sextet. */
	assert_int_equal(b64_decode(raw, sizeof(raw), "Zg==", 4), -1);
	assert_int_equal(b64_decode(raw, sizeof(raw), "+/8", 3), -1);
	assert_int_equal(b64_decode(raw, sizeof(raw), "Zm9vY", 5), -1);
	assert_int_equal(b64_decode(raw, sizeof(raw), "Zm\0v", 4), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_sha256),
		cmocka_unit_test(t_hmac),
		cmocka_unit_test(t_ed25519),
		cmocka_unit_test(t_base64),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
