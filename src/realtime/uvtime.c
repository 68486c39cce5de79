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
 */
#include "internal.h"

#include <stdlib.h>

#include "base/container.h"

#define MAX_TIMEOUT_MS (24ULL * 3600 * 1000)

struct uvtimer {
	struct rt_timer base;
	uv_timer_t handle;
	uint64_t deadline;
	bool capped;            /* armed for less than the whole wait */
};

static struct rt__uv_time *as_uv_time(struct rt_time_source *ts)
{
	return BASE_CONTAINER_OF(ts, struct rt__uv_time, source);
}

static struct uvtimer *as_uvtimer(struct rt_timer *t)
{
	return BASE_CONTAINER_OF(t, struct uvtimer, base);
}

static uint64_t uvt_now(struct rt_time_source *ts)
{
	(void)ts;
	return uv_hrtime();
}

static void arm(struct uvtimer *t);

static void on_timer(uv_timer_t *h)
{
	struct uvtimer *t = h->data;
	if (t->capped && uv_hrtime() < t->deadline) {
		arm(t);
		return;
	}
	t->base.cb(t->base.data);
}

static void arm(struct uvtimer *t)
{
	uint64_t now_ms = uv_now(t->handle.loop);
	uint64_t due_ms = t->deadline / RT_NS_PER_MS + (t->deadline % RT_NS_PER_MS != 0);
	uint64_t timeout = due_ms > now_ms ? due_ms - now_ms : 0;
	t->capped = timeout > MAX_TIMEOUT_MS;
	if (t->capped)
		timeout = MAX_TIMEOUT_MS;
	uv_timer_start(&t->handle, on_timer, timeout, 0);
}

static struct rt_timer *uvt_timer_new(struct rt_time_source *ts)
{
	struct uvtimer *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	uv_timer_init(as_uv_time(ts)->uv, &t->handle);
	t->handle.data = t;
	return &t->base;
}

static void uvt_timer_start(struct rt_timer *bt, uint64_t deadline_ns)
{
	struct uvtimer *t = as_uvtimer(bt);
	t->deadline = deadline_ns;
	arm(t);
}

static void uvt_timer_stop(struct rt_timer *bt)
{
	uv_timer_stop(&as_uvtimer(bt)->handle);
}

static bool uvt_timer_active(const struct rt_timer *bt)
{
	const struct uvtimer *t = BASE_CONTAINER_OF_CONST(bt, struct uvtimer, base);
	return uv_is_active((const uv_handle_t *)&t->handle);
}

static void closed(uv_handle_t *h)
{
	free(h->data);
}

static void uvt_timer_free(struct rt_timer *bt)
{
	/* libuv owns the handle until its close callback: free it there. */
	uv_close((uv_handle_t *)&as_uvtimer(bt)->handle, closed);
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
}
