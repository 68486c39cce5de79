/*
 * engine.h — the kitchen: SPEC §4 in virtual time.
 *
 * One engine drives every use: the headless run, the real-time TUI and
 * replays. It is pure and deterministic: no I/O, no wall clock, no UI. Time
 * is given to it: a driver asks when the next action is due
 * (eng_next_time) and tells it to perform that one action
 * (eng_run_action). The virtual driver (eng_run) acts as fast as it can;
 * the real-time driver (src/realtime) waits on libuv timers until the wall
 * clock, scaled by the speed, reaches that time. Either way the same events come out in the same
 * order with the same times.
 *
 * The chef is an event loop built like asyncio's: a heap of timers ordered
 * by (due time, scheduling order) and a FIFO ready queue run in turns. A
 * `work` step blocks it: the step starts, and its end is a separate action
 * at start + duration, so a driver can show the loop blocked in between;
 * helper threads finishing during the block are actions of their own.
 *
 * Events go to observers as they happen. State (timers, ready queue,
 * stations, helpers, live orders) can be inspected between any two actions.
 */
#ifndef KITCHEN_ENGINE_H
#define KITCHEN_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../scenario/scenario.h"

#define ENG_NEVER INT64_MAX

enum eng_event_type {
	ENG_ORDER_ARRIVED,
	ENG_TASK_READY,
	ENG_TASK_STARTED,
	ENG_TASK_DONE,
	ENG_TASK_FAILED,
	ENG_TASK_CANCELLED,
	ENG_ORDER_DONE,
	ENG_ORDER_FAILED,
	ENG_SAY,
	ENG_PAUSE,
	ENG_ASK,
	ENG_EVENT_TYPES
};

/* The jsonl name of an event type ("task_started"). */
const char *eng_event_name(enum eng_event_type type);

/*
 * One event. Pointers point into the scenario (immutable) or are static;
 * they stay valid as long as the scenario does. Fields that do not apply to
 * the type are 0 / -1 / NULL.
 */
struct eng_event {
	uint64_t seq;           /* 1-based index of the event in the run */
	int64_t t;              /* virtual ms */
	enum eng_event_type type;
	uint64_t order;         /* 1-based order id, 0 when none */
	int recipe;             /* index into scenario->recipes, or -1 */
	int task;               /* index into the recipe's tasks, or -1 */
	enum scn_kind kind;     /* task_started */
	int attempt;            /* task_started, task_failed: 1-based */
	int64_t late;           /* ms: task_done, task_failed (a timed-out
				   attempt: from start + T), order_arrived (from
				   the scheduled arrival; 0 in sequential mode) */
	const char *error;      /* task_failed, order_failed */
	bool final;             /* task_failed */
	uint64_t failed_tasks;  /* order_done */
	const char *text;       /* say, ask */
	int answer;             /* ask: 1-based */
	int directive;          /* index into scenario->script, or -1 */
};

struct eng_observer {
	/* Called for every event, in order. Must not call back into the engine's
	 * mutating functions (eng_run_action...); inspection is fine. */
	void (*on_event)(void *ctx, const struct eng_event *ev);
	void *ctx;
};

struct eng_options {
	enum scn_mode mode;     /* the scenario's, unless overridden */
	uint64_t seed;          /* the scenario's, unless overridden */
	bool retain_orders;     /* keep ended orders inspectable (TUI); a headless
				   run frees them at once so memory stays flat */
	bool hold_steps;        /* play: task steps wait for eng_pick (concurrent
				   mode only; see "Play" below) */
	uint64_t max_tasks;     /* tasks held at once at most (ended ones too
				   with retain_orders); 0: the engine's own
				   limit, which keeps its memory under about
				   1 GB. A caller that spends memory of its own
				   per task (the TUI) sets a lower one. */
};

/* Fills `opt` with the scenario's own mode and seed, retain_orders false. */
void eng_options_default(struct eng_options *opt, const struct scn_scenario *s);

/* The engine's own limit on tasks alive at once (what max_tasks 0 means).
 * Two runs side by side (a race) hold twice as much: each takes half. */
uint64_t eng_max_tasks(void);

struct eng_engine;

