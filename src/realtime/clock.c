/*
 * clock.c — the real-time clock: wall time scaled by the speed, one timer
 * per running task and a wake-up, and the advance that performs every
 * engine action due by now (see clock.h).
 *
 * Mapping. While running, virtual(now) = base_v + (now - base_ns) * speed,
 * rounded down to the ms; a virtual time d is reached at wall_of(d) =
 * base_ns + ceil((d - base_v) / speed). A timer started for wall_of(d)
 * calls back at or after it (the time source's contract), when virtual(now)
 * is at least d: no early firing to correct. Whatever rounding the time
 * source adds (libuv's whole milliseconds) is lateness, which observers
 * measure against wall_of.
 *
 * Mirror. Running tasks are followed through the engine's events: a
 * task_started starts the task's timer for the end of that attempt
 * (scn_attempt_ms: SPEC §4); its task_done, task_failed or task_cancelled
 * stops it. Looking each task up in the engine instead would walk its list
 * of orders (eng_order_at is sequential), too slow with 10,000 live tasks.
 * The mirrors sit in a chained hash table keyed by (engine, order, task),
 * in chunks that never move (timers call back with a pointer to theirs).
 *
 * Advance. On any firing the engines perform every action due by now —
 * what eng_run_until does — but one action at a time, in time order across
 * the engines of the race view, because two things must be able to stop it
 * between actions: a script `pause` or `ask` (the clock stops at that
 * directive's time, not a few ms past it), and the cap on the actions per
 * turn (keys stay answered when a million arrivals fall due).
 *
 * The wake-up is always armed at the engines' next action, even when that
 * action is a running task's end whose own timer is due at the same moment:
 * the second callback of that moment then finds nothing to do. Knowing
 * which comes first would mean keeping a second heap next to the time
 * source's; the spare callback is cheaper than that code.
 */
#include "clock.h"

#include <stdlib.h>

#include "scenario/scenario.h"

#define CHUNK_MIRRORS 256
/* Virtual distances beyond this (about 31 years) are never reached: no
 * overflow when scaling them to nanoseconds at 1/8x. */
#define FAR_MS (1000LL * 1000 * 1000 * 1000)

/* A running task's timer. */
struct mirror {
	struct rt_timer *timer;  /* made on first use, kept for reuse */
	struct rt_clock *clock;
	struct mirror *next;     /* hash chain, or the free list */
	uint64_t order;
	int task;
	int eng;
	bool used;
	bool armed;              /* started and has not called back */
	int64_t due;             /* virtual ms */
};

struct chunk {
	struct chunk *next;
	struct mirror m[CHUNK_MIRRORS];
};

struct rt_clock {
	struct rt_time_source *time;
	struct rt_clock_hooks hooks;
	struct eng_engine *eng[RT_MAX_ENGINES];
	int n;

	bool running;
	bool held;              /* rt_clock_hold: time stands at base_v */
	int speed;              /* log2 */
	int64_t base_v;         /* virtual ms at base_ns */
	uint64_t base_ns;
	int64_t limit;          /* rt_clock_limit's horizon (RT_NO_LIMIT) */

	struct rt_timer *wake;
	bool behind;            /* a batch hit RT_MAX_ACTIONS_PER_TURN: the
				   wake-up goes on with the rest at the next
				   turn, and the mirrors' timers due meanwhile
				   leave it to it */
	struct chunk *chunks;
	struct mirror *free_mirrors;
	struct mirror **bucket;
	size_t n_buckets;
	size_t used;            /* mirrors of running tasks */
	size_t armed;           /* of which their timer is armed */
};

/* ---- time ------------------------------------------------------------- */

/* Wall ns -> virtual ms at the current speed (rounded down). */
static int64_t scale(const struct rt_clock *c, uint64_t ns)
{
	return c->speed >= 0 ? (int64_t)((ns << c->speed) / RT_NS_PER_MS)
			     : (int64_t)((ns >> -c->speed) / RT_NS_PER_MS);
}

