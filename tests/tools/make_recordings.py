#!/usr/bin/env python3
"""Writes recordings for tests/cli/test_replay.sh, as docs/recordings.md
describes them: a game of the coffee shop played like the event loop on its
own, a demonstration with a race segment, and damaged copies of them.

    make_recordings.py KITCHEN DIR [--large]

--large adds the two at the header's limit: a game of a scenario of almost
4 MiB whose every comment character is escaped in JSON (a header of about
8 MiB, within the 32 MiB allowed), and a first line one byte over 32 MiB.
The hashes come from `kitchen run --format jsonl`: a game whose steps are
started the moment they can be is that very run, so a recording that says so
must replay and verify. Every damaged file is made from the good ones.
"""
import hashlib
import json
import os
import subprocess
import sys

kitchen, out = sys.argv[1], sys.argv[2]
large = sys.argv[3:] == ["--large"]


def run(*args):
    return subprocess.run([kitchen, *args], check=True, capture_output=True).stdout


def sha(data):
    return hashlib.sha256(data).hexdigest()


def header(program, name, text, **extra):
    h = {"format": "kitchen-recording", "version": 1, "kitchen": "0.1.0",
         "program": program, "name": name, "scenario": text.decode(),
         "scenario_sha256": sha(text), "seed": 1, "mode": "concurrent",
         "race": False, "speed": 0, "paused": False}
    h.update(extra)
    return h


