/*
 * figures.h — a run summed up in the numbers a class compares: when it
 * finished, how many orders were served and failed (walk-outs among them),
 * how long the loop was blocked, the worst lateness and the mean latency.
 * The end-of-run overlay and the race verdict show them side by side: a
 * run beside the same kitchen in the other mode, or the race's two sides.
 */
#ifndef KITCHEN_UI_FIGURES_H
#define KITCHEN_UI_FIGURES_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

struct ui_figures {
	bool valid;             /* false: not computed (see ui_figures_headless) */
	enum scn_mode mode;
	int64_t makespan, blocked, late_max, latency_mean;     /* ms */
	uint64_t orders, served, walked_out, failed;           /* failed: walk-outs too */
};

/* The figures of a run as it stands (final once it is over). */
void ui_figures_of_run(const struct ui_run *run, struct ui_figures *out);

/* Above this many orders the other mode is not run for the overlay: it
 * would keep the screen waiting (kitchen run gives it). */
#define UI_FIGURES_MAX_ORDERS 200000

/*
 * Runs `s` in `mode` with `seed` to the end, headless, and sums it up.
 * Returns 0; -1 (out->valid false) when memory runs out, the engine stops
 * early, or the scenario has more than UI_FIGURES_MAX_ORDERS orders.
 */
int ui_figures_headless(const struct scn_scenario *s, enum scn_mode mode,
			uint64_t seed, struct ui_figures *out);

#endif
