/*
 * test_ui_model.c — the demonstration's model (src/ui/model.c) with the real
 * engine and no terminal: `n` reveals exactly one event, `b` goes back
 * exactly one (by replaying), the race view steps both kitchens in time
 * order, script questions open and are answered; and the text helpers
 * (src/ui/text.c) that fit words into columns.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "scenario/load.h"
#include "ui/model.h"
#include "ui/text.h"

static struct scn_scenario *load(const char *name)
{
	struct scn_scenario *s = NULL;
	struct scn_diags d = { 0 };
	assert_int_equal(scn_load_arg(name, &s, &d), 0);
	scn_diags_close(&d);
	return s;
}

static const char *ask_yaml =
	"title: ask\n"
	"recipes:\n"
	"  r:\n"
	"    tasks:\n"
	"      a: { duration: 1s }\n"
	"orders:\n"
	"  - recipe: r\n"
	"script:\n"
	"  - { at: 0.5s, ask: Why?, choices: [x, y, z], answer: 2, explain: Because }\n";

/* Every event of a headless run, to compare with. */
struct all {
	struct eng_event ev[512];
	size_t n;
};

static void keep(void *ctx, const struct eng_event *ev)
{
	struct all *a = ctx;
	if (a->n < 512)
		a->ev[a->n++] = *ev;
}

static void headless(const struct scn_scenario *s, enum scn_mode mode, struct all *a)
{
	struct eng_options o;
	eng_options_default(&o, s);
	o.mode = mode;
	struct eng_engine *e = eng_new(s, &o);
	struct eng_observer ob = { keep, a };
	eng_add_observer(e, &ob);
	a->n = 0;
	eng_run(e);
	eng_free(e);
}

static void next_reveals_exactly_one_event(void **state)
{
	(void)state;
	struct scn_scenario *s = load("coffee");
	static struct all want;
	headless(s, SCN_CONCURRENT, &want);
	struct ui_model m;
	assert_int_equal(ui_model_init(&m, s, SCN_CONCURRENT, s->seed, false, 64), 0);
	assert_int_equal(ui_model_shown(&m), 0);
	for (size_t k = 1; k <= want.n; k++) {
		assert_true(ui_model_step(&m));
		assert_int_equal(ui_model_shown(&m), k);
		const struct eng_event *ev = ui_log_get(&m.run[0].log, k);
		assert_non_null(ev);
		assert_int_equal(ev->type, want.ev[k - 1].type);
		assert_int_equal(ui_model_time(&m), want.ev[k - 1].t);
	}
	assert_false(ui_model_step(&m));
	assert_true(ui_model_done(&m));
	ui_model_close(&m);
	scn_free(s);
}

static void back_goes_back_exactly_one_event(void **state)
{
	(void)state;
	struct scn_scenario *s = load("chopping");
	static struct all want;
	headless(s, SCN_CONCURRENT, &want);
	struct ui_model m;
	assert_int_equal(ui_model_init(&m, s, SCN_CONCURRENT, s->seed, false, 64), 0);
	assert_int_equal(ui_model_back(&m), 0);     /* nothing before the start */
	for (size_t k = 0; k < want.n; k++)
		assert_true(ui_model_step(&m));
	for (size_t k = want.n; k > 0; k--) {
		assert_int_equal(ui_model_back(&m), 1);
		assert_int_equal(ui_model_shown(&m), k - 1);
		int64_t t = k >= 2 ? want.ev[k - 2].t : 0;
		assert_int_equal(ui_model_time(&m), t);
		/* And forward again lands on the same event. */
		if (k % 3 == 0) {
			assert_true(ui_model_step(&m));
			assert_int_equal(ui_log_get(&m.run[0].log, k)->type, want.ev[k - 1].type);
			assert_int_equal(ui_model_back(&m), 1);
		}
	}
	assert_int_equal(ui_model_back(&m), 0);
	ui_model_close(&m);
	scn_free(s);
}

static void mode_and_restart_start_over(void **state)
{
	(void)state;
	struct scn_scenario *s = load("coffee");
	struct ui_model m;
	assert_int_equal(ui_model_init(&m, s, SCN_CONCURRENT, s->seed, false, 64), 0);
	ui_model_step(&m);
	ui_model_step(&m);
	assert_int_equal(ui_model_set_mode(&m, SCN_SEQUENTIAL), 0);
	assert_int_equal(ui_model_shown(&m), 0);
	assert_int_equal(eng_mode(m.run[0].eng), SCN_SEQUENTIAL);
	eng_run(m.run[0].eng);
	assert_int_equal(eng_summary(m.run[0].eng)->makespan, 5000);
	assert_int_equal(ui_model_restart(&m), 0);
	assert_int_equal(eng_now(m.run[0].eng), 0);
	assert_int_equal(eng_mode(m.run[0].eng), SCN_SEQUENTIAL);
	ui_model_close(&m);
	scn_free(s);
}

