/*
 * view_kitchen.c — the kitchen (chef, stations, helper threads), the live
 * orders with a progress bar per task, and the event log. Also used, without
 * boxes, for each side of the race view.
 *
 * A task's state in words comes from the engine's task state plus the
 * clock: a running task whose end is past the clock's reading has fallen
 * due and waits for the loop — it is shown late, which is what a blocked
 * loop does to timers.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "assets.h"
#include "paint.h"
#include "text.h"
#include "view.h"

/* ---- the kitchen -------------------------------------------------------- */

static int draw_art(const struct ui_theme *t, const char *name, struct ui_rect r,
		    int y, enum ui_role role)
{
	const struct base_embedded *a = ui_asset_find(name);
	if (!a)
		return 0;
	int lines = 0;
	for (const char *p = a->text; *p; p++)
		lines += *p == '\n';
	if (r.y + r.h - y < lines)
		return 0;
	y = r.y + r.h - lines;
	const char *p = a->text;
	for (int i = 0; i < lines; i++) {
		const char *nl = strchr(p, '\n');
		char line[256];
		size_t n = (size_t)(nl - p) < sizeof line - 1 ? (size_t)(nl - p) : sizeof line - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		ui_put(t, y + i, r.x + 1, r.w - 1, role, line);
		p = nl + 1;
	}
	return lines;
}

/* The station as the summary counts it. In sequential mode blocking code
 * holds the station of the step the chef runs (the engine's semaphores
 * stand idle there: nobody ever waits). */
void ui_run_station(const struct ui_run *run, const struct eng_chef_info *chef,
		    int i, struct eng_station_info *out)
{
	eng_station(run->eng, i, out);
	if (run->mode != SCN_SEQUENTIAL || !chef->busy || chef->recipe < 0)
		return;
	const struct scn_task *st = &run->s->recipes[chef->recipe].tasks[chef->task];
	if (st->station == i && out->used < out->capacity)
		out->used++;
}

/* Thread `i` as the summary counts it: in sequential mode a helper step
 * runs on the first thread while the chef waits for it. */
void ui_run_helper(const struct ui_run *run, const struct eng_chef_info *chef,
		   int i, struct eng_helper_info *out)
{
	eng_helper(run->eng, i, out);
	if (run->mode != SCN_SEQUENTIAL || i != 0 || out->busy || !chef->busy ||
	    chef->recipe < 0 ||
	    run->s->recipes[chef->recipe].tasks[chef->task].kind != SCN_HELPER)
		return;
	out->busy = true;
	out->order = chef->order;
	out->recipe = chef->recipe;
	out->task = chef->task;
	out->since = chef->since;
	out->until = chef->until;
}

void ui_draw_kitchen(const struct ui_view *v, const struct ui_run *run,
		     struct ui_rect r, bool boxed)
{
	const struct ui_theme *t = v->th;
	const struct eng_engine *e = run->eng;
	const struct scn_scenario *s = run->s;
	struct ui_rect in = boxed ? ui_box(t, r, "Kitchen", UI_R_TITLE) : r;
	int y = in.y, end = in.y + in.h;
	char a[64], b[32];

	struct eng_chef_info chef;
	eng_chef(e, &chef);
	ui_put(t, y++, in.x, in.w, UI_R_LABEL, "Chef (the event loop)");
	if (chef.blocked) {
		ui_fill(t, y, in.x, in.w, UI_R_BLOCKED, " ");
		int lw = ui_text_width("LOOP BLOCKED", t->utf8);
		ui_put(t, y++, in.x + (in.w - lw) / 2, in.w, UI_R_BLOCKED, "LOOP BLOCKED");
		ui_putf(t, y++, in.x + 1, in.w - 1, UI_R_WORK, "%s: %s s left",
			ui_task_label(s, chef.order, chef.recipe, chef.task, a, sizeof a),
			ui_secs1(chef.until - v->now, b));
	} else if (chef.busy) {
		ui_putf(t, y++, in.x + 1, in.w - 1, UI_R_WORK, "busy: %s %s s",
			ui_task_label(s, chef.order, chef.recipe, chef.task, a, sizeof a),
			ui_secs1(chef.until - v->now, b));
	} else if (eng_done(e)) {
		ui_put(t, y++, in.x + 1, in.w - 1, UI_R_DONE, "free: the run is over");
	} else if (v->game && v->game->waiting) {
		ui_put(t, y++, in.x + 1, in.w - 1, UI_R_READY, "free: your move");
	} else {
		int64_t next = eng_next_time(e);
		if (next != ENG_NEVER && next > v->now)
			ui_putf(t, y++, in.x + 1, in.w - 1, UI_R_DIM,
				"free: next in %s s", ui_secs1(next - v->now, b));
		else
			ui_put(t, y++, in.x + 1, in.w - 1, UI_R_DIM, "free: handling events");
	}

