/*
 * loop.h — the program's one event loop in real time (libuv).
 *
 * The demonstration waits on nothing but this loop: the keyboard (a poll on
 * the terminal's fd), signals (delivered as callbacks, never in a signal
 * handler's context), the frame timer and the clock's timers (clock.h,
 * through rt_loop_time_source). Callbacks only change state and mark what
 * must be redrawn; drawing happens once per loop turn, in on_turn, just
 * before the loop sleeps. Nothing here polls: with no timer armed the
 * process sleeps until a key or a signal arrives.
 *
 * Signals: SIGWINCH (on_resize); Ctrl-Z, SIGTSTP (on_suspend, then the
 * process stops until SIGCONT, then on_continue — once for any number of
 * SIGTSTP received before the SIGCONT); and every signal whose default
 * action ends the process and that may be sent to it: SIGINT, SIGTERM,
 * SIGHUP, SIGQUIT (Ctrl-\), SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2, SIGXCPU,
 * SIGXFSZ, SIGVTALRM, SIGPROF (on_end: the owner stops the loop, restores
 * the terminal, then dies of the same signal with rt_die_of_signal).
 *
 * Only src/realtime includes <uv.h>; this header hides it.
 */
#ifndef KITCHEN_RT_LOOP_H
#define KITCHEN_RT_LOOP_H

#include <stdint.h>

#include "timesource.h"

struct rt_loop;

struct rt_loop_hooks {
	void (*on_input)(void *ctx);            /* the input fd is readable */
	void (*on_resize)(void *ctx);           /* SIGWINCH */
	void (*on_suspend)(void *ctx);          /* about to stop (SIGTSTP) */
	void (*on_continue)(void *ctx);         /* going on after SIGCONT */
	void (*on_end)(void *ctx, int signo);   /* an ending signal; also SIGHUP
						   when the input fd hangs up */
	void (*on_turn)(void *ctx);             /* once per turn, before sleeping */
	void (*on_frame)(void *ctx);            /* the frame timer ticked */
	void *ctx;
};

/*
 * A new loop watching `input_fd` and the signals above (their handlers are
 * installed now, before curses looks at them). One loop per process. Returns 0 and sets *out, or
 * a negative libuv error code (message from rt_strerror).
 */
int rt_loop_new(struct rt_loop **out, const struct rt_loop_hooks *hooks,
		int input_fd);
/* Closes every handle (timers of clocks on it must be freed first) and
 * frees the loop; the signals get their default handlers back. */
void rt_loop_free(struct rt_loop *l);

/* Runs until rt_loop_stop. Returns 0, or a negative libuv error code. */
int rt_loop_run(struct rt_loop *l);
void rt_loop_stop(struct rt_loop *l);

/* Ticks on_frame every `interval_ms` (0: stops the frame timer). Starting
 * it again with the same interval keeps its phase. */
void rt_loop_set_frames(struct rt_loop *l, int interval_ms);

/* The loop's time source (timesource.h): uv_hrtime, and timers that are
 * uv_timer_t handles on this loop (so they must be freed before it). */
struct rt_time_source *rt_loop_time_source(struct rt_loop *l);
const char *rt_strerror(int err);

/* Ends the process by `signo` as if it had never been caught: its default
 * action, so the exit status (a shell's 128 + signo) says which signal
 * ended it. Call it after the terminal is restored and files are closed. */
_Noreturn void rt_die_of_signal(int signo);

#endif
