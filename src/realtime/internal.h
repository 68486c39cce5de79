/*
 * internal.h — what the files of src/realtime share and nobody else sees:
 * the libuv loop under an rt_loop, and its time source (uvtime.c).
 */
#ifndef KITCHEN_RT_INTERNAL_H
#define KITCHEN_RT_INTERNAL_H

#include <uv.h>

#include "loop.h"
#include "timesource.h"

uv_loop_t *rt__uv(struct rt_loop *l);

/* The time source of a libuv loop, embedded in the rt_loop. */
struct rt__uv_time {
	struct rt_time_source source;
	uv_loop_t *uv;
};
void rt__uv_time_init(struct rt__uv_time *t, uv_loop_t *uv);

#endif
