/*
 * internal.h — the engine's own structures, shared by its files:
 * engine.c (life cycle, events, orders, the API), concurrent.c (the event
 * loop), sequential.c (blocking code), stats.c (the summary), arrivals.c
 * (the lazy arrival timers), inspect.c (read-only views).
 * Nothing outside src/engine includes this.
 */
#ifndef KITCHEN_ENGINE_INTERNAL_H
#define KITCHEN_ENGINE_INTERNAL_H

#include "engine.h"
#include <stddef.h>

#include "base/list.h"
#include "heap.h"
#include "slab.h"
#include "stats.h"

#define ENG__MAX_OBSERVERS 8

/*
 * The most tasks alive at once: tasks of the orders held in memory (every
 * arrived order not yet ended, and with retain_orders every order). Orders
 * queued at a station stay in flight, so no static rule of `check` bounds
 * memory; this does. From the bytes a task costs in flight, measured
 * (docs/performance.md): 59 for the coffee rush (3-task orders, most of
 * them queued), but up to about 200 for one-task orders that each hold a
 * chunk of 128 bytes (order, task, timeout record) and three armed timers
 * (end, timeout, patience: 24 bytes each): 785 MB at 4,000,000, measured.
 * So 4,000,000 keeps every shape under about 1 GB; the coffee rush of 10^6
 * orders peaks at 2.6 million. Past it the engine stops with an error.
 */
#ifndef ENG__MAX_LIVE_TASKS
#define ENG__MAX_LIVE_TASKS 4000000u
#endif

/* The errors the kitchen itself raises (SPEC §4), in both modes. */
#define ENG__ERROR_TIMEOUT "timeout"
#define ENG__ERROR_WALKED_OUT "walked out"

/* Task flags. */
enum {
	ENG__HOLDS_SLOT = 1,    /* holds a slot of its station */
	ENG__RESERVED = 2,      /* a slot is being handed to it (step queued) */
	ENG__TIMED_OUT = 4,     /* its last attempt ended by its timeout */
	ENG__DOOMED = 8,        /* marked while its order's dependants of a
				   failed task are gathered */
	ENG__HELD = 16          /* its step waits for the player (play.c) */
};

struct eng__order;

/*
 * A task of an order, 40 bytes: what it costs in flight is most of what a
 * run costs in memory (docs/performance.md measures each field's worth).
 * It finds its order from its index; its queue links and its end time
 * share their bytes, since a task in a queue has not ended.
 */
struct eng__task {
	int64_t started;        /* this attempt's task_started; while the task
				   waits in a station's or the pool's queue,
				   when it joined it (for the wait statistics);
				   while its step waits for the player, when
				   that step became due */
	union {
		struct base_link queue; /* while in a station's or the pool's
					   queue, or among the steps held for
					   the player */
		int64_t ended;  /* once done, failed or cancelled */
	} u;
	uint32_t end_slot;      /* a wait attempt's end timer in the heap */
	uint16_t index;         /* in its order's tasks */
	uint16_t deps_left;     /* `after` tasks not ended yet */
	uint16_t generation;    /* a new one whenever queued callbacks go stale
				   (at most 2 per attempt: 16 bits never wrap) */
	uint8_t state;          /* enum eng_task_state */
	uint8_t attempt;        /* 1-based, 0 before the first */
	uint8_t flags;
};

/* wait_for's timer, only for the tasks that have a timeout: they sit after
 * the order's tasks, so that a task costs no memory for what it lacks. */
struct eng__timeout {
	struct eng__task *task;
	int64_t due;            /* start (or hand-off) + T, kept once disarmed */
	uint32_t slot;          /* in the heap, or ENG__NOT_IN_HEAP */
};

/* Per recipe, what the engine derives once. */
struct eng__recipe_rt {
	int *timeout_slot;      /* per task: index among the order's timeouts, or -1 */
	int n_timeouts;
	size_t order_bytes;     /* an order of this recipe, tasks and timeouts */
};

/* Before its arrival is handled, an order's state (then ENG_OS_OPEN). */
#define ENG__OS_COMING 3

/* An order: 56 bytes, then its tasks, then its timeout records. */
struct eng__order {
	uint64_t id;
	int64_t arrived;        /* its scheduled arrival: the customer's clock */
	int64_t ended;          /* -1 while open */
	struct base_link live;  /* in the live list, arrival order */
	uint32_t patience_slot; /* its patience timer in the heap */
	uint32_t refs;          /* ready-queue entries and threads pointing here */
	uint16_t recipe;        /* (eng_new refuses more than 65535 recipes) */
	uint16_t tasks_open;    /* tasks not ended */
	uint16_t failed_tasks;
	uint8_t state;          /* enum eng_order_state, or ENG__OS_COMING */
	uint8_t released;       /* ended and let go of: kept only to be seen
				   (retain_orders), no more in held_tasks */
	struct eng__task tasks[];   /* then the struct eng__timeout records */
};

