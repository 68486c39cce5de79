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

/* Whether a step of order `id` (ended or not) has not ended yet. */
static bool steps_go_on(const struct ui_run *run, uint64_t id)
{
	if (id == 0 || id > eng_order_count(run->eng))
		return false;
	struct eng_order_info oi;
	eng_order_at(run->eng, (size_t)(id - 1), &oi);
	if (oi.id != id)
		return false;
	for (int k = 0; k < run->s->recipes[oi.recipe].n_tasks; k++) {
		struct eng_task_info ti;
		eng_order_task(run->eng, (size_t)(id - 1), k, &ti);
		if (ti.state < ENG_TS_DONE)
			return true;
	}
	return false;
}

/* An order failed: it is over once no step of it goes on. */
static void order_failed(struct ui_run *run, uint64_t id)
{
	if (!steps_go_on(run, id)) {
		mark_ended(run, id);
		return;
	}
	if (run->n_lingering == run->lingering_cap) {
		size_t cap = run->lingering_cap ? 2 * run->lingering_cap : 8;
		uint64_t *v = realloc(run->lingering, cap * sizeof *v);
		if (!v) {
			mark_ended(run, id);    /* only a hint, as mark_ended's */
			return;
		}
		run->lingering = v;
		run->lingering_cap = cap;
	}
	run->lingering[run->n_lingering++] = id;
}

