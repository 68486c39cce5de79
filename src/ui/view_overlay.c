/*
 * view_overlay.c — what may cover the screen's body for a moment: the help
 * (`?`: the keys, how to read an order's row, the colours, the model), the
 * lesson in full (`t`), and, when a run is over, its figures beside the
 * other mode's (or the race's two sides). The help and the lesson scroll
 * (arrows, PgUp/PgDn); the panels underneath stay as they were.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "export/race.h"
#include "keys.h"
#include "paint.h"
#include "text.h"
#include "view.h"

/* Clamps the overlay's scroll to `total` rows shown `h` at a time. */
static int overlay_skip(const struct ui_view *v, int total, int h)
{
	int *skip = &v->look->overlay_scroll;
	if (*skip > total - h)
		*skip = total - h;
	if (*skip < 0)
		*skip = 0;
	return *skip;
}

/* A box over `r` with a title and a footer line; returns the rows between. */
static struct ui_rect overlay_box(const struct ui_view *v, struct ui_rect r,
				  const char *title, const char *footer)
{
	const struct ui_theme *t = v->th;
	ui_clear(t, r, UI_R_NORMAL);
	struct ui_rect in = ui_box(t, r, title, UI_R_TITLE);
	in.x += 1;
	in.w -= 2;
	if (in.h > 0) {
		ui_put(t, in.y + in.h - 1, in.x, in.w, UI_R_DIM, footer);
		in.h--;
	}
	return in;
}

/* ---- help ---------------------------------------------------------------- */

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

/* The glyphs of a compact order row ("#5 ✓✓✓q·"), one per step. */
static void compact_legend(const struct ui_theme *t, char *buf, size_t cap)
{
	const struct ui_glyphs *g = t->g;
	snprintf(buf, cap,
		 "With more orders than rows, an order takes one row: its number, a "
		 "glyph per step in declaration order, then the bar of its first live "
		 "step. %s done, %s failed, - cancelled, %s running (sleeping, on a "
		 "thread or blocking), r ready (needs the chef), q waits for a "
		 "station, h waits for a helper, %s not started yet (waits for "
		 "earlier steps). So \"#5 %s%s%sq%s\": three steps done, the fourth "
		 "queues for its station, the fifth waits for it.",
		 g->check, g->cross, g->play, g->dot, g->check, g->check, g->check, g->dot);
}

/* The help's rows from `skip` down; returns how many it takes. */
static int help_rows(const struct ui_view *v, struct ui_rect in, int skip)
{
	const struct ui_theme *t = v->th;
	struct ui_flow f;
	ui_flow_init(&f, in, skip);
	ui_flow_text(t, &f, UI_R_LABEL, NULL, "The keys");
	unsigned prog = v->in ? v->in : UI_IN_DEMO;
	for (size_t i = 0; i < ui_n_keys; i++) {
		const struct ui_key *k = &ui_keys[i];
		if (!k->help || !k->cap || !(k->in & prog))
			continue;
		char cap[24];
		snprintf(cap, sizeof cap, " %-10s ", k->bar_cap ? k->bar_cap : k->cap);
		int y = f.y;
		bool shown = f.skip == 0 && f.y < in.y + in.h;
		struct ui_flow kf = f;
		kf.r.x += 13;
		kf.r.w -= 13;
		ui_flow_text(t, &kf, UI_R_NORMAL, NULL, k->help);
		if (shown)
			ui_put(t, y, in.x, 12, UI_R_KEY, cap);
		f.y = kf.y;
		f.skip = kf.skip;
		f.rows = kf.rows;
	}
	ui_flow_blank(&f);
	ui_flow_text(t, &f, UI_R_LABEL, NULL, "An order in one row");
	char compact[640];
	compact_legend(t, compact, sizeof compact);
	ui_flow_text(t, &f, UI_R_NORMAL, NULL, compact);
	ui_flow_blank(&f);
	ui_flow_text(t, &f, UI_R_LABEL, NULL, "Colours (the words say it too)");
	for (size_t i = 0; i < sizeof legend / sizeof legend[0]; i++) {
		int y = f.y;
		bool shown = f.skip == 0 && f.y < in.y + in.h;
		struct ui_flow lf = f;
		lf.r.x += 2;
		lf.r.w -= 2;
		ui_flow_text(t, &lf, legend[i].role, NULL, legend[i].what);
		if (shown)
			ui_put(t, y, in.x, 1, legend[i].role, t->g->full);
		f.y = lf.y;
		f.skip = lf.skip;
		f.rows = lf.rows;
	}
	ui_flow_blank(&f);
	int cw = (in.w - 2) / 3;
	for (size_t i = 0; i < sizeof model_rows / sizeof model_rows[0]; i++) {
		int y = f.y;
		bool shown = f.skip == 0 && f.y < in.y + in.h;
		ui_flow_blank(&f);
		if (shown)
			for (int c = 0; c < 3; c++)
				ui_put(t, y, in.x + c * cw, cw - 1,
				       i == 0 ? UI_R_LABEL : UI_R_NORMAL, model_rows[i][c]);
	}
	return f.rows;
}

