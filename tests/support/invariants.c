/*
 * invariants.c — the checker of invariants.h: per order, its recipe and
 * each task's state; per run, what is running.
 */
#include <stdlib.h>
#include <string.h>

#include "invariants.h"

enum { T_IDLE, T_RUNNING, T_ENDED };

struct order_state {
	int recipe;             /* -1: not arrived */
	bool ended;
	unsigned char *task;    /* T_* per task */
	int *ends;              /* terminal events per task */
};

struct inv_checker {
	const struct scn_scenario *s;
	struct eng_engine *e;
	enum scn_mode mode;
	int64_t last_t, last_kitchen_t;
	struct order_state *orders;     /* by id - 1 */
	uint64_t n_orders, cap_orders;
	int n_running, work_running;
	bool oom;
	const char *failure;
};

struct inv_checker *inv_new(const struct scn_scenario *s, struct eng_engine *e,
			    enum scn_mode mode)
{
	struct inv_checker *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->s = s;
	c->e = e;
	c->mode = mode;
	return c;
}

static void fail_with(struct inv_checker *c, const char *why)
{
	if (!c->failure)
		c->failure = why;
}

/* The state of order `id` (arrived or not); NULL when out of memory. */
static struct order_state *order_of(struct inv_checker *c, uint64_t id)
{
	if (id > c->n_orders) {
		if (id > c->cap_orders) {
			uint64_t cap = c->cap_orders ? c->cap_orders * 2 : 64;
			while (cap < id)
				cap *= 2;
			struct order_state *v = realloc(c->orders, cap * sizeof *v);
			if (!v) {
				c->oom = true;
				return NULL;
			}
			c->orders = v;
			c->cap_orders = cap;
		}
		for (uint64_t i = c->n_orders; i < id; i++)
			c->orders[i] = (struct order_state){ .recipe = -1 };
		c->n_orders = id;
	}
	return &c->orders[id - 1];
}

static void arrive(struct inv_checker *c, struct order_state *o, int recipe)
{
	if (o->recipe >= 0) {
		fail_with(c, "an order arrived twice");
		return;
	}
	int n = c->s->recipes[recipe].n_tasks;
	o->task = calloc((size_t)n, 1);
	o->ends = calloc((size_t)n, sizeof *o->ends);
	if (!o->task || !o->ends) {
		c->oom = true;
		return;
	}
	o->recipe = recipe;
}

static void task_event(struct inv_checker *c, struct order_state *o,
		       const struct eng_event *ev)
{
	const struct scn_task *spec = &c->s->recipes[o->recipe].tasks[ev->task];
	unsigned char *st = &o->task[ev->task];
	if (ev->type == ENG_SAY)
		return;         /* say_done comes right after the end */
	if (*st == T_ENDED) {
		fail_with(c, "a task had an event after it ended");
		return;
	}
	switch (ev->type) {
	case ENG_TASK_STARTED:
		if (*st == T_RUNNING)
			fail_with(c, "a task started while it ran");
		*st = T_RUNNING;
		c->n_running++;
		if (c->mode == SCN_SEQUENTIAL && c->n_running > 1)
			fail_with(c, "sequential mode overlapped two tasks");
		if (spec->kind == SCN_WORK && c->work_running++)
			fail_with(c, "the chef ran two work steps at once");
		break;
	case ENG_TASK_DONE:
	case ENG_TASK_FAILED:
	case ENG_TASK_CANCELLED:
		if (ev->type != ENG_TASK_CANCELLED && ev->late < 0)
			fail_with(c, "negative lateness");
		/* (A cancelled helper's thread runs on, but the task is over.) */
		if (*st == T_RUNNING) {
			c->n_running--;
			if (spec->kind == SCN_WORK)
				c->work_running--;
		}
		*st = T_IDLE;
		if (ev->type != ENG_TASK_FAILED || ev->final) {
			o->ends[ev->task]++;
			*st = T_ENDED;
		}
		break;
	default:
		break;
	}
}

static void on_event(void *ctx, const struct eng_event *ev)
{
	struct inv_checker *c = ctx;
	if (ev->t < c->last_t)
		fail_with(c, "an event went back in time");
	c->last_t = ev->t;
	if (ev->directive < 0)
		c->last_kitchen_t = ev->t;
	else if (!scn_directive_applies(&c->s->script[ev->directive], c->mode))
		fail_with(c, "a directive for the other mode happened");
	for (int i = 0; i < c->s->n_stations; i++) {
		struct eng_station_info st;
		eng_station(c->e, i, &st);
		if (st.used > st.capacity)
			fail_with(c, "a station holds more than its capacity");
	}
	if (!ev->order)
		return;
	struct order_state *o = order_of(c, ev->order);
	if (!o)
		return;
	if (ev->type == ENG_ORDER_ARRIVED) {
		if (ev->late < 0 || (c->mode == SCN_SEQUENTIAL && ev->late != 0))
			fail_with(c, "an arrival's lateness is wrong");
		arrive(c, o, ev->recipe);
		return;
	}
	if (o->recipe < 0) {
		fail_with(c, "an order had an event before it arrived");
		return;
	}
	if (ev->recipe != o->recipe)
		fail_with(c, "an order's events name another recipe");
	if (ev->type == ENG_ORDER_DONE || ev->type == ENG_ORDER_FAILED) {
		if (o->ended)
			fail_with(c, "an order ended twice");
		o->ended = true;
		return;
	}
	if (ev->task >= 0 && ev->task < c->s->recipes[o->recipe].n_tasks)
		task_event(c, o, ev);
	else if (ev->task >= 0)
		fail_with(c, "an event names a task its recipe does not have");
}

int inv_attach(struct inv_checker *c, struct eng_engine *e)
{
	struct eng_observer o = { .on_event = on_event, .ctx = c };
	return eng_add_observer(e, &o);
}

const char *inv_finish(struct inv_checker *c, bool complete)
{
	if (c->oom)
		return "the checker ran out of memory";
	if (!complete || c->failure)
		return c->failure;
	const struct eng_summary *sum = eng_summary(c->e);
	if (c->n_orders != scn_total_orders(c->s))
		fail_with(c, "not every order arrived");
	if (sum->orders_done + sum->orders_failed != sum->orders)
		fail_with(c, "the summary's orders do not add up");
	if (sum->makespan != c->last_kitchen_t)
		fail_with(c, "makespan is not the last event that is not a directive's");
	if (c->n_running)
		fail_with(c, "a task was still running at the end");
	for (uint64_t i = 0; i < c->n_orders && !c->failure; i++) {
		const struct order_state *o = &c->orders[i];
		if (o->recipe < 0) {
			fail_with(c, "an order never arrived");
			break;
		}
		if (!o->ended)
			fail_with(c, "an order did not end");
		for (int t = 0; t < c->s->recipes[o->recipe].n_tasks; t++)
			if (o->ends[t] != 1)
				fail_with(c, "a task did not end exactly once");
	}
	return c->failure;
}

void inv_free(struct inv_checker *c)
{
	if (!c)
		return;
	for (uint64_t i = 0; i < c->n_orders; i++) {
		free(c->orders[i].task);
		free(c->orders[i].ends);
	}
	free(c->orders);
	free(c);
}
