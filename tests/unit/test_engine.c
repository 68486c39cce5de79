/*
 * test_engine.c — SPEC §4, rule by rule, with exact times.
 *
 * Each test loads a small scenario from YAML, runs the engine in virtual
 * time and compares the events, written compactly one per line
 * ("3.000 done 1 grind late=0.000"), with what the rule demands.
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
#include "scenario/load.h"
#include "engine_fixture.h"

struct trace {
	char *text;
	size_t n, cap;
	const struct scn_scenario *s;
};

static void add(struct trace *tr, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (tr->n + (size_t)n + 2 > tr->cap) {
		tr->cap = (tr->cap + (size_t)n + 2) * 2;
		tr->text = realloc(tr->text, tr->cap);
	}
	memcpy(tr->text + tr->n, line, (size_t)n);
	tr->n += (size_t)n;
	tr->text[tr->n++] = '\n';
	tr->text[tr->n] = '\0';
}

#define SEC(ms) (long long)((ms) / 1000), (long long)((ms) % 1000)

static void on_event(void *ctx, const struct eng_event *ev)
{
	struct trace *tr = ctx;
	const struct scn_scenario *s = tr->s;
	const char *task = ev->task >= 0 ? s->recipes[ev->recipe].tasks[ev->task].name : "";
	switch (ev->type) {
	case ENG_ORDER_ARRIVED:
		if (ev->late)
			add(tr, "%lld.%03lld arrived %llu %s late=%lld.%03lld", SEC(ev->t),
			    (unsigned long long)ev->order, s->recipes[ev->recipe].name, SEC(ev->late));
		else
			add(tr, "%lld.%03lld arrived %llu %s", SEC(ev->t), (unsigned long long)ev->order,
			    s->recipes[ev->recipe].name);
		break;
	case ENG_TASK_READY:
		add(tr, "%lld.%03lld ready %llu %s", SEC(ev->t), (unsigned long long)ev->order, task);
		break;
	case ENG_TASK_STARTED:
		add(tr, "%lld.%03lld started %llu %s %s %d", SEC(ev->t), (unsigned long long)ev->order, task,
		    scn_kind_name(ev->kind), ev->attempt);
		break;
	case ENG_TASK_DONE:
		add(tr, "%lld.%03lld done %llu %s late=%lld.%03lld", SEC(ev->t), (unsigned long long)ev->order, task, SEC(ev->late));
		break;
	case ENG_TASK_FAILED:
		add(tr, "%lld.%03lld failed %llu %s '%s' %d%s", SEC(ev->t), (unsigned long long)ev->order, task,
		    ev->error, ev->attempt, ev->final ? " final" : "");
		break;
	case ENG_TASK_CANCELLED:
		add(tr, "%lld.%03lld cancelled %llu %s", SEC(ev->t), (unsigned long long)ev->order, task);
		break;
	case ENG_ORDER_DONE:
		add(tr, "%lld.%03lld order_done %llu %llu", SEC(ev->t), (unsigned long long)ev->order,
		    (unsigned long long)ev->failed_tasks);
		break;
	case ENG_ORDER_FAILED:
		add(tr, "%lld.%03lld order_failed %llu '%s'", SEC(ev->t), (unsigned long long)ev->order, ev->error);
		break;
	case ENG_SAY:
		add(tr, "%lld.%03lld say '%s'", SEC(ev->t), ev->text);
		break;
	case ENG_PAUSE:
		add(tr, "%lld.%03lld pause", SEC(ev->t));
		break;
	case ENG_ASK:
		add(tr, "%lld.%03lld ask '%s' %d", SEC(ev->t), ev->text, ev->answer);
		break;
	default:
		break;
	}
}


/* Runs `yaml` in `mode` (-1: the scenario's own) and returns its trace;
 * `sum` gets a copy of the summary's scalar fields. */
static char *run_mode(const char *yaml, int mode, struct eng_summary *sum)
{
	struct scn_scenario *s = fixture_load(yaml);
	struct trace tr = { .s = s };
	struct eng_engine *e = fixture_engine(s, mode);
	struct eng_observer o = { on_event, &tr };
	eng_add_observer(e, &o);
	eng_run(e);
	if (sum) {
		*sum = *eng_summary(e);
		sum->stations = NULL;
	}
	eng_free(e);
	scn_free(s);
	if (!tr.text)
		tr.text = calloc(1, 1);
	return tr.text;
}

static void expect(const char *yaml, int mode, const char *want)
{
	char *got = run_mode(yaml, mode, NULL);
	if (strcmp(got, want)) {
		print_error("--- want\n%s--- got\n%s", want, got);
		free(got);
		fail();
	}
	free(got);
}

/* §4 the loop: tasks without `after` start together; gather waits for both. */
static void test_gather_ends_at_the_longest(void **state)
{
	(void)state;
	expect("title: t\n"
	       "recipes:\n"
	       "  coffee:\n"
	       "    tasks:\n"
	       "      grind: { duration: 3s }\n"
	       "      heat: { duration: 2s }\n"
	       "      combine: { duration: 0s, after: [grind, heat] }\n"
	       "orders: [ { recipe: coffee } ]\n", -1,
	       "0.000 arrived 1 coffee\n"
	       "0.000 ready 1 grind\n"
	       "0.000 ready 1 heat\n"
	       "0.000 started 1 grind wait 1\n"
	       "0.000 started 1 heat wait 1\n"
	       "2.000 done 1 heat late=0.000\n"
	       "3.000 done 1 grind late=0.000\n"
	       "3.000 ready 1 combine\n"
	       "3.000 started 1 combine wait 1\n"
	       "3.000 done 1 combine late=0.000\n"
	       "3.000 order_done 1 0\n");
}

/* §4 ties: timers due at the same moment go by scheduling order, not by
 * declaration order: x was armed at 0, y at 1. */
static void test_ties_follow_scheduling_order(void **state)
{
	(void)state;
	expect("title: t\n"
	       "recipes:\n"
	       "  r:\n"
	       "    tasks:\n"
	       "      z: { duration: 1s }\n"
	       "      y: { duration: 1s, after: [z] }\n"
	       "      x: { duration: 2s }\n"
	       "orders: [ { recipe: r } ]\n", -1,
	       "0.000 arrived 1 r\n"
	       "0.000 ready 1 z\n"
	       "0.000 ready 1 x\n"
	       "0.000 started 1 z wait 1\n"
	       "0.000 started 1 x wait 1\n"
	       "1.000 done 1 z late=0.000\n"
	       "1.000 ready 1 y\n"
	       "1.000 started 1 y wait 1\n"
	       "2.000 done 1 x late=0.000\n"
	       "2.000 done 1 y late=0.000\n"
	       "2.000 order_done 1 0\n");
}

/* §4 a 0 s wait arms no timer: its end is queued and runs next turn, after
 * the other callbacks of this turn. */
