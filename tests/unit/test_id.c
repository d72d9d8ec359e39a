/* test_id.c - record ids */
#include <string.h>

#include "unit.h"

static void
new_ids_are_hex(void **state)
{
	char a[WL_ID_LEN + 1], b[WL_ID_LEN + 1];
	struct wl_error e;

	(void)state;
	assert_int_equal(wl_id_new(a, &e), 0);
	assert_int_equal(strlen(a), WL_ID_LEN);
	assert_int_equal(strspn(a, "0123456789abcdef"), WL_ID_LEN);
	assert_true(wl_id_valid(a));
	assert_int_equal(wl_id_new(b, NULL), 0);
	assert_true(wl_id_valid(b));
	assert_string_not_equal(a, b);
}

static void
many_ids_differ(void **state)
{
	char ids[64][WL_ID_LEN + 1];

	(void)state;
	for (int i = 0; i < 64; i++) {
		assert_int_equal(wl_id_new(ids[i], NULL), 0);
		for (int k = 0; k < i; k++)
			assert_string_not_equal(ids[i], ids[k]);
	}
}

static void
valid_edges(void **state)
{
	(void)state;
	assert_true(wl_id_valid("0123456789abcdef"));
	assert_true(wl_id_valid("0000000000000000"));
	assert_true(wl_id_valid("ffffffffffffffff"));
	assert_false(wl_id_valid(""));
	assert_false(wl_id_valid("0123456789abcde"));	/* 15 */
	assert_false(wl_id_valid("0123456789abcdef0"));	/* 17 */
	assert_false(wl_id_valid("0123456789ABCDEF"));	/* upper case */
	assert_false(wl_id_valid("0123456789abcdeg"));
	assert_false(wl_id_valid("0123456789abcde "));
	assert_false(wl_id_valid(" 123456789abcdef"));
	assert_false(wl_id_valid("01234567\0009abcdef"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_ids_are_hex),
		cmocka_unit_test(many_ids_differ),
		cmocka_unit_test(valid_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
