/*
 * main.c — the command line: the table of commands and the dispatch to
 * them (SPEC §5). A command is one row of `commands` below; src/cmd/args.c
 * parses its options by that row, src/cmd/<name>.c does the work.
 *
 * `kitchen WORD ...` runs command WORD when there is one. Otherwise WORD
 * is a SCENARIO for the classroom demonstration (an option first, `-`, an
 * existing path or a built-in name), unless it can only be a mistyped
 * command (`kitchen record coffee`: unknown command 'record'; did you mean
 * 'replay'?). Whatever a command wrote, a failed write to stdout is an
 * error with a message and a non-zero status.
 */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "base/suggest.h"
#include "cmd/cmd.h"
#include "scenario/builtin.h"

/* ---- the options ------------------------------------------------------ */

static const char *const formats[] = { "text", "jsonl", "summary", "timeline", NULL };

#define OPT_MODE { "--mode", CMD_CHOICE, NULL, \
	"the event loop, or blocking code (default: the scenario's mode)", scn_mode_names, 0, 0, false }
#define OPT_SEED { "--seed", CMD_UINT, "N", \
	"seed of the fail_chance draws, 0 to 2^64-1 (default: the scenario's)", \
	NULL, 0, UINT64_MAX, false }
#define OPT_SPEED { "--speed", CMD_SPEED, "S", \
	"virtual seconds per second: 1/8, 1/4, 1/2, 1, 2, 4 ... 64 (default 1)", \
	NULL, 0, 0, false }
#define OPT_RECORD { "--record", CMD_TEXT, "FILE", \
	"record the run to FILE as it goes (kitchen replay FILE plays it back)", \
	NULL, 0, 0, false }
#define OPT_AUTO { "--auto", CMD_UINT, "SECONDS", \
	"unattended: script pauses and questions go on after SECONDS (default 8), " \
	"the answer shown, and the end starts again (a projector loop)", \
	NULL, 1, 3600, true }
#define OPT_END { NULL, CMD_FLAG, NULL, NULL, NULL, 0, 0, false }

static const struct cmd_option no_options[] = { OPT_END };

static const struct cmd_option demo_options[] = {
	OPT_MODE, OPT_SEED, OPT_SPEED,
	{ "--paused", CMD_FLAG, NULL, "start paused at 0 (space starts the clock)",
	  NULL, 0, 0, false },
	{ "--race", CMD_FLAG, NULL,
	  "two kitchens side by side on one clock: SCENARIO in its two modes, or "
	  "two scenarios (each in its own mode, unless --mode)",
	  NULL, 0, 0, false },
	OPT_RECORD, OPT_AUTO,
	OPT_END
};

static const struct cmd_option run_options[] = {
	OPT_MODE,
	{ "--race", CMD_FLAG, NULL,
	  "two runs on one clock: SCENARIO in its two modes, or two scenarios "
	  "(each in its own mode, unless --mode)", NULL, 0, 0, false },
	{ "--format", CMD_CHOICE, NULL,
	  "text for people (default), jsonl for programs, the summary line alone, "
	  "or a chart", formats, 0, 0, false },
	OPT_SEED,
	OPT_END
};

static const struct cmd_option export_options[] = { OPT_MODE, OPT_END };

static const struct cmd_option replay_options[] = {
	{ "--headless", CMD_FLAG, NULL, "no screen: print the transcripts and verify them",
	  NULL, 0, 0, false },
	{ "--format", CMD_CHOICE, NULL,
	  "with --headless: text (default), jsonl, the summary lines, or charts",
	  formats, 0, 0, false },
	OPT_SPEED, OPT_AUTO,
	OPT_END
};

static const struct cmd_option play_options[] = {
	OPT_SEED, OPT_SPEED,
	{ "--paused", CMD_FLAG, NULL, "start paused at 0 (space starts the clock)",
	  NULL, 0, 0, false },
	{ "--record", CMD_TEXT, "FILE", "record the game to FILE (default: a new file in "
	  "the data directory's recordings/)", NULL, 0, 0, false },
	{ "--transcript", CMD_TEXT, "FILE", "also write the game's own jsonl transcript "
	  "to FILE", NULL, 0, 0, false },
	OPT_END
};

