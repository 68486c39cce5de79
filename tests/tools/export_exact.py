"""The exact comparison of an exported program's `--virtual` run with `kitchen
run --format jsonl` (tests/tools/export_check.py, compare "exact").

Both transcripts must hold the same events, every field equal, times to the
millisecond, in the same order, and the same summary, but for the
differences SPEC §4 names, each asserted in the form its rule predicts
(docs/asyncio-export.md, "Where asyncio differs from the kitchen"):

turns     The kitchen hands a task's end on in the callback that ends it;
          asyncio passes it through the callbacks of the recipe's task,
          gather, TaskGroup and semaphores, one to three turns later. At one
          moment, then, asyncio may interleave the events of different
          tasks otherwise. Only that may differ: the multiset of events at
          each moment is the same, every task's own events keep their order,
          and so do, at each moment, an order's own events (arrived, done,
          failed) and the failure that failed it; its cancellations at that
          moment are the same set, with order_failed before all of them
          (asyncio delivers each cancellation through as many callbacks as
          the task awaits, so their own order varies).
taskgroup Under on_error: cancel, the kitchen fails the order, then cancels
          its tasks (SPEC §4); a TaskGroup cancels the tasks, waits for them
          and only then raises in the recipe: in CPython, order_failed comes
          after every task_cancelled of that order at that moment. The
          kitchen must show it first (else it breaks SPEC §4), CPython last.
          (A TaskGroup also cancels its tasks in no defined order: it walks
          a set; one CPython build keeps one order run after run, 3.11 and
          3.12 differ.)
sibling   Under on_error: cancel, when a slot of a station is freed at the
          moment the order fails, the semaphore wakes the task of that order
          waiting for it a turn before the TaskGroup's cancellation reaches
          it: in CPython it starts (task_started, its say_start) and is then
          cancelled at that moment, where the kitchen cancels it unstarted.
          Required: cancel, the order failed for good at that moment, a slot
          of the task's station freed then, the task not a `work` step.
ties      CPython's heap leaves timers due at one moment in no defined
          order. The program is run a second time with `--ties fifo` (ties in
          the order timers were armed, as libuv and the kitchen do); that run
          is compared with the kitchen by the rules above, and the first
          difference between the two Python runs must come at or after a
          moment the first run reported (summary `ties_reordered`).

Differences that only fixtures show on purpose (a hand-off held back by a
`work` step queued at that moment, a walk-out racing an end after a block)
are given per case as `known` (export_check.py) and asserted there.
"""
import collections
import json
import math

FIELDS = ("t", "ev", "order", "task", "recipe", "late", "kind", "attempt", "error",
          "final", "failed_tasks", "text", "answer")
ORDER_LEVEL = ("order_arrived", "order_done", "order_failed")
SUMMARY = ("mode", "makespan", "orders", "orders_done", "orders_failed", "blocked",
           "late_max", "latency_mean")


def norm(ev):
    """The event's SPEC §6 fields (the kitchen prints more in its summary)."""
    return {k: ev[k] for k in FIELDS if k in ev}


def ms(ev):
    return round(ev["t"] * 1000)


def key(ev):
    return json.dumps(ev, sort_keys=True)


def show(ev):
    s = f"{ev['t']:.3f} {ev['ev']}"
    if "order" in ev:
        s += f" #{ev['order']}"
    if "task" in ev:
        s += f" {ev['task']}"
    for f in ("attempt", "error", "late", "text"):
        if f in ev:
            s += f" {f}={ev[f]!r}"
    return s


class Scenario:
    """What the rules need to know of a scenario: each recipe's on_error and
    each task's station (from the YAML, read by the job's writer)."""

    def __init__(self, recipes):
        self.recipes = recipes or {}

    def on_error(self, recipe):
        return self.recipes.get(recipe, {}).get("on_error", "propagate")

    def patience_ms(self, recipe):
        return self.recipes.get(recipe, {}).get("patience_ms")

    def attempt_ms(self, recipe, task):
        return self.recipes.get(recipe, {}).get("tasks", {}).get(task, {}).get("attempt_ms")

    def station(self, recipe, task):
        return self.recipes.get(recipe, {}).get("tasks", {}).get(task, {}).get("station")


def recipes_of(events):
    return {ev["order"]: ev["recipe"] for ev in events if ev["ev"] == "order_arrived"}


