/*
 * export.c — `kitchen export FORMAT SCENARIO` (SPEC §5).
 *
 * `asyncio` writes the scenario as a runnable Python 3.11 program to stdout
 * (src/export/asyncio.c); `--mode sequential|concurrent` picks the version,
 * the scenario's own mode by default. `trace` and `svg` are not available
 * yet (exit 2). A scenario that does not load prints its diagnostics and
 * exits 1; a bad command line prints the usage and exits 2.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "export/asyncio.h"
#include "scenario/load.h"

static int usage(const char *why, const char *what)
{
	if (why)
		fprintf(stderr, "kitchen export: %s%s%s\n", why, what ? " " : "",
			what ? what : "");
	fputs("usage: kitchen export asyncio SCENARIO [--mode sequential|concurrent]\n"
	      "       kitchen export trace SCENARIO   (not available yet)\n"
	      "       kitchen export svg SCENARIO     (not available yet)\n", stderr);
	return 2;
}

static int export_asyncio(const char *path, const char *mode)
{
	struct scn_scenario *s = NULL;
	s = scn_load_or_report(path, stderr);
	if (!s)
		return 1;

	/* A shallow copy with the chosen mode: the program differs, not the
	 * scenario (which stays owned by s). */
	struct scn_scenario chosen = *s;
	if (mode)
		chosen.mode = !strcmp(mode, "sequential") ? SCN_SEQUENTIAL : SCN_CONCURRENT;

	struct exp_code code;
	int status = 0;
	if (exp_asyncio_build(&chosen, &code)) {
		fputs("kitchen export: out of memory\n", stderr);
		status = 1;
	} else {
		if (fwrite(code.text, 1, code.len, stdout) != code.len || fflush(stdout)) {
			perror("kitchen export: stdout");
			status = 1;
		}
		exp_code_free(&code);
	}
	scn_free(s);
	return status;
}

int cmd_export(int argc, char **argv)
{
	const char *format = NULL, *path = NULL, *mode = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--mode") || !strncmp(a, "--mode=", 7)) {
			mode = a[6] == '=' ? a + 7 : (i + 1 < argc ? argv[++i] : "");
			if (strcmp(mode, "sequential") && strcmp(mode, "concurrent"))
				return usage("--mode must be sequential or concurrent, not", mode);
		} else if (a[0] == '-' && a[1] != '\0') {
			return usage("unknown option", a);
		} else if (!format) {
			format = a;
		} else if (!path) {
			path = a;
		} else {
			return usage("too many arguments:", a);
		}
	}
	if (!format)
		return usage(NULL, NULL);
	if (!strcmp(format, "trace") || !strcmp(format, "svg")) {
		fprintf(stderr, "kitchen export: '%s' is not available yet in this version\n",
			format);
		return 2;
	}
	if (strcmp(format, "asyncio"))
		return usage("unknown format", format);
	if (!path)
		return usage("missing SCENARIO", NULL);
	return export_asyncio(path, mode);
}
