/*
 * tui.c — `kitchen [SCENARIO]` and `kitchen --race [A [B]]`: the
 * classroom demonstration (src/ui/app.c) after the command line is read,
 * the scenario loaded and the terminal checked.
 *
 * The scenario is loaded first, so a wrong name is reported as such even
 * without a terminal. With SCENARIO `-` it is read from standard input, and
 * the keys then come from the controlling terminal (/dev/tty).
 *
 * Hidden, for the tests and the benchmarks: KITCHEN_EVENT_LOG=FILE writes
 * the run's events as `kitchen run --format jsonl` does, with "wall" (the
 * virtual time read off the real clock when each was handled);
 * KITCHEN_RT_STATS=FILE writes the lateness of the running tasks' timers
 * at exit.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "realtime/loop.h"
#include "record/recording.h"
#include "ui/app.h"

static FILE *open_env_file(const char *var)
{
	const char *path = getenv(var);
	if (!path || !*path)
		return NULL;
	FILE *f = fopen(path, "w");
	if (!f)
		cmd_error(NULL, "%s: %s: %s", var, path, strerror(errno));
	return f;
}

int cmd_keys_from_the_terminal(void)
{
	int fd = open("/dev/tty", O_RDONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = dup2(fd, STDIN_FILENO) < 0 ? -1 : 0;
	close(fd);
	clearerr(stdin);
	return rc;
}

int cmd_tui(const struct cmd_args *a)
{
	const char *arg = a->n_operands ? a->operands[0] : "coffee";
	const char *arg2 = a->n_operands > 1 ? a->operands[1] : NULL;
	bool race = cmd_given(a, "--race");
	if (cmd_one_stdin(a))
		return 2;
	if (arg2 && !race)
		return cmd_usage_error(a->spec, "one SCENARIO at a time; two are shown "
				       "side by side in the race: kitchen --race %s %s", arg, arg2);

	if (arg2 && cmd_given(a, "--record"))
		return cmd_usage_error(a->spec, "a race of two scenarios cannot be "
				       "recorded (a recording holds one scenario)");

	struct scn_scenario *s = cmd_load(arg);
	if (!s)
		return 1;
	struct scn_scenario *s2 = arg2 ? cmd_load(arg2) : NULL;
	if (arg2 && !s2) {
		scn_free(s);
		return 1;
	}
	bool from_stdin = !strcmp(arg, "-") || (arg2 && !strcmp(arg2, "-"));
	if (from_stdin && isatty(STDOUT_FILENO))
		cmd_keys_from_the_terminal();
	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
		cmd_error(NULL,
			  "the demonstration needs a terminal, and %s is not one.\n"
			  "For a transcript instead, run:  kitchen run %s%s%s%s\n"
			  "(add --format timeline for a chart, --format jsonl for a program)",
			  !isatty(STDOUT_FILENO) ? "the output" : "the input",
			  race ? "--race " : "", arg, arg2 ? " " : "", arg2 ? arg2 : "");
		scn_free(s);
		scn_free(s2);
		return 2;
	}

	struct ui_app_options o = {
		.s = s, .mode = cmd_mode(a, s), .seed = cmd_number(a, "--seed", s->seed),
		.race = race, .speed = (int)cmd_number(a, "--speed", 3) - 3,
		.paused = cmd_given(a, "--paused"),
		.auto_s = cmd_given(a, "--auto") ? (unsigned)cmd_number(a, "--auto", 8) : 0,
	};
	if (s2) {
		/* Two scenarios: each in its own mode unless --mode says. */
		o.s2 = s2;
		o.sides[0] = (struct ui_side){ s, cmd_mode(a, s), o.seed };
		o.sides[1] = (struct ui_side){ s2, cmd_mode(a, s2),
					       cmd_number(a, "--seed", s2->seed) };
	}
	o.event_log = open_env_file("KITCHEN_EVENT_LOG");
	o.lateness = open_env_file("KITCHEN_RT_STATS");
	struct rec_start st = {
		.program = "demonstration", .name = arg, .s = s, .seed = o.seed,
		.mode = o.mode, .race = o.race, .speed = o.speed, .paused = o.paused,
	};
	o.rec = cmd_open_recording(a, &st, false);
	int status = 1, ended_by = 0;
	if (o.rec || !cmd_given(a, "--record")) {
		status = ui_app_run(&o, &ended_by);
		rec_close(o.rec);
	}

	if (o.event_log)
		fclose(o.event_log);
	if (o.lateness)
		fclose(o.lateness);
	scn_free(s);
	scn_free(s2);
	if (ended_by) {
		fflush(NULL);
		rt_die_of_signal(ended_by);
	}
	return status;
}