	if (s->n_stations && y < end) {
		ui_put(t, y++, in.x, in.w, UI_R_LABEL, "Stations (semaphores)");
		int nw = 4;
		for (int i = 0; i < s->n_stations; i++) {
			int w = ui_text_width(s->stations[i].title, t->utf8);
			if (w > nw)
				nw = w;
		}
		if (nw > in.w / 2)
			nw = in.w / 2;
		for (int i = 0; i < s->n_stations && y < end; i++, y++) {
			struct eng_station_info si;
			ui_run_station(run, &chef, i, &si);
			ui_put(t, y, in.x + 1, nw, UI_R_NORMAL, s->stations[i].title);
			char tail[48];
			int n = snprintf(tail, sizeof tail, " %d/%d", si.used, si.capacity);
			if (si.queued)
				snprintf(tail + n, sizeof tail - (size_t)n, " +%zu", si.queued);
			int tw = (int)strlen(tail);
			int x = in.x + 2 + nw, room = in.x + in.w - x - tw;
			int slots = si.capacity < room ? si.capacity : room;
			int busy = si.used < slots ? si.used : slots;
			ui_fill(t, y, x, busy, UI_R_LABEL, t->g->slot_busy);
			ui_fill(t, y, x + busy, slots - busy, UI_R_DIM, t->g->slot_free);
			ui_put(t, y, x + slots, tw, si.queued ? UI_R_QUEUED : UI_R_NORMAL, tail);
		}
	}

	if (y < end) {
		int busy = 0;
		for (int i = 0; i < s->helpers; i++) {
			struct eng_helper_info hi;
			ui_run_helper(run, &chef, i, &hi);
			busy += hi.busy;
		}
		size_t queued = eng_helper_queue(e);
		ui_put(t, y++, in.x, in.w, UI_R_LABEL, "Helpers (thread pool)");
		if (y < end) {
			char tail[48];
			int n = snprintf(tail, sizeof tail, " %d/%d", busy, s->helpers);
			if (queued)
				snprintf(tail + n, sizeof tail - (size_t)n, " +%zu", queued);
			int tw = (int)strlen(tail), room = in.w - 1 - tw;
			int slots = s->helpers < room ? s->helpers : room;
			int x = in.x + 1, shown = 0;
			for (int i = 0; i < s->helpers && shown < slots; i++, shown++) {
				struct eng_helper_info hi;
				ui_run_helper(run, &chef, i, &hi);
				ui_put(t, y, x + shown, 1,
				       hi.busy ? (hi.abandoned ? UI_R_CANCELLED : UI_R_HELPER) : UI_R_DIM,
				       hi.busy ? t->g->slot_busy : t->g->slot_free);
			}
			ui_put(t, y++, x + shown, tw, queued ? UI_R_HELPER : UI_R_NORMAL, tail);
		}
		/* One line per busy thread while there is room (keep 2 rows). */
		for (int i = 0; i < s->helpers && y < end - 2 && busy; i++) {
			struct eng_helper_info hi;
			ui_run_helper(run, &chef, i, &hi);
			if (!hi.busy)
				continue;
			ui_putf(t, y++, in.x + 1, in.w - 1,
				hi.abandoned ? UI_R_CANCELLED : UI_R_HELPER, "%d: %s %s s%s", i + 1,
				ui_task_label(s, hi.order, hi.recipe, hi.task, a, sizeof a),
				ui_secs1(hi.until - v->now, b), hi.abandoned ? " (abandoned)" : "");
		}
	}

