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
 *
 * One write per frame. ncurses (6.x) flushes its output at every cursor
 * move, so a frame that changes 30 places of the screen is 30 small writes
 * to the terminal, each waking the terminal's reader (a terminal emulator,
 * tmux, sshd); on a busy machine that costs the loop up to milliseconds,
 * and timers due meanwhile run late. So between frames curses' output fd
 * is a file in memory (memfd, or an unlinked temporary file elsewhere), and
 * present() sends what a frame wrote there to the terminal in one write.
 * Whenever curses must talk to the terminal itself — its modes, at endwin,
 * on Ctrl-Z and back, in a crash — the fd is the terminal again first.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE     /* memfd_create */
#endif
#include "screen.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/utf8.h"

static const int crash_signals[] = { SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL };
static volatile sig_atomic_t screen_taken;
static SCREEN *the_screen;

/* curses writes to out_fd: the terminal (tty_fd's), or between frames the
 * sink (sink_fd's); out_fp is the FILE curses was given for it. */
static FILE *out_fp;
static int out_fd = -1, tty_fd = -1, sink_fd = -1;
static volatile sig_atomic_t sinking;

/* Writes all of buf to the terminal, waiting when it is full (the fd may
 * be non-blocking: libuv's poll on the terminal made it so). Async-signal-
 * safe. */
static void to_tty(const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(tty_fd, buf, n);
		if (w > 0) {
			buf += w;
			n -= (size_t)w;
		} else if (w < 0 && errno == EAGAIN) {
			struct pollfd p = { .fd = tty_fd, .events = POLLOUT };
			poll(&p, 1, 1000);
		} else if (w < 0 && errno == EINTR) {
			continue;
		} else {
			return;         /* the terminal is gone */
		}
	}
}

/* Sends what curses wrote into the sink to the terminal and empties it.
 * Async-signal-safe. */
static void flush_sink(void)
{
	static char chunk[64 * 1024];
	off_t end = lseek(sink_fd, 0, SEEK_CUR);
	for (off_t at = 0; at < end;) {
		ssize_t r = pread(sink_fd, chunk, sizeof chunk, at);
		if (r <= 0)
			break;
		to_tty(chunk, (size_t)r);
		at += r;
	}
	if (end > 0) {
		if (ftruncate(sink_fd, 0) < 0) {
			/* the sink keeps its bytes: rewrite over them */
		}
		lseek(sink_fd, 0, SEEK_SET);
	}
}

/* curses writes to the terminal again (what the sink holds goes first).
 * Async-signal-safe. */
static void output_to_tty(void)
{
	if (!sinking)
		return;
	flush_sink();
	dup2(tty_fd, out_fd);
	sinking = 0;
}

static void output_to_sink(void)
{
	if (sinking || sink_fd < 0)
		return;
	fflush(out_fp);
	if (dup2(sink_fd, out_fd) >= 0)
		sinking = 1;
}

static int open_sink(void)
{
#ifdef __linux__
	int fd = memfd_create("kitchen-frame", MFD_CLOEXEC);
	if (fd >= 0)
		return fd;
#endif
	FILE *f = tmpfile();
	if (!f)
		return -1;
	int fd2 = dup(fileno(f));
	fclose(f);
	return fd2;
}

static void restore(void)
{
	if (screen_taken) {
		screen_taken = 0;
		output_to_tty();
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

static void close_fds(void)
{
	if (out_fp)
		fclose(out_fp);         /* and out_fd */
	else if (out_fd >= 0)
		close(out_fd);
	if (tty_fd >= 0)
		close(tty_fd);
	if (sink_fd >= 0)
		close(sink_fd);
	out_fp = NULL;
	out_fd = tty_fd = sink_fd = -1;
	sinking = 0;
}

int ui_screen_open(struct ui_screen *sc)
{
	memset(sc, 0, sizeof *sc);
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	/* curses gets a terminal fd of its own, which can be pointed at the
	 * sink between frames. */
	tty_fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	out_fd = tty_fd < 0 ? -1 : fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	out_fp = out_fd < 0 ? NULL : fdopen(out_fd, "w");
	the_screen = out_fp ? newterm(NULL, out_fp, stdin) : NULL;
	if (!the_screen) {
		char why[512];
		snprintf(why, sizeof why, "cannot use this terminal (TERM=%s)",
			 getenv("TERM") ? getenv("TERM") : "");
		base_utf8_say(stderr, "kitchen: ", why);
		close_fds();
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
	sink_fd = open_sink();          /* none: curses writes straight through */
	output_to_sink();
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
	close_fds();
}

void ui_screen_suspend(struct ui_screen *sc)
{
	if (!sc->open)
		return;
	output_to_tty();
	def_prog_mode();
	endwin();
}

void ui_screen_continue(struct ui_screen *sc)
{
	if (!sc->open)
		return;
	reset_prog_mode();
	output_to_sink();
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
	if (sinking)
		flush_sink();
}

void ui_screen_repaint(void)
{
	clearok(curscr, TRUE);
}
