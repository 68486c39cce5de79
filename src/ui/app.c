/*
 * app.c — the demonstration's controller: it owns the model, the clock, the
 * screen and the loop, turns keys into actions through the key table,
 * and draws once per loop turn when something changed (see app.h).
 *
 * Redraw policy. While the clock runs, a frame timer (33 ms, ~30 frames/s)
 * marks the screen dirty: bars and the clock move. Engine actions do not
 * draw by themselves then — the next frame shows them. While paused or
 * finished there is no frame timer and nothing is drawn until a key or a
 * signal arrives. Drawing happens in the loop's once-per-turn hook, so a
 * burst of keys, timers or SIGWINCHes costs one frame.
 */
#include "app.h"

#include <curses.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "export/asyncio.h"
#include "figures.h"
#include "game.h"
#include "keys.h"
#include "layout.h"
#include "model.h"
#include "paint.h"
#include "probes.h"
#include "realtime/clock.h"
#include "realtime/loop.h"
#include "record/recording.h"
#include "screen.h"
#include "view.h"

#define FRAME_MS 33

struct app {
	unsigned in;                    /* the program: UI_IN_DEMO, _PLAY, _REPLAY */
	const struct ui_app_options *o;
	struct ui_model m;
	struct ui_game game;            /* a game's steps and end (UI_IN_PLAY) */
	uint64_t pick_order;            /* the step a pick starts (door) */
	int pick_task;
	bool picked;                    /* the last pick started its step */
	/* The recording (o->rec): each run's transcript hashed as it goes
	 * (and a game's copied to o->transcript), the segment, the start. */
	struct rec_digest dig[2];
	bool digesting;                 /* recording, or checking a replay */
	int segment;
	uint64_t start_ns;
	char rec_note[300];             /* a failed recording, said at the end */
	struct {                        /* a replay on screen (o->replay) */
		size_t next;            /* the next line to apply */
		struct rt_timer *timer; /* wakes it for that line */
		int speed;              /* the recording's speed now (log2) */
		bool own_speed;         /* the viewer's speed: recorded ones ignored */
		bool viewer_paused;     /* space: the replay itself stops */
		bool clock_ran;         /* ... when the clock was running */
		uint64_t paused_ns;     /* ... since then */
		int64_t last_t;         /* the last line applied */
		uint64_t last_wall;
		const struct rec_line *applying;
		bool stood;             /* the recorded clock stands */
		uint64_t stood_ns;      /* since then, on our wall */
		uint64_t stood_wall;    /* since then, on the recording's wall */
		int runs, differ;       /* runs checked, and how many differed */
		char first_difference[96];
		bool off;               /* it went off the recording: stopped */
		bool over;
		char verdict[160];      /* how it ended, said again on stderr */
	} rp;
	struct rt_timer *auto_timer;    /* --auto: goes on after a pause */
	int auto_stage;                 /* 0 idle, 1 waiting to reveal/go on */
	struct rt_loop *loop;
	struct rt_time_source *time;    /* the loop's */
	struct rt_clock *clock;
	struct ui_event_log log;        /* probes for tests and benchmarks */
	struct ui_lateness lateness;
	struct ui_screen screen;
	struct ui_layout lay;
	struct exp_code code[2];        /* the program in each mode, built the
					   first time the code panel shows it */
	enum { CODE_UNBUILT, CODE_BUILT, CODE_FAILED } code_state[2];
	struct ui_look look;            /* overlays, scrolling, the bars' scale */
	int loop_pref, code_pref;       /* l, c: -1 as the screen's size has it */
	bool paused_small;              /* the window got too small while it ran */
	bool summary_seen;              /* the end overlay came for this run */
	bool prompting;                 /* g: a time is being typed */
	char typed[24];
	struct ui_figures other[2];     /* each mode's run to the end, headless */
	bool other_known[2];
	int64_t scale_ms;               /* s: the longest attempt of any step */
	int64_t seek_to;                /* for do_seek */
	enum ui_clock_state state;
	bool dirty, relayout;
	bool resume_after_stop;         /* the clock ran when Ctrl-Z came */
	int ended_by;                   /* the signal that ends it, or 0 */
	char message[160];
	char fatal[400];                /* an engine stopped early: said after the screen */
};

/* ---- clock and model wiring --------------------------------------------- */

static void on_model_event(void *ctx, int run, const struct eng_event *ev)
{
	struct app *a = ctx;
	if (!a->clock)
		return;
	rt_clock_event(a->clock, run, ev);
	if (a->m.play)
		lvl_watch_event(&a->game.watch, ev);
	if (a->digesting) {
		struct rec_digest *d = &a->dig[run];
		if (d->of != a->m.run[run].eng || ev->seq == 1) {
			/* A new engine (a restart, a switch, a step back that
			 * replays one): its transcript starts over. */
			rec_digest_close(d);
			rec_digest_start(d, run == 0 ? a->o->transcript : NULL);
			d->of = a->m.run[run].eng;
		}
		rec_digest_event(d, a->m.s, ev);
	}
	ui_event_log_event(&a->log, a->m.run[run].eng, ev, rt_clock_now(a->clock));
	ui_lateness_event(&a->lateness, a->clock, a->time, ev);
}

static bool stop_after_action(void *ctx)
{
	struct app *a = ctx;
	/* A game does not stop for the lesson's pauses and questions: they
	 * are for a class; the player has the kitchen to run. */
	return a->m.stop.pending && !a->m.play;
}

static void replay_clock_changed(struct app *a);
static void auto_arm(struct app *a);

/* After the clock's state changed: the frame timer runs only while the
 * clock does. */
static void clock_changed(struct app *a)
{
	if (rt_clock_running(a->clock)) {
		a->state = UI_RUNNING;
		rt_loop_set_frames(a->loop, FRAME_MS);
	} else {
		rt_loop_set_frames(a->loop, 0);
		if (a->state == UI_RUNNING)
			a->state = UI_PAUSED;
		if (ui_model_done(&a->m) && a->m.question.directive < 0)
			a->state = UI_FINISHED;
	}
	a->dirty = true;
	replay_clock_changed(a);
	auto_arm(a);
}

static void say(struct app *a, const char *msg);
static void viewer_key(struct app *a, const struct ui_key *k);

static void on_advance(void *ctx, unsigned what)
{
	struct app *a = ctx;
	ui_model_reveal_all(&a->m);
	ui_event_log_check(&a->log);
	if (what & RT_ADV_STOPPED) {
		struct ui_stop st;
		if (ui_model_take_stop(&a->m, &st)) {
			a->state = UI_PAUSED_SCRIPT;
			if (st.type == ENG_ASK)
				ui_model_next_question(&a->m, false);
			else
				say(a, "The lesson pauses here: press space to go on.");
		}
	}
	if (what & RT_ADV_FINISHED)
		a->state = UI_FINISHED;
	if (what & (RT_ADV_STOPPED | RT_ADV_FINISHED))
		clock_changed(a);
	/* While running, the next frame shows the change. */
}

static int attach(struct app *a, int64_t t)
{
	struct eng_engine *e[2] = { a->m.run[0].eng, a->m.run[1].eng };
	return rt_clock_attach(a->clock, e, a->m.n_runs, t);
}

/* Replaces the engines through `change` (restart, mode, race, back) with
 * the clock let go of them meanwhile. `keep_running`: resume afterwards if
 * the clock ran (or the run had finished, for a fresh start). */
static int replace(struct app *a, int (*change)(struct app *, int), int arg,
		   bool keep_running)
{
	bool run = keep_running &&
		   (rt_clock_running(a->clock) || a->state == UI_FINISHED);
	rt_clock_pause(a->clock);
	rt_clock_detach(a->clock);
	ui_event_log_end(&a->log);      /* it covers the first run only */
	int r = change(a, arg);
	a->summary_seen = false;
	a->look.summary = false;
	a->look.question_hidden = false;
	a->look.log_scroll = 0;
	if (r < 0 || attach(a, ui_model_time(&a->m)) < 0) {
		snprintf(a->message, sizeof a->message, "out of memory");
		return -1;
	}
	rt_clock_set_time(a->clock, ui_model_time(&a->m));
	a->state = UI_PAUSED;
	if (run)
		rt_clock_resume(a->clock);
	clock_changed(a);
	return r;
}

