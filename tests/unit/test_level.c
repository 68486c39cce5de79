/*
 * test_level.c — levels (src/level): every built-in scenario is a level
 * whose goal the event loop on its own meets and sequential code misses;
 * tallies and scores with exact numbers; the verdict part by part, in
 * words.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "engine_fixture.h"
#include "level/level.h"
#include "level/scores.h"
#include "scenario/builtin.h"
#include "scenario/load.h"

static struct scn_scenario *builtin(size_t i)
{
	const struct base_embedded *b = scn_builtin_at(i);
	struct scn_scenario *s = NULL;
	struct scn_diags d = { 0 };
	assert_int_equal(scn_load_buffer(b->file, b->text, b->len, &s, &d), 0);
	scn_diags_close(&d);
	return s;
}

static void every_lesson_is_a_level_the_loop_wins(void **state)
{
	(void)state;
	assert_true(scn_builtin_count() >= 10);
	for (size_t i = 0; i < scn_builtin_count(); i++) {
		struct scn_scenario *s = builtin(i);
		const char *name = scn_builtin_at(i)->name;
		if (!s->goal.present)
			fail_msg("%s has no goal", name);
		struct lvl_tally loop, seq;
		assert_int_equal(lvl_reference(s, s->seed, &loop, &seq), 0);
		struct lvl_verdict v;
		lvl_judge(s, &loop, &v);
		if (!v.met)
			fail_msg("%s: the event loop misses the goal: %s", name, v.why);
		lvl_judge(s, &seq, &v);
		if (v.met)
			fail_msg("%s: sequential code meets the goal", name);
		scn_free(s);
	}
}

/* The coffee shop: the loop serves at 3 s, sequential code at 5 s. */
static void tallies_and_scores_of_the_coffee_shop(void **state)
{
	(void)state;
	size_t i = 0;
	while (strcmp(scn_builtin_at(i)->name, "coffee"))
		i++;
	struct scn_scenario *s = builtin(i);
	struct lvl_tally loop, seq;
	assert_int_equal(lvl_reference(s, 1, &loop, &seq), 0);
	assert_int_equal(loop.served, 1);
	assert_int_equal(loop.latency_mean, 3000);
	assert_int_equal(loop.latency_worst, 3000);
	assert_int_equal(loop.last_end, 3000);
	assert_int_equal(loop.score, 100 - 30);
	assert_int_equal(seq.score, 100 - 50);
	struct lvl_verdict v;
	lvl_judge(s, &seq, &v);
	assert_false(v.within);
	assert_true(v.served);
	assert_string_equal(v.why, "the last order ended at 5 s; the goal is by 4 s");
	char goal[128];
	lvl_goal_text(s, goal, sizeof goal);
	assert_string_equal(goal, "serve the order, every order ended by 4 s");
	scn_free(s);
}

static const char *rush_yaml =
	"title: t\n"
	"stations: { grill: 1 }\n"
	"recipes:\n"
	"  burger:\n"
	"    patience: 2.5s\n"
	"    tasks:\n"
	"      grill: { duration: 1s, station: grill }\n"
	"orders:\n"
	"  - { recipe: burger, count: 4, every: 0.1s }\n"
	"goal: { served: 3, late_max: 250ms }\n";

/* Grilled one after another: done at 1, 2, 3 s; the fourth (due at 0.3 s,
 * patience until 2.8 s) walks out. */
static void walk_outs_count_against(void **state)
{
	(void)state;
	struct scn_scenario *s = fixture_load(rush_yaml);
	struct lvl_tally loop, seq;
	assert_int_equal(lvl_reference(s, 1, &loop, &seq), 0);
	assert_int_equal(loop.served, 2);
	assert_int_equal(loop.failed, 2);
	assert_int_equal(loop.walked_out, 2);
	assert_int_equal(loop.latency_worst, 1900);
	/* 2 served, 2 walked out, latency 1.0 + 1.9 s = 29 points. */
	assert_int_equal(loop.score, 200 - 200 - 29);
	struct lvl_verdict v;
	lvl_judge(s, &loop, &v);
	assert_false(v.met);
	assert_string_equal(v.why, "2 of 4 orders served; the goal is 3");
	char goal[128];
	lvl_goal_text(s, goal, sizeof goal);
	assert_string_equal(goal, "serve 3 of 4 orders, no task more than 0.25 s late");
	scn_free(s);
}

