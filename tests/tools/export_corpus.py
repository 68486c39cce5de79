#!/usr/bin/env python3
"""Writes scenarios that try to make an exported asyncio program run code of
their own (tests/cli/test_export_inject.sh).

    export_corpus.py OUTDIR PROGRAM.py...

Every text field of a scenario (title, concept, lesson, station names and
titles, recipe names and titles, task names, say_start, say_done, error,
order names, the script's say, ask, choices and explain) gets a string of
NASTY; scenario j gives field f string (f + j) mod len(NASTY), so every
string lands in every field once. Each string tries, in its own way, to
leave its comment or literal and create the file `kitchen-canary*` in the
current directory: an encoding declaration (PEP 263) with escapes that
raw_unicode_escape or UTF-7 would decode to a line break, raw line breaks
of every kind the scenario loader lets through, quotes, backslashes,
bidirectional controls, format strings.

Then one more family: the PROGRAM.py files given (exported programs) are
read, and every identifier they use (keywords, builtins, the bookkeeping's
names) becomes a station, recipe or task name, so a name that shadows
something the program needs would break the run.

Writes OUTDIR/inject-J.yaml and OUTDIR/names-J.yaml; prints their paths.
"""
import io
import keyword
import os
import sys
import tokenize

CANARY = "kitchen-canary"
RUN = "__import__('os').system('touch %s-%%s')" % CANARY

NASTY = [
    # PEP 263: a declaration on line 1 or 2 would change how the file reads
    "Fresh coffee -*- coding: raw_unicode_escape -*-",
    "x\\u000aimport os; os.system('touch %s-rue')\\u000a#" % CANARY,
    "Decoding: bytes from the network",
    "# vim: set fileencoding=utf-7 :",
    "coding=utf_7 +AAo-" + RUN % "utf7" + "+AAo-#",
    "# -*- coding: latin-1 -*-\n# -*- coding: ascii -*-",
    # line breaks of every kind
    "x\n" + RUN % "lf" + "\n#",
    "x\u2028" + RUN % "ls" + "\u2029#",
    "x\u2029import os\u2029os.system('touch %s-ps')" % CANARY,
    "\n\n\n" + RUN % "blank" + "\n",
    # literals
    'x"); ' + RUN % "dq" + '; ("',
    "x'); " + RUN % "sq" + "; ('",
    '"""\n' + RUN % "tdq" + '\n"""',
    "'''\n" + RUN % "tsq" + "\n'''",
    "\\", "\\\\\"", "ends with a backslash \\",
    "\\N{LATIN SMALL LETTER A} \\x41 \\u0041 \\U00000041 \\0 \\n",
    "%s %d %(x)s {0} {x!r} {{}} }",
    "f'{" + RUN % "fstr" + "}'",
    # bidirectional controls and invisible characters (Trojan Source)
    "\u202e } \u2066if True:\u2069 \u2066 " + RUN % "bidi",
    "\u2067" + RUN % "rli" + "\u2069 \u200f\u061c\u200e",
    "zero\u200bwidth\u2060join\ufeffbom\u00adsoft",
    # other scripts, combining marks, astral characters
    "caf\u00e9 \u03bb \u4e2d\u6587 e\u0301 \U0001f600 \U0001d54f",
    "\ufffd\ufffc tab\there",
    # names the program itself uses
    "print", "asyncio", "__import__", "Order", "1st step",
    "x" * 3000,
]


