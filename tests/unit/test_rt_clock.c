/*
 * test_rt_clock.c — the real-time clock (src/realtime/clock.c) and its time
 * sources.
 *
 * On the manual time source (time moved by hand, exact to the ns) every
 * assertion is exact, as in test_engine: the wall time at which each event
 * is handled, the virtual time the clock reads then, how many timers are
 * armed. The clock drives the engine to the same events as the virtual run;
 * pausing disarms every timer and stops time; pausing and syncing perform
 * what is already due first; a new speed, a seek and a script pause go on
 * from exactly the right moment; the actions per turn are capped.
 *
 * Single steps by hand while paused, and a game whose steps wait for the
 * player (picks at the moment they are made, a `work` pick blocking the
 * loop) are exact too.
 *
 * One smoke test runs the clock on a real libuv loop and checks what only
 * a real loop can show: no event is handled before its wall moment, and a
 * socket on the same loop is served in the turn its request came in.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "realtime/clock.h"
#include "realtime/loop.h"
#include "realtime/manual.h"
#include "scenario/load.h"

#define MS 1000000ULL
/* An arbitrary start, not a whole ms: nothing may assume a round origin. */
#define T0 (5000 * MS + 123457)
#define MAX_EV 512

struct fixture {
	struct rt_manual *manual;
	struct rt_loop *loop;           /* the smoke test's */
	struct rt_time_source *time;
	struct rt_clock *clock;
	struct scn_scenario *s;
	struct eng_engine *e;
	int pipe_fd[2];
	/* what happened */
	struct eng_event ev[MAX_EV];
	int64_t read_v[MAX_EV];         /* the clock's reading when handled */
	uint64_t wall[MAX_EV];          /* the time source's */
	uint64_t ideal[MAX_EV];         /* rt_clock_wall_of(ev.t) then */
	size_t n;
	unsigned advances;
	bool finished, stopped;
	bool stop_on_pause;
	bool play;                      /* steps wait for a player */
	/* the smoke test's input: read from the loop, as a server would */
	int inputs;
	int64_t input_v;                /* the clock's time when it was read */
	bool input_sent;
	int turns;                      /* the loop's turns so far */
	int sent_turn, served_turn;     /* `turns` when written, when read */
};

static struct fixture fx;

static void on_event(void *ctx, const struct eng_event *ev)
{
	struct fixture *f = ctx;
	if (f->n < MAX_EV) {
		f->ev[f->n] = *ev;
		f->read_v[f->n] = rt_clock_now(f->clock);
		f->wall[f->n] = rt_time_now(f->time);
		f->ideal[f->n] = rt_clock_wall_of(f->clock, ev->t);
		f->n++;
	}
	rt_clock_event(f->clock, 0, ev);
}

static void on_advance(void *ctx, unsigned what)
{
	struct fixture *f = ctx;
	f->advances++;
	if (what & RT_ADV_FINISHED)
		f->finished = true;
	if (what & RT_ADV_STOPPED)
		f->stopped = true;
	if (f->loop && (what & (RT_ADV_FINISHED | RT_ADV_STOPPED)))
		rt_loop_stop(f->loop);
	/* The smoke test's peer sends a request once the run is under way. */
	if (f->loop && !f->input_sent && f->n) {
		f->input_sent = true;
		f->sent_turn = f->turns;
		assert_int_equal(write(f->pipe_fd[1], "order\n", 6), 6);
	}
}

static bool stop_after_action(void *ctx)
{
	struct fixture *f = ctx;
	return f->stop_on_pause && f->n && f->ev[f->n - 1].type == ENG_PAUSE;
}

static struct eng_engine *new_engine(struct fixture *f)
{
	struct eng_options o;
	eng_options_default(&o, f->s);
	o.retain_orders = true;
	if (f->play) {
		o.mode = SCN_CONCURRENT;
		o.hold_steps = true;
	}
	struct eng_engine *e = eng_new(f->s, &o);
	assert_non_null(e);
	struct eng_observer ob = { on_event, f };
	eng_add_observer(e, &ob);
	return e;
}

static void load(struct fixture *f, const char *yaml_or_name)
{
	struct scn_diags d = { 0 };
	int r = strchr(yaml_or_name, '\n')
		? scn_load_buffer("t.yaml", yaml_or_name, strlen(yaml_or_name), &f->s, &d)
		: scn_load_arg(yaml_or_name, &f->s, &d);
	scn_diags_close(&d);
	assert_int_equal(r, 0);
}

/* A paused clock at virtual 0 on the manual time source at T0 (a game's
 * engine, whose steps wait for a player, when `play`). */
static struct fixture *setup_as(const char *yaml_or_name, bool play)
{
	struct fixture *f = &fx;
	memset(f, 0, sizeof *f);
	f->play = play;
	f->manual = rt_manual_new(T0);
	assert_non_null(f->manual);
	f->time = rt_manual_source(f->manual);
	struct rt_clock_hooks ch = { on_advance, stop_after_action, f };
	f->clock = rt_clock_new(f->time, &ch);
	assert_non_null(f->clock);
	load(f, yaml_or_name);
	f->e = new_engine(f);
	assert_int_equal(rt_clock_attach(f->clock, &f->e, 1, 0), 0);
	return f;
}

static struct fixture *setup(const char *yaml_or_name)
{
	return setup_as(yaml_or_name, false);
}