static void a_score_rounds_half_up_to_a_point(void **state)
{
	(void)state;
	struct eng_total t = { 150, 0 };        /* 0.15 s: 1.5 points -> 2 */
	assert_int_equal(lvl_score(1, 0, t), 98);
	t.lo = 149;
	assert_int_equal(lvl_score(1, 0, t), 99);
	t.lo = 0;
	assert_int_equal(lvl_score(0, 3, t), -300);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	static char buf[4096];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static void best_scores_are_kept_per_level(void **state)
{
	(void)state;
	char dir[] = "/tmp/kitchen-scores-XXXXXX";
	assert_non_null(mkdtemp(dir));
	setenv("XDG_DATA_HOME", dir, 1);
	char path[512], err[512];
	assert_int_equal(lvl_scores_path(path, sizeof path, err, sizeof err), 0);
	char want[1024];
	snprintf(want, sizeof want, "%s/kitchen/scores.jsonl", dir);
	assert_string_equal(path, want);

	struct lvl_best before, now;
	assert_int_equal(lvl_best_read(path, SHA_A, &now, err, sizeof err), 0);
	assert_false(now.known);
	/* The first game of a level is its best; the directory is made. */
	assert_int_equal(lvl_best_keep(path, "coffee", SHA_A, 70, 1, 1, &before, err, sizeof err), 1);
	assert_false(before.known);
	assert_int_equal(lvl_best_keep(path, "tea", SHA_B, -30, 0, 2, &before, err, sizeof err), 1);
	/* A lower score is not kept. */
	assert_int_equal(lvl_best_keep(path, "coffee", SHA_A, 50, 1, 1, &before, err, sizeof err), 0);
	assert_true(before.known);
	assert_int_equal(before.score, 70);
	/* A higher one replaces its line; the other level's line stays. */
	assert_int_equal(lvl_best_keep(path, "coffee", SHA_A, 90, 1, 1, &before, err, sizeof err), 1);
	assert_string_equal(slurp(path),
		"{\"level\":\"tea\",\"sha256\":\"" SHA_B "\",\"best\":-30,\"served\":0,\"orders\":2}\n"
		"{\"level\":\"coffee\",\"sha256\":\"" SHA_A "\",\"best\":90,\"served\":1,\"orders\":1}\n");
	assert_int_equal(lvl_best_read(path, SHA_A, &now, err, sizeof err), 0);
	assert_true(now.known);
	assert_int_equal(now.score, 90);

	/* A damaged file is reported with its line and never overwritten. */
	FILE *f = fopen(path, "a");
	fputs("{\"level\":\"x\",\"best\":1}\n", f);
	fclose(f);
	char *was = strdup(slurp(path));
	assert_int_equal(lvl_best_keep(path, "coffee", SHA_A, 1000, 1, 1, &before, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s:3: error: not a line of best scores (it needs \"sha256\" and a whole \"best\")", path);
	assert_string_equal(err, want);
	assert_string_equal(slurp(path), was);
	f = fopen(path, "w");
	fputs("{\"level\":\"x\", oops\n", f);
	fclose(f);
	assert_int_equal(lvl_best_read(path, SHA_A, &now, err, sizeof err), -1);
	assert_non_null(strstr(err, ":1: error: not a line of best scores (expected a key"));
	free(was);
	/* No leftovers of the safe writes. */
	snprintf(want, sizeof want, "ls %s/kitchen | grep -v '^scores.jsonl$' | grep -q .", dir);
	assert_int_not_equal(system(want), 0);
	snprintf(want, sizeof want, "rm -rf %s", dir);
	assert_int_equal(system(want), 0);
	unsetenv("XDG_DATA_HOME");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_lesson_is_a_level_the_loop_wins),
		cmocka_unit_test(tallies_and_scores_of_the_coffee_shop),
		cmocka_unit_test(walk_outs_count_against),
		cmocka_unit_test(a_score_rounds_half_up_to_a_point),
		cmocka_unit_test(best_scores_are_kept_per_level),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
