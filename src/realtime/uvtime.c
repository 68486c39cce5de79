/*
 * uvtime.c — the time source of a libuv loop (timesource.h): uv_hrtime for
 * now, one uv_timer_t per timer.
 *
 * libuv counts timers in whole milliseconds of the loop's clock, which is
 * uv_hrtime (or a coarser clock that lags it) floored to the millisecond
 * and read once per loop turn. A deadline of d ns is therefore armed for
 * millisecond ceil(d / 1 ms), as an offset from uv_now: libuv adds that
 * offset back to the same uv_now, so the timer is due exactly at that
 * millisecond however stale uv_now is, and the loop's clock only reaches it
 * once uv_hrtime has passed d. No timer fires early; the price is up to
 * 1 ms of rounding, plus up to 1 ms by which the loop's clock lags when it
 * computes how long to sleep (bench/tui.sh measures both).
 *
 * libuv's timeout is relative and this adapter caps it at a day; a timer
 * that wakes up before a deadline further away than that is started again.
 *
 * A deadline that has already come is not given to libuv as a timeout of
 * 0: libuv before 1.47 runs a timer started with 0 from a timer's callback
 * in that same pass over its timers, so a clock that goes on "at once"
 * with its next batch of actions (a million arrivals due together) would
 * keep the loop in its timers and never read a key or draw a frame.
 * Such timers wait in a FIFO instead, called back by an idle handle, which
 * runs once per turn of the loop and keeps the loop's poll from sleeping:
 * keys and frames are handled between two batches, and timers due now
 * still call back in the order they were started.
 */
#include "internal.h"

#include <stdlib.h>

#include "base/container.h"
#include "base/list.h"

#define MAX_TIMEOUT_MS (24ULL * 3600 * 1000)

enum waiting { WAITS_NOT, WAITS_DUE, WAITS_BATCH };

struct rt__uvtimer {
	struct rt_timer base;
	uv_timer_t handle;
	uint64_t deadline;
	bool capped;            /* armed for less than the whole wait */
	enum waiting waits;     /* in the time source's due or batch list */
	struct base_link link;  /* there */
};

static struct rt__uv_time *as_uv_time(struct rt_time_source *ts)
{
	return BASE_CONTAINER_OF(ts, struct rt__uv_time, source);
}

static struct rt__uvtimer *as_uvtimer(struct rt_timer *t)
{
	return BASE_CONTAINER_OF(t, struct rt__uvtimer, base);
}

static struct rt__uvtimer *as_waiting(struct base_link *l)
{
	return BASE_LIST_ENTRY(l, struct rt__uvtimer, link);
}

static uint64_t uvt_now(struct rt_time_source *ts)
{
	(void)ts;
	return uv_hrtime();
}

/* ---- timers whose deadline has come: the idle handle's FIFO ------------ */

/* Takes the timer out of whichever list it waits in. */
static void unwait(struct rt__uvtimer *t)
{
	struct rt__uv_time *ts = as_uv_time(t->base.source);
	if (t->waits == WAITS_DUE)
		base_list_cut(&ts->due, &t->link);
	else if (t->waits == WAITS_BATCH)
		base_list_cut(&ts->batch, &t->link);
	t->waits = WAITS_NOT;
}

static void on_idle(uv_idle_t *h)
{
	struct rt__uv_time *ts = h->data;
	/* This turn calls back the timers due so far; those their callbacks
	 * start for "now" wait for the next turn, after the loop has looked
	 * at its input. */
	ts->batch = ts->due;
	ts->due = (struct base_list){ NULL, NULL };
	for (struct base_link *l = ts->batch.head; l; l = l->next)
		as_waiting(l)->waits = WAITS_BATCH;
	while (ts->batch.head) {
		struct rt__uvtimer *t = as_waiting(ts->batch.head);
		unwait(t);
		t->base.cb(t->base.data);
	}
	if (!ts->due.head)
		uv_idle_stop(&ts->idle);
}

static void wait_due(struct rt__uvtimer *t)
{
	struct rt__uv_time *ts = as_uv_time(t->base.source);
	base_list_push(&ts->due, &t->link);
	t->waits = WAITS_DUE;
	uv_idle_start(&ts->idle, on_idle);
}

/* ---- timers ------------------------------------------------------------ */

static void arm(struct rt__uvtimer *t);

static void on_timer(uv_timer_t *h)
{
	struct rt__uvtimer *t = h->data;
	if (t->capped && uv_hrtime() < t->deadline) {
		arm(t);
		return;
	}
	t->base.cb(t->base.data);
}

static void arm(struct rt__uvtimer *t)
{
	uint64_t now_ms = uv_now(t->handle.loop);
	uint64_t due_ms = t->deadline / RT_NS_PER_MS + (t->deadline % RT_NS_PER_MS != 0);
	uint64_t timeout = due_ms > now_ms ? due_ms - now_ms : 0;
	t->capped = timeout > MAX_TIMEOUT_MS;
	if (t->capped)
		timeout = MAX_TIMEOUT_MS;
	if (timeout == 0) {
		uv_timer_stop(&t->handle);
		wait_due(t);
		return;
	}
	uv_timer_start(&t->handle, on_timer, timeout, 0);
}

static struct rt_timer *uvt_timer_new(struct rt_time_source *ts)
{
	struct rt__uvtimer *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	uv_timer_init(as_uv_time(ts)->uv, &t->handle);
	t->handle.data = t;
	return &t->base;
}

static void uvt_timer_start(struct rt_timer *bt, uint64_t deadline_ns)
{
	struct rt__uvtimer *t = as_uvtimer(bt);
	unwait(t);
	t->deadline = deadline_ns;
	arm(t);
}

static void uvt_timer_stop(struct rt_timer *bt)
{
	struct rt__uvtimer *t = as_uvtimer(bt);
	unwait(t);
	uv_timer_stop(&t->handle);
}

static bool uvt_timer_active(const struct rt_timer *bt)
{
	const struct rt__uvtimer *t = BASE_CONTAINER_OF_CONST(bt, struct rt__uvtimer, base);
	return t->waits != WAITS_NOT || uv_is_active((const uv_handle_t *)&t->handle);
}

static void closed(uv_handle_t *h)
{
	free(h->data);
}

static void uvt_timer_free(struct rt_timer *bt)
{
	/* libuv owns the handle until its close callback: free it there. */
	struct rt__uvtimer *t = as_uvtimer(bt);
	unwait(t);
	uv_close((uv_handle_t *)&t->handle, closed);
}

static const struct rt_time_source_ops uv_time_ops = {
	.now = uvt_now,
	.timer_new = uvt_timer_new,
	.timer_start = uvt_timer_start,
	.timer_stop = uvt_timer_stop,
	.timer_active = uvt_timer_active,
	.timer_free = uvt_timer_free,
};

void rt__uv_time_init(struct rt__uv_time *t, uv_loop_t *uv)
{
	t->source.ops = &uv_time_ops;
	t->source.tick_ns = RT_NS_PER_MS;
	t->uv = uv;
	uv_idle_init(uv, &t->idle);
	t->idle.data = t;
	t->due = t->batch = (struct base_list){ NULL, NULL };
}

void rt__uv_time_close(struct rt__uv_time *t)
{
	uv_close((uv_handle_t *)&t->idle, NULL);
}
