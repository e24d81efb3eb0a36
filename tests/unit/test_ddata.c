/* test_ddata.c -- the desa monthly data reader and section definitions:
 * good files in both delimiters, every kind of file error with its line,
 * plausibility rules, ranking and formats, and definitions that refer to
 * indicators they never declare. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ddata.h"
#include "doc.h"

static const char defxml[] =
"<laporan bagian=\"uji\" klasifikasi=\"300\" kasi=\"kasi_trantibum\" "
"paraf=\"Kasi Uji\"><judul>DATA UJI</judul>"
"<indikator kode=\"a\" satuan=\"kali\" kolom=\"A\">Indikator A</indikator>"
"<indikator kode=\"b\" satuan=\"kali\" kolom=\"B\">Indikator B</indikator>"
"<indikator kode=\"uang\" satuan=\"rupiah\" jenis=\"rupiah\" kolom=\"U\">"
"Uang</indikator>"
"<tabel judul=\"T\"><kolom indikator=\"a\"/>"
"<kolom indikator=\"a\" per=\"b\" judul=\"%\" urutkan=\"ya\"/>"
"<kolom indikator=\"a b\" judul=\"Jumlah\"/></tabel>"
"<angka indikator=\"a\" per=\"b\">A dari B</angka>"
"<grafik indikator=\"a\">A per desa</grafik>"
"<wajar kecil=\"a\" besar=\"b\">a lebih dari b</wajar></laporan>";

static struct ddata_def *def;

static int
setup(void **state)
{
	struct nerr e = { 0 };

	(void)state;
	doc_init();
	def = ddata_def_parse("def.xml", defxml, strlen(defxml), NULL, &e);
	if (def == NULL)
		fail_msg("definition refused: %s", e.msg);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ddata_def_free(def);
	return 0;
}

static int
read_str(const char *csv, struct ddata_file *f)
{
	struct nerr e = { 0 };

	return ddata_read_mem(def, "desa.csv", csv, strlen(csv), f, &e);
}

static void
t_def(void **state)
{
	(void)state;
	assert_int_equal(def->nind, 3);
	assert_string_equal(def->judul, "DATA UJI");
	assert_int_equal(def->ntab, 1);
	assert_int_equal(def->tab[0].ncol, 3);
	assert_int_equal(def->tab[0].rank, 1);
	assert_string_equal(def->tab[0].col[0].judul, "A");
	assert_int_equal(def->tab[0].col[2].nnum, 2);
	assert_int_equal(def->nrule, 1);
	assert_int_equal(def->ind[2].kind, DDATA_RUPIAH);
	assert_int_equal(ddata_ind_find(def, "b"), 1);
	assert_int_equal(ddata_ind_find(def, "c"), -1);
}

static void
def_bad(const char *from, const char *to)
{
	char buf[4096];
	const char *p = strstr(defxml, from);
	struct nerr e = { 0 };
	struct ddata_def *d;

	assert_non_null(p);
	snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(p - defxml), defxml, to,
	    p + strlen(from));
	d = ddata_def_parse("bad.xml", buf, strlen(buf), NULL, &e);
	if (d != NULL)
		fail_msg("accepted with %s -> %s", from, to);
	assert_int_equal(e.status, EX_CONFIG);
}

static void
t_def_bad(void **state)
{
	(void)state;
	def_bad("<kolom indikator=\"a\"/>", "<kolom indikator=\"zz\"/>");
	def_bad("per=\"b\" judul", "per=\"nope\" judul");
	def_bad("kecil=\"a\"", "kecil=\"x\"");
	def_bad("<grafik indikator=\"a\">A per desa</grafik>", "");
	def_bad("<kolom indikator=\"a b\" judul=\"Jumlah\"/>",
	    "<kolom indikator=\"a b\"/>");
	def_bad("kode=\"b\"", "kode=\"a\"");
}

static void
t_good(void **state)
{
	struct ddata_file f;

	(void)state;
	assert_int_equal(read_str("indikator,nilai,keterangan\n"
	    "a,3,\nb,4,catatan\nuang,1.250.000,\n", &f), 0);
	assert_int_equal(f.v[0], 3);
	assert_int_equal(f.v[1], 4);
	assert_int_equal(f.v[2], 1250000);
	assert_null(f.ket[0]);
	assert_string_equal(f.ket[1], "catatan");
	assert_int_equal(f.nwarn, 0);
	ddata_file_clear(&f);
	/* The Indonesian spreadsheet: BOM, ';', CRLF, any order and case,
	 * no keterangan column. */
	assert_int_equal(read_str("\xEF\xBB\xBFNilai;INDIKATOR\r\n"
	    "1250000;uang\r\n0; B \r\n\r\n7;a\r\n", &f), 0);
	assert_int_equal(f.v[0], 7);
	assert_int_equal(f.v[1], 0);
	assert_int_equal(f.v[2], 1250000);
	ddata_file_clear(&f);
}

