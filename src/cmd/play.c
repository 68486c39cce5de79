/*
 * play.c — `kitchen play [SCENARIO]`: the student is the event loop. The
 * scenario (by default the free-play kitchen) runs concurrently in real
 * time, and every task's step waits until the player starts it
 * (src/ui/app.c with the game's program). A scenario with a goal is a
 * level: its best score is kept in the data directory.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/sha256.h"
#include "cmd.h"
#include "level/scores.h"
#include "realtime/loop.h"
#include "record/recording.h"
#include "ui/app.h"
#include "ui/keys.h"

int cmd_play(const struct cmd_args *a)
{
	const char *arg = a->n_operands ? a->operands[0] : "free-play";
	struct scn_scenario *s = cmd_load(arg);
	if (!s)
		return 1;
	if (!strcmp(arg, "-") && isatty(STDOUT_FILENO))
		cmd_keys_from_the_terminal();
	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
		cmd_error(a->spec,
			  "a game needs a terminal, and %s is not one.\n"
			  "To see what the event loop does on its own, run:  kitchen run %s",
			  !isatty(STDOUT_FILENO) ? "the output" : "the input", arg);
		scn_free(s);
		return 2;
	}
	char sha[BASE_SHA256_HEX];
	base_sha256_of(s->source, s->source_len, sha);
	char scores[4096], err[512];
	const char *scores_path = NULL;
	if (s->goal.present && lvl_scores_path(scores, sizeof scores, err, sizeof err) == 0)
		scores_path = scores;

	struct ui_app_options o = {
		.program = UI_IN_PLAY, .s = s, .name = arg, .scenario_sha256 = sha,
		.scores = scores_path, .mode = SCN_CONCURRENT,
		.seed = cmd_number(a, "--seed", s->seed),
		.speed = (int)cmd_number(a, "--speed", 3) - 3,
		.paused = cmd_given(a, "--paused"),
	};
	const char *transcript = cmd_value(a, "--transcript");
	if (transcript && !(o.transcript = fopen(transcript, "w"))) {
		cmd_error(a->spec, "cannot write %s: %s", transcript, strerror(errno));
		scn_free(s);
		return 1;
	}
	struct rec_start st = {
		.program = "play", .name = arg, .s = s, .seed = o.seed,
		.mode = SCN_CONCURRENT, .speed = o.speed, .paused = o.paused,
	};
	o.rec = cmd_open_recording(a, &st, true);
	if (!o.rec && (cmd_given(a, "--record") || transcript)) {
		if (o.transcript)
			fclose(o.transcript);
		scn_free(s);
		return 1;
	}
	int ended_by;
	int status = ui_app_run(&o, &ended_by);
	if (o.rec)
		cmd_error(a->spec, "the game is recorded in %s\n(kitchen replay %s plays it back)",
			  rec_path(o.rec), rec_path(o.rec));
	rec_close(o.rec);
	if (o.transcript && fclose(o.transcript)) {
		cmd_error(a->spec, "cannot write %s: %s", transcript, strerror(errno));
		status = status ? status : 1;
	}
	scn_free(s);
	if (ended_by) {
		fflush(NULL);
		rt_die_of_signal(ended_by);
	}
	return status;
}
