#!/usr/bin/env python3
"""Compares a transcript with an expected one (SPEC §6): the same number of
lines, in the same order; every field of an expected line present in the
actual line with the same value (extra fields are allowed); every time
written with exactly 3 decimals. Prints the first difference; exit 1."""
import json
import re
import sys

TIME_KEYS = ("t", "late", "makespan", "blocked", "late_max")


def main(expected_path, actual_path):
    with open(expected_path) as f:
        want = [l for l in f.read().splitlines() if l.strip()]
    with open(actual_path) as f:
        got = [l for l in f.read().splitlines() if l.strip()]
    for i, (w, g) in enumerate(zip(want, got), 1):
        try:
            gj = json.loads(g)
        except ValueError as e:
            print(f"line {i}: not JSON ({e}): {g}")
            return 1
        wj = json.loads(w)
        for k, v in wj.items():
            if k not in gj or gj[k] != v or type(gj[k]) != type(v):
                print(f"line {i}: field {k!r}: want {v!r}, got {gj.get(k)!r}\n  want: {w}\n  got:  {g}")
                return 1
        for k in TIME_KEYS:
            if k in gj and not re.search(r'"%s":-?\d+\.\d{3}[,}]' % k, g):
                print(f"line {i}: {k} not written with exactly 3 decimals: {g}")
                return 1
    if len(want) != len(got):
        print(f"want {len(want)} lines, got {len(got)}")
        extra = got[len(want):] or want[len(got):]
        print("  first unmatched: " + extra[0])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
