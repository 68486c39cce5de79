/*
 * sequential.c — `mode: sequential`: the kitchen as blocking code (SPEC §4).
 *
 * One chef does every step in turn: orders in arrival order, each order's
 * tasks in declaration order, each attempt from its task_ready/task_started
 * to its end, nothing overlapping. Arrivals and script directives still come
 * at their own times and, at one instant, before the chef's events. Walk-outs
 * are noticed only between steps: before every attempt, every arrived open
 * order whose patience has run out (now included) walks out, in arrival
 * order. Each action (eng_run_action) is one arrival or directive, one
 * attempt's start or one attempt's end, so the TUI can show the chef busy
 * in between.
 */
#include <stdlib.h>

#include "internal.h"
#include "rng.h"

enum outcome { OUT_DONE, OUT_FAIL, OUT_TIMEOUT };

struct eng__seq {
	struct eng__heap patience;      /* (arrived + P, order id) */
	struct eng__order *cur;         /* the order the chef is on, or next */
	int task;                       /* its next task */
	bool running;
	struct eng__task *attempt_task;
	int64_t attempt_end;
	enum outcome outcome;
	int64_t free_at;                /* when the chef finished her last step */
	struct eng__order **gone;       /* scratch for walk_outs, reused */
	size_t gone_cap;
};

int eng__seq_init(struct eng_engine *e)
{
	e->seq = calloc(1, sizeof *e->seq);
	if (!e->seq)
		return -1;
	e->patience_heap = &e->seq->patience;
	return 0;
}

void eng__seq_close(struct eng_engine *e)
{
	if (!e->seq)
		return;
	eng__heap_close(&e->seq->patience);
	free(e->seq->gone);
	free(e->seq);
	e->seq = NULL;
}

static int64_t chef_time(const struct eng_engine *e)
{
	const struct eng__seq *q = e->seq;
	if (q->running)
		return q->attempt_end;
	if (!q->cur)
		return ENG_NEVER;
	return q->free_at > q->cur->arrived ? q->free_at : q->cur->arrived;
}

int64_t eng__seq_next_time(const struct eng_engine *e)
{
	int64_t due = ENG_NEVER;
	bool is_arrival;
	eng__next_timer(e, &due, &is_arrival);
	int64_t c = chef_time(e);
	return c < due ? c : due;
}

/* The first open order after `o` in arrival order. */
static struct eng__order *next_open(struct eng__order *o)
{
	while (o && o->state != ENG_OS_OPEN)
		o = eng__live(o->live.next);
	return o;
}

/* The chef is done with the current order (it ended): on to the next. */
static void advance(struct eng_engine *e)
{
	struct eng__seq *q = e->seq;
	struct eng__order *done = q->cur;
	q->cur = next_open(eng__live(done->live.next));
	q->task = 0;
	eng__order_release(e, done);
}

static void cancel_rest(struct eng_engine *e, struct eng__order *o)
{
	int n = e->s->recipes[o->recipe].n_tasks;
	for (int i = 0; i < n; i++) {
		struct eng__task *t = &o->tasks[i];
		if (eng__task_over(t))
			continue;
		eng__task_ended(e, t, ENG_TS_CANCELLED);
		eng__task_event(e, ENG_TASK_CANCELLED, t);
	}
}

static int by_id(const void *a, const void *b)
{
	uint64_t x = (*(struct eng__order *const *)a)->id;
	uint64_t y = (*(struct eng__order *const *)b)->id;
	return x < y ? -1 : x > y;
}

/* Before an attempt: every open order out of patience walks out. */
static void walk_outs(struct eng_engine *e)
{
	struct eng__seq *q = e->seq;
	struct eng__timer *top = eng__heap_top(&q->patience);
	if (!top || top->due > e->now)
		return;
	size_t n = 0;
	while ((top = eng__heap_top(&q->patience)) && top->due <= e->now) {
		if (n == q->gone_cap) {
			size_t cap = q->gone_cap ? q->gone_cap * 2 : 16;
			struct eng__order **more = realloc(q->gone, cap * sizeof *more);
			if (!more) {
				eng__fail(e, "out of memory");
				return;
			}
			q->gone = more;
			q->gone_cap = cap;
		}
		q->gone[n++] = top->owner;
		eng__heap_remove(&q->patience, 0);
	}
	struct eng__order **gone = q->gone;
	qsort(gone, n, sizeof *gone, by_id);
	for (size_t i = 0; i < n; i++) {
		struct eng__order *o = gone[i];
		if (o->state != ENG_OS_OPEN)
			continue;
		eng__order_end(e, o, ENG_OS_FAILED, ENG__ERROR_WALKED_OUT);
		cancel_rest(e, o);
		if (o != q->cur)
			eng__order_release(e, o);
	}
}

static void start_attempt(struct eng_engine *e)
{
	struct eng__seq *q = e->seq;
	walk_outs(e);
	if (e->error[0])
		return;
	if (q->cur->state != ENG_OS_OPEN) {
		advance(e);
		return;
	}
	struct eng__task *t = &q->cur->tasks[q->task];
	const struct scn_task *spec = eng__task_spec(e, t);
	t->attempt++;
	t->flags &= (uint8_t)~ENG__TIMED_OUT;
	t->state = ENG_TS_READY;
	eng__task_event(e, ENG_TASK_READY, t);
	t->state = ENG_TS_RUNNING;
	t->started = e->now;
	eng__task_event(e, ENG_TASK_STARTED, t);
	eng__say(e, t, spec->say_start);

	int64_t length = scn_attempt_ms(spec);
	q->outcome = spec->fail_after_ms >= 0 ? OUT_FAIL : OUT_DONE;
	if (spec->timeout_ms >= 0 && length >= spec->timeout_ms) {
		/* wait_for gives up at T; a helper's thread is left behind. */
		length = spec->timeout_ms;
		q->outcome = OUT_TIMEOUT;
	}
	q->running = true;
	q->attempt_task = t;
	q->attempt_end = e->now + length;
}

