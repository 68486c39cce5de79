/*
 * clock.c — the real-time clock: wall time scaled by the speed, one
 * uv_timer_t per running task, one wake-up timer, and the advance that
 * performs every engine action due by now (see clock.h).
 *
 * Mapping. While running, virtual(now) = base_v + (hr - base_ns) * speed;
 * a virtual time d is reached at deadline(d) = base_ns + ceil((d - base_v)
 * / speed). A libuv timer is due when the loop's millisecond clock reaches
 * ceil(deadline / 1 ms); that clock never runs ahead of uv_hrtime, so a
 * timer never fires before its virtual time: no early firing to correct,
 * and at most about 1 ms of rounding, which the lateness bench measures.
 *
 * Mirror. Running tasks are followed through the engine's events: a
 * task_started arms the task's timer for the end of that attempt (start +
 * fail_after, or + duration: SPEC §4); its task_done, task_failed or
 * task_cancelled stops it. Looking each task up in the engine instead
 * would walk its list of orders (eng_order_at is sequential), too slow
 * with 10,000 live tasks. The timers sit in a chained hash table keyed by
 * (engine, order, task), in chunks that never move (libuv keeps pointers).
 *
 * Advance. On any firing the engines perform every action due by now —
 * what eng_run_until does — but one eng_run_action at a time, in time order
 * across the engines of the race view, because two things must be able to
 * stop it between actions: a script `pause` or `ask` (the clock stops at
 * that directive's time, not a few ms past it), and a cap on the actions
 * per loop turn (keys stay answered when a million arrivals fall due).
 *
 * The wake-up timer is always armed at the engines' next action, even when
 * that action is a running task's end whose own timer is due at the same
 * moment: the second callback of that loop turn then finds nothing to do.
 * Knowing which comes first would mean keeping a second heap next to
 * libuv's; the spare callback is cheaper than that code.
 */
#include "clock.h"
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "export/transcript.h"
#include "scenario/duration.h"

#define CHUNK_SLOTS 256
/* Actions performed per loop turn at most, so keys stay answered even when
 * a million arrivals fall due at once; the rest continue next turn. */
#define MAX_STEPS_PER_TURN 20000
/* Beyond this a timer is armed for a day and re-armed when it fires. */
#define FAR_MS (10LL * 1000 * 1000 * 1000)
#define MAX_TIMEOUT_MS (24ULL * 3600 * 1000)
#define NS_PER_MS 1000000ULL

struct slot {
	uv_timer_t timer;
	struct rt_clock *clock;
	struct slot *next;      /* hash chain, or the free list */
	uint64_t order;
	int task;
	int eng;
	bool used;
	uint32_t gen;           /* bumped on every reuse */
	int64_t due;            /* virtual ms */
	uint64_t deadline_ns;   /* 0 when clamped (far future) */
};

struct chunk {
	struct chunk *next;
	struct slot s[CHUNK_SLOTS];
};

struct rt_clock {
	struct rt_loop *loop;
	struct rt_clock_hooks hooks;
	struct eng_engine *eng[RT_MAX_ENGINES];
	int n;

	bool running;
	int speed;              /* log2 */
	int64_t base_v;         /* virtual ms at base_ns */
	uint64_t base_ns;

	uv_timer_t wake;
	struct chunk *chunks;
	struct slot *free_slots;
	struct slot **bucket;
	size_t n_buckets, used;
	int closing;            /* handles whose close callback is pending */

	/* conformance log */
	FILE *log;
	int log_state;          /* 0 off, 1 waiting for the first attach, 2 on, 3 over */
	struct eng_engine *log_eng;
	struct base_buf buf;
	int64_t handling;       /* the virtual time the current batch runs at */

	/* lateness samples, ns */
	bool record;
	int64_t *late;
	size_t n_late, cap_late;
};

/* ---- time ------------------------------------------------------------- */

static int64_t vnow(const struct rt_clock *c)
{
	if (!c->running)
		return c->base_v;
	uint64_t el = uv_hrtime() - c->base_ns;
	int64_t dv = c->speed >= 0 ? (int64_t)((el << c->speed) / NS_PER_MS)
				   : (int64_t)((el >> -c->speed) / NS_PER_MS);
	return c->base_v + dv;
}

