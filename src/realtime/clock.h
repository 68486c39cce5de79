/*
 * clock.h — virtual time that follows the wall clock: a scheduler that
 * performs engine actions when a time source says their moment has come.
 *
 * Virtual time = base + (wall time elapsed since base) x speed, with speeds
 * 1/8x to 64x (powers of two). The clock drives one engine, or two on one
 * clock (the race view): whenever one of its timers fires it performs every
 * engine action due by the current virtual time, in time order, and arms
 * its timers again.
 *
 * Time source. The clock reads wall time and starts timers only through
 * the time source it is given (timesource.h): the libuv loop's in the
 * program (rt_loop_time_source), time moved by hand in tests (manual.h),
 * where every time it reads is exact. It writes nothing and draws nothing:
 * whoever wants a log of the events or lateness statistics observes the
 * engines' events and reads the clock (rt_clock_now, rt_clock_wall_of).
 *
 * Timers. They mirror the engine: every running task (a `wait` task's
 * asyncio.sleep, a `work` step blocking the loop, a helper thread busy) is
 * one timer of the time source — a real uv_timer_t in the program — due
 * when the task's attempt ends, started when the task starts and stopped
 * when it ends, fails or is cancelled; one more timer, the wake-up, is due
 * at the engines' next action (an arrival, a script directive, a timeout,
 * a customer's patience, the ready queue). While paused nothing is armed:
 * the process sleeps.
 *
 * What the clock is built for (docs/realtime.md tells it at length):
 *
 *  - Pause and speed: the virtual time is kept and the timers are armed
 *    again from it; nothing else changes.
 *  - Outside actions. Anything that changes a run at "now" — a key, a
 *    player picking a step, an order placed over the network, a recorded
 *    action replayed — first calls rt_clock_hold, which performs every
 *    action due by its moment and holds the clock there in whole virtual
 *    ms; the caller applies its action to the engine at that time, then
 *    rt_clock_release goes on and re-arms (rt_clock_changed alone, after
 *    a change made without a hold). Pause and speed changes perform what is
 *    due by now first too (rt_clock_sync). So the engine's state when an
 *    action applies depends on its virtual time only, never on how late a
 *    timer's callback ran, and a recording of (virtual time, wall time,
 *    action) replays exactly: the same calls at the same virtual times, at
 *    any speed, on any machine, headless with the manual time source.
 *  - Single steps: while paused the caller performs engine actions itself
 *    and sets the clock to the latest event's time (rt_clock_set_time);
 *    the clock follows the running tasks through the events.
 *  - Seeking: the engine is deterministic, so its state at virtual t is a
 *    fresh engine run up to t (or up to an event, for a step back). The
 *    caller detaches, builds that engine and attaches it at t; the clock
 *    mirrors what runs then and goes on from t, running or paused as it
 *    was. A restart is a seek to 0; a switch of mode or of view can keep
 *    the time instead.
 *  - Play: the engine holds task steps in the ready queue until the player
 *    picks one, and its next action is then the next one that runs by
 *    itself (a task's end, an arrival, patience, a timeout, the script):
 *    the clock handles those while steps wait. A pick is an outside
 *    action. A `work` step picked blocks the loop: its end is the engine's
 *    next action, its duration later, armed like any running task, so the
 *    block lasts duration / speed of wall time and nothing is handled
 *    meanwhile.
 *  - --auto: a script pause stops the clock (stop_after_action); the caller
 *    starts a timer of its own on the same time source, N s of wall time,
 *    and resumes the clock when it fires.
 *  - Network I/O: the libuv time source and a server's sockets share one
 *    loop (loop.h). The clock never blocks that loop: a request is served
 *    between two of its callbacks, and an order placed is an outside
 *    action.
 *
 * The engines stay owned by the caller; detach the clock before freeing or
 * replacing them.
 */
#ifndef KITCHEN_RT_CLOCK_H
#define KITCHEN_RT_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/engine.h"
#include "timesource.h"

#define RT_SPEED_MIN (-3)       /* 1/8x, as a power of two */
#define RT_SPEED_MAX 6          /* 64x */
#define RT_MAX_ENGINES 2
/* Engine actions performed per timer callback at most, so keys stay
 * answered when a million arrivals fall due at once; the rest go on at the
 * next turn of the loop. */
#define RT_MAX_ACTIONS_PER_TURN 20000

/* What happened in one advance (flags for on_advance). */
enum {
	RT_ADV_PERFORMED = 1,     /* engine actions were performed */
	RT_ADV_STOPPED = 2,     /* stop_after_action asked to stop: now paused */
	RT_ADV_FINISHED = 4     /* every engine is over: now paused at the end */
};

