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
    """A step failed (fail_after, fail_chance); str() is its error."""


class WalkedOut(Exception):
    """Blocking code noticed that the customer of its order has left."""


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
    """A recipe on the menu: its name, its coroutine, its steps in order, how
    long its customers wait (patience in kitchen seconds, None: for ever)
    and its on_error."""

    def __init__(self, name, cook, steps, patience, policy):
        self.name, self.cook, self.steps = name, cook, steps
        self.patience, self.policy = patience, policy


SEQUENTIAL = False      # set for the sequential (blocking) version

STEP = contextvars.ContextVar("step", default=None)    # the step being run


def watch_station(station):
    """Lets the transcript see when a step gets a slot of this semaphore
    (task_started, but for a helper's step, which starts when a thread
    takes its job): its acquire() tells the step that called it."""
    if getattr(station, "watched", False):
        return
    acquire = station.acquire

    async def acquire_and_tell():
        got = await acquire()
        step = STEP.get()
        if step is not None:
            step.got_slot()
        return got

    station.acquire, station.watched = acquire_and_tell, True


def watch_helpers(executor):
    """Lets the transcript see when a helper thread takes a step's job
    (task_started): the job a step submits first says so, on the thread."""
    submit = executor.submit

    def submit_and_tell(job, *args):
        step = STEP.get()

        def run():
            if step is not None:
                step.started()
            return job(*args)
        return submit(run)

    executor.submit = submit_and_tell


class Step:
    """One step of an order, as the transcript sees it: its attempts, when
    each began (to tell how late its end was seen) and how it ended."""

    def __init__(self, order, name, length, kind, station, start, done, timeout, retries):
        self.order, self.name, self.length, self.kind = order, name, length, kind
        self.station, self.say_start, self.say_done = station, start, done
        self.timeout, self.retries = timeout, retries
        self.attempt = 0
        self.handed = self.began = 0.0      # slot obtained; work begun
        self.called = False                 # the recipe called it (queued it)
        self.task = None
        if station is not None:
            watch_station(station)

    def ready(self):
        emit("task_ready", order=self.order.number, task=self.name)

    def got_slot(self):
        self.handed = now()
        if self.kind != "helper":
            self.started()

    def started(self):
        self.began = now()
        emit("task_started", order=self.order.number, task=self.name, kind=self.kind,
             attempt=self.attempt)
        if self.say_start is not None:
            emit("say", text=self.say_start, order=self.order.number, task=self.name)

    def ended(self, due):
        """Accounts for an attempt's end; returns how late it was seen."""
        if self.kind == "work":
            Stats.blocked += now() - self.began
        late = max(now() - due, 0.0)
        Stats.late_max = max(Stats.late_max, late)
        return late

    def done(self):
        self.order.ended.add(self.name)
        late = self.ended(self.began + self.length)
        emit("task_done", order=self.order.number, task=self.name, late=late)
        if self.say_done is not None:
            emit("say", text=self.say_done, order=self.order.number, task=self.name)

    def failed(self, error, due):
        final = self.attempt > self.retries
        if final:
            self.order.ended.add(self.name)
            self.order.failed_tasks += 1
            if self.order.recipe.policy != "collect":
                self.order.failing = True   # gather or the TaskGroup raises next
        self.ended(due)
        emit("task_failed", order=self.order.number, task=self.name, error=error,
             attempt=self.attempt, final=final)
        return final

    def cancelled(self):
        if self.name not in self.order.ended:
            self.order.ended.add(self.name)
            emit("task_cancelled", order=self.order.number, task=self.name)

    async def run(self, body, after, collect):
        """The step's task: what it comes after, then its attempts (a retry
        loop: no await between a failure and the next attempt)."""
        STEP.set(self)
        self.task = asyncio.current_task()
        try:
            if after:
                # a gather even for one task: the steps after a task then
                # wake in the same turn, in the order they were made
                await asyncio.gather(*after, return_exceptions=collect)
                self.ready()
            while True:
                if SEQUENTIAL:
                    notice_walk_outs(self.order)
                    self.ready()
                self.attempt += 1
                self.handed = now()
                if self.station is None and self.kind != "helper":
                    self.started()
                try:
                    result = await body()
                except Failed as failure:
                    error, due = str(failure), self.began + self.length
                except TimeoutError:
                    error, due = "timeout", self.handed + self.timeout
                else:
                    self.done()
                    return result
                if self.failed(error, due):
                    raise Failed(error)
                if not SEQUENTIAL:
                    self.ready()
        except BaseException:
            self.cancelled()
            raise


