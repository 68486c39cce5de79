/*
 * recording.c — writing a recording line by line, hashing a run's
 * transcript, and reading a recording back with every line checked
 * (recording.h).
 */
#include "recording.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/files.h"
#include "base/json.h"
#include "scenario/load.h"

static const char *const deeds[] = {
	"pick", "pause", "faster", "slower", "next", "back", "answer", "goto",
	"restart", "mode", "race", NULL
};
static const char *const segment_deeds[] = { "restart", "mode", "race", NULL };
static const char *const end_whys[] = {
	"restart", "mode", "race", "quit", "finished", "signal", NULL
};

static bool in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

bool rec_deed_known(const char *deed)
{
	return in_list(deeds, deed);
}

bool rec_deed_starts_segment(const char *deed)
{
	return in_list(segment_deeds, deed);
}

/* ---- writing ---------------------------------------------------------- */

struct rec_writer {
	int fd;
	char *path;
	struct base_buf line;
	char error[300];
};

/* Writes the line in `w->line` with one write (a short one is retried:
 * only a failure leaves a partial line, the last of the file). */
static int emit(struct rec_writer *w)
{
	if (w->error[0])
		return -1;
	if (base_buf_failed(&w->line)) {
		snprintf(w->error, sizeof w->error, "out of memory");
		return -1;
	}
	const char *p = w->line.v;
	size_t left = w->line.n;
	while (left) {
		ssize_t n = write(w->fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(w->error, sizeof w->error, "cannot write %s: %s", w->path,
				 strerror(n < 0 ? errno : EIO));
			return -1;
		}
		p += n;
		left -= (size_t)n;
	}
	w->line.n = 0;
	return 0;
}

struct rec_writer *rec_open(const char *path, bool exclusive,
			    const struct rec_start *st, char *err, size_t errcap)
{
	struct rec_writer *w = calloc(1, sizeof *w);
	if (!w || !(w->path = strdup(path))) {
		free(w);
		snprintf(err, errcap, "out of memory");
		return NULL;
	}
	w->fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC), 0644);
	if (w->fd < 0) {
		snprintf(err, errcap, "cannot write %s: %s", path, strerror(errno));
		free(w->path);
		free(w);
		return NULL;
	}
	struct base_buf *b = &w->line;
	base_buf_init(b, NULL);
	char sha[BASE_SHA256_HEX];
	base_sha256_of(st->s->source, st->s->source_len, sha);
	base_buf_puts(b, "{\"format\":\"" REC_FORMAT "\",\"version\":");
	base_buf_i64(b, REC_VERSION);
	base_buf_puts(b, ",\"kitchen\":\"" KITCHEN_VERSION "\",\"program\":");
	exp_put_json_string(b, st->program);
	base_buf_puts(b, ",\"name\":");
	exp_put_json_string(b, st->name);
	/* The text exactly: a NUL-free UTF-8 file, escaped as JSON. */
	base_buf_puts(b, ",\"scenario\":");
	exp_put_json_string(b, st->s->source);
	base_buf_puts(b, ",\"scenario_sha256\":\"");
	base_buf_puts(b, sha);
	base_buf_puts(b, "\",\"seed\":");
	base_buf_u64(b, st->seed);
	base_buf_puts(b, ",\"mode\":\"");
	base_buf_puts(b, scn_mode_name(st->mode));
	base_buf_puts(b, "\",\"race\":");
	base_buf_puts(b, st->race ? "true" : "false");
	base_buf_puts(b, ",\"speed\":");
	base_buf_i64(b, st->speed);
	base_buf_puts(b, ",\"paused\":");
	base_buf_puts(b, st->paused ? "true" : "false");
	base_buf_puts(b, "}\n");
	if (emit(w)) {
		snprintf(err, errcap, "%s", w->error);
		rec_close(w);
		return NULL;
	}
	return w;
}

