#!/usr/bin/env python3
"""make bench: `kitchen export asyncio` on N and 4N station names that share
no ASCII letter (every one's identifier has the base `station`), and the
time ratio, which is about 4 when naming is linear (it was about 20 when
each name tried every suffix before its own).

    export_names.py KITCHEN [N]     (N: 5000 by default)
"""
import os
import subprocess
import sys
import tempfile
import time

GREEK = [chr(c) for c in range(0x3B1, 0x3C9)]


def letterless(i):
    s = GREEK[i % len(GREEK)]
    i //= len(GREEK)
    while i:
        s += GREEK[i % len(GREEK)]
        i //= len(GREEK)
    return s


def scenario(n):
    lines = ["title: Many stations", "stations:"]
    lines += [f'  "{letterless(i)}": 1' for i in range(n)]
    lines += ["recipes:", "  r:", "    tasks:"]
    lines += [f'      "{letterless(i)}": {{ duration: 1s, station: "{letterless(i)}" }}'
              for i in range(min(n, 1000))]
    lines += ["orders: [ { recipe: r } ]"]
    return "\n".join(lines) + "\n"


def best_of(runs, argv):
    best = None
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
        t = time.perf_counter() - t
        best = t if best is None else min(best, t)
    return best


def main(argv):
    kitchen = argv[1] if len(argv) > 1 else "./kitchen"
    n = int(argv[2]) if len(argv) > 2 else 5000
    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in (n, 4 * n):
            path = os.path.join(tmp, f"stations-{size}.yaml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(scenario(size))
            times[size] = best_of(3, [kitchen, "export", "asyncio", path])
    print("export asyncio, station names with no ASCII letter (best of 3):")
    for size, t in times.items():
        print(f"  {size:>6} stations  {t:.3f} s")
    print(f"  ratio {4 * n} / {n}: {times[4 * n] / times[n]:.1f} (linear: about 4)")


if __name__ == "__main__":
    main(sys.argv)