static int do_restart(struct app *a, int arg)
{
	(void)arg;
	if (a->m.play)
		ui_game_reset(&a->game);
	return ui_model_restart(&a->m);
}

/* Where a switch of mode or view leaves the clock: where it was, so the
 * class sees the other kitchen at the same moment; from 0 when the run was
 * over (the other one is then best watched from the start). */
static int64_t switch_time(const struct app *a)
{
	if (a->state == UI_FINISHED)
		return 0;
	int64_t t = rt_clock_now(a->clock);
	int64_t shown = ui_model_time(&a->m);
	return t > shown ? t : shown;
}

static int do_mode(struct app *a, int mode)
{
	return ui_model_set_mode(&a->m, (enum scn_mode)mode, switch_time(a));
}

static int do_race(struct app *a, int race)
{
	return ui_model_set_race(&a->m, race != 0, switch_time(a));
}

/* A replay from its start again (--auto's loop): the recording's first
 * view, the digests and the lines from the top. */
static int do_replay_again(struct app *a, int arg)
{
	(void)arg;
	const struct rec_recording *r = a->o->replay;
	a->m.mode = r->mode;
	a->m.race = r->race;
	if (a->m.play)
		ui_game_reset(&a->game);
	int rc = ui_model_restart(&a->m);
	a->rp.next = 0;
	a->rp.speed = r->speed;
	a->rp.last_t = 0;
	a->rp.last_wall = 0;
	a->rp.stood = false;
	a->rp.runs = a->rp.differ = 0;
	a->rp.over = false;
	if (!a->rp.own_speed)
		rt_clock_set_speed(a->clock, r->speed);
	return rc;
}

static int do_back(struct app *a, int arg)
{
	(void)arg;
	return ui_model_back(&a->m);
}

static int do_seek(struct app *a, int arg)
{
	(void)arg;
	return ui_model_seek(&a->m, a->seek_to);
}

/* ---- actions ------------------------------------------------------------ */

static void say(struct app *a, const char *msg)
{
	snprintf(a->message, sizeof a->message, "%s", msg);
}

/* Closes the answered question; opens the next one of the same instant if
 * there is one. Returns true when the script is done with this instant:
 * the run may go on. `*stepped` gets whether the question was met by
 * stepping by hand. */
static bool close_question(struct app *a, bool *stepped)
{
	*stepped = a->m.question.stepped;
	ui_model_close_question(&a->m);
	a->look.question_hidden = false;
	if (ui_model_next_question(&a->m, *stepped))
		return false;
	if (*stepped && a->state == UI_PAUSED_SCRIPT)
		a->state = UI_PAUSED;
	return true;
}

/* Every action of the key table (keys.h): `key` is the key pressed. What
 * to redo afterwards (draw, lay out, quit) is the table's to say. */

static void act_pause(struct app *a, int key)
{
	(void)key;
	struct ui_question *q = &a->m.question;
	if (q->directive >= 0) {
		if (!q->revealed) {
			q->revealed = true;     /* no answer given: show it */
			a->look.question_hidden = false;
			return;
		}
		bool stepped;
		if (!close_question(a, &stepped))
			return;
		if (stepped) {
			say(a, "Stepping goes on: n for the next event, space runs the clock.");
			clock_changed(a);
			return;
		}
	}
	if (rt_clock_running(a->clock)) {
		/* Pausing performs what is due by now first, which may meet
		 * a script stop: that state stays (clock_changed). */
		rt_clock_pause(a->clock);
	} else if (ui_model_done(&a->m)) {
		ui_model_reveal_all(&a->m);
		a->state = UI_FINISHED;
		say(a, "The run is over: r starts it again.");
	} else {
		ui_model_reveal_all(&a->m);
		rt_clock_resume(a->clock);
	}
	clock_changed(a);
}

static void change_speed(struct app *a, int delta)
{
	int s = rt_clock_speed(a->clock) + delta;
	rt_clock_set_speed(a->clock, s);
	s = rt_clock_speed(a->clock);
	if (s >= 0)
		snprintf(a->message, sizeof a->message, "speed x%d", 1 << s);
	else
		snprintf(a->message, sizeof a->message, "speed x1/%d", 1 << -s);
}

static void act_faster(struct app *a, int key)
{
	(void)key;
	change_speed(a, +1);
}

static void act_slower(struct app *a, int key)
{
	(void)key;
	change_speed(a, -1);
}

static void act_next(struct app *a, int key)
{
	(void)key;
	struct ui_question *q = &a->m.question;
	if (q->directive >= 0) {
		if (!q->revealed) {
			say(a, "Answer the question first (a number), or space to see the "
			       "answer; then n steps on.");
			return;
		}
		bool stepped;
		if (!close_question(a, &stepped))
			return;
		if (a->state == UI_PAUSED_SCRIPT)
			a->state = UI_PAUSED;
	}
	rt_clock_pause(a->clock);
	if (a->state == UI_PAUSED_SCRIPT) {
		/* Pausing met a script stop due by now: that is this key's
		 * event. */
		clock_changed(a);
		return;
	}
	if (a->state == UI_RUNNING)
		a->state = UI_PAUSED;
	if (!ui_model_step(&a->m)) {
		say(a, "No more events: the run is over (r restarts, b goes back).");
	} else {
		rt_clock_set_time(a->clock, ui_model_time(&a->m));
		ui_event_log_check(&a->log);
		if (a->state == UI_FINISHED || a->state == UI_PAUSED_SCRIPT)
			a->state = UI_PAUSED;
	}
	clock_changed(a);
}

static void act_back(struct app *a, int key)
{
	(void)key;
	if (ui_model_shown(&a->m) == 0) {
		rt_clock_pause(a->clock);
		say(a, "This is the start: no event before.");
		clock_changed(a);
		return;
	}
	replace(a, do_back, 0, false);
	a->state = UI_PAUSED;
}

static void act_restart(struct app *a, int key)
{
	(void)key;
	replace(a, do_restart, 0, true);
	say(a, "Restarted from 0.");
}

static void act_mode(struct app *a, int key)
{
	(void)key;
	if (a->m.race) {
		say(a, ui_model_two_scenarios(&a->m) ?
		    "Each side keeps its own mode here; v leaves the race." :
		    "The race view shows both modes; v leaves it.");
		return;
	}
	enum scn_mode to = a->m.mode == SCN_SEQUENTIAL ? SCN_CONCURRENT : SCN_SEQUENTIAL;
	replace(a, do_mode, (int)to, true);
	say(a, to == SCN_SEQUENTIAL ? "Sequential: blocking code, one step after another."
				    : "Concurrent: asyncio tasks on one event loop.");
}

static void act_race(struct app *a, int key)
{
	(void)key;
	replace(a, do_race, !a->m.race, true);
}

/* Whether the loop and code panels are on: as the teacher chose with l
 * and c, or, until then, as the screen's size has it (a wide screen shows
 * them beside the kitchen without a key). */
static bool want_loop(const struct app *a)
{
	return a->loop_pref >= 0 ? a->loop_pref : a->screen.cols >= UI_WIDE_COLS;
}

static bool want_code(const struct app *a)
{
	if (a->code_pref >= 0)
		return a->code_pref;
	return (a->screen.cols >= UI_WIDE_COLS && a->screen.rows >= UI_CODE_ROWS) ||
	       a->screen.cols >= UI_CODE_COLS;
}

static void toggle_panel(struct app *a, int *pref, bool was, const char *what)
{
	*pref = !was;
	if (a->m.race)
		snprintf(a->message, sizeof a->message,
			 "The %s panel shows in the single view (v leaves the race).", what);
}

