/* test_id.c - record ids */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* A canonical line of a note with id, at, and a ref to ref. */
static char *
line(const char *id, const char *at, const char *ref)
{
	char *l = malloc(128);

	assert_non_null(l);
	snprintf(l, 128, "{\"id\":\"%s\",\"type\":\"retract\",\"at\":\"%s\","
	    "\"ref\":\"%s\"}\n", id, at, ref);
	return l;
}

/*
 * A bulk add of 100,000 records in one second, and then 1,000 single
 * appends in that second (a test's WL_NOW), and 5,000 more: every id
 * placed above the last, none twice, a reference among the batch
 * follows its record's new id; single appends keep short prefixes;
 * past the room of a second ids stay, and nothing fails.
 */
static void
placed_ids_ascend_and_fit(void **state)
{
	enum { N = 100000, SINGLES = 1000, MORE = 5000 };
	const char *at = "2026-06-14T09:30:00Z";
	char **lines = calloc(N, sizeof(*lines));
	char id[WL_ID_LEN + 1], first[WL_ID_LEN + 1], prev[WL_ID_LEN + 1];

	(void)state;
	assert_non_null(lines);
	for (size_t i = 0; i < N; i++) {
		assert_int_equal(wl_id_new(id, NULL), 0);
		if (i == 0)
			memcpy(first, id, sizeof(first));
		lines[i] = line(id, at, i == N - 1 ? first : "0000000000000001");
	}
	assert_true(wl_id_place(NULL, lines, N, NULL) >= N - 1);
	for (size_t i = 1; i < N; i++)
		assert_true(memcmp(lines[i - 1] + 7, lines[i] + 7,
		    WL_ID_LEN) < 0);
	/* The last one names the first, as placed. */
	assert_memory_equal(strstr(lines[N - 1], "\"ref\":\"") + 7,
	    lines[0] + 7, WL_ID_LEN);
	memcpy(prev, lines[N - 1] + 7, WL_ID_LEN);
	prev[WL_ID_LEN] = '\0';
	for (size_t i = 0; i < N; i++)
		free(lines[i]);
	free(lines);
	/* One at a time, each above the highest of its second so far:
	 * given here as the batch's first, not made here, so it stays. */
	for (int i = 0; i < SINGLES; i++) {
		char *two[2];

		two[0] = line(prev, at, "0000000000000001");
		assert_int_equal(wl_id_new(id, NULL), 0);
		two[1] = line(id, at, "0000000000000001");
		assert_int_equal(wl_id_place(NULL, two, 2, NULL), 1);
		assert_true(memcmp(prev, two[1] + 7, WL_ID_LEN) < 0);
		memcpy(prev, two[1] + 7, WL_ID_LEN);
		free(two[0]);
		free(two[1]);
	}
	for (int i = 0; i < MORE; i++) {
		char *two[2];
		int placed;

		two[0] = line(prev, at, "0000000000000001");
		assert_int_equal(wl_id_new(id, NULL), 0);
		two[1] = line(id, at, "0000000000000001");
		placed = wl_id_place(NULL, two, 2, NULL);
		assert_true(placed == 0 || placed == 1);
		if (placed == 1) {
			assert_true(memcmp(prev, two[1] + 7, WL_ID_LEN) < 0);
			memcpy(prev, two[1] + 7, WL_ID_LEN);
		} else
			assert_memory_equal(two[1] + 7, id, WL_ID_LEN);
		free(two[0]);
		free(two[1]);
	}
}

/* Ten records written one by one in a second: each a step of up to
 * a 64th of the room above the last, so the first two of them differ
 * in their first four digits but for about one time in a thousand. */
static void
placed_singles_keep_short_prefixes(void **state)
{
	const char *at = "2026-06-14T10:00:00Z";
	char id[WL_ID_LEN + 1], prev[WL_ID_LEN + 1];
	int same4 = 0;

	(void)state;
	for (int round = 0; round < 200; round++) {
		/* Not made here, with room above, as most firsts have. */
		snprintf(prev, sizeof(prev), "0%015x", round);
		for (int i = 0; i < 10; i++) {
			char *two[2];

			two[0] = line(prev, at, "0000000000000001");
			assert_int_equal(wl_id_new(id, NULL), 0);
			two[1] = line(id, at, "0000000000000001");
			assert_int_equal(wl_id_place(NULL, two, 2, NULL), 1);
			same4 += i == 0 && memcmp(prev, two[1] + 7, 4) == 0;
			memcpy(prev, two[1] + 7, WL_ID_LEN);
			free(two[0]);
			free(two[1]);
		}
	}
	assert_true(same4 <= 20);
}

/* A child that forks does not hand out the ids its parent hands out
 * next: the bytes of ids come from a pool (id.c), which the child lets
 * go of. */
static void
forked_child_makes_other_ids(void **state)
{
	char mine[WL_ID_LEN + 1], theirs[WL_ID_LEN + 1] = "";
	int fd[2], status;
	pid_t pid;

	(void)state;
	assert_int_equal(wl_id_new(mine, NULL), 0);	/* the pool filled */
	assert_int_equal(pipe(fd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char id[WL_ID_LEN + 1];

		close(fd[0]);
		if (wl_id_new(id, NULL) < 0 ||
		    write(fd[1], id, WL_ID_LEN) != WL_ID_LEN)
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	assert_int_equal(read(fd[0], theirs, WL_ID_LEN), WL_ID_LEN);
	close(fd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(wl_id_new(mine, NULL), 0);
	assert_true(wl_id_valid(theirs));
	assert_string_not_equal(mine, theirs);
}

/* The guessing look of wl_id_place finds nothing in nothing: its
 * first guess must not read an element that is not there. */
static void
find_in_none(void **state)
{
	uint64_t none[1] = { 42 };	/* there, but not of the n */

	(void)state;
	assert_null(wl_find_by_u64(NULL, 0, sizeof(uint64_t), 0));
	assert_null(wl_find_by_u64(NULL, 0, sizeof(uint64_t), UINT64_MAX));
	assert_null(wl_find_by_u64(none, 0, sizeof(*none), 42));
}

/* One element: found when it is the key, whatever the key's size
 * puts the first guess at; not found above or below it. */
static void
find_in_one(void **state)
{
	static const uint64_t keys[] = { 0, 1, UINT64_C(1) << 63,
		UINT64_MAX - 1, UINT64_MAX };
	struct { uint64_t key, val; } pair = { UINT64_C(0x8000000000000001),
		7 };

	(void)state;
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		uint64_t one = keys[i];

		assert_ptr_equal(wl_find_by_u64(&one, 1, sizeof(one), one),
		    &one);
		if (one > 0)
			assert_null(wl_find_by_u64(&one, 1, sizeof(one),
			    one - 1));
		if (one < UINT64_MAX)
			assert_null(wl_find_by_u64(&one, 1, sizeof(one),
			    one + 1));
	}
	/* An element wider than its key (an id and its move). */
	assert_ptr_equal(wl_find_by_u64(&pair, 1, sizeof(pair), pair.key),
	    &pair);
	assert_null(wl_find_by_u64(&pair, 1, sizeof(pair), 7));
	assert_null(wl_find_by_u64(&pair, 1, sizeof(pair), pair.key + 1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_ids_are_hex),
		cmocka_unit_test(many_ids_differ),
		cmocka_unit_test(forked_child_makes_other_ids),
		cmocka_unit_test(valid_edges),
		cmocka_unit_test(placed_ids_ascend_and_fit),
		cmocka_unit_test(placed_singles_keep_short_prefixes),
		cmocka_unit_test(find_in_none),
		cmocka_unit_test(find_in_one),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
