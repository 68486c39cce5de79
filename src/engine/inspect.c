/*
 * inspect.c — read-only views of the engine between two actions: the chef,
 * the timers the loop holds, the ready queue, stations, helper threads and
 * live orders. This is what the TUI's panels are drawn from; nothing here
 * changes the run.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

const struct scn_scenario *eng_scenario(const struct eng_engine *e) { return e->s; }
enum scn_mode eng_mode(const struct eng_engine *e) { return e->opt.mode; }
int64_t eng_now(const struct eng_engine *e) { return e->now; }
uint64_t eng_events_emitted(const struct eng_engine *e) { return e->sum.events; }

static const char *const state_names[] = {
	"waiting for earlier steps", "waiting for the chef", "waiting for a station",
	"waiting for a helper", "running", "ending", "done", "failed", "cancelled",
};

const char *eng_task_state_name(enum eng_task_state s)
{
	return (unsigned)s < sizeof state_names / sizeof *state_names ? state_names[s] : "?";
}

void eng_chef(const struct eng_engine *e, struct eng_chef_info *out)
{
	memset(out, 0, sizeof *out);
	out->recipe = out->task = -1;
	if (e->seq) {
		eng__seq_chef(e, out);
		return;
	}
	if (!e->blocked)
		return;
	const struct eng__task *t = e->block_task;
	out->busy = out->blocked = true;
	out->order = eng__order_of(t)->id;
	out->recipe = eng__order_of(t)->recipe;
	out->task = t->index;
	out->since = e->block_start;
	out->until = e->block_end;
}

static void timer_info(const struct eng__timer *tm, struct eng_timer_info *out)
{
	memset(out, 0, sizeof *out);
	out->type = (enum eng_timer_type)eng__timer_type(tm);
	out->due = tm->due;
	out->seq = eng__timer_seq(tm);
	out->recipe = out->task = out->directive = -1;
	switch (out->type) {
	case ENG_TIMER_SCRIPT:
		out->directive = (int)(uintptr_t)tm->owner;
		break;
	case ENG_TIMER_PATIENCE: {
		const struct eng__order *o = tm->owner;
		out->order = o->id;
		out->recipe = o->recipe;
		break;
	}
	default: {
		const struct eng__task *t = out->type == ENG_TIMER_TIMEOUT ?
			((const struct eng__timeout *)tm->owner)->task : tm->owner;
		out->order = eng__order_of(t)->id;
		out->recipe = eng__order_of(t)->recipe;
		out->task = t->index;
		break;
	}
	}
}

/* The heap's timers in (due, seq) order, one at a time, without sorting it
 * all: a small frontier of heap indices whose smallest comes next (its
 * children join the frontier). Taking k timers costs O(k log k), whatever
 * the heap holds. */
struct walk {
	const struct eng__heap *h;
	size_t *front;          /* a min-heap of indices into h->v */
	size_t n;
};

static bool walk_before(const struct walk *w, size_t a, size_t b)
{
	return eng__timer_before(&w->h->v[w->front[a]], &w->h->v[w->front[b]]);
}

static void walk_push(struct walk *w, size_t index)
{
	if (index >= w->h->n)
		return;
	size_t i = w->n++;
	w->front[i] = index;
	while (i > 0 && walk_before(w, i, (i - 1) / 2)) {
		size_t p = (i - 1) / 2, tmp = w->front[p];
		w->front[p] = w->front[i];
		w->front[i] = tmp;
		i = p;
	}
}

/* The next timer in order, or NULL. */
static const struct eng__timer *walk_peek(const struct walk *w)
{
	return w->n ? &w->h->v[w->front[0]] : NULL;
}

static void walk_pop(struct walk *w)
{
	size_t top = w->front[0];
	w->front[0] = w->front[--w->n];
	for (size_t i = 0;;) {
		size_t c = 2 * i + 1;
		if (c >= w->n)
			break;
		if (c + 1 < w->n && walk_before(w, c + 1, c))
			c++;
		if (!walk_before(w, c, i))
			break;
		size_t tmp = w->front[c];
		w->front[c] = w->front[i];
		w->front[i] = tmp;
		i = c;
	}
	walk_push(w, 2 * top + 1);
	walk_push(w, 2 * top + 2);
}

uint64_t eng_timers(const struct eng_engine *e, struct eng_timer_info *out, size_t max)
{
	uint64_t held = e->timers.n + (e->arr.total - e->arr.emitted);
	if (!max)
		return held;
	/* The heap in order, merged with the arrivals still to come. A walk
	 * takes at most one frontier entry more per timer shown. */
	struct walk w = { &e->timers, malloc((max + 2) * sizeof *w.front), 0 };
	struct eng__arrivals a = e->arr;
	a.next_index = malloc(((size_t)e->s->n_orders + 1) * sizeof *a.next_index);
	a.heap = malloc(((size_t)e->s->n_orders + 1) * sizeof *a.heap);
	if (!w.front || !a.next_index || !a.heap) {
		free(w.front);
		free(a.next_index);
		free(a.heap);
		return held;
	}
	walk_push(&w, 0);
	memcpy(a.next_index, e->arr.next_index, (size_t)e->s->n_orders * sizeof *a.next_index);
	memcpy(a.heap, e->arr.heap, (size_t)e->s->n_orders * sizeof *a.heap);
	size_t n = 0;
	uint64_t order_id = e->next_order_id;
	while (n < max) {
		int64_t due;
		int entry;
		bool have = eng__arrivals_peek(&a, e->s, &due, &entry);
		uint64_t seq = a.seq_base + a.emitted;
		const struct eng__timer *next = walk_peek(&w);
		if (have && (!next || due < next->due ||
			     (due == next->due && seq < eng__timer_seq(next)))) {
			memset(&out[n], 0, sizeof out[n]);
			out[n].type = ENG_TIMER_ARRIVAL;
			out[n].due = due;
			out[n].seq = seq;
			out[n].order = ++order_id;
			out[n].recipe = e->s->orders[entry].recipe;
			out[n].task = out[n].directive = -1;
			eng__arrivals_pop(&a, e->s);
			n++;
		} else if (next) {
			timer_info(next, &out[n++]);
			walk_pop(&w);
		} else {
			break;
		}
	}
	free(w.front);
	free(a.next_index);
	free(a.heap);
	return held;
}

