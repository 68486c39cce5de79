/*
 * theme.h — colours and glyphs by role.
 *
 * Drawing code never names a colour or a character: it names a role
 * (UI_R_BLOCKED, "the bar's full part") and the theme maps it. Two colour
 * tables — one in colour, one monochrome for NO_COLOR or a terminal without
 * colours, where meaning is carried by bold, reverse, underline and dim — and
 * two glyph tables, UTF-8 and ASCII (no UTF-8 locale). Every state is also
 * spelled out in words on screen: colour only reinforces it.
 */
#ifndef KITCHEN_UI_THEME_H
#define KITCHEN_UI_THEME_H

#include <stdbool.h>

enum ui_role {
	UI_R_NORMAL,
	UI_R_HEADER,            /* the header bar */
	UI_R_STATE_RUN,         /* header: the clock runs */
	UI_R_STATE_PAUSE,       /* header: paused / finished */
	UI_R_BORDER,
	UI_R_TITLE,             /* a panel's title */
	UI_R_LABEL,             /* a section label inside a panel */
	UI_R_DIM,               /* waiting for earlier steps, hints */
	UI_R_SLEEP,             /* a `wait` task's timer runs (asyncio.sleep) */
	UI_R_WORK,              /* a `work` step, the chef busy */
	UI_R_HELPER,            /* a helper thread busy, waiting for one */
	UI_R_READY,             /* in the ready queue: needs the chef */
	UI_R_QUEUED,            /* waiting for a station */
	UI_R_DONE,
	UI_R_FAILED,
	UI_R_CANCELLED,
	UI_R_LATE,
	UI_R_BLOCKED,           /* LOOP BLOCKED: as loud as it gets */
	UI_R_KEY,               /* a key cap in the key bar */
	UI_R_CODE_HL,           /* a code line whose await is pending */
	UI_R_SAY,               /* what tasks and the teacher say */
	UI_R_ASK,               /* a question for the class */
	UI_R_RIGHT,             /* the right answer */
	UI_R_WRONG,             /* a wrong answer */
	UI_R_COUNT
};

struct ui_glyphs {
	const char *h, *v, *tl, *tr, *bl, *br;  /* box */
	const char *full, *empty;               /* a progress bar's cells */
	const char *const *partial;             /* 1/8..7/8 of a cell, or NULL */
	const char *slot_busy, *slot_free;      /* station slots, threads */
	const char *play, *pause;
	const char *tree_mid, *tree_last, *tree_pipe, *tree_blank;
	const char *ellipsis, *dot, *check, *cross, *arrow;
};

struct ui_theme {
	bool utf8;
	bool color;
	const struct ui_glyphs *g;
};

/*
 * Picks the tables: UTF-8 glyphs when the locale's codeset is UTF-8 (and
 * KITCHEN_ASCII is not set), colours when the terminal has them and NO_COLOR
 * is unset or empty. Call after initscr; sets up the colour pairs.
 */
void ui_theme_init(struct ui_theme *t);

/* The curses attributes (colour pair and video attributes) of a role. */
unsigned long ui_theme_attr(const struct ui_theme *t, enum ui_role role);

/* The glyph tables, for tests and for drawing before curses starts. */
extern const struct ui_glyphs ui_glyphs_utf8, ui_glyphs_ascii;

#endif
