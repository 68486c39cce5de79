/*
 * heap.c — the intrusive (due, seq) min-heap behind the loop's timers.
 */
#include <stdlib.h>

#include "heap.h"

static void place(struct eng__heap *h, size_t i, struct eng__timer *t)
{
	h->v[i] = t;
	t->slot = (uint32_t)i;
}

static void sift_up(struct eng__heap *h, size_t i)
{
	struct eng__timer *t = h->v[i];
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (!eng__timer_before(t, h->v[parent]))
			break;
		place(h, i, h->v[parent]);
		i = parent;
	}
	place(h, i, t);
}

static void sift_down(struct eng__heap *h, size_t i)
{
	struct eng__timer *t = h->v[i];
	for (;;) {
		size_t child = 2 * i + 1;
		if (child >= h->n)
			break;
		if (child + 1 < h->n && eng__timer_before(h->v[child + 1], h->v[child]))
			child++;
		if (!eng__timer_before(h->v[child], t))
			break;
		place(h, i, h->v[child]);
		i = child;
	}
	place(h, i, t);
}

void eng__heap_close(struct eng__heap *h)
{
	free(h->v);
	h->v = NULL;
	h->n = h->cap = 0;
}

int eng__heap_push(struct eng__heap *h, struct eng__timer *t)
{
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 64;
		struct eng__timer **v = realloc(h->v, cap * sizeof *v);
		if (!v)
			return -1;
		h->v = v;
		h->cap = cap;
	}
	h->n++;
	place(h, h->n - 1, t);
	sift_up(h, h->n - 1);
	return 0;
}

void eng__heap_remove(struct eng__heap *h, struct eng__timer *t)
{
	size_t i = t->slot;
	t->slot = ENG__NOT_IN_HEAP;
	h->n--;
	if (i == h->n)
		return;
	place(h, i, h->v[h->n]);
	if (i > 0 && eng__timer_before(h->v[i], h->v[(i - 1) / 2]))
		sift_up(h, i);
	else
		sift_down(h, i);
}
