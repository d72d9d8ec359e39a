/*
 * gen - write a realistic journal for benchmarks: deterministic from a
 * seed and a record count.  Werklab sessions of a few hundred records
 * each: participants, notes of every kind with Dutch text and tags,
 * advice, endorsements, agreements, statuses, amends and retracts, in
 * the proportions of a real day.  Canonical lines, so the journal is
 * clean for every reader.
 *
 *	gen RECORDS [SEED [SHAPE]] > journal.jsonl
 *
 * SHAPE says how the records spread over werklabs (issue 18: the fast
 * paths must hold on every one, not only on the first):
 *	even	werklabs of 300 records over 342 municipalities (the default)
 *	few	three municipalities with hundreds of werklabs each, of 600
 *		records
 *	huge	one session holding every record
 *	early	as even, but the first werklab's advice keeps getting
 *		statuses and endorsements to the end of the file (the
 *		follow-up weeks later): what bears on the first session
 *		is spread over the whole journal
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

static uint64_t
next(void)
{
	/* splitmix64: fast, and the same everywhere */
	uint64_t z = (state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static unsigned
pick(unsigned n)
{
	return (unsigned)(next() % n);
}

static const char *const words[] = {
	"initiatiefnemers", "gemeente", "samenwerken", "bewoners", "wijk",
	"serieus", "nemen", "snel", "reageren", "eerlijk", "communiceren",
	"besluit", "aanspreekpunt", "afdeling", "budget", "tijd", "ruimte",
	"vertrouwen", "luisteren", "natuurtuin", "buurtkamer", "coöperatie",
	"energie", "zorg", "onderwijs", "werk", "inkomen", "beleid",
	"instrumenten", "ambtenaren", "managementteam", "advies", "ideeën",
	"verwachtingen", "geduld", "loket", "regels", "vergunning", "subsidie",
	"ondersteuning", "netwerk", "collega's", "leidinggevende", "samen",
	"open", "duidelijk", "vroeg", "betrekken", "verbinden", "delen",
	"kennis", "ervaring", "praktijk", "proces", "inhoud", "algemeen",
	"belang", "enthousiast", "kansen", "drempels", "vragen", "antwoorden",
	"de", "het", "een", "en", "van", "met", "voor", "op", "in", "niet",
};
#define NWORDS (sizeof(words) / sizeof(*words))

static const char *const kinds[] = { "expectation", "question",
	"observation", "do", "dont", "idea", "quote" };
/* Notes are 70% of the lines; do's 9% of all lines: 9/70 of notes. */
static const unsigned kind_weight[] = { 14, 12, 14, 9, 9, 6, 6 };
static const char *const perspectives[] = { "self", "initiators",
	"organisation", "colleagues" };
static const char *const roles[] = { "civil-servant", "initiator",
	"manager", "facilitator", "other" };
static const char *const stances[] = { "endorse", "endorse", "endorse",
	"reservations", "object" };
static const char *const statuses[] = { "presented", "adopted",
	"rejected", "implemented" };
static const char *const towns[] = { "Roermond", "Venlo", "Zwolle",
	"Deventer", "Súdwest-Fryslân", "Groningen", "Tilburg", "Arnhem" };
static const char *const tags[] = { "communicatie", "aanspreekpunt",
	"budget", "natuurtuin", "regels", "tijd" };

struct pool {
	char (*id)[17];
	size_t n, cap;
};

static void
newid(char out[17])
{
	snprintf(out, 17, "%016" PRIx64, next());
}

static void
remember(struct pool *p, const char *id)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->id = realloc(p->id, p->cap * sizeof(*p->id));
		if (p->id == NULL)
			exit(1);
	}
	memcpy(p->id[p->n++], id, 17);
}

/*
 * A word: half the time one of the common words above, else one of
 * some 4,000 made of Dutch syllables, rank r drawn so that low ranks
 * come often (Zipf-like, as words in real texts do).
 */
static const char *
word(char *buf)
{
	static const char *const syl[] = { "be", "ge", "ver", "wer", "ken",
		"lan", "ding", "heid", "stra", "buurt", "tuin", "raad", "huis",
		"plan", "over", "leg", "zorg", "school", "wijk", "dorp" };
	unsigned r;

	if (pick(2))
		return words[pick(NWORDS)];
	r = pick(4000);
	r = r * r / 4000;	/* low ranks more often */
	snprintf(buf, 32, "%s%s%s", syl[r % 20], syl[r / 20 % 20],
	    r >= 400 ? syl[r / 400 % 20] : "");
	return buf;
}

