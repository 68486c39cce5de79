/*
 * stats.h — the summary's statistics, which both modes feed through these
 * functions and nothing else (stats.c has the arithmetic of the means).
 *
 * When busy time counts: when it ends. A station's slot-time is added when
 * its count of slots in use changes (a slot taken, given back, handed on),
 * a thread's when it finishes, the chef's when a block ends (concurrent
 * mode) or an attempt ends (sequential mode). So both modes agree on a
 * finished run, and a summary read in the middle of a run counts what is
 * over, never what is promised.
 *
 * Every sum is an exact 128-bit total (struct eng_total): no allowed run
 * can overflow it.
 */
#ifndef KITCHEN_ENGINE_STATS_H
#define KITCHEN_ENGINE_STATS_H

#include <stdbool.h>

#include "engine.h"

/* Allocates the per-station statistics; 0, or -1 when memory runs out.
 * `threads` is the helper pool's size. */
int eng__stats_init(struct eng_summary *sum, const struct scn_scenario *s,
		    enum scn_mode mode, int threads);
void eng__stats_close(struct eng_summary *sum);

/* Adds v >= 0 to an exact total. */
static inline void eng__total_add(struct eng_total *t, uint64_t v)
{
	uint64_t lo = t->lo + v;
	t->hi += lo < t->lo;
	t->lo = lo;
}

/* Adds units * ms (each >= 0) to an exact total: the product itself may
 * not fit 64 bits (1000 slots for a very long run). */
static inline void eng__total_add_product(struct eng_total *t, uint64_t units, uint64_t ms)
{
	unsigned __int128 p = (unsigned __int128)units * ms;
	eng__total_add(t, (uint64_t)p);
	t->hi += (uint64_t)(p >> 64);
}

/* An event at `t`; a script directive's does not move the makespan. */
static inline void eng__stats_event(struct eng_summary *sum, int64_t t, bool directive)
{
	sum->events++;
	if (!directive)
		sum->makespan = t;
}

/* A new order; `live_tasks` counts its tasks with those already held. */
static inline void eng__stats_order(struct eng_summary *sum, uint64_t live_tasks)
{
	sum->orders++;
	if (live_tasks > sum->peak_tasks)
		sum->peak_tasks = live_tasks;
}

/* An order done `latency` ms after its scheduled arrival. */
static inline void eng__stats_order_done(struct eng_summary *sum, int64_t latency)
{
	sum->orders_done++;
	eng__total_add(&sum->latency_total, (uint64_t)latency);
}

static inline void eng__stats_order_failed(struct eng_summary *sum)
{
	sum->orders_failed++;
}

/* A task end (done or failed) handled `late` ms after it was due. */
static inline void eng__stats_late(struct eng_summary *sum, int64_t late)
{
	if (late > sum->late_max)
		sum->late_max = late;
}

/* One wait of `wait` ms for a resource (a slot, a thread, the chef). */
static inline void eng__stats_wait(struct eng_stat *st, int64_t wait)
{
	st->waits++;
	eng__total_add(&st->wait_total, (uint64_t)wait);
	if (wait > st->wait_max_ms)
		st->wait_max_ms = wait;
}

/* `units` slots, threads or chefs were in use for `ms`, now over. */
static inline void eng__stats_busy(struct eng_stat *st, int units, int64_t ms)
{
	eng__total_add_product(&st->busy, (uint64_t)units, (uint64_t)ms);
}

/* A `work` step held the loop for `ms`, now over. */
static inline void eng__stats_blocked(struct eng_summary *sum, int64_t ms)
{
	sum->blocked += ms;
}

#endif
