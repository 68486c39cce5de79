/*
 * test_ui_layout.c — the layout function of the TUI (src/ui/layout.c), with
 * no terminal: every panel inside the screen, none overlapping, the right
 * panels shown for each toggle, the too-small state below 80x24.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "ui/layout.h"

static struct ui_layout lay(int cols, int rows, bool race, bool loop, bool code)
{
	struct ui_layout_in in = { cols, rows, race, loop, code, 0 };
	struct ui_layout out;
	ui_layout_compute(&in, &out);
	return out;
}

static bool overlap(const struct ui_rect *a, const struct ui_rect *b)
{
	return a->x < b->x + b->w && b->x < a->x + a->w &&
	       a->y < b->y + b->h && b->y < a->y + a->h;
}

/* Every shown panel lies on screen, and none but the overlay overlaps another. */
static void assert_sane(const struct ui_layout *l)
{
	for (int i = 0; i < UI_P_COUNT; i++) {
		const struct ui_rect *a = &l->r[i];
		if (!ui_rect_shown(a))
			continue;
		assert_true(a->x >= 0 && a->y >= 0);
		assert_true(a->x + a->w <= l->cols);
		assert_true(a->y + a->h <= l->rows);
		if (i == UI_P_OVERLAY)
			continue;
		for (int j = i + 1; j < UI_P_COUNT; j++) {
			if (j == UI_P_OVERLAY || !ui_rect_shown(&l->r[j]))
				continue;
			assert_false(overlap(a, &l->r[j]));
		}
	}
}

static void below_80x24_is_too_small(void **state)
{
	(void)state;
	int sizes[][2] = { { 79, 24 }, { 80, 23 }, { 40, 10 }, { 1, 1 }, { 0, 0 } };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		struct ui_layout l = lay(sizes[i][0], sizes[i][1], false, true, true);
		assert_true(l.too_small);
		for (int p = 0; p < UI_P_COUNT; p++)
			if (p != UI_P_OVERLAY)
				assert_false(ui_rect_shown(&l.r[p]));
	}
}

static void at_80x24_everything_fits(void **state)
{
	(void)state;
	struct ui_layout l = lay(80, 24, false, false, false);
	assert_false(l.too_small);
	assert_sane(&l);
	int must[] = { UI_P_HEADER, UI_P_KITCHEN, UI_P_ORDERS, UI_P_LOG,
		       UI_P_LESSON, UI_P_KEYS };
	for (size_t i = 0; i < sizeof must / sizeof must[0]; i++)
		assert_true(ui_rect_shown(&l.r[must[i]]));
	assert_false(ui_rect_shown(&l.r[UI_P_LOOP]));
	assert_false(ui_rect_shown(&l.r[UI_P_CODE]));
	assert_int_equal(l.r[UI_P_HEADER].y, 0);
	assert_int_equal(l.r[UI_P_KEYS].y, 23);
	/* Readable: the orders get room for a name, a bar and a state. */
	assert_true(l.r[UI_P_ORDERS].w >= 46);
	assert_true(l.r[UI_P_ORDERS].h >= 10);
	assert_true(l.r[UI_P_LOG].h >= 7);
}

static void small_screen_extras_replace_the_orders(void **state)
{
	(void)state;
	struct ui_layout l = lay(80, 24, false, true, false);
	assert_sane(&l);
	assert_true(ui_rect_shown(&l.r[UI_P_LOOP]));
	assert_false(ui_rect_shown(&l.r[UI_P_ORDERS]));
	assert_true(ui_rect_shown(&l.r[UI_P_KITCHEN]));

	l = lay(80, 24, false, true, true);
	assert_sane(&l);
	assert_true(ui_rect_shown(&l.r[UI_P_LOOP]));
	assert_true(ui_rect_shown(&l.r[UI_P_CODE]));
	assert_true(l.r[UI_P_LOOP].y < l.r[UI_P_CODE].y);
}

static void big_screen_shows_all_side_by_side(void **state)
{
	(void)state;
	/* Wide and short: a column each. */
	struct ui_layout l = lay(220, 30, false, true, true);
	assert_sane(&l);
	assert_true(ui_rect_shown(&l.r[UI_P_ORDERS]));
	assert_true(ui_rect_shown(&l.r[UI_P_LOOP]));
	assert_true(ui_rect_shown(&l.r[UI_P_CODE]));
	assert_int_equal(l.r[UI_P_LOOP].y, l.r[UI_P_CODE].y);
	assert_true(l.r[UI_P_ORDERS].w >= 46);
	assert_true(l.r[UI_P_LOOP].w >= 40 && l.r[UI_P_CODE].w >= 40);
	/* Wide and tall: the loop above the code, the orders keep their
	 * width for the bars. */
	l = lay(200, 60, false, true, true);
	assert_sane(&l);
	assert_int_equal(l.r[UI_P_LOOP].x, l.r[UI_P_CODE].x);
	assert_true(l.r[UI_P_LOOP].y < l.r[UI_P_CODE].y);
	assert_true(l.r[UI_P_LOOP].h >= 15 && l.r[UI_P_CODE].h >= 15);
	assert_true(l.r[UI_P_ORDERS].w >= 70);
	/* The room of a big terminal is used: the stage grows with it. */
	struct ui_layout s = lay(80, 24, false, false, false);
	struct ui_layout b = lay(200, 60, false, false, false);
	assert_true(b.r[UI_P_ORDERS].w > s.r[UI_P_ORDERS].w);
	assert_true(b.r[UI_P_ORDERS].h > s.r[UI_P_ORDERS].h);
}

