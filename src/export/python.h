/*
 * python.h — the fixed Python of the asyncio export (src/export/python/:
 * the clocks, the transcript, the opening of the kitchen in each mode),
 * compiled in by tools/embed.c. Kept as Python files so that they read, and
 * can be checked, as the program does; src/export/asyncio.c puts together
 * the parts a scenario needs.
 */
#ifndef KITCHEN_EXPORT_PYTHON_H
#define KITCHEN_EXPORT_PYTHON_H

#include "base/embedded.h"

/* The part called `name` (its file name without ".py": "clock"), or NULL. */
const struct base_embedded *exp_python_part(const char *name);

#endif
