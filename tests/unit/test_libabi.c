/* test_libabi.c -- pdf.c and csvr.c read private records of libharu and
 * libcsv (pinned to 2.3.0 and 3.0.3 at build time by #error): this fails
 * if the library under them changes.  The run-time checks the program
 * itself runs (pdf_lib_check, csvr_lib_check) must pass, and the records'
 * layout compiled in must be the one those versions have on this
 * platform, as recorded here when the code was written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <csv.h>
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include "csvr.h"
#include "pdf.h"

static void
test_versions(void **state)
{
	(void)state;
	assert_string_equal(HPDF_GetVersion(), "2.3.0");
	assert_string_equal(HPDF_VERSION_TEXT, "2.3.0");
	assert_int_equal(CSV_MAJOR * 10000 + CSV_MINOR * 100 + CSV_RELEASE,
	    30003);
}

/* What the program checks on start: the loaded libraries' records
 * behave as the code reading them expects. */
static void
test_runtime_checks(void **state)
{
	struct nerr e = { 0 };

	(void)state;
	if (pdf_lib_check(&e) != 0)
		fail_msg("pdf_lib_check: %s", e.msg);
	if (csvr_lib_check(&e) != 0)
		fail_msg("csvr_lib_check: %s", e.msg);
}

/* The fields pdf.c and csvr.c read, where libharu 2.3.0 and libcsv 3.0.3
 * have them on x86-64 Linux (LP64).  A changed header moves them. */
static void
test_record_layout(void **state)
{
	(void)state;
#if defined(__x86_64__) && defined(__LP64__)
	assert_int_equal(offsetof(HPDF_Doc_Rec, mmgr), 8);
	assert_int_equal(offsetof(HPDF_Doc_Rec, stream), 192);
	assert_int_equal(sizeof(HPDF_Doc_Rec), 200);
	assert_int_equal(offsetof(HPDF_Dict_Rec, mmgr), 8);
	assert_int_equal(offsetof(HPDF_Dict_Rec, write_fn), 40);
	assert_int_equal(offsetof(HPDF_Dict_Rec, stream), 64);
	assert_int_equal(offsetof(HPDF_Dict_Rec, filter), 72);
	assert_int_equal(offsetof(HPDF_Dict_Rec, attr), 88);
	assert_int_equal(sizeof(HPDF_Dict_Rec), 96);
	assert_int_equal(offsetof(HPDF_PageAttr_Rec, contents), 96);
	assert_int_equal(offsetof(HPDF_PageAttr_Rec, stream), 104);
	assert_int_equal(sizeof(HPDF_PageAttr_Rec), 136);
	assert_int_equal(offsetof(HPDF_Stream_Rec, attr), 80);
	assert_int_equal(sizeof(HPDF_Stream_Rec), 88);
	assert_int_equal(offsetof(struct csv_parser, pstate), 0);
	assert_int_equal(offsetof(struct csv_parser, quoted), 4);
	assert_int_equal(offsetof(struct csv_parser, spaces), 8);
	assert_int_equal(offsetof(struct csv_parser, entry_buf), 16);
	assert_int_equal(offsetof(struct csv_parser, entry_pos), 24);
	assert_int_equal(offsetof(struct csv_parser, quote_char), 45);
	assert_int_equal(sizeof(struct csv_parser), 96);
#else
	skip();
#endif
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_runtime_checks),
		cmocka_unit_test(test_record_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
