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
				   : scn_mode_name(m->run[0].mode);
	snprintf(right, sizeof right, "t = %s s  %s  %s  event %llu ",
		 ui_secs(v->now, clock), sp, mode,
		 (unsigned long long)ui_model_shown(m));
	int sw = ui_text_width(state, t->utf8);
	int rw = ui_text_width(right, t->utf8);
	if (rw + sw > r.w - 20) {
		/* Narrow: the clock, speed and state matter most. */
		snprintf(right, sizeof right, "t = %s s  %s  %s ", clock, sp,
			 m->race ? "race" : scn_mode_name(m->run[0].mode));
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
	const struct ui_key *help = ui_key_find('?'), *quit = ui_key_find('q');
	int tail = key_item(v, r.y, 0, help, false) + 2 + key_item(v, r.y, 0, quit, false);
	int start = r.x + 1, end = r.x + r.w - 1 - tail;
	if (v->message) {
		ui_put(t, r.y, start, end - start - 2, UI_R_ASK, v->message);
	} else {
		int total = 0, gap = 2;
		for (size_t i = 0; i < ui_n_keys; i++)
			if (ui_keys[i].bar && &ui_keys[i] != help && &ui_keys[i] != quit)
				total += key_item(v, r.y, 0, &ui_keys[i], false) + 2;
		if (start + total > end)
			gap = 1;
		int x = start;
		for (size_t i = 0; i < ui_n_keys; i++) {
			const struct ui_key *k = &ui_keys[i];
			if (!k->bar || k == help || k == quit)
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
	if (m->say_directive >= 0 && m->say_directive < m->s->n_script) {
		const struct scn_directive *d = &m->s->script[m->say_directive];
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
	for (size_t i = 0; i < ui_n_keys && y < in.y + in.h; i++) {
		const struct ui_key *k = &ui_keys[i];
		if (!k->help || !k->cap)
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

void ui_draw_question(const struct ui_view *v, struct ui_rect r)
{
	const struct ui_theme *t = v->th;
	const struct ui_model *m = v->m;
	const struct ui_question *q = &m->question;
	const struct scn_directive *d = &m->s->script[q->directive];
	ui_clear(t, r, UI_R_NORMAL);
	struct ui_rect in = ui_box(t, r, "A question for the class", UI_R_ASK);
	in.x += 1;
	in.w -= 2;
	int y = in.y + 1;
	wrapped(t, in, &y, UI_R_ASK, NULL, d->text ? d->text : "");
	y++;
	for (int i = 0; i < d->n_choices && y < in.y + in.h; i++) {
		char pre[16];
		snprintf(pre, sizeof pre, "  %d) ", i + 1);
		enum ui_role role = UI_R_NORMAL;
		if (q->revealed && i + 1 == d->answer)
			role = UI_R_RIGHT;
		else if (q->revealed && i + 1 == q->chosen)
			role = UI_R_WRONG;
		int py = y;
		wrapped(t, in, &y, role, pre, d->choices[i]);
		if (q->revealed && i + 1 == d->answer)
			ui_put(t, py, in.x + in.w - 8, 8, UI_R_RIGHT, " right ");
		else if (q->revealed && i + 1 == q->chosen)
			ui_put(t, py, in.x + in.w - 8, 8, UI_R_WRONG, " chosen ");
	}
	y++;
	if (!q->revealed) {
		char hint[96];
		snprintf(hint, sizeof hint, "Answer with a number, 1 to %d "
			 "(space shows the answer).", d->n_choices);
		ui_put(t, in.y + in.h - 1, in.x, in.w, UI_R_DIM, hint);
		return;
	}
	char verdict[160];
	if (q->chosen == d->answer)
		snprintf(verdict, sizeof verdict, "Right: %d.", d->answer);
	else if (q->chosen)
		snprintf(verdict, sizeof verdict, "Not quite: the answer is %d.", d->answer);
	else
		snprintf(verdict, sizeof verdict, "The answer is %d.", d->answer);
	if (y < in.y + in.h - 1)
		ui_put(t, y++, in.x, in.w, q->chosen == d->answer ? UI_R_RIGHT : UI_R_ASK,
		       verdict);
	if (d->explain) {
		struct ui_rect rest = { y, in.x, in.y + in.h - 1 - y, in.w };
		wrapped(t, rest, &y, UI_R_NORMAL, NULL, d->explain);
	}
	ui_put(t, in.y + in.h - 1, in.x, in.w, UI_R_DIM, "Press space to go on.");
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
		if (ui_rect_shown(&l->r[UI_P_ORDERS]))
			ui_draw_orders(v, run, l->r[UI_P_ORDERS], true);
		if (ui_rect_shown(&l->r[UI_P_LOOP]))
			ui_draw_loop(v, run, l->r[UI_P_LOOP]);
		if (ui_rect_shown(&l->r[UI_P_CODE]))
			ui_draw_code(v, run, l->r[UI_P_CODE]);
		ui_draw_log(v, run, l->r[UI_P_LOG], true);
		ui_draw_lesson(v, l->r[UI_P_LESSON]);
	}
	ui_draw_keys(v, l->r[UI_P_KEYS]);
	if (m->question.directive >= 0)
		ui_draw_question(v, l->r[UI_P_OVERLAY]);
	else if (v->help)
		ui_draw_help(v, l->r[UI_P_OVERLAY]);
}
