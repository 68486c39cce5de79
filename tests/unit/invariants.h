/*
 * invariants.h — what every run must keep, whatever the scenario: the
 * random scenario generator and the event checker of test_invariants.c,
 * shared with the tests of a player-driven engine (test_play_engine.c).
 * Header-only: each test binary is one .c file.
 *
 * The checker observes an engine's events and notes the first broken
 * promise: a station over its capacity, two `work` steps at once, a task
 * started twice, overlap in sequential mode, time going back, negative
 * lateness, a directive of the other mode; the caller then checks that
 * every order and task ended exactly once.
 */
#ifndef KITCHEN_TESTS_INVARIANTS_H
#define KITCHEN_TESTS_INVARIANTS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "engine/engine.h"

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

#define MAX_ORDERS 64
#define MAX_TASKS 8

struct checker {
	const struct scn_scenario *s;
	struct eng_engine *e;
	enum scn_mode mode;
	int64_t last_t;
	int64_t last_kitchen_t;         /* of the last event not a directive's */
	int ended[MAX_ORDERS + 1][MAX_TASKS];   /* terminal events per task */
	int order_ended[MAX_ORDERS + 1];
	bool running[MAX_ORDERS + 1][MAX_TASKS];
	int n_running;
	int work_running;
	uint64_t orders_seen;
	const char *failure;
};

static inline void fail_with(struct checker *c, const char *why)
{
	if (!c->failure)
		c->failure = why;
}

static inline void on_event(void *ctx, const struct eng_event *ev)
{
	struct checker *c = ctx;
	if (ev->t < c->last_t)
		fail_with(c, "an event went back in time");
	c->last_t = ev->t;
	if (ev->directive < 0)
		c->last_kitchen_t = ev->t;
	else if (!scn_directive_applies(&c->s->script[ev->directive], c->mode))
		fail_with(c, "a directive for the other mode happened");
	for (int i = 0; i < c->s->n_stations; i++) {
		struct eng_station_info st;
		eng_station(c->e, i, &st);
		if (st.used > st.capacity)
			fail_with(c, "a station holds more than its capacity");
	}
	if (ev->order > MAX_ORDERS || ev->task >= MAX_TASKS)
		return;
	const struct scn_task *spec = ev->task >= 0 ? &c->s->recipes[ev->recipe].tasks[ev->task] : NULL;
	bool *running = ev->task >= 0 ? &c->running[ev->order][ev->task] : NULL;
	switch (ev->type) {
	case ENG_ORDER_ARRIVED:
		c->orders_seen++;
		if (ev->late < 0 || (c->mode == SCN_SEQUENTIAL && ev->late != 0))
			fail_with(c, "an arrival's lateness is wrong");
		break;
	case ENG_TASK_STARTED:
		if (*running)
			fail_with(c, "a task started twice at once");
		*running = true;
		c->n_running++;
		if (c->mode == SCN_SEQUENTIAL && c->n_running > 1)
			fail_with(c, "sequential mode overlapped two tasks");
		if (spec->kind == SCN_WORK && c->work_running++)
			fail_with(c, "the chef ran two work steps at once");
		break;
	case ENG_TASK_DONE:
	case ENG_TASK_FAILED:
	case ENG_TASK_CANCELLED:
		if (ev->type == ENG_TASK_DONE && ev->late < 0)
			fail_with(c, "negative lateness");
		/* (A cancelled helper's thread runs on, but the task is over.) */
		if (*running) {
			*running = false;
			c->n_running--;
			if (spec->kind == SCN_WORK)
				c->work_running--;
		}
		if (ev->type != ENG_TASK_FAILED || ev->final)
			c->ended[ev->order][ev->task]++;
		break;
	case ENG_ORDER_DONE:
	case ENG_ORDER_FAILED:
		c->order_ended[ev->order]++;
		break;
	default:
		break;
	}
}

/* After the run: every order seen and ended exactly once, no task running
 * or ended twice, makespan the last event that is not a directive's. The
 * first failure goes to c->failure. */
static inline void checker_finish(struct checker *c, const struct eng_summary *sum)
{
	if (c->orders_seen != scn_total_orders(c->s) ||
	    sum->orders_done + sum->orders_failed != sum->orders)
		fail_with(c, "not every order ended");
	if (sum->makespan != c->last_kitchen_t)
		fail_with(c, "makespan is not the last event that is not a directive's");
	for (uint64_t id = 1; id <= c->orders_seen && id <= MAX_ORDERS; id++)
		if (c->order_ended[id] != 1)
			fail_with(c, "an order did not end exactly once");
	if (c->n_running)
		fail_with(c, "a task was still running at the end");
	for (uint64_t id = 1; id <= c->orders_seen && id <= MAX_ORDERS; id++)
		for (int t = 0; t < MAX_TASKS; t++)
			if (c->ended[id][t] > 1)
				fail_with(c, "a task ended more than once");
}

#endif
