/*
 * test_play_engine.c — the engine with a player (eng_options.hold_steps):
 * steps wait for eng_pick while everything else runs by itself.
 *
 *  - picking every step the moment it is set aside, at that virtual
 *    instant, gives byte for byte the transcript of the run without a
 *    player (`kitchen run`), on every built-in scenario and a thousand
 *    generated ones;
 *  - random players (any waiting step, now or later) keep every invariant
 *    of SPEC §4 that test_invariants.c checks, and every game ends;
 *  - the rules one by one: what waits and what does not, a `work` pick
 *    blocks the loop and refuses picks, walk-outs take waiting steps away,
 *    times must go forward, sequential mode ignores the option.
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
#include "engine_fixture.h"
#include "export/transcript.h"
#include "invariants.h"
#include "scenario/builtin.h"
#include "scenario/load.h"

#define SCENARIOS 1000

/* Orders kept for the screens (retain_orders) in every run when set. */
static bool retain;

static struct eng_engine *engine(const struct scn_scenario *s, bool hold)
{
	struct eng_options opt;
	eng_options_default(&opt, s);
	opt.mode = SCN_CONCURRENT;
	opt.hold_steps = hold;
	opt.retain_orders = retain;
	struct eng_engine *e = eng_new(s, &opt);
	assert_non_null(e);
	return e;
}

/* The oldest waiting step, picked at the engine's time; false if none. */
static bool pick_oldest_now(struct eng_engine *e)
{
	struct eng_waiting_step w;
	if (!eng_waiting(e, &w, 1))
		return false;
	int rc = eng_pick(e, w.order, w.task, eng_now(e));
	assert_true(rc >= 0);
	return true;
}

/* The jsonl transcript of `s` in concurrent mode: without a player, or
 * with one who picks each step as soon as it waits. */
static char *transcript(const struct scn_scenario *s, bool player)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct eng_engine *e = engine(s, player);
	struct exp_writer *w = exp_writer_new(f, EXP_JSONL, s, false);
	exp_writer_attach(w, e);
	for (;;) {
		while (player && pick_oldest_now(e))
			;
		int rc = eng_run_action(e);
		if (rc == ENG_WAITING)
			fail_msg("the engine waits with no step waiting");
		if (rc < 0)
			break;
	}
	assert_true(eng_done(e));
	exp_writer_finish(w, eng_summary(e), -1);
	exp_writer_free(w);
	eng_free(e);
	fclose(f);
	return text;
}

static struct scn_scenario *load_generated(const struct text *y)
{
	struct scn_scenario *s = NULL;
	struct scn_diags d = { 0 };
	if (scn_load_buffer("gen.yaml", y->buf, y->n, &s, &d)) {
		scn_diags_print(&d, stderr);
		fail_msg("generated scenario does not load:\n%s", y->buf);
	}
	scn_diags_close(&d);
	return s;
}

static void oldest_first_at_once_is_the_run_without_a_player(void **state)
{
	(void)state;
	assert_true(scn_builtin_count() >= 10);
	for (size_t i = 0; i < scn_builtin_count(); i++) {
		const struct base_embedded *b = scn_builtin_at(i);
		struct scn_scenario *s = NULL;
		struct scn_diags d = { 0 };
		assert_int_equal(scn_load_buffer(b->file, b->text, b->len, &s, &d), 0);
		scn_diags_close(&d);
		char *alone = transcript(s, false);
		char *played = transcript(s, true);
		if (strcmp(alone, played))
			fail_msg("%s: the oldest-first player differs", b->name);
		free(alone);
		free(played);
		scn_free(s);
	}
	struct text y;
	rng_state = 20261127;
	for (int i = 0; i < SCENARIOS; i++) {
		generate(&y);
		struct scn_scenario *s = load_generated(&y);
		char *alone = transcript(s, false);
		char *played = transcript(s, true);
		if (strcmp(alone, played)) {
			fprintf(stderr, "%s\n--- without a player:\n%s--- oldest first:\n%s",
				y.buf, alone, played);
			fail_msg("scenario %d: the oldest-first player differs", i);
		}
		free(alone);
		free(played);
		scn_free(s);
	}
}

