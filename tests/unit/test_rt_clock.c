/*
 * test_rt_clock.c — the real-time clock (src/realtime/clock.c) on a real
 * libuv loop, without a terminal: it drives the engine to the same events
 * as the virtual run, never before their time; pausing disarms every timer
 * and stops time; a new speed, a pause and resume, and a replaced engine
 * (a step back) re-arm the timers so the run still ends right; a script
 * pause stops the clock exactly at the directive's time.
 *
 * Time bounds are one-sided where it matters (never early) and generous
 * the other way, for a loaded machine under ASan.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "realtime/clock.h"
#include "realtime/loop.h"
#include "scenario/load.h"

struct fixture {
	struct rt_loop *loop;
	struct rt_clock *clock;
	struct scn_scenario *s;
	struct eng_engine *e;
	int pipe_fd[2];
	/* what happened */
	struct eng_event ev[256];
	int64_t wall_v[256];    /* the clock's reading when each was handled */
	size_t n;
	bool finished, stopped;
	int frames;
	void (*on_frame)(struct fixture *f);
	bool stop_on_pause;
};

static void on_event(void *ctx, const struct eng_event *ev)
{
	struct fixture *f = ctx;
	if (f->n < 256) {
		f->ev[f->n] = *ev;
		f->wall_v[f->n] = rt_clock_now(f->clock);
		f->n++;
	}
	rt_clock_event(f->clock, 0, ev);
}

static void on_advance(void *ctx, unsigned what)
{
	struct fixture *f = ctx;
	if (what & RT_ADV_FINISHED) {
		f->finished = true;
		rt_loop_stop(f->loop);
	}
	if (what & RT_ADV_STOPPED) {
		f->stopped = true;
		rt_loop_stop(f->loop);
	}
}

static bool stop_after_step(void *ctx)
{
	struct fixture *f = ctx;
	return f->stop_on_pause && f->n && f->ev[f->n - 1].type == ENG_PAUSE;
}

static void frame(void *ctx)
{
	struct fixture *f = ctx;
	f->frames++;
	if (f->on_frame)
		f->on_frame(f);
}

static struct eng_engine *new_engine(struct fixture *f)
{
	struct eng_options o;
	eng_options_default(&o, f->s);
	o.retain_orders = true;
	struct eng_engine *e = eng_new(f->s, &o);
	struct eng_observer ob = { on_event, f };
	eng_add_observer(e, &ob);
	return e;
}

static struct fixture *setup(const char *yaml_or_name)
{
	static struct fixture f;
	memset(&f, 0, sizeof f);
	assert_int_equal(pipe(f.pipe_fd), 0);
	struct rt_loop_hooks lh = { .on_frame = frame, .ctx = &f };
	assert_int_equal(rt_loop_new(&f.loop, &lh, f.pipe_fd[0]), 0);
	struct rt_clock_hooks ch = { on_advance, stop_after_step, &f };
	f.clock = rt_clock_new(f.loop, &ch);
	assert_non_null(f.clock);
	struct scn_diags d = { 0 };
	int r = strchr(yaml_or_name, '\n')
		? scn_load_buffer("t.yaml", yaml_or_name, strlen(yaml_or_name), &f.s, &d)
		: scn_load_arg(yaml_or_name, &f.s, &d);
	scn_diags_close(&d);
	assert_int_equal(r, 0);
	f.e = new_engine(&f);
	assert_int_equal(rt_clock_attach(f.clock, &f.e, 1, 0), 0);
	return &f;
}

static void teardown(struct fixture *f)
{
	rt_clock_free(f->clock);
	eng_free(f->e);
	rt_loop_free(f->loop);
	scn_free(f->s);
	close(f->pipe_fd[0]);
	close(f->pipe_fd[1]);
}

/* How many events the same scenario makes in virtual time. */
static uint64_t headless_events(const struct scn_scenario *s)
{
	struct eng_options o;
	eng_options_default(&o, s);
	struct eng_engine *e = eng_new(s, &o);
	eng_run(e);
	uint64_t n = eng_events_emitted(e);
	eng_free(e);
	return n;
}

static void assert_same_run(struct fixture *f)
{
	assert_true(f->finished);
	assert_true(eng_done(f->e));
	assert_int_equal(f->n, headless_events(f->s));
	for (size_t i = 0; i < f->n; i++) {
		assert_int_equal(f->ev[i].seq, i + 1);
		/* Never handled before its virtual time. */
		assert_true(f->wall_v[i] >= f->ev[i].t);
	}
}

