/* test_num.c -- letter number formats. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "num.h"

static void
t_default(void **state)
{
	struct num_vars v = { "470", 12, "406.13", 2025, 1 };
	char buf[128];

	(void)state;
	assert_int_equal(num_format("{kode}/{urut:04}/{unit}/{tahun}", &v, buf,
	    sizeof(buf), NULL), 0);
	assert_string_equal(buf, "470/0012/406.13/2025");
}

static void
t_roman_month(void **state)
{
	struct num_vars v = { "140", 1, "TGR", 2021, 7 };
	char buf[128];

	(void)state;
	assert_int_equal(num_format("{kode}/{urut:03}/{unit}/{bulan_romawi}/"
	    "{tahun}", &v, buf, sizeof(buf), NULL), 0);
	assert_string_equal(buf, "140/001/TGR/VII/2021");
	v.bulan = 12;
	v.urut = 12345;
	assert_int_equal(num_format("{urut:03}-{bulan}", &v, buf, sizeof(buf),
	    NULL), 0);
	assert_string_equal(buf, "12345-12");	/* never cut */
}

static void
t_errors(void **state)
{
	struct num_vars v = { "470", 1, "406.13", 2025, 1 };
	struct nerr e;
	char buf[16];

	(void)state;
	assert_int_equal(num_format("{kode}/{tahun}", &v, buf, sizeof(buf), &e),
	    -1);
	assert_non_null(strstr(e.msg, "no {urut}"));
	assert_int_equal(num_format("{kode}/{urut}/{nope}", &v, buf,
	    sizeof(buf), &e), -1);
	assert_non_null(strstr(e.msg, "unknown {nope}"));
	assert_int_equal(num_format("{urut", &v, buf, sizeof(buf), &e), -1);
	assert_int_equal(num_format("{kode}/{urut}/{unit}/{unit}/{unit}", &v,
	    buf, sizeof(buf), &e), -1);		/* does not fit 16 bytes */
	assert_int_equal(num_check("{kode}/{urut:04}/{unit}/{tahun}", &e), 0);
	assert_int_equal(num_check("{urut:0}", &e), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_default),
		cmocka_unit_test(t_roman_month),
		cmocka_unit_test(t_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