	if (y < end && boxed) {
		const struct eng_summary *sum = eng_summary(e);
		uint64_t total = scn_total_orders(s);
		uint64_t arrived = run->arrived;
		uint64_t open = arrived - sum->orders_done - sum->orders_failed;
		ui_put(t, y++, in.x, in.w, UI_R_LABEL, "Orders");
		if (y < end)
			ui_putf(t, y++, in.x + 1, in.w - 1, UI_R_NORMAL, "%llu open, %llu done",
				(unsigned long long)open,
				(unsigned long long)sum->orders_done);
		if (y < end && sum->orders_failed)
			ui_putf(t, y++, in.x + 1, in.w - 1, UI_R_FAILED, "%llu failed",
				(unsigned long long)sum->orders_failed);
		if (y < end && total > arrived)
			ui_putf(t, y++, in.x + 1, in.w - 1, UI_R_DIM, "%llu still to come",
				(unsigned long long)(total - arrived));
	}
	if (boxed && y < end)
		draw_art(t, chef.blocked ? "chef-blocked" : "chef", in, y + 1,
			 chef.blocked ? UI_R_WORK : UI_R_DIM);
}

/* ---- the orders --------------------------------------------------------- */

struct task_look {
	char text[160];
	enum ui_role role;      /* of the words */
	enum ui_role bar;       /* of the bar's full part */
	int64_t num, den;       /* the bar's fill */
	int64_t span;           /* how long the attempt lasts (or lasted), ms:
				   its bar's length on the one time scale */
};

static enum ui_role kind_role(enum scn_kind k)
{
	return k == SCN_WORK ? UI_R_WORK : k == SCN_HELPER ? UI_R_HELPER : UI_R_SLEEP;
}

/* A task's state in words, with its role and bar. */
static void look(const struct ui_view *v, const struct ui_run *run, size_t oi_index,
		 const struct eng_order_info *oi, int k, struct task_look *out)
{
	const struct scn_scenario *s = run->s;
	const struct scn_task *st = &s->recipes[oi->recipe].tasks[k];
	struct eng_task_info ti;
	eng_order_task(run->eng, oi_index, k, &ti);
	char a[32], b[32];
	out->role = UI_R_NORMAL;
	out->bar = kind_role(st->kind);
	out->num = 0;
	out->den = 1;
	out->span = scn_attempt_ms(st);
	if (ti.started >= 0 && ti.ended >= ti.started)
		out->span = ti.ended - ti.started;
	char tries[24] = "";
	if (ti.attempt > 1)
		snprintf(tries, sizeof tries, " (try %d)", ti.attempt);

	switch (ti.state) {
	case ENG_TS_PENDING: {
		/* "after grind, heat": the earlier steps it still waits for. */
		int n = snprintf(out->text, sizeof out->text, "after ");
		int listed = 0;
		for (int i = 0; i < st->n_after && n < (int)sizeof out->text - 1; i++) {
			struct eng_task_info di;
			eng_order_task(run->eng, oi_index, st->after[i], &di);
			if (di.state == ENG_TS_DONE || di.state == ENG_TS_FAILED ||
			    di.state == ENG_TS_CANCELLED)
				continue;
			n += snprintf(out->text + n, sizeof out->text - (size_t)n, "%s%s",
				      listed++ ? ", " : "", s->recipes[oi->recipe].tasks[st->after[i]].name);
		}
		if (!listed)
			snprintf(out->text, sizeof out->text, "waits for earlier steps");
		out->role = UI_R_DIM;
		break;
	}
	case ENG_TS_READY:
		snprintf(out->text, sizeof out->text, "ready: needs the chef%s", tries);
		out->role = UI_R_READY;
		break;
	case ENG_TS_STATION:
		snprintf(out->text, sizeof out->text, "waits for %s%s",
			 st->station >= 0 ? s->stations[st->station].title : "a station", tries);
		out->role = UI_R_QUEUED;
		break;
	case ENG_TS_POOL:
		snprintf(out->text, sizeof out->text, "waits for a helper%s", tries);
		out->role = UI_R_HELPER;
		break;
	case ENG_TS_RUNNING:
	case ENG_TS_ENDING: {
		int64_t started = ti.started, due = ti.due;
		out->num = v->now - started;
		out->den = due - started;
		out->span = out->den;
		if (due >= 0 && v->now > due) {
			snprintf(out->text, sizeof out->text, "late %s s%s",
				 ui_secs(v->now - due, a), tries);
			out->role = UI_R_LATE;
		} else if (ti.state == ENG_TS_ENDING) {
			snprintf(out->text, sizeof out->text, "ending%s", tries);
			out->role = UI_R_READY;
		} else {
			const char *how = st->kind == SCN_WORK ? "BLOCKING the loop" :
					  st->kind == SCN_HELPER ? "on a thread" :
					  run->mode == SCN_SEQUENTIAL ? "running" : "sleeping";
			snprintf(out->text, sizeof out->text, "%s, %s s left%s", how,
				 ui_secs1(due - v->now, b), tries);
			out->role = kind_role(st->kind);
		}
		break;
	}
	case ENG_TS_DONE:
		snprintf(out->text, sizeof out->text, "done%s", tries);
		out->role = UI_R_DONE;
		out->bar = UI_R_DONE;
		out->num = out->den = 1;
		break;
	case ENG_TS_FAILED:
		snprintf(out->text, sizeof out->text, "failed: %s%s",
			 ti.timed_out ? "timeout" : (st->error ? st->error : "failed"), tries);
		out->role = UI_R_FAILED;
		out->bar = UI_R_FAILED;
		out->num = out->den = 1;
		break;
	case ENG_TS_CANCELLED:
		snprintf(out->text, sizeof out->text, "cancelled");
		out->role = UI_R_CANCELLED;
		break;
	}
}

