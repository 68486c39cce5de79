/*
 * keys.c — the key table (see keys.h). The key bar shows the rows with a
 * `bar` label, in table order, dropping from the end when it is narrow —
 * so the table's order is also the bar's order of importance, with help and
 * quit kept first.
 */
#include "keys.h"

#include <curses.h>
#include <string.h>

#define R UI_DO_REDRAW
#define L UI_DO_RELAYOUT
#define Q UI_DO_QUIT
#define HELP UI_WHEN_HELP

#define DEMO UI_IN_DEMO
#define PLAY UI_IN_PLAY
#define REPLAY UI_IN_REPLAY
#define ALL UI_IN_ALL

const char ui_pick_keys[] = "123456789adefghijkopstuwxyz";

const struct ui_key ui_keys[] = {
	{ 'q', UI_A_QUIT, Q, HELP, ALL, NULL, "q", "quit", "quit (the terminal is restored)", NULL },
	{ '?', UI_A_HELP, R, 0, ALL, NULL, "?", "help", "this help (Up/Down scroll it; any other key closes it)", NULL },
	{ '\n', UI_A_PICK, R, 0, PLAY, "pick", "Enter", "start", "start the selected step: you are the event loop", NULL },
	{ UI_KEY_PICK, UI_A_PICK, R, 0, PLAY, "pick", "1-9 a-z", NULL, "start the step shown beside that key", NULL },
	{ KEY_UP, UI_A_SELECT_UP, R, 0, PLAY, NULL, "Up", "select", "select a waiting step", "Up/Down" },
	{ KEY_DOWN, UI_A_SELECT_DOWN, R, 0, PLAY, NULL, "Down", NULL, NULL, NULL },
	{ ' ', UI_A_PAUSE, R, 0, DEMO | REPLAY, "pause", "space", "pause", "pause / resume; after a question or a script pause: go on", NULL },
	/* A game asks no questions and keeps no script pauses. */
	{ ' ', UI_A_PAUSE, R, 0, PLAY, "pause", "space", "pause", "pause / resume", NULL },
	{ '+', UI_A_FASTER, R, 0, ALL, "faster", "+", "speed", "faster / slower: speed x2 or /2, from 1/8x to 64x", "+/-" },
	{ '-', UI_A_SLOWER, R, 0, ALL, "slower", "-", NULL, NULL, NULL },
	{ 'n', UI_A_NEXT, R, 0, DEMO, "next", "n", "step", "one event forward / back (back replays the run); past a question once it is answered", "n/b" },
	/* A replay steps forward only: no b in its bar or help. */
	{ 'n', UI_A_NEXT, R, 0, REPLAY, "next", "n", "step", "one event forward, or the next recorded action if it comes first", NULL },
	{ 'b', UI_A_BACK, R, 0, DEMO, "back", "b", NULL, NULL, NULL },
	{ 'm', UI_A_MODE, R, 0, DEMO, "mode", "m", "mode", "sequential <-> concurrent at the same moment (questions already past are skipped)", NULL },
	{ 'v', UI_A_RACE, L, 0, DEMO, "race", "v", "race", "the race: both kitchens side by side on one clock, at the same moment", NULL },
	{ 'l', UI_A_LOOP, L, 0, ALL, NULL, "l", "loop", "event-loop panel: timers, ready queue, lateness, task tree", NULL },
	{ 'c', UI_A_CODE, L, 0, ALL, NULL, "c", "code", "the asyncio program; the awaits now pending highlighted", NULL },
	{ 'r', UI_A_RESTART, R, 0, DEMO | PLAY, "restart", "r", "restart", "restart the run from 0", NULL },
	{ 'g', UI_A_GOTO, R, 0, DEMO, NULL, "g", "go to", "go to a time: type the seconds, then Enter (questions before it are skipped)", NULL },
	{ UI_KEY_JUMP, UI_A_JUMP, R, 0, DEMO, "goto", NULL, NULL, NULL, NULL },
	{ 's', UI_A_SCALE, R, 0, DEMO | REPLAY, NULL, "s", "scale", "one time scale for every bar: a 4 s step draws twice as long as a 2 s one", NULL },
	{ 't', UI_A_LESSON, R, 0, DEMO | REPLAY, NULL, "t", "lesson", "the lesson in full, to read aloud (Up/Down scroll it)", NULL },
	{ '\t', UI_A_FOCUS, R, 0, ALL, NULL, "Tab", "scroll", "which panel the arrows scroll: the events, the lesson, the code", NULL },
	{ '=', UI_A_FASTER, R, 0, ALL, "faster", "=", NULL, NULL, NULL },
	{ '_', UI_A_SLOWER, R, 0, ALL, "slower", "_", NULL, NULL, NULL },
	{ 27, UI_A_CLOSE, R, 0, DEMO | REPLAY, NULL, "Esc", NULL, "close the help, the lesson or the summary; fold / unfold a question", NULL },
	{ 27, UI_A_CLOSE, R, 0, PLAY, NULL, "Esc", NULL, "close the help; on the end screen, show the kitchen as the game ended", NULL },
	{ KEY_UP, UI_A_SCROLL_UP, R, HELP, DEMO | REPLAY, NULL, "Up", NULL, "scroll a line (the panel Tab chose, or the help / lesson open)", "Up/Down" },
	{ KEY_DOWN, UI_A_SCROLL_DOWN, R, HELP, DEMO | REPLAY, NULL, "Down", NULL, NULL, NULL },
	{ KEY_PPAGE, UI_A_PAGE_UP, R, HELP, ALL, NULL, "PgUp", NULL, "scroll a page", "PgUp/PgDn" },
	{ KEY_NPAGE, UI_A_PAGE_DOWN, R, HELP, ALL, NULL, "PgDn", NULL, NULL, NULL },
	{ KEY_HOME, UI_A_SCROLL_HOME, R, HELP, ALL, NULL, "Home", NULL, "the start / the newest, following again", "Home/End" },
	{ KEY_END, UI_A_SCROLL_END, R, HELP, ALL, NULL, "End", NULL, NULL, NULL },
	{ '\r', UI_A_PICK, R, 0, PLAY, "pick", "Enter", NULL, NULL, NULL },
	{ KEY_ENTER, UI_A_PICK, R, 0, PLAY, "pick", "Enter", NULL, NULL, NULL },
	{ 12, UI_A_REDRAW, L, 0, ALL, NULL, "^L", NULL, "redraw the screen", NULL },
	{ KEY_RESIZE, UI_A_RESIZE, L, HELP, ALL, NULL, NULL, NULL, NULL, NULL },
	{ '1', UI_A_ANSWER, R, 0, DEMO, "answer", "1-9", NULL, "answer the question on screen", NULL },
};

const size_t ui_n_keys = sizeof ui_keys / sizeof ui_keys[0];

const struct ui_key *ui_key_find_in(int key, unsigned in)
{
	if (in == UI_IN_PLAY && key > 0 && key < 128 && strchr(ui_pick_keys, key))
		key = UI_KEY_PICK;
	else if (key >= '1' && key <= '9')
		key = '1';
	for (size_t i = 0; i < ui_n_keys; i++)
		if (ui_keys[i].key == key && (ui_keys[i].in & in))
			return &ui_keys[i];
	return NULL;
}

const struct ui_key *ui_key_find(int key)
{
	return ui_key_find_in(key, UI_IN_DEMO);
}

const struct ui_key *ui_key_of_deed(const char *deed)
{
	for (size_t i = 0; i < ui_n_keys; i++)
		if (ui_keys[i].deed && !strcmp(ui_keys[i].deed, deed))
			return &ui_keys[i];
	return NULL;
}
