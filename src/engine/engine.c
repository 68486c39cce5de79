/*
 * engine.c — the kitchen's event loop in concurrent mode (SPEC §4), and the
 * engine's life cycle, observers and orders, which both modes share.
 *
 * The loop runs in turns: when the ready queue is empty the clock jumps to
 * the next timer or helper thread; every timer due joins the ready queue in
 * (due, seq) order; the callbacks that were queued when the turn began run
 * one by one, each one a separate eng_step. A `work` step blocks the loop:
 * eng_step starts it, later steps let helper threads finish during the block,
 * and a last one runs its end. Callbacks hold a task's `gen`; anything that
 * makes them pointless (an end, a cancel, a timeout) bumps it, so a stale
 * callback does nothing when its turn comes, as a cancelled asyncio handle.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "base/container.h"
#include "rng.h"

static const char *const event_names[ENG_EVENT_TYPES] = {
	"order_arrived", "task_ready", "task_started", "task_done", "task_failed",
	"task_cancelled", "order_done", "order_failed", "say", "pause", "ask",
};

const char *eng_event_name(enum eng_event_type type)
{
	return (unsigned)type < ENG_EVENT_TYPES ? event_names[type] : "?";
}

int eng__task_index(const struct eng__task *t)
{
	return (int)(t - t->order->tasks);
}

/* ---- events ----------------------------------------------------------- */

void eng__emit(struct eng_engine *e, struct eng_event *ev)
{
	ev->seq = ++e->events;
	ev->t = e->now;
	/* A teacher's closing line does not make the kitchen slower. */
	if (ev->directive < 0)
		e->sum.makespan = e->now;
	e->sum.events = e->events;
	for (int i = 0; i < e->n_obs; i++)
		e->obs[i].on_event(e->obs[i].ctx, ev);
}

void eng__event_init(struct eng_event *ev, enum eng_event_type type)
{
	memset(ev, 0, sizeof *ev);
	ev->type = type;
	ev->recipe = -1;
	ev->task = -1;
	ev->directive = -1;
}

struct eng__timeout *eng__timeout_of(const struct eng_engine *e, const struct eng__task *t)
{
	const struct eng__order *o = t->order;
	int slot = e->rrt[o->recipe].timeout_slot[eng__task_index(t)];
	if (slot < 0)
		return NULL;
	int n = e->s->recipes[o->recipe].n_tasks;
	return (struct eng__timeout *)(void *)((char *)o->tasks + (size_t)n * sizeof o->tasks[0]) + slot;
}

const struct scn_task *eng__task_spec(const struct eng_engine *e, const struct eng__task *t)
{
	return &e->s->recipes[t->order->recipe].tasks[eng__task_index(t)];
}

void eng__task_end_event(struct eng_engine *e, enum eng_event_type type, struct eng__task *t,
			 int64_t late, const char *error, bool final)
{
	if (!e->n_obs) {
		/* Nobody listens (summary runs): count it, build nothing. */
		e->sum.makespan = e->now;
		e->sum.events = ++e->events;
		return;
	}
	struct eng_event ev;
	eng__event_init(&ev, type);
	ev.order = t->order->id;
	ev.recipe = t->order->recipe;
	ev.task = eng__task_index(t);
	ev.kind = eng__task_spec(e, t)->kind;
	ev.attempt = t->attempt;
	ev.late = late;
	ev.error = error;
	ev.final = final;
	eng__emit(e, &ev);
}

void eng__task_event(struct eng_engine *e, enum eng_event_type type, struct eng__task *t)
{
	eng__task_end_event(e, type, t, 0, NULL, false);
}

void eng__say(struct eng_engine *e, struct eng__task *t, const char *text)
{
	if (!text)
		return;
	struct eng_event ev;
	eng__event_init(&ev, ENG_SAY);
	ev.order = t->order->id;
	ev.recipe = t->order->recipe;
	ev.task = eng__task_index(t);
	ev.text = text;
	eng__emit(e, &ev);
}

void eng__order_event(struct eng_engine *e, enum eng_event_type type,
			struct eng__order *o, const char *error)
{
	struct eng_event ev;
	eng__event_init(&ev, type);
	ev.order = o->id;
	ev.recipe = o->recipe;
	ev.error = error;
	ev.failed_tasks = o->failed_tasks;
	eng__emit(e, &ev);
}

void eng__directive_event(struct eng_engine *e, int index)
{
	const struct scn_directive *d = &e->s->script[index];
	struct eng_event ev;
	eng__event_init(&ev, d->kind == SCN_DIR_SAY ? ENG_SAY :
			d->kind == SCN_DIR_PAUSE ? ENG_PAUSE : ENG_ASK);
	ev.directive = index;
	ev.text = d->text;
	ev.answer = d->answer;
	eng__emit(e, &ev);
}