static void teardown(struct fixture *f)
{
	rt_clock_free(f->clock);
	eng_free(f->e);
	scn_free(f->s);
	if (f->manual) {
		assert_int_equal(rt_manual_armed(f->manual), 0);
		rt_manual_free(f->manual);
	}
	if (f->loop) {
		rt_loop_free(f->loop);
		close(f->pipe_fd[0]);
		close(f->pipe_fd[1]);
	}
}

/* Fires timers until the run finishes (or `limit` callbacks). */
static void run_out(struct fixture *f, size_t limit)
{
	while (!f->finished && !f->stopped && limit-- && rt_manual_fire_next(f->manual))
		;
}

/* The same scenario's events in virtual time. */
static struct eng_event want[MAX_EV];
static size_t n_want;

static void collect(void *ctx, const struct eng_event *ev)
{
	(void)ctx;
	if (n_want < MAX_EV)
		want[n_want++] = *ev;
}

static void headless(const struct scn_scenario *s)
{
	struct eng_options o;
	eng_options_default(&o, s);
	struct eng_engine *e = eng_new(s, &o);
	struct eng_observer ob = { collect, NULL };
	n_want = 0;
	eng_add_observer(e, &ob);
	eng_run(e);
	eng_free(e);
}

/* Same events, same order, same times as the virtual run. */
static void assert_same_run(struct fixture *f)
{
	assert_true(f->finished);
	assert_true(eng_done(f->e));
	headless(f->s);
	assert_int_equal(f->n, n_want);
	for (size_t i = 0; i < f->n; i++) {
		assert_int_equal(f->ev[i].seq, i + 1);
		assert_int_equal(f->ev[i].type, want[i].type);
		assert_int_equal(f->ev[i].t, want[i].t);
		assert_int_equal(f->ev[i].order, want[i].order);
		assert_int_equal(f->ev[i].task, want[i].task);
	}
}

/* The index of the first event of `type` for `task` (-1 for any). */
static size_t find(const struct fixture *f, enum eng_event_type type, int task)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->ev[i].type == type && (task < 0 || f->ev[i].task == task))
			return i;
	fail_msg("no such event");
	return 0;
}

enum { GRIND = 0, HEAT = 1, COMBINE = 2 };      /* coffee's tasks */

/* ---- the manual time source ------------------------------------------- */

static int fired[8], n_fired;
static struct rt_timer *restart_me;

static void note(void *data)
{
	fired[n_fired++] = (int)(intptr_t)data;
	if (restart_me && (intptr_t)data == 1) {
		/* a deadline already past: after the running callback */
		rt_timer_start(restart_me, 0);
		restart_me = NULL;
	}
}

static void manual_time_fires_in_deadline_then_start_order(void **state)
{
	(void)state;
	struct rt_manual *m = rt_manual_new(100);
	struct rt_time_source *ts = rt_manual_source(m);
	struct rt_timer *t[5];
	for (int i = 0; i < 5; i++)
		t[i] = rt_timer_new(ts, note, (void *)(intptr_t)i);
	n_fired = 0;
	rt_timer_start(t[0], 300);
	rt_timer_start(t[1], 200);
	rt_timer_start(t[2], 300);      /* same deadline as 0, started later */
	rt_timer_start(t[3], 250);
	rt_timer_stop(t[3]);            /* stopped: never fires */
	rt_timer_start(t[4], 400);
	rt_timer_start(t[4], 500);      /* started again: only the new deadline */
	restart_me = t[3];
	assert_int_equal(rt_manual_armed(m), 4);
	assert_int_equal(rt_manual_next(m), 200);
	assert_int_equal(rt_time_now(ts), 100);
	/* t1 at 200 restarts t3 for "now": it fires right after, at 200. */
	assert_int_equal(rt_manual_advance_to(m, 299, 0), 2);
	assert_int_equal(n_fired, 2);
	assert_int_equal(fired[0], 1);
	assert_int_equal(fired[1], 3);
	assert_int_equal(rt_time_now(ts), 299);
	assert_true(rt_timer_active(t[0]));
	assert_false(rt_timer_active(t[1]));
	assert_int_equal(rt_manual_advance_to(m, 300, 0), 2);
	assert_int_equal(fired[2], 0);
	assert_int_equal(fired[3], 2);
	rt_manual_spend(m, 1000);       /* t4 falls due unfired */
	assert_int_equal(rt_time_now(ts), 1300);
	assert_int_equal(rt_manual_fire_next(m), 1);
	assert_int_equal(fired[4], 4);
	assert_int_equal(rt_time_now(ts), 1300);        /* late, not back */
	assert_int_equal(rt_manual_fire_next(m), 0);
	for (int i = 0; i < 5; i++)
		rt_timer_free(t[i]);
	rt_manual_free(m);
}

/* ---- the clock on the manual time source ------------------------------ */

static void each_event_is_handled_exactly_at_its_time(void **state)
{
	(void)state;
	struct fixture *f = setup("coffee");
	rt_clock_resume(f->clock);
	run_out(f, 100);
	assert_same_run(f);
	for (size_t i = 0; i < f->n; i++) {
		assert_int_equal(f->wall[i], T0 + (uint64_t)f->ev[i].t * MS);
		assert_int_equal(f->read_v[i], f->ev[i].t);
		assert_int_equal(f->ideal[i], f->wall[i]);
	}
	assert_int_equal(rt_clock_now(f->clock), 3000);
	assert_false(rt_clock_running(f->clock));
	assert_int_equal(rt_clock_armed(f->clock), 0);
	teardown(f);
}