/* The wall time (ns) at which virtual `d` is reached; 0 when beyond FAR_MS. */
static uint64_t deadline(const struct rt_clock *c, int64_t d)
{
	int64_t dv = d - c->base_v;
	if (dv <= 0)
		return c->base_ns;
	if (dv > FAR_MS)
		return 0;
	uint64_t ns = (uint64_t)dv * NS_PER_MS;
	if (c->speed >= 0)
		ns = (ns + ((1ULL << c->speed) - 1)) >> c->speed;
	else
		ns <<= -c->speed;
	return c->base_ns + ns;
}

/* Starts `t` to fire when the loop's clock reaches `deadline_ns`. */
static void arm(struct rt_clock *c, uv_timer_t *t, uv_timer_cb cb,
		uint64_t deadline_ns)
{
	uint64_t timeout = MAX_TIMEOUT_MS;
	if (deadline_ns) {
		uint64_t due_ms = (deadline_ns + NS_PER_MS - 1) / NS_PER_MS;
		uint64_t now_ms = uv_now(rt__uv(c->loop));
		timeout = due_ms > now_ms ? due_ms - now_ms : 0;
		if (timeout > MAX_TIMEOUT_MS)
			timeout = MAX_TIMEOUT_MS;
	}
	uv_timer_start(t, cb, timeout, 0);
}

/* ---- slots ------------------------------------------------------------ */

static size_t hash(int eng, uint64_t order, int task, size_t n_buckets)
{
	uint64_t h = order * 0x9E3779B97F4A7C15ULL;
	h ^= (uint64_t)(unsigned)task * 0xBF58476D1CE4E5B9ULL + (uint64_t)eng;
	h ^= h >> 29;
	return (size_t)(h & (n_buckets - 1));
}

static void on_slot(uv_timer_t *t);
static void on_wake(uv_timer_t *t);
static void advance(struct rt_clock *c);

static int grow_buckets(struct rt_clock *c)
{
	size_t n = c->n_buckets ? c->n_buckets * 2 : 1024;
	struct slot **b = calloc(n, sizeof *b);
	if (!b)
		return -1;
	for (size_t i = 0; i < c->n_buckets; i++) {
		struct slot *s = c->bucket[i];
		while (s) {
			struct slot *next = s->next;
			size_t h = hash(s->eng, s->order, s->task, n);
			s->next = b[h];
			b[h] = s;
			s = next;
		}
	}
	free(c->bucket);
	c->bucket = b;
	c->n_buckets = n;
	return 0;
}

static struct slot *slot_alloc(struct rt_clock *c)
{
	if (!c->free_slots) {
		struct chunk *ch = calloc(1, sizeof *ch);
		if (!ch)
			return NULL;
		ch->next = c->chunks;
		c->chunks = ch;
		for (int i = CHUNK_SLOTS - 1; i >= 0; i--) {
			struct slot *s = &ch->s[i];
			uv_timer_init(rt__uv(c->loop), &s->timer);
			s->timer.data = s;
			s->clock = c;
			s->next = c->free_slots;
			c->free_slots = s;
		}
	}
	struct slot *s = c->free_slots;
	c->free_slots = s->next;
	return s;
}

static struct slot **slot_find(struct rt_clock *c, int eng, uint64_t order, int task)
{
	if (!c->n_buckets)
		return NULL;
	struct slot **p = &c->bucket[hash(eng, order, task, c->n_buckets)];
	while (*p && !((*p)->eng == eng && (*p)->order == order && (*p)->task == task))
		p = &(*p)->next;
	return p;
}

static void slot_arm(struct rt_clock *c, struct slot *s)
{
	s->deadline_ns = deadline(c, s->due);
	arm(c, &s->timer, on_slot, s->deadline_ns);
}

/* Mirrors a running task: its timer due at virtual `due`. */
static int slot_put(struct rt_clock *c, int eng, uint64_t order, int task, int64_t due)
{
	if (c->used >= c->n_buckets * 2 && grow_buckets(c) < 0)
		return -1;
	struct slot **p = slot_find(c, eng, order, task);
	struct slot *s = *p;
	if (!s) {
		s = slot_alloc(c);
		if (!s)
			return -1;
		s->eng = eng;
		s->order = order;
		s->task = task;
		s->used = true;
		s->gen++;
		s->next = NULL;
		*p = s;
		c->used++;
	}
	s->due = due;
	if (c->running)
		slot_arm(c, s);
	return 0;
}

/* Lateness: how long after the ideal wall time of a task's end the engine
 * handled it. Measured here, when the end is handled, rather than in the
 * timer's callback: when the loop runs late, an earlier timer's callback
 * may handle several ends and stop their timers before they run, and
 * those are exactly the late ones. */
