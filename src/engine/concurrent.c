/*
 * concurrent.c — `mode: concurrent`: the kitchen's event loop (SPEC §4).
 *
 * The loop runs in turns: when the ready queue is empty the clock jumps to
 * the next timer or helper thread; every timer due joins the ready queue in
 * (due, seq) order; the callbacks that were queued when the turn began run
 * one by one, each one a separate action (eng_run_action). A `work` step
 * blocks the loop: one action starts it, later ones let helper threads
 * finish during the block, and a last one runs its end. Callbacks hold a
 * task's generation; anything that makes them pointless (an end, a cancel,
 * a timeout) starts a new one, so a stale callback does nothing when its
 * turn comes, as a cancelled asyncio handle.
 *
 * Here live the ready queue, the timers the loop arms, stations (FIFO
 * semaphores), the helper pool, and what a task's step, end, failure and
 * cancellation do. The life cycle, events and orders are engine.c's.
 */
#include <stdlib.h>

#include "internal.h"
#include "rng.h"

/* ---- the ready queue -------------------------------------------------- */

/* Doubles the ready queue's room; false (after eng__fail) when memory
 * runs out. */
static bool ring_grow(struct eng_engine *e)
{
	struct eng__ring *r = &e->ready;
	size_t cap = r->cap ? r->cap * 2 : 256;
	struct eng__entry *v = malloc(cap * sizeof *v);
	if (!v) {
		eng__fail(e, "out of memory");
		return false;
	}
	for (size_t i = 0; i < r->n; i++)
		v[i] = r->v[(r->head + i) & (r->cap - 1)];
	free(r->v);
	r->v = v;
	r->cap = cap;
	r->head = 0;
	return true;
}

/* Appends a callback to the ready queue, written in place; when memory
 * runs out the run stops and the callback is lost with it. */
static inline void ring_push(struct eng_engine *e, int type, void *ptr, uint16_t generation,
			     int64_t due)
{
	struct eng__ring *r = &e->ready;
	if (r->n == r->cap && !ring_grow(e))
		return;
	struct eng__entry *x = &r->v[(r->head + r->n++) & (r->cap - 1)];
	x->due = due;
	x->ptr = ptr;
	x->generation = generation;
	x->type = (uint8_t)type;
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
	eng__order_of(t)->refs++;
	ring_push(e, type, t, t->generation, due);
}

/* Arms a timer of `type` for `owner` (which keeps its slot). */
static void arm(struct eng_engine *e, int type, void *owner, int64_t due)
{
	if (eng__heap_push(&e->timers, due, e->next_seq++, type, owner))
		eng__fail(e, "out of memory");
}

static void disarm(struct eng_engine *e, uint32_t slot)
{
	if (slot != ENG__NOT_IN_HEAP)
		eng__heap_remove(&e->timers, slot);
}

static void arm_timeout(struct eng_engine *e, struct eng__task *t, int64_t timeout)
{
	struct eng__timeout *tmo = eng__timeout_of(e, t);
	tmo->due = e->now + timeout;
	arm(e, ENG_TIMER_TIMEOUT, tmo, tmo->due);
}

static void disarm_timeout(struct eng_engine *e, struct eng__task *t)
{
	struct eng__timeout *tmo = eng__timeout_of(e, t);
	if (tmo)
		disarm(e, tmo->slot);
}

/* ---- stations and helpers --------------------------------------------- */

/* Adds the slot-time used since the last change of the station's count. */
static void station_account(struct eng_engine *e, int si)
{
	struct eng__station *st = &e->stations[si];
	eng__stats_busy(&e->sum.stations[si], st->used, e->now - st->since);
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
	struct eng__task *w = eng__queued(st->queue.head);
	if (!w) {
		station_account(e, si);
		st->used--;
		return;
	}
	base_list_cut(&st->queue, &w->u.queue);
	st->queued--;
	/* Long queues are cold memory: fetch the next waiter ahead of its
	 * turn (its order's header is just before its tasks; finding it
	 * would read the waiter now). */
	if (st->queue.head)
		__builtin_prefetch(st->queue.head);
	w->flags |= ENG__RESERVED;
	w->state = ENG_TS_READY;
	eng__stats_wait(&e->sum.stations[si], e->now - w->started);
	queue_task(e, ENG__E_STEP, w, e->now);
}

