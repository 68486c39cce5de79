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
#include "ui/paint.h"
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
	assert_int_equal(ui_model_set_mode(&m, SCN_SEQUENTIAL, 0), 0);
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
	assert_non_null(ui_model_question(&m));
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

/* What the real-time clock does, without time: performs the engines'
 * actions in time order (the lower index at a tie) and, at every script
 * stop, opens the questions of that instant one after another, answering
 * each with its right choice. Records (side, directive) of every question
 * asked, in order. */
struct asked {
	struct ui_ask q[32];
	int n;
};

static void drive(struct ui_model *m, struct asked *out)
{
	out->n = 0;
	for (;;) {
		int best = -1;
		int64_t t = ENG_NEVER;
		for (int i = 0; i < m->n_runs; i++) {
			int64_t n = eng_next_time(m->run[i].eng);
			if (n < t) {
				t = n;
				best = i;
			}
		}
		if (best < 0)
			break;
		eng_run_action(m->run[best].eng);
		ui_model_reveal_all(m);
		struct ui_stop st;
		if (!ui_model_take_stop(m, &st) || st.type != ENG_ASK)
			continue;
		while (ui_model_next_question(m, false)) {
			const struct scn_directive *d = ui_model_question(m);
			assert_non_null(d);
			assert_true(out->n < 32);
			out->q[out->n].side = m->question.side;
			out->q[out->n].directive = m->question.directive;
			out->n++;
			assert_true(ui_model_answer(m, d->answer));
			ui_model_close_question(m);
		}
	}
}

static void each_mode_asks_its_own_question(void **state)
{
	(void)state;
	/* blocking: directive 0 is for sequential mode, 1 for concurrent. */
	struct scn_scenario *s = load("blocking");
	struct ui_model m;
	static struct asked got;
	assert_int_equal(ui_model_init(&m, s, SCN_SEQUENTIAL, s->seed, false, 64), 0);
	drive(&m, &got);
	assert_int_equal(got.n, 1);
	assert_int_equal(got.q[0].directive, 0);
	assert_int_equal(ui_model_set_mode(&m, SCN_CONCURRENT, 0), 0);
	drive(&m, &got);
	assert_int_equal(got.n, 1);
	assert_int_equal(got.q[0].directive, 1);
	assert_int_equal(s->script[1].mode, SCN_CONCURRENT);
	/* Every curriculum question says which mode it was written for. */
	static const char *const lessons[] = {
		"blocking", "create-task", "chopping", "helpers", "stations", "errors",
		"timeouts",
	};
	for (size_t i = 0; i < sizeof lessons / sizeof *lessons; i++) {
		struct scn_scenario *l = load(lessons[i]);
		int per_mode[2] = { 0, 0 };
		for (int d = 0; d < l->n_script; d++) {
			if (l->script[d].kind != SCN_DIR_ASK)
				continue;
			assert_int_not_equal(l->script[d].mode, SCN_DIR_BOTH);
			per_mode[l->script[d].mode]++;
		}
		assert_true(per_mode[SCN_CONCURRENT] > 0);
		assert_true(per_mode[SCN_SEQUENTIAL] > 0);
		scn_free(l);
	}
	ui_model_close(&m);
	scn_free(s);
}

static void the_race_asks_each_directive_once_in_file_order(void **state)
{
	(void)state;
	/* chopping: at 0 s the concurrent question (file index 0), then the
	 * sequential one (1); each kitchen meets only its own, and they are
	 * asked one after the other, in file order, each of its side. */
	struct scn_scenario *s = load("chopping");
	struct ui_model m;
	static struct asked got;
	assert_int_equal(ui_model_init(&m, s, SCN_CONCURRENT, s->seed, true, 64), 0);
	drive(&m, &got);
	assert_int_equal(got.n, 2);
	assert_int_equal(got.q[0].directive, 0);
	assert_int_equal(got.q[0].side, 1);         /* concurrent */
	assert_int_equal(got.q[1].directive, 1);
	assert_int_equal(got.q[1].side, 0);         /* sequential */
	ui_model_close(&m);
	scn_free(s);

	/* A directive for both modes is asked once, not once per kitchen. */
	struct scn_diags d = { 0 };
	assert_int_equal(scn_load_buffer("ask.yaml", ask_yaml, strlen(ask_yaml), &s, &d), 0);
	scn_diags_close(&d);
	assert_int_equal(ui_model_init(&m, s, SCN_CONCURRENT, s->seed, true, 64), 0);
	drive(&m, &got);
	assert_int_equal(got.n, 1);
	assert_int_equal(got.q[0].side, 0);
	ui_model_close(&m);
	scn_free(s);

	/* errors: three moments, a pair at each, six questions in all. */
	s = load("errors");
	assert_int_equal(ui_model_init(&m, s, SCN_CONCURRENT, s->seed, true, 64), 0);
	drive(&m, &got);
	assert_int_equal(got.n, 6);
	for (int i = 0; i < 6; i += 2) {
		assert_int_equal(s->script[got.q[i].directive].at_ms,
				 s->script[got.q[i + 1].directive].at_ms);
		assert_true(got.q[i].directive < got.q[i + 1].directive);
		assert_int_not_equal(got.q[i].side, got.q[i + 1].side);
	}
	ui_model_close(&m);
	scn_free(s);
}

