/*
 * heap.c — the (due, seq) min-heap behind the loop's timers (heap.h).
 */
#include <stdlib.h>

#include "internal.h" /* eng__timer_slot: where each owner keeps its slot */

static void place(struct eng__heap *h, size_t i, const struct eng__timer *t)
{
	h->v[i] = *t;
	uint32_t *slot = eng__timer_slot(t->owner, eng__timer_type(t));
	if (slot)
		*slot = (uint32_t)i;
}

static void sift_up(struct eng__heap *h, size_t i, struct eng__timer t)
{
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (!eng__timer_before(&t, &h->v[parent]))
			break;
		place(h, i, &h->v[parent]);
		i = parent;
	}
	place(h, i, &t);
}

static void sift_down(struct eng__heap *h, size_t i, struct eng__timer t)
{
	for (;;) {
		size_t child = 2 * i + 1;
		if (child >= h->n)
			break;
		if (child + 1 < h->n && eng__timer_before(&h->v[child + 1], &h->v[child]))
			child++;
		if (!eng__timer_before(&h->v[child], &t))
			break;
		place(h, i, &h->v[child]);
		i = child;
	}
	place(h, i, &t);
}

void eng__heap_close(struct eng__heap *h)
{
	free(h->v);
	h->v = NULL;
	h->n = h->cap = 0;
}

int eng__heap_push(struct eng__heap *h, int64_t due, uint64_t seq, int type, void *owner)
{
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 64;
		struct eng__timer *v = realloc(h->v, cap * sizeof *v);
		if (!v)
			return -1;
		h->v = v;
		h->cap = cap;
	}
	struct eng__timer t = { due, eng__timer_key(seq, type), owner };
	sift_up(h, h->n++, t);
	return 0;
}

void eng__heap_remove(struct eng__heap *h, uint32_t slot)
{
	size_t i = slot;
	uint32_t *own = eng__timer_slot(h->v[i].owner, eng__timer_type(&h->v[i]));
	if (own)
		*own = ENG__NOT_IN_HEAP;
	h->n--;
	if (i == h->n)
		return;
	struct eng__timer last = h->v[h->n];
	if (i > 0 && eng__timer_before(&last, &h->v[(i - 1) / 2]))
		sift_up(h, i, last);
	else
		sift_down(h, i, last);
}
