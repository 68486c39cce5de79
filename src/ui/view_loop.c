/*
 * view_loop.c — the event-loop panel (`l`) and the code panel (`c`).
 *
 * The loop panel shows what asyncio's loop holds at this moment: its heap
 * of timers in the order it will handle them, its ready queue, how late
 * callbacks run, the task tree (what `python -m asyncio pstree` prints:
 * which task awaits what) and, while a `work` step blocks the loop, the
 * warning asyncio's debug mode prints for a slow callback
 * (loop.slow_callback_duration, 0.1 s by default).
 *
 * The code panel shows the program `kitchen export asyncio` writes, with the
 * line of every task whose await is pending highlighted and counted.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paint.h"
#include "text.h"
#include "view.h"

#define MAX_LIST 64

static void timer_words(const struct scn_scenario *s, const struct eng_timer_info *ti,
			char *buf, size_t cap)
{
	unsigned long long o = (unsigned long long)ti->order;
	const char *task = ti->recipe >= 0 && ti->task >= 0 ?
			   s->recipes[ti->recipe].tasks[ti->task].name : "?";
	switch (ti->type) {
	case ENG_TIMER_ARRIVAL:
		snprintf(buf, cap, "order #%llu %s arrives", o,
			 ti->recipe >= 0 ? s->recipes[ti->recipe].name : "");
		break;
	case ENG_TIMER_SCRIPT: {
		const char *k = "say";
		if (ti->directive >= 0 && ti->directive < s->n_script)
			k = s->script[ti->directive].kind == SCN_DIR_PAUSE ? "pause" :
			    s->script[ti->directive].kind == SCN_DIR_ASK ? "question" : "say";
		snprintf(buf, cap, "lesson script: %s", k);
		break;
	}
	case ENG_TIMER_TASK_END: {
		int kind = ti->recipe >= 0 && ti->task >= 0 ?
			   (int)s->recipes[ti->recipe].tasks[ti->task].kind : SCN_WAIT;
		snprintf(buf, cap, "%s #%llu: %s", task, o,
			 kind == SCN_WAIT ? "asyncio.sleep ends" : "ends");
		break;
	}
	case ENG_TIMER_TIMEOUT:
		snprintf(buf, cap, "%s #%llu: timeout", task, o);
		break;
	case ENG_TIMER_PATIENCE:
		snprintf(buf, cap, "#%llu: the customer's patience ends", o);
		break;
	}
}

static void ready_words(const struct scn_scenario *s, const struct eng_ready_info *ri,
			char *buf, size_t cap)
{
	unsigned long long o = (unsigned long long)ri->order;
	const char *task = ri->recipe >= 0 && ri->task >= 0 ?
			   s->recipes[ri->recipe].tasks[ri->task].name : "?";
	int n;
	switch (ri->type) {
	case ENG_READY_ARRIVAL: n = snprintf(buf, cap, "order #%llu arrives", o); break;
	case ENG_READY_SCRIPT: n = snprintf(buf, cap, "lesson script"); break;
	case ENG_READY_STEP: n = snprintf(buf, cap, "%s #%llu: its step", task, o); break;
	case ENG_READY_END: n = snprintf(buf, cap, "%s #%llu: wakes up", task, o); break;
	case ENG_READY_TIMEOUT: n = snprintf(buf, cap, "%s #%llu: timeout", task, o); break;
	case ENG_READY_HELPER_DONE:
		n = snprintf(buf, cap, "%s #%llu: thread done (call_soon_threadsafe)", task, o);
		break;
	case ENG_READY_PATIENCE: n = snprintf(buf, cap, "#%llu: patience ends", o); break;
	default: n = snprintf(buf, cap, "?"); break;
	}
	if (ri->stale && n > 0 && (size_t)n < cap)
		snprintf(buf + n, cap - (size_t)n, " (cancelled: no-op)");
}

/* One row of a list of the loop panel: words on the left, a time on the
 * right. */
struct loop_row {
	char words[256];
	enum ui_role role;
	char right[48];
	enum ui_role right_role;
};

/* A list of the loop panel (the heap's timers, the ready queue): a heading,
 * the first `got` of `total` entries one per row, "(none)" when empty and
 * "... N more" in the last row when cut. */
