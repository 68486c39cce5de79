/*
 * diag.c — diagnostics of the scenario loader: collecting them, putting
 * them in the order of the file, printing them; and the helpers that make
 * them readable: a safe way to quote the user's text, "did you mean", and
 * byte offsets turned into line:column.
 *
 * A struct scn_diags owns its file name and every message (scn_diags_close
 * frees them).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "internal.h"

int scn__diag(struct scn_diags *d, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	char *msg = malloc((size_t)n + 1);
	if (!msg)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		struct scn_diag *items = realloc(d->items, cap * sizeof *items);
		if (!items) {
			free(msg);
			return -1;
		}
		d->items = items;
		d->cap = cap;
	}
	d->items[d->n].line = line;
	d->items[d->n].col = col;
	d->items[d->n].message = msg;
	d->n++;
	return 0;
}

struct ranked {
	struct scn_diag d;
	size_t order;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->d.line != y->d.line)
		return x->d.line < y->d.line ? -1 : 1;
	if (x->d.col != y->d.col)
		return x->d.col < y->d.col ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

void scn__diags_finish(struct scn_diags *d)
{
	if (d->n == 0)
		return;
	/* A stable sort: messages at one position keep the order in which
	 * they were found. */
	struct ranked *r = malloc(d->n * sizeof *r);
	if (r) {
		for (size_t i = 0; i < d->n; i++) {
			r[i].d = d->items[i];
			r[i].order = i;
		}
		qsort(r, d->n, sizeof *r, cmp_ranked);
		for (size_t i = 0; i < d->n; i++)
			d->items[i] = r[i].d;
		free(r);
	}
	/* The same node reached twice through an alias says the same thing
	 * twice: once is enough. */
	size_t kept = 0;
	for (size_t i = 0; i < d->n; i++) {
		struct scn_diag *it = &d->items[i];
		if (kept > 0) {
			struct scn_diag *last = &d->items[kept - 1];
			if (last->line == it->line && last->col == it->col &&
			    !strcmp(last->message, it->message)) {
				free(it->message);
				continue;
			}
		}
		d->items[kept++] = *it;
	}
	d->n = kept;
	if (d->n > SCN_MAX_DIAGS) {
		size_t left = d->n - SCN_MAX_DIAGS;
		for (size_t i = SCN_MAX_DIAGS; i < d->n; i++)
			free(d->items[i].message);
		d->n = SCN_MAX_DIAGS;
		scn__diag(d, 0, 0, "%zu more errors not shown", left);
	}
}

void scn_diags_print(const struct scn_diags *d, FILE *to)
{
	const char *file = d->file ? d->file : "kitchen";
	for (size_t i = 0; i < d->n; i++) {
		const struct scn_diag *it = &d->items[i];
		if (it->line > 0)
			fprintf(to, "%s:%d:%d: error: %s\n", file, it->line,
				it->col, it->message);
		else
			fprintf(to, "%s: error: %s\n", file, it->message);
	}
}

void scn_diags_close(struct scn_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->items[i].message);
	free(d->items);
	free(d->file);
	memset(d, 0, sizeof *d);
}

/* Length of the valid UTF-8 sequence at s (of at most `left` bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t left)
{
	uint32_t cp;
	size_t n = base_utf8_decode((const char *)s, left, &cp);
	return cp == BASE_UTF8_INVALID ? 0 : n;
}

const char *scn__show(const char *s, size_t len, char *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0, chars = 0, i = 0;
	while (i < len) {
		if (chars == 40 || o + 8 >= SCN__SHOW - 4) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		size_t n = utf8_len(p + i, len - i);
		if (n == 1 && p[i] >= 0x20 && p[i] != 0x7F) {
			out[o++] = (char)p[i];
		} else if (n == 1 && p[i] == '\n') {
			memcpy(out + o, "\\n", 2);
			o += 2;
		} else if (n == 1 && p[i] == '\t') {
			memcpy(out + o, "\\t", 2);
			o += 2;
		} else if (n == 2 && p[i] == 0xC2 && p[i + 1] < 0xA0) {
			/* C1 control characters. */
			o += (size_t)snprintf(out + o, 8, "\\u%04X", p[i + 1]);
		} else if (n >= 2) {
			memcpy(out + o, p + i, n);
			o += n;
		} else {
			o += (size_t)snprintf(out + o, 8, "\\x%02X", p[i]);
			n = 1;
		}
		i += n;
		chars++;
	}
	out[o] = '\0';
	return out;
}

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

const char *scn__suggest(const char *word, const char *const *cands,
			 size_t n, uint64_t *budget)
{
	size_t lw = strlen(word);
	if (lw > MAX_WORD)
		return NULL;
	const char *best = NULL;
	size_t best_d = 3;
	for (size_t i = 0; i < n; i++) {
		if (budget) {
			if (*budget == 0)
				return best;
			--*budget;
		}
		if (!cands[i])
			continue;
		size_t lc = strlen(cands[i]);
		if (lc > MAX_WORD || (lc > lw ? lc - lw : lw - lc) > 2)
			continue;
		uint64_t cost = (uint64_t)(lw + 1) * (lc + 1);
		if (budget) {
			if (*budget < cost)
				return best;
			*budget -= cost;
		}
		size_t d = distance(word, lw, cands[i], lc);
		size_t longer = lw > lc ? lw : lc;
		if (d < best_d && d * 2 <= longer) {
			best = cands[i];
			best_d = d;
		}
	}
	return best;
}

void scn__position(const char *buf, size_t len, size_t off, int *line,
		   int *col)
{
	const unsigned char *p = (const unsigned char *)buf;
	size_t i = 0;
	int l = 1, c = 1;
	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		i = 3;
	if (off > len)
		off = len;
	while (i < off) {
		size_t brk = 0;
		if (p[i] == '\r')
			brk = i + 1 < len && p[i + 1] == '\n' ? 2 : 1;
		else if (p[i] == '\n')
			brk = 1;
		else if (i + 1 < len && p[i] == 0xC2 && p[i + 1] == 0x85)
			brk = 2;
		else if (i + 2 < len && p[i] == 0xE2 && p[i + 1] == 0x80 &&
			 (p[i + 2] == 0xA8 || p[i + 2] == 0xA9))
			brk = 3;
		if (brk) {
			l++;
			c = 1;
			i += brk;
			continue;
		}
		if ((p[i] & 0xC0) != 0x80)
			c++;
		i++;
		/* Continuation bytes belong to the character already
		 * counted. */
		while (i < off && (p[i] & 0xC0) == 0x80)
			i++;
	}
	*line = l;
	*col = c;
}