static void
bad_is(const char *csv, long line, const char *needle)
{
	struct ddata_file f;

	assert_int_equal(read_str(csv, &f), 1);
	assert_true(f.nerr >= 1);
	if (f.err[0].line != line)
		fail_msg("%s: line %ld, want %ld", needle, f.err[0].line, line);
	if (strstr(f.err[0].msg, needle) == NULL)
		fail_msg("\"%s\" lacks \"%s\"", f.err[0].msg, needle);
	assert_true(f.err[0].teks[0] != '\0');
	ddata_file_clear(&f);
}

static void
t_bad(void **state)
{
	(void)state;
	bad_is("indikator,nilai\na,1\nb,dua belas\nuang,5\n", 3,
	    "not a whole number");
	bad_is("indikator,nilai\na,1\nb,2\nuang,5\nzz,1\n", 5,
	    "unknown indikator");
	bad_is("indikator,nilai\na,1\nb,2\na,3\nuang,5\n", 4, "repeated");
	bad_is("indikator,nilai\na,1\nb,-2\nuang,5\n", 3, "nilai \"-2\" of b "
	    "is negative");
	bad_is("indikator,nilai\na,1\nb,2,5\nuang,5\n", 3, "");
	bad_is("indikator,nilai\na,1\nb,2\nuang,1.25.000\n", 4,
	    "whole number");
	bad_is("indikator,nilai\na,1\nb,\nuang,5\n", 3, "whole number");
	bad_is("indikator,nilai\na,1\nuang,5\n", 0, "\"b\" is missing");
	bad_is("indikator,angka\na,1\nb,2\nuang,5\n", 1, "nilai");
	bad_is("indikator,nilai\na,1\nb,2\nuang,9999999999999999\n", 4,
	    "above the limit of 999.999.999.999.999");
	bad_is("indikator;nilai\na;1\nb;2\nuang;Rp 1.250.000,50\n", 4,
	    "nilai \"Rp 1.250.000,50\" of uang has a fraction of a rupiah");
	bad_is("indikator;nilai\na;1,5\nb;2\nuang;5\n", 2, "nilai \"1,5\" "
	    "of a is not a whole number");
	bad_is("indikator;nilai\na;Rp 1\nb;2\nuang;5\n", 2, "in rupiah, but "
	    "a counts kali");
	bad_is("", 0, "");
}

