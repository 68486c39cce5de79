/*
 * fuzz_load.c — libFuzzer harness for the scenario loader (tests/fuzz/run.sh,
 * `make fuzz`).
 *
 * Any bytes go to scn_load_buffer. Whatever comes back must be consistent:
 * a failure has at least one diagnostic, every diagnostic a message and a
 * sane position, sorted; a success is a model that keeps every promise of
 * scenario.h (indices in range, `after` only to earlier tasks, dependents
 * the mirror of `after`, values within their limits). A broken promise
 * aborts, so the fuzzer reports it like a crash. ASan and UBSan catch the
 * rest, and libFuzzer's -timeout and -rss_limit_mb catch hangs and memory.
 * Diagnostics, printed, must be ASCII text with nothing raw in it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz.h"
#include "scenario/duration.h"
#include "scenario/load.h"

static void check_duration(int64_t ms, int optional)
{
	if (optional && ms == -1)
		return;
	CHECK(ms >= 0 && ms <= SCN_MAX_DURATION_MS);
}

static void check_recipe(const struct scn_scenario *s,
			 const struct scn_recipe *r)
{
	CHECK(r->name && r->title);
	CHECK(r->n_tasks >= 1 && r->n_tasks <= SCN_MAX_TASKS);
	CHECK(r->on_error >= SCN_PROPAGATE && r->on_error <= SCN_CANCEL);
	check_duration(r->patience_ms, 1);
	int n_edges = 0, n_back = 0;
	for (int i = 0; i < r->n_tasks; i++) {
		const struct scn_task *t = &r->tasks[i];
		CHECK(t->name && t->error);
		for (int j = 0; j < i; j++)
			CHECK(strcmp(t->name, r->tasks[j].name) != 0);
		check_duration(t->duration_ms, 0);
		CHECK(t->kind >= SCN_WAIT && t->kind <= SCN_HELPER);
		CHECK(t->station >= -1 && t->station < s->n_stations);
		CHECK(t->n_after >= 0 && t->n_after < r->n_tasks);
		for (int k = 0; k < t->n_after; k++) {
			CHECK(t->after[k] >= 0 && t->after[k] < i);
			for (int m = 0; m < k; m++)
				CHECK(t->after[m] != t->after[k]);
		}
		n_edges += t->n_after;
		check_duration(t->fail_after_ms, 1);
		CHECK(t->fail_after_ms <= t->duration_ms);
		CHECK(t->fail_chance >= 0.0 && t->fail_chance <= 1.0);
		check_duration(t->timeout_ms, 1);
		CHECK(t->kind != SCN_WORK || t->timeout_ms == -1);
		CHECK(t->retries >= 0 && t->retries <= SCN_MAX_RETRIES);
		CHECK(t->pos.line >= 1 && t->pos.col >= 1);
		/* dependents mirror after, in declaration order */
		CHECK(r->n_dependents[i] >= 0);
		for (int k = 0; k < r->n_dependents[i]; k++) {
			int d = r->dependents[i][k];
			CHECK(d > i && d < r->n_tasks);
			CHECK(k == 0 || r->dependents[i][k - 1] < d);
			int found = 0;
			for (int m = 0; m < r->tasks[d].n_after; m++)
				found |= r->tasks[d].after[m] == i;
			CHECK(found);
		}
		n_back += r->n_dependents[i];
	}
	CHECK(n_edges == n_back);
}

static void check_model(const struct scn_scenario *s, const uint8_t *data,
			size_t size)
{
	CHECK(s->title && s->path);
	CHECK(s->source_len == size && !memcmp(s->source, data, size));
	CHECK(s->source[size] == '\0');
	CHECK(s->mode == SCN_CONCURRENT || s->mode == SCN_SEQUENTIAL);
	CHECK(s->helpers >= 1 && s->helpers <= SCN_MAX_HELPERS);
	for (int i = 0; i < s->n_stations; i++) {
		CHECK(s->stations[i].name && s->stations[i].title);
		CHECK(s->stations[i].capacity >= 1 &&
		      s->stations[i].capacity <= SCN_MAX_CAPACITY);
	}
	CHECK(s->n_recipes >= 1);
	for (int i = 0; i < s->n_recipes; i++)
		check_recipe(s, &s->recipes[i]);
	CHECK(s->n_orders >= 1);
	for (int i = 0; i < s->n_orders; i++) {
		const struct scn_order *o = &s->orders[i];
		CHECK(o->recipe >= 0 && o->recipe < s->n_recipes);
		check_duration(o->at_ms, 0);
		check_duration(o->every_ms, 0);
		CHECK(o->count >= 1 && o->count <= SCN_MAX_COUNT);
	}
	CHECK(scn_total_orders(s) >= (uint64_t)s->n_orders);
	CHECK(scn_total_orders(s) <= SCN_MAX_ORDERS);
	CHECK(fuzz_attempts(s) <= SCN_MAX_ATTEMPTS);
	for (int i = 0; i < s->n_script; i++) {
		const struct scn_directive *d = &s->script[i];
		check_duration(d->at_ms, 0);
		switch (d->kind) {
		case SCN_DIR_SAY:
			CHECK(d->text && !d->choices);
			break;
		case SCN_DIR_PAUSE:
			CHECK(!d->text && !d->choices);
			break;
		case SCN_DIR_ASK:
			CHECK(d->text);
			CHECK(d->n_choices >= 2 && d->n_choices <= SCN_MAX_CHOICES);
			for (int k = 0; k < d->n_choices; k++)
				CHECK(d->choices[k]);
			CHECK(d->answer >= 1 && d->answer <= d->n_choices);
			break;
		default:
			CHECK(0);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scn_diags d = { 0 };
	struct scn_scenario *s = NULL;
	int rc = scn_load_buffer("fuzz.yaml", (const char *)data, size, &s, &d);
	if (rc == 0) {
		CHECK(s && d.n == 0);
		check_model(s, data, size);
	} else {
		CHECK(rc == -1 && !s && d.n >= 1 && d.n <= SCN_MAX_DIAGS + 1);
		for (size_t i = 0; i < d.n; i++) {
			const struct scn_diag *g = &d.items[i];
			CHECK(g->message && g->message[0]);
			CHECK(g->line >= 0 && g->col >= 0);
			CHECK((g->line == 0) == (g->col == 0));
			/* Sorted; the "N more errors" line comes last. */
			if (i > 0 && g->line > 0) {
				const struct scn_diag *p = &d.items[i - 1];
				CHECK(p->line < g->line ||
				      (p->line == g->line && p->col <= g->col));
			}
		}
		/* Printed, nothing raw reaches a terminal (no UTF-8 locale
		 * here: ASCII). */
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);
		CHECK(f);
		scn_diags_print(&d, f);
		fclose(f);
		check_text_for_people(text, len, true);
		free(text);
	}
	scn_free(s);
	scn_diags_close(&d);
	return 0;
}
