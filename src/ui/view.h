/*
 * view.h — everything one frame is drawn from, and the panels that draw it.
 *
 * A frame is a pure function of this struct: the model (engines, logs,
 * script state), the clock's reading, the layout and the toggles. Each
 * panel function fills the rectangle it is given and reads the engine only
 * through its inspection API. The only entry point is ui_view_draw.
 */
#ifndef KITCHEN_UI_VIEW_H
#define KITCHEN_UI_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "export/asyncio.h"
#include "figures.h"
#include "game.h"
#include "layout.h"
#include "model.h"
#include "theme.h"

enum ui_clock_state {
	UI_RUNNING,
	UI_PAUSED,
	UI_PAUSED_SCRIPT,       /* a `pause` directive stopped the clock */
	UI_FINISHED             /* every run is over */
};

/* What covers the screen's body, if anything. */
enum ui_overlay {
	UI_OV_NONE,
	UI_OV_HELP,             /* ? */
	UI_OV_LESSON            /* t: the lesson in full */
};

/* The panel the arrows and PgUp/PgDn scroll (Tab moves it). */
enum ui_focus {
	UI_FOCUS_LOG,
	UI_FOCUS_LESSON,
	UI_FOCUS_CODE,
	UI_FOCUS_COUNT
};

/* How the class chose to look at the kitchen: kept by the controller from
 * frame to frame, read by the panels, which write back where a scroll
 * really landed (clamped to what there is). */
struct ui_look {
	enum ui_overlay overlay;
	int overlay_scroll;     /* rows down in the help or the lesson in full */
	enum ui_focus focus;
	int log_scroll;         /* rows up from the newest event (0: follow) */
	int lesson_scroll;      /* rows down in the lesson panel */
	int code_scroll;        /* lines scrolled by hand (0: follow the awaits) */
	int code_top;           /* where the code panel follows the awaits to,
				   kept from frame to frame (0: the top) */
	bool one_scale;         /* s: every bar on one time scale */
	bool summary;           /* the run is over: its figures below the kitchen */
	bool question_hidden;   /* Esc folded the question box to one line */
};

struct ui_view {
	const struct ui_model *m;
	const struct ui_theme *th;
	const struct ui_layout *lay;
	struct ui_look *look;
	int64_t now;            /* virtual ms, from the clock */
	int speed;              /* log2 */
	enum ui_clock_state state;
	const struct exp_code *code;    /* NULL when it could not be built */
	uint64_t armed;         /* real libuv timers armed now */
	const char *message;    /* a short note for the key bar, or NULL */
	const char *prompt;     /* a line being typed (g: a time), or NULL */
	/* The end-of-run summary's columns: this run and the other mode, or
	 * the race's two sides; .valid false when unknown. */
	struct ui_figures fig[2];
	int64_t scale_ms;       /* the one time scale's full bar (s) */
	unsigned in;            /* the program (UI_IN_*: keys.h); 0 is the
				   demonstration */
	const struct ui_game *game;     /* a game's steps and end, or NULL */
};

/* The panel a focus names, when it is on screen; the events otherwise. */
enum ui_focus ui_view_focus(const struct ui_view *v);

/* Draws the whole frame (erasing first). */
void ui_view_draw(const struct ui_view *v);

/* The panels (view_*.c). */
void ui_draw_header(const struct ui_view *v, struct ui_rect r);
void ui_draw_keys(const struct ui_view *v, struct ui_rect r);
void ui_draw_kitchen(const struct ui_view *v, const struct ui_run *run,
		     struct ui_rect r, bool boxed);
void ui_draw_orders(const struct ui_view *v, const struct ui_run *run,
		    struct ui_rect r, bool boxed);
void ui_draw_log(const struct ui_view *v, const struct ui_run *run,
		 struct ui_rect r, bool boxed);
void ui_draw_lesson(const struct ui_view *v, struct ui_rect r);
void ui_draw_loop(const struct ui_view *v, const struct ui_run *run,
		  struct ui_rect r);
void ui_draw_code(const struct ui_view *v, const struct ui_run *run,
		  struct ui_rect r);
void ui_draw_race(const struct ui_view *v);
void ui_draw_help(const struct ui_view *v, struct ui_rect r);
void ui_draw_lesson_full(const struct ui_view *v, struct ui_rect r);
void ui_draw_summary(const struct ui_view *v, struct ui_rect r);
/* Rows the summary wants on a screen `cols` wide (its box included). */
int ui_summary_rows(const struct ui_view *v, int cols);
void ui_draw_question(const struct ui_view *v, struct ui_rect r);
/* Rows the open question wants on a screen `cols` wide (its box included),
 * 0 when none is open: what the layout gives it. */
int ui_question_rows(const struct ui_view *v, int cols);
void ui_draw_too_small(const struct ui_view *v);
/* A game (view_play.c): the steps waiting for the player; the end screen. */
void ui_draw_waiting(const struct ui_view *v, const struct ui_run *run,
		     struct ui_rect r);
void ui_draw_end(const struct ui_view *v, struct ui_rect r);

/* A panel's title role: marked when the arrows scroll that panel. */
enum ui_role ui_title_role(const struct ui_view *v, enum ui_focus panel);
/* A scenario's `lesson` as paragraphs: YAML's single newlines joined, one
 * '\n' between paragraphs (view.c). */
struct base_buf;
void ui_lesson_text(const char *lesson, struct base_buf *out);
/* The two columns of figures named (view_overlay.c), and the verdict that
 * compares them: who finished sooner, and what each served. */
void ui_figures_names(const struct ui_view *v, char name[2][64]);
void ui_figures_verdict(const struct ui_figures f[2], const char *const name[2],
			char *buf, size_t cap);
/* "NAME: 8 of 10 served, 2 walked out, 0 failed." Returns its length. */
int ui_figures_tally(const struct ui_figures *f, const char *name, char *buf, size_t cap);

/* Shared words: "grind #3", a task's state in words, its role. */
const char *ui_task_label(const struct scn_scenario *s, uint64_t order,
			  int recipe, int task, char *buf, size_t cap);
/* A station and a helper thread as the summary counts them: in sequential
 * mode the step the chef runs holds its station and a thread (view_kitchen.c). */
void ui_run_station(const struct ui_run *run, const struct eng_chef_info *chef,
		    int i, struct eng_station_info *out);
void ui_run_helper(const struct ui_run *run, const struct eng_chef_info *chef,
		   int i, struct eng_helper_info *out);
/* The makespan of a finished run, or -1 while it runs. */
int64_t ui_run_finished_at(const struct ui_run *run);

#endif
