/*
 * test_duration.c — the duration syntax of SPEC §3 (src/scenario/duration.c):
 * every accepted form with its exact value in ms, every refusal with its
 * reason, and the 3-decimal seconds format used everywhere times are shown.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "scenario/duration.h"
#include "scenario/scenario.h"

static int64_t ms_of(const char *text)
{
	int64_t ms = -12345;
	const char *why = NULL;
	int rc = scn_parse_duration(text, &ms, &why);
	if (rc != 0)
		fail_msg("'%s' refused: %s", text, why ? why : "(no reason)");
	assert_null(why);
	return ms;
}

static void refused(const char *text, const char *reason)
{
	int64_t ms = -12345;
	const char *why = NULL;
	int rc = scn_parse_duration(text, &ms, &why);
	if (rc != -1)
		fail_msg("'%s' accepted as %lld ms", text, (long long)ms);
	assert_int_equal(ms, -12345);  /* untouched */
	assert_non_null(why);
	assert_string_equal(why, reason);
}

#define NOT_A_DURATION "not a duration (write e.g. 250ms, 1.5s or 2min)"
#define FINER "finer than 1 ms"
#define LONGER "longer than 24 h"
#define UNIT "unknown unit (use ms, s or min)"

static void each_unit(void **state)
{
	(void)state;
	assert_int_equal(ms_of("250ms"), 250);
	assert_int_equal(ms_of("3s"), 3000);
	assert_int_equal(ms_of("2min"), 120000);
}

static void bare_number_is_seconds(void **state)
{
	(void)state;
	assert_int_equal(ms_of("3"), 3000);
	assert_int_equal(ms_of("1.5"), 1500);
	assert_int_equal(ms_of("0.25"), 250);
}

static void zero_in_every_form(void **state)
{
	(void)state;
	assert_int_equal(ms_of("0"), 0);
	assert_int_equal(ms_of("0s"), 0);
	assert_int_equal(ms_of("0ms"), 0);
	assert_int_equal(ms_of("0min"), 0);
	assert_int_equal(ms_of("0.0"), 0);
	assert_int_equal(ms_of("0.000000000000000000000s"), 0);
}

static void decimals_are_exact(void **state)
{
	(void)state;
	/* Values that binary floating point gets wrong by one ms. */
	assert_int_equal(ms_of("0.001s"), 1);
	assert_int_equal(ms_of("1.005s"), 1005);
	assert_int_equal(ms_of("4.35s"), 4350);
	assert_int_equal(ms_of("0.29s"), 290);
	assert_int_equal(ms_of("1.1s"), 1100);
	assert_int_equal(ms_of("8.03"), 8030);
	assert_int_equal(ms_of("1.5min"), 90000);
	assert_int_equal(ms_of("0.0001min"), 6);
	assert_int_equal(ms_of("0.00005min"), 3);
}

static void point_forms(void **state)
{
	(void)state;
	assert_int_equal(ms_of(".5s"), 500);
	assert_int_equal(ms_of(".5"), 500);
	assert_int_equal(ms_of("5."), 5000);
	assert_int_equal(ms_of("5.s"), 5000);
	assert_int_equal(ms_of("2.50000000000000000000s"), 2500);
	assert_int_equal(ms_of("007s"), 7000);
	assert_int_equal(ms_of("000000000000000000000000001ms"), 1);
}

static void up_to_24_hours_inclusive(void **state)
{
	(void)state;
	assert_int_equal(ms_of("86400s"), SCN_MAX_DURATION_MS);
	assert_int_equal(ms_of("86400"), SCN_MAX_DURATION_MS);
	assert_int_equal(ms_of("1440min"), SCN_MAX_DURATION_MS);
	assert_int_equal(ms_of("86400000ms"), SCN_MAX_DURATION_MS);
	assert_int_equal(ms_of("86399.999s"), SCN_MAX_DURATION_MS - 1);
	assert_int_equal(ms_of("86400.000s"), SCN_MAX_DURATION_MS);
	assert_int_equal(ms_of("1439.99995min"), SCN_MAX_DURATION_MS - 3);
}

static void past_24_hours_refused(void **state)
{
	(void)state;
	refused("86400.001s", LONGER);
	refused("86401", LONGER);
	refused("1441min", LONGER);
	refused("1440.00002min", FINER);   /* 1.2 ms: the finer fault first */
	refused("1440.0001min", LONGER);
	refused("86400001ms", LONGER);
	refused("99999999999999999999999999s", LONGER);
	refused("18446744073709551617ms", LONGER);
	refused("9223372036854775808min", LONGER);
}

