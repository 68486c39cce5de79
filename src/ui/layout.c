/*
 * layout.c — the one function that places every panel (see layout.h).
 *
 * The single view, at 80x24 and up:
 *
 *   header                                            (1 row)
 *   kitchen | orders [| loop] [| code]                (the "stage")
 *   event log                 | lesson                (a third of the body)
 *   key bar                                           (1 row)
 *
 * The loop and code panels share one column beside the orders, one above
 * the other, when the stage is tall enough for both; otherwise each takes
 * a column of its own when it is wide enough to keep the orders readable;
 * on a small screen they take the stage's place (the kitchen, the log and
 * the lesson stay). The race view is two kitchens side by side above a
 * verdict. A question of the lesson, or the summary at the end of a run,
 * takes the bottom strip (the log and the lesson, or the verdict) and as
 * many rows as it needs, leaving the kitchen UI_STAGE_MIN_ROWS: it never
 * hides what it asks about or sums up.
 */
#include "layout.h"

#include <string.h>

/* Widths below which a panel stops being readable. */
#define ORDERS_MIN_W 46
#define EXTRA_MIN_W  40
#define EXTRA_MAX_W  84
/* An extra panel in a column of its own reads well at this width. */
#define SIDE_MAX_W   72
/* Height from which two extra panels stack in one column. */
#define STACK_MIN_H  30

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static struct ui_rect rect(int y, int x, int h, int w)
{
	struct ui_rect r = { y, x, h > 0 ? h : 0, w > 0 ? w : 0 };
	return r;
}

/* Splits `area` into `n` rows of near-equal height, top to bottom. */
static void split_rows(struct ui_rect area, struct ui_rect *out[], int n)
{
	int y = area.y;
	for (int i = 0; i < n; i++) {
		int h = (area.h - (y - area.y)) / (n - i);
		*out[i] = rect(y, area.x, h, area.w);
		y += h;
	}
}

static void place_stage(const struct ui_layout_in *in, struct ui_rect stage,
			struct ui_layout *out)
{
	struct ui_rect *extra[2];
	int n = 0;
	if (in->show_loop)
		extra[n++] = &out->r[UI_P_LOOP];
	if (in->show_code)
		extra[n++] = &out->r[UI_P_CODE];

	if (n == 0) {
		out->r[UI_P_ORDERS] = stage;
		return;
	}
	bool stack = n == 2 && stage.w >= ORDERS_MIN_W + EXTRA_MIN_W &&
		     (stage.h >= STACK_MIN_H || stage.w < ORDERS_MIN_W + 2 * EXTRA_MIN_W);
	if (stack) {
		/* Orders, and one column with the loop above the code. */
		int half = stage.w / 2 > ORDERS_MIN_W ? stage.w / 2 : ORDERS_MIN_W;
		int ew = clamp(stage.w - half, EXTRA_MIN_W, EXTRA_MAX_W);
		if (ew > stage.w - ORDERS_MIN_W)
			ew = stage.w - ORDERS_MIN_W;
		int ow = stage.w - ew;
		out->r[UI_P_ORDERS] = rect(stage.y, stage.x, stage.h, ow);
		split_rows(rect(stage.y, stage.x + ow, stage.h, ew), extra, 2);
		return;
	}
	if (stage.w >= ORDERS_MIN_W + n * EXTRA_MIN_W) {
		/* Side by side: orders, then each extra panel in a column of
		 * its own, as wide as it reads well; the orders get the rest,
		 * for their bars. */
		int ew = clamp((stage.w - ORDERS_MIN_W) / n, EXTRA_MIN_W, SIDE_MAX_W);
		if (ew > (stage.w - ORDERS_MIN_W) / n)
			ew = (stage.w - ORDERS_MIN_W) / n;
		int ow = stage.w - n * ew;
		out->r[UI_P_ORDERS] = rect(stage.y, stage.x, stage.h, ow);
		for (int i = 0; i < n; i++)
			*extra[i] = rect(stage.y, stage.x + ow + i * ew, stage.h, ew);
		return;
	}
	/* No room for the orders beside them: the extras take the stage. */
	split_rows(stage, extra, n);
}

void ui_layout_compute(const struct ui_layout_in *in, struct ui_layout *out)
{
	memset(out, 0, sizeof *out);
	out->cols = in->cols;
	out->rows = in->rows;
	if (in->cols < UI_MIN_COLS || in->rows < UI_MIN_ROWS) {
		out->too_small = true;
		out->r[UI_P_OVERLAY] = rect(0, 0, in->rows, in->cols);
		return;
	}
	int cols = in->cols, rows = in->rows;
	out->r[UI_P_HEADER] = rect(0, 0, 1, cols);
	out->r[UI_P_KEYS] = rect(rows - 1, 0, 1, cols);
	int body_y = 1, body_h = rows - 2;

	int qh = 0;
	if (in->strip_rows > 0)
		qh = clamp(in->strip_rows, 3, body_h - UI_STAGE_MIN_ROWS);
	if (in->race) {
		int vh = qh ? qh : 5;
		int half = cols / 2;
		out->r[UI_P_RACE_SEQ] = rect(body_y, 0, body_h - vh, half);
		out->r[UI_P_RACE_CONC] = rect(body_y, half, body_h - vh, cols - half);
		out->r[qh ? UI_P_STRIP : UI_P_RACE_VERDICT] =
			rect(body_y + body_h - vh, 0, vh, cols);
	} else {
		int bottom_h = qh ? qh : clamp(body_h / 3, 7, 16);
		int top_h = body_h - bottom_h;
		int kw = clamp(cols / 4, 26, 40);
		out->r[UI_P_KITCHEN] = rect(body_y, 0, top_h, kw);
		place_stage(in, rect(body_y, kw, top_h, cols - kw), out);
		if (qh) {
			out->r[UI_P_STRIP] = rect(body_y + top_h, 0, bottom_h, cols);
		} else {
			int lw = clamp(cols / 3, 26, 64);
			out->r[UI_P_LOG] = rect(body_y + top_h, 0, bottom_h, cols - lw);
			out->r[UI_P_LESSON] = rect(body_y + top_h, cols - lw, bottom_h, lw);
		}
	}

	int ow = cols - 4 < 84 ? cols - 4 : 84;
	int oh = rows - 2 < 28 ? rows - 2 : 28;
	out->r[UI_P_OVERLAY] = rect((rows - oh) / 2, (cols - ow) / 2, oh, ow);
}