static void act_loop(struct app *a, int key)
{
	(void)key;
	toggle_panel(a, &a->loop_pref, want_loop(a), "event-loop");
}

static void act_code(struct app *a, int key)
{
	(void)key;
	toggle_panel(a, &a->code_pref, want_code(a), "code");
	if (a->code_pref)
		a->look.focus = UI_FOCUS_CODE;
}

static void act_goto(struct app *a, int key)
{
	(void)key;
	a->prompting = true;
	a->typed[0] = '\0';
}

/* The jump itself: the engines as they stand at a->seek_to, the clock
 * there, running or paused as it was. */
static void act_jump(struct app *a, int key)
{
	(void)key;
	bool ran = rt_clock_running(a->clock);
	replace(a, do_seek, 0, false);
	if (ran)
		rt_clock_resume(a->clock);
	clock_changed(a);
	char s[32];
	snprintf(a->message, sizeof a->message,
		 "Now at %s s (the questions before it are skipped).",
		 ui_secs(ui_model_time(&a->m), s));
}

static void act_scale(struct app *a, int key)
{
	(void)key;
	a->look.one_scale = !a->look.one_scale;
	char s[32];
	if (a->look.one_scale)
		snprintf(a->message, sizeof a->message,
			 "Every bar on one scale: a full bar is %s s.", ui_secs(a->scale_ms, s));
	else
		say(a, "Each bar on its own step's time.");
}

static void act_lesson(struct app *a, int key)
{
	(void)key;
	a->look.overlay = UI_OV_LESSON;
	a->look.overlay_scroll = 0;
}

static void act_focus(struct app *a, int key)
{
	(void)key;
	/* The next scrollable panel on screen. */
	bool found = false;
	for (int i = 1; i <= UI_FOCUS_COUNT && !found; i++) {
		enum ui_focus f = (enum ui_focus)((a->look.focus + i) % UI_FOCUS_COUNT);
		enum ui_panel p = f == UI_FOCUS_LOG ? UI_P_LOG :
				  f == UI_FOCUS_LESSON ? UI_P_LESSON : UI_P_CODE;
		if (ui_rect_shown(&a->lay.r[p])) {
			a->look.focus = f;
			found = true;
		}
	}
	if (!found) {           /* the race: two kitchens, nothing to scroll */
		say(a, "No panel to scroll here (t shows the lesson in full).");
		return;
	}
	static const char *const names[] = { "events", "lesson", "code" };
	snprintf(a->message, sizeof a->message,
		 "Up/Down, PgUp/PgDn, Home/End scroll the %s panel.", names[a->look.focus]);
}

static void act_help(struct app *a, int key)
{
	(void)key;
	a->look.overlay = UI_OV_HELP;
	a->look.overlay_scroll = 0;
}

static void act_close(struct app *a, int key)
{
	(void)key;
	if (a->look.overlay != UI_OV_NONE)
		a->look.overlay = UI_OV_NONE;
	else if (a->game.end_shown)
		a->game.end_shown = false;      /* the kitchen as the game ended */
	else if (a->m.question.directive >= 0)
		a->look.question_hidden = !a->look.question_hidden;
}

static void act_quit(struct app *a, int key)
{
	(void)key;
	(void)a;        /* the table says: quit */
}

static void act_answer(struct app *a, int key)
{
	if (a->m.question.directive < 0 || !ui_model_answer(&a->m, key - '0'))
		say(a, "No question to answer now.");
	a->look.question_hidden = false;
}

/* Scrolls what the arrows move (an overlay open, else the panel Tab
 * chose) by `rows` (negative: up, towards the start); the panels clamp. */
static void scroll_by(struct app *a, int rows)
{
	if (a->look.overlay == UI_OV_HELP || a->look.overlay == UI_OV_LESSON) {
		a->look.overlay_scroll += rows;
		return;
	}
	struct ui_view v = { .lay = &a->lay, .look = &a->look };
	switch (ui_view_focus(&v)) {
	case UI_FOCUS_LOG: a->look.log_scroll -= rows; break;
	case UI_FOCUS_LESSON: a->look.lesson_scroll += rows; break;
	case UI_FOCUS_CODE: a->look.code_scroll += rows; break;
	default: break;
	}
}

/* A page: the height of what scrolls, less a row kept for context. */
static int page(const struct app *a)
{
	enum ui_panel p = UI_P_OVERLAY;
	if (a->look.overlay != UI_OV_HELP && a->look.overlay != UI_OV_LESSON) {
		struct ui_view v = { .lay = &a->lay, .look = (struct ui_look *)&a->look };
		enum ui_focus f = ui_view_focus(&v);
		p = f == UI_FOCUS_LOG ? UI_P_LOG : f == UI_FOCUS_LESSON ? UI_P_LESSON : UI_P_CODE;
	}
	int h = a->lay.r[p].h - 3;
	return h > 1 ? h : 1;
}

static void act_scroll_up(struct app *a, int key)
{
	(void)key;
	scroll_by(a, -1);
}

static void act_scroll_down(struct app *a, int key)
{
	(void)key;
	scroll_by(a, +1);
}

static void act_page_up(struct app *a, int key)
{
	(void)key;
	scroll_by(a, -page(a));
}

static void act_page_down(struct app *a, int key)
{
	(void)key;
	scroll_by(a, page(a));
}

/* Home and End: far enough that the panel clamps to its start or end;
 * End on the events or the code follows them again. */
#define FAR (1 << 28)

static void act_scroll_home(struct app *a, int key)
{
	(void)key;
	scroll_by(a, -FAR);
}

static void act_scroll_end(struct app *a, int key)
{
	(void)key;
	if (a->look.overlay == UI_OV_NONE)
		a->look.code_scroll = 0;
	scroll_by(a, FAR);
	if (a->look.log_scroll < 0)
		a->look.log_scroll = 0;
}

static void act_redraw(struct app *a, int key)
{
	(void)key;
	(void)a;
	ui_screen_repaint();
}

static void act_resize(struct app *a, int key)
{
	(void)key;
	(void)a;        /* the table says: lay out again */
}

/* A game: the player starts a waiting step (a->pick_order/pick_task, set
 * by the door from the key) at the held moment, after what is due by then. */
static void act_pick(struct app *a, int key)
{
	(void)key;
	struct eng_engine *e = a->m.run[0].eng;
	int64_t t = rt_clock_now(a->clock);
	eng_run_until(e, t);
	int rc = eng_pick(e, a->pick_order, a->pick_task, t);
	a->picked = rc >= 0;
	ui_model_reveal_all(&a->m);
	const struct scn_scenario *s = a->m.s;
	char label[96];
	struct eng_chef_info chef;
	switch (rc) {
	case ENG_PICK_BLOCKED:
		eng_chef(e, &chef);
		snprintf(a->message, sizeof a->message,
			 "The loop is blocked by %s: nothing else can start until it ends.",
			 ui_task_label(s, chef.order, chef.recipe, chef.task, label, sizeof label));
		break;
	case ENG_PICK_NOT_WAITING:
		snprintf(a->message, sizeof a->message, "That step no longer waits.");
		break;
	default:
		if (rc < 0) {
			snprintf(a->message, sizeof a->message, "That step cannot start now.");
			break;
		}
		/* The recipe of the order: look at the waiting list as drawn. */
		for (size_t i = 0; i < a->game.n; i++)
			if (a->game.list[i].order == a->pick_order &&
			    a->game.list[i].task == a->pick_task)
				ui_task_label(s, a->pick_order, a->game.list[i].recipe,
					      a->pick_task, label, sizeof label);
		snprintf(a->game.picked, sizeof a->game.picked, "%s", label);
		snprintf(a->message, sizeof a->message, "You started %s.", label);
		break;
	}
	rt_clock_changed(a->clock);
	clock_changed(a);
}

static void act_select_up(struct app *a, int key)
{
	(void)key;
	ui_game_select(&a->game, -1);
}