static void record(struct rt_clock *c, const struct slot *s)
{
	if (c->n_late == c->cap_late) {
		size_t cap = c->cap_late ? c->cap_late * 2 : 4096;
		int64_t *v = realloc(c->late, cap * sizeof *v);
		if (!v)
			return;
		c->late = v;
		c->cap_late = cap;
	}
	c->late[c->n_late++] = (int64_t)(uv_hrtime() - s->deadline_ns);
}

static void slot_del(struct rt_clock *c, int eng, uint64_t order, int task,
		     int64_t ended_at)
{
	struct slot **p = slot_find(c, eng, order, task);
	if (!p || !*p)
		return;
	struct slot *s = *p;
	if (c->record && c->running && s->deadline_ns && ended_at == s->due)
		record(c, s);
	*p = s->next;
	uv_timer_stop(&s->timer);
	s->used = false;
	s->next = c->free_slots;
	c->free_slots = s;
	c->used--;
}

/* Calls fn on every mirrored task's slot. */
static void each_slot(struct rt_clock *c, void (*fn)(struct rt_clock *, struct slot *))
{
	for (struct chunk *ch = c->chunks; ch; ch = ch->next)
		for (int i = 0; i < CHUNK_SLOTS; i++)
			if (ch->s[i].used)
				fn(c, &ch->s[i]);
}

static void stop_slot(struct rt_clock *c, struct slot *s)
{
	(void)c;
	uv_timer_stop(&s->timer);
}

static void clear_all(struct rt_clock *c)
{
	for (size_t i = 0; i < c->n_buckets; i++) {
		struct slot *s = c->bucket[i];
		while (s) {
			struct slot *next = s->next;
			uv_timer_stop(&s->timer);
			s->used = false;
			s->next = c->free_slots;
			c->free_slots = s;
			s = next;
		}
		c->bucket[i] = NULL;
	}
	c->used = 0;
}

/* ---- the engines' side ------------------------------------------------ */

static int64_t attempt_end(const struct eng_engine *e, const struct eng_event *ev)
{
	const struct scn_task *t = &eng_scenario(e)->recipes[ev->recipe].tasks[ev->task];
	return ev->t + scn_attempt_ms(t);
}

static void log_line(struct rt_clock *c, const struct eng_event *ev)
{
	c->buf.n = 0;
	exp_event_jsonl(&c->buf, eng_scenario(c->log_eng), ev);
	/* Insert "wall" before the closing brace. */
	size_t end = c->buf.n;
	while (end > 0 && c->buf.v[end - 1] != '}')
		end--;
	if (!end)
		return;
	fwrite(c->buf.v, 1, end - 1, c->log);
	char sec[32];
	fprintf(c->log, ",\"wall\":%s}\n", scn_format_seconds(c->handling, sec));
}

void rt_clock_event(struct rt_clock *c, int eng, const struct eng_event *ev)
{
	if (eng < 0 || eng >= c->n)
		return;
	switch (ev->type) {
	case ENG_TASK_STARTED: {
		int64_t end = attempt_end(c->eng[eng], ev);
		if (end > ev->t)        /* a 0 s wait arms no timer */
			slot_put(c, eng, ev->order, ev->task, end);
		break;
	}
	case ENG_TASK_DONE:
	case ENG_TASK_FAILED:
	case ENG_TASK_CANCELLED:
		slot_del(c, eng, ev->order, ev->task,
			 ev->type == ENG_TASK_CANCELLED ? -1 : ev->t);
		break;
	default:
		break;
	}
	if (c->log_state == 2 && c->eng[eng] == c->log_eng) {
		c->handling = vnow(c);
		log_line(c, ev);
	}
}

static void log_summary(struct rt_clock *c)
{
	if (c->log_state != 2 || !eng_done(c->log_eng))
		return;
	c->buf.n = 0;
	exp_summary_jsonl(&c->buf, eng_scenario(c->log_eng), eng_summary(c->log_eng));
	fwrite(c->buf.v, 1, c->buf.n, c->log);
	fflush(c->log);
	c->log_state = 3;
}