/* The order's headline: "#1 Fresh coffee!" and its state on the right. */
static void order_head(const struct ui_view *v, const struct ui_run *run,
		       const struct eng_order_info *oi, int y, int x, int w, bool with_id)
{
	const struct ui_theme *t = v->th;
	const struct scn_recipe *rc = &run->s->recipes[oi->recipe];
	char right[96], a[32];
	enum ui_role role = UI_R_NORMAL;
	if (oi->state == ENG_OS_DONE) {
		snprintf(right, sizeof right, "DONE at %s s", ui_secs(oi->ended, a));
		role = UI_R_DONE;
	} else if (oi->state == ENG_OS_FAILED) {
		snprintf(right, sizeof right, "FAILED at %s s", ui_secs(oi->ended, a));
		role = UI_R_FAILED;
	} else if (oi->patience_due >= 0 && oi->patience_due < v->now) {
		/* The customer has gone; the loop (late), or blocking code
		 * between two steps, has not seen it yet. */
		snprintf(right, sizeof right, "patience over %s s ago",
			 ui_secs1_past(v->now - oi->patience_due, a));
		role = UI_R_LATE;
	} else if (oi->patience_due >= 0) {
		snprintf(right, sizeof right, "patience %s s",
			 ui_secs1(oi->patience_due - v->now, a));
		role = oi->patience_due - v->now < 1000 ? UI_R_LATE : UI_R_DIM;
	} else {
		snprintf(right, sizeof right, "waiting %s s",
			 ui_secs1_past(v->now - oi->arrived, a));
		role = UI_R_DIM;
	}
	int rw = ui_text_width(right, t->utf8);
	ui_put_right(t, y, x, w, role, right);
	if (with_id)
		ui_putf(t, y, x, w - rw - 1, UI_R_LABEL, "#%llu %s",
			(unsigned long long)oi->id, rc->title);
	else
		ui_put(t, y, x, w - rw - 1, UI_R_NORMAL, rc->title);
}

static void task_line(const struct ui_view *v, const struct ui_run *run, size_t i,
		      const struct eng_order_info *oi, int k, int y, int x, int w, int nw)
{
	const struct ui_theme *t = v->th;
	const struct scn_task *st = &run->s->recipes[oi->recipe].tasks[k];
	struct task_look lk;
	look(v, run, i, oi, k, &lk);
	ui_put(t, y, x + 2, nw, UI_R_NORMAL, st->name);
	int bx = x + 3 + nw;
	/* A third of the row, or on a wide panel all but the words' room:
	 * the bars use the width. */
	int bw = (w - 3 - nw) / 3;
	if (w - 4 - nw - 30 > bw)
		bw = w - 4 - nw - 30;
	if (bw < 6)
		bw = 6;
	int drawn = bw;
	if (v->look->one_scale && v->scale_ms > 0) {
		/* One scale for all: the bar as long as the step's time. */
		drawn = (int)(((double)bw * (double)lk.span) / (double)v->scale_ms + 0.5);
		if (drawn < 1)
			drawn = 1;
		if (drawn > bw)
			drawn = bw;
	}
	ui_bar(t, y, bx, drawn, lk.num, lk.den, lk.bar, UI_R_DIM);
	ui_put(t, y, bx + bw + 1, x + w - bx - bw - 1, lk.role, lk.text);
}

