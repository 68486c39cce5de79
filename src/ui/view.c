/*
 * view.c — the frame as a whole: which panels are drawn where (from the
 * layout), the header, the key bar, the lesson panel and the too-small
 * message. The kitchen's own panels are in view_kitchen.c, the event loop
 * and the code in view_loop.c, the race in view_race.c, the question in
 * view_question.c, the overlays (help, the lesson in full, the end of a
 * run's summary) in view_overlay.c.
 */
#include "view.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
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
	char mode[64];
	if (m->race)
		snprintf(mode, sizeof mode, "race: %s | %s", scn_mode_name(m->run[0].mode),
			 scn_mode_name(m->run[1].mode));
	else if (m->play)
		snprintf(mode, sizeof mode, "play: you are the loop");
	else
		snprintf(mode, sizeof mode, "%s", scn_mode_name(m->run[0].mode));
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
	char title[512];
	if (m->race && ui_model_two_scenarios(m))
		snprintf(title, sizeof title, " Async Kitchen %s %s vs %s", t->g->dot,
			 m->run[0].s->title, m->run[1].s->title);
	else
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

/* Whether key `k` has a place in the key bar of program `in` now: the
 * race has no loop or code panel, no switch of mode (each key says so when
 * pressed) and no panel to scroll, which leaves room for the keys that
 * work there. */
static bool in_bar(const struct ui_view *v, const struct ui_key *k, unsigned in)
{
	if (!k->bar || !(k->in & in))
		return false;
	bool race = v->m && v->m->race;
	return !(race && (k->action == UI_A_MODE || k->action == UI_A_LOOP ||
			  k->action == UI_A_CODE || k->action == UI_A_FOCUS));
}

void ui_draw_keys(const struct ui_view *v, struct ui_rect r)
{
	const struct ui_theme *t = v->th;
	ui_fill(t, r.y, r.x, r.w, UI_R_NORMAL, " ");
	if (v->prompt) {
		/* A line being typed takes the whole bar. */
		ui_put(t, r.y, r.x + 1, r.w - 2, UI_R_ASK, v->prompt);
		return;
	}
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
			if (in_bar(v, &ui_keys[i], in) &&
			    &ui_keys[i] != help && &ui_keys[i] != quit)
				total += key_item(v, r.y, 0, &ui_keys[i], false) + 2;
		if (start + total > end)
			gap = 1;
		int x = start;
		for (size_t i = 0; i < ui_n_keys; i++) {
			const struct ui_key *k = &ui_keys[i];
			if (!in_bar(v, k, in) || k == help || k == quit)
				continue;
			int w = key_item(v, r.y, x, k, false);
			if (x + w + 2 > end)      /* two spaces before "? help" */
				break;
			key_item(v, r.y, x, k, true);
			x += w + gap;
		}
	}
	int x = end;
	x += key_item(v, r.y, x, help, true) + 2;
	key_item(v, r.y, x, quit, true);
}

enum ui_focus ui_view_focus(const struct ui_view *v)
{
	const struct ui_layout *l = v->lay;
	switch (v->look->focus) {
	case UI_FOCUS_CODE:
		if (ui_rect_shown(&l->r[UI_P_CODE]))
			return UI_FOCUS_CODE;
		break;
	case UI_FOCUS_LESSON:
		if (ui_rect_shown(&l->r[UI_P_LESSON]))
			return UI_FOCUS_LESSON;
		break;
	default:
		break;
	}
	return UI_FOCUS_LOG;
}

enum ui_role ui_title_role(const struct ui_view *v, enum ui_focus panel)
{
	/* The panel the arrows scroll shows it in its title, when there is a
	 * choice (Tab). */
	bool choice = ui_rect_shown(&v->lay->r[UI_P_LOG]) &&
		      (ui_rect_shown(&v->lay->r[UI_P_LESSON]) ||
		       ui_rect_shown(&v->lay->r[UI_P_CODE]));
	return choice && ui_view_focus(v) == panel ? UI_R_KEY : UI_R_TITLE;
}

void ui_lesson_text(const char *lesson, struct base_buf *out)
{
	/* YAML block text: a single newline joins lines, a blank line starts a
	 * paragraph. */
	for (const char *p = lesson; *p; p++) {
		if (*p == '\n' && p[1] == '\n') {
			base_buf_putc(out, '\n');
			while (p[1] == '\n')
				p++;
		} else if (*p == '\n') {
			if (p[1])
				base_buf_putc(out, ' ');
		} else {
			base_buf_putc(out, *p);
		}
	}
}