/* A new engine at virtual time 0, nothing handled yet. The scenario must
 * outlive the engine. Returns NULL only when memory runs out. */
struct eng_engine *eng_new(const struct scn_scenario *s,
			   const struct eng_options *opt);
void eng_free(struct eng_engine *e);

/* Adds an observer (copied). At most 8. Returns 0, or -1 when full. */
int eng_add_observer(struct eng_engine *e, const struct eng_observer *o);

/* Virtual time of the next action, or ENG_NEVER when the run is over. */
int64_t eng_next_time(const struct eng_engine *e);
bool eng_done(const struct eng_engine *e);

/* What eng_run_action returns when there is no next action. */
#define ENG_OVER (-1)   /* the run is over */
#define ENG_ERROR (-2)  /* the run stopped early: eng_error says why */
#define ENG_WAITING (-3) /* hold_steps: nothing to do until a step is picked */

/* Performs the next action — one callback of the loop, a thread finishing
 * during a block, a block's end, an arrival, an attempt's start or end —
 * which may emit no event, one, or several. ("Step" is a task's step, as
 * in SPEC.) Returns the number of events emitted, ENG_OVER when the run was
 * over, or ENG_ERROR when it stopped early (memory ran out, or more tasks
 * were alive at once than the engine allows): from then on every call
 * returns ENG_ERROR, eng_next_time is ENG_NEVER, inspection still works and
 * eng_free frees everything. The engine never aborts. */
int eng_run_action(struct eng_engine *e);

/* Why the run stopped early ("stopped at 12.300 s: out of memory"), or NULL. */
const char *eng_error(const struct eng_engine *e);

/* Acts until the run is over. Returns 0, or -1 when it stopped early
 * (eng_error). */
int eng_run(struct eng_engine *e);

/* Acts until `n` more events have been emitted (or the run is over).
 * Returns how many were emitted; may exceed n when one action emits several. */
uint64_t eng_run_events(struct eng_engine *e, uint64_t n);

/* Performs every action due at or before `t` (virtual ms). */
void eng_run_until(struct eng_engine *e, int64_t t);

/* For tests: how many `after` links (task to dependant) the engine has
 * followed so far, releasing or cancelling dependants. It grows linearly
 * with the links of the tasks that end, whatever fails. */
uint64_t eng_dependency_visits(const struct eng_engine *e);

/* ---- play: a player runs the steps ------------------------------------ *
 *
 * With eng_options.hold_steps (concurrent mode; sequential mode ignores it)
 * the player is the one who runs a task's step. Everything else is SPEC §4
 * as usual: when the step's callback comes up in the ready queue, the loop
 * sets it aside, waiting for the player, and goes on with the next
 * callback; ends, arrivals, timeouts, patience and the script run by
 * themselves, and time goes on. Only the step a task gets when it becomes
 * ready (task_ready) waits: a station handing its freed slot to the next
 * in line, and a retry, start the task by themselves (the player started
 * it once). A waiting task is in state ENG_TS_READY; cancelling it (a
 * walk-out, a TaskGroup) takes its step off the list.
 *
 * eng_pick runs a waiting step — any of them, not only the oldest — at a
 * virtual time t the caller chooses: the engine's clock moves to t and the
 * step runs there, as its callback would have (a `wait` arms its timer, a
 * `work` blocks the loop, a `helper` goes to the pool, a full station
 * queues it). Actions not yet performed come after the pick; the caller
 * performs first whatever it wants before it (eng_run_until(e, t)).
 * Picking each step as soon as it is set aside, at eng_now, gives exactly
 * the run without a player.
 *
 * While steps wait and nothing else is due, eng_next_time is ENG_NEVER,
 * eng_run_action returns ENG_WAITING, and eng_done is false.
 */
struct eng_waiting_step {
	uint64_t order;
	int recipe, task;
	int64_t since;          /* virtual ms: when its step became due */
};

/* Copies up to `max` waiting steps, oldest first; returns how many wait. */
size_t eng_waiting(const struct eng_engine *e, struct eng_waiting_step *out,
		   size_t max);

