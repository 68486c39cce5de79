/*
 * manual.c — time moved by hand (see manual.h).
 *
 * Armed timers sit in one list (base/list.h) sorted by (due, start order),
 * where due is the deadline or, for a deadline already past, the time it
 * was started: it fires "now", after the timers already due. A sorted list
 * is O(n) per start; the tests that use it arm at most a few thousand
 * timers, and the order it keeps is plain to read.
 */
#include "manual.h"

#include <stdbool.h>
#include <stdlib.h>

#include "base/container.h"
#include "base/list.h"

struct mtimer {
	struct rt_timer base;
	struct rt_manual *m;
	struct base_link link;          /* in the queue while armed */
	bool active;
	uint64_t due;
	uint64_t seq;                   /* start order */
};

struct rt_manual {
	struct rt_time_source source;
	uint64_t now;
	uint64_t next_seq;
	struct base_list queue;         /* the armed timers, earliest first */
	size_t armed;
};

static struct mtimer *as_mtimer(struct rt_timer *t)
{
	return BASE_CONTAINER_OF(t, struct mtimer, base);
}

static struct mtimer *as_armed(struct base_link *l)
{
	return BASE_LIST_ENTRY(l, struct mtimer, link);
}

/* The timer to fire first, or NULL. */
static struct mtimer *first(const struct rt_manual *m)
{
	return as_armed(m->queue.head);
}

static struct rt_manual *as_manual(struct rt_time_source *ts)
{
	return BASE_CONTAINER_OF(ts, struct rt_manual, source);
}

static uint64_t m_now(struct rt_time_source *ts)
{
	return as_manual(ts)->now;
}

static struct rt_timer *m_timer_new(struct rt_time_source *ts)
{
	struct mtimer *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->m = as_manual(ts);
	return &t->base;
}

static void unlink_timer(struct mtimer *t)
{
	if (!t->active)
		return;
	base_list_cut(&t->m->queue, &t->link);
	t->active = false;
	t->m->armed--;
}

static bool before(const struct mtimer *a, const struct mtimer *b)
{
	return a->due < b->due || (a->due == b->due && a->seq < b->seq);
}

static void m_timer_start(struct rt_timer *bt, uint64_t deadline_ns)
{
	struct mtimer *t = as_mtimer(bt);
	struct rt_manual *m = t->m;
	unlink_timer(t);
	t->due = deadline_ns > m->now ? deadline_ns : m->now;
	t->seq = m->next_seq++;
	struct base_link *at = m->queue.head;
	while (at && before(as_armed(at), t))
		at = at->next;
	base_list_insert(&m->queue, at, &t->link);
	t->active = true;
	m->armed++;
}

static void m_timer_stop(struct rt_timer *bt)
{
	unlink_timer(as_mtimer(bt));
}

static bool m_timer_active(const struct rt_timer *bt)
{
	return BASE_CONTAINER_OF_CONST(bt, struct mtimer, base)->active;
}

static void m_timer_free(struct rt_timer *bt)
{
	struct mtimer *t = as_mtimer(bt);
	unlink_timer(t);
	free(t);
}

static const struct rt_time_source_ops manual_ops = {
	.now = m_now,
	.timer_new = m_timer_new,
	.timer_start = m_timer_start,
	.timer_stop = m_timer_stop,
	.timer_active = m_timer_active,
	.timer_free = m_timer_free,
};

struct rt_manual *rt_manual_new(uint64_t start_ns)
{
	struct rt_manual *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->source.ops = &manual_ops;
	m->source.tick_ns = 1;
	m->now = start_ns;
	return m;
}

void rt_manual_free(struct rt_manual *m)
{
	free(m);
}

struct rt_time_source *rt_manual_source(struct rt_manual *m)
{
	return &m->source;
}

void rt_manual_set_tick(struct rt_manual *m, uint64_t tick_ns)
{
	m->source.tick_ns = tick_ns ? tick_ns : 1;
}

/* Fires the head: time moves to its due, it leaves the list, then calls
 * back (which may start it again). */
static void fire_head(struct rt_manual *m)
{
	struct mtimer *t = first(m);
	if (t->due > m->now)
		m->now = t->due;
	unlink_timer(t);
	t->base.cb(t->base.data);
}

size_t rt_manual_advance_to(struct rt_manual *m, uint64_t to_ns, size_t max_fires)
{
	size_t fired = 0;
	while (first(m) && first(m)->due <= to_ns) {
		if (max_fires && fired == max_fires)
			return fired;
		fire_head(m);
		fired++;
	}
	if (to_ns > m->now)
		m->now = to_ns;
	return fired;
}

void rt_manual_spend(struct rt_manual *m, uint64_t ns)
{
	m->now += ns;
}

size_t rt_manual_fire_next(struct rt_manual *m)
{
	if (!first(m))
		return 0;
	fire_head(m);
	return 1;
}

uint64_t rt_manual_next(const struct rt_manual *m)
{
	return first(m) ? first(m)->due : RT_NEVER_NS;
}

size_t rt_manual_armed(const struct rt_manual *m)
{
	return m->armed;
}
