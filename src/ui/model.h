/*
 * model.h — what the demonstration knows besides the engine: which engines
 * run (one, or two in the race view), the events each has emitted (a ring),
 * how many of them the class has been shown, and the lesson script's state
 * (a pause, the questions open at this moment, the teacher's last words).
 *
 * It owns the engines and replaces them on restart, on a switch of mode, on
 * the race view, on a seek and on a step back (the engine is deterministic:
 * stepping back or seeking is a fresh engine replayed up to that point). It
 * sends commands to the engine and reads nothing but its public API; it
 * owns no kitchen logic, no terminal and no clock, so unit tests drive it
 * directly.
 *
 * The race view has two sides. By default they are one scenario in its two
 * modes (side 1 sequential, side 2 concurrent); ui_model_set_sides makes
 * them any two scenarios, each in a mode of its own. Each side's script
 * directives are its scenario's that apply to its mode; a directive that
 * applies to both sides of one scenario happens once, and the questions
 * that fall at one instant are asked one after another in file order
 * (side 1's file first when the sides are two scenarios), each labelled
 * with the side it is about.
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

/* Tasks the demonstration holds at once at most, ended ones included: each
 * costs it about 420 bytes (the engine's share, the event log's, and a
 * real libuv timer while it runs; measured with one-task orders all
 * running at once), so 2,000,000 keeps it under about 1 GB. The race
 * view's two sides hold half each. */
#define UI_MAX_TASKS 2000000u

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
	const struct scn_scenario *s;   /* what this run cooks */
	enum scn_mode mode;
	uint64_t seed;
	struct eng_engine *eng;
	struct ui_log log;
	uint64_t shown;         /* events revealed to the class, <= log.emitted */
	struct ui_slow slow;
	int64_t work_started;   /* the current work step's start, for ui_slow */
	/* Which orders are over (a bit per order id): ended, and no step of
	 * theirs goes on (an order that failed under gather keeps its other
	 * steps running: it is "lingering" until they end). The lowest id not
	 * over: with ended orders retained, orders before it need not be
	 * looked at by a panel that lists what is alive. */
	uint64_t *ended;
	size_t ended_words;
	uint64_t first_open;    /* 1-based order id */
	uint64_t *lingering;    /* failed orders whose steps go on */
	size_t n_lingering, lingering_cap;
	/* Orders whose arrival has been handled: the engine may hold the
	 * next ones already (their arrival waits in the ready queue), but no
	 * panel shows a customer before the kitchen has seen them. Orders
	 * are numbered in arrival order, so these are ids 1..arrived. */
	uint64_t arrived;
	uint64_t walked_out;    /* orders failed with "walked out" */
	struct ui_model *model;
	int index;
};

/* One side of the race view. */
struct ui_side {
	const struct scn_scenario *s;
	enum scn_mode mode;
	uint64_t seed;
};

/* A `pause` or `ask` directive met while the clock ran. */
struct ui_stop {
	bool pending;
	enum eng_event_type type;       /* ENG_PAUSE or ENG_ASK */
	int directive;
	int side;                       /* the run it happened in */
	int64_t t;
};

/* A question of the script: directive `directive` of side `side`'s
 * scenario. */
struct ui_ask {
	int side;
	int directive;
};

/* The question on screen, from an `ask` directive. */
struct ui_question {
	int directive;          /* -1 when none is open */
	int side;               /* whose scenario and kitchen it is about */
	int chosen;             /* the class's answer, 1-based; 0 before */
	bool revealed;          /* the right answer and the explanation shown */
	bool stepped;           /* met while stepping by hand (n): after it,
				   stepping goes on instead of the clock */
};