static void times(struct base_buf *b, int64_t t, uint64_t wall_ms)
{
	base_buf_puts(b, "{\"t\":");
	base_buf_i64(b, t);
	base_buf_puts(b, ",\"wall\":");
	base_buf_u64(b, wall_ms);
}

int rec_write_deed(struct rec_writer *w, int64_t t, uint64_t wall_ms, const struct rec_deed *d)
{
	if (!w)
		return -1;
	struct base_buf *b = &w->line;
	times(b, t, wall_ms);
	base_buf_puts(b, ",\"do\":");
	exp_put_json_string(b, d->deed);
	if (!strcmp(d->deed, "pick")) {
		base_buf_puts(b, ",\"order\":");
		base_buf_u64(b, d->order);
		base_buf_puts(b, ",\"task\":");
		exp_put_json_string(b, d->task ? d->task : "");
	} else if (!strcmp(d->deed, "answer")) {
		base_buf_puts(b, ",\"choice\":");
		base_buf_i64(b, d->choice);
	} else if (!strcmp(d->deed, "goto")) {
		base_buf_puts(b, ",\"to\":");
		base_buf_i64(b, d->to);
	}
	base_buf_puts(b, "}\n");
	return emit(w);
}

int rec_write_end(struct rec_writer *w, int64_t t, uint64_t wall_ms, const char *why,
		  bool final, const struct rec_run *runs, int n_runs)
{
	if (!w)
		return -1;
	struct base_buf *b = &w->line;
	times(b, t, wall_ms);
	base_buf_puts(b, ",\"end\":");
	exp_put_json_string(b, why);
	base_buf_puts(b, ",\"final\":");
	base_buf_puts(b, final ? "true" : "false");
	base_buf_puts(b, ",\"runs\":[");
	for (int i = 0; i < n_runs; i++) {
		base_buf_puts(b, i ? ",{\"mode\":\"" : "{\"mode\":\"");
		base_buf_puts(b, scn_mode_name(runs[i].mode));
		base_buf_puts(b, "\",\"events\":");
		base_buf_u64(b, runs[i].events);
		base_buf_puts(b, ",\"sha256\":\"");
		base_buf_puts(b, runs[i].sha256);
		base_buf_puts(b, "\"}");
	}
	base_buf_puts(b, "]}\n");
	return emit(w);
}

const char *rec_error(const struct rec_writer *w)
{
	return w && w->error[0] ? w->error : NULL;
}

const char *rec_path(const struct rec_writer *w)
{
	return w ? w->path : NULL;
}

void rec_close(struct rec_writer *w)
{
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	base_buf_close(&w->line);
	free(w->path);
	free(w);
}

/* ---- a run's transcript, hashed ---------------------------------------- */

void rec_digest_start(struct rec_digest *d, FILE *copy)
{
	memset(d, 0, sizeof *d);
	base_sha256_init(&d->h);
	base_buf_init(&d->line, NULL);
	d->copy = copy;
}

static void digest_take(struct rec_digest *d)
{
	base_sha256_update(&d->h, d->line.v, d->line.n);
	if (d->copy && d->line.n && fwrite(d->line.v, 1, d->line.n, d->copy) != d->line.n)
		d->failed = true;
	if (base_buf_failed(&d->line))
		d->failed = true;
	d->line.n = 0;
}

void rec_digest_event(struct rec_digest *d, const struct scn_scenario *s,
		      const struct eng_event *ev)
{
	exp_event_jsonl(&d->line, s, ev);
	d->events++;
	digest_take(d);
}

void rec_digest_peek(const struct rec_digest *d, const struct scn_scenario *s,
		     const struct eng_summary *sum, struct rec_run *out)
{
	struct base_sha256 h = d->h;    /* plain data: a copy goes on alone */
	struct base_buf line;
	base_buf_init(&line, NULL);
	exp_summary_jsonl(&line, s, sum);
	base_sha256_update(&h, line.v, line.n);
	base_buf_close(&line);
	out->mode = sum->mode;
	out->events = d->events;
	base_sha256_hex(&h, out->sha256);
}

