/*
 * test_json.c — the strict JSON reader (base/json.h): every kind of value,
 * escapes and surrogate pairs decoded to UTF-8, integers at their limits,
 * and each kind of bad input refused with its column.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "base/json.h"

static const struct base_json *parse(struct base_json_doc *d, const char *text)
{
	if (base_json_parse(text, strlen(text), d))
		fail_msg("%s: %s at column %zu", text, d->error, d->column);
	return d->root;
}

static void values_of_every_kind(void **state)
{
	(void)state;
	struct base_json_doc d;
	const struct base_json *v = parse(&d,
		" {\"t\":1234,\"neg\":-7,\"ok\":true,\"no\":false,\"none\":null,"
		"\"s\":\"a\\\"b\\\\c\\n\\u00e9\\ud83c\\udf75\",\"list\":[1,[2],{}],"
		"\"f\":1.5e3,\"raw\":\"caf\xc3\xa9\"} ");
	assert_int_equal(v->type, BASE_JSON_OBJECT);
	assert_int_equal(v->n, 9);
	assert_int_equal(base_json_get(v, "t")->i, 1234);
	assert_true(base_json_get(v, "t")->integer);
	assert_int_equal(base_json_get(v, "neg")->i, -7);
	assert_true(base_json_get(v, "ok")->b);
	assert_false(base_json_get(v, "no")->b);
	assert_int_equal(base_json_get(v, "none")->type, BASE_JSON_NULL);
	assert_string_equal(base_json_get(v, "s")->s, "a\"b\\c\n\xc3\xa9\xf0\x9f\x8d\xb5");
	assert_string_equal(base_json_get(v, "raw")->s, "caf\xc3\xa9");
	const struct base_json *list = base_json_get(v, "list");
	assert_int_equal(list->type, BASE_JSON_ARRAY);
	assert_int_equal(list->n, 3);
	assert_int_equal(list->items[1].items[0].i, 2);
	assert_int_equal(list->items[2].type, BASE_JSON_OBJECT);
	assert_false(base_json_get(v, "f")->integer);
	assert_null(base_json_get(v, "missing"));
	base_json_free(&d);

	v = parse(&d, "\"\\u0000x\"");
	assert_int_equal(v->len, 2);
	assert_int_equal(v->s[0], 0);
	base_json_free(&d);

	v = parse(&d, "{\"\":\"\"}");      /* empty strings are strings */
	assert_int_equal(v->n, 1);
	assert_non_null(base_json_get(v, ""));
	assert_int_equal(base_json_get(v, "")->len, 0);
	assert_string_equal(base_json_get(v, "")->s, "");
	base_json_free(&d);
}

static void integers_at_their_limits(void **state)
{
	(void)state;
	struct base_json_doc d;
	const struct base_json *v = parse(&d, "[9223372036854775807,-9223372036854775808,9223372036854775808,0,-0]");
	assert_true(v->items[0].integer);
	assert_int_equal(v->items[0].i, INT64_MAX);
	assert_true(v->items[1].integer);
	assert_int_equal(v->items[1].i, INT64_MIN);
	assert_false(v->items[2].integer);      /* a number, but not an int64 */
	assert_true(v->items[2].uinteger);      /* ... a uint64 */
	assert_true(v->items[2].u == 9223372036854775808ULL);
	assert_false(v->items[1].uinteger);
	assert_int_equal(v->items[3].i, 0);
	assert_int_equal(v->items[4].i, 0);
	base_json_free(&d);
}

static void refused(const char *text, size_t len, const char *why, size_t column)
{
	struct base_json_doc d;
	if (!base_json_parse(text, len, &d))
		fail_msg("accepted: %s", text);
	assert_null(d.root);
	if (!strstr(d.error, why))
		fail_msg("%s: said '%s', not '%s'", text, d.error, why);
	if (d.column != column)
		fail_msg("%s: column %zu, not %zu", text, d.column, column);
	base_json_free(&d);
}

static void bad_input_is_refused_with_its_column(void **state)
{
	(void)state;
	refused("", 0, "missing", 1);
	refused("{\"a\":1", 6, "expected ','", 7);
	refused("{\"a\":1}x", 8, "more after", 8);
	refused("{\"a\":1,\"a\":2}", 13, "repeated", 8);
	refused("[01]", 4, "leading zero", 2);
	refused("[1.]", 4, "after its point", 4);
	refused("\"abc", 4, "closing quote", 5);
	refused("\"a\tb\"", 5, "control character", 3);
	refused("\"\\x\"", 4, "unknown escape", 3);
	refused("\"\\ud83c\"", 8, "without its low", 8);
	refused("\"\\udf75\"", 8, "lone low", 8);
	refused("\"\\u12\"", 6, "four hex", 4);
	refused("\"\xff\"", 3, "not UTF-8", 2);
	refused("\"\xed\xa0\x80\"", 5, "not UTF-8", 2);     /* a surrogate in UTF-8 */
	refused("tru", 3, "not a JSON value", 1);
	refused("{1:2}", 5, "expected a key", 2);
	refused("[1 2]", 5, "expected ','", 4);
	refused("\0", 1, "not a JSON value", 1);
	char deep[100];
	memset(deep, '[', sizeof deep);
	refused(deep, sizeof deep, "nested too deep", BASE_JSON_MAX_DEPTH + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(values_of_every_kind),
		cmocka_unit_test(integers_at_their_limits),
		cmocka_unit_test(bad_input_is_refused_with_its_column),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