/* ---- orders ----------------------------------------------------------- */

void eng__order_arrived(struct eng_engine *e, struct eng__order *o)
{
	o->arrived_flag = true;
	struct eng_event ev;
	eng__event_init(&ev, ENG_ORDER_ARRIVED);
	ev.order = o->id;
	ev.recipe = o->recipe;
	ev.late = e->now - o->arrived;
	eng__emit(e, &ev);
}

struct eng__order *eng__order_new(struct eng_engine *e, int recipe, int64_t scheduled)
{
	const struct scn_recipe *r = &e->s->recipes[recipe];
	const struct eng__recipe_rt *rt = &e->rrt[recipe];
	struct eng__order *o = calloc(1, sizeof *o + (size_t)r->n_tasks * sizeof o->tasks[0] +
				      (size_t)rt->n_timeouts * sizeof(struct eng__timeout));
	if (!o)
		abort(); /* out of memory in the middle of a run: nothing sane to do */
	o->id = ++e->next_order_id;
	o->recipe = recipe;
	o->arrived = scheduled;
	o->ended = -1;
	o->patience.slot = ENG__NOT_IN_HEAP;
	o->patience.type = ENG_TIMER_PATIENCE;
	o->tasks_open = (uint32_t)r->n_tasks;
	for (int i = 0; i < r->n_tasks; i++) {
		struct eng__task *t = &o->tasks[i];
		t->order = o;
		t->end_timer.slot = ENG__NOT_IN_HEAP;
		t->end_timer.type = ENG_TIMER_TASK_END;
		t->started = t->ended = -1;
		t->deps_left = (uint16_t)r->tasks[i].n_after;
		t->state = ENG_TS_PENDING;
		if (rt->timeout_slot[i] >= 0) {
			struct eng__timeout *tmo = eng__timeout_of(e, t);
			tmo->tm.slot = ENG__NOT_IN_HEAP;
			tmo->tm.type = ENG_TIMER_TIMEOUT;
			tmo->task = t;
		}
	}
	/* The live list, in arrival order. */
	o->prev = e->live_tail;
	if (e->live_tail)
		e->live_tail->next = o;
	else
		e->live_head = o;
	e->live_tail = o;
	e->live_count++;
	e->live_tasks += (uint64_t)r->n_tasks;
	if (e->live_tasks > e->sum.peak_tasks)
		e->sum.peak_tasks = e->live_tasks;
	e->sum.orders++;
	return o;
}

void eng__live_remove(struct eng_engine *e, struct eng__order *o)
{
	if (o->prev)
		o->prev->next = o->next;
	else
		e->live_head = o->next;
	if (o->next)
		o->next->prev = o->prev;
	else
		e->live_tail = o->prev;
	e->live_count--;
	e->live_tasks -= (uint64_t)e->s->recipes[o->recipe].n_tasks;
	e->cursor = NULL;
}

/* Frees an ended order once nothing refers to it any more (headless runs
 * keep memory flat this way; the TUI asks to retain orders). */
void eng__order_release(struct eng_engine *e, struct eng__order *o)
{
	if (e->opt.retain_orders || o->state == ENG_OS_OPEN || o->tasks_open ||
	    o->refs || eng__timer_armed(&o->patience))
		return;
	eng__live_remove(e, o);
	free(o);
}

void eng__order_end(struct eng_engine *e, struct eng__order *o,
		      enum eng_order_state state, const char *error)
{
	o->state = (uint8_t)state;
	o->ended = e->now;
	if (eng__timer_armed(&o->patience))
		eng__heap_remove(e->patience_heap, &o->patience);
	if (state == ENG_OS_DONE) {
		e->sum.orders_done++;
		/* From the scheduled arrival: the customer's clock. */
		eng__total_add(&e->sum.latency_total, e->now - o->arrived);
		eng__order_event(e, ENG_ORDER_DONE, o, NULL);
	} else {
		e->sum.orders_failed++;
		eng__order_event(e, ENG_ORDER_FAILED, o, error);
	}
}

/* ---- the ready queue -------------------------------------------------- */

static void ring_push(struct eng__ring *r, const struct eng__entry *x)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;
		struct eng__entry *v = malloc(cap * sizeof *v);
		if (!v)
			abort();
		for (size_t i = 0; i < r->n; i++)
			v[i] = r->v[(r->head + i) & (r->cap - 1)];
		free(r->v);
		r->v = v;
		r->cap = cap;
		r->head = 0;
	}
	r->v[(r->head + r->n) & (r->cap - 1)] = *x;
	r->n++;
}

