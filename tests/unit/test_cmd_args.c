/*
 * test_cmd_args.c — the command-line parser (src/cmd/args.c) on a table of
 * its own, with the kinds of options the commands use and will use: a flag,
 * a text (--record FILE), a choice, a whole number in a range (--port), a
 * speed, and an optional value (--auto[=SECONDS]).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "cmd/args.h"

static const char *const modes[] = { "concurrent", "sequential", NULL };

static const struct cmd_option options[] = {
	{ "--headless", CMD_FLAG, NULL, "no screen", NULL, 0, 0, false },
	{ "--record", CMD_TEXT, "FILE", "record to FILE", NULL, 0, 0, false },
	{ "--mode", CMD_CHOICE, NULL, "the mode", modes, 0, 0, false },
	{ "--port", CMD_UINT, "N", "the port", NULL, 1, 65535, false },
	{ "--speed", CMD_SPEED, "S", "the speed", NULL, 0, 0, false },
	{ "--auto", CMD_UINT, "SECONDS", "play by itself", NULL, 0, 3600, true },
	{ NULL, CMD_FLAG, NULL, NULL, NULL, 0, 0, false }
};

static int runs;
static int run(const struct cmd_args *a)
{
	(void)a;
	return runs++;
}

static const struct cmd_spec spec = {
	"replay", "FILE", 1, 1, options, "replay a game", NULL, run
};

/* Parses the words; returns the status cmd_parse gave (-1: it would run). */
static int parse(struct cmd_args *a, int n, ...)
{
	char *words[16];
	va_list ap;
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		words[i] = va_arg(ap, char *);
	va_end(ap);
	int status = 12345;
	if (cmd_parse(&spec, n, words, a, &status) == 0)
		return -1;
	assert_int_not_equal(status, 12345);
	return status;
}

static void every_kind_of_option(void **state)
{
	(void)state;
	struct cmd_args a;
	assert_int_equal(parse(&a, 9, "--headless", "--record", "out.jsonl", "game.rec",
			       "--mode=sequential", "--port", "8080", "--speed", "1/4"), -1);
	assert_int_equal(a.n_operands, 1);
	assert_string_equal(a.operands[0], "game.rec");
	assert_true(cmd_given(&a, "--headless"));
	assert_string_equal(cmd_value(&a, "--record"), "out.jsonl");
	assert_int_equal(cmd_number(&a, "--mode", 0), 1);
	assert_int_equal(cmd_number(&a, "--port", 0), 8080);
	assert_int_equal(cmd_number(&a, "--speed", 3), 1);   /* 1/4 = 2^-2, + 3 */
	assert_false(cmd_given(&a, "--auto"));
	assert_int_equal(cmd_number(&a, "--auto", 99), 99);
}

static void optional_value_only_after_equals(void **state)
{
	(void)state;
	struct cmd_args a;
	/* --auto alone takes no value: the next word is the operand. */
	assert_int_equal(parse(&a, 2, "--auto", "game.rec"), -1);
	assert_true(cmd_given(&a, "--auto"));
	assert_null(cmd_value(&a, "--auto"));
	assert_int_equal(cmd_number(&a, "--auto", 5), 5);
	assert_string_equal(a.operands[0], "game.rec");
	assert_int_equal(parse(&a, 2, "--auto=30", "game.rec"), -1);
	assert_string_equal(cmd_value(&a, "--auto"), "30");
	assert_int_equal(cmd_number(&a, "--auto", 5), 30);
	assert_int_equal(parse(&a, 2, "--auto=3601", "game.rec"), 2);
	assert_int_equal(parse(&a, 2, "--auto=", "game.rec"), 2);
}

static void double_dash_and_dash(void **state)
{
	(void)state;
	struct cmd_args a;
	assert_int_equal(parse(&a, 2, "--", "--headless"), -1);
	assert_false(cmd_given(&a, "--headless"));
	assert_string_equal(a.operands[0], "--headless");
	assert_int_equal(parse(&a, 1, "-"), -1);
	assert_string_equal(a.operands[0], "-");
	/* After --, even --help is an operand. */
	assert_int_equal(parse(&a, 2, "--", "--help"), -1);
}