/* Virtual ms (0..FAR_MS) -> wall ns at the current speed (rounded up). */
static uint64_t unscale(const struct rt_clock *c, int64_t dv)
{
	uint64_t ns = (uint64_t)dv * RT_NS_PER_MS;
	if (c->speed >= 0)
		return (ns + ((1ULL << c->speed) - 1)) >> c->speed;
	return ns << -c->speed;
}

static int64_t vnow(const struct rt_clock *c)
{
	if (!c->running || c->held)
		return c->base_v;
	uint64_t now = rt_time_now(c->time);
	int64_t v = c->base_v + (now > c->base_ns ? scale(c, now - c->base_ns) : 0);
	if (v > c->limit)       /* the horizon, never behind the base */
		v = c->limit > c->base_v ? c->limit : c->base_v;
	return v;
}

/*
 * The wall time from which the clock runs when it starts or changes speed:
 * now, rounded up to the time source's tick. With libuv's millisecond
 * tick, every whole virtual millisecond at 1x (every other one at 2x...)
 * then falls due exactly on a tick of libuv's clock instead of up to 1 ms
 * before the tick its timer fires at: that rounding would otherwise be
 * added to every event's lateness. The clock waits for that first tick, at
 * most 1 ms, before virtual time moves.
 */
static uint64_t origin(const struct rt_clock *c)
{
	uint64_t now = rt_time_now(c->time), tick = c->time->tick_ns;
	if (tick > 1 && now % tick)
		now += tick - now % tick;
	return now;
}

/* The wall time at which virtual `d` is reached (base_ns if already). */
static uint64_t deadline(const struct rt_clock *c, int64_t d)
{
	int64_t dv = d - c->base_v;
	if (dv <= 0)
		return c->base_ns;
	if (dv > FAR_MS)
		return RT_NEVER_NS;
	return c->base_ns + unscale(c, dv);
}

/* ---- mirrors of running tasks ---------------------------------------------- */

static size_t hash(int eng, uint64_t order, int task, size_t n_buckets)
{
	uint64_t h = order * 0x9E3779B97F4A7C15ULL;
	h ^= (uint64_t)(unsigned)task * 0xBF58476D1CE4E5B9ULL + (uint64_t)eng;
	h ^= h >> 29;
	return (size_t)(h & (n_buckets - 1));
}

static void advance(struct rt_clock *c);

static void on_mirror_due(void *data)
{
	struct mirror *m = data;
	struct rt_clock *c = m->clock;
	m->armed = false;
	c->armed--;
	/* A task whose end is due but cannot be handled now — a `work` step
	 * blocks the loop — needs its timer no more: the engine handles its
	 * end, late, right after the block's end, which the wake-up awaits.
	 * When the clock is behind (thousands of ends due at one moment fire
	 * together), the wake-up already goes on with them a batch per turn:
	 * performing more here would keep the loop from its keys. */
	if (!c->behind)
		advance(c);
}

static void on_wake(void *data)
{
	advance(data);
}

static int grow_buckets(struct rt_clock *c)
{
	size_t n = c->n_buckets ? c->n_buckets * 2 : 1024;
	struct mirror **b = calloc(n, sizeof *b);
	if (!b)
		return -1;
	for (size_t i = 0; i < c->n_buckets; i++) {
		struct mirror *m = c->bucket[i];
		while (m) {
			struct mirror *next = m->next;
			size_t h = hash(m->eng, m->order, m->task, n);
			m->next = b[h];
			b[h] = m;
			m = next;
		}
	}
	free(c->bucket);
	c->bucket = b;
	c->n_buckets = n;
	return 0;
}

