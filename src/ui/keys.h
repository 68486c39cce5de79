/*
 * keys.h — the key table: the one control of the demonstration.
 *
 * Every key it understands is one row: the key, the action it triggers,
 * whether it acts while the help is open, in which program (the demonstration, a game, a replay), what
 * the controller redoes afterwards (draw, lay out again, quit), the words
 * shown in the key bar and the help, and — for a key that changes the run
 * — the name it is recorded under. The controller (app.c) does nothing
 * with a key but look it up here, run the row's action and apply its
 * flags; the actions only call the model's and the clock's public
 * functions. Every row with a `deed` goes through one door in app.c that
 * holds the clock at the moment, records the action, then runs it: a key
 * that changes the run must have one, or recordings miss it.
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
	UI_A_MODE,              /* m: sequential <-> concurrent, at the same moment */
	UI_A_RACE,              /* v: the race view */
	UI_A_LOOP,              /* l: the event-loop panel */
	UI_A_CODE,              /* c: the code panel */
	UI_A_GOTO,              /* g: ask for a time (typed, then Enter) */
	UI_A_JUMP,              /* ...and go there (the recorded deed) */
	UI_A_SCALE,             /* s: one time scale for every bar */
	UI_A_LESSON,            /* t: the lesson in full */
	UI_A_FOCUS,             /* Tab: the panel the arrows scroll */
	UI_A_HELP,              /* ? */
	UI_A_QUIT,              /* q */
	UI_A_CLOSE,             /* Esc: close an overlay, fold the question */
	UI_A_ANSWER,            /* 1..9: the class's answer */
	UI_A_SCROLL_UP,         /* Up: a line */
	UI_A_SCROLL_DOWN,       /* Down */
	UI_A_PAGE_UP,           /* PgUp: a page */
	UI_A_PAGE_DOWN,         /* PgDn */
	UI_A_SCROLL_HOME,       /* Home: the start */
	UI_A_SCROLL_END,        /* End: the newest, following again */
	UI_A_REDRAW,            /* Ctrl-L */
	UI_A_RESIZE,            /* KEY_RESIZE from curses */
	UI_A_PICK,              /* a game: Enter, or a step's own key: start it */
	UI_A_SELECT_UP,         /* a game: Up / Down move the selection */
	UI_A_SELECT_DOWN,
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
	UI_WHEN_HELP = 2        /* while the help or the lesson in full is open
				   (others just close it): scrolling, q */
};

/* Where a key acts. */
enum {
	UI_IN_DEMO = 1,         /* the classroom demonstration */
	UI_IN_PLAY = 2,         /* kitchen play */
	UI_IN_REPLAY = 4,       /* kitchen replay (the viewer's keys) */
	UI_IN_ALL = 7
};

/* The row of every step's own key in a game (ui_pick_keys). */
#define UI_KEY_PICK (-2)
/* The row of the jump to a typed time (g, then Enter): no key of its own. */
#define UI_KEY_JUMP (-3)

struct ui_key {
	int key;                /* a curses key code or a character */
	enum ui_action action;
	unsigned does;          /* UI_DO_* */
	unsigned when;          /* UI_WHEN_* */
	unsigned in;            /* UI_IN_* */
	const char *deed;       /* it changes the run: recorded under this name
				   (through app.c's door); NULL: it does not */
	const char *cap;        /* the key as shown: "space", "+", "n" */
	const char *bar;        /* short label in the key bar, NULL: not shown */
	const char *help;       /* a line of the help */
	const char *bar_cap;    /* the key as the bar shows it, NULL: cap */
};

extern const struct ui_key ui_keys[];
extern const size_t ui_n_keys;

/* The demonstration's row for `key`, or NULL. Digits 1-9 share the row of
 * '1' (answer). */
const struct ui_key *ui_key_find(int key);
/* The row for `key` where `in` (one UI_IN_*), or NULL. In a game, the
 * steps' own keys (ui_pick_keys) share the row UI_KEY_PICK. */
const struct ui_key *ui_key_find_in(int key, unsigned in);
/* The row whose deed is `deed` (a recorded action's name), or NULL. */
const struct ui_key *ui_key_of_deed(const char *deed);

/* The keys a game gives its waiting steps, in the order it hands them
 * out: digits, then the letters no other key of a game uses. */
extern const char ui_pick_keys[];

#endif