static void medium_screen_stacks_the_extras(void **state)
{
	(void)state;
	struct ui_layout l = lay(130, 40, false, true, true);
	assert_sane(&l);
	assert_true(ui_rect_shown(&l.r[UI_P_ORDERS]));
	assert_int_equal(l.r[UI_P_LOOP].x, l.r[UI_P_CODE].x);
	assert_true(l.r[UI_P_LOOP].y < l.r[UI_P_CODE].y);
}

static void race_view_has_two_kitchens_and_a_verdict(void **state)
{
	(void)state;
	struct ui_layout l = lay(80, 24, true, true, true);
	assert_sane(&l);
	assert_true(ui_rect_shown(&l.r[UI_P_RACE_SEQ]));
	assert_true(ui_rect_shown(&l.r[UI_P_RACE_CONC]));
	assert_true(ui_rect_shown(&l.r[UI_P_RACE_VERDICT]));
	assert_false(ui_rect_shown(&l.r[UI_P_ORDERS]));
	assert_false(ui_rect_shown(&l.r[UI_P_LOOP]));
	assert_int_equal(l.r[UI_P_RACE_SEQ].y, l.r[UI_P_RACE_CONC].y);
	assert_true(l.r[UI_P_RACE_SEQ].w >= 40);
}

static void a_question_keeps_the_kitchen_in_view(void **state)
{
	(void)state;
	struct ui_layout_in in = { 80, 24, false, false, false, 12 };
	struct ui_layout l;
	ui_layout_compute(&in, &l);
	assert_sane(&l);
	const struct ui_rect *q = &l.r[UI_P_STRIP];
	assert_true(ui_rect_shown(q));
	assert_int_equal(q->h, 12);
	assert_int_equal(q->w, 80);
	assert_int_equal(q->y + q->h, 23);             /* just above the key bar */
	assert_true(ui_rect_shown(&l.r[UI_P_KITCHEN]));
	assert_true(ui_rect_shown(&l.r[UI_P_ORDERS]));
	assert_true(l.r[UI_P_ORDERS].h >= UI_STAGE_MIN_ROWS);
	assert_false(ui_rect_shown(&l.r[UI_P_LOG]));
	/* A long question gets what is left, never the kitchen's rows. */
	in.strip_rows = 40;
	ui_layout_compute(&in, &l);
	assert_sane(&l);
	assert_int_equal(l.r[UI_P_KITCHEN].h, UI_STAGE_MIN_ROWS);
	/* In the race view it takes the verdict's place. */
	in.race = true;
	in.strip_rows = 9;
	ui_layout_compute(&in, &l);
	assert_sane(&l);
	assert_true(ui_rect_shown(&l.r[UI_P_STRIP]));
	assert_false(ui_rect_shown(&l.r[UI_P_RACE_VERDICT]));
	assert_int_equal(l.r[UI_P_RACE_SEQ].h, 22 - 9);
}

static void every_size_is_sane(void **state)
{
	(void)state;
	for (int c = 60; c <= 260; c += 7)
		for (int r = 15; r <= 90; r += 5)
			for (int m = 0; m < 16; m++) {
				struct ui_layout_in in = { c, r, m & 1, m & 2, m & 4,
							   m & 8 ? r / 2 : 0 };
				struct ui_layout l;
				ui_layout_compute(&in, &l);
				assert_int_equal(l.too_small, c < 80 || r < 24);
				assert_sane(&l);
				if (!l.too_small) {
					const struct ui_rect *o = &l.r[UI_P_OVERLAY];
					assert_true(o->w >= 60 && o->h >= 20);
				}
			}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(below_80x24_is_too_small),
		cmocka_unit_test(at_80x24_everything_fits),
		cmocka_unit_test(small_screen_extras_replace_the_orders),
		cmocka_unit_test(big_screen_shows_all_side_by_side),
		cmocka_unit_test(medium_screen_stacks_the_extras),
		cmocka_unit_test(race_view_has_two_kitchens_and_a_verdict),
		cmocka_unit_test(a_question_keeps_the_kitchen_in_view),
		cmocka_unit_test(every_size_is_sane),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