struct loop_list {
	const char *heading, *empty;
	const void *items;
	size_t item_size, got;
	uint64_t total;
	void (*row)(const struct ui_view *v, const struct ui_run *run,
		    const void *item, struct loop_row *out);
};

static void timer_row(const struct ui_view *v, const struct ui_run *run,
		      const void *item, struct loop_row *out)
{
	const struct eng_timer_info *ti = item;
	char words[200], a[32], b[32];
	timer_words(run->s, ti, words, sizeof words);
	snprintf(out->words, sizeof out->words, "%8s %s", ui_secs(ti->due, a), words);
	out->role = UI_R_NORMAL;
	int64_t d = ti->due - v->now;
	if (d < 0)
		snprintf(out->right, sizeof out->right, "due %s s ago", ui_secs(-d, b));
	else
		snprintf(out->right, sizeof out->right, "in %s s", ui_secs1(d, b));
	out->right_role = d < 0 ? UI_R_LATE : UI_R_SLEEP;
}

static void ready_row(const struct ui_view *v, const struct ui_run *run,
		      const void *item, struct loop_row *out)
{
	const struct eng_ready_info *ri = item;
	char b[32];
	ready_words(run->s, ri, out->words, sizeof out->words);
	out->role = ri->stale ? UI_R_CANCELLED : UI_R_READY;
	int64_t late = v->now - ri->due;
	out->right[0] = '\0';
	if (late > 0)
		snprintf(out->right, sizeof out->right, "late %s s", ui_secs(late, b));
	out->right_role = UI_R_LATE;
}

/* Draws `l` from row y of `in`; returns the row after it. */
static int draw_list(const struct ui_view *v, const struct ui_run *run,
		     struct ui_rect in, int y, const struct loop_list *l)
{
	const struct ui_theme *t = v->th;
	int end = in.y + in.h;
	if (y < end)
		ui_put(t, y++, in.x, in.w, UI_R_LABEL, l->heading);
	if (!l->got && y < end)
		ui_put(t, y++, in.x + 1, in.w - 1, UI_R_DIM, l->empty);
	for (size_t i = 0; i < l->got && y < end; i++) {
		if (i == l->got - 1 && l->got >= 2 && l->total > l->got) {
			ui_putf(t, y++, in.x + 1, in.w - 1, UI_R_DIM, "%s %llu more",
				t->g->ellipsis, (unsigned long long)(l->total - i));
			break;
		}
		struct loop_row row;
		l->row(v, run, (const char *)l->items + i * l->item_size, &row);
		int rw = ui_text_width(row.right, t->utf8);
		ui_put_right(t, y, in.x, in.w, row.right_role, row.right);
		ui_put(t, y++, in.x + 1, in.w - rw - 2, row.role, row.words);
	}
	return y;
}

/* What a live task awaits, in asyncio's words. */
static const char *awaits(const struct scn_scenario *s, const struct scn_task *st,
			  enum eng_task_state state, char *buf, size_t cap)
{
	switch (state) {
	case ENG_TS_PENDING:
		return "awaits gather(...) of earlier steps";
	case ENG_TS_READY:
		return "ready: in the ready queue";
	case ENG_TS_STATION:
		snprintf(buf, cap, "awaits Semaphore %s",
			 st->station >= 0 ? s->stations[st->station].name : "?");
		return buf;
	case ENG_TS_POOL:
		return "awaits run_in_executor (queued)";
	case ENG_TS_RUNNING:
		if (st->kind == SCN_WORK)
			return "time.sleep(): BLOCKING the loop";
		if (st->kind == SCN_HELPER)
			return "awaits run_in_executor (on a thread)";
		return "awaits asyncio.sleep";
	case ENG_TS_ENDING:
		return "woken: in the ready queue";
	default:
		return "";
	}
}

/* Whether a step of an order shows in the task tree: it has not ended;
 * and in blocking code it has been reached (a step not reached yet is a
 * coroutine nobody has called: `await step()` comes later in the recipe). */
static bool tree_step(enum scn_mode mode, enum eng_task_state state)
{
	if (state >= ENG_TS_DONE)
		return false;
	return mode == SCN_CONCURRENT || state != ENG_TS_PENDING;
}

/* How many steps of order `i` show in the task tree, up to `cap`, their
 * indexes in live[]. */