static struct eng__entry ring_pop(struct eng__ring *r)
{
	struct eng__entry x = r->v[r->head];
	r->head = (r->head + 1) & (r->cap - 1);
	r->n--;
	return x;
}

static void queue_task(struct eng_engine *e, enum eng__entry_type type,
		       struct eng__task *t, int64_t due)
{
	struct eng__entry x = { .due = due, .ptr = t, .gen = t->gen, .type = (uint8_t)type };
	t->order->refs++;
	ring_push(&e->ready, &x);
}

static void arm(struct eng_engine *e, struct eng__timer *tm, int64_t due)
{
	tm->due = due;
	tm->seq = e->next_seq++;
	if (eng__heap_push(&e->timers, tm))
		abort();
}

static void disarm(struct eng_engine *e, struct eng__timer *tm)
{
	if (eng__timer_armed(tm))
		eng__heap_remove(&e->timers, tm);
}

static void arm_timeout(struct eng_engine *e, struct eng__task *t, int64_t timeout)
{
	arm(e, &eng__timeout_of(e, t)->tm, e->now + timeout);
}

static void disarm_timeout(struct eng_engine *e, struct eng__task *t)
{
	struct eng__timeout *tmo = eng__timeout_of(e, t);
	if (tmo)
		disarm(e, &tmo->tm);
}

/* ---- stations and helpers --------------------------------------------- */

static void list_append(struct eng__task **head, struct eng__task **tail, struct eng__task *t)
{
	t->qnext = NULL;
	t->qprev = *tail;
	if (*tail)
		(*tail)->qnext = t;
	else
		*head = t;
	*tail = t;
}

static void list_remove(struct eng__task **head, struct eng__task **tail, struct eng__task *t)
{
	if (t->qprev)
		t->qprev->qnext = t->qnext;
	else
		*head = t->qnext;
	if (t->qnext)
		t->qnext->qprev = t->qprev;
	else
		*tail = t->qprev;
	t->qprev = t->qnext = NULL;
}

static void wait_stat(struct eng_stat *st, int64_t wait)
{
	st->waits++;
	eng__total_add(&st->wait_total, wait);
	if (wait > st->wait_max_ms)
		st->wait_max_ms = wait;
}

/* Adds the slot-time used since the last change of the station's count. */
static void station_account(struct eng_engine *e, int si)
{
	struct eng__station *st = &e->stations[si];
	eng__total_add(&e->sum.stations[si].busy, st->used * (e->now - st->since));
	st->since = e->now;
}

/* Frees the task's slot: it passes, reserved, to the longest waiter, whose
 * step is queued (an asyncio.Semaphore wakes its first waiter). */
static void free_slot(struct eng_engine *e, struct eng__task *t)
{
	if (!(t->flags & (ENG__HOLDS_SLOT | ENG__RESERVED)))
		return;
	int si = eng__task_spec(e, t)->station;
	struct eng__station *st = &e->stations[si];
	t->flags &= (uint8_t)~(ENG__HOLDS_SLOT | ENG__RESERVED);
	struct eng__task *w = st->head;
	if (!w) {
		station_account(e, si);
		st->used--;
		return;
	}
	list_remove(&st->head, &st->tail, w);
	st->queued--;
	/* Long queues are cold memory: fetch the next waiter ahead of its turn. */
	if (st->head) {
		__builtin_prefetch(st->head);
		__builtin_prefetch(st->head->order);
	}
	w->flags |= ENG__RESERVED;
	w->state = ENG_TS_READY;
	wait_stat(&e->sum.stations[si], e->now - w->started);
	queue_task(e, ENG__E_STEP, w, e->now);
}

static int free_thread(const struct eng_engine *e)
{
	for (int i = 0; i < e->n_threads; i++)
		if (!e->threads[i].task)
			return i;
	return -1;
}

static void thread_finish(struct eng_engine *e, struct eng__thread *th);

static void thread_take(struct eng_engine *e, struct eng__thread *th, struct eng__task *t)
{
	const struct scn_task *spec = eng__task_spec(e, t);
	int64_t length = scn_attempt_ms(spec);
	th->task = t;
	th->gen = t->gen;
	th->since = e->now;
	th->until = e->now + length;
	th->take_seq = ++e->take_seq;
	t->order->refs++;
	t->state = ENG_TS_RUNNING;
	wait_stat(&e->sum.helpers, e->now - t->started);
	t->started = e->now;
	eng__task_event(e, ENG_TASK_STARTED, t);
	eng__say(e, t, spec->say_start);
}

/* Free threads take the first queued tasks at once. */
static void dispatch(struct eng_engine *e)
{
	int i;
	while (e->pool_head && (i = free_thread(e)) >= 0) {
		struct eng__task *t = e->pool_head;
		list_remove(&e->pool_head, &e->pool_tail, t);
		e->pool_len--;
		struct eng__thread *th = &e->threads[i];
		thread_take(e, th, t);
		if (th->until == e->now)
			thread_finish(e, th);
	}
}

