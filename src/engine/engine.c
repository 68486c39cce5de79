/*
 * engine.c — what both modes share (SPEC §4): the engine's life cycle and
 * public API, events and their observers, orders (created at their
 * arrival, in the live list in arrival order, released once nothing refers
 * to them) and the next timer of the loop. The concurrent loop is
 * concurrent.c, blocking code sequential.c, the statistics stats.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const event_names[ENG_EVENT_TYPES] = {
	"order_arrived", "task_ready", "task_started", "task_done", "task_failed",
	"task_cancelled", "order_done", "order_failed", "say", "pause", "ask",
};

const char *eng_event_name(enum eng_event_type type)
{
	return (unsigned)type < ENG_EVENT_TYPES ? event_names[type] : "?";
}


/* ---- errors ----------------------------------------------------------- */

void eng__fail(struct eng_engine *e, const char *fmt, ...)
{
	if (e->error[0])
		return;
	char why[320];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	snprintf(e->error, sizeof e->error, "stopped at %lld.%03lld s: %s",
		 (long long)(e->now / 1000), (long long)(e->now % 1000), why);
}

const char *eng_error(const struct eng_engine *e)
{
	return e->error[0] ? e->error : NULL;
}

uint64_t eng_dependency_visits(const struct eng_engine *e)
{
	return e->dependency_visits;
}

/* ---- events ----------------------------------------------------------- */

void eng__emit(struct eng_engine *e, struct eng_event *ev)
{
	eng__stats_event(&e->sum, e->now, ev->directive >= 0);
	ev->seq = e->sum.events;
	ev->t = e->now;
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
	const struct eng__order *o = eng__order_of(t);
	int slot = e->rrt[o->recipe].timeout_slot[t->index];
	if (slot < 0)
		return NULL;
	int n = e->s->recipes[o->recipe].n_tasks;
	return (struct eng__timeout *)(void *)((char *)o->tasks + (size_t)n * sizeof o->tasks[0]) + slot;
}

const struct scn_task *eng__task_spec(const struct eng_engine *e, const struct eng__task *t)
{
	return &e->s->recipes[eng__order_of(t)->recipe].tasks[t->index];
}

void eng__task_end_event(struct eng_engine *e, enum eng_event_type type, struct eng__task *t,
			 int64_t late, const char *error, bool final)
{
	if (!e->n_obs) {
		/* Nobody listens (summary runs): count it, build nothing. */
		eng__stats_event(&e->sum, e->now, false);
		return;
	}
	struct eng_event ev;
	const struct eng__order *o = eng__order_of(t);
	eng__event_init(&ev, type);
	ev.order = o->id;
	ev.recipe = o->recipe;
	ev.task = t->index;
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
	ev.order = eng__order_of(t)->id;
	ev.recipe = eng__order_of(t)->recipe;
	ev.task = t->index;
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
	o->state = ENG_OS_OPEN;
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
	uint64_t limit = e->opt.max_tasks && e->opt.max_tasks < ENG__MAX_LIVE_TASKS ?
		e->opt.max_tasks : ENG__MAX_LIVE_TASKS;
	if (e->live_tasks + (uint64_t)r->n_tasks > limit) {
		if (e->opt.retain_orders)
			eng__fail(e, "more than %llu tasks on screen at once (every order "
				  "stays in view, each running task a real timer); the "
				  "limit keeps memory under about 1 GB: `kitchen run` "
				  "takes up to %u", (unsigned long long)limit,
				  ENG__MAX_LIVE_TASKS);
		else
			eng__fail(e, "more than %llu tasks alive at once (orders arrive "
				  "faster than the kitchen serves them); the limit keeps "
				  "memory under about 1 GB", (unsigned long long)limit);
		return NULL;
	}
	struct eng__order *o = eng__pool_get(&e->slab, &e->pools[recipe]);
	if (!o) {
		eng__fail(e, "out of memory");
		return NULL;
	}
	/* A chunk is not zeroed: every field is set here. */
	o->id = ++e->next_order_id;
	o->arrived = scheduled;
	o->ended = -1;
	o->patience_slot = ENG__NOT_IN_HEAP;
	o->refs = 0;
	o->recipe = (uint16_t)recipe;
	o->tasks_open = (uint16_t)r->n_tasks;
	o->failed_tasks = 0;
	o->state = ENG__OS_COMING;
	o->released = 0;
	for (int i = 0; i < r->n_tasks; i++) {
		struct eng__task *t = &o->tasks[i];
		t->started = -1;
		t->u.queue = (struct base_link){ NULL, NULL };
		t->end_slot = ENG__NOT_IN_HEAP;
		t->index = (uint16_t)i;
		t->deps_left = (uint16_t)r->tasks[i].n_after;
		t->generation = 0;
		t->state = ENG_TS_PENDING;
		t->attempt = 0;
		t->flags = 0;
	}
	struct eng__timeout *tmo = (struct eng__timeout *)(void *)&o->tasks[r->n_tasks];
	for (int i = 0; i < r->n_tasks; i++)
		if (rt->timeout_slot[i] >= 0) {
			struct eng__timeout *x = &tmo[rt->timeout_slot[i]];
			x->task = &o->tasks[i];
			x->due = -1;
			x->slot = ENG__NOT_IN_HEAP;
		}
	base_list_push(&e->live, &o->live);
	e->live_count++;
	e->live_tasks += (uint64_t)r->n_tasks;
	e->held_tasks += (uint64_t)r->n_tasks;
	eng__stats_order(&e->sum, e->held_tasks);
	return o;
}

