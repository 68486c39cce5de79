/*
 * arrivals.c — the arrival timers, made lazily.
 *
 * SPEC §4 schedules every arrival as a timer at the start, ordered by its own
 * time (at + i*every), then file order, then count index. A scenario may ask
 * for millions of orders, so instead of millions of heap entries this keeps a
 * small heap of the file's order entries, each yielding its arrivals in turn:
 * the same order, with memory that does not grow with `count`. Arrival i has
 * the scheduling order seq_base + i, below every timer armed later.
 */
#include <stdlib.h>

#include "internal.h"

static int64_t entry_time(const struct eng__arrivals *a, const struct scn_scenario *s, int entry)
{
	const struct scn_order *o = &s->orders[entry];
	return o->at_ms + (int64_t)a->next_index[entry] * o->every_ms;
}

static bool entry_before(const struct eng__arrivals *a, const struct scn_scenario *s, int x, int y)
{
	int64_t tx = entry_time(a, s, x), ty = entry_time(a, s, y);
	return tx < ty || (tx == ty && x < y);
}

static void sift_down(struct eng__arrivals *a, const struct scn_scenario *s, int i)
{
	for (;;) {
		int c = 2 * i + 1;
		if (c >= a->n)
			return;
		if (c + 1 < a->n && entry_before(a, s, a->heap[c + 1], a->heap[c]))
			c++;
		if (!entry_before(a, s, a->heap[c], a->heap[i]))
			return;
		int tmp = a->heap[c];
		a->heap[c] = a->heap[i];
		a->heap[i] = tmp;
		i = c;
	}
}

int eng__arrivals_init(struct eng__arrivals *a, const struct scn_scenario *s, uint64_t seq_base)
{
	a->n = s->n_orders;
	a->next_index = calloc((size_t)a->n + 1, sizeof *a->next_index);
	a->heap = calloc((size_t)a->n + 1, sizeof *a->heap);
	if (!a->next_index || !a->heap)
		return -1;
	for (int i = 0; i < a->n; i++)
		a->heap[i] = i;
	for (int i = a->n / 2 - 1; i >= 0; i--)
		sift_down(a, s, i);
	a->emitted = 0;
	a->total = scn_total_orders(s);
	a->seq_base = seq_base;
	return 0;
}

void eng__arrivals_close(struct eng__arrivals *a)
{
	free(a->next_index);
	free(a->heap);
	a->next_index = NULL;
	a->heap = NULL;
}

bool eng__arrivals_peek(const struct eng__arrivals *a, const struct scn_scenario *s,
			int64_t *due, int *entry)
{
	if (a->n == 0)
		return false;
	*entry = a->heap[0];
	*due = entry_time(a, s, a->heap[0]);
	return true;
}

void eng__arrivals_pop(struct eng__arrivals *a, const struct scn_scenario *s)
{
	int e = a->heap[0];
	a->emitted++;
	if (++a->next_index[e] >= s->orders[e].count) {
		a->heap[0] = a->heap[--a->n];
		a->heap[a->n] = e;
	}
	if (a->n > 0)
		sift_down(a, s, 0);
}
