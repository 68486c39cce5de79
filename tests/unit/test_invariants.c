/*
 * test_invariants.c — properties that hold for every scenario, checked on
 * many generated ones in both modes: a station never holds more than its
 * capacity; the chef never runs two `work` steps at once; sequential mode
 * never overlaps two tasks; every task and every order ends exactly once;
 * events never go back in time; lateness is never negative (an arrival's is
 * always 0 in sequential mode); makespan is the last event that is not a
 * script directive's; a directive for one mode never happens in the other;
 * the same input
 * always gives the same bytes; stepping event by event gives the same run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "engine/engine.h"
#include "export/transcript.h"
#include "scenario/load.h"

#define SCENARIOS 1000

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(rng_state >> 33) % n;
}

struct text {
	char buf[16384];
	size_t n;
};

static void put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	t->n += (size_t)vsnprintf(t->buf + t->n, sizeof t->buf - t->n, fmt, ap);
	va_end(ap);
	assert_true(t->n < sizeof t->buf);
}

/* A random but valid scenario; durations in quarter seconds make ties. */
static void generate(struct text *y)
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

static void fail_with(struct checker *c, const char *why)
{
	if (!c->failure)
		c->failure = why;
}

static void on_event(void *ctx, const struct eng_event *ev)
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

static char *jsonl_of(const struct scn_scenario *s, enum scn_mode mode, bool stepwise)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct eng_options opt;
	eng_options_default(&opt, s);
	opt.mode = mode;
	struct eng_engine *e = eng_new(s, &opt);
	struct exp_writer *w = exp_writer_new(f, EXP_JSONL, s, false);
	exp_writer_attach(w, e);
	if (stepwise)
		while (eng_run_events(e, 1))
			;
	else
		eng_run(e);
	exp_writer_finish(w, eng_summary(e), -1);
	exp_writer_free(w);
	eng_free(e);
	fclose(f);
	return text;
}

static void check_one(const char *yaml, size_t len, enum scn_mode mode)
{
	struct scn_scenario *s = NULL;
	struct scn_diags d = { 0 };
	if (scn_load_buffer("gen.yaml", yaml, len, &s, &d)) {
		scn_diags_print(&d, stderr);
		fprintf(stderr, "%s", yaml);
		fail_msg("generated scenario does not load");
	}
	scn_diags_close(&d);
	struct checker *c = calloc(1, sizeof *c);
	c->s = s;
	c->mode = mode;
	struct eng_options opt;
	eng_options_default(&opt, s);
	opt.mode = mode;
	c->e = eng_new(s, &opt);
	struct eng_observer o = { on_event, c };
	eng_add_observer(c->e, &o);
	eng_run(c->e);
	const struct eng_summary *sum = eng_summary(c->e);
	if (c->orders_seen != scn_total_orders(s) || sum->orders_done + sum->orders_failed != sum->orders)
		fail_with(c, "not every order ended");
	if (sum->makespan != c->last_kitchen_t)
		fail_with(c, "makespan is not the last event that is not a directive's");
	for (uint64_t id = 1; id <= c->orders_seen && id <= MAX_ORDERS; id++)
		if (c->order_ended[id] != 1)
			fail_with(c, "an order did not end exactly once");
	/* Per order, the recipe is needed: replay the arrivals' recipes. */
	if (c->n_running)
		fail_with(c, "a task was still running at the end");
	if (c->failure) {
		fprintf(stderr, "%s mode: %s\n%s", scn_mode_name(mode), c->failure, yaml);
		fail_msg("%s", c->failure);
	}
	/* Every task ended exactly once. */
	for (uint64_t id = 1; id <= c->orders_seen && id <= MAX_ORDERS; id++) {
		int n = 0;
		for (int t = 0; t < MAX_TASKS; t++)
			if (c->ended[id][t] > 1)
				fail_msg("order %llu task %d ended %d times\n%s", (unsigned long long)id, t,
					 c->ended[id][t], yaml);
			else
				n += c->ended[id][t];
		(void)n;
	}
	eng_free(c->e);
	free(c);

	char *a = jsonl_of(s, mode, false);
	char *b = jsonl_of(s, mode, false);
	char *stepped = jsonl_of(s, mode, true);
	assert_string_equal(a, b);
	assert_string_equal(a, stepped);
	free(a);
	free(b);
	free(stepped);
	scn_free(s);
}

/* Counts terminal events per (order, task) against the recipe's size. */
static void check_every_task_ends(const char *yaml, size_t len, enum scn_mode mode)
{
	struct scn_scenario *s = NULL;
	struct scn_diags d = { 0 };
	assert_int_equal(scn_load_buffer("gen.yaml", yaml, len, &s, &d), 0);
	scn_diags_close(&d);
	char *text = jsonl_of(s, mode, false);
	/* order -> recipe from order_arrived lines; count terminal lines. */
	int recipe_of[MAX_ORDERS + 1];
	int terminal[MAX_ORDERS + 1];
	memset(terminal, 0, sizeof terminal);
	for (int i = 0; i <= MAX_ORDERS; i++)
		recipe_of[i] = -1;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		unsigned order;
		char *p = strstr(line, "\"order\":");
		if (!p || sscanf(p, "\"order\":%u", &order) != 1 || order > MAX_ORDERS)
			continue;
		if (strstr(line, "\"ev\":\"order_arrived\"")) {
			char *r = strstr(line, "\"recipe\":\"r");
			recipe_of[order] = r ? atoi(r + 11) : -1;
		} else if (strstr(line, "\"ev\":\"task_done\"") || strstr(line, "\"ev\":\"task_cancelled\"") ||
			   (strstr(line, "\"ev\":\"task_failed\"") && strstr(line, "\"final\":true"))) {
			terminal[order]++;
		}
	}
	for (int id = 1; id <= MAX_ORDERS; id++)
		if (recipe_of[id] >= 0 && terminal[id] != s->recipes[recipe_of[id]].n_tasks)
			fail_msg("order %d: %d of %d tasks ended\n%s", id, terminal[id],
				 s->recipes[recipe_of[id]].n_tasks, yaml);
	free(text);
	scn_free(s);
}

static void test_generated_scenarios_keep_invariants(void **state)
{
	(void)state;
	struct text y;
	rng_state = 20261126;
	for (int i = 0; i < SCENARIOS; i++) {
		generate(&y);
		check_one(y.buf, y.n, SCN_CONCURRENT);
		check_one(y.buf, y.n, SCN_SEQUENTIAL);
		check_every_task_ends(y.buf, y.n, SCN_CONCURRENT);
		check_every_task_ends(y.buf, y.n, SCN_SEQUENTIAL);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generated_scenarios_keep_invariants),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
