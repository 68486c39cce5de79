/*
 * layout.h — where every panel of the demonstration goes, from the terminal's
 * size alone.
 *
 * One pure function (ui_layout_compute) computes every rectangle of the
 * screen: the header, the kitchen, the orders, the event log, the lesson,
 * the event-loop and code panels when they are shown, the race view's
 * columns, the strip below the kitchen (a question of the lesson, or the
 * end of a run summed up), the key bar and the overlay (help, the lesson
 * in full). It also decides the
 * "too small" state. A resize (SIGWINCH) leads here and nowhere else; the
 * drawing code only fills the rectangles it is given. No curses here, so
 * the unit tests (tests/unit/test_ui_layout.c) run without a terminal.
 */
#ifndef KITCHEN_UI_LAYOUT_H
#define KITCHEN_UI_LAYOUT_H

#include <stdbool.h>

/* The smallest screen the demonstration draws on; below it, a message. */
#define UI_MIN_COLS 80
#define UI_MIN_ROWS 24
/* From this width the event-loop panel sits beside the kitchen and the
 * orders without a key; from UI_CODE_ROWS rows as well, the code panel
 * under it, or from UI_CODE_COLS columns beside it (the caller decides,
 * layout places). */
#define UI_WIDE_COLS 160
#define UI_CODE_ROWS 48
#define UI_CODE_COLS 220
/* Rows the kitchen and its orders keep while the strip is open. */
#define UI_STAGE_MIN_ROWS 10

/* A rectangle in screen cells; h == 0 or w == 0 means "not shown". */
struct ui_rect {
	int y, x, h, w;
};

enum ui_panel {
	UI_P_HEADER,            /* one row: title, clock, speed, mode, state */
	UI_P_KITCHEN,           /* chef, stations, helpers */
	UI_P_ORDERS,            /* live orders and their tasks' bars */
	UI_P_LOG,               /* the event log */
	UI_P_LESSON,            /* the lesson text and the script's words */
	UI_P_LOOP,              /* `l`: timers, ready queue, task tree */
	UI_P_CODE,              /* `c`: the asyncio program */
	UI_P_RACE_SEQ,          /* race view: the sequential kitchen */
	UI_P_RACE_CONC,         /* race view: the concurrent kitchen */
	UI_P_RACE_VERDICT,      /* race view: who finished first, by how much */
	UI_P_STRIP,             /* below the kitchen: a question of the lesson,
				   or the end of a run summed up */
	UI_P_KEYS,              /* one row: the key bar */
	UI_P_OVERLAY,           /* help, the lesson in full */
	UI_P_COUNT
};

struct ui_layout_in {
	int cols, rows;         /* the terminal's size */
	bool race;              /* the race view instead of the single kitchen */
	bool show_loop;         /* the event-loop panel is wanted */
	bool show_code;         /* the code panel is wanted */
	int strip_rows;         /* rows a question or the summary wants (box
				   included), 0: neither is shown */
};

struct ui_layout {
	bool too_small;         /* below UI_MIN_COLS x UI_MIN_ROWS: only a message */
	int cols, rows;
	struct ui_rect r[UI_P_COUNT];
};

/* Fills `out` for `in`. Every shown rectangle lies inside the screen and no
 * two shown rectangles overlap, except the overlay, which covers others. When
 * too_small, only UI_P_OVERLAY is set (the whole screen, for the message). */
void ui_layout_compute(const struct ui_layout_in *in, struct ui_layout *out);

/* True when the rectangle is shown (non-empty). */
static inline bool ui_rect_shown(const struct ui_rect *r)
{
	return r->h > 0 && r->w > 0;
}

#endif
