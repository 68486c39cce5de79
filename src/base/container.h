/*
 * container.h — the struct that embeds a member, from a pointer to that
 * member (intrusive lists, heaps and timers hand back their node).
 */
#ifndef KITCHEN_BASE_CONTAINER_H
#define KITCHEN_BASE_CONTAINER_H

#include <stddef.h>

#define BASE_CONTAINER_OF(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))
#define BASE_CONTAINER_OF_CONST(ptr, type, member) \
	((const type *)(const void *)((const char *)(ptr) - offsetof(type, member)))

#endif
