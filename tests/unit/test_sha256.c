/* test_sha256.c -- the FIPS 180-4 / NIST example vectors, every padding
 * boundary, and streaming in every split giving the one-shot digest. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sha256.h"

static void
hex_is(const void *buf, size_t len, const char *want)
{
	char out[65];

	memset(out, 'x', sizeof(out));
	sha256_hex(buf, len, out);
	assert_string_equal(out, want);
}

static void
t_vectors(void **state)
{
	(void)state;
	hex_is("", 0, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	hex_is(NULL, 0, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");	/* empty file */
	hex_is("abc", 3, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	hex_is("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
	    "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1");
	hex_is("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	    "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", 112,
	    "cf5b16a778af8380036ce59e7b049237"
	    "0b249b11e8f07a51afac45037afee9d1");
}

static void
t_million(void **state)
{
	struct sha256_ctx c;
	unsigned char d[32], chunk[1000];
	char *big;
	static const unsigned char want[32] = {
		0xcd, 0xc7, 0x6e, 0x5c, 0x99, 0x14, 0xfb, 0x92, 0x81, 0xa1,
		0xc7, 0xe2, 0x84, 0xd7, 0x3e, 0x67, 0xf1, 0x80, 0x9a, 0x48,
		0xa4, 0x97, 0x20, 0x0e, 0x04, 0x6d, 0x39, 0xcc, 0xc7, 0x11,
		0x2c, 0xd0
	};

	(void)state;
	/* Streamed in 1000-byte pieces ... */
	memset(chunk, 'a', sizeof(chunk));
	sha256_init(&c);
	for (int i = 0; i < 1000; i++)
		sha256_update(&c, chunk, sizeof(chunk));
	sha256_final(&c, d);
	assert_memory_equal(d, want, 32);
	/* ... and in one go. */
	assert_non_null(big = malloc(1000000));
	memset(big, 'a', 1000000);
	hex_is(big, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0");
	free(big);
}

/* Lengths around 56 and 64, where the length field no longer fits in the
 * last block (digests from Python's hashlib). */
static void
t_padding(void **state)
{
	static const struct {
		size_t		 n;
		const char	*hex;
	} v[] = {
		{ 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
		{ 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
		{ 57, "f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed6589dfe8c6" },
		{ 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
		{ 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
		{ 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
		{ 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
		{ 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
		{ 128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e" },
	};
	char a[128];

	(void)state;
	memset(a, 'a', sizeof(a));
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		hex_is(a, v[i].n, v[i].hex);
}

/* Every byte value, every split point, and byte-at-a-time. */
static void
t_stream(void **state)
{
	static unsigned char msg[1024];
	static const char want[] = "785b0751fc2c53dc14a4ce3d800e69ef"
	    "9ce1009eb327ccf458afe09c242c26c9";
	unsigned char one[32], d[32];
	struct sha256_ctx c;
	char hex[65];

	(void)state;
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (unsigned char)i;
	hex_is(msg, sizeof(msg), want);
	sha256_init(&c);
	sha256_update(&c, msg, sizeof(msg));
	sha256_final(&c, one);
	for (size_t k = 0; k <= 200; k++) {
		sha256_init(&c);
		sha256_update(&c, msg, k);
		sha256_update(&c, NULL, 0);
		sha256_update(&c, msg + k, 130);
		sha256_update(&c, msg + k + 130, sizeof(msg) - k - 130);
		sha256_final(&c, d);
		if (memcmp(d, one, 32) != 0)
			fail_msg("split at %zu and %zu differs", k, k + 130);
	}
	sha256_init(&c);
	for (size_t i = 0; i < sizeof(msg); i++)
		sha256_update(&c, msg + i, 1);
	sha256_final(&c, d);
	assert_memory_equal(d, one, 32);
	/* The hex form is the binary one, lower case. */
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", one[i]);
	assert_string_equal(hex, want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_vectors),
		cmocka_unit_test(t_million),
		cmocka_unit_test(t_padding),
		cmocka_unit_test(t_stream),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
