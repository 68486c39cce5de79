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

parting   Random scenarios only: the runs may part at a moment where turns
          change what happens, not only in which order. They must agree
          exactly before it; at it, every event one run shows and the other
          does not must be one a rule of explain_parting predicts (block,
          taken, started, walkout, sibling, dice, zerowait), and the kitchen
          must begin two callbacks or more there. Past it, complete() and
          same_world() (export_check.py) still hold both runs: the same
          customers and script, every order and task ended once, every
          task's life as SPEC allows, the summary's counts.

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
    patience, each task's station, kind, attempt length, timeout and
    fail_chance, and the seed (from the YAML, read by the job's writer)."""

    def __init__(self, recipes, seed=1):
        self.recipes = recipes or {}
        self.seed = seed

    def task(self, recipe, task):
        return self.recipes.get(recipe, {}).get("tasks", {}).get(task, {})

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


def blocked_through(due, t, blocked):
    """Whether a timer due at `due` may be handled at t: t is its moment, or
    blocks held the loop from then until t (a block that begins at t may
    begin after it)."""
    x = due
    while x < t:
        x = next((end for start, end in blocked if start <= x < end), None)
        if x is None:
            return False
    return x == t


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
    problems = explain_parting(kitchen, python, bad, scenario, used)
    if problems:
        return [f"the runs part at {bad / 1000:.3f}:"] + problems, used, bad
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


# A task's life (SPEC §4, §6): what may follow each of its events.
NEXT = {None: ("task_ready", "task_cancelled"),
        "task_ready": ("task_started", "task_cancelled", "task_failed"),  # a helper timed
        "task_started": ("task_done", "task_failed", "task_cancelled"),   # out in the queue
        "task_failed": ("task_ready",),         # not final: its retry
        "task_done": (), "task_cancelled": ()}


def lifecycle(events, scenario):
    """Problems with any task's life: its events in an order SPEC allows
    (a failure without a start only for a helper's timeout, in the pool's
    queue), each attempt numbered one more than the last, nothing after its
    end, a task_done late by exactly its time past start + duration."""
    problems = []
    state = {}
    began = {}
    recipe = recipes_of(events)
    for e in events:
        if "task" not in e or e["ev"] == "say" or "order" not in e:
            continue
        k = (e["order"], e["task"])
        last, attempts = state.get(k, (None, 0))
        if last == "task_failed_final" or e["ev"] not in NEXT.get(last, ()) or \
                last == "task_ready" and e["ev"] == "task_failed" and (
                    e["error"] != "timeout" or
                    scenario.task(recipe.get(k[0]), k[1]).get("kind") != "helper"):
            problems.append(f"{e['t']:.3f} order {k[0]} task {k[1]}: {e['ev']} after "
                            f"{last or 'nothing'}")
            state[k] = (e["ev"], attempts)
            continue
        if e["ev"] == "task_started":
            attempts += 1
            began[k] = ms(e)
        if e["ev"] == "task_done":
            length = scenario.task(recipe.get(k[0]), k[1]).get("attempt_ms")
            if length is not None and k in began and \
                    round(e["late"] * 1000) != max(ms(e) - began[k] - length, 0):
                problems.append(f"{e['t']:.3f} order {k[0]} task {k[1]}: done late "
                                f"{e['late']:.3f}, not {max(ms(e) - began[k] - length, 0) / 1000:.3f}")
        if e["ev"] in ("task_started", "task_failed") and e["attempt"] != attempts + (
                e["ev"] == "task_failed" and last == "task_ready"):
            problems.append(f"{e['t']:.3f} order {k[0]} task {k[1]}: attempt {e['attempt']} "
                            f"after {attempts}")
        if e["ev"] == "task_failed" and last == "task_ready":
            attempts += 1
        state[k] = ("task_failed_final" if e["ev"] == "task_failed" and e["final"] else e["ev"],
                    attempts)
    return problems


def complete(events, summary, scenario):
    """What a run must show whatever its history (checked past the moment
    two runs part): every order that arrives ends once (done or failed),
    every task of it ends once (done, failed for good or cancelled), and
    the summary counts what the events show. Problems, as a list."""
    problems = []
    recipe = recipes_of(events)
    ends = collections.Counter(e["order"] for e in events
                               if e["ev"] in ("order_done", "order_failed"))
    finals = collections.Counter((e["order"], e["task"]) for e in events
                                 if e["ev"] in ("task_done", "task_cancelled") or
                                 e["ev"] == "task_failed" and e["final"])
    problems += lifecycle(events, scenario)
    # Every error one its task or order can have: a timeout where the task
    # has one, "failed" where it has fail_after or fail_chance; an order
    # fails with a final failure's error seen by then, or its customer
    # walks out (a recipe with patience).
    failed_with = collections.defaultdict(set)
    for e in events:
        if e["ev"] == "task_failed":
            task = scenario.task(recipe.get(e["order"]), e["task"])
            if e["error"] not in (["timeout"] if task.get("timeout_ms") is not None else []) + \
                    (["failed"] if task.get("fail_after") or task.get("fail_chance", 0) > 0
                     else []):
                problems.append(f"{e['t']:.3f} order {e['order']} task {e['task']}: "
                                f"error {e['error']!r}, which it cannot have")
            if e["final"]:
                failed_with[e["order"]].add(e["error"])
        elif e["ev"] == "order_failed" and e["error"] not in failed_with[e["order"]] | (
                {"walked out"} if scenario.patience_ms(e["recipe"]) is not None else set()):
            problems.append(f"{e['t']:.3f} order {e['order']} failed with {e['error']!r}, "
                            f"which none of its tasks did")
    arrivals = collections.Counter(e["order"] for e in events if e["ev"] == "order_arrived")
    problems += [f"order {o} arrives {n} times" for o, n in sorted(arrivals.items()) if n != 1]
    for o, r in sorted(recipe.items()):
        if ends[o] != 1:
            problems.append(f"order {o} ends {ends[o]} times")
        for task in scenario.recipes.get(r, {}).get("tasks", {}):
            if finals[(o, task)] != 1:
                problems.append(f"order {o} task {task} ends {finals[(o, task)]} times")
    counts = {"orders": len(recipe),
              "orders_done": sum(1 for e in events if e["ev"] == "order_done"),
              "orders_failed": sum(1 for e in events if e["ev"] == "order_failed")}
    for field, n in counts.items():
        if summary.get(field) != n:
            problems.append(f"summary {field} {summary.get(field)!r}, its events {n}")
    return problems[:6]


def same_world(kitchen, python):
    """What no history changes (checked past the moment two runs part): the
    same customers, each with its recipe and scheduled arrival (the event's
    time less its lateness), and the same lines of the script (a block may
    delay one: they carry no lateness). Problems, as a list."""
    def world(events):
        arrivals = sorted((e["order"], e["recipe"], round((e["t"] - e["late"]) * 1000))
                          for e in events if e["ev"] == "order_arrived")
        script = sorted((e["ev"], e.get("text"), e.get("answer")) for e in events
                        if e["ev"] in ("say", "ask", "pause") and "task" not in e)
        return arrivals, script
    (ka, ks), (pa, ps) = world(kitchen), world(python)
    problems = []
    for a, b, what in ((ka, pa, "arrival"), (ks, ps, "script line")):
        for x in sorted(set(a) ^ set(b))[:3]:
            problems.append(f"{what} {x} only {'in the kitchen' if x in a else 'in python'}")
        if len(a) != len(b):
            problems.append(f"{len(a)} {what}s in the kitchen, {len(b)} in python")
    return problems


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


# What the runs may differ by where they part (random scenarios, `parting`):
# each event that one run shows at that moment and the other does not must
# be one that a rule of SPEC §4 (or of the SPEC proposal, for the ones where
# CPython differs from it) predicts, in the form it predicts. Past that
# moment the runs follow different histories and are not compared.

# What a changed history may leave out altogether: a task's events (it was
# cancelled, or its order ended, before they came). Arrivals, the script's
# lines and an order's end always come.
MAY_NEVER = ("task_ready", "task_started", "task_done", "task_failed", "task_cancelled", "say")


def final_errors(events, order, t):
    """The errors of the order's final failures at t: handled in another
    order, any of them may be the one that fails it."""
    return {e["error"] for e in events if ms(e) == t and e["ev"] == "task_failed" and
            e["order"] == order and e["final"]}


def same_fields(a, b):
    """Whether two events say the same but for when (t, late)."""
    return ({k: v for k, v in a.items() if k not in ("t", "late")} ==
            {k: v for k, v in b.items() if k not in ("t", "late")})


def ident(e):
    """An event without its times: what names it in either run."""
    return (e["ev"], e.get("order"), e.get("task"), e.get("attempt"), e.get("error"),
            e.get("text"))


def unmatched(events, other, t):
    """Indices of the events at moment t that the other run does not show at
    t (as many of each as it lacks)."""
    have = collections.Counter(key(e) for e in other if ms(e) == t)
    out = []
    for i, e in enumerate(events):
        if ms(e) == t:
            if have[key(e)]:
                have[key(e)] -= 1
            else:
                out.append(i)
    return out


def dice(seed, n):
    """fail_chance's n-th draw (from 1) of SplitMix64 from seed (SPEC §4)."""
    mask = 0xFFFFFFFFFFFFFFFF
    z = (seed + n * 0x9E3779B97F4A7C15) & mask
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
    z ^= z >> 31
    return (z >> 11) / 2.0**53


def draws(e, scenario, recipe):
    """Whether this event is the end of an attempt that drew: one that would
    have succeeded (done, or failed by the dice) of a task with fail_chance."""
    if e["ev"] not in ("task_done", "task_failed"):
        return False
    task = scenario.task(recipe.get(e["order"]), e["task"])
    if task.get("fail_chance", 0) <= 0 or task.get("fail_after"):
        return False
    return e["ev"] == "task_done" or e["error"] == "failed"


def rule_dice(kitchen, python, t, scenario, recipe):
    """The draws at moment t: each run must draw, in its own order of the
    ends it handles, exactly what SPEC's generator gives (the draws before t
    are the same in both). Returns the (order, task) whose attempt ended
    otherwise in the two runs by the dice alone, or None when a run drew
    otherwise than predicted."""
    before = sum(1 for e in kitchen if ms(e) < t and draws(e, scenario, recipe))
    outcome = []
    for events in (kitchen, python):
        n, got = before, collections.defaultdict(list)
        for e in events:
            if ms(e) == t and draws(e, scenario, recipe):
                n += 1
                chance = scenario.task(recipe.get(e["order"]), e["task"])["fail_chance"]
                if (dice(scenario.seed, n) < chance) != (e["ev"] == "task_failed"):
                    return None
                got[(e["order"], e["task"])].append(e["ev"])
        outcome.append(got)
    return {task for task in outcome[0].keys() & outcome[1].keys()
            if outcome[0][task] != outcome[1][task]}


def explain_parting(kitchen, python, t, scenario, used):
    """The events one run shows at moment t and the other not, that no rule
    explains (a list of descriptions: empty when every one is explained).
    The rules, each in the form it predicts (counted in `used`):

    walkout   SPEC proposal 2: the customer's patience runs out at t, and
              the order ends at t in both runs: one handles an end first
              (the order done, a failed attempt retried), the other walks
              the customer out first. Every task of the order that the two
              show otherwise at t ends at t in both (done or cancelled).
    sibling   SPEC proposals 3 and 5: the order fails at t under on_error:
              cancel in both runs, with the same error; its tasks get ready,
              start or end at t before the TaskGroup's cancellation reaches
              them in one run and not in the other. Every task of the order
              that the two show otherwise at t ends at t in both.
    dice      SPEC §4 (one draw per ending "in the order handled"): ends at
              t handled in another order draw the same numbers in another
              order; each run's outcomes at t must be exactly what SPEC's
              generator gives in its own order. An attempt that ended
              otherwise changes its order's history at t.
    zerowait  SPEC proposal 7: a 0 s `wait` step with a timeout whose end
              was queued before a block carried the clock past its deadline:
              CPython ends it, the kitchen times it out. Its order's history
              at t changes with it.
    taken     SPEC proposal 1: a step queued at that instant takes a slot or
              a thread at t before the task the other run hands it to: a
              start at t in one run pairs with a start at t in the other on
              the same station (helpers: the thread pool); or, unpaired, it
              starts at t on a station (or the pool) where the other run
              starts a task at t too, and waits there in the other run
              (ready, not started). What that task then does at t changes
              its order's history at t.
    started   SPEC proposal 5: a task starts and is cancelled at t (its next
              event) where the other run cancels it at t unstarted.
    block     SPEC §4: a `work` step queued at that instant blocks the loop
              before a hand-off reaches its task. The run that starts a
              `work` step at t shows the hand-off's events after the block's
              end (or, their history changed, never), not at t; and the
              `work` step it starts at t, the other run cancels at t.
    A rule that changes an order's history at t (walkout, sibling, dice,
    zerowait, taken) explains that order's other events at t with it: its
    retries, dependants, its end and cancellations."""
    recipe = recipes_of(kitchen)
    runs = (kitchen, python)
    left = [set(unmatched(kitchen, python, t)), set(unmatched(python, kitchen, t))]
    if not left[0] and not left[1]:
        return []
    diverged = set()        # orders whose history a rule changed at t
    zerowait = set()
    def found(side, pred):
        return sorted(i for i in left[side] if pred(runs[side][i]))

    def at_t(side, pred):
        return [e for e in runs[side] if ms(e) == t and pred(e)]

    def ends_at_t(o, sides=(0, 1)):
        """Every task of order o that the runs show otherwise at t ends at t
        in these runs (its last event at t: done, final failure or
        cancelled)."""
        tasks = {runs[s][i]["task"] for s in (0, 1) for i in left[s]
                 if runs[s][i].get("order") == o and "task" in runs[s][i]}
        for side in sides:
            for task in tasks:
                mine = [e for e in runs[side] if e.get("order") == o and e.get("task") == task
                        and e["ev"] != "say" and ms(e) <= t]
                if not mine or ms(mine[-1]) != t or not (
                        mine[-1]["ev"] in ("task_done", "task_cancelled") or
                        mine[-1]["ev"] == "task_failed" and mine[-1]["final"]):
                    return False
        return True

    orders = {runs[s][i]["order"] for s in (0, 1) for i in left[s] if "order" in runs[s][i]}
    for o in sorted(orders):
        ended = [at_t(s, lambda e: e.get("order") == o and e["ev"] in ("order_done",
                                                                       "order_failed"))
                 for s in (0, 1)]
        if not ended[0] or not ended[1]:
            continue
        walkers = [s for s in (0, 1) if any(e["ev"] == "order_failed" and
                                             e["error"] == "walked out" for e in ended[s])]
        walked = bool(walkers) and ends_at_t(o, walkers)
        arrived = [e for e in kitchen if e["ev"] == "order_arrived" and e["order"] == o]
        patience = scenario.patience_ms(recipe.get(o))
        if walked and arrived and patience is not None and any(
                blocked_through(round((arrived[0]["t"] - arrived[0]["late"]) * 1000) + patience,
                                t, blocks(run)) for run in runs):
            used["walkout"] += 1
            diverged.add(o)
        elif scenario.on_error(recipe.get(o)) == "cancel" and ends_at_t(o) and \
                ended[0][0]["ev"] == ended[1][0]["ev"] == "order_failed" and \
                ended[0][0]["error"] == ended[1][0]["error"] != "walked out":
            used["sibling"] += 1
            diverged.add(o)
    # zerowait: the kitchen times out what CPython ends.
    for i in found(0, lambda e: e["ev"] == "task_failed" and e["error"] == "timeout"):
        f = kitchen[i]
        task = scenario.task(recipe.get(f["order"]), f["task"])
        if found(1, lambda e: e["order"] == f["order"] and e.get("task") == f["task"] and (
                e["ev"] == "task_done" or e["ev"] == "task_failed" and
                e["error"] != "timeout" and e["attempt"] == f["attempt"])) and \
                task.get("kind") == "wait" and task.get("attempt_ms") == 0 and \
                task.get("timeout_ms") is not None:
            used["zerowait"] += 1
            diverged.add(f["order"])
            zerowait.add(f["order"])
    # dice: ends handled in another order draw in another order.
    if any(draws(runs[s][i], scenario, recipe) for s in (0, 1) for i in left[s]):
        flipped = rule_dice(kitchen, python, t, scenario, recipe)
        if flipped is None:
            return [f"at {t / 1000:.3f} a run's fail_chance outcomes are not SPEC's "
                    f"draws in the order it handled the ends"]
        if flipped:
            used["dice"] += 1
            diverged.update(o for o, _ in flipped)

    # The same event in both runs at t with other fields (a lateness, an
    # error): no race explains that, but for the rules that say so (an order
    # whose history a rule changed ends otherwise; zerowait's attempt).
    same = collections.defaultdict(set)
    for side in (0, 1):
        for i in left[side]:
            e = runs[side][i]
            same[(e["ev"], e.get("order"), e.get("task"), e.get("attempt"))].add(side)
    for (ev, o, task, attempt), sides in sorted(same.items(), key=str):
        if len(sides) == 2:
            if ev in ("order_done", "order_failed") and o in diverged:
                continue
            if ev == "task_failed" and o in zerowait:
                continue
            return [f"at {t / 1000:.3f} the runs show {ev} of order {o}"
                    f"{' task ' + task if task else ''} with other fields"]

    def resource(e):
        task = scenario.task(recipe.get(e["order"]), e["task"])
        return "helpers" if task.get("kind") == "helper" else task.get("station")

    def explain(side, i):
        """Explains event i and the say events of its task at t."""
        e = runs[side][i]
        left[side].discard(i)
        left[side].difference_update(found(side, lambda x: x["ev"] == "say" and
                                           x.get("order") == e["order"] and
                                           x.get("task") == e["task"]))

    def waiting(side, e):
        """Whether e's task waits at t in run `side`: ready, and not started
        since (before t), or ready at t."""
        mine = [x for x in runs[side] if x.get("order") == e["order"] and
                x.get("task") == e["task"] and x["ev"] != "say" and ms(x) <= t]
        before = [x for x in mine if ms(x) < t]
        return (before and before[-1]["ev"] == "task_ready" or
                any(x["ev"] == "task_ready" and ms(x) == t for x in mine))

    # taken: starts at t on the same station (or the helper pool), of tasks
    # that wait there in the other run.
    starts = [collections.defaultdict(list), collections.defaultdict(list)]
    for side in (0, 1):
        for i in found(side, lambda e: e["ev"] == "task_started"):
            e = runs[side][i]
            if e["order"] not in diverged and waiting(1 - side, e):
                starts[side][resource(e)].append(i)
    for res in set(starts[0]) & set(starts[1]) - {None}:
        for a, b in zip(starts[0][res], starts[1][res]):
            used["taken"] += 1
            explain(0, a)
            explain(1, b)
    for side in (0, 1):
        for res, mine in starts[side].items():
            if res is None:
                continue
            for i in mine[len(starts[1 - side].get(res, [])):]:
                e = runs[side][i]
                if at_t(1 - side, lambda x: x["ev"] == "task_started" and resource(x) == res):
                    used["taken"] += 1
                    explain(side, i)
                    diverged.add(e["order"])
    # started: started and cancelled at t where the other run cancels unstarted.
    for side in (0, 1):
        for i in found(side, lambda e: e["ev"] == "task_started"):
            s = runs[side][i]
            nxt = [e for e in runs[side][i + 1:] if e.get("order") == s["order"] and
                   e.get("task") == s["task"] and e["ev"] != "say"]
            blocked = [end for start, end in blocks(runs[side]) if start == t]
            if nxt and nxt[0]["ev"] == "task_cancelled" and \
                    (ms(nxt[0]) == t or ms(nxt[0]) in blocked) and \
                    at_t(1 - side, lambda e: e["ev"] == "task_cancelled" and
                         e["order"] == s["order"] and e["task"] == s["task"]):
                used["started"] += 1
                explain(side, i)
    for side in (0, 1):
        left[side] = {i for i in left[side] if runs[side][i].get("order") not in diverged}
    # block: what the run blocking at t shows after the block, or never.
    for side in (0, 1):
        ends = [end for start, end in blocks(runs[1 - side]) if start == t]
        if ends and left[side]:
            for i in sorted(left[side]):
                e = runs[side][i]
                twins = [x for x in runs[1 - side] if ms(x) >= t and ident(x)[:4] == ident(e)[:4]]
                if twins and ms(twins[0]) >= min(ends) and (
                        same_fields(twins[0], e) or
                        e["ev"] == "order_failed" and twins[0]["error"] in final_errors(
                            runs[side], e["order"], t)) or \
                        not twins and e["ev"] in MAY_NEVER and "task" in e:
                    used["block"] += 1
                    left[side].discard(i)
        # a helper's job queued at the start of a block in this run takes a
        # thread during it; the other run queued it only after its own block
        # (its `work` step ran first at that instant)
        for i in found(side, lambda e: e["ev"] == "task_started" and e["kind"] == "helper"):
            h = runs[side][i]
            for start, end in blocks(runs[side]):
                if not start < t < end:
                    continue
                theirs = [e for e in runs[1 - side] if e.get("order") == h["order"] and
                          e.get("task") == h["task"] and e["ev"] in ("task_ready",
                                                                      "task_started")]
                ready = [ms(e) for e in theirs if e["ev"] == "task_ready"]
                began = [ms(e) for e in theirs if e["ev"] == "task_started" and ms(e) > start]
                other_end = [e2 for s2, e2 in blocks(runs[1 - side]) if s2 == start]
                if start in ready and other_end and (not began or began[0] >= other_end[0]):
                    used["block"] += 1
                    explain(side, i)
                break
        # the work step it starts at t, the other run cancels at t
        for i in found(side, lambda e: e["ev"] == "task_started" and e["kind"] == "work"):
            w = runs[side][i]
            if at_t(1 - side, lambda e: e["ev"] == "task_cancelled" and
                    e["order"] == w["order"] and e["task"] == w["task"]):
                used["block"] += 1
                explain(side, i)
    problems = []
    for side, name in ((0, "only the kitchen"), (1, "only python")):
        for i in sorted(left[side])[:6]:
            problems.append(f"{name}, unexplained: {show(runs[side][i])}")
    return problems
