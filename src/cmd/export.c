/*
 * export.c — `kitchen export asyncio SCENARIO [--mode M]` (SPEC §5).
 *
 * Writes the scenario as a runnable Python 3.11 program to stdout
 * (src/export/asyncio.c); --mode picks the version, the scenario's own
 * mode by default. A scenario that does not load prints its diagnostics
 * and exits 1. (`export trace` and `export svg` are rows of main.c's table
 * without a function yet.)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "export/asyncio.h"

int cmd_export_asyncio(const struct cmd_args *a)
{
	struct scn_scenario *s = cmd_load(a->operands[0]);
	if (!s)
		return 1;
	/* A shallow copy with the chosen mode: the program differs, not the
	 * scenario (which stays owned by s). */
	struct scn_scenario chosen = *s;
	chosen.mode = cmd_mode(a, s);

	struct exp_code code;
	int status = 0;
	if (exp_asyncio_build(&chosen, &code)) {
		cmd_error(a->spec, "out of memory");
		status = 1;
	} else {
		errno = 0;
		if (fwrite(code.text, 1, code.len, stdout) != code.len || fflush(stdout))
			status = cmd_write_failed(a, "the program", errno);
		exp_code_free(&code);
	}
	scn_free(s);
	return status;
}