struct eng__order *eng__next_arrival(struct eng_engine *e)
{
	int64_t due;
	int entry;
	eng__arrivals_peek(&e->arr, e->s, &due, &entry);
	eng__arrivals_pop(&e->arr, e->s);
	return eng__order_new(e, e->s->orders[entry].recipe, due);
}

void eng__live_remove(struct eng_engine *e, struct eng__order *o)
{
	base_list_cut(&e->live, &o->live);
	e->live_count--;
	e->live_tasks -= (uint64_t)e->s->recipes[o->recipe].n_tasks;
	e->cursor = NULL;
}

/* Frees an ended order once nothing refers to it any more (headless runs
 * keep memory flat this way; the TUI asks to retain orders). */
void eng__order_release(struct eng_engine *e, struct eng__order *o)
{
	if (o->state == ENG_OS_OPEN || o->state == ENG__OS_COMING ||
	    o->tasks_open || o->refs || o->patience_slot != ENG__NOT_IN_HEAP)
		return;
	/* Counted out as a headless run frees it, whether or not the screen
	 * keeps it: peak_tasks is the same in both (a replay compares them). */
	if (!o->released) {
		o->released = 1;
		e->held_tasks -= (uint64_t)e->s->recipes[o->recipe].n_tasks;
	}
	if (e->opt.retain_orders)
		return;
	eng__live_remove(e, o);
	eng__pool_put(&e->pools[o->recipe], o);
}

void eng__order_end(struct eng_engine *e, struct eng__order *o,
		      enum eng_order_state state, const char *error)
{
	o->state = (uint8_t)state;
	o->ended = e->now;
	if (o->patience_slot != ENG__NOT_IN_HEAP)
		eng__heap_remove(e->patience_heap, o->patience_slot);
	if (state == ENG_OS_DONE) {
		/* From the scheduled arrival: the customer's clock. */
		eng__stats_order_done(&e->sum, e->now - o->arrived);
		eng__order_event(e, ENG_ORDER_DONE, o, NULL);
	} else {
		eng__stats_order_failed(&e->sum);
		eng__order_event(e, ENG_ORDER_FAILED, o, error);
	}
}

/* ---- tasks ------------------------------------------------------------ */

void eng__task_ended(struct eng_engine *e, struct eng__task *t, enum eng_task_state state)
{
	t->state = (uint8_t)state;
	t->u.ended = e->now;
	t->generation++;
	eng__order_of(t)->tasks_open--;
}

/* ---- timers ----------------------------------------------------------- */