static void test_zero_wait_only_yields(void **state)
{
	(void)state;
	expect("title: t\n"
	       "recipes:\n"
	       "  r:\n"
	       "    tasks:\n"
	       "      a: { duration: 0s }\n"
	       "      b: { duration: 0s }\n"
	       "orders: [ { recipe: r } ]\n", -1,
	       "0.000 arrived 1 r\n"
	       "0.000 ready 1 a\n"
	       "0.000 ready 1 b\n"
	       "0.000 started 1 a wait 1\n"
	       "0.000 started 1 b wait 1\n"
	       "0.000 done 1 a late=0.000\n"
	       "0.000 done 1 b late=0.000\n"
	       "0.000 order_done 1 0\n");
}

/* §4 work blocks the loop: a timer due during the block runs late. */
static void test_work_makes_timers_late(void **state)
{
	(void)state;
	struct eng_summary sum;
	char *got = run_mode("title: t\n"
			     "recipes:\n"
			     "  r:\n"
			     "    tasks:\n"
			     "      boil: { duration: 1s }\n"
			     "      chop: { duration: 3s, kind: work }\n"
			     "orders: [ { recipe: r } ]\n", -1, &sum);
	assert_string_equal(got,
			    "0.000 arrived 1 r\n"
			    "0.000 ready 1 boil\n"
			    "0.000 ready 1 chop\n"
			    "0.000 started 1 boil wait 1\n"
			    "0.000 started 1 chop work 1\n"
			    "3.000 done 1 chop late=0.000\n"
			    "3.000 done 1 boil late=2.000\n"
			    "3.000 order_done 1 0\n");
	assert_int_equal(sum.blocked, 3000);
	assert_int_equal(sum.late_max, 2000);
	assert_int_equal(sum.makespan, 3000);
	free(got);
}

/* §4 declaration order decides the order of steps in a turn (example 07). */
static void test_work_declared_first_delays_the_wait(void **state)
{
	(void)state;
	expect("title: t\n"
	       "recipes:\n"
	       "  soup:\n"
	       "    tasks:\n"
	       "      chop: { duration: 3s, kind: work }\n"
	       "      boil: { duration: 1s }\n"
	       "orders: [ { recipe: soup } ]\n", -1,
	       "0.000 arrived 1 soup\n"
	       "0.000 ready 1 chop\n"
	       "0.000 ready 1 boil\n"
	       "0.000 started 1 chop work 1\n"
	       "3.000 done 1 chop late=0.000\n"
	       "3.000 started 1 boil wait 1\n"
	       "4.000 done 1 boil late=0.000\n"
	       "4.000 order_done 1 0\n");
}

/* §4 a helper's completion joins the ready queue when its thread finishes,
 * in the middle of a block: ahead of a timer that fell due earlier in that
 * same block (timers join only at the next step 2). */
static void test_helper_completion_beats_timer_due_in_block(void **state)
{
	(void)state;
	expect("title: t\n"
	       "recipes:\n"
	       "  r:\n"
	       "    tasks:\n"
	       "      w: { duration: 1s }\n"
	       "      h: { duration: 2s, kind: helper }\n"
	       "      chop: { duration: 3s, kind: work }\n"
	       "orders: [ { recipe: r } ]\n", -1,
	       "0.000 arrived 1 r\n"
	       "0.000 ready 1 w\n"
	       "0.000 ready 1 h\n"
	       "0.000 ready 1 chop\n"
	       "0.000 started 1 w wait 1\n"
	       "0.000 started 1 h helper 1\n"
	       "0.000 started 1 chop work 1\n"
	       "3.000 done 1 chop late=0.000\n"
	       "3.000 done 1 h late=1.000\n"
	       "3.000 done 1 w late=2.000\n"
	       "3.000 order_done 1 0\n");
}

/* §4 a thread finishing exactly when a block ends acts before the blocking
 * step's end: it takes the next queued task (h2 starts at 3), then chop ends. */
static void test_thread_at_block_end_acts_first(void **state)
{
	(void)state;
	expect("title: t\n"
	       "helpers: 1\n"
	       "recipes:\n"
	       "  r:\n"
	       "    tasks:\n"
	       "      h1: { duration: 3s, kind: helper }\n"
	       "      h2: { duration: 1s, kind: helper }\n"
	       "      chop: { duration: 3s, kind: work }\n"
	       "orders: [ { recipe: r } ]\n", -1,
	       "0.000 arrived 1 r\n"
	       "0.000 ready 1 h1\n"
	       "0.000 ready 1 h2\n"
	       "0.000 ready 1 chop\n"
	       "0.000 started 1 h1 helper 1\n"
	       "0.000 started 1 chop work 1\n"
	       "3.000 started 1 h2 helper 1\n"
	       "3.000 done 1 chop late=0.000\n"
	       "3.000 done 1 h1 late=0.000\n"
	       "4.000 done 1 h2 late=0.000\n"
	       "4.000 order_done 1 0\n");
}

/* §4 when the clock jumps to a moment where a thread finishes and a timer
 * falls due, the thread acts first, although the timer was armed earlier. */
static void test_thread_before_timer_at_jump(void **state)
{
	(void)state;
	expect("title: t\n"
	       "recipes:\n"
	       "  r:\n"
	       "    tasks:\n"
	       "      w: { duration: 2s }\n"
	       "      h: { duration: 2s, kind: helper }\n"
	       "orders: [ { recipe: r } ]\n", -1,
	       "0.000 arrived 1 r\n"
	       "0.000 ready 1 w\n"
	       "0.000 ready 1 h\n"
	       "0.000 started 1 w wait 1\n"
	       "0.000 started 1 h helper 1\n"
	       "2.000 done 1 h late=0.000\n"
	       "2.000 done 1 w late=0.000\n"
	       "2.000 order_done 1 0\n");
}

/* §4 helpers: a FIFO pool; example 10 (threads go on while blocked). */
static void test_helpers_work_while_loop_blocked(void **state)
{
	(void)state;
	struct eng_summary sum;
	char *got = run_mode("title: t\n"
			     "helpers: 1\n"
			     "recipes:\n"
			     "  prep:\n"
			     "    tasks:\n"
			     "      h1: { duration: 1s, kind: helper }\n"
			     "      h2: { duration: 1s, kind: helper }\n"
			     "      chop: { duration: 3s, kind: work }\n"
			     "orders: [ { recipe: prep } ]\n", -1, &sum);
	assert_string_equal(got,
			    "0.000 arrived 1 prep\n"
			    "0.000 ready 1 h1\n"
			    "0.000 ready 1 h2\n"
			    "0.000 ready 1 chop\n"
			    "0.000 started 1 h1 helper 1\n"
			    "0.000 started 1 chop work 1\n"
			    "1.000 started 1 h2 helper 1\n"
			    "3.000 done 1 chop late=0.000\n"
			    "3.000 done 1 h1 late=2.000\n"
			    "3.000 done 1 h2 late=1.000\n"
			    "3.000 order_done 1 0\n");
	assert_int_equal(sum.late_max, 2000);
	free(got);
}

/* §4 stations: a FIFO semaphore; a freed slot passes, reserved, to the
 * longest waiter, whose step is queued. */
