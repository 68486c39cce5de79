/*
 * level.h — a scenario played as a level: how a run did (a tally), its
 * score, whether it met the scenario's goal (SPEC §3 `goal`), and the two
 * runs a player is measured against: the event loop on its own (`kitchen
 * run`, concurrent) and sequential code.
 *
 * Pure and deterministic like the engine: no I/O, no clock, no screen. A
 * tally is built by watching a run's events (lvl_watch), so the player's
 * game and the reference runs are counted by the same code.
 *
 * The score, the same for every run: 100 per order served, -100 per order
 * failed or walked out, -10 per second of latency (from each order's
 * scheduled arrival to its order_done) summed over the orders served,
 * rounded half up to a whole point.
 */
#ifndef KITCHEN_LEVEL_H
#define KITCHEN_LEVEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/engine.h"

/* Follows a run's events: what the summary does not keep. */
struct lvl_watch {
	int64_t *scheduled;     /* per order id - 1: its scheduled arrival */
	size_t cap;
	uint64_t walked_out;
	int64_t worst_latency;  /* ms, over the orders served; -1 before one */
	int64_t last_end;       /* ms: the latest order_done/order_failed; -1 */
	bool oom;               /* memory ran out: worst_latency may be short */
};

void lvl_watch_init(struct lvl_watch *w);
void lvl_watch_close(struct lvl_watch *w);
/* Feeds one event of the run. */
void lvl_watch_event(struct lvl_watch *w, const struct eng_event *ev);
/* Makes `w` an observer of `e` (eng_add_observer). Returns 0 or -1. */
int lvl_watch_attach(struct lvl_watch *w, struct eng_engine *e);

/* How a run did, as the end screen shows it. */
struct lvl_tally {
	uint64_t orders;        /* the scenario's */
	uint64_t served;        /* order_done */
	uint64_t failed;        /* order_failed, walk-outs included */
	uint64_t walked_out;    /* of which walked out */
	bool ended;             /* every order ended (done or failed) */
	int64_t latency_mean;   /* ms, over the orders served (0 when none) */
	int64_t latency_worst;  /* ms (0 when none) */
	struct eng_total latency_total;
	int64_t blocked;        /* ms the loop was blocked */
	int64_t late_max;       /* ms */
	int64_t last_end;       /* ms: when the last order ended (-1: none did) */
	int64_t makespan;       /* ms */
	int64_t score;
};

/* The tally of a run so far: its summary and what `w` followed. */
void lvl_tally(const struct scn_scenario *s, const struct eng_summary *sum,
	       const struct lvl_watch *w, struct lvl_tally *out);

/* The score of `served` orders with `latency_total` ms summed over them
 * and `failed` orders failed or walked out. */
int64_t lvl_score(uint64_t served, uint64_t failed, struct eng_total latency_total);

/* The goal met or not, part by part (a part the goal lacks is met). */
struct lvl_verdict {
	bool met;
	bool served, within, late;
	char why[200];          /* the first part missed, in words; "" when met */
};

/* Judges a tally against the scenario's goal. Without a goal: met when
 * every order ended. */
void lvl_judge(const struct scn_scenario *s, const struct lvl_tally *t,
	       struct lvl_verdict *out);

/* The goal in words ("serve all 9 orders, every order ended by 13 s");
 * "" without one. */
void lvl_goal_text(const struct scn_scenario *s, char *buf, size_t cap);

/*
 * The reference runs of `s` with `seed`: the event loop on its own
 * (concurrent mode, no player) into *loop, sequential code into *seq.
 * Returns 0, or -1 when an engine could not run (memory, limits).
 */
int lvl_reference(const struct scn_scenario *s, uint64_t seed,
		  struct lvl_tally *loop, struct lvl_tally *seq);

#endif
