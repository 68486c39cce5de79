/*
 * test_export_asyncio.c — the asyncio exporter (src/export/asyncio.c).
 *
 * Scenarios are loaded from memory and exported; the tests look at the
 * program's text: the line map the code panel uses (each task's line runs
 * its step, each recipe's line is its `async def`), identifiers made from
 * names that are not Python identifiers or that would shadow something,
 * string literals that must not let a text out, and the shape of each
 * mode and on_error. Whether the program runs and agrees with the engine
 * is tests/cli/test_export.sh's job.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "export/asyncio.h"
#include "scenario/builtin.h"
#include "scenario/load.h"

/* ---- helpers -------------------------------------------------------- */

static struct scn_scenario *load(const char *yaml)
{
	struct scn_scenario *s = NULL;
	struct scn_diags d = { 0 };
	int rc = scn_load_buffer("test.yaml", yaml, strlen(yaml), &s, &d);
	if (rc) {
		scn_diags_print(&d, stderr);
		fail_msg("scenario does not load");
	}
	scn_diags_close(&d);
	return s;
}

/* A copy of line `n` (1-based) of the program, without its newline. */
static char *line_of(const struct exp_code *c, int n)
{
	const char *p = c->text;
	for (int i = 1; i < n && p; i++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	assert_non_null(p);
	size_t len = strcspn(p, "\n");
	char *out = malloc(len + 1);
	assert_non_null(out);
	memcpy(out, p, len);
	out[len] = '\0';
	return out;
}

static void assert_line_has(const struct exp_code *c, int n, const char *what)
{
	char *l = line_of(c, n);
	if (!strstr(l, what))
		fail_msg("line %d is '%s', expected it to contain '%s'", n, l, what);
	free(l);
}

static void assert_has(const struct exp_code *c, const char *what)
{
	if (!strstr(c->text, what))
		fail_msg("the program lacks '%s'", what);
}

static void assert_lacks(const struct exp_code *c, const char *what)
{
	if (strstr(c->text, what))
		fail_msg("the program contains '%s'", what);
}

static int count_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* ---- the line map --------------------------------------------------- */

static void every_task_line_runs_its_step(void **state)
{
	(void)state;
	struct scn_scenario *s = load(
		"title: Lines\n"
		"helpers: 2\n"
		"stations: { kettle: 1 }\n"
		"recipes:\n"
		"  tea:\n"
		"    tasks:\n"
		"      boil:  { duration: 2s, station: kettle, timeout: 3s }\n"
		"      chop:  { duration: 1s, kind: work, fail_chance: 0.5, retries: 2 }\n"
		"      grate: { duration: 1s, kind: helper, timeout: 2s }\n"
		"      brew:  { duration: 1s, after: [boil], fail_after: 0.5s }\n"
		"  toast:\n"
		"    on_error: cancel\n"
		"    tasks:\n"
		"      bake: { duration: 1s, kind: helper }\n"
		"orders: [ { recipe: tea }, { recipe: toast } ]\n");
	struct exp_code c;
	assert_int_equal(exp_asyncio_build(s, &c), 0);
	assert_int_equal(c.n_recipes, 2);
	assert_int_equal(c.n_lines, count_lines(c.text));
	assert_int_equal((size_t)strlen(c.text), c.len);
	assert_line_has(&c, c.recipe_line[0], "async def tea(order):");
	assert_line_has(&c, c.recipe_line[1], "async def toast(order):");
	assert_line_has(&c, c.task_line[0][0], "await asyncio.sleep(2)");
	assert_line_has(&c, c.task_line[0][1], "time.sleep(1)");
	assert_line_has(&c, c.task_line[0][2], "await loop.run_in_executor(helpers, grate_job)");
	assert_line_has(&c, c.task_line[0][3], "await asyncio.sleep(0.5)");
	assert_line_has(&c, c.task_line[1][0], "run_in_executor(helpers, bake_job)");
	/* every line where a step can be waiting */
	assert_line_has(&c, c.step_lines[0][0].station, "async with kettle:");
	assert_line_has(&c, c.step_lines[0][0].timeout, "async with asyncio.timeout(3):");
	assert_line_has(&c, c.step_lines[0][2].timeout, "async with asyncio.timeout(2):");
	assert_int_equal(c.step_lines[0][1].station, 0);
	assert_line_has(&c, c.step_lines[0][0].call, "boil_task = asyncio.create_task(boil())");
	assert_line_has(&c, c.step_lines[0][3].call, "brew_task = asyncio.create_task(brew(boil_task))");
	assert_int_equal(c.step_lines[0][0].gather, 0);
	/* brew's task awaits boil's first: its waiting line is where it is made */
	assert_int_equal(c.step_lines[0][3].gather, c.step_lines[0][3].call);
	assert_line_has(&c, c.recipe_await[0], "await asyncio.gather(");
	assert_line_has(&c, c.step_lines[1][0].call, "await asyncio.create_task(bake())");
	assert_int_equal(c.recipe_await[1], 0);  /* toast awaits its one step */
	exp_code_free(&c);
	/* Blocking code: no gather; the order awaits each step in turn. */
	s->mode = SCN_SEQUENTIAL;
	assert_int_equal(exp_asyncio_build(s, &c), 0);
	assert_int_equal(c.recipe_await[0], 0);
	assert_int_equal(c.step_lines[0][3].gather, 0);
	assert_line_has(&c, c.step_lines[0][0].call, "await boil()");
	assert_line_has(&c, c.step_lines[0][3].call, "await brew()");
	assert_line_has(&c, c.step_lines[1][0].call, "await bake()");
	exp_code_free(&c);
	scn_free(s);
}

static void every_builtin_scenario_exports_in_both_modes(void **state)
{
	(void)state;
	for (size_t i = 0; i < scn_builtin_count(); i++) {
		const struct base_embedded *b = scn_builtin_at(i);
		struct scn_scenario *s = load(b->text);
		for (int mode = 0; mode < 2; mode++) {
			struct scn_scenario copy = *s;
			copy.mode = mode ? SCN_SEQUENTIAL : SCN_CONCURRENT;
			struct exp_code c;
			assert_int_equal(exp_asyncio_build(&copy, &c), 0);
			assert_true(c.len > 1000);
			assert_has(&c, mode ? "summary(\"sequential\")" : "summary(\"concurrent\")");
			for (int r = 0; r < s->n_recipes; r++) {
				assert_line_has(&c, c.recipe_line[r], "async def ");
				for (int t = 0; t < s->recipes[r].n_tasks; t++)
					assert_true(c.task_line[r][t] > c.recipe_line[r]);
			}
			exp_code_free(&c);
		}
		scn_free(s);
	}
}

/* ---- names and texts ------------------------------------------------ */

static void names_become_safe_unique_identifiers(void **state)
{
	(void)state;
	struct scn_scenario *s = load(
		"title: Names\n"
		"stations: { class: 1, \"grill 1\": 1, grill_1: 1, helpers: 1 }\n"
		"recipes:\n"
		"  def:\n"
		"    tasks:\n"
		"      print: { duration: 1s, station: class }\n"
		"      1st step: { duration: 1s, station: \"grill 1\" }\n"
		"      order: { duration: 1s, station: grill_1 }\n"
		"      order_2_task: { duration: 1s, station: helpers }\n"
		"      \"***\": { duration: 1s }\n"
		"      grill_1: { duration: 1s, after: [print] }\n"
		"orders: [ { recipe: def } ]\n");
	struct exp_code c;
	assert_int_equal(exp_asyncio_build(s, &c), 0);
	assert_has(&c, "class_2 = asyncio.Semaphore(1)");
	assert_has(&c, "\ngrill_1 = asyncio.Semaphore(1)");
	assert_has(&c, "\ngrill_1_2 = asyncio.Semaphore(1)");
	assert_has(&c, "\nhelpers_2 = asyncio.Semaphore(1)");
	assert_has(&c, "async def def_2(order):");
	assert_has(&c, "    async def print_2():");
	assert_has(&c, "    async def step_1st_step():");
	assert_has(&c, "    async def order_2():");
	/* order_2_task would be the variable of `order`'s task */
	assert_has(&c, "    async def order_2_task_2():");
	assert_has(&c, "    async def step_2():");   /* "step" is taken */
	/* a step may not shadow a station it or its siblings use */
	assert_has(&c, "    async def grill_1_3():");
	assert_has(&c, "    await print_2_task\n    await grill_1_3()\n");
	assert_has(&c, "@order.step(\"1st step\", 1, station=grill_1)");
	assert_has(&c, "\"def\": (def_2, (");
	exp_code_free(&c);
	scn_free(s);
}

static void texts_cannot_escape_their_literals(void **state)
{
	(void)state;
	struct scn_scenario *s = load(
		"title: \"T\\n\\\"\\\"\\\" x\"\n"
		"lesson: \"a\\n# b\\n\\u202e c\"\n"
		"recipes:\n"
		"  r:\n"
		"    title: \"R\\u2028S\"\n"
		"    tasks:\n"
		"      a: { duration: 1s, say_start: \"x\\\")\\nimport os #\", "
		"say_done: \"caf\\u00e9 \\u202eevil\" }\n"
		"      b: { duration: 1s, fail_after: 1s, error: \"\\\\\" }\n"
		"orders: [ { recipe: r, name: \"n\\nimport os\" } ]\n"
		"script:\n"
		"  - { at: 0s, ask: \"Q\\n\\\"\\\"\\\"\", choices: [\"a\\nb\", c], answer: 1, explain: \"e\\nimport os\" }\n");
	struct exp_code c;
	assert_int_equal(exp_asyncio_build(s, &c), 0);
	assert_has(&c, "start=\"x\\\")\\nimport os #\"");
	assert_has(&c, "done=\"caf\\xe9 \\u202eevil\"");
	assert_has(&c, "raise Failed(\"\\\\\")");
	assert_has(&c, "(0, \"ask\", \"Q\\n\\\"\\\"\\\"\", 1),");
	assert_has(&c, "\n# T\\u{000A}\"\"\" x: an Async Kitchen scenario");
	assert_has(&c, "#   a\n#   # b\n#   \\u{202E} c\n");
	assert_has(&c, "# r: R\\u{2028}S (on_error: propagate)\n");
	assert_has(&c, "# n\\u{000A}import os\n");
	assert_has(&c, "    #   1) a\\u{000A}b\n");
	/* nothing taken from the scenario starts a line of code */
	assert_lacks(&c, "\nimport os");
	exp_code_free(&c);
	scn_free(s);
}

/* Every string of a loaded scenario replaced, in the model itself (past the
 * loader, which refuses control characters), by one that holds every kind
 * of line break, control, bidirectional control and non-ASCII character. */
static const char hostile_text[] =
	"a\r\x0b\x0c\x1c\x1d\x1e\x1b[31m\x7f\xc2\x85\xc2\x9b"   /* CR VT FF FS GS RS ESC DEL NEL CSI */
	"\xe2\x80\xa8\xe2\x80\xa9"                  /* U+2028 U+2029 */
	"\xe2\x80\xae\xe2\x81\xa6\xd8\x9c\xe2\x80\x8f"  /* RLO LRI ALM RLM */
	"\xef\xbb\xbf\xf0\x9f\x98\x80\xc3\xa9"          /* BOM, U+1F600, e-acute */
	"\xff\xc0\xaf\xed\xa0\x80"                  /* not UTF-8 */
	" -*- coding: raw_unicode_escape -*- \\u000a\"\"\"'\\";

static void replace_text(char **s)
{
	if (!*s)
		return;
	free(*s);
	*s = strdup(hostile_text);
	assert_non_null(*s);
}

static void the_program_is_ascii_whatever_the_texts(void **state)
{
	(void)state;
	struct scn_scenario *s = load(
		"title: T\n"
		"concept: C\n"
		"lesson: L\n"
		"stations: { kettle: { capacity: 1, title: K } }\n"
		"recipes:\n"
		"  r:\n"
		"    title: R\n"
		"    tasks:\n"
		"      a: { duration: 1s, station: kettle, say_start: S, say_done: D }\n"
		"      b: { duration: 1s, fail_after: 1s, error: E, after: [a] }\n"
		"orders: [ { recipe: r, name: N } ]\n"
		"script:\n"
		"  - { at: 0s, say: Y }\n"
		"  - { at: 0s, ask: Q, choices: [c1, c2], answer: 1, explain: X }\n");
	replace_text(&s->title);
	replace_text(&s->concept);
	replace_text(&s->lesson);
	replace_text(&s->stations[0].title);
	replace_text(&s->recipes[0].title);
	replace_text(&s->recipes[0].tasks[0].say_start);
	replace_text(&s->recipes[0].tasks[0].say_done);
	replace_text(&s->recipes[0].tasks[1].error);
	replace_text(&s->orders[0].name);
	for (int i = 0; i < s->n_script; i++) {
		replace_text(&s->script[i].text);
		replace_text(&s->script[i].explain);
		for (int k = 0; k < s->script[i].n_choices; k++)
			replace_text(&s->script[i].choices[k]);
	}
	for (int mode = 0; mode < 2; mode++) {
		s->mode = mode ? SCN_SEQUENTIAL : SCN_CONCURRENT;
		struct exp_code c;
		assert_int_equal(exp_asyncio_build(s, &c), 0);
		assert_memory_equal(c.text, "#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n", 47);
		for (size_t i = 0; i < c.len; i++) {
			unsigned char ch = (unsigned char)c.text[i];
			if (!(ch == '\n' || (ch >= 0x20 && ch < 0x7F)))
				fail_msg("byte 0x%02x at offset %zu is not printable ASCII", ch, i);
		}
		/* in strings: Python escapes, the text's own characters */
		assert_has(&c, "start=\"a\\r\\x0b\\x0c\\x1c\\x1d\\x1e\\x1b[31m\\x7f\\x85\\x9b"
			   "\\u2028\\u2029\\u202e\\u2066\\u061c\\u200f\\ufeff\\U0001f600\\xe9"
			   "\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd -*- coding: raw_unicode_escape -*- "
			   "\\\\u000a\\\"\\\"\\\"'\\\\\"");
		/* in comments: visible \u{XXXX}, on one line */
		assert_has(&c, "\n# r: a\\u{000D}\\u{000B}\\u{000C}\\u{001C}\\u{001D}\\u{001E}"
			   "\\u{001B}[31m\\u{007F}\\u{0085}\\u{009B}\\u{2028}\\u{2029}\\u{202E}"
			   "\\u{2066}\\u{061C}\\u{200F}\\u{FEFF}\\u{1F600}\\u{00E9}\\u{FFFD}");
		/* the title does not reach the first two lines */
		assert_has(&c, "python3\n# -*- coding: utf-8 -*-\n#\n# a\\u{000D}");
		exp_code_free(&c);
	}
	scn_free(s);
}

/* ---- names in linear time ---------------------------------------- */

/* A growing YAML text for the tests below. */
struct yaml {
	char *p;
	size_t len, cap;
};

__attribute__((format(printf, 2, 3)))
static void yput(struct yaml *y, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	assert_true(n >= 0);
	if (y->len + (size_t)n + 1 > y->cap) {
		y->cap = (y->len + (size_t)n + 1) * 2;
		y->p = realloc(y->p, y->cap);
		assert_non_null(y->p);
	}
	va_start(ap, fmt);
	vsnprintf(y->p + y->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	y->len += (size_t)n;
}

/* A name of Greek letters only (no ASCII letter): the i-th such. */
static void greek(struct yaml *y, int i)
{
	do {
		yput(y, "%s", (const char *[]){ "\u03b1", "\u03b2", "\u03b3", "\u03b4",
			"\u03b5", "\u03b6", "\u03b7", "\u03b8" }[i % 8]);
		i /= 8;
	} while (i);
}

/* Identifiers tried for n stations that share no ASCII letter (each has
 * the base `station`), used by one recipe of n steps named likewise. */
static size_t tries_letterless(int n)
{
	struct yaml y = { 0 };
	yput(&y, "title: T\nstations:\n");
	for (int i = 0; i < n; i++) {
		yput(&y, "  \"");
		greek(&y, i);
		yput(&y, "\": 1\n");
	}
	yput(&y, "recipes:\n  r:\n    tasks:\n");
	for (int i = 0; i < n; i++) {
		yput(&y, "      \"");
		greek(&y, i);
		yput(&y, "\": { duration: 1s }\n");
	}
	yput(&y, "orders: [ { recipe: r } ]\n");
	struct scn_scenario *s = load(y.p);
	struct exp_code c;
	assert_int_equal(exp_asyncio_build(s, &c), 0);
	/* `station` itself is a name of the program's bookkeeping */
	assert_has(&c, "\nstation_2 = asyncio.Semaphore(1)");
	char last[64];
	snprintf(last, sizeof last, "\nstation_%d = asyncio.Semaphore(1)", n + 1);
	assert_has(&c, last);
	size_t tried = c.names_tried;
	exp_code_free(&c);
	scn_free(s);
	free(y.p);
	return tried;
}

/* Identifiers tried when n stations are named step_2... step_(n+1) and each
 * of n recipes has one step with no ASCII letter (base `step`, which every
 * recipe must take past all those stations). */
static size_t tries_across_recipes(int n)
{
	struct yaml y = { 0 };
	yput(&y, "title: T\nstations:\n");
	for (int i = 0; i < n; i++)
		yput(&y, "  step_%d: 1\n", i + 2);
	yput(&y, "recipes:\n");
	for (int i = 0; i < n; i++)
		yput(&y, "  r%d: { tasks: { \"\u03bb\": { duration: 1s } } }\n", i);
	yput(&y, "orders: [ { recipe: r0 } ]\n");
	struct scn_scenario *s = load(y.p);
	struct exp_code c;
	assert_int_equal(exp_asyncio_build(s, &c), 0);
	char want[64];
	snprintf(want, sizeof want, "    async def step_%d():", n + 2);
	assert_has(&c, want);
	size_t tried = c.names_tried;
	exp_code_free(&c);
	scn_free(s);
	free(y.p);
	return tried;
}

static void names_are_found_in_linear_time(void **state)
{
	(void)state;
	size_t a = tries_letterless(250), b = tries_letterless(1000);
	/* 2n names: one try each, but for the steps' first clash with the
	 * stations' identifiers (which the memo then skips). */
	assert_true(a <= 3 * 250);
	assert_true(b <= 3 * 1000);
	assert_true(b <= 4 * a + 8);
	/* 3n names; the first recipe's step tries past every station once,
	 * every later one jumps over them: about 5n tries. */
	a = tries_across_recipes(300);
	b = tries_across_recipes(1200);
	assert_true(a <= 6 * 300);
	assert_true(b <= 6 * 1200);
	assert_true(b <= 4 * a + 8);
}

/* ---- shapes --------------------------------------------------------- */

static const char *const policies =
	"title: Policies\n"
	"recipes:\n"
	"  p:\n"
	"    tasks: { a: { duration: 1s, fail_after: 0s }, b: { duration: 1s, after: [a] } }\n"
	"  c:\n"
	"    on_error: collect\n"
	"    tasks: { a: { duration: 1s, fail_after: 0s }, b: { duration: 1s, after: [a] } }\n"
	"  k:\n"
	"    on_error: cancel\n"
	"    patience: 3s\n"
	"    tasks: { a: { duration: 1s, fail_after: 0s }, b: { duration: 1s, after: [a] } }\n"
	"orders: [ { recipe: p }, { recipe: c }, { recipe: k } ]\n";

static void concurrent_shapes_follow_on_error(void **state)
{
	(void)state;
	struct scn_scenario *s = load(policies);
	struct exp_code c;
	assert_int_equal(exp_asyncio_build(s, &c), 0);
	/* a step that comes after nothing is a task; the chain after it runs
	 * in the recipe; under collect a failure is noted and it goes on */
	assert_has(&c, "async def p(order):");
	assert_has(&c, "    await asyncio.create_task(a())");
	assert_has(&c, "    await b()\n");
	assert_has(&c, "    try:\n        await asyncio.create_task(a())");
	assert_has(&c, "    except Failed:\n        pass");
	assert_has(&c, "\"k\": (k, (\"a\", \"b\"), 3, \"cancel\"),");
	assert_has(&c, "\"p\": (p, (\"a\", \"b\"), None, \"propagate\"),");
	assert_has(&c, "@order.step(\"a\", 0)\n    async def a():\n        await asyncio.sleep(0)");
	assert_has(&c, "        raise Failed(\"failed\")\n");
	assert_lacks(&c, "SEQUENTIAL = True");
	exp_code_free(&c);
	scn_free(s);
}

/* Lesson 3's shape: a step started early as a task, the chain awaited in
 * turn; a step off the chain that comes after one that waits for a chain
 * step is started only once that one's task exists. */
static void early_steps_are_tasks_made_in_time(void **state)
{
	(void)state;
	struct scn_scenario *s = load(
		"title: Early\n"
		"recipes:\n"
		"  stew:\n"
		"    tasks:\n"
		"      marinate: { duration: 6s }\n"
		"      rice: { duration: 2s }\n"
		"      sauce: { duration: 3s, after: [rice] }\n"
		"      plate: { duration: 1s, after: [marinate, sauce] }\n"
		"  r0:\n"
		"    on_error: cancel\n"
		"    tasks:\n"
		"      t0: { duration: 2s }\n"
		"      t1: { duration: 1s, after: [t0] }\n"
		"      t2: { duration: 1s, after: [t1] }\n"
		"      t3: { duration: 1s, kind: work, after: [t2] }\n"
		"      t4: { duration: 1s, after: [t0, t1] }\n"
		"orders: [ { recipe: stew }, { recipe: r0 } ]\n");
	struct exp_code c;
	assert_int_equal(exp_asyncio_build(s, &c), 0);
	assert_has(&c, "    marinate_task = asyncio.create_task(marinate())\n"
		   "    rice_task = asyncio.create_task(rice())\n"
		   "    await rice_task\n"
		   "    await sauce()\n"
		   "    await marinate_task\n"
		   "    await plate()\n");
	assert_has(&c, "        await t1()\n"
		   "        t2_task = group.create_task(t2())\n"
		   "        group.create_task(t3(t2_task))");
	assert_line_has(&c, c.step_lines[0][0].call, "marinate_task = asyncio.create_task(marinate())");
	assert_line_has(&c, c.step_lines[0][2].call, "await sauce()");
	/* sauce is pending while the recipe awaits rice's task; plate while it
	 * awaits the marinade's */
	assert_line_has(&c, c.step_lines[0][2].gather, "await rice_task");
	assert_line_has(&c, c.step_lines[0][3].gather, "await marinate_task");
	exp_code_free(&c);
	scn_free(s);
}

static void sequential_shape_awaits_in_turn(void **state)
{
	(void)state;
	struct scn_scenario *s = load(policies);
	s->mode = SCN_SEQUENTIAL;
	struct exp_code c;
	assert_int_equal(exp_asyncio_build(s, &c), 0);
	assert_has(&c, "    await a()\n    await b()\n");
	assert_has(&c, "    try:\n        await a()\n    except Failed:\n        pass");
	assert_has(&c, "notice_walk_outs(self.order)");
	assert_has(&c, "CLOCK.start_thread(world, loop, line)");
	assert_has(&c, "    SEQUENTIAL = True");
	assert_lacks(&c, "asyncio.create_task(a");
	assert_lacks(&c, "TaskGroup() as group");
	exp_code_free(&c);
	scn_free(s);
}

static void empty_code_frees_safely(void **state)
{
	(void)state;
	struct exp_code c;
	memset(&c, 0, sizeof c);
	exp_code_free(&c);
	exp_code_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_task_line_runs_its_step),
		cmocka_unit_test(every_builtin_scenario_exports_in_both_modes),
		cmocka_unit_test(names_become_safe_unique_identifiers),
		cmocka_unit_test(texts_cannot_escape_their_literals),
		cmocka_unit_test(the_program_is_ascii_whatever_the_texts),
		cmocka_unit_test(names_are_found_in_linear_time),
		cmocka_unit_test(concurrent_shapes_follow_on_error),
		cmocka_unit_test(early_steps_are_tasks_made_in_time),
		cmocka_unit_test(sequential_shape_awaits_in_turn),
		cmocka_unit_test(empty_code_frees_safely),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