static void test_station_fifo_handoff(void **state)
{
	(void)state;
	expect("title: t\n"
	       "stations: { kettle: 2 }\n"
	       "recipes:\n"
	       "  tea:\n"
	       "    tasks:\n"
	       "      boil: { duration: 2s, station: kettle }\n"
	       "orders: [ { recipe: tea, count: 3, every: 500ms } ]\n", -1,
	       "0.000 arrived 1 tea\n"
	       "0.000 ready 1 boil\n"
	       "0.000 started 1 boil wait 1\n"
	       "0.500 arrived 2 tea\n"
	       "0.500 ready 2 boil\n"
	       "0.500 started 2 boil wait 1\n"
	       "1.000 arrived 3 tea\n"
	       "1.000 ready 3 boil\n"
	       "2.000 done 1 boil late=0.000\n"
	       "2.000 order_done 1 0\n"
	       "2.000 started 3 boil wait 1\n"
	       "2.500 done 2 boil late=0.000\n"
	       "2.500 order_done 2 0\n"
	       "4.000 done 3 boil late=0.000\n"
	       "4.000 order_done 3 0\n");
}

/* §4 failures: a retry is ready again at once and queues at its station
 * behind those already waiting. */
static void test_retry_queues_behind_waiters(void **state)
{
	(void)state;
	expect("title: t\n"
	       "stations: { oven: 1 }\n"
	       "recipes:\n"
	       "  bread:\n"
	       "    tasks:\n"
	       "      bake: { duration: 2s, fail_after: 1s, retries: 1, station: oven, error: burnt }\n"
	       "  pie:\n"
	       "    tasks:\n"
	       "      bake: { duration: 1s, station: oven }\n"
	       "orders: [ { recipe: bread }, { recipe: pie } ]\n", -1,
	       "0.000 arrived 1 bread\n"
	       "0.000 ready 1 bake\n"
	       "0.000 arrived 2 pie\n"
	       "0.000 ready 2 bake\n"
	       "0.000 started 1 bake wait 1\n"
	       "1.000 failed 1 bake 'burnt' 1\n"
	       "1.000 ready 1 bake\n"
	       "1.000 started 2 bake wait 1\n"
	       "2.000 done 2 bake late=0.000\n"
	       "2.000 order_done 2 0\n"
	       "2.000 started 1 bake wait 2\n"
	       "3.000 failed 1 bake 'burnt' 2 final\n"
	       "3.000 order_failed 1 'burnt'\n");
}

/* §4 timeout: an attempt that would end exactly at T is timed out; one
 * that ends before T is not. */
static void test_timeout_at_exactly_T(void **state)
{
	(void)state;
	expect("title: t\n"
	       "recipes:\n"
	       "  r:\n"
	       "    on_error: collect\n"
	       "    tasks:\n"
	       "      a: { duration: 2s, timeout: 2s }\n"
	       "      b: { duration: 2s, timeout: 2001ms }\n"
	       "      c: { duration: 3s, timeout: 1s }\n"
	       "orders: [ { recipe: r } ]\n", -1,
	       "0.000 arrived 1 r\n"
	       "0.000 ready 1 a\n"
	       "0.000 ready 1 b\n"
	       "0.000 ready 1 c\n"
	       "0.000 started 1 a wait 1\n"
	       "0.000 started 1 b wait 1\n"
	       "0.000 started 1 c wait 1\n"
	       "1.000 failed 1 c 'timeout' 1 final\n"
	       "2.000 failed 1 a 'timeout' 1 final\n"
	       "2.000 done 1 b late=0.000\n"
	       "2.000 order_done 1 2\n");
}

/* §4 timeout: an end that a block delays past T is timed out. */
static void test_timeout_after_block(void **state)
{
	(void)state;
	expect("title: t\n"
	       "recipes:\n"
	       "  r:\n"
	       "    tasks:\n"
	       "      w: { duration: 2s, timeout: 3s }\n"
	       "      chop: { duration: 5s, kind: work }\n"
	       "orders: [ { recipe: r } ]\n", -1,
	       "0.000 arrived 1 r\n"
	       "0.000 ready 1 w\n"
	       "0.000 ready 1 chop\n"
	       "0.000 started 1 w wait 1\n"
	       "0.000 started 1 chop work 1\n"
	       "5.000 done 1 chop late=0.000\n"
	       "5.000 failed 1 w 'timeout' 1 final\n"
	       "5.000 order_failed 1 'timeout'\n");
}

/* §4 a helper that times out while queued never starts; one running keeps
 * its thread busy until its duration is over. */
static void test_helper_timeout_in_queue(void **state)
{
	(void)state;
	expect("title: t\n"
	       "helpers: 1\n"
	       "recipes:\n"
	       "  r:\n"
	       "    on_error: collect\n"
	       "    tasks:\n"
	       "      h1: { duration: 3s, kind: helper, timeout: 1s }\n"
	       "      h2: { duration: 1s, kind: helper, timeout: 2s }\n"
	       "      h3: { duration: 1s, kind: helper }\n"
	       "orders: [ { recipe: r } ]\n", -1,
	       "0.000 arrived 1 r\n"
	       "0.000 ready 1 h1\n"
	       "0.000 ready 1 h2\n"
	       "0.000 ready 1 h3\n"
	       "0.000 started 1 h1 helper 1\n"
	       "1.000 failed 1 h1 'timeout' 1 final\n"
	       "2.000 failed 1 h2 'timeout' 1 final\n"
	       "3.000 started 1 h3 helper 1\n"
	       "4.000 done 1 h3 late=0.000\n"
	       "4.000 order_done 1 2\n");
}

/* §4 fail_chance: SplitMix64 from the seed, one draw per would-succeed end.
 * Seed 1 draws 0.5666 then 0.7458: with p = 0.6 the first attempt fails. */
static void test_fail_chance_draws_from_seed(void **state)
{
	(void)state;
	expect("title: t\n"
	       "seed: 1\n"
	       "recipes:\n"
	       "  r:\n"
	       "    tasks:\n"
	       "      a: { duration: 1s, fail_chance: 0.6, retries: 2, error: dropped }\n"
	       "orders: [ { recipe: r } ]\n", -1,
	       "0.000 arrived 1 r\n"
	       "0.000 ready 1 a\n"
	       "0.000 started 1 a wait 1\n"
	       "1.000 failed 1 a 'dropped' 1\n"
	       "1.000 ready 1 a\n"
	       "1.000 started 1 a wait 2\n"
	       "2.000 done 1 a late=0.000\n"
	       "2.000 order_done 1 0\n");
}

/* §4 propagate (example 19): nothing is cancelled but the failed task's
 * dependants; the order fails once. */
