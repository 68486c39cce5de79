/*
 * internal.h — what the files of src/scenario share and nobody else sees
 * (names scn__*): the YAML node tree (tree.c), diagnostics and suggestions
 * (diag.c). Only tree.c includes <yaml.h>; the validator (load.c) works on
 * the tree below, which is plain C.
 */
#ifndef KITCHEN_SCENARIO_INTERNAL_H
#define KITCHEN_SCENARIO_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "load.h"

enum scn__type { SCN__SCALAR, SCN__MAP, SCN__SEQ };

/*
 * One YAML node. A map keeps its keys and values interleaved in `kids`
 * (key 0, value 0, key 1, ...). Every scalar is text: the validator decides
 * what a text means from where it stands ("3" is a count or a duration,
 * "yes" is just "yes").
 *
 * An alias is a node of its own (its position is where the alias is
 * written) that borrows the text and kids of the node it names; the tree
 * owns every node and frees each exactly once, so sharing is safe.
 */
struct scn__node {
	enum scn__type type;
	int line, col;                  /* 1-based, col in characters */
	unsigned plain : 1;             /* plain scalar: an empty one is null */
	unsigned borrowed : 1;          /* alias: text and kids not owned */
	unsigned bad_key : 1;           /* key already reported: skip its pair */
	char *text;                     /* scalar: NUL-terminated */
	size_t len;                     /* scalar: bytes (may contain NUL) */
	struct scn__node **kids;
	size_t n, cap;
	uint64_t weight;                /* nodes it stands for, aliases expanded */
};

struct scn__tree {
	struct scn__node *root;         /* NULL for an empty file */
	struct scn__node **all;         /* every node, for freeing */
	size_t n_all, cap_all;
	const char *buf;                /* the source, for positions */
	size_t len;
};

/*
 * Parses `len` bytes of YAML into `t` (zero-initialised by the caller; free
 * with scn__tree_close in every case). Returns 0 when a tree was built
 * (problems that do not stop the parse, such as a duplicate key, may still
 * have been reported into `d`), -1 when the input could not be parsed at
 * all (a syntax error, a limit); the reason is in `d`.
 */
int scn__tree_build(const char *buf, size_t len, struct scn__tree *t,
		    struct scn_diags *d);
void scn__tree_close(struct scn__tree *t);

/* True for a plain empty scalar: YAML's null, "key:" with no value. */
int scn__is_null(const struct scn__node *n);

/* "a map", "a list", "a text": what a node is, for messages. */
const char *scn__type_noun(const struct scn__node *n);

/*
 * Adds a diagnostic (line/col 0: no position). Returns 0, or -1 when memory
 * ran out (the diagnostic is lost).
 */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 4, 5)))
#endif
int scn__diag(struct scn_diags *d, int line, int col, const char *fmt, ...);

/* Sorts by position, drops exact repeats, and keeps at most SCN_MAX_DIAGS
 * (then adds one line saying how many were left out). */
void scn__diags_finish(struct scn_diags *d);

/*
 * A user's text for a message: cut after 40 characters with "...", a NUL
 * written \u{0000} (so the message stays one C string). Everything else is
 * kept as it is: scn_diags_print escapes what must not reach a terminal.
 * Returns `out` (>= SCN__SHOW bytes).
 */
#define SCN__SHOW 512
const char *scn__show(const char *s, size_t len, char *out);

/* Line and column (1-based, characters) of byte `off` of `buf`, counting
 * line breaks as libyaml does. */
void scn__position(const char *buf, size_t len, size_t off, int *line,
		   int *col);

#endif
