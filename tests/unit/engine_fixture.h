/*
 * engine_fixture.h — what the engine's unit tests share: a scenario from a
 * YAML string (the test fails when it does not load) and an engine for it
 * in a given mode. Header-only: each test binary is one .c file.
 */
#ifndef KITCHEN_TESTS_ENGINE_FIXTURE_H
#define KITCHEN_TESTS_ENGINE_FIXTURE_H

#include <string.h>

#include "engine/engine.h"
#include "scenario/load.h"

/* The scenario of `yaml` (caller frees with scn_free); fails the test,
 * with the diagnostics, when it does not load. */
static inline struct scn_scenario *fixture_load(const char *yaml)
{
	struct scn_scenario *s = NULL;
	struct scn_diags d = { 0 };
	if (scn_load_buffer("test.yaml", yaml, strlen(yaml), &s, &d)) {
		scn_diags_print(&d, stderr);
		fail_msg("scenario does not load");
	}
	scn_diags_close(&d);
	return s;
}

/* A new engine for `s` in `mode` (-1: the scenario's own); never NULL. */
static inline struct eng_engine *fixture_engine(const struct scn_scenario *s, int mode)
{
	struct eng_options opt;
	eng_options_default(&opt, s);
	if (mode >= 0)
		opt.mode = (enum scn_mode)mode;
	struct eng_engine *e = eng_new(s, &opt);
	assert_non_null(e);
	return e;
}

#endif
