/*
 * transcript.c — writes a run as jsonl (SPEC §6) or as aligned text.
 *
 * Formatting is done by hand into a buffer, not with printf: a benchmark run
 * writes tens of millions of lines, and the bytes must be identical on every
 * machine (no locale, no floating point: times are integer milliseconds).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "timeline.h"
#include "transcript.h"

/* ---- numbers and strings -------------------------------------------- */

size_t exp_seconds_text(int64_t ms, char *out)
{
	/* Written in place, right to left: "-", the seconds, ".", 3 digits. */
	uint64_t v = ms < 0 ? (uint64_t)0 - (uint64_t)ms : (uint64_t)ms;
	unsigned frac = (unsigned)(v % 1000);
	size_t n = (size_t)(ms < 0) + (size_t)base_dec_len(v / 1000) + 4;
	char *end = out + n;
	end[-1] = (char)('0' + frac % 10);
	end[-2] = (char)('0' + frac / 10 % 10);
	end[-3] = (char)('0' + frac / 100);
	end[-4] = '.';
	char *p = base_dec_u64(end - 4, v / 1000);
	if (ms < 0)
		p[-1] = '-';
	return n;
}

void exp_put_seconds(struct base_buf *b, int64_t ms)
{
	if (!base_buf_room(b, 24))
		return;
	b->n += exp_seconds_text(ms, b->v + b->n);
	if (b->to && b->n >= BASE_BUF_BLOCK)
		base_buf__spill(b);
}

void exp_put_json_string(struct base_buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	base_buf_putc(b, '"');
	const char *run = s;
	while (*s) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x7F) {
			s++;
			continue;
		}
		uint32_t cp = c;
		size_t n = 1;
		if (c >= 0x80) {
			n = base_utf8_decode(s, SIZE_MAX, &cp);
			if (cp != BASE_UTF8_INVALID && !base_utf8_is_control(cp)) {
				s += n;
				continue;
			}
		}
		base_buf_put(b, run, (size_t)(s - run));
		s += n;
		run = s;
		switch (cp) {
		case '"': base_buf_put(b, "\\\"", 2); break;
		case '\\': base_buf_put(b, "\\\\", 2); break;
		case '\n': base_buf_put(b, "\\n", 2); break;
		case '\t': base_buf_put(b, "\\t", 2); break;
		case '\r': base_buf_put(b, "\\r", 2); break;
		case BASE_UTF8_INVALID: base_buf_put(b, "\\ufffd", 6); break;
		default: {
			char u[6] = { '\\', 'u', hex[cp >> 12 & 15], hex[cp >> 8 & 15],
				      hex[cp >> 4 & 15], hex[cp & 15] };
			base_buf_put(b, u, 6);
		}
		}
	}
	base_buf_put(b, run, (size_t)(s - run));
	base_buf_putc(b, '"');
}

/* ---- jsonl ------------------------------------------------------------ */

#define LIT(b, s) base_buf_put((b), s, sizeof s - 1)

static const char *task_name(const struct scn_scenario *s, const struct eng_event *ev)
{
	return s->recipes[ev->recipe].tasks[ev->task].name;
}

/*
 * The pieces of jsonl that do not change during a run, written once: every
 * recipe's and task's name as a JSON string, `,"ev":"NAME"` for every event
 * type, `,"kind":"KIND","attempt":` for every kind. A writer of millions of
 * lines then copies them instead of escaping and measuring each time.
 */
struct piece {
	uint32_t off, len;
};

struct jsonl_pieces {
	struct base_buf text;           /* every piece, one after another */
	struct piece *recipe;           /* by recipe */
	struct piece **task;            /* by recipe, then task */
	struct piece ev[ENG_EVENT_TYPES];
	struct piece kind[3];
};

static struct piece piece_end(struct jsonl_pieces *p, size_t from)
{
	return (struct piece){ (uint32_t)from, (uint32_t)(p->text.n - from) };
}

static void pieces_free(struct jsonl_pieces *p)
{
	if (!p)
		return;
	if (p->task)
		for (int r = 0; p->recipe && p->task[r]; r++)
			free(p->task[r]);
	free(p->task);
	free(p->recipe);
	base_buf_close(&p->text);
	free(p);
}

