/*
 * test_recording.c — recordings (src/record): what the writer writes, the
 * reader reads back field for field (the scenario's text exactly, through
 * JSON escapes); a run's digest is the SHA-256 of exactly the jsonl
 * `kitchen run` writes; lines are written whole, one per action.
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

#include "engine_fixture.h"
#include "record/recording.h"

static const char *yaml =
	"title: \"Caf\xc3\xa9 \\\"quoted\\\" \xe2\x80\x94 \xf0\x9f\x8d\xb5\"\n"
	"lesson: |\n  two lines\n  of text\\\\with a backslash\n"
	"recipes:\n"
	"  tea:\n"
	"    tasks:\n"
	"      boil:  { duration: 1s }\n"
	"      steep: { duration: 0.5s, after: [boil] }\n"
	"orders:\n"
	"  - recipe: tea\n";

static void what_is_written_reads_back(void **state)
{
	(void)state;
	struct scn_scenario *s = fixture_load(yaml);
	char path[] = "/tmp/kitchen-rec-XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	char err[600];
	struct rec_start st = { "play", "tea.yaml", s, 18446744073709551615ULL,
				SCN_CONCURRENT, false, -3, true };
	struct rec_writer *w = rec_open(path, false, &st, err, sizeof err);
	assert_non_null(w);
	struct rec_deed pick = { .deed = "pick", .order = 1, .task = "boil" };
	assert_int_equal(rec_write_deed(w, 250, 2000, &pick), 0);
	struct rec_deed faster = { .deed = "faster" };
	assert_int_equal(rec_write_deed(w, 300, 2100, &faster), 0);
	struct rec_run run = { SCN_CONCURRENT, 9, "" };
	memset(run.sha256, 'a', 64);
	assert_int_equal(rec_write_end(w, 2000, 2500, "quit", true, &run, 1), 0);
	assert_null(rec_error(w));
	rec_close(w);

	struct rec_recording r;
	assert_int_equal(rec_read(path, &r, err, sizeof err), 0);
	assert_string_equal(r.program, "play");
	assert_string_equal(r.name, "tea.yaml");
	assert_string_equal(r.kitchen, KITCHEN_VERSION);
	assert_int_equal(r.scenario_len, s->source_len);
	assert_memory_equal(r.scenario_text, s->source, s->source_len);
	assert_true(r.seed == 18446744073709551615ULL);
	assert_int_equal(r.speed, -3);
	assert_true(r.paused);
	assert_string_equal(r.s->title, s->title);
	assert_int_equal(r.n, 3);
	assert_true(r.complete);
	assert_false(r.cut);
	assert_string_equal(r.lines[0].deed, "pick");
	assert_int_equal(r.lines[0].t, 250);
	assert_int_equal(r.lines[0].wall, 2000);
	assert_int_equal(r.lines[0].order, 1);
	assert_string_equal(r.lines[0].task, "boil");
	assert_int_equal(r.lines[0].lineno, 2);
	assert_string_equal(r.lines[1].deed, "faster");
	assert_int_equal(r.lines[2].kind, REC_LINE_END);
	assert_string_equal(r.lines[2].why, "quit");
	assert_int_equal(r.lines[2].runs[0].events, 9);
	assert_string_equal(r.lines[2].runs[0].sha256, run.sha256);
	rec_free(&r);

	/* Every line whole and on its own: the file is exactly four lines. */
	FILE *f = fopen(path, "r");
	int lines = 0, c, last = 0;
	while ((c = fgetc(f)) != EOF) {
		lines += c == '\n';
		last = c;
	}
	fclose(f);
	assert_int_equal(lines, 4);
	assert_int_equal(last, '\n');
	/* Never over an existing file when asked not to. */
	assert_null(rec_open(path, true, &st, err, sizeof err));
	assert_non_null(strstr(err, "File exists"));
	unlink(path);
	scn_free(s);
}

/* The demonstration's jump to a typed time keeps where it went, and the
 * lines after it may stand earlier (it may go back). */
