/*
 * cmd.h — the commands of the command line (SPEC §5), one function each.
 *
 * Each takes the arguments after the command's name (argv[0] is the command
 * name itself) and returns the exit status: 0 success, 1 invalid input,
 * 2 usage.
 */
#ifndef KITCHEN_CMD_H
#define KITCHEN_CMD_H

#include <stdio.h>

int cmd_check(int argc, char **argv);   /* kitchen check SCENARIO... */
int cmd_list(int argc, char **argv);    /* kitchen list */
int cmd_run(int argc, char **argv);     /* kitchen run SCENARIO [...] */
int cmd_export(int argc, char **argv);  /* kitchen export asyncio|trace|svg SCENARIO */
/* kitchen [SCENARIO] / kitchen --race [SCENARIO]: the TUI. */
int cmd_tui(int argc, char **argv, int race);

/* The whole usage text (kitchen --help). */
void cmd_usage(FILE *to);

#endif
