/* test_mask.c - known names found and masked in free text */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define S1 "5e55100000000000"
#define P(n) "9a7100000000000" n
#define PART(id, role, rest) REC(id, "participant") ",'session':'" S1 \
	"','role':'" role "'" rest "}"

static const char *const lines[] = {
	REC(S1, "session") ",'municipality':'Roermond','date':'2026-06-14'}",
	PART(P("1"), "initiator", ",'name':'Henk de Vries'"),
	PART(P("2"), "civil-servant", ",'name':'René van der Berg'"),
	PART(P("3"), "initiator", ",'name':'Harrie Bemelmans',"
	    "'org':'Bakkerij Bemelmans & Zn'"),
	PART(P("4"), "manager", ",'name':'J. Ål','org':'Gemeente Roermond'"),
	PART(P("5"), "other", ",'name':'[verwijderd]','org':'[verwijderd]'"),
	PART(P("6"), "facilitator", ",'name':'Ans Coenen 12'"),
	RETRACT("4e7a000000000001", P("6")),
};

static struct wl_journal *j;
static struct wl_mask *m;

static int
setup(void **state)
{
	(void)state;
	if (unit_mkdir("mask") < 0)
		return -1;
	j = UNIT_LOAD("j.jsonl", lines);
	m = wl_mask_new(j, NULL, NULL);
	return m == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	wl_mask_free(m);
	wl_journal_free(j);
	return unit_teardown(state);
}

/* text masked by m: the masked copy, or text itself; *n names. */
static void
masks(const struct wl_mask *mk, const char *text, const char *want,
    size_t n)
{
	size_t count = 0;
	char *out;

	assert_int_equal(wl_mask_text(mk, text, &out, &count), 0);
	if (strcmp(out ? out : text, want) != 0)
		fail_msg("'%s' masked as '%s', not '%s'", text,
		    out ? out : text, want);
	assert_int_equal(count, n);
	assert_true((out == NULL) == (n == 0));
	free(out);
}

static void
whole_words_only(void **state)
{
	(void)state;
	masks(m, "Henk wil graag meedenken", "[initiator] wil graag meedenken",
	    1);
	masks(m, "zegt henk, niet Henkie", "zegt [initiator], niet Henkie", 1);
	masks(m, "Henkie en Henkstraat", "Henkie en Henkstraat", 0);
	masks(m, "HENK!", "[initiator]!", 1);
	masks(m, "(Henk's idee)", "([initiator]'s idee)", 1);
	masks(m, "", "", 0);
}

static void
accents_folded(void **state)
{
	(void)state;
	masks(m, "Rene zei het", "[civil-servant] zei het", 1);
	masks(m, "RENÉ zei het", "[civil-servant] zei het", 1);
	masks(m, "Renée zei het", "Renée zei het", 0);
	/* Folded, "Ål" is "al": the word too, whatever it means. */
	masks(m, "zei ÅL", "zei [manager]", 1);
}

static void
particles_left_alone(void **state)
{
	(void)state;
	masks(m, "de tuin van het dorp, ter plekke", "de tuin van het dorp, "
	    "ter plekke", 0);
	/* One-letter parts ("J.") are no name either, nor numbers. */
	masks(m, "plan J", "plan J", 0);
	masks(m, "om 12 uur", "om 12 uur", 0);
	/* A whole name is one marker, particles inside it too. */
	masks(m, "met René van der Berg erbij", "met [civil-servant] erbij",
	    1);
	masks(m, "Henk de Vries en Harrie", "[initiator] en [initiator]", 2);
	/* A particle after a name stays: "de" is no part of it here. */
	masks(m, "Henk de baas", "[initiator] de baas", 1);
}

static void
orgs_that_name_a_person(void **state)
{
	(void)state;
	masks(m, "bij bakkerij bemelmans & zn kopen",
	    "bij [initiator] kopen", 1);
	/* An org that names nobody is left as it is. */
	masks(m, "de Gemeente Roermond", "de Gemeente Roermond", 0);
}

static void
retracted_and_erased(void **state)
{
	(void)state;
	/* A retracted participant's name is theirs all the same. */
	masks(m, "Ans komt", "[facilitator] komt", 1);
	/* An erased name is no name: its marker is not masked again. */
	masks(m, "[verwijderd] zei", "[verwijderd] zei", 0);
}

static void
labels_of_a_language(void **state)
{
	struct wl_error e;
	struct wl_lang *nl = wl_lang_load("nl", &e);
	struct wl_mask *mk;

	(void)state;
	assert_non_null(nl);
	mk = wl_mask_new(j, NULL, nl);
	assert_non_null(mk);
	masks(mk, "Henk en René", "[initiatiefnemer] en [ambtenaar]", 2);
	wl_mask_free(mk);
	wl_lang_free(nl);
}

static void
one_person_redacted(void **state)
{
	struct wl_mask *mk = wl_mask_new(j, wl_journal_get(j, P("3")), NULL);

	(void)state;
	assert_non_null(mk);
	masks(mk, "Harrie en Henk", WL_REDACTED " en Henk", 1);
	wl_mask_free(mk);
}

static void
json_values_not_ids(void **state)
{
	json_t *v = unit_json("{'id':'" P("1") "','type':'note','kind':'do',"
	    "'text':'Henk','tags':['henk','x'],'set':{'text':'Rene'}}");
	size_t n = 0;

	(void)state;
	assert_int_equal(wl_mask_json(m, v, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(json_string_value(json_object_get(v, "text")),
	    "[initiator]");
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(v, "tags"), 0)), "[initiator]");
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(v, "set"), "text")), "[civil-servant]");
	assert_string_equal(json_string_value(json_object_get(v, "id")),
	    P("1"));
	json_decref(v);
}

static void
no_names_no_mask(void **state)
{
	static const char *const bare[] = {
		REC(S1, "session") ",'municipality':'Venlo',"
		    "'date':'2026-06-14'}",
	};
	struct wl_journal *b = UNIT_LOAD("bare.jsonl", bare);
	struct wl_mask *mk = wl_mask_new(b, NULL, NULL);

	(void)state;
	assert_non_null(mk);
	assert_true(wl_mask_empty(mk));
	masks(mk, "Henk", "Henk", 0);
	wl_mask_free(mk);
	wl_journal_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_words_only),
		cmocka_unit_test(accents_folded),
		cmocka_unit_test(particles_left_alone),
		cmocka_unit_test(orgs_that_name_a_person),
		cmocka_unit_test(retracted_and_erased),
		cmocka_unit_test(labels_of_a_language),
		cmocka_unit_test(one_person_redacted),
		cmocka_unit_test(json_values_not_ids),
		cmocka_unit_test(no_names_no_mask),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
