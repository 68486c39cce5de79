/*
 * timeline.c — `kitchen run --format timeline`: the run as a chart in the
 * terminal. One row per task of the first orders (and one for the chef),
 * time running left to right: waiting for the chef, a station or a thread,
 * running, blocking the loop, failing, cancelled. It is drawn after the run
 * from the events it observed; nothing here changes the run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "timeline.h"

#define MAX_ROWS 40
#define CHART_COLS 60
#define MAX_LABEL 40    /* columns of a row's label, at most */

/* By strength: where segments share a column, the strongest is drawn. */
enum seg_kind { SEG_WAITING, SEG_LATE, SEG_RUNNING, SEG_BLOCKING, SEG_CANCELLED, SEG_FAILED };

struct segment {
	int64_t from, to;
	enum seg_kind kind;
};

struct row {
	uint64_t order;
	int recipe, task;
	struct segment *segs;
	int n, cap;
	int64_t open_from;      /* start of the segment in progress, -1 none */
	enum seg_kind open_kind;
};

struct exp_timeline {
	const struct scn_scenario *s;
	struct row rows[MAX_ROWS + 1];  /* the last one is the chef */
	int n_rows;
	uint64_t tasks;         /* tasks of the orders that arrived */
	int64_t makespan;
	bool ascii;
};

struct glyphs {
	const char *waiting, *late, *running, *blocking, *instant, *failed, *cancelled, *empty;
};

static const struct glyphs utf8 = { "·", "░", "█", "▓", "▏", "✗", "⊘", " " };
static const struct glyphs ascii = { ".", "~", "=", "#", "|", "x", "-", " " };

struct exp_timeline *exp_timeline_new(const struct scn_scenario *s, bool ascii_only)
{
	struct exp_timeline *tl = calloc(1, sizeof *tl);
	if (!tl)
		return NULL;
	tl->s = s;
	tl->ascii = ascii_only;
	struct row *chef = &tl->rows[MAX_ROWS];
	chef->open_from = -1;
	chef->task = -1;
	return tl;
}

void exp_timeline_free(struct exp_timeline *tl)
{
	if (!tl)
		return;
	for (int i = 0; i <= MAX_ROWS; i++)
		free(tl->rows[i].segs);
	free(tl);
}

static void add_segment(struct row *r, int64_t from, int64_t to, enum seg_kind kind)
{
	if (r->n == r->cap) {
		int cap = r->cap ? r->cap * 2 : 4;
		struct segment *v = realloc(r->segs, (size_t)cap * sizeof *v);
		if (!v)
			return; /* a chart with a gap beats no transcript at all */
		r->segs = v;
		r->cap = cap;
	}
	r->segs[r->n++] = (struct segment){ from, to, kind };
}

static void close_open(struct row *r, int64_t t)
{
	if (r->open_from >= 0)
		add_segment(r, r->open_from, t, r->open_kind);
	r->open_from = -1;
}

static struct row *row_of(struct exp_timeline *tl, const struct eng_event *ev)
{
	for (int i = tl->n_rows - 1; i >= 0; i--)
		if (tl->rows[i].order == ev->order && tl->rows[i].task == ev->task)
			return &tl->rows[i];
	if (tl->n_rows == MAX_ROWS)
		return NULL;
	struct row *r = &tl->rows[tl->n_rows++];
	r->order = ev->order;
	r->recipe = ev->recipe;
	r->task = ev->task;
	r->open_from = -1;
	return r;
}

static void on_event(void *ctx, const struct eng_event *ev)
{
	struct exp_timeline *tl = ctx;
	tl->makespan = ev->t;
	if (ev->type == ENG_ORDER_ARRIVED)
		tl->tasks += (uint64_t)tl->s->recipes[ev->recipe].n_tasks;
	if (ev->task < 0 || ev->type == ENG_SAY)
		return;
	struct row *r = row_of(tl, ev);
	if (!r)
		return;
	struct row *chef = &tl->rows[MAX_ROWS];
	switch (ev->type) {
	case ENG_TASK_READY:
		close_open(r, ev->t);
		r->open_from = ev->t;
		r->open_kind = SEG_WAITING;
		break;
	case ENG_TASK_STARTED:
		close_open(r, ev->t);
		r->open_from = ev->t;
		r->open_kind = ev->kind == SCN_WORK ? SEG_BLOCKING : SEG_RUNNING;
		if (ev->kind == SCN_WORK) {
			chef->open_from = ev->t;
			chef->open_kind = SEG_BLOCKING;
		}
		break;
	case ENG_TASK_DONE:
	case ENG_TASK_FAILED:
	case ENG_TASK_CANCELLED:
		if (r->open_from >= 0 && r->open_kind == SEG_BLOCKING)
			close_open(chef, ev->t);
		if (ev->type != ENG_TASK_CANCELLED && ev->late > 0 && r->open_from >= 0) {
			/* Over at t - late; the loop only noticed at t. */
			close_open(r, ev->t - ev->late);
			add_segment(r, ev->t - ev->late, ev->t, SEG_LATE);
		}
		close_open(r, ev->t);
		if (ev->type != ENG_TASK_DONE)
			add_segment(r, ev->t, ev->t,
				    ev->type == ENG_TASK_FAILED ? SEG_FAILED : SEG_CANCELLED);
		break;
	default:
		break;
	}
}