/* Every way a spreadsheet writes a whole rupiah, and what is not one. */
static void
t_nilai(void **state)
{
	static const struct {
		const char	*s;
		enum ddata_num	 want;
		uint64_t	 v;
	} c[] = {
		{ "1250000", DDATA_NUM_OK, 1250000 },
		{ " 1.250.000 ", DDATA_NUM_OK, 1250000 },
		{ "250.000.000,00", DDATA_NUM_OK, 250000000 },
		{ "250.000.000,0", DDATA_NUM_OK, 250000000 },
		{ "Rp 250.000.000", DDATA_NUM_OK, 250000000 },
		{ "Rp250.000.000", DDATA_NUM_OK, 250000000 },
		{ "rp. 250.000.000,00", DDATA_NUM_OK, 250000000 },
		{ "RP\xC2\xA0" "1.250.000,-", DDATA_NUM_OK, 1250000 },
		{ "Rp 1.250.000,-", DDATA_NUM_OK, 1250000 },
		{ "250000000.00", DDATA_NUM_OK, 250000000 },
		{ "250000000.0", DDATA_NUM_OK, 250000000 },
		{ "250000000,00", DDATA_NUM_OK, 250000000 },
		{ "1.250", DDATA_NUM_OK, 1250 },
		{ "0", DDATA_NUM_OK, 0 },
		{ "0,00", DDATA_NUM_OK, 0 },
		{ "-0", DDATA_NUM_OK, 0 },
		{ "+7", DDATA_NUM_OK, 7 },
		{ "999.999.999.999.999", DDATA_NUM_OK, 999999999999999ULL },
		{ "999999999999999,00", DDATA_NUM_OK, 999999999999999ULL },
		/* A fraction of a rupiah. */
		{ "250.000.000,50", DDATA_NUM_FRACTION, 0 },
		{ "Rp 1.250.000,05", DDATA_NUM_FRACTION, 0 },
		{ "1250000.50", DDATA_NUM_FRACTION, 0 },
		{ "1250000.5", DDATA_NUM_FRACTION, 0 },
		{ "0,5", DDATA_NUM_FRACTION, 0 },
		{ "1.25", DDATA_NUM_FRACTION, 0 },
		/* Negative, however written. */
		{ "-5", DDATA_NUM_NEGATIVE, 0 },
		{ "- 5", DDATA_NUM_NEGATIVE, 0 },
		{ "-Rp 5.000", DDATA_NUM_NEGATIVE, 0 },
		{ "Rp -5.000", DDATA_NUM_NEGATIVE, 0 },
		{ "(Rp 5.000)", DDATA_NUM_NEGATIVE, 0 },
		{ "(5)", DDATA_NUM_NEGATIVE, 0 },
		{ "-0,5", DDATA_NUM_NEGATIVE, 0 },
		/* Too big: the limit named, not "not a number". */
		{ "1.000.000.000.000.000", DDATA_NUM_TOOBIG, 0 },
		{ "1000000000000000", DDATA_NUM_TOOBIG, 0 },
		{ "99999999999999999999999999", DDATA_NUM_TOOBIG, 0 },
		/* Not a number. */
		{ "", DDATA_NUM_BAD, 0 },
		{ "  ", DDATA_NUM_BAD, 0 },
		{ "Rp", DDATA_NUM_BAD, 0 },
		{ "Rp ,50", DDATA_NUM_BAD, 0 },
		{ "dua belas", DDATA_NUM_BAD, 0 },
		{ "1.25.000", DDATA_NUM_BAD, 0 },
		{ "12.50.000", DDATA_NUM_BAD, 0 },
		{ "0.100", DDATA_NUM_BAD, 0 },
		{ "01.000", DDATA_NUM_BAD, 0 },
		{ "1.250.000.00", DDATA_NUM_BAD, 0 },
		{ "1.250.00", DDATA_NUM_BAD, 0 },
		{ "1250.000.00", DDATA_NUM_BAD, 0 },
		{ "1,250,000", DDATA_NUM_BAD, 0 },
		{ "1.250,00,00", DDATA_NUM_BAD, 0 },
		{ "1.250,", DDATA_NUM_BAD, 0 },
		{ "1.250,0x", DDATA_NUM_BAD, 0 },
		{ "1 250 000", DDATA_NUM_BAD, 0 },
		{ "1250000.", DDATA_NUM_BAD, 0 },
		{ ".5", DDATA_NUM_BAD, 0 },
		{ "5 rupiah", DDATA_NUM_BAD, 0 },
		{ "1e6", DDATA_NUM_BAD, 0 },
		{ "--5", DDATA_NUM_BAD, 0 },
		{ ",-", DDATA_NUM_BAD, 0 },
	};
	uint64_t v;

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		enum ddata_num got;

		v = 12345;
		got = ddata_parse_nilai(c[i].s, DDATA_RUPIAH, &v);
		if (got != c[i].want)
			fail_msg("\"%s\": %d, want %d", c[i].s, got, c[i].want);
		if (got == DDATA_NUM_OK && v != c[i].v)
			fail_msg("\"%s\": %ju", c[i].s, (uintmax_t)v);
		if (got != DDATA_NUM_OK && v != 12345)
			fail_msg("\"%s\": value set on error", c[i].s);
	}
	/* A count takes the same forms, but not "Rp". */
	assert_int_equal(ddata_parse_nilai("1.250,00", DDATA_COUNT, &v),
	    DDATA_NUM_OK);
	assert_int_equal(v, 1250);
	assert_int_equal(ddata_parse_nilai("Rp 5", DDATA_COUNT, &v),
	    DDATA_NUM_RP);
	assert_int_equal(ddata_parse_nilai("Rp 5", DDATA_STATUS, &v),
	    DDATA_NUM_RP);
	assert_int_equal(ddata_parse_nilai("Rp -5", DDATA_COUNT, &v),
	    DDATA_NUM_NEGATIVE);
}

