#!/usr/bin/env python3
"""Runs exported asyncio programs inside this one interpreter and checks
what they print (tests/cli/test_export*.sh): starting Python once per test
script rather than once per program keeps the suite fast.

    export_check.py JOBS.jsonl

Each line of JOBS is a JSON object:
    name     what the test calls it ("ok NAME" / "FAIL NAME")
    prog     the exported program
    args     its command line (["--virtual"], ["--scale", "0.01"], ...)
    kitchen  `kitchen run --format jsonl` of the same scenario and mode
    compare  "texts": the same events with the same fields, times aside
             (a multiset: the order and the times are not compared);
             "timed": the same events at the same times, to the
             millisecond, and the same summary (a multiset: the order at
             one moment is not compared)
    known    (optional) differences asyncio shows on purpose, each a string
             "-EV ORDER [TASK[#ATTEMPT]] @T": the kitchen's event that
             python does not print; "+EV ORDER [TASK[#ATTEMPT]] @T": one
             python prints and the kitchen not; "=FIELD VALUE": the
             summary's FIELD that python prints; "~T 3.X": on Python 3.X
             and later the runs part at T (the rule `parting`, exactly
             there). Each must be seen.

Every program must compile from its bytes as Python does (its encoding
declaration honoured), be pure printable ASCII, begin with the exporter's
own two lines, run to the end with exit status 0 and nothing on stderr.
Prints one "ok"/"FAIL" line per job, with the reasons indented below.
"""
import collections
import contextlib
import faulthandler
import io
import json
import os
import re
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_exact    # noqa: E402  (beside this file)

FIRST_LINES = b"#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n"
TIMEOUT = 120   # seconds for one program; a hang ends the whole check
NOT_ASCII = re.compile(rb"[^\x20-\x7e\n]")


CODE = {}      # program -> its code, compiled once


def run(prog, args):
    """Runs prog as __main__ (in a fresh module of its own) with args;
    returns (status, stdout, stderr)."""
    if prog not in CODE:
        with open(prog, "rb") as f:
            CODE[prog] = compile(f.read(), prog, "exec")
    module = {"__name__": "__main__", "__file__": prog, "__builtins__": __builtins__}
    out, err = io.StringIO(), io.StringIO()
    saved, sleep = sys.argv, time.sleep     # the program sets its clock's sleep
    sys.argv = [prog] + list(args)
    status = 0
    faulthandler.dump_traceback_later(TIMEOUT, exit=True)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                exec(CODE[prog], module)
            except SystemExit as e:
                status = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
            except BaseException:
                traceback.print_exc()
                status = 1
    finally:
        faulthandler.cancel_dump_traceback_later()
        sys.argv, time.sleep = saved, sleep
    return status, out.getvalue(), err.getvalue()


def events(text, where):
    evs = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            evs.append(json.loads(line))
        except ValueError as e:
            raise ValueError(f"{where}:{n}: not JSON ({e}): {line[:80]}")
    return evs


# What the program prints of an event (the kitchen adds nothing to events).
def with_times(ev):
    return tuple(sorted((k, json.dumps(v)) for k, v in ev.items()))


def without_times(ev):
    return tuple(sorted((k, json.dumps(v)) for k, v in ev.items() if k not in ("t", "late")))


# The summary's fields that the program reports (the kitchen adds more).
SUMMARY = ("mode", "orders", "orders_done", "orders_failed")


def compare_texts(kitchen, python, timed=False):
    """Same events, field for field (times aside unless `timed`); the
    summary's counts."""
    problems = []
    k_sum = [e for e in kitchen if e.get("ev") == "summary"]
    p_sum = [e for e in python if e.get("ev") == "summary"]
    if len(p_sum) != 1 or python[-1].get("ev") != "summary":
        return ["python's last line is not its only summary"]
    for f in SUMMARY:
        if k_sum[0].get(f) != p_sum[0].get(f):
            problems.append(f"summary {f}: kitchen {k_sum[0].get(f)!r}, python {p_sum[0].get(f)!r}")
    key = with_times if timed else without_times
    want = collections.Counter(key(e) for e in kitchen if e.get("ev") != "summary")
    got = collections.Counter(key(e) for e in python if e.get("ev") != "summary")
    for ev in sorted((want - got).elements())[:10]:
        problems.append("only the kitchen: " + json.dumps(dict((k, json.loads(v)) for k, v in ev)))
    for ev in sorted((got - want).elements())[:10]:
        problems.append("only python: " + json.dumps(dict((k, json.loads(v)) for k, v in ev)))
    return problems


