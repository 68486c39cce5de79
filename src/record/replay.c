/*
 * replay.c — a recording replayed headless, segment by segment (replay.h).
 *
 * The segments follow the recording's lines: an end line closes the
 * current segment (its runs are finished, written and compared with the
 * hashes the line carries); the restart, mode or race action after it
 * opens the next one, in the view that action leaves (a mode switch
 * leaves the race view, as the demonstration does).
 */
#include "replay.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

struct run {
	struct eng_engine *e;
	struct exp_writer *w;
	struct rec_digest dig;
	enum scn_mode mode;
};

struct replay {
	const struct rec_recording *r;
	FILE *out;
	enum exp_format fmt;
	bool ascii;
	bool play;
	enum scn_mode mode;     /* the single view's */
	bool race;
	int segment;
	bool closed;            /* its end was met: a restart, mode or race follows */
	struct run runs[REC_MAX_RUNS];
	int n_runs;
	bool live;              /* the runs are open (engines made) */
	struct rec_replay_result *res;
	char *err;
	size_t errcap;
};

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 3, 4)))
#endif
static int fail(struct replay *rp, int lineno, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(rp->err, rp->errcap, "%s:%d: error: %s", rp->r->path, lineno, msg);
	return -1;
}

static void on_event(void *ctx, const struct eng_event *ev)
{
	struct run *run = ctx;
	rec_digest_event(&run->dig, eng_scenario(run->e), ev);
}

/* The other mode's makespan, for the text summary (as `kitchen run`). */
static int64_t other_makespan(const struct scn_scenario *s, uint64_t seed, enum scn_mode mode)
{
	struct eng_options opt;
	eng_options_default(&opt, s);
	opt.mode = mode == SCN_SEQUENTIAL ? SCN_CONCURRENT : SCN_SEQUENTIAL;
	opt.seed = seed;
	struct eng_engine *e = eng_new(s, &opt);
	if (!e)
		return -1;
	int64_t m = eng_run(e) == 0 ? eng_summary(e)->makespan : -1;
	eng_free(e);
	return m;
}

/* Opens run `i` of the segment: an engine, the line naming it, a writer
 * and a digest. */
static int open_run(struct replay *rp, int i, enum scn_mode mode, int lineno)
{
	struct run *run = &rp->runs[i];
	const struct scn_scenario *s = rp->r->s;
	memset(run, 0, sizeof *run);
	run->mode = mode;
	struct eng_options opt;
	eng_options_default(&opt, s);
	opt.mode = mode;
	opt.seed = rp->r->seed;
	opt.hold_steps = rp->play;
	run->e = eng_new(s, &opt);
	run->w = exp_writer_new(rp->out, rp->fmt, s, rp->ascii);
	rec_digest_start(&run->dig, NULL);
	struct eng_observer o = { on_event, run };
	if (!run->e || !run->w || eng_add_observer(run->e, &o) ||
	    (rp->fmt != EXP_SUMMARY && exp_writer_attach(run->w, run->e)))
		return fail(rp, lineno, "out of memory");
	struct base_buf b;
	base_buf_init(&b, NULL);
	rec_segment_line(&b, rp->fmt, rp->segment,
			 rp->play ? "play" : rp->race ? "race" : "demonstration", mode,
			 rp->r->seed);
	fputs(base_buf_cstr(&b), rp->out);
	base_buf_close(&b);
	return 0;
}

/* Finishes run `i`: its summary written, its transcript hashed and, with
 * `want`, compared. */
