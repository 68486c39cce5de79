/*
 * clock.h — virtual time that follows the wall clock, driving engines.
 *
 * Virtual time = base + (wall time elapsed since base) x speed, with speeds
 * 1/8x to 64x (powers of two). The clock drives one engine, or two on one
 * clock (the race view): whenever one of its libuv timers fires it performs
 * every engine action due by the current virtual time, in time order, and
 * re-arms.
 *
 * Its timers mirror the engine: every running task (a `wait` task's
 * asyncio.sleep, a `work` step blocking the loop, a helper thread busy) is
 * one real uv_timer_t due when the task's attempt ends, armed when the task
 * starts and stopped when it ends, fails or is cancelled; one more timer
 * wakes the clock for the next action that is not a running task's end
 * (an arrival, a script directive, a timeout, a customer's patience, the
 * ready queue). While paused nothing is armed: the process sleeps.
 *
 * The engines stay owned by the caller; detach the clock before freeing or
 * replacing them.
 */
#ifndef KITCHEN_RT_CLOCK_H
#define KITCHEN_RT_CLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "engine/engine.h"
#include "loop.h"

#define RT_SPEED_MIN (-3)       /* 1/8x, as a power of two */
#define RT_SPEED_MAX 6          /* 64x */
#define RT_MAX_ENGINES 2

/* What happened in one advance (flags for on_advance). */
enum {
	RT_ADV_STEPPED = 1,     /* engine actions were performed */
	RT_ADV_STOPPED = 2,     /* stop_after_step asked to stop: now paused */
	RT_ADV_FINISHED = 4     /* every engine is over: now paused at the end */
};

struct rt_clock_hooks {
	/* After a batch of engine actions. Called from the loop's callbacks,
	 * never from inside an engine step. */
	void (*on_advance)(void *ctx, unsigned what);
	/* Asked after every action while the clock runs: true pauses the clock
	 * at that action's time (a `pause` or `ask` directive). May be NULL. */
	bool (*stop_after_step)(void *ctx);
	void *ctx;
};

struct rt_clock;

/* A paused clock at virtual 0, speed 1x, with no engine. NULL when memory
 * runs out. */
struct rt_clock *rt_clock_new(struct rt_loop *loop,
			      const struct rt_clock_hooks *hooks);
/* Stops and closes its timers and frees it (engines untouched). The loop
 * must then run (rt_loop_free does) for the handles to finish closing. */
void rt_clock_free(struct rt_clock *c);

/*
 * Drives `n` (1..RT_MAX_ENGINES) engines from virtual time `t` on. The
 * engines may already have run (a replay): the clock mirrors their running
 * tasks now, then follows every change through rt_clock_event. Keeps the
 * clock's running/paused state and speed. Returns 0, or -1 when memory runs
 * out.
 */
int rt_clock_attach(struct rt_clock *c, struct eng_engine *const *engines,
		    int n, int64_t t);
/* Lets go of the engines: stops every timer. */
void rt_clock_detach(struct rt_clock *c);

/*
 * Every event of attached engine number `eng` (its index in attach) must be
 * passed here as it is emitted, from the engine's observer: that is how the
 * clock arms and stops the running tasks' timers. (The caller owns the one
 * observer of each engine; an engine cannot drop an observer, and engines
 * outlive attachments in the race view.) Events of detached engines are
 * ignored.
 */
void rt_clock_event(struct rt_clock *c, int eng, const struct eng_event *ev);

/* The current virtual time, in ms. */
int64_t rt_clock_now(const struct rt_clock *c);
bool rt_clock_running(const struct rt_clock *c);

/* Pause keeps the virtual time; resume continues from it. Resuming when
 * every engine is over does nothing. */
void rt_clock_pause(struct rt_clock *c);
void rt_clock_resume(struct rt_clock *c);
/* Sets the virtual time while paused (after stepping by hand). */
void rt_clock_set_time(struct rt_clock *c, int64_t t);

/* Speed as a power of two, RT_SPEED_MIN..RT_SPEED_MAX (clamped). */
int rt_clock_speed(const struct rt_clock *c);
void rt_clock_set_speed(struct rt_clock *c, int log2_speed);

/* How many real timers are armed now (running tasks + the wake-up). */
uint64_t rt_clock_armed(const struct rt_clock *c);

/*
 * Conformance log: from now on, every event of the first engine attached
 * is also written to `to` as a jsonl line exactly as `kitchen run --format
 * jsonl` writes it, plus "wall": the virtual time read off the real clock
 * when the event was handled; then the summary line when that run is over.
 * The log ends when that engine is detached. `to` stays the caller's.
 */
void rt_clock_log_events(struct rt_clock *c, FILE *to);

/* Lateness statistics: records, for every running task whose end the
 * engine handles at its due time while the clock runs, how late (wall ns)
 * that happened after the ideal moment (base + due / speed). */
void rt_clock_record_lateness(struct rt_clock *c, bool on);
/* Writes "timers N p50 X p90 X p99 X max X" (ms) to `to` (sorts the
 * samples). */
void rt_clock_write_lateness(struct rt_clock *c, FILE *to);

#endif