/* A thread finishes: it first takes the next queued task, then its
 * completion joins the ready queue at this very moment
 * (call_soon_threadsafe), unless the task was cancelled or timed out. */
static void thread_finish(struct eng_engine *e, struct eng__thread *th)
{
	for (;;) {
		struct eng__task *t = th->task;
		uint32_t gen = th->gen;
		int64_t finished = th->until;
		eng__total_add(&e->sum.helpers.busy, th->until - th->since);
		th->task = NULL;
		if (e->pool_head) {
			struct eng__task *next = e->pool_head;
			list_remove(&e->pool_head, &e->pool_tail, next);
			e->pool_len--;
			thread_take(e, th, next);
		}
		if (t->gen == gen) {
			t->state = ENG_TS_ENDING;
			queue_task(e, ENG__E_HELPER_DONE, t, finished);
		}
		t->order->refs--;
		eng__order_release(e, t->order);
		if (!th->task || th->until != e->now)
			return;
	}
}

/* The thread that finishes first (ties: the one that took its task first). */
static struct eng__thread *next_thread(const struct eng_engine *e)
{
	struct eng__thread *best = NULL;
	for (int i = 0; i < e->n_threads; i++) {
		struct eng__thread *th = &e->threads[i];
		if (th->task && (!best || th->until < best->until ||
				 (th->until == best->until && th->take_seq < best->take_seq)))
			best = th;
	}
	return best;
}

/* ---- tasks ------------------------------------------------------------ */

void eng__task_ended(struct eng_engine *e, struct eng__task *t, enum eng_task_state state)
{
	t->state = (uint8_t)state;
	t->ended = e->now;
	t->gen++;
	t->order->tasks_open--;
}

static void cancel_task(struct eng_engine *e, struct eng__task *t)
{
	if (t->ended >= 0)
		return;
	const struct scn_task *spec = eng__task_spec(e, t);
	switch (t->state) {
	case ENG_TS_STATION: {
		struct eng__station *st = &e->stations[spec->station];
		list_remove(&st->head, &st->tail, t);
		st->queued--;
		break;
	}
	case ENG_TS_POOL:
		list_remove(&e->pool_head, &e->pool_tail, t);
		e->pool_len--;
		break;
	default:
		break; /* timers go below; a running helper's thread runs on */
	}
	disarm(e, &t->end_timer);
	disarm_timeout(e, t);
	eng__task_ended(e, t, ENG_TS_CANCELLED);
	eng__task_event(e, ENG_TASK_CANCELLED, t);
	free_slot(e, t);
}

/* Cancels every task of the order not yet ended, in declaration order. */
static void cancel_all(struct eng_engine *e, struct eng__order *o)
{
	int n = e->s->recipes[o->recipe].n_tasks;
	for (int i = 0; i < n; i++)
		cancel_task(e, &o->tasks[i]);
}

/* Marks the task ready (task_ready) and queues its step. */
static void make_ready(struct eng_engine *e, struct eng__task *t)
{
	t->state = ENG_TS_READY;
	eng__task_event(e, ENG_TASK_READY, t);
	queue_task(e, ENG__E_STEP, t, e->now);
}

static void begin_attempt(struct eng_engine *e, struct eng__task *t);

/* The step of a task: a station slot first, then its attempt. */
static void step(struct eng_engine *e, struct eng__task *t)
{
	const struct scn_task *spec = eng__task_spec(e, t);
	if (spec->station >= 0) {
		if (t->flags & ENG__RESERVED) {
			t->flags = (uint8_t)((t->flags & ~ENG__RESERVED) | ENG__HOLDS_SLOT);
		} else {
			struct eng__station *st = &e->stations[spec->station];
			if (st->used >= e->s->stations[spec->station].capacity) {
				t->state = ENG_TS_STATION;
				t->started = e->now;
				list_append(&st->head, &st->tail, t);
				st->queued++;
				return;
			}
			station_account(e, spec->station);
			st->used++;
			t->flags |= ENG__HOLDS_SLOT;
			wait_stat(&e->sum.stations[spec->station], 0);
		}
	}
	begin_attempt(e, t);
}