static void at_32x_a_virtual_ms_is_31250_ns_of_wall_time(void **state)
{
	(void)state;
	struct fixture *f = setup("coffee");
	rt_clock_set_speed(f->clock, 5);
	rt_clock_resume(f->clock);
	assert_int_equal(rt_clock_wall_of(f->clock, 2000), T0 + 62500000);
	assert_int_equal(rt_clock_wall_of(f->clock, 1), T0 + 31250);
	/* heat ends at 2000: 62.5 ms of wall time. One ns before: nothing. */
	rt_manual_advance_to(f->manual, T0 + 62500000 - 1, 0);
	assert_int_equal(rt_clock_now(f->clock), 1999);
	size_t before = f->n;
	assert_int_equal(f->ev[before - 1].type, ENG_SAY);
	assert_int_equal(f->ev[before - 1].t, 0);
	rt_manual_advance_to(f->manual, T0 + 62500000, 0);
	size_t i = find(f, ENG_TASK_DONE, HEAT);
	assert_int_equal(i, before);
	assert_int_equal(f->wall[i], T0 + 62500000);
	assert_int_equal(f->read_v[i], 2000);
	run_out(f, 100);
	assert_same_run(f);
	i = find(f, ENG_TASK_DONE, GRIND);
	assert_int_equal(f->wall[i], T0 + 93750000);
	assert_int_equal(rt_clock_wall_of(f->clock, 3), 0);     /* paused */
	teardown(f);
}

/* On a time source of 1 ms grain (libuv's), the clock starts on its next
 * tick, so every whole virtual ms at 1x falls on a tick: nothing to round. */
static void the_clock_starts_on_a_tick_of_its_time_source(void **state)
{
	(void)state;
	struct fixture *f = setup("coffee");
	rt_manual_set_tick(f->manual, MS);
	uint64_t tick = (T0 / MS + 1) * MS;     /* T0 is not a whole ms */
	rt_clock_resume(f->clock);
	assert_int_equal(rt_clock_now(f->clock), 0);
	assert_int_equal(rt_clock_wall_of(f->clock, 0), tick);
	assert_int_equal(rt_manual_next(f->manual), tick);
	run_out(f, 100);
	assert_same_run(f);
	for (size_t i = 0; i < f->n; i++) {
		assert_int_equal(f->wall[i], tick + (uint64_t)f->ev[i].t * MS);
		assert_int_equal(f->wall[i] % MS, 0);
	}
	/* A new speed starts on a tick too: 1 ms past the tick + 0.3 ms,
	 * then 4x. */
	teardown(f);
	f = setup("coffee");
	rt_manual_set_tick(f->manual, MS);
	rt_clock_resume(f->clock);
	rt_manual_advance_to(f->manual, tick + 1000 * MS + 300000, 0);
	rt_clock_set_speed(f->clock, 2);
	assert_int_equal(rt_clock_wall_of(f->clock, 1000), tick + 1001 * MS);
	run_out(f, 100);
	assert_int_equal(f->wall[find(f, ENG_TASK_DONE, HEAT)], tick + 1001 * MS + 250 * MS);
	teardown(f);
	/* An outside action held the clock: it goes on from a tick too. */
	f = setup("coffee");
	rt_manual_set_tick(f->manual, MS);
	rt_clock_resume(f->clock);
	rt_manual_advance_to(f->manual, tick + 500 * MS + 700000, 0);
	assert_int_equal(rt_clock_hold(f->clock, RT_HOLD_NOW), 500);
	rt_manual_spend(f->manual, 100000);
	rt_clock_release(f->clock);
	assert_int_equal(rt_clock_wall_of(f->clock, 500), tick + 501 * MS);
	run_out(f, 100);
	assert_int_equal(f->wall[find(f, ENG_TASK_DONE, HEAT)], tick + 2001 * MS);
	teardown(f);
}

static void timers_mirror_the_running_tasks(void **state)
{
	(void)state;
	struct fixture *f = setup("coffee");
	assert_int_equal(rt_clock_armed(f->clock), 0);
	rt_clock_resume(f->clock);
	/* Nothing handled yet: the wake-up is due at 0, at once. */
	assert_int_equal(rt_clock_armed(f->clock), 1);
	assert_int_equal(rt_manual_next(f->manual), T0);
	rt_manual_advance_to(f->manual, T0, 0);
	/* grind and heat run: a timer each, and the wake-up at grind's end */
	assert_int_equal(rt_clock_armed(f->clock), 3);
	assert_int_equal(rt_manual_armed(f->manual), 3);
	assert_int_equal(rt_manual_next(f->manual), T0 + 2000 * MS);
	rt_manual_advance_to(f->manual, T0 + 2000 * MS, 0);
	assert_int_equal(rt_clock_armed(f->clock), 2);
	assert_int_equal(rt_manual_armed(f->manual), 2);
	assert_int_equal(rt_manual_next(f->manual), T0 + 3000 * MS);
	rt_manual_advance_to(f->manual, T0 + 3000 * MS, 0);
	/* combine is a 0 s wait: no timer; the run is over */
	assert_true(f->finished);
	assert_int_equal(rt_clock_armed(f->clock), 0);
	assert_int_equal(rt_manual_armed(f->manual), 0);
	teardown(f);
}

