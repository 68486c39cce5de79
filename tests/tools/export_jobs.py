#!/usr/bin/env python3
"""Writes the jobs of tests/tools/export_check.py for the exact comparison.

    export_jobs.py COMPARE [--parting [--plant]] < CASES > JOBS.jsonl

Each line of CASES: NAME YAML MODE PROGRAM KITCHEN_JSONL [KNOWN...], fields
separated by tabs. The scenario's structure (each recipe's on_error, each
task's station), which the rules of tests/tools/export_exact.py need, is read
from the YAML here, with PyYAML on libyaml (as the kitchen reads it) and its
BaseLoader (every scalar a string, as the kitchen reads names), so that the
comparison does not take it from the program it checks.
"""
import json
import sys

import yaml


def duration_ms(text):
    """A scenario duration ("250ms", "1.5s", "2min", "3") in milliseconds."""
    text = text.strip()
    for unit, scale in (("ms", 1), ("min", 60000), ("s", 1000)):
        if text.endswith(unit):
            return round(float(text[:-len(unit)]) * scale)
    return round(float(text) * 1000)


def structure(path):
    with open(path, encoding="utf-8") as f:
        doc = yaml.load(f, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    recipes = {}
    for name, recipe in (doc.get("recipes") or {}).items():
        tasks = {}
        for tname, task in (recipe.get("tasks") or {}).items():
            length = task.get("fail_after", task.get("duration", "0"))
            tasks[tname] = {"station": task.get("station"), "kind": task.get("kind", "wait"),
                            "attempt_ms": duration_ms(length),
                            "fail_after": "fail_after" in task,
                            "fail_chance": float(task.get("fail_chance", "0")),
                            "timeout_ms": (duration_ms(task["timeout"]) if "timeout" in task
                                           else None)}
        patience = recipe.get("patience")
        recipes[name] = {"on_error": recipe.get("on_error", "propagate"), "tasks": tasks,
                         "patience_ms": None if patience is None else duration_ms(patience)}
    seed = str(doc.get("seed", "1")).strip()
    return recipes, int(seed) if seed.isdigit() else int(seed, 0)


def main(argv):
    compare = argv[1] if len(argv) > 1 else "exact"
    parting = "--parting" in argv      # random scenarios: see export_exact.compare
    plant = "--plant" in argv          # and faults planted where they part
    cache = {}
    for line in sys.stdin:
        fields = line.rstrip("\n").split("\t")
        if len(fields) < 5:
            continue
        name, path, mode, prog, kitchen, *known = fields
        if path not in cache:
            cache[path] = structure(path)
        recipes, seed = cache[path]
        print(json.dumps({"name": name, "prog": prog, "args": ["--virtual"],
                          "kitchen": kitchen, "compare": compare, "mode": mode,
                          "recipes": recipes, "seed": seed, "known": known,
                          "parting": parting, "plant": plant}))


if __name__ == "__main__":
    main(sys.argv)