static void act_select_down(struct app *a, int key)
{
	(void)key;
	ui_game_select(&a->game, +1);
}

static void (*const actions[UI_N_ACTIONS])(struct app *, int) = {
	[UI_A_PAUSE] = act_pause,
	[UI_A_FASTER] = act_faster,
	[UI_A_SLOWER] = act_slower,
	[UI_A_NEXT] = act_next,
	[UI_A_BACK] = act_back,
	[UI_A_RESTART] = act_restart,
	[UI_A_MODE] = act_mode,
	[UI_A_RACE] = act_race,
	[UI_A_LOOP] = act_loop,
	[UI_A_CODE] = act_code,
	[UI_A_HELP] = act_help,
	[UI_A_QUIT] = act_quit,
	[UI_A_CLOSE] = act_close,
	[UI_A_ANSWER] = act_answer,
	[UI_A_GOTO] = act_goto,
	[UI_A_JUMP] = act_jump,
	[UI_A_SCALE] = act_scale,
	[UI_A_LESSON] = act_lesson,
	[UI_A_FOCUS] = act_focus,
	[UI_A_SCROLL_UP] = act_scroll_up,
	[UI_A_SCROLL_DOWN] = act_scroll_down,
	[UI_A_PAGE_UP] = act_page_up,
	[UI_A_PAGE_DOWN] = act_page_down,
	[UI_A_SCROLL_HOME] = act_scroll_home,
	[UI_A_SCROLL_END] = act_scroll_end,
	[UI_A_REDRAW] = act_redraw,
	[UI_A_RESIZE] = act_resize,
	[UI_A_PICK] = act_pick,
	[UI_A_SELECT_UP] = act_select_up,
	[UI_A_SELECT_DOWN] = act_select_down,
};

/* Applies the reaction flags (UI_DO_*). */
static void react(struct app *a, unsigned does)
{
	if (does & UI_DO_RELAYOUT)
		a->relayout = true;
	if (does & (UI_DO_REDRAW | UI_DO_RELAYOUT))
		a->dirty = true;
	if (does & UI_DO_QUIT)
		rt_loop_stop(a->loop);
}

/* ---- the recording ------------------------------------------------------ */

static uint64_t wall_ms(struct app *a)
{
	return (rt_time_now(a->time) - a->start_ns) / 1000000u;
}

/* A recording that cannot be written stops; the run goes on, and says so. */
static void recording_failed(struct app *a)
{
	const char *why = rec_error(a->o->rec);
	if (why && !a->rec_note[0]) {
		snprintf(a->rec_note, sizeof a->rec_note, "the recording stopped: %s", why);
		snprintf(a->message, sizeof a->message, "The recording stopped: %s", why);
	}
}

/* The line that names a game's segment in its own transcript. */
static void name_segment(struct app *a)
{
	if (!a->o->transcript || !a->m.play)
		return;
	struct base_buf b;
	base_buf_init(&b, NULL);
	rec_segment_line(&b, EXP_JSONL, a->segment, "play", SCN_CONCURRENT, a->m.seed);
	fputs(base_buf_cstr(&b), a->o->transcript);
	base_buf_close(&b);
}

/* Every run's transcript as of now, hashed (the engines' events so far and
 * their summary), for an end line; the digests start over. */
static int end_runs(struct app *a, struct rec_run runs[2])
{
	for (int i = 0; i < a->m.n_runs; i++) {
		struct rec_digest *d = &a->dig[i];
		if (d->of != a->m.run[i].eng || !eng_events_emitted(a->m.run[i].eng)) {
			/* A new engine with no event yet. */
			rec_digest_close(d);
			rec_digest_start(d, i == 0 ? a->o->transcript : NULL);
			d->of = a->m.run[i].eng;
		}
		rec_digest_finish(d, a->m.s, eng_summary(a->m.run[i].eng), &runs[i]);
	}
	return a->m.n_runs;
}

/* Whether the key's action, now, ends the segment and starts another. */
/* m in the race view: refused, it changes nothing (and is not recorded:
 * a "mode" line would start a segment no end line closed). */
static bool starts_nothing(const struct app *a, const struct ui_key *k)
{
	return k->action == UI_A_MODE && a->m.race;
}

static bool starts_segment(struct app *a, const struct ui_key *k)
{
	return rec_deed_starts_segment(k->deed) && !starts_nothing(a, k);
}

/* Before an action that starts a new segment: the end of this one. */
static void record_segment_end(struct app *a, const struct ui_key *k, int64_t t)
{
	struct rec_writer *w = a->o->rec;
	if (!w || rec_error(w))
		return;
	struct rec_run runs[2];
	int n = end_runs(a, runs);
	rec_write_end(w, t, wall_ms(a), k->deed, false, runs, n);
	recording_failed(a);
}

/* Records the action run at virtual `t`. */
static void record(struct app *a, const struct ui_key *k, int ch, int64_t t)
{
	struct rec_writer *w = a->o->rec;
	if (!w || rec_error(w))
		return;
	uint64_t wall = wall_ms(a);
	struct rec_deed d = { .deed = k->deed };
	char task[80] = "";
	if (k->action == UI_A_PICK) {
		d.order = a->pick_order;
		for (size_t i = 0; i < a->game.n; i++)
			if (a->game.list[i].order == a->pick_order &&
			    a->game.list[i].task == a->pick_task)
				snprintf(task, sizeof task, "%s",
					 a->m.s->recipes[a->game.list[i].recipe].tasks[a->pick_task].name);
		d.task = task;
	}
	if (k->action == UI_A_ANSWER)
		d.choice = ch - '0';
	if (k->action == UI_A_JUMP)
		d.to = a->seek_to;
	rec_write_deed(w, t, wall, &d);
	recording_failed(a);
}

/* The program ends: the last line, with every run's transcript hashed. */
static void record_end(struct app *a)
{
	struct rec_writer *w = a->o->rec;
	if (!w || rec_error(w))
		return;
	int64_t t = rt_clock_hold(a->clock, RT_HOLD_NOW);
	if (a->m.play)
		eng_run_until(a->m.run[0].eng, t);
	const char *why = a->ended_by ? "signal" : ui_model_done(&a->m) ? "finished" : "quit";
	struct rec_run runs[2];
	int n = end_runs(a, runs);
	rec_write_end(w, t, wall_ms(a), why, true, runs, n);
	rt_clock_release(a->clock);
	recording_failed(a);
}

/* Which step a pick key means: the step shown beside it, or for Enter the
 * one selected — as drawn, so the key does what the screen said. */
static bool pick_target(struct app *a, const struct ui_key *k, int ch)
{
	const struct ui_game_step *st = k->key == UI_KEY_PICK ?
		ui_game_by_key(&a->game, ch) : ui_game_selected(&a->game);
	if (!st) {
		say(a, k->key == UI_KEY_PICK ? "No step has that key now."
					     : "No step waits for you now.");
		return false;
	}
	a->pick_order = st->order;
	a->pick_task = st->task;
	return true;
}

/*
 * The one door of every key that changes the run (a row with a deed, keys.h):
 * the clock is held at this very moment, the action runs there, and the
 * clock goes on. Whatever changes a run must come through here.
 */