static void pausing_keeps_the_time_and_disarms(void **state)
{
	(void)state;
	struct fixture *f = setup("coffee");
	rt_clock_resume(f->clock);
	rt_manual_advance_to(f->manual, T0 + 1234 * MS + 567890, 0);
	rt_clock_pause(f->clock);
	assert_false(rt_clock_running(f->clock));
	assert_int_equal(rt_clock_now(f->clock), 1234);
	assert_int_equal(rt_clock_armed(f->clock), 0);
	assert_int_equal(rt_manual_armed(f->manual), 0);
	rt_manual_advance_to(f->manual, T0 + 60000 * MS, 0);     /* a minute */
	assert_int_equal(rt_clock_now(f->clock), 1234);
	size_t n = f->n;
	assert_int_equal(f->ev[n - 1].t, 0);
	/* Resumed: heat's end, 766 ms of virtual time later. */
	rt_clock_resume(f->clock);
	assert_int_equal(rt_clock_armed(f->clock), 3);
	run_out(f, 100);
	assert_same_run(f);
	size_t i = find(f, ENG_TASK_DONE, HEAT);
	assert_int_equal(f->wall[i], T0 + 60000 * MS + 766 * MS);
	assert_int_equal(f->read_v[i], 2000);
	teardown(f);
}

static void pausing_performs_what_is_due_first(void **state)
{
	(void)state;
	struct fixture *f = setup("coffee");
	rt_clock_resume(f->clock);
	rt_manual_advance_to(f->manual, T0, 0);
	/* A slow callback: 2.5 s pass, heat's timer (2 s) has not fired. */
	rt_manual_spend(f->manual, 2500 * MS);
	assert_int_equal(rt_clock_now(f->clock), 2500);
	size_t heat = f->n;
	rt_clock_pause(f->clock);
	/* heat's end, at its virtual time, handled by the pause, which then
	 * holds at 2500 */
	assert_int_equal(f->ev[heat].type, ENG_TASK_DONE);
	assert_int_equal(f->ev[heat].task, HEAT);
	assert_int_equal(f->ev[heat].t, 2000);
	assert_int_equal(f->ev[heat].late, 0);
	assert_int_equal(f->read_v[heat], 2500);
	assert_int_equal(f->wall[heat], T0 + 2500 * MS);
	assert_int_equal(f->ideal[heat], T0 + 2000 * MS);   /* 500 ms late */
	assert_int_equal(rt_clock_now(f->clock), 2500);
	assert_int_equal(eng_next_time(f->e), 3000);
	teardown(f);
}

static void sync_performs_what_is_due_and_names_the_moment(void **state)
{
	(void)state;
	struct fixture *f = setup("coffee");
	rt_clock_resume(f->clock);
	rt_manual_advance_to(f->manual, T0, 0);
	rt_manual_spend(f->manual, 2000 * MS + 700000);       /* 2000.7 ms */
	unsigned adv = f->advances;
	assert_int_equal(rt_clock_sync(f->clock), 2000);
	assert_int_equal(f->advances, adv + 1);
	size_t i = find(f, ENG_TASK_DONE, HEAT);
	assert_int_equal(f->read_v[i], 2000);
	assert_true(rt_clock_running(f->clock));
	/* the wake-up follows the engine: grind's end at 3000 */
	rt_clock_changed(f->clock);
	assert_int_equal(rt_manual_next(f->manual), T0 + 3000 * MS);
	/* paused, it performs nothing and reads the paused time */
	rt_clock_pause(f->clock);
	rt_manual_spend(f->manual, 5000 * MS);
	assert_int_equal(rt_clock_sync(f->clock), 2000);
	assert_int_equal(eng_next_time(f->e), 3000);
	teardown(f);
}

/* An outside action late by 1.5 s of wall time applies exactly at the
 * virtual moment it names: heat's end (2000) is performed, grind's (3000)
 * is not, the clock stands at 2100 until released, then goes on from 2100
 * with the wall time spent holding not counted. */
static void a_hold_stands_at_the_moment_named(void **state)
{
	(void)state;
	struct fixture *f = setup("coffee");
	rt_clock_resume(f->clock);
	rt_manual_advance_to(f->manual, T0, 0);
	rt_manual_spend(f->manual, 3600 * MS);      /* the caller runs late */
	assert_int_equal(rt_clock_hold(f->clock, 2100), 2100);
	assert_int_equal(f->ev[find(f, ENG_TASK_DONE, HEAT)].t, 2000);
	assert_int_equal(eng_next_time(f->e), 3000);
	rt_manual_spend(f->manual, 700 * MS);
	assert_int_equal(rt_clock_now(f->clock), 2100);
	assert_int_equal(rt_clock_sync(f->clock), 2100);
	assert_true(rt_clock_running(f->clock));
	uint64_t released = rt_time_now(f->time);
	rt_clock_release(f->clock);
	assert_int_equal(rt_clock_now(f->clock), 2100);
	assert_int_equal(rt_manual_next(f->manual), released + 900 * MS);
	run_out(f, 100);
	assert_same_run(f);
	assert_int_equal(f->wall[find(f, ENG_TASK_DONE, GRIND)], released + 900 * MS);
	/* A moment not reached is now; paused, nothing is held. */
	teardown(f);
	f = setup("coffee");
	rt_clock_resume(f->clock);
	rt_manual_advance_to(f->manual, T0 + 500 * MS, 0);
	assert_int_equal(rt_clock_hold(f->clock, RT_HOLD_NOW), 500);
	rt_clock_pause(f->clock);               /* pausing while held */
	rt_clock_release(f->clock);
	assert_false(rt_clock_running(f->clock));
	rt_manual_spend(f->manual, 1000 * MS);
	assert_int_equal(rt_clock_hold(f->clock, 4000), 500);
	rt_clock_release(f->clock);
	assert_int_equal(rt_clock_now(f->clock), 500);
	teardown(f);
}