def rule_sibling(kitchen, python, scenario, used):
    """Removes from python the start (and say_start) of each sibling that
    CPython wakes before cancelling it, where the rule's conditions hold:
    under on_error: cancel, at the moment t the order fails for good, the
    sibling (ready before, not started) was cancelled in the kitchen while
    a slot of its station was freed at t; in python it starts at t and its
    next event is its cancellation at t."""
    recipe = recipes_of(kitchen)
    started_k = {(ms(e), e["order"], e["task"]) for e in kitchen if e["ev"] == "task_started"}
    cancelled_k = {(ms(e), e["order"], e["task"]) for e in kitchen if e["ev"] == "task_cancelled"}
    failed_k = {(ms(e), e["order"]) for e in kitchen if e["ev"] == "task_failed" and e["final"]}
    freed = set()           # (ms, station) where a slot was freed
    for e in kitchen:
        if e["ev"] in ("task_done", "task_failed", "task_cancelled"):
            st = scenario.station(recipe.get(e["order"]), e["task"])
            if st is not None:
                freed.add((ms(e), st))
    where = collections.defaultdict(list)   # (order, task) -> its events' indices
    for i, e in enumerate(python):
        if "task" in e:
            where[(e["order"], e["task"])].append(i)
    out, skip = [], set()
    for i, e in enumerate(python):
        if i in skip:
            continue
        if e["ev"] == "task_started" and e["attempt"] == 1 and e["kind"] != "work":
            t, order, task = ms(e), e["order"], e["task"]
            r = recipe.get(order)
            st = scenario.station(r, task)
            mine = [j for j in where[(order, task)] if j > i]
            nxt = [j for j in mine if python[j]["ev"] != "say"]
            if ((t, order, task) not in started_k and (t, order, task) in cancelled_k and
                    (t, order) in failed_k and scenario.on_error(r) == "cancel" and
                    st is not None and (t, st) in freed and nxt and
                    python[nxt[0]]["ev"] == "task_cancelled" and ms(python[nxt[0]]) == t):
                used["sibling"] += 1
                skip.update(j for j in mine if j < nxt[0])
                continue
        out.append(e)
    return out


def rule_taskgroup(kitchen, scenario, problems, used):
    """The kitchen's transcript as CPython orders a TaskGroup's failure:
    order_failed after the order's cancellations at that moment."""
    recipe = recipes_of(kitchen)
    by_moment = collections.defaultdict(list)
    for i, e in enumerate(kitchen):
        if "order" in e:
            by_moment[(ms(e), e["order"])].append(i)
    after = {}      # index of a cancellation -> the order_failed to put after it
    moved = set()
    for (t, order), idx in by_moment.items():
        if scenario.on_error(recipe.get(order)) != "cancel":
            continue
        failed = [i for i in idx if kitchen[i]["ev"] == "order_failed"
                  and kitchen[i]["error"] != "walked out"]  # a walk-out fails it first
        cancels = [i for i in idx if kitchen[i]["ev"] == "task_cancelled"]
        if not failed or not cancels:
            continue
        if any(i < failed[0] for i in cancels):
            problems.append(f"kitchen at {t / 1000:.3f}: order {order} (on_error: cancel) has "
                            f"task_cancelled before order_failed; SPEC §4 fails the order first")
            continue
        used["taskgroup"] += 1
        after[cancels[-1]] = failed[0]
        moved.add(failed[0])
    out = []
    for i, e in enumerate(kitchen):
        if i not in moved:
            out.append(e)
        if i in after:
            out.append(kitchen[after[i]])
    return out


def per_task(events):
    seqs = collections.defaultdict(list)
    for e in events:
        if "task" in e and "order" in e:
            seqs[(e["order"], e["task"])].append(key(e))
    return seqs


def order_relations(events):
    """(moment, order) -> what must agree of that order at that moment: its
    own events (arrived, done, failed) and the failure that failed it, in
    their order; its cancellations, as a set (asyncio delivers each through
    as many callbacks as the task awaits: a gather inside a step takes more
    turns than a sleep); and whether order_failed comes before all of them
    or after all. (Its tasks' other events may interleave otherwise: turns.)"""
    seq = collections.defaultdict(list)
    cancels = collections.defaultdict(list)
    where = collections.defaultdict(list)   # "F" for order_failed, "c" per cancellation
    failing = {}
    for e in events:
        if e["ev"] == "order_failed":
            failing[(ms(e), e["order"])] = e["error"]
    caused = set()
    for e in events:
        if "order" not in e:
            continue
        m = (ms(e), e["order"])
        cause = (e["ev"] == "task_failed" and e["final"] and failing.get(m) == e["error"]
                 and m not in caused)
        if cause:
            caused.add(m)
        if e["ev"] == "task_cancelled":
            cancels[m].append(key(e))
            where[m].append("c")
        elif e["ev"] in ORDER_LEVEL or cause:
            seq[m].append(key(e))
            if e["ev"] == "order_failed":
                where[m].append("F")
    rel = {}
    for m in set(seq) | set(cancels):
        w = "".join(where[m])
        place = ("none" if "F" not in w or "c" not in w else
                 "before" if w.startswith("F") else "after" if w.endswith("F") else "between")
        rel[m] = (seq[m], sorted(cancels[m]), place)
    return rel


