/*
 * asyncio.h — a scenario as a runnable Python 3.11 asyncio program
 * (`kitchen export asyncio`), and the map from each task to its lines, which
 * the TUI's code panel highlights while the task's await is pending.
 */
#ifndef KITCHEN_EXPORT_ASYNCIO_H
#define KITCHEN_EXPORT_ASYNCIO_H

#include <stdio.h>
#include "scenario/scenario.h"

/* The lines of one step where the program can stand waiting (1-based; 0:
 * none): what the TUI's code panel lights for a task in each state. */
struct exp_step_lines {
	int run;                /* its asyncio.sleep, time.sleep or run_in_executor */
	int gather;             /* the await of the steps it comes after: the
				   recipe's gather or await of them, or the
				   making of its task, which awaits them */
	int station;            /* its `async with STATION:` */
	int timeout;            /* its `async with asyncio.timeout(...)` */
	int call;               /* where the recipe starts or awaits it (its
				   gather, create_task, `await x()`); blocking
				   code: the order's `await step()` */
};

struct exp_code {
	char *text;             /* the whole program, NUL-terminated */
	size_t len;
	int n_lines;
	/* task_line[r][i]: 1-based line of the statement that awaits / runs
	 * task i of recipe r (its `await asyncio.sleep`, its blocking call, its
	 * run_in_executor); 0 if none. recipe_line[r]: the `async def` line. */
	int **task_line;
	int *recipe_line;
	/* step_lines[r][i]: every waiting line of task i of recipe r;
	 * recipe_await[r]: where an order of recipe r awaits all its steps at
	 * once (when every step is a task: its gather or TaskGroup), else 0:
	 * a recipe that awaits its steps in turn waits where the pending
	 * step's .gather says (its gather of the first steps, `await x_task`,
	 * `await x()` of the step before), and at a running step's .call. */
	struct exp_step_lines **step_lines;
	int *recipe_await;
	int n_recipes;
	size_t names_tried;     /* identifiers tried for the scenario's names
				   (for tests: it grows linearly with them) */
};

/* Builds the program for `s`. Returns 0, or -1 when memory runs out.
 * The caller frees with exp_code_free. */
int exp_asyncio_build(const struct scn_scenario *s, struct exp_code *out);
void exp_code_free(struct exp_code *c);

#endif