static void begin_attempt(struct eng_engine *e, struct eng__task *t)
{
	const struct scn_task *spec = eng__task_spec(e, t);
	int64_t length = scn_attempt_ms(spec);
	t->attempt++;
	t->flags &= (uint8_t)~ENG__TIMED_OUT;
	switch (spec->kind) {
	case SCN_WAIT:
		t->state = ENG_TS_RUNNING;
		t->started = e->now;
		eng__task_event(e, ENG_TASK_STARTED, t);
		eng__say(e, t, spec->say_start);
		if (spec->timeout_ms >= 0)
			arm_timeout(e, t, spec->timeout_ms);
		if (length == 0) {
			/* asyncio.sleep(0) only yields: its end runs next turn. */
			t->state = ENG_TS_ENDING;
			queue_task(e, ENG__E_END, t, e->now);
		} else {
			arm(e, &t->end_timer, e->now + length);
		}
		break;
	case SCN_WORK:
		t->state = ENG_TS_RUNNING;
		t->started = e->now;
		eng__task_event(e, ENG_TASK_STARTED, t);
		eng__say(e, t, spec->say_start);
		e->blocked = true;
		e->block_task = t;
		e->block_start = e->now;
		e->block_end = e->now + length;
		break;
	case SCN_HELPER:
		t->state = ENG_TS_POOL;
		t->started = e->now;
		if (spec->timeout_ms >= 0)
			arm_timeout(e, t, spec->timeout_ms);
		list_append(&e->pool_head, &e->pool_tail, t);
		e->pool_len++;
		dispatch(e);
		break;
	}
}

/* Tasks whose `after` lists are now complete become ready, in order. */
static void release_dependants(struct eng_engine *e, struct eng__task *t)
{
	const struct scn_recipe *r = &e->s->recipes[t->order->recipe];
	int i = eng__task_index(t);
	for (int k = 0; k < r->n_dependents[i]; k++) {
		struct eng__task *d = &t->order->tasks[r->dependents[i][k]];
		if (--d->deps_left == 0 && d->state == ENG_TS_PENDING)
			make_ready(e, d);
	}
}

static void maybe_order_done(struct eng_engine *e, struct eng__order *o)
{
	if (o->state == ENG_OS_OPEN && o->tasks_open == 0)
		eng__order_end(e, o, ENG_OS_DONE, NULL);
}

static void note_late(struct eng_engine *e, int64_t late)
{
	if (late > e->sum.late_max)
		e->sum.late_max = late;
}

static void task_done(struct eng_engine *e, struct eng__task *t, int64_t late)
{
	const struct scn_task *spec = eng__task_spec(e, t);
	note_late(e, late);
	eng__task_ended(e, t, ENG_TS_DONE);
	eng__task_end_event(e, ENG_TASK_DONE, t, late, NULL, false);
	eng__say(e, t, spec->say_done);
	free_slot(e, t);
	release_dependants(e, t);
	maybe_order_done(e, t->order);
}

/* Under `propagate`, tasks that wait (directly or through others) for a
 * failed task can never start: they are cancelled, in declaration order. */
static void cancel_dependants(struct eng_engine *e, struct eng__task *failed)
{
	struct eng__order *o = failed->order;
	const struct scn_recipe *r = &e->s->recipes[o->recipe];
	failed->flags |= ENG__DOOMED;
	for (int i = eng__task_index(failed) + 1; i < r->n_tasks; i++)
		for (int k = 0; k < r->tasks[i].n_after; k++)
			if (o->tasks[r->tasks[i].after[k]].flags & ENG__DOOMED) {
				o->tasks[i].flags |= ENG__DOOMED;
				break;
			}
	failed->flags &= (uint8_t)~ENG__DOOMED;
	for (int i = eng__task_index(failed) + 1; i < r->n_tasks; i++) {
		if (o->tasks[i].flags & ENG__DOOMED) {
			o->tasks[i].flags &= (uint8_t)~ENG__DOOMED;
			cancel_task(e, &o->tasks[i]);
		}
	}
}

static void task_failed(struct eng_engine *e, struct eng__task *t, const char *error, int64_t late)
{
	const struct scn_task *spec = eng__task_spec(e, t);
	struct eng__order *o = t->order;
	bool final = t->attempt > spec->retries;
	note_late(e, late);
	if (final)
		eng__task_ended(e, t, ENG_TS_FAILED);
	else
		t->gen++;
	eng__task_end_event(e, ENG_TASK_FAILED, t, late, error, final);
	free_slot(e, t);
	if (!final) {
		/* A retry loop does not yield: ready again, and its step at once. */
		eng__task_event(e, ENG_TASK_READY, t);
		t->state = ENG_TS_READY;
		step(e, t);
		return;
	}
	o->failed_tasks++;
	switch (e->s->recipes[o->recipe].on_error) {
	case SCN_PROPAGATE:
		if (o->state == ENG_OS_OPEN)
			eng__order_end(e, o, ENG_OS_FAILED, error);
		cancel_dependants(e, t);
		break;
	case SCN_CANCEL:
		if (o->state == ENG_OS_OPEN)
			eng__order_end(e, o, ENG_OS_FAILED, error);
		cancel_all(e, o);
		break;
	case SCN_COLLECT:
		release_dependants(e, t);
		maybe_order_done(e, o);
		break;
	}
}