static void two_scenarios_race_with_their_own_scripts(void **state)
{
	(void)state;
	struct scn_scenario *a = load("chopping"), *b = load("helpers");
	struct ui_model m;
	static struct asked got;
	assert_int_equal(ui_model_init(&m, a, SCN_CONCURRENT, a->seed, true, 64), 0);
	struct ui_side sides[2] = {
		{ a, SCN_CONCURRENT, a->seed }, { b, SCN_CONCURRENT, b->seed },
	};
	assert_int_equal(ui_model_set_sides(&m, sides), 0);
	assert_true(ui_model_two_scenarios(&m));
	assert_ptr_equal(m.run[0].s, a);
	assert_ptr_equal(m.run[1].s, b);
	drive(&m, &got);
	/* Each side's concurrent question, side 1's file first. */
	assert_int_equal(got.n, 2);
	assert_int_equal(got.q[0].side, 0);
	assert_int_equal(a->script[got.q[0].directive].mode, SCN_CONCURRENT);
	assert_int_equal(got.q[1].side, 1);
	assert_int_equal(b->script[got.q[1].directive].mode, SCN_CONCURRENT);
	assert_int_equal(eng_summary(m.run[0].eng)->makespan, 5000);
	assert_int_equal(eng_summary(m.run[1].eng)->makespan, 6000);
	ui_model_close(&m);
	scn_free(a);
	scn_free(b);
}

static void seeking_keeps_the_time_and_skips_what_is_past(void **state)
{
	(void)state;
	struct scn_scenario *s = load("errors");
	static struct all want;
	headless(s, SCN_SEQUENTIAL, &want);
	struct ui_model m;
	static struct asked got;
	assert_int_equal(ui_model_init(&m, s, SCN_CONCURRENT, s->seed, false, 4096), 0);
	/* m at 4.7 s: the sequential kitchen as it stands then, every event
	 * before 4.7 s shown, the questions at 0 s passed by. */
	assert_int_equal(ui_model_set_mode(&m, SCN_SEQUENTIAL, 4700), 0);
	assert_int_equal(ui_model_time(&m), 4700);
	size_t before = 0;
	while (before < want.n && want.ev[before].t < 4700)
		before++;
	assert_int_equal(m.run[0].shown, before);
	assert_int_equal(eng_summary(m.run[0].eng)->orders_failed, 1);
	struct ui_stop st;
	assert_false(ui_model_take_stop(&m, &st));
	assert_int_equal(m.question.directive, -1);
	drive(&m, &got);
	assert_int_equal(got.n, 1);                 /* only the one at 9.5 s */
	assert_int_equal(s->script[got.q[0].directive].at_ms, 9500);
	/* Past the end, the end is where it stands. */
	assert_int_equal(ui_model_seek(&m, 99000), 0);
	assert_int_equal(ui_model_time(&m), 16000);
	assert_true(ui_model_done(&m));
	/* A question exactly at the moment sought is still met. */
	assert_int_equal(ui_model_seek(&m, 4500), 0);
	drive(&m, &got);
	assert_int_equal(got.n, 2);
	assert_int_equal(s->script[got.q[0].directive].at_ms, 4500);
	ui_model_close(&m);
	scn_free(s);
}

static void stepping_back_over_a_question_asks_it_again(void **state)
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
	assert_true(m.question.stepped);
	assert_int_equal(ui_model_back(&m), 1);
	assert_int_equal(m.question.directive, -1);
	assert_true(ui_model_step(&m));
	assert_int_equal(m.question.directive, 0);
	ui_model_close(&m);
	scn_free(s);
}

