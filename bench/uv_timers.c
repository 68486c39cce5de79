/*
 * uv_timers.c — the bare libuv side of bench/tui.sh: the timers of
 * bench/tui-timers.yaml on a libuv loop with nothing else, so the kitchen's
 * lateness can be printed beside what libuv itself gives.
 *
 *   build/bench/uv_timers [N] [EVERY_US] [D_MS]     (10000 1000 10000)
 *
 * N timers start one every EVERY_US µs from the start; each is due D_MS ms
 * after its own start moment. Deadlines are absolute and armed as the
 * kitchen arms them (src/realtime/uvtime.c): for the first whole
 * millisecond of the loop's clock at or after the deadline, so that no
 * timer fires early. Starts are handled the same way: one timer wakes up
 * for the next start moment and starts every timer whose moment has come.
 * Lateness is measured in each timer's callback against its deadline, and
 * printed as the kitchen prints it (src/base/samples.h): "timers N p50 X
 * p90 X p99 X max X" in ms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#include "base/samples.h"

#define NS_PER_MS 1000000ULL

struct timer {
	uv_timer_t handle;
	uint64_t deadline;      /* ns */
};

static uv_loop_t loop;
static struct timer *timers;
static size_t n_timers, started;
static uint64_t start_ns, every_ns, wait_ns;
static uv_timer_t starter;
static struct base_samples late;

/* Starts `h` for absolute wall time `deadline` (ns): the first whole ms of
 * the loop's clock at or after it. */
static void start_at(uv_timer_t *h, uv_timer_cb cb, uint64_t deadline)
{
	uint64_t due_ms = deadline / NS_PER_MS + (deadline % NS_PER_MS != 0);
	uint64_t now_ms = uv_now(&loop);
	uv_timer_start(h, cb, due_ms > now_ms ? due_ms - now_ms : 0, 0);
}

static void on_due(uv_timer_t *h)
{
	struct timer *t = (struct timer *)h;
	base_samples_add(&late, (int64_t)(uv_hrtime() - t->deadline));
	uv_close((uv_handle_t *)h, NULL);
}

static void on_start(uv_timer_t *h)
{
	uint64_t now = uv_hrtime();
	while (started < n_timers && start_ns + started * every_ns <= now) {
		struct timer *t = &timers[started];
		t->deadline = start_ns + started * every_ns + wait_ns;
		uv_timer_init(&loop, &t->handle);
		start_at(&t->handle, on_due, t->deadline);
		started++;
	}
	if (started < n_timers)
		start_at(h, on_start, start_ns + started * every_ns);
	else
		uv_close((uv_handle_t *)h, NULL);
}

int main(int argc, char **argv)
{
	n_timers = argc > 1 ? strtoul(argv[1], NULL, 10) : 10000;
	every_ns = (argc > 2 ? strtoull(argv[2], NULL, 10) : 1000) * 1000;
	wait_ns = (argc > 3 ? strtoull(argv[3], NULL, 10) : 10000) * NS_PER_MS;
	if (!n_timers)
		return 2;
	timers = calloc(n_timers, sizeof *timers);
	if (!timers || uv_loop_init(&loop))
		return 1;
	base_samples_init(&late);
	uv_timer_init(&loop, &starter);
	start_ns = uv_hrtime();
	if (!(argc > 4 && argv[4][0] == 'u') && start_ns % NS_PER_MS)
		start_ns += NS_PER_MS - start_ns % NS_PER_MS;
	start_at(&starter, on_start, start_ns);
	uv_run(&loop, UV_RUN_DEFAULT);
	base_samples_write(&late, stdout);
	base_samples_close(&late);
	uv_loop_close(&loop);
	free(timers);
	return 0;
}
