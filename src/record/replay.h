/*
 * replay.h — a recording replayed without a screen, in virtual time: each
 * segment's transcript, byte for byte that of the original run, checked
 * against the SHA-256 the recording carries.
 *
 * A game's segment is replayed by applying its picks to a player-driven
 * engine at the virtual times recorded, each after everything due by then
 * (as the game applied them); its end is the state at the end line's time.
 * A demonstration's runs are not changed by its keys (pause, speed, steps
 * and answers only decide what is shown when): a segment's run is the
 * scenario's run up to the number of events its end line records.
 */
#ifndef KITCHEN_RECORD_REPLAY_H
#define KITCHEN_RECORD_REPLAY_H

#include <stdbool.h>
#include <stdio.h>

#include "export/transcript.h"
#include "recording.h"

struct rec_replay_result {
	int segments;           /* segments replayed */
	int runs;               /* runs checked against their hash */
	int differ;             /* runs whose transcript differs */
	char difference[400];   /* the first difference, for a person */
	bool truncated;         /* the recording stops early */
	int64_t stopped_at;     /* then: the last action's virtual time */
};

/*
 * Writes every segment's transcript to `out` in `fmt` (`ascii`: no UTF-8
 * locale), each run after the line naming it (rec_segment_line). Returns
 * 0 (see `res` for what matched), or -1 with "FILE:LINE: error: ..." in
 * `err` when the recording cannot be replayed at all (a pick of a step
 * that does not wait then, an end whose runs do not fit its segment).
 */
int rec_replay(const struct rec_recording *r, FILE *out, enum exp_format fmt,
	       bool ascii, struct rec_replay_result *res, char *err, size_t errcap);

#endif