static void
t_warn(void **state)
{
	struct ddata_file f;

	(void)state;
	/* An unknown column is warned about, the file still good. */
	assert_int_equal(read_str("indikator,nilai,petugas\na,1,x\nb,2,y\n"
	    "uang,3,z\n", &f), 0);
	assert_int_equal(f.nwarn, 1);
	assert_int_equal(f.warn[0].col, 3);
	ddata_file_clear(&f);
	/* Excel's ";;;" and Windows-1252: read, each warned about once. */
	assert_int_equal(read_str("indikator;nilai;keterangan;;\n"
	    "a;1;Jos\xE9;;\nb;2;;;\nuang;Rp 3.000,00;;;\n", &f), 0);
	assert_int_equal(f.nwarn, 2);
	assert_non_null(strstr(f.warn[0].msg, "read as Windows-1252"));
	assert_int_equal(f.warn[0].line, 2);
	assert_int_equal(f.warn[0].col, 8);
	assert_non_null(strstr(f.warn[1].msg, "2 empty columns"));
	assert_string_equal(f.ket[0], "Jos\xC3\xA9");
	assert_int_equal(f.v[2], 3000);
	ddata_file_clear(&f);
	/* A keterangan the font cannot print is left out, not fatal. */
	assert_int_equal(read_str("indikator,nilai,keterangan\n"
	    "a,1,banjir \xF0\x9F\x8C\x8A\nb,2,\nuang,3,\n", &f), 0);
	assert_null(f.ket[0]);
	assert_int_equal(f.nwarn, 1);
	assert_non_null(strstr(f.warn[0].msg, "U+1F30A"));
	ddata_file_clear(&f);
}

static void
t_rules(void **state)
{
	uint64_t v[3] = { 5, 4, 0 }, n, d;

	(void)state;
	assert_true(ddata_rule_broken(def, 0, v));
	v[1] = 5;
	assert_false(ddata_rule_broken(def, 0, v));
	ddata_expr_eval(&def->tab[0].col[2], v, &n, &d);
	assert_int_equal(n, 10);
	assert_int_equal(d, 0);
	ddata_expr_eval(&def->ratio[0], v, &n, &d);
	assert_int_equal(n, 5);
	assert_int_equal(d, 5);
	/* Sums saturate. */
	v[0] = UINT64_MAX;
	ddata_expr_eval(&def->tab[0].col[2], v, &n, &d);
	assert_true(n == UINT64_MAX);
}

static void
t_ratio_cmp(void **state)
{
	(void)state;
	assert_int_equal(ddata_ratio_cmp(1, 2, 2, 4), 0);
	assert_true(ddata_ratio_cmp(1, 3, 1, 2) < 0);
	assert_true(ddata_ratio_cmp(3, 4, 1, 2) > 0);
	/* No denominator sorts lowest. */
	assert_true(ddata_ratio_cmp(0, 0, 0, 5) < 0);
	assert_true(ddata_ratio_cmp(0, 5, 9, 0) > 0);
	/* Products beyond 64 bits. */
	assert_true(ddata_ratio_cmp(UINT64_MAX, UINT64_MAX - 1,
	    UINT64_MAX - 1, UINT64_MAX - 2) < 0);
}

static void
t_format(void **state)
{
	char buf[64];

	(void)state;
	ddata_format(DDATA_COUNT, 1250, 0, buf, sizeof(buf));
	assert_string_equal(buf, "1.250");
	ddata_format(DDATA_RUPIAH, 1250000, 0, buf, sizeof(buf));
	assert_string_equal(buf, "Rp 1.250.000");
	ddata_format(DDATA_STATUS, 1, 0, buf, sizeof(buf));
	assert_string_equal(buf, "Sudah");
	ddata_format(DDATA_STATUS, 0, 0, buf, sizeof(buf));
	assert_string_equal(buf, "Belum");
	ddata_format(DDATA_STATUS, 12, 1, buf, sizeof(buf));
	assert_string_equal(buf, "12 desa");
}

/* The shipped definitions load against the shipped schema. */
static void
t_shipped(void **state)
{
	const char *b[] = { "trantibum", "kesra", "ekbang", "tapem" };
	struct nerr e = { 0 };
	struct doc_schema *s = doc_schema_load("templates/schema/laporan.rng",
	    &e);
	char path[256];

	(void)state;
	if (s == NULL)
		fail_msg("schema: %s", e.msg);
	for (size_t i = 0; i < 4; i++) {
		struct ddata_def *d;

		snprintf(path, sizeof(path), "templates/laporan/%s.xml", b[i]);
		if ((d = ddata_def_load(path, s, &e)) == NULL)
			fail_msg("%s: %ld: %s", path, e.line, e.msg);
		assert_string_equal(d->bagian, b[i]);
		ddata_def_free(d);
	}
	doc_schema_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_def),
		cmocka_unit_test(t_def_bad),
		cmocka_unit_test(t_good),
		cmocka_unit_test(t_bad),
		cmocka_unit_test(t_nilai),
		cmocka_unit_test(t_warn),
		cmocka_unit_test(t_rules),
		cmocka_unit_test(t_ratio_cmp),
		cmocka_unit_test(t_format),
		cmocka_unit_test(t_shipped),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
