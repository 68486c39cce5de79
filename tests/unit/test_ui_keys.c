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
#include <cmocka.h>
#include <curses.h>

#include "ui/keys.h"

static void every_action_has_a_key_and_every_key_one_row(void **state)
{
	(void)state;
	bool seen[UI_N_ACTIONS] = { false };
	for (size_t i = 0; i < ui_n_keys; i++) {
		assert_in_range(ui_keys[i].action, 0, UI_N_ACTIONS - 1);
		seen[ui_keys[i].action] = true;
		assert_ptr_equal(ui_key_find(ui_keys[i].key), &ui_keys[i]);
		for (size_t j = i + 1; j < ui_n_keys; j++)
			assert_int_not_equal(ui_keys[i].key, ui_keys[j].key);
	}
	for (int a = 0; a < UI_N_ACTIONS; a++)
		assert_true(seen[a]);
	assert_null(ui_key_find('x'));
	for (int d = '1'; d <= '9'; d++)
		assert_int_equal(ui_key_find(d)->action, UI_A_ANSWER);
	assert_null(ui_key_find('0'));
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
	const int help[] = { 'q', KEY_RESIZE };
	size_t n_h = 0;
	for (size_t i = 0; i < ui_n_keys; i++)
		n_h += (ui_keys[i].when & UI_WHEN_HELP) != 0;
	for (size_t i = 0; i < sizeof help / sizeof help[0]; i++)
		assert_true(ui_key_find(help[i])->when & UI_WHEN_HELP);
	assert_int_equal(n_h, 2);
	assert_false(ui_key_find('?')->when & UI_WHEN_HELP);
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
		cmocka_unit_test(q_is_the_one_key_that_quits),
		cmocka_unit_test(what_acts_during_a_question_and_the_help),
		cmocka_unit_test(panels_and_the_race_lay_the_screen_out_again),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