static void test_propagate(void **state)
{
	(void)state;
	expect("title: t\n"
	       "stations: { grinder: 1 }\n"
	       "recipes:\n"
	       "  latte:\n"
	       "    tasks:\n"
	       "      grind: { duration: 3s, station: grinder }\n"
	       "      heat:  { duration: 2s, fail_after: 1s, error: kettle broke }\n"
	       "      milk:  { duration: 2s, fail_after: 2s, error: sour }\n"
	       "      foam:  { duration: 1s, after: [heat] }\n"
	       "      pour:  { duration: 1s, after: [foam, grind] }\n"
	       "      latte: { duration: 1s, after: [milk] }\n"
	       "      serve: { duration: 1s, kind: work, after: [grind] }\n"
	       "  espresso:\n"
	       "    tasks:\n"
	       "      grind: { duration: 3s, station: grinder }\n"
	       "orders:\n"
	       "  - recipe: latte\n"
	       "  - { recipe: espresso, at: 500ms }\n", -1,
	       "0.000 arrived 1 latte\n"
	       "0.000 ready 1 grind\n"
	       "0.000 ready 1 heat\n"
	       "0.000 ready 1 milk\n"
	       "0.000 started 1 grind wait 1\n"
	       "0.000 started 1 heat wait 1\n"
	       "0.000 started 1 milk wait 1\n"
	       "0.500 arrived 2 espresso\n"
	       "0.500 ready 2 grind\n"
	       "1.000 failed 1 heat 'kettle broke' 1 final\n"
	       "1.000 order_failed 1 'kettle broke'\n"
	       "1.000 cancelled 1 foam\n"
	       "1.000 cancelled 1 pour\n"
	       "2.000 failed 1 milk 'sour' 1 final\n"
	       "2.000 cancelled 1 latte\n"
	       "3.000 done 1 grind late=0.000\n"
	       "3.000 ready 1 serve\n"
	       "3.000 started 2 grind wait 1\n"
	       "3.000 started 1 serve work 1\n"
	       "4.000 done 1 serve late=0.000\n"
	       "6.000 done 2 grind late=0.000\n"
	       "6.000 order_done 2 0\n");
}

/* §4 cancel (TaskGroup): every task not ended is cancelled, in order; the
 * station passes on. */
static void test_cancel_policy(void **state)
{
	(void)state;
	expect("title: t\n"
	       "stations: { pan: 1 }\n"
	       "recipes:\n"
	       "  r:\n"
	       "    on_error: cancel\n"
	       "    tasks:\n"
	       "      fry: { duration: 5s, station: pan }\n"
	       "      salt: { duration: 1s, fail_after: 1s }\n"
	       "      plate: { duration: 1s, after: [fry] }\n"
	       "  s:\n"
	       "    tasks:\n"
	       "      fry: { duration: 1s, station: pan }\n"
	       "orders: [ { recipe: r }, { recipe: s } ]\n", -1,
	       "0.000 arrived 1 r\n"
	       "0.000 ready 1 fry\n"
	       "0.000 ready 1 salt\n"
	       "0.000 arrived 2 s\n"
	       "0.000 ready 2 fry\n"
	       "0.000 started 1 fry wait 1\n"
	       "0.000 started 1 salt wait 1\n"
	       "1.000 failed 1 salt 'failed' 1 final\n"
	       "1.000 order_failed 1 'failed'\n"
	       "1.000 cancelled 1 fry\n"
	       "1.000 cancelled 1 plate\n"
	       "1.000 started 2 fry wait 1\n"
	       "2.000 done 2 fry late=0.000\n"
	       "2.000 order_done 2 0\n");
}

/* §4 collect: a failed task counts as ended; those after it still run. */
static void test_collect_policy(void **state)
{
	(void)state;
	expect("title: t\n"
	       "recipes:\n"
	       "  r:\n"
	       "    on_error: collect\n"
	       "    tasks:\n"
	       "      a: { duration: 1s, fail_after: 500ms, error: oops }\n"
	       "      b: { duration: 1s, after: [a] }\n"
	       "orders: [ { recipe: r } ]\n", -1,
	       "0.000 arrived 1 r\n"
	       "0.000 ready 1 a\n"
	       "0.000 started 1 a wait 1\n"
	       "0.500 failed 1 a 'oops' 1 final\n"
	       "0.500 ready 1 b\n"
	       "0.500 started 1 b wait 1\n"
	       "1.500 done 1 b late=0.000\n"
	       "1.500 order_done 1 1\n");
}

/* §4 patience (example 22): walk-outs cancel the order's tasks; the
 * grinder passes to the next waiter. */
static void test_patience_walk_out(void **state)
{
	(void)state;
	expect("title: t\n"
	       "stations: { grinder: 1 }\n"
	       "recipes:\n"
	       "  espresso:\n"
	       "    patience: 4s\n"
	       "    tasks:\n"
	       "      grind: { duration: 3s, station: grinder }\n"
	       "orders: [ { recipe: espresso, count: 3, every: 500ms } ]\n", -1,
	       "0.000 arrived 1 espresso\n"
	       "0.000 ready 1 grind\n"
	       "0.000 started 1 grind wait 1\n"
	       "0.500 arrived 2 espresso\n"
	       "0.500 ready 2 grind\n"
	       "1.000 arrived 3 espresso\n"
	       "1.000 ready 3 grind\n"
	       "3.000 done 1 grind late=0.000\n"
	       "3.000 order_done 1 0\n"
	       "3.000 started 2 grind wait 1\n"
	       "4.500 order_failed 2 'walked out'\n"
	       "4.500 cancelled 2 grind\n"
	       "4.500 started 3 grind wait 1\n"
	       "5.000 order_failed 3 'walked out'\n"
	       "5.000 cancelled 3 grind\n");
}

/* §4 start: script directives are timers scheduled first; arrivals by
 * time, then file order, then count index. */
static void test_script_and_arrival_order(void **state)
{
	(void)state;
	expect("title: t\n"
	       "recipes:\n"
	       "  a: { tasks: { x: { duration: 0s } } }\n"
	       "  b: { tasks: { y: { duration: 0s } } }\n"
	       "orders:\n"
	       "  - { recipe: a, at: 1s, count: 2 }\n"
	       "  - { recipe: b, at: 500ms, count: 2, every: 500ms }\n"
	       "script:\n"
	       "  - { at: 1s, say: hello }\n"
	       "  - { at: 1s, pause: true }\n", -1,
	       "0.500 arrived 1 b\n"
	       "0.500 ready 1 y\n"
	       "0.500 started 1 y wait 1\n"
	       "0.500 done 1 y late=0.000\n"
	       "0.500 order_done 1 0\n"
	       "1.000 say 'hello'\n"
	       "1.000 pause\n"
	       "1.000 arrived 2 a\n"
	       "1.000 ready 2 x\n"
	       "1.000 arrived 3 a\n"
	       "1.000 ready 3 x\n"
	       "1.000 arrived 4 b\n"
	       "1.000 ready 4 y\n"
	       "1.000 started 2 x wait 1\n"
	       "1.000 started 3 x wait 1\n"
	       "1.000 started 4 y wait 1\n"
	       "1.000 done 2 x late=0.000\n"
	       "1.000 order_done 2 0\n"
	       "1.000 done 3 x late=0.000\n"
	       "1.000 order_done 3 0\n"
	       "1.000 done 4 y late=0.000\n"
	       "1.000 order_done 4 0\n");
}