def yaml_str(s):
    """A YAML double-quoted scalar holding s, written in ASCII."""
    out = ['"']
    for ch in s:
        c = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= c < 0x7F:
            out.append(ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif c < 0x100:
            out.append("\\x%02x" % c)
        elif c < 0x10000:
            out.append("\\u%04x" % c)
        else:
            out.append("\\U%08x" % c)
    out.append('"')
    return "".join(out)


def as_name(s):
    """A name from a text: no control characters at all, 60 characters at
    most (the loader allows 64; room for a suffix)."""
    return "".join("\u2028" if ch == "\n" else " " if ch == "\t" else ch for ch in s)[:60]


class Names:
    """Unique names within one scope: a repeat gets a suffix."""

    def __init__(self):
        self.seen = set()

    def __call__(self, s):
        s = as_name(s)
        while s in self.seen:
            s = s[:60] + "+"
        self.seen.add(s)
        return s


def inject_scenario(j):
    field = iter(range(10**6))

    def text():
        return yaml_str(NASTY[(next(field) + j) % len(NASTY)])

    stations, recipes = Names(), Names()
    st1, st2 = stations(NASTY[(3 + j) % len(NASTY)]), stations(NASTY[(4 + j) % len(NASTY)])
    for _ in range(5):
        next(field)
    y = [f"title: {text()}", f"concept: {text()}", f"lesson: {text()}"]
    y += ["helpers: 2", "stations:",
          f"  {yaml_str(st1)}: {{ capacity: 1, title: {text()} }}",
          f"  {yaml_str(st2)}: 2"]
    r = [recipes(NASTY[(next(field) + j) % len(NASTY)]) for _ in range(3)]
    t = [Names() for _ in range(3)]
    task = [[t[k](NASTY[(next(field) + j) % len(NASTY)]) for _ in range(3)] for k in range(3)]
    q = [[yaml_str(n) for n in row] for row in task]
    s1, s2 = yaml_str(st1), yaml_str(st2)
    y += ["recipes:",
          f"  {yaml_str(r[0])}:",
          f"    title: {text()}",
          "    on_error: collect",
          "    tasks:",
          f"      {q[0][0]}: {{ duration: 1s, station: {s1}, say_start: {text()}, say_done: {text()} }}",
          f"      {q[0][1]}: {{ duration: 1s, kind: helper, station: {s2}, fail_after: 0.5s, "
          f"retries: 1, error: {text()}, say_start: {text()} }}",
          f"      {q[0][2]}: {{ duration: 1s, kind: work, after: [{q[0][0]}, {q[0][1]}], say_done: {text()} }}",
          f"  {yaml_str(r[1])}:",
          f"    title: {text()}",
          "    tasks:",
          f"      {q[1][0]}: {{ duration: 2s, fail_after: 1s, error: {text()}, say_start: {text()} }}",
          f"      {q[1][1]}: {{ duration: 3s, say_done: {text()} }}",
          f"      {q[1][2]}: {{ duration: 1s, after: [{q[1][0]}] }}",
          f"  {yaml_str(r[2])}:",
          "    on_error: cancel",
          "    tasks:",
          f"      {q[2][0]}: {{ duration: 1s, fail_after: 1s, error: {text()} }}",
          f"      {q[2][1]}: {{ duration: 5s, say_start: {text()} }}",
          f"      {q[2][2]}: {{ duration: 1s, kind: helper, after: [{q[2][1]}] }}",
          "orders:",
          f"  - {{ recipe: {yaml_str(r[0])}, name: {text()} }}",
          f"  - {{ recipe: {yaml_str(r[1])}, at: 0.5s, name: {text()} }}",
          f"  - {{ recipe: {yaml_str(r[2])}, at: 7s, count: 2, every: 10s, name: {text()} }}",
          "script:",
          f"  - {{ at: 0.2s, say: {text()} }}",
          f"  - {{ at: 0.3s, ask: {text()}, choices: [{text()}, {text()}], answer: 1, explain: {text()} }}",
          "  - { at: 0.4s, pause: true }"]
    return "\n".join(y) + "\n"


def identifiers(path):
    """Every NAME token of a Python file, keywords included."""
    with open(path, "rb") as f:
        toks = tokenize.tokenize(io.BytesIO(f.read()).readline)
        return {t.string for t in toks if t.type == tokenize.NAME}


def names_scenarios(words):
    """Scenarios whose stations, recipes and tasks take the given names."""
    words = sorted(words | set(keyword.kwlist) | set(keyword.softkwlist) | set(dir(__builtins__)))
    out = []
    per = 40
    for start in range(0, len(words), per * 3):
        chunk = words[start:start + per * 3]
        st, rs, ts = chunk[:per], chunk[per:2 * per], chunk[2 * per:] or chunk[:per]
        y = ["title: Every name the program uses", "helpers: 3", "stations:"]
        y += [f"  {yaml_str(n)}: 2" for n in st]
        y += ["recipes:"]
        for k, rname in enumerate(rs[:4] or ["r"]):
            y += [f"  {yaml_str(rname)}:",
                  f"    on_error: {('propagate', 'collect', 'cancel')[k % 3]}",
                  "    patience: 100s", "    tasks:"]
            prev = None
            for i, tname in enumerate(ts):
                kind = ("wait", "work", "helper")[(i + k) % 3]
                parts = [f"duration: {(i % 3) * 0.25 + 0.25}s", f"kind: {kind}",
                         f"station: {yaml_str(st[(i + k) % len(st)])}"]
                if prev is not None and i % 2:
                    parts.append(f"after: [{yaml_str(prev)}]")
                if i % 7 == 3 and k % 3 != 2:
                    parts += ["fail_after: 0.1s", "retries: 1"]
                if kind != "work" and i % 5 == 1:
                    parts.append("timeout: 1000s")
                y.append(f"      {yaml_str(tname)}: {{ {', '.join(parts)} }}")
                prev = tname
        y += ["orders:"] + [f"  - {{ recipe: {yaml_str(r)}, at: {k}s }}"
                            for k, r in enumerate(rs[:4] or ["r"])]
        y += ["script:", "  - { at: 0.5s, say: names }"]
        out.append("\n".join(y) + "\n")
    return out


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    outdir = argv[1]
    os.makedirs(outdir, exist_ok=True)
    for j in range(len(NASTY)):
        path = os.path.join(outdir, f"inject-{j:02d}.yaml")
        with open(path, "w", encoding="ascii") as f:
            f.write(inject_scenario(j))
        print(path)
    words = set()
    for prog in argv[2:]:
        words |= identifiers(prog)
    for j, text in enumerate(names_scenarios(words) if words else []):
        path = os.path.join(outdir, f"names-{j:02d}.yaml")
        with open(path, "w", encoding="ascii") as f:
            f.write(text)
        print(path)


if __name__ == "__main__":
    main(sys.argv)
