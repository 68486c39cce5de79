/*
 * view_play.c — a game's panels: the steps waiting for the player (the
 * main panel, with each step's key, what it is and how long it has
 * waited), the loop blocked by a `work` step the player started, and the
 * end screen that sets the player's run beside the event loop's own and
 * sequential code's.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "keys.h"
#include "paint.h"
#include "text.h"
#include "view.h"

static enum ui_role kind_role(enum scn_kind k)
{
	return k == SCN_WORK ? UI_R_WORK : k == SCN_HELPER ? UI_R_HELPER : UI_R_SLEEP;
}

/* "wait 3.0 s", "WORK 0.3 s: blocks", "helper 1.5 s". */
static void kind_words(const struct scn_task *t, char *buf, size_t cap)
{
	char a[32];
	ui_secs1(scn_attempt_ms(t), a);
	switch (t->kind) {
	case SCN_WORK:
		snprintf(buf, cap, "WORK %s s: blocks the loop", a);
		break;
	case SCN_HELPER:
		snprintf(buf, cap, "helper %s s", a);
		break;
	default:
		snprintf(buf, cap, "wait %s s", a);
		break;
	}
}

static void step_row(const struct ui_view *v, const struct ui_run *run,
		     const struct ui_game_step *st, bool selected, int y, int x, int w,
		     int nw)
{
	const struct ui_theme *t = v->th;
	const struct scn_scenario *s = v->m->s;
	const struct scn_task *task = &s->recipes[st->recipe].tasks[st->task];
	if (selected)
		ui_fill(t, y, x, w, UI_R_HEADER, " ");
	char cap[8] = "   ";
	if (st->key)
		snprintf(cap, sizeof cap, " %c ", st->key);
	ui_put(t, y, x, 3, UI_R_KEY, cap);
	char label[96], a[32];
	snprintf(label, sizeof label, "#%llu %s", (unsigned long long)st->order, task->name);
	int cx = x + 4;
	ui_put(t, y, cx, nw, selected ? UI_R_HEADER : UI_R_LABEL, label);
	cx += nw + 1;
	char right[48];
	snprintf(right, sizeof right, "waiting %s s", ui_secs1_past(v->now - st->since, a));
	int rw = ui_text_width(right, t->utf8);
	int64_t waited = v->now - st->since;
	ui_put_right(t, y, x, w, selected ? UI_R_HEADER : waited >= 2000 ? UI_R_LATE : UI_R_DIM,
		     right);
	int room = x + w - rw - 1 - cx;
	if (room <= 0)
		return;
	char what[96];
	kind_words(task, what, sizeof what);
	int used = ui_put(t, y, cx, room, selected ? UI_R_HEADER : kind_role(task->kind), what);
	if (task->station >= 0 && room - used - 2 > 4) {
		struct eng_station_info si;
		eng_station(run->eng, task->station, &si);
		char sb[96];
		snprintf(sb, sizeof sb, "%s %d/%d%s", s->stations[task->station].title,
			 si.used, si.capacity, si.used >= si.capacity ? " full" : "");
		ui_put(t, y, cx + used + 2, room - used - 2,
		       selected ? UI_R_HEADER : si.used >= si.capacity ? UI_R_QUEUED : UI_R_NORMAL,
		       sb);
	}
}

