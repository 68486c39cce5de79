# The transcript: what happens, as the JSON lines of `kitchen run --format
# jsonl`, timed by the clock.


def now():
    """Kitchen time: seconds since the kitchen opened."""
    return CLOCK.now()


def reached(t):
    """Whether kitchen time t has come (to the millisecond)."""
    return round(now() * 1000) >= round(t * 1000)


class Stats:
    """What the summary line reports."""
    orders = orders_done = orders_failed = 0
    blocked = late_max = last_event = 0.0
    latency_ms = 0


PRINTING = threading.Lock()     # helper threads print too

# Characters a terminal would act on rather than show (controls, line and
# paragraph separators, bidirectional controls): \uXXXX in the output.
UNSEEN = {c: "\\u%04x" % c for c in [*range(0x7F, 0xA0), 0x61C, 0x200E, 0x200F,
                                     *range(0x2028, 0x202F), *range(0x2066, 0x206A)]}


def emit(ev, script=False, **fields):
    """Prints one event as a JSON line (times: 3 decimals). The script's
    lines do not count towards the makespan."""
    with PRINTING:
        t = max(now(), 0.0)
        if not script:
            Stats.last_event = t
        line = ['"t":%.3f' % t, '"ev":"%s"' % ev]
        for key, value in fields.items():
            if isinstance(value, float):
                value = "%.3f" % max(value, 0.0)
            else:
                value = json.dumps(value, ensure_ascii=False).translate(UNSEEN)
            line.append('"%s":%s' % (key, value))
        print("{" + ",".join(line) + "}", flush=True)


def summary(mode):
    done = Stats.orders_done
    mean = (2 * Stats.latency_ms + done) // (2 * done) / 1000 if done else 0.0
    ties = getattr(CLOCK, "ties_reordered", None)
    print('{"ev":"summary","mode":"%s","makespan":%.3f,"orders":%d,"orders_done":%d,'
          '"orders_failed":%d,"blocked":%.3f,"late_max":%.3f,"latency_mean":%.3f%s}'
          % (mode, Stats.last_event, Stats.orders, done, Stats.orders_failed,
             Stats.blocked, Stats.late_max, mean,
             "" if ties is None else ',"ties_reordered":%s' % [t / 1000 for t in ties]),
          flush=True)


def direct(ev, text=None, answer=None):
    """A line of the script: "say" (text), "ask" (text, the right answer's
    number) or "pause"."""
    if ev == "pause":
        emit(ev, script=True)
    elif ev == "ask":
        emit(ev, script=True, text=text, answer=answer)
    else:
        emit(ev, script=True, text=text)


class Failed(Exception):
    """A step failed (fail_after, fail_chance or a timeout); str() is its error.
    `due`: the kitchen time the failure was due, to tell how late it was seen."""

    def __init__(self, error, due=None):
        super().__init__(error)
        self.due = due


class Dice:
    """fail_chance's dice: SplitMix64 from the scenario's seed, thrown once
    for every attempt that would succeed, in the order they end."""

    def __init__(self, seed):
        self.state = seed

    def fails(self, chance):
        mask = 0xFFFFFFFFFFFFFFFF
        self.state = (self.state + 0x9E3779B97F4A7C15) & mask
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        z ^= z >> 31
        return (z >> 11) / 2.0**53 < chance


class Recipe:
    """A recipe on the menu: its name, its coroutine, its steps in order and
    how long its customers wait (patience in kitchen seconds, None: for ever)."""

    def __init__(self, name, cook, steps, patience):
        self.name, self.cook, self.steps, self.patience = name, cook, steps, patience


class Order:
    """One customer's order: prints what happens to it and to its steps."""

    def __init__(self, number, recipe, at):
        self.number = number
        self.recipe = recipe
        self.at = at            # when the customer came in: their own clock
        self.over = False       # done or failed (walking out included)
        self.ended = set()      # steps done, failed for good or cancelled
        self.began = {}         # step -> (kind, kitchen time it started)

    def arrive(self):
        Stats.orders += 1
        emit("order_arrived", order=self.number, recipe=self.recipe.name,
             late=now() - self.at)

    def ready(self, step):
        emit("task_ready", order=self.number, task=step)

    def started(self, step, kind, attempt=1, say=None):
        """The step's own work begins; returns the kitchen time."""
        t = now()
        self.began[step] = (kind, t)
        emit("task_started", order=self.number, task=step, kind=kind, attempt=attempt)
        if say is not None:
            emit("say", text=say, order=self.number, task=step)
        return t

    def _ended(self, step, due):
        """Accounts for an attempt's end; returns how late it was handled."""
        kind, began = self.began.get(step, (None, 0.0))
        if kind == "work":
            Stats.blocked += now() - began
        late = max(now() - due, 0.0) if due is not None else 0.0
        Stats.late_max = max(Stats.late_max, late)
        return late

    def done(self, step, due=None, say=None):
        """The step ended well; `due`: when what it awaited was due to end."""
        self.ended.add(step)
        late = self._ended(step, due)
        emit("task_done", order=self.number, task=step, late=late)
        if say is not None:
            emit("say", text=say, order=self.number, task=step)

    def failed(self, step, error, attempt=1, final=True):
        if final:
            self.ended.add(step)
        self._ended(step, error.due)
        emit("task_failed", order=self.number, task=step, error=str(error),
             attempt=attempt, final=final)

    def cancelled(self, step):
        self.ended.add(step)
        emit("task_cancelled", order=self.number, task=step)

    def step(self, step, waits=False):
        """A decorator for a step's coroutine function. Calling it queues the
        step: it is ready then, unless it `waits` for others first (it says
        so itself, when they are done). A step stopped before it ended (its
        task cancelled, or a step it comes after failed) is reported
        cancelled."""
        def decorate(body):
            def queue(*tasks):
                if not waits:
                    self.ready(step)
                return self._reporting(step, body(*tasks))
            return queue
        return decorate

    async def _reporting(self, step, coroutine):
        try:
            return await coroutine
        except BaseException:
            if step not in self.ended:
                self.cancelled(step)
            raise

    def served(self, failed_tasks=0):
        self.over = True
        Stats.orders_done += 1
        Stats.latency_ms += round((now() - self.at) * 1000)
        emit("order_done", order=self.number, recipe=self.recipe.name,
             failed_tasks=failed_tasks)

    def fail(self, error):
        self.over = True
        Stats.orders_failed += 1
        emit("order_failed", order=self.number, recipe=self.recipe.name, error=str(error))

    def give_up(self, error):
        """The order fails, and the steps it never got to are cancelled."""
        self.fail(error)
        for step in self.recipe.steps:
            if step not in self.ended:
                self.cancelled(step)