static struct jsonl_pieces *pieces_new(const struct scn_scenario *s)
{
	struct jsonl_pieces *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	base_buf_init(&p->text, NULL);
	p->recipe = calloc((size_t)s->n_recipes, sizeof *p->recipe);
	p->task = calloc((size_t)s->n_recipes + 1, sizeof *p->task);
	if (!p->recipe || !p->task) {
		pieces_free(p);
		return NULL;
	}
	for (int r = 0; r < s->n_recipes; r++) {
		size_t from = p->text.n;
		exp_put_json_string(&p->text, s->recipes[r].name);
		p->recipe[r] = piece_end(p, from);
		p->task[r] = calloc((size_t)s->recipes[r].n_tasks, sizeof **p->task);
		if (!p->task[r]) {
			pieces_free(p);
			return NULL;
		}
		for (int t = 0; t < s->recipes[r].n_tasks; t++) {
			from = p->text.n;
			exp_put_json_string(&p->text, s->recipes[r].tasks[t].name);
			p->task[r][t] = piece_end(p, from);
		}
	}
	for (int e = 0; e < ENG_EVENT_TYPES; e++) {
		size_t from = p->text.n;
		base_buf_puts(&p->text, ",\"ev\":\"");
		base_buf_puts(&p->text, eng_event_name((enum eng_event_type)e));
		base_buf_putc(&p->text, '"');
		p->ev[e] = piece_end(p, from);
	}
	for (int k = 0; k < 3; k++) {
		size_t from = p->text.n;
		base_buf_puts(&p->text, ",\"kind\":\"");
		base_buf_puts(&p->text, scn_kind_name((enum scn_kind)k));
		base_buf_puts(&p->text, "\",\"attempt\":");
		p->kind[k] = piece_end(p, from);
	}
	if (base_buf_failed(&p->text) || p->text.n > UINT32_MAX) {
		pieces_free(p);
		return NULL;
	}
	return p;
}

static void put_piece(struct base_buf *b, const struct jsonl_pieces *p, struct piece x)
{
	base_buf_put(b, p->text.v + x.off, x.len);
}

static void field_order_task(struct base_buf *b, const struct scn_scenario *s,
			     const struct jsonl_pieces *p, const struct eng_event *ev)
{
	LIT(b, ",\"order\":");
	base_buf_u64(b, ev->order);
	LIT(b, ",\"task\":");
	if (p)
		put_piece(b, p, p->task[ev->recipe][ev->task]);
	else
		exp_put_json_string(b, task_name(s, ev));
}

static void field_order_recipe(struct base_buf *b, const struct scn_scenario *s,
			       const struct jsonl_pieces *p, const struct eng_event *ev)
{
	LIT(b, ",\"order\":");
	base_buf_u64(b, ev->order);
	LIT(b, ",\"recipe\":");
	if (p)
		put_piece(b, p, p->recipe[ev->recipe]);
	else
		exp_put_json_string(b, s->recipes[ev->recipe].name);
}

/* One event as a jsonl line; `p` (may be NULL) has the pieces ready. */
static void event_jsonl(struct base_buf *b, const struct scn_scenario *s,
			const struct jsonl_pieces *p, const struct eng_event *ev)
{
	LIT(b, "{\"t\":");
	exp_put_seconds(b, ev->t);
	if (p) {
		put_piece(b, p, p->ev[ev->type]);
	} else {
		LIT(b, ",\"ev\":\"");
		base_buf_puts(b, eng_event_name(ev->type));
		LIT(b, "\"");
	}
	switch (ev->type) {
	case ENG_ORDER_ARRIVED:
		field_order_recipe(b, s, p, ev);
		LIT(b, ",\"late\":");
		exp_put_seconds(b, ev->late);
		break;
	case ENG_TASK_READY:
	case ENG_TASK_CANCELLED:
		field_order_task(b, s, p, ev);
		break;
	case ENG_TASK_STARTED:
		field_order_task(b, s, p, ev);
		if (p) {
			put_piece(b, p, p->kind[ev->kind]);
		} else {
			LIT(b, ",\"kind\":\"");
			base_buf_puts(b, scn_kind_name(ev->kind));
			LIT(b, "\",\"attempt\":");
		}
		base_buf_u64(b, (uint64_t)ev->attempt);
		break;
	case ENG_TASK_DONE:
		field_order_task(b, s, p, ev);
		LIT(b, ",\"late\":");
		exp_put_seconds(b, ev->late);
		break;
	case ENG_TASK_FAILED:
		field_order_task(b, s, p, ev);
		LIT(b, ",\"error\":");
		exp_put_json_string(b, ev->error);
		LIT(b, ",\"attempt\":");
		base_buf_u64(b, (uint64_t)ev->attempt);
		if (ev->final)
			LIT(b, ",\"final\":true");
		else
			LIT(b, ",\"final\":false");
		break;
	case ENG_ORDER_DONE:
		field_order_recipe(b, s, p, ev);
		LIT(b, ",\"failed_tasks\":");
		base_buf_u64(b, ev->failed_tasks);
		break;
	case ENG_ORDER_FAILED:
		field_order_recipe(b, s, p, ev);
		LIT(b, ",\"error\":");
		exp_put_json_string(b, ev->error);
		break;
	case ENG_SAY:
		LIT(b, ",\"text\":");
		exp_put_json_string(b, ev->text);
		if (ev->order)
			field_order_task(b, s, p, ev);
		break;
	case ENG_ASK:
		LIT(b, ",\"text\":");
		exp_put_json_string(b, ev->text);
		LIT(b, ",\"answer\":");
		base_buf_u64(b, (uint64_t)ev->answer);
		break;
	default:
		break;
	}
	LIT(b, "}\n");
}