/* A horizon (a replay's next recorded action, at 2100): however far the
 * wall goes past it, nothing due after it is performed and the clock reads
 * it; the wake-up is not armed beyond it. The action applies there (hold,
 * release), the horizon is lifted, and the run goes on as without it. */
static void nothing_runs_past_the_horizon(void **state)
{
	(void)state;
	struct fixture *f = setup("coffee");
	rt_clock_limit(f->clock, 2100);
	rt_clock_resume(f->clock);
	rt_manual_advance_to(f->manual, T0 + 2100 * MS, 0);
	assert_int_equal(f->ev[f->n - 1].t, 2000);      /* heat's end */
	assert_int_equal(rt_clock_now(f->clock), 2100);
	/* grind's own timer, due at 3000, fires: nothing is performed */
	rt_manual_advance_to(f->manual, T0 + 3600 * MS, 0);
	assert_int_equal(f->ev[f->n - 1].t, 2000);
	assert_int_equal(eng_next_time(f->e), 3000);
	assert_int_equal(rt_clock_now(f->clock), 2100);
	assert_int_equal(rt_clock_sync(f->clock), 2100);
	assert_int_equal(rt_clock_armed(f->clock), 0);   /* no wake-up beyond it */
	assert_int_equal(rt_manual_armed(f->manual), 0);
	assert_int_equal(rt_clock_hold(f->clock, 2100), 2100);
	rt_clock_limit(f->clock, RT_NO_LIMIT);
	uint64_t released = rt_time_now(f->time);
	rt_clock_release(f->clock);
	assert_int_equal(rt_clock_now(f->clock), 2100);
	run_out(f, 100);
	assert_same_run(f);
	assert_int_equal(f->wall[find(f, ENG_TASK_DONE, GRIND)], released + 900 * MS);
	teardown(f);
}

static void a_new_speed_goes_on_from_the_same_moment(void **state)
{
	(void)state;
	struct fixture *f = setup("coffee");
	rt_clock_resume(f->clock);
	rt_manual_advance_to(f->manual, T0 + 1000 * MS, 0);
	rt_clock_set_speed(f->clock, 2);        /* 4x from virtual 1000 */
	assert_int_equal(rt_clock_speed(f->clock), 2);
	assert_int_equal(rt_clock_now(f->clock), 1000);
	rt_clock_set_speed(f->clock, RT_SPEED_MAX + 5);
	assert_int_equal(rt_clock_speed(f->clock), RT_SPEED_MAX);
	rt_clock_set_speed(f->clock, RT_SPEED_MIN - 5);
	assert_int_equal(rt_clock_speed(f->clock), RT_SPEED_MIN);
	rt_clock_set_speed(f->clock, 2);
	run_out(f, 100);
	assert_same_run(f);
	assert_int_equal(f->wall[find(f, ENG_TASK_DONE, HEAT)], T0 + 1250 * MS);
	assert_int_equal(f->wall[find(f, ENG_TASK_DONE, GRIND)], T0 + 1500 * MS);
	teardown(f);
}

static void slower_than_real_time_too(void **state)
{
	(void)state;
	struct fixture *f = setup("coffee");
	rt_clock_set_speed(f->clock, RT_SPEED_MIN);     /* 1/8x */
	rt_clock_resume(f->clock);
	run_out(f, 100);
	assert_same_run(f);
	assert_int_equal(f->wall[find(f, ENG_TASK_DONE, HEAT)], T0 + 16000 * MS);
	assert_int_equal(f->wall[find(f, ENG_TASK_DONE, GRIND)], T0 + 24000 * MS);
	assert_int_equal(rt_clock_now(f->clock), 3000);
	teardown(f);
}

static void a_seek_mirrors_what_runs_then(void **state)
{
	(void)state;
	struct fixture *f = setup("coffee");
	rt_clock_resume(f->clock);
	rt_manual_advance_to(f->manual, T0 + 500 * MS, 0);
	/* A seek, as the TUI does it: let go, build the engine at 1500, take
	 * it there. */
	rt_clock_detach(f->clock);
	assert_int_equal(rt_manual_armed(f->manual), 0);
	eng_free(f->e);
	f->n = 0;
	f->e = new_engine(f);
	eng_run_until(f->e, 1500);
	assert_int_equal(rt_clock_attach(f->clock, &f->e, 1, 1500), 0);
	assert_true(rt_clock_running(f->clock));
	assert_int_equal(rt_clock_now(f->clock), 1500);
	assert_int_equal(rt_clock_armed(f->clock), 3);
	run_out(f, 100);
	assert_same_run(f);
	size_t i = find(f, ENG_TASK_DONE, HEAT);
	assert_int_equal(f->wall[i], T0 + 1000 * MS);
	assert_int_equal(f->wall[find(f, ENG_TASK_DONE, GRIND)], T0 + 2000 * MS);
	teardown(f);
}