/* What a run costs in flight is mostly these two: keep them this small
 * (a 3-task order is 176 bytes, 59 a task; docs/performance.md). */
_Static_assert(sizeof(struct eng__task) == 40, "a task is 40 bytes");
_Static_assert(sizeof(struct eng__order) == 56, "an order is 56 bytes before its tasks");

static inline struct eng__order *eng__order_of(const struct eng__task *t)
{
	const struct eng__task *first = t - t->index;
	return (struct eng__order *)(void *)((char *)first - offsetof(struct eng__order, tasks));
}

/* Where the owner of a timer keeps its place in the heap (heap.h). */
static inline uint32_t *eng__timer_slot(void *owner, int type)
{
	switch (type) {
	case ENG_TIMER_TASK_END:
		return &((struct eng__task *)owner)->end_slot;
	case ENG_TIMER_TIMEOUT:
		return &((struct eng__timeout *)owner)->slot;
	case ENG_TIMER_PATIENCE:
		return &((struct eng__order *)owner)->patience_slot;
	default:
		return NULL; /* a script directive: never cancelled */
	}
}

/* The task whose queue link is `l` (a station's, the helper pool's, the
 * steps held for the player: lists in the order they joined), or NULL. */
static inline struct eng__task *eng__queued(struct base_link *l)
{
	return BASE_LIST_ENTRY(l, struct eng__task, u.queue);
}

/* The order whose live-list link is `l`, or NULL. */
static inline struct eng__order *eng__live(struct base_link *l)
{
	return BASE_LIST_ENTRY(l, struct eng__order, live);
}

/* Done, failed (finally) or cancelled. */
static inline bool eng__task_over(const struct eng__task *t)
{
	return t->state >= ENG_TS_DONE;
}

enum eng__entry_type {
	ENG__E_ARRIVAL = ENG_READY_ARRIVAL,
	ENG__E_SCRIPT = ENG_READY_SCRIPT,
	ENG__E_STEP = ENG_READY_STEP,
	ENG__E_END = ENG_READY_END,
	ENG__E_TIMEOUT = ENG_READY_TIMEOUT,
	ENG__E_HELPER_DONE = ENG_READY_HELPER_DONE,
	ENG__E_PATIENCE = ENG_READY_PATIENCE
};

/* A callback in the ready queue. */
struct eng__entry {
	int64_t due;            /* when it became due (lateness = now - due) */
	void *ptr;              /* task, order, or the script directive's index */
	uint16_t generation;    /* the task's generation when queued */
	uint8_t type;
};

struct eng__ring {
	struct eng__entry *v;
	size_t head, n, cap;    /* cap is a power of two */
};

struct eng__thread {
	struct eng__task *task; /* NULL when free */
	uint16_t generation;    /* the task's generation when it took it */
	int64_t since, until;
	uint64_t take_seq;      /* threads finishing together act in this order */
	int busy_pos;           /* in the engine's heap of busy threads, or -1 */
};

struct eng__station {
	int used;               /* slots held or being handed over */
	int64_t since;          /* `used` last changed (for busy slot-time) */
	struct base_list queue; /* its waiters (eng__queued), longest first */
	size_t queued;
};

/* One entry of `orders` yields count arrivals at at + i*every. */
struct eng__arrivals {
	uint64_t *next_index;   /* per file entry: the next count index */
	int *heap;              /* file entries by (next time, file order) */
	int n;
	uint64_t emitted;       /* arrivals handed out so far */
	uint64_t total;
	uint64_t seq_base;      /* arrival i has scheduling order seq_base + i */
};

struct eng__seq;

struct eng_engine {
	const struct scn_scenario *s;
	struct eng__recipe_rt *rrt;
	struct eng_options opt;
	struct eng_observer obs[ENG__MAX_OBSERVERS];
	int n_obs;

	int64_t now;
	uint64_t next_seq;      /* scheduling order of timers armed while running */
	struct eng__heap timers;
	struct eng__arrivals arr;
	struct eng__ring ready;
	size_t turn_left;       /* callbacks of this turn not run yet */

	bool blocked;           /* a `work` step holds the loop */
	struct eng__task *block_task;
	int64_t block_start, block_end;

	struct eng__station *stations;
	struct eng__thread *threads;
	int n_threads;
	/* Busy threads by (until, take_seq), the next to finish on top, and
	 * the free ones as bits: both O(log helpers) or better per change. */
	int *busy;
	int n_busy;
	uint64_t idle[(SCN_MAX_HELPERS + 63) / 64];
	struct base_list pool;  /* tasks waiting for a thread (eng__queued) */
	size_t pool_len;
	uint64_t take_seq;