int exp_timeline_attach(struct exp_timeline *tl, struct eng_engine *e)
{
	struct eng_observer o = { .on_event = on_event, .ctx = tl };
	return eng_add_observer(e, &o);
}

/* A round step per column: 1, 2 or 5 times a power of ten, in ms. */
static int64_t column_step(int64_t makespan)
{
	int64_t step = 1;
	for (;;) {
		static const int mult[] = { 1, 2, 5 };
		for (int i = 0; i < 3; i++)
			if (step * mult[i] * CHART_COLS >= makespan)
				return step * mult[i];
		step *= 10;
	}
}

static void put_seconds(struct base_buf *b, int64_t ms)
{
	/* "1.5s", "20s", "0.25s": as short as the value allows. */
	char tmp[32];
	int n = snprintf(tmp, sizeof tmp, "%lld.%03lld", (long long)(ms / 1000), (long long)(ms % 1000));
	while (n > 0 && tmp[n - 1] == '0')
		n--;
	if (n > 0 && tmp[n - 1] == '.')
		n--;
	base_buf_put(b, tmp, (size_t)n);
	base_buf_puts(b, "s");
}

/* Columns the chart needs: one per step up to the end of the run, and the
 * one the end falls in (what happens at that very moment is drawn there):
 * at most CHART_COLS + 1, as column_step() keeps makespan / step within
 * CHART_COLS. */
static int chart_cols(int64_t step, int64_t makespan)
{
	return (int)(makespan / step) + 1;
}

static void draw_row(struct base_buf *b, const struct glyphs *g, const struct row *r, int64_t step,
		     int64_t makespan)
{
	int cols = chart_cols(step, makespan);
	for (int c = 0; c < cols; c++) {
		int64_t from = c * step, to = from + step;
		const char *glyph = g->empty;
		int strength = -1;
		for (int i = 0; i < r->n; i++) {
			const struct segment *sg = &r->segs[i];
			bool overlaps = sg->from < sg->to && sg->from < to && sg->to > from;
			bool instant = sg->from == sg->to && sg->from >= from && sg->from < to;
			if (!overlaps && !(instant && sg->kind >= SEG_RUNNING))
				continue;
			if ((int)sg->kind <= strength)
				continue;
			strength = (int)sg->kind;
			switch (sg->kind) {
			case SEG_WAITING: glyph = g->waiting; break;
			case SEG_LATE: glyph = g->late; break;
			case SEG_RUNNING: glyph = instant ? g->instant : g->running; break;
			case SEG_BLOCKING: glyph = instant ? g->instant : g->blocking; break;
			case SEG_CANCELLED: glyph = g->cancelled; break;
			case SEG_FAILED: glyph = g->failed; break;
			}
		}
		base_buf_puts(b, glyph);
	}
}

/* Writes a row's label "#12 grind" (b NULL: only measures), cut at a
 * character boundary to at most `cols` columns; returns its columns. */
static int put_label(struct base_buf *b, const struct exp_timeline *tl,
		     const struct row *r, int cols)
{
	char order[24];
	int n = snprintf(order, sizeof order, "#%llu ", (unsigned long long)r->order);
	if (n > cols)
		n = cols;
	if (b)
		base_buf_put(b, order, (size_t)n);
	const char *name = tl->s->recipes[r->recipe].tasks[r->task].name;
	struct base_text how = { .ascii = tl->ascii, .indent = -1, .max_cols = cols };
	return base_text_put(b, name, strlen(name), &how, n, NULL);
}

static int by_order_task(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return (x->task > y->task) - (x->task < y->task);
}

/* The widest label of a chart's rows (at least 6). Sorts its rows first:
 * they were made as tasks first showed up; they are read order by order. */
static int chart_label(struct exp_timeline *tl)
{
	qsort(tl->rows, (size_t)tl->n_rows, sizeof tl->rows[0], by_order_task);
	int label = 6;
	for (int i = 0; i < tl->n_rows; i++) {
		int n = put_label(NULL, tl, &tl->rows[i], MAX_LABEL);
		if (n > label)
			label = n;
	}
	return label;
}

/* "TITLE — mode, finished after X s", a chart's first line; the title may
 * hold anything: escaped, and a line break continues indented, where no
 * row starts. */
static void put_title(struct base_buf *b, const struct exp_timeline *tl,
		      const struct eng_summary *sum)
{
	struct base_text title = { .ascii = tl->ascii, .indent = 2, .max_cols = -1 };
	base_text_put(b, tl->s->title, strlen(tl->s->title), &title, 0, NULL);
	base_buf_puts(b, tl->ascii ? " - " : " \u2014 ");
	base_buf_puts(b, scn_mode_name(sum->mode));
	base_buf_puts(b, ", finished after ");
	exp_put_seconds(b, sum->makespan);
	base_buf_puts(b, " s");
}