static int tree_steps(const struct ui_run *run, size_t i, int recipe, int *live, int cap)
{
	int n = 0;
	for (int k = 0; k < run->s->recipes[recipe].n_tasks && n < cap; k++) {
		struct eng_task_info ti;
		eng_order_task(run->eng, i, k, &ti);
		if (tree_step(run->mode, ti.state))
			live[n++] = k;
	}
	return n;
}

/* Whether an order has a branch in the task tree: it is open, or it failed
 * while some of its steps go on (gather cancels nothing: they run on,
 * awaited by nobody but main()). */
static bool in_tree(const struct ui_run *run, size_t i, const struct eng_order_info *oi)
{
	if (oi->state == ENG_OS_OPEN)
		return true;
	if (oi->state != ENG_OS_FAILED)
		return false;
	int live[1];
	return tree_steps(run, i, oi->recipe, live, 1) > 0;
}

/* The rows the task tree wants below its heading: main(), then a row per
 * order in it and per step it shows; counting stops at `cap`. */
static int tree_want(const struct ui_run *run, int cap)
{
	int rows = 1, live[256];
	size_t n = ui_run_orders(run);
	for (size_t i = ui_run_first_open(run); i < n && rows < cap; i++) {
		struct eng_order_info oi;
		eng_order_at(run->eng, i, &oi);
		if (in_tree(run, i, &oi))
			rows += 1 + tree_steps(run, i, oi.recipe, live, 256);
	}
	return rows < cap ? rows : cap;
}

static enum ui_role tree_role(const struct scn_task *st, enum eng_task_state state)
{
	switch (state) {
	case ENG_TS_RUNNING:
		return st->kind == SCN_WORK ? UI_R_WORK :
		       st->kind == SCN_HELPER ? UI_R_HELPER : UI_R_SLEEP;
	case ENG_TS_STATION: return UI_R_QUEUED;
	case ENG_TS_POOL: return UI_R_HELPER;
	case ENG_TS_PENDING: return UI_R_DIM;
	default: return UI_R_READY;
	}
}

/* The task tree, from row y to `end`. */
static void draw_tree(const struct ui_view *v, const struct ui_run *run,
		      struct ui_rect in, int y, int end)
{
	const struct ui_theme *t = v->th;
	const struct scn_scenario *s = run->s;
	const struct ui_glyphs *g = t->g;
	const struct eng_engine *e = run->eng;
	char line[256], w[96];
	if (y >= end)
		return;
	ui_putf(t, y++, in.x, in.w, UI_R_NORMAL, "%smain()", g->tree_last);
	size_t n = ui_run_orders(run), branches = 0;
	size_t from = ui_run_first_open(run);
	for (size_t i = from; i < n; i++) {
		struct eng_order_info oi;
		eng_order_at(e, i, &oi);
		branches += in_tree(run, i, &oi);
	}
	size_t seen = 0;
	for (size_t i = from; i < n && y < end; i++) {
		struct eng_order_info oi;
		eng_order_at(e, i, &oi);
		if (!in_tree(run, i, &oi))
			continue;
		seen++;
		if (y == end - 1 && seen < branches) {
			ui_putf(t, y++, in.x, in.w, UI_R_DIM, "%s%s %zu more orders",
				g->tree_blank, g->ellipsis, branches - seen + 1);
			break;
		}
		bool last_order = seen == branches;
		const struct scn_recipe *rc = &s->recipes[oi.recipe];
		bool failed = oi.state == ENG_OS_FAILED;
		int live[256];
		int nl = tree_steps(run, i, oi.recipe, live, 256);
		/* Blocking code has not called the recipe of an order still in
		 * line: it waits for the chef to finish the ones before it. */
		bool in_line = run->mode != SCN_CONCURRENT && !nl && !failed;
		snprintf(line, sizeof line, "%s%s%s(order #%llu)%s", g->tree_blank,
			 last_order ? g->tree_last : g->tree_mid, rc->name,
			 (unsigned long long)oi.id,
			 failed ? " raised; its steps go on" :
			 in_line ? "  in line: not started yet" : "");
		ui_put(t, y++, in.x, in.w, failed ? UI_R_FAILED : in_line ? UI_R_DIM : UI_R_LABEL,
		       line);
		for (int j = 0; j < nl && y < end; j++) {
			struct eng_task_info ti;
			eng_order_task(e, i, live[j], &ti);
			const struct scn_task *st = &rc->tasks[live[j]];
			snprintf(line, sizeof line, "%s%s%s%s()  %s", g->tree_blank,
				 last_order ? g->tree_blank : g->tree_pipe,
				 j == nl - 1 ? g->tree_last : g->tree_mid, st->name,
				 awaits(s, st, ti.state, w, sizeof w));
			ui_put(t, y++, in.x, in.w, tree_role(st, ti.state), line);
		}
	}
}

