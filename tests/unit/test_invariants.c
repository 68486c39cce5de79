/*
 * test_invariants.c — properties that hold for every scenario, checked on
 * many generated ones in both modes (the generator is invariants.h, the
 * checker tests/support/invariants.c, which the engine's fuzzer shares): a
 * station never holds more than its
 * capacity; the chef never runs two `work` steps at once; sequential mode
 * never overlaps two tasks; every task and every order ends exactly once;
 * events never go back in time; lateness is never negative (an arrival's is
 * always 0 in sequential mode); makespan is the last event that is not a
 * script directive's; a directive for one mode never happens in the other;
 * the same input
 * always gives the same bytes; stepping event by event gives the same run.
 *
 * `test_invariants --write DIR N [ORDERS]` writes the first N generated
 * scenarios as DIR/gen-NNNNN.yaml instead (the asyncio export's truth test
 * runs them, tests/cli/test_export_virtual.sh); with ORDERS, each order line
 * is given a count such that the scenario holds about that many orders.
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
	struct eng_options opt;
	eng_options_default(&opt, s);
	opt.mode = mode;
	struct eng_engine *e = eng_new(s, &opt);
	struct inv_checker *c = inv_new(s, e, mode);
	assert_non_null(e);
	assert_non_null(c);
	assert_int_equal(inv_attach(c, e), 0);
	eng_run(e);
	const char *failure = inv_finish(c, true);
	if (failure) {
		fprintf(stderr, "%s mode: %s\n%s", scn_mode_name(mode), failure, yaml);
		fail_msg("%s", failure);
	}
	inv_free(c);
	eng_free(e);

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

static void test_generated_scenarios_keep_invariants(void **state)
{
	(void)state;
	struct text y;
	rng_state = 20261126;
	for (int i = 0; i < SCENARIOS; i++) {
		generate(&y);
		check_one(y.buf, y.n, SCN_CONCURRENT);
		check_one(y.buf, y.n, SCN_SEQUENTIAL);
	}
}

/* Writes scenario i of the generator's sequence to DIR/gen-NNNNN.yaml,
 * its counts scaled to about `orders` orders when that is not 0. */
static int write_scenarios(const char *dir, int n, unsigned long orders)
{
	struct text y;
	rng_state = 20261126;
	for (int i = 0; i < n; i++) {
		generate(&y);
		char path[4096];
		snprintf(path, sizeof path, "%s/gen-%05d.yaml", dir, i);
		FILE *f = fopen(path, "w");
		if (!f) {
			perror(path);
			return 1;
		}
		const char *orders_at = strstr(y.buf, "\norders:\n");
		if (!orders || !orders_at) {
			fwrite(y.buf, 1, y.n, f);
		} else {
			/* each "count: C," becomes about orders / lines */
			unsigned long lines = 0;
			for (const char *p = orders_at; (p = strstr(p, "count: ")); p++)
				lines++;
			const char *p = y.buf;
			for (const char *q; (q = strstr(p, "count: ")); p = strchr(q, ',')) {
				fwrite(p, 1, (size_t)(q - p), f);
				fprintf(f, "count: %lu", orders / (lines ? lines : 1) + 1);
			}
			fputs(p, f);
		}
		if (fclose(f)) {
			perror(path);
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "--write"))
		return write_scenarios(argv[2], atoi(argv[3]),
				       argc > 4 ? strtoul(argv[4], NULL, 10) : 0);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generated_scenarios_keep_invariants),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
