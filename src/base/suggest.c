/*
 * suggest.c — "did you mean": the closest of a few names to a misspelt one
 * (suggest.h).
 */
#include <string.h>

#include "suggest.h"

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

#define MAX_WORD 80

/* Optimal string alignment distance (a swap of neighbours is one edit),
 * ASCII case ignored. */
static size_t distance(const char *a, size_t la, const char *b, size_t lb)
{
	size_t row[3][MAX_WORD + 1];
	size_t *prev2 = row[0], *prev = row[1], *cur = row[2];
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = lower(a[i - 1]) != lower(b[j - 1]);
			size_t best = prev[j - 1] + cost;
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
			    lower(a[i - 2]) == lower(b[j - 1]) &&
			    prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best;
		}
		size_t *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb];
}

static size_t prefix(const char *a, const char *b)
{
	size_t n = 0;
	while (a[n] && lower(a[n]) == lower(b[n]))
		n++;
	return n;
}

/* The closest candidate at most `max_d` edits away and at most num/den of
 * the longer word. */
static const char *closest(const char *word, const char *const *cands,
			   size_t n, uint64_t *budget, size_t max_d,
			   size_t num, size_t den)
{
	size_t lw = strlen(word);
	if (lw > MAX_WORD)
		return NULL;
	const char *best = NULL;
	size_t best_d = max_d + 1;
	for (size_t i = 0; i < n; i++) {
		if (budget) {
			if (*budget == 0)
				return best;
			--*budget;
		}
		if (!cands[i])
			continue;
		size_t lc = strlen(cands[i]);
		if (lc > MAX_WORD || (lc > lw ? lc - lw : lw - lc) > max_d)
			continue;
		uint64_t cost = (uint64_t)(lw + 1) * (lc + 1);
		if (budget) {
			if (*budget < cost)
				return best;
			*budget -= cost;
		}
		size_t d = distance(word, lw, cands[i], lc);
		size_t longer = lw > lc ? lw : lc;
		if (d * den > longer * num)
			continue;
		/* A tie goes to the longer common beginning: 'record' is
		 * 'replay' rather than 'export'. */
		if (d < best_d || (d == best_d && best &&
				   prefix(word, cands[i]) > prefix(word, best))) {
			best = cands[i];
			best_d = d;
		}
	}
	return best;
}

const char *base_suggest(const char *word, const char *const *cands,
			 size_t n, uint64_t *budget)
{
	return closest(word, cands, n, budget, 2, 1, 2);
}

const char *base_suggest_loosely(const char *word, const char *const *cands,
				 size_t n)
{
	return closest(word, cands, n, NULL, 4, 2, 3);
}
