#!/usr/bin/python3
"""`make bench`, engine part: the generated coffee-shop workload (N orders
every 0.1 s: grind 3 s on a grinder of capacity 4 and heat 2 s on a kettle of
capacity 4 at once, then combine 0.5 s), run by the kitchen and by SimPy 2.3
side by side in one run. Prints wall time, events per second, peak RSS and
bytes per task in flight, the SimPy ratio, and checks both report the same
makespan and mean order latency. Then a steady workload (one order per
second) for N = 10^6, whose peak memory must not grow with N.

usage: bench/engine_bench.py [KITCHEN] [--sizes 10000,100000,1000000] [--no-simpy]
                             [--simpy-max N]

SimPy needs minutes for 10^6 orders (about 7 on a 2-core machine), so by
default it runs up to 10^5 (--simpy-max 1000000, or BENCH_FULL=1, for all).
"""
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def workload(n, every="100ms"):
    return f"""title: Coffee-shop benchmark, {n} orders
stations:
  grinder: 4
  kettle: 4
recipes:
  coffee:
    tasks:
      grind: {{ duration: 3s, station: grinder }}
      heat: {{ duration: 2s, station: kettle }}
      combine: {{ duration: 500ms, after: [grind, heat] }}
orders:
  - {{ recipe: coffee, count: {n}, every: {every} }}
"""


def fan_in(fail, deps, orders):
    """A recipe of `fail` tasks that fail at 1 s and `deps` tasks that each
    list all of them in `after` (the hardening case of cancel_dependants)."""
    lines = ["title: Failing fan-in", "recipes:", "  r:", "    tasks:"]
    lines += [f"      f{i}: {{ duration: 1s, fail_after: 1s }}" for i in range(fail)]
    after = ", ".join(f"f{i}" for i in range(fail))
    lines += [f"      d{j}: {{ duration: 1s, after: [{after}] }}" for j in range(deps)]
    lines.append(f"orders: [ {{ recipe: r, count: {orders} }} ]")
    return "\n".join(lines) + "\n"


GNU_TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None


def measure(argv, stdout=subprocess.PIPE):
    """Runs argv; returns (stdout bytes, wall seconds, peak RSS bytes).
    The peak RSS comes from GNU time when present: a child forked from this
    Python process would otherwise count Python's own pages too."""
    rss_file = None
    if GNU_TIME:
        fd, rss_file = tempfile.mkstemp()
        os.close(fd)
        argv = [GNU_TIME, "-f", "%M", "-o", rss_file] + argv
    start = time.perf_counter()
    p = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE)
    out = p.stdout.read() if stdout == subprocess.PIPE else b""
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    err = p.stderr.read()
    if status != 0:
        sys.exit(f"{argv[0]} failed ({status}): {err.decode()}")
    rss = usage.ru_maxrss * 1024
    if rss_file:
        with open(rss_file) as f:
            rss = int(f.read().split()[-1]) * 1024
        os.unlink(rss_file)
    return out, wall, rss


