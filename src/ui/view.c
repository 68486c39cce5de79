/*
 * view.c — the frame as a whole: which panels are drawn where (from the
 * layout), the header, the key bar, the lesson, the help and question
 * overlays and the too-small message. The kitchen's own panels are in
 * view_kitchen.c, the event loop and the code in view_loop.c, the race in
 * view_race.c.
 */
#include "view.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "keys.h"
#include "paint.h"
#include "text.h"

const char *ui_task_label(const struct scn_scenario *s, uint64_t order,
			  int recipe, int task, char *buf, size_t cap)
{
	if (recipe < 0 || task < 0)
		snprintf(buf, cap, "#%llu", (unsigned long long)order);
	else
		snprintf(buf, cap, "%s #%llu", s->recipes[recipe].tasks[task].name,
			 (unsigned long long)order);
	return buf;
}

int64_t ui_run_finished_at(const struct ui_run *run)
{
	if (!eng_done(run->eng) || run->shown < run->log.emitted)
		return -1;
	return eng_summary(run->eng)->makespan;
}

static void speed_text(int speed, char *buf, size_t cap)
{
	if (speed >= 0)
		snprintf(buf, cap, "x%d", 1 << speed);
	else
		snprintf(buf, cap, "x1/%d", 1 << -speed);
}

void ui_draw_header(const struct ui_view *v, struct ui_rect r)
{
	const struct ui_theme *t = v->th;
	const struct ui_model *m = v->m;
	ui_fill(t, r.y, r.x, r.w, UI_R_HEADER, " ");

	const char *state;
	enum ui_role srole = UI_R_STATE_PAUSE;
	char sbuf[64];
	switch (v->state) {
	case UI_RUNNING:
		snprintf(sbuf, sizeof sbuf, " %s RUNNING ", t->g->play);
		srole = UI_R_STATE_RUN;
		break;
	case UI_PAUSED:
		snprintf(sbuf, sizeof sbuf, " %s PAUSED ", t->g->pause);
		break;
	case UI_PAUSED_SCRIPT:
		snprintf(sbuf, sizeof sbuf, " %s PAUSED by the lesson ", t->g->pause);
		break;
	default:
		snprintf(sbuf, sizeof sbuf, " FINISHED ");
		break;
	}
	state = sbuf;

	char clock[32], sp[16], right[160];
	speed_text(v->speed, sp, sizeof sp);
	const char *mode = m->race ? "race: sequential | concurrent"
			 : m->play ? "play: you are the loop"
				   : scn_mode_name(m->run[0].mode);
	snprintf(right, sizeof right, "t = %s s  %s  %s  event %llu ",
		 ui_secs(v->now, clock), sp, mode,
		 (unsigned long long)ui_model_shown(m));
	int sw = ui_text_width(state, t->utf8);
	int rw = ui_text_width(right, t->utf8);
	if (rw + sw > r.w - 20) {
		/* Narrow: the clock, speed and state matter most. */
		snprintf(right, sizeof right, "t = %s s  %s  %s ", clock, sp,
			 m->race ? "race" : m->play ? "play" : scn_mode_name(m->run[0].mode));
		rw = ui_text_width(right, t->utf8);
	}
	ui_put(t, r.y, r.x + r.w - sw, sw, srole, state);
	ui_put(t, r.y, r.x + r.w - sw - rw, rw, UI_R_HEADER, right);
	char title[256];
	snprintf(title, sizeof title, " Async Kitchen %s %s", t->g->dot, m->s->title);
	ui_put(t, r.y, r.x, r.w - sw - rw - 1, UI_R_HEADER, title);
}

/* One "cap label" pair of the key bar; returns its width, drawing it only
 * when `draw`. */
static int key_item(const struct ui_view *v, int y, int x, const struct ui_key *k,
		    bool draw)
{
	const struct ui_theme *t = v->th;
	const char *kc = k->bar_cap ? k->bar_cap : k->cap;
	int cw = ui_text_width(kc, t->utf8);
	int w = cw + 1 + ui_text_width(k->bar, t->utf8);
	if (draw) {
		ui_put(t, y, x, cw, UI_R_KEY, kc);
		ui_put(t, y, x + cw + 1, w - cw - 1, UI_R_NORMAL, k->bar);
	}
	return w;
}

