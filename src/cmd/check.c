/*
 * check.c — `kitchen check SCENARIO...`, `kitchen list` and `kitchen show
 * NAME` (SPEC §5): the commands about scenario files themselves.
 *
 * check loads every SCENARIO (a path, a built-in name, or "-" for standard
 * input) and prints each file's diagnostics to stderr, or "FILE: ok" to
 * stdout; one bad file makes the exit status 1, and the others are still
 * checked. list prints the built-in scenarios in curriculum order, in
 * aligned columns: name, "level" for a scenario with a goal (kitchen play
 * plays it as a level), title, and the concept each teaches. show prints
 * a built-in scenario's YAML exactly as compiled in, to copy and change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/suggest.h"
#include "base/utf8.h"
#include "cmd.h"
#include "scenario/builtin.h"
#include "scenario/load.h"

int cmd_check(const struct cmd_args *a)
{
	if (cmd_one_stdin(a))
		return 2;
	int status = 0;
	struct base_text how = { .ascii = !base_utf8_locale(), .indent = -1,
				 .max_cols = -1 };
	for (int i = 0; i < a->n_operands; i++) {
		const char *arg = a->operands[i];
		struct scn_scenario *s = cmd_load(arg);
		if (s) {
			struct base_buf b;
			base_buf_init(&b, stdout);
			base_text_put(&b, arg, strlen(arg), &how, 0, NULL);
			base_buf_puts(&b, ": ok\n");
			base_buf__spill(&b);
			base_buf_close(&b);
		} else {
			status = 1;
		}
		scn_free(s);
	}
	return status;
}

int cmd_list(const struct cmd_args *a)
{
	(void)a;
	size_t n = scn_builtin_count();
	struct scn_scenario **all = calloc(n ? n : 1, sizeof *all);
	if (!all) {
		cmd_error(a->spec, "out of memory");
		return 1;
	}
	bool ascii = !base_utf8_locale();
	struct base_text how = { .ascii = ascii, .indent = -1, .max_cols = -1 };
	int status = 0, name_w = 0, title_w = 0;
	for (size_t i = 0; i < n; i++) {
		const struct base_embedded *b = scn_builtin_at(i);
		struct scn_diags d = { 0 };
		if (scn_load_buffer(b->file, b->text, b->len, &all[i], &d)) {
			/* A built-in that does not load is our bug: say so,
			 * list the others. */
			scn_diags_print(&d, stderr);
			status = 1;
		}
		scn_diags_close(&d);
		if (!all[i])
			continue;
		if (base_text_width(b->name, ascii) > name_w)
			name_w = base_text_width(b->name, ascii);
		if (base_text_width(all[i]->title, ascii) > title_w)
			title_w = base_text_width(all[i]->title, ascii);
	}
	struct base_buf out;
	base_buf_init(&out, stdout);
	for (size_t i = 0; i < n; i++) {
		const struct scn_scenario *s = all[i];
		if (!s)
			continue;
		const char *name = scn_builtin_at(i)->name;
		int col = base_text_put(&out, name, strlen(name), &how, 0, NULL);
		base_buf_pad(&out, name_w + 2 - col);
		/* A scenario with a goal is a level of `kitchen play`. */
		base_buf_puts(&out, s->goal.present ? "level  " : "       ");
		col = base_text_put(&out, s->title, strlen(s->title), &how, 0, NULL);
		if (s->concept) {
			base_buf_pad(&out, title_w + 2 - col);
			base_text_put(&out, s->concept, strlen(s->concept), &how, 0, NULL);
		}
		base_buf_putc(&out, '\n');
	}
	base_buf__spill(&out);
	base_buf_close(&out);
	for (size_t i = 0; i < n; i++)
		scn_free(all[i]);
	free(all);
	return status;
}

int cmd_show(const struct cmd_args *a)
{
	const char *name = a->operands[0];
	const struct base_embedded *b = scn_builtin_find(name);
	if (b) {
		fwrite(b->text, 1, b->len, stdout);
		return 0;
	}
	const char *names[64];
	size_t n = 0;
	for (size_t i = 0; i < scn_builtin_count() && n < 64; i++)
		names[n++] = scn_builtin_at(i)->name;
	const char *near = base_suggest(name, names, n, NULL);
	if (near)
		cmd_error(a->spec, "no built-in scenario '%s'; did you mean '%s'? "
			  "(kitchen list shows them)", name, near);
	else
		cmd_error(a->spec, "no built-in scenario '%s' (kitchen list shows them)",
			  name);
	return 1;
}
