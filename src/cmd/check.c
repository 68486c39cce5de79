/*
 * check.c — `kitchen check SCENARIO...` and `kitchen list` (SPEC §5).
 *
 * check loads every SCENARIO (a path, a built-in name, or "-" for standard
 * input) and prints each file's diagnostics to stderr, or "FILE: ok" to
 * stdout; one bad file makes the exit status 1, and the others are still
 * checked. list prints the built-in scenarios in curriculum order, in
 * aligned columns: name, title, and the concept each teaches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "scenario/builtin.h"
#include "scenario/load.h"

int cmd_check(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: kitchen check SCENARIO...\n", stderr);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "kitchen check: unknown option '%s'\n"
				"usage: kitchen check SCENARIO...\n", argv[i]);
			return 2;
		}
	int status = 0;
	for (int i = 1; i < argc; i++) {
		struct scn_diags d = { 0 };
		struct scn_scenario *s = NULL;
		int rc;
		if (!strcmp(argv[i], "-")) {
			/* "-" is standard input, named "-" in messages. */
			d.file = strdup("-");
			rc = scn_load_file("/dev/stdin", &s, &d);
		} else {
			rc = scn_load_arg(argv[i], &s, &d);
		}
		if (rc == 0) {
			printf("%s: ok\n", argv[i]);
		} else {
			fflush(stdout);
			scn_diags_print(&d, stderr);
			status = 1;
		}
		scn_free(s);
		scn_diags_close(&d);
	}
	return status;
}

/* Characters on screen of a UTF-8 string (one per code point: the built-in
 * titles hold no double-width characters). */
static int width(const char *s)
{
	int w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

int cmd_list(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		fputs("usage: kitchen list\n", stderr);
		return 2;
	}
	size_t n = scn_builtin_count();
	struct scn_scenario **all = calloc(n ? n : 1, sizeof *all);
	if (!all) {
		fputs("kitchen: out of memory\n", stderr);
		return 1;
	}
	int status = 0, name_w = 0, title_w = 0;
	for (size_t i = 0; i < n; i++) {
		const struct scn_builtin *b = scn_builtin_at(i);
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
		if (width(b->name) > name_w)
			name_w = width(b->name);
		if (width(all[i]->title) > title_w)
			title_w = width(all[i]->title);
	}
	for (size_t i = 0; i < n; i++) {
		const struct scn_scenario *s = all[i];
		if (!s)
			continue;
		const char *name = scn_builtin_at(i)->name;
		if (s->concept)
			printf("%s%*s  %s%*s  %s\n", name,
			       name_w - width(name), "", s->title,
			       title_w - width(s->title), "", s->concept);
		else
			printf("%s%*s  %s\n", name, name_w - width(name), "",
			       s->title);
	}
	for (size_t i = 0; i < n; i++)
		scn_free(all[i]);
	free(all);
	return status;
}