void ui_draw_keys(const struct ui_view *v, struct ui_rect r)
{
	const struct ui_theme *t = v->th;
	ui_fill(t, r.y, r.x, r.w, UI_R_NORMAL, " ");
	/* "? help" and "q quit" always show, at the right end; the others in
	 * table order while they fit, two spaces apart, or one when narrow. */
	unsigned in = v->in ? v->in : UI_IN_DEMO;
	const struct ui_key *help = ui_key_find_in('?', in), *quit = ui_key_find_in('q', in);
	int tail = key_item(v, r.y, 0, help, false) + 2 + key_item(v, r.y, 0, quit, false);
	int start = r.x + 1, end = r.x + r.w - 1 - tail;
	if (v->message) {
		ui_put(t, r.y, start, end - start - 2, UI_R_ASK, v->message);
	} else {
		int total = 0, gap = 2;
		for (size_t i = 0; i < ui_n_keys; i++)
			if (ui_keys[i].bar && (ui_keys[i].in & in) &&
			    &ui_keys[i] != help && &ui_keys[i] != quit)
				total += key_item(v, r.y, 0, &ui_keys[i], false) + 2;
		if (start + total > end)
			gap = 1;
		int x = start;
		for (size_t i = 0; i < ui_n_keys; i++) {
			const struct ui_key *k = &ui_keys[i];
			if (!k->bar || !(k->in & in) || k == help || k == quit)
				continue;
			int w = key_item(v, r.y, x, k, false);
			if (x + w + gap > end)
				break;
			key_item(v, r.y, x, k, true);
			x += w + gap;
		}
	}
	int x = end;
	x += key_item(v, r.y, x, help, true) + 2;
	key_item(v, r.y, x, quit, true);
}

/* Writes wrapped `text` from row *y in `r`; returns false when it ran out
 * of rows. */
static bool wrapped(const struct ui_theme *t, struct ui_rect r, int *y,
		    enum ui_role role, const char *prefix, const char *text)
{
	char line[1024];
	const char *p = text;
	bool first = true;
	while (p && *p) {
		if (*y >= r.y + r.h)
			return false;
		int pw = first && prefix ? ui_text_width(prefix, t->utf8) : 0;
		const char *next;
		size_t n = ui_text_wrap(p, r.w - pw, t->utf8, &next);
		if (n >= sizeof line)
			n = sizeof line - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		if (pw)
			ui_put(t, *y, r.x, pw, UI_R_LABEL, prefix);
		ui_put(t, *y, r.x + pw, r.w - pw, role, line);
		(*y)++;
		first = false;
		p = next;
	}
	return true;
}

void ui_draw_lesson(const struct ui_view *v, struct ui_rect r)
{
	const struct ui_theme *t = v->th;
	const struct ui_model *m = v->m;
	struct ui_rect in = ui_box(t, r, "Lesson", UI_R_TITLE);
	int y = in.y;
	if (v->state == UI_PAUSED_SCRIPT) {
		wrapped(t, in, &y, UI_R_STATE_PAUSE, NULL,
			"The lesson pauses here. Press space to go on.");
	}
	if (v->game) {
		char goal[256];
		lvl_goal_text(m->s, goal, sizeof goal);
		wrapped(t, in, &y, UI_R_ASK, "Goal: ", goal[0] ? goal :
			"none: serve what you can (not a level)");
	}
	if (m->say_directive >= 0 && m->say_s && m->say_directive < m->say_s->n_script) {
		const struct scn_directive *d = &m->say_s->script[m->say_directive];
		if (d->text)
			wrapped(t, in, &y, UI_R_SAY, "> ", d->text);
	}
	if (m->s->lesson) {
		/* YAML block text: a single newline joins lines, a blank line
		 * starts a paragraph. */
		char text[4096];
		size_t n = 0;
		for (const char *p = m->s->lesson; *p && n < sizeof text - 1; p++) {
			if (*p == '\n' && p[1] != '\n' && n && text[n - 1] != '\n')
				text[n++] = ' ';
			else if (*p == '\n' && p[1] == '\n') {
				text[n++] = '\n';
				while (p[1] == '\n')
					p++;
			} else
				text[n++] = *p;
		}
		while (n && (text[n - 1] == ' ' || text[n - 1] == '\n'))
			n--;
		text[n] = '\0';
		wrapped(t, in, &y, UI_R_NORMAL, NULL, text);
	}
	else if (m->s->concept)
		wrapped(t, in, &y, UI_R_NORMAL, NULL, m->s->concept);
}