static int64_t door(struct app *a, const struct ui_key *k, int ch, int64_t at)
{
	/* Space in a window too small to show the kitchen does not resume
	 * it: it waits for the room (follow_size resumes it through this
	 * door). Nothing changes, so nothing is recorded: a replay, which
	 * has no such wait, would resume there. */
	if (k->action == UI_A_PAUSE && a->lay.too_small && !a->o->replay &&
	    a->m.question.directive < 0 && !rt_clock_running(a->clock) &&
	    !ui_model_done(&a->m)) {
		a->paused_small = true;
		return rt_clock_now(a->clock);
	}
	int64_t t = rt_clock_hold(a->clock, at);
	/* A game applies every action after what is due by its moment, even
	 * paused: its position in the run is its time alone. */
	if (a->m.play)
		eng_run_until(a->m.run[0].eng, t);
	bool next_segment = a->o->rec && starts_segment(a, k);
	if (next_segment)
		record_segment_end(a, k, t);
	/* A pick is recorded once its step started: a refused one (the loop
	 * blocked) changes nothing. Anything else, before it runs. */
	if (k->action != UI_A_PICK && !starts_nothing(a, k))
		record(a, k, ch, t);
	a->picked = false;
	actions[k->action](a, ch);
	if (k->action == UI_A_PICK && a->picked)
		record(a, k, ch, t);
	if (next_segment) {
		a->segment++;
		name_segment(a);
	}
	rt_clock_release(a->clock);
	return t;
}

/* ---- a replay on screen ------------------------------------------------- *
 *
 * The recorded actions are applied through the same door, each at its
 * recorded virtual time: while the recorded clock runs, when the clock
 * reaches that time; while it stands (a pause, a script stop, the end),
 * after the recorded wall time. The viewer's own keys never reach the
 * door: space stops the replay, +/- set its speed, n moves it on.
 */

static void replay_arm(struct app *a);

static bool replaying(const struct app *a)
{
	return a->o->replay && !a->rp.over && !a->rp.off;
}

static void replay_say_end(struct app *a)
{
	if (a->rp.off)
		return;
	if (a->rp.differ)
		snprintf(a->message, sizeof a->message,
			 "Replay over: %d of %d runs differ from the recording (%s).",
			 a->rp.differ, a->rp.runs, a->rp.first_difference);
	else if (a->o->replay->complete)
		snprintf(a->message, sizeof a->message,
			 "Replay over: verified, %d run%s as recorded.", a->rp.runs,
			 a->rp.runs == 1 ? "" : "s");
	else {
		char at[32];
		snprintf(a->message, sizeof a->message,
			 "Replay over: the recording stops at %s s (cut short).",
			 ui_secs(a->rp.last_t, at));
	}
	snprintf(a->rp.verdict, sizeof a->rp.verdict, "%s", a->message);
}

static void replay_went_off(struct app *a, const struct rec_line *l, const char *why)
{
	a->rp.off = true;
	rt_timer_stop(a->rp.timer);
	rt_clock_limit(a->clock, RT_NO_LIMIT);
	snprintf(a->message, sizeof a->message, "Replay stopped at line %d: %s.",
		 l->lineno, why);
	snprintf(a->rp.verdict, sizeof a->rp.verdict, "%s", a->message);
}

/* An end line, at its moment: every run of the segment compared with its
 * recorded hash. */
static void replay_check(struct app *a, const struct rec_line *l)
{
	if (l->n_runs != a->m.n_runs) {
		replay_went_off(a, l, "its runs are not this segment's");
		return;
	}
	a->rp.applying = l;
	int64_t t = rt_clock_hold(a->clock, l->t);
	if (a->m.play)
		eng_run_until(a->m.run[0].eng, t);
	ui_model_reveal_all(&a->m);
	for (int i = 0; i < a->m.n_runs; i++) {
		struct rec_digest *d = &a->dig[i];
		if (d->of != a->m.run[i].eng || !eng_events_emitted(a->m.run[i].eng)) {
			rec_digest_close(d);
			rec_digest_start(d, NULL);
			d->of = a->m.run[i].eng;
		}
		struct rec_run got;
		rec_digest_peek(d, a->m.s, eng_summary(a->m.run[i].eng), &got);
		a->rp.runs++;
		if (got.events != l->runs[i].events || strcmp(got.sha256, l->runs[i].sha256)) {
			if (!a->rp.differ++)
				snprintf(a->rp.first_difference, sizeof a->rp.first_difference,
					 "line %d: %llu events here, %llu recorded%s", l->lineno,
					 (unsigned long long)got.events,
					 (unsigned long long)l->runs[i].events,
					 got.events == l->runs[i].events ? ", another hash" : "");
		}
	}
	rt_clock_release(a->clock);
	a->rp.applying = NULL;
	a->rp.last_t = l->t;
	a->rp.last_wall = l->wall;
	if (t != l->t)
		replay_went_off(a, l, "its moment has passed here");
	if (l->final) {
		/* The program ended there: so does the replay's clock. */
		rt_clock_pause(a->clock);
		a->rp.over = true;
		replay_say_end(a);
		clock_changed(a);
	}
}

/* The recorded clock stops or goes: what the waits are measured from. */
static void replay_clock_changed(struct app *a)
{
	if (!replaying(a) || a->rp.viewer_paused)
		return;
	bool running = rt_clock_running(a->clock);
	if (!running && !a->rp.stood) {
		a->rp.stood = true;
		a->rp.stood_ns = rt_time_now(a->time);
		if (a->rp.applying) {
			a->rp.stood_wall = a->rp.applying->wall;
		} else {
			/* It stopped by itself (a script stop, the end): when, on
			 * the recording's wall, from the last action and the speed. */
			int64_t dv = rt_clock_now(a->clock) - a->rp.last_t;
			int sp = a->rp.speed;
			uint64_t ms = dv <= 0 ? 0 : sp >= 0 ? (uint64_t)dv >> sp : (uint64_t)dv << -sp;
			a->rp.stood_wall = a->rp.last_wall + ms;
		}
	} else if (running) {
		a->rp.stood = false;
	}
	replay_arm(a);
}

/* The key of the table whose deed a recorded line names, and the key
 * pressed. */
static const struct ui_key *deed_key(const struct rec_line *l, int *ch)
{
	const struct ui_key *k = ui_key_of_deed(l->deed);
	if (k)
		*ch = !strcmp(l->deed, "answer") ? '0' + l->choice : k->key;
	return k;
}

/* Applies recorded line `l` (an action) at its time. */
static void replay_apply(struct app *a, const struct rec_line *l)
{
	int ch = 0;
	const struct ui_key *k = deed_key(l, &ch);
	if (!k) {
		replay_went_off(a, l, "an action this kitchen does not have");
		return;
	}
	if (!strcmp(l->deed, "faster") || !strcmp(l->deed, "slower")) {
		int d = !strcmp(l->deed, "faster") ? 1 : -1;
		if (a->rp.speed + d >= RT_SPEED_MIN && a->rp.speed + d <= RT_SPEED_MAX)
			a->rp.speed += d;
		if (a->rp.own_speed)
			goto done;      /* the viewer's speed stays */
	}
	if (!strcmp(l->deed, "pick")) {
		/* The step by its order and name, among those waiting now. */
		struct eng_engine *e = a->m.run[0].eng;
		eng_run_until(e, l->t);
		struct eng_waiting_step w[UI_GAME_MAX_STEPS];
		size_t n = eng_waiting(e, w, UI_GAME_MAX_STEPS);
		a->pick_task = -1;
		for (size_t i = 0; i < n && i < UI_GAME_MAX_STEPS; i++)
			if (w[i].order == l->order &&
			    !strcmp(a->m.s->recipes[w[i].recipe].tasks[w[i].task].name, l->task))
				a->pick_task = w[i].task;
		a->pick_order = l->order;
		ui_game_refresh(&a->game, e);
	}
	if (!strcmp(l->deed, "goto"))
		a->seek_to = l->to;     /* where the jump went */
	a->rp.applying = l;
	int64_t t = door(a, k, ch, l->t);
	a->rp.applying = NULL;
	if (t != l->t) {
		replay_went_off(a, l, "its moment has passed here");
		return;
	}
	if (!strcmp(l->deed, "pick") && !a->picked) {
		replay_went_off(a, l, "that step does not wait here");
		return;
	}
	react(a, k->does);
done:
	a->rp.last_t = l->t;
	a->rp.last_wall = l->wall;
}

