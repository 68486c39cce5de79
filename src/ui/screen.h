/*
 * screen.h — the terminal: set up and torn down by one pair of functions
 * reached from every way out (q and the ending signals through the loop;
 * exit() through atexit; a crash through a SIGSEGV/SIGABRT/SIGBUS/SIGFPE/
 * SIGILL handler that restores the terminal and dies of the same signal).
 */
#ifndef KITCHEN_UI_SCREEN_H
#define KITCHEN_UI_SCREEN_H

#include <stdbool.h>

#include "theme.h"

struct ui_screen {
	bool open;
	struct ui_theme theme;
	int cols, rows;
};

/* Takes the terminal (curses on stdin/stdout): no echo, keys one by one
 * without waiting, no cursor. Returns 0, or -1 when the terminal cannot be
 * used (message on stderr). */
int ui_screen_open(struct ui_screen *sc);
/* Gives the terminal back as it was. Safe to call twice. */
void ui_screen_close(struct ui_screen *sc);

/* Ctrl-Z: gives the terminal back before the process stops, and takes it
 * again (repainting every cell) when it continues. */
void ui_screen_suspend(struct ui_screen *sc);
void ui_screen_continue(struct ui_screen *sc);

/* Reads the terminal's size again (after SIGWINCH), tells curses, and has
 * the next present repaint every cell. */
void ui_screen_resize(struct ui_screen *sc);
/* The next key, or -1 when none is waiting. */
int ui_screen_key(void);
/* Sends the frame drawn since the last call to the terminal. */
void ui_screen_present(void);
/* Makes the next present repaint every cell (Ctrl-L). */
void ui_screen_repaint(void);

#endif