static void a_goto_reads_back_with_its_time(void **state)
{
	(void)state;
	struct scn_scenario *s = fixture_load(yaml);
	char path[] = "/tmp/kitchen-rec-XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	char err[600];
	struct rec_start st = { "demonstration", "tea.yaml", s, 1, SCN_CONCURRENT, false, 0,
				false };
	struct rec_writer *w = rec_open(path, false, &st, err, sizeof err);
	assert_non_null(w);
	struct rec_deed go = { .deed = "goto", .to = 1500 };
	assert_int_equal(rec_write_deed(w, 4000, 100, &go), 0);
	struct rec_deed pause = { .deed = "pause" };
	assert_int_equal(rec_write_deed(w, 1500, 200, &pause), 0);
	struct rec_run run = { SCN_CONCURRENT, 3, "" };
	memset(run.sha256, 'b', 64);
	assert_int_equal(rec_write_end(w, 1500, 300, "quit", true, &run, 1), 0);
	rec_close(w);
	struct rec_recording r;
	assert_int_equal(rec_read(path, &r, err, sizeof err), 0);
	assert_string_equal(r.lines[0].deed, "goto");
	assert_int_equal(r.lines[0].to, 1500);
	assert_int_equal(r.lines[1].t, 1500);
	rec_free(&r);
	/* Without "to" it is refused, saying what it needs. */
	FILE *f = fopen(path, "r");
	char text[8192];
	size_t len = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[len] = '\0';
	char *to = strstr(text, ",\"to\":1500");
	assert_non_null(to);
	memmove(to, to + 10, strlen(to + 10) + 1);
	assert_int_not_equal(rec_parse(path, text, strlen(text), &r, err, sizeof err), 0);
	assert_non_null(strstr(err, "a goto needs \"to\""));
	rec_free(&r);
	unlink(path);
	scn_free(s);
}

static const struct scn_scenario *digest_of;

static void on_digest(void *ctx, const struct eng_event *ev)
{
	struct rec_digest *d = ctx;
	rec_digest_event(d, digest_of, ev);
}

static void a_digest_hashes_the_jsonl_transcript(void **state)
{
	(void)state;
	struct scn_scenario *s = fixture_load(yaml);
	/* The transcript as `kitchen run --format jsonl` writes it. */
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	struct eng_engine *e = fixture_engine(s, -1);
	struct exp_writer *w = exp_writer_new(mem, EXP_JSONL, s, false);
	exp_writer_attach(w, e);
	/* The digest beside it, with a copy. */
	char *copy_text = NULL;
	size_t copy_len = 0;
	FILE *copy = open_memstream(&copy_text, &copy_len);
	struct rec_digest d;
	rec_digest_start(&d, copy);
	digest_of = s;
	struct eng_observer o = { on_digest, &d };
	eng_add_observer(e, &o);
	eng_run(e);
	exp_writer_finish(w, eng_summary(e), -1);
	exp_writer_free(w);
	fclose(mem);
	struct rec_run peeked, run;
	rec_digest_peek(&d, s, eng_summary(e), &peeked);
	rec_digest_finish(&d, s, eng_summary(e), &run);
	fclose(copy);
	char want[BASE_SHA256_HEX];
	base_sha256_of(text, len, want);
	assert_string_equal(run.sha256, want);
	assert_string_equal(peeked.sha256, want);
	assert_int_equal(run.events, eng_summary(e)->events);
	assert_int_equal(copy_len, len);
	assert_memory_equal(copy_text, text, len);
	rec_digest_close(&d);
	eng_free(e);
	free(text);
	free(copy_text);
	scn_free(s);
}

static void the_ui_records_only_what_replays_know(void **state)
{
	(void)state;
	const char *known[] = { "pick", "pause", "faster", "slower", "next", "back",
				"answer", "goto", "restart", "mode", "race" };
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		assert_true(rec_deed_known(known[i]));
	assert_false(rec_deed_known("quit"));
	assert_true(rec_deed_starts_segment("restart"));
	assert_false(rec_deed_starts_segment("back"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(what_is_written_reads_back),
		cmocka_unit_test(a_goto_reads_back_with_its_time),
		cmocka_unit_test(a_digest_hashes_the_jsonl_transcript),
		cmocka_unit_test(the_ui_records_only_what_replays_know),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