void rec_digest_finish(struct rec_digest *d, const struct scn_scenario *s,
		       const struct eng_summary *sum, struct rec_run *out)
{
	exp_summary_jsonl(&d->line, s, sum);
	digest_take(d);
	if (d->copy && fflush(d->copy))
		d->failed = true;
	out->mode = sum->mode;
	out->events = d->events;
	base_sha256_hex(&d->h, out->sha256);
	d->events = 0;
}

void rec_digest_close(struct rec_digest *d)
{
	base_buf_close(&d->line);
}

void rec_segment_line(struct base_buf *b, enum exp_format fmt, int segment,
		      const char *run, enum scn_mode mode, uint64_t seed)
{
	if (fmt == EXP_JSONL || fmt == EXP_SUMMARY) {
		base_buf_puts(b, "{\"segment\":");
		base_buf_i64(b, segment);
		base_buf_puts(b, ",\"run\":");
		exp_put_json_string(b, run);
		base_buf_puts(b, ",\"mode\":\"");
		base_buf_puts(b, scn_mode_name(mode));
		base_buf_puts(b, "\",\"seed\":");
		base_buf_u64(b, seed);
		base_buf_puts(b, "}\n");
	} else {
		base_buf_printf(b, "# segment %d: %s, %s, seed %llu\n", segment, run,
				scn_mode_name(mode), (unsigned long long)seed);
	}
}

/* ---- reading ---------------------------------------------------------- */

struct reading {
	const char *path;
	char *err;
	size_t errcap;
	int lineno;
};

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
static int bad(struct reading *rd, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(rd->err, rd->errcap, "%s:%d: error: %s", rd->path, rd->lineno, msg);
	return -1;
}

static const struct base_json *field(const struct base_json *o, const char *key,
				     enum base_json_type type)
{
	const struct base_json *v = base_json_get(o, key);
	return v && v->type == type ? v : NULL;
}

static bool is_hex64(const struct base_json *v)
{
	if (!v || v->type != BASE_JSON_STRING || v->len != 64)
		return false;
	for (size_t i = 0; i < 64; i++)
		if (!strchr("0123456789abcdef", v->s[i]))
			return false;
	return true;
}

static bool mode_of(const struct base_json *v, enum scn_mode *out)
{
	if (!v || v->type != BASE_JSON_STRING)
		return false;
	for (int m = 0; m < SCN_N_MODES; m++)
		if (!strcmp(v->s, scn_mode_names[m])) {
			*out = (enum scn_mode)m;
			return true;
		}
	return false;
}

static char *dup_json(const struct base_json *v)
{
	char *p = malloc(v->len + 1);
	if (p) {
		memcpy(p, v->s, v->len);
		p[v->len] = '\0';
	}
	return p;
}

