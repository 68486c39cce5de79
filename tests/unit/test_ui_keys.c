/*
 * test_ui_keys.c — the key table (src/ui/keys.c), the demonstration's one
 * control: every action has a key, no key is listed twice, q is the one key
 * that quits, every key acts while a question waits (the class may look
 * around), and only q and a resize while the help is open (any other key
 * closes it).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <curses.h>

#include "ui/keys.h"

static void every_action_has_a_key_and_every_key_one_row(void **state)
{
	(void)state;
	bool seen[UI_N_ACTIONS] = { false };
	static const unsigned programs[] = { UI_IN_DEMO, UI_IN_PLAY, UI_IN_REPLAY };
	for (size_t i = 0; i < ui_n_keys; i++) {
		assert_in_range(ui_keys[i].action, 0, UI_N_ACTIONS - 1);
		seen[ui_keys[i].action] = true;
		assert_true(ui_keys[i].in & UI_IN_ALL);
		for (size_t p = 0; p < 3; p++)
			if (ui_keys[i].in & programs[p])
				assert_ptr_equal(ui_key_find_in(ui_keys[i].key, programs[p]),
						 &ui_keys[i]);
		/* One row per key in each program. */
		for (size_t j = i + 1; j < ui_n_keys; j++)
			if (ui_keys[i].in & ui_keys[j].in)
				assert_int_not_equal(ui_keys[i].key, ui_keys[j].key);
	}
	for (int a = 0; a < UI_N_ACTIONS; a++)
		assert_true(seen[a]);
	assert_null(ui_key_find('x'));
	for (int d = '1'; d <= '9'; d++)
		assert_int_equal(ui_key_find(d)->action, UI_A_ANSWER);
	assert_null(ui_key_find('0'));
}

/* A game: each waiting step has its own key, none of them another key's;
 * what only the demonstration does is not there. */
static void a_game_has_keys_for_its_steps(void **state)
{
	(void)state;
	for (const char *k = ui_pick_keys; *k; k++) {
		assert_int_equal(ui_key_find_in(*k, UI_IN_PLAY)->action, UI_A_PICK);
		for (size_t i = 0; i < ui_n_keys; i++)
			if (ui_keys[i].in & UI_IN_PLAY)
				assert_int_not_equal(ui_keys[i].key, *k);
	}
	assert_int_equal(ui_key_find_in('\n', UI_IN_PLAY)->action, UI_A_PICK);
	assert_int_equal(ui_key_find_in(KEY_UP, UI_IN_PLAY)->action, UI_A_SELECT_UP);
	assert_int_equal(ui_key_find_in(KEY_UP, UI_IN_DEMO)->action, UI_A_SCROLL_UP);
	const int demo_only[] = { 'b', 'm', 'v', 'n' };
	for (size_t i = 0; i < sizeof demo_only / sizeof demo_only[0]; i++)
		assert_null(ui_key_find_in(demo_only[i], UI_IN_PLAY));
	assert_null(ui_key_find_in('r', UI_IN_REPLAY));
	/* A replay steps forward only, and says so. */
	assert_null(ui_key_find_in('b', UI_IN_REPLAY));
	const struct ui_key *n = ui_key_find_in('n', UI_IN_REPLAY);
	assert_int_equal(n->action, UI_A_NEXT);
	assert_null(n->bar_cap);
	assert_null(strstr(n->help, "back"));
	assert_null(ui_key_find_in(0, UI_IN_PLAY));
}

/* Every key that changes a run is recorded, under a name that finds it. */
static void what_changes_the_run_is_recorded(void **state)
{
	(void)state;
	const int deeds[] = { ' ', '+', '-', 'n', 'b', 'r', 'm', 'v', '1' };
	for (size_t i = 0; i < sizeof deeds / sizeof deeds[0]; i++) {
		const struct ui_key *k = ui_key_find(deeds[i]);
		assert_non_null(k->deed);
		assert_int_equal(ui_key_of_deed(k->deed)->action, k->action);
	}
	assert_string_equal(ui_key_find_in('a', UI_IN_PLAY)->deed, "pick");
	const int views[] = { 'l', 'c', '?', 'q', 12 };
	for (size_t i = 0; i < sizeof views / sizeof views[0]; i++)
		assert_null(ui_key_find(views[i])->deed);
}

