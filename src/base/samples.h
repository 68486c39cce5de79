/*
 * samples.h — a growing set of measurements (nanoseconds) and their
 * percentiles, printed the one way every lateness figure of the project is
 * printed: "timers N p50 X p90 X p99 X max X" in milliseconds. The TUI's
 * lateness probe and the bare libuv benchmark (bench/uv_timers.c) share it,
 * so their figures are computed alike.
 */
#ifndef KITCHEN_BASE_SAMPLES_H
#define KITCHEN_BASE_SAMPLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct base_samples {
	int64_t *v;
	size_t n, cap;
	size_t dropped;         /* not kept: memory ran out */
	bool sorted;
};

void base_samples_init(struct base_samples *s);
void base_samples_close(struct base_samples *s);
/* Keeps `ns`; when memory runs out it is counted in `dropped` instead. */
void base_samples_add(struct base_samples *s, int64_t ns);
/* The p-th percentile (0..1, nearest rank on the sorted samples), in ns.
 * Sorts them. 0 when there are none. */
int64_t base_samples_pct(struct base_samples *s, double p);
/* Writes "timers N p50 X p90 X p99 X max X\n" (ms, 3 decimals), or "timers
 * 0\n". Sorts them. */
void base_samples_write(struct base_samples *s, FILE *to);

#endif
