/*
 * fuzz_engine.c — libFuzzer harness for the engine (tests/fuzz/run.sh,
 * `make fuzz`).
 *
 * Any bytes go to the loader; a scenario that loads is run in both modes
 * for at most EVENTS events, with SPEC §4's invariants checked as it goes
 * (tests/support/invariants.c, shared with test_invariants) and, when the
 * run ends within the budget, at its end. The same run stepped one event
 * at a time must give the same events (deterministic, and stepping changes
 * nothing). A broken invariant aborts with its sentence, so libFuzzer keeps
 * the input. The fuzz build lowers the engine's limit on tasks alive at
 * once (Makefile), so bursts of orders stop early, as they must.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "engine/engine.h"
#include "fuzz/fuzz.h"
#include "scenario/load.h"
#include "support/invariants.h"

#define EVENTS 20000

/* A fingerprint of the first EVENTS events. */
struct trace {
	uint64_t hash, n;
};

static void mix(struct trace *tr, uint64_t v)
{
	tr->hash = (tr->hash ^ v) * 0x100000001B3ULL;
}

static void on_event(void *ctx, const struct eng_event *ev)
{
	struct trace *tr = ctx;
	if (tr->n++ >= EVENTS)
		return;
	mix(tr, (uint64_t)ev->t);
	mix(tr, (uint64_t)ev->type);
	mix(tr, ev->order);
	mix(tr, (uint64_t)(int64_t)ev->task);
	mix(tr, (uint64_t)ev->attempt);
	mix(tr, (uint64_t)ev->late);
	mix(tr, ev->failed_tasks);
}

/* Runs s in `mode`, checked, in big steps or one event at a time. */
static struct trace run(const struct scn_scenario *s, enum scn_mode mode, bool stepwise)
{
	struct eng_options opt;
	eng_options_default(&opt, s);
	opt.mode = mode;
	struct eng_engine *e = eng_new(s, &opt);
	CHECK(e);
	struct trace tr = { 0xCBF29CE484222325ULL, 0 };
	struct eng_observer o = { .on_event = on_event, .ctx = &tr };
	CHECK(eng_add_observer(e, &o) == 0);
	struct inv_checker *c = NULL;
	if (!stepwise) {
		c = inv_new(s, e, mode);
		CHECK(c && inv_attach(c, e) == 0);
	}
	if (stepwise)
		while (tr.n < EVENTS && eng_run_events(e, 1))
			;
	else
		eng_run_events(e, EVENTS);
	if (c) {
		/* A run the engine stopped (its limit on tasks alive at once,
		 * lowered for the fuzzer) is checked as far as it went. */
		bool done = eng_done(e) && !eng_error(e);
		if (eng_error(e))
			CHECK(eng_next_time(e) == ENG_NEVER && eng_run_action(e) == ENG_ERROR);
		const char *why = inv_finish(c, done);
		CHECK_MSG(!why, "%s mode, %s run: %s", scn_mode_name(mode),
			  done ? "whole" : "partial", why);
		if (done) {
			const struct eng_summary *sum = eng_summary(e);
			CHECK(sum->orders == scn_total_orders(s));
			CHECK(sum->events == eng_events_emitted(e));
			CHECK(sum->makespan >= 0 && sum->blocked >= 0 && sum->late_max >= 0);
			CHECK((uint64_t)sum->makespan <= SCN_MAX_RUN_MS);
		}
		inv_free(c);
	}
	eng_free(e);
	if (tr.n > EVENTS)
		tr.n = EVENTS;
	return tr;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scn_diags d = { 0 };
	struct scn_scenario *s = NULL;
	if (scn_load_buffer("fuzz.yaml", (const char *)data, size, &s, &d) == 0) {
		for (int m = 0; m < 2; m++) {
			enum scn_mode mode = m ? SCN_SEQUENTIAL : SCN_CONCURRENT;
			struct trace a = run(s, mode, false);
			struct trace b = run(s, mode, true);
			CHECK_MSG(a.n == b.n && a.hash == b.hash,
				  "%s mode: stepping one event at a time changed the run",
				  scn_mode_name(mode));
		}
	}
	scn_free(s);
	scn_diags_close(&d);
	return 0;
}
