# The clock. The kitchen counts seconds from its opening, and only the clock
# knows what a second is: the loop's time(), and time.sleep(). By default a
# kitchen second is a real second; --scale S makes it S real seconds; with
# --virtual the same program runs on the same asyncio event loop, its tasks,
# semaphores, gathers, TaskGroups, timeouts and helper threads all real, but
# time is virtual: nothing waits, the clock jumps to what comes next, and the
# times printed are exact to the millisecond.


class RealClock:
    """Kitchen seconds on the real clock, `scale` real seconds each."""

    def __init__(self, scale):
        self.scale = scale
        self.start = time.monotonic()
        self.real_sleep = time.sleep

    def now(self):
        return (time.monotonic() - self.start) / self.scale

    def sleep(self, seconds):
        """time.sleep(), in kitchen seconds."""
        if seconds > 0:
            self.real_sleep(seconds * self.scale)

    def new_loop(self):
        loop = ScaledLoop(self)
        loop.set_task_factory(NumberedTask.factory)     # as on the virtual clock
        return loop

    def start_thread(self, target, *args):
        threading.Thread(target=target, args=args, daemon=True).start()

    def watch(self, pool):
        pass


class ScaledSelector(selectors.DefaultSelector):
    """Waits in real seconds for what the loop counts in kitchen seconds."""

    def __init__(self, clock):
        super().__init__()
        self.clock = clock

    # asyncio waits at most a day of kitchen time at once; at --scale S
    # that is S days, and epoll refuses a wait past 2^31 ms (24.8 days).
    # Waking once a day changes nothing: the loop looks at its clock again.
    MAX_WAIT = 24 * 3600

    def select(self, timeout=None):
        if timeout is not None:
            timeout = min(timeout * self.clock.scale, self.MAX_WAIT)
        return super().select(timeout)


class ScaledLoop(asyncio.SelectorEventLoop):
    """asyncio's own event loop; its time() counts kitchen seconds."""

    def __init__(self, clock):
        super().__init__(ScaledSelector(clock))
        self.clock = clock

    def time(self):
        return self.clock.now()


class VirtualClock:
    """Kitchen time in whole milliseconds, as the kitchen and libuv count
    it, that moves only when nothing else can happen: when the loop waits
    in its selector (the clock jumps to the next timer due or helper thread
    waking, whichever comes first) or is blocked in time.sleep() by a work
    step (it moves on by that much, waking on the way the helper threads
    due). Threads sleep on it; it wakes them one at a time, in the order
    they went to sleep, and lets each run until it sleeps again, waits for
    work or ends, so every run prints the same thing."""

    def __init__(self, fifo_ties=False):
        self.ms = 0
        self.fifo_ties = fifo_ties
        self.timers = 0         # timers armed so far: each one's number
        self.last_timer = (-1, -1)
        self.ties_reordered = []    # instants where CPython ran tied timers out of order
        self.cv = threading.Condition()
        self.sleepers = []      # heap of (wake at ms, order of going to sleep, thread)
        self.sleeps = 0
        self.running = set()    # threads of ours that run now (the loop's aside)
        self.pools = []
        self.loop_thread = None

    def now(self):
        return self.ms / 1000

    def new_loop(self):
        self.loop_thread = threading.current_thread()
        loop = VirtualLoop(self)
        loop.set_task_factory(NumberedTask.factory)
        return loop

    def sleep(self, seconds):
        """time.sleep(): on the loop (a work step), time moves on by that
        much; on a thread, the thread waits until the clock gets there."""
        ms = max(round(seconds * 1000), 0)
        with self.cv:
            if threading.current_thread() is self.loop_thread:
                self.settle()
                self.wake_until(self.ms + ms)
                return
            if ms == 0:
                return
            me = threading.current_thread()
            heapq.heappush(self.sleepers, (self.ms + ms, self.sleeps, me))
            self.sleeps += 1
            self.running.discard(me)
            self.cv.notify_all()
            while me not in self.running:
                self.cv.wait()

    def wake_until(self, target, loop_has_work=None):
        """Moves the clock to `target` (ms), waking the threads due on the
        way, one at a time: all those due at one moment before the next.
        Stops early, at such a moment, when loop_has_work() says the loop
        has something to do."""
        while self.sleepers and self.sleepers[0][0] <= target:
            self.ms = self.sleepers[0][0]
            while self.sleepers and self.sleepers[0][0] == self.ms:
                _, _, thread = heapq.heappop(self.sleepers)
                self.running.add(thread)
                self.cv.notify_all()
                self.settle()
            if loop_has_work is not None and loop_has_work():
                return
        self.ms = max(self.ms, target)

    def settle(self):
        """Waits until no thread of ours runs: each is asleep on the clock,
        waiting for a job (and none is queued), or ended."""
        while not self.quiet():
            self.cv.wait()

    def quiet(self):
        if self.running:
            return False
        for pool in self.pools:
            if len(pool.executor._threads) > len(pool.threads):
                return False            # a new thread has yet to ask for work
            if pool.queued and pool.idle:
                return False            # an idle thread is taking a job
        return True

    def drain(self):
        """At closing time: lets every thread still asleep run to its end
        (a helper left behind by a timeout)."""
        with self.cv:
            self.settle()
            while self.sleepers:
                self.wake_until(self.sleepers[0][0])

    def start_thread(self, target, *args):
        """Starts a thread that sleeps on this clock; returns once it sleeps
        or has ended."""
        def run():
            try:
                target(*args)
            finally:
                with self.cv:
                    self.running.discard(thread)
                    self.cv.notify_all()
        thread = threading.Thread(target=run, daemon=True)
        with self.cv:
            self.running.add(thread)
            thread.start()
            self.settle()

    def watch(self, executor):
        """Follows a ThreadPoolExecutor's threads through its work queue."""
        self.pools.append(WatchedQueue(self, executor))