/* §4 sequential: one step after another; arrivals at their own times. */
static void test_sequential_one_after_another(void **state)
{
	(void)state;
	struct eng_summary sum;
	char *got = run_mode("title: t\n"
			     "recipes:\n"
			     "  coffee:\n"
			     "    tasks:\n"
			     "      grind: { duration: 3s }\n"
			     "      heat: { duration: 2s, kind: work }\n"
			     "orders: [ { recipe: coffee }, { recipe: coffee, at: 1s } ]\n",
			     SCN_SEQUENTIAL, &sum);
	assert_string_equal(got,
			    "0.000 arrived 1 coffee\n"
			    "0.000 ready 1 grind\n"
			    "0.000 started 1 grind wait 1\n"
			    "1.000 arrived 2 coffee\n"
			    "3.000 done 1 grind late=0.000\n"
			    "3.000 ready 1 heat\n"
			    "3.000 started 1 heat work 1\n"
			    "5.000 done 1 heat late=0.000\n"
			    "5.000 order_done 1 0\n"
			    "5.000 ready 2 grind\n"
			    "5.000 started 2 grind wait 1\n"
			    "8.000 done 2 grind late=0.000\n"
			    "8.000 ready 2 heat\n"
			    "8.000 started 2 heat work 1\n"
			    "10.000 done 2 heat late=0.000\n"
			    "10.000 order_done 2 0\n");
	assert_int_equal(sum.blocked, 4000);
	assert_int_equal(sum.makespan, 10000);
	free(got);
}

/* §4 sequential: walk-outs are noticed before an attempt; an order whose
 * last task ends exactly at arrival + P is done. */
static void test_sequential_walk_outs(void **state)
{
	(void)state;
	expect("title: t\n"
	       "recipes:\n"
	       "  r:\n"
	       "    patience: 2s\n"
	       "    tasks:\n"
	       "      a: { duration: 1s }\n"
	       "      b: { duration: 1s }\n"
	       "orders: [ { recipe: r, count: 2 } ]\n", SCN_SEQUENTIAL,
	       "0.000 arrived 1 r\n"
	       "0.000 arrived 2 r\n"
	       "0.000 ready 1 a\n"
	       "0.000 started 1 a wait 1\n"
	       "1.000 done 1 a late=0.000\n"
	       "1.000 ready 1 b\n"
	       "1.000 started 1 b wait 1\n"
	       "2.000 done 1 b late=0.000\n"
	       "2.000 order_done 1 0\n"
	       "2.000 order_failed 2 'walked out'\n"
	       "2.000 cancelled 2 a\n"
	       "2.000 cancelled 2 b\n");
}

/* §4 sequential: a timed-out helper's thread is left behind; the next step
 * starts at start + T; propagate ends the order. */
static void test_sequential_timeout(void **state)
{
	(void)state;
	expect("title: t\n"
	       "recipes:\n"
	       "  r:\n"
	       "    tasks:\n"
	       "      h: { duration: 5s, kind: helper, timeout: 2s }\n"
	       "      b: { duration: 1s }\n"
	       "  s:\n"
	       "    tasks:\n"
	       "      c: { duration: 1s }\n"
	       "orders: [ { recipe: r }, { recipe: s } ]\n", SCN_SEQUENTIAL,
	       "0.000 arrived 1 r\n"
	       "0.000 arrived 2 s\n"
	       "0.000 ready 1 h\n"
	       "0.000 started 1 h helper 1\n"
	       "2.000 failed 1 h 'timeout' 1 final\n"
	       "2.000 order_failed 1 'timeout'\n"
	       "2.000 cancelled 1 b\n"
	       "2.000 ready 2 c\n"
	       "2.000 started 2 c wait 1\n"
	       "3.000 done 2 c late=0.000\n"
	       "3.000 order_done 2 0\n");
}

/* §4 the customer's clock: an arrival is a timer; a block delays its
 * handling (order_arrived late=2.000), and latency counts from the
 * scheduled arrival (1 s), not from when the loop noticed (3 s). */
static void test_arrival_late_after_block(void **state)
{
	(void)state;
	const char *yaml = "title: t\n"
			   "recipes:\n"
			   "  soup:\n"
			   "    tasks:\n"
			   "      chop: { duration: 3s, kind: work }\n"
			   "  tea:\n"
			   "    tasks:\n"
			   "      steep: { duration: 1500ms }\n"
			   "orders: [ { recipe: soup }, { recipe: tea, at: 1s } ]\n";
	struct eng_summary sum;
	char *got = run_mode(yaml, -1, &sum);
	assert_string_equal(got,
			    "0.000 arrived 1 soup\n"
			    "0.000 ready 1 chop\n"
			    "0.000 started 1 chop work 1\n"
			    "3.000 done 1 chop late=0.000\n"
			    "3.000 order_done 1 0\n"
			    "3.000 arrived 2 tea late=2.000\n"
			    "3.000 ready 2 steep\n"
			    "3.000 started 2 steep wait 1\n"
			    "4.500 done 2 steep late=0.000\n"
			    "4.500 order_done 2 0\n");
	/* (3.000 + (4.500 - 1.000)) / 2 */
	assert_int_equal(eng_latency_mean(&sum), 3250);
	/* An arrival's lateness is not a task end's: late_max stays 0. */
	assert_int_equal(sum.late_max, 0);
	free(got);
	/* Blocking code gets to the customer late, but the customer came at
	 * 1 s: order_arrived at its own time, never late. */
	got = run_mode(yaml, SCN_SEQUENTIAL, &sum);
	assert_string_equal(got,
			    "0.000 arrived 1 soup\n"
			    "0.000 ready 1 chop\n"
			    "0.000 started 1 chop work 1\n"
			    "1.000 arrived 2 tea\n"
			    "3.000 done 1 chop late=0.000\n"
			    "3.000 order_done 1 0\n"
			    "3.000 ready 2 steep\n"
			    "3.000 started 2 steep wait 1\n"
			    "4.500 done 2 steep late=0.000\n"
			    "4.500 order_done 2 0\n");
	assert_int_equal(eng_latency_mean(&sum), 3250);
	free(got);
}

/* §4 patience is due at the scheduled arrival + P: arrival at 1 s handled
 * at 2 s, P = 3 s: the customer walks out at 4 s, not 5 s. */
static void test_patience_from_scheduled_arrival(void **state)
{
	(void)state;
	expect("title: t\n"
	       "recipes:\n"
	       "  r:\n"
	       "    tasks:\n"
	       "      chop: { duration: 2s, kind: work }\n"
	       "  q:\n"
	       "    patience: 3s\n"
	       "    tasks:\n"
	       "      a: { duration: 5s }\n"
	       "orders: [ { recipe: r }, { recipe: q, at: 1s } ]\n", -1,
	       "0.000 arrived 1 r\n"
	       "0.000 ready 1 chop\n"
	       "0.000 started 1 chop work 1\n"
	       "2.000 done 1 chop late=0.000\n"
	       "2.000 order_done 1 0\n"
	       "2.000 arrived 2 q late=1.000\n"
	       "2.000 ready 2 a\n"
	       "2.000 started 2 a wait 1\n"
	       "4.000 order_failed 2 'walked out'\n"
	       "4.000 cancelled 2 a\n");
}