/* A step of order `id` ended: a lingering order may now be over. */
static void step_ended(struct ui_run *run, uint64_t id)
{
	for (size_t i = 0; i < run->n_lingering; i++) {
		if (run->lingering[i] != id)
			continue;
		if (!steps_go_on(run, id)) {
			run->lingering[i] = run->lingering[--run->n_lingering];
			mark_ended(run, id);
		}
		return;
	}
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

size_t ui_run_orders(const struct ui_run *run)
{
	size_t n = eng_order_count(run->eng);
	return run->arrived < n ? (size_t)run->arrived : n;
}

/* Whether `run` speaks for directive `d` of its scenario: in a race of one
 * scenario, a directive that applies to both sides happens once, and side
 * 1's speaks for it. */
static bool speaks_for(const struct ui_model *m, const struct ui_run *run, int d)
{
	if (!m->race || run->index == 0 || m->run[0].s != run->s)
		return true;
	return !scn_directive_applies(&run->s->script[d], m->run[0].mode);
}

static bool covered(const struct ui_model *m, int side, int d, int64_t t)
{
	if (m->asks_t != t)
		return false;
	for (int i = 0; i < m->n_asks; i++)
		if (m->asks[i].side == side && m->asks[i].directive == d)
			return true;
	return false;
}

static void add_ask(struct ui_model *m, int side, int d)
{
	if (m->n_asks < m->asks_cap) {
		m->asks[m->n_asks].side = side;
		m->asks[m->n_asks].directive = d;
		m->n_asks++;
	}
}

static bool is_ask_at(const struct scn_directive *d, int64_t t)
{
	return d->kind == SCN_DIR_ASK && d->at_ms == t;
}

/* The questions of instant t, in the order they are asked: file order; side
 * 1's file first when the sides cook two scenarios. */
static void collect_asks(struct ui_model *m, int64_t t)
{
	m->n_asks = 0;
	m->asked = 0;
	m->asks_t = t;
	if (m->n_runs == 2 && m->run[0].s == m->run[1].s) {
		const struct scn_scenario *s = m->run[0].s;
		for (int d = 0; d < s->n_script; d++) {
			if (!is_ask_at(&s->script[d], t))
				continue;
			if (scn_directive_applies(&s->script[d], m->run[0].mode))
				add_ask(m, 0, d);
			else if (scn_directive_applies(&s->script[d], m->run[1].mode))
				add_ask(m, 1, d);
		}
		return;
	}
	for (int side = 0; side < m->n_runs; side++) {
		const struct ui_run *run = &m->run[side];
		for (int d = 0; d < run->s->n_script; d++)
			if (is_ask_at(&run->s->script[d], t) &&
			    scn_directive_applies(&run->s->script[d], run->mode))
				add_ask(m, side, d);
	}
}

static void script_event(struct ui_model *m, struct ui_run *run, const struct eng_event *ev)
{
	if (ev->directive < 0 || !speaks_for(m, run, ev->directive))
		return;
	if (ev->type == ENG_SAY) {
		m->say_directive = ev->directive;
		m->say_s = run->s;
		return;
	}
	if (m->replaying)
		return;         /* a seek or a step back passes it by */
	if (ev->type == ENG_ASK) {
		if (covered(m, run->index, ev->directive, ev->t))
			return;         /* asked already at this instant */
		collect_asks(m, ev->t);
		if (!covered(m, run->index, ev->directive, ev->t))
			add_ask(m, run->index, ev->directive);
	}
	m->stop.pending = true;
	m->stop.type = ev->type;
	m->stop.directive = ev->directive;
	m->stop.side = run->index;
	m->stop.t = ev->t;
}

static void on_event(void *ctx, const struct eng_event *ev)
{
	struct ui_run *run = ctx;
	struct ui_model *m = run->model;
	struct ui_log *log = &run->log;

	log->ev[(ev->seq - 1) % log->cap] = *ev;
	log->emitted = ev->seq;

	switch (ev->type) {
	case ENG_ORDER_ARRIVED:
		run->arrived++;
		break;
	case ENG_ORDER_FAILED:
		if (ev->error && !strcmp(ev->error, "walked out"))
			run->walked_out++;
		order_failed(run, ev->order);
		break;
	case ENG_ORDER_DONE:
		mark_ended(run, ev->order);
		break;
	case ENG_TASK_CANCELLED:
		step_ended(run, ev->order);
		break;
	case ENG_TASK_STARTED:
		if (ev->kind == SCN_WORK)
			run->work_started = ev->t;
		break;
	case ENG_TASK_DONE:
	case ENG_TASK_FAILED:
		step_ended(run, ev->order);
		if (run->work_started >= 0 && ev->recipe >= 0 && ev->task >= 0 &&
		    run->s->recipes[ev->recipe].tasks[ev->task].kind == SCN_WORK) {
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
	case ENG_SAY:
		script_event(m, run, ev);
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

/* A fresh engine for `run` (its scenario, mode and seed), at time 0, with
 * an empty log. */
static int run_open(struct ui_model *m, struct ui_run *run)
{
	struct eng_options opt;
	eng_options_default(&opt, run->s);
	opt.mode = run->mode;
	opt.seed = run->seed;
	opt.retain_orders = true;
	opt.hold_steps = m->play;
	opt.max_tasks = UI_MAX_TASKS / (uint64_t)m->n_runs;  /* a race: half each */
	run_close(run);
	run->eng = eng_new(run->s, &opt);
	if (!run->eng)
		return -1;
	struct eng_observer o = { on_event, run };
	eng_add_observer(run->eng, &o);
	run->model = m;
	run->log.emitted = 0;
	run->shown = 0;
	run->work_started = -1;
	run->first_open = 1;
	run->n_lingering = 0;
	run->arrived = 0;
	run->walked_out = 0;
	if (run->ended)
		memset(run->ended, 0, run->ended_words * sizeof *run->ended);
	memset(&run->slow, 0, sizeof run->slow);
	return 0;
}

static void forget_questions(struct ui_model *m)
{
	m->stop.pending = false;
	ui_model_close_question(m);
	m->n_asks = m->asked = 0;
	m->asks_t = -1;
}

static int open_all(struct ui_model *m)
{
	m->n_runs = m->race ? 2 : 1;
	for (int i = 0; i < m->n_runs; i++) {
		struct ui_run *run = &m->run[i];
		if (m->race) {
			run->s = m->sides[i].s;
			run->mode = m->sides[i].mode;
			run->seed = m->sides[i].seed;
		} else {
			run->s = m->s;
			run->mode = m->mode;
			run->seed = m->seed;
		}
	}
	if (!m->race)
		run_close(&m->run[1]);
	int need = m->run[0].s->n_script + (m->n_runs == 2 ? m->run[1].s->n_script : 0);
	if (need > m->asks_cap) {
		struct ui_ask *a = realloc(m->asks, (size_t)need * sizeof *a);
		if (!a)
			return -1;
		m->asks = a;
		m->asks_cap = need;
	}
	forget_questions(m);
	m->say_directive = -1;
	m->say_s = NULL;
	m->at = 0;
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
	m->sides[0] = (struct ui_side){ s, SCN_SEQUENTIAL, seed };
	m->sides[1] = (struct ui_side){ s, SCN_CONCURRENT, seed };
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
		free(m->run[i].lingering);
		m->run[i].lingering = NULL;
		m->run[i].n_lingering = m->run[i].lingering_cap = 0;
	}
	free(m->asks);
	m->asks = NULL;
	m->asks_cap = 0;
	m->n_runs = 0;
}

int ui_model_set_sides(struct ui_model *m, const struct ui_side sides[2])
{
	m->sides[0] = sides[0];
	m->sides[1] = sides[1];
	m->s = sides[0].s;
	m->seed = sides[0].seed;
	return open_all(m);
}

bool ui_model_two_scenarios(const struct ui_model *m)
{
	return m->sides[0].s != m->sides[1].s;
}

int ui_model_restart(struct ui_model *m)
{
	return open_all(m);
}

int ui_model_seek(struct ui_model *m, int64_t at)
{
	if (open_all(m) < 0)
		return -1;
	if (at < 0)
		at = 0;
	m->replaying = true;
	for (int i = 0; i < m->n_runs; i++) {
		struct ui_run *run = &m->run[i];
		if (at > 0)
			eng_run_until(run->eng, at - 1);
		run->shown = run->log.emitted;
	}
	m->replaying = false;
	/* Past the end of every run: the end is where it stands. */
	int64_t end = 0;
	bool over = true;
	for (int i = 0; i < m->n_runs; i++) {
		over &= eng_done(m->run[i].eng);
		if (eng_now(m->run[i].eng) > end)
			end = eng_now(m->run[i].eng);
	}
	m->at = over && end < at ? end : at;
	return 0;
}

int ui_model_set_mode(struct ui_model *m, enum scn_mode mode, int64_t at)
{
	m->mode = mode;
	m->race = false;
	return ui_model_seek(m, at);
}

int ui_model_set_play(struct ui_model *m)
{
	m->play = true;
	m->race = false;
	m->mode = SCN_CONCURRENT;
	return open_all(m);
}

int ui_model_set_race(struct ui_model *m, bool race, int64_t at)
{
	m->race = race;
	return ui_model_seek(m, at);
}

/* A question revealed by stepping opens, with the others of its instant. */
static void revealed(struct ui_model *m, struct ui_run *run)
{
	const struct eng_event *ev = ui_log_get(&run->log, run->shown);
	if (!ev || ev->type != ENG_ASK || ev->directive < 0 ||
	    !speaks_for(m, run, ev->directive) || m->question.directive >= 0)
		return;
	if (!covered(m, run->index, ev->directive, ev->t)) {
		collect_asks(m, ev->t);
		if (!covered(m, run->index, ev->directive, ev->t))
			add_ask(m, run->index, ev->directive);
	}
	ui_model_next_question(m, true);
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
	const struct scn_scenario *say_s = m->say_s;
	if (run_open(m, run) < 0)
		return -1;
	m->replaying = true;
	if (k > 0)
		eng_run_events(run->eng, k);
	m->replaying = false;
	run->shown = k;
	forget_questions(m);
	m->at = 0;
	if (m->race && run->index != 0) {
		m->say_directive = say;
		m->say_s = say_s;
	}
	return 1;
}

int64_t ui_model_time(const struct ui_model *m)
{
	int64_t t = m->at;
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

bool ui_model_next_question(struct ui_model *m, bool stepped)
{
	if (m->question.directive >= 0)
		return true;
	while (m->asked < m->n_asks) {
		struct ui_ask a = m->asks[m->asked++];
		const struct scn_scenario *s = m->run[a.side].s;
		if (a.directive < 0 || a.directive >= s->n_script ||
		    s->script[a.directive].kind != SCN_DIR_ASK)
			continue;
		m->question.directive = a.directive;
		m->question.side = a.side;
		m->question.chosen = 0;
		m->question.revealed = false;
		m->question.stepped = stepped;
		return true;
	}
	return false;
}

const struct scn_directive *ui_model_question(const struct ui_model *m)
{
	if (m->question.directive < 0)
		return NULL;
	return &m->run[m->question.side].s->script[m->question.directive];
}

bool ui_model_answer(struct ui_model *m, int choice)
{
	const struct scn_directive *d = ui_model_question(m);
	if (!d || m->question.revealed)
		return false;
	if (choice < 1 || choice > d->n_choices)
		return false;
	m->question.chosen = choice;
	m->question.revealed = true;
	return true;
}

void ui_model_close_question(struct ui_model *m)
{
	m->question.directive = -1;
	m->question.side = 0;
	m->question.chosen = 0;
	m->question.revealed = false;
	m->question.stepped = false;
}