/* Single steps, as the TUI's n does them: paused, the caller performs the
 * engine's actions one at a time and sets the clock to the latest one's
 * time. Nothing is armed meanwhile; the clock has followed the tasks
 * started on the way, and resumed it goes on from that moment. */
static void single_steps_while_paused(void **state)
{
	(void)state;
	struct fixture *f = setup("coffee");
	size_t heat_done = 0;
	for (int steps = 0; !heat_done; steps++) {
		assert_true(steps < 20);
		size_t before = f->n;
		uint64_t got = eng_run_events(f->e, 1);
		assert_true(got >= 1);
		assert_int_equal(f->n, before + got);
		rt_clock_set_time(f->clock, f->ev[f->n - 1].t);
		assert_int_equal(rt_clock_now(f->clock), f->ev[f->n - 1].t);
		assert_false(rt_clock_running(f->clock));
		assert_int_equal(rt_clock_armed(f->clock), 0);
		assert_int_equal(rt_manual_armed(f->manual), 0);
		for (size_t i = before; i < f->n; i++)
			if (f->ev[i].type == ENG_TASK_DONE && f->ev[i].task == HEAT)
				heat_done = i;
	}
	assert_int_equal(rt_clock_now(f->clock), 2000);
	/* A minute of wall time at the projector, then resume: grind, started
	 * by a step at 0, ends 1000 virtual ms later. */
	rt_manual_spend(f->manual, 60000 * MS);
	rt_clock_resume(f->clock);
	assert_int_equal(rt_clock_armed(f->clock), 2);  /* grind, the wake-up */
	run_out(f, 100);
	assert_same_run(f);
	size_t i = find(f, ENG_TASK_DONE, GRIND);
	assert_int_equal(f->wall[i], T0 + 61000 * MS);
	assert_int_equal(f->read_v[i], 3000);
	teardown(f);
}

static const char *pause_yaml =
	"title: p\n"
	"recipes:\n"
	"  r:\n"
	"    tasks:\n"
	"      a: { duration: 2s }\n"
	"orders:\n"
	"  - recipe: r\n"
	"script:\n"
	"  - { at: 1s, pause: true }\n";

static void a_script_pause_stops_the_clock_at_its_time(void **state)
{
	(void)state;
	struct fixture *f = setup(pause_yaml);
	f->stop_on_pause = true;
	rt_clock_resume(f->clock);
	run_out(f, 100);
	assert_true(f->stopped);
	assert_false(f->finished);
	assert_false(rt_clock_running(f->clock));
	assert_int_equal(rt_clock_now(f->clock), 1000);
	assert_int_equal(f->ev[f->n - 1].type, ENG_PAUSE);
	assert_int_equal(f->wall[f->n - 1], T0 + 1000 * MS);
	assert_int_equal(rt_clock_armed(f->clock), 0);
	assert_int_equal(rt_manual_armed(f->manual), 0);
	f->stop_on_pause = false;
	f->stopped = false;
	rt_manual_advance_to(f->manual, T0 + 9000 * MS, 0);
	rt_clock_resume(f->clock);
	run_out(f, 100);
	assert_same_run(f);
	assert_int_equal(f->wall[f->n - 1], T0 + 10000 * MS);
	teardown(f);
}

static const char *block_yaml =
	"title: b\n"
	"recipes:\n"
	"  soup:\n"
	"    tasks:\n"
	"      boil: { duration: 2s }\n"
	"      chop: { duration: 3s, kind: work }\n"
	"orders:\n"
	"  - recipe: soup\n";

static void a_timer_due_during_a_block_waits_for_its_end(void **state)
{
	(void)state;
	struct fixture *f = setup(block_yaml);
	rt_clock_resume(f->clock);
	rt_manual_advance_to(f->manual, T0, 0);
	/* boil's timer, chop's (the block's end), the wake-up at the block's
	 * end */
	assert_int_equal(rt_clock_armed(f->clock), 3);
	rt_manual_advance_to(f->manual, T0 + 2000 * MS, 0);
	/* boil's timer fired; its end cannot be handled while chop blocks */
	assert_int_equal(rt_clock_armed(f->clock), 2);
	assert_int_equal(f->ev[f->n - 1].t, 0);
	run_out(f, 100);
	assert_same_run(f);
	size_t i = find(f, ENG_TASK_DONE, 0);
	assert_int_equal(f->ev[i].t, 3000);
	assert_int_equal(f->ev[i].late, 1000);
	assert_int_equal(f->wall[i], T0 + 3000 * MS);
	teardown(f);
}

static const char *play_yaml =
	"title: g\n"
	"stations:\n"
	"  kettle: { capacity: 1 }\n"
	"recipes:\n"
	"  soup:\n"
	"    tasks:\n"
	"      chop: { duration: 1.5s, kind: work }\n"
	"      boil: { duration: 1s, station: kettle }\n"
	"      serve: { duration: 0s, after: [chop, boil] }\n"
	"orders:\n"
	"  - recipe: soup\n"
	"  - { recipe: soup, at: 0.5s }\n";

enum { CHOP = 0, BOIL = 1 };            /* play_yaml's tasks */

