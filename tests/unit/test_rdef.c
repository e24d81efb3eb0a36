/* test_rdef.c -- report definitions: every shipped one loads against the
 * shipped schema with its source; a desa definition without sumber is
 * still one; a register report needs its grafik; the pengaduan design
 * validates; an unknown source is refused; the names of a folder. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ddata.h"
#include "doc.h"
#include "rdef.h"

static struct doc_schema *schema;

static int
setup(void **state)
{
	struct nerr e = { 0 };

	(void)state;
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
	return 0;
}

static struct rdef *
parse(const char *xml, struct nerr *e)
{
	memset(e, 0, sizeof(*e));
	return rdef_parse("def.xml", xml, strlen(xml), schema, e);
}

static void
t_shipped(void **state)
{
	const char *b[] = { "trantibum", "kesra", "ekbang", "tapem", "layanan" };
	struct nerr e = { 0 };
	char path[256], names[256];

	(void)state;
	for (size_t i = 0; i < 5; i++) {
		struct rdef *d;

		snprintf(path, sizeof(path), "templates/laporan/%s.xml", b[i]);
		if ((d = rdef_load(path, schema, &e)) == NULL)
			fail_msg("%s: %ld: %s", path, e.line, e.msg);
		assert_string_equal(d->bagian, b[i]);
		assert_int_equal(d->sumber, i < 4 ? RDEF_DESA : RDEF_LAYANAN);
		assert_true((d->desa != NULL) == (i < 4));
		if (i < 4)
			assert_string_equal(d->desa->bagian, b[i]);
		assert_non_null(d->judul);
		assert_non_null(d->grafik);
		rdef_free(d);
	}
	/* The survey report: its own source, its elements read. */
	struct rdef *sk = rdef_load("templates/laporan/skm.xml", schema, &e);
	if (sk == NULL)
		fail_msg("skm.xml: %ld: %s", e.line, e.msg);
	assert_int_equal(sk->sumber, RDEF_SKM);
	assert_non_null(sk->skm);
	assert_string_equal(rdef_sumber_name(sk->sumber), "skm");
	rdef_free(sk);
	rdef_names("templates/laporan", names, sizeof(names));
	assert_string_equal(names, "ekbang, kesra, layanan, pengaduan, skm, tapem, trantibum");
	rdef_names("/nonexistent", names, sizeof(names));
	assert_string_equal(names, "");
}

static void
t_sources(void **state)
{
	struct nerr e;
	struct rdef *d;

	(void)state;
	/* A desa definition of before this version: no sumber. */
	d = parse("<laporan bagian=\"uji\" klasifikasi=\"300\" "
	    "kasi=\"kasi_trantibum\" paraf=\"Kasi\"><judul>J</judul>"
	    "<indikator kode=\"a\" satuan=\"kali\" kolom=\"A\">A</indikator>"
	    "<tabel judul=\"T\"><kolom indikator=\"a\"/></tabel>"
	    "<grafik indikator=\"a\">G</grafik></laporan>", &e);
	if (d == NULL)
		fail_msg("%ld: %s", e.line, e.msg);
	assert_int_equal(d->sumber, RDEF_DESA);
	assert_int_equal(d->desa->nind, 1);
	assert_string_equal(d->grafik, "G");
	rdef_free(d);
	/* The pengaduan design. */
	d = parse("<laporan sumber=\"pengaduan\" bagian=\"pengaduan\" "
	    "klasifikasi=\"000.8.3.3\" paraf=\"Kasi Trantibum\">"
	    "<judul>LAPORAN PENANGANAN PENGADUAN</judul>"
	    "<grafik ukuran=\"saluran\">Menurut saluran</grafik></laporan>",
	    &e);
	if (d == NULL)
		fail_msg("%ld: %s", e.line, e.msg);
	assert_int_equal(d->sumber, RDEF_PENGADUAN);
	assert_string_equal(d->ukuran, "saluran");
	assert_null(d->desa);
	assert_string_equal(rdef_sumber_name(d->sumber), "pengaduan");
	rdef_free(d);
	/* A register report without its chart, with indicators, or of an
	 * unknown source; a layanan chart of a complaint measure. */
	const char *bad[] = {
		"<laporan sumber=\"layanan\" bagian=\"layanan\" klasifikasi=\"1\" "
		"paraf=\"P\"><judul>J</judul></laporan>",
		"<laporan sumber=\"layanan\" bagian=\"layanan\" klasifikasi=\"1\" "
		"paraf=\"P\"><judul>J</judul><indikator kode=\"a\" satuan=\"x\" "
		"kolom=\"A\">A</indikator><grafik ukuran=\"median\">G</grafik>"
		"</laporan>",
		"<laporan sumber=\"sensus\" bagian=\"sensus\" klasifikasi=\"1\" "
		"paraf=\"P\"><judul>J</judul><grafik ukuran=\"median\">G</grafik>"
		"</laporan>",
		"<laporan sumber=\"layanan\" bagian=\"layanan\" klasifikasi=\"1\" "
		"paraf=\"P\"><judul>J</judul><grafik ukuran=\"saluran\">G"
		"</grafik></laporan>",
		"<laporan sumber=\"desa\" bagian=\"uji\" klasifikasi=\"1\" "
		"paraf=\"P\"><judul>J</judul><grafik ukuran=\"median\">G</grafik>"
		"</laporan>",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		if ((d = parse(bad[i], &e)) != NULL)
			fail_msg("bad[%zu] accepted", i);
		assert_int_equal(e.status, EX_CONFIG);
	}
	/* Without the schema, the code still refuses an unknown source. */
	memset(&e, 0, sizeof(e));
	d = rdef_parse("x.xml", bad[2], strlen(bad[2]), NULL, &e);
	assert_null(d);
	assert_non_null(strstr(e.msg, "unknown sumber"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_shipped),
		cmocka_unit_test(t_sources),
	};

	doc_init();
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	doc_cleanup();
	return rc;
}
