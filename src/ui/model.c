/*
 * model.c — the demonstration's runs, their event logs, stepping forward and
 * back one event, and the lesson script's pauses and questions (model.h).
 *
 * Stepping back replays: the engine is deterministic, so the state after
 * event k-1 is what a fresh engine reaches after emitting k-1 events. One
 * engine action can emit several events (a task's end, its `say_done`, the
 * next task's `task_ready`...); the model then reveals them one at a time
 * while the engine already stands after the action, which is what makes
 * `n` and `b` move exactly one event in the log.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

/* asyncio's default slow_callback_duration (loop debug mode): 100 ms. */
#define SLOW_CALLBACK_MS 100

const struct eng_event *ui_log_get(const struct ui_log *log, uint64_t seq)
{
	if (seq == 0 || seq > log->emitted || log->emitted - seq >= log->cap)
		return NULL;
	return &log->ev[(seq - 1) % log->cap];
}

static void mark_ended(struct ui_run *run, uint64_t id)
{
	size_t w = (size_t)((id - 1) / 64);
	if (w >= run->ended_words) {
		size_t n = run->ended_words ? run->ended_words : 16;
		while (n <= w)
			n *= 2;
		uint64_t *v = realloc(run->ended, n * sizeof *v);
		if (!v)
			return;         /* only a hint: it stays where it was */
		memset(v + run->ended_words, 0, (n - run->ended_words) * sizeof *v);
		run->ended = v;
		run->ended_words = n;
	}
	run->ended[w] |= 1ULL << ((id - 1) % 64);
	while (run->first_open - 1 < (uint64_t)run->ended_words * 64 &&
	       (run->ended[(run->first_open - 1) / 64] >> ((run->first_open - 1) % 64)) & 1)
		run->first_open++;
}

size_t ui_run_first_open(const struct ui_run *run)
{
	uint64_t i = run->first_open - 1;
	if (i == 0 || i >= eng_order_count(run->eng))
		return 0;
	struct eng_order_info oi;
	eng_order_at(run->eng, (size_t)i, &oi);
	return oi.id == run->first_open ? (size_t)i : 0;
}

static void on_event(void *ctx, const struct eng_event *ev)
{
	struct ui_run *run = ctx;
	struct ui_model *m = run->model;
	struct ui_log *log = &run->log;

	log->ev[(ev->seq - 1) % log->cap] = *ev;
	log->emitted = ev->seq;

	switch (ev->type) {
	case ENG_ORDER_DONE:
	case ENG_ORDER_FAILED:
		mark_ended(run, ev->order);
		break;
	case ENG_TASK_STARTED:
		if (ev->kind == SCN_WORK)
			run->work_started = ev->t;
		break;
	case ENG_TASK_DONE:
	case ENG_TASK_FAILED:
		if (run->work_started >= 0 && ev->recipe >= 0 && ev->task >= 0 &&
		    m->s->recipes[ev->recipe].tasks[ev->task].kind == SCN_WORK) {
			int64_t took = ev->t - run->work_started;
			run->work_started = -1;
			if (took >= SLOW_CALLBACK_MS) {
				run->slow.valid = true;
				run->slow.order = ev->order;
				run->slow.recipe = ev->recipe;
				run->slow.task = ev->task;
				run->slow.took = took;
				run->slow.at = ev->t;
			}
		}
		break;
	case ENG_PAUSE:
	case ENG_ASK:
		/* In the race view both kitchens meet every directive; the
		 * first one (sequential) speaks for the lesson. */
		if (!m->race || run->index == 0) {
			m->stop.pending = true;
			m->stop.type = ev->type;
			m->stop.directive = ev->directive;
			m->stop.t = ev->t;
		}
		break;
	case ENG_SAY:
		if (ev->directive >= 0 && (!m->race || run->index == 0))
			m->say_directive = ev->directive;
		break;
	default:
		break;
	}
	if (m->listener)
		m->listener(m->listener_ctx, run->index, ev);
}

static void run_close(struct ui_run *run)
{
	eng_free(run->eng);
	run->eng = NULL;
}

/* A fresh engine for `run` in its mode, at time 0, with an empty log. */
static int run_open(struct ui_model *m, struct ui_run *run)
{
	struct eng_options opt;
	eng_options_default(&opt, m->s);
	opt.mode = run->mode;
	opt.seed = m->seed;
	opt.retain_orders = true;
	run_close(run);
	run->eng = eng_new(m->s, &opt);
	if (!run->eng)
		return -1;
	struct eng_observer o = { on_event, run };
	eng_add_observer(run->eng, &o);
	run->model = m;
	run->log.emitted = 0;
	run->shown = 0;
	run->work_started = -1;
	run->first_open = 1;
	if (run->ended)
		memset(run->ended, 0, run->ended_words * sizeof *run->ended);
	memset(&run->slow, 0, sizeof run->slow);
	return 0;
}

static int open_all(struct ui_model *m)
{
	m->n_runs = m->race ? 2 : 1;
	if (m->race) {
		m->run[0].mode = SCN_SEQUENTIAL;
		m->run[1].mode = SCN_CONCURRENT;
	} else {
		m->run[0].mode = m->mode;
		run_close(&m->run[1]);
	}
	m->stop.pending = false;
	m->question.directive = -1;
	m->say_directive = -1;
	for (int i = 0; i < m->n_runs; i++)
		if (run_open(m, &m->run[i]) < 0)
			return -1;
	return 0;
}