/* ---- the commands ----------------------------------------------------- */

static int cmd_help(const struct cmd_args *a);

/* The demonstration: `kitchen [SCENARIO]`, what runs when no command is
 * named. */
static const struct cmd_spec demonstration = {
	NULL, "[SCENARIO] | --race [SCENARIO [SCENARIO]]", 0, 2, demo_options,
	"the classroom demonstration (TUI)",
	"Default SCENARIO: coffee. SCENARIO is a path to a YAML file, a built-in\n"
	"name (kitchen list) or - for standard input.\n"
	"Keys: space pause, +/- speed, n/b step, m mode, v race, l loop, c code,\n"
	"r restart, g go to a time, s one time scale, t the lesson in full, Tab\n"
	"which panel scrolls, ? help, q quit.\n",
	cmd_tui
};

static const struct cmd_spec commands[] = {
	{ "run", "SCENARIO | --race SCENARIO [SCENARIO]", 1, 2, run_options,
	  "headless run in virtual time",
	  "The transcript goes to stdout. Text is one aligned line per event, then\n"
	  "a summary that also says what the other mode takes; jsonl is one JSON\n"
	  "object per event, then the summary line. With --race: the two summaries\n"
	  "side by side and who served what (text), every event with \"side\" (1 or\n"
	  "2) merged by time then each side's summary (jsonl), or both charts on\n"
	  "one time axis (timeline).\n",
	  cmd_run },
	{ "check", "SCENARIO...", 1, -1, no_options,
	  "validate scenario files",
	  "Every error of every file as FILE:LINE:COL: error: MESSAGE on stderr,\n"
	  "FILE: ok on stdout for the good ones; exit 1 when any has an error.\n",
	  cmd_check },
	{ "list", NULL, 0, 0, no_options,
	  "the built-in scenarios, what each teaches",
	  NULL, cmd_list },
	{ "show", "NAME", 1, 1, no_options,
	  "print a built-in scenario's YAML",
	  "To copy and change: kitchen show coffee > my-coffee.yaml\n", cmd_show },
	{ "export asyncio", "SCENARIO", 1, 1, export_options,
	  "a runnable Python 3 asyncio program",
	  NULL, cmd_export_asyncio },
	{ "export trace", "SCENARIO", 1, 1, no_options,
	  "Chrome Trace Event JSON (Perfetto)", NULL, NULL },
	{ "export svg", "SCENARIO", 1, 1, no_options,
	  "the timeline as an SVG picture", NULL, NULL },
	{ "play", "[SCENARIO]", 0, 1, play_options,
	  "be the chef: you run the event loop; records the game",
	  "Default SCENARIO: free-play. Every task's step waits until you start it:\n"
	  "Enter starts the selected one (Up/Down), or press the key shown beside\n"
	  "a step. Orders keep arriving and customers lose patience meanwhile. A\n"
	  "scenario with a goal is a level; the end screen compares your evening\n"
	  "with the event loop's own and with sequential code.\n",
	  cmd_play },
	{ "replay", "FILE", 1, 1, replay_options,
	  "replay a recorded game or demonstration",
	  "In the TUI with its original timing (space, +/-, n and q work as usual),\n"
	  "or --headless: each segment's transcript, checked against the SHA-256\n"
	  "the recording carries (\"replay verified\" on stderr, else exit 1).\n",
	  cmd_replay },
	{ "serve", "[SCENARIO]", 0, 1, no_options,
	  "an order window for nc clients", NULL, NULL },
	{ "help", "[COMMAND]", 0, 2, no_options,
	  "this text, or a command's options", NULL, cmd_help },
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

/* ---- the help --------------------------------------------------------- */

static void overview_line(struct base_buf *b, const char *left, const char *summary)
{
	base_buf_puts(b, "  ");
	base_buf_puts(b, left);
	int used = 2 + (int)strlen(left);
	if (!*summary) {
		base_buf_putc(b, '\n');
		return;
	}
	if (used > 34) {
		base_buf_putc(b, '\n');
		used = 0;
	}
	base_buf_pad(b, 36 - used);
	cmd_put_wrapped(b, summary, 36, 36);
}

static void overview_row(struct base_buf *b, const struct cmd_spec *c)
{
	char left[128];
	snprintf(left, sizeof left, "kitchen%s%s%s%s%s", c->name ? " " : "",
		 c->name ? c->name : "", c->operands ? " " : "",
		 c->operands ? c->operands : "",
		 c->options && c->options->name ? " [options]" : "");
	char summary[256];
	snprintf(summary, sizeof summary, "%s%s", c->run ? "" : "(coming) ", c->summary);
	overview_line(b, left, summary);
}

static void overview(FILE *to)
{
	struct base_buf b;
	base_buf_init(&b, NULL);
	base_buf_puts(&b, "Async Kitchen " KITCHEN_VERSION ": asynchronous programming, "
		      "taught with a kitchen\n\nusage:\n");
	overview_row(&b, &demonstration);
	overview_line(&b, "kitchen --race [A [B]]",
		      "two kitchens side by side on one clock: A in both modes, or A and B");
	for (size_t i = 0; i < N_COMMANDS; i++)
		overview_row(&b, &commands[i]);
	overview_line(&b, "kitchen --help | --version", "");
	base_buf_puts(&b,
		"\nkitchen COMMAND --help (or kitchen help COMMAND) shows a command's options.\n"
		"SCENARIO is a path to a YAML file, the name of a built-in scenario\n"
		"(kitchen list; an existing path wins) or - for standard input.\n"
		"Exit status: 0 success, 1 invalid input, 2 usage.\n");
	fputs(base_buf_cstr(&b), to);
	base_buf_close(&b);
}

/* ---- finding the command ---------------------------------------------- */

/* The row named by words[0] (and words[1] for "export FORMAT"); *used gets
 * how many words the name took. NULL when words[0] names no command. */
static const struct cmd_spec *find_command(int n, char **words, int *used)
{
	size_t l0 = strlen(words[0]);
	for (size_t i = 0; i < N_COMMANDS; i++) {
		const char *name = commands[i].name;
		if (!strcmp(name, words[0])) {
			*used = 1;
			return &commands[i];
		}
		if (!strncmp(name, words[0], l0) && name[l0] == ' ' && n > 1 &&
		    !strcmp(name + l0 + 1, words[1])) {
			*used = 2;
			return &commands[i];
		}
	}
	return NULL;
}

/* The first words of the commands' names, once each ("export" once). */
static size_t command_words(const char **out)
{
	size_t n = 0;
	for (size_t i = 0; i < N_COMMANDS; i++) {
		const char *name = commands[i].name;
		size_t len = strcspn(name, " ");
		bool seen = false;
		for (size_t k = 0; k < n; k++)
			seen |= strlen(out[k]) == len && !strncmp(out[k], name, len);
		if (!seen) {
			static char firsts[N_COMMANDS][16];
			snprintf(firsts[n], sizeof firsts[n], "%.*s", (int)len, name);
			out[n] = firsts[n];
			n++;
		}
	}
	return n;
}

/* The usage lines of every `export FORMAT` row. */
static void export_usages(FILE *to)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (!strncmp(commands[i].name, "export ", 7))
			cmd_print_usage(&commands[i], to);
}

