/* test_fields.c -- the field table (templates/fields.xml and broken
 * variants of it), the canonical and printed forms of values, what the
 * program needs of the table, and the row hash's versions. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fields.h"
#include "fill.h"
#include "sha256.h"

#define RNG	"templates/schema/fields.rng"

static char tmpdir[] = "/tmp/test_fields.XXXXXX";

/* A fields.xml of the given <kolom>s, loaded; e says why not. */
static struct fields *
load(const char *body, struct nerr *e)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/fields.xml", tmpdir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fprintf(fp, "<?xml version=\"1.0\"?>\n<register>\n%s</register>\n",
	    body);
	fclose(fp);
	memset(e, 0, sizeof(*e));
	return fields_load(path, RNG, e);
}

/* The fields the program reads, for a table check_new accepts. */
static const char core[] =
    "<kolom nama=\"no_register\" jenis=\"teks\" wajib=\"ya\" label=\"No\"/>\n"
    "<kolom nama=\"tanggal\" jenis=\"tanggal\" wajib=\"ya\" label=\"Tgl\"/>\n"
    "<kolom nama=\"layanan\" jenis=\"layanan\" wajib=\"ya\" label=\"L\"/>\n"
    "<kolom nama=\"nik\" jenis=\"nik\" wajib=\"ya\" label=\"NIK\"/>\n"
    "<kolom nama=\"nama\" jenis=\"teks\" wajib=\"ya\" label=\"Nama\"/>\n"
    "<kolom nama=\"kode_desa\" jenis=\"desa\" wajib=\"ya\" label=\"D\"/>\n"
    "<kolom nama=\"kelengkapan\" jenis=\"teks\" wajib=\"kolom\" "
    "label=\"K\"/>\n";

static void
t_real_table(void **state)
{
	struct nerr e;
	struct fields *t = fields_load("templates/fields.xml", RNG, &e);
	const struct field *f;
	char out[128];

	(void)state;
	assert_non_null(t);
	assert_int_equal(fields_count(t), 29);
	f = fields_at(t, (size_t)fields_find(t, "jenis_legalisasi"));
	assert_int_equal(f->type, FT_PILIHAN);
	assert_string_equal(fields_code(f, "WARIS")->label,
	    "Surat Keterangan Waris");
	assert_null(fields_code(f, "akta"));
	fields_print(f, " waris ", out, sizeof(out));
	assert_string_equal(out, "Surat Keterangan Waris");
	fields_norm(f, " Waris", out, sizeof(out));
	assert_string_equal(out, "waris");
	f = fields_at(t, (size_t)fields_find(t, "jenis_kelamin"));
	fields_print(f, "p", out, sizeof(out));
	assert_string_equal(out, "Perempuan");
	f = fields_at(t, (size_t)fields_find(t, "tanggal_lahir"));
	fields_print(f, "05/06/1985", out, sizeof(out));
	assert_string_equal(out, "5 Juni 1985");
	fields_norm(f, "05-06-1985 ", out, sizeof(out));
	assert_string_equal(out, "1985-06-05");
	f = fields_at(t, (size_t)fields_find(t, "rt"));
	fields_print(f, "3", out, sizeof(out));
	assert_string_equal(out, "003");
	fields_norm(f, "003", out, sizeof(out));
	assert_string_equal(out, "3");
	f = fields_at(t, (size_t)fields_find(t, "jam"));
	fields_norm(f, "8:05", out, sizeof(out));
	assert_string_equal(out, "08:05");
	f = fields_at(t, (size_t)fields_find(t, "petugas"));
	fields_print(f, "", out, sizeof(out));
	assert_string_equal(out, "(................................)");
	fields_print(f, " Sari ", out, sizeof(out));
	assert_string_equal(out, " Sari ");	/* text prints as typed */
	assert_int_equal(fields_find(t, "warna"), -1);
	fields_free(t);
}

/* What the schema cannot see, named with its line; names read as the
 * schema's token type reads them. */