static void replay_fire(void *data)
{
	struct app *a = data;
	if (!replaying(a) || a->rp.viewer_paused)
		return;
	const struct rec_line *l = &a->o->replay->lines[a->rp.next];
	if (rt_clock_running(a->clock) && rt_clock_now(a->clock) < l->t) {
		replay_arm(a);          /* early: the speed changed meanwhile */
		return;
	}
	a->rp.next++;
	if (l->kind == REC_LINE_END)
		replay_check(a, l);
	else
		replay_apply(a, l);
	a->dirty = true;
	replay_arm(a);
}

static void auto_arm(struct app *a);

static void replay_arm(struct app *a)
{
	if (!a->rp.timer)
		return;
	rt_timer_stop(a->rp.timer);
	if (a->rp.applying)
		return;         /* the line being applied arms the next */
	if (replaying(a) && a->rp.next >= a->o->replay->n) {
		a->rp.over = true;      /* cut short: as far as it goes */
		replay_say_end(a);
		/* Nothing is known past its last action: the clock stands
		 * there, as a headless replay stops there. */
		if (rt_clock_running(a->clock)) {
			rt_clock_hold(a->clock, a->rp.last_t);
			rt_clock_pause(a->clock);
			rt_clock_release(a->clock);
			clock_changed(a);
		}
	}
	if (!replaying(a))
		rt_clock_limit(a->clock, RT_NO_LIMIT);
	if (!replaying(a) || a->rp.viewer_paused) {
		auto_arm(a);
		return;
	}
	const struct rec_line *l = &a->o->replay->lines[a->rp.next];
	/* Nothing runs past the next recorded moment before it applies,
	 * however late its timer fires. */
	rt_clock_limit(a->clock, l->t);
	uint64_t deadline;
	if (rt_clock_running(a->clock)) {
		deadline = rt_clock_wall_of(a->clock, l->t);
	} else {
		if (!a->rp.stood) {
			a->rp.stood = true;
			a->rp.stood_ns = rt_time_now(a->time);
			a->rp.stood_wall = a->rp.last_wall;
		}
		uint64_t ms = l->wall > a->rp.stood_wall ? l->wall - a->rp.stood_wall : 0;
		if (a->o->auto_s && ms > a->o->auto_s * 1000ull)
			ms = a->o->auto_s * 1000ull;    /* unattended: no long waits */
		deadline = a->rp.stood_ns + ms * 1000000ull;
	}
	rt_timer_start(a->rp.timer, deadline);
}

/* The viewer's keys in a replay. */
static void viewer_key(struct app *a, const struct ui_key *k)
{
	a->message[0] = '\0';
	switch (k->action) {
	case UI_A_PAUSE:
		if (!a->rp.viewer_paused) {
			a->rp.viewer_paused = true;
			a->rp.clock_ran = rt_clock_running(a->clock);
			a->rp.paused_ns = rt_time_now(a->time);
			if (a->rp.clock_ran)
				rt_clock_pause(a->clock);
			rt_timer_stop(a->rp.timer);
			say(a, "Replay paused: space goes on, n moves on one step.");
		} else {
			a->rp.viewer_paused = false;
			a->rp.stood_ns += rt_time_now(a->time) - a->rp.paused_ns;
			if (a->rp.clock_ran)
				rt_clock_resume(a->clock);
			replay_arm(a);
		}
		break;
	case UI_A_FASTER:
	case UI_A_SLOWER:
		a->rp.own_speed = true;
		change_speed(a, k->action == UI_A_FASTER ? +1 : -1);
		replay_arm(a);
		break;
	case UI_A_NEXT: {
		if (!a->rp.viewer_paused)
			viewer_key(a, ui_key_of_deed("pause"));
		if (!replaying(a) || a->rp.next >= a->o->replay->n) {
			/* Past the end the recording says nothing: no step. */
			if (a->rp.over || !ui_model_step(&a->m))
				say(a, "The replay is over.");
			break;
		}
		const struct rec_line *l = &a->o->replay->lines[a->rp.next];
		int64_t next = ENG_NEVER;
		for (int i = 0; i < a->m.n_runs; i++) {
			int64_t x = eng_next_time(a->m.run[i].eng);
			if (x < next)
				next = x;
		}
		bool shown_all = true;
		for (int i = 0; i < a->m.n_runs; i++)
			shown_all &= a->m.run[i].shown == a->m.run[i].log.emitted;
		if (a->rp.clock_ran && (!shown_all || next <= l->t)) {
			/* The next event comes first. */
			ui_model_step(&a->m);
			rt_clock_set_time(a->clock, ui_model_time(&a->m));
			break;
		}
		/* The next recorded action: at its time, in the state it found. */
		if (a->rp.clock_ran) {
			rt_clock_set_time(a->clock, l->t);
			rt_clock_resume(a->clock);
		}
		a->rp.next++;
		if (l->kind == REC_LINE_END)
			replay_check(a, l);
		else
			replay_apply(a, l);
		a->rp.clock_ran = rt_clock_running(a->clock);
		if (a->rp.clock_ran)
			rt_clock_pause(a->clock);
		a->rp.stood_ns = a->rp.paused_ns = rt_time_now(a->time);
		a->rp.stood_wall = l->wall;
		break;
	}
	default:
		break;
	}
	clock_changed(a);
}

/* ---- unattended (--auto) ------------------------------------------------- *
 *
 * Script pauses and questions go on by themselves after o->auto_s seconds
 * (a question first shows its answer, then goes on after as long again),
 * and a run over starts again: a projector loop. Each goes through the
 * door like the key it stands for, so a recording has it.
 */

static void auto_fire(void *data)
{
	struct app *a = data;
	int ch = ' ';
	const struct ui_key *k = NULL;
	if (a->in == UI_IN_REPLAY) {
		if (a->rp.over) {
			/* The loop: the recording from its start again, as it
			 * started. */
			replace(a, do_replay_again, 0, false);
			a->start_ns = rt_time_now(a->time);
			if (!a->o->replay->paused)
				rt_clock_resume(a->clock);
			clock_changed(a);
		}
		return;
	}
	if (a->state == UI_FINISHED)
		k = ui_key_find('r');
	else if (a->state == UI_PAUSED_SCRIPT || a->m.question.directive >= 0)
		k = ui_key_find(' ');
	if (k)
		door(a, k, k->key == 'r' ? 'r' : ch, RT_HOLD_NOW);
	react(a, UI_DO_REDRAW);
	auto_arm(a);
}

static void auto_arm(struct app *a)
{
	if (!a->auto_timer)
		return;
	bool wait = a->in == UI_IN_REPLAY ? a->rp.over :
		    a->state == UI_FINISHED || a->state == UI_PAUSED_SCRIPT ||
		    a->m.question.directive >= 0;
	if (!wait) {
		rt_timer_stop(a->auto_timer);
		a->auto_stage = 0;
		return;
	}
	if (a->auto_stage && rt_timer_active(a->auto_timer))
		return;         /* already counting */
	a->auto_stage = 1;
	rt_timer_start(a->auto_timer, rt_time_now(a->time) + a->o->auto_s * 1000000000ull);
}

/* While a game's end screen is open, only these act. */
static bool acts_on_the_end(enum ui_action act)
{
	return act == UI_A_RESTART || act == UI_A_QUIT || act == UI_A_CLOSE ||
	       act == UI_A_REDRAW || act == UI_A_RESIZE || act == UI_A_HELP;
}

/* g, then a time: "4.5" is 4500 ms (at most three decimals). Returns
 * false when it is not a time. */
static bool parse_time(const char *s, int64_t *ms)
{
	int64_t whole = 0, frac = 0;
	int digits = 0, decimals = 0;
	const char *p = s;
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		if (whole > INT64_MAX / 10000)
			return false;
		whole = whole * 10 + (*p - '0');
	}
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++, digits++)
			if (decimals < 3) {
				frac = frac * 10 + (*p - '0');
				decimals++;
			}
	if (*p || !digits)
		return false;
	while (decimals++ < 3)
		frac *= 10;
	*ms = whole * 1000 + frac;
	return true;
}

