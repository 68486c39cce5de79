/*
 * manual.h — a time source whose time moves only when told (timesource.h).
 *
 * Time stands still until rt_manual_advance_to moves it; on the way, every
 * timer due fires at its own deadline, exactly: now() reads that deadline
 * inside its callback. Timers started from a callback with a deadline
 * already reached fire in the same call, after the running one, in the
 * order libuv would use (deadline, then start order). Unit tests drive the
 * real-time clock with it and assert exact wall and virtual times, as the
 * engine's tests do in virtual time. Nothing here reads a real clock.
 */
#ifndef KITCHEN_RT_MANUAL_H
#define KITCHEN_RT_MANUAL_H

#include <stddef.h>
#include <stdint.h>

#include "timesource.h"

struct rt_manual;

/* A manual time source at `start_ns`. NULL when memory runs out. */
struct rt_manual *rt_manual_new(uint64_t start_ns);
/* Frees it; every timer made from it must have been freed. */
void rt_manual_free(struct rt_manual *m);

struct rt_time_source *rt_manual_source(struct rt_manual *m);
/* Its tick (1 ns unless told): a test can give it libuv's 1 ms to see how
 * the clock places its origin on a grain. Timers still fire exactly. */
void rt_manual_set_tick(struct rt_manual *m, uint64_t tick_ns);

/*
 * Moves time forward to `to_ns` (a time in the past is ignored), firing
 * every timer due on the way in (deadline, start order), each with now()
 * at its deadline (or at the time it was started, if that is later). A
 * callback may start, stop and free timers, its own included. Returns how
 * many callbacks ran. Stops early, with time at the last deadline handled,
 * after `max_fires` callbacks (0: no limit), so a test of a clock that
 * keeps re-arming itself cannot spin forever.
 */
size_t rt_manual_advance_to(struct rt_manual *m, uint64_t to_ns, size_t max_fires);

/* Time passes without any timer firing, as inside a slow callback or while
 * the process is not scheduled: the timers due meanwhile fire at the next
 * rt_manual_advance_to, late. */
void rt_manual_spend(struct rt_manual *m, uint64_t ns);

/* Fires the earliest armed timer only, moving time to its deadline. Returns
 * 1, or 0 when none is armed. */
size_t rt_manual_fire_next(struct rt_manual *m);

/* The earliest armed deadline (RT_NEVER_NS when none is armed). */
uint64_t rt_manual_next(const struct rt_manual *m);
/* How many timers are armed. */
size_t rt_manual_armed(const struct rt_manual *m);

#endif
