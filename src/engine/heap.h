/*
 * heap.h — the loop's timer heap: an array-backed binary min-heap of
 * intrusive timers ordered by (due, seq), so timers due at the same moment
 * come out in the order they were scheduled (libuv's rule, SPEC §4).
 * Timers know their slot, so cancelling one is O(log n).
 */
#ifndef KITCHEN_ENGINE_HEAP_H
#define KITCHEN_ENGINE_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ENG__NOT_IN_HEAP UINT32_MAX

struct eng__timer {
	int64_t due;            /* virtual ms */
	uint64_t seq;           /* scheduling order */
	uint32_t slot;          /* index in the heap, ENG__NOT_IN_HEAP when idle */
	uint8_t type;           /* enum eng_timer_type */
};

struct eng__heap {
	struct eng__timer **v;
	size_t n, cap;
};

static inline bool eng__timer_armed(const struct eng__timer *t)
{
	return t->slot != ENG__NOT_IN_HEAP;
}

static inline bool eng__timer_before(const struct eng__timer *a,
				     const struct eng__timer *b)
{
	return a->due < b->due || (a->due == b->due && a->seq < b->seq);
}

void eng__heap_close(struct eng__heap *h);
/* Returns 0, or -1 when memory runs out. */
int eng__heap_push(struct eng__heap *h, struct eng__timer *t);
void eng__heap_remove(struct eng__heap *h, struct eng__timer *t);
static inline struct eng__timer *eng__heap_top(const struct eng__heap *h)
{
	return h->n ? h->v[0] : NULL;
}

#endif
