/*
 * loop.c — the libuv loop of the demonstration: keyboard, signals, the
 * frame timer and the once-per-turn drawing hook (see loop.h).
 *
 * The drawing hook is a uv_prepare_t: it runs once per loop iteration, after
 * every callback of that iteration and before the loop blocks, so a burst of
 * timers, keys or SIGWINCHes is drawn once.
 *
 * Signals. SIGWINCH and the signals that end the program are libuv's
 * uv_signal_t: their callbacks run on the loop, never in a handler's
 * context, so ending can restore the terminal calmly before the process
 * dies of the same signal (rt_die_of_signal). SIGTSTP is not: each one
 * libuv caught would become a callback of its own, and two Ctrl-Z (or two
 * `kill -TSTP`) would stop the process twice, the second right after `fg`.
 * A handler of ours counts them and wakes the loop (uv_async_send is
 * async-signal-safe); the loop stops the process once for all those
 * counted, with SIGTSTP blocked from the count to the SIGCONT, which
 * discards any stop signal still pending (POSIX).
 */
#include "internal.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Signals whose default action ends the process and that a person, a shell
 * or the system may send: each ends the demonstration with the terminal
 * restored. The crash signals (SIGSEGV...) are src/ui/screen.c's. */
static const int ending_signals[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2,
	SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF,
};
#define N_ENDING (sizeof ending_signals / sizeof ending_signals[0])
#define N_SIGNALS (N_ENDING + 1)        /* and SIGWINCH */

struct rt_loop {
	uv_loop_t uv;
	struct rt_loop_hooks hooks;
	uv_signal_t sig[N_SIGNALS];
	uv_async_t suspend;
	uv_poll_t input;
	uv_prepare_t turn;
	uv_timer_t frame;
	int frame_ms;
	struct rt__uv_time time;
	unsigned inited;        /* bit per handle group initialised */
	sig_atomic_t tstp_handled;
};

enum { HAVE_SIGNALS = 1, HAVE_INPUT = 2, HAVE_TURN = 4, HAVE_FRAME = 8, HAVE_SUSPEND = 16 };

/* The SIGTSTP handler's state: one loop per process watches it. */
static volatile sig_atomic_t tstp_count;
static uv_async_t *tstp_wake;

uv_loop_t *rt__uv(struct rt_loop *l)
{
	return &l->uv;
}

struct rt_time_source *rt_loop_time_source(struct rt_loop *l)
{
	return &l->time.source;
}

const char *rt_strerror(int err)
{
	return uv_strerror(err);
}

static void on_signal(uv_signal_t *h, int signo)
{
	struct rt_loop *l = h->data;
	if (signo == SIGWINCH) {
		if (l->hooks.on_resize)
			l->hooks.on_resize(l->hooks.ctx);
	} else if (l->hooks.on_end) {
		l->hooks.on_end(l->hooks.ctx, signo);
	}
}

static void on_tstp(int signo)
{
	(void)signo;
	tstp_count++;
	if (tstp_wake)
		uv_async_send(tstp_wake);
}

/* Every SIGTSTP counted so far stops the process once. */
static void on_suspend(uv_async_t *h)
{
	struct rt_loop *l = h->data;
	sigset_t tstp, old;
	sigemptyset(&tstp);
	sigaddset(&tstp, SIGTSTP);
	sigprocmask(SIG_BLOCK, &tstp, &old);
	if (tstp_count == l->tstp_handled) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		return;
	}
	l->tstp_handled = tstp_count;
	if (l->hooks.on_suspend)
		l->hooks.on_suspend(l->hooks.ctx);
	raise(SIGSTOP);
	/* SIGCONT: the stop signals still pending were discarded. */
	if (l->hooks.on_continue)
		l->hooks.on_continue(l->hooks.ctx);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static int watch_tstp(struct rt_loop *l)
{
	int err = uv_async_init(&l->uv, &l->suspend, on_suspend);
	if (err)
		return err;
	l->inited |= HAVE_SUSPEND;
	l->suspend.data = l;
	l->tstp_handled = tstp_count;
	tstp_wake = &l->suspend;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_tstp;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	return sigaction(SIGTSTP, &sa, NULL) == 0 ? 0 : UV_EINVAL;
}

static void on_input(uv_poll_t *h, int status, int events)
{
	struct rt_loop *l = h->data;
	(void)events;
	if (status < 0) {
		/* The terminal went away (hang-up): treat it as SIGHUP. */
		uv_poll_stop(h);
		if (l->hooks.on_end)
			l->hooks.on_end(l->hooks.ctx, SIGHUP);
		return;
	}
	if (l->hooks.on_input)
		l->hooks.on_input(l->hooks.ctx);
}