struct ui_model {
	const struct scn_scenario *s;   /* the single view's scenario */
	uint64_t seed;                  /* the single view's seed */
	enum scn_mode mode;     /* the single view's mode */
	bool race;              /* the race view: run[i] is side i */
	struct ui_side sides[2];
	bool play;              /* a game: one concurrent run whose steps wait
				   for the player (eng_options.hold_steps) */
	struct ui_run run[2];
	int n_runs;
	struct ui_stop stop;
	struct ui_question question;
	/* The questions of the instant `asks_t` (-1: none), in the order they
	 * are asked; the first `asked` of them have been opened. */
	struct ui_ask *asks;
	int n_asks, asked, asks_cap;
	int64_t asks_t;
	int say_directive;      /* the last `say` of the script shown, or -1 */
	const struct scn_scenario *say_s;       /* whose script it is */
	int64_t at;             /* where a seek left the model (0 otherwise) */
	bool replaying;         /* inside a seek or a step back */
	size_t log_cap;
	/* Told of every event of every run as it is emitted (after the model
	 * took it in), with the run's index; NULL when nobody listens. This
	 * is how the real-time clock follows the engines. */
	void (*listener)(void *ctx, int run, const struct eng_event *ev);
	void *listener_ctx;
};

/* Sets up the model with new engines at time 0: scenario `s` in the single
 * view (in `mode`), or its two modes side by side when `race`. `log_cap`
 * events are kept per run (at least 16). Returns 0, or -1 when memory runs
 * out. */
int ui_model_init(struct ui_model *m, const struct scn_scenario *s,
		  enum scn_mode mode, uint64_t seed, bool race, size_t log_cap);
void ui_model_close(struct ui_model *m);

/* Replaces the engines: the race view's sides become `sides` (the single
 * view then shows side 1's scenario), from time 0. */
int ui_model_set_sides(struct ui_model *m, const struct ui_side sides[2]);
/* True when the race's two sides cook two different scenarios. */
bool ui_model_two_scenarios(const struct ui_model *m);

/* Replaces the engines: new ones at time 0 (same view and mode). */
int ui_model_restart(struct ui_model *m);
/* Replaces the engines: the single view in `mode`, standing at time `at`
 * (ui_model_seek). */
int ui_model_set_mode(struct ui_model *m, enum scn_mode mode, int64_t at);
/* Replaces the engines: the race view on or off, standing at time `at`. */
int ui_model_set_race(struct ui_model *m, bool race, int64_t at);
/*
 * Replaces the engines: fresh ones that have performed every action due
 * before `at` (virtual ms), all shown; the actions due at `at` itself are
 * the next. Script stops and questions on the way are skipped (the class
 * did not see them happen); one at `at` is still met.
 */
int ui_model_seek(struct ui_model *m, int64_t at);

/* Replaces the engines: a game (`kitchen play`), one concurrent run whose
 * steps wait for the player's picks, from time 0. */
int ui_model_set_play(struct ui_model *m);

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
 * fewer. Replaces the engines (of that run). Closes any question. Returns
 * 1 when it went back, 0 at the very start, -1 when memory runs out.
 */
int ui_model_back(struct ui_model *m);

/* The index (for eng_order_at) from which live orders can be found: every
 * order before it has ended, and no step of it goes on. */
size_t ui_run_first_open(const struct ui_run *run);

/* How many orders a panel shows: those whose arrival has been handled,
 * at indices 0..n-1 of eng_order_at (ended orders are retained). */
size_t ui_run_orders(const struct ui_run *run);

/* The virtual time the model stands at: the latest revealed event's, or
 * where a seek left it if later (0 before any). */
int64_t ui_model_time(const struct ui_model *m);
/* Events revealed, over every run. */
uint64_t ui_model_shown(const struct ui_model *m);
/* True when every run is over and all its events have been shown. */
bool ui_model_done(const struct ui_model *m);

/* Takes the pending pause/ask met while the clock ran, if any. */
bool ui_model_take_stop(struct ui_model *m, struct ui_stop *out);

/*
 * Opens the next question of this instant, if one is waiting (after a
 * stop, or after the previous one was closed). `stepped`: met by stepping
 * by hand. Returns true when a question is now open.
 */
bool ui_model_next_question(struct ui_model *m, bool stepped);
/* Answers the open question (1-based choice; false when out of range or
 * answered already). */
bool ui_model_answer(struct ui_model *m, int choice);
/* Closes the open question. */
void ui_model_close_question(struct ui_model *m);
/* The directive of the open question, or NULL. */
const struct scn_directive *ui_model_question(const struct ui_model *m);

#endif
