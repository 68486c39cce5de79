/*
 * fuzz_export.c — libFuzzer harness for the exporters (tests/fuzz/run.sh,
 * `make fuzz`).
 *
 * A scenario that loads is written every way the program writes it:
 *
 *   - the asyncio program, both modes: pure printable ASCII; its first two
 *     lines fixed (the interpreter, the encoding); every string literal
 *     closed on its line (or a triple-quoted one closed at all); and no
 *     scenario text outside string literals and comments: the program of a
 *     copy whose every text is "x" has the same code once literals and
 *     comments are set aside, and a copy whose names are "n1", "n2"... the
 *     same code once identifiers are set aside too (no name turns into a
 *     keyword, an operator or a line of its own);
 *   - the transcripts (text and timeline, with and without UTF-8; jsonl)
 *     of a run of at most EVENTS events: valid UTF-8, nothing raw a
 *     terminal would act on, ASCII without UTF-8; jsonl one exact JSON
 *     object per event and the summary (read by src/base/json.c, strict:
 *     no repeated key either); text one line that looks like an
 *     event per event, whatever the texts hold.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "engine/engine.h"
#include "export/asyncio.h"
#include "export/transcript.h"
#include "fuzz/fuzz.h"
#include "scenario/load.h"

#define EVENTS 5000

/* ---- the asyncio program ---------------------------------------------- */

static bool is_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_ident(char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9');
}

static bool is_keyword(const char *w, size_t n)
{
	static const char *const kw[] = {
		"False", "None", "True", "and", "as", "assert", "async", "await",
		"break", "class", "continue", "def", "del", "elif", "else", "except",
		"finally", "for", "from", "global", "if", "import", "in", "is",
		"lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
		"while", "with", "yield", "match", "case", "type", NULL
	};
	for (int i = 0; kw[i]; i++)
		if (strlen(kw[i]) == n && !memcmp(kw[i], w, n))
			return true;
	return false;
}

/*
 * The program's shape: its tokens with each string literal as S, comments
 * left out, and (abstract_names) every identifier that is not a keyword as
 * I; one space between tokens; a line break and the indentation only where
 * Python reads them (outside brackets), so that how long lines are wrapped
 * does not count, nor the trailing comma of a wrapped list of several.
 * Checks, on the way, that literals close.
 */
struct shape {
	char *v;
	size_t n;
	int depth;
	int commas[64];         /* commas at each bracket depth */
	bool call[64];          /* a call's arguments, a list or a dict: a
				   trailing comma means nothing (in a bare
				   tuple of one it makes the tuple) */
	bool after_name;        /* the last token was a name or closed one */
	bool pending_comma;     /* a comma not yet written: dropped before a
				   closing bracket when it is not the only one */
};

static void emit(struct shape *sh, const char *t, size_t n)
{
	if (sh->pending_comma) {
		sh->v[sh->n++] = ',';
		sh->v[sh->n++] = ' ';
		sh->pending_comma = false;
	}
	memcpy(sh->v + sh->n, t, n);
	sh->n += n;
	sh->v[sh->n++] = ' ';
}

