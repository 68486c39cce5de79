#!/usr/bin/python3
"""The benchmark's coffee-shop workload in SimPy 2.3 (Debian's python3-simpy):
N orders arriving every 0.1 s; each grinds (3 s, grinder of capacity 4) and
heats (2 s, kettle of capacity 4) at once, then combines (0.5 s).
Prints one JSON line: makespan, mean order latency, wall time."""
import json
import sys
import time

from SimPy.Simulation import (Process, Resource, SimEvent, activate, hold,
                              initialize, now, release, request, simulate,
                              waitevent)


class Step(Process):
    def run(self, station, duration, order):
        yield request, self, station
        yield hold, self, duration
        yield release, self, station
        order.left -= 1
        if order.left == 0:
            order.ready.signal()


class Order(Process):
    def run(self, grinder, kettle, latencies):
        arrived = now()
        self.left = 2
        self.ready = SimEvent()
        for station, duration in ((grinder, 3.0), (kettle, 2.0)):
            s = Step()
            activate(s, s.run(station, duration, self))
        yield waitevent, self, self.ready
        yield hold, self, 0.5
        latencies.append(now() - arrived)


class Source(Process):
    def run(self, n, grinder, kettle, latencies):
        for i in range(n):
            o = Order()
            activate(o, o.run(grinder, kettle, latencies))
            if i + 1 < n:
                # absolute times, as the kitchen computes at + i * every
                yield hold, self, (i + 1) / 10 - now()


def main():
    n = int(sys.argv[1])
    start = time.perf_counter()
    initialize()
    grinder = Resource(capacity=4, name="grinder")
    kettle = Resource(capacity=4, name="kettle")
    latencies = []
    src = Source()
    activate(src, src.run(n, grinder, kettle, latencies))
    simulate(until=1e12)
    wall = time.perf_counter() - start
    print(json.dumps({"makespan": round(now(), 3),
                      "latency_mean": round(sum(latencies) / len(latencies), 3),
                      "orders": len(latencies), "wall": wall}))


if __name__ == "__main__":
    main()