void exp_event_jsonl(struct base_buf *b, const struct scn_scenario *s, const struct eng_event *ev)
{
	event_jsonl(b, s, NULL, ev);
}

/* Utilisation as a fraction with 3 decimals ("0.750"). */
static void stat_jsonl(struct base_buf *b, const struct eng_stat *st, int64_t makespan)
{
	LIT(b, "{\"capacity\":");
	base_buf_u64(b, (uint64_t)st->capacity);
	LIT(b, ",\"utilisation\":");
	int64_t u = eng_stat_utilisation(st, makespan);
	base_buf_u64(b, (uint64_t)(u / 1000));
	char frac[4] = { '.', (char)('0' + u / 100 % 10), (char)('0' + u / 10 % 10), (char)('0' + u % 10) };
	base_buf_put(b, frac, 4);
	LIT(b, ",\"wait_mean\":");
	exp_put_seconds(b, eng_stat_wait_mean(st));
	LIT(b, ",\"wait_max\":");
	exp_put_seconds(b, st->wait_max_ms);
	LIT(b, "}");
}

void exp_summary_jsonl(struct base_buf *b, const struct scn_scenario *s, const struct eng_summary *sum)
{
	LIT(b, "{\"ev\":\"summary\",\"mode\":\"");
	base_buf_puts(b, scn_mode_name(sum->mode));
	LIT(b, "\",\"makespan\":");
	exp_put_seconds(b, sum->makespan);
	LIT(b, ",\"orders\":");
	base_buf_u64(b, sum->orders);
	LIT(b, ",\"orders_done\":");
	base_buf_u64(b, sum->orders_done);
	LIT(b, ",\"orders_failed\":");
	base_buf_u64(b, sum->orders_failed);
	LIT(b, ",\"blocked\":");
	exp_put_seconds(b, sum->blocked);
	LIT(b, ",\"late_max\":");
	exp_put_seconds(b, sum->late_max);
	LIT(b, ",\"events\":");
	base_buf_u64(b, sum->events);
	LIT(b, ",\"peak_tasks\":");
	base_buf_u64(b, sum->peak_tasks);
	LIT(b, ",\"latency_mean\":");
	exp_put_seconds(b, eng_latency_mean(sum));
	LIT(b, ",\"chef\":");
	stat_jsonl(b, &sum->chef, sum->makespan);
	LIT(b, ",\"helpers\":");
	stat_jsonl(b, &sum->helpers, sum->makespan);
	LIT(b, ",\"stations\":{");
	for (int i = 0; i < sum->n_stations; i++) {
		if (i)
			LIT(b, ",");
		exp_put_json_string(b, s->stations[i].name);
		LIT(b, ":");
		stat_jsonl(b, &sum->stations[i], sum->makespan);
	}
	LIT(b, "}}\n");
}

/* ---- text ------------------------------------------------------------- */

struct exp_writer {
	struct base_buf buf;
	enum exp_format format;
	const struct scn_scenario *s;
	struct exp_timeline *timeline; /* EXP_TIMELINE only */
	struct jsonl_pieces *pieces;    /* EXP_JSONL only */
	int task_width;         /* widest "#order task" column */
	int time_width;
	bool ascii;             /* no UTF-8 locale */
	struct base_text how;   /* scenario text in the line being written */
};