static char *skeleton(const char *p, size_t len, bool abstract_names)
{
	struct shape sh = { .v = malloc(2 * len + 8) };
	CHECK(sh.v);
	const char *end = p + len;
	bool line_start = true;
	while (p < end) {
		char c = *p;
		if (c == '\n') {
			p++;
			if (sh.depth == 0 && sh.n && sh.v[sh.n - 1] != '\n') {
				if (sh.pending_comma)
					emit(&sh, "", 0);
				sh.v[sh.n++] = '\n';
			}
			line_start = true;
			continue;
		}
		if (c == ' ') {
			size_t k = strspn(p, " ");
			if (line_start && sh.depth == 0 && p + k < end && p[k] != '\n' &&
			    p[k] != '#') {
				memset(sh.v + sh.n, ' ', k);
				sh.n += k;
			}
			p += k;
			continue;
		}
		line_start = false;
		bool was_after_name = sh.after_name;
		sh.after_name = false;
		if (c == '#') {
			sh.after_name = was_after_name;   /* a comment is not a token */
			while (p < end && *p != '\n')
				p++;
		} else if (c == '"' || c == '\'') {
			bool triple = end - p >= 3 && p[1] == c && p[2] == c;
			p += triple ? 3 : 1;
			for (;;) {
				CHECK_MSG(p < end, "a string literal never closes");
				if (*p == '\\') {
					CHECK_MSG(p + 1 < end && (triple || p[1] != '\n'),
						  "a backslash ends a line in a string");
					p += 2;
					continue;
				}
				CHECK_MSG(triple || *p != '\n', "a string literal runs past its line");
				if (*p == c && (!triple || (end - p >= 3 && p[1] == c && p[2] == c))) {
					p += triple ? 3 : 1;
					break;
				}
				p++;
			}
			emit(&sh, "S", 1);
		} else if (is_ident_start(c)) {
			const char *w = p;
			while (p < end && is_ident(*p))
				p++;
			bool keyword = is_keyword(w, (size_t)(p - w));
			if (abstract_names && !keyword)
				emit(&sh, "I", 1);
			else
				emit(&sh, w, (size_t)(p - w));
			sh.after_name = !keyword;
			continue;
		} else if (c == ',') {
			CHECK_MSG(!sh.pending_comma, "two commas in a row: not Python");
			sh.pending_comma = true;
			if (sh.depth < 64)
				sh.commas[sh.depth]++;
			p++;
		} else if (c == '(' || c == '[' || c == '{') {
			bool call = c != '(' || was_after_name;
			emit(&sh, p, 1);
			if (++sh.depth < 64) {
				sh.commas[sh.depth] = 0;
				sh.call[sh.depth] = call;
			}
			p++;
		} else if (c == ')' || c == ']' || c == '}') {
			if (sh.pending_comma && sh.depth < 64 &&
			    (sh.commas[sh.depth] > 1 || sh.call[sh.depth]))
				sh.pending_comma = false;       /* a wrapped list's last comma */
			emit(&sh, p, 1);
			CHECK_MSG(sh.depth > 0, "a bracket closes that never opened");
			sh.depth--;
			p++;
			sh.after_name = true;
			continue;
		} else {
			emit(&sh, p, 1);
			p++;
		}
	}
	if (sh.pending_comma)
		emit(&sh, "", 0);
	CHECK_MSG(sh.depth == 0, "a bracket never closes");
	sh.v[sh.n] = '\0';
	return sh.v;
}

/* A copy of s that shares everything but what `texts` and `names` say:
 * every free text "x", every station, recipe and task name "nK". Free
 * with free_copy. */
struct copy {
	struct scn_scenario s;
	char **names;
	int n_names;
};

static const char *text_or_x(const char *t, bool texts)
{
	return t && texts ? "x" : t;
}

static char *new_name(struct copy *c)
{
	char *n = malloc(16);
	CHECK(n);
	snprintf(n, 16, "n%d", c->n_names + 1);
	c->names[c->n_names++] = n;
	return n;
}