/* A pick as the game's door makes it: hold the clock at now, perform what
 * is due by then, start the step there, go on. Returns eng_pick's code. */
static int pick_now(struct fixture *f, uint64_t order, int task, int64_t *at)
{
	int64_t t = rt_clock_hold(f->clock, RT_HOLD_NOW);
	eng_run_until(f->e, t);
	int rc = eng_pick(f->e, order, task, t);
	rt_clock_release(f->clock);
	if (at)
		*at = t;
	return rc;
}

/* Play: steps wait in the ready queue for the player while the clock
 * handles what runs by itself (an arrival); with only steps waiting
 * nothing is armed, yet time goes on; a pick is an outside action at the
 * moment it is made; a `work` step picked blocks the loop for its
 * duration, and nothing else is handled or picked meanwhile. */
static void steps_wait_for_the_player_on_the_clock(void **state)
{
	(void)state;
	struct fixture *f = setup_as(play_yaml, true);
	struct eng_waiting_step w[8];
	rt_clock_resume(f->clock);
	rt_manual_advance_to(f->manual, T0, 0);
	assert_int_equal(eng_waiting(f->e, w, 8), 2);   /* chop, boil of 1 */
	for (size_t k = 0; k < f->n; k++)                      /* none started */
		assert_int_not_equal(f->ev[k].type, ENG_TASK_STARTED);
	/* the wake-up only: the second customer at 0.5 s */
	assert_int_equal(rt_clock_armed(f->clock), 1);
	assert_int_equal(rt_manual_next(f->manual), T0 + 500 * MS);
	rt_manual_advance_to(f->manual, T0 + 500 * MS, 0);
	assert_int_equal(f->ev[f->n - 1].t, 500);
	assert_int_equal(eng_waiting(f->e, w, 8), 4);
	assert_int_equal(eng_next_time(f->e), ENG_NEVER);
	assert_int_equal(rt_clock_armed(f->clock), 0);
	assert_int_equal(rt_manual_armed(f->manual), 0);
	assert_true(rt_clock_running(f->clock));
	/* The player thinks for 0.2004 s: boil of order 1 at 700. */
	rt_manual_spend(f->manual, 200 * MS + 400000);
	assert_int_equal(rt_clock_now(f->clock), 700);
	uint64_t order1 = w[0].order;
	int64_t at;
	assert_true(pick_now(f, order1, BOIL, &at) > 0);
	assert_int_equal(at, 700);
	size_t i = find(f, ENG_TASK_STARTED, BOIL);
	assert_int_equal(f->ev[i].t, 700);
	assert_int_equal(f->ev[i].order, order1);
	assert_int_equal(rt_clock_armed(f->clock), 2);  /* boil, the wake-up */
	assert_int_equal(rt_clock_wall_of(f->clock, 1700), T0 + 1700 * MS + 400000);
	/* chop of order 1 at 900: the loop blocks until 2400. */
	rt_manual_advance_to(f->manual, T0 + 700 * MS + 400000 + 200 * MS, 0);
	assert_true(pick_now(f, order1, CHOP, &at) > 0);
	assert_int_equal(at, 900);
	assert_int_equal(eng_next_time(f->e), 2400);
	/* At 1000 the player tries the other order's chop: refused. */
	rt_manual_advance_to(f->manual, T0 + 1000 * MS + 400000, 0);
	uint64_t order2 = order1 == w[2].order ? w[3].order : w[2].order;
	assert_int_equal(pick_now(f, order2, CHOP, NULL), ENG_PICK_BLOCKED);
	/* boil's timer fires at 1700, its end waits for the block's: both are
	 * handled at 2400, on the dot. */
	rt_manual_advance_to(f->manual, T0 + 2400 * MS + 400000 - 1, 0);
	assert_int_equal(f->ev[f->n - 1].t, 900);
	rt_manual_advance_to(f->manual, T0 + 2400 * MS + 400000, 0);
	i = find(f, ENG_TASK_DONE, BOIL);
	assert_int_equal(f->ev[i].t, 2400);
	assert_int_equal(f->ev[i].late, 700);
	assert_int_equal(f->wall[i], T0 + 2400 * MS + 400000);
	assert_int_equal(f->wall[find(f, ENG_TASK_DONE, CHOP)], T0 + 2400 * MS + 400000);
	/* Then every step as soon as it may start: the game ends. */
	for (int turns = 0; !f->finished; turns++) {
		assert_true(turns < 50);
		int rc = eng_waiting(f->e, w, 8) ?
			pick_now(f, w[0].order, w[0].task, NULL) : ENG_PICK_NOT_WAITING;
		if (rc < 0) {           /* nothing waits, or a block goes on */
			assert_true(rc == ENG_PICK_NOT_WAITING || rc == ENG_PICK_BLOCKED);
			assert_int_equal(rt_manual_fire_next(f->manual), 1);
		}
	}
	assert_true(eng_done(f->e));
	assert_int_equal(eng_summary(f->e)->orders_done, 2);
	assert_int_equal(rt_manual_armed(f->manual), 0);
	teardown(f);
}

static const char *crowd_yaml =
	"title: c\n"
	"recipes:\n"
	"  r:\n"
	"    tasks:\n"
	"      a: { duration: 1s }\n"
	"orders:\n"
	"  - { recipe: r, count: 30000 }\n";

