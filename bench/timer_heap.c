/*
 * timer_heap.c — the benchmark's peer: the coffee-rush workload written by
 * hand as a tight discrete-event simulation in C, the fastest way to get
 * the same answer. N orders arrive every 0.1 s; each grinds 3 s on a
 * grinder of capacity 4 and heats 2 s on a kettle of capacity 4 at once
 * (FIFO queues), then combines 0.5 s. One binary heap of timers ordered by
 * (due, scheduling order), orders in one array, station queues as rings of
 * order numbers; no events are written. Prints the makespan and the mean
 * latency (ms rounded half up) as one JSON line, as `kitchen run --format
 * summary` reports them, so the two can be compared.
 *
 *   cc -O2 -o timer_heap bench/timer_heap.c && ./timer_heap 1000000
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { ARRIVE, GRIND_END, HEAT_END, COMBINE_END };

struct timer {
	int64_t due;
	uint64_t seq;
	uint32_t order;
	uint32_t kind;
};

static struct timer *heap;
static size_t heap_n;
static uint64_t next_seq;

static int before(const struct timer *a, const struct timer *b)
{
	return a->due < b->due || (a->due == b->due && a->seq < b->seq);
}

static void push(int64_t due, uint32_t order, uint32_t kind)
{
	struct timer t = { due, next_seq++, order, kind };
	size_t i = heap_n++;
	while (i > 0 && before(&t, &heap[(i - 1) / 2])) {
		heap[i] = heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	heap[i] = t;
}

static struct timer pop(void)
{
	struct timer top = heap[0], last = heap[--heap_n];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= heap_n)
			break;
		if (c + 1 < heap_n && before(&heap[c + 1], &heap[c]))
			c++;
		if (!before(&heap[c], &last))
			break;
		heap[i] = heap[c];
		i = c;
	}
	heap[i] = last;
	return top;
}

/* A station: `free` slots and a FIFO ring of waiting orders. */
struct station {
	int free;
	uint32_t *ring;
	size_t head, n, cap;
	int64_t duration;
	uint32_t kind;
};

static void take_or_wait(struct station *s, uint32_t order, int64_t now)
{
	if (s->free > 0) {
		s->free--;
		push(now + s->duration, order, s->kind);
		return;
	}
	s->ring[(s->head + s->n++) % s->cap] = order;
}

/* A slot is given back: the longest waiter starts now. */
static void give_back(struct station *s, int64_t now)
{
	if (!s->n) {
		s->free++;
		return;
	}
	uint32_t next = s->ring[s->head];
	s->head = (s->head + 1) % s->cap;
	s->n--;
	push(now + s->duration, next, s->kind);
}

int main(int argc, char **argv)
{
	uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 100000;
	if (n == 0)
		return 1;
	int64_t *arrived = malloc(n * sizeof *arrived);
	uint8_t *left = malloc(n);
	heap = malloc(((size_t)n * 3 + 16) * sizeof *heap);
	struct station grinder = { 4, malloc(n * sizeof(uint32_t)), 0, 0, n, 3000, GRIND_END };
	struct station kettle = { 4, malloc(n * sizeof(uint32_t)), 0, 0, n, 2000, HEAT_END };
	if (!arrived || !left || !heap || !grinder.ring || !kettle.ring)
		return 1;
	/* Every arrival is a timer scheduled at the start, as in the kitchen. */
	for (uint32_t i = 0; i < n; i++)
		push((int64_t)i * 100, i, ARRIVE);
	int64_t now = 0;
	unsigned __int128 latency = 0;
	while (heap_n) {
		struct timer t = pop();
		now = t.due;
		switch (t.kind) {
		case ARRIVE:
			arrived[t.order] = now;
			left[t.order] = 2;
			take_or_wait(&grinder, t.order, now);
			take_or_wait(&kettle, t.order, now);
			break;
		case GRIND_END:
		case HEAT_END:
			give_back(t.kind == GRIND_END ? &grinder : &kettle, now);
			if (--left[t.order] == 0)
				push(now + 500, t.order, COMBINE_END);
			break;
		case COMBINE_END:
			latency += (uint64_t)(now - arrived[t.order]);
			break;
		}
	}
	uint64_t mean = (uint64_t)((latency + n / 2) / n);
	printf("{\"makespan\":%lld.%03lld,\"latency_mean\":%llu.%03llu}\n",
	       (long long)(now / 1000), (long long)(now % 1000),
	       (unsigned long long)(mean / 1000), (unsigned long long)(mean % 1000));
	free(arrived);
	free(left);
	free(heap);
	free(grinder.ring);
	free(kettle.ring);
	return 0;
}
