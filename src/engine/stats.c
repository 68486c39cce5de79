/*
 * stats.c — the summary's arithmetic: exact 128-bit sums and the means and
 * utilisations read from them, rounded half up to the millisecond (SPEC §4:
 * "computed without overflow at every allowed extreme").
 */
#include "internal.h"

typedef unsigned __int128 u128;

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
	return (int64_t)div_half_up(wide(st->busy) * 1000,
				    (u128)makespan * (u128)st->capacity);
}

int64_t eng_latency_mean(const struct eng_summary *sum)
{
	return eng_mean(sum->latency_total, sum->orders_done);
}
