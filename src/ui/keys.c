/*
 * keys.c — the key table (see keys.h). The key bar shows the rows with a
 * `bar` label, in table order, dropping from the end when it is narrow —
 * so the table's order is also the bar's order of importance, with help and
 * quit kept first.
 */
#include "keys.h"

#include <curses.h>

#define R UI_DO_REDRAW
#define L UI_DO_RELAYOUT
#define Q UI_DO_QUIT
#define HELP UI_WHEN_HELP

const struct ui_key ui_keys[] = {
	{ 'q', UI_A_QUIT, Q, HELP, "q", "quit", "quit (the terminal is restored)", NULL },
	{ '?', UI_A_HELP, R, 0, "?", "help", "this help (any key closes it)", NULL },
	{ ' ', UI_A_PAUSE, R, 0, "space", "pause", "pause / resume; after a question or a script pause: go on", NULL },
	{ '+', UI_A_FASTER, R, 0, "+", "speed", "faster / slower: speed x2 or /2, from 1/8x to 64x", "+/-" },
	{ '-', UI_A_SLOWER, R, 0, "-", NULL, NULL, NULL },
	{ 'n', UI_A_NEXT, R, 0, "n", "step", "one event forward / back (back replays the run)", "n/b" },
	{ 'b', UI_A_BACK, R, 0, "b", NULL, NULL, NULL },
	{ 'r', UI_A_RESTART, R, 0, "r", "restart", "restart the run from 0", NULL },
	{ 'm', UI_A_MODE, R, 0, "m", "mode", "sequential <-> concurrent (restarts in the other mode)", NULL },
	{ 'v', UI_A_RACE, L, 0, "v", "race", "race view: sequential and concurrent side by side", NULL },
	{ 'l', UI_A_LOOP, L, 0, "l", "loop", "event-loop panel: timers, ready queue, lateness, task tree", NULL },
	{ 'c', UI_A_CODE, L, 0, "c", "code", "the asyncio program; awaited lines highlighted", NULL },
	{ '=', UI_A_FASTER, R, 0, "=", NULL, NULL, NULL },
	{ '_', UI_A_SLOWER, R, 0, "_", NULL, NULL, NULL },
	{ 27, UI_A_CLOSE, R, 0, "Esc", NULL, NULL, NULL },
	{ KEY_PPAGE, UI_A_SCROLL_UP, R, 0, "PgUp", NULL, "scroll the code panel up / down", "PgUp/PgDn" },
	{ KEY_UP, UI_A_SCROLL_UP, R, 0, "Up", NULL, NULL, NULL },
	{ KEY_NPAGE, UI_A_SCROLL_DOWN, R, 0, "PgDn", NULL, NULL, NULL },
	{ KEY_DOWN, UI_A_SCROLL_DOWN, R, 0, "Down", NULL, NULL, NULL },
	{ 12, UI_A_REDRAW, L, 0, "^L", NULL, "redraw the screen", NULL },
	{ KEY_RESIZE, UI_A_RESIZE, L, HELP, NULL, NULL, NULL, NULL },
	{ '1', UI_A_ANSWER, R, 0, "1-9", NULL, "answer the question on screen", NULL },
};

const size_t ui_n_keys = sizeof ui_keys / sizeof ui_keys[0];

const struct ui_key *ui_key_find(int key)
{
	if (key >= '1' && key <= '9')
		key = '1';
	for (size_t i = 0; i < ui_n_keys; i++)
		if (ui_keys[i].key == key)
			return &ui_keys[i];
	return NULL;
}