/* §4 a customer noticed at or after arrival + P has already left:
 * order_arrived, then at once order_failed and every task cancelled;
 * nothing becomes ready. Order 2 (P = 2 s, at 1 s) is noticed at 3 s =
 * 1 + 2 exactly; order 3 (P = 1 s) at 3 s > 2 s. Order 4 (P = 2.5 s) is
 * still there and its patience is due at 3.5 s. */
static void test_late_customer_already_gone(void **state)
{
	(void)state;
	struct eng_summary sum;
	char *got = run_mode("title: t\n"
			     "stations: { pot: 1 }\n"
			     "recipes:\n"
			     "  r:\n"
			     "    tasks:\n"
			     "      chop: { duration: 3s, kind: work }\n"
			     "  q:\n"
			     "    patience: 2s\n"
			     "    tasks:\n"
			     "      a: { duration: 1s, station: pot }\n"
			     "      b: { duration: 1s, after: [a] }\n"
			     "  p:\n"
			     "    patience: 1s\n"
			     "    tasks:\n"
			     "      c: { duration: 0s }\n"
			     "  s:\n"
			     "    patience: 2500ms\n"
			     "    tasks:\n"
			     "      d: { duration: 1s, station: pot }\n"
			     "orders:\n"
			     "  - recipe: r\n"
			     "  - { recipe: q, at: 1s }\n"
			     "  - { recipe: p, at: 1s }\n"
			     "  - { recipe: s, at: 1s }\n", -1, &sum);
	assert_string_equal(got,
			    "0.000 arrived 1 r\n"
			    "0.000 ready 1 chop\n"
			    "0.000 started 1 chop work 1\n"
			    "3.000 done 1 chop late=0.000\n"
			    "3.000 order_done 1 0\n"
			    "3.000 arrived 2 q late=2.000\n"
			    "3.000 order_failed 2 'walked out'\n"
			    "3.000 cancelled 2 a\n"
			    "3.000 cancelled 2 b\n"
			    "3.000 arrived 3 p late=2.000\n"
			    "3.000 order_failed 3 'walked out'\n"
			    "3.000 cancelled 3 c\n"
			    "3.000 arrived 4 s late=2.000\n"
			    "3.000 ready 4 d\n"
			    "3.000 started 4 d wait 1\n"
			    "3.500 order_failed 4 'walked out'\n"
			    "3.500 cancelled 4 d\n");
	assert_int_equal(sum.orders_failed, 3);
	assert_int_equal(sum.makespan, 3500);
	free(got);
}

/* §4 summary: makespan is the time of the last event that is not a script
 * directive's; a closing say, pause or question does not count. */
static void test_makespan_ignores_directives(void **state)
{
	(void)state;
	for (int mode = SCN_CONCURRENT; mode <= SCN_SEQUENTIAL; mode++) {
		struct eng_summary sum;
		char *got = run_mode("title: t\n"
				     "recipes:\n"
				     "  r: { tasks: { a: { duration: 2s } } }\n"
				     "orders: [ { recipe: r } ]\n"
				     "script:\n"
				     "  - { at: 1s, say: half way }\n"
				     "  - { at: 9s, pause: true }\n"
				     "  - { at: 20s, say: that was all }\n", mode, &sum);
		assert_string_equal(got,
				    "0.000 arrived 1 r\n"
				    "0.000 ready 1 a\n"
				    "0.000 started 1 a wait 1\n"
				    "1.000 say 'half way'\n"
				    "2.000 done 1 a late=0.000\n"
				    "2.000 order_done 1 0\n"
				    "9.000 pause\n"
				    "20.000 say 'that was all'\n");
		assert_int_equal(sum.makespan, 2000);
		assert_int_equal(sum.events, 8);
		free(got);
	}
}

/* §3 a directive with `mode:` happens only in runs of that mode. */
static void test_directives_per_mode(void **state)
{
	(void)state;
	const char *yaml = "title: t\n"
			   "recipes:\n"
			   "  r: { tasks: { a: { duration: 1s }, b: { duration: 1s } } }\n"
			   "orders: [ { recipe: r } ]\n"
			   "script:\n"
			   "  - { at: 0s, say: both }\n"
			   "  - { at: 500ms, ask: When?, choices: [1 s, 2 s], answer: 1, mode: concurrent }\n"
			   "  - { at: 500ms, ask: When?, choices: [1 s, 2 s], answer: 2, mode: sequential }\n"
			   "  - { at: 1500ms, say: only blocking, mode: sequential }\n";
	expect(yaml, SCN_CONCURRENT,
	       "0.000 say 'both'\n"
	       "0.000 arrived 1 r\n"
	       "0.000 ready 1 a\n"
	       "0.000 ready 1 b\n"
	       "0.000 started 1 a wait 1\n"
	       "0.000 started 1 b wait 1\n"
	       "0.500 ask 'When?' 1\n"
	       "1.000 done 1 a late=0.000\n"
	       "1.000 done 1 b late=0.000\n"
	       "1.000 order_done 1 0\n");
	expect(yaml, SCN_SEQUENTIAL,
	       "0.000 say 'both'\n"
	       "0.000 arrived 1 r\n"
	       "0.000 ready 1 a\n"
	       "0.000 started 1 a wait 1\n"
	       "0.500 ask 'When?' 2\n"
	       "1.000 done 1 a late=0.000\n"
	       "1.000 ready 1 b\n"
	       "1.000 started 1 b wait 1\n"
	       "1.500 say 'only blocking'\n"
	       "2.000 done 1 b late=0.000\n"
	       "2.000 order_done 1 0\n");
}

/* §4 late_max: a timed-out attempt is late by its task_failed time minus
 * start + T. w (2 s, timeout 3 s) ends at 2 s, but the block holds the
 * loop until 5 s: timed out at 5 s, late 5 - 3 = 2 s (not 5 - 2 = 3 s).
 * h's timeout (1 s) is handled at 5 s: late 4 s. */