static int close_run(struct replay *rp, int i, const struct rec_run *want, int lineno)
{
	struct run *run = &rp->runs[i];
	const struct eng_summary *sum = eng_summary(run->e);
	int64_t other = rp->fmt == EXP_TEXT ? other_makespan(rp->r->s, rp->r->seed, run->mode) : -1;
	exp_writer_finish(run->w, sum, other);
	int werr = exp_writer_free(run->w);
	run->w = NULL;
	struct rec_run got;
	rec_digest_finish(&run->dig, rp->r->s, sum, &got);
	rec_digest_close(&run->dig);
	const char *why = eng_error(run->e);
	char why_copy[300] = "";
	if (why)
		snprintf(why_copy, sizeof why_copy, "%s", why);
	eng_free(run->e);
	run->e = NULL;
	if (werr)
		return fail(rp, lineno, "cannot write the transcript: %s", strerror(werr));
	if (why_copy[0])
		return fail(rp, lineno, "the run %s", why_copy);
	if (!want)
		return 0;
	rp->res->runs++;
	if (got.events == want->events && !strcmp(got.sha256, want->sha256))
		return 0;
	if (!rp->res->differ++) {
		if (got.events != want->events)
			snprintf(rp->res->difference, sizeof rp->res->difference,
				 "%s:%d: segment %d's %s run has %llu events here, %llu in the "
				 "recording", rp->r->path, lineno, rp->segment,
				 scn_mode_name(run->mode), (unsigned long long)got.events,
				 (unsigned long long)want->events);
		else
			snprintf(rp->res->difference, sizeof rp->res->difference,
				 "%s:%d: segment %d's %s run: its transcript's SHA-256 is not "
				 "the recorded one", rp->r->path, lineno, rp->segment,
				 scn_mode_name(run->mode));
	}
	return 0;
}

/* The runs of the current view: one, or sequential and concurrent. */
static int view_runs(const struct replay *rp, enum scn_mode out[REC_MAX_RUNS])
{
	if (rp->race) {
		out[0] = SCN_SEQUENTIAL;
		out[1] = SCN_CONCURRENT;
		return 2;
	}
	out[0] = rp->mode;
	return 1;
}

/* A game's segment is open from its start: the picks drive it. */
static int start_segment(struct replay *rp, int lineno)
{
	rp->segment++;
	rp->closed = false;
	rp->res->segments++;
	enum scn_mode modes[REC_MAX_RUNS];
	rp->n_runs = view_runs(rp, modes);
	rp->live = false;
	if (!rp->play)
		return 0;       /* a demonstration's runs are made at its end */
	rp->live = true;
	return open_run(rp, 0, modes[0], lineno);
}

static int end_segment(struct replay *rp, const struct rec_line *l)
{
	enum scn_mode modes[REC_MAX_RUNS];
	int n = view_runs(rp, modes);
	if (l->n_runs != n)
		return fail(rp, l->lineno, "this end has %d run%s; its segment has %d",
			    l->n_runs, l->n_runs == 1 ? "" : "s", n);
	for (int i = 0; i < n; i++)
		if (l->runs[i].mode != modes[i])
			return fail(rp, l->lineno, "this end's run %d is %s; its segment's is %s",
				    i + 1, scn_mode_name(l->runs[i].mode), scn_mode_name(modes[i]));
	if (rp->play) {
		eng_run_until(rp->runs[0].e, l->t);
		rp->live = false;
		return close_run(rp, 0, &l->runs[0], l->lineno);
	}
	for (int i = 0; i < n; i++) {
		if (open_run(rp, i, modes[i], l->lineno))
			return -1;
		eng_run_events(rp->runs[i].e, l->runs[i].events);
		if (close_run(rp, i, &l->runs[i], l->lineno))
			return -1;
	}
	return 0;
}