static struct mirror *mirror_alloc(struct rt_clock *c)
{
	if (!c->free_mirrors) {
		struct chunk *ch = calloc(1, sizeof *ch);
		if (!ch)
			return NULL;
		ch->next = c->chunks;
		c->chunks = ch;
		for (int i = CHUNK_MIRRORS - 1; i >= 0; i--) {
			struct mirror *m = &ch->m[i];
			m->clock = c;
			m->next = c->free_mirrors;
			c->free_mirrors = m;
		}
	}
	struct mirror *m = c->free_mirrors;
	if (!m->timer) {
		m->timer = rt_timer_new(c->time, on_mirror_due, m);
		if (!m->timer)
			return NULL;
	}
	c->free_mirrors = m->next;
	return m;
}

static struct mirror **mirror_find(struct rt_clock *c, int eng, uint64_t order, int task)
{
	if (!c->n_buckets)
		return NULL;
	struct mirror **p = &c->bucket[hash(eng, order, task, c->n_buckets)];
	while (*p && !((*p)->eng == eng && (*p)->order == order && (*p)->task == task))
		p = &(*p)->next;
	return p;
}

static void mirror_start_timer(struct rt_clock *c, struct mirror *m)
{
	if (!m->armed) {
		m->armed = true;
		c->armed++;
	}
	rt_timer_start(m->timer, deadline(c, m->due));
}

static void mirror_stop_timer(struct rt_clock *c, struct mirror *m)
{
	if (m->armed) {
		m->armed = false;
		c->armed--;
	}
	rt_timer_stop(m->timer);
}

/* Mirrors a running task: its timer due at virtual `due`. */
static int mirror_add(struct rt_clock *c, int eng, uint64_t order, int task, int64_t due)
{
	if (c->used >= c->n_buckets * 2 && grow_buckets(c) < 0)
		return -1;
	struct mirror **p = mirror_find(c, eng, order, task);
	struct mirror *m = *p;
	if (!m) {
		m = mirror_alloc(c);
		if (!m)
			return -1;
		m->eng = eng;
		m->order = order;
		m->task = task;
		m->used = true;
		m->next = NULL;
		*p = m;
		c->used++;
	}
	m->due = due;
	if (c->running)
		mirror_start_timer(c, m);
	return 0;
}

static void mirror_release(struct rt_clock *c, struct mirror *m)
{
	mirror_stop_timer(c, m);
	m->used = false;
	m->next = c->free_mirrors;
	c->free_mirrors = m;
	c->used--;
}

static void mirror_remove(struct rt_clock *c, int eng, uint64_t order, int task)
{
	struct mirror **p = mirror_find(c, eng, order, task);
	if (!p || !*p)
		return;
	struct mirror *m = *p;
	*p = m->next;
	mirror_release(c, m);
}

static void remove_all_mirrors(struct rt_clock *c)
{
	for (size_t i = 0; i < c->n_buckets; i++) {
		struct mirror *m = c->bucket[i];
		c->bucket[i] = NULL;
		while (m) {
			struct mirror *next = m->next;
			mirror_release(c, m);
			m = next;
		}
	}
}

/* Calls fn on every mirror of a running task. */
static void each_mirror(struct rt_clock *c, void (*fn)(struct rt_clock *, struct mirror *))
{
	for (struct chunk *ch = c->chunks; ch; ch = ch->next)
		for (int i = 0; i < CHUNK_MIRRORS; i++)
			if (ch->m[i].used)
				fn(c, &ch->m[i]);
}

/* ---- the engines' side ------------------------------------------------ */

static int64_t attempt_end(const struct eng_engine *e, const struct eng_event *ev)
{
	const struct scn_task *t = &eng_scenario(e)->recipes[ev->recipe].tasks[ev->task];
	return ev->t + scn_attempt_ms(t);
}

void rt_clock_event(struct rt_clock *c, int eng, const struct eng_event *ev)
{
	if (eng < 0 || eng >= c->n)
		return;
	switch (ev->type) {
	case ENG_TASK_STARTED: {
		int64_t end = attempt_end(c->eng[eng], ev);
		if (end > ev->t)        /* a 0 s wait starts no timer */
			mirror_add(c, eng, ev->order, ev->task, end);
		break;
	}
	case ENG_TASK_DONE:
	case ENG_TASK_FAILED:
	case ENG_TASK_CANCELLED:
		mirror_remove(c, eng, ev->order, ev->task);
		break;
	default:
		break;
	}
}