int ui_model_init(struct ui_model *m, const struct scn_scenario *s,
		  enum scn_mode mode, uint64_t seed, bool race, size_t log_cap)
{
	memset(m, 0, sizeof *m);
	m->s = s;
	m->seed = seed;
	m->mode = mode;
	m->race = race;
	m->log_cap = log_cap < 16 ? 16 : log_cap;
	for (int i = 0; i < 2; i++) {
		m->run[i].index = i;
		m->run[i].model = m;
		m->run[i].log.cap = m->log_cap;
		m->run[i].log.ev = calloc(m->log_cap, sizeof *m->run[i].log.ev);
		if (!m->run[i].log.ev) {
			ui_model_close(m);
			return -1;
		}
	}
	if (open_all(m) < 0) {
		ui_model_close(m);
		return -1;
	}
	return 0;
}

void ui_model_close(struct ui_model *m)
{
	for (int i = 0; i < 2; i++) {
		run_close(&m->run[i]);
		free(m->run[i].log.ev);
		m->run[i].log.ev = NULL;
		free(m->run[i].ended);
		m->run[i].ended = NULL;
		m->run[i].ended_words = 0;
	}
	m->n_runs = 0;
}

int ui_model_restart(struct ui_model *m)
{
	return open_all(m);
}

int ui_model_set_mode(struct ui_model *m, enum scn_mode mode)
{
	m->mode = mode;
	m->race = false;
	return open_all(m);
}

int ui_model_set_race(struct ui_model *m, bool race)
{
	m->race = race;
	return open_all(m);
}

static void revealed(struct ui_model *m, struct ui_run *run)
{
	const struct eng_event *ev = ui_log_get(&run->log, run->shown);
	if (ev && ev->type == ENG_ASK && (!m->race || run->index == 0))
		ui_model_ask(m, ev->directive);
}

void ui_model_reveal_all(struct ui_model *m)
{
	for (int i = 0; i < m->n_runs; i++)
		m->run[i].shown = m->run[i].log.emitted;
}

bool ui_model_step(struct ui_model *m)
{
	for (int i = 0; i < m->n_runs; i++) {
		struct ui_run *run = &m->run[i];
		if (run->shown < run->log.emitted) {
			run->shown++;
			revealed(m, run);
			return true;
		}
	}
	for (;;) {
		struct ui_run *next = NULL;
		int64_t best = ENG_NEVER;
		for (int i = 0; i < m->n_runs; i++) {
			int64_t t = eng_next_time(m->run[i].eng);
			if (t < best) {
				best = t;
				next = &m->run[i];
			}
		}
		if (!next)
			return false;
		uint64_t before = next->log.emitted;
		eng_run_events(next->eng, 1);
		m->stop.pending = false;    /* stepping by hand: no script stop */
		if (next->log.emitted > before) {
			next->shown++;
			revealed(m, next);
			return true;
		}
		/* That run ended without another event: try the others. */
	}
}

/* The time of the latest event `run` has revealed, or -1 before any. */
static int64_t shown_time(const struct ui_run *run)
{
	const struct eng_event *ev = ui_log_get(&run->log, run->shown);
	if (ev)
		return ev->t;
	return run->shown ? eng_now(run->eng) : -1;
}

int ui_model_back(struct ui_model *m)
{
	struct ui_run *run = NULL;
	int64_t latest = -1;
	/* The later of the runs' last shown events; at a tie the one stepped
	 * last, which is the higher index (ui_model_step prefers the lower). */
	for (int i = 0; i < m->n_runs; i++) {
		if (m->run[i].shown == 0)
			continue;
		int64_t t = shown_time(&m->run[i]);
		if (t >= latest) {
			latest = t;
			run = &m->run[i];
		}
	}
	if (!run)
		return 0;
	uint64_t k = run->shown - 1;
	int say = m->say_directive;
	if (run_open(m, run) < 0)
		return -1;
	if (k > 0)
		eng_run_events(run->eng, k);
	run->shown = k;
	m->stop.pending = false;
	m->question.directive = -1;
	if (m->race && run->index != 0)
		m->say_directive = say;
	return 1;
}

int64_t ui_model_time(const struct ui_model *m)
{
	int64_t t = 0;
	for (int i = 0; i < m->n_runs; i++) {
		int64_t r = shown_time(&m->run[i]);
		if (r > t)
			t = r;
	}
	return t;
}

uint64_t ui_model_shown(const struct ui_model *m)
{
	uint64_t n = 0;
	for (int i = 0; i < m->n_runs; i++)
		n += m->run[i].shown;
	return n;
}

bool ui_model_done(const struct ui_model *m)
{
	for (int i = 0; i < m->n_runs; i++)
		if (!eng_done(m->run[i].eng) || m->run[i].shown < m->run[i].log.emitted)
			return false;
	return true;
}

bool ui_model_take_stop(struct ui_model *m, struct ui_stop *out)
{
	if (!m->stop.pending)
		return false;
	*out = m->stop;
	m->stop.pending = false;
	return true;
}

void ui_model_ask(struct ui_model *m, int d)
{
	if (d < 0 || d >= m->s->n_script || m->s->script[d].kind != SCN_DIR_ASK)
		return;
	m->question.directive = d;
	m->question.chosen = 0;
	m->question.revealed = false;
}

bool ui_model_answer(struct ui_model *m, int choice)
{
	int d = m->question.directive;
	if (d < 0 || m->question.revealed)
		return false;
	if (choice < 1 || choice > m->s->script[d].n_choices)
		return false;
	m->question.chosen = choice;
	m->question.revealed = true;
	return true;
}

void ui_model_close_question(struct ui_model *m)
{
	m->question.directive = -1;
	m->question.chosen = 0;
	m->question.revealed = false;
}