static int header(struct reading *rd, const char *text, size_t len, struct rec_recording *r)
{
	struct base_json_doc d;
	if (base_json_parse(text, len, &d)) {
		base_json_free(&d);
		return bad(rd, "not a kitchen recording: its first line is not a recording's "
			   "header (%s at column %zu)", d.error, d.column);
	}
	const struct base_json *h = d.root;
	const struct base_json *v = field(h, "format", BASE_JSON_STRING);
	int rc = -1;
	if (!v || strcmp(v->s, REC_FORMAT)) {
		if (v && strlen(v->s) < 64)
			bad(rd, "not a kitchen recording: its format is '%s', not '" REC_FORMAT "'", v->s);
		else
			bad(rd, "not a kitchen recording: its first line has no \"format\":\""
			    REC_FORMAT "\"");
		goto out;
	}
	v = base_json_get(h, "version");
	if (!v || !v->integer) {
		bad(rd, "a recording without a version number");
		goto out;
	}
	if (v->i != REC_VERSION) {
		bad(rd, "a recording of version %lld; this kitchen reads version %d",
		    (long long)v->i, REC_VERSION);
		goto out;
	}
	const struct base_json *program = field(h, "program", BASE_JSON_STRING);
	const struct base_json *name = field(h, "name", BASE_JSON_STRING);
	const struct base_json *kitchen = field(h, "kitchen", BASE_JSON_STRING);
	const struct base_json *scenario = field(h, "scenario", BASE_JSON_STRING);
	const struct base_json *sha = base_json_get(h, "scenario_sha256");
	const struct base_json *seed = base_json_get(h, "seed");
	const struct base_json *race = field(h, "race", BASE_JSON_BOOL);
	const struct base_json *speed = base_json_get(h, "speed");
	const struct base_json *paused = field(h, "paused", BASE_JSON_BOOL);
	if (!program || (strcmp(program->s, "play") && strcmp(program->s, "demonstration"))) {
		bad(rd, "the header's \"program\" must be \"play\" or \"demonstration\"");
		goto out;
	}
	if (!name || !kitchen || !scenario || !is_hex64(sha) || !seed || !seed->uinteger ||
	    !mode_of(base_json_get(h, "mode"), &r->mode) || !race || !paused ||
	    !speed || !speed->integer || speed->i < -3 || speed->i > 6) {
		bad(rd, "the header lacks a field or has a wrong one (it needs name, kitchen, "
		    "scenario, scenario_sha256, seed, mode, race, speed -3..6, paused)");
		goto out;
	}
	snprintf(r->program, sizeof r->program, "%s", program->s);
	r->name = dup_json(name);
	r->kitchen = dup_json(kitchen);
	r->scenario_text = dup_json(scenario);
	r->scenario_len = scenario->len;
	r->seed = seed->u;
	r->race = race->b;
	r->speed = (int)speed->i;
	r->paused = paused->b;
	if (!r->name || !r->kitchen || !r->scenario_text) {
		bad(rd, "out of memory");
		goto out;
	}
	char got[BASE_SHA256_HEX];
	base_sha256_of(r->scenario_text, r->scenario_len, got);
	if (strcmp(got, sha->s)) {
		bad(rd, "the scenario in the recording does not match its SHA-256 "
		    "(the file was edited)");
		goto out;
	}
	if (!strcmp(r->program, "play") && (r->mode != SCN_CONCURRENT || r->race)) {
		bad(rd, "a game is played in concurrent mode, without the race view");
		goto out;
	}
	struct scn_diags diags = { 0 };
	if (scn_load_buffer(r->name, r->scenario_text, r->scenario_len, &r->s, &diags)) {
		const struct scn_diag *g = diags.n ? &diags.items[0] : NULL;
		bad(rd, "the recorded scenario does not load: %.64s:%d:%d: %s", r->name,
		    g ? g->line : 0, g ? g->col : 0, g ? g->message : "?");
		scn_diags_close(&diags);
		goto out;
	}
	scn_diags_close(&diags);
	rc = 0;
out:
	base_json_free(&d);
	return rc;
}

static int runs_of(struct reading *rd, const struct base_json *a, struct rec_line *l)
{
	if (!a || a->type != BASE_JSON_ARRAY || a->n < 1 || a->n > REC_MAX_RUNS)
		return bad(rd, "an end needs \"runs\": one or two runs");
	for (size_t i = 0; i < a->n; i++) {
		const struct base_json *run = &a->items[i];
		const struct base_json *events = base_json_get(run, "events");
		const struct base_json *sha = base_json_get(run, "sha256");
		if (!mode_of(base_json_get(run, "mode"), &l->runs[i].mode) || !events ||
		    !events->uinteger || !is_hex64(sha))
			return bad(rd, "each run of an end needs \"mode\", \"events\" and \"sha256\"");
		l->runs[i].events = events->u;
		memcpy(l->runs[i].sha256, sha->s, BASE_SHA256_HEX);
	}
	l->n_runs = (int)a->n;
	return 0;
}

