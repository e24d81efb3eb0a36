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
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
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
	struct pdf *p;

	(void)state;
	if (pdf_lib_check(&e) != 0)
		fail_msg("pdf_lib_check: %s", e.msg);
	if (csvr_lib_check(&e) != 0)
		fail_msg("csvr_lib_check: %s", e.msg);
	/* pdf_new checks the font records it reads (font_init). */
	if ((p = pdf_new("fonts", &e)) == NULL)
		fail_msg("pdf_new: %s", e.msg);
	pdf_free(p);
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
	/* The embedded fonts' files (font_init, font_file, font_embed) and
	 * the forms' and QR image's object class (form_draw, draw_qr). */
	assert_int_equal(offsetof(HPDF_Dict_Rec, header.obj_class), 6);
	assert_int_equal(offsetof(HPDF_Doc_Rec, xref), 32);
	assert_int_equal(offsetof(HPDF_FontAttr_Rec, fontdef), 24);
	assert_int_equal(sizeof(HPDF_FontAttr_Rec), 88);
	assert_int_equal(offsetof(HPDF_FontDef_Rec, type), 152);
	assert_int_equal(offsetof(HPDF_FontDef_Rec, ascent), 184);
	assert_int_equal(offsetof(HPDF_FontDef_Rec, font_bbox), 192);
	assert_int_equal(offsetof(HPDF_FontDef_Rec, cap_height), 222);
	assert_int_equal(offsetof(HPDF_FontDef_Rec, descriptor), 224);
	assert_int_equal(offsetof(HPDF_FontDef_Rec, attr), 248);
	assert_int_equal(sizeof(HPDF_FontDef_Rec), 256);
	assert_int_equal(offsetof(HPDF_TTFontDefAttr_Rec, char_set), 136);
	assert_int_equal(offsetof(HPDF_TTFontDefAttr_Rec, glyph_tbl.flgs),
	    240);
	assert_int_equal(offsetof(HPDF_TTFontDefAttr_Rec, num_glyphs), 248);
	assert_int_equal(offsetof(HPDF_TTFontDefAttr_Rec, length1), 408);
	assert_int_equal(offsetof(HPDF_TTFontDefAttr_Rec, embedding), 412);
	assert_int_equal(sizeof(HPDF_TTFontDefAttr_Rec), 432);
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
