/*
 * test_load.c — the scenario loader (src/scenario): SPEC §3 rule by rule.
 *
 * Valid files are loaded from memory and the model is checked field by
 * field (defaults, positions, derived dependents). Invalid files are loaded
 * from memory and the whole list of diagnostics, "LINE:COL: MESSAGE" one per
 * line, is compared with the exact text: every rule's message, its position,
 * the order of several problems, and the hardening limits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "scenario/builtin.h"
#include "scenario/load.h"

/* ---- helpers -------------------------------------------------------- */

struct buf {
	char *s;
	size_t n, cap;
};

static void put(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (b->n + (size_t)n + 1 > b->cap) {
		b->cap = (b->n + (size_t)n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
	va_end(ap);
	b->n += (size_t)n;
}

static char *render(const struct scn_diags *d)
{
	struct buf b = { 0 };
	put(&b, "%s", "");
	for (size_t i = 0; i < d->n; i++) {
		if (d->items[i].line)
			put(&b, "%d:%d: %s\n", d->items[i].line,
			    d->items[i].col, d->items[i].message);
		else
			put(&b, "-: %s\n", d->items[i].message);
	}
	return b.s;
}

/* Loads `len` bytes expecting failure; returns the rendered diagnostics. */
static char *errors_of_len(const char *yaml, size_t len)
{
	struct scn_diags d = { 0 };
	struct scn_scenario *s = (struct scn_scenario *)1;
	int rc = scn_load_buffer("t.yaml", yaml, len, &s, &d);
	if (rc == 0)
		fail_msg("loaded, but errors were expected:\n%s", yaml);
	assert_int_equal(rc, -1);
	assert_null(s);
	assert_string_equal(d.file, "t.yaml");
	char *out = render(&d);
	scn_diags_close(&d);
	return out;
}

static void expect_errors_len(const char *yaml, size_t len, const char *want)
{
	char *got = errors_of_len(yaml, len);
	if (strcmp(got, want))
		fail_msg("for:\n%.2000s\nwant:\n%.4000sgot:\n%.4000s", yaml, want,
			 got);
	free(got);
}

static void expect_errors(const char *yaml, const char *want)
{
	expect_errors_len(yaml, strlen(yaml), want);
}

static struct scn_scenario *load_ok(const char *yaml)
{
	struct scn_diags d = { 0 };
	struct scn_scenario *s = NULL;
	if (scn_load_buffer("t.yaml", yaml, strlen(yaml), &s, &d)) {
		char *got = render(&d);
		fail_msg("errors in:\n%s\n%s", yaml, got);
	}
	assert_int_equal(d.n, 0);
	scn_diags_close(&d);
	assert_non_null(s);
	return s;
}

#define ERR_TEST(name, yaml, want)                                      \
	static void name(void **state)                                  \
	{                                                               \
		(void)state;                                            \
		expect_errors(yaml, want);                              \
	}

#define OK_TEST(name, yaml)                                             \
	static void name(void **state)                                  \
	{                                                               \
		(void)state;                                            \
		scn_free(load_ok(yaml));                                \
	}

/* A valid file's recipes and orders, lines 2-7 after a title line. */
#define TAIL "recipes:\n  r:\n    tasks:\n      a: { duration: 1s }\n" \
	     "orders:\n  - recipe: r\n"
#define OK_FILE "title: T\n" TAIL

/* One task `t` (line 4) with the given keys, and one order (line 6). */
#define TASK(keys) "title: T\nrecipes:\n  r:\n    tasks: { t: { " keys \
		   " } }\norders:\n  - recipe: r\n"
/* One order (line 6) with the given keys. */
#define ORDER(keys) "title: T\nrecipes:\n  r:\n    tasks: { t: { duration: 1s } }\n" \
		    "orders:\n  - { " keys " }\n"
/* One script directive (line 7) with the given keys. */
#define DIRECTIVE(keys) OK_FILE "script:\n  - { " keys " }\n"

/* ---- valid files: the model ----------------------------------------- */

static void coffee_shop_model(void **state)
{
	(void)state;
	const struct base_embedded *b = scn_builtin_find("coffee");
	assert_non_null(b);
	struct scn_diags d = { 0 };
	struct scn_scenario *s = NULL;
	assert_int_equal(scn_load_buffer("coffee", b->text, b->len, &s, &d), 0);
	assert_int_equal(d.n, 0);
	scn_diags_close(&d);

	assert_string_equal(s->path, "coffee");
	assert_string_equal(s->title, "Virtual coffee shop");
	assert_string_equal(s->concept, "gather — two tasks at once");
	assert_non_null(strstr(s->lesson, "not 5 s.\n"));
	assert_int_equal(s->mode, SCN_CONCURRENT);
	assert_int_equal(s->helpers, 4);
	assert_true(s->seed == 1);
	assert_int_equal(s->source_len, b->len);
	assert_memory_equal(s->source, b->text, b->len);
	assert_int_equal(s->source[s->source_len], '\0');

	assert_int_equal(s->n_stations, 2);
	assert_string_equal(s->stations[0].name, "grinder");
	assert_string_equal(s->stations[0].title, "grinder");
	assert_int_equal(s->stations[0].capacity, 1);
	assert_int_equal(s->stations[0].pos.line, 7);
	assert_int_equal(s->stations[0].pos.col, 3);
	assert_string_equal(s->stations[1].name, "kettle");

	assert_int_equal(s->n_recipes, 1);
	const struct scn_recipe *r = &s->recipes[0];
	assert_string_equal(r->name, "coffee");
	assert_string_equal(r->title, "Fresh coffee!");
	assert_int_equal(r->on_error, SCN_PROPAGATE);
	assert_true(r->patience_ms == -1);
	assert_int_equal(r->pos.line, 10);
	assert_int_equal(r->pos.col, 3);
	assert_int_equal(r->n_tasks, 3);
	const struct scn_task *g = &r->tasks[0], *h = &r->tasks[1],
			      *c = &r->tasks[2];
	assert_string_equal(g->name, "grind");
	assert_true(g->duration_ms == 3000);
	assert_int_equal(g->kind, SCN_WAIT);
	assert_int_equal(g->station, 0);
	assert_int_equal(g->n_after, 0);
	assert_string_equal(g->say_start, "Starting to grind arabica");
	assert_string_equal(g->say_done, "Finished grinding arabica");
	assert_int_equal(g->pos.line, 13);
	assert_int_equal(g->pos.col, 7);
	assert_string_equal(h->name, "heat");
	assert_int_equal(h->station, 1);
	assert_string_equal(c->name, "combine");
	assert_true(c->duration_ms == 0);
	assert_int_equal(c->station, -1);
	assert_int_equal(c->n_after, 2);
	assert_int_equal(c->after[0], 0);
	assert_int_equal(c->after[1], 1);
	assert_null(c->say_done);

	assert_int_equal(s->n_orders, 1);
	assert_int_equal(s->orders[0].recipe, 0);
	assert_true(s->orders[0].at_ms == 0);
	assert_true(s->orders[0].count == 1);
	assert_true(s->orders[0].every_ms == 0);
	assert_null(s->orders[0].name);
	assert_int_equal(s->orders[0].pos.line, 17);
	assert_int_equal(s->orders[0].pos.col, 5);
	assert_int_equal(s->n_script, 0);
	assert_null(s->script);
	assert_true(scn_total_orders(s) == 1);
	scn_free(s);
}

static void defaults(void **state)
{
	(void)state;
	struct scn_scenario *s = load_ok(OK_FILE);
	assert_null(s->concept);
	assert_null(s->lesson);
	assert_int_equal(s->mode, SCN_CONCURRENT);
	assert_int_equal(s->helpers, 4);
	assert_true(s->seed == 1);
	assert_int_equal(s->n_stations, 0);
	const struct scn_recipe *r = &s->recipes[0];
	assert_string_equal(r->title, "r");
	assert_int_equal(r->on_error, SCN_PROPAGATE);
	assert_true(r->patience_ms == -1);
	const struct scn_task *t = &r->tasks[0];
	assert_int_equal(t->kind, SCN_WAIT);
	assert_int_equal(t->station, -1);
	assert_null(t->after);
	assert_int_equal(t->n_after, 0);
	assert_null(t->say_start);
	assert_null(t->say_done);
	assert_true(t->fail_after_ms == -1);
	assert_true(t->fail_chance == 0.0);
	assert_string_equal(t->error, "failed");
	assert_true(t->timeout_ms == -1);
	assert_int_equal(t->retries, 0);
	assert_int_equal(r->n_dependents[0], 0);
	assert_null(r->dependents[0]);
	scn_free(s);
}

static void every_key_set(void **state)
{
	(void)state;
	struct scn_scenario *s = load_ok(
		"title: All of it\n"
		"concept: everything\n"
		"lesson: |\n  line one\n  line two\n"
		"mode: sequential\n"
		"helpers: 128\n"
		"seed: 18446744073709551615\n"
		"stations:\n"
		"  oven: { capacity: 1000, title: The big oven }\n"
		"  sink: 2\n"
		"recipes:\n"
		"  bread:\n"
		"    title: Bread\n"
		"    on_error: cancel\n"
		"    patience: 2min\n"
		"    tasks:\n"
		"      knead: { duration: 90s, kind: work }\n"
		"      bake:\n"
		"        duration: 20min\n"
		"        kind: helper\n"
		"        station: oven\n"
		"        after: [knead]\n"
		"        say_start: In it goes\n"
		"        say_done: Out it comes\n"
		"        fail_after: 10min\n"
		"        fail_chance: 0.25\n"
		"        error: burnt\n"
		"        timeout: 30min\n"
		"        retries: 100\n"
		"  soup: { on_error: collect, tasks: { stir: { duration: 1s, station: sink } } }\n"
		"orders:\n"
		"  - { recipe: soup, at: 250ms, count: 9999999, every: 1.5s, name: Table 4 }\n"
		"  - recipe: bread\n"
		"script:\n"
		"  - { at: 0, say: Welcome }\n"
		"  - { at: 1s, pause: true }\n"
		"  - at: 2s\n"
		"    ask: Which finishes first?\n"
		"    choices: [knead, bake, they tie]\n"
		"    answer: 2\n"
		"    explain: Because.\n"
		"  - { at: 3s, ask: Again?, choices: [yes, no], answer: 1 }\n");
	assert_string_equal(s->concept, "everything");
	assert_string_equal(s->lesson, "line one\nline two\n");
	assert_int_equal(s->mode, SCN_SEQUENTIAL);
	assert_int_equal(s->helpers, 128);
	assert_true(s->seed == UINT64_MAX);
	assert_int_equal(s->n_stations, 2);
	assert_string_equal(s->stations[0].title, "The big oven");
	assert_int_equal(s->stations[0].capacity, 1000);
	assert_string_equal(s->stations[1].title, "sink");
	assert_int_equal(s->stations[1].capacity, 2);
	assert_int_equal(s->stations[1].pos.line, 11);
	const struct scn_recipe *r = &s->recipes[0];
	assert_string_equal(r->title, "Bread");
	assert_int_equal(r->on_error, SCN_CANCEL);
	assert_true(r->patience_ms == 120000);
	assert_int_equal(r->tasks[0].kind, SCN_WORK);
	const struct scn_task *t = &r->tasks[1];
	assert_true(t->duration_ms == 1200000);
	assert_int_equal(t->kind, SCN_HELPER);
	assert_int_equal(t->station, 0);
	assert_int_equal(t->n_after, 1);
	assert_int_equal(t->after[0], 0);
	assert_string_equal(t->say_start, "In it goes");
	assert_string_equal(t->say_done, "Out it comes");
	assert_true(t->fail_after_ms == 600000);
	assert_true(t->fail_chance == 0.25);
	assert_string_equal(t->error, "burnt");
	assert_true(t->timeout_ms == 1800000);
	assert_int_equal(t->retries, 100);
	assert_int_equal(t->pos.line, 19);
	assert_int_equal(t->pos.col, 7);
	assert_int_equal(s->recipes[1].on_error, SCN_COLLECT);
	assert_int_equal(s->recipes[1].tasks[0].station, 1);
	const struct scn_order *o = &s->orders[0];
	assert_int_equal(o->recipe, 1);
	assert_true(o->at_ms == 250);
	assert_true(o->count == 9999999);
	assert_true(o->every_ms == 1500);
	assert_string_equal(o->name, "Table 4");
	assert_int_equal(o->pos.line, 33);
	assert_int_equal(o->pos.col, 5);
	assert_int_equal(s->orders[1].recipe, 0);
	assert_true(scn_total_orders(s) == 10000000);
	assert_int_equal(s->n_script, 4);
	assert_int_equal(s->script[0].kind, SCN_DIR_SAY);
	assert_string_equal(s->script[0].text, "Welcome");
	assert_int_equal(s->script[0].pos.line, 36);
	assert_int_equal(s->script[0].pos.col, 5);
	assert_int_equal(s->script[1].kind, SCN_DIR_PAUSE);
	assert_true(s->script[1].at_ms == 1000);
	assert_null(s->script[1].text);
	const struct scn_directive *q = &s->script[2];
	assert_int_equal(q->kind, SCN_DIR_ASK);
	assert_int_equal(q->pos.line, 38);
	assert_int_equal(q->pos.col, 5);
	assert_string_equal(q->text, "Which finishes first?");
	assert_int_equal(q->n_choices, 3);
	assert_string_equal(q->choices[2], "they tie");
	assert_int_equal(q->answer, 2);
	assert_string_equal(q->explain, "Because.");
	assert_null(s->script[3].explain);
	assert_string_equal(s->script[3].choices[0], "yes");
	scn_free(s);
}

/* SPEC §3: `mode:` on a directive; without it, both modes. */
static void directive_modes(void **state)
{
	(void)state;
	struct scn_scenario *s = load_ok(
		OK_FILE "script:\n"
		"  - { at: 0, say: both }\n"
		"  - { at: 1s, say: c, mode: concurrent }\n"
		"  - { at: 1s, pause: true, mode: sequential }\n"
		"  - { at: 2s, ask: Q?, choices: [a, b], answer: 2, mode: sequential }\n");
	assert_int_equal(s->script[0].mode, SCN_DIR_BOTH);
	assert_int_equal(s->script[1].mode, SCN_CONCURRENT);
	assert_int_equal(s->script[2].mode, SCN_SEQUENTIAL);
	assert_int_equal(s->script[3].mode, SCN_SEQUENTIAL);
	assert_true(scn_directive_applies(&s->script[0], SCN_CONCURRENT));
	assert_true(scn_directive_applies(&s->script[0], SCN_SEQUENTIAL));
	assert_true(scn_directive_applies(&s->script[1], SCN_CONCURRENT));
	assert_false(scn_directive_applies(&s->script[1], SCN_SEQUENTIAL));
	assert_false(scn_directive_applies(&s->script[2], SCN_CONCURRENT));
	assert_true(scn_directive_applies(&s->script[2], SCN_SEQUENTIAL));
	scn_free(s);
}

/* SPEC §3 `goal`: the model a later play mode reads; absent by default. */
static void goal_model(void **state)
{
	(void)state;
	struct scn_scenario *s = load_ok(OK_FILE);
	assert_false(s->goal.present);
	assert_true(s->goal.within_ms == -1);
	assert_true(s->goal.late_max_ms == -1);
	scn_free(s);
	s = load_ok("title: T\nrecipes:\n  r: { tasks: { a: { duration: 1s } } }\n"
		    "orders: [ { recipe: r, count: 5, every: 2s } ]\n"
		    "goal: { served: 4, within: 8s, late_max: 0 }\n");
	assert_true(s->goal.present);
	assert_false(s->goal.served_all);
	assert_true(s->goal.served == 4);
	assert_true(s->goal.within_ms == 8000);
	assert_true(s->goal.late_max_ms == 0);
	assert_int_equal(s->goal.pos.line, 5);
	assert_int_equal(s->goal.pos.col, 7);
	scn_free(s);
	s = load_ok(OK_FILE "goal:\n  served: all\n");
	assert_true(s->goal.present);
	assert_true(s->goal.served_all);
	assert_true(s->goal.served == 0);
	assert_true(s->goal.within_ms == -1);
	scn_free(s);
	/* served up to the total of every count; within at the last arrival. */
	s = load_ok("title: T\nrecipes:\n  r: { tasks: { a: { duration: 0s } } }\n"
		    "orders: [ { recipe: r, count: 3 }, { recipe: r, at: 1s } ]\n"
		    "goal: { served: 4, within: 1s }\n");
	assert_true(s->goal.served == 4);
	scn_free(s);
}

static void dependents_in_declaration_order(void **state)
{
	(void)state;
	struct scn_scenario *s = load_ok(
		"title: T\nrecipes:\n  r:\n    tasks:\n"
		"      a: { duration: 1s }\n"
		"      b: { duration: 1s }\n"
		"      c: { duration: 1s, after: [b, a] }\n"
		"      d: { duration: 1s, after: [a] }\n"
		"      e: { duration: 1s, after: [d, c, b] }\n"
		"orders: [ { recipe: r } ]\n");
	const struct scn_recipe *r = &s->recipes[0];
	assert_int_equal(r->tasks[2].after[0], 1);
	assert_int_equal(r->tasks[2].after[1], 0);
	assert_int_equal(r->n_dependents[0], 2);
	assert_int_equal(r->dependents[0][0], 2);
	assert_int_equal(r->dependents[0][1], 3);
	assert_int_equal(r->n_dependents[1], 2);
	assert_int_equal(r->dependents[1][0], 2);
	assert_int_equal(r->dependents[1][1], 4);
	assert_int_equal(r->n_dependents[2], 1);
	assert_int_equal(r->dependents[2][0], 4);
	assert_int_equal(r->n_dependents[3], 1);
	assert_int_equal(r->n_dependents[4], 0);
	scn_free(s);
}

static void scalars_are_text(void **state)
{
	(void)state;
	/* YAML 1.1 would make these booleans, nulls and numbers. */
	struct scn_scenario *s = load_ok(
		"title: null\nconcept: ~\nlesson: 3.0\nhelpers: \"8\"\n"
		"seed: '0'\nrecipes:\n  yes:\n    title: no\n    tasks:\n"
		"      on: { duration: '2', say_start: yes, say_done: off, error: true }\n"
		"      1: { duration: \"1.5s\", retries: '3' }\n"
		"orders: [ { recipe: yes, name: 12, count: \"2\" } ]\n");
	assert_string_equal(s->title, "null");
	assert_string_equal(s->concept, "~");
	assert_string_equal(s->lesson, "3.0");
	assert_int_equal(s->helpers, 8);
	assert_true(s->seed == 0);
	assert_string_equal(s->recipes[0].name, "yes");
	assert_string_equal(s->recipes[0].title, "no");
	assert_string_equal(s->recipes[0].tasks[0].name, "on");
	assert_true(s->recipes[0].tasks[0].duration_ms == 2000);
	assert_string_equal(s->recipes[0].tasks[0].say_start, "yes");
	assert_string_equal(s->recipes[0].tasks[0].say_done, "off");
	assert_string_equal(s->recipes[0].tasks[0].error, "true");
	assert_string_equal(s->recipes[0].tasks[1].name, "1");
	assert_int_equal(s->recipes[0].tasks[1].retries, 3);
	assert_string_equal(s->orders[0].name, "12");
	assert_true(s->orders[0].count == 2);
	scn_free(s);
}

static void fail_chance_forms(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		double value;
	} cases[] = {
		{ "0", 0.0 }, { "1", 1.0 }, { "0.5", 0.5 }, { ".25", 0.25 },
		{ "1.000", 1.0 }, { "0.1", 0.1 }, { "00.75", 0.75 },
		{ "0.333333333333333333333", 0.333333333333333 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char yaml[256];
		snprintf(yaml, sizeof yaml,
			 TASK("duration: 1s, fail_chance: %s"), cases[i].text);
		struct scn_scenario *s = load_ok(yaml);
		double got = s->recipes[0].tasks[0].fail_chance;
		assert_true(got >= cases[i].value - 1e-12 &&
			    got <= cases[i].value + 1e-12);
		scn_free(s);
	}
}

static void anchors_and_aliases(void **state)
{
	(void)state;
	struct scn_scenario *s = load_ok(
		"title: &t Shared\n"
		"recipes:\n"
		"  a:\n    title: *t\n    tasks: &std { x: { duration: 1s }, y: { duration: 2s, after: [x] } }\n"
		"  b: { tasks: *std }\n"
		"orders: [ &o { recipe: a }, *o, { recipe: b } ]\n");
	assert_string_equal(s->recipes[0].title, "Shared");
	assert_int_equal(s->recipes[1].n_tasks, 2);
	assert_int_equal(s->recipes[1].tasks[1].after[0], 0);
	assert_int_equal(s->n_orders, 3);
	assert_int_equal(s->orders[1].recipe, 0);
	/* An order written as an alias is at the alias. */
	assert_int_equal(s->orders[1].pos.col, 29);
	scn_free(s);
}

static void texts_keep_tabs_and_line_breaks(void **state)
{
	(void)state;
	struct scn_scenario *s = load_ok("title: \"a\\tb\"\nlesson: \"x\\ny\"\n" TAIL);
	assert_string_equal(s->title, "a\tb");
	assert_string_equal(s->lesson, "x\ny");
	scn_free(s);
}

static void names_up_to_64_characters(void **state)
{
	(void)state;
	/* 64 characters, 2 bytes each. */
	char name[200] = "";
	for (int i = 0; i < 64; i++)
		strcat(name, "é");
	char yaml[512];
	snprintf(yaml, sizeof yaml,
		 "title: T\nrecipes:\n  %s: { tasks: { t: { duration: 1s } } }\n"
		 "orders: [ { recipe: %s } ]\n", name, name);
	struct scn_scenario *s = load_ok(yaml);
	assert_string_equal(s->recipes[0].name, name);
	scn_free(s);
}

OK_TEST(utf8_bom_accepted, "\xEF\xBB\xBF" OK_FILE)
OK_TEST(crlf_line_ends_accepted,
	"title: T\r\nrecipes:\r\n  r:\r\n    tasks:\r\n      a: { duration: 1s }\r\n"
	"orders:\r\n  - recipe: r\r\n")
OK_TEST(comments_and_document_markers_accepted,
	"%YAML 1.1\n---\n# the title\ntitle: T # trailing\n" TAIL "...\n")
OK_TEST(every_without_count_allowed, ORDER("recipe: r, every: 2s"))
OK_TEST(fail_after_equal_to_duration_allowed, TASK("duration: 2s, fail_after: 2000ms"))
OK_TEST(timeout_on_helper_and_wait_allowed,
	"title: T\nrecipes:\n  r:\n    tasks: { h: { duration: 1s, kind: helper, timeout: 0 }, "
	"w: { duration: 1s, timeout: 86400s } }\norders: [ { recipe: r } ]\n")
OK_TEST(empty_after_list_accepted, TASK("duration: 1s, after: []"))
OK_TEST(null_after_accepted, "title: T\nrecipes:\n  r:\n    tasks:\n      t:\n        duration: 1s\n        after:\norders: [ { recipe: r } ]\n")
OK_TEST(str_tag_accepted, "title: !!str 12\n" TAIL)
OK_TEST(empty_stations_and_script_accepted, "title: T\nstations:\nscript: []\n" TAIL)
OK_TEST(zero_durations_accepted, TASK("duration: 0, fail_after: 0ms, timeout: 0min"))

/* ---- keys ----------------------------------------------------------- */

ERR_TEST(unknown_top_key_suggests, "title: T\nrecipe: x\n" TAIL,
	 "2:1: unknown key 'recipe' in the scenario; did you mean 'recipes'?\n")
ERR_TEST(unknown_key_lists_expected_keys, "title: T\nfoo: 1\n" TAIL,
	 "2:1: unknown key 'foo' in the scenario; expected title, concept, "
	 "lesson, mode, helpers, seed, stations, recipes, orders, script or goal\n")
ERR_TEST(unknown_task_key_suggests, TASK("duraton: 1s"),
	 "4:17: missing key 'duration' in task 't'\n"
	 "4:19: unknown key 'duraton' in task 't'; did you mean 'duration'?\n")
ERR_TEST(unknown_key_case_differs, TASK("Duration: 1s, duration: 1s"),
	 "4:19: unknown key 'Duration' in task 't'; did you mean 'duration'?\n")
ERR_TEST(unknown_recipe_key,
	 "title: T\nrecipes:\n  r: { task: {}, tasks: { a: { duration: 1s } } }\norders: [ { recipe: r } ]\n",
	 "3:8: unknown key 'task' in recipe 'r'; did you mean 'tasks'?\n")
ERR_TEST(unknown_order_key, ORDER("recipe: r, cuont: 2"),
	 "6:18: unknown key 'cuont' in an order; did you mean 'count'?\n")
ERR_TEST(unknown_station_key,
	 "title: T\nstations: { s: { capacity: 1, titel: S } }\n" TAIL,
	 "2:31: unknown key 'titel' in station 's'; did you mean 'title'?\n")
ERR_TEST(unknown_directive_key, DIRECTIVE("at: 1s, sya: hi"),
	 "9:5: a script directive needs 'say', 'pause' or 'ask'\n"
	 "9:15: unknown key 'sya' in a script directive; did you mean 'say'?\n")
ERR_TEST(merge_key_refused, "title: T\n<<: { lesson: x }\n" TAIL,
	 "2:1: merge keys ('<<') are not supported: write the keys out\n")
ERR_TEST(duplicate_top_key, "title: T\ntitle: U\n" TAIL,
	 "2:1: duplicate key 'title' (first at line 1)\n")
ERR_TEST(duplicate_task_name,
	 "title: T\nrecipes:\n  r:\n    tasks:\n      a: { duration: 1s }\n"
	 "      a: { duration: 2s }\norders: [ { recipe: r } ]\n",
	 "6:7: duplicate key 'a' (first at line 5)\n")
ERR_TEST(duplicate_key_in_flow_map, TASK("duration: 1s, duration: 2s"),
	 "4:33: duplicate key 'duration' (first at line 4)\n")
ERR_TEST(key_must_be_text, "title: T\n[a]: 1\n{b: c}: 2\n" TAIL,
	 "2:1: a key must be a name, not a list\n"
	 "3:1: a key must be a name, not a map\n")
ERR_TEST(empty_key, "title: T\n\"\": 1\n? \n: 2\n" TAIL,
	 "2:1: empty key\n"
	 "3:2: empty key\n")

/* ---- missing keys: at the start of the mapping ---------------------- */

ERR_TEST(missing_title, "# no title\n" TAIL,
	 "2:1: missing key 'title' in the scenario\n")
ERR_TEST(missing_recipes_and_orders, "title: T\nlesson: L\n",
	 "1:1: missing key 'recipes' in the scenario\n"
	 "1:1: missing key 'orders' in the scenario\n")
ERR_TEST(missing_duration_in_block_task,
	 "title: T\nrecipes:\n  r:\n    tasks:\n      a:\n        kind: work\n"
	 "orders: [ { recipe: r } ]\n",
	 "6:9: missing key 'duration' in task 'a'\n")
ERR_TEST(missing_duration_in_empty_task,
	 "title: T\nrecipes:\n  r:\n    tasks:\n      a:\n      b: {}\n"
	 "orders: [ { recipe: r } ]\n",
	 "5:9: missing key 'duration' in task 'a'\n"
	 "6:10: missing key 'duration' in task 'b'\n")
ERR_TEST(missing_tasks, "title: T\nrecipes:\n  r: { title: R }\norders: [ { recipe: r } ]\n",
	 "3:6: missing key 'tasks' in recipe 'r'\n")
ERR_TEST(missing_recipe_in_order, ORDER("at: 1s"),
	 "6:5: missing key 'recipe' in an order\n")
ERR_TEST(missing_capacity, "title: T\nstations:\n  s: { title: S }\n" TAIL,
	 "3:6: missing key 'capacity' in station 's'\n")
ERR_TEST(missing_at_in_directive, DIRECTIVE("say: hi"),
	 "9:5: missing key 'at' in a script directive\n")

/* ---- types: maps, lists and scalars in the wrong place --------------- */

ERR_TEST(map_where_text_belongs, "title: { a: b }\n" TAIL,
	 "1:8: 'title' must be a text, not a map\n")
ERR_TEST(list_where_duration_belongs, TASK("duration: [1s]"),
	 "4:29: 'duration' must be a duration like 3s, not a list\n")
ERR_TEST(list_where_number_belongs, "title: T\nhelpers: [4]\n" TAIL,
	 "2:10: 'helpers' must be a whole number, not a list\n")
ERR_TEST(map_where_word_belongs, TASK("duration: 1s, kind: { a: 1 }"),
	 "4:39: 'kind' must be one of wait, work or helper, not a map\n")
ERR_TEST(text_where_map_belongs,
	 "title: T\nstations: grinder\nrecipes: coffee\norders: [ { recipe: r } ]\n",
	 "2:11: 'stations' must be a map of station names to capacities, not a text\n"
	 "3:10: 'recipes' must be a map of recipe names to recipes, not a text\n"
	 "4:21: unknown recipe 'r': the scenario has no recipes\n")
ERR_TEST(list_where_map_belongs,
	 "title: T\nrecipes:\n  r:\n    tasks: [ a, b ]\norders: [ { recipe: r } ]\n",
	 "4:12: 'tasks' must be a map of task names to tasks, not a list\n")
ERR_TEST(text_where_list_belongs, "title: T\n" "recipes:\n  r: { tasks: { a: { duration: 1s } } }\n"
	 "orders: r\nscript: hello\n",
	 "4:9: 'orders' must be a list of orders (- recipe: NAME), not a text\n"
	 "5:9: 'script' must be a list of directives, not a text\n")
ERR_TEST(after_must_be_a_list,
	 "title: T\nrecipes:\n  r:\n    tasks: { a: { duration: 1s }, b: { duration: 1s, after: a } }\n"
	 "orders: [ { recipe: r } ]\n",
	 "4:61: 'after' must be a list of task names, like [grind, heat], not a text\n")
ERR_TEST(after_entries_must_be_names,
	 "title: T\nrecipes:\n  r:\n    tasks: { a: { duration: 1s }, b: { duration: 1s, after: [ [a] ] } }\n"
	 "orders: [ { recipe: r } ]\n",
	 "4:63: a task name in 'after' must be a name, not a list\n")
ERR_TEST(task_must_be_a_map, TASK("duration: 1s } , u: 3s, v: [ 1s ] , w: {"),
	 "4:39: task 'u' must be a map like { duration: 3s }, not a text\n"
	 "4:46: task 'v' must be a map like { duration: 3s }, not a list\n"
	 "4:58: missing key 'duration' in task 'w'\n")
ERR_TEST(recipe_must_be_a_map, "title: T\nrecipes:\n  r: [ a ]\n  s: { tasks: { a: { duration: 1s } } }\n"
	 "orders: [ { recipe: s } ]\n",
	 "3:6: recipe 'r' must be a map with its 'tasks', not a list\n")
ERR_TEST(order_must_be_a_map, "title: T\n" "recipes:\n  r: { tasks: { a: { duration: 1s } } }\n"
	 "orders:\n  - r\n  - [ r ]\n",
	 "5:5: an order must be a map like { recipe: coffee }, not a text\n"
	 "6:5: an order must be a map like { recipe: coffee }, not a list\n")
ERR_TEST(directive_must_be_a_map, OK_FILE "script:\n  - hello\n",
	 "9:5: a script directive must be a map like { at: 2s, say: TEXT }, not a text\n")
ERR_TEST(scenario_must_be_a_map, "- title: T\n",
	 "1:1: a scenario must be a map of keys (title, recipes, orders, ...), not a list\n")
ERR_TEST(scenario_must_not_be_text, "just words\n",
	 "1:1: a scenario must be a map of keys (title, recipes, orders, ...), not a text\n")

/* ---- values ------------------------------------------------------------ */

ERR_TEST(value_missing, "title:\nconcept:\n" TAIL,
	 "1:7: 'title' has no value\n"
	 "2:9: 'concept' has no value\n")
ERR_TEST(value_empty, "title: ''\nlesson: \"\"\n" TAIL,
	 "1:8: 'title' is empty\n"
	 "2:9: 'lesson' is empty\n")
ERR_TEST(recipes_needs_one, "title: T\nrecipes: {}\norders: [ { recipe: r } ]\n",
	 "2:10: 'recipes' needs at least one recipe\n"
	 "3:21: unknown recipe 'r': the scenario has no recipes\n")
ERR_TEST(recipes_null_needs_one, "title: T\nrecipes:\norders: []\n",
	 "2:9: 'recipes' needs at least one recipe\n"
	 "3:9: 'orders' needs at least one order\n")
ERR_TEST(tasks_needs_one, "title: T\nrecipes:\n  r: { tasks: {} }\norders: [ { recipe: r } ]\n",
	 "3:15: recipe 'r' needs at least one task\n")
ERR_TEST(control_character_in_text, "title: \"a\\x1b[2Jb\"\n" TAIL,
	 "1:8: 'title' contains a control character (U+001B); only tabs and "
	 "line breaks are allowed in a text\n")
ERR_TEST(c1_control_character_in_text, "title: \"a\\x85b\"\n" TAIL,
	 "1:8: 'title' contains a control character (U+0085); only tabs and "
	 "line breaks are allowed in a text\n")
ERR_TEST(nul_in_text, "title: \"a\\0b\"\n" TAIL,
	 "1:8: 'title' contains a control character (U+0000); only tabs and "
	 "line breaks are allowed in a text\n")
ERR_TEST(control_character_in_name,
	 "title: T\nrecipes:\n  \"r\\tx\": { tasks: { a: { duration: 1s } } }\norders: [ { recipe: \"r\\tx\" } ]\n",
	 "3:3: recipe name 'r\tx' contains a control character (U+0009)\n")
ERR_TEST(name_longer_than_64,
	 "title: T\nstations:\n  s12345678901234567890123456789012345678901234567890123456789012345: 1\n" TAIL,
	 "3:3: station name 's123456789012345678901234567890123456789...' is "
	 "longer than 64 characters\n")

/* ---- numbers ---------------------------------------------------------- */

ERR_TEST(helpers_range, "title: T\nhelpers: 0\n" TAIL,
	 "2:10: 'helpers' must be a whole number from 1 to 128, not '0'\n")
ERR_TEST(helpers_too_many, "title: T\nhelpers: 129\n" TAIL,
	 "2:10: 'helpers' must be a whole number from 1 to 128, not '129'\n")
ERR_TEST(helpers_not_whole, "title: T\nhelpers: 1.5\n" TAIL,
	 "2:10: 'helpers' must be a whole number from 1 to 128, not '1.5'\n")
ERR_TEST(helpers_signed, "title: T\nhelpers: +4\n" TAIL,
	 "2:10: 'helpers' must be a whole number from 1 to 128, not '+4'\n")
ERR_TEST(capacity_range,
	 "title: T\nstations:\n  a: 0\n  b: 1001\n  c: { capacity: x }\n  d:\n" TAIL,
	 "3:6: the capacity of station 'a' must be a whole number from 1 to 1000, not '0'\n"
	 "4:6: the capacity of station 'b' must be a whole number from 1 to 1000, not '1001'\n"
	 "5:18: 'capacity' must be a whole number from 1 to 1000, not 'x'\n"
	 "6:5: the capacity of station 'd' has no value\n")
ERR_TEST(station_must_not_be_a_list, "title: T\nstations:\n  a: [1]\n" TAIL,
	 "3:6: station 'a' must be a capacity or a map { capacity, title }, not a list\n")
ERR_TEST(count_range, ORDER("recipe: r, count: 0"),
	 "6:25: 'count' must be a whole number from 1 to 10000000, not '0'\n")
ERR_TEST(count_too_big, ORDER("recipe: r, count: 10000001"),
	 "6:25: 'count' must be a whole number from 1 to 10000000, not '10000001'\n")
ERR_TEST(count_with_separators, ORDER("recipe: r, count: 10_000"),
	 "6:25: 'count' must be a whole number from 1 to 10000000, not '10_000'\n")
ERR_TEST(retries_range, TASK("duration: 1s, retries: 101"),
	 "4:42: 'retries' must be a whole number from 0 to 100, not '101'\n")
ERR_TEST(retries_negative, TASK("duration: 1s, retries: -1"),
	 "4:42: 'retries' must be a whole number from 0 to 100, not '-1'\n")
ERR_TEST(seed_range, "title: T\nseed: 18446744073709551616\n" TAIL,
	 "2:7: 'seed' must be a whole number from 0 to 18446744073709551615, "
	 "not '18446744073709551616'\n")
ERR_TEST(seed_negative, "title: T\nseed: -1\n" TAIL,
	 "2:7: 'seed' must be a whole number from 0 to 18446744073709551615, not '-1'\n")
ERR_TEST(seed_not_integer, "title: T\nseed: 1e3\n" TAIL,
	 "2:7: 'seed' must be a whole number from 0 to 18446744073709551615, not '1e3'\n")
ERR_TEST(fail_chance_above_one, TASK("duration: 1s, fail_chance: 1.5"),
	 "4:46: 'fail_chance' must be a number from 0 to 1, not '1.5'\n")
ERR_TEST(fail_chance_just_above_one, TASK("duration: 1s, fail_chance: 1.0001"),
	 "4:46: 'fail_chance' must be a number from 0 to 1, not '1.0001'\n")
ERR_TEST(fail_chance_negative, TASK("duration: 1s, fail_chance: -0.1"),
	 "4:46: 'fail_chance' must be a number from 0 to 1, not '-0.1'\n")
ERR_TEST(fail_chance_percent, TASK("duration: 1s, fail_chance: 50%"),
	 "4:46: 'fail_chance' must be a number from 0 to 1, not '50%'\n")
ERR_TEST(fail_chance_nan, TASK("duration: 1s, fail_chance: .nan"),
	 "4:46: 'fail_chance' must be a number from 0 to 1, not '.nan'\n")

/* ---- words ------------------------------------------------------------- */

ERR_TEST(mode_suggests, "title: T\nmode: sequental\n" TAIL,
	 "2:7: unknown mode 'sequental'; did you mean 'sequential'?\n")
ERR_TEST(mode_lists, "title: T\nmode: parallel\n" TAIL,
	 "2:7: unknown mode 'parallel' (use concurrent or sequential)\n")
ERR_TEST(kind_suggests, TASK("duration: 1s, kind: wiat"),
	 "4:39: unknown kind 'wiat'; did you mean 'wait'?\n")
ERR_TEST(kind_lists, TASK("duration: 1s, kind: cpu"),
	 "4:39: unknown kind 'cpu' (use wait, work or helper)\n")
ERR_TEST(kind_is_case_sensitive, TASK("duration: 1s, kind: Work"),
	 "4:39: unknown kind 'Work'; did you mean 'work'?\n")
ERR_TEST(on_error_suggests,
	 "title: T\nrecipes:\n  r: { on_error: colect, tasks: { a: { duration: 1s } } }\norders: [ { recipe: r } ]\n",
	 "3:18: unknown on_error 'colect'; did you mean 'collect'?\n")
ERR_TEST(on_error_lists,
	 "title: T\nrecipes:\n  r: { on_error: ignore, tasks: { a: { duration: 1s } } }\norders: [ { recipe: r } ]\n",
	 "3:18: unknown on_error 'ignore' (use propagate, collect or cancel)\n")

/* ---- durations in every place ------------------------------------------ */

ERR_TEST(duration_bad_unit, TASK("duration: 3h"),
	 "4:29: invalid duration '3h' for 'duration': unknown unit (use ms, s or min)\n")
ERR_TEST(duration_finer_than_ms, TASK("duration: 0.0005s"),
	 "4:29: invalid duration '0.0005s' for 'duration': finer than 1 ms\n")
ERR_TEST(duration_longer_than_a_day, TASK("duration: 86400.001s"),
	 "4:29: invalid duration '86400.001s' for 'duration': longer than 24 h\n")
ERR_TEST(duration_negative, TASK("duration: -1s"),
	 "4:29: invalid duration '-1s' for 'duration': negative durations are not allowed\n")
ERR_TEST(duration_not_finite, TASK("duration: .inf"),
	 "4:29: invalid duration '.inf' for 'duration': not a finite number\n")
ERR_TEST(duration_garbage, TASK("duration: soon"),
	 "4:29: invalid duration 'soon' for 'duration': not a duration (write e.g. 250ms, 1.5s or 2min)\n")
ERR_TEST(duration_quoted_empty, TASK("duration: ''"),
	 "4:29: invalid duration '' for 'duration': empty\n")
ERR_TEST(duration_with_nul, TASK("duration: \"1s\\0\""),
	 "4:29: invalid duration '1s\\u{0000}' for 'duration': not a duration (write e.g. 250ms, 1.5s or 2min)\n")
ERR_TEST(other_durations,
	 "title: T\nrecipes:\n  r:\n    patience: 1d\n"
	 "    tasks: { a: { duration: 1s, fail_after: x, timeout: 1.0001 } }\n"
	 "orders: [ { recipe: r, at: -2s, every: 2min30s } ]\n"
	 "script: [ { at: 25h, say: hi } ]\n",
	 "4:15: invalid duration '1d' for 'patience': unknown unit (use ms, s or min)\n"
	 "5:45: invalid duration 'x' for 'fail_after': not a duration (write e.g. 250ms, 1.5s or 2min)\n"
	 "5:57: invalid duration '1.0001' for 'timeout': finer than 1 ms\n"
	 "6:28: invalid duration '-2s' for 'at': negative durations are not allowed\n"
	 "6:40: invalid duration '2min30s' for 'every': not a duration (write e.g. 250ms, 1.5s or 2min)\n"
	 "7:17: invalid duration '25h' for 'at': unknown unit (use ms, s or min)\n")

/* ---- task rules ---------------------------------------------------- */

ERR_TEST(fail_after_longer_than_duration, TASK("duration: 2s, fail_after: 2001ms"),
	 "4:45: 'fail_after' (2.001 s) is longer than the task's 'duration' (2.000 s)\n")
ERR_TEST(timeout_on_work,
	 TASK("duration: 2s, kind: work, timeout: 1s"),
	 "4:45: a 'work' task cannot have a timeout: it blocks the loop, so "
	 "no timer can fire before it ends\n")
ERR_TEST(timeout_on_work_declared_after,
	 TASK("timeout: 1s, duration: 2s, kind: work"),
	 "4:19: a 'work' task cannot have a timeout: it blocks the loop, so "
	 "no timer can fire before it ends\n")
ERR_TEST(after_names_a_later_task,
	 "title: T\nrecipes:\n  r:\n    tasks:\n      a: { duration: 1s, after: [b] }\n"
	 "      b: { duration: 1s }\norders: [ { recipe: r } ]\n",
	 "5:34: 'b' is declared later; after may only name earlier tasks\n")
ERR_TEST(after_names_itself, TASK("duration: 1s, after: [t]"),
	 "4:41: task 't' cannot be after itself\n")
ERR_TEST(after_unknown_suggests_earlier,
	 "title: T\nrecipes:\n  r:\n    tasks:\n      grind: { duration: 1s }\n"
	 "      heat: { duration: 1s, after: [grnd, hat] }\n      hat: { duration: 1s }\n"
	 "orders: [ { recipe: r } ]\n",
	 "6:37: unknown task 'grnd' in recipe 'r'; did you mean 'grind'?\n"
	 "6:43: 'hat' is declared later; after may only name earlier tasks\n")
ERR_TEST(after_unknown_without_suggestion, TASK("duration: 1s, after: [oven]"),
	 "4:41: unknown task 'oven' in recipe 'r'\n")
ERR_TEST(after_names_a_task_twice,
	 "title: T\nrecipes:\n  r:\n    tasks: { a: { duration: 1s }, b: { duration: 1s, after: [a, a] } }\n"
	 "orders: [ { recipe: r } ]\n",
	 "4:65: 'a' is already in this after list\n")
ERR_TEST(unknown_station_suggests,
	 "title: T\nstations: { grinder: 1, kettle: 1 }\n"
	 "recipes:\n  r: { tasks: { a: { duration: 1s, station: griner } } }\norders: [ { recipe: r } ]\n",
	 "4:45: unknown station 'griner'; did you mean 'grinder'?\n")
ERR_TEST(unknown_station_lists,
	 "title: T\nstations: { grinder: 1, kettle: 1 }\n"
	 "recipes:\n  r: { tasks: { a: { duration: 1s, station: oven } } }\norders: [ { recipe: r } ]\n",
	 "4:45: unknown station 'oven'; the stations are: grinder, kettle\n")
ERR_TEST(unknown_station_none_declared, TASK("duration: 1s, station: oven"),
	 "4:42: unknown station 'oven': the scenario has no stations\n")
ERR_TEST(station_must_be_a_name, TASK("duration: 1s, station: [a]"),
	 "4:42: 'station' must be a name, not a list\n")
ERR_TEST(unknown_recipe_suggests,
	 "title: T\nrecipes:\n  coffee: { tasks: { a: { duration: 1s } } }\n  tea: { tasks: { a: { duration: 1s } } }\n"
	 "orders: [ { recipe: cofee }, { recipe: water } ]\n",
	 "5:21: unknown recipe 'cofee'; did you mean 'coffee'?\n"
	 "5:40: unknown recipe 'water'; the recipes are: coffee, tea\n")
ERR_TEST(too_many_tasks_hint_shows_first_names,
	 "title: T\nstations: { s1: 1, s2: 1, s3: 1, s4: 1, s5: 1, s6: 1, s7: 1, s8: 1, s9: 1 }\n"
	 "recipes:\n  r: { tasks: { a: { duration: 1s, station: oven } } }\norders: [ { recipe: r } ]\n",
	 "4:45: unknown station 'oven'; the stations are: s1, s2, s3, s4, s5, s6, s7, s8, ...\n")

/* ---- script ---------------------------------------------------------- */

ERR_TEST(directive_needs_an_action, DIRECTIVE("at: 1s"),
	 "9:5: a script directive needs 'say', 'pause' or 'ask'\n")
ERR_TEST(directive_does_one_thing, DIRECTIVE("at: 1s, say: hi, pause: true"),
	 "9:24: 'say' and 'pause' in one directive: write one directive for each\n")
ERR_TEST(directive_does_one_thing_reports_the_later,
	 DIRECTIVE("at: 1s, pause: true, ask: q, choices: [a, b], answer: 1, say: x"),
	 "9:28: 'pause' and 'ask' in one directive: write one directive for each\n"
	 "9:36: 'choices' belongs to an 'ask' directive\n"
	 "9:53: 'answer' belongs to an 'ask' directive\n"
	 "9:64: 'pause' and 'say' in one directive: write one directive for each\n")
ERR_TEST(choices_belong_to_ask, DIRECTIVE("at: 1s, say: hi, choices: [a, b], answer: 1, explain: e"),
	 "9:24: 'choices' belongs to an 'ask' directive\n"
	 "9:41: 'answer' belongs to an 'ask' directive\n"
	 "9:52: 'explain' belongs to an 'ask' directive\n")
ERR_TEST(ask_needs_choices_and_answer, DIRECTIVE("at: 1s, ask: Which?"),
	 "9:5: missing key 'choices' in an 'ask' directive\n"
	 "9:5: missing key 'answer' in an 'ask' directive\n")
ERR_TEST(answer_within_choices, DIRECTIVE("at: 1s, ask: Which?, choices: [a, b], answer: 3"),
	 "9:53: 'answer' must be a whole number from 1 to 2, not '3'\n")
ERR_TEST(answer_is_one_based, DIRECTIVE("at: 1s, ask: Which?, choices: [a, b], answer: 0"),
	 "9:53: 'answer' must be a whole number from 1 to 2, not '0'\n")
ERR_TEST(choices_two_to_nine,
	 OK_FILE "script:\n  - { at: 1s, ask: A?, choices: [a], answer: 1 }\n"
	 "  - { at: 1s, ask: B?, choices: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], answer: 1 }\n",
	 "9:33: a question needs from 2 to 9 choices (the class answers with one key), not 1\n"
	 "10:33: a question needs from 2 to 9 choices (the class answers with one key), not 10\n")
ERR_TEST(choices_must_be_texts,
	 DIRECTIVE("at: 1s, ask: A?, choices: [a, { b: c }, ''], answer: 1"),
	 "9:37: a choice must be a text, not a map\n"
	 "9:47: a choice is empty\n")
ERR_TEST(choices_must_be_a_list, DIRECTIVE("at: 1s, ask: A?, choices: a or b, answer: 1"),
	 "9:33: 'choices' must be a list of texts, like [3 s, 5 s], not a text\n")
ERR_TEST(pause_false_does_nothing, DIRECTIVE("at: 1s, pause: false"),
	 "9:22: 'pause': false does nothing; write true, or leave the directive out\n")
ERR_TEST(pause_must_be_true, DIRECTIVE("at: 1s, pause: please"),
	 "9:22: 'pause' must be true, not 'please'\n")
ERR_TEST(say_needs_text, DIRECTIVE("at: 1s, say:"),
	 "9:20: 'say' has no value\n")
ERR_TEST(directive_mode_suggests, DIRECTIVE("at: 1s, say: x, mode: concurent"),
	 "9:29: unknown mode 'concurent'; did you mean 'concurrent'?\n")
ERR_TEST(directive_mode_lists, DIRECTIVE("at: 1s, pause: true, mode: both"),
	 "9:34: unknown mode 'both' (use concurrent or sequential)\n")
ERR_TEST(directive_mode_not_a_list, DIRECTIVE("at: 1s, say: x, mode: [concurrent]"),
	 "9:29: 'mode' must be one of concurrent or sequential, not a list\n")

/* One goal (line 8, its value at column 7) after a file of one order. */
#define GOAL(v) OK_FILE "goal: " v "\n"
ERR_TEST(goal_must_be_a_map, GOAL("all"),
	 "8:7: 'goal' must be a map like { served: all, within: 30s }, not a text\n")
ERR_TEST(goal_needs_a_key, GOAL("{}"),
	 "8:7: 'goal' needs at least one of 'served', 'within' or 'late_max'\n")
ERR_TEST(goal_null_needs_a_key, GOAL(""),
	 "8:6: 'goal' needs at least one of 'served', 'within' or 'late_max'\n")
ERR_TEST(goal_unknown_key_suggests, GOAL("{ serve: all }"),
	 "8:9: unknown key 'serve' in the goal; did you mean 'served'?\n")
ERR_TEST(goal_served_within_orders, GOAL("{ served: 2 }"),
	 "8:17: 'served' must be 'all' or a whole number from 1 to 1 (the "
	 "scenario's orders), not '2'\n")
ERR_TEST(goal_served_not_zero, GOAL("{ served: 0 }"),
	 "8:17: 'served' must be 'all' or a whole number from 1 to 1 (the "
	 "scenario's orders), not '0'\n")
ERR_TEST(goal_served_not_a_word, GOAL("{ served: most }"),
	 "8:17: 'served' must be 'all' or a whole number from 1 to 1 (the "
	 "scenario's orders), not 'most'\n")
ERR_TEST(goal_served_huge, GOAL("{ served: 99999999999999999999999 }"),
	 "8:17: 'served' must be 'all' or a whole number from 1 to 1 (the "
	 "scenario's orders), not '99999999999999999999999'\n")
ERR_TEST(goal_served_not_a_map, GOAL("{ served: { all: 1 } }"),
	 "8:17: 'served' must be 'all' or a number of orders, not a map\n")
ERR_TEST(goal_served_when_orders_are_wrong,
	 "title: T\n" "recipes:\n  r:\n    tasks:\n      a: { duration: 1s }\n"
	 "orders:\n  - { recipe: r, count: 0 }\ngoal: { served: none }\n",
	 "7:25: 'count' must be a whole number from 1 to 10000000, not '0'\n"
	 "8:17: 'served' must be 'all' or a whole number of orders from 1, not 'none'\n")
ERR_TEST(goal_within_before_last_arrival,
	 "title: T\nrecipes:\n  r: { tasks: { a: { duration: 0s } } }\n"
	 "orders: [ { recipe: r, count: 3, every: 2s } ]\n"
	 "goal: { within: 3.999s }\n",
	 "5:17: 'within' (3.999 s) is before the last order arrives (4.000 s): "
	 "no play can meet it\n")
ERR_TEST(goal_durations, GOAL("{ within: 25h, late_max: -1s }"),
	 "8:17: invalid duration '25h' for 'within': unknown unit (use ms, s or min)\n"
	 "8:32: invalid duration '-1s' for 'late_max': negative durations are not allowed\n")

/* ---- YAML itself ---------------------------------------------------- */

ERR_TEST(empty_file, "", "1:1: the file is empty: a scenario needs at least 'title', 'recipes' and 'orders'\n")
ERR_TEST(comments_only, "# nothing\n\n",
	 "1:1: the file is empty: a scenario needs at least 'title', 'recipes' and 'orders'\n")
ERR_TEST(empty_document, "---\n...\n",
	 "1:1: the file is empty: a scenario needs at least 'title', 'recipes' and 'orders'\n")
ERR_TEST(two_documents, OK_FILE "---\n" OK_FILE,
	 "8:1: a second YAML document: a scenario file holds exactly one\n")
ERR_TEST(syntax_error_has_position, "title: T\nrecipes: [\n",
	 "3:1: YAML syntax error: did not find expected node content "
	 "(while parsing a flow node at line 3, column 1)\n")
ERR_TEST(syntax_error_unclosed_quote, "title: \"T\nlesson: x\n",
	 "3:1: YAML syntax error: found unexpected end of stream "
	 "(while scanning a quoted scalar at line 1, column 8)\n")
ERR_TEST(syntax_error_bad_indentation, "title: T\n  lesson: x\n",
	 "2:9: YAML syntax error: mapping values are not allowed in this context\n")
ERR_TEST(tab_indentation, "title: T\nrecipes:\n\tr: 1\n",
	 "3:1: YAML syntax error: found character that cannot start any token; "
	 "indent with spaces, YAML does not allow tabs there\n")
ERR_TEST(tab_after_indentation, "title: T\nlesson:\n  a\n\tb\n",
	 "4:1: YAML syntax error: found a tab character that violates indentation; "
	 "indent with spaces, YAML does not allow tabs there\n")
ERR_TEST(invalid_utf8, "title: T\nlesson: caf\xE9\n" TAIL,
	 "2:12: not valid UTF-8 (byte 0xE9): scenario files must be UTF-8 text\n")
ERR_TEST(invalid_utf8_lead_byte, "title: \xFF\n",
	 "1:8: not valid UTF-8 (byte 0xFF): scenario files must be UTF-8 text\n")
static void utf16_refused(void **state)
{
	(void)state;
	expect_errors_len("\xFF\xFEt\0i\0t\0l\0e\0:\0 \0T\0\n\0", 18,
			  "1:1: the file is UTF-16: scenario files must be UTF-8 text\n");
}
ERR_TEST(invalid_utf8_truncated, "title: a\xE2\x82",
	 "1:9: not valid UTF-8 (byte 0xE2): scenario files must be UTF-8 text\n")
ERR_TEST(invalid_utf8_surrogate, "title: a\xED\xA0\x80" "b\n",
	 "1:9: not valid UTF-8 (byte 0xED): scenario files must be UTF-8 text\n")
ERR_TEST(only_bad_keys_no_second_message,
	 "title: T\nrecipes:\n  [a, b]: { tasks: { t: { duration: 1s } } }\n"
	 "  r: { tasks: { [x]: { duration: 1s } } }\norders: [ { recipe: r } ]\n",
	 "3:3: a key must be a name, not a list\n"
	 "4:17: a key must be a name, not a list\n")
/* The whole run's limits (load.h), at their edges. */
OK_TEST(orders_at_the_limit,
	"title: T\nrecipes: { r: { tasks: { a: { duration: 1s } } } }\n"
	"orders:\n  - { recipe: r, count: 9999999 }\n  - { recipe: r }\n")
ERR_TEST(orders_past_the_limit,
	"title: T\nrecipes: { r: { tasks: { a: { duration: 1s } } } }\n"
	"orders:\n  - { recipe: r, count: 9999999 }\n  - { recipe: r }\n  - &x { recipe: r }\n  - *x\n",
	"6:5: this entry takes the scenario past 10000000 orders (10000001 so far), the most "
	"one scenario may have, so that any run ends in seconds\n")
#define EIGHTEEN_TASKS "{ t0: { duration: 1s }, t1: { duration: 1s }, t2: { duration: 1s }, t3: { duration: 1s }, t4: { duration: 1s }, t5: { duration: 1s }, t6: { duration: 1s }, t7: { duration: 1s }, t8: { duration: 1s }, t9: { duration: 1s }, t10: { duration: 1s }, t11: { duration: 1s }, t12: { duration: 1s }, t13: { duration: 1s }, t14: { duration: 1s }, t15: { duration: 1s }, t16: { duration: 1s }, t17: { duration: 1s } }"
OK_TEST(task_runs_at_the_limit,
	"title: T\nrecipes: { r: { tasks: " EIGHTEEN_TASKS " } }\n"
	"orders:\n  - { recipe: r, count: 5000000 }\n")
ERR_TEST(task_runs_past_the_limit,
	"title: T\nrecipes: { r: { tasks: " EIGHTEEN_TASKS " } }\n"
	"orders:\n  - { recipe: r, count: 5000000 }\n  - { recipe: r }\n",
	"5:5: this entry takes the scenario past 90000000 task attempts (1 order of recipe 'r', "
	"18 attempts each with every retry: 90000018 so far), the most one scenario may have, "
	"so that any run ends in seconds\n")
/* Retries count: one step failing fast, tried 90 and 91 times, 10^6 times
 * over. */
OK_TEST(attempts_with_retries_at_the_limit,
	"title: T\nrecipes: { r: { tasks: { a: { duration: 1s, fail_after: 1s, retries: 89 } } } }\n"
	"orders:\n  - { recipe: r, count: 1000000 }\n")
ERR_TEST(attempts_with_retries_past_the_limit,
	"title: T\nrecipes: { r: { tasks: { a: { duration: 1s, fail_after: 1s, retries: 90 } } } }\n"
	"orders:\n  - { recipe: r, count: 1000000 }\n",
	"4:5: this entry takes the scenario past 90000000 task attempts (1000000 orders of recipe "
	"'r', 91 attempts each with every retry: 91000000 so far), the most one scenario may "
	"have, so that any run ends in seconds\n")
/* About the longest run allowed: 9*10^6 orders a day apart, then 90
 * attempts of a day, 900,000 times over: 9*10^7 attempts, 7.8e15 ms, under
 * 2^53 (load.c asserts that every run allowed is). */
OK_TEST(longest_run_allowed,
	"title: T\nrecipes: { r: { tasks: { a: { duration: 1440min, retries: 89 } } },\n"
	"  z: { tasks: { a: { duration: 0 } } } }\n"
	"orders:\n  - { recipe: z, count: 9000000, every: 1440min }\n  - { recipe: r, count: 900000 }\n")
ERR_TEST(positions_after_bom_and_crlf, "\xEF\xBB\xBFtitle: T\r\nlesson: \xFF\n",
	 "2:9: not valid UTF-8 (byte 0xFF): scenario files must be UTF-8 text\n")
ERR_TEST(positions_after_lone_cr, "title: T\rlesson: \xFF\n",
	 "2:9: not valid UTF-8 (byte 0xFF): scenario files must be UTF-8 text\n")
/* YAML also breaks lines at NEL (U+0085) and LS (U+2028). */
ERR_TEST(positions_after_unicode_line_breaks,
	 "title: T\nl: \xC2\x85m: \xFF\n" "n: x\xE2\x80\xA8" "o: p\n",
	 "3:4: not valid UTF-8 (byte 0xFF): scenario files must be UTF-8 text\n")
/* Kept as written: scn_diags_print escapes it (diags_print_escapes). */
ERR_TEST(unknown_key_shown_as_written, "\"a\\nb\\x85\": 1\n" OK_FILE,
	 "1:1: unknown key 'a\nb\xC2\x85' in the scenario; expected title, "
	 "concept, lesson, mode, helpers, seed, stations, recipes, orders, script or goal\n")
ERR_TEST(raw_control_character, "title: a\x01" "b\n",
	 "1:9: control character U+0001 is not allowed\n")
ERR_TEST(unsupported_tags, "title: !!int 12\nlesson: !mine x\n" TAIL,
	 "1:8: YAML tag '!!int' is not supported: write the value alone\n"
	 "2:9: YAML tag '!mine' is not supported: write the value alone\n")
ERR_TEST(unknown_anchor, "title: *nothing\n" TAIL,
	 "1:8: alias '*nothing' names no anchor; write '&nothing' on a value before it\n")
ERR_TEST(recursive_alias, "title: T\nlesson: &l [ a, *l ]\n" TAIL,
	 "2:17: alias '*l' is inside the node it names; an alias cannot contain itself\n")

static void nul_byte(void **state)
{
	(void)state;
	expect_errors_len("title: T\0\n", 10,
			  "1:9: the file contains a NUL byte: scenario files are "
			  "UTF-8 text (is it UTF-16, or binary?)\n");
}

/* Columns count characters, not bytes: each "é" is two bytes, one column. */
ERR_TEST(columns_count_characters,
	 "title: Café crème\nrecipes:\n  crème: { tasks: { brûler: { duration: 1s, kind: chaud } } }\n"
	 "orders: [ { recipe: crème, at: 1ø } ]\n",
	 "3:51: unknown kind 'chaud' (use wait, work or helper)\n"
	 "4:32: invalid duration '1ø' for 'at': not a duration (write e.g. 250ms, 1.5s or 2min)\n")
ERR_TEST(columns_count_wide_characters,
	 "title: 咖啡店\nlesson: ☕☕☕\nmode: 🙂\n" TAIL,
	 "3:7: unknown mode '🙂' (use concurrent or sequential)\n")
ERR_TEST(columns_after_bom, "\xEF\xBB\xBFtitle: T\nmode: x\n" TAIL,
	 "2:7: unknown mode 'x' (use concurrent or sequential)\n")

/* ---- many problems: all reported, in order of position -------------- */

ERR_TEST(every_problem_in_one_pass,
	 "orders:\n  - recipe: cofee\n  - { recipe: coffee, count: 0 }\n"
	 "recipes:\n  coffee:\n    tasks:\n"
	 "      grind: { duration: 3x, station: griner }\n"
	 "      heat: { duration: 2s, kind: work, timeout: 1s }\n"
	 "stations: { grinder: 1 }\n"
	 "helpers: 0\n",
	 "1:1: missing key 'title' in the scenario\n"
	 "2:13: unknown recipe 'cofee'; did you mean 'coffee'?\n"
	 "3:30: 'count' must be a whole number from 1 to 10000000, not '0'\n"
	 "7:26: invalid duration '3x' for 'duration': unknown unit (use ms, s or min)\n"
	 "7:39: unknown station 'griner'; did you mean 'grinder'?\n"
	 "8:41: a 'work' task cannot have a timeout: it blocks the loop, so "
	 "no timer can fire before it ends\n"
	 "10:10: 'helpers' must be a whole number from 1 to 128, not '0'\n")

ERR_TEST(problem_through_alias_reported_once,
	 "title: T\nrecipes:\n"
	 "  a: { tasks: &t { x: { duration: 1s, kind: wiat } } }\n"
	 "  b: { tasks: *t }\n"
	 "orders: [ { recipe: a } ]\n",
	 "3:45: unknown kind 'wiat'; did you mean 'wait'?\n")

ERR_TEST(scalar_alias_reported_where_used,
	 "title: T\nlesson: &bad 3h\nrecipes:\n  r: { tasks: { a: { duration: *bad } } }\n"
	 "orders: [ { recipe: r } ]\n",
	 "4:32: invalid duration '3h' for 'duration': unknown unit (use ms, s or min)\n")

/* ---- limits ------------------------------------------------------------- */

static char *repeat(const char *head, const char *item, int n, const char *tail)
{
	struct buf b = { 0 };
	put(&b, "%s", head);
	for (int i = 0; i < n; i++)
		put(&b, item, i, i);
	put(&b, "%s", tail);
	return b.s;
}

static void too_many_tasks(void **state)
{
	(void)state;
	char *y = repeat("title: T\nrecipes:\n  r:\n    tasks:\n",
			 "      t%d: { duration: 1s }\n", 1001,
			 "orders: [ { recipe: r } ]\n");
	expect_errors(y, "5:7: recipe 'r' has 1001 tasks: at most 1000 are allowed\n");
	free(y);
	y = repeat("title: T\nrecipes:\n  r:\n    tasks:\n",
		   "      t%d: { duration: 1s }\n", 1000,
		   "orders: [ { recipe: r } ]\n");
	scn_free(load_ok(y));
	free(y);
}

static void too_many_nodes(void **state)
{
	(void)state;
	char *y = repeat("title: T\nlesson: [\n", "%d, \n", 200000, "]\n");
	expect_errors(y, "199998:1: too many YAML nodes: at most 200000 are allowed\n");
	free(y);
}

static void too_deep(void **state)
{
	(void)state;
	char y[256] = "title: ";
	for (int i = 0; i < 70; i++)
		strcat(y, "[");
	expect_errors(y, "1:71: nested too deeply: at most 64 levels are allowed\n");
}

static void billion_laughs(void **state)
{
	(void)state;
	struct buf b = { 0 };
	put(&b, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (int i = 1; i < 10; i++) {
		put(&b, "a%d: &a%d [", i, i);
		for (int k = 0; k < 10; k++)
			put(&b, "%s*a%d", k ? ", " : "", i - 1);
		put(&b, "]\n");
	}
	expect_errors(b.s, "6:10: alias '*a4' makes the file too big: with what "
		      "its aliases repeat, it has more than 200000 nodes\n");
	free(b.s);
}

static void too_many_aliases(void **state)
{
	(void)state;
	char *y = repeat("title: &t T\nlesson: [\n", "*t, \n", 1001, "]\n");
	expect_errors(y, "1003:1: too many aliases: at most 1000 are allowed\n");
	free(y);
}

static void too_many_anchors(void **state)
{
	(void)state;
	char *y = repeat("title: T\nlesson: [\n", "&a%d x%d, \n", 1001, "]\n");
	expect_errors(y, "1003:1: too many anchors: at most 1000 are allowed\n");
	free(y);
}

static void text_too_long(void **state)
{
	(void)state;
	char *y = malloc(70000);
	strcpy(y, "title: T\nlesson: ");
	size_t n = strlen(y);
	memset(y + n, 'a', 65537);
	strcpy(y + n + 65537, "\n" TAIL);
	expect_errors(y, "2:9: text too long: 65537 bytes, at most 65536 are allowed\n");
	y[n + 65536] = '\n';
	strcpy(y + n + 65537, TAIL);
	scn_free(load_ok(y));
	free(y);
}

static void file_too_big(void **state)
{
	(void)state;
	size_t len = SCN_MAX_FILE_BYTES + 1;
	char *y = malloc(len);
	memset(y, '#', len);
	expect_errors_len(y, len, "-: the file is too big: 4194305 bytes, at most 4194304 are allowed\n");
	free(y);
}

static void at_most_1000_diagnostics(void **state)
{
	(void)state;
	char *y = repeat("title: T\n" TAIL "script:\n", "  - { at: %dx }\n", 1200, "");
	char *got = errors_of_len(y, strlen(y));
	size_t lines = 0;
	for (char *p = got; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 1001);
	assert_non_null(strstr(got, "\n-: 1400 more errors not shown\n"));
	/* The first ones by position are kept. */
	assert_memory_equal(got, "9:5: a script directive needs", 29);
	free(got);
	free(y);
}

/* ---- files and arguments ------------------------------------------- */

static void load_arg_builtin_name(void **state)
{
	(void)state;
	struct scn_diags d = { 0 };
	struct scn_scenario *s = NULL;
	assert_int_equal(scn_load_arg("coffee", &s, &d), 0);
	assert_string_equal(s->title, "Virtual coffee shop");
	assert_string_equal(s->path, "coffee");
	scn_free(s);
	scn_diags_close(&d);
}

static void load_arg_unknown_name_suggests(void **state)
{
	(void)state;
	struct scn_diags d = { 0 };
	struct scn_scenario *s = NULL;
	assert_int_equal(scn_load_arg("cofee", &s, &d), -1);
	assert_null(s);
	assert_string_equal(d.file, "cofee");
	assert_int_equal(d.n, 1);
	assert_int_equal(d.items[0].line, 0);
	assert_non_null(strstr(d.items[0].message,
			       "no such file or built-in scenario; did you mean 'coffee'? (built-in: "));
	assert_non_null(strstr(d.items[0].message, " coffee,") ?
			strstr(d.items[0].message, " coffee,") :
			strstr(d.items[0].message, " coffee)"));
	scn_diags_close(&d);
	assert_int_equal(scn_load_arg("zzzzzzzz", &s, &d), -1);
	assert_non_null(strstr(d.items[0].message,
			       "no such file or built-in scenario (built-in: "));
	scn_diags_close(&d);
}

static void load_arg_path_wins(void **state)
{
	(void)state;
	char dir[] = "/tmp/kitchen-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char cwd[4096];
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(dir), 0);
	FILE *f = fopen("coffee", "w");
	assert_non_null(f);
	fputs("title: Not the built-in\n" TAIL, f);
	fclose(f);
	struct scn_diags d = { 0 };
	struct scn_scenario *s = NULL;
	assert_int_equal(scn_load_arg("coffee", &s, &d), 0);
	assert_string_equal(s->title, "Not the built-in");
	scn_free(s);
	scn_diags_close(&d);
	/* A path that does not exist is a file problem, not a name. */
	assert_int_equal(scn_load_arg("./coffee.yaml", &s, &d), -1);
	assert_string_equal(d.file, "./coffee.yaml");
	assert_string_equal(d.items[0].message, "cannot read: No such file or directory");
	scn_diags_close(&d);
	assert_int_equal(scn_load_arg(".", &s, &d), -1);
	assert_string_equal(d.items[0].message, "cannot read: a directory, not a scenario file");
	scn_diags_close(&d);
	unlink("coffee");
	assert_int_equal(chdir(cwd), 0);
	rmdir(dir);
}

static void diags_print_format(void **state)
{
	(void)state;
	struct scn_diags d = { 0 };
	struct scn_scenario *s = NULL;
	assert_int_equal(scn_load_buffer("dir/x.yaml", "title: T\nhelpers: 0\n",
					 20, &s, &d), -1);
	char out[1024] = "";
	FILE *f = fmemopen(out, sizeof out - 1, "w");
	scn_diags_print(&d, f);
	fclose(f);
	assert_string_equal(out,
		"dir/x.yaml:1:1: error: missing key 'recipes' in the scenario\n"
		"dir/x.yaml:1:1: error: missing key 'orders' in the scenario\n"
		"dir/x.yaml:2:10: error: 'helpers' must be a whole number from 1 to 128, not '0'\n");
	scn_diags_close(&d);
	assert_null(d.items);
	assert_null(d.file);
	assert_int_equal(scn_load_file("/nonexistent/x.yaml", &s, &d), -1);
	f = fmemopen(out, sizeof out - 1, "w");
	scn_diags_print(&d, f);
	fclose(f);
	assert_string_equal(out, "/nonexistent/x.yaml: error: cannot read: No such file or directory\n");
	scn_diags_close(&d);
}

/* Nothing from the file reaches the terminal raw: controls and bidi
 * controls escaped (in the file name too), a line break continues under
 * the message. */
static void diags_print_escapes(void **state)
{
	(void)state;
	struct scn_diags d = { 0 };
	struct scn_scenario *s = NULL;
	static const char yaml[] = "\"x\\n  0.5 fake\\e[2J\\u202e\": 1\n" OK_FILE;
	assert_int_equal(scn_load_buffer("a\x1b]0;t\x07.yaml", yaml, strlen(yaml), &s, &d), -1);
	char out[1024] = "";
	FILE *f = fmemopen(out, sizeof out - 1, "w");
	scn_diags_print(&d, f);
	fclose(f);
	assert_string_equal(out,
		"a\\u{001B}]0;t\\u{0007}.yaml:1:1: error: unknown key 'x\n"
		"                                       " /* 39: under the message */
		"  0.5 fake\\u{001B}[2J\\u{202E}' in the scenario; expected title, "
		"concept, lesson, mode, helpers, seed, stations, recipes, orders, script or goal\n");
	scn_diags_close(&d);
}

static void name_helpers(void **state)
{
	(void)state;
	assert_string_equal(scn_kind_name(SCN_WAIT), "wait");
	assert_string_equal(scn_kind_name(SCN_WORK), "work");
	assert_string_equal(scn_kind_name(SCN_HELPER), "helper");
	assert_string_equal(scn_mode_name(SCN_CONCURRENT), "concurrent");
	assert_string_equal(scn_mode_name(SCN_SEQUENTIAL), "sequential");
	assert_string_equal(scn_on_error_name(SCN_PROPAGATE), "propagate");
	assert_string_equal(scn_on_error_name(SCN_COLLECT), "collect");
	assert_string_equal(scn_on_error_name(SCN_CANCEL), "cancel");
	scn_free(NULL);
}

static void every_builtin_loads(void **state)
{
	(void)state;
	assert_true(scn_builtin_count() >= 1);
	for (size_t i = 0; i < scn_builtin_count(); i++) {
		const struct base_embedded *b = scn_builtin_at(i);
		struct scn_diags d = { 0 };
		struct scn_scenario *s = NULL;
		if (scn_load_buffer(b->file, b->text, b->len, &s, &d)) {
			char *got = render(&d);
			fail_msg("%s:\n%s", b->file, got);
		}
		assert_non_null(s->concept);
		scn_free(s);
		scn_diags_close(&d);
	}
}

#define T(name) cmocka_unit_test(name)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(coffee_shop_model), T(defaults), T(every_key_set),
		T(dependents_in_declaration_order), T(scalars_are_text),
		T(fail_chance_forms), T(anchors_and_aliases),
		T(texts_keep_tabs_and_line_breaks), T(names_up_to_64_characters),
		T(utf8_bom_accepted), T(crlf_line_ends_accepted),
		T(comments_and_document_markers_accepted),
		T(every_without_count_allowed),
		T(fail_after_equal_to_duration_allowed),
		T(timeout_on_helper_and_wait_allowed), T(empty_after_list_accepted),
		T(null_after_accepted), T(str_tag_accepted),
		T(empty_stations_and_script_accepted), T(zero_durations_accepted),

		T(unknown_top_key_suggests), T(unknown_key_lists_expected_keys),
		T(unknown_task_key_suggests), T(unknown_key_case_differs),
		T(unknown_recipe_key), T(unknown_order_key),
		T(unknown_station_key), T(unknown_directive_key),
		T(merge_key_refused), T(duplicate_top_key),
		T(duplicate_task_name), T(duplicate_key_in_flow_map),
		T(key_must_be_text), T(empty_key),

		T(missing_title), T(missing_recipes_and_orders),
		T(missing_duration_in_block_task),
		T(missing_duration_in_empty_task), T(missing_tasks),
		T(missing_recipe_in_order), T(missing_capacity),
		T(missing_at_in_directive),

		T(map_where_text_belongs), T(list_where_duration_belongs),
		T(list_where_number_belongs), T(map_where_word_belongs),
		T(text_where_map_belongs), T(list_where_map_belongs),
		T(text_where_list_belongs), T(after_must_be_a_list),
		T(after_entries_must_be_names), T(task_must_be_a_map),
		T(recipe_must_be_a_map), T(order_must_be_a_map),
		T(directive_must_be_a_map), T(scenario_must_be_a_map),
		T(scenario_must_not_be_text),

		T(value_missing), T(value_empty), T(recipes_needs_one),
		T(recipes_null_needs_one), T(tasks_needs_one),
		T(control_character_in_text), T(c1_control_character_in_text),
		T(nul_in_text), T(control_character_in_name),
		T(name_longer_than_64),

		T(helpers_range), T(helpers_too_many), T(helpers_not_whole),
		T(helpers_signed), T(capacity_range),
		T(station_must_not_be_a_list), T(count_range),
		T(count_too_big), T(count_with_separators), T(retries_range),
		T(retries_negative), T(seed_range), T(seed_negative),
		T(seed_not_integer), T(fail_chance_above_one),
		T(fail_chance_just_above_one), T(fail_chance_negative),
		T(fail_chance_percent), T(fail_chance_nan),

		T(mode_suggests), T(mode_lists), T(kind_suggests),
		T(kind_lists), T(kind_is_case_sensitive), T(on_error_suggests),
		T(on_error_lists),

		T(duration_bad_unit), T(duration_finer_than_ms),
		T(duration_longer_than_a_day), T(duration_negative),
		T(duration_not_finite), T(duration_garbage),
		T(duration_quoted_empty), T(duration_with_nul),
		T(other_durations),

		T(fail_after_longer_than_duration), T(timeout_on_work),
		T(timeout_on_work_declared_after), T(after_names_a_later_task),
		T(after_names_itself), T(after_unknown_suggests_earlier),
		T(after_unknown_without_suggestion),
		T(after_names_a_task_twice), T(unknown_station_suggests),
		T(unknown_station_lists), T(unknown_station_none_declared),
		T(station_must_be_a_name), T(unknown_recipe_suggests),
		T(too_many_tasks_hint_shows_first_names),

		T(directive_needs_an_action), T(directive_does_one_thing),
		T(directive_does_one_thing_reports_the_later),
		T(choices_belong_to_ask), T(ask_needs_choices_and_answer),
		T(answer_within_choices), T(answer_is_one_based),
		T(choices_two_to_nine), T(choices_must_be_texts),
		T(choices_must_be_a_list), T(pause_false_does_nothing),
		T(pause_must_be_true), T(say_needs_text),
		T(directive_mode_suggests), T(directive_mode_lists),
		T(directive_mode_not_a_list), T(directive_modes),

		T(goal_model), T(goal_must_be_a_map), T(goal_needs_a_key),
		T(goal_null_needs_a_key), T(goal_unknown_key_suggests),
		T(goal_served_within_orders), T(goal_served_not_zero),
		T(goal_served_not_a_word), T(goal_served_huge),
		T(goal_served_not_a_map), T(goal_served_when_orders_are_wrong),
		T(goal_within_before_last_arrival), T(goal_durations),

		T(empty_file), T(comments_only), T(empty_document),
		T(two_documents), T(syntax_error_has_position),
		T(syntax_error_unclosed_quote),
		T(syntax_error_bad_indentation), T(tab_indentation),
		T(tab_after_indentation), T(invalid_utf8),
		T(invalid_utf8_lead_byte), T(invalid_utf8_truncated),
		T(invalid_utf8_surrogate), T(only_bad_keys_no_second_message),
		T(utf16_refused),
		T(orders_at_the_limit), T(orders_past_the_limit),
		T(task_runs_at_the_limit), T(task_runs_past_the_limit),
		T(attempts_with_retries_at_the_limit), T(attempts_with_retries_past_the_limit),
		T(longest_run_allowed),
		T(positions_after_bom_and_crlf), T(positions_after_lone_cr),
		T(positions_after_unicode_line_breaks),
		T(unknown_key_shown_as_written),
		T(raw_control_character), T(unsupported_tags),
		T(unknown_anchor), T(recursive_alias), T(nul_byte),
		T(columns_count_characters), T(columns_count_wide_characters),
		T(columns_after_bom),

		T(every_problem_in_one_pass),
		T(problem_through_alias_reported_once),
		T(scalar_alias_reported_where_used),

		T(too_many_tasks), T(too_many_nodes), T(too_deep),
		T(billion_laughs), T(too_many_aliases), T(too_many_anchors),
		T(text_too_long), T(file_too_big), T(at_most_1000_diagnostics),

		T(load_arg_builtin_name), T(load_arg_unknown_name_suggests),
		T(load_arg_path_wins), T(diags_print_format), T(diags_print_escapes), T(name_helpers),
		T(every_builtin_loads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