static void
t_table_errors(void **state)
{
	struct fields *t;
	struct nerr e;

	(void)state;
	t = load("<kolom nama=\" nik\t\" jenis=\"nik\" label=\"NIK\"/>\n", &e);
	assert_non_null(t);
	assert_int_equal(fields_find(t, "nik"), 0);
	fields_free(t);

	t = load("<kolom nama=\"a\" jenis=\"teks\" label=\"A\"/>\n"
	    "<kolom nama=\"a\" jenis=\"tanggal\" label=\"A\"/>\n", &e);
	assert_null(t);
	assert_int_equal(e.status, EX_CONFIG);
	assert_int_equal(e.line, 4);
	assert_non_null(strstr(e.msg, "\"a\" defined twice"));

	t = load("<kolom nama=\"a_cetak\" jenis=\"teks\" label=\"A\"/>\n", &e);
	assert_null(t);
	assert_non_null(strstr(e.msg, "_cetak"));

	t = load("<kolom nama=\"a\" jenis=\"angka\" digit-min=\"4\" "
	    "digit-maks=\"3\" label=\"A\"/>\n", &e);
	assert_null(t);
	assert_int_equal(e.line, 3);

	t = load("<kolom nama=\"a\" jenis=\"pilihan\" label=\"A\"><nilai "
	    "kode=\"x\">X</nilai>\n<nilai kode=\"X\"/></kolom>\n", &e);
	assert_null(t);
	assert_int_equal(e.line, 4);

	/* The schema: an unknown type, an upper-case name. */
	t = load("<kolom nama=\"a\" jenis=\"warna\" label=\"A\"/>\n", &e);
	assert_null(t);
	assert_int_equal(e.status, EX_CONFIG);
	t = load("<kolom nama=\"Nama\" jenis=\"teks\" label=\"A\"/>\n", &e);
	assert_null(t);
}

/* The fields the program reads must be there, of their type and need. */
static void
t_check_new(void **state)
{
	char body[4096];
	struct fields *t;
	struct check *ck;
	struct nerr e;

	(void)state;
	t = load(core, &e);
	assert_non_null(t);
	ck = check_new(t, &e);
	assert_non_null(ck);
	assert_int_equal(check_index(ck, CK_JENIS_KELAMIN), -1);
	assert_int_equal(check_required_column(ck, 6), 1);	/* kelengkapan */
	check_free(ck);
	fields_free(t);

	/* No nik. */
	snprintf(body, sizeof(body), "%s", core);
	memcpy(strstr(body, "\"nik\" jenis"), "\"nyk\"", 5);
	t = load(body, &e);
	assert_non_null(t);
	assert_null(check_new(t, &e));
	assert_int_equal(e.status, EX_CONFIG);
	assert_non_null(strstr(e.msg, "no field \"nik\""));
	fields_free(t);

	/* tanggal of another type. */
	snprintf(body, sizeof(body), "%s", core);
	memcpy(strstr(body, "\"tanggal\" wajib"), "\"teks\"   ", 9);
	t = load(body, &e);
	assert_non_null(t);
	assert_null(check_new(t, &e));
	assert_int_equal(e.line, 4);
	assert_non_null(strstr(e.msg, "tanggal must be of jenis tanggal"));
	fields_free(t);

	/* jenis_kelamin without P, or before the NIK. */
	snprintf(body, sizeof(body), "%s<kolom nama=\"jenis_kelamin\" "
	    "jenis=\"pilihan\" label=\"JK\"><nilai kode=\"L\"/><nilai "
	    "kode=\"W\"/></kolom>\n", core);
	t = load(body, &e);
	assert_null(check_new(t, &e));
	assert_non_null(strstr(e.msg, "codes L and P"));
	fields_free(t);
	snprintf(body, sizeof(body), "<kolom nama=\"jenis_kelamin\" "
	    "jenis=\"pilihan\" label=\"JK\"><nilai kode=\"L\"/><nilai "
	    "kode=\"P\"/></kolom>\n%s", core);
	t = load(body, &e);
	assert_null(check_new(t, &e));
	assert_non_null(strstr(e.msg, "in this order"));
	fields_free(t);
}

/* Version 1 hashes (naskah before fields.xml) are compared the way they
 * were made: the 28 columns of that time, as typed, whatever the table
 * has now. */