static void actions_per_turn_are_capped(void **state)
{
	(void)state;
	struct fixture *f = setup(crowd_yaml);
	rt_clock_resume(f->clock);
	assert_int_equal(rt_manual_fire_next(f->manual), 1);
	/* One callback did as much as it may: more is due at 0 and the
	 * wake-up is armed for now, after what else the loop has to do. */
	assert_int_equal(f->advances, 1);
	assert_int_equal(eng_next_time(f->e), 0);
	assert_int_equal(rt_manual_next(f->manual), T0);
	assert_true(rt_clock_running(f->clock));
	rt_manual_advance_to(f->manual, T0, 0);
	assert_true(f->advances >= 3);
	assert_int_equal(eng_next_time(f->e), 1000);
	assert_int_equal(rt_time_now(f->time), T0);
	assert_int_equal(rt_clock_armed(f->clock), 30001);
	run_out(f, 100000);
	assert_true(f->finished);
	assert_int_equal(eng_summary(f->e)->orders_done, 30000);
	teardown(f);
}

/* ---- on a real libuv loop --------------------------------------------- */

/* A request on the socket the loop watches, served as a server would serve
 * an order placed over the network: read, then an outside action at the
 * clock's moment (hold, the change, release). */
static void on_input(void *ctx)
{
	struct fixture *f = ctx;
	char buf[64];
	ssize_t got = read(f->pipe_fd[0], buf, sizeof buf);
	if (got <= 0)
		return;
	f->inputs++;
	f->served_turn = f->turns;
	f->input_v = rt_clock_hold(f->clock, RT_HOLD_NOW);
	assert_int_equal(rt_clock_now(f->clock), f->input_v);
	rt_clock_release(f->clock);
}

static void on_turn(void *ctx)
{
	((struct fixture *)ctx)->turns++;
}

/* On libuv's own clock: no event is handled before its wall moment, and a
 * socket on the same loop is served in the very turn of the loop whose
 * clock callback sent the request (libuv: timers, idle, prepare, poll), so
 * the clock never holds the loop past a turn, however busy the machine
 * is; the outside action it makes moves no event early. */
static void on_a_real_loop_no_event_is_handled_early(void **state)
{
	(void)state;
	struct fixture *f = &fx;
	memset(f, 0, sizeof *f);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, f->pipe_fd), 0);
	struct rt_loop_hooks lh = { .on_input = on_input, .on_turn = on_turn, .ctx = f };
	assert_int_equal(rt_loop_new(&f->loop, &lh, f->pipe_fd[0]), 0);
	f->time = rt_loop_time_source(f->loop);
	struct rt_clock_hooks ch = { on_advance, stop_after_action, f };
	f->clock = rt_clock_new(f->time, &ch);
	assert_non_null(f->clock);
	load(f, "chopping");
	f->e = new_engine(f);
	assert_int_equal(rt_clock_attach(f->clock, &f->e, 1, 0), 0);
	rt_clock_set_speed(f->clock, 5);        /* 32x: 5 s in ~160 ms */
	uint64_t t0 = rt_time_now(f->time);
	rt_clock_resume(f->clock);
	assert_int_equal(rt_loop_run(f->loop), 0);
	assert_same_run(f);
	for (size_t i = 0; i < f->n; i++) {
		assert_true(f->read_v[i] >= f->ev[i].t);
		assert_true(f->wall[i] >= f->ideal[i]);
	}
	/* not sooner than the clock allows */
	assert_true(rt_time_now(f->time) - t0 >= 5000 * MS / 32);
	assert_int_equal(rt_clock_now(f->clock), 5000);
	assert_int_equal(rt_clock_armed(f->clock), 0);
	/* the request was served in the turn that sent it */
	assert_true(f->input_sent);
	assert_int_equal(f->inputs, 1);
	assert_int_equal(f->served_turn, f->sent_turn + 1);
	teardown(f);
}

int main(void)
{
	alarm(120);     /* a clock that never fires must not hang the suite */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(manual_time_fires_in_deadline_then_start_order),
		cmocka_unit_test(each_event_is_handled_exactly_at_its_time),
		cmocka_unit_test(at_32x_a_virtual_ms_is_31250_ns_of_wall_time),
		cmocka_unit_test(the_clock_starts_on_a_tick_of_its_time_source),
		cmocka_unit_test(timers_mirror_the_running_tasks),
		cmocka_unit_test(pausing_keeps_the_time_and_disarms),
		cmocka_unit_test(pausing_performs_what_is_due_first),
		cmocka_unit_test(sync_performs_what_is_due_and_names_the_moment),
		cmocka_unit_test(a_hold_stands_at_the_moment_named),
		cmocka_unit_test(nothing_runs_past_the_horizon),
		cmocka_unit_test(a_new_speed_goes_on_from_the_same_moment),
		cmocka_unit_test(slower_than_real_time_too),
		cmocka_unit_test(a_seek_mirrors_what_runs_then),
		cmocka_unit_test(single_steps_while_paused),
		cmocka_unit_test(a_script_pause_stops_the_clock_at_its_time),
		cmocka_unit_test(a_timer_due_during_a_block_waits_for_its_end),
		cmocka_unit_test(steps_wait_for_the_player_on_the_clock),
		cmocka_unit_test(actions_per_turn_are_capped),
		cmocka_unit_test(on_a_real_loop_no_event_is_handled_early),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