/* Mirrors every running task of an engine that may already have run. */
static int mirror_engine(struct rt_clock *c, int i)
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
			    mirror_add(c, i, oi.id, k, ti.due) < 0)
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

/* The engine whose next action comes first (the lower index at a tie), or
 * -1 when every one is over; its time in *t. */
static int next_engine(const struct rt_clock *c, int64_t *t)
{
	int best = -1;
	*t = ENG_NEVER;
	for (int i = 0; i < c->n; i++) {
		int64_t n = eng_next_time(c->eng[i]);
		if (n < *t) {
			*t = n;
			best = i;
		}
	}
	return best;
}

static void arm_wake(struct rt_clock *c, bool at_once)
{
	int64_t t;
	if (!c->running || next_engine(c, &t) < 0 || t > c->limit) {
		rt_timer_stop(c->wake);
		return;
	}
	rt_timer_start(c->wake, at_once ? 0 : deadline(c, t));
}

static void stop_all(struct rt_clock *c)
{
	rt_timer_stop(c->wake);
	each_mirror(c, mirror_stop_timer);
}

static void pause_at(struct rt_clock *c, int64_t t)
{
	c->base_v = t;
	c->running = false;
	c->behind = false;
	stop_all(c);
}

/*
 * Performs every action due by virtual `now`, at most `max` of them (0: no
 * limit; *more says whether some were left). Returns RT_ADV_* flags; the
 * clock is paused when a script stop was met or every engine is over.
 */
static unsigned perform_due(struct rt_clock *c, int64_t now, size_t max, bool *more)
{
	unsigned what = 0;
	size_t done = 0;
	*more = false;
	for (;;) {
		int64_t t;
		int best = next_engine(c, &t);
		if (best < 0 || t > now)
			break;
		if (max && done == max) {
			*more = true;
			break;
		}
		eng_run_action(c->eng[best]);
		done++;
		what |= RT_ADV_PERFORMED;
		if (c->hooks.stop_after_action && c->hooks.stop_after_action(c->hooks.ctx)) {
			pause_at(c, eng_now(c->eng[best]));
			what |= RT_ADV_STOPPED;
			break;
		}
	}
	if (all_done(c)) {
		int64_t end = 0;
		for (int i = 0; i < c->n; i++)
			if (eng_now(c->eng[i]) > end)
				end = eng_now(c->eng[i]);
		if (c->running)
			pause_at(c, end);
		what |= RT_ADV_FINISHED;
	}
	return what;
}

/* After perform_due: the wake-up follows, and the owner hears of it. */
static void settle(struct rt_clock *c, unsigned what, bool more)
{
	c->behind = more && c->running && !(what & RT_ADV_FINISHED);
	if (!(what & RT_ADV_FINISHED))
		arm_wake(c, more);
	if (what && c->hooks.on_advance)
		c->hooks.on_advance(c->hooks.ctx, what);
}

static void advance(struct rt_clock *c)
{
	if (!c->running || c->n == 0)
		return;
	bool more;
	unsigned what = perform_due(c, vnow(c), RT_MAX_ACTIONS_PER_TURN, &more);
	settle(c, what, more);
}

/* ---- public ----------------------------------------------------------- */

struct rt_clock *rt_clock_new(struct rt_time_source *time, const struct rt_clock_hooks *hooks)
{
	struct rt_clock *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->time = time;
	c->hooks = *hooks;
	c->limit = RT_NO_LIMIT;
	c->wake = rt_timer_new(time, on_wake, c);
	if (!c->wake) {
		free(c);
		return NULL;
	}
	return c;
}

