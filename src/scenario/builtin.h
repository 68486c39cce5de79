/*
 * builtin.h — the scenarios of scenarios/, compiled into the binary.
 *
 * A built-in scenario's name is its file name without a leading number and
 * dash and without ".yaml": "02-coffee.yaml" is "coffee". They are listed in
 * file-name order, which is the curriculum's order; each one's text is its
 * YAML.
 */
#ifndef KITCHEN_SCENARIO_BUILTIN_H
#define KITCHEN_SCENARIO_BUILTIN_H

#include <stddef.h>

#include "base/embedded.h"

size_t scn_builtin_count(void);
const struct base_embedded *scn_builtin_at(size_t i);
const struct base_embedded *scn_builtin_find(const char *name); /* NULL if none */

#endif
