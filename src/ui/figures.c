/*
 * figures.c — a run's figures (figures.h): read off the engine's summary
 * and the model's counts, or from a headless engine run for the purpose.
 */
#include "figures.h"

#include <string.h>

static void from_summary(const struct eng_summary *sum, uint64_t walked_out,
			 struct ui_figures *out)
{
	memset(out, 0, sizeof *out);
	out->valid = true;
	out->mode = sum->mode;
	out->makespan = sum->makespan;
	out->blocked = sum->blocked;
	out->late_max = sum->late_max;
	out->latency_mean = eng_latency_mean(sum);
	out->orders = sum->orders;
	out->served = sum->orders_done;
	out->walked_out = walked_out;
	out->failed = sum->orders_failed;
}

void ui_figures_of_run(const struct ui_run *run, struct ui_figures *out)
{
	from_summary(eng_summary(run->eng), run->walked_out, out);
}

static void count_walk_out(void *ctx, const struct eng_event *ev)
{
	uint64_t *n = ctx;
	if (ev->type == ENG_ORDER_FAILED && ev->error && !strcmp(ev->error, "walked out"))
		(*n)++;
}

int ui_figures_headless(const struct scn_scenario *s, enum scn_mode mode,
			uint64_t seed, struct ui_figures *out)
{
	memset(out, 0, sizeof *out);
	if (scn_total_orders(s) > UI_FIGURES_MAX_ORDERS)
		return -1;
	struct eng_options opt;
	eng_options_default(&opt, s);
	opt.mode = mode;
	opt.seed = seed;
	struct eng_engine *e = eng_new(s, &opt);
	if (!e)
		return -1;
	uint64_t walked_out = 0;
	struct eng_observer o = { count_walk_out, &walked_out };
	eng_add_observer(e, &o);
	int rc = eng_run(e);
	if (rc == 0)
		from_summary(eng_summary(e), walked_out, out);
	eng_free(e);
	return rc == 0 ? 0 : -1;
}
