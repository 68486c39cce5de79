/*
 * heap.h — the loop's timer heap: an array-backed binary min-heap of timers
 * held by value and ordered by (due, scheduling order), so timers due at
 * the same moment come out in the order they were scheduled (libuv's rule,
 * SPEC §4). Comparing never leaves the array (no pointer is followed), and
 * each timer's owner keeps its place in the heap (a `slot`), so cancelling
 * one is O(log n).
 */
#ifndef KITCHEN_ENGINE_HEAP_H
#define KITCHEN_ENGINE_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ENG__NOT_IN_HEAP UINT32_MAX

/* One timer. Its owner, by type (enum eng_timer_type): a task (its end),
 * a struct eng__timeout (wait_for's timer), an order (patience), or, for a
 * script directive, the directive's index itself. */
struct eng__timer {
	int64_t due;            /* virtual ms */
	uint64_t key;           /* scheduling order << 8 | type: unique */
	void *owner;
};

struct eng__heap {
	struct eng__timer *v;
	size_t n, cap;
};

static inline uint64_t eng__timer_key(uint64_t seq, int type)
{
	return seq << 8 | (uint64_t)type;
}

static inline int eng__timer_type(const struct eng__timer *t)
{
	return (int)(t->key & 0xff);
}

static inline uint64_t eng__timer_seq(const struct eng__timer *t)
{
	return t->key >> 8;
}

static inline bool eng__timer_before(const struct eng__timer *a, const struct eng__timer *b)
{
	return a->due < b->due || (a->due == b->due && a->key < b->key);
}

void eng__heap_close(struct eng__heap *h);
/* Adds a timer; the owner's slot (if it has one) says where it went.
 * Returns 0, or -1 when memory runs out (nothing added). */
int eng__heap_push(struct eng__heap *h, int64_t due, uint64_t seq, int type, void *owner);
/* Removes the timer at `slot`; its owner's slot becomes ENG__NOT_IN_HEAP. */
void eng__heap_remove(struct eng__heap *h, uint32_t slot);
static inline struct eng__timer *eng__heap_top(const struct eng__heap *h)
{
	return h->n ? &h->v[0] : NULL;
}

#endif