/* Blocking code awaits one step at a time: the engine has the chef busy
 * with it, where the program's loop holds the timers of the step: its
 * `await asyncio.sleep(d)` (the line the code panel lights) and its
 * `asyncio.timeout(T)`, counted from the attempt's start. Those timers,
 * in out[0..2), by due time; returns how many. */
static int blocking_timers(const struct ui_run *run, const struct eng_chef_info *chef,
			   int64_t now, struct eng_timer_info out[2])
{
	if (run->mode != SCN_SEQUENTIAL || !chef->busy || chef->blocked ||
	    chef->recipe < 0 || chef->task < 0)
		return 0;
	const struct scn_task *st = &run->s->recipes[chef->recipe].tasks[chef->task];
	struct eng_timer_info t = {
		.type = ENG_TIMER_TASK_END, .due = chef->since + scn_attempt_ms(st),
		.seq = UINT64_MAX,
		.order = chef->order, .recipe = chef->recipe, .task = chef->task,
		.directive = -1,
	};
	int n = 0;
	if (st->kind == SCN_WAIT)
		out[n++] = t;
	if (st->timeout_ms >= 0 && chef->since + st->timeout_ms >= now) {
		t.type = ENG_TIMER_TIMEOUT;
		t.due = chef->since + st->timeout_ms;
		if (n && t.due < out[0].due) {
			out[1] = out[0];
			out[0] = t;
			n++;
		} else
			out[n++] = t;
	}
	return n;
}

/* Puts `t` in tl[0..got) by due time (after the timers due with it);
 * returns the new count, at most `cap`. */
static size_t insert_timer(struct eng_timer_info *tl, size_t got, size_t cap,
			   const struct eng_timer_info *t)
{
	size_t at = 0;
	while (at < got && tl[at].due <= t->due)
		at++;
	if (at >= cap)
		return got;
	size_t n = got < cap ? got + 1 : cap;
	memmove(&tl[at + 1], &tl[at], (n - at - 1) * sizeof *tl);
	tl[at] = *t;
	return n;
}