void rt_clock_free(struct rt_clock *c)
{
	if (!c)
		return;
	rt_clock_detach(c);
	rt_timer_free(c->wake);
	while (c->chunks) {
		struct chunk *ch = c->chunks;
		c->chunks = ch->next;
		for (int i = 0; i < CHUNK_MIRRORS; i++)
			rt_timer_free(ch->m[i].timer);
		free(ch);
	}
	free(c->bucket);
	free(c);
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
	c->base_ns = origin(c);
	for (int i = 0; i < n; i++)
		if (mirror_engine(c, i) < 0)
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
	rt_timer_stop(c->wake);
	remove_all_mirrors(c);
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

int64_t rt_clock_sync(struct rt_clock *c)
{
	if (!c->running || c->n == 0)
		return vnow(c);
	int64_t now = vnow(c);
	bool more;
	unsigned what = perform_due(c, now, 0, &more);
	settle(c, what, false);
	return c->running ? now : c->base_v;
}

int64_t rt_clock_hold(struct rt_clock *c, int64_t t)
{
	if (c->held || !c->running || c->n == 0)
		return vnow(c);
	int64_t now = vnow(c);
	if (t > now)
		t = now;        /* a moment not reached yet is now */
	bool more;
	unsigned what = perform_due(c, t, 0, &more);
	settle(c, what, false);
	if (!c->running)
		return c->base_v;       /* a script stop, or the end */
	/* Time stands at t until the release: virtual t now. */
	c->held = true;
	c->base_v = t;
	c->base_ns = rt_time_now(c->time);
	return t;
}

void rt_clock_release(struct rt_clock *c)
{
	if (!c->held)
		return;
	c->held = false;
	if (!c->running)
		return;
	/* Time goes on from where it stood, from now on the wall (from the
	 * next tick: see origin). */
	c->base_ns = origin(c);
	each_mirror(c, mirror_start_timer);
	if (c->n > 0 && all_done(c)) {
		/* What the action did ended the run: as an advance would say. */
		pause_at(c, c->base_v);
		if (c->hooks.on_advance)
			c->hooks.on_advance(c->hooks.ctx, RT_ADV_FINISHED);
	} else {
		arm_wake(c, false);
	}
}

void rt_clock_limit(struct rt_clock *c, int64_t t)
{
	if (t == c->limit)
		return;
	c->limit = t;
	if (c->running && !c->held)
		arm_wake(c, false);
}

void rt_clock_changed(struct rt_clock *c)
{
	if (c->running && c->n > 0 && all_done(c)) {
		/* The action ended the run: as an advance would. */
		bool more;
		settle(c, perform_due(c, vnow(c), 0, &more), false);
		return;
	}
	arm_wake(c, false);
}

void rt_clock_pause(struct rt_clock *c)
{
	int64_t t = rt_clock_sync(c);
	if (c->running)
		pause_at(c, t);
}

void rt_clock_resume(struct rt_clock *c)
{
	if (c->running || c->n == 0 || all_done(c))
		return;
	c->running = true;
	c->base_ns = origin(c);
	each_mirror(c, mirror_start_timer);
	/* Actions already due (stepped to mid-instant by hand) run at the next
	 * turn: their deadline is now. */
	arm_wake(c, false);
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
	int64_t t = rt_clock_sync(c);
	c->speed = log2_speed;
	if (c->running) {
		c->base_v = t;
		c->base_ns = origin(c);
		each_mirror(c, mirror_start_timer);
		arm_wake(c, false);
	}
}

uint64_t rt_clock_armed(const struct rt_clock *c)
{
	if (!c->running)
		return 0;
	return c->armed + (rt_timer_active(c->wake) ? 1 : 0);
}

uint64_t rt_clock_wall_of(const struct rt_clock *c, int64_t v)
{
	if (!c->running)
		return 0;
	int64_t dv = v - c->base_v;
	if (dv >= 0)
		return dv > FAR_MS ? RT_NEVER_NS : c->base_ns + unscale(c, dv);
	if (-dv > FAR_MS)
		return 0;
	uint64_t back = unscale(c, -dv);
	return back < c->base_ns ? c->base_ns - back : 0;
}
