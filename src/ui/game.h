/*
 * game.h — what a game (`kitchen play`) adds to the demonstration's model:
 * the waiting steps as the player sees them, each with a key of its own
 * and one of them selected, and, once the last order has ended, the end
 * screen's figures: the player's run, the event loop's own and sequential
 * code's, each tallied, scored and judged against the level's goal, and
 * the best score kept for the level.
 *
 * A key stays with its step while the step waits, so what the player
 * reads on screen is what the key does: the list is refreshed when a frame
 * is drawn (ui_game_refresh), and keys are looked up in the list as drawn.
 * No curses, no clock: the controller (app.c) and the views read it.
 */
#ifndef KITCHEN_UI_GAME_H
#define KITCHEN_UI_GAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/engine.h"
#include "level/level.h"
#include "level/scores.h"

#define UI_GAME_MAX_STEPS 256   /* waiting steps listed (more wait unlisted) */

struct ui_game_step {
	uint64_t order;
	int recipe, task;
	int64_t since;          /* when its step became due (virtual ms) */
	char key;               /* its own key, or 0 when the keys ran out */
};

enum ui_best_state {
	UI_BEST_NONE,           /* not a level, or a replay: nothing kept */
	UI_BEST_NEW,            /* this game is the level's best */
	UI_BEST_NOT,            /* the best is still an earlier game's */
	UI_BEST_ERROR           /* the scores file could not be read or written */
};

struct ui_game {
	struct ui_game_step list[UI_GAME_MAX_STEPS];
	size_t n;               /* listed */
	size_t waiting;         /* waiting in all */
	size_t selected;        /* index into list (0 when empty) */
	size_t next_key;        /* keys are handed out round the pool */
	char picked[96];        /* the last step started, in words ("" none) */

	struct lvl_watch watch; /* the player's run, from its events */
	bool over;              /* the last order ended: the end screen */
	bool end_shown;         /* the end screen is open */
	struct lvl_tally you, loop, seq;
	struct lvl_verdict v_you, v_loop, v_seq;
	bool have_reference;    /* loop and seq were computed */
	enum ui_best_state best;
	struct lvl_best before; /* the best before this game */
	char best_msg[400];     /* UI_BEST_ERROR: why */
	char recording[512];    /* where the game is recorded ("" none) */
};

void ui_game_init(struct ui_game *g);
void ui_game_close(struct ui_game *g);
/* A new game (a restart): the list, the watch and the end are cleared. */
void ui_game_reset(struct ui_game *g);

/* Reads the engine's waiting steps: steps still waiting keep their keys,
 * new ones get free keys; the selection stays on its step while it waits. */
void ui_game_refresh(struct ui_game *g, const struct eng_engine *e);

/* The step shown with `key`, or NULL. */
const struct ui_game_step *ui_game_by_key(const struct ui_game *g, int key);
/* The selected step, or NULL when none waits. */
const struct ui_game_step *ui_game_selected(const struct ui_game *g);
/* Moves the selection by `delta` rows (clamped). */
void ui_game_select(struct ui_game *g, int delta);

/*
 * The game is over: tallies the player's run (`sum`), runs the reference
 * runs of `s` with `seed`, judges the three against the goal. With
 * `scores` (a path; NULL: a replay, nothing kept) and a goal, keeps the
 * score as the level's best when it is (level `name`, scenario hash
 * `sha256`).
 */
void ui_game_finish(struct ui_game *g, const struct scn_scenario *s,
		    uint64_t seed, const struct eng_summary *sum,
		    const char *scores, const char *name, const char *sha256);

#endif