/* A game on screen keeps every order (retain_orders) for its panels, a
 * headless replay does not: the transcripts, summary included
 * (peak_tasks), must not differ, or a game's recording would verify in one
 * and not the other. Orders that never overlap show it most. */
static void keeping_orders_for_the_screen_changes_no_figure(void **state)
{
	(void)state;
	struct scn_scenario *apart = fixture_load(
		"title: t\nrecipes:\n  r: { tasks: { a: { duration: 55ms } } }\n"
		"orders: [ { recipe: r, count: 3, every: 100ms } ]\n");
	struct text y;
	rng_state = 99;
	for (int i = -1; i < 200; i++) {
		struct scn_scenario *s = apart;
		if (i >= 0) {
			generate(&y);
			s = load_generated(&y);
		}
		for (int player = 0; player < 2; player++) {
			retain = false;
			char *headless = transcript(s, player);
			retain = true;
			char *on_screen = transcript(s, player);
			retain = false;
			if (strcmp(headless, on_screen))
				fail_msg("scenario %d: kept orders change the transcript:\n%s---\n%s",
					 i, headless, on_screen);
			free(headless);
			free(on_screen);
		}
		scn_free(s);
	}
}

/* A random player: runs the loop's own actions, and now and then picks a
 * waiting step — any of them — at the engine's time or later (never past
 * the next action). When only steps are left, it must pick. */
static void random_game(const struct scn_scenario *s, const char *yaml)
{
	struct eng_engine *e = engine(s, true);
	struct inv_checker *c = inv_new(s, e, SCN_CONCURRENT);
	assert_non_null(c);
	assert_int_equal(inv_attach(c, e), 0);
	struct eng_waiting_step w[64];
	int64_t last_pick = 0;
	for (int guard = 0; guard < 1000000; guard++) {
		size_t n = eng_waiting(e, w, 64);
		int64_t next = eng_next_time(e);
		struct eng_chef_info chef;
		eng_chef(e, &chef);
		bool must = n && next == ENG_NEVER;
		if (n && (must || rnd(3) == 0)) {
			const struct eng_waiting_step *x = &w[rnd((uint32_t)(n < 64 ? n : 64))];
			int64_t t = eng_now(e);
			if (rnd(2) && next > t) {
				int64_t room = next == ENG_NEVER ? 3000 : next - t;
				if (room > 3000)
					room = 3000;
				t += 1 + (int64_t)rnd((uint32_t)room);
			}
			int rc = eng_pick(e, x->order, x->task, t);
			if (chef.blocked) {
				assert_int_equal(rc, ENG_PICK_BLOCKED);
			} else {
				if (rc < 0)
					fail_msg("pick at %lld failed: %d\n%s", (long long)t, rc, yaml);
				assert_int_equal(eng_now(e), t);
				assert_true(t >= last_pick);
				last_pick = t;
				continue;
			}
		}
		int rc = eng_run_action(e);
		if (rc == ENG_WAITING) {
			assert_true(n > 0);
			assert_false(eng_done(e));
			continue;
		}
		if (rc < 0)
			break;
	}
	assert_true(eng_done(e));
	assert_int_equal(eng_waiting(e, w, 0), 0);
	const char *why = inv_finish(c, true);
	if (why)
		fail_msg("%s\n%s", why, yaml);
	inv_free(c);
	eng_free(e);
}

static void random_players_keep_the_invariants(void **state)
{
	(void)state;
	struct text y;
	rng_state = 7;
	for (int i = 0; i < SCENARIOS; i++) {
		generate(&y);
		struct scn_scenario *s = load_generated(&y);
		random_game(s, y.buf);
		scn_free(s);
	}
}

/* ---- the rules one by one --------------------------------------------- */

static const char *kitchen_yaml =
	"title: t\n"
	"stations: { kettle: 1 }\n"
	"recipes:\n"
	"  tea:\n"
	"    tasks:\n"
	"      boil:  { duration: 2s, station: kettle }\n"
	"      chop:  { duration: 1s, kind: work }\n"
	"      steep: { duration: 1s, after: [boil, chop] }\n"
	"orders:\n"
	"  - { recipe: tea }\n"
	"  - { recipe: tea, at: 0.5s }\n";

