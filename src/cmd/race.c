/*
 * race.c — `kitchen run --race A [B]`: two runs on one clock, headless (the
 * race view of the demonstration, as text). With one scenario the sides
 * are its two modes (sequential, then concurrent); with two, each runs in
 * its own mode unless --mode names one for both, with its own seed unless
 * --seed does.
 *
 *  - text: the two summaries side by side, then who finished sooner and
 *    what each side served, walked out and failed (export/race.h);
 *  - jsonl: every event of both runs with "side" (1 or 2), merged by time
 *    (side 1 first at a tie, as the demonstration's clock does), then each
 *    side's summary line with its side;
 *  - summary: the two summary lines alone;
 *  - timeline: both charts on one time axis (export/timeline.h).
 *
 * Lines are written as the runs go, and the run stops at the first write
 * that fails, as `kitchen run` does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "cmd.h"
#include "engine/engine.h"
#include "export/race.h"
#include "export/timeline.h"
#include "export/transcript.h"

struct side {
	int number;             /* 1 or 2 */
	const struct scn_scenario *s;
	char name[160];         /* as the verdict names it */
	struct eng_engine *e;
	uint64_t walked_out;
	bool jsonl;
	struct base_buf line;   /* one event as jsonl, before its side goes in */
	struct base_buf out;    /* what the last action wrote, to go out */
	struct exp_timeline *tl;
};

/* A jsonl line with "side":N after its first field ("t", or "ev" for a
 * summary): the rest is exactly `kitchen run --format jsonl`'s. */
static void with_side(struct base_buf *out, struct base_buf *line, int number)
{
	const char *s = base_buf_cstr(line);
	const char *comma = strchr(s, ',');
	size_t head = comma ? (size_t)(comma - s) + 1 : 1;
	base_buf_put(out, s, head);
	base_buf_puts(out, "\"side\":");
	base_buf_u64(out, (uint64_t)number);
	base_buf_putc(out, ',');
	base_buf_puts(out, s + head);
}

static void on_event(void *ctx, const struct eng_event *ev)
{
	struct side *sd = ctx;
	if (ev->type == ENG_ORDER_FAILED && ev->error && !strcmp(ev->error, "walked out"))
		sd->walked_out++;
	if (!sd->jsonl)
		return;
	sd->line.n = 0;
	exp_event_jsonl(&sd->line, sd->s, ev);
	with_side(&sd->out, &sd->line, sd->number);
}

static int side_open(struct side *sd, int number, const struct scn_scenario *s,
		     enum scn_mode mode, uint64_t seed, enum exp_format fmt, bool ascii)
{
	sd->number = number;
	sd->s = s;
	sd->jsonl = fmt == EXP_JSONL;
	base_buf_init(&sd->line, NULL);
	base_buf_init(&sd->out, NULL);
	struct eng_options opt;
	eng_options_default(&opt, s);
	opt.mode = mode;
	opt.seed = seed;
	/* Two engines at once: each holds half, so both stay under 1 GB. */
	opt.max_tasks = eng_max_tasks() / 2;
	sd->e = eng_new(s, &opt);
	struct eng_observer o = { on_event, sd };
	if (!sd->e || eng_add_observer(sd->e, &o))
		return -1;
	if (fmt == EXP_TIMELINE) {
		sd->tl = exp_timeline_new(s, ascii);
		if (!sd->tl || exp_timeline_attach(sd->tl, sd->e))
			return -1;
	}
	return 0;
}

static void side_close(struct side *sd)
{
	exp_timeline_free(sd->tl);
	eng_free(sd->e);
	base_buf_close(&sd->line);
	base_buf_close(&sd->out);
}

/* Writes and empties `b`; false when the write failed. */
static bool flush_out(struct base_buf *b)
{
	bool ok = !b->n || fwrite(b->v, 1, b->n, stdout) == b->n;
	b->n = 0;
	return ok && !ferror(stdout);
}

/* Both runs to their end, one action at a time in time order (side 1
 * first at a tie). Returns 0, -1 when a write failed, -2 when an engine
 * stopped early (its error is the caller's to say). */