/* One line for a whole order: a glyph per task, then its first live task. */
static void order_compact(const struct ui_view *v, const struct ui_run *run, size_t i,
			  const struct eng_order_info *oi, int y, int x, int w, int nw,
			  int idw)
{
	const struct ui_theme *t = v->th;
	const struct scn_recipe *rc = &run->s->recipes[oi->recipe];
	char label[32];
	snprintf(label, sizeof label, "#%-*llu", idw, (unsigned long long)oi->id);
	int cx = x + ui_put(t, y, x, w, UI_R_LABEL, label) + 1;
	int live = -1;
	for (int k = 0; k < rc->n_tasks && cx < x + w / 3; k++) {
		struct eng_task_info ti;
		eng_order_task(run->eng, i, k, &ti);
		const char *g = t->g->dot;
		enum ui_role role = UI_R_DIM;
		switch (ti.state) {
		case ENG_TS_DONE: g = t->g->check; role = UI_R_DONE; break;
		case ENG_TS_FAILED: g = t->g->cross; role = UI_R_FAILED; break;
		case ENG_TS_CANCELLED: g = "-"; role = UI_R_CANCELLED; break;
		case ENG_TS_RUNNING: case ENG_TS_ENDING:
			g = t->g->play; role = kind_role(rc->tasks[k].kind); break;
		case ENG_TS_STATION: g = "q"; role = UI_R_QUEUED; break;
		case ENG_TS_POOL: g = "h"; role = UI_R_HELPER; break;
		case ENG_TS_READY: g = "r"; role = UI_R_READY; break;
		default: break;
		}
		if (live < 0 && (ti.state == ENG_TS_RUNNING || ti.state == ENG_TS_ENDING))
			live = k;
		cx += ui_put(t, y, cx, 1, role, g);
	}
	cx++;
	if (oi->state != ENG_OS_OPEN || live < 0) {
		if (oi->state != ENG_OS_OPEN) {
			order_head(v, run, oi, y, cx, x + w - cx, false);
			return;
		}
		live = 0;
		for (int k = 0; k < rc->n_tasks; k++) {
			struct eng_task_info ti;
			eng_order_task(run->eng, i, k, &ti);
			if (ti.state < ENG_TS_DONE) {
				live = k;
				break;
			}
		}
	}
	task_line(v, run, i, oi, live, y, cx - 2, x + w - cx + 2, nw);
}

#define MAX_SHOWN 512

void ui_draw_orders(const struct ui_view *v, const struct ui_run *run,
		    struct ui_rect r, bool boxed)
{
	const struct ui_theme *t = v->th;
	const struct scn_scenario *s = run->s;
	const struct eng_engine *e = run->eng;
	size_t n = ui_run_orders(run);
	const struct eng_summary *sum = eng_summary(e);
	char title[128];
	uint64_t open_n = n - sum->orders_done - sum->orders_failed;
	int tn = snprintf(title, sizeof title, "Orders: %llu open, %llu done, %llu failed",
			  (unsigned long long)open_n, (unsigned long long)sum->orders_done,
			  (unsigned long long)sum->orders_failed);
	if (v->look->one_scale && boxed) {
		char a[32];
		snprintf(title + tn, sizeof title - (size_t)tn, " %s bar = %s s",
			 t->g->dot, ui_secs1(v->scale_ms, a));
	}
	struct ui_rect in = boxed ? ui_box(t, r, title, UI_R_TITLE) : r;
	if (in.h <= 0 || in.w <= 0)
		return;
	if (n == 0) {
		uint64_t total = scn_total_orders(s);
		ui_putf(t, in.y, in.x, in.w, UI_R_DIM, "No order yet (%llu to come).",
			(unsigned long long)total);
		return;
	}