static int action_line(struct reading *rd, const char *text, size_t len,
		       struct rec_recording *r, struct rec_line *l)
{
	struct base_json_doc d;
	if (base_json_parse(text, len, &d)) {
		base_json_free(&d);
		return bad(rd, "not a line of a recording: %s at column %zu", d.error, d.column);
	}
	int rc = -1;
	const struct base_json *o = d.root;
	const struct base_json *t = base_json_get(o, "t");
	const struct base_json *wall = base_json_get(o, "wall");
	const struct base_json *deed = field(o, "do", BASE_JSON_STRING);
	const struct base_json *end = field(o, "end", BASE_JSON_STRING);
	memset(l, 0, sizeof *l);
	l->lineno = rd->lineno;
	if (o->type != BASE_JSON_OBJECT || !t || !t->integer || t->i < 0 || !wall ||
	    !wall->uinteger || (!deed == !end)) {
		bad(rd, "a line of a recording has \"t\" and \"wall\" (whole ms) and "
		    "either \"do\" or \"end\"");
		goto out;
	}
	l->t = t->i;
	l->wall = wall->u;
	if (r->n) {
		const struct rec_line *p = &r->lines[r->n - 1];
		if (p->kind == REC_LINE_END && p->final) {
			bad(rd, "a line after the recording's final end");
			goto out;
		}
		/* A new segment starts again from 0; a step back goes back. */
		bool may_go_back = p->kind == REC_LINE_DEED &&
			(rec_deed_starts_segment(p->deed) || !strcmp(p->deed, "back") ||
			 !strcmp(p->deed, "goto"));
		if (l->t < p->t && !may_go_back) {
			bad(rd, "time goes back: t %lld after %lld", (long long)l->t, (long long)p->t);
			goto out;
		}
		if (l->wall < p->wall) {
			bad(rd, "wall time goes back: %llu after %llu",
			    (unsigned long long)l->wall, (unsigned long long)p->wall);
			goto out;
		}
	}
	if (deed) {
		l->kind = REC_LINE_DEED;
		if (!rec_deed_known(deed->s)) {
			if (deed->len < 40)
				bad(rd, "unknown action '%s'", deed->s);
			else
				bad(rd, "unknown action");
			goto out;
		}
		snprintf(l->deed, sizeof l->deed, "%s", deed->s);
		bool play = !strcmp(r->program, "play");
		if (!strcmp(l->deed, "pick")) {
			const struct base_json *order = base_json_get(o, "order");
			const struct base_json *task = field(o, "task", BASE_JSON_STRING);
			if (!play) {
				bad(rd, "a pick in a recording of the demonstration");
				goto out;
			}
			if (!order || !order->uinteger || order->u < 1 || !task || !task->len) {
				bad(rd, "a pick needs \"order\" (from 1) and \"task\"");
				goto out;
			}
			l->order = order->u;
			if (!(l->task = dup_json(task))) {
				bad(rd, "out of memory");
				goto out;
			}
		} else if (!strcmp(l->deed, "answer")) {
			const struct base_json *choice = base_json_get(o, "choice");
			if (!choice || !choice->integer || choice->i < 1 || choice->i > 9) {
				bad(rd, "an answer needs \"choice\", 1 to 9");
				goto out;
			}
			l->choice = (int)choice->i;
		} else if (!strcmp(l->deed, "goto")) {
			const struct base_json *to = base_json_get(o, "to");
			if (!to || !to->integer || to->i < 0) {
				bad(rd, "a goto needs \"to\", the virtual ms gone to");
				goto out;
			}
			l->to = to->i;
		}
		if (play && !in_list((const char *const[]){ "pick", "pause", "faster", "slower",
							    "restart", NULL }, l->deed)) {
			bad(rd, "'%s' is not an action of a game", l->deed);
			goto out;
		}
	} else {
		l->kind = REC_LINE_END;
		if (!in_list(end_whys, end->s)) {
			bad(rd, "an end says why: restart, mode, race, quit, finished or signal");
			goto out;
		}
		snprintf(l->why, sizeof l->why, "%s", end->s);
		const struct base_json *final = base_json_get(o, "final");
		if (final && final->type != BASE_JSON_BOOL) {
			bad(rd, "\"final\" is true or false");
			goto out;
		}
		l->final = final && final->b;
		if (runs_of(rd, base_json_get(o, "runs"), l))
			goto out;
	}
	rc = 0;
out:
	base_json_free(&d);
	if (rc)
		free(l->task);
	return rc;
}

