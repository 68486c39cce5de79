/*
 * invariants.h — what every run must keep, whatever the scenario: the
 * random scenario generator of test_invariants.c, shared with the tests of
 * a player-driven engine (test_play_engine.c), and the checker of SPEC
 * §4's invariants (tests/support/invariants.h, which the engine's fuzzer
 * uses too: inv_new, inv_attach, inv_finish).
 */
#ifndef KITCHEN_TESTS_INVARIANTS_H
#define KITCHEN_TESTS_INVARIANTS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "engine/engine.h"
#include "support/invariants.h"

static uint64_t rng_state;     /* the generator's: seed it per test */

static inline uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(rng_state >> 33) % n;
}

struct text {
	char buf[16384];
	size_t n;
};

static inline void put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	t->n += (size_t)vsnprintf(t->buf + t->n, sizeof t->buf - t->n, fmt, ap);
	va_end(ap);
	assert_true(t->n < sizeof t->buf);
}

/* A random but valid scenario; durations in quarter seconds make ties. */
static inline void generate(struct text *y)
{
	static const char *const kinds[] = { "wait", "wait", "work", "helper" };
	static const char *const policies[] = { "propagate", "collect", "cancel" };
	int n_stations = (int)rnd(4);
	y->n = 0;
	put(y, "title: generated\nseed: %u\nhelpers: %u\n", rnd(1000), 1 + rnd(3));
	if (n_stations) {
		put(y, "stations:\n");
		for (int i = 0; i < n_stations; i++)
			put(y, "  s%d: %u\n", i, 1 + rnd(3));
	}
	int n_recipes = 1 + (int)rnd(3);
	put(y, "recipes:\n");
	for (int r = 0; r < n_recipes; r++) {
		put(y, "  r%d:\n    on_error: %s\n", r, policies[rnd(3)]);
		if (!rnd(3))
			put(y, "    patience: %ums\n", 250 * (1 + rnd(16)));
		put(y, "    tasks:\n");
		int n_tasks = 1 + (int)rnd(5);
		for (int i = 0; i < n_tasks; i++) {
			const char *kind = kinds[rnd(4)];
			unsigned duration = 250 * rnd(9);
			put(y, "      t%d: { duration: %ums, kind: %s", i, duration, kind);
			if (n_stations && rnd(2))
				put(y, ", station: s%u", rnd((uint32_t)n_stations));
			if (i && rnd(2)) {
				uint32_t first = rnd((uint32_t)i);
				put(y, ", after: [t%u", first);
				if (i > 1 && rnd(2))
					put(y, ", t%u", (first + 1 + rnd((uint32_t)i - 1)) % (uint32_t)i);
				put(y, "]");
			}
			if (!rnd(5))
				put(y, ", fail_after: %ums", duration ? 250 * rnd(duration / 250 + 1) : 0);
			if (!rnd(4))
				put(y, ", fail_chance: 0.%u", rnd(10));
			if (strcmp(kind, "work") && !rnd(4))
				put(y, ", timeout: %ums", 250 * rnd(12));
			if (!rnd(3))
				put(y, ", retries: %u", rnd(3));
			put(y, " }\n");
		}
	}
	put(y, "orders:\n");
	int n_orders = 1 + (int)rnd(4);
	for (int i = 0; i < n_orders; i++)
		put(y, "  - { recipe: r%u, at: %ums, count: %u, every: %ums }\n",
		    rnd((uint32_t)n_recipes), 250 * rnd(8), 1 + rnd(4), 250 * rnd(4));
	if (rnd(2)) {
		static const char *const modes[] = { "", ", mode: concurrent", ", mode: sequential" };
		put(y, "script:\n  - { at: %ums, say: hello%s }\n", 250 * rnd(8), modes[rnd(3)]);
	}
}

#endif
