/*
 * recording.h — a run recorded as it goes, to be replayed exactly
 * (docs/recordings.md is the format for people).
 *
 * A recording is jsonl. Line 1, the header:
 *
 *   {"format":"kitchen-recording","version":1,"kitchen":"0.1.0",
 *    "program":"play"|"demonstration","name":"coffee","scenario":"<YAML>",
 *    "scenario_sha256":"<hex>","seed":1,"mode":"concurrent","race":false,
 *    "speed":0,"paused":false}
 *
 * then one line per action, in the order they happened, with the virtual
 * time they applied at (ms) and the wall time since the start (ms):
 *
 *   {"t":1500,"wall":1502,"do":"pick","order":1,"task":"grind"}
 *   {"t":2000,"wall":4100,"do":"pause"}
 *   {"t":2000,"wall":6000,"do":"answer","choice":2}
 *
 * and an end line whenever a segment of the run ends — before a restart,
 * a switch of mode or of the race view (which start the next segment),
 * and last when the program ends normally (`final`) — with, for each run
 * of the segment, how many events it emitted and the SHA-256 of its jsonl
 * transcript (the events, then the summary line as of then):
 *
 *   {"t":7090,"wall":7203,"end":"quit","final":true,
 *    "runs":[{"mode":"concurrent","events":16,"sha256":"<hex>"}]}
 *
 * Every line is written whole, with one write, as soon as it is known, so
 * a run killed at any moment leaves a valid prefix. The header may be up
 * to REC_MAX_HEADER bytes (a scenario of 4 MiB, escaped), any other line
 * REC_MAX_LINE.
 *
 * No curses and no libuv here: the writer takes the times it is given.
 */
#ifndef KITCHEN_RECORD_RECORDING_H
#define KITCHEN_RECORD_RECORDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/buf.h"
#include "base/sha256.h"
#include "engine/engine.h"
#include "export/transcript.h"

#define REC_FORMAT "kitchen-recording"
#define REC_VERSION 1
#define REC_MAX_HEADER (32u << 20)
#define REC_MAX_LINE (64u << 10)
#define REC_MAX_FILE ((size_t)1 << 30)    /* what rec_read reads at most */
#define REC_MAX_RUNS 2

/* The actions a recording may hold (the "do" of a line). */
bool rec_deed_known(const char *deed);
/* Whether the action `deed` ends a segment and starts the next one. */
bool rec_deed_starts_segment(const char *deed);

/* ---- writing ---------------------------------------------------------- */

struct rec_start {
	const char *program;    /* "play" or "demonstration" */
	const char *name;       /* the scenario as named on the command line */
	const struct scn_scenario *s;
	uint64_t seed;
	enum scn_mode mode;
	bool race;
	int speed;              /* log2, -3..6 */
	bool paused;
};

struct rec_deed {
	const char *deed;       /* "pick", "pause", ... (rec_deed_known) */
	int choice;             /* "answer": 1-9 */
	uint64_t order;         /* "pick" */
	const char *task;       /* "pick": the task's name */
	int64_t to;             /* "goto": the virtual ms gone to */
};

struct rec_run {
	enum scn_mode mode;
	uint64_t events;
	char sha256[BASE_SHA256_HEX];
};

struct rec_writer;

/*
 * Creates the recording at `path` (`exclusive`: never over an existing
 * file) and writes its header. Returns the writer, or NULL with a message
 * in `err`.
 */
struct rec_writer *rec_open(const char *path, bool exclusive,
			    const struct rec_start *st, char *err, size_t errcap);
/* One action at virtual `t`, `wall_ms` after the start. */
int rec_write_deed(struct rec_writer *w, int64_t t, uint64_t wall_ms,
		   const struct rec_deed *d);
/* The end of a segment (`why`: the deed that starts the next one, or
 * "quit", "finished", "signal"), `final` for the last line. */
int rec_write_end(struct rec_writer *w, int64_t t, uint64_t wall_ms,
		  const char *why, bool final, const struct rec_run *runs, int n_runs);
/* Whether a write failed (the recording stopped there); the message. */
const char *rec_error(const struct rec_writer *w);
const char *rec_path(const struct rec_writer *w);
/* Closes the file and frees the writer (NULL is fine). */
void rec_close(struct rec_writer *w);

/* ---- a run's transcript, hashed ---------------------------------------- */

/*
 * The jsonl transcript of one run as it is emitted (exactly what `kitchen
 * run --format jsonl` writes), fed to SHA-256 and, with `copy`, written
 * there too (`kitchen play --transcript FILE`).
 */
struct rec_digest {
	const void *of;         /* the engine it follows (its owner's to set) */
	struct base_sha256 h;
	struct base_buf line;
	FILE *copy;
	uint64_t events;
	bool failed;            /* writing the copy failed */
};

void rec_digest_start(struct rec_digest *d, FILE *copy);
void rec_digest_event(struct rec_digest *d, const struct scn_scenario *s,
		      const struct eng_event *ev);
/* What rec_digest_finish would give now, changing nothing. */
void rec_digest_peek(const struct rec_digest *d, const struct scn_scenario *s,
		     const struct eng_summary *sum, struct rec_run *out);
/* Adds the summary line, fills `out` (mode, events, hash) and starts over. */
void rec_digest_finish(struct rec_digest *d, const struct scn_scenario *s,
		       const struct eng_summary *sum, struct rec_run *out);
void rec_digest_close(struct rec_digest *d);

/*
 * The line that names a segment's run before its transcript in a replay's
 * output (and in `kitchen play --transcript`): for jsonl and summary a JSON
 * object, {"segment":1,"run":"play","mode":"concurrent","seed":1}; for text
 * and the timeline "# segment 1: play, concurrent, seed 1".
 */
void rec_segment_line(struct base_buf *b, enum exp_format fmt, int segment,
		      const char *run, enum scn_mode mode, uint64_t seed);

/* ---- reading ---------------------------------------------------------- */

enum rec_line_kind { REC_LINE_DEED, REC_LINE_END };

struct rec_line {
	int lineno;
	enum rec_line_kind kind;
	int64_t t;
	uint64_t wall;
	/* REC_LINE_DEED */
	char deed[16];
	int choice;
	uint64_t order;
	char *task;
	int64_t to;             /* "goto" */
	/* REC_LINE_END */
	char why[16];
	bool final;
	int n_runs;
	struct rec_run runs[REC_MAX_RUNS];
};

struct rec_recording {
	char *path;
	char program[16];       /* "play" or "demonstration" */
	char *name;
	char *kitchen;          /* the version that recorded it */
	char *scenario_text;
	size_t scenario_len;
	uint64_t seed;
	enum scn_mode mode;
	bool race;
	int speed;
	bool paused;
	struct scn_scenario *s; /* loaded from scenario_text */
	struct rec_line *lines;
	size_t n;
	bool complete;          /* its last line is a final end */
	bool cut;               /* it stops in the middle of a line (dropped) */
	int last_lineno;        /* the last complete line */
};

/*
 * Reads and checks the recording at `path`: every line, every field, times
 * that never go back, the scenario against its hash (and loaded). Returns 0,
 * or -1 with "PATH:LINE: error: MESSAGE" in `err`. A recording that stops
 * early (no final end, or a line cut in the middle) is not an error: see
 * `complete` and `cut`. Free with rec_free either way.
 */
int rec_read(const char *path, struct rec_recording *out, char *err, size_t errcap);
/* The same from bytes in memory (`path` names it in messages). */
int rec_parse(const char *path, const char *text, size_t len,
	      struct rec_recording *out, char *err, size_t errcap);
void rec_free(struct rec_recording *r);

#endif