/* Mirrors every running task of an engine that may already have run. */
static int scan(struct rt_clock *c, int i)
{
	const struct eng_engine *e = c->eng[i];
	const struct scn_scenario *s = eng_scenario(e);
	size_t n = eng_order_count(e);
	for (size_t j = 0; j < n; j++) {
		struct eng_order_info oi;
		/* Every order: one that failed under `propagate` keeps its
		 * other tasks running. */
		eng_order_at(e, j, &oi);
		for (int k = 0; k < s->recipes[oi.recipe].n_tasks; k++) {
			struct eng_task_info ti;
			eng_order_task(e, j, k, &ti);
			if (ti.state == ENG_TS_RUNNING && ti.due > ti.started &&
			    slot_put(c, i, oi.id, k, ti.due) < 0)
				return -1;
		}
	}
	return 0;
}

/* ---- running ------------------------------------------------------------ */

static bool all_done(const struct rt_clock *c)
{
	for (int i = 0; i < c->n; i++)
		if (!eng_done(c->eng[i]))
			return false;
	return true;
}

static int64_t next_time(const struct rt_clock *c)
{
	int64_t t = ENG_NEVER;
	for (int i = 0; i < c->n; i++) {
		int64_t n = eng_next_time(c->eng[i]);
		if (n < t)
			t = n;
	}
	return t;
}

static void arm_wake(struct rt_clock *c, bool at_once)
{
	int64_t t = next_time(c);
	if (!c->running || t == ENG_NEVER) {
		uv_timer_stop(&c->wake);
		return;
	}
	if (at_once)
		uv_timer_start(&c->wake, on_wake, 0, 0);
	else
		arm(c, &c->wake, on_wake, deadline(c, t));
}

static void arm_slot(struct rt_clock *c, struct slot *s)
{
	slot_arm(c, s);
}

static void stop_all(struct rt_clock *c)
{
	uv_timer_stop(&c->wake);
	each_slot(c, stop_slot);
}

static void pause_at(struct rt_clock *c, int64_t t)
{
	c->base_v = t;
	c->running = false;
	stop_all(c);
}

static void advance(struct rt_clock *c)
{
	if (!c->running || c->n == 0)
		return;
	int64_t now = vnow(c);
	unsigned what = 0;
	size_t steps = 0;
	bool more = false;
	for (;;) {
		int best = -1;
		int64_t bt = ENG_NEVER;
		for (int i = 0; i < c->n; i++) {
			int64_t t = eng_next_time(c->eng[i]);
			if (t < bt) {
				bt = t;
				best = i;
			}
		}
		if (best < 0 || bt > now)
			break;
		if (steps++ == MAX_STEPS_PER_TURN) {
			more = true;
			break;
		}
		eng_run_action(c->eng[best]);
		what |= RT_ADV_STEPPED;
		if (c->hooks.stop_after_step && c->hooks.stop_after_step(c->hooks.ctx)) {
			pause_at(c, eng_now(c->eng[best]));
			what |= RT_ADV_STOPPED;
			break;
		}
	}
	if (c->log_state == 2)
		log_summary(c);
	if (all_done(c)) {
		int64_t end = 0;
		for (int i = 0; i < c->n; i++)
			if (eng_now(c->eng[i]) > end)
				end = eng_now(c->eng[i]);
		if (c->running)
			pause_at(c, end);
		what |= RT_ADV_FINISHED;
	} else {
		arm_wake(c, more);
	}
	if (what && c->hooks.on_advance)
		c->hooks.on_advance(c->hooks.ctx, what);
}

static void on_wake(uv_timer_t *t)
{
	advance(t->data);
}

static void on_slot(uv_timer_t *t)
{
	struct slot *s = t->data;
	struct rt_clock *c = s->clock;
	uint32_t gen = s->gen;
	advance(c);
	/* Still the same running task, not due yet (its timer was armed for
	 * at most a day): wait for it again. A task whose end is due but not
	 * handled — the loop is blocked by a work step — needs no timer: the
	 * engine handles its end (late) once the block's end is. */
	if (s->used && s->gen == gen && c->running &&
	    !uv_is_active((uv_handle_t *)&s->timer) && s->due > vnow(c))
		slot_arm(c, s);
}

/* ---- public ----------------------------------------------------------- */

struct rt_clock *rt_clock_new(struct rt_loop *loop, const struct rt_clock_hooks *hooks)
{
	struct rt_clock *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->loop = loop;
	c->hooks = *hooks;
	uv_timer_init(rt__uv(loop), &c->wake);
	c->wake.data = c;
	base_buf_init(&c->buf, NULL);
	return c;
}

static void closed(struct rt_clock *c)
{
	if (--c->closing > 0)
		return;
	while (c->chunks) {
		struct chunk *ch = c->chunks;
		c->chunks = ch->next;
		free(ch);
	}
	free(c->bucket);
	free(c->late);
	base_buf_close(&c->buf);
	free(c);
}

