/*
 * play.c — the kitchen with a player (eng_options.hold_steps): the steps
 * of ready tasks wait in a list, oldest first, until eng_pick runs one.
 *
 * The loop itself is concurrent.c's: when a held step's callback comes up
 * in the ready queue, run_callback hands the task here instead of running
 * the step, and the entry's reference to the order passes to the list (so
 * the order stays in memory while its step waits). A pick moves the
 * engine's clock to the chosen time, counts the step's wait in the ready
 * queue (the chef's wait statistic, as the callback would have) and runs
 * the step there. The list is threaded through the tasks' queue links:
 * a ready task is in no station or pool queue.
 */
#include "internal.h"

void eng__hold(struct eng_engine *e, struct eng__task *t, int64_t due)
{
	t->flags |= ENG__HELD;
	t->started = due;
	base_list_push(&e->held, &t->u.queue);
	e->held_n++;
}

static void unhold(struct eng_engine *e, struct eng__task *t)
{
	base_list_cut(&e->held, &t->u.queue);
	t->flags &= (uint8_t)~ENG__HELD;
	e->held_n--;
}

void eng__drop_held(struct eng_engine *e, struct eng__task *t)
{
	if (!(t->flags & ENG__HELD))
		return;
	unhold(e, t);
	/* The canceller's own callback holds the order: it releases it. */
	eng__order_of(t)->refs--;
}

size_t eng_waiting(const struct eng_engine *e, struct eng_waiting_step *out, size_t max)
{
	size_t i = 0;
	for (const struct eng__task *t = eng__queued(e->held.head); t && i < max;
	     t = eng__queued(t->u.queue.next), i++) {
		out[i].order = eng__order_of(t)->id;
		out[i].recipe = eng__order_of(t)->recipe;
		out[i].task = t->index;
		out[i].since = t->started;
	}
	return e->held_n;
}

int eng_pick(struct eng_engine *e, uint64_t order, int task, int64_t t)
{
	if (e->error[0])
		return ENG_PICK_STOPPED;
	struct eng__task *x = eng__queued(e->held.head);
	while (x && !(eng__order_of(x)->id == order && x->index == task))
		x = eng__queued(x->u.queue.next);
	if (!x)
		return ENG_PICK_NOT_WAITING;
	if (e->blocked)
		return ENG_PICK_BLOCKED;
	if (t < e->now)
		return ENG_PICK_TOO_EARLY;
	if (t > eng_next_time(e))
		return ENG_PICK_TOO_LATE;
	uint64_t before = e->sum.events;
	struct eng__order *o = eng__order_of(x);
	e->now = t;
	unhold(e, x);
	eng__stats_wait(&e->sum.chef, t - x->started);
	eng__conc_step(e, x);
	o->refs--;      /* the list's reference */
	eng__order_release(e, o);
	return (int)(e->sum.events - before);
}