static void on_turn(uv_prepare_t *h)
{
	struct rt_loop *l = h->data;
	if (l->hooks.on_turn)
		l->hooks.on_turn(l->hooks.ctx);
	/* libuv computes how long to sleep from the time it read at the start
	 * of this turn; after a frame was drawn that is stale by the drawing
	 * time, and every timer would fire that much late. */
	uv_update_time(&l->uv);
}

static void on_frame(uv_timer_t *h)
{
	struct rt_loop *l = h->data;
	if (l->hooks.on_frame)
		l->hooks.on_frame(l->hooks.ctx);
}

int rt_loop_new(struct rt_loop **out, const struct rt_loop_hooks *hooks,
		int input_fd)
{
	*out = NULL;
	struct rt_loop *l = calloc(1, sizeof *l);
	if (!l)
		return UV_ENOMEM;
	int err = uv_loop_init(&l->uv);
	if (err) {
		free(l);
		return err;
	}
	l->hooks = *hooks;
	rt__uv_time_init(&l->time, &l->uv);

	for (size_t i = 0; i < N_SIGNALS; i++) {
		uv_signal_init(&l->uv, &l->sig[i]);
		l->sig[i].data = l;
	}
	l->inited |= HAVE_SIGNALS;
	for (size_t i = 0; i < N_SIGNALS && !err; i++)
		err = uv_signal_start(&l->sig[i], on_signal,
				      i < N_ENDING ? ending_signals[i] : SIGWINCH);
	if (!err)
		err = watch_tstp(l);
	if (!err) {
		err = uv_poll_init(&l->uv, &l->input, input_fd);
		if (!err) {
			l->inited |= HAVE_INPUT;
			l->input.data = l;
			err = uv_poll_start(&l->input, UV_READABLE, on_input);
		}
	}
	if (!err) {
		uv_prepare_init(&l->uv, &l->turn);
		l->inited |= HAVE_TURN;
		l->turn.data = l;
		err = uv_prepare_start(&l->turn, on_turn);
	}
	if (!err) {
		uv_timer_init(&l->uv, &l->frame);
		l->inited |= HAVE_FRAME;
		l->frame.data = l;
	}
	if (err) {
		rt_loop_free(l);
		return err;
	}
	*out = l;
	return 0;
}

void rt_loop_free(struct rt_loop *l)
{
	if (!l)
		return;
	if (l->inited & HAVE_SUSPEND) {
		signal(SIGTSTP, SIG_DFL);
		tstp_wake = NULL;
		uv_close((uv_handle_t *)&l->suspend, NULL);
	}
	if (l->inited & HAVE_SIGNALS)
		for (size_t i = 0; i < N_SIGNALS; i++)
			uv_close((uv_handle_t *)&l->sig[i], NULL);
	if (l->inited & HAVE_INPUT)
		uv_close((uv_handle_t *)&l->input, NULL);
	if (l->inited & HAVE_TURN)
		uv_close((uv_handle_t *)&l->turn, NULL);
	if (l->inited & HAVE_FRAME)
		uv_close((uv_handle_t *)&l->frame, NULL);
	rt__uv_time_close(&l->time);
	/* Lets the close callbacks run, then the loop can be closed. */
	uv_run(&l->uv, UV_RUN_DEFAULT);
	uv_loop_close(&l->uv);
	free(l);
}

int rt_loop_run(struct rt_loop *l)
{
	int err = uv_run(&l->uv, UV_RUN_DEFAULT);
	return err < 0 ? err : 0;
}

void rt_loop_stop(struct rt_loop *l)
{
	uv_stop(&l->uv);
}

void rt_loop_set_frames(struct rt_loop *l, int interval_ms)
{
	if (interval_ms <= 0) {
		uv_timer_stop(&l->frame);
		l->frame_ms = 0;
		return;
	}
	if (uv_is_active((uv_handle_t *)&l->frame) && l->frame_ms == interval_ms)
		return;
	l->frame_ms = interval_ms;
	uv_update_time(&l->uv);         /* relative to now, not to the turn's start */
	uv_timer_start(&l->frame, on_frame, (uint64_t)interval_ms,
		       (uint64_t)interval_ms);
}

void rt_die_of_signal(int signo)
{
	signal(signo, SIG_DFL);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, signo);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(signo);
	/* Not ended by it (a signal whose default is to be ignored): say so
	 * the usual way. */
	_exit(128 + signo);
}