static void closed_wake(uv_handle_t *h)
{
	closed(h->data);
}

static void closed_slot(uv_handle_t *h)
{
	closed(((struct slot *)h->data)->clock);
}

void rt_clock_free(struct rt_clock *c)
{
	if (!c)
		return;
	rt_clock_detach(c);
	c->closing = 1;
	uv_close((uv_handle_t *)&c->wake, closed_wake);
	for (struct chunk *ch = c->chunks; ch; ch = ch->next)
		for (int i = 0; i < CHUNK_SLOTS; i++) {
			c->closing++;
			uv_close((uv_handle_t *)&ch->s[i].timer, closed_slot);
		}
}

int rt_clock_attach(struct rt_clock *c, struct eng_engine *const *engines, int n, int64_t t)
{
	rt_clock_detach(c);
	if (n < 1 || n > RT_MAX_ENGINES)
		return -1;
	for (int i = 0; i < n; i++)
		c->eng[i] = engines[i];
	c->n = n;
	c->base_v = t;
	c->base_ns = uv_hrtime();
	if (c->log_state == 1) {
		c->log_eng = engines[0];
		c->log_state = 2;
	}
	for (int i = 0; i < n; i++)
		if (scan(c, i) < 0)
			return -1;
	if (c->running) {
		if (all_done(c))
			pause_at(c, t);
		else
			arm_wake(c, false);
	}
	return 0;
}

void rt_clock_detach(struct rt_clock *c)
{
	uv_timer_stop(&c->wake);
	clear_all(c);
	for (int i = 0; i < c->n; i++)
		if (c->log_state == 2 && c->eng[i] == c->log_eng) {
			log_summary(c);
			c->log_state = 3;
			fflush(c->log);
		}
	c->n = 0;
}

int64_t rt_clock_now(const struct rt_clock *c)
{
	return vnow(c);
}

bool rt_clock_running(const struct rt_clock *c)
{
	return c->running;
}

void rt_clock_pause(struct rt_clock *c)
{
	if (c->running)
		pause_at(c, vnow(c));
}

void rt_clock_resume(struct rt_clock *c)
{
	if (c->running || c->n == 0 || all_done(c))
		return;
	c->running = true;
	c->base_ns = uv_hrtime();
	each_slot(c, arm_slot);
	/* Actions already due (stepped to mid-instant by hand) run next turn. */
	arm_wake(c, next_time(c) <= c->base_v);
}

void rt_clock_set_time(struct rt_clock *c, int64_t t)
{
	if (!c->running)
		c->base_v = t;
}

int rt_clock_speed(const struct rt_clock *c)
{
	return c->speed;
}

void rt_clock_set_speed(struct rt_clock *c, int log2_speed)
{
	if (log2_speed < RT_SPEED_MIN)
		log2_speed = RT_SPEED_MIN;
	if (log2_speed > RT_SPEED_MAX)
		log2_speed = RT_SPEED_MAX;
	if (c->running) {
		c->base_v = vnow(c);
		c->base_ns = uv_hrtime();
	}
	c->speed = log2_speed;
	if (c->running) {
		each_slot(c, arm_slot);
		arm_wake(c, false);
	}
}

uint64_t rt_clock_armed(const struct rt_clock *c)
{
	if (!c->running)
		return 0;
	return c->used + (uv_is_active((const uv_handle_t *)&c->wake) ? 1 : 0);
}

void rt_clock_log_events(struct rt_clock *c, FILE *to)
{
	c->log = to;
	c->log_state = to ? 1 : 0;
}

void rt_clock_record_lateness(struct rt_clock *c, bool on)
{
	c->record = on;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static double pct(const int64_t *v, size_t n, double p)
{
	size_t i = (size_t)(p * (double)(n - 1) + 0.5);
	return (double)v[i] / 1e6;
}

void rt_clock_write_lateness(struct rt_clock *c, FILE *to)
{
	size_t n = c->n_late;
	if (!n) {
		fprintf(to, "timers 0\n");
		return;
	}
	qsort(c->late, n, sizeof *c->late, cmp_i64);
	fprintf(to, "timers %zu p50 %.3f p90 %.3f p99 %.3f max %.3f\n", n,
		pct(c->late, n, 0.50), pct(c->late, n, 0.90), pct(c->late, n, 0.99),
		(double)c->late[n - 1] / 1e6);
}
