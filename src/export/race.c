/*
 * race.c — the words that compare two runs (race.h).
 */
#include "race.h"

#include "transcript.h"

static void secs(struct base_buf *b, int64_t ms)
{
	exp_put_seconds(b, ms);
	base_buf_puts(b, " s");
}

void exp_race_tally(struct base_buf *b, const struct exp_race_side *side)
{
	base_buf_puts(b, side->name);
	base_buf_puts(b, ": ");
	base_buf_u64(b, side->served);
	base_buf_puts(b, " of ");
	base_buf_u64(b, side->orders);
	base_buf_puts(b, " served, ");
	base_buf_u64(b, side->failed);
	base_buf_puts(b, " failed (");
	base_buf_u64(b, side->walked_out);
	base_buf_puts(b, " walked out).");
}

void exp_race_verdict(struct base_buf *b, const struct exp_race_side side[2])
{
	int64_t m0 = side[0].makespan, m1 = side[1].makespan;
	if (m0 == m1) {
		base_buf_puts(b, "Both finished at ");
		secs(b, m0);
		base_buf_puts(b, ".");
	} else {
		const struct exp_race_side *sooner = m0 < m1 ? &side[0] : &side[1];
		const struct exp_race_side *later = m0 < m1 ? &side[1] : &side[0];
		base_buf_puts(b, sooner->name);
		base_buf_puts(b, " finished ");
		secs(b, later->makespan - sooner->makespan);
		base_buf_puts(b, " sooner (");
		secs(b, sooner->makespan);
		base_buf_puts(b, " vs ");
		secs(b, later->makespan);
		base_buf_puts(b, ").");
	}
	for (int i = 0; i < 2; i++) {
		base_buf_putc(b, '\n');
		exp_race_tally(b, &side[i]);
	}
}
