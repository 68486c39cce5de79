/*
 * scenario.c — the life of the scenario model: freeing it, and the small
 * helpers every reader of the model needs (total order count, the names of
 * its enumerations).
 *
 * A scenario owns every string and array it points to (see scenario.h);
 * scn_free releases them all. It also accepts a scenario the loader only
 * half built: arrays are allocated zeroed with their final length, so every
 * pointer not yet filled is NULL.
 */
#include <stdlib.h>

#include "scenario.h"

static void free_task(struct scn_task *t)
{
	free(t->name);
	free(t->after);
	free(t->say_start);
	free(t->say_done);
	free(t->error);
}

static void free_recipe(struct scn_recipe *r)
{
	free(r->name);
	free(r->title);
	if (r->tasks)
		for (int i = 0; i < r->n_tasks; i++)
			free_task(&r->tasks[i]);
	free(r->tasks);
	if (r->dependents)
		for (int i = 0; i < r->n_tasks; i++)
			free(r->dependents[i]);
	free(r->dependents);
	free(r->n_dependents);
}

static void free_directive(struct scn_directive *d)
{
	free(d->text);
	if (d->choices)
		for (int i = 0; i < d->n_choices; i++)
			free(d->choices[i]);
	free(d->choices);
	free(d->explain);
}

void scn_free(struct scn_scenario *s)
{
	if (!s)
		return;
	free(s->path);
	free(s->title);
	free(s->concept);
	free(s->lesson);
	if (s->stations)
		for (int i = 0; i < s->n_stations; i++) {
			free(s->stations[i].name);
			free(s->stations[i].title);
		}
	free(s->stations);
	if (s->recipes)
		for (int i = 0; i < s->n_recipes; i++)
			free_recipe(&s->recipes[i]);
	free(s->recipes);
	if (s->orders)
		for (int i = 0; i < s->n_orders; i++)
			free(s->orders[i].name);
	free(s->orders);
	if (s->script)
		for (int i = 0; i < s->n_script; i++)
			free_directive(&s->script[i]);
	free(s->script);
	free(s->source);
	free(s);
}

int64_t scn_attempt_ms(const struct scn_task *t)
{
	return t->fail_after_ms >= 0 ? t->fail_after_ms : t->duration_ms;
}

int scn_directive_applies(const struct scn_directive *d, enum scn_mode m)
{
	return d->mode == SCN_DIR_BOTH || d->mode == (int)m;
}

uint64_t scn_total_orders(const struct scn_scenario *s)
{
	uint64_t total = 0;
	for (int i = 0; i < s->n_orders; i++) {
		/* Saturates rather than wraps; the loader's limits keep real
		 * files far below 2^64. */
		if (UINT64_MAX - total < s->orders[i].count)
			return UINT64_MAX;
		total += s->orders[i].count;
	}
	return total;
}

int64_t scn_last_arrival(const struct scn_scenario *s)
{
	int64_t last = 0;
	for (int i = 0; i < s->n_orders; i++) {
		const struct scn_order *o = &s->orders[i];
		int64_t t = o->at_ms + (int64_t)(o->count - 1) * o->every_ms;
		if (t > last)
			last = t;
	}
	return last;
}

const char *const scn_mode_names[SCN_N_MODES + 1] = {
	[SCN_CONCURRENT] = "concurrent", [SCN_SEQUENTIAL] = "sequential", NULL
};
const char *const scn_kind_names[SCN_N_KINDS + 1] = {
	[SCN_WAIT] = "wait", [SCN_WORK] = "work", [SCN_HELPER] = "helper", NULL
};
const char *const scn_on_error_names[SCN_N_ON_ERRORS + 1] = {
	[SCN_PROPAGATE] = "propagate", [SCN_COLLECT] = "collect",
	[SCN_CANCEL] = "cancel", NULL
};

const char *scn_kind_name(enum scn_kind k)
{
	return (unsigned)k < SCN_N_KINDS ? scn_kind_names[k] : "?";
}

const char *scn_mode_name(enum scn_mode m)
{
	return (unsigned)m < SCN_N_MODES ? scn_mode_names[m] : "?";
}

const char *scn_on_error_name(enum scn_on_error e)
{
	return (unsigned)e < SCN_N_ON_ERRORS ? scn_on_error_names[e] : "?";
}
