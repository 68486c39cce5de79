/*
 * race.h — two runs compared, for people: who finished sooner, and what
 * each served and what failed, walk-outs among them, counted as `kitchen
 * run` counts them (finishing sooner because the customers left is not
 * being faster). The race view's verdict
 * and `kitchen run --race` say it in the same words.
 */
#ifndef KITCHEN_EXPORT_RACE_H
#define KITCHEN_EXPORT_RACE_H

#include <stdint.h>

#include "base/buf.h"

/* One side of a race, summed up. */
struct exp_race_side {
	const char *name;       /* "sequential", a scenario's name... */
	int64_t makespan;       /* ms */
	uint64_t orders, served, walked_out, failed;    /* failed: walk-outs too */
};

/* "NAME finished X s sooner (A s vs B s)." (or "Both finished at A s."),
 * then a line per side (exp_race_tally); '\n' between lines, none after. */
void exp_race_verdict(struct base_buf *b, const struct exp_race_side side[2]);
/* "NAME: S of N served, F failed (W walked out)." */
void exp_race_tally(struct base_buf *b, const struct exp_race_side *side);

#endif