void ui_draw_too_small(const struct ui_view *v)
{
	const struct ui_theme *t = v->th;
	const struct ui_layout *l = v->lay;
	char a[128], b[128];
	snprintf(a, sizeof a, "Async Kitchen needs at least %dx%d;", UI_MIN_COLS, UI_MIN_ROWS);
	snprintf(b, sizeof b, "this terminal is %dx%d.", l->cols, l->rows);
	const char *lines[] = { a, b, "Make it bigger (or press q)." };
	int n = 3, y = l->rows / 2 - 1;
	if (y < 0)
		y = 0;
	for (int i = 0; i < n && y + i < l->rows; i++) {
		int w = ui_text_width(lines[i], t->utf8);
		int x = (l->cols - w) / 2;
		if (x < 0)
			x = 0;
		ui_put(t, y + i, x, l->cols - x, i == 0 ? UI_R_ASK : UI_R_NORMAL, lines[i]);
	}
}

static const char *const model_rows[][3] = {
	{ "kitchen", "asyncio", "libuv" },
	{ "the chef", "the event loop", "uv_run" },
	{ "a recipe", "a coroutine", "callbacks" },
	{ "wait task", "await asyncio.sleep", "uv_timer_t" },
	{ "work task", "blocking code", "a long callback" },
	{ "helper task", "run_in_executor", "uv_queue_work" },
	{ "a station", "asyncio.Semaphore", "" },
};

static const struct {
	enum ui_role role;
	const char *what;
} legend[] = {
	{ UI_R_SLEEP, "sleeping (a timer)" },
	{ UI_R_WORK, "blocking the loop" },
	{ UI_R_HELPER, "on a helper thread" },
	{ UI_R_READY, "ready: needs the chef" },
	{ UI_R_QUEUED, "waiting for a station" },
	{ UI_R_DONE, "done" },
	{ UI_R_LATE, "late" },
	{ UI_R_FAILED, "failed" },
	{ UI_R_CANCELLED, "cancelled" },
};

void ui_draw_help(const struct ui_view *v, struct ui_rect r)
{
	const struct ui_theme *t = v->th;
	ui_clear(t, r, UI_R_NORMAL);
	struct ui_rect in = ui_box(t, r, "Help: the keys", UI_R_TITLE);
	int y = in.y;
	unsigned prog = v->in ? v->in : UI_IN_DEMO;
	for (size_t i = 0; i < ui_n_keys && y < in.y + in.h; i++) {
		const struct ui_key *k = &ui_keys[i];
		if (!k->help || !k->cap || !(k->in & prog))
			continue;
		char cap[16];
		snprintf(cap, sizeof cap, " %s ", k->bar_cap ? k->bar_cap : k->cap);
		ui_put(t, y, in.x + 1, 11, UI_R_KEY, cap);
		ui_put(t, y, in.x + 13, in.w - 13, UI_R_NORMAL, k->help);
		y++;
	}
	if (y + 2 < in.y + in.h) {
		y++;
		ui_put(t, y++, in.x + 1, in.w - 1, UI_R_LABEL, "Colours");
		int x = in.x + 1;
		for (size_t i = 0; i < sizeof legend / sizeof legend[0]; i++) {
			int w = ui_text_width(legend[i].what, t->utf8) + 3;
			if (x + w > in.x + in.w) {
				if (++y >= in.y + in.h)
					break;
				x = in.x + 1;
			}
			ui_put(t, y, x, 1, legend[i].role, t->g->full);
			ui_put(t, y, x + 2, w - 2, legend[i].role, legend[i].what);
			x += w;
		}
		y++;
	}
	if (y + 2 < in.y + in.h) {
		y++;
		int cw = (in.w - 2) / 3;
		for (size_t i = 0; i < sizeof model_rows / sizeof model_rows[0] &&
				   y < in.y + in.h; i++, y++)
			for (int c = 0; c < 3; c++)
				ui_put(t, y, in.x + 1 + c * cw, cw - 1,
				       i == 0 ? UI_R_LABEL : UI_R_NORMAL, model_rows[i][c]);
	}
}

