/*
 * replay.c — `kitchen replay FILE`: a recorded game or demonstration
 * played back. Headless (--headless), each segment's transcript in the
 * chosen format, checked against the hashes the recording carries; in the
 * TUI, with the original timing and screens (src/ui/app.c).
 *
 * Exit status: 0 when the replay matches (or the recording was cut short:
 * replayed as far as it goes, said on stderr), 1 when the file is not a
 * recording this kitchen reads, cannot be replayed, or its transcripts
 * differ from what it recorded.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/utf8.h"
#include "cmd.h"
#include "realtime/loop.h"
#include "record/replay.h"
#include "ui/app.h"
#include "ui/keys.h"

static int headless(const struct cmd_args *a, const struct rec_recording *r)
{
	static const enum exp_format formats[] = { EXP_TEXT, EXP_JSONL, EXP_SUMMARY,
						   EXP_TIMELINE };
	enum exp_format fmt = formats[cmd_number(a, "--format", 0)];
	struct rec_replay_result res;
	char err[800];
	int rc = rec_replay(r, stdout, fmt, !base_utf8_locale(), &res, err, sizeof err);
	fflush(stdout);
	if (ferror(stdout))
		return cmd_write_failed(a, "the transcript", errno);
	if (rc) {
		cmd_error(a->spec, "%s", err);
		return 1;
	}
	if (res.differ) {
		cmd_error(a->spec, "%s.\nThe transcripts differ from the recording's: the file "
			  "was edited, or this kitchen's engine is not the one that recorded it "
			  "(kitchen %s).", res.difference, r->kitchen);
		return 1;
	}
	if (res.truncated) {
		cmd_error(a->spec, "%s: the recording stops at line %d%s, before its end (the "
			  "run was cut short): replayed up to its last complete action, at "
			  "%lld.%03lld s%s", r->path, r->last_lineno,
			  r->cut ? " (the next line is cut in the middle)" : "",
			  (long long)(res.stopped_at / 1000), (long long)(res.stopped_at % 1000),
			  res.runs ? "; the segments before it are verified" : "");
		return 0;
	}
	cmd_error(a->spec, "replay verified: %d segment%s, %d run%s, each transcript the "
		  "recorded one (SHA-256)%s%s", res.segments, res.segments == 1 ? "" : "s",
		  res.runs, res.runs == 1 ? "" : "s",
		  strcmp(r->kitchen, KITCHEN_VERSION) ? "; recorded by kitchen " : "",
		  strcmp(r->kitchen, KITCHEN_VERSION) ? r->kitchen : "");
	return 0;
}

/* On screen: the program the recording came from, driven by its lines. */
static int on_screen(const struct cmd_args *a, const struct rec_recording *r)
{
	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
		cmd_error(a->spec, "a replay on screen needs a terminal, and %s is not one.\n"
			  "For its transcripts instead, run:  kitchen replay %s --headless",
			  !isatty(STDOUT_FILENO) ? "the output" : "the input", r->path);
		return 2;
	}
	struct ui_app_options o = {
		.program = UI_IN_REPLAY, .s = r->s, .name = r->name, .mode = r->mode,
		.seed = r->seed, .race = r->race, .paused = r->paused,
		.speed = cmd_given(a, "--speed") ? (int)cmd_number(a, "--speed", 3) - 3 : r->speed,
		.own_speed = cmd_given(a, "--speed"), .replay = r,
		.auto_s = cmd_given(a, "--auto") ? (unsigned)cmd_number(a, "--auto", 8) : 0,
	};
	int ended_by;
	int status = ui_app_run(&o, &ended_by);
	if (ended_by) {
		fflush(NULL);
		rt_die_of_signal(ended_by);
	}
	return status;
}

int cmd_replay(const struct cmd_args *a)
{
	struct rec_recording r;
	char err[800];
	if (rec_read(a->operands[0], &r, err, sizeof err)) {
		cmd_error(a->spec, "%s", err);
		rec_free(&r);
		return 1;
	}
	int status;
	if (cmd_given(a, "--headless"))
		status = headless(a, &r);
	else
		status = on_screen(a, &r);
	rec_free(&r);
	return status;
}
