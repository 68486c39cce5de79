/*
 * common.c — what several commands share: loading SCENARIO, the --mode
 * option, and saying once that stdout failed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "scenario/load.h"

enum scn_mode cmd_mode(const struct cmd_args *a, const struct scn_scenario *s)
{
	return (enum scn_mode)cmd_number(a, "--mode", (uint64_t)s->mode);
}

struct scn_scenario *cmd_load(const char *arg)
{
	/* Whatever came before goes out first: messages follow it. */
	fflush(stdout);
	return scn_load_or_report(arg, stderr);
}

/* stdout is one for the whole process; so is whether its failure was told. */
static bool write_failure_reported;

int cmd_write_failed(const struct cmd_args *a, const char *what, int err)
{
	if (err == ENOMEM)
		cmd_error(a->spec, "out of memory while writing %s", what);
	else
		cmd_error(a->spec, "cannot write %s: %s", what, strerror(err ? err : EIO));
	write_failure_reported = true;
	return 1;
}

bool cmd_write_failure_reported(void)
{
	return write_failure_reported;
}