void ui_draw_help(const struct ui_view *v, struct ui_rect r)
{
	struct ui_rect in = overlay_box(v, r, "Help",
					"Up/Down, PgUp/PgDn scroll; any other key closes the help.");
	if (in.h <= 0)
		return;
	struct ui_rect none = { in.y, in.x, 0, in.w };
	int skip = overlay_skip(v, help_rows(v, none, 0), in.h);
	help_rows(v, in, skip);
}

/* ---- the lesson in full ------------------------------------------------- */

static void one_lesson(const struct ui_view *v, struct ui_flow *f,
		       const struct scn_scenario *s, bool titled)
{
	const struct ui_theme *t = v->th;
	if (titled)
		ui_flow_text(t, f, UI_R_LABEL, NULL, s->title);
	if (s->concept)
		ui_flow_text(t, f, UI_R_SAY, "Concept: ", s->concept);
	if (s->lesson) {
		struct base_buf b;
		base_buf_init(&b, NULL);
		ui_lesson_text(s->lesson, &b);
		/* A blank row between paragraphs. */
		const char *p = base_buf_cstr(&b);
		char para[4096];
		for (bool first = true; ui_line_next(&p, para, sizeof para); first = false) {
			if (!first)
				ui_flow_blank(f);
			ui_flow_text(t, f, UI_R_NORMAL, NULL, para);
		}
		base_buf_close(&b);
	}
}

static int lesson_full_rows(const struct ui_view *v, struct ui_rect in, int skip)
{
	const struct ui_model *m = v->m;
	struct ui_flow f;
	ui_flow_init(&f, in, skip);
	bool two = m->race && ui_model_two_scenarios(m);
	one_lesson(v, &f, two ? m->run[0].s : m->s, two);
	if (two) {
		ui_flow_blank(&f);
		one_lesson(v, &f, m->run[1].s, true);
	}
	return f.rows;
}

void ui_draw_lesson_full(const struct ui_view *v, struct ui_rect r)
{
	char title[256];
	snprintf(title, sizeof title, "Lesson %s %s", v->th->g->dot, v->m->s->title);
	struct ui_rect in = overlay_box(v, r, title,
					"Up/Down, PgUp/PgDn scroll; t or Esc closes.");
	if (in.h <= 0)
		return;
	struct ui_rect none = { in.y, in.x, 0, in.w };
	int skip = overlay_skip(v, lesson_full_rows(v, none, 0), in.h);
	lesson_full_rows(v, in, skip);
}

/* ---- the end of a run --------------------------------------------------- */

static void fig_count(const struct ui_figures *f, uint64_t n, char *buf, size_t cap)
{
	if (!f->valid)
		snprintf(buf, cap, "?");
	else
		snprintf(buf, cap, "%llu", (unsigned long long)n);
}

static void fig_of(const struct ui_figures *f, uint64_t n, char *buf, size_t cap)
{
	if (!f->valid)
		snprintf(buf, cap, "?");
	else
		snprintf(buf, cap, "%llu of %llu", (unsigned long long)n,
			 (unsigned long long)f->orders);
}