/* The next timer, from the heap or the lazy arrivals, by (due, seq). */
bool eng__next_timer(const struct eng_engine *e, int64_t *due, bool *is_arrival)
{
	struct eng__timer *top = eng__heap_top(&e->timers);
	int64_t adue;
	int entry;
	bool have_arrival = eng__arrivals_peek(&e->arr, e->s, &adue, &entry);
	if (have_arrival && (!top || adue < top->due ||
			     (adue == top->due && e->arr.seq_base + e->arr.emitted < eng__timer_seq(top)))) {
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

/* ---- public API ------------------------------------------------------- */

void eng_options_default(struct eng_options *opt, const struct scn_scenario *s)
{
	memset(opt, 0, sizeof *opt);
	opt->mode = s->mode;
	opt->seed = s->seed;
}

uint64_t eng_max_tasks(void)
{
	return ENG__MAX_LIVE_TASKS;
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
	/* An order keeps its recipe in 16 bits: the loader's node limit
	 * allows far fewer recipes than that. */
	if (s->n_recipes > UINT16_MAX)
		goto fail;
	e->rrt = calloc((size_t)s->n_recipes + 1, sizeof *e->rrt);
	e->pools = calloc((size_t)s->n_recipes + 1, sizeof *e->pools);
	int most_tasks = 0;
	for (int r = 0; r < s->n_recipes; r++)
		if (s->recipes[r].n_tasks > most_tasks)
			most_tasks = s->recipes[r].n_tasks;
	e->doomed = malloc(((size_t)most_tasks + 1) * sizeof *e->doomed);
	if (!e->rrt || !e->pools || !e->doomed)
		goto fail;
	for (int r = 0; r < s->n_recipes; r++) {
		struct eng__recipe_rt *rt = &e->rrt[r];
		rt->timeout_slot = malloc(((size_t)s->recipes[r].n_tasks + 1) * sizeof *rt->timeout_slot);
		if (!rt->timeout_slot)
			goto fail;
		for (int i = 0; i < s->recipes[r].n_tasks; i++)
			rt->timeout_slot[i] = s->recipes[r].tasks[i].timeout_ms >= 0 ? rt->n_timeouts++ : -1;
		rt->order_bytes = sizeof(struct eng__order) +
			(size_t)s->recipes[r].n_tasks * sizeof(struct eng__task) +
			(size_t)rt->n_timeouts * sizeof(struct eng__timeout);
		/* Chunks of 16 bytes' multiples: every order stays aligned. */
		e->pools[r].size = (rt->order_bytes + 15) & ~(size_t)15;
	}
	e->n_threads = s->helpers;
	e->stations = calloc((size_t)s->n_stations + 1, sizeof *e->stations);
	e->threads = calloc((size_t)e->n_threads + 1, sizeof *e->threads);
	e->busy = calloc((size_t)e->n_threads + 1, sizeof *e->busy);
	if (!e->stations || !e->threads || !e->busy || e->n_threads > SCN_MAX_HELPERS ||
	    eng__stats_init(&e->sum, s, e->opt.mode, e->n_threads))
		goto fail;
	for (int i = 0; i < e->n_threads; i++) {
		e->threads[i].busy_pos = -1;
		e->idle[i / 64] |= 1ULL << (i % 64);
	}
	/* Script directives are scheduled first, then every arrival. A
	 * directive for the other mode does not happen in this run. */
	for (int i = 0; i < s->n_script; i++)
		if (scn_directive_applies(&s->script[i], e->opt.mode) &&
		    eng__heap_push(&e->timers, s->script[i].at_ms, (uint64_t)i, ENG_TIMER_SCRIPT,
				   (void *)(uintptr_t)i))
			goto fail;
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
	eng__slab_close(&e->slab); /* every order with it */
	free(e->pools);
	eng__heap_close(&e->timers);
	eng__arrivals_close(&e->arr);
	free(e->ready.v);
	free(e->stations);
	eng__stats_close(&e->sum);
	free(e->threads);
	free(e->busy);
	if (e->rrt)
		for (int r = 0; r < e->s->n_recipes; r++)
			free(e->rrt[r].timeout_slot);
	free(e->rrt);
	free(e->doomed);
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
	return e->seq ? eng__seq_next_time(e) : eng__conc_next_time(e);
}

bool eng_done(const struct eng_engine *e)
{
	if (e->over)
		return true;
	return eng_next_time(e) == ENG_NEVER && !e->held_n;
}

int eng_run_action(struct eng_engine *e)
{
	if (e->over)
		return e->error[0] ? ENG_ERROR : ENG_OVER;
	uint64_t before = e->sum.events;
	int rc = e->seq ? eng__seq_run_action(e) : eng__conc_run_action(e);
	if (rc == ENG_WAITING && !e->error[0])
		return ENG_WAITING;
	if (e->error[0]) {
		e->over = true;
		return ENG_ERROR;
	}
	if (rc < 0) {
		e->over = true;
		return ENG_OVER;
	}
	return (int)(e->sum.events - before);
}

int eng_run(struct eng_engine *e)
{
	int rc;
	while ((rc = eng_run_action(e)) >= 0)
		;
	return rc == ENG_ERROR ? -1 : 0;
}

uint64_t eng_run_events(struct eng_engine *e, uint64_t n)
{
	uint64_t start = e->sum.events;
	while (e->sum.events - start < n && eng_run_action(e) >= 0)
		;
	return e->sum.events - start;
}

void eng_run_until(struct eng_engine *e, int64_t t)
{
	while (eng_next_time(e) <= t && eng_run_action(e) >= 0)
		;
}

const struct eng_summary *eng_summary(const struct eng_engine *e)
{
	return &e->sum;
}
