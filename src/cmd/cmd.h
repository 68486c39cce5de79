/*
 * cmd.h — the commands of the command line (SPEC §5), one function each.
 *
 * main.c holds the table of commands (struct cmd_spec rows: name,
 * operands, options, the function below) and dispatches; src/cmd/args.c
 * parses. Each function gets the parsed command line and returns the exit
 * status: 0 success, 1 invalid input (or a failed write), 2 usage.
 * Messages go to stderr through cmd_error (args.h), output to stdout.
 */
#ifndef KITCHEN_CMD_H
#define KITCHEN_CMD_H

#include <stdbool.h>

#include "args.h"
#include "export/transcript.h"
#include "scenario/scenario.h"

int cmd_check(const struct cmd_args *a);        /* kitchen check SCENARIO... */
int cmd_list(const struct cmd_args *a);         /* kitchen list */
int cmd_show(const struct cmd_args *a);         /* kitchen show NAME */
int cmd_run(const struct cmd_args *a);          /* kitchen run SCENARIO */
/* kitchen run --race A [B] (race.c), in format `fmt`. */
int cmd_run_race(const struct cmd_args *a, enum exp_format fmt);
int cmd_export_asyncio(const struct cmd_args *a); /* kitchen export asyncio SCENARIO */
int cmd_tui(const struct cmd_args *a);          /* kitchen [SCENARIO], --race */
int cmd_play(const struct cmd_args *a);         /* kitchen play [SCENARIO] */
int cmd_replay(const struct cmd_args *a);       /* kitchen replay FILE */

struct rec_writer;
struct rec_start;
/*
 * The recording a command writes: to `--record FILE` when given, else
 * (`by_default`) to a new file in the data directory's recordings/.
 * Returns NULL when there is none (said on stderr when one could not be
 * made: the run goes on unrecorded only by_default; the caller decides).
 */
struct rec_writer *cmd_open_recording(const struct cmd_args *a, const struct rec_start *st,
				      bool by_default);

/* After SCENARIO came from standard input: the keys come from the
 * controlling terminal (/dev/tty). Returns 0, or -1 when there is none. */
int cmd_keys_from_the_terminal(void);

/* The option --mode as a scenario mode, or the scenario's own. */
enum scn_mode cmd_mode(const struct cmd_args *a, const struct scn_scenario *s);

/*
 * Loads SCENARIO as every command does ("-" is standard input, an existing
 * path wins over a built-in name, only regular files are read). Prints the
 * diagnostics and returns NULL when it does not load; else the caller frees
 * it with scn_free.
 */
struct scn_scenario *cmd_load(const char *arg);

/*
 * Says that writing `what` ("the transcript") to stdout failed with errno
 * `err` (ENOMEM: memory ran out) and returns 1. main() then does not say
 * it again: it reports a failed stdout only when no command did.
 */
int cmd_write_failed(const struct cmd_args *a, const char *what, int err);
bool cmd_write_failure_reported(void);

#endif