SUMMARY_TIMED = ("makespan", "blocked", "late_max", "latency_mean")


def known_match(spec, ev):
    """Whether event ev is the one a known difference names."""
    what, _, at = spec[1:].partition("@")
    parts = what.split()
    if ev.get("ev") != parts[0] or ev.get("order") != int(parts[1]):
        return False
    if len(parts) > 2:
        task, _, attempt = parts[2].partition("#")
        if ev.get("task") != task or (attempt and ev.get("attempt") != int(attempt)):
            return False
    return round(ev["t"] * 1000) == round(float(at) * 1000)


def apply_known(kitchen, python, known):
    """Removes the known differences from both sides; returns problems."""
    problems = []
    for spec in known:
        if spec[0] == "=":
            field, value = spec[1:].split()
            summary = [e for e in kitchen if e.get("ev") == "summary"][0]
            summary[field] = json.loads(value)
            continue
        side = kitchen if spec[0] == "-" else python
        hit = [i for i, ev in enumerate(side) if "t" in ev and known_match(spec, ev)]
        if not hit:
            problems.append(f"known difference {spec!r} not seen")
        else:
            del side[hit[0]]
    return problems


def compare_timed(kitchen, python):
    """The same events at the same times, and the same summary."""
    problems = compare_texts(kitchen, python, timed=True)
    k_sum = [e for e in kitchen if e.get("ev") == "summary"][0]
    p_sum = [e for e in python if e.get("ev") == "summary"]
    for f in SUMMARY_TIMED:
        if p_sum and k_sum.get(f) != p_sum[0].get(f):
            problems.append(f"summary {f}: kitchen {k_sum.get(f)!r}, python {p_sum[0].get(f)!r}")
    return problems


def parting_known(known):
    """The moment (ms) a known difference "~T 3.X" says the runs part at on
    Python 3.X and later (for this interpreter), or None."""
    for spec in known:
        if spec.startswith("~"):
            at, version = spec[1:].split()
            if sys.version_info[:2] >= tuple(int(v) for v in version.split(".")):
                return round(float(at) * 1000)
    return None


def summary_of(events):
    s = [e for e in events if e.get("ev") == "summary"]
    return s[-1] if s else {}


def past_parting(kitchen, python, scenario):
    """What must hold of two runs that parted, to their ends (export_exact's
    complete and same_world): each run whole, the same customers and
    script, the same number of orders."""
    problems = []
    runs = {}
    for name, evs in (("kitchen", kitchen), ("python", python)):
        runs[name] = [e for e in evs if e.get("ev") != "summary"]
        problems += [f"{name} past the parting: {p}" for p in export_exact.complete(
            runs[name], summary_of(evs), scenario)]
    problems += [f"past the parting: {p}" for p in export_exact.same_world(
        runs["kitchen"], runs["python"])]
    k, p = summary_of(kitchen).get("orders"), summary_of(python).get("orders")
    if k != p:
        problems.append(f"summary orders: kitchen {k!r}, python {p!r}")
    return problems


# Faults planted in a run that parted, at the moment it parts: each must
# be caught (job "plant": proves that the comparison there can fail).
PLANTED = {
    "100 ms later": lambda e: "late" in e and dict(e, late=round(e["late"] + 0.1, 3)),
    "another attempt": lambda e: "attempt" in e and dict(e, attempt=e["attempt"] + 1),
    "shown twice": lambda e: [e, e],
    "left out": lambda e: e["ev"] in ("order_arrived", "order_done", "order_failed") and [],
}


def plant(kitchen, python, scenario, parted, job):
    """Plants each fault of PLANTED in python's events at the moment the runs
    part (its first four events there) and checks that the comparison then
    fails; counts them in job["planted"]."""
    problems = []
    body = [e for e in python if e.get("ev") != "summary"]
    k_body = [e for e in kitchen if e.get("ev") != "summary"]
    at = [i for i, e in enumerate(body) if export_exact.ms(e) == parted][:4]
    for i in at:
        for name, fault in PLANTED.items():
            changed = fault(body[i])
            if changed is False:
                continue
            planted = body[:i] + (changed if isinstance(changed, list) else [changed]) + \
                body[i + 1:]
            found, _, _ = export_exact.compare(k_body, planted, scenario, strict=False,
                                               parting=True)
            if not found:
                found = past_parting(kitchen, planted + [summary_of(python)], scenario)
            job["planted"] = job.get("planted", 0) + 1
            if not found:
                problems.append(f"planted at {parted / 1000:.3f} and not caught: "
                                f"{export_exact.show(body[i])} {name}")
    return problems