void ui_draw_waiting(const struct ui_view *v, const struct ui_run *run, struct ui_rect r)
{
	const struct ui_theme *t = v->th;
	const struct ui_game *g = v->game;
	char title[96];
	if (g->waiting == 1)
		snprintf(title, sizeof title, "Your move: 1 step waits for the chef (you)");
	else
		snprintf(title, sizeof title, "Your move: %zu steps wait for the chef (you)",
			 g->waiting);
	struct ui_rect in = ui_box(t, r, title, UI_R_TITLE);
	if (in.h <= 0 || in.w <= 0)
		return;
	int y = in.y, end = in.y + in.h;
	char a[32], b[64];
	struct eng_chef_info chef;
	eng_chef(run->eng, &chef);
	if (chef.blocked) {
		ui_fill(t, y, in.x, in.w, UI_R_BLOCKED, " ");
		ui_putf(t, y++, in.x + 1, in.w - 1, UI_R_BLOCKED,
			"LOOP BLOCKED: you are busy with %s, %s s left",
			ui_task_label(v->m->s, chef.order, chef.recipe, chef.task, b, sizeof b),
			ui_secs1(chef.until - v->now, a));
		if (y < end)
			ui_put(t, y++, in.x + 1, in.w - 1, UI_R_WORK,
			       "Nothing else is handled meanwhile: timers fall late.");
	}
	if (g->n == 0) {
		if (y >= end)
			return;
		if (v->state == UI_PAUSED && !eng_done(run->eng)) {
			ui_put(t, y, in.x + 1, in.w - 1, UI_R_DIM, "Paused: space lets time go on.");
		} else if (eng_done(run->eng)) {
			ui_put(t, y, in.x + 1, in.w - 1, UI_R_DONE, "Nothing left to start: the last order has ended.");
		} else {
			int64_t next = eng_next_time(run->eng);
			if (next != ENG_NEVER && next > v->now)
				ui_putf(t, y, in.x + 1, in.w - 1, UI_R_DIM,
					"Nothing to start: the loop waits for its timers (next in %s s).",
					ui_secs1(next - v->now, a));
			else
				ui_put(t, y, in.x + 1, in.w - 1, UI_R_DIM,
				       "Nothing to start: the loop is handling callbacks.");
		}
		return;
	}
	int nw = 6;
	for (size_t i = 0; i < g->n; i++) {
		const struct ui_game_step *st = &g->list[i];
		char label[96];
		snprintf(label, sizeof label, "#%llu %s", (unsigned long long)st->order,
			 v->m->s->recipes[st->recipe].tasks[st->task].name);
		int lw = ui_text_width(label, t->utf8);
		if (lw > nw)
			nw = lw;
	}
	if (nw > in.w / 3)
		nw = in.w / 3;
	/* Scrolled so the selection shows; the last row says how many more. */
	int rows = end - y;
	size_t first = 0;
	if (g->selected >= (size_t)rows)
		first = g->selected - (size_t)rows + 1;
	for (size_t i = first; i < g->n && y < end; i++) {
		if (y == end - 1 && i + 1 < g->waiting && i != g->selected) {
			ui_putf(t, y++, in.x + 1, in.w - 1, UI_R_DIM, "%s and %zu more (Down)",
				t->g->ellipsis, g->waiting - i);
			break;
		}
		step_row(v, run, &g->list[i], i == g->selected, y++, in.x, in.w, nw);
	}
}

/* ---- the end screen ---------------------------------------------------- */

static void cell_secs(char *buf, size_t cap, int64_t ms, bool have)
{
	char a[32];
	if (!have)
		snprintf(buf, cap, "-");
	else
		snprintf(buf, cap, "%s s", ui_secs(ms, a));
}

struct end_row {
	const char *label;
	char cell[3][48];
	enum ui_role role[3];
};

static void tally_rows(const struct lvl_tally *tl, const struct lvl_verdict *vd,
		       struct end_row *rows, int col)
{
	snprintf(rows[0].cell[col], 48, "%llu of %llu", (unsigned long long)tl->served,
		 (unsigned long long)tl->orders);
	rows[0].role[col] = vd->served ? UI_R_DONE : UI_R_FAILED;
	snprintf(rows[1].cell[col], 48, "%llu (%llu walked out)",
		 (unsigned long long)tl->failed, (unsigned long long)tl->walked_out);
	rows[1].role[col] = tl->failed ? UI_R_FAILED : UI_R_NORMAL;
	cell_secs(rows[2].cell[col], 48, tl->latency_mean, tl->served > 0);
	cell_secs(rows[3].cell[col], 48, tl->latency_worst, tl->served > 0);
	cell_secs(rows[4].cell[col], 48, tl->blocked, true);
	rows[4].role[col] = tl->blocked ? UI_R_WORK : UI_R_NORMAL;
	cell_secs(rows[5].cell[col], 48, tl->last_end, tl->last_end >= 0 && tl->ended);
	rows[5].role[col] = vd->within ? UI_R_NORMAL : UI_R_FAILED;
	cell_secs(rows[6].cell[col], 48, tl->late_max, true);
	rows[6].role[col] = vd->late ? UI_R_NORMAL : UI_R_FAILED;
	snprintf(rows[7].cell[col], 48, "%s", vd->met ? "met" : "missed");
	rows[7].role[col] = vd->met ? UI_R_RIGHT : UI_R_WRONG;
	snprintf(rows[8].cell[col], 48, "%lld", (long long)tl->score);
	rows[8].role[col] = UI_R_LABEL;
}