static void runs_in_real_time_never_early(void **state)
{
	(void)state;
	struct fixture *f = setup("coffee");
	rt_clock_set_speed(f->clock, 5);        /* 32x: 3 s in ~94 ms */
	uint64_t t0 = rt_hrtime();
	rt_clock_resume(f->clock);
	assert_true(rt_clock_armed(f->clock) >= 1);
	assert_int_equal(rt_loop_run(f->loop), 0);
	uint64_t ms = (rt_hrtime() - t0) / 1000000;
	assert_same_run(f);
	assert_true(ms >= 3000 / 32);           /* not sooner than the clock allows */
	assert_true(ms < 3000);                 /* and clearly at 32x, not 1x */
	assert_int_equal(rt_clock_now(f->clock), 3000);
	assert_false(rt_clock_running(f->clock));
	assert_int_equal(rt_clock_armed(f->clock), 0);
	teardown(f);
}

static void pause_on_second_frame(struct fixture *f)
{
	if (f->frames == 2) {
		rt_clock_pause(f->clock);
		rt_loop_set_frames(f->loop, 0);
		rt_loop_stop(f->loop);
	}
}

static void pausing_disarms_and_stops_time(void **state)
{
	(void)state;
	struct fixture *f = setup("coffee");
	f->on_frame = pause_on_second_frame;
	rt_clock_resume(f->clock);
	rt_loop_set_frames(f->loop, 20);
	rt_loop_run(f->loop);
	assert_false(rt_clock_running(f->clock));
	assert_int_equal(rt_clock_armed(f->clock), 0);
	/* Paused somewhere in the run; where depends on the machine's load
	 * (frames are real timers), so only its bounds are asserted. */
	int64_t t = rt_clock_now(f->clock);
	assert_in_range(t, 1, 3000);
	usleep(60000);
	assert_int_equal(rt_clock_now(f->clock), t);    /* time stands still */
	/* Resumed faster, it finishes the same run. */
	f->on_frame = NULL;
	rt_clock_set_speed(f->clock, RT_SPEED_MAX);
	rt_clock_resume(f->clock);
	rt_loop_run(f->loop);
	assert_same_run(f);
	teardown(f);
}

static void faster_on_first_frame(struct fixture *f)
{
	if (f->frames == 1) {
		rt_clock_set_speed(f->clock, RT_SPEED_MAX + 5);   /* clamped to 64x */
		assert_int_equal(rt_clock_speed(f->clock), RT_SPEED_MAX);
		rt_loop_set_frames(f->loop, 0);
	}
}

static void a_new_speed_re_arms_the_timers(void **state)
{
	(void)state;
	struct fixture *f = setup("chopping");
	f->on_frame = faster_on_first_frame;
	rt_clock_set_speed(f->clock, RT_SPEED_MIN);     /* 1/8x: would take 40 s */
	uint64_t t0 = rt_hrtime();
	rt_clock_resume(f->clock);
	rt_loop_set_frames(f->loop, 30);
	rt_loop_run(f->loop);
	uint64_t ms = (rt_hrtime() - t0) / 1000000;
	/* chopping has questions: the clock would stop at them; without the
	 * stop hook it runs through. */
	assert_same_run(f);
	assert_true(ms < 5000);
	teardown(f);
}

static void replace_engine_on_first_frame(struct fixture *f)
{
	if (f->frames != 1)
		return;
	/* A step back, as the TUI does it: let go, replay a fresh engine up to
	 * one event fewer, take it. */
	uint64_t k = f->n ? f->n - 1 : 0;
	rt_clock_pause(f->clock);
	rt_clock_detach(f->clock);
	eng_free(f->e);
	f->n = 0;
	f->e = new_engine(f);
	eng_run_events(f->e, k);
	int64_t t = f->n ? f->ev[f->n - 1].t : 0;
	assert_int_equal(rt_clock_attach(f->clock, &f->e, 1, t), 0);
	rt_clock_resume(f->clock);
	rt_loop_set_frames(f->loop, 0);
}

static void a_replaced_engine_is_mirrored(void **state)
{
	(void)state;
	struct fixture *f = setup("helpers");
	f->on_frame = replace_engine_on_first_frame;
	rt_clock_set_speed(f->clock, 4);
	rt_clock_resume(f->clock);
	rt_loop_set_frames(f->loop, 40);
	rt_loop_run(f->loop);
	assert_same_run(f);
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
	rt_clock_set_speed(f->clock, 5);
	rt_clock_resume(f->clock);
	rt_loop_run(f->loop);
	assert_true(f->stopped);
	assert_false(f->finished);
	assert_false(rt_clock_running(f->clock));
	assert_int_equal(rt_clock_now(f->clock), 1000);
	assert_int_equal(f->ev[f->n - 1].type, ENG_PAUSE);
	assert_int_equal(rt_clock_armed(f->clock), 0);
	f->stop_on_pause = false;
	rt_clock_resume(f->clock);
	rt_loop_run(f->loop);
	assert_same_run(f);
	teardown(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(runs_in_real_time_never_early),
		cmocka_unit_test(pausing_disarms_and_stops_time),
		cmocka_unit_test(a_new_speed_re_arms_the_timers),
		cmocka_unit_test(a_replaced_engine_is_mirrored),
		cmocka_unit_test(a_script_pause_stops_the_clock_at_its_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