static void make_copy(struct copy *c, const struct scn_scenario *s, bool texts, bool names)
{
	int total = s->n_stations + s->n_recipes;
	for (int r = 0; r < s->n_recipes; r++)
		total += s->recipes[r].n_tasks;
	c->s = *s;
	c->names = calloc((size_t)total + 1, sizeof *c->names);
	c->n_names = 0;
	CHECK(c->names);
	struct scn_scenario *x = &c->s;
	x->title = (char *)text_or_x(s->title, texts);
	x->concept = (char *)text_or_x(s->concept, texts);
	x->lesson = (char *)text_or_x(s->lesson, texts);
	x->source = (char *)"x";
	x->source_len = 1;
	x->stations = calloc((size_t)s->n_stations + 1, sizeof *x->stations);
	x->recipes = calloc((size_t)s->n_recipes + 1, sizeof *x->recipes);
	x->orders = calloc((size_t)s->n_orders + 1, sizeof *x->orders);
	x->script = calloc((size_t)s->n_script + 1, sizeof *x->script);
	CHECK(x->stations && x->recipes && x->orders && x->script);
	for (int i = 0; i < s->n_stations; i++) {
		x->stations[i] = s->stations[i];
		x->stations[i].title = (char *)text_or_x(s->stations[i].title, texts);
		if (names)
			x->stations[i].name = new_name(c);
	}
	for (int r = 0; r < s->n_recipes; r++) {
		struct scn_recipe *xr = &x->recipes[r];
		*xr = s->recipes[r];
		xr->title = (char *)text_or_x(xr->title, texts);
		if (names)
			xr->name = new_name(c);
		xr->tasks = calloc((size_t)xr->n_tasks, sizeof *xr->tasks);
		CHECK(xr->tasks);
		for (int i = 0; i < xr->n_tasks; i++) {
			struct scn_task *t = &xr->tasks[i];
			*t = s->recipes[r].tasks[i];
			t->say_start = (char *)text_or_x(t->say_start, texts);
			t->say_done = (char *)text_or_x(t->say_done, texts);
			t->error = (char *)text_or_x(t->error, texts);
			if (names)
				t->name = new_name(c);
		}
	}
	for (int i = 0; i < s->n_orders; i++) {
		x->orders[i] = s->orders[i];
		x->orders[i].name = (char *)text_or_x(s->orders[i].name, texts);
	}
	for (int i = 0; i < s->n_script; i++) {
		struct scn_directive *d = &x->script[i];
		*d = s->script[i];
		d->text = (char *)text_or_x(d->text, texts);
		d->explain = (char *)text_or_x(d->explain, texts);
		if (d->n_choices) {
			d->choices = calloc((size_t)d->n_choices, sizeof *d->choices);
			CHECK(d->choices);
			for (int k = 0; k < d->n_choices; k++)
				d->choices[k] = (char *)text_or_x(s->script[i].choices[k], texts);
		}
	}
}

static void free_copy(struct copy *c)
{
	for (int r = 0; r < c->s.n_recipes; r++)
		free(c->s.recipes[r].tasks);
	for (int i = 0; i < c->s.n_script; i++)
		free(c->s.script[i].choices);
	free(c->s.stations);
	free(c->s.recipes);
	free(c->s.orders);
	free(c->s.script);
	for (int i = 0; i < c->n_names; i++)
		free(c->names[i]);
	free(c->names);
}

static char *program(const struct scn_scenario *s, enum scn_mode mode, size_t *len)
{
	struct scn_scenario m = *s;
	m.mode = mode;
	struct exp_code code;
	CHECK(exp_asyncio_build(&m, &code) == 0);
	char *text = code.text;
	*len = code.len;
	code.text = NULL;
	exp_code_free(&code);
	return text;
}

static void check_program(const struct scn_scenario *s, enum scn_mode mode)
{
	static const char head[] = "#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n";
	size_t len;
	char *text = program(s, mode, &len);
	CHECK(strlen(text) == len);
	CHECK_MSG(len >= sizeof head - 1 && !memcmp(text, head, sizeof head - 1),
		  "the first two lines are not the fixed ones");
	for (size_t i = 0; i < len; i++)
		CHECK_MSG(text[i] == '\n' || (text[i] >= 0x20 && text[i] < 0x7F),
			  "byte 0x%02X at %zu of the program", (unsigned char)text[i], i);
	char *shape = skeleton(text, len, false);

	struct copy texts;
	make_copy(&texts, s, true, false);
	size_t tlen;
	char *ttext = program(&texts.s, mode, &tlen);
	char *tshape = skeleton(ttext, tlen, false);
	CHECK_MSG(!strcmp(shape, tshape),
		  "scenario text changed the program outside strings and comments");

	struct copy names;
	make_copy(&names, s, true, true);
	size_t nlen;
	char *ntext = program(&names.s, mode, &nlen);
	char *a = skeleton(ttext, tlen, true), *b = skeleton(ntext, nlen, true);
	CHECK_MSG(!strcmp(a, b), "a name changed the program's shape beyond identifiers");

	free(a);
	free(b);
	free(ntext);
	free_copy(&names);
	free(tshape);
	free(ttext);
	free_copy(&texts);
	free(shape);
	free(text);
}

/* ---- the transcripts -------------------------------------------------- */

struct out {
	enum exp_format format;
	bool ascii;
	char *text;
	size_t len;
	FILE *f;
	struct exp_writer *w;
};

static uint64_t count_events;

static void counter(void *ctx, const struct eng_event *ev)
{
	(void)ctx;
	(void)ev;
	count_events++;
}