/* The end of an attempt, handled at now: the timeout first, then
 * fail_after, then fail_chance's draw. */
static void attempt_end(struct eng_engine *e, struct eng__task *t, int64_t late)
{
	const struct scn_task *spec = eng__task_spec(e, t);
	struct eng__timeout *tmo = eng__timeout_of(e, t);
	if (tmo)
		disarm(e, &tmo->tm);
	/* The timeout counted from tm.due - T (its start, or the hand-off).
	 * What failed the attempt is the timeout, due at tm.due: its lateness
	 * is counted from there, not from the end's own due time. */
	if (tmo && e->now >= tmo->tm.due) {
		t->flags |= ENG__TIMED_OUT;
		task_failed(e, t, ENG__ERROR_TIMEOUT, e->now - tmo->tm.due);
	} else if (spec->fail_after_ms >= 0) {
		task_failed(e, t, spec->error, late);
	} else if (spec->fail_chance > 0 && eng__draw(&e->rng) < spec->fail_chance) {
		task_failed(e, t, spec->error, late);
	} else {
		task_done(e, t, late);
	}
}

/* wait_for's timer was handled before the attempt's end. */
static void timed_out(struct eng_engine *e, struct eng__task *t, int64_t late)
{
	if (t->state == ENG_TS_POOL) {
		/* Still queued for a thread: it leaves the queue, never starts. */
		list_remove(&e->pool_head, &e->pool_tail, t);
		e->pool_len--;
	}
	disarm(e, &t->end_timer);
	t->flags |= ENG__TIMED_OUT;
	task_failed(e, t, ENG__ERROR_TIMEOUT, late);
}

static void walk_out(struct eng_engine *e, struct eng__order *o)
{
	if (o->state != ENG_OS_OPEN)
		return;
	eng__order_end(e, o, ENG_OS_FAILED, ENG__ERROR_WALKED_OUT);
	cancel_all(e, o);
}

/* The arrival timer is handled (maybe late: a block delayed it). The
 * customer's patience runs from the scheduled arrival; one noticed at or
 * after it ran out has already left: nothing becomes ready. */
static void arrival(struct eng_engine *e, struct eng__order *o)
{
	const struct scn_recipe *r = &e->s->recipes[o->recipe];
	eng__order_arrived(e, o);
	if (r->patience_ms >= 0) {
		int64_t due = o->arrived + r->patience_ms;
		if (e->now >= due) {
			walk_out(e, o);
			return;
		}
		arm(e, &o->patience, due);
	}
	for (int i = 0; i < r->n_tasks; i++)
		if (r->tasks[i].n_after == 0)
			make_ready(e, &o->tasks[i]);
}

/* Runs one callback of the ready queue. */
static void run_callback(struct eng_engine *e)
{
	struct eng__entry x = ring_pop(&e->ready);
	e->turn_left--;
	if (x.type == ENG__E_SCRIPT) {
		wait_stat(&e->sum.chef, e->now - x.due);
		eng__directive_event(e, (int)x.aux);
		return;
	}
	if (x.type == ENG__E_ARRIVAL || x.type == ENG__E_PATIENCE) {
		struct eng__order *o = x.ptr;
		wait_stat(&e->sum.chef, e->now - x.due);
		if (x.type == ENG__E_ARRIVAL)
			arrival(e, o);
		else
			walk_out(e, o);
		o->refs--; /* held until here, so nothing frees it under us */
		eng__order_release(e, o);
		return;
	}
	struct eng__task *t = x.ptr;
	struct eng__order *o = t->order;
	if (t->gen == x.gen) {
		wait_stat(&e->sum.chef, e->now - x.due);
		switch (x.type) {
		case ENG__E_STEP:
			step(e, t);
			break;
		case ENG__E_END:
		case ENG__E_HELPER_DONE:
			attempt_end(e, t, e->now - x.due);
			break;
		case ENG__E_TIMEOUT:
			timed_out(e, t, e->now - x.due);
			break;
		default:
			break;
		}
	}
	o->refs--;
	eng__order_release(e, o);
}

/* ---- the turn --------------------------------------------------------- */