void ui_draw_loop(const struct ui_view *v, const struct ui_run *run, struct ui_rect r)
{
	const struct ui_theme *t = v->th;
	const struct scn_scenario *s = run->s;
	const struct eng_engine *e = run->eng;
	struct ui_rect in = ui_box(t, r, "Event loop", UI_R_TITLE);
	if (in.h <= 0)
		return;
	int y = in.y, end = in.y + in.h;
	char a[32], b[32];

	struct eng_timer_info tl[MAX_LIST];
	struct eng_ready_info rl[MAX_LIST];
	uint64_t n_timers = eng_timers(e, NULL, 0);
	size_t n_ready = eng_ready(e, NULL, 0);
	struct eng_chef_info chef;
	eng_chef(e, &chef);
	struct eng_timer_info own[2];
	int n_own = blocking_timers(run, &chef, v->now, own);
	n_timers += (uint64_t)n_own;


	/* Rows, by priority: the timers and the ready queue with their labels
	 * and the lateness; then the slow-callback warning; then the summary
	 * and the task tree when there is room for them. */
	bool warn = chef.blocked || run->slow.valid;
	int h = in.h;
	int warn_rows = warn ? (h >= 12 ? 2 : 1) : 0;
	int rem = h - 3 - warn_rows - (h >= 14 ? 1 : 0);
	int want_t = n_timers ? (int)(n_timers < MAX_LIST ? n_timers : MAX_LIST) : 1;
	int want_r = n_ready ? (int)(n_ready < MAX_LIST ? n_ready : MAX_LIST) : 1;
	int nt = want_t, nr = want_r;
	/* The task tree keeps up to half of what is left (its heading, main()
	 * and its branches): at 80x24 the steps that go on after their order
	 * failed stay in view beside the timers that will end them. */
	int keep = rem > 2 ? tree_want(run, rem / 2 - 1) + 1 : 0;
	int cap_t = h >= 16 ? rem / 3 : rem - 1 - keep, cap_r = h >= 16 ? rem / 5 : rem - 1;
	if (nt > cap_t)
		nt = cap_t;
	if (nt < 1)
		nt = 1;
	if (h < 16 && cap_r > rem - nt - keep)
		cap_r = rem - nt - keep;
	if (nr > cap_r)
		nr = cap_r;
	if (nr < 1)
		nr = 1;

	if (h >= 14)
		ui_putf(t, y++, in.x, in.w, UI_R_DIM,
			"heap %llu timers, ready %zu; libuv: %llu timers armed",
			(unsigned long long)n_timers, n_ready, (unsigned long long)v->armed);
	size_t got = n_timers ? (size_t)eng_timers(e, tl, (size_t)nt) : 0;
	if (got > (size_t)nt)
		got = (size_t)nt;
	for (int i = 0; i < n_own; i++)
		got = insert_timer(tl, got, (size_t)nt, &own[i]);
	size_t rgot = n_ready ? eng_ready(e, rl, (size_t)nr) : 0;
	if (rgot > (size_t)nr)
		rgot = (size_t)nr;
	struct loop_list timers = {
		"Timers, by due time (the heap):", "(none)", tl, sizeof *tl, got, n_timers,
		timer_row,
	};
	struct loop_list ready = {
		"Ready queue (FIFO):", "(empty)", rl, sizeof *rl, rgot, n_ready, ready_row,
	};
	y = draw_list(v, run, in, y, &timers);
	y = draw_list(v, run, in, y, &ready);
	int64_t late_now = 0;
	for (size_t i = 0; i < rgot; i++)
		if (v->now - rl[i].due > late_now)
			late_now = v->now - rl[i].due;
	/* While the loop is blocked, timers that fell due wait too. */
	if (got && v->now - tl[0].due > late_now)
		late_now = v->now - tl[0].due;
	if (y < end)
		ui_putf(t, y++, in.x, in.w, late_now > 0 ? UI_R_LATE : UI_R_NORMAL,
			"Lateness: now %s s, worst so far %s s", ui_secs(late_now, a),
			ui_secs(eng_summary(e)->late_max, b));

	if (warn_rows && y < end) {
		char who[64];
		if (chef.blocked) {
			ui_putf(t, y++, in.x, in.w, UI_R_BLOCKED,
				"Executing <Task %s> for %s s...",
				ui_task_label(s, chef.order, chef.recipe, chef.task, who, sizeof who),
				ui_secs(v->now - chef.since, a));
			if (warn_rows > 1 && y < end)
				ui_put(t, y++, in.x, in.w, UI_R_WORK,
				       "  slow callback: over slow_callback_duration (0.1 s)");
		} else {
			ui_putf(t, y++, in.x, in.w, UI_R_LATE,
				"Executing <Task %s> took %s seconds",
				ui_task_label(s, run->slow.order, run->slow.recipe, run->slow.task,
					      who, sizeof who), ui_secs(run->slow.took, a));
			if (warn_rows > 1 && y < end)
				ui_putf(t, y++, in.x, in.w, UI_R_DIM,
					"  (asyncio debug mode said so at %s s)",
					ui_secs(run->slow.at, b));
		}
	}
	if (y + 1 < end) {
		ui_put(t, y++, in.x, in.w, UI_R_LABEL, "Tasks (python -m asyncio pstree):");
		draw_tree(v, run, in, y, end);
	}
}

/* ---- the code panel ----------------------------------------------------- */

static void count_line(int *count, int n_lines, int line)
{
	if (line >= 1 && line <= n_lines)
		count[line]++;
}

/*
 * How many awaits are pending at each line of the program: every task's
 * sleep, blocking call or run_in_executor while it runs (its timeout's
 * `async with` too), its station's `async with` while it queues there, its
 * gather of earlier steps while it waits for them, and each open order's
 * gather (or TaskGroup) of its steps — in blocking code, the order's
 * `await step()` of the step it runs, as in a recipe that awaits its
 * steps in turn.
 */
/* Whether line `ln` of the program awaits (the recipe's `await step()`,
 * `await asyncio.gather(first(), second())`), rather than only starting a
 * task (`t = asyncio.create_task(step())`). */
