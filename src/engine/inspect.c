/*
 * inspect.c — read-only views of the engine between two actions: the chef,
 * the timers the loop holds, the ready queue, stations, helper threads and
 * live orders. This is what the TUI's panels are drawn from; nothing here
 * changes the run.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "base/container.h"

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
	out->order = t->order->id;
	out->recipe = t->order->recipe;
	out->task = eng__task_index(t);
	out->since = e->block_start;
	out->until = e->block_end;
}

static void timer_info(const struct eng_engine *e, const struct eng__timer *tm,
		       struct eng_timer_info *out)
{
	memset(out, 0, sizeof *out);
	out->type = (enum eng_timer_type)tm->type;
	out->due = tm->due;
	out->seq = tm->seq;
	out->recipe = out->task = out->directive = -1;
	switch (tm->type) {
	case ENG_TIMER_SCRIPT:
		out->directive = (int)(tm - e->script_timers);
		break;
	case ENG_TIMER_PATIENCE: {
		const struct eng__order *o =
			BASE_CONTAINER_OF_CONST(tm, struct eng__order, patience);
		out->order = o->id;
		out->recipe = o->recipe;
		break;
	}
	default: {
		const struct eng__task *t = tm->type == ENG_TIMER_TIMEOUT ?
			((const struct eng__timeout *)tm)->task :
			BASE_CONTAINER_OF_CONST(tm, struct eng__task, end_timer);
		out->order = t->order->id;
		out->recipe = t->order->recipe;
		out->task = eng__task_index(t);
		break;
	}
	}
}

static int by_due(const void *a, const void *b)
{
	const struct eng__timer *x = *(const struct eng__timer *const *)a;
	const struct eng__timer *y = *(const struct eng__timer *const *)b;
	return eng__timer_before(x, y) ? -1 : eng__timer_before(y, x);
}

uint64_t eng_timers(const struct eng_engine *e, struct eng_timer_info *out, size_t max)
{
	uint64_t held = e->timers.n + (e->arr.total - e->arr.emitted);
	if (!max)
		return held;
	/* The heap, sorted, merged with the arrivals still to come. */
	struct eng__timer **sorted = malloc((e->timers.n + 1) * sizeof *sorted);
	struct eng__arrivals a = e->arr;
	a.next_index = malloc(((size_t)e->s->n_orders + 1) * sizeof *a.next_index);
	a.heap = malloc(((size_t)e->s->n_orders + 1) * sizeof *a.heap);
	if (!sorted || !a.next_index || !a.heap) {
		free(sorted);
		free(a.next_index);
		free(a.heap);
		return held;
	}
	memcpy(sorted, e->timers.v, e->timers.n * sizeof *sorted);
	qsort(sorted, e->timers.n, sizeof *sorted, by_due);
	memcpy(a.next_index, e->arr.next_index, (size_t)e->s->n_orders * sizeof *a.next_index);
	memcpy(a.heap, e->arr.heap, (size_t)e->s->n_orders * sizeof *a.heap);
	size_t n = 0, h = 0;
	uint64_t order_id = e->next_order_id;
	while (n < max) {
		int64_t due;
		int entry;
		bool have = eng__arrivals_peek(&a, e->s, &due, &entry);
		uint64_t seq = a.seq_base + a.emitted;
		if (have && (h == e->timers.n || due < sorted[h]->due ||
			     (due == sorted[h]->due && seq < sorted[h]->seq))) {
			memset(&out[n], 0, sizeof out[n]);
			out[n].type = ENG_TIMER_ARRIVAL;
			out[n].due = due;
			out[n].seq = seq;
			out[n].order = ++order_id;
			out[n].recipe = e->s->orders[entry].recipe;
			out[n].task = out[n].directive = -1;
			eng__arrivals_pop(&a, e->s);
			n++;
		} else if (h < e->timers.n) {
			timer_info(e, sorted[h++], &out[n++]);
		} else {
			break;
		}
	}
	free(sorted);
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
			o->order = t->order->id;
			o->recipe = t->order->recipe;
			o->task = eng__task_index(t);
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
	out->order = th->task->order->id;
	out->recipe = th->task->order->recipe;
	out->task = eng__task_index(th->task);
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
		m->cursor = m->live_head;
		m->cursor_index = 0;
	}
	while (m->cursor_index < i) {
		m->cursor = m->cursor->next;
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
	out->state = (enum eng_order_state)o->state;
	out->arrived = o->arrived_flag ? o->arrived : -1;
	out->ended = o->ended;
	out->patience_due = eng__timer_armed(&o->patience) ? o->patience.due : -1;
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
	if (e->blocked && e->block_task == t)
		return e->block_end;
	for (int i = 0; i < e->n_threads; i++)
		if (e->threads[i].task == t && e->threads[i].generation == t->generation)
			return e->threads[i].until;
	return t->end_timer.due;
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
	out->ended = t->ended;
	out->timed_out = (t->flags & ENG__TIMED_OUT) != 0;
}