/* The axis: a label every 10 columns. */
static void put_axis(struct base_buf *b, int label, int64_t step, int cols)
{
	base_buf_pad(b, label + 2);
	int col = 0;
	while (col < cols) {
		size_t before = b->n;
		put_seconds(b, col * step);
		int used = (int)(b->n - before);
		int gap = 10 - used;
		if (col + used + gap > cols)
			gap = cols - col - used;
		base_buf_pad(b, gap);
		col += 10;
	}
	base_buf_puts(b, "\n");
}

/* The rows of a run, its loop row, and the tasks that did not fit. */
static void put_rows(struct base_buf *b, struct exp_timeline *tl, int label, int64_t step,
		     const struct eng_summary *sum)
{
	const struct glyphs *g = tl->ascii ? &ascii : &utf8;
	for (int i = 0; i < tl->n_rows; i++) {
		const struct row *r = &tl->rows[i];
		base_buf_pad(b, label + 2 - put_label(b, tl, r, label));
		draw_row(b, g, r, step, sum->makespan);
		/* No trailing blanks (the chart is written in one block, so
		 * they are all still in the buffer). */
		while (b->n && b->v[b->n - 1] == ' ')
			b->n--;
		base_buf_puts(b, "\n");
	}
	const struct row *chef = &tl->rows[MAX_ROWS];
	if (chef->n) {
		base_buf_puts(b, "loop");
		base_buf_pad(b, label + 2 - 4);
		draw_row(b, g, chef, step, sum->makespan);
		base_buf_puts(b, "  blocked ");
		exp_put_seconds(b, sum->blocked);
		base_buf_puts(b, " s\n");
	}
	if (tl->tasks > (uint64_t)tl->n_rows) {
		base_buf_puts(b, "(and ");
		base_buf_u64(b, tl->tasks - (uint64_t)tl->n_rows);
		base_buf_puts(b, " more tasks: --format jsonl shows every event)\n");
	}
}

static void put_legend(struct base_buf *b, const struct glyphs *g)
{
	base_buf_puts(b, g->waiting);
	base_buf_puts(b, " waiting (for the chef, a station, a thread)   ");
	base_buf_puts(b, g->late);
	base_buf_puts(b, " over, but not yet noticed (late)\n");
	base_buf_puts(b, g->running);
	base_buf_puts(b, " running   ");
	base_buf_puts(b, g->blocking);
	base_buf_puts(b, " blocking the loop   ");
	base_buf_puts(b, g->instant);
	base_buf_puts(b, " took no time   ");
	base_buf_puts(b, g->failed);
	base_buf_puts(b, " failed   ");
	base_buf_puts(b, g->cancelled);
	base_buf_puts(b, " cancelled\n");
}

static void put_orders(struct base_buf *b, const struct eng_summary *sum)
{
	base_buf_puts(b, "orders: ");
	base_buf_u64(b, sum->orders_done);
	base_buf_puts(b, " done, ");
	base_buf_u64(b, sum->orders_failed);
	base_buf_puts(b, " failed; worst lateness ");
	exp_put_seconds(b, sum->late_max);
	base_buf_puts(b, " s\n");
}

void exp_timeline_write(struct exp_timeline *tl, struct base_buf *b, const struct eng_summary *sum)
{
	int64_t makespan = sum->makespan > 0 ? sum->makespan : 1;
	int64_t step = column_step(makespan);
	int label = chart_label(tl);
	put_title(b, tl, sum);
	base_buf_puts(b, " (one column = ");
	put_seconds(b, step);
	base_buf_puts(b, ")\n\n");
	put_axis(b, label, step, chart_cols(step, makespan));
	put_rows(b, tl, label, step, sum);
	base_buf_puts(b, "\n");
	put_legend(b, tl->ascii ? &ascii : &utf8);
	put_orders(b, sum);
}

void exp_timeline_write_race(struct exp_timeline *const tl[2], const char *const name[2],
			     struct base_buf *b, const struct eng_summary *const sum[2])
{
	int64_t longest = sum[0]->makespan > sum[1]->makespan ? sum[0]->makespan
							       : sum[1]->makespan;
	int64_t makespan = longest > 0 ? longest : 1;
	int64_t step = column_step(makespan);
	int label = chart_label(tl[0]), label1 = chart_label(tl[1]);
	if (label1 > label)
		label = label1;
	base_buf_puts(b, "The race, on one clock (one column = ");
	put_seconds(b, step);
	base_buf_puts(b, ")\n");
	for (int i = 0; i < 2; i++) {
		base_buf_puts(b, "\n");
		base_buf_puts(b, name[i]);
		base_buf_puts(b, ": ");
		put_title(b, tl[i], sum[i]);
		base_buf_puts(b, "\n");
		put_axis(b, label, step, chart_cols(step, makespan));
		put_rows(b, tl[i], label, step, sum[i]);
		put_orders(b, sum[i]);
	}
	base_buf_puts(b, "\n");
	put_legend(b, tl[0]->ascii ? &ascii : &utf8);
}
