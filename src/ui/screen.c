/*
 * screen.c — curses set-up and tear-down, terminal size, keys (screen.h).
 *
 * Signals are not caught here except the crash signals: SIGWINCH, Ctrl-Z
 * and the signals that end the program are the loop's (src/realtime/loop.c
 * installs them first, so curses, which only catches signals still at their
 * default, leaves them alone) and reach the program as ordinary callbacks.
 * A crash handler cannot wait for the loop: it calls endwin() itself — not
 * async-signal-safe, but the process is dying and a restored terminal is
 * worth the risk, as htop and others judge too — then dies of the same
 * signal.
 */
#include "screen.h"

#include <curses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static const int crash_signals[] = { SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL };
static volatile sig_atomic_t screen_taken;
static SCREEN *the_screen;

static void restore(void)
{
	if (screen_taken) {
		screen_taken = 0;
		endwin();
	}
}

static void on_crash(int sig)
{
	restore();
	/* SA_RESETHAND put the default action back: die of `sig`. */
	raise(sig);
}

static void at_exit(void)
{
	restore();
}

int ui_screen_open(struct ui_screen *sc)
{
	memset(sc, 0, sizeof *sc);
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	the_screen = newterm(NULL, stdout, stdin);
	if (!the_screen) {
		fprintf(stderr, "kitchen: cannot use this terminal (TERM=%s)\n",
			getenv("TERM") ? getenv("TERM") : "");
		return -1;
	}
	set_term(the_screen);
	screen_taken = 1;
	sc->open = true;
	static bool registered;
	if (!registered) {
		atexit(at_exit);
		registered = true;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_crash;
	sa.sa_flags = (int)(SA_RESETHAND | SA_NODEFER);
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++)
		sigaction(crash_signals[i], &sa, NULL);

	cbreak();               /* Ctrl-C still sends SIGINT: the loop handles it */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	leaveok(stdscr, TRUE);
	curs_set(0);
	ui_theme_init(&sc->theme);
	getmaxyx(stdscr, sc->rows, sc->cols);
	return 0;
}

void ui_screen_close(struct ui_screen *sc)
{
	if (!sc->open)
		return;
	sc->open = false;
	restore();
	for (size_t i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++)
		signal(crash_signals[i], SIG_DFL);
	if (the_screen) {
		delscreen(the_screen);
		the_screen = NULL;
	}
}

void ui_screen_suspend(struct ui_screen *sc)
{
	if (!sc->open)
		return;
	def_prog_mode();
	endwin();
}

void ui_screen_continue(struct ui_screen *sc)
{
	if (!sc->open)
		return;
	reset_prog_mode();
	ui_screen_resize(sc); /* the window may have changed meanwhile */
}

void ui_screen_resize(struct ui_screen *sc)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resize_term(ws.ws_row, ws.ws_col);
	getmaxyx(stdscr, sc->rows, sc->cols);
	/* What the terminal shows after a resize is its own business (it may
	 * keep, cut or reflow the old cells): repaint every cell. */
	clearok(curscr, TRUE);
}

int ui_screen_key(void)
{
	int ch = getch();
	return ch == ERR ? -1 : ch;
}

void ui_screen_present(void)
{
	refresh();
}

void ui_screen_repaint(void)
{
	clearok(curscr, TRUE);
}