	struct base_list live;  /* orders alive (eng__live), arrival order */
	size_t live_count;
	uint64_t live_tasks;    /* tasks of the orders in the live list */
	uint64_t held_tasks;    /* ... of those a headless run would still
				   hold: retain_orders changes no figure */
	/* Cursor for eng_order_at: iteration by index stays O(1) per step. */
	struct eng__order *cursor;
	size_t cursor_index;

	struct eng__slab slab;  /* the memory of orders */
	struct eng__pool *pools;/* per recipe: its orders' chunks */

	uint64_t next_order_id;
	uint64_t rng;
	bool over;
	int *doomed;            /* scratch: one int per task of the largest recipe */
	char error[400];        /* why the run stopped early; "" when it did not */
	uint64_t dependency_visits; /* `after` links followed (eng_dependency_visits) */

	/* Steps waiting for the player (hold_steps), oldest first. */
	struct base_list held;  /* (eng__queued) */
	size_t held_n;

	struct eng_summary sum;
	struct eng__seq *seq;   /* sequential mode's state, else NULL */
	struct eng__heap *patience_heap; /* where orders' patience timers live */
};

/* Shared by the engine's files. */

/* Stops the run with an error (the first one wins): the current action
 * finishes what it can, then eng_run_action returns ENG_ERROR. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
void eng__fail(struct eng_engine *e, const char *fmt, ...);
void eng__emit(struct eng_engine *e, struct eng_event *ev);
/* A new order of `recipe` scheduled to arrive at `scheduled`; NULL after
 * eng__fail when memory runs out or the live-task limit would be passed. */
struct eng__order *eng__order_new(struct eng_engine *e, int recipe, int64_t scheduled);
/* Takes the next arrival off the schedule (there must be one) and makes
 * its order, scheduled at its time; NULL after eng__fail, as above. */
struct eng__order *eng__next_arrival(struct eng_engine *e);
/* The order is there: order_arrived at now, late by now - scheduled. */
void eng__order_arrived(struct eng_engine *e, struct eng__order *o);
void eng__order_release(struct eng_engine *e, struct eng__order *o);
void eng__live_remove(struct eng_engine *e, struct eng__order *o);

int eng__arrivals_init(struct eng__arrivals *a, const struct scn_scenario *s,
		       uint64_t seq_base);
void eng__arrivals_close(struct eng__arrivals *a);
/* Time and file entry of the next arrival; false when none are left. */
bool eng__arrivals_peek(const struct eng__arrivals *a, const struct scn_scenario *s,
			int64_t *due, int *entry);
void eng__arrivals_pop(struct eng__arrivals *a, const struct scn_scenario *s);

void eng__event_init(struct eng_event *ev, enum eng_event_type type);
void eng__say(struct eng_engine *e, struct eng__task *t, const char *text);
void eng__order_event(struct eng_engine *e, enum eng_event_type type,
		      struct eng__order *o, const char *error);
void eng__directive_event(struct eng_engine *e, int index);
/* Ends an order (order_done / order_failed) and disarms its patience. */
void eng__order_end(struct eng_engine *e, struct eng__order *o,
		    enum eng_order_state state, const char *error);
void eng__task_ended(struct eng_engine *e, struct eng__task *t,
		     enum eng_task_state state);
/* The next timer (heap or lazy arrivals) by (due, seq); false if none. */
bool eng__next_timer(const struct eng_engine *e, int64_t *due, bool *is_arrival);
/* The task's timeout record, or NULL when it has no timeout. */
struct eng__timeout *eng__timeout_of(const struct eng_engine *e, const struct eng__task *t);
/* task_done / task_failed with their lateness, error and finality. */
void eng__task_end_event(struct eng_engine *e, enum eng_event_type type, struct eng__task *t,
			 int64_t late, const char *error, bool final);
void eng__task_event(struct eng_engine *e, enum eng_event_type type,
		     struct eng__task *t);
const struct scn_task *eng__task_spec(const struct eng_engine *e,
				      const struct eng__task *t);

/* Concurrent mode (concurrent.c): the time of the next action, and the
 * action itself (-1 when the run is over). */
int64_t eng__conc_next_time(const struct eng_engine *e);
int eng__conc_run_action(struct eng_engine *e);

/* A task's step (concurrent.c): a station slot first, then its attempt. */
void eng__conc_step(struct eng_engine *e, struct eng__task *t);

/* Play (play.c): the step of a ready task, whose callback came up at
 * now and was due at `due`, waits for the player; a task cancelled while
 * its step waits leaves the list (and lets go of its order). */
void eng__hold(struct eng_engine *e, struct eng__task *t, int64_t due);
void eng__drop_held(struct eng_engine *e, struct eng__task *t);

/* Sequential mode (sequential.c). */
int eng__seq_init(struct eng_engine *e);
void eng__seq_close(struct eng_engine *e);
int64_t eng__seq_next_time(const struct eng_engine *e);
int eng__seq_run_action(struct eng_engine *e);
void eng__seq_chef(const struct eng_engine *e, struct eng_chef_info *out);

#endif
