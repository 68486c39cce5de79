/*
 * record.c — what the commands that record a run share: `--record FILE`,
 * and for a game the default file in the data directory
 * (recordings/NAME-YYYYMMDD-HHMMSS.jsonl, never over an existing one).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/files.h"
#include "cmd.h"
#include "record/recording.h"

/* NAME as a file name: its last path part without .yaml, letters, digits,
 * '-' and '_' kept, anything else '-'. */
static void file_name_of(const char *name, char *out, size_t cap)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	if (!strcmp(base, "-") || !*base)
		base = "stdin";
	size_t n = 0;
	for (const char *p = base; *p && n + 1 < cap && n < 48; p++) {
		if (!strcmp(p, ".yaml") || !strcmp(p, ".yml"))
			break;
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '-' || c == '_';
		out[n++] = ok ? c : '-';
	}
	out[n] = '\0';
}

struct rec_writer *cmd_open_recording(const struct cmd_args *a, const struct rec_start *st,
				      bool by_default)
{
	char err[600];
	const char *path = cmd_value(a, "--record");
	if (path) {
		struct rec_writer *w = rec_open(path, false, st, err, sizeof err);
		if (!w)
			cmd_error(a->spec, "%s", err);
		return w;
	}
	if (!by_default)
		return NULL;
	char dir[4096], file[4300], name[64], stamp[32];
	if (base_data_dir(dir, sizeof dir - 16, err, sizeof err)) {
		cmd_error(a->spec, "the game is not recorded: %s", err);
		return NULL;
	}
	strcat(dir, "/recordings");
	if (base_make_dirs(dir, err, sizeof err)) {
		cmd_error(a->spec, "the game is not recorded: %s", err);
		return NULL;
	}
	file_name_of(st->name, name, sizeof name);
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	for (int i = 1; i < 100; i++) {
		if (i == 1)
			snprintf(file, sizeof file, "%s/%s-%s.jsonl", dir, name, stamp);
		else
			snprintf(file, sizeof file, "%s/%s-%s-%d.jsonl", dir, name, stamp, i);
		struct rec_writer *w = rec_open(file, true, st, err, sizeof err);
		if (w)
			return w;
		if (!strstr(err, strerror(EEXIST)))
			break;
	}
	cmd_error(a->spec, "the game is not recorded: %s", err);
	return NULL;
}
