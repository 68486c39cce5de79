/*
 * app.h — the classroom demonstration, a game (`kitchen play`) and a
 * replay: the model, the real-time clock, the terminal and the keys put
 * together on one libuv loop.
 */
#ifndef KITCHEN_UI_APP_H
#define KITCHEN_UI_APP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "scenario/scenario.h"
#include "ui/model.h"

struct rec_writer;
struct rec_recording;

struct ui_app_options {
	unsigned program;       /* UI_IN_DEMO (0 too), UI_IN_PLAY, UI_IN_REPLAY */
	const struct scn_scenario *s;
	const char *name;       /* the scenario as named on the command line */
	const char *scenario_sha256;    /* its text's hash (a game's level) */
	const char *scores;     /* a game: the best scores file, or NULL */
	enum scn_mode mode;
	uint64_t seed;
	bool race;              /* start in the race view */
	/* Two scenarios racing: side 1 and side 2, each in its mode with its
	 * seed (the single view then shows side 1's). Unset (s2 NULL): the
	 * race is `s` in its two modes. */
	const struct scn_scenario *s2;
	struct ui_side sides[2];
	int speed;              /* log2 of the speed, -3..6 */
	bool paused;            /* start paused at 0 */
	struct rec_writer *rec; /* records the run as it goes (the caller opened
				   it and closes it after), or NULL */
	FILE *transcript;       /* a game's own jsonl transcript, or NULL */
	const struct rec_recording *replay; /* UI_IN_REPLAY: what it plays back
				   (its scenario is `s`) */
	bool own_speed;         /* a replay: `speed` was given; the recorded
				   speed changes are not applied */
	unsigned auto_s;        /* --auto: unattended, waits of at most this
				   many seconds (0: off) */
	FILE *event_log;        /* conformance log (jsonl + "wall"), or NULL */
	FILE *lateness;         /* timer lateness summary written at exit, or NULL */
};

/*
 * Runs the demonstration (or a game) until q or a signal that ends it (src/realtime/
 * loop.h lists them). The terminal must be one (the caller checks). Returns
 * the exit status: 0 after q, 1 when it cannot start, 128 + the signal's
 * number after a signal, which is then in *ended_by (else 0): the terminal
 * is restored, and the caller, once its own files are closed, dies of that
 * signal (rt_die_of_signal) so that its exit status says so.
 */
int ui_app_run(const struct ui_app_options *o, int *ended_by);

#endif