/* Runs every action the loop can do on its own. */
static void run_on_own(struct eng_engine *e)
{
	while (eng_run_action(e) >= 0)
		;
}

static int event_count;
static struct eng_event events[256];

static void keep(void *ctx, const struct eng_event *ev)
{
	(void)ctx;
	if (event_count < 256)
		events[event_count++] = *ev;
}

static struct eng_engine *watched(const struct scn_scenario *s)
{
	struct eng_engine *e = engine(s, true);
	struct eng_observer o = { keep, NULL };
	eng_add_observer(e, &o);
	event_count = 0;
	return e;
}

static const struct eng_event *find_event(enum eng_event_type type, uint64_t order, int task)
{
	for (int i = 0; i < event_count; i++)
		if (events[i].type == type && events[i].order == order && events[i].task == task)
			return &events[i];
	return NULL;
}

static void steps_wait_while_time_goes_on(void **state)
{
	(void)state;
	struct scn_scenario *s = fixture_load(kitchen_yaml);
	struct eng_engine *e = watched(s);
	run_on_own(e);
	/* Both orders arrived; their first two steps wait, nothing started. */
	struct eng_waiting_step w[8];
	assert_int_equal(eng_waiting(e, w, 8), 4);
	assert_int_equal(w[0].order, 1);
	assert_int_equal(w[0].task, 0);
	assert_int_equal(w[0].since, 0);
	assert_int_equal(w[2].order, 2);
	assert_int_equal(w[2].since, 500);
	assert_int_equal(eng_now(e), 500);
	assert_int_equal(eng_next_time(e), ENG_NEVER);
	assert_false(eng_done(e));
	assert_int_equal(eng_run_action(e), ENG_WAITING);
	assert_null(find_event(ENG_TASK_STARTED, 1, 0));
	/* Any step, not only the oldest: order 2's boil at 0.7 s. */
	assert_int_equal(eng_pick(e, 2, 0, 700), 1);
	assert_non_null(find_event(ENG_TASK_STARTED, 2, 0));
	assert_int_equal(find_event(ENG_TASK_STARTED, 2, 0)->t, 700);
	assert_int_equal(eng_next_time(e), 2700);
	/* The kettle is taken: order 1's boil queues for it (no event). */
	assert_int_equal(eng_pick(e, 1, 0, 800), 0);
	assert_int_equal(eng_waiting(e, w, 8), 2);
	/* Picking again what no longer waits is refused. */
	assert_int_equal(eng_pick(e, 1, 0, 800), ENG_PICK_NOT_WAITING);
	/* The kettle passes to order 1 by itself at 2.7 s: no pick needed. */
	eng_run_until(e, 2700);
	assert_int_equal(find_event(ENG_TASK_STARTED, 1, 0)->t, 2700);
	eng_free(e);
	scn_free(s);
}

static void a_work_pick_blocks_the_loop(void **state)
{
	(void)state;
	struct scn_scenario *s = fixture_load(kitchen_yaml);
	struct eng_engine *e = watched(s);
	eng_run_until(e, 0);
	assert_int_equal(eng_pick(e, 1, 1, 200), 1);   /* chop: task_started */
	struct eng_chef_info chef;
	eng_chef(e, &chef);
	assert_true(chef.blocked);
	assert_int_equal(chef.until, 1200);
	/* Nothing else while it blocks: picks are refused... */
	assert_int_equal(eng_pick(e, 1, 0, 200), ENG_PICK_BLOCKED);
	/* ... and the arrival due at 0.5 s is handled at 1.2 s, late. */
	run_on_own(e);
	const struct eng_event *arrived = find_event(ENG_ORDER_ARRIVED, 2, -1);
	assert_non_null(arrived);
	assert_int_equal(arrived->t, 1200);
	assert_int_equal(arrived->late, 700);
	assert_int_equal(eng_summary(e)->blocked, 1000);
	eng_free(e);
	scn_free(s);
}

