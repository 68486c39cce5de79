/*
 * main.c — the command line: picks the command and hands over (SPEC §5).
 * Everything else lives in the modules; this file only dispatches.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"

void cmd_usage(FILE *to)
{
	fputs(
"Async Kitchen " KITCHEN_VERSION " — asynchronous programming, taught with a kitchen\n"
"\n"
"usage:\n"
"  kitchen [SCENARIO] [--paused] [--speed S] [--mode M] [--seed N]\n"
"                                  the classroom demonstration (TUI); default: coffee\n"
"  kitchen --race [SCENARIO]       sequential and concurrent side by side on one clock\n"
"  kitchen run SCENARIO [--mode sequential|concurrent]\n"
"              [--format text|jsonl|summary|timeline] [--seed N]\n"
"                                  headless run in virtual time; prints the transcript\n"
"  kitchen check SCENARIO...       validate scenario files; exit 1 on any error\n"
"  kitchen list                    the built-in scenarios and what each teaches\n"
"  kitchen export asyncio SCENARIO a runnable Python 3 asyncio program of the scenario\n"
"  kitchen play [SCENARIO]         (coming) be the chef; records the game\n"
"  kitchen replay FILE [--headless] (coming) replay a recorded game\n"
"  kitchen export trace SCENARIO   (coming) Chrome Trace Event JSON for Perfetto\n"
"  kitchen export svg SCENARIO     (coming) the run's timeline as an SVG picture\n"
"  kitchen serve [SCENARIO] [--port N] (coming) an order window for nc clients\n"
"  kitchen --help | --version\n"
"\n"
"SCENARIO is a path to a YAML file or the name of a built-in scenario\n"
"(see `kitchen list`); an existing path wins.\n"
"Exit status: 0 success, 1 invalid input, 2 usage.\n", to);
}

static int coming(const char *what)
{
	fprintf(stderr, "kitchen: '%s' is not available yet in this version\n", what);
	return 2;
}

int main(int argc, char **argv)
{
	if (argc >= 2) {
		const char *c = argv[1];
		if (!strcmp(c, "--help") || !strcmp(c, "-h") || !strcmp(c, "help")) {
			cmd_usage(stdout);
			return 0;
		}
		if (!strcmp(c, "--version")) {
			printf("kitchen %s\n", KITCHEN_VERSION);
			return 0;
		}
		if (!strcmp(c, "check"))
			return cmd_check(argc - 1, argv + 1);
		if (!strcmp(c, "list"))
			return cmd_list(argc - 1, argv + 1);
		if (!strcmp(c, "run"))
			return cmd_run(argc - 1, argv + 1);
		if (!strcmp(c, "export"))
			return cmd_export(argc - 1, argv + 1);
		if (!strcmp(c, "play") || !strcmp(c, "replay") || !strcmp(c, "serve"))
			return coming(c);
		if (!strcmp(c, "--race"))
			return cmd_tui(argc - 1, argv + 1, 1);
	}
	/* The demonstration takes its options itself (--paused, --speed ...). */
	return cmd_tui(argc, argv, 0);
}
