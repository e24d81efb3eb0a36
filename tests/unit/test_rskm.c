/* test_rskm.c -- a survey definition (templates/laporan, sumber skm) as
 * rdef/rskm read it: the shipped one, and mistakes named with their line
 * (an element's column twice, bands that overlap, a profile column that is
 * also an element's, a definition without elements); the semester names
 * --semester accepts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "doc.h"
#include "rdef.h"
#include "rskm.h"

static struct doc_schema *schema;

static int
setup(void **state)
{
	struct nerr e = { 0 };

	(void)state;
	doc_init();
	schema = doc_schema_load("templates/schema/laporan.rng", &e);
	if (schema == NULL)
		fprintf(stderr, "%s\n", e.msg);
	return schema == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	doc_schema_free(schema);
	doc_cleanup();
	return 0;
}

#define HEAD "<laporan sumber=\"skm\" bagian=\"skm\" klasifikasi=\"1\" " \
	"paraf=\"P\"><judul>J</judul><grafik ukuran=\"nrr\">G</grafik>"
#define U1 "<unsur kolom=\"u1\" singkat=\"U1\">Persyaratan</unsur>"
#define U2 "<unsur kolom=\"u2\" singkat=\"U2\">Prosedur</unsur>"
#define JK "<profil kolom=\"jk\" judul=\"JK\"><pilihan kode=\"L\">Laki-laki" \
	"</pilihan></profil>"

static void
t_defs(void **state)
{
	struct nerr e;
	struct rdef *d;
	const char *ok = HEAD U1 U2 JK "<profil kolom=\"umur\" judul=\"Umur\">"
	    "<kelompok dari=\"15\" sampai=\"29\">muda</kelompok>"
	    "<kelompok dari=\"30\" sampai=\"99\">tua</kelompok></profil>"
	    "</laporan>";
	const struct { const char *xml, *want; long line; } bad[] = {
		{ HEAD U1 "\n" U1 JK "</laporan>", "named twice", 2 },
		{ HEAD U1 JK "\n<profil kolom=\"u1\" judul=\"X\"><pilihan "
		    "kode=\"a\">A</pilihan></profil></laporan>", "named twice",
		    2 },
		{ HEAD U1 "<profil kolom=\"umur\" judul=\"Umur\">"
		    "<kelompok dari=\"15\" sampai=\"29\">muda</kelompok>\n"
		    "<kelompok dari=\"29\" sampai=\"99\">tua</kelompok>"
		    "</profil></laporan>", "overlap", 2 },
		{ HEAD U1 "<profil kolom=\"umur\" judul=\"Umur\">\n"
		    "<kelompok dari=\"40\" sampai=\"30\">x</kelompok>"
		    "</profil></laporan>", "overlap", 2 },
		{ HEAD JK "</laporan>", NULL, 0 },	/* the schema: no unsur */
	};

	(void)state;
	memset(&e, 0, sizeof(e));
	d = rdef_parse("def.xml", ok, strlen(ok), schema, &e);
	if (d == NULL)
		fail_msg("%ld: %s", e.line, e.msg);
	assert_int_equal(d->sumber, RDEF_SKM);
	assert_non_null(d->skm);
	rdef_free(d);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		memset(&e, 0, sizeof(e));
		d = rdef_parse("def.xml", bad[i].xml, strlen(bad[i].xml),
		    schema, &e);
		if (d != NULL)
			fail_msg("bad[%zu] accepted", i);
		assert_int_equal(e.status, EX_CONFIG);
		if (bad[i].want != NULL) {
			if (strstr(e.msg, bad[i].want) == NULL)
				fail_msg("bad[%zu]: %s", i, e.msg);
			assert_int_equal(e.line, bad[i].line);
		}
	}
	/* Without the schema, what it would refuse is refused all the same. */
	const char *noschema[] = {
		HEAD JK "</laporan>",
		HEAD "<unsur kolom=\"u1\">P</unsur>" JK "</laporan>",
		HEAD U1 "<profil kolom=\"jk\" judul=\"JK\"></profil></laporan>",
		HEAD U1 "<profil kolom=\"jk\" judul=\"JK\"><pilihan>L</pilihan>"
		    "</profil></laporan>",
	};
	for (size_t i = 0; i < sizeof(noschema) / sizeof(*noschema); i++) {
		memset(&e, 0, sizeof(e));
		d = rdef_parse("def.xml", noschema[i], strlen(noschema[i]),
		    NULL, &e);
		if (d != NULL)
			fail_msg("noschema[%zu] accepted", i);
		assert_int_equal(e.status, EX_CONFIG);
	}
	/* The shipped one. */
	d = rdef_load("templates/laporan/skm.xml", schema, &e);
	if (d == NULL)
		fail_msg("skm.xml: %ld: %s", e.line, e.msg);
	rdef_free(d);
}

static void
t_semester(void **state)
{
	int y = 0, h = 0;
	const char *bad[] = { "2025-S3", "2025-S0", "2025-1", "25-S1",
	    "2025-s1", "2025-S10", "abcd-S1", "", "2025S1", "0999-S1" };

	(void)state;
	assert_int_equal(rskm_semester("2025-S1", &y, &h), 0);
	assert_int_equal(y, 2025);
	assert_int_equal(h, 1);
	assert_int_equal(rskm_semester("2031-S2", &y, &h), 0);
	assert_int_equal(y, 2031);
	assert_int_equal(h, 2);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (rskm_semester(bad[i], &y, &h) == 0)
			fail_msg("%s accepted", bad[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_defs),
		cmocka_unit_test(t_semester),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