static void numbers_are_strict(void **state)
{
	(void)state;
	static const char *const bad[] = { "", " 1", "1 ", "+1", "-1", "0x10", "1e3",
					   "0", "65536", "99999999999999999999", "８" };
	struct cmd_args a;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (parse(&a, 3, "--port", bad[i], "g") != 2)
			fail_msg("--port '%s' accepted", bad[i]);
	assert_int_equal(parse(&a, 3, "--port", "1", "g"), -1);
	assert_int_equal(parse(&a, 3, "--port", "65535", "g"), -1);
	assert_int_equal(parse(&a, 3, "--port", "007", "g"), -1);
	assert_int_equal(cmd_number(&a, "--port", 0), 7);
	uint64_t v;
	assert_int_equal(cmd_parse_uint("18446744073709551615", 0, UINT64_MAX, &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(cmd_parse_uint("18446744073709551616", 0, UINT64_MAX, &v), -1);
}

static void speeds(void **state)
{
	(void)state;
	assert_int_equal(cmd_parse_speed("1/8"), -3);
	assert_int_equal(cmd_parse_speed("0.125"), -3);
	assert_int_equal(cmd_parse_speed("0.5x"), -1);
	assert_int_equal(cmd_parse_speed("1"), 0);
	assert_int_equal(cmd_parse_speed("64x"), 6);
	assert_int_equal(cmd_parse_speed("128"), -100);
	assert_int_equal(cmd_parse_speed("3"), -100);
	assert_int_equal(cmd_parse_speed(" 2"), -100);
}

static void usage_errors_exit_2(void **state)
{
	(void)state;
	struct cmd_args a;
	assert_int_equal(parse(&a, 0), 2);                              /* missing FILE */
	assert_int_equal(parse(&a, 2, "a", "b"), 2);                    /* one only */
	assert_int_equal(parse(&a, 2, "g", "--bogus"), 2);
	assert_int_equal(parse(&a, 2, "g", "-x"), 2);
	assert_int_equal(parse(&a, 2, "g", "--headless=yes"), 2);
	assert_int_equal(parse(&a, 2, "g", "--record"), 2);             /* no value */
	assert_int_equal(parse(&a, 3, "g", "--record", ""), 2);
	assert_int_equal(parse(&a, 3, "g", "--mode", "fast"), 2);
	assert_int_equal(parse(&a, 3, "g", "--headless", "--headless"), 2);
	assert_int_equal(parse(&a, 3, "g", "--speed", "3"), 2);
	/* A value may start with '-': it is the option's. */
	assert_int_equal(parse(&a, 3, "g", "--record", "-"), -1);
	assert_string_equal(cmd_value(&a, "--record"), "-");
}

static void help_exits_0(void **state)
{
	(void)state;
	struct cmd_args a;
	assert_int_equal(parse(&a, 2, "--bogus", "--help"), 2);   /* in order */
	assert_int_equal(parse(&a, 2, "g", "--help"), 0);
	assert_int_equal(parse(&a, 1, "-h"), 0);
}

static void operands_counted_as_the_parser_does(void **state)
{
	(void)state;
	char *w1[] = { "--record", "x", "g", "--auto", "h", "--mode=concurrent", "--", "-i" };
	assert_int_equal(cmd_count_operands(&spec, 8, w1), 3);   /* g, h, -i */
	char *w2[] = { "-" };
	assert_int_equal(cmd_count_operands(&spec, 1, w2), 1);
}

static void usage_text_from_the_table(void **state)
{
	(void)state;
	char out[1024] = "";
	FILE *f = fmemopen(out, sizeof out - 1, "w");
	cmd_print_usage(&spec, f);
	fclose(f);
	assert_string_equal(out,
		"usage: kitchen replay FILE [--headless] [--record FILE]\n"
		"                      [--mode concurrent|sequential] [--port N] [--speed S]\n"
		"                      [--auto[=SECONDS]]\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_kind_of_option),
		cmocka_unit_test(optional_value_only_after_equals),
		cmocka_unit_test(double_dash_and_dash),
		cmocka_unit_test(numbers_are_strict),
		cmocka_unit_test(speeds),
		cmocka_unit_test(usage_errors_exit_2),
		cmocka_unit_test(help_exits_0),
		cmocka_unit_test(operands_counted_as_the_parser_does),
		cmocka_unit_test(usage_text_from_the_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