static int pick(struct replay *rp, const struct rec_line *l)
{
	struct eng_engine *e = rp->runs[0].e;
	const struct scn_scenario *s = rp->r->s;
	eng_run_until(e, l->t);
	struct eng_waiting_step w[256];
	size_t n = eng_waiting(e, w, 256);
	if (n > 256)
		n = 256;
	for (size_t i = 0; i < n; i++) {
		if (w[i].order != l->order || strcmp(s->recipes[w[i].recipe].tasks[w[i].task].name, l->task))
			continue;
		int rc = eng_pick(e, w[i].order, w[i].task, l->t);
		if (rc >= 0)
			return 0;
		return fail(rp, l->lineno, "the game does not replay: #%llu %s cannot start at "
			    "%lld ms (%s; the file was edited, or the engine is not the "
			    "recording's)", (unsigned long long)l->order, l->task, (long long)l->t,
			    rc == ENG_PICK_BLOCKED ? "a work step blocks the loop" : "too late");
	}
	return fail(rp, l->lineno, "the game does not replay: #%llu %.64s does not wait for "
		    "the player at %lld ms (the file was edited, or the engine is not the "
		    "recording's)", (unsigned long long)l->order, l->task, (long long)l->t);
}

/* The view an action that starts a segment leaves. */
static void switch_view(struct replay *rp, const char *deed)
{
	if (!strcmp(deed, "mode")) {
		rp->mode = rp->mode == SCN_SEQUENTIAL ? SCN_CONCURRENT : SCN_SEQUENTIAL;
		rp->race = false;
	} else if (!strcmp(deed, "race")) {
		rp->race = !rp->race;
	}
}

int rec_replay(const struct rec_recording *r, FILE *out, enum exp_format fmt,
	       bool ascii, struct rec_replay_result *res, char *err, size_t errcap)
{
	struct replay rp = {
		.r = r, .out = out, .fmt = fmt, .ascii = ascii,
		.play = !strcmp(r->program, "play"), .mode = r->mode, .race = r->race,
		.res = res, .err = err, .errcap = errcap,
	};
	memset(res, 0, sizeof *res);
	int rc = start_segment(&rp, 1);
	const struct rec_line *prev = NULL;
	for (size_t i = 0; i < r->n && !rc; i++) {
		const struct rec_line *l = &r->lines[i];
		if (l->kind == REC_LINE_END) {
			if (rp.closed)
				rc = fail(&rp, l->lineno, "an end with no segment open");
			else
				rc = end_segment(&rp, l);
			rp.closed = true;
		} else if (!strcmp(l->deed, "mode") && rp.race && !rp.closed) {
			/* m in the race view: refused there, nothing changes
			 * (older recordings may hold one) */
		} else if (rec_deed_starts_segment(l->deed)) {
			if (!prev || prev->kind != REC_LINE_END || strcmp(prev->why, l->deed))
				rc = fail(&rp, l->lineno, "a %s without the end of the segment before it",
					  l->deed);
			else {
				switch_view(&rp, l->deed);
				rc = start_segment(&rp, l->lineno);
			}
		} else if (rp.closed) {
			rc = fail(&rp, l->lineno, "an action after a segment's end (a restart, mode or "
				  "race switch was to follow)");
		} else if (!strcmp(l->deed, "pick")) {
			rc = pick(&rp, l);
		}
		prev = l;
	}
	if (rc) {
		for (int i = 0; i < REC_MAX_RUNS; i++) {
			exp_writer_free(rp.runs[i].w);
			rec_digest_close(&rp.runs[i].dig);
			eng_free(rp.runs[i].e);
		}
		return -1;
	}
	if (r->complete)
		return 0;
	/* Cut short: the open segment up to its last action, unverified. */
	res->truncated = true;
	res->stopped_at = r->n ? r->lines[r->n - 1].t : 0;
	if (rp.closed)
		return 0;
	enum scn_mode modes[REC_MAX_RUNS];
	int n = view_runs(&rp, modes);
	for (int i = 0; i < n && !rc; i++) {
		if (!rp.play) {
			rc = open_run(&rp, i, modes[i], r->last_lineno);
			if (!rc)
				eng_run_until(rp.runs[i].e, res->stopped_at);
		}
		if (!rc)
			rc = close_run(&rp, i, NULL, r->last_lineno);
	}
	return rc;
}