def line(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def write(name, lines):
    with open(os.path.join(out, name), "wb") as f:
        f.write(b"".join(l if isinstance(l, bytes) else line(l) for l in lines))


coffee = run("show", "coffee")
conc = run("run", "coffee", "--format", "jsonl")
seq = run("run", "coffee", "--format", "jsonl", "--mode", "sequential")
n_conc = conc.count(b"\n") - 1
n_seq = seq.count(b"\n") - 1

# A game: grind and heat at 0 s, combine at 3 s (when it became ready).
game = [
    header("play", "coffee", coffee),
    {"t": 0, "wall": 12, "do": "pick", "order": 1, "task": "grind"},
    {"t": 0, "wall": 20, "do": "pick", "order": 1, "task": "heat"},
    {"t": 1500, "wall": 1520, "do": "faster"},
    {"t": 3000, "wall": 2300, "do": "pick", "order": 1, "task": "combine"},
    {"t": 3000, "wall": 2700, "end": "quit", "final": True,
     "runs": [{"mode": "concurrent", "events": n_conc, "sha256": sha(conc)}]},
]
write("game.jsonl", game)
with open(os.path.join(out, "game.expected"), "wb") as f:
    f.write(b'{"segment":1,"run":"play","mode":"concurrent","seed":1}\n' + conc)

# The game played twice: r after the first one ended.
again = game[:5] + [
    dict(game[5], end="restart", final=False),
    {"t": 3000, "wall": 2800, "do": "restart"},
] + [dict(l, wall=l["wall"] + 3000) for l in game[1:]]
write("twice.jsonl", again)
with open(os.path.join(out, "twice.expected"), "wb") as f:
    f.write(b'{"segment":1,"run":"play","mode":"concurrent","seed":1}\n' + conc +
            b'{"segment":2,"run":"play","mode":"concurrent","seed":1}\n' + conc)

# A demonstration: paused, sped up, an answer, then the race view.
demo = [
    header("demonstration", "coffee", coffee),
    {"t": 1000, "wall": 1000, "do": "pause"},
    {"t": 1000, "wall": 4000, "do": "faster"},
    {"t": 1000, "wall": 5000, "do": "pause"},
    {"t": 3000, "wall": 6000, "end": "race", "final": False,
     "runs": [{"mode": "concurrent", "events": n_conc, "sha256": sha(conc)}]},
    {"t": 3000, "wall": 6000, "do": "race"},
    {"t": 5000, "wall": 7000, "end": "quit", "final": True,
     "runs": [{"mode": "sequential", "events": n_seq, "sha256": sha(seq)},
              {"mode": "concurrent", "events": n_conc, "sha256": sha(conc)}]},
]
write("demo.jsonl", demo)
# m pressed in the race view is refused there: a "mode" line without an end
# before it (as older recordings hold) changes nothing.
write("mode-in-race.jsonl", demo[:6] + [{"t": 4000, "wall": 6500, "do": "mode"}] + demo[6:])
with open(os.path.join(out, "demo.expected"), "wb") as f:
    f.write(b'{"segment":1,"run":"demonstration","mode":"concurrent","seed":1}\n' + conc +
            b'{"segment":2,"run":"race","mode":"sequential","seed":1}\n' + seq +
            b'{"segment":2,"run":"race","mode":"concurrent","seed":1}\n' + conc)

# A game of tiny orders every 10 ms, each step picked the moment its order
# arrives, while earlier ones still run and later ones are due: on screen at
# 64x a ms of wall time is 64 of the kitchen's, and the replay must still
# apply each pick before the next arrival. The orders do not all overlap:
# kitchen run's summary (peak_tasks) is the one a game on screen must write.
dense_text = (b"title: A rush of tiny orders\nrecipes:\n  r:\n    tasks:\n"
              b"      a: { duration: 55ms }\norders:\n"
              b"  - { recipe: r, count: 30, every: 10ms }\n"
              b"  - { recipe: r, at: 1s }\n")
dense_file = os.path.join(out, "dense.yaml")
with open(dense_file, "wb") as f:
    f.write(dense_text)
dense_run = run("run", dense_file, "--format", "jsonl")
picks = [10 * i for i in range(30)] + [1000]
write("dense.jsonl", [header("play", "dense", dense_text)] +
      [{"t": t, "wall": t, "do": "pick", "order": i + 1, "task": "a"} for i, t in enumerate(picks)] +
      [{"t": 1055, "wall": 1060, "end": "finished", "final": True,
        "runs": [{"mode": "concurrent", "events": dense_run.count(b"\n") - 1,
                  "sha256": sha(dense_run)}]}])
with open(os.path.join(out, "dense.expected"), "wb") as f:
    f.write(b'{"segment":1,"run":"play","mode":"concurrent","seed":1}\n' + dense_run)
os.remove(dense_file)

# ---- damaged copies ------------------------------------------------------
raw = b"".join(line(l) for l in game)
lines = raw.split(b"\n")
with open(os.path.join(out, "cut-mid-line.jsonl"), "wb") as f:
    f.write(b"\n".join(lines[:4]) + b"\n" + lines[4][:20])       # inside the 5th line
write("no-end.jsonl", game[:-1])
write("edited-time.jsonl", game[:4] + [dict(game[4], t=2000)] + game[5:])
bad_hash = json.loads(json.dumps(game[5]))
bad_hash["runs"][0]["sha256"] = "f" * 64
write("edited-hash.jsonl", game[:5] + [bad_hash])
other = json.loads(json.dumps(game[0]))
other["kitchen"] = "0.0.9"
write("other-version-of-kitchen.jsonl", [other] + game[1:])
v2 = dict(game[0], version=2)
write("version-2.jsonl", [v2] + game[1:])
fmt = dict(game[0], format="kitchen-notes")
write("other-format.jsonl", [fmt] + game[1:])
changed = dict(game[0], scenario=game[0]["scenario"].replace("3s", "4s", 1))
write("changed-scenario.jsonl", [changed] + game[1:])
broken_text = b"title: t\nrecipes: {}\n"
broken = header("play", "broken", broken_text)
write("broken-scenario.jsonl", [broken] + game[1:])
long = dict(game[1], task="x" * 70000)
write("long-line.jsonl", game[:1] + [long] + game[2:])
write("back-in-time.jsonl", game[:4] + [dict(game[4], t=1000)] + game[5:])
write("unknown-action.jsonl", game[:2] + [dict(game[2], do="juggle")] + game[3:])
write("after-the-end.jsonl", game + [game[3]])
write("pick-in-a-demo.jsonl", demo[:1] + game[1:2] + demo[1:])
with open(os.path.join(out, "garbage.jsonl"), "wb") as f:
    f.write(bytes(range(256)) * 3)
with open(os.path.join(out, "empty.jsonl"), "wb") as f:
    pass
with open(os.path.join(out, "cut-header.jsonl"), "wb") as f:
    f.write(line(game[0])[:300])

if large:
    # Comments do not change the run: the same transcript, the same hashes.
    pad = b"# " + b'"\\\t' * 26 + b"\n"
    text = coffee + pad * ((4 * 1024 * 1024 - len(coffee) - 1024) // len(pad))
    write("big-scenario.jsonl", [header("play", "big", text)] + game[1:])
    big = header("play", "coffee", coffee)
    big["name"] = "x" * (32 * 1024 * 1024)
    with open(os.path.join(out, "long-header.jsonl"), "wb") as f:
        f.write(line(big)[:32 * 1024 * 1024 + 1] + b"\n")