int rec_parse(const char *path, const char *text, size_t len,
	      struct rec_recording *r, char *err, size_t errcap)
{
	memset(r, 0, sizeof *r);
	struct reading rd = { path, err, errcap, 1 };
	if (!(r->path = strdup(path)))
		return bad(&rd, "out of memory");
	if (len == 0)
		return bad(&rd, "an empty file, not a kitchen recording");
	const char *p = text, *end = text + len;
	const char *nl = memchr(p, '\n', (size_t)(end - p) < REC_MAX_HEADER + 1 ?
				(size_t)(end - p) : REC_MAX_HEADER + 1);
	if (!nl) {
		if ((size_t)(end - p) > REC_MAX_HEADER)
			return bad(&rd, "the first line is longer than %u bytes: not a kitchen "
				   "recording", REC_MAX_HEADER);
		/* A header cut short: say what it is if it is one at all. */
		struct base_json_doc d;
		bool json = base_json_parse(p, (size_t)(end - p), &d) == 0;
		base_json_free(&d);
		if (json)
			return header(&rd, p, (size_t)(end - p), r) ? -1 :
			       bad(&rd, "the recording stops after its header line without "
				   "ending it (cut short)");
		return bad(&rd, "not a kitchen recording (or one cut short inside its header)");
	}
	if (header(&rd, p, (size_t)(nl - p), r))
		return -1;
	r->last_lineno = 1;
	size_t cap = 0;
	p = nl + 1;
	while (p < end) {
		rd.lineno++;
		size_t room = (size_t)(end - p);
		nl = memchr(p, '\n', room < REC_MAX_LINE + 1 ? room : REC_MAX_LINE + 1);
		if (!nl) {
			if (room > REC_MAX_LINE)
				return bad(&rd, "a line longer than %u bytes", REC_MAX_LINE);
			r->cut = true;  /* the line in flight when the run stopped */
			break;
		}
		if (nl == p)
			return bad(&rd, "an empty line");
		if (r->n == cap) {
			size_t c = cap ? cap * 2 : 64;
			struct rec_line *v = realloc(r->lines, c * sizeof *v);
			if (!v)
				return bad(&rd, "out of memory");
			r->lines = v;
			cap = c;
		}
		if (action_line(&rd, p, (size_t)(nl - p), r, &r->lines[r->n]))
			return -1;
		r->n++;
		r->last_lineno = rd.lineno;
		p = nl + 1;
	}
	r->complete = r->n && r->lines[r->n - 1].kind == REC_LINE_END && r->lines[r->n - 1].final;
	return 0;
}

int rec_read(const char *path, struct rec_recording *out, char *err, size_t errcap)
{
	char *text;
	size_t len;
	char why[600];
	memset(out, 0, sizeof *out);
	int rc = base_read_file(path, REC_MAX_FILE, &text, &len, why, sizeof why);
	if (rc) {
		const char *reason = rc > 0 ? "No such file or directory" : strrchr(why, ':');
		snprintf(err, errcap, "%s: error: cannot read it: %s", path,
			 rc > 0 ? reason : reason ? reason + 2 : why);
		return -1;
	}
	rc = rec_parse(path, text, len, out, err, errcap);
	free(text);
	return rc;
}

void rec_free(struct rec_recording *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->lines[i].task);
	free(r->lines);
	free(r->path);
	free(r->name);
	free(r->kitchen);
	free(r->scenario_text);
	scn_free(r->s);
	memset(r, 0, sizeof *r);
}