static bool line_awaits(const char *const *start, int lines, int ln)
{
	if (ln < 1 || ln > lines)
		return false;
	const char *nl = strchr(start[ln], '\n');
	size_t len = nl ? (size_t)(nl - start[ln]) : strlen(start[ln]);
	const char *a = strstr(start[ln], "await ");
	return a && (size_t)(a - start[ln]) < len;
}

/* Counts `line` once for the order whose lines are in seen[0..*n). */
static void count_once(int *count, int n_lines, int line, int *seen, int *n, int cap)
{
	if (line < 1 || line > n_lines)
		return;
	for (int i = 0; i < *n; i++)
		if (seen[i] == line)
			return;
	if (*n < cap)
		seen[(*n)++] = line;
	count[line]++;
}

static void count_awaits(const struct ui_run *run, const struct exp_code *code,
			 const char *const *start, int lines, int *count)
{
	const struct eng_engine *e = run->eng;
	const struct scn_scenario *s = run->s;
	int nl = code->n_lines;
	size_t n = ui_run_orders(run);
	/* From the first order not over on: the ones before it have ended
	 * and none of their steps goes on, and a long run's thousands of
	 * them would cost every frame. */
	for (size_t i = ui_run_first_open(run); i < n; i++) {
		struct eng_order_info oi;
		eng_order_at(e, i, &oi);
		if (oi.recipe >= code->n_recipes || oi.state == ENG_OS_DONE)
			continue;
		/* The order's own coroutine waits at one line or two (a gather
		 * of steps, the step it awaits in turn): each counts once for
		 * it, however many steps it waits for there. A step's own
		 * waits count for each step. */
		int seen[8], n_seen = 0;
		bool open = oi.state == ENG_OS_OPEN;
		bool chain = !code->recipe_await[oi.recipe];
		if (open && run->mode == SCN_CONCURRENT)
			count_once(count, nl, code->recipe_await[oi.recipe], seen, &n_seen, 8);
		for (int k = 0; k < s->recipes[oi.recipe].n_tasks; k++) {
			const struct exp_step_lines *sl = &code->step_lines[oi.recipe][k];
			struct eng_task_info ti;
			eng_order_task(e, i, k, &ti);
			switch (ti.state) {
			case ENG_TS_PENDING:
				if (run->mode != SCN_CONCURRENT)
					break;
				if (chain && open)
					count_once(count, nl, sl->gather, seen, &n_seen, 8);
				else if (!chain)
					count_line(count, nl, sl->gather);
				break;
			case ENG_TS_STATION:
			case ENG_TS_POOL:
			case ENG_TS_RUNNING:
			case ENG_TS_ENDING:
				if (ti.state == ENG_TS_STATION) {
					count_line(count, nl, sl->station);
				} else {
					count_line(count, nl, sl->run);
					count_line(count, nl, sl->timeout);
				}
				/* The recipe awaits the step it runs in turn
				 * (blocking code, or a chain of steps). */
				if (open && line_awaits(start, lines, sl->call))
					count_once(count, nl, sl->call, seen, &n_seen, 8);
				break;
			default:
				break;
			}
		}
	}
}

/* One line of the program (line 0: a fold, "..."), lit when `n` awaits
 * are pending there. */
static void code_row(const struct ui_theme *t, struct ui_rect in, int y,
		     const char *const *start, int ln, int n)
{
	if (!ln) {
		ui_putf(t, y, in.x, in.w, UI_R_DIM, "     %s", t->g->ellipsis);
		return;
	}
	char text[512];
	const char *ls = start[ln];
	ui_line_next(&ls, text, sizeof text);
	enum ui_role role = n ? UI_R_CODE_HL : UI_R_NORMAL;
	ui_putf(t, y, in.x, 5, UI_R_DIM, "%4d", ln);
	int w = in.w - 5;
	char mark[32] = "";
	if (n)
		snprintf(mark, sizeof mark, " %s x%d", t->g->play, n);
	int mw = ui_text_width(mark, t->utf8);
	if (n)
		ui_fill(t, y, in.x + 5, w, role, " ");
	ui_put(t, y, in.x + 5, w - mw, role, text);
	if (n)
		ui_put_right(t, y, in.x + 5, w, role, mark);
}