/* The next timer, from the heap or the lazy arrivals, by (due, seq). */
bool eng__next_timer(const struct eng_engine *e, int64_t *due, bool *is_arrival)
{
	struct eng__timer *top = eng__heap_top(&e->timers);
	int64_t adue;
	int entry;
	bool have_arrival = eng__arrivals_peek(&e->arr, e->s, &adue, &entry);
	if (have_arrival && (!top || adue < top->due ||
			     (adue == top->due && e->arr.seq_base + e->arr.emitted < top->seq))) {
		*due = adue;
		*is_arrival = true;
		return true;
	}
	if (!top)
		return false;
	*due = top->due;
	*is_arrival = false;
	return true;
}

/* Step 2 of a turn: every timer due at or before now joins the ready queue. */
static void collect_due_timers(struct eng_engine *e)
{
	int64_t due;
	bool is_arrival;
	while (eng__next_timer(e, &due, &is_arrival) && due <= e->now) {
		struct eng__entry x = { .due = due };
		if (is_arrival) {
			int entry;
			eng__arrivals_peek(&e->arr, e->s, &due, &entry);
			eng__arrivals_pop(&e->arr, e->s);
			struct eng__order *o = eng__order_new(e, e->s->orders[entry].recipe, due);
			o->refs++;
			x.type = ENG__E_ARRIVAL;
			x.ptr = o;
		} else {
			struct eng__timer *tm = eng__heap_top(&e->timers);
			eng__heap_remove(&e->timers, tm);
			switch (tm->type) {
			case ENG_TIMER_SCRIPT:
				x.type = ENG__E_SCRIPT;
				x.aux = (uint32_t)(tm - e->script_timers);
				break;
			case ENG_TIMER_PATIENCE: {
				struct eng__order *o = BASE_CONTAINER_OF(tm, struct eng__order, patience);
				o->refs++;
				x.type = ENG__E_PATIENCE;
				x.ptr = o;
				break;
			}
			case ENG_TIMER_TASK_END:
			case ENG_TIMER_TIMEOUT: {
				struct eng__task *t = tm->type == ENG_TIMER_TIMEOUT ?
					((struct eng__timeout *)tm)->task :
					BASE_CONTAINER_OF(tm, struct eng__task, end_timer);
				if (tm->type == ENG_TIMER_TASK_END)
					t->state = ENG_TS_ENDING;
				queue_task(e, tm->type == ENG_TIMER_TASK_END ? ENG__E_END : ENG__E_TIMEOUT, t, due);
				continue;
			}
			default:
				continue;
			}
		}
		ring_push(&e->ready, &x);
	}
}

static int64_t next_time_concurrent(const struct eng_engine *e)
{
	if (e->blocked) {
		struct eng__thread *th = next_thread(e);
		return th && th->until <= e->block_end ? th->until : e->block_end;
	}
	if (e->turn_left || e->ready.n)
		return e->now;
	int64_t due = ENG_NEVER;
	bool is_arrival;
	eng__next_timer(e, &due, &is_arrival);
	struct eng__thread *th = next_thread(e);
	if (th && th->until < due)
		due = th->until;
	/* After a block, timers may already be overdue: the clock never goes back. */
	return due < e->now ? e->now : due;
}

static void end_block(struct eng_engine *e)
{
	struct eng__task *t = e->block_task;
	e->now = e->block_end;
	e->blocked = false;
	e->block_task = NULL;
	e->sum.blocked += e->block_end - e->block_start;
	eng__total_add(&e->sum.chef.busy, e->block_end - e->block_start);
	struct eng__order *o = t->order;
	o->refs++; /* keep it while its end runs */
	attempt_end(e, t, 0);
	o->refs--;
	eng__order_release(e, o);
}

static int step_concurrent(struct eng_engine *e)
{
	if (e->blocked) {
		struct eng__thread *th = next_thread(e);
		if (th && th->until <= e->block_end) {
			e->now = th->until;
			thread_finish(e, th);
		} else {
			end_block(e);
		}
		return 0;
	}
	if (e->turn_left) {
		run_callback(e);
		return 0;
	}
	if (!e->ready.n) {
		/* Step 1: the clock jumps; threads finishing then act first. */
		int64_t t = next_time_concurrent(e);
		if (t == ENG_NEVER) {
			e->over = true;
			return -1;
		}
		e->now = t;
		struct eng__thread *th;
		while ((th = next_thread(e)) && th->until == e->now)
			thread_finish(e, th);
	}
	collect_due_timers(e);
	e->turn_left = e->ready.n;
	if (e->turn_left)
		run_callback(e);
	return 0;
}

/* ---- public API ------------------------------------------------------- */

void eng_options_default(struct eng_options *opt, const struct scn_scenario *s)
{
	memset(opt, 0, sizeof *opt);
	opt->mode = s->mode;
	opt->seed = s->seed;
}