HEADS = ("order_arrived", "task_done", "task_failed", "say", "ask", "pause")


def blocks(events):
    """The moments the loop was blocked by `work` steps: [(start, end)] (ms)."""
    out, started = [], {}
    for e in events:
        k = (e.get("order"), e.get("task"))
        if e["ev"] == "task_started" and e["kind"] == "work":
            started[k] = ms(e)
        elif e["ev"] in ("task_done", "task_failed") and k in started:
            out.append((started.pop(k), ms(e)))
    return sorted(out)


def handled_at(due, blocked):
    """When a callback due at `due` is handled: at once, or when the blocks
    covering that moment are over."""
    t = due
    for start, end in blocked:
        if start <= t < end:
            t = end
    return t


def queued_since(kitchen, python, t):
    """When the tasks that start at moment t in one run and not the other
    had all become ready (so their steps might have joined a queue in
    another order since): None when some of them was not ready before t."""
    def starts(events):
        return {(e["order"], e["task"], e["attempt"]) for e in events
                if e["ev"] == "task_started" and ms(e) == t}
    a, b = starts(kitchen), starts(python)
    tasks = {(o, k) for o, k, _ in (a ^ b)}
    if not tasks:
        return None
    ready = {}
    for e in kitchen:
        k = (e.get("order"), e.get("task"))
        if e["ev"] == "task_ready" and k in tasks and ms(e) < t:
            ready[k] = ms(e)
    if set(ready) != tasks:
        return None
    return max(ready.values())


def heads(events, t, scenario):
    """How many callbacks of the kitchen begin at moment t: each arrival,
    each end of an attempt, each line of the script, each customer's
    patience running out (whether or not it finds the order open), each end
    due then of a task that a callback before it cancelled, each `work`
    step that starts then, and each step queued before it that starts or is
    cancelled then (steps queued at that moment, which asyncio's extra turns
    may run before a hand-off: SPEC §4). Timers that fell due during a block
    begin when it is over."""
    n = sum(1 for e in events if ms(e) == t and
            (e["ev"] in HEADS and not (e["ev"] == "say" and "task" in e) or
             e["ev"] == "task_started" and e["kind"] == "work"))
    blocked = blocks(events)
    recipe = recipes_of(events)
    started = {}
    for e in events:
        if e["ev"] == "order_arrived":
            patience = scenario.patience_ms(e["recipe"])
            if patience is not None and \
                    handled_at(round((e["t"] - e["late"]) * 1000) + patience, blocked) == t:
                n += 1
        elif e["ev"] == "task_started":
            started[(e["order"], e["task"])] = ms(e)
        elif e["ev"] == "task_cancelled" and ms(e) == t:
            s = started.get((e["order"], e["task"]))
            length = scenario.attempt_ms(recipe.get(e["order"]), e["task"])
            if s is not None and length is not None and handled_at(s + length, blocked) == t:
                n += 1
    # Steps queued before t that start or are cancelled at t: their
    # callbacks wait in the ready queue at that moment.
    ready = {}
    for e in events:
        k = (e.get("order"), e.get("task"))
        if e["ev"] == "task_ready" and ms(e) < t:
            ready[k] = True
        elif e["ev"] in ("task_started", "task_cancelled") and k in ready:
            if ms(e) == t and ready[k]:
                n += 1
            ready[k] = False
        elif e["ev"] in ("task_done", "task_failed"):
            ready.pop(k, None)
    return n


