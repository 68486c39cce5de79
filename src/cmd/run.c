/*
 * run.c — `kitchen run SCENARIO [--mode M] [--format F] [--seed N]`: the
 * headless run in virtual time (SPEC §5, §6): text, jsonl, the summary alone
 * or a timeline chart. The transcript goes to stdout,
 * messages to stderr.
 */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "engine/engine.h"
#include "export/transcript.h"
#include "scenario/load.h"

static int usage(const char *why, const char *what)
{
	fprintf(stderr, "kitchen run: %s%s%s\n", why, what ? " " : "", what ? what : "");
	fputs("usage: kitchen run SCENARIO [--mode sequential|concurrent]"
	      " [--format text|jsonl|summary|timeline] [--seed N]\n", stderr);
	return 2;
}

/* "--opt VALUE" or "--opt=VALUE"; advances *i past what it used. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n))
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] == '\0' && *i + 1 < argc)
		return argv[++*i];
	if (argv[*i][n] == '\0')
		return "";
	return NULL;
}

static int parse_seed(const char *text, uint64_t *seed)
{
	if (!*text || *text == '-' || *text == '+')
		return -1;
	for (const char *p = text; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	errno = 0;
	char *end;
	unsigned long long v = strtoull(text, &end, 10);
	if (errno || *end)
		return -1;
	*seed = (uint64_t)v;
	return 0;
}

/* Whether the user's locale speaks UTF-8 (else the chart draws in ASCII). */
static bool utf8_locale(void)
{
	const char *codeset = setlocale(LC_CTYPE, "") ? nl_langinfo(CODESET) : "";
	return codeset && (!strcmp(codeset, "UTF-8") || !strcmp(codeset, "utf8"));
}

/* The other mode's makespan, for the text summary. */
static int64_t other_makespan(const struct scn_scenario *s, const struct eng_options *opt)
{
	struct eng_options other = *opt;
	other.mode = opt->mode == SCN_SEQUENTIAL ? SCN_CONCURRENT : SCN_SEQUENTIAL;
	struct eng_engine *e = eng_new(s, &other);
	if (!e)
		return -1;
	eng_run(e);
	int64_t m = eng_summary(e)->makespan;
	eng_free(e);
	return m;
}

int cmd_run(int argc, char **argv)
{
	const char *path = NULL, *mode = NULL, *format = "text", *seed = NULL;
	for (int i = 1; i < argc; i++) {
		const char *v;
		if ((v = option_value(argc, argv, &i, "--mode")))
			mode = v;
		else if ((v = option_value(argc, argv, &i, "--format")))
			format = v;
		else if ((v = option_value(argc, argv, &i, "--seed")))
			seed = v;
		else if (argv[i][0] == '-' && argv[i][1])
			return usage("unknown option", argv[i]);
		else if (path)
			return usage("one scenario at a time; extra argument", argv[i]);
		else
			path = argv[i];
	}
	if (!path)
		return usage("which scenario?", NULL);

	enum exp_format fmt;
	if (!strcmp(format, "text"))
		fmt = EXP_TEXT;
	else if (!strcmp(format, "jsonl"))
		fmt = EXP_JSONL;
	else if (!strcmp(format, "summary"))
		fmt = EXP_SUMMARY;
	else if (!strcmp(format, "timeline"))
		fmt = EXP_TIMELINE;
	else
		return usage("unknown format (text, jsonl, summary, timeline):", format);
	if (mode && strcmp(mode, "sequential") && strcmp(mode, "concurrent"))
		return usage("unknown mode (sequential, concurrent):", mode);
	uint64_t seed_value = 0;
	if (seed && parse_seed(seed, &seed_value))
		return usage("--seed takes an integer from 0 to 18446744073709551615, not", seed);

	struct scn_scenario *s = NULL;
	s = scn_load_or_report(path, stderr);
	if (!s)
		return 1;

	struct eng_options opt;
	eng_options_default(&opt, s);
	if (mode)
		opt.mode = !strcmp(mode, "sequential") ? SCN_SEQUENTIAL : SCN_CONCURRENT;
	if (seed)
		opt.seed = seed_value;

	int rc = 0;
	struct eng_engine *e = eng_new(s, &opt);
	struct exp_writer *w = exp_writer_new(stdout, fmt, s);
	if (w && fmt == EXP_TIMELINE)
		exp_writer_set_ascii(w, !utf8_locale());
	/* The summary needs no observer: the engine then builds no events. */
	if (!e || !w || (fmt != EXP_SUMMARY && exp_writer_attach(w, e))) {
		fprintf(stderr, "kitchen run: out of memory\n");
		rc = 1;
	} else {
		eng_run(e);
		int64_t other = fmt == EXP_TEXT ? other_makespan(s, &opt) : -1;
		exp_writer_finish(w, eng_summary(e), other);
	}
	if (exp_writer_free(w)) {
		fprintf(stderr, "kitchen run: cannot write the transcript: %s\n", strerror(errno));
		rc = 1;
	}
	eng_free(e);
	scn_free(s);
	return rc;
}
