/*
 * duration.h — the duration syntax of scenario files (SPEC §3).
 *
 * "250ms", "1.5s", "2min", a bare number (seconds); 0 allowed; resolution
 * 1 ms (a finer value is an error); at most 24 h inclusive.
 */
#ifndef KITCHEN_SCENARIO_DURATION_H
#define KITCHEN_SCENARIO_DURATION_H

#include <stdint.h>

/*
 * Parses `text` into whole milliseconds. Returns 0 and sets *ms, or -1 and
 * sets *why to a static message such as "duration finer than 1 ms".
 */
int scn_parse_duration(const char *text, int64_t *ms, const char **why);

/* Writes ms as seconds with exactly 3 decimals ("3.000"); buf >= 32 bytes. */
char *scn_format_seconds(int64_t ms, char *buf);

#endif
