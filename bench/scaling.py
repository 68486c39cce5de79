#!/usr/bin/python3
"""How the engine's cost grows (docs/performance.md): CPU time (user + sys,
best of 3, whole process, `--format summary`) and peak memory for one
workload varied along one axis at a time --

  N         the coffee rush at 10^4, 10^5, 10^6 orders;
  tasks     orders of K independent 1 s waits (K = 1, 3, 10, 30, 100),
            10^6 / K orders one per 10 ms: the same number of tasks;
  stations  10^6 one-task orders, each on one of S stations of capacity 1
            (S = 1, 10, 100, 1000), one per 10 ms;
  helpers   10^6 one-task helper orders with H threads (H = 1, 4, 32, 128),
            one per 10 ms.

Prints one table: ns per task (CPU time / tasks run) and bytes per task in
flight (peak RSS, from GNU time, less an empty run's, over the peak tasks
in flight: only meaningful when many are in flight). CPU time is the
child's rusage (GNU time's own is negligible). usage: bench/scaling.py [KITCHEN]
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_bench import workload as rush  # the coffee rush, one definition


def run(kitchen, text, tmp):
    """Best-of-3 CPU seconds (rusage, microseconds), peak RSS bytes, summary."""
    path = os.path.join(tmp, "w.yaml")
    with open(path, "w") as f:
        f.write(text)
    best, out, rss = None, None, 0
    for _ in range(3):
        rss_file = os.path.join(tmp, "rss")
        p = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss_file,
                              kitchen, "run", path, "--format", "summary"],
                             stdout=subprocess.PIPE)
        data = p.stdout.read()
        _, status, usage = os.wait4(p.pid, 0)
        if status:
            sys.exit(f"{kitchen} failed on:\n{text[:400]}")
        cpu = usage.ru_utime + usage.ru_stime
        best = cpu if best is None else min(best, cpu)
        with open(rss_file) as f:
            rss = max(rss, int(f.read().split()[-1]) * 1024)
        out = json.loads(data)
    return best, rss, out


def tasks(k):
    body = "\n".join(f"      t{i}: {{ duration: 1s }}" for i in range(k))
    return f"title: tasks\nrecipes:\n  r:\n    tasks:\n{body}\norders:\n  - {{ recipe: r, count: {1000000 // k}, every: 10ms }}\n"


def stations(n):
    st = "\n".join(f"  s{i}: 1" for i in range(n))
    rec = "\n".join(f"  r{i}: {{ tasks: {{ t: {{ duration: 1s, station: s{i} }} }} }}" for i in range(n))
    orders = "\n".join(f"  - {{ recipe: r{i}, count: {1000000 // n}, at: {i}ms, every: {10 * n}ms }}"
                       for i in range(n))
    return f"title: stations\nstations:\n{st}\nrecipes:\n{rec}\norders:\n{orders}\n"


def helpers(h):
    return (f"title: helpers\nhelpers: {h}\nrecipes:\n  r: {{ tasks: {{ t: {{ duration: 1s, kind: helper }} }} }}\n"
            f"orders:\n  - {{ recipe: r, count: 1000000, every: 10ms }}\n")


def main():
    kitchen = sys.argv[1] if len(sys.argv) > 1 else "./kitchen"
    tmp = tempfile.mkdtemp(prefix="kitchen-scaling-")
    _, base, _ = run(kitchen, rush(1), tmp)
    rows = []
    for axis, values, make, per_order in (
            ("N (coffee rush)", (10**4, 10**5, 10**6), rush, lambda v: 3),
            ("tasks per order", (1, 3, 10, 30, 100), tasks, lambda v: v),
            ("stations", (1, 10, 100, 1000), stations, lambda v: 1),
            ("helpers", (1, 4, 32, 128), helpers, lambda v: 1)):
        for v in values:
            cpu, rss, out = run(kitchen, make(v), tmp)
            n_tasks = out["orders"] * per_order(v)
            per_flight = (rss - base) / max(out["peak_tasks"], 1)
            rows.append((axis, v, n_tasks, cpu, cpu / n_tasks * 1e9, out["peak_tasks"],
                         per_flight, rss / 2**20))
    print(f"{'axis':<16} {'value':>8} {'tasks':>9} {'CPU s':>7} {'ns/task':>8}"
          f" {'in flight':>10} {'B/task':>7} {'RSS MB':>7}")
    for axis, v, n, cpu, ns, peak, per, mb in rows:
        # Bytes per task mean something only with many tasks in flight.
        per_s = f"{per:7.0f}" if peak >= 100_000 else f"{'-':>7}"
        print(f"{axis:<16} {v:>8} {n:>9} {cpu:7.2f} {ns:8.0f} {peak:>10} {per_s} {mb:7.1f}")


if __name__ == "__main__":
    main()