/* Lines of the text transcript that look like an event: the time, right
 * aligned in the time column (fewer leading blanks than the column is
 * wide), then two blanks; before the summary. */
static uint64_t event_lines(const char *t, size_t len)
{
	const char *end = t + len;
	size_t width = strspn(t, " ") + strspn(t + strspn(t, " "), "0123456789.");
	uint64_t n = 0;
	while (t < end) {
		const char *nl = memchr(t, '\n', (size_t)(end - t));
		size_t l = nl ? (size_t)(nl - t) : (size_t)(end - t);
		if (l >= 9 && !memcmp(t, "summary (", 9))
			break;
		size_t blanks = strspn(t, " ");
		if (blanks < l && blanks < width && t[blanks] >= '0' && t[blanks] <= '9')
			n++;
		t += l + 1;
	}
	return n;
}

static void check_transcripts(const struct scn_scenario *s, enum scn_mode mode)
{
	struct out outs[] = {
		{ .format = EXP_TEXT }, { .format = EXP_TEXT, .ascii = true },
		{ .format = EXP_JSONL }, { .format = EXP_TIMELINE },
		{ .format = EXP_TIMELINE, .ascii = true },
	};
	const int n = (int)(sizeof outs / sizeof *outs);
	struct eng_options opt;
	eng_options_default(&opt, s);
	opt.mode = mode;
	struct eng_engine *e = eng_new(s, &opt);
	CHECK(e);
	for (int i = 0; i < n; i++) {
		outs[i].f = open_memstream(&outs[i].text, &outs[i].len);
		CHECK(outs[i].f);
		outs[i].w = exp_writer_new(outs[i].f, outs[i].format, s, outs[i].ascii);
		CHECK(outs[i].w && exp_writer_attach(outs[i].w, e) == 0);
	}
	count_events = 0;
	struct eng_observer o = { .on_event = counter, .ctx = NULL };
	CHECK(eng_add_observer(e, &o) == 0);
	eng_run_events(e, EVENTS);
	for (int i = 0; i < n; i++) {
		exp_writer_finish(outs[i].w, eng_summary(e), -1);
		CHECK(exp_writer_free(outs[i].w) == 0);
		fclose(outs[i].f);
		struct out *x = &outs[i];
		if (x->format == EXP_JSONL) {
			CHECK(base_utf8_valid(x->text, x->len));
			uint64_t lines = 0;
			for (const char *p = x->text, *end = x->text + x->len; p < end; lines++) {
				const char *nl = memchr(p, '\n', (size_t)(end - p));
				CHECK_MSG(nl, "the jsonl does not end with a line break");
				struct base_json_doc doc;
				int rc = base_json_parse(p, (size_t)(nl - p), &doc);
				CHECK_MSG(rc == 0 && doc.root->type == BASE_JSON_OBJECT,
					  "jsonl line %llu: %s (column %zu): %.*s",
					  (unsigned long long)lines + 1, rc ? doc.error : "not an object",
					  doc.column, (int)(nl - p), p);
				base_json_free(&doc);
				check_text_for_people(p, (size_t)(nl - p), false);
				p = nl + 1;
			}
			CHECK_MSG(lines == count_events + 1, "%llu jsonl lines for %llu events",
				  (unsigned long long)lines, (unsigned long long)count_events);
		} else {
			check_text_for_people(x->text, x->len, x->ascii);
			if (x->format == EXP_TEXT)
				CHECK_MSG(event_lines(x->text, x->len) == count_events,
					  "%llu lines look like events, for %llu events",
					  (unsigned long long)event_lines(x->text, x->len),
					  (unsigned long long)count_events);
		}
		free(x->text);
	}
	eng_free(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scn_diags d = { 0 };
	struct scn_scenario *s = NULL;
	if (scn_load_buffer("fuzz.yaml", (const char *)data, size, &s, &d) == 0) {
		for (int m = 0; m < 2; m++) {
			enum scn_mode mode = m ? SCN_SEQUENTIAL : SCN_CONCURRENT;
			check_program(s, mode);
			check_transcripts(s, mode);
		}
	}
	scn_free(s);
	scn_diags_close(&d);
	return 0;
}
