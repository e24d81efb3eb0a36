/* test_sdjenis.c -- surat dinas types as data: every shipped type loads
 * against the shipped schema with its code, body, lampiran columns and
 * route of paraf; a type whose jenis is not its file's name, or with an
 * unknown column format, is refused naming the file. */
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

#include "doc.h"
#include "sdjenis.h"

#define RNG	"templates/schema/surat-dinas.rng"

static void
t_shipped(void **state)
{
	static const char *const want[] = { "izin_cuti",
	    "pengantar_dokumen_perencanaan", "surat_dinas",
	    "usulan_kenaikan_pangkat", "usulan_kgb", "usulan_pensiun" };
	struct nerr e = { 0 };
	struct sdj_set *s = sdj_load_dir("templates/surat-dinas", RNG, &e);
	const struct sdj *t;

	(void)state;
	if (s == NULL)
		fprintf(stderr, "%s:%ld: %s\n", e.file, e.line, e.msg);
	assert_non_null(s);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_non_null(t = sdj_at(s, i));
		assert_string_equal(t->jenis, want[i]);
		assert_true(t->nparaf >= 2);
		assert_string_equal(t->paraf[t->nparaf - 1].jabatan, "camat");
		assert_string_equal(t->signer, "camat");
	}
	assert_null(sdj_at(s, 6));
	t = sdj_find(s, "usulan_kgb");
	assert_string_equal(t->kode, "800.1.11.13");
	assert_int_equal(t->lampiran, SDJ_LAMP_WAJIB);
	assert_string_equal(t->isi, "surat-dinas/isi/usulan_kgb.xml");
	assert_int_equal(t->nkol, 7);
	assert_string_equal(t->kol[4].nama, "gaji_pokok_lama");
	assert_int_equal(t->kol[4].format, SDJ_RUPIAH);
	assert_int_equal(t->kol[6].format, SDJ_TANGGAL);
	assert_int_equal(t->kol[0].format, SDJ_TEKS);
	t = sdj_find(s, "surat_dinas");
	assert_null(t->isi);
	assert_int_equal(t->lampiran, SDJ_LAMP_BOLEH);
	assert_int_equal(t->nkol, 0);
	assert_null(sdj_find(s, "usulan_mutasi"));
	sdj_set_free(s);
}

/* dir/name holding xml. */
static void
put(const char *dir, const char *name, const char *xml)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(fp = fopen(path, "w"));
	fputs(xml, fp);
	fclose(fp);
}

static void
t_refused(void **state)
{
	char dir[] = "/tmp/test_sdjenis.XXXXXX", path[512];
	struct nerr e = { 0 };
	struct sdj_set *s;

	(void)state;
	assert_non_null(mkdtemp(dir));
	put(dir, "usulan_x.xml", "<surat-dinas jenis=\"usulan_y\" "
	    "kode=\"800.1\"><nama>X</nama><isi bebas=\"ya\"/><paraf><oleh "
	    "jabatan=\"camat\" sebutan=\"Camat\"/></paraf></surat-dinas>\n");
	s = sdj_load_dir(dir, RNG, &e);
	assert_null(s);
	assert_int_equal(e.status, EX_CONFIG);
	assert_non_null(strstr(e.file, "usulan_x.xml"));
	assert_non_null(strstr(e.msg, "not the file's own name"));
	put(dir, "usulan_x.xml", "<surat-dinas jenis=\"usulan_x\" "
	    "kode=\"800.1\"><nama>X</nama><isi bebas=\"ya\"/><lampiran "
	    "judul=\"L\"><kolom nama=\"a\" judul=\"A\" format=\"uang\"/>"
	    "</lampiran><paraf><oleh jabatan=\"camat\" sebutan=\"Camat\"/>"
	    "</paraf></surat-dinas>\n");
	memset(&e, 0, sizeof(e));
	assert_null(sdj_load_dir(dir, RNG, &e));
	assert_int_equal(e.status, EX_CONFIG);
	assert_non_null(strstr(e.file, "usulan_x.xml"));
	snprintf(path, sizeof(path), "%s/usulan_x.xml", dir);
	unlink(path);
	/* No types at all: an office without surat dinas. */
	assert_non_null(s = sdj_load_dir(dir, RNG, &e));
	assert_null(sdj_at(s, 0));
	sdj_set_free(s);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_shipped),
		cmocka_unit_test(t_refused),
	};

	doc_init();
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	doc_cleanup();
	return rc;
}
