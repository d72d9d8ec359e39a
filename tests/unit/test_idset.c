/*
 * test_idset.c - the compact id set check.c holds: sorted in place,
 * found through its index, made unique with the first type of an id
 * that came twice
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "idset.h"

static uint64_t
next(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* Ids from a small range (many repeats) or the whole (none), every
 * one found where it is, the absent ones not found. */
static void
sorted_and_found(void **state)
{
	static const uint64_t masks[] = { 0xfffull, ~0ull,
		0xffff000000000fffull };
	uint64_t x = 88172645463325252ull;

	(void)state;
	for (size_t m = 0; m < 3; m++) {
		struct wl_idset s;
		size_t n = 5000;

		assert_int_equal(wl_idset_init(&s, n), 0);
		for (size_t i = 0; i < n; i++)
			wl_idset_add(&s, next(&x) & masks[m],
			    (unsigned char)(i % 11));
		wl_idset_add(&s, 1, 1);	/* beyond cap: ignored */
		assert_int_equal(s.n, n);
		assert_int_equal(wl_idset_sort(&s), 0);
		for (size_t i = 1; i < n; i++)
			assert_true(s.id[i - 1] <= s.id[i]);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(s.id[wl_idset_find(&s, s.id[i])],
			    s.id[i]);
		for (size_t k = 0; k < 500; k++) {
			uint64_t v = next(&x) & masks[m];
			size_t at = wl_idset_find(&s, v), i;

			for (i = 0; i < n && s.id[i] != v; i++)
				;
			assert_true((at == (size_t)-1) == (i == n));
		}
		wl_idset_free(&s);
	}
}

static unsigned char
seven(uint64_t id, void *ctx)
{
	(*(int *)ctx)++;
	return (unsigned char)(id == 5 ? 7 : 9);
}

static void
unique(void **state)
{
	static const uint64_t ids[] = { 9, 5, 3, 5, 0xffff000000000001ull,
		5, 1, 3, 0 };
	struct wl_idset s;
	int asked = 0;

	(void)state;
	assert_int_equal(wl_idset_init(&s, 9), 0);
	for (size_t i = 0; i < 9; i++)
		wl_idset_add(&s, ids[i], (unsigned char)i);
	assert_int_equal(wl_idset_sort(&s), 0);
	assert_int_equal(wl_idset_unique(&s, seven, &asked), 0);
	assert_int_equal(asked, 2);		/* 5 and 3 */
	assert_int_equal(s.n, 6);
	assert_int_equal(s.id[0], 0);
	assert_int_equal(s.type[wl_idset_find(&s, 5)], 7);
	assert_int_equal(s.type[wl_idset_find(&s, 3)], 9);
	assert_int_equal(s.type[wl_idset_find(&s, 9)], 0);
	assert_int_equal(s.type[wl_idset_find(&s, 0xffff000000000001ull)],
	    4);
	assert_true(wl_idset_find(&s, 2) == (size_t)-1);
	wl_idset_free(&s);
	assert_int_equal(wl_idset_init(&s, 0), 0);	/* empty */
	assert_int_equal(wl_idset_sort(&s), 0);
	assert_true(wl_idset_find(&s, 0) == (size_t)-1);
	wl_idset_free(&s);
}

static void
values(void **state)
{
	(void)state;
	assert_true(wl_idset_value("0000000000000000") == 0);
	assert_true(wl_idset_value("ffffffffffffffff") == ~0ull);
	assert_true(wl_idset_value("0123456789abcdef") ==
	    0x0123456789abcdefull);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sorted_and_found),
		cmocka_unit_test(unique),
		cmocka_unit_test(values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