static void q_is_the_one_key_that_quits(void **state)
{
	(void)state;
	for (size_t i = 0; i < ui_n_keys; i++)
		assert_int_equal((ui_keys[i].does & UI_DO_QUIT) != 0,
				 ui_keys[i].action == UI_A_QUIT);
	assert_int_equal(ui_key_find('q')->action, UI_A_QUIT);
	assert_true(ui_key_find('q')->does & UI_DO_QUIT);
}

static void what_acts_during_a_question_and_the_help(void **state)
{
	(void)state;
	/* The help and the lesson in full: q, a resize, and the keys that
	 * scroll them; any other key closes them. */
	const int help[] = { 'q', KEY_RESIZE, KEY_UP, KEY_DOWN, KEY_PPAGE, KEY_NPAGE,
			     KEY_HOME, KEY_END };
	size_t n_h = 0;
	for (size_t i = 0; i < ui_n_keys; i++)
		n_h += (ui_keys[i].when & UI_WHEN_HELP) != 0;
	for (size_t i = 0; i < sizeof help / sizeof help[0]; i++)
		assert_true(ui_key_find(help[i])->when & UI_WHEN_HELP);
	assert_int_equal(n_h, sizeof help / sizeof help[0]);
	assert_false(ui_key_find('?')->when & UI_WHEN_HELP);
	assert_false(ui_key_find('t')->when & UI_WHEN_HELP);
}

/* The key bar keeps its order of importance: at 80 columns it shows
 * through c (the code panel), so the bar's first rows must be these. */
static void the_bar_puts_the_classroom_keys_first(void **state)
{
	(void)state;
	const char *const first[] = { "pause", "speed", "step", "mode", "race", "loop", "code" };
	size_t k = 0;
	for (size_t i = 0; i < ui_n_keys && k < sizeof first / sizeof *first; i++) {
		const char *bar = ui_keys[i].bar;
		if (!bar || !(ui_keys[i].in & UI_IN_DEMO) || ui_keys[i].action == UI_A_QUIT ||
		    ui_keys[i].action == UI_A_HELP)
			continue;
		assert_string_equal(bar, first[k]);
		k++;
	}
	assert_int_equal(k, sizeof first / sizeof *first);
	/* Every key a class uses has a line of help. */
	const int documented[] = { ' ', '+', 'n', 'm', 'v', 'l', 'c', 'r', 'g', 's', 't', '\t',
				   27, KEY_UP, KEY_PPAGE, KEY_HOME, '1', '?', 'q' };
	for (size_t i = 0; i < sizeof documented / sizeof *documented; i++)
		assert_non_null(ui_key_find(documented[i])->help);
	/* The jump to a typed time is recorded (it changes the run); g alone,
	 * which only asks for the time, is not. */
	assert_null(ui_key_find('g')->deed);
	assert_string_equal(ui_key_of_deed("goto")->deed, "goto");
	assert_int_equal(ui_key_of_deed("goto")->action, UI_A_JUMP);
}

static void panels_and_the_race_lay_the_screen_out_again(void **state)
{
	(void)state;
	const int relayout[] = { 'v', 'l', 'c', 12, KEY_RESIZE };
	for (size_t i = 0; i < sizeof relayout / sizeof relayout[0]; i++)
		assert_true(ui_key_find(relayout[i])->does & UI_DO_RELAYOUT);
	assert_true(ui_key_find(' ')->does & UI_DO_REDRAW);
	assert_false(ui_key_find(' ')->does & UI_DO_RELAYOUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_action_has_a_key_and_every_key_one_row),
		cmocka_unit_test(a_game_has_keys_for_its_steps),
		cmocka_unit_test(what_changes_the_run_is_recorded),
		cmocka_unit_test(q_is_the_one_key_that_quits),
		cmocka_unit_test(what_acts_during_a_question_and_the_help),
		cmocka_unit_test(the_bar_puts_the_classroom_keys_first),
		cmocka_unit_test(panels_and_the_race_lay_the_screen_out_again),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
