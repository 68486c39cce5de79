/*
 * view_race.c — the race view (`v`, `kitchen --race`): the same scenario in
 * sequential and in concurrent mode, side by side on one clock, each
 * finishing when it should, and the difference called out underneath.
 */
#include <curses.h>
#include <stdio.h>

#include "paint.h"
#include "text.h"
#include "view.h"

static void side(const struct ui_view *v, const struct ui_run *run, struct ui_rect r)
{
	const struct ui_theme *t = v->th;
	const struct scn_scenario *s = run->s;
	char title[128], a[32];
	int64_t fin = ui_run_finished_at(run);
	bool seq = run->mode == SCN_SEQUENTIAL;
	if (fin >= 0)
		snprintf(title, sizeof title, "%s: finished at %s s",
			 seq ? "sequential" : "concurrent", ui_secs(fin, a));
	else
		snprintf(title, sizeof title, "%s", seq ? "sequential (blocking code)"
							: "concurrent (asyncio)");
	struct ui_rect in = ui_box(t, r, title, fin >= 0 ? UI_R_DONE : UI_R_TITLE);
	if (in.h <= 0)
		return;
	int kh = 2 + (s->n_stations ? 1 + s->n_stations : 0) + 2;
	if (kh > in.h / 2)
		kh = in.h / 2;
	int lh = in.h - kh >= 12 ? 4 : 0;
	struct ui_rect k = { in.y, in.x, kh, in.w };
	struct ui_rect o = { in.y + kh, in.x, in.h - kh - lh, in.w };
	struct ui_rect l = { in.y + in.h - lh, in.x, lh, in.w };
	ui_draw_kitchen(v, run, k, false);
	ui_fill(t, o.y, o.x, o.w, UI_R_BORDER, t->g->h);
	o.y++;
	o.h--;
	ui_draw_orders(v, run, o, false);
	if (lh) {
		ui_fill(t, l.y, l.x, l.w, UI_R_BORDER, t->g->h);
		l.y++;
		l.h--;
		ui_draw_log(v, run, l, false);
	}
}

void ui_draw_race(const struct ui_view *v)
{
	const struct ui_theme *t = v->th;
	const struct ui_layout *lay = v->lay;
	const struct ui_run *seq = &v->m->run[0], *conc = &v->m->run[1];
	side(v, seq, lay->r[UI_P_RACE_SEQ]);
	side(v, conc, lay->r[UI_P_RACE_CONC]);

	struct ui_rect in = ui_box(t, lay->r[UI_P_RACE_VERDICT], "The race", UI_R_TITLE);
	if (in.h <= 0)
		return;
	int64_t fs = ui_run_finished_at(seq), fc = ui_run_finished_at(conc);
	char line[256], a[32], b[32], c[32];
	enum ui_role role = UI_R_LABEL;
	if (fs >= 0 && fc >= 0) {
		if (fc < fs)
			snprintf(line, sizeof line,
				 "concurrent finished %s s sooner (%s s vs %s s)",
				 ui_secs(fs - fc, a), ui_secs(fc, b), ui_secs(fs, c));
		else if (fs < fc)
			snprintf(line, sizeof line,
				 "sequential finished %s s sooner (%s s vs %s s)",
				 ui_secs(fc - fs, a), ui_secs(fs, b), ui_secs(fc, c));
		else
			snprintf(line, sizeof line, "both finished at %s s", ui_secs(fs, a));
		role = UI_R_ASK;
	} else if (fc >= 0) {
		snprintf(line, sizeof line,
			 "concurrent finished at %s s; sequential is still cooking",
			 ui_secs(fc, a));
	} else if (fs >= 0) {
		snprintf(line, sizeof line,
			 "sequential finished at %s s; concurrent is still cooking",
			 ui_secs(fs, a));
	} else {
		snprintf(line, sizeof line, "both kitchens are cooking the same orders");
		role = UI_R_DIM;
	}
	int w = ui_text_width(line, t->utf8);
	int x = in.x + (in.w > w ? (in.w - w) / 2 : 0);
	ui_put(t, in.y, x, in.w, role, line);
}