def compare_exact(job, kitchen, python):
    """export_exact.py's comparison: of the kitchen and the run with ties in
    the order they were armed; then the run on CPython's own heap against
    that one. Sets job["rules"] to the rules the case needed."""
    problems = []
    ties = summary_of(python).get("ties_reordered") or []
    fifo = python
    if ties:
        status, out, err = run(job["prog"], list(job["args"]) + ["--ties", "fifo"])
        if status or err:
            return [f"--ties fifo: exit status {status}", err.strip()[-300:]]
        fifo = events(out, job["prog"] + " --ties fifo")
    k_sum, p_sum = summary_of(kitchen), dict(summary_of(fifo))
    body = [e for e in fifo if e.get("ev") != "summary"]
    known = [k for k in job.get("known", []) if not k.startswith("~")]
    parts_at = parting_known(job.get("known", []))
    problems += apply_known(kitchen, body, known)
    k_sum = summary_of(kitchen)
    scenario = export_exact.Scenario(job.get("recipes"), job.get("seed", 1))
    found, used, parted = export_exact.compare(
        [e for e in kitchen if e.get("ev") != "summary"], body, scenario,
        strict=job.get("mode") == "sequential",
        parting=job.get("parting", False) or parts_at is not None)
    problems += found
    if parts_at is not None and parted != parts_at:
        problems.append(f"known: the runs part at {parts_at / 1000:.3f} on this Python; "
                        f"they part at {'no moment' if parted is None else parted / 1000}")
    if parted is None:
        for f in export_exact.SUMMARY:
            if k_sum.get(f) != p_sum.get(f):
                problems.append(f"summary {f}: kitchen {k_sum.get(f)!r}, python {p_sum.get(f)!r}")
    else:
        job["parted"] = parted
        problems += past_parting(kitchen, fifo, scenario)
        if not problems and job.get("plant"):
            problems += plant(kitchen, fifo, scenario, parted, job)
    if ties:
        at = export_exact.first_difference(python, fifo)
        if at is not None:
            used["ties"] += 1
            if at < round(ties[0] * 1000):
                problems.append(f"CPython's run differs from the fifo run at {at / 1000:.3f}, "
                                f"before any tie it reported ({ties[0]:.3f})")
    job["rules"] = used
    return problems


def check(job):
    with open(job["prog"], "rb") as f:
        source = f.read()
    problems = []
    if not source.startswith(FIRST_LINES):
        problems.append("the program does not begin with the exporter's own two lines")
    bad = NOT_ASCII.search(source)
    if bad:
        line = source.count(b"\n", 0, bad.start()) + 1
        problems.append(f"byte 0x{source[bad.start()]:02x} on line {line}: not printable ASCII")
    try:
        CODE[job["prog"]] = compile(source, job["prog"], "exec")   # as Python reads it
    except SyntaxError as e:
        return problems + [f"does not compile: {e}"]
    status, out, err = run(job["prog"], job.get("args", []))
    if status != 0:
        problems.append(f"exit status {status}")
    if err:
        problems.append("stderr: " + " | ".join(err.strip().splitlines()[-6:]))
    if status != 0 or err:
        return problems
    with open(job["kitchen"], encoding="utf-8") as f:
        kitchen = events(f.read(), job["kitchen"])
    python = events(out, job["prog"])
    if job["compare"] == "exact":
        return problems + compare_exact(job, kitchen, python)
    problems += apply_known(kitchen, python, job.get("known", []))
    if job["compare"] == "texts":
        problems += compare_texts(kitchen, python)
    elif job["compare"] == "timed":
        problems += compare_timed(kitchen, python)
    else:
        problems.append(f"unknown comparison {job['compare']!r}")
    return problems


def main(argv):
    if len(argv) != 2:
        raise SystemExit(__doc__)
    failed = 0
    with open(argv[1], encoding="utf-8") as f:
        jobs = [json.loads(line) for line in f if line.strip()]
    for job in jobs:
        try:
            problems = check(job)
        except Exception as e:      # a broken job is a failure, not a crash
            problems = [f"{type(e).__name__}: {e}"]
        if problems:
            failed += 1
            print(f"FAIL {job['name']}")
            for p in problems[:20]:
                print(f"  {p}")
        else:
            rules = job.get("rules")
            note = f" ({', '.join(sorted(rules))})" if rules else ""
            if job.get("parted") is not None:
                note += f", compared up to {job['parted'] / 1000:.3f}"
            if job.get("planted"):
                note += f"; {job['planted']} faults planted there, all caught"
            print(f"ok {job['name']}{note}")
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