static void fig_secs(const struct ui_figures *f, int64_t ms, char *buf, size_t cap)
{
	char s[32];
	if (!f->valid)
		snprintf(buf, cap, "?");
	else
		snprintf(buf, cap, "%s s", ui_secs(ms, s));
}

static struct exp_race_side race_side(const struct ui_figures *f, const char *name)
{
	struct exp_race_side side = {
		name, f->makespan, f->orders, f->served, f->walked_out, f->failed,
	};
	return side;
}

/* A buffer's text into `buf` (cut to `cap`); returns its length. */
static int copy_out(struct base_buf *b, char *buf, size_t cap)
{
	int n = snprintf(buf, cap, "%s", base_buf_cstr(b));
	base_buf_close(b);
	return n < 0 ? 0 : (size_t)n < cap ? n : (int)cap - 1;
}

/* The verdict under the table: who finished sooner, then, on a line of
 * its own, what each side served — sooner is not all (export/race.h). */
void ui_figures_verdict(const struct ui_figures f[2], const char *const name[2],
			char *buf, size_t cap)
{
	struct exp_race_side side[2] = { race_side(&f[0], name[0]), race_side(&f[1], name[1]) };
	struct base_buf b;
	base_buf_init(&b, NULL);
	exp_race_verdict(&b, side);
	copy_out(&b, buf, cap);
}

int ui_figures_tally(const struct ui_figures *f, const char *name, char *buf, size_t cap)
{
	struct exp_race_side side = race_side(f, name);
	struct base_buf b;
	base_buf_init(&b, NULL);
	exp_race_tally(&b, &side);
	return copy_out(&b, buf, cap);
}

/* The columns' names: the race's sides, or this run and the other mode. */
void ui_figures_names(const struct ui_view *v, char name[2][64])
{
	const struct ui_model *m = v->m;
	if (m->race && ui_model_two_scenarios(m)) {
		snprintf(name[0], 64, "left (%s)", scn_mode_name(m->run[0].mode));
		snprintf(name[1], 64, "right (%s)", scn_mode_name(m->run[1].mode));
	} else if (m->race) {
		snprintf(name[0], 64, "%s", scn_mode_name(m->run[0].mode));
		snprintf(name[1], 64, "%s", scn_mode_name(m->run[1].mode));
	} else {
		snprintf(name[0], 64, "%s", scn_mode_name(m->run[0].mode));
		snprintf(name[1], 64, "%s", scn_mode_name(m->run[0].mode == SCN_SEQUENTIAL ?
							  SCN_CONCURRENT : SCN_SEQUENTIAL));
	}
}

/* The summary's table: a row per figure, the two columns' values. */
struct fig_row {
	const char *label;
	char value[2][40];
};

static int fig_rows(const struct ui_view *v, struct fig_row rows[7])
{
	const struct ui_figures *f = v->fig;
	static const char *const labels[7] = {
		"finished after", "orders served", "failed", "  walked out",
		"loop blocked", "worst lateness", "mean latency",
	};
	for (int i = 0; i < 7; i++) {
		rows[i].label = labels[i];
		for (int c = 0; c < 2; c++) {
			const struct ui_figures *x = &f[c];
			char *out = rows[i].value[c];
			switch (i) {
			case 0: fig_secs(x, x->makespan, out, 40); break;
			case 1: fig_of(x, x->served, out, 40); break;
			case 2: fig_count(x, x->failed, out, 40); break;
			case 3: fig_count(x, x->walked_out, out, 40); break;
			case 4: fig_secs(x, x->blocked, out, 40); break;
			case 5: fig_secs(x, x->late_max, out, 40); break;
			default: fig_secs(x, x->latency_mean, out, 40); break;
			}
		}
	}
	return 7;
}