static void test_timeout_lateness(void **state)
{
	(void)state;
	struct eng_summary sum;
	char *got = run_mode("title: t\n"
			     "recipes:\n"
			     "  r:\n"
			     "    on_error: collect\n"
			     "    tasks:\n"
			     "      w: { duration: 2s, timeout: 3s }\n"
			     "      chop: { duration: 5s, kind: work }\n"
			     "orders: [ { recipe: r } ]\n", -1, &sum);
	assert_string_equal(got,
			    "0.000 arrived 1 r\n"
			    "0.000 ready 1 w\n"
			    "0.000 ready 1 chop\n"
			    "0.000 started 1 w wait 1\n"
			    "0.000 started 1 chop work 1\n"
			    "5.000 done 1 chop late=0.000\n"
			    "5.000 failed 1 w 'timeout' 1 final\n"
			    "5.000 order_done 1 1\n");
	assert_int_equal(sum.late_max, 2000);
	free(got);
	got = run_mode("title: t\n"
		       "recipes:\n"
		       "  r:\n"
		       "    on_error: collect\n"
		       "    tasks:\n"
		       "      h: { duration: 4s, kind: helper, timeout: 1s }\n"
		       "      chop: { duration: 5s, kind: work }\n"
		       "orders: [ { recipe: r } ]\n", -1, &sum);
	assert_string_equal(got,
			    "0.000 arrived 1 r\n"
			    "0.000 ready 1 h\n"
			    "0.000 ready 1 chop\n"
			    "0.000 started 1 h helper 1\n"
			    "0.000 started 1 chop work 1\n"
			    "5.000 done 1 chop late=0.000\n"
			    "5.000 failed 1 h 'timeout' 1 final\n"
			    "5.000 order_done 1 1\n");
	assert_int_equal(sum.late_max, 4000);
	free(got);
}

/* §4 the mean latency is over the orders done, rounded half up to the
 * millisecond: latencies 1 ms and 2 ms make 1.5 ms, written 0.002; a
 * failed order does not count. */
static void test_latency_mean_rounds_half_up(void **state)
{
	(void)state;
	struct eng_summary sum;
	char *got = run_mode("title: t\n"
			     "recipes:\n"
			     "  one: { tasks: { a: { duration: 1ms } } }\n"
			     "  two: { tasks: { a: { duration: 2ms } } }\n"
			     "  bad: { tasks: { a: { duration: 50ms, fail_after: 50ms } } }\n"
			     "orders: [ { recipe: one }, { recipe: two }, { recipe: bad } ]\n", -1, &sum);
	assert_int_equal(sum.orders_done, 2);
	assert_int_equal(eng_latency_mean(&sum), 2);
	free(got);
	/* 1, 1 and 2 ms: 1.333 ms is 1 ms. */
	got = run_mode("title: t\n"
		       "recipes:\n"
		       "  one: { tasks: { a: { duration: 1ms } } }\n"
		       "  two: { tasks: { a: { duration: 2ms } } }\n"
		       "orders: [ { recipe: one, count: 2 }, { recipe: two } ]\n", -1, &sum);
	assert_int_equal(eng_latency_mean(&sum), 1);
	free(got);
}

/* Busy time counts when it is over, in both modes: while chop (work, a
 * station) and h (helper) run, the chef's, the helpers' and the station's
 * busy time are still 0; once the run is over they are whole, the same in
 * both modes (utilisation 3 s of chef over the makespan). */
static void test_busy_counts_when_over(void **state)
{
	(void)state;
	struct scn_scenario *s = fixture_load("title: t\n"
				      "stations: { board: 1 }\n"
				      "recipes:\n"
				      "  r:\n"
				      "    tasks:\n"
				      "      chop: { duration: 3s, kind: work, station: board }\n"
				      "      h: { duration: 2s, kind: helper, after: [chop] }\n"
				      "orders: [ { recipe: r } ]\n");
	for (int mode = SCN_CONCURRENT; mode <= SCN_SEQUENTIAL; mode++) {
		struct eng_engine *e = fixture_engine(s, mode);
		eng_run_until(e, 0);
		struct eng_chef_info chef;
		eng_chef(e, &chef);
		assert_true(chef.busy && chef.blocked);
		const struct eng_summary *sum = eng_summary(e);
		assert_int_equal(sum->chef.busy.lo, 0);
		assert_int_equal(sum->stations[0].busy.lo, 0);
		assert_int_equal(sum->blocked, 0);
		eng_run(e);
		assert_int_equal(sum->makespan, 5000);
		assert_int_equal(sum->chef.busy.lo, mode == SCN_CONCURRENT ? 3000 : 5000);
		assert_int_equal(sum->helpers.busy.lo, 2000);
		assert_int_equal(sum->stations[0].busy.lo, 3000);
		assert_int_equal(sum->blocked, 3000);
		assert_int_equal(eng_stat_utilisation(&sum->stations[0], sum->makespan), 600);
		assert_int_equal(eng_stat_utilisation(&sum->helpers, sum->makespan), 100);
		eng_free(e);
	}
	scn_free(s);
}

/* `fail` tasks failing at once ahead of `deps` tasks that each list all of
 * them in `after` (propagate): returns the `after` links the engine
 * followed for `orders` orders, and checks every dependant was cancelled
 * once, in declaration order, right after the first failure. */
static uint64_t failing_fan_in(int fail, int deps, int orders)
{
	size_t cap = (size_t)deps * (size_t)fail * 8 + 4096, n = 0;
	char *y = malloc(cap);
	n += (size_t)snprintf(y + n, cap - n, "title: t\nrecipes:\n  r:\n    tasks:\n");
	for (int i = 0; i < fail; i++)
		n += (size_t)snprintf(y + n, cap - n, "      f%d: { duration: 1s, fail_after: 1s }\n", i);
	for (int j = 0; j < deps; j++) {
		n += (size_t)snprintf(y + n, cap - n, "      d%d: { duration: 1s, after: [", j);
		for (int i = 0; i < fail; i++)
			n += (size_t)snprintf(y + n, cap - n, "%sf%d", i ? ", " : "", i);
		n += (size_t)snprintf(y + n, cap - n, "] }\n");
	}
	snprintf(y + n, cap - n, "orders: [ { recipe: r, count: %d } ]\n", orders);
	struct scn_scenario *s = fixture_load(y);
	free(y);
	struct trace tr = { .s = s };
	struct eng_engine *e = eng_new(s, NULL);
	struct eng_observer o = { on_event, &tr };
	eng_add_observer(e, &o);
	assert_int_equal(eng_run(e), 0);
	uint64_t visits = eng_dependency_visits(e);
	/* Order 1's first failure, then its dependants d0, d1, ... in order. */
	const char *p = strstr(tr.text, "1.000 failed 1 f0 'failed' 1 final\n"
				"1.000 order_failed 1 'failed'\n"
				"1.000 cancelled 1 d0\n"
				"1.000 cancelled 1 d1\n");
	assert_non_null(p);
	size_t cancelled = 0;
	for (p = tr.text; (p = strstr(p, " cancelled ")); p++)
		cancelled++;
	assert_int_equal(cancelled, (size_t)deps * (size_t)orders);
	free(tr.text);
	eng_free(e);
	scn_free(s);
	return visits;
}

/* Cancelling dependants is linear in the `after` links: each is followed
 * once, however many of the tasks it names fail (a rescan per failure made
 * 400 failures ahead of 450 dependants cost 400 x 450 x 400). Doubling
 * both sides quadruples the links, and exactly the work. */
static void test_cancel_dependants_is_linear(void **state)
{
	(void)state;
	uint64_t small = failing_fan_in(50, 60, 3);
	uint64_t big = failing_fan_in(100, 120, 3);
	assert_int_equal(small, 50 * 60 * 3);
	assert_int_equal(big, 4 * small);
}