/* g's time, typed and Entered: through the door, as every change of the
 * run (it is recorded with where it went). */
static void go_to(struct app *a, int64_t t)
{
	const struct ui_question *q = &a->m.question;
	if (q->directive >= 0 && !q->revealed && t > ui_model_time(&a->m)) {
		say(a, "Answer the question first: going past it needs the answer.");
		return;
	}
	a->seek_to = t;
	const struct ui_key *k = ui_key_of_deed("goto");
	door(a, k, 0, RT_HOLD_NOW);
	react(a, k->does);
}

/* A key while a time is being typed. */
static void prompt_key(struct app *a, int ch)
{
	size_t n = strlen(a->typed);
	if ((ch >= '0' && ch <= '9') || ch == '.') {
		if (n + 1 < sizeof a->typed) {
			a->typed[n] = (char)ch;
			a->typed[n + 1] = '\0';
		}
	} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (n)
			a->typed[n - 1] = '\0';
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		a->prompting = false;
		int64_t t;
		if (parse_time(a->typed, &t))
			go_to(a, t);
		else if (a->typed[0])
			say(a, "Not a time: seconds, such as 4.5.");
	} else if (ch == 27 || ch == 'q' || ch == 'g') {
		a->prompting = false;
	}
	react(a, UI_DO_REDRAW);
}

/* A key, through the key table: when it may act, its action, what to redo. */
static void handle_key(struct app *a, int ch)
{
	if (a->prompting) {
		prompt_key(a, ch);
		return;
	}
	const struct ui_key *k = ui_key_find_in(ch, a->in);
	enum ui_overlay ov = a->look.overlay;
	if ((ov == UI_OV_HELP || ov == UI_OV_LESSON) && (!k || !(k->when & UI_WHEN_HELP))) {
		a->look.overlay = UI_OV_NONE;   /* any other key closes it */
		react(a, UI_DO_REDRAW);
		return;
	}
	if (!k)
		return;
	if (a->look.summary && ov == UI_OV_NONE &&
	    (k->action == UI_A_PAUSE || k->action == UI_A_CLOSE)) {
		a->look.summary = false;        /* read: the run stays over */
		react(a, UI_DO_REDRAW);
		return;
	}
	a->message[0] = '\0';
	if (a->game.end_shown && !acts_on_the_end(k->action) && a->in != UI_IN_REPLAY) {
		say(a, "Game over: r plays again, Esc shows the kitchen, q quits.");
		react(a, UI_DO_REDRAW);
		return;
	}
	if (a->in == UI_IN_REPLAY && k->deed)
		viewer_key(a, k);
	else if (k->deed) {
		if (k->action != UI_A_PICK || pick_target(a, k, ch))
			door(a, k, ch, RT_HOLD_NOW);
	} else if (actions[k->action])
		actions[k->action](a, ch);
	react(a, k->does);
}

/* ---- loop hooks --------------------------------------------------------- */

static void on_input(void *ctx)
{
	struct app *a = ctx;
	int ch;
	while ((ch = ui_screen_key()) >= 0)
		handle_key(a, ch);
}

static void on_resize(void *ctx)
{
	react(ctx, UI_DO_RELAYOUT);
}

/* Ctrl-Z: the kitchen stops with the process. The time spent stopped does
 * not count, as if paused. */
static void on_suspend(void *ctx)
{
	struct app *a = ctx;
	a->resume_after_stop = a->clock && rt_clock_running(a->clock);
	if (a->resume_after_stop)
		rt_clock_pause(a->clock);
	ui_screen_suspend(&a->screen);
}

static void on_continue(void *ctx)
{
	struct app *a = ctx;
	ui_screen_continue(&a->screen);
	if (a->resume_after_stop)
		rt_clock_resume(a->clock);
	react(a, UI_DO_RELAYOUT);
}

/* A signal that ends the program: the loop stops, the terminal is restored,
 * then the process dies of it (the caller, ui_app_run's contract). */
static void on_end(void *ctx, int signo)
{
	struct app *a = ctx;
	if (!a->ended_by)
		a->ended_by = signo;
	react(a, UI_DO_QUIT);
}

static void on_frame(void *ctx)
{
	struct app *a = ctx;
	if (!a->lay.too_small)          /* the message does not move */
		a->dirty = true;
}

static void layout(struct app *a, const struct ui_view *v)
{
	struct ui_layout_in in = {
		.cols = a->screen.cols, .rows = a->screen.rows, .race = a->m.race,
		.show_loop = want_loop(a), .show_code = want_code(a),
		.strip_rows = !v ? 0 : ui_model_question(&a->m) ? ui_question_rows(v, a->screen.cols)
				   : a->look.summary ? ui_summary_rows(v, a->screen.cols) : 0,
	};
	ui_layout_compute(&in, &a->lay);
}

/* An engine that stopped early (memory, too many tasks alive) ends the
 * demonstration: its message is printed once the terminal is restored. */
static bool engine_failed(struct app *a)
{
	for (int i = 0; i < a->m.n_runs; i++) {
		const char *why = a->m.run[i].eng ? eng_error(a->m.run[i].eng) : NULL;
		if (why) {
			snprintf(a->fatal, sizeof a->fatal, "%s", why);
			react(a, UI_DO_QUIT);
			return true;
		}
	}
	return false;
}

/* Below the smallest screen nobody sees the kitchen: it pauses, and goes
 * on when the window is big enough again. */
static void follow_size(struct app *a)
{
	/* As the space key would, through the door: a recording keeps it. */
	if (a->o->replay)
		return;         /* a replay keeps the recording's own pauses */
	const struct ui_key *space = ui_key_find_in(' ', a->in ? a->in : UI_IN_DEMO);
	if (a->lay.too_small && rt_clock_running(a->clock) && a->m.question.directive < 0) {
		door(a, space, ' ', RT_HOLD_NOW);
		a->paused_small = true;
	} else if (!a->lay.too_small && a->paused_small) {
		a->paused_small = false;
		if (a->state == UI_PAUSED && !ui_model_done(&a->m)) {
			door(a, space, ' ', RT_HOLD_NOW);
			say(a, "Big enough again: the kitchen goes on.");
		}
	}
}

/* The end of a run: its figures beside the other mode's (computed once per
 * mode, headless), or the race's two sides. */
static void end_figures(struct app *a, struct ui_figures fig[2])
{
	ui_figures_of_run(&a->m.run[0], &fig[0]);
	if (a->m.race) {
		ui_figures_of_run(&a->m.run[1], &fig[1]);
		return;
	}
	int other = a->m.run[0].mode == SCN_SEQUENTIAL ? SCN_CONCURRENT : SCN_SEQUENTIAL;
	if (!a->other_known[other]) {
		ui_figures_headless(a->m.s, (enum scn_mode)other, a->m.seed, &a->other[other]);
		a->other_known[other] = true;
	}
	fig[1] = a->other[other];
	fig[1].mode = (enum scn_mode)other;
}

/* The program of `mode` for the code panel, built the first time the panel
 * shows it (from a shallow copy in that mode: the program differs, not the
 * scenario, as with `kitchen export asyncio --mode`); NULL when it could not
 * be built. */
static const struct exp_code *code_of(struct app *a, enum scn_mode mode)
{
	if (a->code_state[mode] == CODE_UNBUILT) {
		struct scn_scenario in_mode = *a->o->s;
		in_mode.mode = mode;
		a->code_state[mode] = exp_asyncio_build(&in_mode, &a->code[mode]) == 0 ?
			CODE_BUILT : CODE_FAILED;
	}
	return a->code_state[mode] == CODE_BUILT ? &a->code[mode] : NULL;
}

