/*
 * embedded.h — a file compiled into the binary by tools/embed.c: the
 * built-in scenarios (scenario/builtin.h), the ASCII art (ui/assets.h) and
 * the Python parts of the asyncio export (export/python.h). The generator
 * writes one table of these records for each, in file-name order, ended
 * by a record of NULLs.
 */
#ifndef KITCHEN_BASE_EMBEDDED_H
#define KITCHEN_BASE_EMBEDDED_H

#include <stddef.h>

struct base_embedded {
	const char *name;       /* the file name without a leading "NN-" and
				   without its extension: "coffee", "chef" */
	const char *file;       /* "02-coffee.yaml", "chef.txt" */
	const char *text;       /* its bytes, NUL-terminated */
	size_t len;
};

/* The record called `name` among the `n` of `table`, or NULL. */
const struct base_embedded *base_embedded_find(const struct base_embedded *table,
					       size_t n, const char *name);

#endif
