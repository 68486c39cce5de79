/*
 * probes.h — what the demonstration writes for its tests and benchmarks,
 * by observing the engines' events and reading the real-time clock:
 *
 *  - the conformance log (KITCHEN_EVENT_LOG): the events of the first run
 *    as `kitchen run --format jsonl` writes them, each with "wall", the
 *    virtual time read off the clock when it was handled, then the summary
 *    line once that run is over. It covers the first run only: a restart,
 *    a switch of mode or view, or a step back ends it.
 *  - the lateness probe (KITCHEN_RT_STATS): for every task end (done or
 *    failed) handled at its due virtual time while the clock runs, how
 *    long after the wall moment the clock reached that time it was handled
 *    (rt_clock_wall_of); written as percentiles at exit.
 *
 * Neither changes what the demonstration does; both are off unless given
 * a file.
 */
#ifndef KITCHEN_UI_PROBES_H
#define KITCHEN_UI_PROBES_H

#include <stdio.h>

#include "base/buf.h"
#include "base/samples.h"
#include "engine/engine.h"
#include "export/transcript.h"
#include "realtime/clock.h"

enum ui_event_log_state {
	UI_LOG_OFF,             /* no file */
	UI_LOG_WAITING,         /* for the run to follow */
	UI_LOG_ON,
	UI_LOG_OVER             /* its run ended or was let go of */
};

struct ui_event_log {
	FILE *to;               /* the caller's */
	enum ui_event_log_state state;
	const struct eng_engine *eng;
	struct base_buf buf;
};

/* A log to `to` (NULL: off). */
void ui_event_log_init(struct ui_event_log *l, FILE *to);
void ui_event_log_close(struct ui_event_log *l);
/* The run to log: the first one given; later calls do nothing. */
void ui_event_log_follow(struct ui_event_log *l, const struct eng_engine *e);
/* An event of engine `e` handled when the clock read `wall_v` (ms). */
void ui_event_log_event(struct ui_event_log *l, const struct eng_engine *e,
			const struct eng_event *ev, int64_t wall_v);
/* After engine actions: once the run is over, its summary ends the log. */
void ui_event_log_check(struct ui_event_log *l);
/* The run is let go of: the summary if it is over, and the log ends. */
void ui_event_log_end(struct ui_event_log *l);

struct ui_lateness {
	bool on;
	struct base_samples samples;
};

void ui_lateness_init(struct ui_lateness *p, bool on);
void ui_lateness_close(struct ui_lateness *p);
/* An event handled now; `time` is the clock's time source. */
void ui_lateness_event(struct ui_lateness *p, const struct rt_clock *c,
		       struct rt_time_source *time, const struct eng_event *ev);
/* "timers N p50 X p90 X p99 X max X" (ms). */
void ui_lateness_write(struct ui_lateness *p, FILE *to);

#endif