/* The attempt that started at t->started is over: blocking code held the
 * chef, and the station and helper it used, all along (stats.h: busy time
 * counts when it ends, as in concurrent mode). */
static void count_attempt(struct eng_engine *e, const struct eng__task *t)
{
	const struct scn_task *spec = eng__task_spec(e, t);
	int64_t length = e->now - t->started;
	eng__stats_busy(&e->sum.chef, 1, length);
	if (spec->kind == SCN_WORK)
		eng__stats_blocked(&e->sum, length);
	if (spec->kind == SCN_HELPER)
		eng__stats_busy(&e->sum.helpers, 1, length);
	if (spec->station >= 0)
		eng__stats_busy(&e->sum.stations[spec->station], 1, length);
}

static void failed(struct eng_engine *e, struct eng__task *t, const char *error)
{
	struct eng__seq *q = e->seq;
	struct eng__order *o = eng__order_of(t);
	const struct scn_task *spec = eng__task_spec(e, t);
	bool final = t->attempt > spec->retries;
	if (final)
		eng__task_ended(e, t, ENG_TS_FAILED);
	eng__task_end_event(e, ENG_TASK_FAILED, t, 0, error, final);
	if (!final)
		return; /* retried at once, by the next action (eng_run_action) */
	o->failed_tasks++;
	if (e->s->recipes[o->recipe].on_error == SCN_COLLECT) {
		if (++q->task == e->s->recipes[o->recipe].n_tasks) {
			eng__order_end(e, o, ENG_OS_DONE, NULL);
			advance(e);
		}
		return;
	}
	eng__order_end(e, o, ENG_OS_FAILED, error);
	cancel_rest(e, o);
	advance(e);
}

static void finish_attempt(struct eng_engine *e)
{
	struct eng__seq *q = e->seq;
	struct eng__task *t = q->attempt_task;
	const struct scn_task *spec = eng__task_spec(e, t);
	q->running = false;
	q->attempt_task = NULL;
	q->free_at = e->now;
	count_attempt(e, t);
	if (q->outcome == OUT_TIMEOUT) {
		t->flags |= ENG__TIMED_OUT;
		failed(e, t, ENG__ERROR_TIMEOUT);
		return;
	}
	if (q->outcome == OUT_FAIL ||
	    (spec->fail_chance > 0 && eng__draw(&e->rng) < spec->fail_chance)) {
		failed(e, t, spec->error);
		return;
	}
	eng__task_ended(e, t, ENG_TS_DONE);
	eng__task_end_event(e, ENG_TASK_DONE, t, 0, NULL, false);
	eng__say(e, t, spec->say_done);
	if (++q->task == e->s->recipes[eng__order_of(t)->recipe].n_tasks) {
		eng__order_end(e, eng__order_of(t), ENG_OS_DONE, NULL);
		advance(e);
	}
}

static void arrive_or_direct(struct eng_engine *e, bool is_arrival)
{
	struct eng__seq *q = e->seq;
	if (!is_arrival) {
		int directive = (int)(uintptr_t)e->timers.v[0].owner;
		eng__heap_remove(&e->timers, 0);
		eng__directive_event(e, directive);
		return;
	}
	/* Arrivals come at their own times: never late in blocking code. */
	struct eng__order *o = eng__next_arrival(e);
	if (!o)
		return;
	eng__order_arrived(e, o);
	int64_t patience = e->s->recipes[o->recipe].patience_ms;
	if (patience >= 0) {
		/* Ties between patiences due together: arrival order. */
		if (eng__heap_push(&q->patience, o->arrived + patience, o->id, ENG_TIMER_PATIENCE, o))
			eng__fail(e, "out of memory");
	}
	if (!q->cur) {
		q->cur = o;
		q->task = 0;
	}
}

int eng__seq_run_action(struct eng_engine *e)
{
	int64_t due = ENG_NEVER;
	bool is_arrival = false;
	eng__next_timer(e, &due, &is_arrival);
	int64_t c = chef_time(e);
	if (due == ENG_NEVER && c == ENG_NEVER)
		return -1;
	if (due <= c) {
		e->now = due;
		arrive_or_direct(e, is_arrival);
	} else {
		e->now = c;
		if (e->seq->running)
			finish_attempt(e);
		else
			start_attempt(e);
	}
	return 0;
}

void eng__seq_chef(const struct eng_engine *e, struct eng_chef_info *out)
{
	const struct eng__seq *q = e->seq;
	out->busy = q->running;
	if (!q->running)
		return;
	const struct eng__task *t = q->attempt_task;
	out->order = eng__order_of(t)->id;
	out->recipe = eng__order_of(t)->recipe;
	out->task = t->index;
	out->since = t->started;
	out->until = q->attempt_end;
	out->blocked = eng__task_spec(e, t)->kind == SCN_WORK;
}