	/* Pass 1 (by increasing index: the engine walks its list once): how
	 * many lines everything takes, which orders are open, the last ended.
	 * Orders before the first open one have all ended; when there are
	 * more orders than rows, they are skipped, and the walk stops once
	 * the open orders fill the panel. */
	size_t open_idx[MAX_SHOWN], n_open = 0, open_lines = 0, all_lines = 0;
	size_t ended_ring[MAX_SHOWN], n_ended = 0;
	size_t cap = (size_t)in.h < MAX_SHOWN ? (size_t)in.h : MAX_SHOWN;
	bool few = n <= (size_t)in.h;
	size_t from = few ? 0 : ui_run_first_open(run);
	int nw = 4;
	for (size_t i = from; i < n; i++) {
		struct eng_order_info oi;
		eng_order_at(e, i, &oi);
		size_t lines = 1 + (size_t)s->recipes[oi.recipe].n_tasks;
		all_lines += lines;
		if (oi.state == ENG_OS_OPEN) {
			if (n_open < cap)
				open_idx[n_open] = i;
			n_open++;
			open_lines += lines;
			if (!few && n_open >= cap && open_lines > (size_t)in.h)
				break;
		} else {
			ended_ring[n_ended++ % cap] = i;
		}
	}
	if (!few)
		all_lines = (size_t)in.h + 1;   /* more orders than rows */
	for (int rc = 0; rc < s->n_recipes; rc++)
		for (int k = 0; k < s->recipes[rc].n_tasks; k++) {
			int w = ui_text_width(s->recipes[rc].tasks[k].name, t->utf8);
			if (w > nw)
				nw = w;
		}
	if (nw > in.w / 4)
		nw = in.w / 4;

	int idw = snprintf(NULL, 0, "%zu", n);     /* the widest order number */
	int y = in.y, end = in.y + in.h;
	if (all_lines <= (size_t)in.h) {
		/* Everything fits: every order in arrival order, in full. */
		for (size_t i = 0; i < n; i++) {
			struct eng_order_info oi;
			eng_order_at(e, i, &oi);
			order_head(v, run, &oi, y++, in.x, in.w, true);
			for (int k = 0; k < s->recipes[oi.recipe].n_tasks; k++)
				task_line(v, run, i, &oi, k, y++, in.x, in.w, nw);
		}
		return;
	}
	/* The open orders first, oldest first: each in full while the ones
	 * after it still get a line each, then a line each. */
	size_t shown = 0;
	size_t listed = n_open < cap ? n_open : cap;
	for (; shown < listed && y < end; shown++) {
		size_t i = open_idx[shown];
		struct eng_order_info oi;
		eng_order_at(e, i, &oi);
		int full_rows = 1 + s->recipes[oi.recipe].n_tasks;
		size_t after = (size_t)open_n - shown - 1;
		if ((size_t)(y + full_rows) + after <= (size_t)end) {
			order_head(v, run, &oi, y++, in.x, in.w, true);
			for (int k = 0; k < s->recipes[oi.recipe].n_tasks; k++)
				task_line(v, run, i, &oi, k, y++, in.x, in.w, nw);
		} else {
			if (y == end - 1 && shown + 1 < open_n)
				break;
			order_compact(v, run, i, &oi, y++, in.x, in.w, nw, idw);
		}
	}
	if (shown < open_n && y < end) {
		ui_putf(t, y++, in.x, in.w, UI_R_DIM, "%s and %llu more open orders",
			t->g->ellipsis, (unsigned long long)(open_n - shown));
		return;
	}
	/* Then the most recently ended, newest first, a line each. */
	size_t have = n_ended < cap ? n_ended : cap;
	for (size_t j = 0; j < have && y < end; j++) {
		size_t i = ended_ring[(n_ended - 1 - j) % cap];
		struct eng_order_info oi;
		eng_order_at(e, i, &oi);
		order_compact(v, run, i, &oi, y++, in.x, in.w, nw, idw);
	}
}

/* ---- the event log ------------------------------------------------------ */