static void times_only_go_forward(void **state)
{
	(void)state;
	struct scn_scenario *s = fixture_load(kitchen_yaml);
	struct eng_engine *e = watched(s);
	eng_run_until(e, 0);
	assert_int_equal(eng_pick(e, 1, 0, 300), 1);
	/* Before the engine's time. */
	assert_int_equal(eng_pick(e, 1, 1, 299), ENG_PICK_TOO_EARLY);
	/* Past an action not yet performed (order 2 arrives at 0.5 s). */
	assert_int_equal(eng_pick(e, 1, 1, 501), ENG_PICK_TOO_LATE);
	assert_int_equal(eng_pick(e, 1, 1, 500), 1);
	eng_free(e);
	scn_free(s);
}

static const char *impatient_yaml =
	"title: t\n"
	"recipes:\n"
	"  tea:\n"
	"    patience: 2s\n"
	"    tasks:\n"
	"      boil:  { duration: 1s }\n"
	"      cup:   { duration: 0s }\n"
	"      steep: { duration: 1s, after: [boil] }\n"
	"orders:\n"
	"  - { recipe: tea }\n";

static void a_step_left_waiting_lets_the_customer_walk_out(void **state)
{
	(void)state;
	struct scn_scenario *s = fixture_load(impatient_yaml);
	struct eng_engine *e = watched(s);
	eng_run_until(e, 0);
	assert_int_equal(eng_pick(e, 1, 1, 100), 1);   /* cup only */
	run_on_own(e);
	/* Nobody boiled the water: the customer left at 2 s, boil cancelled. */
	const struct eng_event *failed = find_event(ENG_ORDER_FAILED, 1, -1);
	assert_non_null(failed);
	assert_int_equal(failed->t, 2000);
	assert_string_equal(failed->error, "walked out");
	assert_int_equal(find_event(ENG_TASK_CANCELLED, 1, 0)->t, 2000);
	struct eng_waiting_step w[4];
	assert_int_equal(eng_waiting(e, w, 4), 0);
	assert_true(eng_done(e));
	eng_free(e);
	scn_free(s);
}

static const char *retry_yaml =
	"title: t\n"
	"stations: { oven: 1 }\n"
	"recipes:\n"
	"  bread:\n"
	"    tasks:\n"
	"      bake: { duration: 2s, fail_after: 1s, retries: 1, station: oven }\n"
	"orders:\n"
	"  - { recipe: bread }\n";

static void a_retry_starts_by_itself(void **state)
{
	(void)state;
	struct scn_scenario *s = fixture_load(retry_yaml);
	struct eng_engine *e = watched(s);
	eng_run_until(e, 0);
	assert_int_equal(eng_pick(e, 1, 0, 0), 1);
	run_on_own(e);
	/* Attempt 2 started at 1 s without a pick; the run is over. */
	int starts = 0;
	for (int i = 0; i < event_count; i++)
		if (events[i].type == ENG_TASK_STARTED) {
			starts++;
			assert_int_equal(events[i].t, 1000 * (starts - 1));
		}
	assert_int_equal(starts, 2);
	assert_true(eng_done(e));
	eng_free(e);
	scn_free(s);
}

static void sequential_mode_ignores_the_player(void **state)
{
	(void)state;
	struct scn_scenario *s = fixture_load(kitchen_yaml);
	struct eng_options opt;
	eng_options_default(&opt, s);
	opt.mode = SCN_SEQUENTIAL;
	opt.hold_steps = true;
	struct eng_engine *e = eng_new(s, &opt);
	assert_int_equal(eng_run(e), 0);
	assert_true(eng_done(e));
	assert_int_equal(eng_summary(e)->orders_done, 2);
	assert_int_equal(eng_pick(e, 1, 0, eng_now(e)), ENG_PICK_NOT_WAITING);
	eng_free(e);
	scn_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(steps_wait_while_time_goes_on),
		cmocka_unit_test(a_work_pick_blocks_the_loop),
		cmocka_unit_test(times_only_go_forward),
		cmocka_unit_test(a_step_left_waiting_lets_the_customer_walk_out),
		cmocka_unit_test(a_retry_starts_by_itself),
		cmocka_unit_test(sequential_mode_ignores_the_player),
		cmocka_unit_test(oldest_first_at_once_is_the_run_without_a_player),
		cmocka_unit_test(random_players_keep_the_invariants),
		cmocka_unit_test(keeping_orders_for_the_screen_changes_no_figure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