/* `kitchen export` alone or with an unknown format. */
static int export_family(int n, char **words)
{
	const char *formats_of[N_COMMANDS];
	size_t k = 0;
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (!strncmp(commands[i].name, "export ", 7))
			formats_of[k++] = commands[i].name + 7;
	if (n > 1 && (!strcmp(words[1], "--help") || !strcmp(words[1], "-h"))) {
		export_usages(stdout);
		return 0;
	}
	static const struct cmd_spec export_spec = { "export", "FORMAT SCENARIO", 2, 2,
						     no_options, "", NULL, NULL };
	if (n < 2 || words[1][0] == '-')
		cmd_error(&export_spec, "which format? asyncio, trace or svg");
	else {
		const char *near = base_suggest(words[1], formats_of, k, NULL);
		if (near)
			cmd_error(&export_spec, "unknown format '%s'; did you mean '%s'?",
				  words[1], near);
		else
			cmd_error(&export_spec, "unknown format '%s' (asyncio, trace or svg)",
				  words[1]);
	}
	export_usages(stderr);
	return 2;
}

/* Whether WORD is a scenario the demonstration can be given: an existing
 * path, something written as a path, or a built-in name. */
static bool names_a_scenario(const char *word)
{
	struct stat st;
	size_t n = strlen(word);
	return stat(word, &st) == 0 || strchr(word, '/') ||
	       (n >= 5 && !strcmp(word + n - 5, ".yaml")) ||
	       (n >= 4 && !strcmp(word + n - 4, ".yml")) || scn_builtin_find(word);
}