static void on_turn(void *ctx)
{
	struct app *a = ctx;
	if (engine_failed(a))
		return;
	if (a->relayout) {
		ui_screen_resize(&a->screen);
		a->relayout = false;
		a->dirty = true;
	}
	if (a->m.play && !a->game.over && ui_model_done(&a->m)) {
		const struct ui_app_options *o = a->o;
		ui_game_finish(&a->game, a->m.s, a->m.seed, eng_summary(a->m.run[0].eng),
			       o->scores, o->name, o->scenario_sha256);
		a->dirty = true;
	}
	if (!a->dirty)
		return;
	a->dirty = false;
	if (a->m.play)
		ui_game_refresh(&a->game, a->m.run[0].eng);
	else if (a->state == UI_FINISHED && !a->summary_seen) {
		/* The demonstration's end: summed up below the kitchen (a game
		 * has its own end screen). */
		a->summary_seen = true;
		a->look.summary = true;
	}
	char prompt[96];
	if (a->prompting)
		snprintf(prompt, sizeof prompt,
			 "Go to the time (seconds): %s_   Enter goes, Esc cancels", a->typed);
	struct ui_view v = {
		.m = &a->m,
		.th = &a->screen.theme,
		.lay = &a->lay,
		.look = &a->look,
		.now = rt_clock_now(a->clock),
		.speed = rt_clock_speed(a->clock),
		.state = a->state,
		.armed = rt_clock_armed(a->clock),
		.message = a->message[0] ? a->message : NULL,
		.in = a->in,
		.game = a->m.play ? &a->game : NULL,
		.prompt = a->prompting ? prompt : NULL,
		.scale_ms = a->scale_ms,
	};
	if (a->look.summary)
		end_figures(a, v.fig);
	/* The layout follows the screen and what is open (a question takes
	 * the rows it needs): cheap, so it is computed for every frame. */
	layout(a, &v);
	if (ui_rect_shown(&a->lay.r[UI_P_CODE]))
		v.code = code_of(a, a->m.run[0].mode);
	follow_size(a);
	v.state = a->state;
	v.now = rt_clock_now(a->clock);
	ui_view_draw(&v);
	ui_screen_present();
}

/* The one scale of `s`: the longest attempt of any step of either side. */
static int64_t longest_attempt(const struct ui_model *m)
{
	int64_t longest = 1;
	const struct scn_scenario *s[3] = { m->s, m->sides[0].s, m->sides[1].s };
	for (int i = 0; i < 3; i++)
		for (int r = 0; s[i] && r < s[i]->n_recipes; r++)
			for (int k = 0; k < s[i]->recipes[r].n_tasks; k++) {
				int64_t ms = scn_attempt_ms(&s[i]->recipes[r].tasks[k]);
				if (ms > longest)
					longest = ms;
			}
	return longest;
}

/* ---- run ---------------------------------------------------------------- */

int ui_app_run(const struct ui_app_options *o, int *ended_by)
{
	*ended_by = 0;
	struct app *a = calloc(1, sizeof *a);
	if (!a)
		return 1;
	int status = 1;
	a->o = o;
	a->in = o->program ? o->program : UI_IN_DEMO;
	ui_game_init(&a->game);
	struct rt_loop_hooks lh = {
		.on_input = on_input, .on_resize = on_resize,
		.on_suspend = on_suspend, .on_continue = on_continue, .on_end = on_end,
		.on_turn = on_turn, .on_frame = on_frame, .ctx = a,
	};
	/* The loop first: its signal handlers must be in place before curses
	 * looks for free ones. */
	int err = rt_loop_new(&a->loop, &lh, 0);
	if (err) {
		fprintf(stderr, "kitchen: cannot watch the terminal: %s\n", rt_strerror(err));
		free(a);
		return 1;
	}
	struct rt_clock_hooks ch = {
		.on_advance = on_advance, .stop_after_action = stop_after_action, .ctx = a,
	};
	a->time = rt_loop_time_source(a->loop);
	ui_event_log_init(&a->log, o->event_log);
	ui_lateness_init(&a->lateness, o->lateness != NULL);
	a->clock = rt_clock_new(a->time, &ch);
	if (!a->clock ||
	    ui_model_init(&a->m, o->s, o->mode, o->seed, o->race, 4096) < 0) {
		fprintf(stderr, "kitchen: out of memory\n");
		goto out;
	}
	bool game = a->in == UI_IN_PLAY ||
		    (o->replay && !strcmp(o->replay->program, "play"));
	if (game && ui_model_set_play(&a->m) < 0) {
		fprintf(stderr, "kitchen: out of memory\n");
		goto out;
	}
	a->m.listener = on_model_event;
	a->m.listener_ctx = a;
	if (o->s2 && ui_model_set_sides(&a->m, o->sides) < 0) {
		fprintf(stderr, "kitchen: out of memory\n");
		goto out;
	}
	a->loop_pref = a->code_pref = -1;
	a->scale_ms = longest_attempt(&a->m);
	rt_clock_set_speed(a->clock, o->speed);
	ui_event_log_follow(&a->log, a->m.run[0].eng);
	if (attach(a, 0) < 0) {
		fprintf(stderr, "kitchen: out of memory\n");
		goto out;
	}
	a->start_ns = rt_time_now(a->time);
	a->segment = 1;
	if (o->rec)
		snprintf(a->game.recording, sizeof a->game.recording, "%s", rec_path(o->rec));
	a->digesting = o->rec || o->replay;
	if (a->digesting) {
		for (int i = 0; i < 2; i++) {
			rec_digest_start(&a->dig[i], i == 0 ? o->transcript : NULL);
			a->dig[i].of = a->m.run[i].eng;
		}
		name_segment(a);
	}
	if (o->replay) {
		a->rp.timer = rt_timer_new(a->time, replay_fire, a);
		a->rp.speed = o->replay->speed;
		a->rp.own_speed = o->own_speed;
		if (!a->rp.timer) {
			fprintf(stderr, "kitchen: out of memory\n");
			goto out;
		}
	}
	if (o->auto_s && !(a->auto_timer = rt_timer_new(a->time, auto_fire, a))) {
		fprintf(stderr, "kitchen: out of memory\n");
		goto out;
	}
	if (ui_screen_open(&a->screen) < 0)
		goto out;
	layout(a, NULL);
	a->state = UI_PAUSED;
	if (!o->paused)
		rt_clock_resume(a->clock);
	clock_changed(a);
	err = rt_loop_run(a->loop);
	record_end(a);
	*ended_by = a->ended_by;
	status = err || a->fatal[0] ? 1 : a->ended_by ? 128 + a->ended_by : 0;
	ui_screen_close(&a->screen);
	/* Both may carry a user's file name: escaped, never raw. */
	if (a->fatal[0])
		base_utf8_say(stderr, "kitchen: ", a->fatal);
	if (a->rec_note[0])
		base_utf8_say(stderr, "kitchen: ", a->rec_note);
	/* A replay's verdict, whole (the key bar may cut it), and exit 1
	 * when it did not replay as recorded, as headless. */
	if (o->replay && a->rp.verdict[0]) {
		char line[sizeof a->rp.verdict + 600];
		snprintf(line, sizeof line, "%s: r%s", o->replay->path, a->rp.verdict + 1);
		base_utf8_say(stderr, "kitchen replay: ", line);
	}
	if (o->replay && (a->rp.differ || a->rp.off) && !status)
		status = 1;
	if (o->lateness)
		ui_lateness_write(&a->lateness, o->lateness);
out:
	ui_screen_close(&a->screen);
	ui_event_log_end(&a->log);
	ui_event_log_close(&a->log);
	ui_lateness_close(&a->lateness);
	if (a->clock)
		rt_clock_free(a->clock);
	rt_timer_free(a->rp.timer);
	rt_timer_free(a->auto_timer);
	ui_model_close(&a->m);
	for (int mode = 0; mode < 2; mode++)
		if (a->code_state[mode] == CODE_BUILT)
			exp_code_free(&a->code[mode]);
	rt_loop_free(a->loop);
	ui_game_close(&a->game);
	for (int i = 0; i < 2; i++)
		rec_digest_close(&a->dig[i]);
	free(a);
	return status;
}