static void race_steps_both_kitchens_in_time_order(void **state)
{
	(void)state;
	struct scn_scenario *s = load("coffee");
	static struct all seq, conc;
	headless(s, SCN_SEQUENTIAL, &seq);
	headless(s, SCN_CONCURRENT, &conc);
	struct ui_model m;
	assert_int_equal(ui_model_init(&m, s, SCN_CONCURRENT, s->seed, true, 64), 0);
	assert_int_equal(m.n_runs, 2);
	assert_int_equal(eng_mode(m.run[0].eng), SCN_SEQUENTIAL);
	assert_int_equal(eng_mode(m.run[1].eng), SCN_CONCURRENT);
	int64_t last = 0;
	size_t total = 0;
	while (ui_model_step(&m)) {
		total++;
		int64_t t = ui_model_time(&m);
		assert_true(t >= last);
		last = t;
	}
	assert_int_equal(total, seq.n + conc.n);
	assert_int_equal(m.run[0].shown, seq.n);
	assert_int_equal(m.run[1].shown, conc.n);
	assert_int_equal(eng_summary(m.run[0].eng)->makespan, 5000);
	assert_int_equal(eng_summary(m.run[1].eng)->makespan, 3000);
	/* Back takes the latest event away: the sequential kitchen's last. */
	assert_int_equal(ui_model_back(&m), 1);
	assert_int_equal(m.run[0].shown, seq.n - 1);
	assert_int_equal(m.run[1].shown, conc.n);
	ui_model_close(&m);
	scn_free(s);
}

static void a_question_opens_and_is_answered(void **state)
{
	(void)state;
	struct scn_scenario *s = NULL;
	struct scn_diags d = { 0 };
	assert_int_equal(scn_load_buffer("ask.yaml", ask_yaml, strlen(ask_yaml), &s, &d), 0);
	scn_diags_close(&d);
	struct ui_model m;
	assert_int_equal(ui_model_init(&m, s, SCN_CONCURRENT, s->seed, false, 64), 0);
	while (m.question.directive < 0 && ui_model_step(&m))
		;
	assert_int_equal(m.question.directive, 0);
	assert_int_equal(ui_model_time(&m), 500);
	assert_false(ui_model_answer(&m, 4));       /* out of range */
	assert_true(ui_model_answer(&m, 3));
	assert_true(m.question.revealed);
	assert_int_equal(m.question.chosen, 3);
	assert_false(ui_model_answer(&m, 2));       /* answered already */
	ui_model_close_question(&m);
	assert_int_equal(m.question.directive, -1);
	/* Stepping by hand never leaves a pending stop for the clock. */
	struct ui_stop st;
	assert_false(ui_model_take_stop(&m, &st));
	/* Run by the engine itself (as the clock does): the stop is pending. */
	assert_int_equal(ui_model_restart(&m), 0);
	eng_run_until(m.run[0].eng, 500);
	assert_true(ui_model_take_stop(&m, &st));
	assert_int_equal(st.type, ENG_ASK);
	assert_int_equal(st.t, 500);
	ui_model_close(&m);
	scn_free(s);
}

static void text_fits_columns(void **state)
{
	(void)state;
	char out[64];
	assert_int_equal(ui_text_width("grind", true), 5);
	assert_int_equal(ui_text_width("caf\xc3\xa9", true), 4);
	assert_int_equal(ui_text_width("caf\xc3\xa9", false), 4);
	assert_int_equal(ui_text_fit("caf\xc3\xa9 au lait", 20, false, "~", out, sizeof out), 12);
	assert_string_equal(out, "caf? au lait");
	assert_int_equal(ui_text_fit("Fresh coffee!", 8, true, "\xe2\x80\xa6", out, sizeof out), 8);
	assert_string_equal(out, "Fresh c\xe2\x80\xa6");
	assert_int_equal(ui_text_fit("Fresh coffee!", 8, false, "~", out, sizeof out), 8);
	assert_string_equal(out, "Fresh c~");
	assert_int_equal(ui_text_fit("a\tb", 5, true, NULL, out, sizeof out), 3);
	assert_string_equal(out, "a b");
	assert_int_equal(ui_text_fit("anything", 0, true, "~", out, sizeof out), 0);
	assert_string_equal(out, "");
	/* A malformed byte is one '?' column, never a crash. */
	assert_int_equal(ui_text_fit("a\xff" "b", 5, true, NULL, out, sizeof out), 3);
	const char *next;
	size_t n = ui_text_wrap("the water boils", 10, true, &next);
	assert_int_equal(n, 9);
	assert_string_equal(next, "boils");
	n = ui_text_wrap("line\nnext", 20, true, &next);
	assert_int_equal(n, 4);
	assert_string_equal(next, "next");
	n = ui_text_wrap("short", 20, true, &next);
	assert_int_equal(n, 5);
	assert_null(next);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(next_reveals_exactly_one_event),
		cmocka_unit_test(back_goes_back_exactly_one_event),
		cmocka_unit_test(mode_and_restart_start_over),
		cmocka_unit_test(race_steps_both_kitchens_in_time_order),
		cmocka_unit_test(a_question_opens_and_is_answered),
		cmocka_unit_test(text_fits_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
