/*
 * suggest.h — "did you mean": used by the scenario loader (unknown keys,
 * stations, recipes, tasks) and the command line (unknown commands,
 * options, scenario names).
 */
#ifndef KITCHEN_BASE_SUGGEST_H
#define KITCHEN_BASE_SUGGEST_H

#include <stddef.h>
#include <stdint.h>

/*
 * The candidate closest to `word` (optimal string alignment distance: a
 * swap of neighbours is one edit; ASCII case ignored) if it is close enough
 * to be what was meant: at most 2 edits, and at most half the longer word.
 * NULL if none (NULL entries of `cands` are skipped). `budget`, when not
 * NULL, is decreased by the work done; at 0 no more is done (bounds the
 * time a file full of misspellings can take).
 */
const char *base_suggest(const char *word, const char *const *cands,
			 size_t n, uint64_t *budget);

/*
 * The same with a looser idea of close (at most 4 edits and two thirds of
 * the longer word), for a word that can only have meant one of a few
 * (`kitchen record coffee`: 'replay'). No budget: for short lists.
 */
const char *base_suggest_loosely(const char *word, const char *const *cands,
				 size_t n);

#endif