static void
text(char *buf, size_t size, unsigned min, unsigned max)
{
	unsigned n = min + pick(max - min + 1);
	size_t o = 0;
	char made[32];

	for (unsigned i = 0; i < n && o + 40 < size; i++) {
		const char *w = word(made);

		o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? " " : "",
		    w);
		if (i == 0 && buf[0] >= 'a' && buf[0] <= 'z')
			buf[0] -= 32;
	}
}

static void
stamp(char *buf, unsigned day, unsigned minute)
{
	snprintf(buf, 21, "2026-%02u-%02uT%02u:%02u:00Z", 1 + day / 28 % 12,
	    1 + day % 28, 8 + minute / 60 % 10, minute % 60);
}

int
main(int argc, char **argv)
{
	unsigned long long total, written = 0, per = 300;
	struct pool people = { 0 }, notes = { 0 }, advice = { 0 };
	struct pool first = { 0 }, firstpeople = { 0 };
	char id[17], session[17], at[21], t[400], town[32];
	unsigned day = 0, minute = 0, towns_n = 342;
	const char *shape = argc > 3 ? argv[3] : "even";
	int early = 0;

	if (argc < 2 || (total = strtoull(argv[1], NULL, 10)) == 0) {
		fprintf(stderr, "usage: gen RECORDS [SEED [even|few|huge|"
		    "early]]\n");
		return 2;
	}
	if (strcmp(shape, "few") == 0) {
		per = 600;
		towns_n = 3;
	} else if (strcmp(shape, "huge") == 0)
		per = total;
	else if (strcmp(shape, "early") == 0)
		early = 1;
	else if (strcmp(shape, "even") != 0) {
		fprintf(stderr, "gen: unknown shape '%s' (even, few, huge or "
		    "early)\n", shape);
		return 2;
	}
	state = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
	while (written < total) {
		unsigned r;

		if (written % per == 0) {	/* a new werklab */
			/* The first werklab's advice and people, kept for
			 * the follow-up of the early shape. */
			if (written > 0 && first.n == 0) {
				for (size_t i = 0; i < advice.n; i++)
					remember(&first, advice.id[i]);
				for (size_t i = 0; i < people.n; i++)
					remember(&firstpeople, people.id[i]);
			}
			day++;
			minute = 0;
			people.n = notes.n = advice.n = 0;
			newid(session);
			stamp(at, day, minute);
			/* One of the 342 Dutch municipalities, some by name
			 * (few: one of three). */
			r = pick(towns_n);
			if (r < 8)
				snprintf(town, sizeof(town), "%s", towns[r]);
			else
				snprintf(town, sizeof(town), "Gemeente %u", r);
			printf("{\"id\":\"%s\",\"type\":\"session\",\"at\":\"%s\","
			    "\"municipality\":\"%s\",\"date\":\"2026-%02u-%02u\","
			    "\"pilot\":%u,\"blocks\":[{\"n\":1,\"title\":"
			    "\"Kennismaking en verwachtingen\"},{\"n\":2,"
			    "\"title\":\"Samenwerken en beleidsinstrumenten\"},"
			    "{\"n\":3,\"title\":\"Advies aan het "
			    "managementteam\"}]}\n", session, at,
			    town, 1 + day / 28 % 12, 1 + day % 28,
			    1 + pick(5));
			written++;
			continue;
		}
		minute++;
		stamp(at, day, minute);
		newid(id);
		if (early && first.n > 0 && pick(100) == 0) {
			/* 1%: the first werklab's follow-up. */
			if (pick(2))
				printf("{\"id\":\"%s\",\"type\":\"status\","
				    "\"at\":\"%s\",\"ref\":\"%s\",\"status\":"
				    "\"%s\"}\n", id, at, first.id[pick(
				    (unsigned)first.n)], statuses[pick(4)]);
			else
				printf("{\"id\":\"%s\",\"type\":"
				    "\"endorsement\",\"at\":\"%s\",\"ref\":"
				    "\"%s\",\"by\":\"%s\",\"stance\":\"%s\"}\n",
				    id, at, first.id[pick((unsigned)first.n)],
				    firstpeople.id[pick(
				    (unsigned)firstpeople.n)],
				    stances[pick(5)]);
			written++;
			continue;
		}
		r = pick(1000);
		if (r < 40 || people.n < 2) {		/* 4% participants */
			if (pick(2))
				printf("{\"id\":\"%s\",\"type\":\"participant\","
				    "\"at\":\"%s\",\"session\":\"%s\",\"role\":"
				    "\"%s\",\"name\":\"Deelnemer %u\",\"org\":"
				    "\"Organisatie %u\",\"consent\":%s}\n", id,
				    at, session, roles[pick(5)], pick(100000),
				    pick(500), pick(2) ? "true" : "false");
			else
				printf("{\"id\":\"%s\",\"type\":\"participant\","
				    "\"at\":\"%s\",\"session\":\"%s\",\"role\":"
				    "\"%s\",\"consent\":false}\n", id, at,
				    session, roles[pick(5)]);
			remember(&people, id);
		} else if (r < 740) {			/* 70% notes */
			unsigned w = pick(70), k = 0, acc = kind_weight[0];

			while (w >= acc)
				acc += kind_weight[++k];
			text(t, sizeof(t), 6, 26);
			printf("{\"id\":\"%s\",\"type\":\"note\",\"at\":\"%s\","
			    "\"session\":\"%s\",\"kind\":\"%s\",\"text\":\"%s\"",
			    id, at, session, kinds[k], t);
			if (k < 3)
				printf(",\"block\":1");
			else if (k < 5)
				printf(",\"block\":2");
			if (pick(3) == 0)
				printf(",\"by\":\"%s\"", people.id[pick(
				    (unsigned)people.n)]);
			if (pick(4) == 0)
				printf(",\"tags\":[\"%s\"]", tags[pick(6)]);
			printf("}\n");
			remember(&notes, id);
		} else if (r < 840) {			/* 10% advice */
			text(t, sizeof(t), 5, 14);
			printf("{\"id\":\"%s\",\"type\":\"advice\",\"at\":\"%s\","
			    "\"session\":\"%s\",\"perspective\":\"%s\","
			    "\"text\":\"%s\",\"block\":3}\n", id, at, session,
			    perspectives[pick(4)], t);
			remember(&advice, id);
		} else if (r < 920 && advice.n > 0) {	/* 8% endorsements */
			printf("{\"id\":\"%s\",\"type\":\"endorsement\",\"at\":"
			    "\"%s\",\"ref\":\"%s\",\"by\":\"%s\",\"stance\":"
			    "\"%s\"}\n", id, at, advice.id[pick(
			    (unsigned)advice.n)], people.id[pick(
			    (unsigned)people.n)], stances[pick(5)]);
		} else if (r < 950 && advice.n > 0) {	/* 3% statuses */
			printf("{\"id\":\"%s\",\"type\":\"status\",\"at\":\"%s\","
			    "\"ref\":\"%s\",\"status\":\"%s\"}\n", id, at,
			    advice.id[pick((unsigned)advice.n)],
			    statuses[pick(4)]);
		} else if (r < 980 && notes.n > 0) {	/* 3% amends */
			text(t, sizeof(t), 4, 18);
			printf("{\"id\":\"%s\",\"type\":\"amend\",\"at\":\"%s\","
			    "\"ref\":\"%s\",\"set\":{\"text\":\"%s\"}}\n", id,
			    at, notes.id[pick((unsigned)notes.n)], t);
		} else if (r < 990) {			/* 1% agreements */
			text(t, sizeof(t), 5, 12);
			printf("{\"id\":\"%s\",\"type\":\"agreement\",\"at\":"
			    "\"%s\",\"session\":\"%s\",\"text\":\"%s\","
			    "\"owner\":\"%s\",\"due\":\"2026-12-01\"}\n", id,
			    at, session, t, people.id[pick(
			    (unsigned)people.n)]);
		} else if (notes.n > 0) {		/* 1% retracts */
			printf("{\"id\":\"%s\",\"type\":\"retract\",\"at\":\"%s\","
			    "\"ref\":\"%s\",\"reason\":\"dubbel\"}\n", id, at,
			    notes.id[pick((unsigned)notes.n)]);
		} else
			continue;
		written++;
	}
	free(people.id);
	free(notes.id);
	free(advice.id);
	free(first.id);
	free(firstpeople.id);
	return ferror(stdout) ? 1 : 0;
}