void ui_draw_end(const struct ui_view *v, struct ui_rect r)
{
	const struct ui_theme *t = v->th;
	const struct ui_game *g = v->game;
	const struct scn_scenario *s = v->m->s;
	ui_clear(t, r, UI_R_NORMAL);
	const char *title = !s->goal.present ? "The evening is over" :
			    g->v_you.met ? "Level complete: goal met" : "Goal missed";
	struct ui_rect in = ui_box(t, r, title, g->v_you.met ? UI_R_RIGHT : UI_R_ASK);
	in.x += 1;
	in.w -= 2;
	int y = in.y, end = in.y + in.h;
	char goal[256];
	lvl_goal_text(s, goal, sizeof goal);
	if (goal[0])
		ui_putf(t, y++, in.x, in.w, UI_R_LABEL, "Goal: %s", goal);
	if (!g->v_you.met && g->v_you.why[0] && y < end)
		ui_putf(t, y++, in.x, in.w, UI_R_FAILED, "You: %s.", g->v_you.why);
	y++;
	static const char *const labels[9] = {
		"orders served", "failed", "mean latency", "worst latency",
		"loop blocked", "last order ended", "worst lateness", "goal", "score",
	};
	struct end_row rows[9];
	memset(rows, 0, sizeof rows);
	for (int i = 0; i < 9; i++)
		rows[i].label = labels[i];
	int n_cols = g->have_reference ? 3 : 1;
	tally_rows(&g->you, &g->v_you, rows, 0);
	if (g->have_reference) {
		tally_rows(&g->loop, &g->v_loop, rows, 1);
		tally_rows(&g->seq, &g->v_seq, rows, 2);
	}
	int lw = 18, cw = (in.w - lw) / 3;
	if (cw > 22)
		cw = 22;
	static const char *const heads[3] = { "you", "the event loop", "sequential" };
	if (y < end) {
		for (int c = 0; c < n_cols; c++)
			ui_put(t, y, in.x + lw + c * cw, cw - 1, UI_R_TITLE, heads[c]);
		y++;
	}
	for (int i = 0; i < 9 && y < end; i++, y++) {
		if (i == 5 && !s->goal.present)
			continue;
		ui_put(t, y, in.x, lw - 1, UI_R_DIM, rows[i].label);
		for (int c = 0; c < n_cols; c++) {
			if (i == 7 && !s->goal.present)
				continue;
			ui_put(t, y, in.x + lw + c * cw, cw - 1, rows[i].role[c], rows[i].cell[c]);
		}
	}
	y++;
	if (g->have_reference && y < end) {
		int64_t d = g->you.score - g->loop.score;
		if (d > 0)
			ui_putf(t, y++, in.x, in.w, UI_R_RIGHT,
				"You beat the event loop by %lld point%s.", (long long)d,
				d == 1 ? "" : "s");
		else if (d == 0)
			ui_put(t, y++, in.x, in.w, UI_R_LABEL,
			       "You scored exactly what the event loop does on its own.");
		else
			ui_putf(t, y++, in.x, in.w, UI_R_ASK,
				"The event loop on its own scores %lld point%s more.",
				(long long)-d, d == -1 ? "" : "s");
	}
	if (y < end) {
		switch (g->best) {
		case UI_BEST_NEW:
			if (g->before.known)
				ui_putf(t, y++, in.x, in.w, UI_R_RIGHT,
					"A new best for this level (before: %lld).",
					(long long)g->before.score);
			else
				ui_put(t, y++, in.x, in.w, UI_R_RIGHT,
				       "Your first score on this level: it is the best so far.");
			break;
		case UI_BEST_NOT:
			ui_putf(t, y++, in.x, in.w, UI_R_NORMAL, "Your best on this level: %lld.",
				(long long)g->before.score);
			break;
		case UI_BEST_ERROR:
			ui_putf(t, y++, in.x, in.w, UI_R_FAILED, "Best score not kept: %s",
				g->best_msg);
			break;
		default:
			break;
		}
	}
	if (g->recording[0] && y < end - 1) {
		/* Wrapped, not cut: the path is a command to type, and the
		 * data directory's alone fills most of 80 columns. */
		char cmd[sizeof g->recording + 32];
		snprintf(cmd, sizeof cmd, "Recorded: kitchen replay %s", g->recording);
		struct ui_flow f;
		ui_flow_init(&f, (struct ui_rect){ .y = y, .x = in.x, .h = end - 1 - y, .w = in.w }, 0);
		ui_flow_text(t, &f, UI_R_DIM, NULL, cmd);
	}
	ui_put(t, in.y + in.h - 1, in.x, in.w, UI_R_DIM,
	       v->in == UI_IN_REPLAY ? "q quits, Esc closes this screen" :
	       "r plays again, Esc closes this screen, q quits");
}