/* eng_timers (the loop panel) lists the timers the loop holds in the order
 * it will handle them, (due, seq), arrivals to come included, for any
 * `max`: checked against every prefix at every step of a run with many
 * timers of many due times, patience and timeouts among them. */
static void test_timers_listed_in_handling_order(void **state)
{
	(void)state;
	struct scn_scenario *s = fixture_load("title: t\n"
					      "recipes:\n"
					      "  r:\n"
					      "    patience: 2500ms\n"
					      "    tasks:\n"
					      "      a: { duration: 700ms, timeout: 2s }\n"
					      "      b: { duration: 1300ms }\n"
					      "      c: { duration: 1s, after: [a] }\n"
					      "  q:\n"
					      "    tasks:\n"
					      "      d: { duration: 2s, timeout: 900ms }\n"
					      "orders:\n"
					      "  - { recipe: r, count: 30, every: 100ms }\n"
					      "  - { recipe: q, at: 50ms, count: 20, every: 150ms }\n"
					      "script:\n"
					      "  - { at: 1s, say: one }\n"
					      "  - { at: 1s, pause: true }\n");
	struct eng_engine *e = fixture_engine(s, -1);
	struct eng_timer_info all[256], some[256];
	int checks = 0;
	while (!eng_done(e)) {
		uint64_t held = eng_timers(e, all, 256);
		assert_true(held <= 256);
		for (uint64_t i = 1; i < held; i++) {
			const struct eng_timer_info *x = &all[i - 1], *y = &all[i];
			assert_true(x->due < y->due || (x->due == y->due && x->seq < y->seq));
		}
		/* A prefix asked for is the same prefix. */
		for (size_t k = 1; k <= held; k += 7) {
			assert_int_equal(eng_timers(e, some, k), held);
			assert_memory_equal(some, all, k * sizeof *some);
		}
		/* The first timer is what the loop does next when nothing is ready. */
		if (held && !eng_ready(e, NULL, 0))
			assert_true(eng_next_time(e) <= all[0].due || all[0].due < eng_now(e));
		checks++;
		eng_run_action(e);
	}
	assert_true(checks > 100);
	eng_free(e);
	scn_free(s);
}

/* The same input always gives the same events; stepping by events is the
 * same run as running it through. */
static void test_deterministic_and_steppable(void **state)
{
	(void)state;
	const char *yaml = "title: t\nseed: 9\nhelpers: 2\n"
			   "stations: { pot: 2 }\n"
			   "recipes:\n"
			   "  r:\n"
			   "    patience: 6s\n"
			   "    tasks:\n"
			   "      a: { duration: 1s, station: pot, fail_chance: 0.3, retries: 3 }\n"
			   "      b: { duration: 2s, kind: helper, fail_chance: 0.2 }\n"
			   "      c: { duration: 500ms, kind: work, after: [a] }\n"
			   "orders: [ { recipe: r, count: 20, every: 300ms } ]\n";
	char *one = run_mode(yaml, -1, NULL);
	char *two = run_mode(yaml, -1, NULL);
	assert_string_equal(one, two);
	struct scn_scenario *s = fixture_load(yaml);
	struct trace tr = { .s = s };
	struct eng_engine *e = eng_new(s, NULL);
	struct eng_observer o = { on_event, &tr };
	eng_add_observer(e, &o);
	int64_t last = 0;
	while (!eng_done(e)) {
		int64_t t = eng_next_time(e);
		assert_true(t >= last);
		last = t;
		eng_run_events(e, 1);
	}
	assert_string_equal(one, tr.text);
	free(tr.text);
	eng_free(e);
	scn_free(s);
	free(one);
	free(two);
}

/* A caller's own task limit (the TUI's) stops the run with its message;
 * one order fewer runs to the end. */
static void test_caller_task_limit(void **state)
{
	(void)state;
	struct scn_scenario *s = fixture_load(
		"title: t\nrecipes:\n  tea:\n    tasks:\n      steep: { duration: 1s }\n"
		"      pour: { duration: 1s, after: [steep] }\n"
		"orders:\n  - { recipe: tea, count: 3 }\n");
	for (int retain = 0; retain < 2; retain++) {
		struct eng_options opt;
		eng_options_default(&opt, s);
		opt.retain_orders = retain;
		opt.max_tasks = 5;      /* two orders of two tasks fit, not three */
		struct eng_engine *e = eng_new(s, &opt);
		assert_non_null(e);
		assert_int_equal(eng_run(e), -1);
		const char *why = eng_error(e);
		assert_non_null(why);
		assert_non_null(strstr(why, retain ? "more than 5 tasks on screen at once"
						   : "more than 5 tasks alive at once"));
		eng_free(e);
		opt.max_tasks = 6;
		e = eng_new(s, &opt);
		assert_int_equal(eng_run(e), 0);
		assert_null(eng_error(e));
		assert_int_equal(eng_summary(e)->orders_done, 3);
		eng_free(e);
	}
	scn_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gather_ends_at_the_longest),
		cmocka_unit_test(test_ties_follow_scheduling_order),
		cmocka_unit_test(test_zero_wait_only_yields),
		cmocka_unit_test(test_work_makes_timers_late),
		cmocka_unit_test(test_work_declared_first_delays_the_wait),
		cmocka_unit_test(test_helper_completion_beats_timer_due_in_block),
		cmocka_unit_test(test_thread_at_block_end_acts_first),
		cmocka_unit_test(test_thread_before_timer_at_jump),
		cmocka_unit_test(test_helpers_work_while_loop_blocked),
		cmocka_unit_test(test_station_fifo_handoff),
		cmocka_unit_test(test_retry_queues_behind_waiters),
		cmocka_unit_test(test_timeout_at_exactly_T),
		cmocka_unit_test(test_timeout_after_block),
		cmocka_unit_test(test_helper_timeout_in_queue),
		cmocka_unit_test(test_fail_chance_draws_from_seed),
		cmocka_unit_test(test_propagate),
		cmocka_unit_test(test_cancel_policy),
		cmocka_unit_test(test_collect_policy),
		cmocka_unit_test(test_patience_walk_out),
		cmocka_unit_test(test_script_and_arrival_order),
		cmocka_unit_test(test_sequential_one_after_another),
		cmocka_unit_test(test_sequential_walk_outs),
		cmocka_unit_test(test_sequential_timeout),
		cmocka_unit_test(test_arrival_late_after_block),
		cmocka_unit_test(test_patience_from_scheduled_arrival),
		cmocka_unit_test(test_late_customer_already_gone),
		cmocka_unit_test(test_makespan_ignores_directives),
		cmocka_unit_test(test_directives_per_mode),
		cmocka_unit_test(test_timeout_lateness),
		cmocka_unit_test(test_latency_mean_rounds_half_up),
		cmocka_unit_test(test_busy_counts_when_over),
		cmocka_unit_test(test_cancel_dependants_is_linear),
		cmocka_unit_test(test_timers_listed_in_handling_order),
		cmocka_unit_test(test_deterministic_and_steppable),
		cmocka_unit_test(test_caller_task_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
