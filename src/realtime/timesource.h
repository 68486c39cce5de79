/*
 * timesource.h — where the real-time clock gets wall time and timers.
 *
 * The clock (clock.h) never reads a wall clock or touches libuv itself: it
 * is given a time source, an interface of two parts:
 *
 *   - now: monotonic wall time in nanoseconds;
 *   - one-shot timers started for an absolute wall deadline.
 *
 * Two implementations: the loop's own (rt_loop_time_source in loop.h:
 * uv_hrtime and one uv_timer_t per timer, counted in libuv's whole
 * milliseconds), and time moved by hand (manual.h: exact to the nanosecond,
 * for tests that assert exact times). A recording replayed without a
 * screen, or a test of a whole demonstration, can drive the clock the same
 * way.
 *
 * The contract every implementation keeps:
 *   - now() never goes back;
 *   - a timer calls back once, at or after its deadline as read by now()
 *     — never before — and only from the loop, never from inside
 *     rt_timer_start (a deadline already past fires on the next turn, after
 *     the running callback returns);
 *   - timers whose deadlines fall in the same moment call back in the
 *     order they were started (libuv's rule, and SPEC §4's);
 *   - a timer stopped or started again before it fired does not call back
 *     for its old deadline; any deadline is allowed (UINT64_MAX: never);
 *   - deadlines on a multiple of tick_ns are the ones it can keep best
 *     (libuv rounds the others up to its next millisecond).
 */
#ifndef KITCHEN_RT_TIMESOURCE_H
#define KITCHEN_RT_TIMESOURCE_H

#include <stdbool.h>
#include <stdint.h>

#define RT_NS_PER_MS 1000000ULL
#define RT_NEVER_NS UINT64_MAX

struct rt_time_source;

/* A timer's callback. `data` is what rt_timer_new was given. */
typedef void (*rt_timer_cb)(void *data);

/* The first member of every implementation's timer. */
struct rt_timer {
	struct rt_time_source *source;
	rt_timer_cb cb;
	void *data;
};

struct rt_time_source_ops {
	uint64_t (*now)(struct rt_time_source *ts);
	struct rt_timer *(*timer_new)(struct rt_time_source *ts);
	void (*timer_start)(struct rt_timer *t, uint64_t deadline_ns);
	void (*timer_stop)(struct rt_timer *t);
	bool (*timer_active)(const struct rt_timer *t);
	void (*timer_free)(struct rt_timer *t);
};

/* Embedded first in every implementation. */
struct rt_time_source {
	const struct rt_time_source_ops *ops;
	/* The grain of its timers: a deadline on a multiple of it fires with
	 * no rounding (libuv: 1 ms; manual: 1 ns). */
	uint64_t tick_ns;
};

/* Monotonic wall time, ns. */
static inline uint64_t rt_time_now(struct rt_time_source *ts)
{
	return ts->ops->now(ts);
}

/* A stopped timer that will call cb(data). NULL when memory runs out. */
static inline struct rt_timer *rt_timer_new(struct rt_time_source *ts,
					    rt_timer_cb cb, void *data)
{
	struct rt_timer *t = ts->ops->timer_new(ts);
	if (t) {
		t->source = ts;
		t->cb = cb;
		t->data = data;
	}
	return t;
}

/* (Re)starts the timer for wall time `deadline_ns`. */
static inline void rt_timer_start(struct rt_timer *t, uint64_t deadline_ns)
{
	t->source->ops->timer_start(t, deadline_ns);
}

static inline void rt_timer_stop(struct rt_timer *t)
{
	t->source->ops->timer_stop(t);
}

/* True from start until it calls back or is stopped. */
static inline bool rt_timer_active(const struct rt_timer *t)
{
	return t->source->ops->timer_active(t);
}

/* Stops and frees it (NULL is fine). Its memory may be released later
 * (libuv closes handles on the next turn); it never calls back again. */
static inline void rt_timer_free(struct rt_timer *t)
{
	if (t)
		t->source->ops->timer_free(t);
}

#endif
