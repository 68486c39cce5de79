/*
 * samples.c — measurements and their percentiles (samples.h).
 */
#include "samples.h"

#include <stdlib.h>

void base_samples_init(struct base_samples *s)
{
	s->v = NULL;
	s->n = s->cap = s->dropped = 0;
	s->sorted = true;
}

void base_samples_close(struct base_samples *s)
{
	free(s->v);
	base_samples_init(s);
}

void base_samples_add(struct base_samples *s, int64_t ns)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 4096;
		int64_t *v = realloc(s->v, cap * sizeof *v);
		if (!v) {
			s->dropped++;
			return;
		}
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = ns;
	s->sorted = false;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int64_t base_samples_pct(struct base_samples *s, double p)
{
	if (!s->n)
		return 0;
	if (!s->sorted)
		qsort(s->v, s->n, sizeof *s->v, cmp_i64);
	s->sorted = true;
	size_t i = (size_t)(p * (double)(s->n - 1) + 0.5);
	return s->v[i < s->n ? i : s->n - 1];
}

void base_samples_write(struct base_samples *s, FILE *to)
{
	if (!s->n) {
		fprintf(to, "timers 0\n");
		return;
	}
	double p50 = (double)base_samples_pct(s, 0.50) / 1e6;
	double p90 = (double)base_samples_pct(s, 0.90) / 1e6;
	double p99 = (double)base_samples_pct(s, 0.99) / 1e6;
	fprintf(to, "timers %zu p50 %.3f p90 %.3f p99 %.3f max %.3f\n", s->n,
		p50, p90, p99, (double)s->v[s->n - 1] / 1e6);
}