/* WORD is not a command: is it one mistyped? Returns the usage status after
 * saying so, or -1 to go on with the demonstration. */
static int unknown_command(int n, char **words)
{
	const char *word = words[0];
	if (names_a_scenario(word))
		return -1;
	const char *names[N_COMMANDS];
	size_t k = command_words(names);
	const char *near;
	/* The demonstration takes one SCENARIO: more words mean a command
	 * was meant. One word close to a command name (and to no built-in
	 * scenario) is a command too. */
	if (cmd_count_operands(&demonstration, n, words) > 1) {
		near = base_suggest_loosely(word, names, k);
	} else {
		const char *builtins[64];
		size_t nb = 0;
		for (size_t i = 0; i < scn_builtin_count() && nb < 64; i++)
			builtins[nb++] = scn_builtin_at(i)->name;
		near = base_suggest(word, names, k, NULL);
		if (!near || base_suggest(word, builtins, nb, NULL))
			return -1;
	}
	if (near)
		cmd_error(NULL, "unknown command '%s'; did you mean '%s'?", word, near);
	else
		cmd_error(NULL, "unknown command '%s'", word);
	fputs("(kitchen --help lists the commands; kitchen SCENARIO starts the "
	      "demonstration)\n", stderr);
	return 2;
}

static int run_spec(const struct cmd_spec *spec, int n, char **words)
{
	struct cmd_args a;
	int status;
	if (cmd_parse(spec, n, words, &a, &status))
		return status;
	if (!spec->run) {
		cmd_error(spec, "not available yet in this version");
		return 2;
	}
	return spec->run(&a);
}

static int cmd_help(const struct cmd_args *a)
{
	if (a->n_operands == 0) {
		overview(stdout);
		return 0;
	}
	int used;
	char **words = (char **)a->operands;
	const struct cmd_spec *spec = find_command(a->n_operands, words, &used);
	if (!spec && !strcmp(words[0], "export") && a->n_operands == 1) {
		export_usages(stdout);
		return 0;
	}
	if (!spec || used != a->n_operands)
		return cmd_usage_error(a->spec, "no command '%s' (kitchen --help lists them)",
				       words[0]);
	cmd_print_help(spec, stdout);
	return 0;
}

static int dispatch(int n, char **words)
{
	if (n == 0)
		return run_spec(&demonstration, 0, words);
	const char *w = words[0];
	if (!strcmp(w, "--help") || !strcmp(w, "-h")) {
		overview(stdout);
		return 0;
	}
	if (!strcmp(w, "--version")) {
		printf("kitchen %s\n", KITCHEN_VERSION);
		return 0;
	}
	int used;
	const struct cmd_spec *spec = find_command(n, words, &used);
	if (spec)
		return run_spec(spec, n - used, words + used);
	if (!strcmp(w, "export"))
		return export_family(n, words);
	if (w[0] != '-') {
		int status = unknown_command(n, words);
		if (status >= 0)
			return status;
	}
	return run_spec(&demonstration, n, words);
}

int main(int argc, char **argv)
{
	/* The character set only (UTF-8 or not: the output follows it);
	 * numbers keep the C locale's decimal point. */
	setlocale(LC_CTYPE, "");
	int status = dispatch(argc - 1, argv + 1);
	errno = 0;
	if ((fflush(stdout) || ferror(stdout)) && !cmd_write_failure_reported()) {
		cmd_error(NULL, "cannot write to standard output: %s",
			  strerror(errno ? errno : EIO));
		return status ? status : 1;
	}
	return status;
}
