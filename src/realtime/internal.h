/*
 * internal.h — what the files of src/realtime share and nobody else sees:
 * the libuv loop under an rt_loop, and its time source (uvtime.c).
 */
#ifndef KITCHEN_RT_INTERNAL_H
#define KITCHEN_RT_INTERNAL_H

#include <uv.h>

#include "base/list.h"
#include "loop.h"
#include "timesource.h"

uv_loop_t *rt__uv(struct rt_loop *l);

struct rt__uvtimer;

/* The time source of a libuv loop, embedded in the rt_loop. Timers whose
 * deadline has already come wait in `due` for the idle handle (uvtime.c
 * says why), then in `batch` while that handle calls them back. */
struct rt__uv_time {
	struct rt_time_source source;
	uv_loop_t *uv;
	uv_idle_t idle;
	struct base_list due, batch;
};
void rt__uv_time_init(struct rt__uv_time *t, uv_loop_t *uv);
/* Closes the idle handle; the loop must then run for it to finish closing
 * (rt_loop_free does). */
void rt__uv_time_close(struct rt__uv_time *t);

#endif
