#!/usr/bin/env python3
"""Compares a transcript with an expected one (SPEC §6): the same number of
lines, in the same order; every field of an expected line present in the
actual line with the same value (extra fields are allowed); every time
written with exactly 3 decimals.

    jsonl_match.py EXPECTED ACTUAL   prints the first difference; exit 1
    jsonl_match.py --batch LIST      LIST: one "LABEL<tab>EXPECTED<tab>ACTUAL"
                                     a line; prints "ok LABEL" or "FAIL LABEL"
                                     and the first difference, for each (one
                                     interpreter for a whole test script)"""
import json
import re
import sys

TIME_KEYS = ("t", "late", "makespan", "blocked", "late_max")


def difference(expected_path, actual_path):
    """The first difference as text, or None when the transcripts match."""
    with open(expected_path) as f:
        want = [l for l in f.read().splitlines() if l.strip()]
    with open(actual_path) as f:
        got = [l for l in f.read().splitlines() if l.strip()]
    for i, (w, g) in enumerate(zip(want, got), 1):
        try:
            gj = json.loads(g)
        except ValueError as e:
            return f"line {i}: not JSON ({e}): {g}"
        wj = json.loads(w)
        for k, v in wj.items():
            if k not in gj or gj[k] != v or type(gj[k]) != type(v):
                return f"line {i}: field {k!r}: want {v!r}, got {gj.get(k)!r}\n  want: {w}\n  got:  {g}"
        for k in TIME_KEYS:
            if k in gj and not re.search(r'"%s":-?\d+\.\d{3}[,}]' % k, g):
                return f"line {i}: {k} not written with exactly 3 decimals: {g}"
    if len(want) != len(got):
        extra = got[len(want):] or want[len(got):]
        return f"want {len(want)} lines, got {len(got)}\n  first unmatched: " + extra[0]
    return None


def batch(list_path):
    with open(list_path) as f:
        for line in f:
            label, expected, actual = line.rstrip("\n").split("\t")
            try:
                diff = difference(expected, actual)
            except (OSError, ValueError) as e:
                diff = f"cannot compare: {e}"
            if diff is None:
                print(f"ok {label}")
            else:
                print(f"FAIL {label}")
                print("\n".join("  " + l for l in diff.splitlines()))
    return 0


def main(argv):
    if len(argv) == 3 and argv[1] == "--batch":
        return batch(argv[2])
    diff = difference(argv[1], argv[2])
    if diff is not None:
        print(diff)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
