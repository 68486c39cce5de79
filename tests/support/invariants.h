/*
 * invariants.h — SPEC §4's properties that hold for every scenario, checked
 * on a run as it happens (an engine observer). Shared by the unit test on
 * generated scenarios (tests/unit/test_invariants.c) and the engine's
 * fuzzer (tests/fuzz/fuzz_engine.c).
 *
 * During the run: events never go back in time; a directive for one mode
 * never happens in the other; a station never holds more than its
 * capacity; a task never starts while it runs; sequential mode never
 * overlaps two tasks; the chef never runs two `work` steps at once;
 * lateness is never negative (an arrival's is 0 in sequential mode); no
 * event for an order before it arrived, none for a task after it ended
 * (but what it says), no order ends twice. At the end of a complete run:
 * every order arrived and ended exactly once, every task ended exactly
 * once, nothing is still running, and the makespan is the time of the last
 * event that is not a directive's.
 */
#ifndef KITCHEN_TESTS_SUPPORT_INVARIANTS_H
#define KITCHEN_TESTS_SUPPORT_INVARIANTS_H

#include <stdbool.h>

#include "engine/engine.h"

struct inv_checker;

/* A checker for a run of `s` in `mode` by engine `e` (to inspect its
 * stations); NULL when memory runs out. Attach it with inv_attach. */
struct inv_checker *inv_new(const struct scn_scenario *s, struct eng_engine *e,
			    enum scn_mode mode);
int inv_attach(struct inv_checker *c, struct eng_engine *e);

/* After the run, or part of it (`complete` false: only what held so far
 * is checked). Returns NULL when every property held, else the first one
 * broken, as a sentence ("a station holds more than its capacity"), valid
 * until inv_free. */
const char *inv_finish(struct inv_checker *c, bool complete);
void inv_free(struct inv_checker *c);

#endif
