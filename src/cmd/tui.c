/*
 * tui.c — `kitchen [SCENARIO]` and `kitchen --race [SCENARIO]`: the
 * classroom demonstration (src/ui/app.c) after the command line is read,
 * the scenario loaded and the terminal checked.
 *
 *   kitchen [SCENARIO] [--mode M] [--seed N] [--speed S] [--paused]
 *
 * S is 1/8, 1/4, 1/2, 1, 2, ... 64 (or 0.125, 0.25, 0.5). Hidden, for the
 * tests and the benchmarks: KITCHEN_EVENT_LOG=FILE writes the run's events
 * as `kitchen run --format jsonl` does, with "wall" (the virtual time read
 * off the real clock when each was handled); KITCHEN_RT_STATS=FILE writes
 * the lateness of the running tasks' timers at exit.
 */
#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "scenario/load.h"
#include "ui/app.h"

static int usage(const char *why)
{
	fprintf(stderr, "kitchen: %s\n"
		"usage: kitchen [SCENARIO] [--mode sequential|concurrent] [--seed N]\n"
		"               [--speed 1/8..64] [--paused]\n"
		"       kitchen --race [SCENARIO] [...]\n", why);
	return 2;
}

/* "4", "1/2", "0.25" -> log2 of the speed; -100 when not a power of two in
 * range. */
static int parse_speed(const char *s)
{
	for (int k = -3; k <= 6; k++) {
		char a[16], b[16];
		if (k >= 0) {
			snprintf(a, sizeof a, "%d", 1 << k);
			snprintf(b, sizeof b, "%dx", 1 << k);
		} else {
			snprintf(a, sizeof a, "1/%d", 1 << -k);
			snprintf(b, sizeof b, "%g", 1.0 / (1 << -k));
		}
		if (!strcmp(s, a) || !strcmp(s, b))
			return k;
	}
	return -100;
}

static FILE *open_env_file(const char *var)
{
	const char *path = getenv(var);
	if (!path || !*path)
		return NULL;
	FILE *f = fopen(path, "w");
	if (!f)
		fprintf(stderr, "kitchen: %s: %s: %s\n", var, path, strerror(errno));
	return f;
}

int cmd_tui(int argc, char **argv, int race)
{
	const char *arg = NULL, *mode = NULL, *seed = NULL;
	int speed = 0;
	bool paused = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--mode") || !strcmp(a, "--seed") || !strcmp(a, "--speed")) {
			if (i + 1 >= argc)
				return usage("an option needs a value");
			const char *val = argv[++i];
			if (!strcmp(a, "--mode"))
				mode = val;
			else if (!strcmp(a, "--seed"))
				seed = val;
			else if ((speed = parse_speed(val)) == -100)
				return usage("--speed is one of 1/8, 1/4, 1/2, 1, 2, 4, 8, 16, 32, 64");
		} else if (!strcmp(a, "--paused")) {
			paused = true;
		} else if (!strcmp(a, "--race")) {
			race = 1;
		} else if (a[0] == '-' && a[1]) {
			char why[128];
			snprintf(why, sizeof why, "unknown option '%s'", a);
			return usage(why);
		} else if (arg) {
			return usage("one scenario at a time");
		} else {
			arg = a;
		}
	}
	if (!arg)
		arg = "coffee";

	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
		fprintf(stderr,
			"kitchen: the demonstration needs a terminal, and %s is not one.\n"
			"  For a transcript instead, run:  kitchen run %s%s\n"
			"  (add --format timeline for a chart, --format jsonl for a program)\n",
			!isatty(STDOUT_FILENO) ? "the output" : "the input", arg,
			race ? " --mode sequential  (then --mode concurrent)" : "");
		return 2;
	}

	/* The character set only (UTF-8 or not): numbers keep the C locale's
	 * decimal point. */
	setlocale(LC_CTYPE, "");

	struct scn_scenario *s = NULL;
	struct scn_diags d = { 0 };
	if (scn_load_arg(arg, &s, &d) < 0) {
		scn_diags_print(&d, stderr);
		scn_diags_close(&d);
		return 1;
	}
	scn_diags_close(&d);

	struct ui_app_options o = {
		.s = s, .mode = s->mode, .seed = s->seed, .race = race != 0,
		.speed = speed, .paused = paused,
	};
	if (mode) {
		if (!strcmp(mode, "sequential"))
			o.mode = SCN_SEQUENTIAL;
		else if (!strcmp(mode, "concurrent"))
			o.mode = SCN_CONCURRENT;
		else {
			scn_free(s);
			return usage("--mode is sequential or concurrent");
		}
	}
	if (seed) {
		char *end;
		errno = 0;
		uintmax_t v = strtoumax(seed, &end, 10);
		if (errno || *end || !*seed || seed[0] == '-') {
			scn_free(s);
			return usage("--seed is an integer from 0 to 2^64-1");
		}
		o.seed = (uint64_t)v;
	}
	o.event_log = open_env_file("KITCHEN_EVENT_LOG");
	o.lateness = open_env_file("KITCHEN_RT_STATS");

	int status = ui_app_run(&o);

	if (o.event_log)
		fclose(o.event_log);
	if (o.lateness)
		fclose(o.lateness);
	scn_free(s);
	return status;
}