/* Rows `text` takes wrapped to `w` columns after a prefix of `pw`. */
static int wrap_rows(const char *text, int w, bool utf8, int pw)
{
	int rows = 0;
	const char *p = text;
	while (p && *p) {
		ui_text_wrap(p, w - (rows ? 0 : pw), utf8, &p);
		rows++;
	}
	return rows;
}

/* Whom a question is about, for its title: the side of the race, or the
 * mode it was written for; NULL when it is about the only kitchen. */
static const char *question_about(const struct ui_view *v, char *buf, size_t cap)
{
	const struct ui_model *m = v->m;
	const struct scn_directive *d = ui_model_question(m);
	const struct ui_run *run = &m->run[m->question.side];
	if (m->race && ui_model_two_scenarios(m)) {
		snprintf(buf, cap, "%s: %s", m->question.side ? "right" : "left",
			 run->s->title);
		return buf;
	}
	if (m->race && d->mode == SCN_DIR_BOTH)
		return "both kitchens";
	if (m->race || d->mode != SCN_DIR_BOTH) {
		snprintf(buf, cap, "%s%s", scn_mode_name(run->mode), m->race ? " side" : "");
		return buf;
	}
	return NULL;
}

/* The words under the choices: how to answer, or how to go on. */
static const char *question_footer(const struct ui_view *v)
{
	const struct ui_question *q = &v->m->question;
	if (!q->revealed)
		return "Answer with a number; space shows the answer; Esc folds this box.";
	bool more = v->m->asked < v->m->n_asks;
	if (more)
		return "Space: the next question of this moment.";
	return q->stepped ? "n steps on (space runs the clock)." : "Press space to go on.";
}

static const char *question_verdict(const struct ui_model *m,
				    const struct scn_directive *d, char *buf, size_t cap)
{
	int chosen = m->question.chosen;
	if (chosen == d->answer)
		snprintf(buf, cap, "Right: %d.", d->answer);
	else if (chosen)
		snprintf(buf, cap, "Not quite: the answer is %d.", d->answer);
	else
		snprintf(buf, cap, "The answer is %d.", d->answer);
	return buf;
}

int ui_question_rows(const struct ui_view *v, int cols)
{
	const struct ui_model *m = v->m;
	const struct scn_directive *d = ui_model_question(m);
	if (!d)
		return 0;
	if (v->question_hidden)
		return 3;
	bool utf8 = v->th->utf8;
	int w = cols - 4;
	int rows = 2 + wrap_rows(d->text ? d->text : "", w, utf8, 0);
	for (int i = 0; i < d->n_choices; i++)
		rows += wrap_rows(d->choices[i], w - 8, utf8, 5);
	rows++;                 /* the footer */
	if (m->question.revealed) {
		char verdict[160];
		int vw = ui_text_width(question_verdict(m, d, verdict, sizeof verdict), utf8);
		rows += d->explain ? wrap_rows(d->explain, w - vw - 1, utf8, 0) : 1;
	}
	return rows;
}