static void orders_show_once_they_arrived(void **state)
{
	(void)state;
	/* helpers: a question at 0 s, handled before the first arrival. */
	struct scn_scenario *s = load("helpers");
	struct ui_model m;
	assert_int_equal(ui_model_init(&m, s, SCN_CONCURRENT, s->seed, false, 64), 0);
	while (m.question.directive < 0 && ui_model_step(&m))
		;
	assert_true(eng_order_count(m.run[0].eng) >= 1);   /* held in the ready queue */
	assert_int_equal(ui_run_orders(&m.run[0]), 0);      /* not shown yet */
	ui_model_close_question(&m);
	while (ui_run_orders(&m.run[0]) == 0 && ui_model_step(&m))
		;
	assert_int_equal(ui_log_get(&m.run[0].log, m.run[0].shown)->type, ENG_ORDER_ARRIVED);
	ui_model_close(&m);
	scn_free(s);
}

/* An order that failed under gather keeps its other steps going: panels
 * that list what is alive start no later than it until they end. */
static void a_failed_orders_steps_keep_it_in_view(void **state)
{
	(void)state;
	static const char *yaml =
		"title: linger\n"
		"recipes:\n"
		"  r:\n"
		"    tasks:\n"
		"      long: { duration: 3s }\n"
		"      bad:  { duration: 1s, fail_after: 0.5s }\n"
		"orders:\n"
		"  - { recipe: r, count: 2, every: 0.1s }\n"
		"  - { recipe: r, at: 1s }\n";
	struct scn_scenario *s = NULL;
	struct scn_diags d = { 0 };
	assert_int_equal(scn_load_buffer("linger.yaml", yaml, strlen(yaml), &s, &d), 0);
	scn_diags_close(&d);
	struct ui_model m;
	assert_int_equal(ui_model_init(&m, s, SCN_CONCURRENT, s->seed, false, 64), 0);
	struct ui_run *run = &m.run[0];
	eng_run_until(run->eng, 1000);  /* both failed at 0.5 and 0.6; #3 open */
	assert_int_equal(eng_summary(run->eng)->orders_failed, 2);
	assert_int_equal(ui_run_first_open(run), 0);    /* #1's long goes on */
	eng_run_until(run->eng, 3000);  /* #1's long is over, #2's at 3.1 */
	assert_int_equal(ui_run_first_open(run), 1);
	eng_run_until(run->eng, 3100);
	assert_int_equal(ui_run_first_open(run), 2);    /* #3, still open */
	ui_model_close(&m);
	scn_free(s);
}

static void time_waited_rounds_down_time_left_up(void **state)
{
	(void)state;
	char b[32];
	/* 0.136 s waited is 0.1 s, never more than has passed... */
	assert_string_equal(ui_secs1_past(136, b), "0.1");
	assert_string_equal(ui_secs1_past(99, b), "0.0");
	assert_string_equal(ui_secs1_past(1000, b), "1.0");
	assert_string_equal(ui_secs1_past(-5, b), "0.0");
	/* ...and 0.136 s left is 0.2 s: not over before it is. */
	assert_string_equal(ui_secs1(136, b), "0.2");
	assert_string_equal(ui_secs1(1, b), "0.1");
	assert_string_equal(ui_secs1(0, b), "0.0");
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
	/* A number keeps its unit of time on its line... */
	n = ui_text_wrap("pasta boils 4 s, bread", 13, true, &next);
	assert_int_equal(n, 11);
	assert_string_equal(next, "4 s, bread");
	n = ui_text_wrap("at 0.5 ms.", 8, true, &next);
	assert_int_equal(n, 2);
	assert_string_equal(next, "0.5 ms.");
	/* ...but not a word that only starts like one, and not at any cost. */
	n = ui_text_wrap("took 4 sips", 8, true, &next);
	assert_int_equal(n, 6);
	assert_string_equal(next, "sips");
	n = ui_text_wrap("4 s", 2, true, &next);
	assert_int_equal(n, 1);
	assert_string_equal(next, "s");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(next_reveals_exactly_one_event),
		cmocka_unit_test(back_goes_back_exactly_one_event),
		cmocka_unit_test(mode_and_restart_start_over),
		cmocka_unit_test(race_steps_both_kitchens_in_time_order),
		cmocka_unit_test(a_question_opens_and_is_answered),
		cmocka_unit_test(each_mode_asks_its_own_question),
		cmocka_unit_test(the_race_asks_each_directive_once_in_file_order),
		cmocka_unit_test(two_scenarios_race_with_their_own_scripts),
		cmocka_unit_test(seeking_keeps_the_time_and_skips_what_is_past),
		cmocka_unit_test(stepping_back_over_a_question_asks_it_again),
		cmocka_unit_test(orders_show_once_they_arrived),
		cmocka_unit_test(a_failed_orders_steps_keep_it_in_view),
		cmocka_unit_test(time_waited_rounds_down_time_left_up),
		cmocka_unit_test(text_fits_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
