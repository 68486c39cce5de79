/*
 * test_transcript.c — the writers' hand-made formatting (src/export/
 * transcript.c): seconds with three decimals at every extreme, JSON
 * strings escaped exactly, and the writer's prepared pieces giving the
 * same bytes as exp_event_jsonl, which prepares nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "engine/engine.h"
#include "export/transcript.h"
#include "scenario/load.h"

static void seconds(int64_t ms, const char *want)
{
	char out[24];
	size_t n = exp_seconds_text(ms, out);
	if (n != strlen(want) || memcmp(out, want, n))
		fail_msg("%lld ms: got %.*s, want %s", (long long)ms, (int)n, out, want);
	struct base_buf b;
	base_buf_init(&b, NULL);
	exp_put_seconds(&b, ms);
	assert_string_equal(base_buf_cstr(&b), want);
	base_buf_close(&b);
}

static void seconds_at_every_extreme(void **state)
{
	(void)state;
	seconds(0, "0.000");
	seconds(1, "0.001");
	seconds(999, "0.999");
	seconds(1000, "1.000");
	seconds(3050, "3.050");
	seconds(86400000, "86400.000");
	seconds(123456789012, "123456789.012");
	seconds((int64_t)1 << 53, "9007199254740.992");
	seconds(-250, "-0.250");
	seconds(-1000, "-1.000");
	seconds(INT64_MAX, "9223372036854775.807");
	seconds(INT64_MIN, "-9223372036854775.808");
	seconds(4294967295000, "4294967295.000");
	seconds(4294967296000, "4294967296.000");
}

static void json_strings(void **state)
{
	(void)state;
	struct base_buf b;
	base_buf_init(&b, NULL);
	exp_put_json_string(&b, "a\"b\\c\n\t\r\x01\x7f \xC2\x85 \xE2\x80\xAE \xE2\x80\xA8 caf\xC3\xA9 \xFF");
	assert_string_equal(base_buf_cstr(&b),
		"\"a\\\"b\\\\c\\n\\t\\r\\u0001\\u007f \\u0085 \\u202e \\u2028 caf\xC3\xA9 \\ufffd\"");
	base_buf_close(&b);
}

/* The same run written by the writer (pieces prepared once) and event by
 * event with exp_event_jsonl (nothing prepared): the same bytes. */
struct both {
	struct base_buf b;
	const struct scn_scenario *s;
};

static void by_hand(void *ctx, const struct eng_event *ev)
{
	struct both *x = ctx;
	exp_event_jsonl(&x->b, x->s, ev);
}

static void prepared_pieces_change_nothing(void **state)
{
	(void)state;
	static const char yaml[] =
		"title: T\n"
		"stations: { \"k\\u202e\": 1 }\n"
		"recipes:\n"
		"  \"r\\\"q\":\n"
		"    tasks:\n"
		"      \"a\\u202eb\": { duration: 1s, station: \"k\\u202e\", kind: work, say_start: \"x\\ny\" }\n"
		"      h: { duration: 2s, kind: helper, fail_after: 1s, retries: 1, error: \"e\\u2028\\t\" }\n"
		"      w: { duration: 0s, after: [h] }\n"
		"orders: [ { recipe: \"r\\\"q\", count: 3, every: 500ms } ]\n"
		"script: [ { at: 1s, ask: \"Q?\", choices: [a, b], answer: 2 } ]\n";
	struct scn_scenario *s = NULL;
	struct scn_diags d = { 0 };
	assert_int_equal(scn_load_buffer("t.yaml", yaml, strlen(yaml), &s, &d), 0);
	scn_diags_close(&d);
	for (int m = 0; m < 2; m++) {
		struct eng_options opt;
		eng_options_default(&opt, s);
		opt.mode = m ? SCN_SEQUENTIAL : SCN_CONCURRENT;
		struct eng_engine *e = eng_new(s, &opt);
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);
		struct exp_writer *w = exp_writer_new(f, EXP_JSONL, s, false);
		assert_int_equal(exp_writer_attach(w, e), 0);
		struct both x = { .s = s };
		base_buf_init(&x.b, NULL);
		struct eng_observer o = { .on_event = by_hand, .ctx = &x };
		assert_int_equal(eng_add_observer(e, &o), 0);
		assert_int_equal(eng_run(e), 0);
		exp_summary_jsonl(&x.b, s, eng_summary(e));
		exp_writer_finish(w, eng_summary(e), -1);
		assert_int_equal(exp_writer_free(w), 0);
		fclose(f);
		assert_string_equal(text, base_buf_cstr(&x.b));
		assert_non_null(strstr(text, "\"task\":\"a\\u202eb\""));
		assert_non_null(strstr(text, "\"recipe\":\"r\\\"q\""));
		free(text);
		base_buf_close(&x.b);
		eng_free(e);
	}
	scn_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seconds_at_every_extreme),
		cmocka_unit_test(json_strings),
		cmocka_unit_test(prepared_pieces_change_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