def main():
    args = sys.argv[1:]
    kitchen = "./kitchen"
    sizes = [10_000, 100_000, 1_000_000]
    simpy = True
    simpy_max = 1_000_000 if os.environ.get("BENCH_FULL") else 100_000
    i = 0
    while i < len(args):
        if args[i] == "--sizes":
            sizes = [int(x) for x in args[i + 1].split(",")]
            i += 1
        elif args[i] == "--no-simpy":
            simpy = False
        elif args[i] == "--simpy-max":
            simpy_max = int(args[i + 1])
            i += 1
        else:
            kitchen = args[i]
        i += 1
    tmp = tempfile.mkdtemp(prefix="kitchen-bench-")
    ok = True

    # The memory of an almost empty run, subtracted before dividing by tasks.
    tiny = os.path.join(tmp, "tiny.yaml")
    with open(tiny, "w") as f:
        f.write(workload(1))
    _, _, base_rss = measure([kitchen, "run", tiny, "--format", "summary"])

    print("engine: coffee-shop workload, N orders every 0.1 s (3 tasks each)")
    print(f"{'N':>9} {'format':>8} {'wall s':>8} {'events/s':>12} {'peak RSS':>10}"
          f" {'B/task':>7} {'SimPy s':>9} {'ratio':>7}  makespan / mean latency")
    for n in sizes:
        path = os.path.join(tmp, f"coffee-{n}.yaml")
        with open(path, "w") as f:
            f.write(workload(n))
        out, wall, rss = measure([kitchen, "run", path, "--format", "summary"])
        summary = json.loads(out)
        with open(os.devnull, "wb") as null:
            _, wall_jsonl, _ = measure([kitchen, "run", path, "--format", "jsonl"], stdout=null)
        events = summary["events"]
        tasks = max(summary["peak_tasks"], 1)
        per_task = max(rss - base_rss, 0) / tasks
        sim = None
        if simpy and n <= simpy_max:
            # Whole-command wall time for both, interpreter start included.
            sout, swall, _ = measure(["/usr/bin/python3", os.path.join(HERE, "simpy_coffee.py"), str(n)])
            sim = json.loads(sout)
            sim["wall"] = swall
        ratio = f"{sim['wall'] / wall:7.0f}x" if sim else "      -"
        simw = f"{sim['wall']:9.2f}" if sim else "        -"
        print(f"{n:>9} {'summary':>8} {wall:8.3f} {events / wall:12,.0f} {rss / 2**20:8.1f}MB"
              f" {per_task:7.0f} {simw} {ratio}  {summary['makespan']} / {summary['latency_mean']}")
        print(f"{n:>9} {'jsonl':>8} {wall_jsonl:8.3f} {events / wall_jsonl:12,.0f}")
        if sim:
            same = (abs(sim["makespan"] - summary["makespan"]) < 0.0015 and
                    abs(sim["latency_mean"] - summary["latency_mean"]) < 0.0015)
            print(f"{'':>9} SimPy: makespan {sim['makespan']}, mean latency {sim['latency_mean']}"
                  f" -> {'same' if same else 'DIFFERENT'}")
            ok = ok and same

    print("\nfailing fan-in: F tasks failing at once ahead of D tasks that each wait for all F"
          " (propagate), 2000 orders; links F x D grow 4x, so must the time (a rescan per"
          " failure grew it 8x)")
    fan_times = []
    for fail, deps in ((200, 225), (400, 450)):
        path = os.path.join(tmp, f"fan-{fail}.yaml")
        with open(path, "w") as f:
            f.write(fan_in(fail, deps, 2000))
        best = min(measure([kitchen, "run", path, "--format", "summary"])[1] for _ in range(3))
        fan_times.append(best)
        print(f"  F {fail:>4}  D {deps:>4}  links {fail * deps:>7,}  best of 3 {best:7.3f} s")
    fan_ratio = fan_times[1] / fan_times[0]
    fan_ok = fan_ratio < 6
    print(f"  4x the links: {fan_ratio:.1f}x the time -> {'linear' if fan_ok else 'NOT linear'}")
    ok = ok and fan_ok

    print("\nsteady workload: one order per second (few in flight); peak memory must not grow with N")
    rows = []
    for n in (10_000, 1_000_000):
        path = os.path.join(tmp, f"steady-{n}.yaml")
        with open(path, "w") as f:
            f.write(workload(n, every="1s"))
        out, wall, rss = measure([kitchen, "run", path, "--format", "summary"])
        summary = json.loads(out)
        rows.append(rss)
        print(f"{n:>9} orders: wall {wall:.3f} s, peak RSS {rss / 2**20:.1f} MB,"
              f" peak tasks in memory {summary['peak_tasks']}")
    grew = rows[1] > rows[0] * 1.10 + 256 * 1024
    print(f"  peak memory {'GREW' if grew else 'flat'}: {rows[0] / 2**20:.1f} MB -> {rows[1] / 2**20:.1f} MB")
    ok = ok and not grew
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
