/*
 * level.c — tallies, scores, goals and the reference runs (level.h).
 */
#include "level.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- watching a run ----------------------------------------------------- */

void lvl_watch_init(struct lvl_watch *w)
{
	memset(w, 0, sizeof *w);
	w->worst_latency = -1;
	w->last_end = -1;
}

void lvl_watch_close(struct lvl_watch *w)
{
	free(w->scheduled);
	w->scheduled = NULL;
	w->cap = 0;
}

static void note_arrival(struct lvl_watch *w, uint64_t id, int64_t scheduled)
{
	if (id == 0 || w->oom)
		return;
	if (id > w->cap) {
		size_t cap = w->cap ? w->cap : 64;
		while (cap < id)
			cap *= 2;
		int64_t *v = realloc(w->scheduled, cap * sizeof *v);
		if (!v) {
			w->oom = true;
			return;
		}
		w->scheduled = v;
		w->cap = cap;
	}
	w->scheduled[id - 1] = scheduled;
}

void lvl_watch_event(struct lvl_watch *w, const struct eng_event *ev)
{
	switch (ev->type) {
	case ENG_ORDER_ARRIVED:
		/* The customer's clock started at the scheduled arrival. */
		note_arrival(w, ev->order, ev->t - ev->late);
		break;
	case ENG_ORDER_DONE:
		if (ev->order >= 1 && ev->order <= w->cap) {
			int64_t latency = ev->t - w->scheduled[ev->order - 1];
			if (latency > w->worst_latency)
				w->worst_latency = latency;
		}
		w->last_end = ev->t;
		break;
	case ENG_ORDER_FAILED:
		if (ev->error && !strcmp(ev->error, "walked out"))
			w->walked_out++;
		w->last_end = ev->t;
		break;
	default:
		break;
	}
}

static void on_event(void *ctx, const struct eng_event *ev)
{
	lvl_watch_event(ctx, ev);
}

int lvl_watch_attach(struct lvl_watch *w, struct eng_engine *e)
{
	struct eng_observer o = { on_event, w };
	return eng_add_observer(e, &o);
}

/* ---- tallies, scores, goals -------------------------------------------- */

int64_t lvl_score(uint64_t served, uint64_t failed, struct eng_total latency_total)
{
	/* 10 points a second is a point per 100 ms, rounded half up. */
	return 100 * (int64_t)served - 100 * (int64_t)failed - eng_mean(latency_total, 100);
}

void lvl_tally(const struct scn_scenario *s, const struct eng_summary *sum,
	       const struct lvl_watch *w, struct lvl_tally *out)
{
	memset(out, 0, sizeof *out);
	out->orders = scn_total_orders(s);
	out->served = sum->orders_done;
	out->failed = sum->orders_failed;
	out->walked_out = w->walked_out;
	out->ended = sum->orders_done + sum->orders_failed == out->orders;
	out->latency_total = sum->latency_total;
	out->latency_mean = eng_latency_mean(sum);
	out->latency_worst = w->worst_latency > 0 ? w->worst_latency : 0;
	out->blocked = sum->blocked;
	out->late_max = sum->late_max;
	out->last_end = w->last_end;
	out->makespan = sum->makespan;
	out->score = lvl_score(out->served, out->failed, out->latency_total);
}

/* "13 s", "0.5 s", "1.25 s": a duration as short as it reads. */
static const char *secs(int64_t ms, char *buf, size_t cap)
{
	if (ms % 1000 == 0)
		snprintf(buf, cap, "%lld s", (long long)(ms / 1000));
	else if (ms % 100 == 0)
		snprintf(buf, cap, "%lld.%lld s", (long long)(ms / 1000), (long long)(ms % 1000 / 100));
	else if (ms % 10 == 0)
		snprintf(buf, cap, "%lld.%02lld s", (long long)(ms / 1000), (long long)(ms % 1000 / 10));
	else
		snprintf(buf, cap, "%lld.%03lld s", (long long)(ms / 1000), (long long)(ms % 1000));
	return buf;
}