class NumberedTask(asyncio.Task):
    """A task whose hash is the order it was made in, not its address: a
    TaskGroup cancels its tasks by walking a set, and a set of tasks hashed
    by address is walked in an order that changes from run to run. Numbered,
    it is one order, the same every run (which one CPython makes is its own
    business: no order is defined). Both clocks use it, so that --virtual
    changes nothing but time."""
    made = 0

    def __init__(self, coro, **kwargs):
        NumberedTask.made += 1
        self.number = NumberedTask.made     # before Task.__init__ hashes it
        super().__init__(coro, **kwargs)

    def __hash__(self):
        return self.number

    @staticmethod
    def factory(loop, coro, **kwargs):
        return NumberedTask(coro, loop=loop, **kwargs)


class VirtualTimer(asyncio.TimerHandle):
    """A timer of the virtual loop, numbered in the order it was armed.
    CPython's heap orders timers by due time only (the order of ties is the
    heap's); with `--ties fifo`, ties go by that number, as in libuv and
    the kitchen. Either way the clock notes the moments where timers due
    together ran out of the order they were armed in."""

    def __init__(self, when, callback, args, loop, context, number):
        super().__init__(when, callback, args, loop, context)
        self.number = number

    def __lt__(self, other):
        if self._loop.clock.fifo_ties and self._when == other._when:
            return self.number < other.number
        return super().__lt__(other)

    def _run(self):
        clock = self._loop.clock
        ms = round(self._when * 1000)
        if (ms, self.number) < clock.last_timer and ms == clock.last_timer[0]:
            if not clock.ties_reordered or clock.ties_reordered[-1] != ms:
                clock.ties_reordered.append(ms)
        clock.last_timer = (ms, self.number)
        super()._run()


class WatchedQueue:
    """A ThreadPoolExecutor's work queue, seen by the virtual clock: which of
    its threads wait for work, and how many jobs wait for a thread."""

    def __init__(self, clock, executor):
        self.clock, self.executor = clock, executor
        self.queue = executor._work_queue
        executor._work_queue = self
        self.threads = set()    # threads that asked for work at least once
        self.idle = 0           # threads waiting for work now
        self.queued = 0         # jobs put and not yet taken

    def put(self, item, block=True, timeout=None):
        with self.clock.cv:
            self.queued += 1
            self.queue.put(item)
            self.clock.cv.notify_all()

    def get_nowait(self):
        item = self.queue.get_nowait()
        me = threading.current_thread()
        with self.clock.cv:
            self.queued -= 1
            if me is not self.clock.loop_thread:     # a thread takes a job
                self.threads.add(me)
                self.clock.running.add(me)
        return item

    def get(self, block=True, timeout=None):
        me = threading.current_thread()
        with self.clock.cv:
            self.threads.add(me)
            self.clock.running.discard(me)
            self.idle += 1
            self.clock.cv.notify_all()
        item = self.queue.get(block, timeout)
        with self.clock.cv:
            self.idle -= 1
            self.queued -= 1
            self.clock.running.add(me)
        return item

    def qsize(self):
        return self.queue.qsize()

    def empty(self):
        return self.queue.empty()


class VirtualSelector(selectors.DefaultSelector):
    """Where the loop would wait, the virtual clock jumps instead."""

    def __init__(self, clock):
        super().__init__()
        self.clock = clock

    def select(self, timeout=None):
        ready = super().select(0)
        if ready or timeout == 0:
            return ready
        clock = self.clock
        with clock.cv:
            clock.settle()
            if timeout is not None:
                clock.wake_until(clock.ms + round(timeout * 1000),
                                 lambda: bool(super(VirtualSelector, self).select(0)))
                return super().select(0)
            if clock.sleepers:
                clock.wake_until(clock.sleepers[0][0])
                return super().select(0)
        return super().select(None)     # nothing on the clock: only the world outside


class VirtualLoop(asyncio.SelectorEventLoop):
    """asyncio's own event loop on the virtual clock. Its timers fall due
    at whole milliseconds (libuv's resolution, and the kitchen's); a job
    handed to a free helper thread starts at once, before the loop goes on,
    as it would on an idle machine."""

    def __init__(self, clock):
        super().__init__(VirtualSelector(clock))
        self.clock = clock

    def time(self):
        return self.clock.ms / 1000

    def call_at(self, when, callback, *args, context=None):
        """BaseEventLoop.call_at, with the due time to the millisecond and
        the timer numbered."""
        self._check_closed()
        self.clock.timers += 1
        timer = VirtualTimer(round(when * 1000) / 1000, callback, args, self, context,
                             self.clock.timers)
        heapq.heappush(self._scheduled, timer)
        timer._scheduled = True
        return timer

    def run_in_executor(self, executor, func, *args):
        future = super().run_in_executor(executor, func, *args)
        with self.clock.cv:
            self.clock.settle()
        return future

    def close(self):
        self.clock.drain()
        super().close()