struct rt_clock_hooks {
	/* After a batch of engine actions. Called from the time source's
	 * callbacks, or from rt_clock_sync (and pause, set_speed, which sync),
	 * never from inside an engine action. */
	void (*on_advance)(void *ctx, unsigned what);
	/* Asked after every action while the clock runs: true pauses the clock
	 * at that action's time (a `pause` or `ask` directive). May be NULL. */
	bool (*stop_after_action)(void *ctx);
	void *ctx;
};

struct rt_clock;

/* A paused clock at virtual 0, speed 1x, with no engine, on `time` (which
 * must outlive it). NULL when memory runs out. */
struct rt_clock *rt_clock_new(struct rt_time_source *time,
			      const struct rt_clock_hooks *hooks);
/* Stops and frees its timers and frees it (engines untouched). */
void rt_clock_free(struct rt_clock *c);

/*
 * Drives `n` (1..RT_MAX_ENGINES) engines from virtual time `t` on: a seek.
 * The engines may already have run up to t: the clock mirrors their running
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
 * clock starts and stops the running tasks' timers. (The caller owns the
 * one observer of each engine; an engine cannot drop an observer, and
 * engines outlive attachments in the race view.) Events of detached engines
 * are ignored.
 */
void rt_clock_event(struct rt_clock *c, int eng, const struct eng_event *ev);

/* The current virtual time, in whole ms (rounded down). */
int64_t rt_clock_now(const struct rt_clock *c);
bool rt_clock_running(const struct rt_clock *c);

/*
 * Performs every engine action due by now (however many: they are late
 * already), stopping at a script stop as a timer's callback would, and
 * returns the virtual time the engines now stand at: now, or the stop's
 * time (the clock is then paused). While paused it performs nothing and
 * returns the clock's time. The outside action that follows applies at the
 * returned time.
 */
int64_t rt_clock_sync(struct rt_clock *c);
/* The engines were changed outside the clock (an outside action): arms the
 * wake-up for their next action again. */
void rt_clock_changed(struct rt_clock *c);

/*
 * Holds the clock at an exact virtual moment while an outside action is
 * applied, so that it applies at that very millisecond however late the
 * caller runs — what makes a recorded action replay exactly. While
 * running: performs every action due by `t` (a `t` not reached yet is
 * taken as now; RT_HOLD_NOW is now), stopping at a script stop as a timer
 * would, then stands at that time (rt_clock_now returns it, timers keep
 * their deadlines) until rt_clock_release; returns it. Paused, or stopped
 * by a script stop or the end, it returns the paused time and holds
 * nothing. Pausing, changing the speed, seeking or resuming while held
 * work as usual. rt_clock_release goes on from the held time (the wall
 * time spent holding does not count, as with a pause).
 */
#define RT_HOLD_NOW INT64_MAX
int64_t rt_clock_hold(struct rt_clock *c, int64_t t);
void rt_clock_release(struct rt_clock *c);

/*
 * A horizon: while it is set, the running clock performs nothing due after
 * virtual `t` and reads no later than `t` (it stands there if the wall goes
 * past); the wake-up is not armed beyond it. A replay sets it at its next
 * recorded action: however late that action's own timer fires (a loaded
 * machine, a high speed, libuv's whole ms), the run has not gone past the
 * moment the action must apply at. RT_NO_LIMIT (the default) lifts it.
 */
#define RT_NO_LIMIT INT64_MAX
void rt_clock_limit(struct rt_clock *c, int64_t t);

/* Pause syncs, then keeps that virtual time; resume continues from it.
 * Resuming when every engine is over does nothing. */
void rt_clock_pause(struct rt_clock *c);
void rt_clock_resume(struct rt_clock *c);
/* Sets the virtual time while paused (after stepping by hand). */
void rt_clock_set_time(struct rt_clock *c, int64_t t);

/* Speed as a power of two, RT_SPEED_MIN..RT_SPEED_MAX (clamped). A change
 * while running syncs first, then goes on from that time at the new
 * speed. */
int rt_clock_speed(const struct rt_clock *c);
void rt_clock_set_speed(struct rt_clock *c, int log2_speed);

/* How many timers are armed now (running tasks whose end has not fallen
 * due, and the wake-up). 0 while paused. */
uint64_t rt_clock_armed(const struct rt_clock *c);

/*
 * The wall time (ns, on the clock's time source) at which the running clock
 * reaches virtual time `v`, or reached it if `v` is past, at the current
 * speed since the last resume, seek or change of speed. What an observer
 * measures lateness against: an event of virtual time v handled at wall w
 * was w - rt_clock_wall_of(c, v) late. 0 while paused; RT_NEVER_NS for a v
 * more than about 30 years away.
 */
uint64_t rt_clock_wall_of(const struct rt_clock *c, int64_t v);

#endif
