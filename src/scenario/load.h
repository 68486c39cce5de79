/*
 * load.h — reading scenario files: YAML (libyaml) to a validated scn_scenario.
 *
 * Every problem in a file is reported, not just the first, as a diagnostic
 * with a 1-based line and column (characters, not bytes) at the offending
 * node; the list is sorted by position (problems without one come first),
 * exact repeats are dropped, and beyond SCN_MAX_DIAGS a last line says how
 * many more there were. Only this module includes <yaml.h> (in tree.c).
 * The rules themselves are docs/scenario-format.md.
 */
#ifndef KITCHEN_SCENARIO_LOAD_H
#define KITCHEN_SCENARIO_LOAD_H

#include <stddef.h>
#include <stdio.h>
#include "scenario.h"

/* Hardening limits: no input may crash, hang or exhaust memory. */
#define SCN_MAX_FILE_BYTES  (4u << 20)   /* 4 MiB */
#define SCN_MAX_NODES       200000       /* counting what aliases repeat */
#define SCN_MAX_DEPTH       64
#define SCN_MAX_ALIASES     1000         /* anchors, and alias uses, each */
#define SCN_MAX_TEXT_BYTES  65536        /* any one scalar */
#define SCN_MAX_NAME_CHARS  64           /* station, recipe and task names */
#define SCN_MAX_TASKS       1000         /* tasks in one recipe */
#define SCN_MAX_CHOICES     9            /* the class answers with one key */
#define SCN_MAX_DIAGS       1000         /* diagnostics kept for one file */
/* What one run may cost, checked over the whole file (aliases can repeat an
 * entry): orders and task attempts (Σ count × the recipe's tasks, each
 * with its retries + 1). Together they bound the virtual time a run can
 * reach below SCN_MAX_RUN_MS (load.c asserts it), the largest time a
 * transcript can give exactly to a reader that holds numbers as doubles.
 * The engine adds a limit on the tasks alive at once (queues keep orders
 * in flight: no static count bounds memory). */
#define SCN_MAX_ORDERS      10000000ULL  /* 10^7 */
#define SCN_MAX_ATTEMPTS    90000000ULL  /* 9·10^7 */
#define SCN_MAX_RUN_MS      (1ULL << 53) /* about 285,000 years */

struct scn_diag {
	int line, col;          /* 1-based; 0 when the problem has no position */
	char *message;          /* "unknown station 'griner'; did you mean 'grinder'?" */
};

struct scn_diags {
	char *file;             /* the name printed in front of every message */
	struct scn_diag *items;
	size_t n, cap;
};

/*
 * Parses and validates `len` bytes of YAML named `file` (used in messages).
 * On success returns 0 and stores a new scenario in *out (caller frees with
 * scn_free). On any error returns -1, leaves *out NULL and fills `diags`
 * (caller frees with scn_diags_close). `diags` must be zero-initialised;
 * its `file` is set to `file` unless already set. `buf` need not be
 * NUL-terminated; the scenario keeps a copy as its `source`.
 */
int scn_load_buffer(const char *file, const char *buf, size_t len,
		    struct scn_scenario **out, struct scn_diags *diags);

/* Same, reading the file at `path` (size-limited). A file that cannot be read
 * is one diagnostic without a position ("cannot read: No such file...").
 * Only a regular file is read: a directory, a FIFO, a device or a socket is
 * refused at once (a FIFO with no writer would wait forever). */
int scn_load_file(const char *path, struct scn_scenario **out,
		  struct scn_diags *diags);

/* Same, reading standard input to its end, whatever it is (a pipe, a
 * terminal, a file); the file is named "-" in messages. */
int scn_load_stdin(struct scn_scenario **out, struct scn_diags *diags);

/*
 * Loads SCENARIO as the command line means it: "-" is standard input; an
 * existing path wins, else the name of a built-in scenario. Unknown names produce one diagnostic
 * listing the built-in names (with a did-you-mean where one is close); an
 * argument that looks like a path (a '/', ".yaml", ".yml") is read as one.
 * Messages name the file as `arg` was given.
 */
int scn_load_arg(const char *arg, struct scn_scenario **out,
		 struct scn_diags *diags);

/*
 * scn_load_arg for a command: prints the diagnostics to `to` when it fails.
 * Returns the scenario (caller frees with scn_free), or NULL after printing.
 */
struct scn_scenario *scn_load_or_report(const char *arg, FILE *to);

/* Prints every diagnostic as "FILE:LINE:COL: error: MESSAGE\n", or
 * "FILE: error: MESSAGE\n" when it has no position. */
void scn_diags_print(const struct scn_diags *d, FILE *to);
void scn_diags_close(struct scn_diags *d);

#endif
