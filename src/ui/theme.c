/*
 * theme.c — the role -> colour table, the monochrome table and the two
 * glyph tables (see theme.h).
 */
#include "theme.h"

#include <curses.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

static const char *const eighths[] = { "▏", "▎", "▍", "▌", "▋", "▊", "▉" };

const struct ui_glyphs ui_glyphs_utf8 = {
	.h = "─", .v = "│", .tl = "┌", .tr = "┐", .bl = "└", .br = "┘",
	.full = "█", .empty = "░", .partial = eighths,
	.slot_busy = "■", .slot_free = "□",
	.play = "▶", .pause = "||",
	.tree_mid = "├─ ", .tree_last = "└─ ", .tree_pipe = "│  ", .tree_blank = "   ",
	.ellipsis = "…", .dot = "·", .check = "✓", .cross = "✗", .arrow = "→",
};

const struct ui_glyphs ui_glyphs_ascii = {
	.h = "-", .v = "|", .tl = "+", .tr = "+", .bl = "+", .br = "+",
	.full = "#", .empty = ".", .partial = NULL,
	.slot_busy = "#", .slot_free = "-",
	.play = ">", .pause = "||",
	.tree_mid = "|- ", .tree_last = "`- ", .tree_pipe = "|  ", .tree_blank = "   ",
	.ellipsis = "~", .dot = ".", .check = "+", .cross = "x", .arrow = "->",
};

/* Colour table: foreground, background (-1: the terminal's), attributes. */
struct colour {
	short fg, bg;
	unsigned long attr;
};

static const struct colour colours[UI_R_COUNT] = {
	[UI_R_NORMAL]      = { -1, -1, 0 },
	[UI_R_HEADER]      = { COLOR_BLACK, COLOR_CYAN, 0 },
	[UI_R_STATE_RUN]   = { COLOR_BLACK, COLOR_GREEN, A_BOLD },
	[UI_R_STATE_PAUSE] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD },
	[UI_R_BORDER]      = { COLOR_BLUE, -1, 0 },
	[UI_R_TITLE]       = { COLOR_CYAN, -1, A_BOLD },
	[UI_R_LABEL]       = { -1, -1, A_BOLD },
	[UI_R_DIM]         = { -1, -1, A_DIM },
	[UI_R_SLEEP]       = { COLOR_CYAN, -1, 0 },
	[UI_R_WORK]        = { COLOR_YELLOW, -1, A_BOLD },
	[UI_R_HELPER]      = { COLOR_MAGENTA, -1, 0 },
	[UI_R_READY]       = { COLOR_BLUE, -1, A_BOLD },
	[UI_R_QUEUED]      = { COLOR_YELLOW, -1, 0 },
	[UI_R_DONE]        = { COLOR_GREEN, -1, 0 },
	[UI_R_FAILED]      = { COLOR_RED, -1, A_BOLD },
	[UI_R_CANCELLED]   = { -1, -1, A_DIM },
	[UI_R_LATE]        = { COLOR_RED, -1, 0 },
	[UI_R_BLOCKED]     = { COLOR_WHITE, COLOR_RED, A_BOLD },
	[UI_R_KEY]         = { COLOR_BLACK, COLOR_WHITE, 0 },
	[UI_R_CODE_HL]     = { COLOR_BLACK, COLOR_YELLOW, 0 },
	[UI_R_SAY]         = { COLOR_CYAN, -1, 0 },
	[UI_R_ASK]         = { COLOR_YELLOW, -1, A_BOLD },
	[UI_R_RIGHT]       = { COLOR_BLACK, COLOR_GREEN, A_BOLD },
	[UI_R_WRONG]       = { COLOR_WHITE, COLOR_RED, 0 },
};

/* Monochrome table: meaning carried by video attributes alone. */
static const unsigned long mono[UI_R_COUNT] = {
	[UI_R_NORMAL]      = 0,
	[UI_R_HEADER]      = A_REVERSE,
	[UI_R_STATE_RUN]   = A_BOLD,
	[UI_R_STATE_PAUSE] = A_BOLD | A_UNDERLINE,
	[UI_R_BORDER]      = 0,
	[UI_R_TITLE]       = A_BOLD,
	[UI_R_LABEL]       = A_BOLD,
	[UI_R_DIM]         = A_DIM,
	[UI_R_SLEEP]       = 0,
	[UI_R_WORK]        = A_BOLD,
	[UI_R_HELPER]      = A_UNDERLINE,
	[UI_R_READY]       = A_BOLD,
	[UI_R_QUEUED]      = A_UNDERLINE,
	[UI_R_DONE]        = 0,
	[UI_R_FAILED]      = A_BOLD | A_UNDERLINE,
	[UI_R_CANCELLED]   = A_DIM,
	[UI_R_LATE]        = A_BOLD,
	[UI_R_BLOCKED]     = A_REVERSE | A_BOLD,
	[UI_R_KEY]         = A_REVERSE,
	[UI_R_CODE_HL]     = A_REVERSE,
	[UI_R_SAY]         = 0,
	[UI_R_ASK]         = A_BOLD,
	[UI_R_RIGHT]       = A_REVERSE | A_BOLD,
	[UI_R_WRONG]       = A_UNDERLINE,
};

void ui_theme_init(struct ui_theme *t)
{
	const char *cs = nl_langinfo(CODESET);
	const char *ascii = getenv("KITCHEN_ASCII");
	t->utf8 = cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8")) &&
		  !(ascii && *ascii);
	t->g = t->utf8 ? &ui_glyphs_utf8 : &ui_glyphs_ascii;

	const char *nc = getenv("NO_COLOR");
	t->color = has_colors() && !(nc && *nc);
	if (!t->color)
		return;
	start_color();
	use_default_colors();
	for (int r = 1; r < UI_R_COUNT; r++)
		init_pair((short)r, colours[r].fg, colours[r].bg);
}

unsigned long ui_theme_attr(const struct ui_theme *t, enum ui_role role)
{
	if ((unsigned)role >= UI_R_COUNT)
		role = UI_R_NORMAL;
	if (!t->color)
		return mono[role];
	if (role == UI_R_NORMAL)
		return 0;
	return COLOR_PAIR(role) | colours[role].attr;
}