static void
t_hash_versions(void **state)
{
	static const char *const v1[] = {
		"no_register", "tanggal", "jam", "layanan", "nik", "nama",
		"jenis_kelamin", "tempat_lahir", "tanggal_lahir", "agama",
		"status_perkawinan", "pekerjaan", "alamat", "rt", "rw",
		"kode_desa", "no_kk", "keperluan", "kelengkapan",
		"nomor_pengantar", "jenis_legalisasi", "perihal", "uraian",
		"saluran", "pendamping", "pihak_terkait", "jam_selesai",
		"petugas"
	};
	static struct desa desa[] = { { "35.03.13.2006", "Durenan", 0 } };
	struct kantor k = { 0 };
	struct sop_set *ss;
	struct fields *t;
	struct check *ck;
	struct fill *f;
	struct nerr e;
	struct app a;
	char canon[4096], old[65], h1[FILL_HASH_SZ], h2[FILL_HASH_SZ];
	size_t n = 0;
	char body[4096];

	(void)state;
	k.kecamatan = "Durenan";
	k.desa = desa;
	k.ndesa = 1;
	ss = sop_load_dir("templates/sop", "templates/schema/sop.rng", &e);
	assert_non_null(ss);
	/* The real table and one more field. */
	t = fields_load("templates/fields.xml", RNG, &e);
	assert_non_null(t);
	ck = check_new(t, &e);
	f = fill_new(ck, &k, "/nonexistent", &e);
	assert_non_null(f);
	memset(&a, 0, sizeof(a));
	a.ck = ck;
	for (size_t i = 0; i < fields_count(t); i++)
		a.v[i] = "";
	a.v[fields_find(t, "no_register")] = "P1";
	a.v[fields_find(t, "tanggal")] = "2025-01-20";
	a.v[fields_find(t, "layanan")] = "pengaduan";
	a.v[fields_find(t, "nik")] = "3503130101900001";
	a.v[fields_find(t, "nama")] = "Slamet";
	a.v[fields_find(t, "uraian")] = "jalan rusak";
	a.v[fields_find(t, "saluran")] = "sms";
	a.v[fields_find(t, "petugas")] = "Sari";
	a.status = APP_PENGADUAN;
	a.sop = sop_find(ss, "pengaduan");
	for (size_t i = 0; i < sizeof(v1) / sizeof(v1[0]); i++) {
		int j = fields_find(t, v1[i]);

		n += (size_t)snprintf(canon + n, sizeof(canon) - n, "%s=%s\n",
		    v1[i], a.v[j]);
	}
	sha256_hex(canon, n, old);
	fill_hash(f, &a, h1);
	assert_int_equal(strncmp(h1, "2:", 2), 0);
	assert_int_equal(strlen(h1), 66);
	assert_true(fill_hash_same(f, &a, old, h1));
	assert_true(fill_hash_same(f, &a, h1, h1));
	/* The pengaduan's event makes documents (receipt, disposition
	 * sheet): without the start-up check to learn what they print,
	 * every field counts. */
	a.v[fields_find(t, "jam_selesai")] = "09:30";
	fill_hash(f, &a, h2);
	assert_string_not_equal(h1, h2);
	assert_false(fill_hash_same(f, &a, old, h2));	/* v1 saw it */
	a.v[fields_find(t, "jam_selesai")] = "";
	/* One the SOP names. */
	a.v[fields_find(t, "uraian")] = "jalan rusak parah";
	fill_hash(f, &a, h2);
	assert_string_not_equal(h1, h2);
	fill_free(f);
	check_free(ck);
	fields_free(t);

	/* A table without half the old columns still reads version 1. */
	snprintf(body, sizeof(body), "%s", core);
	t = load(body, &e);
	ck = check_new(t, &e);
	f = fill_new(ck, &k, "/nonexistent", &e);
	memset(&a, 0, sizeof(a));
	a.ck = ck;
	for (size_t i = 0; i < fields_count(t); i++)
		a.v[i] = "x";
	n = 0;
	for (size_t i = 0; i < sizeof(v1) / sizeof(v1[0]); i++)
		n += (size_t)snprintf(canon + n, sizeof(canon) - n, "%s=%s\n",
		    v1[i], fields_find(t, v1[i]) >= 0 ? "x" : "");
	sha256_hex(canon, n, old);
	assert_true(fill_hash_same(f, &a, old, "2:0"));
	fill_free(f);
	check_free(ck);
	fields_free(t);
	sop_set_free(ss);
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) == NULL;
}

static int
teardown(void **state)
{
	char path[256];

	(void)state;
	snprintf(path, sizeof(path), "%s/fields.xml", tmpdir);
	unlink(path);
	rmdir(tmpdir);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_real_table),
		cmocka_unit_test(t_table_errors),
		cmocka_unit_test(t_check_new),
		cmocka_unit_test(t_hash_versions),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