class Order:
    """One customer's order: prints what happens to it and to its steps."""

    def __init__(self, number, recipe, at):
        self.number = number
        self.recipe = recipe
        self.at = at            # when the customer came in: their own clock
        self.over = False       # done or failed (walking out included)
        self.failing = False    # a step failed for good: the recipe raises
        self.ended = set()      # steps done, failed for good or cancelled
        self.steps = {}         # name -> Step
        self.failed_tasks = 0

    def arrive(self):
        Stats.orders += 1
        emit("order_arrived", order=self.number, recipe=self.recipe.name,
             late=now() - self.at)

    def step(self, name, length, kind="wait", station=None, start=None, done=None,
             timeout=None, retries=0):
        """A decorator for a step's coroutine function: calling it queues the
        step (task_ready), or, given the tasks it comes after, awaits them
        first (task_ready once they are done). The step then reports its
        start, end, failure and cancellation, and makes its retries."""
        self.steps[name] = step = Step(self, name, length, kind, station, start, done,
                                       timeout, retries)
        collect = self.recipe.policy == "collect"

        def decorate(body):
            def queue(*after):
                step.called = True
                if not after and not SEQUENTIAL:
                    step.ready()
                return step.run(body, after, collect)
            return queue
        return decorate

    async def cook(self):
        """The order's task: its recipe, and how the order ended."""
        try:
            await self.recipe.cook(self)
        except* Failed as failure:
            self.fail(failure.exceptions[0])
        except* WalkedOut:
            pass                # blocking code noticed the customer had left
        else:
            self.served()

    def served(self):
        self.over = True
        Stats.orders_done += 1
        Stats.latency_ms += round((now() - self.at) * 1000)
        emit("order_done", order=self.number, recipe=self.recipe.name,
             failed_tasks=self.failed_tasks)

    def fail(self, error):
        """The order fails; the steps it never got to are cancelled (under a
        TaskGroup, which cancels and waits before it raises, first)."""
        if self.over:
            return              # an order fails once
        group = self.recipe.policy == "cancel" and not SEQUENTIAL and error != "walked out"
        if group:
            self.cancel_uncalled()
        self.over = True
        Stats.orders_failed += 1
        emit("order_failed", order=self.number, recipe=self.recipe.name, error=str(error))
        if not group:
            self.cancel_uncalled()

    def cancel_uncalled(self):
        for name in self.recipe.steps:
            step = self.steps.get(name)
            if (step is None or not step.called) and name not in self.ended:
                self.ended.add(name)
                emit("task_cancelled", order=self.number, task=name)

    def walk_out(self, task):
        """The customer's patience ran out (a timer): an order still open
        fails, its task is cancelled and so are its steps' tasks (those it
        awaits, and those it started early and has not awaited yet). An
        order that has failed (a step failed for good, and gather or the
        TaskGroup has yet to raise it in the recipe) does not walk out."""
        if self.over or self.failing:
            return
        self.fail("walked out")
        task.cancel()
        for step in self.steps.values():
            if step.task is not None and step.task is not task:
                step.task.cancel()

    def give_up(self, error):
        """The order fails, and every step it has not ended is cancelled."""
        self.over = True
        Stats.orders_failed += 1
        emit("order_failed", order=self.number, recipe=self.recipe.name, error=str(error))
        for name in self.recipe.steps:
            if name not in self.ended:
                self.ended.add(name)
                emit("task_cancelled", order=self.number, task=name)
