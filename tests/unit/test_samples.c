/*
 * test_samples.c — measurements and their percentiles (src/base/samples.c):
 * nearest rank on the sorted samples, whatever order they came in, and the
 * one line every lateness figure is printed as.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "base/samples.h"

static void percentiles_are_nearest_ranks_of_the_sorted_samples(void **state)
{
	(void)state;
	struct base_samples s;
	base_samples_init(&s);
	assert_int_equal(base_samples_pct(&s, 0.5), 0);
	/* 1..1000 ms, shuffled: rank i of 1000 is (i + 1) ms */
	for (int i = 0; i < 1000; i++)
		base_samples_add(&s, (int64_t)((i * 337) % 1000 + 1) * 1000000);
	assert_int_equal(s.n, 1000);
	assert_int_equal(base_samples_pct(&s, 0.0), 1000000);
	assert_int_equal(base_samples_pct(&s, 0.5), 501000000);   /* 0.5 * 999 + 0.5 -> 500 */
	assert_int_equal(base_samples_pct(&s, 0.99), 990000000);  /* 989.51 -> 989 */
	assert_int_equal(base_samples_pct(&s, 1.0), 1000000000);
	base_samples_add(&s, -2000000);         /* early: negative, first */
	assert_int_equal(base_samples_pct(&s, 0.0), -2000000);
	base_samples_close(&s);
}

static void the_line_says_count_and_percentiles_in_ms(void **state)
{
	(void)state;
	struct base_samples s;
	base_samples_init(&s);
	char out[256] = "";
	FILE *f = fmemopen(out, sizeof out, "w");
	base_samples_write(&s, f);
	fclose(f);
	assert_string_equal(out, "timers 0\n");
	for (int i = 1; i <= 100; i++)
		base_samples_add(&s, (int64_t)(101 - i) * 10000);     /* 0.01 .. 1 ms */
	f = fmemopen(out, sizeof out, "w");
	base_samples_write(&s, f);
	fclose(f);
	assert_string_equal(out, "timers 100 p50 0.510 p90 0.900 p99 0.990 max 1.000\n");
	base_samples_close(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(percentiles_are_nearest_ranks_of_the_sorted_samples),
		cmocka_unit_test(the_line_says_count_and_percentiles_in_ms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
