/*
 * test_stats.c — the summary at the allowed extremes (SPEC §4: "means are
 * rounded half up to the millisecond and computed without overflow at
 * every allowed extreme"): exact 128-bit sums, half-up means, utilisation,
 * a million 24 h tasks queued on one kettle in both modes, 100 retries of
 * 24 h, and the text summary's columns still aligned.
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
#include "engine_fixture.h"

#define DAY_MS 86400000LL

static struct eng_total total_of(uint64_t hi, uint64_t lo)
{
	struct eng_total t = { .lo = lo, .hi = hi };
	return t;
}

/* Half up: 1.5 is 2, 1.25 is 1, 2.5 is 3; nothing is ever truncated. */
static void test_mean_rounds_half_up(void **state)
{
	(void)state;
	assert_int_equal(eng_mean(total_of(0, 3), 2), 2);
	assert_int_equal(eng_mean(total_of(0, 5), 4), 1);
	assert_int_equal(eng_mean(total_of(0, 5), 2), 3);
	assert_int_equal(eng_mean(total_of(0, 2), 3), 1);   /* 0.667 */
	assert_int_equal(eng_mean(total_of(0, 1), 3), 0);   /* 0.333 */
	assert_int_equal(eng_mean(total_of(0, 7), 0), 0);   /* no orders done */
}

/* Sums past 2^64: 10^7 orders, each late by the largest time a run can
 * reach, still have an exact mean. */
static void test_mean_past_64_bits(void **state)
{
	(void)state;
	/* 10^7 x (2^63 - 1) = 0x4C4B3F_FFFFFFFFFF676980 */
	unsigned __int128 sum = (unsigned __int128)10000000 * (uint64_t)INT64_MAX;
	struct eng_total t = total_of((uint64_t)(sum >> 64), (uint64_t)sum);
	assert_true(t.hi > 0);
	assert_true(eng_mean(t, 10000000) == INT64_MAX);
	/* One more ms over 2 x 10^7: the half rounds up. */
	sum = (unsigned __int128)20000000 * 4611686018427387904ULL + 10000000;
	t = total_of((uint64_t)(sum >> 64), (uint64_t)sum);
	assert_true(eng_mean(t, 20000000) == 4611686018427387905LL);
}

/* Utilisation is exact when capacity x makespan passes 2^64. */
static void test_utilisation_at_the_extremes(void **state)
{
	(void)state;
	int64_t makespan = INT64_MAX / 2;
	unsigned __int128 busy = (unsigned __int128)1000 * (uint64_t)makespan;
	struct eng_stat st = { .capacity = 1000 };
	st.busy = total_of((uint64_t)(busy >> 64), (uint64_t)busy);
	assert_int_equal(eng_stat_utilisation(&st, makespan), 1000);
	busy = busy / 2 + 1;    /* 50.0 % and one ms: 500 */
	st.busy = total_of((uint64_t)(busy >> 64), (uint64_t)busy);
	assert_int_equal(eng_stat_utilisation(&st, makespan), 500);
	assert_int_equal(eng_stat_utilisation(&st, 0), 0);
}


/* Runs `s` in `mode` with a text writer; returns the text (caller frees)
 * and copies the summary's scalars to *sum. */
static char *run_text(const struct scn_scenario *s, enum scn_mode mode, struct eng_summary *sum)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct eng_engine *e = fixture_engine(s, (int)mode);
	struct exp_writer *w = exp_writer_new(f, EXP_SUMMARY, s, false);
	assert_int_equal(eng_run(e), 0);
	*sum = *eng_summary(e);
	sum->stations = NULL;
	struct eng_stat kettle = eng_summary(e)->stations[0];
	exp_writer_finish(w, eng_summary(e), -1);
	exp_writer_free(w);
	/* The text format's summary alone (the events would be 4 * 10^6 lines). */
	w = exp_writer_new(f, EXP_TEXT, s, false);
	exp_writer_finish(w, eng_summary(e), -1);
	exp_writer_free(w);
	eng_free(e);
	fclose(f);
	/* The kettle: every order waits for all before it, 24 h each (in
	 * blocking code nothing waits: the code gets to each order in turn). */
	assert_int_equal(eng_stat_utilisation(&kettle, sum->makespan), 1000);
	if (mode == SCN_CONCURRENT) {
		assert_true(eng_stat_wait_mean(&kettle) == 43199956800000LL);
		assert_true(kettle.wait_max_ms == 86399913600000LL);
	} else {
		assert_true(kettle.waits == 0);
	}
	return text;
}