/* The free thread of lowest number (the TUI shows threads in order), or -1. */
static int free_thread(const struct eng_engine *e)
{
	for (int w = 0; w * 64 < e->n_threads; w++)
		if (e->idle[w])
			return w * 64 + __builtin_ctzll(e->idle[w]);
	return -1;
}

/* ---- the busy threads, by (until, take_seq) ---------------------------- */

static bool finishes_before(const struct eng_engine *e, int a, int b)
{
	const struct eng__thread *x = &e->threads[a], *y = &e->threads[b];
	return x->until < y->until || (x->until == y->until && x->take_seq < y->take_seq);
}

static void busy_place(struct eng_engine *e, int pos, int thread)
{
	e->busy[pos] = thread;
	e->threads[thread].busy_pos = pos;
}

static void busy_sift(struct eng_engine *e, int pos)
{
	int thread = e->busy[pos];
	while (pos > 0 && finishes_before(e, thread, e->busy[(pos - 1) / 2])) {
		busy_place(e, pos, e->busy[(pos - 1) / 2]);
		pos = (pos - 1) / 2;
	}
	for (;;) {
		int c = 2 * pos + 1;
		if (c >= e->n_busy)
			break;
		if (c + 1 < e->n_busy && finishes_before(e, e->busy[c + 1], e->busy[c]))
			c++;
		if (!finishes_before(e, e->busy[c], thread))
			break;
		busy_place(e, pos, e->busy[c]);
		pos = c;
	}
	busy_place(e, pos, thread);
}

/* Thread `i` took a task (until and take_seq set). */
static void busy_add(struct eng_engine *e, int i)
{
	e->idle[i / 64] &= ~(1ULL << (i % 64));
	busy_place(e, e->n_busy++, i);
	busy_sift(e, e->n_busy - 1);
}

/* Thread `i` is free again. */
static void busy_remove(struct eng_engine *e, int i)
{
	int pos = e->threads[i].busy_pos;
	e->threads[i].busy_pos = -1;
	e->idle[i / 64] |= 1ULL << (i % 64);
	if (pos != --e->n_busy) {
		busy_place(e, pos, e->busy[e->n_busy]);
		busy_sift(e, pos);
	}
}

static void thread_finish(struct eng_engine *e, struct eng__thread *th);

static void thread_take(struct eng_engine *e, struct eng__thread *th, struct eng__task *t)
{
	const struct scn_task *spec = eng__task_spec(e, t);
	int64_t length = scn_attempt_ms(spec);
	th->task = t;
	th->generation = t->generation;
	th->since = e->now;
	th->until = e->now + length;
	th->take_seq = ++e->take_seq;
	busy_add(e, (int)(th - e->threads));
	eng__order_of(t)->refs++;
	t->state = ENG_TS_RUNNING;
	eng__stats_wait(&e->sum.helpers, e->now - t->started);
	t->started = e->now;
	eng__task_event(e, ENG_TASK_STARTED, t);
	eng__say(e, t, spec->say_start);
}

/* Takes `t` out of the queue for a thread. */
static void pool_cut(struct eng_engine *e, struct eng__task *t)
{
	base_list_cut(&e->pool, &t->u.queue);
	e->pool_len--;
}

/* Free threads take the first queued tasks at once. */
static void dispatch(struct eng_engine *e)
{
	int i;
	while (e->pool.head && (i = free_thread(e)) >= 0) {
		struct eng__task *t = eng__queued(e->pool.head);
		pool_cut(e, t);
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
		uint32_t generation = th->generation;
		int64_t finished = th->until;
		eng__stats_busy(&e->sum.helpers, 1, th->until - th->since);
		th->task = NULL;
		busy_remove(e, (int)(th - e->threads));
		if (e->pool.head) {
			struct eng__task *next = eng__queued(e->pool.head);
			pool_cut(e, next);
			thread_take(e, th, next);
		}
		if (t->generation == generation) {
			t->state = ENG_TS_ENDING;
			queue_task(e, ENG__E_HELPER_DONE, t, finished);
		}
		eng__order_of(t)->refs--;
		eng__order_release(e, eng__order_of(t));
		if (!th->task || th->until != e->now)
			return;
	}
}

/* The thread that finishes first (ties: the one that took its task first). */
static struct eng__thread *next_thread(const struct eng_engine *e)
{
	return e->n_busy ? &e->threads[e->busy[0]] : NULL;
}