def compare(kitchen, python, scenario, strict, parting=False):
    """Problems (empty when the two agree by the rules), the rules used, and
    the moment (ms) the two parted, or None.

    `strict`: no rule at all (sequential mode: one chef, no hand-offs).
    `parting`: the turns rule may also change what happens, not only in
    which order: two callbacks due at one moment in the kitchen reach the
    tasks they hand on to after as many turns as asyncio takes for each, so
    which task gets a station, a thread or the loop first may differ, and
    the runs part. Then they must agree exactly before the first moment
    they differ, and at that moment the kitchen must begin two callbacks or
    more, or run a step queued before (`heads`): with one callback alone,
    there is nothing turns could reorder. (A difference that shows during
    a `work` block, where helper threads act on what the steps queued at the
    block's start did, parts at that start. One that shows when a place in
    a queue comes free, as tasks that have all waited there since before
    start in another order, needs such a moment since they all waited.)"""
    kitchen = [norm(e) for e in kitchen]
    python = [norm(e) for e in python]
    used = collections.Counter()
    if strict:
        for i, (a, b) in enumerate(zip(kitchen, python)):
            if a != b:
                return [f"event {i + 1}: kitchen {show(a)}, python {show(b)}"], used, None
        if len(kitchen) != len(python):
            return [f"kitchen has {len(kitchen)} events, python {len(python)}"], used, None
        return [], used, None
    problems = []
    python = rule_sibling(kitchen, python, scenario, used)
    kitchen = rule_taskgroup(kitchen, scenario, problems, used)
    if problems:
        return problems, used, None
    problems, bad = by_rules(kitchen, python)
    if not problems:
        if [key(e) for e in kitchen] != [key(e) for e in python]:
            used["turns"] += 1
        return [], used, None
    if not parting:
        return problems, used, None
    n = heads(kitchen, bad, scenario)
    if n < 2:
        # Helper threads act while the loop is blocked: what a step queued
        # at the block's start changed may show only later, inside it.
        for start, end in blocks(kitchen):
            if start < bad < end and heads(kitchen, start, scenario) >= 2:
                bad, n = start, heads(kitchen, start, scenario)
                break
    if n < 2:
        # A queue (a station's, the helpers') may hold the tasks in another
        # order since a moment when they were all waiting in it and turns
        # could reorder their steps; it shows only when a place comes free.
        since = queued_since(kitchen, python, bad)
        if since is not None:
            for t in sorted({ms(e) for e in kitchen if since <= ms(e) < bad}, reverse=True):
                if heads(kitchen, t, scenario) >= 2:
                    n = 2
                    break
    if n < 2:
        return [f"the runs part at {bad / 1000:.3f}, where the kitchen begins only "
                f"{n} callback: no turns to explain it"] + problems, used, bad
    used["turns"] += 1
    used["parting"] += 1
    return [], used, bad


def by_rules(kitchen, python):
    """What breaks the turns rule, and the first moment (ms) it breaks (the
    two agree by the rule before it)."""
    problems = []
    bad = math.inf
    # The same events at every moment.
    at_k = collections.defaultdict(collections.Counter)
    at_p = collections.defaultdict(collections.Counter)
    for e in kitchen:
        at_k[ms(e)][key(e)] += 1
    for e in python:
        at_p[ms(e)][key(e)] += 1
    for t in sorted(set(at_k) | set(at_p)):
        if at_k[t] != at_p[t]:
            bad = t
            for k in sorted((at_k[t] - at_p[t]).elements())[:4]:
                problems.append("only the kitchen: " + show(json.loads(k)))
            for k in sorted((at_p[t] - at_k[t]).elements())[:4]:
                problems.append("only python: " + show(json.loads(k)))
            break
    # Every task's events in the same order.
    a, b = per_task(kitchen), per_task(python)
    for task in sorted(a.keys() | b.keys(), key=str):
        x, y = a.get(task, []), b.get(task, [])
        if x != y:
            i = next((i for i, (u, v) in enumerate(zip(x, y)) if u != v), min(len(x), len(y)))
            t = min(ms(json.loads(s[i])) for s in (x, y) if i < len(s))
            if t <= bad:
                problems.append(f"order {task[0]} task {task[1]}: its events in another "
                                f"order from {t / 1000:.3f}")
            bad = min(bad, t)
    # Every order's own events and the failure that failed it in the same
    # order, the same cancellations, order_failed before (or after) them.
    a, b = order_relations(kitchen), order_relations(python)
    for m in sorted(a.keys() | b.keys()):
        if a.get(m) != b.get(m):
            if m[0] <= bad:
                problems.append(f"at {m[0] / 1000:.3f}, order {m[1]}: its failure and "
                                f"cancellations in another order")
            bad = min(bad, m[0])
    return problems[:10], bad


def first_difference(a, b):
    """The moment (ms) of the first event where two transcripts differ."""
    for x, y in zip(a, b):
        if norm(x) != norm(y):
            return min(ms(x), ms(y))
    if len(a) != len(b):
        longer = a if len(a) > len(b) else b
        return ms(longer[min(len(a), len(b))])
    return None