/* What eng_pick returns when it cannot pick. */
#define ENG_PICK_NOT_WAITING (-1) /* no such step waits for the player */
#define ENG_PICK_BLOCKED (-2)     /* a `work` step blocks the loop */
#define ENG_PICK_TOO_EARLY (-3)   /* t is before the engine's time */
#define ENG_PICK_TOO_LATE (-4)    /* an action due before t is not performed */
#define ENG_PICK_STOPPED (-5)     /* the run stopped early (eng_error) */

/*
 * Runs the waiting step of task `task` of order `order` at virtual time t
 * (eng_now(e) <= t <= eng_next_time(e)). Returns the number of events it
 * emitted (0 when it queues at a station), or an ENG_PICK_* code and
 * changes nothing.
 */
int eng_pick(struct eng_engine *e, uint64_t order, int task, int64_t t);

/* ---- inspection ------------------------------------------------------- */

const struct scn_scenario *eng_scenario(const struct eng_engine *e);
enum scn_mode eng_mode(const struct eng_engine *e);
int64_t eng_now(const struct eng_engine *e);        /* virtual ms */
uint64_t eng_events_emitted(const struct eng_engine *e);

/* An exact sum of non-negative milliseconds, 128 bits wide so that no
 * allowed run can overflow it (10^7 orders of 24 h waits...). Read it
 * through the means below. */
struct eng_total {
	uint64_t lo, hi;
};

/* total / n rounded half up to the millisecond; 0 when n is 0. */
int64_t eng_mean(struct eng_total total, uint64_t n);

struct eng_stat {
	int capacity;           /* slots (stations), threads (helpers), 1 (chef) */
	struct eng_total busy;  /* slot-, thread- or chef-milliseconds in use */
	uint64_t waits;         /* how many waits were measured */
	struct eng_total wait_total;
	int64_t wait_max_ms;
};

/* The mean wait in ms, rounded half up. */
int64_t eng_stat_wait_mean(const struct eng_stat *st);
/* Busy time over capacity x makespan, in thousandths rounded half up
 * (750 is 75.0 %); 0 when the makespan is 0. */
int64_t eng_stat_utilisation(const struct eng_stat *st, int64_t makespan);

struct eng_summary {
	enum scn_mode mode;
	int64_t makespan;       /* time of the last event that is not a script
				   directive's */
	uint64_t orders, orders_done, orders_failed;
	int64_t blocked;        /* ms the loop was blocked by `work` steps */
	int64_t late_max;       /* largest lateness of a task end */
	uint64_t events;
	uint64_t peak_tasks;    /* most tasks of orders held in memory at once */
	struct eng_total latency_total; /* over done orders: done - scheduled arrival */
	struct eng_stat chef;   /* busy = blocked; waits = callbacks' wait in the
				   ready queue (a timer's from its due time) */
	struct eng_stat helpers;/* busy = thread time; waits = time in the pool queue */
	struct eng_stat *stations; /* one per scenario station; waits = time in
				      the station's queue, 0 when a slot was free */
	int n_stations;
};

/* The summary so far (final once eng_done). Owned by the engine. */
const struct eng_summary *eng_summary(const struct eng_engine *e);

/* The mean latency of the orders done (SPEC §4: from each order's
 * scheduled arrival to its order_done), in ms rounded half up. */
int64_t eng_latency_mean(const struct eng_summary *sum);

/* The chef. In concurrent mode she is busy only while a `work` step blocks
 * the loop; in sequential mode, during every attempt (blocking code). */
struct eng_chef_info {
	bool busy;
	uint64_t order;
	int recipe, task;
	int64_t since, until;   /* virtual ms */
	bool blocked;           /* a `work` step: LOOP BLOCKED */
};
void eng_chef(const struct eng_engine *e, struct eng_chef_info *out);

enum eng_timer_type {
	ENG_TIMER_ARRIVAL,      /* an order arrives */
	ENG_TIMER_SCRIPT,       /* a script directive */
	ENG_TIMER_TASK_END,     /* a wait task's end (asyncio.sleep) */
	ENG_TIMER_TIMEOUT,      /* wait_for's timer */
	ENG_TIMER_PATIENCE      /* the customer's patience */
};