static int run_both(struct side sd[2])
{
	for (;;) {
		int64_t t0 = eng_next_time(sd[0].e), t1 = eng_next_time(sd[1].e);
		if (t0 == ENG_NEVER && t1 == ENG_NEVER)
			break;
		struct side *next = t0 <= t1 ? &sd[0] : &sd[1];
		if (eng_run_action(next->e) == ENG_ERROR)
			return -2;
		if (next->out.n && !flush_out(&next->out))
			return -1;
	}
	return eng_error(sd[0].e) || eng_error(sd[1].e) ? -2 : 0;
}

/* Text: each side's summary (as `kitchen run` writes it), side by side. */
static int text_summary(const struct side *sd, bool ascii, char **text, size_t *len)
{
	FILE *mem = open_memstream(text, len);
	if (!mem)
		return -1;
	struct exp_writer *w = exp_writer_new(mem, EXP_TEXT, sd->s, ascii);
	if (!w) {
		fclose(mem);
		return -1;
	}
	exp_writer_finish(w, eng_summary(sd->e), -1);
	int err = exp_writer_free(w);
	return fclose(mem) || err ? -1 : 0;
}

static void side_by_side(struct base_buf *b, const struct side sd[2], char *text[2], bool ascii)
{
	const char *p[2] = { text[0], text[1] };
	for (int i = 0; i < 2; i++)
		while (p[i] && *p[i] == '\n')
			p[i]++;         /* the blank line a summary starts with */
	int width = 0;
	for (const char *q = p[0]; q && *q;) {
		const char *nl = strchr(q, '\n');
		char line[512];
		size_t n = nl ? (size_t)(nl - q) : strlen(q);
		if (n >= sizeof line)
			n = sizeof line - 1;
		memcpy(line, q, n);
		line[n] = '\0';
		int w = base_text_width(line, ascii);
		if (w > width)
			width = w;
		q = nl ? nl + 1 : NULL;
	}
	width += 4;
	for (int i = 0; i < 2; i++) {
		int w = base_text_width(sd[i].name, ascii) + 6;
		base_buf_puts(b, "== ");
		base_buf_puts(b, sd[i].name);
		base_buf_puts(b, " ==");
		if (!i)
			base_buf_pad(b, width - w);
	}
	base_buf_puts(b, "\n");
	while ((p[0] && *p[0]) || (p[1] && *p[1])) {
		for (int i = 0; i < 2; i++) {
			const char *nl = p[i] ? strchr(p[i], '\n') : NULL;
			size_t n = !p[i] ? 0 : nl ? (size_t)(nl - p[i]) : strlen(p[i]);
			char line[512];
			if (n >= sizeof line)
				n = sizeof line - 1;
			if (p[i])
				memcpy(line, p[i], n);
			line[n] = '\0';
			base_buf_puts(b, line);
			if (!i)
				base_buf_pad(b, width - base_text_width(line, ascii));
			if (p[i])
				p[i] = nl ? nl + 1 : NULL;
		}
		while (b->n && b->v[b->n - 1] == ' ')
			b->n--;
		base_buf_puts(b, "\n");
	}
}

static void verdict(struct base_buf *b, const struct side sd[2])
{
	struct exp_race_side f[2];
	for (int i = 0; i < 2; i++) {
		const struct eng_summary *sum = eng_summary(sd[i].e);
		f[i] = (struct exp_race_side){
			sd[i].name, sum->makespan, sum->orders, sum->orders_done,
			sd[i].walked_out, sum->orders_failed,
		};
	}
	exp_race_verdict(b, f);
	base_buf_puts(b, "\n");
}

/* "The race, on one clock: TITLE (mode) | TITLE (mode)". */
static void title_line(struct base_buf *b, const struct side sd[2], bool ascii)
{
	struct base_text how = { .ascii = ascii, .indent = -1, .max_cols = 60 };
	base_buf_puts(b, "The race, on one clock: ");
	for (int i = 0; i < 2; i++) {
		if (i)
			base_buf_puts(b, " | ");
		base_text_put(b, sd[i].s->title, strlen(sd[i].s->title), &how, 0, NULL);
		base_buf_puts(b, " (");
		base_buf_puts(b, scn_mode_name(eng_mode(sd[i].e)));
		base_buf_puts(b, ")");
	}
	base_buf_puts(b, "\n\n");
}