static int digits(uint64_t v)
{
	int d = 1;
	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

/* Text that came from the scenario, by the rules of base/utf8.h: a line
 * break continues at the message's column, nothing raw reaches the
 * terminal. */
static void put_text(struct exp_writer *w, const char *s)
{
	base_text_put(&w->buf, s, strlen(s), &w->how, w->how.indent, NULL);
}

/* "   3.000  #12 grind      " : the time, then who, padded. Sets the
 * column where the message starts (continuation lines go there). */
static void text_prefix(struct exp_writer *w, const struct eng_event *ev)
{
	struct base_buf *b = &w->buf;
	char t[24];
	size_t tn = exp_seconds_text(ev->t, t);
	base_buf_pad(b, w->time_width - (int)tn);
	base_buf_put(b, t, tn);
	LIT(b, "  ");
	int col = (tn > (size_t)w->time_width ? (int)tn : w->time_width) + 2;
	int used = 0;
	if (ev->order) {
		LIT(b, "#");
		base_buf_u64(b, ev->order);
		used = 1 + digits(ev->order);
		if (ev->task >= 0) {
			const char *name = task_name(w->s, ev);
			LIT(b, " ");
			struct base_text line = { .ascii = w->ascii, .indent = -1, .max_cols = -1 };
			used = base_text_put(b, name, strlen(name), &line, used + 1, NULL);
		}
	}
	base_buf_pad(b, w->task_width - used + 2);
	w->how.indent = col + (used > w->task_width ? used : w->task_width) + 2;
}

static void text_event(struct exp_writer *w, const struct eng_event *ev)
{
	struct base_buf *b = &w->buf;
	const struct scn_scenario *s = w->s;
	text_prefix(w, ev);
	switch (ev->type) {
	case ENG_ORDER_ARRIVED:
		LIT(b, "order arrived: ");
		put_text(w, s->recipes[ev->recipe].title);
		if (ev->late) {
			LIT(b, ", ");
			exp_put_seconds(b, ev->late);
			LIT(b, " s late");
		}
		break;
	case ENG_TASK_READY:
		LIT(b, "ready");
		break;
	case ENG_TASK_STARTED:
		LIT(b, "started (");
		base_buf_puts(b, scn_kind_name(ev->kind));
		if (ev->attempt > 1) {
			LIT(b, ", attempt ");
			base_buf_u64(b, (uint64_t)ev->attempt);
		}
		LIT(b, ")");
		break;
	case ENG_TASK_DONE:
		LIT(b, "done");
		if (ev->late) {
			LIT(b, ", ");
			exp_put_seconds(b, ev->late);
			LIT(b, " s late");
		}
		break;
	case ENG_TASK_FAILED:
		LIT(b, "FAILED: ");
		put_text(w, ev->error);
		LIT(b, " (attempt ");
		base_buf_u64(b, (uint64_t)ev->attempt);
		if (ev->final)
			LIT(b, ", final)");
		else
			LIT(b, ", will retry)");
		break;
	case ENG_TASK_CANCELLED:
		LIT(b, "cancelled");
		break;
	case ENG_ORDER_DONE:
		LIT(b, "ORDER DONE: ");
		put_text(w, s->recipes[ev->recipe].title);
		if (ev->failed_tasks) {
			LIT(b, " (");
			base_buf_u64(b, ev->failed_tasks);
			base_buf_puts(b, ev->failed_tasks == 1 ? " task failed)" : " tasks failed)");
		}
		break;
	case ENG_ORDER_FAILED:
		LIT(b, "ORDER FAILED: ");
		put_text(w, ev->error);
		break;
	case ENG_SAY:
		base_buf_puts(b, ev->order ? "says \"" : "script: \"");
		put_text(w, ev->text);
		LIT(b, "\"");
		break;
	case ENG_PAUSE:
		LIT(b, "script: pause");
		break;
	case ENG_ASK: {
		const struct scn_directive *d = &s->script[ev->directive];
		LIT(b, "script asks: ");
		put_text(w, ev->text);
		int choice_col = w->how.indent + 2;
		for (int i = 0; i < d->n_choices; i++) {
			LIT(b, "\n");
			base_buf_pad(b, choice_col);
			base_buf_u64(b, (uint64_t)i + 1);
			LIT(b, ") ");
			w->how.indent = choice_col + 3;
			put_text(w, d->choices[i]);
			if (i + 1 == ev->answer)
				LIT(b, "   <- answer");
		}
		break;
	}
	default:
		break;
	}
	LIT(b, "\n");
}

/* Columns of the resource table: the waits' columns widen to the widest
 * figure (a 24 h task queued behind 10^6 others waits 86399913600.000 s),
 * so no two figures ever run together. */
struct stat_cols {
	int name, mean, worst;
};

/* Characters of "S.MMM s" for `ms`. */
static int seconds_width(int64_t ms)
{
	int w = 7; /* "0.000 s" */
	for (int64_t whole = ms / 1000; whole >= 10; whole /= 10)
		w++;
	return w;
}

static void stat_widen(struct stat_cols *c, const struct eng_stat *st)
{
	int mean = seconds_width(eng_stat_wait_mean(st)) + 2;
	int worst = seconds_width(st->wait_max_ms) + 2;
	if (mean > c->mean)
		c->mean = mean;
	if (worst > c->worst)
		c->worst = worst;
}

static void text_stat(struct exp_writer *w, const char *name, const struct stat_cols *c,
		      const struct eng_stat *st, int64_t makespan)
{
	struct base_buf *b = &w->buf;
	struct base_text line = { .ascii = w->ascii, .indent = -1, .max_cols = -1 };
	int width = c->name;
	LIT(b, "  ");
	base_buf_pad(b, width - (base_text_put(b, name, strlen(name), &line, 0, NULL)));
	struct base_buf tmp;
	base_buf_init(&tmp, NULL);
	base_buf_u64(&tmp, (uint64_t)st->capacity);
	base_buf_pad(b, 9 - (int)tmp.n);
	base_buf_put(b, tmp.v, tmp.n);
	tmp.n = 0;
	int64_t u = eng_stat_utilisation(st, makespan);
	base_buf_u64(&tmp, (uint64_t)(u / 10));
	base_buf_put(&tmp, ".", 1);
	base_buf_u64(&tmp, (uint64_t)(u % 10));
	base_buf_put(&tmp, "%", 1);
	base_buf_pad(b, 13 - (int)tmp.n);
	base_buf_put(b, tmp.v, tmp.n);
	tmp.n = 0;
	exp_put_seconds(&tmp, eng_stat_wait_mean(st));
	base_buf_put(&tmp, " s", 2);
	base_buf_pad(b, c->mean - (int)tmp.n);
	base_buf_put(b, tmp.v, tmp.n);
	tmp.n = 0;
	exp_put_seconds(&tmp, st->wait_max_ms);
	base_buf_put(&tmp, " s", 2);
	base_buf_pad(b, c->worst - (int)tmp.n);
	base_buf_put(b, tmp.v, tmp.n);
	base_buf_close(&tmp);
	LIT(b, "\n");
}

static void text_summary(struct exp_writer *w, const struct eng_summary *sum, int64_t other)
{
	struct base_buf *b = &w->buf;
	const struct scn_scenario *s = w->s;
	bool conc = sum->mode == SCN_CONCURRENT;
	LIT(b, "\nsummary (");
	base_buf_puts(b, scn_mode_name(sum->mode));
	LIT(b, ")\n  finished after   ");
	exp_put_seconds(b, sum->makespan);
	LIT(b, " s\n");
	if (other >= 0) {
		base_buf_puts(b, conc ? "  sequentially     " : "  concurrently    ");
		exp_put_seconds(b, other);
		base_buf_puts(b, conc ? " s, one step after another" : " s, with the event loop");
		if (other != sum->makespan) {
			int64_t d = other > sum->makespan ? other - sum->makespan : sum->makespan - other;
			LIT(b, " (");
			exp_put_seconds(b, d);
			base_buf_puts(b, other > sum->makespan ? " s slower)" : " s sooner)");
		}
		LIT(b, "\n");
	}
	LIT(b, "  orders           ");
	base_buf_u64(b, sum->orders);
	LIT(b, " (");
	base_buf_u64(b, sum->orders_done);
	LIT(b, " done, ");
	base_buf_u64(b, sum->orders_failed);
	LIT(b, " failed)\n  mean latency     ");
	exp_put_seconds(b, eng_latency_mean(sum));
	LIT(b, " s from arrival to done\n  loop blocked     ");
	exp_put_seconds(b, sum->blocked);
	LIT(b, " s by work steps\n  worst lateness   ");
	exp_put_seconds(b, sum->late_max);
	LIT(b, " s\n\n");
	struct stat_cols cols = { 8, 13, 13 };
	stat_widen(&cols, &sum->chef);
	stat_widen(&cols, &sum->helpers);
	for (int i = 0; i < s->n_stations; i++) {
		if (base_text_width(s->stations[i].name, w->ascii) + 2 > cols.name)
			cols.name = base_text_width(s->stations[i].name, w->ascii) + 2;
		stat_widen(&cols, &sum->stations[i]);
	}
	LIT(b, "  resource");
	base_buf_pad(b, cols.name - 8);
	LIT(b, " capacity  utilisation");
	base_buf_pad(b, cols.mean - 9);
	LIT(b, "mean wait");
	base_buf_pad(b, cols.worst - 10);
	LIT(b, "worst wait\n");
	text_stat(w, "chef", &cols, &sum->chef, sum->makespan);
	text_stat(w, "helpers", &cols, &sum->helpers, sum->makespan);
	for (int i = 0; i < s->n_stations; i++)
		text_stat(w, s->stations[i].name, &cols, &sum->stations[i], sum->makespan);
	if (conc)
		LIT(b, "  (chef: time blocked by work; waits are callbacks' time in the ready queue)\n");
	else
		LIT(b, "  (chef: busy with every step; nothing waits in blocking code)\n");
}

/* ---- the writer ------------------------------------------------------- */

static void on_event(void *ctx, const struct eng_event *ev)
{
	struct exp_writer *w = ctx;
	if (w->format == EXP_JSONL)
		event_jsonl(&w->buf, w->s, w->pieces, ev);
	else if (w->format == EXP_TEXT)
		text_event(w, ev);
}

struct exp_writer *exp_writer_new(FILE *to, enum exp_format format, const struct scn_scenario *s,
				  bool ascii)
{
	struct exp_writer *w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	base_buf_init(&w->buf, to);
	w->format = format;
	w->s = s;
	/* "#N task": N up to the number of orders, the longest task name. */
	int name = 0;
	for (int r = 0; r < s->n_recipes; r++)
		for (int i = 0; i < s->recipes[r].n_tasks; i++)
			if (base_text_width(s->recipes[r].tasks[i].name, ascii) > name)
				name = base_text_width(s->recipes[r].tasks[i].name, ascii);
	w->task_width = 1 + digits(scn_total_orders(s)) + 1 + name;
	/* The widest time: from the latest arrival or directive (a run may go
	 * on longer; then the column just grows). */
	int64_t last = scn_last_arrival(s);
	for (int i = 0; i < s->n_script; i++)
		if (s->script[i].at_ms > last)
			last = s->script[i].at_ms;
	w->time_width = digits((uint64_t)(last / 1000)) + 5;
	if (w->time_width < 7)
		w->time_width = 7;
	w->ascii = ascii;
	w->how = (struct base_text){ .ascii = ascii, .indent = 0, .max_cols = -1 };
	if ((format == EXP_TIMELINE && !(w->timeline = exp_timeline_new(s, ascii))) ||
	    (format == EXP_JSONL && !(w->pieces = pieces_new(s)))) {
		exp_timeline_free(w->timeline);
		free(w);
		return NULL;
	}
	return w;
}

int exp_writer_attach(struct exp_writer *w, struct eng_engine *e)
{
	if (w->format == EXP_TIMELINE)
		return w->timeline ? exp_timeline_attach(w->timeline, e) : -1;
	struct eng_observer o = { .on_event = on_event, .ctx = w };
	return eng_add_observer(e, &o);
}

bool exp_writer_failed(const struct exp_writer *w)
{
	return base_buf_failed(&w->buf);
}

void exp_writer_finish(struct exp_writer *w, const struct eng_summary *sum, int64_t other_makespan)
{
	if (w->format == EXP_TEXT)
		text_summary(w, sum, other_makespan);
	else if (w->format == EXP_TIMELINE)
		exp_timeline_write(w->timeline, &w->buf, sum);
	else
		exp_summary_jsonl(&w->buf, w->s, sum);
}

int exp_writer_free(struct exp_writer *w)
{
	if (!w)
		return 0;
	int rc = base_buf_flush(&w->buf) == 0 ? 0 : w->buf.oom ? ENOMEM : w->buf.err;
	base_buf_close(&w->buf);
	exp_timeline_free(w->timeline);
	pieces_free(w->pieces);
	free(w);
	return rc;
}
