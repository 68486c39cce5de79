/*
 * view_race.c — the race view (`v`, `kitchen --race`): the same scenario in
 * sequential and in concurrent mode, side by side on one clock, each
 * finishing when it should, and the difference called out underneath.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "paint.h"
#include "text.h"
#include "view.h"

/* A side's name: its mode, or, when two scenarios race, its scenario. */
static void side_name(const struct ui_view *v, const struct ui_run *run, char *buf,
		      size_t cap)
{
	bool seq = run->mode == SCN_SEQUENTIAL;
	if (ui_model_two_scenarios(v->m))
		snprintf(buf, cap, "%s (%s)", run->s->title, scn_mode_name(run->mode));
	else
		snprintf(buf, cap, "%s", seq ? "sequential (blocking code)"
					     : "concurrent (asyncio)");
}

static void side(const struct ui_view *v, const struct ui_run *run, struct ui_rect r)
{
	const struct ui_theme *t = v->th;
	const struct scn_scenario *s = run->s;
	char title[192], name[160], a[32];
	int64_t fin = ui_run_finished_at(run);
	side_name(v, run, name, sizeof name);
	if (fin >= 0 && !ui_model_two_scenarios(v->m))
		snprintf(title, sizeof title, "%s: finished at %s s", scn_mode_name(run->mode),
			 ui_secs(fin, a));
	else if (fin >= 0)
		snprintf(title, sizeof title, "%s: finished at %s s", name, ui_secs(fin, a));
	else
		snprintf(title, sizeof title, "%s", name);
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
	const struct ui_run *left = &v->m->run[0], *right = &v->m->run[1];
	side(v, left, lay->r[UI_P_RACE_SEQ]);
	side(v, right, lay->r[UI_P_RACE_CONC]);
	if (!ui_rect_shown(&lay->r[UI_P_RACE_VERDICT]))
		return;

	struct ui_rect in = ui_box(t, lay->r[UI_P_RACE_VERDICT], "The race", UI_R_TITLE);
	if (in.h <= 0)
		return;
	int64_t fl = ui_run_finished_at(left), fr = ui_run_finished_at(right);
	struct ui_figures f[2];
	ui_figures_of_run(left, &f[0]);
	ui_figures_of_run(right, &f[1]);
	char name[2][64], line[512], a[32];
	ui_figures_names(v, name);
	const char *names[2] = { name[0], name[1] };
	enum ui_role role = UI_R_LABEL;
	if (fl >= 0 && fr >= 0) {
		ui_figures_verdict(f, names, line, sizeof line);
		role = UI_R_ASK;
	} else {
		/* Still cooking: who is over, then each side's tally so far. */
		int n;
		if (fl >= 0 || fr >= 0) {
			int done = fl >= 0 ? 0 : 1;
			n = snprintf(line, sizeof line, "%s finished at %s s; %s is still cooking.",
				     names[done], ui_secs(done ? fr : fl, a), names[1 - done]);
		} else {
			n = snprintf(line, sizeof line, "%s", ui_model_two_scenarios(v->m) ?
				     "Two kitchens, one clock." :
				     "Both kitchens cook the same orders.");
		}
		for (int i = 0; i < 2 && n > 0 && (size_t)n + 1 < sizeof line; i++) {
			line[n++] = '\n';
			if (f[i].orders)
				n += ui_figures_tally(&f[i], names[i], line + n,
						      sizeof line - (size_t)n);
			else    /* not "0 of 0 served": none has come in yet */
				n += snprintf(line + n, sizeof line - (size_t)n,
					      "%s: no order yet.", names[i]);
		}
	}
	/* Each line centred when it fits, else wrapped. */
	struct ui_flow fw;
	ui_flow_init(&fw, in, 0);
	const char *p = line;
	char one[512];
	while (fw.y < in.y + in.h && ui_line_next(&p, one, sizeof one)) {
		int w = ui_text_width(one, t->utf8);
		if (w <= in.w)
			ui_put(t, fw.y++, in.x + (in.w - w) / 2, in.w, role, one);
		else
			ui_flow_text(t, &fw, role, NULL, one);
	}
}
