/*
 * game.c — a game's waiting steps with their keys, the selection, and the
 * end of a game (game.h).
 */
#include "game.h"

#include <string.h>

#include "keys.h"

void ui_game_init(struct ui_game *g)
{
	memset(g, 0, sizeof *g);
	lvl_watch_init(&g->watch);
}

void ui_game_close(struct ui_game *g)
{
	lvl_watch_close(&g->watch);
}

void ui_game_reset(struct ui_game *g)
{
	char recording[sizeof g->recording];
	memcpy(recording, g->recording, sizeof recording);
	ui_game_close(g);
	ui_game_init(g);
	memcpy(g->recording, recording, sizeof recording);
}

static bool key_in_use(const struct ui_game_step *list, size_t n, char key)
{
	for (size_t i = 0; i < n; i++)
		if (list[i].key == key)
			return true;
	return false;
}

void ui_game_refresh(struct ui_game *g, const struct eng_engine *e)
{
	struct eng_waiting_step w[UI_GAME_MAX_STEPS];
	size_t total = eng_waiting(e, w, UI_GAME_MAX_STEPS);
	size_t n = total < UI_GAME_MAX_STEPS ? total : UI_GAME_MAX_STEPS;
	struct ui_game_step next[UI_GAME_MAX_STEPS];
	const struct ui_game_step *sel = ui_game_selected(g);
	uint64_t sel_order = sel ? sel->order : 0;
	int sel_task = sel ? sel->task : -1;
	size_t sel_row = g->selected;
	size_t new_sel = (size_t)-1;
	for (size_t i = 0; i < n; i++) {
		next[i] = (struct ui_game_step){ w[i].order, w[i].recipe, w[i].task, w[i].since, 0 };
		for (size_t j = 0; j < g->n; j++)
			if (g->list[j].order == w[i].order && g->list[j].task == w[i].task) {
				next[i].key = g->list[j].key;
				break;
			}
		if (w[i].order == sel_order && w[i].task == sel_task)
			new_sel = i;
	}
	/* New steps take the free keys, round the pool: a key just freed is
	 * the last one given again, so a late key press rarely hits a newcomer. */
	size_t pool = strlen(ui_pick_keys);
	for (size_t i = 0; i < n; i++) {
		if (next[i].key)
			continue;
		for (size_t k = 0; k < pool; k++) {
			char c = ui_pick_keys[(g->next_key + k) % pool];
			if (!key_in_use(next, n, c)) {
				next[i].key = c;
				g->next_key = (g->next_key + k + 1) % pool;
				break;
			}
		}
	}
	memcpy(g->list, next, n * sizeof next[0]);
	g->n = n;
	g->waiting = total;
	if (new_sel != (size_t)-1)
		g->selected = new_sel;
	else
		g->selected = n == 0 ? 0 : sel_row < n ? sel_row : n - 1;
}

const struct ui_game_step *ui_game_by_key(const struct ui_game *g, int key)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->list[i].key && g->list[i].key == key)
			return &g->list[i];
	return NULL;
}

const struct ui_game_step *ui_game_selected(const struct ui_game *g)
{
	return g->n ? &g->list[g->selected < g->n ? g->selected : g->n - 1] : NULL;
}

void ui_game_select(struct ui_game *g, int delta)
{
	if (!g->n)
		return;
	long s = (long)g->selected + delta;
	if (s < 0)
		s = 0;
	if (s >= (long)g->n)
		s = (long)g->n - 1;
	g->selected = (size_t)s;
}

void ui_game_finish(struct ui_game *g, const struct scn_scenario *s,
		    uint64_t seed, const struct eng_summary *sum,
		    const char *scores, const char *name, const char *sha256)
{
	g->over = true;
	g->end_shown = true;
	lvl_tally(s, sum, &g->watch, &g->you);
	lvl_judge(s, &g->you, &g->v_you);
	g->have_reference = lvl_reference(s, seed, &g->loop, &g->seq) == 0;
	if (g->have_reference) {
		lvl_judge(s, &g->loop, &g->v_loop);
		lvl_judge(s, &g->seq, &g->v_seq);
	}
	g->best = UI_BEST_NONE;
	if (!scores || !s->goal.present || !g->you.ended)
		return;
	int rc = lvl_best_keep(scores, name, sha256, g->you.score, g->you.served,
			       g->you.orders, &g->before, g->best_msg, sizeof g->best_msg);
	g->best = rc < 0 ? UI_BEST_ERROR : rc ? UI_BEST_NEW : UI_BEST_NOT;
}
