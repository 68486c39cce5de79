#!/usr/bin/env python3
"""The Python side of bench/tui.sh: the same timers as bench/tui-timers.yaml
on asyncio's event loop. N tasks start one every `every` seconds; each
awaits asyncio.sleep(D); we record how late each wakes up after the moment
it asked for (time.monotonic, which is asyncio's clock), and print
"timers N p50 X p90 X p99 X max X" in milliseconds, like KITCHEN_RT_STATS."""
import asyncio
import sys
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
EVERY = float(sys.argv[2]) if len(sys.argv) > 2 else 0.001
D = float(sys.argv[3]) if len(sys.argv) > 3 else 10.0
late = []


async def task():
    want = time.monotonic() + D
    await asyncio.sleep(D)
    late.append(time.monotonic() - want)


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    tasks = []
    for i in range(N):
        # Arrive at start + i * EVERY, as the kitchen's orders do.
        delay = start + i * EVERY - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(task()))
    await asyncio.gather(*tasks)


asyncio.run(main())
late.sort()
n = len(late)


def pct(p):
    return late[int(p * (n - 1) + 0.5)] * 1000


print("timers %d p50 %.3f p90 %.3f p99 %.3f max %.3f"
      % (n, pct(0.5), pct(0.9), pct(0.99), late[-1] * 1000))
