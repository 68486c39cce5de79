/*
 * fuzz.h — what the libFuzzer targets share: CHECK (a broken promise
 * aborts, so libFuzzer reports it as a crash, with the input kept), and
 * the checks of text written for people.
 */
#ifndef KITCHEN_FUZZ_H
#define KITCHEN_FUZZ_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/utf8.h"
#include "scenario/scenario.h"

#define CHECK(cond)                                                     \
	do {                                                            \
		if (!(cond)) {                                          \
			fprintf(stderr, "broken promise: %s (%s:%d)\n", \
				#cond, __FILE__, __LINE__);             \
			abort();                                        \
		}                                                       \
	} while (0)

#define CHECK_MSG(cond, ...)                                            \
	do {                                                            \
		if (!(cond)) {                                          \
			fprintf(stderr, "broken promise: %s (%s:%d): ", \
				#cond, __FILE__, __LINE__);             \
			fprintf(stderr, __VA_ARGS__);                   \
			fputc('\n', stderr);                            \
			abort();                                        \
		}                                                       \
	} while (0)

/*
 * Text for a terminal (a transcript, a chart, messages): valid UTF-8, no
 * character base_utf8_is_control() names but the line breaks, and pure
 * ASCII when `ascii`.
 */
static inline void check_text_for_people(const char *s, size_t len, bool ascii)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = base_utf8_decode(s + i, len - i, &cp);
		CHECK_MSG(cp != BASE_UTF8_INVALID, "invalid UTF-8 at byte %zu", i);
		CHECK_MSG(cp == '\n' || !base_utf8_is_control(cp),
			  "U+%04X raw at byte %zu", (unsigned)cp, i);
		CHECK_MSG(!ascii || cp < 0x80, "U+%04X in ASCII output at byte %zu",
			  (unsigned)cp, i);
		i += n;
	}
}

/* Task attempts a run of s makes at most: every order, every task, every
 * retry. */
static inline uint64_t fuzz_attempts(const struct scn_scenario *s)
{
	uint64_t n = 0;
	for (int i = 0; i < s->n_orders; i++) {
		const struct scn_recipe *r = &s->recipes[s->orders[i].recipe];
		for (int t = 0; t < r->n_tasks; t++)
			n += s->orders[i].count * ((uint64_t)r->tasks[t].retries + 1);
	}
	return n;
}

#endif
