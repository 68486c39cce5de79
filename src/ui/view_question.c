/*
 * view_question.c — a question of the lesson, in the strip below the
 * kitchen: its text, its numbered choices, then the right one marked and the
 * explanation, with a line saying how to answer or how to go on. The same
 * function measures it (a rectangle of no height) and draws it, so the
 * layout gives it exactly the rows it takes.
 */
#include <stdio.h>
#include <string.h>

#include "paint.h"
#include "text.h"
#include "view.h"

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
	if (v->m->asked < v->m->n_asks)
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

/* The question's rows inside `in` (its box's inside, less the footer
 * row): returns how many it takes. A rectangle of height 0 measures. */
static int question_body(const struct ui_view *v, struct ui_rect in)
{
	const struct ui_theme *t = v->th;
	const struct ui_model *m = v->m;
	const struct ui_question *q = &m->question;
	const struct scn_directive *d = ui_model_question(m);
	struct ui_flow f;
	ui_flow_init(&f, in, 0);
	ui_flow_text(t, &f, UI_R_ASK, NULL, d->text ? d->text : "");
	/* The choices leave room on the right for their mark. */
	struct ui_flow cf = f;
	cf.r.w -= 8;
	for (int i = 0; i < d->n_choices; i++) {
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
		int y = cf.y;
		bool shown = cf.y < in.y + in.h;
		ui_flow_text(t, &cf, role, pre, d->choices[i]);
		if (mark && shown)
			ui_put_right(t, y, in.x, in.w, role, mark);
	}
	f.y = cf.y;
	f.rows = cf.rows;
	if (q->revealed) {
		/* The verdict, and the explanation beside it. */
		char verdict[160];
		question_verdict(m, d, verdict, sizeof verdict);
		int vw = ui_text_width(verdict, t->utf8) + 1;
		if (f.y < in.y + in.h)
			ui_put(t, f.y, in.x, in.w, q->chosen == d->answer ? UI_R_RIGHT : UI_R_ASK,
			       verdict);
		struct ui_flow ef;
		struct ui_rect er = { f.y, in.x + vw, in.y + in.h - f.y, in.w - vw };
		ui_flow_init(&ef, er, 0);
		if (d->explain)
			ui_flow_text(t, &ef, UI_R_NORMAL, NULL, d->explain);
		else
			ui_flow_blank(&ef);
		f.rows += ef.rows;
	}
	return f.rows;
}

int ui_question_rows(const struct ui_view *v, int cols)
{
	if (!ui_model_question(v->m))
		return 0;
	if (v->look->question_hidden)
		return 3;
	struct ui_rect measure = { 0, 2, 0, cols - 4 };
	return 2 + question_body(v, measure) + 1;   /* box, body, footer */
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
	if (v->look->question_hidden) {
		char hint[96];
		snprintf(hint, sizeof hint, q->revealed ? "(Esc shows the answer) " :
			 "(1-%d answers, Esc shows the question) ", d->n_choices);
		int hw = ui_put(t, in.y, in.x, in.w, UI_R_DIM, hint);
		ui_put(t, in.y, in.x + hw, in.w - hw, UI_R_ASK, d->text ? d->text : "");
		return;
	}
	struct ui_rect body = { in.y, in.x, in.h - 1, in.w };
	question_body(v, body);
	ui_put(t, in.y + in.h - 1, in.x, in.w, UI_R_DIM, question_footer(v));
}