/* Every row of the resource table ends at the same column, and the figures
 * are apart: no two run together. */
static void assert_table_aligned(const char *text, enum scn_mode mode)
{
	const char *p = strstr(text, "  resource");
	assert_non_null(p);
	size_t width = 0;
	int rows = 0;
	while (*p && strncmp(p, "  (", 3)) {
		const char *nl = strchr(p, '\n');
		size_t n = (size_t)(nl - p);
		if (rows++ == 0)
			width = n;
		else if (n != width)
			fail_msg("row %d is %zu wide, the header %zu:\n%s", rows, n, width, text);
		p = nl + 1;
	}
	assert_int_equal(rows, 4);
	if (mode == SCN_CONCURRENT)
		assert_non_null(strstr(text, "  kettle          1       100.0%  43199956800.000 s  86399913600.000 s\n"));
	else
		assert_non_null(strstr(text, "  kettle          1       100.0%      0.000 s      0.000 s\n"));
}

/* The case: 10^6 orders of a 24 h task on one kettle, all ordered
 * at 0. Order i is done at i x 24 h, so the mean latency is 24 h x
 * (10^6 + 1) / 2 = 43200043200.000 s (the latency sum, 4.3 x 10^19 ms,
 * does not fit 64 bits). The same numbers in blocking code. */
static void test_million_day_long_teas(void **state)
{
	(void)state;
	struct scn_scenario *s = fixture_load("title: t\n"
				      "stations: { kettle: 1 }\n"
				      "recipes:\n"
				      "  tea: { tasks: { boil: { duration: 1440min, station: kettle } } }\n"
				      "orders: [ { recipe: tea, count: 1000000 } ]\n");
	for (int mode = SCN_CONCURRENT; mode <= SCN_SEQUENTIAL; mode++) {
		struct eng_summary sum;
		char *text = run_text(s, (enum scn_mode)mode, &sum);
		assert_true(sum.makespan == 1000000 * DAY_MS);
		assert_true(sum.orders_done == 1000000);
		assert_true(eng_latency_mean(&sum) == 43200043200000LL);
		assert_non_null(strstr(text, "  mean latency     43200043200.000 s from arrival to done\n"));
		assert_non_null(strstr(text, "{\"ev\":\"summary\""));
		assert_non_null(strstr(text, "\"latency_mean\":43200043200.000,"));
		assert_non_null(strstr(text, "  finished after   86400000000.000 s\n"));
		assert_table_aligned(text, (enum scn_mode)mode);
		free(text);
	}
	scn_free(s);
}

/* 100 retries of a 24 h attempt, ten orders, blocking code: the chef is
 * busy 10 x 101 x 24 h (8.7 x 10^10 ms); every sum and mean exact. */
static void test_hundred_retries_of_a_day(void **state)
{
	(void)state;
	struct scn_scenario *s = fixture_load("title: t\n"
				      "recipes:\n"
				      "  r:\n"
				      "    on_error: collect\n"
				      "    tasks:\n"
				      "      w: { duration: 1440min, fail_after: 1440min, retries: 100, kind: work }\n"
				      "orders: [ { recipe: r, count: 10 } ]\n");
	struct eng_engine *e = fixture_engine(s, SCN_SEQUENTIAL);
	assert_int_equal(eng_run(e), 0);
	const struct eng_summary *sum = eng_summary(e);
	int64_t day101 = 101 * DAY_MS;
	assert_true(sum->makespan == 10 * day101);
	assert_true(sum->blocked == 10 * day101);
	assert_true(sum->chef.busy.lo == (uint64_t)(10 * day101));
	/* Order i (1..10) is done at i x 101 days: mean 5.5 x 101 days. */
	assert_true(eng_latency_mean(sum) == 11 * day101 / 2);
	assert_int_equal(eng_stat_utilisation(&sum->chef, sum->makespan), 1000);
	eng_free(e);
	scn_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mean_rounds_half_up),
		cmocka_unit_test(test_mean_past_64_bits),
		cmocka_unit_test(test_utilisation_at_the_extremes),
		cmocka_unit_test(test_million_day_long_teas),
		cmocka_unit_test(test_hundred_retries_of_a_day),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