struct eng_engine *eng_new(const struct scn_scenario *s, const struct eng_options *opt)
{
	struct eng_engine *e = calloc(1, sizeof *e);
	if (!e)
		return NULL;
	e->s = s;
	if (opt)
		e->opt = *opt;
	else
		eng_options_default(&e->opt, s);
	e->rng = e->opt.seed;
	e->rrt = calloc((size_t)s->n_recipes + 1, sizeof *e->rrt);
	if (!e->rrt)
		goto fail;
	for (int r = 0; r < s->n_recipes; r++) {
		struct eng__recipe_rt *rt = &e->rrt[r];
		rt->timeout_slot = malloc(((size_t)s->recipes[r].n_tasks + 1) * sizeof *rt->timeout_slot);
		if (!rt->timeout_slot)
			goto fail;
		for (int i = 0; i < s->recipes[r].n_tasks; i++)
			rt->timeout_slot[i] = s->recipes[r].tasks[i].timeout_ms >= 0 ? rt->n_timeouts++ : -1;
	}
	e->sum.mode = e->opt.mode;
	e->n_threads = s->helpers;
	e->stations = calloc((size_t)s->n_stations + 1, sizeof *e->stations);
	e->sum.stations = calloc((size_t)s->n_stations + 1, sizeof *e->sum.stations);
	e->threads = calloc((size_t)e->n_threads + 1, sizeof *e->threads);
	e->script_timers = calloc((size_t)s->n_script + 1, sizeof *e->script_timers);
	if (!e->stations || !e->sum.stations || !e->threads || !e->script_timers)
		goto fail;
	e->sum.n_stations = s->n_stations;
	for (int i = 0; i < s->n_stations; i++)
		e->sum.stations[i].capacity = s->stations[i].capacity;
	e->sum.chef.capacity = 1;
	e->sum.helpers.capacity = e->n_threads;
	/* Script directives are scheduled first, then every arrival. A
	 * directive for the other mode does not happen in this run. */
	for (int i = 0; i < s->n_script; i++) {
		struct eng__timer *tm = &e->script_timers[i];
		tm->type = ENG_TIMER_SCRIPT;
		tm->slot = ENG__NOT_IN_HEAP;
		tm->due = s->script[i].at_ms;
		tm->seq = (uint64_t)i;
		if (scn_directive_applies(&s->script[i], e->opt.mode) &&
		    eng__heap_push(&e->timers, tm))
			goto fail;
	}
	if (eng__arrivals_init(&e->arr, s, (uint64_t)s->n_script))
		goto fail;
	e->next_seq = (uint64_t)s->n_script + e->arr.total;
	e->patience_heap = &e->timers;
	if (e->opt.mode == SCN_SEQUENTIAL && eng__seq_init(e))
		goto fail;
	return e;
fail:
	eng_free(e);
	return NULL;
}

void eng_free(struct eng_engine *e)
{
	if (!e)
		return;
	eng__seq_close(e);
	struct eng__order *o = e->live_head;
	while (o) {
		struct eng__order *next = o->next;
		free(o);
		o = next;
	}
	eng__heap_close(&e->timers);
	eng__arrivals_close(&e->arr);
	free(e->ready.v);
	free(e->stations);
	free(e->sum.stations);
	free(e->threads);
	free(e->script_timers);
	if (e->rrt)
		for (int r = 0; r < e->s->n_recipes; r++)
			free(e->rrt[r].timeout_slot);
	free(e->rrt);
	free(e);
}

int eng_add_observer(struct eng_engine *e, const struct eng_observer *o)
{
	if (e->n_obs >= ENG__MAX_OBSERVERS)
		return -1;
	e->obs[e->n_obs++] = *o;
	return 0;
}

int64_t eng_next_time(const struct eng_engine *e)
{
	if (e->over)
		return ENG_NEVER;
	return e->seq ? eng__seq_next_time(e) : next_time_concurrent(e);
}

bool eng_done(const struct eng_engine *e)
{
	return eng_next_time(e) == ENG_NEVER;
}

int eng_step(struct eng_engine *e)
{
	if (e->over)
		return -1;
	uint64_t before = e->events;
	int rc = e->seq ? eng__seq_step(e) : step_concurrent(e);
	if (rc < 0) {
		e->over = true;
		return -1;
	}
	return (int)(e->events - before);
}

void eng_run(struct eng_engine *e)
{
	while (eng_step(e) >= 0)
		;
}

uint64_t eng_run_events(struct eng_engine *e, uint64_t n)
{
	uint64_t start = e->events;
	while (e->events - start < n && eng_step(e) >= 0)
		;
	return e->events - start;
}

void eng_run_until(struct eng_engine *e, int64_t t)
{
	while (eng_next_time(e) <= t && eng_step(e) >= 0)
		;
}

const struct eng_summary *eng_summary(const struct eng_engine *e)
{
	return &e->sum;
}
