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
#include "invariants.h"

#define SCENARIOS 1000

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
	checker_finish(c, eng_summary(c->e));
	if (c->failure) {
		fprintf(stderr, "%s mode: %s\n%s", scn_mode_name(mode), c->failure, yaml);
		fail_msg("%s", c->failure);
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
