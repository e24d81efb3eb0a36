/* fuzz_vcode.c -- libFuzzer: any bytes, as a C string, as a scanned QR
 * code or a typed short code.  What the payload reader accepts must be an
 * identity that gives back the same payload body; a signature check of it
 * against a fixed key must not crash; an accepted short code is in its
 * printed form and reads back as itself. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "key.h"
#include "vcode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)	do { if (!(x)) abort(); } while (0)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char pub[32], sec[64];
	static int ready;
	char *s, canon[VCODE_PAYLOAD_MAX], again[VCODE_PAYLOAD_MAX];
	char sc[VCODE_SHORT_SIZE], sc2[VCODE_SHORT_SIZE];
	unsigned char sig[64], seed[32] = { 0 };
	struct vcode_doc d, d2;
	struct nerr e;

	if (!ready) {
		CHECK(key_from_seed(seed, pub, sec, &e) == 0);
		ready = 1;
	}
	s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	if (vcode_parse(s, &d, sig, &e) == 0) {
		/* The body is the canonical identity, and signing it anew
		 * gives a payload that verifies and reads the same. */
		CHECK(vcode_canon(&d.id, canon, sizeof(canon), &e) == 0);
		CHECK(strstr(s, canon) != NULL);
		CHECK(vcode_payload(sec, &d.id, again, &e) == 0);
		CHECK(strncmp(again, canon, strlen(canon)) == 0);
		CHECK(vcode_verify(pub, again, &d2, &e) == 0);
		CHECK(strcmp(d2.id.name, d.id.name) == 0 &&
		    strcmp(d2.id.subject, d.id.subject) == 0 &&
		    d2.id.year == d.id.year);
	}
	(void)vcode_verify(pub, s, &d, &e);
	if (vcode_short_parse(s, sc) == 0) {
		CHECK(strlen(sc) == 11 && sc[5] == '-');
		CHECK(vcode_short_parse(sc, sc2) == 0 && strcmp(sc, sc2) == 0);
	}
	free(s);
	return 0;
}
