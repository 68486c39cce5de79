/*
 * model.h — what the demonstration knows besides the engine: which engines
 * run (one, or two in the race view), the events each has emitted (a ring),
 * how many of them the class has been shown, and the lesson script's state
 * (a pause, an open question, the teacher's last words).
 *
 * It owns the engines and replaces them on restart, on a switch of mode, on
 * the race view and on a step back (the engine is deterministic: stepping
 * back is a fresh engine replayed up to the event before). It sends commands
 * to the engine and reads nothing but its public API; it owns no kitchen
 * logic, no terminal and no clock, so unit tests drive it directly.
 *
 * Whoever drives the engines in real time (src/realtime) must let go of them
 * before a call marked "replaces the engines" and take the new ones after.
 */
#ifndef KITCHEN_UI_MODEL_H
#define KITCHEN_UI_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/engine.h"

/* The last events of a run, oldest first; event number k (1-based, the
 * engine's seq) is kept while k > emitted - cap. */
struct ui_log {
	struct eng_event *ev;
	size_t cap;
	uint64_t emitted;
};

/* The event numbered `seq`, or NULL when it is not (or no longer) kept. */
const struct eng_event *ui_log_get(const struct ui_log *log, uint64_t seq);

/* The last `work` step that blocked the loop for 100 ms or more: what
 * asyncio's debug mode reports as "Executing <Task ...> took X seconds". */
struct ui_slow {
	bool valid;
	uint64_t order;
	int recipe, task;
	int64_t took;           /* ms */
	int64_t at;             /* when it ended */
};

struct ui_model;

struct ui_run {
	struct eng_engine *eng;
	enum scn_mode mode;
	struct ui_log log;
	uint64_t shown;         /* events revealed to the class, <= log.emitted */
	struct ui_slow slow;
	int64_t work_started;   /* the current work step's start, for ui_slow */
	/* Which orders have ended (a bit per order id), and the lowest id
	 * still open: with ended orders retained, orders before it need not be
	 * looked at by a panel that lists open ones. */
	uint64_t *ended;
	size_t ended_words;
	uint64_t first_open;    /* 1-based order id */
	struct ui_model *model;
	int index;
};

/* A `pause` or `ask` directive met while the clock ran. */
struct ui_stop {
	bool pending;
	enum eng_event_type type;       /* ENG_PAUSE or ENG_ASK */
	int directive;
	int64_t t;
};

/* The question on screen, from an `ask` directive. */
struct ui_question {
	int directive;          /* -1 when none is open */
	int chosen;             /* the class's answer, 1-based; 0 before */
	bool revealed;          /* the right answer and the explanation shown */
};

struct ui_model {
	const struct scn_scenario *s;
	uint64_t seed;
	enum scn_mode mode;     /* the single view's mode */
	bool race;              /* run[0] sequential and run[1] concurrent */
	struct ui_run run[2];
	int n_runs;
	struct ui_stop stop;
	struct ui_question question;
	int say_directive;      /* the last `say` of the script shown, or -1 */
	size_t log_cap;
	/* Told of every event of every run as it is emitted (after the model
	 * took it in), with the run's index; NULL when nobody listens. This
	 * is how the real-time clock follows the engines. */
	void (*listener)(void *ctx, int run, const struct eng_event *ev);
	void *listener_ctx;
};

/* Sets up the model with new engines at time 0. `log_cap` events are kept
 * per run (at least 16). Returns 0, or -1 when memory runs out. */
int ui_model_init(struct ui_model *m, const struct scn_scenario *s,
		  enum scn_mode mode, uint64_t seed, bool race, size_t log_cap);
void ui_model_close(struct ui_model *m);

/* Replaces the engines: new ones at time 0 (same view and mode). */
int ui_model_restart(struct ui_model *m);
/* Replaces the engines: the single view in `mode`, from time 0. */
int ui_model_set_mode(struct ui_model *m, enum scn_mode mode);
/* Replaces the engines: the race view on or off, from time 0. */
int ui_model_set_race(struct ui_model *m, bool race);

/* Shows every event emitted so far (the clock moved). */
void ui_model_reveal_all(struct ui_model *m);

/*
 * `n`: reveals exactly one more event, stepping an engine when none is
 * waiting to be shown (in the race view, the one whose next event comes
 * first). Returns true, or false when every run is over.
 */
bool ui_model_step(struct ui_model *m);

/*
 * `b`: goes back exactly one event: the run that revealed the latest event
 * is replaced by a fresh engine replayed until it has emitted one event
 * fewer. Replaces the engines (of that run). Returns 1 when it went back,
 * 0 at the very start, -1 when memory runs out.
 */
int ui_model_back(struct ui_model *m);

/* The index (for eng_order_at) from which open orders can be found: every
 * order before it has ended. */
size_t ui_run_first_open(const struct ui_run *run);

/* The virtual time of the latest revealed event (0 before any). */
int64_t ui_model_time(const struct ui_model *m);
/* Events revealed, over every run. */
uint64_t ui_model_shown(const struct ui_model *m);
/* True when every run is over and all its events have been shown. */
bool ui_model_done(const struct ui_model *m);

/* Takes the pending pause/ask met while the clock ran, if any. */
bool ui_model_take_stop(struct ui_model *m, struct ui_stop *out);

/* Opens the question of `ask` directive `d`; answers it (1-based choice,
 * ignored when out of range); closes it. */
void ui_model_ask(struct ui_model *m, int d);
bool ui_model_answer(struct ui_model *m, int choice);
void ui_model_close_question(struct ui_model *m);

#endif
