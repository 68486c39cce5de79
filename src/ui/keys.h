/*
 * keys.h — the key table: key -> action -> what to redo.
 *
 * Every key the demonstration understands is one row: the key, the action
 * it triggers, the reaction flags the caller applies afterwards (redraw,
 * lay out again, re-arm the clock, quit), and the words shown in the key
 * bar and the help. The actions themselves live in app.c and only call the
 * model's and the clock's public functions.
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
	UI_A_RESIZE             /* KEY_RESIZE from curses */
};

/* Reaction flags: what the caller redoes after the action. */
enum {
	UI_DO_REDRAW = 1,       /* draw at this loop turn */
	UI_DO_RELAYOUT = 2,     /* compute the layout again first */
	UI_DO_RETIME = 4,       /* the clock or the engines changed: re-read them */
	UI_DO_QUIT = 8
};

struct ui_key {
	int key;                /* a curses key code or a character */
	enum ui_action action;
	unsigned does;          /* UI_DO_* */
	const char *cap;        /* the key as shown: "space", "+", "n" */
	const char *bar;        /* short label in the key bar, NULL: not shown */
	const char *help;       /* a line of the help */
	const char *bar_cap;    /* the key as the bar shows it, NULL: cap */
};

extern const struct ui_key ui_keys[];
extern const size_t ui_n_keys;

/* The row for `key`, or NULL. Digits map to UI_A_ANSWER. */
const struct ui_key *ui_key_find(int key);

#endif