/* The words under the table: who finished sooner, what each served. */
static void summary_words(const struct ui_view *v, char *buf, size_t cap)
{
	const struct ui_figures *f = v->fig;
	char name[2][64], m[32];
	ui_figures_names(v, name);
	const char *names[2] = { name[0], name[1] };
	if (f[1].valid) {
		/* Who finished sooner; the table says what each served. */
		ui_figures_verdict(f, names, buf, cap);
		char *nl = strchr(buf, '\n');
		if (nl)
			*nl = '\0';
	} else
		snprintf(buf, cap,
			 "The other mode was not run here (more than %d orders): "
			 "kitchen run --mode %s gives it. Finished at %s s.",
			 UI_FIGURES_MAX_ORDERS,
			 scn_mode_name(f[0].mode == SCN_SEQUENTIAL ? SCN_CONCURRENT
								  : SCN_SEQUENTIAL),
			 ui_secs(f[0].makespan, m));
}

/* The summary inside `in`: the table in one or two halves, then the
 * words. Returns the rows it takes (a rectangle of no height measures). */
static int summary_body(const struct ui_view *v, struct ui_rect in)
{
	const struct ui_theme *t = v->th;
	struct fig_row rows[7];
	int n = fig_rows(v, rows);
	char name[2][64];
	ui_figures_names(v, name);
	int cw = 9;
	for (int i = 0; i < n; i++)
		for (int c = 0; c < 2; c++) {
			int w = ui_text_width(rows[i].value[c], t->utf8) + 1;
			if (w > cw)
				cw = w;
		}
	for (int c = 0; c < 2; c++) {
		int w = ui_text_width(name[c], t->utf8) + 1;
		if (w > cw)
			cw = w;
	}
	int lw = 15;
	int hw = lw + 2 * cw + 2;      /* a half and the gap after it */
	int halves = in.w >= 2 * hw - 2 ? 2 : 1;
	int per = (n + halves - 1) / halves;
	for (int h = 0; h < halves; h++) {
		int x = in.x + h * hw;
		if (in.h > 0)
			for (int c = 0; c < 2; c++)
				ui_put_right(t, in.y, x + lw + c * cw, cw, UI_R_TITLE, name[c]);
		for (int r = 0; r < per && h * per + r < n; r++) {
			const struct fig_row *row = &rows[h * per + r];
			int y = in.y + 1 + r;
			if (y >= in.y + in.h)
				break;
			ui_put(t, y, x, lw, UI_R_NORMAL, row->label);
			for (int c = 0; c < 2; c++)
				ui_put_right(t, y, x + lw + c * cw, cw, UI_R_LABEL, row->value[c]);
		}
	}
	char words[512];
	summary_words(v, words, sizeof words);
	struct ui_rect wr = { in.y + 1 + per, in.x, in.h - 1 - per, in.w };
	if (wr.h < 0)
		wr.h = 0;
	struct ui_flow f;
	ui_flow_init(&f, wr, 0);
	const char *p = words;
	char one[512];
	while (ui_line_next(&p, one, sizeof one))
		ui_flow_text(t, &f, f.rows ? UI_R_NORMAL : UI_R_ASK, NULL, one);
	return 1 + per + f.rows;
}

int ui_summary_rows(const struct ui_view *v, int cols)
{
	struct ui_rect measure = { 0, 2, 0, cols - 4 };
	return 2 + summary_body(v, measure) + 1;    /* box, body, footer */
}

void ui_draw_summary(const struct ui_view *v, struct ui_rect r)
{
	const struct ui_theme *t = v->th;
	ui_clear(t, r, UI_R_NORMAL);
	struct ui_rect in = ui_box(t, r, v->m->race ? "The race is over" : "The run is over",
				   UI_R_DONE);
	in.x += 1;
	in.w -= 2;
	if (in.h <= 0)
		return;
	struct ui_rect body = { in.y, in.x, in.h - 1, in.w };
	summary_body(v, body);
	ui_put(t, in.y + in.h - 1, in.x, in.w, UI_R_DIM,
	       v->m->race ? "Esc closes; r runs it again, v leaves the race."
			  : "Esc closes; r runs it again, m the other mode, v the race.");
}
