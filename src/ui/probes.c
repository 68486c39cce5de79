/*
 * probes.c — the conformance log and the lateness probe (probes.h).
 */
#include "probes.h"

void ui_event_log_init(struct ui_event_log *l, FILE *to)
{
	l->to = to;
	l->state = to ? UI_LOG_WAITING : UI_LOG_OFF;
	l->eng = NULL;
	base_buf_init(&l->buf, NULL);
}

void ui_event_log_close(struct ui_event_log *l)
{
	base_buf_close(&l->buf);
	l->state = UI_LOG_OFF;
}

void ui_event_log_follow(struct ui_event_log *l, const struct eng_engine *e)
{
	if (l->state != UI_LOG_WAITING)
		return;
	l->eng = e;
	l->state = UI_LOG_ON;
}

void ui_event_log_event(struct ui_event_log *l, const struct eng_engine *e,
			const struct eng_event *ev, int64_t wall_v)
{
	if (l->state != UI_LOG_ON || e != l->eng)
		return;
	struct base_buf *b = &l->buf;
	b->n = 0;
	exp_event_jsonl(b, eng_scenario(e), ev);
	/* "wall" goes before the closing brace. */
	while (b->n > 0 && b->v[b->n - 1] != '}')
		b->n--;
	if (!b->n)
		return;
	b->n--;
	base_buf_puts(b, ",\"wall\":");
	exp_put_seconds(b, wall_v);
	base_buf_puts(b, "}\n");
	fwrite(b->v, 1, b->n, l->to);
}

void ui_event_log_check(struct ui_event_log *l)
{
	if (l->state != UI_LOG_ON || !eng_done(l->eng))
		return;
	l->buf.n = 0;
	exp_summary_jsonl(&l->buf, eng_scenario(l->eng), eng_summary(l->eng));
	fwrite(l->buf.v, 1, l->buf.n, l->to);
	fflush(l->to);
	l->state = UI_LOG_OVER;
}

void ui_event_log_end(struct ui_event_log *l)
{
	ui_event_log_check(l);
	if (l->state == UI_LOG_ON) {
		fflush(l->to);
		l->state = UI_LOG_OVER;
	}
}

void ui_lateness_init(struct ui_lateness *p, bool on)
{
	p->on = on;
	base_samples_init(&p->samples);
}

void ui_lateness_close(struct ui_lateness *p)
{
	base_samples_close(&p->samples);
}

void ui_lateness_event(struct ui_lateness *p, const struct rt_clock *c,
		       struct rt_time_source *time, const struct eng_event *ev)
{
	if (!p->on || !rt_clock_running(c) || ev->late != 0 ||
	    (ev->type != ENG_TASK_DONE && ev->type != ENG_TASK_FAILED))
		return;
	uint64_t ideal = rt_clock_wall_of(c, ev->t);
	if (ideal && ideal != RT_NEVER_NS)
		base_samples_add(&p->samples, (int64_t)(rt_time_now(time) - ideal));
}

void ui_lateness_write(struct ui_lateness *p, FILE *to)
{
	base_samples_write(&p->samples, to);
}