/* The lesson panel's rows, from `skip` rows down; returns the rows they
 * take in all. */
static int lesson_rows(const struct ui_view *v, struct ui_rect in, int skip)
{
	const struct ui_theme *t = v->th;
	const struct ui_model *m = v->m;
	struct ui_flow f;
	ui_flow_init(&f, in, skip);
	if (v->state == UI_PAUSED_SCRIPT)
		ui_flow_text(t, &f, UI_R_STATE_PAUSE, NULL,
			     "The lesson pauses here. Press space to go on.");
	if (v->game) {
		char goal[256];
		lvl_goal_text(m->s, goal, sizeof goal);
		ui_flow_text(t, &f, UI_R_ASK, "Goal: ", goal[0] ? goal :
			     "none: serve what you can (not a level)");
	}
	if (m->say_directive >= 0 && m->say_s && m->say_directive < m->say_s->n_script) {
		const struct scn_directive *d = &m->say_s->script[m->say_directive];
		if (d->text)
			ui_flow_text(t, &f, UI_R_SAY, "> ", d->text);
	}
	if (m->s->lesson) {
		struct base_buf b;
		base_buf_init(&b, NULL);
		ui_lesson_text(m->s->lesson, &b);
		ui_flow_text(t, &f, UI_R_NORMAL, NULL, base_buf_cstr(&b));
		base_buf_close(&b);
	} else if (m->s->concept) {
		ui_flow_text(t, &f, UI_R_NORMAL, NULL, m->s->concept);
	}
	return f.rows;
}

void ui_draw_lesson(const struct ui_view *v, struct ui_rect r)
{
	const struct ui_theme *t = v->th;
	struct ui_rect in = ui_box(t, r, "Lesson", ui_title_role(v, UI_FOCUS_LESSON));
	if (in.h <= 0)
		return;
	struct ui_rect none = { in.y, in.x, 0, in.w };
	int total = lesson_rows(v, none, 0);
	int *skip = &v->look->lesson_scroll;
	if (*skip > total - in.h)
		*skip = total - in.h;
	if (*skip < 0)
		*skip = 0;
	lesson_rows(v, in, *skip);
	/* More below (or above): say so on the box, with the key that shows
	 * it all. */
	if (total > in.h) {
		char more[48];
		snprintf(more, sizeof more, " %s%s%s ", *skip ? "^ " : "",
			 *skip + in.h < total ? "more below, " : "",
			 /* In a game t picks a step: Tab, then PgDn, scrolls. */
			 v->m->play ? "Tab PgDn" : "t: all");
		ui_put_right(t, r.y + r.h - 1, r.x + 1, r.w - 2, UI_R_DIM, more);
	}
}

void ui_draw_too_small(const struct ui_view *v)
{
	const struct ui_theme *t = v->th;
	const struct ui_layout *l = v->lay;
	char a[128], b[128];
	snprintf(a, sizeof a, "Async Kitchen needs at least %dx%d;", UI_MIN_COLS, UI_MIN_ROWS);
	snprintf(b, sizeof b, "this terminal is %dx%d.", l->cols, l->rows);
	const char *lines[] = {
		a, b, "The kitchen is paused until it is bigger", "(q quits).",
	};
	int n = 4, y = l->rows / 2 - 2;
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
		if (ui_rect_shown(&l->r[UI_P_LOG]))
			ui_draw_log(v, run, l->r[UI_P_LOG], true);
		if (ui_rect_shown(&l->r[UI_P_LESSON]))
			ui_draw_lesson(v, l->r[UI_P_LESSON]);
	}
	ui_draw_keys(v, l->r[UI_P_KEYS]);
	if (ui_rect_shown(&l->r[UI_P_STRIP])) {
		if (ui_model_question(m))
			ui_draw_question(v, l->r[UI_P_STRIP]);
		else
			ui_draw_summary(v, l->r[UI_P_STRIP]);
	}
	switch (v->look->overlay) {
	case UI_OV_HELP: ui_draw_help(v, l->r[UI_P_OVERLAY]); break;
	case UI_OV_LESSON: ui_draw_lesson_full(v, l->r[UI_P_OVERLAY]); break;
	default:
		if (v->game && v->game->end_shown)
			ui_draw_end(v, l->r[UI_P_OVERLAY]);
		break;
	}
}
