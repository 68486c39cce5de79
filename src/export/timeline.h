/*
 * timeline.h — `kitchen run --format timeline`: a chart of the run for the
 * terminal (rows of tasks, time left to right), built by an engine observer.
 */
#ifndef KITCHEN_EXPORT_TIMELINE_H
#define KITCHEN_EXPORT_TIMELINE_H

#include <stdbool.h>

#include "engine/engine.h"
#include "export/transcript.h"

struct exp_timeline;

/* A new chart for runs of `s`; `ascii_only` draws without UTF-8 glyphs.
 * Returns NULL when memory runs out. */
struct exp_timeline *exp_timeline_new(const struct scn_scenario *s, bool ascii_only);
int exp_timeline_attach(struct exp_timeline *tl, struct eng_engine *e);
/* Appends the chart, once the run is over. */
void exp_timeline_write(struct exp_timeline *tl, struct base_buf *b,
			const struct eng_summary *sum);
/* Two runs' charts on one time axis, one above the other (`kitchen run
 * --race`): each under "NAME: its title", then one legend. */
void exp_timeline_write_race(struct exp_timeline *const tl[2], const char *const name[2],
			     struct base_buf *b, const struct eng_summary *const sum[2]);
void exp_timeline_free(struct exp_timeline *tl);

#endif