size_t eng_ready(const struct eng_engine *e, struct eng_ready_info *out, size_t max)
{
	const struct eng__ring *r = &e->ready;
	for (size_t i = 0; i < r->n && i < max; i++) {
		const struct eng__entry *x = &r->v[(r->head + i) & (r->cap - 1)];
		struct eng_ready_info *o = &out[i];
		memset(o, 0, sizeof *o);
		o->type = (enum eng_ready_type)x->type;
		o->due = x->due;
		o->recipe = o->task = -1;
		if (x->type == ENG__E_ARRIVAL || x->type == ENG__E_PATIENCE) {
			const struct eng__order *ord = x->ptr;
			o->order = ord->id;
			o->recipe = ord->recipe;
			o->stale = x->type == ENG__E_PATIENCE && ord->state != ENG_OS_OPEN;
		} else if (x->type != ENG__E_SCRIPT) {
			const struct eng__task *t = x->ptr;
			o->order = eng__order_of(t)->id;
			o->recipe = eng__order_of(t)->recipe;
			o->task = t->index;
			o->stale = t->generation != x->generation;
		}
	}
	return r->n;
}

void eng_station(const struct eng_engine *e, int station, struct eng_station_info *out)
{
	memset(out, 0, sizeof *out);
	if (station < 0 || station >= e->s->n_stations)
		return;
	out->capacity = e->s->stations[station].capacity;
	out->used = e->stations[station].used;
	out->queued = e->stations[station].queued;
}

void eng_helper(const struct eng_engine *e, int i, struct eng_helper_info *out)
{
	memset(out, 0, sizeof *out);
	out->recipe = out->task = -1;
	if (i < 0 || i >= e->n_threads || !e->threads[i].task)
		return;
	const struct eng__thread *th = &e->threads[i];
	out->busy = true;
	out->abandoned = th->task->generation != th->generation;
	out->order = eng__order_of(th->task)->id;
	out->recipe = eng__order_of(th->task)->recipe;
	out->task = th->task->index;
	out->since = th->since;
	out->until = th->until;
}

size_t eng_helper_queue(const struct eng_engine *e)
{
	return e->pool_len;
}

size_t eng_order_count(const struct eng_engine *e)
{
	return e->live_count;
}

static const struct eng__order *order_at(const struct eng_engine *e, size_t i)
{
	/* A cursor makes a walk by increasing index O(1) per call. */
	struct eng_engine *m = (struct eng_engine *)e;
	if (i >= e->live_count)
		return NULL;
	if (!m->cursor || m->cursor_index > i) {
		m->cursor = eng__live(m->live.head);
		m->cursor_index = 0;
	}
	while (m->cursor_index < i) {
		m->cursor = eng__live(m->cursor->live.next);
		m->cursor_index++;
	}
	return m->cursor;
}

void eng_order_at(const struct eng_engine *e, size_t i, struct eng_order_info *out)
{
	memset(out, 0, sizeof *out);
	const struct eng__order *o = order_at(e, i);
	if (!o)
		return;
	out->id = o->id;
	out->recipe = o->recipe;
	bool coming = o->state == ENG__OS_COMING;
	out->state = coming ? ENG_OS_OPEN : (enum eng_order_state)o->state;
	out->arrived = coming ? -1 : o->arrived;
	out->ended = o->ended;
	out->patience_due = o->patience_slot != ENG__NOT_IN_HEAP ?
		o->arrived + e->s->recipes[o->recipe].patience_ms : -1;
	out->failed_tasks = o->failed_tasks;
}

/* When the task's current attempt ends if nothing intervenes, or -1. */
static int64_t task_due(const struct eng_engine *e, const struct eng__task *t)
{
	if (t->state != ENG_TS_RUNNING && t->state != ENG_TS_ENDING)
		return -1;
	if (e->seq) {
		struct eng_chef_info chef;
		eng__seq_chef(e, &chef);
		return chef.busy ? chef.until : -1;
	}
	/* Whatever its kind, an attempt lasts its own length from its start:
	 * its timer, its thread or the block it holds ends then. */
	return t->started + scn_attempt_ms(eng__task_spec(e, t));
}

void eng_order_task(const struct eng_engine *e, size_t i, int task, struct eng_task_info *out)
{
	memset(out, 0, sizeof *out);
	const struct eng__order *o = order_at(e, i);
	if (!o || task < 0 || task >= e->s->recipes[o->recipe].n_tasks)
		return;
	const struct eng__task *t = &o->tasks[task];
	out->state = (enum eng_task_state)t->state;
	out->attempt = t->attempt;
	out->started = t->state == ENG_TS_RUNNING || t->state == ENG_TS_ENDING ||
		t->state == ENG_TS_DONE ? t->started : -1;
	out->due = task_due(e, t);
	out->ended = eng__task_over(t) ? t->u.ended : -1;
	out->timed_out = (t->flags & ENG__TIMED_OUT) != 0;
}