void lvl_judge(const struct scn_scenario *s, const struct lvl_tally *t,
	       struct lvl_verdict *out)
{
	const struct scn_goal *g = &s->goal;
	char a[32], b[32];
	memset(out, 0, sizeof *out);
	out->served = out->within = out->late = true;
	if (!g->present) {
		out->met = t->ended;
		if (!t->ended)
			snprintf(out->why, sizeof out->why, "not every order ended");
		return;
	}
	uint64_t need = g->served_all ? t->orders : g->served;
	if ((g->served_all || g->served) && t->served < need) {
		out->served = false;
		snprintf(out->why, sizeof out->why, "%llu of %llu orders served; the goal is %s%llu",
			 (unsigned long long)t->served, (unsigned long long)t->orders,
			 g->served_all ? "all " : "", (unsigned long long)need);
	}
	if (g->within_ms >= 0 && (!t->ended || t->last_end > g->within_ms)) {
		out->within = false;
		if (!out->why[0]) {
			if (!t->ended)
				snprintf(out->why, sizeof out->why,
					 "not every order ended; the goal is every order ended by %s",
					 secs(g->within_ms, a, sizeof a));
			else
				snprintf(out->why, sizeof out->why,
					 "the last order ended at %s; the goal is by %s",
					 secs(t->last_end, a, sizeof a), secs(g->within_ms, b, sizeof b));
		}
	}
	if (g->late_max_ms >= 0 && t->late_max > g->late_max_ms) {
		out->late = false;
		if (!out->why[0])
			snprintf(out->why, sizeof out->why,
				 "a task ended %s late; the goal is at most %s",
				 secs(t->late_max, a, sizeof a), secs(g->late_max_ms, b, sizeof b));
	}
	out->met = out->served && out->within && out->late;
}

void lvl_goal_text(const struct scn_scenario *s, char *buf, size_t cap)
{
	const struct scn_goal *g = &s->goal;
	char a[32];
	size_t n = 0;
	buf[0] = '\0';
	if (!g->present || !cap)
		return;
	const char *sep = "";
#define ADD(...) do { \
		int k = snprintf(buf + n, cap - n, __VA_ARGS__); \
		if (k > 0) \
			n = (size_t)k < cap - n ? n + (size_t)k : cap - 1; \
	} while (0)
	if (g->served_all) {
		uint64_t total = scn_total_orders(s);
		if (total == 1)
			ADD("serve the order");
		else
			ADD("serve all %llu orders", (unsigned long long)total);
		sep = ", ";
	} else if (g->served) {
		ADD("serve %llu of %llu orders", (unsigned long long)g->served,
		    (unsigned long long)scn_total_orders(s));
		sep = ", ";
	}
	if (g->within_ms >= 0) {
		ADD("%severy order ended by %s", sep, secs(g->within_ms, a, sizeof a));
		sep = ", ";
	}
	if (g->late_max_ms >= 0)
		ADD("%sno task more than %s late", sep, secs(g->late_max_ms, a, sizeof a));
#undef ADD
}

/* One reference run to its end, tallied. */
static int reference(const struct scn_scenario *s, uint64_t seed, enum scn_mode mode,
		     struct lvl_tally *out)
{
	struct eng_options opt;
	eng_options_default(&opt, s);
	opt.mode = mode;
	opt.seed = seed;
	struct eng_engine *e = eng_new(s, &opt);
	struct lvl_watch w;
	lvl_watch_init(&w);
	int rc = -1;
	if (e && lvl_watch_attach(&w, e) == 0 && eng_run(e) == 0 && !w.oom) {
		lvl_tally(s, eng_summary(e), &w, out);
		rc = 0;
	}
	lvl_watch_close(&w);
	eng_free(e);
	return rc;
}

int lvl_reference(const struct scn_scenario *s, uint64_t seed,
		  struct lvl_tally *loop, struct lvl_tally *seq)
{
	if (reference(s, seed, SCN_CONCURRENT, loop) < 0)
		return -1;
	return reference(s, seed, SCN_SEQUENTIAL, seq);
}
