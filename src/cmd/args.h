/*
 * args.h — the one command-line parser, driven by a table of commands.
 *
 * Every command is a row (struct cmd_spec): its name, its operands, its
 * options and the function that runs it. One set of rules for all:
 *
 *   - options and operands in any order; `--` ends the options;
 *   - `--opt=value` and `--opt value`; an option with an optional value
 *     (`--auto[=SECONDS]`) takes one only after '=';
 *   - `-` alone is an operand (standard input, for a SCENARIO);
 *   - `--help` / `-h` prints the command's usage to stdout, exit 0;
 *   - values are checked by type: a choice among words (with "did you
 *     mean"), a whole number in a range (digits only: no sign, no space, no
 *     '+'), a speed (1/8 to 64);
 *   - every usage error names what is wrong, prints the command's usage to
 *     stderr and exits 2.
 *
 * Adding an option or a command is adding a row; the usage and --help
 * texts are made from the table.
 */
#ifndef KITCHEN_CMD_ARGS_H
#define KITCHEN_CMD_ARGS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum cmd_value {
	CMD_FLAG,       /* --paused: no value */
	CMD_TEXT,       /* --record FILE: any text */
	CMD_CHOICE,     /* --mode sequential|concurrent */
	CMD_UINT,       /* --seed N: a whole number in [min, max] */
	CMD_SPEED       /* --speed S: 1/8, 1/4, 1/2, 1, 2, ... 64 (or 0.125 ...) */
};

struct cmd_option {
	const char *name;               /* "--mode" */
	enum cmd_value type;
	const char *meta;               /* "N", "FILE" (CMD_CHOICE: the choices) */
	const char *help;               /* one line for COMMAND --help */
	const char *const *choices;     /* CMD_CHOICE: NULL-terminated */
	uint64_t min, max;              /* CMD_UINT */
	bool optional;                  /* the value only as --opt=VALUE */
};

struct cmd_args;

struct cmd_spec {
	const char *name;       /* "run", "export asyncio"; NULL: the demonstration */
	const char *operands;   /* for the usage: "SCENARIO", "[SCENARIO]", "SCENARIO..." */
	int min_operands;
	int max_operands;       /* -1: any number */
	const struct cmd_option *options;       /* ends with { NULL } */
	const char *summary;    /* one line, for kitchen --help */
	const char *details;    /* more for COMMAND --help (lines, each ending
				   in a newline), or NULL */
	int (*run)(const struct cmd_args *a);   /* NULL: not available yet */
};

#define CMD_MAX_OPTIONS 16
#define CMD_MAX_OPERANDS 64

/* What a command line said, for the command's run(). Strings point into
 * argv. */
struct cmd_args {
	const struct cmd_spec *spec;
	const char *operands[CMD_MAX_OPERANDS];
	int n_operands;
	bool given[CMD_MAX_OPTIONS];
	const char *value[CMD_MAX_OPTIONS];     /* NULL for a flag, or an
						   optional value not given */
	uint64_t number[CMD_MAX_OPTIONS];       /* CMD_UINT: the number;
						   CMD_CHOICE: the index;
						   CMD_SPEED: log2 of the
						   speed + 3 (0 = 1/8) */
};

/*
 * Parses argv[0..argc) (the words after the command's name) for `spec`.
 * Returns 0 when the command should run, with `out` filled; otherwise it
 * has printed what was needed (the usage after --help, to stdout; a
 * message and the usage, to stderr) and returns -1 with the exit status in
 * *status (0 after --help, 2 for a usage error).
 */
int cmd_parse(const struct cmd_spec *spec, int argc, char **argv,
	      struct cmd_args *out, int *status);

/* How many operands cmd_parse would find in argv (the values of options
 * are not operands), without checking anything or printing. */
int cmd_count_operands(const struct cmd_spec *spec, int argc, char **argv);

/* Whether option `name` was given. `name` must be one of the command's. */
bool cmd_given(const struct cmd_args *a, const char *name);
/* Its value as written (NULL when not given, or given without a value). */
const char *cmd_value(const struct cmd_args *a, const char *name);
/* Its parsed value (see struct cmd_args.number); `dflt` when not given. */
uint64_t cmd_number(const struct cmd_args *a, const char *name, uint64_t dflt);

/* A strict whole number: decimal digits only, within [min, max].
 * Returns 0 and stores it, or -1. */
int cmd_parse_uint(const char *text, uint64_t min, uint64_t max, uint64_t *out);
/* A speed "1/8" .. "64" (also "0.125", "0.25", "0.5", "4x"): returns log2
 * of it (-3..6), or -100. */
int cmd_parse_speed(const char *text);

/* The usage lines of `spec` ("usage: kitchen run SCENARIO [--mode ...]"). */
void cmd_print_usage(const struct cmd_spec *spec, FILE *to);
/* COMMAND --help: the usage, what it does, every option. */
void cmd_print_help(const struct cmd_spec *spec, FILE *to);

/* Appends `text` from column `col`, wrapping at words before column 79;
 * continuation lines start at column `indent`. Ends with a newline. */
struct base_buf;
void cmd_put_wrapped(struct base_buf *b, const char *text, int col, int indent);

/*
 * A message for a person on stderr: "kitchen[ COMMAND]: " and the
 * formatted text, in which anything that came from outside (arguments,
 * file names) is written by the rules of base/utf8.h: no control or bidi
 * character reaches the terminal raw, a newline continues under the text.
 * `spec` may be NULL (just "kitchen: ").
 */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
void cmd_error(const struct cmd_spec *spec, const char *fmt, ...);

/* cmd_error, then the usage (stderr); returns 2, the usage status. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
int cmd_usage_error(const struct cmd_spec *spec, const char *fmt, ...);

/* Standard input holds one scenario: when more than one operand is "-",
 * says so (cmd_usage_error) and returns 2; else 0. */
int cmd_one_stdin(const struct cmd_args *a);

#endif
