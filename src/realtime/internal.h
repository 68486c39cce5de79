/*
 * internal.h — what the files of src/realtime share and nobody else sees:
 * the libuv loop under an rt_loop.
 */
#ifndef KITCHEN_RT_INTERNAL_H
#define KITCHEN_RT_INTERNAL_H

#include <uv.h>

#include "loop.h"

uv_loop_t *rt__uv(struct rt_loop *l);

#endif
