/*
 * python.h — the fixed Python of the asyncio export (src/export/python/:
 * the clocks, the transcript, the opening of the kitchen in each mode),
 * compiled in by tools/embed.c. Kept as Python files so that they read, and
 * can be checked, as the program does; src/export/asyncio.c puts together
 * the parts a scenario needs.
 */
#ifndef KITCHEN_EXPORT_PYTHON_H
#define KITCHEN_EXPORT_PYTHON_H

#include <stddef.h>

struct exp_python {
	const char *name;       /* file name without extension: "clock" */
	const char *file;       /* "clock.py" */
	const char *text;       /* NUL-terminated */
	size_t len;
};

/* The part called `name`, or NULL. */
const struct exp_python *exp_python_part(const char *name);

#endif