static void finer_than_a_millisecond_refused(void **state)
{
	(void)state;
	refused("0.0005s", FINER);
	refused("1.0001s", FINER);
	refused("0.5ms", FINER);
	refused("1.5ms", FINER);
	refused("0.00001min", FINER);
	refused("0.000001min", FINER);
	refused("0.00000000000000000001s", FINER);
	refused("0.1ms", FINER);
}

static void negatives_refused(void **state)
{
	(void)state;
	refused("-1s", "negative durations are not allowed");
	refused("-0", "negative durations are not allowed");
	refused("-inf", "negative durations are not allowed");
	refused("+1s", "a duration has no sign");
}

static void non_finite_refused(void **state)
{
	(void)state;
	refused("nan", "not a finite number");
	refused("NaN", "not a finite number");
	refused(".nan", "not a finite number");
	refused(".NaN", "not a finite number");
	refused("inf", "not a finite number");
	refused(".inf", "not a finite number");
	refused("Infinity", "not a finite number");
	refused(".INF", "not a finite number");
}

static void garbage_refused(void **state)
{
	(void)state;
	refused("", "empty");
	refused(NULL, "empty");
	refused("s", NOT_A_DURATION);
	refused("ms", NOT_A_DURATION);
	refused(".", NOT_A_DURATION);
	refused(".s", NOT_A_DURATION);
	refused("abc", NOT_A_DURATION);
	refused("1e3", NOT_A_DURATION);
	refused("1 s", NOT_A_DURATION);
	refused(" 1s", NOT_A_DURATION);
	refused("1s ", NOT_A_DURATION);
	refused("1..2s", NOT_A_DURATION);
	refused("1.2.3s", NOT_A_DURATION);
	refused("0x10", NOT_A_DURATION);
	refused("1,5s", NOT_A_DURATION);
	refused("1_000ms", NOT_A_DURATION);
	refused("3s4", NOT_A_DURATION);
	refused("infs", NOT_A_DURATION);
	refused("nanos", NOT_A_DURATION);
}

static void unknown_units_refused(void **state)
{
	(void)state;
	refused("3h", UNIT);
	refused("3S", UNIT);
	refused("3MS", UNIT);
	refused("3sec", UNIT);
	refused("3m", UNIT);
	refused("3mins", UNIT);
	refused("3us", UNIT);
}

static void reason_pointer_is_optional(void **state)
{
	(void)state;
	int64_t ms = 7;
	assert_int_equal(scn_parse_duration("bad", &ms, NULL), -1);
	assert_int_equal(ms, 7);
	assert_int_equal(scn_parse_duration("2s", &ms, NULL), 0);
	assert_int_equal(ms, 2000);
}

static void seconds_with_three_decimals(void **state)
{
	(void)state;
	char buf[32];
	assert_string_equal(scn_format_seconds(0, buf), "0.000");
	assert_string_equal(scn_format_seconds(1, buf), "0.001");
	assert_string_equal(scn_format_seconds(999, buf), "0.999");
	assert_string_equal(scn_format_seconds(3000, buf), "3.000");
	assert_string_equal(scn_format_seconds(1005, buf), "1.005");
	assert_string_equal(scn_format_seconds(SCN_MAX_DURATION_MS, buf),
			    "86400.000");
	assert_string_equal(scn_format_seconds(-500, buf), "-0.500");
	assert_string_equal(scn_format_seconds(-1, buf), "-0.001");
	assert_string_equal(scn_format_seconds(INT64_MAX, buf),
			    "9223372036854775.807");
	assert_string_equal(scn_format_seconds(INT64_MIN, buf),
			    "-9223372036854775.808");
	assert_ptr_equal(scn_format_seconds(42, buf), buf);
}

static void parse_and_format_round_trip(void **state)
{
	(void)state;
	char buf[32];
	for (int64_t ms = 0; ms <= 5000; ms += 7) {
		int64_t back = -1;
		assert_int_equal(scn_parse_duration(scn_format_seconds(ms, buf),
						    &back, NULL), 0);
		assert_int_equal(back, ms);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_unit),
		cmocka_unit_test(bare_number_is_seconds),
		cmocka_unit_test(zero_in_every_form),
		cmocka_unit_test(decimals_are_exact),
		cmocka_unit_test(point_forms),
		cmocka_unit_test(up_to_24_hours_inclusive),
		cmocka_unit_test(past_24_hours_refused),
		cmocka_unit_test(finer_than_a_millisecond_refused),
		cmocka_unit_test(negatives_refused),
		cmocka_unit_test(non_finite_refused),
		cmocka_unit_test(garbage_refused),
		cmocka_unit_test(unknown_units_refused),
		cmocka_unit_test(reason_pointer_is_optional),
		cmocka_unit_test(seconds_with_three_decimals),
		cmocka_unit_test(parse_and_format_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