void ui_draw_question(const struct ui_view *v, struct ui_rect r)
{
	const struct ui_theme *t = v->th;
	const struct ui_model *m = v->m;
	const struct ui_question *q = &m->question;
	const struct scn_directive *d = ui_model_question(m);
	if (!d)
		return;
	char title[192], about[128];
	const char *who = question_about(v, about, sizeof about);
	int n = snprintf(title, sizeof title, "A question for the class");
	if (who)
		n += snprintf(title + n, sizeof title - (size_t)n, " %s %s", t->g->dot, who);
	if (m->n_asks > 1)
		snprintf(title + n, sizeof title - (size_t)n, " (%d of %d)", m->asked, m->n_asks);
	ui_clear(t, r, UI_R_NORMAL);
	struct ui_rect in = ui_box(t, r, title, UI_R_ASK);
	in.x += 1;
	in.w -= 2;
	if (in.h <= 0)
		return;
	int y = in.y, end = in.y + in.h;
	if (v->question_hidden) {
		char hint[96];
		snprintf(hint, sizeof hint, q->revealed ? "(Esc shows the answer) " :
			 "(1-%d answers, Esc shows the question) ", d->n_choices);
		int hw = ui_put(t, y, in.x, in.w, UI_R_DIM, hint);
		ui_put(t, y, in.x + hw, in.w - hw, UI_R_ASK, d->text ? d->text : "");
		return;
	}
	struct ui_rect body = { in.y, in.x, in.h - 1, in.w };
	wrapped(t, body, &y, UI_R_ASK, NULL, d->text ? d->text : "");
	for (int i = 0; i < d->n_choices && y < end - 1; i++) {
		char pre[16];
		snprintf(pre, sizeof pre, "  %d) ", i + 1);
		enum ui_role role = UI_R_NORMAL;
		const char *mark = NULL;
		if (q->revealed && i + 1 == d->answer) {
			role = UI_R_RIGHT;
			mark = " right ";
		} else if (q->revealed && i + 1 == q->chosen) {
			role = UI_R_WRONG;
			mark = " chosen ";
		}
		int py = y;
		struct ui_rect cr = { body.y, body.x, body.h, body.w - 8 };
		wrapped(t, cr, &y, role, pre, d->choices[i]);
		if (mark)
			ui_put_right(t, py, in.x, in.w, role, mark);
	}
	if (q->revealed) {
		char verdict[160];
		question_verdict(m, d, verdict, sizeof verdict);
		if (y < end - 1) {
			int vw = ui_put(t, y, in.x, in.w, q->chosen == d->answer ? UI_R_RIGHT : UI_R_ASK,
					verdict);
			if (d->explain) {
				/* The explanation starts on the verdict's line. */
				struct ui_rect rest = { body.y, in.x + vw + 1, body.h, in.w - vw - 1 };
				int ey = y;
				wrapped(t, rest, &ey, UI_R_NORMAL, NULL, d->explain);
				y = ey;
			} else {
				y++;
			}
		}
	}
	ui_put(t, end - 1, in.x, in.w, UI_R_DIM, question_footer(v));
}

void ui_view_draw(const struct ui_view *v)
{
	const struct ui_layout *l = v->lay;
	const struct ui_model *m = v->m;
	erase();
	if (l->too_small) {
		ui_draw_too_small(v);
		return;
	}
	ui_draw_header(v, l->r[UI_P_HEADER]);
	if (m->race) {
		ui_draw_race(v);
	} else {
		const struct ui_run *run = &m->run[0];
		ui_draw_kitchen(v, run, l->r[UI_P_KITCHEN], true);
		struct ui_rect orders = l->r[UI_P_ORDERS];
		if (v->game && ui_rect_shown(&orders)) {
			/* A game: the waiting steps on top, the main panel. */
			int wh = orders.h * 11 / 20;
			if (wh < 5)
				wh = 5;
			struct ui_rect wr = { orders.y, orders.x, wh, orders.w };
			ui_draw_waiting(v, run, wr);
			orders.y += wh;
			orders.h -= wh;
		}
		if (ui_rect_shown(&orders))
			ui_draw_orders(v, run, orders, true);
		if (ui_rect_shown(&l->r[UI_P_LOOP]))
			ui_draw_loop(v, run, l->r[UI_P_LOOP]);
		if (ui_rect_shown(&l->r[UI_P_CODE]))
			ui_draw_code(v, run, l->r[UI_P_CODE]);
		ui_draw_log(v, run, l->r[UI_P_LOG], true);
		ui_draw_lesson(v, l->r[UI_P_LESSON]);
	}
	ui_draw_keys(v, l->r[UI_P_KEYS]);
	if (ui_rect_shown(&l->r[UI_P_QUESTION]))
		ui_draw_question(v, l->r[UI_P_QUESTION]);
	if (v->help)
		ui_draw_help(v, l->r[UI_P_OVERLAY]);
	else if (v->game && v->game->end_shown)
		ui_draw_end(v, l->r[UI_P_OVERLAY]);
}
