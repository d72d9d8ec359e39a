/*
 * test_idtab.c - the one table of record ids: sorted (into new arrays
 * or in place) by id and value, of four bytes or one (ids used twice
 * side by side, the lowest value first), found through its index,
 * ranges of a prefix, against brute force; and the value of an id's
 * hex digits
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "idtab.h"

static uint64_t
next(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* Ids from a small range (many repeats, one crowded bucket), from the
 * whole (none), and from a few buckets: sorted, every one found at its
 * first place, the absent ones not found. */
static void
sorted_and_found(void **state)
{
	static const uint64_t masks[] = { 0xfffull, ~0ull,
		0xffff000000000fffull };
	uint64_t x = 88172645463325252ull;

	(void)state;
	/* Each mask, values of 4 bytes and of 1, sorted into a new array
	 * and in place. */
	for (size_t m = 0; m < 3 * 4; m++) {
		unsigned width = m & 1 ? 1 : 4;
		int in_place = (m >> 1) & 1;
		uint64_t mask = masks[m / 4], sum = 0, after = 0;
		struct wl_idtab t;
		size_t n = 5000;

		assert_int_equal(wl_idtab_init(&t, 16, width), 0); /* grows */
		for (size_t i = 0; i < n; i++) {
			uint64_t id = next(&x) & mask;
			uint32_t v = (uint32_t)(n - i) & (width == 1 ? 255 :
			    ~0u);

			assert_int_equal(wl_idtab_add(&t, id, v), 0);
			sum += id * 2654435761u + v;
		}
		assert_int_equal(t.n, n);
		assert_int_equal(in_place ? wl_idtab_sort_in_place(&t) :
		    wl_idtab_sort(&t), 0);
		for (size_t i = 0; i < n; i++)
			after += t.id[i] * 2654435761u + wl_idtab_val(&t, i);
		assert_true(after == sum);	/* every pair kept */
		for (size_t i = 1; i < n; i++)
			assert_true(t.id[i - 1] < t.id[i] ||
			    (t.id[i - 1] == t.id[i] &&
			    wl_idtab_val(&t, i - 1) <= wl_idtab_val(&t, i)));
		for (size_t i = 0; i < n; i++) {
			size_t at = wl_idtab_find(&t, t.id[i]);

			assert_true(at <= i);
			assert_true(t.id[at] == t.id[i]);
			assert_true(at == 0 || t.id[at - 1] != t.id[i]);
		}
		for (size_t k = 0; k < 500; k++) {
			uint64_t v = next(&x) & mask;
			size_t at = wl_idtab_find(&t, v), i;

			for (i = 0; i < n && t.id[i] != v; i++)
				;
			assert_true((at == WL_IDTAB_NONE) == (i == n));
		}
		wl_idtab_free(&t);
	}
}

/* The ids of a range, as brute force finds them. */
static void
ranges(void **state)
{
	uint64_t x = 2463534242ull;
	struct wl_idtab t;
	size_t n = 3000, lo, hi;

	(void)state;
	assert_int_equal(wl_idtab_init(&t, n, 4), 0);
	for (size_t i = 0; i < n; i++)
		wl_idtab_add(&t, next(&x), (uint32_t)i);
	wl_idtab_add(&t, 0, 0);
	wl_idtab_add(&t, ~0ull, 0);
	assert_int_equal(wl_idtab_sort(&t), 0);
	for (int k = 0; k < 300; k++) {
		uint64_t a = next(&x), b = next(&x), from, to;
		size_t want = 0;

		from = a < b ? a : b;
		to = a < b ? b : a;
		if (k % 3 == 0)		/* a prefix: within one bucket */
			to = from | 0xffffffffull;
		for (size_t i = 0; i < t.n; i++)
			want += t.id[i] >= from && t.id[i] <= to;
		wl_idtab_range(&t, from, to, &lo, &hi);
		assert_int_equal(hi - lo, want);
		for (size_t i = lo; i < hi; i++)
			assert_true(t.id[i] >= from && t.id[i] <= to);
	}
	wl_idtab_range(&t, 0, ~0ull, &lo, &hi);
	assert_int_equal(hi - lo, t.n);
	wl_idtab_free(&t);
	assert_int_equal(wl_idtab_init(&t, 0, 4), 0);	/* empty */
	assert_int_equal(wl_idtab_sort(&t), 0);
	assert_true(wl_idtab_find(&t, 0) == WL_IDTAB_NONE);
	wl_idtab_range(&t, 0, ~0ull, &lo, &hi);
	assert_int_equal(hi, lo);
	wl_idtab_free(&t);
}

static void
values(void **state)
{
	uint64_t v = 1;

	(void)state;
	assert_int_equal(wl_id_value("0000000000000000", 16, &v), 0);
	assert_true(v == 0);
	assert_int_equal(wl_id_value("ffffffffffffffff", 16, &v), 0);
	assert_true(v == ~0ull);
	assert_int_equal(wl_id_value("0123456789abcdef", 16, &v), 0);
	assert_true(v == 0x0123456789abcdefull);
	assert_int_equal(wl_id_value("0123456789ABCDEF", 16, &v), -1);
	assert_int_equal(wl_id_value("0123456789abcde", 15, &v), -1);
	assert_int_equal(wl_id_value("0123456789abcdeg", 16, &v), -1);
	assert_int_equal(wl_id_value(NULL, 16, &v), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sorted_and_found),
		cmocka_unit_test(ranges),
		cmocka_unit_test(values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
