/*
 * run.c — `kitchen run SCENARIO [--mode M] [--format F] [--seed N]`: the
 * headless run in virtual time (SPEC §5, §6): text, jsonl, the summary alone
 * or a timeline chart. The transcript goes to stdout, messages to stderr.
 *
 * The run is written as it goes, and stops at the first write that fails
 * (a full disk, a closed pipe): nothing is simulated for a reader that is
 * gone.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "cmd.h"
#include "engine/engine.h"
#include "export/transcript.h"
#include "scenario/load.h"

/* Events handled between two looks at the writer. */
#define EVENTS_PER_CHECK 4096

/* The other mode's makespan, for the text summary. */
static int64_t other_makespan(const struct scn_scenario *s, const struct eng_options *opt)
{
	struct eng_options other = *opt;
	other.mode = opt->mode == SCN_SEQUENTIAL ? SCN_CONCURRENT : SCN_SEQUENTIAL;
	struct eng_engine *e = eng_new(s, &other);
	if (!e)
		return -1;
	/* When the other mode stops early (memory), its time is unknown. */
	int64_t m = eng_run(e) == 0 ? eng_summary(e)->makespan : -1;
	eng_free(e);
	return m;
}

int cmd_run(const struct cmd_args *a)
{
	/* The order of run_options' --format choices. */
	static const enum exp_format formats[] = { EXP_TEXT, EXP_JSONL, EXP_SUMMARY,
						   EXP_TIMELINE };
	enum exp_format fmt = formats[cmd_number(a, "--format", 0)];
	if (cmd_given(a, "--race"))
		return cmd_run_race(a, fmt);
	if (cmd_one_stdin(a))
		return 2;
	if (a->n_operands > 1)
		return cmd_usage_error(a->spec, "one SCENARIO at a time; two run side by "
				       "side in the race: kitchen run --race %s %s",
				       a->operands[0], a->operands[1]);

	struct scn_scenario *s = cmd_load(a->operands[0]);
	if (!s)
		return 1;
	struct eng_options opt;
	eng_options_default(&opt, s);
	opt.mode = cmd_mode(a, s);
	opt.seed = cmd_number(a, "--seed", s->seed);

	struct eng_engine *e = eng_new(s, &opt);
	struct exp_writer *w = exp_writer_new(stdout, fmt, s, !base_utf8_locale());
	/* The summary needs no observer: the engine then builds no events. */
	if (!e || !w || (fmt != EXP_SUMMARY && exp_writer_attach(w, e))) {
		exp_writer_free(w);
		eng_free(e);
		scn_free(s);
		cmd_error(a->spec, "out of memory");
		return 1;
	}
	while (!eng_done(e) && !exp_writer_failed(w))
		eng_run_events(e, EVENTS_PER_CHECK);
	/* An engine that stopped early (memory, too many tasks alive) has no
	 * summary: what was written stays, then the reason, exit 1 -- said
	 * once its memory is given back, since saying it needs some. */
	char stopped[256] = "";
	if (eng_error(e))
		snprintf(stopped, sizeof stopped, "%s", eng_error(e));
	if (!exp_writer_failed(w) && !stopped[0]) {
		int64_t other = fmt == EXP_TEXT ? other_makespan(s, &opt) : -1;
		exp_writer_finish(w, eng_summary(e), other);
	}
	eng_free(e);
	int err = exp_writer_free(w);
	int rc = err ? cmd_write_failed(a, "the transcript", err) : 0;
	if (!err && stopped[0]) {
		cmd_error(a->spec, "%s", stopped);
		rc = 1;
	}
	scn_free(s);
	return rc;
}