/* What comes after the runs, by format. */
static int finish(struct side sd[2], enum exp_format fmt, bool ascii)
{
	struct base_buf b;
	base_buf_init(&b, NULL);
	int rc = 0;
	if (fmt == EXP_JSONL || fmt == EXP_SUMMARY) {
		for (int i = 0; i < 2; i++) {
			struct base_buf line;
			base_buf_init(&line, NULL);
			exp_summary_jsonl(&line, sd[i].s, eng_summary(sd[i].e));
			with_side(&b, &line, sd[i].number);
			base_buf_close(&line);
		}
	} else if (fmt == EXP_TIMELINE) {
		struct exp_timeline *tl[2] = { sd[0].tl, sd[1].tl };
		const char *names[2] = { sd[0].name, sd[1].name };
		const struct eng_summary *sums[2] = { eng_summary(sd[0].e), eng_summary(sd[1].e) };
		exp_timeline_write_race(tl, names, &b, sums);
		base_buf_puts(&b, "\n");
		verdict(&b, sd);
	} else {
		title_line(&b, sd, ascii);
		char *text[2] = { NULL, NULL };
		size_t len[2];
		if (text_summary(&sd[0], ascii, &text[0], &len[0]) ||
		    text_summary(&sd[1], ascii, &text[1], &len[1]))
			rc = -1;
		else
			side_by_side(&b, sd, text, ascii);
		free(text[0]);
		free(text[1]);
		base_buf_puts(&b, "\n");
		verdict(&b, sd);
	}
	if (base_buf_failed(&b))
		rc = -1;
	if (!rc && !flush_out(&b))
		rc = -2;
	base_buf_close(&b);
	return rc;
}

/* A side's name for people: its mode (one scenario), or the scenario as
 * named on the command line (two), written safely. */
static void name_side(struct side *sd, const char *arg, bool two, enum scn_mode mode, bool ascii)
{
	struct base_buf b;
	base_buf_init(&b, NULL);
	if (two) {
		struct base_text how = { .ascii = ascii, .indent = -1, .max_cols = 60 };
		base_text_put(&b, arg, strlen(arg), &how, 0, NULL);
		base_buf_puts(&b, " (");
		base_buf_puts(&b, scn_mode_name(mode));
		base_buf_puts(&b, ")");
	} else {
		base_buf_puts(&b, scn_mode_name(mode));
	}
	snprintf(sd->name, sizeof sd->name, "%s", base_buf_cstr(&b));
	base_buf_close(&b);
}

int cmd_run_race(const struct cmd_args *a, enum exp_format fmt)
{
	bool two = a->n_operands > 1;
	if (!two && cmd_given(a, "--mode"))
		return cmd_usage_error(a->spec, "with one scenario the race's sides are its two "
				       "modes; --mode sets the mode of two scenarios");
	if (cmd_one_stdin(a))
		return 2;
	struct scn_scenario *s[2] = { cmd_load(a->operands[0]), NULL };
	if (!s[0])
		return 1;
	if (two && !(s[1] = cmd_load(a->operands[1]))) {
		scn_free(s[0]);
		return 1;
	}
	bool ascii = !base_utf8_locale();
	struct side sd[2];
	memset(sd, 0, sizeof sd);
	int rc = 0;
	for (int i = 0; i < 2 && !rc; i++) {
		const struct scn_scenario *si = two ? s[i] : s[0];
		enum scn_mode mode = two ? cmd_mode(a, si) : i ? SCN_CONCURRENT : SCN_SEQUENTIAL;
		name_side(&sd[i], a->operands[two ? i : 0], two, mode, ascii);
		if (side_open(&sd[i], i + 1, si, mode, cmd_number(a, "--seed", si->seed), fmt, ascii))
			rc = -1;
	}
	if (rc) {
		cmd_error(a->spec, "out of memory");
		rc = 1;
	} else {
		int run = run_both(sd);
		if (run == -2) {
			const char *why = eng_error(sd[0].e) ? eng_error(sd[0].e) : eng_error(sd[1].e);
			cmd_error(a->spec, "%s", why ? why : "a run stopped early");
			rc = 1;
		} else if (run == -1) {
			rc = cmd_write_failed(a, "the transcript", errno ? errno : EIO);
		} else {
			int f = finish(sd, fmt, ascii);
			if (f == -1) {
				cmd_error(a->spec, "out of memory");
				rc = 1;
			} else if (f == -2) {
				rc = cmd_write_failed(a, "the transcript", errno ? errno : EIO);
			}
		}
	}
	side_close(&sd[0]);
	side_close(&sd[1]);
	scn_free(s[0]);
	scn_free(s[1]);
	return rc;
}