/* The line of the `def` a line belongs to, if it is close above. */
static int def_above(const char *const *start, int ln)
{
	for (int i = ln - 1; i >= 1 && i >= ln - 6; i--) {
		const char *p = start[i];
		while (*p == ' ')
			p++;
		if (!strncmp(p, "def ", 4) || !strncmp(p, "async def ", 10))
			return i;
	}
	return ln - 1 > 0 ? ln - 1 : ln;
}

/*
 * The program folded to its pending awaits, in `h` rows: each lit line
 * with what leads to it (back to its def, else the line above, else
 * alone), stretches apart separated by a fold (a 0 in `rows`). Returns the
 * rows used, or 0 when even the lit lines alone do not fit.
 */
static int fold_rows(const int *count, const char *const *start, int lines, int h, int *rows)
{
	for (int level = 0; level < 3; level++) {
		int n = 0, last = 0;
		bool fits = true;
		for (int ln = 1; ln <= lines && fits; ln++) {
			if (!count[ln])
				continue;
			int from = level == 0 ? def_above(start, ln) : level == 1 ? ln - 1 : ln;
			if (from < 1)
				from = 1;
			if (from <= last)
				from = last + 1;
			else if (last && from > last + 1) {
				if (n >= h) {
					fits = false;
					break;
				}
				rows[n++] = 0;
			}
			for (int i = from; i <= ln; i++) {
				if (n >= h) {
					fits = false;
					break;
				}
				rows[n++] = i;
			}
			last = ln;
		}
		if (fits)
			return n;
	}
	return 0;
}

void ui_draw_code(const struct ui_view *v, const struct ui_run *run, struct ui_rect r)
{
	const struct ui_theme *t = v->th;
	const struct exp_code *code = v->code;
	struct ui_rect in = ui_box(t, r, "asyncio code (awaits pending)",
				   ui_title_role(v, UI_FOCUS_CODE));
	if (in.h <= 0)
		return;
	if (!code || !code->text) {
		ui_put(t, in.y, in.x, in.w, UI_R_DIM, "(the program could not be made)");
		return;
	}
	int n_lines = code->n_lines;
	int *count = calloc((size_t)n_lines + 2, sizeof *count);
	const char **start = malloc(((size_t)n_lines + 2) * sizeof *start);
	if (!count || !start) {
		free(count);
		free(start);
		return;
	}
	int first_hl = 0, last_hl = 0, lines = 0;
	const char *p = code->text;
	while (*p && lines < n_lines) {
		start[++lines] = p;
		const char *nl = strchr(p, '\n');
		p = nl ? nl + 1 : p + strlen(p);
	}
	count_awaits(run, code, start, lines, count);
	for (int i = 1; i <= lines; i++)
		if (count[i]) {
			if (!first_hl)
				first_hl = i;
			last_hl = i;
		}
	/* Follow the awaits: centre the highlighted span; when it does not
	 * fit, fold the program to the awaits and what leads to each; with
	 * nothing pending, stay where the last awaits were rather than jump
	 * back to the top of the file. */
	int *rows = calloc((size_t)in.h + 1, sizeof *rows);
	int n_rows = 0;
	int top = v->look->code_top > 0 ? v->look->code_top : 1;
	if (first_hl && last_hl - first_hl < in.h)
		top = first_hl - (in.h - (last_hl - first_hl)) / 2;
	else if (first_hl) {
		top = first_hl - 1;
		if (rows && !v->look->code_scroll)
			n_rows = fold_rows(count, start, lines, in.h, rows);
	}
	v->look->code_top = top;
	if (!n_rows && rows) {
		/* By hand from there; what it really moved is kept, so a
		 * scroll past either end does not have to be undone. */
		int want = top + v->look->code_scroll;
		int shown = want;
		if (shown > lines - in.h + 1)
			shown = lines - in.h + 1;
		if (shown < 1)
			shown = 1;
		v->look->code_scroll -= want - shown;
		for (; n_rows < in.h && shown + n_rows <= lines; n_rows++)
			rows[n_rows] = shown + n_rows;
	}
	for (int row = 0; row < n_rows; row++)
		code_row(t, in, in.y + row, start, rows[row], rows[row] ? count[rows[row]] : 0);
	free(rows);
	free(count);
	free(start);
}
