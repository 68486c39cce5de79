#!/usr/bin/env python3
"""Compares what an exported asyncio program printed with the transcript of
`kitchen run --format jsonl` (tests/cli/test_export.sh).

    export_compare.py KITCHEN.jsonl PYTHON.jsonl SCALE BASE PER_STEP [KNOWN...]
    export_compare.py --batch LIST   LIST: a case a line, "NAME<tab>ARG<tab>...",
                                     the arguments above; writes what each
                                     comparison says to NAME.cmp beside
                                     its PYTHON.jsonl and prints "NAME STATUS"
                                     (one interpreter for a whole test)

The two must have the same multiset of task_started, task_done, task_failed,
task_cancelled, order_done and order_failed events, each identified by
(event, order, task, attempt; error for failures), and each such event's
time must agree within a tolerance of BASE + PER_STEP * n real seconds,
that is (BASE + PER_STEP * n) / SCALE virtual seconds, where n is the
number of steps started before the event in the kitchen's transcript: a
bound on the length of the chain of steps that leads to it, along which
the real clock's delays add up. The summary's orders, orders_done and
orders_failed must agree too.

A KNOWN difference, where asyncio really differs from the model (SPEC §4), is
asserted rather than ignored, and the comparison fails if Python does not
show it:
    EVENT ORDER [TASK[#ATTEMPT]]=SECONDS   Python prints the event at SECONDS
                                           where the kitchen prints it at
                                           another time
    +EVENT ORDER [TASK[#ATTEMPT]]=SECONDS  Python prints it, at SECONDS; the
                                           kitchen does not
    -EVENT ORDER [TASK[#ATTEMPT]]          the kitchen prints it, Python not
(an order_done or order_failed added or removed moves the summary's counts).

Prints what differs and exits 1; prints the largest deviation and exits 0.
"""
import collections
import json
import sys

KINDS = ("task_started", "task_done", "task_failed", "task_cancelled",
         "order_done", "order_failed")


def load(path):
    events, summary = [], None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                ev = json.loads(line)
            except ValueError as e:
                raise SystemExit(f"{path}:{n}: not JSON ({e}): {line.strip()}")
            if ev.get("ev") == "summary":
                summary = ev
            elif ev.get("ev") in KINDS:
                events.append(ev)
    if summary is None:
        raise SystemExit(f"{path}: no summary line")
    return events, summary


def key(ev):
    """What identifies an event, times aside."""
    k = [ev["ev"], ev["order"], ev.get("task", "")]
    if ev["ev"] in ("task_started", "task_failed"):
        k.append(ev["attempt"])
    if ev["ev"] in ("task_failed", "order_failed"):
        k.append(ev["error"])
    return tuple(k)


def short(k):
    s = f"{k[0]} order {k[1]}"
    if k[2]:
        s += f" {k[2]}"
    if len(k) > 3 and isinstance(k[3], int):
        s += f" #{k[3]}"
    return s


def grouped(events):
    """key -> list of (time, steps started before it), in transcript order."""
    g = collections.defaultdict(list)
    started = 0
    for ev in events:
        g[key(ev)].append((ev["t"], started))
        if ev["ev"] == "task_started":
            started += 1
    return g


def parse_known(spec):
    """-> (sign, (event, order, task, attempt), seconds or None)."""
    sign = spec[0] if spec[:1] in ("+", "-") else ""
    what, eq, at = spec[len(sign):].partition("=")
    parts = what.split()
    if len(parts) not in (2, 3) or (sign != "-") != bool(eq and at):
        raise SystemExit(f"bad known difference {spec!r}")
    ev, order = parts[0], int(parts[1])
    task, attempt = "", None
    if len(parts) == 3:
        task, _, a = parts[2].partition("#")
        attempt = int(a) if a else None
    return sign, (ev, order, task, attempt), float(at) if at else None


def take(grouped_events, known_key):
    """Removes and returns the first event matching known_key, or None."""
    for k, times in grouped_events.items():
        if matches(k, known_key) and times:
            return times.pop(0)
    return None


def matches(k, known_key):
    ev, order, task, attempt = known_key
    return (k[0] == ev and k[1] == order and k[2] == task and
            (attempt is None or (len(k) > 3 and k[3] == attempt)))


def compare(argv):
    """argv as the command line's; prints what it found, returns 0 or 1."""
    if len(argv) < 6:
        raise SystemExit(__doc__)
    kitchen, k_sum = load(argv[1])
    python, p_sum = load(argv[2])
    scale, base, per_step = (float(a) for a in argv[3:6])
    known = [parse_known(s) for s in argv[6:]]
    problems = []
    want, got = grouped(kitchen), grouped(python)

    # Events one side has and the other not, as asserted.
    expect_sum = {f: k_sum.get(f) for f in ("orders", "orders_done", "orders_failed")}
    for sign, kk, at in known:
        if not sign:
            continue
        side, other = (got, "python") if sign == "+" else (want, "kitchen")
        found = take(side, kk)
        if found is None:
            problems.append(f"known difference {sign}{kk} not in {other}'s transcript")
            continue
        if sign == "+" and abs(found[0] - at) > (base + per_step * found[1]) / scale:
            problems.append(f"known difference +{kk}: python at {found[0]:.3f}, not {at:.3f}")
        field = {"order_done": "orders_done", "order_failed": "orders_failed"}.get(kk[0])
        if field:
            expect_sum[field] += 1 if sign == "+" else -1
    known = [(kk, at) for sign, kk, at in known if not sign]
    used = [False] * len(known)

    for field, value in expect_sum.items():
        if value != p_sum.get(field):
            problems.append(f"summary {field}: kitchen {k_sum.get(field)}"
                            f"{' (expected ' + str(value) + ')' if value != k_sum.get(field) else ''}"
                            f", python {p_sum.get(field)}")
    worst, worst_what, worst_tol = 0.0, "nothing", 0.0
    for k in sorted(set(want) | set(got), key=str):
        w, g = want.get(k, []), got.get(k, [])
        if len(w) != len(g):
            problems.append(f"{short(k)}: kitchen has {len(w)}, python {len(g)}")
            continue
        for (tw, steps), (tg, _) in zip(w, g):
            tol = (base + per_step * steps) / scale
            expect = tw
            for i, (kk, at) in enumerate(known):
                if matches(k, kk):
                    expect, used[i] = at, True
            dev = abs(tg - expect)
            if dev > tol:
                note = f" (known difference: python at {expect:.3f})" if expect != tw else ""
                problems.append(f"{short(k)}: kitchen {tw:.3f}, python {tg:.3f}"
                                f"{note}, tolerance {tol:.3f}")
            elif dev / tol > worst / (worst_tol or 1):
                worst, worst_what, worst_tol = dev, short(k), tol
    for i, (kk, at) in enumerate(known):
        if not used[i]:
            problems.append(f"known difference {kk} never seen")
    if problems:
        print("\n".join(problems[:20]))
        return 1
    print(f"closest: {worst_what} off by {worst:.3f} s of {worst_tol:.3f} s allowed")
    return 0


def batch(list_path):
    import contextlib
    import io
    import os
    with open(list_path, encoding="utf-8") as f:
        for line in f:
            name, *args = line.rstrip("\n").split("\t")
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                try:
                    status = compare([None, *args])
                except SystemExit as e:      # load() and parse_known() stop so
                    print(e.code)
                    status = 1
            with open(os.path.join(os.path.dirname(args[1]), name + ".cmp"), "w") as cmp:
                cmp.write(out.getvalue())
            print(name, status)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--batch":
        sys.exit(batch(sys.argv[2]))
    sys.exit(compare(sys.argv))