static void cancel_task(struct eng_engine *e, struct eng__task *t)
{
	if (eng__task_over(t))
		return;
	const struct scn_task *spec = eng__task_spec(e, t);
	switch (t->state) {
	case ENG_TS_STATION: {
		struct eng__station *st = &e->stations[spec->station];
		base_list_cut(&st->queue, &t->u.queue);
		st->queued--;
		break;
	}
	case ENG_TS_POOL:
		pool_cut(e, t);
		break;
	case ENG_TS_READY:
		eng__drop_held(e, t);   /* its step no longer waits for the player */
		break;
	default:
		break; /* timers go below; a running helper's thread runs on */
	}
	disarm(e, t->end_slot);
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
				base_list_push(&st->queue, &t->u.queue);
				st->queued++;
				return;
			}
			station_account(e, spec->station);
			st->used++;
			t->flags |= ENG__HOLDS_SLOT;
			eng__stats_wait(&e->sum.stations[spec->station], 0);
		}
	}
	begin_attempt(e, t);
}

void eng__conc_step(struct eng_engine *e, struct eng__task *t)
{
	step(e, t);
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
			arm(e, ENG_TIMER_TASK_END, t, e->now + length);
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
		base_list_push(&e->pool, &t->u.queue);
		e->pool_len++;
		dispatch(e);
		break;
	}
}

/* Tasks whose `after` lists are now complete become ready, in order. */
static void release_dependants(struct eng_engine *e, struct eng__task *t)
{
	const struct scn_recipe *r = &e->s->recipes[eng__order_of(t)->recipe];
	int i = t->index;
	e->dependency_visits += (uint64_t)r->n_dependents[i];
	for (int k = 0; k < r->n_dependents[i]; k++) {
		struct eng__task *d = &eng__order_of(t)->tasks[r->dependents[i][k]];
		if (--d->deps_left == 0 && d->state == ENG_TS_PENDING)
			make_ready(e, d);
	}
}

static void maybe_order_done(struct eng_engine *e, struct eng__order *o)
{
	if (o->state == ENG_OS_OPEN && o->tasks_open == 0)
		eng__order_end(e, o, ENG_OS_DONE, NULL);
}

static void task_done(struct eng_engine *e, struct eng__task *t, int64_t late)
{
	const struct scn_task *spec = eng__task_spec(e, t);
	eng__stats_late(&e->sum, late);
	eng__task_ended(e, t, ENG_TS_DONE);
	eng__task_end_event(e, ENG_TASK_DONE, t, late, NULL, false);
	eng__say(e, t, spec->say_done);
	free_slot(e, t);
	release_dependants(e, t);
	maybe_order_done(e, eng__order_of(t));
}

/* Under `propagate`, tasks that wait (directly or through others) for a
 * failed task can never start: they are cancelled, in declaration order. */
