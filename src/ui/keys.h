/*
 * keys.h — the key table: the one control of the demonstration.
 *
 * Every key it understands is one row: the key, the action it triggers,
 * whether it acts while the help is open, what the controller redoes
 * afterwards (draw, lay out again,
 * quit), and the words shown in the key bar and the help. The controller
 * (app.c) does nothing with a key but look it up here, run the row's action
 * and apply its flags; the actions only call the model's and the clock's
 * public functions.
 */
#ifndef KITCHEN_UI_KEYS_H
#define KITCHEN_UI_KEYS_H

#include <stddef.h>

enum ui_action {
	UI_A_PAUSE,             /* space: pause / resume (and go on after a question) */
	UI_A_FASTER,            /* + */
	UI_A_SLOWER,            /* - */
	UI_A_NEXT,              /* n: one event forward */
	UI_A_BACK,              /* b: one event back */
	UI_A_RESTART,           /* r */
	UI_A_MODE,              /* m: sequential <-> concurrent */
	UI_A_RACE,              /* v: the race view */
	UI_A_LOOP,              /* l: the event-loop panel */
	UI_A_CODE,              /* c: the code panel */
	UI_A_HELP,              /* ? */
	UI_A_QUIT,              /* q */
	UI_A_CLOSE,             /* Esc: close the help */
	UI_A_ANSWER,            /* 1..9: the class's answer */
	UI_A_SCROLL_UP,         /* PgUp / up: the code panel */
	UI_A_SCROLL_DOWN,       /* PgDn / down */
	UI_A_REDRAW,            /* Ctrl-L */
	UI_A_RESIZE,            /* KEY_RESIZE from curses */
	UI_N_ACTIONS
};

/* Reaction flags: what the controller redoes after the action. */
enum {
	UI_DO_REDRAW = 1,       /* draw at this loop turn */
	UI_DO_RELAYOUT = 2,     /* compute the layout again, then draw */
	UI_DO_QUIT = 4          /* stop the loop: the demonstration ends */
};

/* When a key acts besides the usual moments. Every key acts while a
 * question waits for its answer (the class may look around: panels,
 * scrolling, a step back); the actions that would pass the question's
 * moment refuse by themselves. */
enum {
	UI_WHEN_HELP = 2        /* while the help is open (others just close it) */
};

struct ui_key {
	int key;                /* a curses key code or a character */
	enum ui_action action;
	unsigned does;          /* UI_DO_* */
	unsigned when;          /* UI_WHEN_* */
	const char *cap;        /* the key as shown: "space", "+", "n" */
	const char *bar;        /* short label in the key bar, NULL: not shown */
	const char *help;       /* a line of the help */
	const char *bar_cap;    /* the key as the bar shows it, NULL: cap */
};

extern const struct ui_key ui_keys[];
extern const size_t ui_n_keys;

/* The row for `key`, or NULL. Digits 1-9 share the row of '1' (answer). */
const struct ui_key *ui_key_find(int key);

#endif