static void event_words(const struct scn_scenario *s, const struct eng_event *ev,
			char *buf, size_t cap, enum ui_role *role)
{
	const char *task = ev->recipe >= 0 && ev->task >= 0 ?
			   s->recipes[ev->recipe].tasks[ev->task].name : "";
	const char *recipe = ev->recipe >= 0 ? s->recipes[ev->recipe].name : "";
	unsigned long long o = (unsigned long long)ev->order;
	char a[32];
	*role = UI_R_NORMAL;
	switch (ev->type) {
	case ENG_ORDER_ARRIVED:
		/* A block held the arrival's timer: the customer has been
		 * waiting since the scheduled time (SPEC §4, the customer's
		 * clock), as the transcript's "N s late" says. */
		if (ev->late > 0)
			snprintf(buf, cap, "#%llu %s arrived, late %s s", o, recipe,
				 ui_secs(ev->late, a));
		else
			snprintf(buf, cap, "#%llu %s arrived", o, recipe);
		*role = ev->late > 0 ? UI_R_LATE : UI_R_LABEL;
		break;
	case ENG_TASK_READY:
		snprintf(buf, cap, "#%llu %s ready", o, task);
		*role = UI_R_DIM;
		break;
	case ENG_TASK_STARTED:
		snprintf(buf, cap, "#%llu %s started (%s%s)", o, task, scn_kind_name(ev->kind),
			 ev->attempt > 1 ? ", again" : "");
		*role = kind_role(ev->kind);
		break;
	case ENG_TASK_DONE:
		if (ev->late > 0)
			snprintf(buf, cap, "#%llu %s done, late %s s", o, task, ui_secs(ev->late, a));
		else
			snprintf(buf, cap, "#%llu %s done", o, task);
		*role = ev->late > 0 ? UI_R_LATE : UI_R_DONE;
		break;
	case ENG_TASK_FAILED:
		snprintf(buf, cap, "#%llu %s failed: %s%s", o, task, ev->error ? ev->error : "",
			 ev->final ? "" : " (will retry)");
		*role = UI_R_FAILED;
		break;
	case ENG_TASK_CANCELLED:
		snprintf(buf, cap, "#%llu %s cancelled", o, task);
		*role = UI_R_CANCELLED;
		break;
	case ENG_ORDER_DONE:
		snprintf(buf, cap, "#%llu %s DONE", o, recipe);
		*role = UI_R_DONE;
		break;
	case ENG_ORDER_FAILED:
		snprintf(buf, cap, "#%llu %s FAILED: %s", o, recipe, ev->error ? ev->error : "");
		*role = UI_R_FAILED;
		break;
	case ENG_SAY:
		if (ev->order)
			snprintf(buf, cap, "#%llu %s: \"%s\"", o, task, ev->text ? ev->text : "");
		else
			snprintf(buf, cap, "lesson: \"%s\"", ev->text ? ev->text : "");
		*role = UI_R_SAY;
		break;
	case ENG_PAUSE:
		snprintf(buf, cap, "lesson: pause");
		*role = UI_R_ASK;
		break;
	case ENG_ASK:
		snprintf(buf, cap, "lesson: question \"%s\"", ev->text ? ev->text : "");
		*role = UI_R_ASK;
		break;
	default:
		snprintf(buf, cap, "%s", eng_event_name(ev->type));
		break;
	}
}

void ui_draw_log(const struct ui_view *v, const struct ui_run *run,
		 struct ui_rect r, bool boxed)
{
	const struct ui_theme *t = v->th;
	/* The boxed log scrolls (the race's sides follow the newest). */
	int *scroll = boxed ? &v->look->log_scroll : NULL;
	int h = boxed ? r.h - 2 : r.h;
	uint64_t last = run->shown;
	uint64_t oldest = run->log.emitted > run->log.cap ? run->log.emitted - run->log.cap + 1 : 1;
	if (scroll) {
		int64_t most = (int64_t)last - (int64_t)oldest + 1 - h;
		if (*scroll > most)
			*scroll = most > 0 ? (int)most : 0;
		if (*scroll < 0)
			*scroll = 0;
		last -= (uint64_t)*scroll;
	}
	char title[96];
	int n = snprintf(title, sizeof title, "Events (%llu)", (unsigned long long)run->shown);
	if (scroll && *scroll)
		snprintf(title + n, sizeof title - (size_t)n, " %s %d newer below (End)",
			 t->g->dot, *scroll);
	struct ui_rect in = boxed ? ui_box(t, r, title, ui_title_role(v, UI_FOCUS_LOG)) : r;
	if (in.h <= 0)
		return;
	uint64_t first = last > (uint64_t)in.h ? last - (uint64_t)in.h + 1 : 1;
	if (first < oldest)
		first = oldest;
	int y = in.y;
	for (uint64_t k = first; k <= last; k++, y++) {
		const struct eng_event *ev = ui_log_get(&run->log, k);
		if (!ev)
			continue;
		char when[32], words[512];
		enum ui_role role;
		event_words(run->s, ev, words, sizeof words, &role);
		ui_put_right(t, y, in.x, 9, UI_R_DIM, ui_secs(ev->t, when));
		ui_put(t, y, in.x + 10, in.w - 10, role, words);
	}
}