static int by_index(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/*
 * Linear in the links followed: a task already ended is not gone through,
 * since whatever waits for it was already cancelled when it was (nothing
 * after a task that has not ended can have ended). So when many tasks of
 * an order fail, each `after` link is followed once in all.
 */
static void cancel_dependants(struct eng_engine *e, struct eng__task *failed)
{
	struct eng__order *o = eng__order_of(failed);
	const struct scn_recipe *r = &e->s->recipes[o->recipe];
	/* The doomed tasks, found breadth first: the array is the queue. */
	int *doomed = e->doomed, n = 0;
	int i = failed->index;
	for (int head = -1; head < n; head++) {
		int from = head < 0 ? i : doomed[head];
		e->dependency_visits += (uint64_t)r->n_dependents[from];
		for (int k = 0; k < r->n_dependents[from]; k++) {
			int d = r->dependents[from][k];
			struct eng__task *t = &o->tasks[d];
			if (eng__task_over(t) || (t->flags & ENG__DOOMED))
				continue;
			t->flags |= ENG__DOOMED;
			doomed[n++] = d;
		}
	}
	/* Cancelled in declaration order, as SPEC §4 says. */
	if (n > 1)
		qsort(doomed, (size_t)n, sizeof *doomed, by_index);
	for (int k = 0; k < n; k++) {
		struct eng__task *t = &o->tasks[doomed[k]];
		t->flags &= (uint8_t)~ENG__DOOMED;
		cancel_task(e, t);
	}
}

static void task_failed(struct eng_engine *e, struct eng__task *t, const char *error, int64_t late)
{
	const struct scn_task *spec = eng__task_spec(e, t);
	struct eng__order *o = eng__order_of(t);
	bool final = t->attempt > spec->retries;
	eng__stats_late(&e->sum, late);
	if (final)
		eng__task_ended(e, t, ENG_TS_FAILED);
	else
		t->generation++;
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
		disarm(e, tmo->slot);
	/* The timeout counted from due - T (its start, or the hand-off).
	 * What failed the attempt is the timeout, due at tmo->due: its
	 * lateness is counted from there, not from the end's own due time. */
	if (tmo && e->now >= tmo->due) {
		t->flags |= ENG__TIMED_OUT;
		task_failed(e, t, ENG__ERROR_TIMEOUT, e->now - tmo->due);
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
		pool_cut(e, t);
	}
	disarm(e, t->end_slot);
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
		arm(e, ENG_TIMER_PATIENCE, o, due);
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
		eng__stats_wait(&e->sum.chef, e->now - x.due);
		eng__directive_event(e, (int)(uintptr_t)x.ptr);
		return;
	}
	if (x.type == ENG__E_ARRIVAL || x.type == ENG__E_PATIENCE) {
		struct eng__order *o = x.ptr;
		eng__stats_wait(&e->sum.chef, e->now - x.due);
		if (x.type == ENG__E_ARRIVAL)
			arrival(e, o);
		else
			walk_out(e, o);
		o->refs--; /* held until here, so nothing frees it under us */
		eng__order_release(e, o);
		return;
	}
	struct eng__task *t = x.ptr;
	struct eng__order *o = eng__order_of(t);
	if (t->generation == x.generation && x.type == ENG__E_STEP &&
	    e->opt.hold_steps && !(t->flags & ENG__RESERVED)) {
		/* Play: the player runs this step (eng_pick); the entry's
		 * reference to the order passes to the waiting list. */
		eng__hold(e, t, x.due);
		return;
	}
	if (t->generation == x.generation) {
		eng__stats_wait(&e->sum.chef, e->now - x.due);
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

/* Part 2 of a turn (SPEC §4 "The loop"): every timer due at or before now joins the ready queue. */
static void collect_due_timers(struct eng_engine *e)
{
	int64_t due;
	bool is_arrival;
	while (eng__next_timer(e, &due, &is_arrival) && due <= e->now) {
		if (is_arrival) {
			struct eng__order *o = eng__next_arrival(e);
			if (!o)
				return;
			o->refs++;
			ring_push(e, ENG__E_ARRIVAL, o, 0, o->arrived);
			continue;
		}
		struct eng__timer tm = e->timers.v[0];
		eng__heap_remove(&e->timers, 0);
		switch (eng__timer_type(&tm)) {
		case ENG_TIMER_SCRIPT:
			ring_push(e, ENG__E_SCRIPT, tm.owner /* the directive's index */, 0, due);
			break;
		case ENG_TIMER_PATIENCE: {
			struct eng__order *o = tm.owner;
			o->refs++;
			ring_push(e, ENG__E_PATIENCE, o, 0, due);
			break;
		}
		case ENG_TIMER_TASK_END: {
			struct eng__task *t = tm.owner;
			t->state = ENG_TS_ENDING;
			queue_task(e, ENG__E_END, t, due);
			break;
		}
		case ENG_TIMER_TIMEOUT:
			queue_task(e, ENG__E_TIMEOUT, ((struct eng__timeout *)tm.owner)->task, due);
			break;
		default:
			break;
		}
	}
}

int64_t eng__conc_next_time(const struct eng_engine *e)
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
	eng__stats_blocked(&e->sum, e->block_end - e->block_start);
	eng__stats_busy(&e->sum.chef, 1, e->block_end - e->block_start);
	struct eng__order *o = eng__order_of(t);
	o->refs++; /* keep it while its end runs */
	attempt_end(e, t, 0);
	o->refs--;
	eng__order_release(e, o);
}

int eng__conc_run_action(struct eng_engine *e)
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
		/* Part 1 of a turn: the clock jumps; threads finishing then act first. */
		int64_t t = eng__conc_next_time(e);
		if (t == ENG_NEVER) {
			if (e->held_n)
				return ENG_WAITING;     /* the player's turn */
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
	if (e->turn_left && !e->error[0])
		run_callback(e);
	return 0;
}