struct eng_timer_info {
	enum eng_timer_type type;
	int64_t due;
	uint64_t seq;           /* scheduling order */
	uint64_t order;         /* 0 for script */
	int recipe, task;       /* -1 when not a task's */
	int directive;          /* script only, else -1 */
};

/* Copies up to `max` of the timers the loop holds, ordered by (due, seq) as
 * the loop will handle them; returns how many it holds in all. Arrivals not
 * yet due are included as timers (they were all scheduled at the start). */
uint64_t eng_timers(const struct eng_engine *e, struct eng_timer_info *out,
		    size_t max);

enum eng_ready_type {
	ENG_READY_ARRIVAL,
	ENG_READY_SCRIPT,
	ENG_READY_STEP,         /* a task's step (wants a station, the chef...) */
	ENG_READY_END,          /* a task's end (timer fired, 0 s wait) */
	ENG_READY_TIMEOUT,
	ENG_READY_HELPER_DONE,  /* call_soon_threadsafe from a helper thread */
	ENG_READY_PATIENCE
};

struct eng_ready_info {
	enum eng_ready_type type;
	int64_t due;            /* when it became due; late by now - due */
	uint64_t order;
	int recipe, task;
	bool stale;             /* its task was cancelled: it will do nothing */
};

/* Copies up to `max` entries of the ready queue in FIFO order; returns the
 * queue's length. */
size_t eng_ready(const struct eng_engine *e, struct eng_ready_info *out,
		 size_t max);

struct eng_slot_holder {
	uint64_t order;
	int recipe, task;
};

struct eng_station_info {
	int capacity;
	int used;               /* slots held or being handed over */
	size_t queued;          /* tasks waiting for a slot */
};
void eng_station(const struct eng_engine *e, int station,
		 struct eng_station_info *out);

struct eng_helper_info {
	bool busy;
	bool abandoned;         /* its task was cancelled or timed out: the thread
				   cannot be interrupted and runs on */
	uint64_t order;
	int recipe, task;
	int64_t since, until;
};
/* Thread `i` (0..helpers-1). */
void eng_helper(const struct eng_engine *e, int i, struct eng_helper_info *out);
size_t eng_helper_queue(const struct eng_engine *e); /* tasks waiting for a thread */

enum eng_task_state {
	ENG_TS_PENDING,         /* waiting for earlier steps (`after`) */
	ENG_TS_READY,           /* its step is in the ready queue: needs the chef */
	ENG_TS_STATION,         /* waiting in a station's queue */
	ENG_TS_POOL,            /* waiting for a helper thread */
	ENG_TS_RUNNING,         /* timer armed / thread busy / blocking the loop */
	ENG_TS_ENDING,          /* its end is in the ready queue (maybe late) */
	ENG_TS_DONE,
	ENG_TS_FAILED,          /* failed finally */
	ENG_TS_CANCELLED
};
const char *eng_task_state_name(enum eng_task_state s);

enum eng_order_state { ENG_OS_OPEN, ENG_OS_DONE, ENG_OS_FAILED };

struct eng_order_info {
	uint64_t id;
	int recipe;
	enum eng_order_state state;
	int64_t arrived;        /* its scheduled arrival (the customer's clock
				   starts there), -1 until the arrival is handled */
	int64_t ended;          /* when done / failed, else -1 */
	int64_t patience_due;   /* -1 when none */
	uint64_t failed_tasks;
};

struct eng_task_info {
	enum eng_task_state state;
	int attempt;            /* current or last attempt, 0 before the first */
	int64_t started;        /* this attempt's task_started, -1 before */
	int64_t due;            /* when this attempt ends if nothing intervenes, -1 */
	int64_t ended;          /* -1 unless done, failed or cancelled */
	bool timed_out;         /* last attempt ended by its timeout */
};

/* Live orders (and with retain_orders, ended ones too) in arrival order.
 * eng_order_at(e, i) for i < eng_order_count(e); the index of an order may
 * change after eng_run_action when ended orders are released. */
size_t eng_order_count(const struct eng_engine *e);
void eng_order_at(const struct eng_engine *e, size_t i, struct eng_order_info *out);
void eng_order_task(const struct eng_engine *e, size_t i, int task,
		    struct eng_task_info *out);

#endif
