/*
 * transcript.h — the run as text for people or as jsonl for programs
 * (SPEC §6), written by an engine observer as events happen.
 *
 * jsonl: one object per event with exactly the fields of SPEC §6, times in
 * seconds with 3 decimals, then the summary line (with extra fields: per
 * resource utilisation and waits, mean order latency). text: one aligned
 * line per event, then a summary that also says what the other mode took.
 */
#ifndef KITCHEN_EXPORT_TRANSCRIPT_H
#define KITCHEN_EXPORT_TRANSCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/buf.h"
#include "engine/engine.h"

enum exp_format { EXP_TEXT, EXP_JSONL, EXP_SUMMARY, EXP_TIMELINE };

/* A time in virtual ms as seconds with 3 decimals ("3.000", "-0.250"). */
void exp_put_seconds(struct base_buf *b, int64_t ms);
/* The same into `out` (at least 24 bytes, not NUL-terminated); returns its
 * length. */
size_t exp_seconds_text(int64_t ms, char *out);
/* A JSON string: quoted, with `"`, `\`, controls (C0, C1), the
 * bidirectional controls and U+2028/U+2029 as \uXXXX, and any byte that
 * is not UTF-8 as \ufffd: exact JSON that shows nothing raw. */
void exp_put_json_string(struct base_buf *b, const char *s);

/* Appends one event as a jsonl line (with its newline). */
void exp_event_jsonl(struct base_buf *b, const struct scn_scenario *s,
		     const struct eng_event *ev);
/* Appends the jsonl summary line (with its newline). */
void exp_summary_jsonl(struct base_buf *b, const struct scn_scenario *s,
		       const struct eng_summary *sum);

struct exp_writer;

/*
 * A writer of `format` to `to`, for runs of scenario `s`. `ascii`: no UTF-8
 * locale, so the program's own glyphs are ASCII and the scenario's text
 * outside ASCII is written \u{XXXX} (text and timeline; jsonl is always
 * UTF-8). Returns NULL when memory runs out.
 */
struct exp_writer *exp_writer_new(FILE *to, enum exp_format format,
				  const struct scn_scenario *s, bool ascii);
/* Registers the writer as an observer of `e`. */
int exp_writer_attach(struct exp_writer *w, struct eng_engine *e);
/* Whether a write failed or memory ran out: what follows would be lost,
 * so a driver stops the run. */
bool exp_writer_failed(const struct exp_writer *w);
/* Writes the summary; `other_makespan` is the other mode's, or -1. */
void exp_writer_finish(struct exp_writer *w, const struct eng_summary *sum,
		       int64_t other_makespan);
/* Flushes and frees (NULL is fine). Returns 0, ENOMEM when memory ran out,
 * or the errno of the write that failed. */
int exp_writer_free(struct exp_writer *w);

#endif
