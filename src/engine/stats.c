/*
 * stats.c — the summary's statistics (stats.h: what is counted, and when):
 * its life, and the means and utilisations read from its exact 128-bit
 * sums, rounded half up to the millisecond (SPEC §4: "computed without
 * overflow at every allowed extreme").
 */
#include <stdlib.h>

#include "stats.h"

typedef unsigned __int128 u128;

int eng__stats_init(struct eng_summary *sum, const struct scn_scenario *s,
		    enum scn_mode mode, int threads)
{
	sum->mode = mode;
	sum->stations = calloc((size_t)s->n_stations + 1, sizeof *sum->stations);
	if (!sum->stations)
		return -1;
	sum->n_stations = s->n_stations;
	for (int i = 0; i < s->n_stations; i++)
		sum->stations[i].capacity = s->stations[i].capacity;
	sum->chef.capacity = 1;
	sum->helpers.capacity = threads;
	return 0;
}

void eng__stats_close(struct eng_summary *sum)
{
	free(sum->stations);
	sum->stations = NULL;
}

static u128 wide(struct eng_total t)
{
	return (u128)t.hi << 64 | t.lo;
}

/* a / b rounded half up; b > 0. */
static u128 div_half_up(u128 a, u128 b)
{
	u128 q = a / b, r = a % b;
	return r >= b - r ? q + 1 : q;
}

int64_t eng_mean(struct eng_total total, uint64_t n)
{
	return n ? (int64_t)div_half_up(wide(total), n) : 0;
}

int64_t eng_stat_wait_mean(const struct eng_stat *st)
{
	return eng_mean(st->wait_total, st->waits);
}

int64_t eng_stat_utilisation(const struct eng_stat *st, int64_t makespan)
{
	if (makespan <= 0 || st->capacity <= 0)
		return 0;
	/* busy <= capacity x makespan, so busy x 1000 fits 128 bits. */
	return (int64_t)div_half_up(wide(st->busy) * 1000,
				    (u128)makespan * (u128)st->capacity);
}

int64_t eng_latency_mean(const struct eng_summary *sum)
{
	return eng_mean(sum->latency_total, sum->orders_done);
}
