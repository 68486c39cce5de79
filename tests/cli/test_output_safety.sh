#!/usr/bin/env bash
# Forged and broken output (text, timeline, jsonl, messages): no scenario
# text can look like a line of its own or reach the terminal raw. Controls
# (C0, C1), bidi controls and U+2028/U+2029 are written \u{XXXX} in text
# and \uXXXX in jsonl (which stays exact JSON); a line break continues
# indented under its message; without a UTF-8 locale the output is ASCII.
source tests/lib.sh

cat >"$TMP/forged.yaml" <<'Y'
title: "Caf\u00e9 \u202eevil\u202c\nsecond line"
lesson: "x"
stations:
  "k\u202ettle": 1
recipes:
  r:
    title: "Dish\u2028with a line separator \u4e2d"
    tasks:
      a:
        duration: 1s
        station: "k\u202ettle"
        say_start: "hello\n  0.500  #1          ORDER FAILED: fake"
        say_done: "tab\there \u061c \u200e \u200f \u2066 \u2069 \u2029 end"
      "b\u202e":
        duration: 1s
        after: [a]
        fail_after: 0.5s
        error: "boom\nkitchen: fake message"
orders:
  - recipe: r
script:
  - { at: 0.2s, ask: "Which?\nFAKE", choices: ["one\ntwo", "three"], answer: 1 }
Y
check "the hostile file is a valid scenario" "$K" check "$TMP/forged.yaml"
for fmt in text jsonl timeline; do
	LANG=C.UTF-8 "$K" run "$TMP/forged.yaml" --format $fmt >"$TMP/$fmt.utf8" 2>"$TMP/err" || not_ok "run --format $fmt (UTF-8)" "$(cat "$TMP/err")"
	LC_ALL=C LANG=C "$K" run "$TMP/forged.yaml" --format $fmt >"$TMP/$fmt.ascii" 2>"$TMP/err" || not_ok "run --format $fmt (C)" "$(cat "$TMP/err")"
	"$K" run "$TMP/forged.yaml" --format $fmt --mode sequential >"$TMP/$fmt.seq" 2>/dev/null
done
"$K" run $'\e]0;x\a\u202e.yaml\n: fake' >/dev/null 2>"$TMP/msg.err"

python3 - "$TMP" <<'PY'
import json, re, sys
tmp = sys.argv[1]
def ok(name, cond, detail=""):
    print(("ok " if cond else "FAIL ") + name)
    if not cond and detail:
        print("  " + str(detail)[:400])
bad = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
def read(name):
    return open(f"{tmp}/{name}", "rb").read().decode("utf-8")
for fmt in ("text", "timeline"):
    for loc in ("utf8", "ascii", "seq"):
        out = read(f"{fmt}.{loc}")
        m = bad.search(out)
        ok(f"{fmt} ({loc}): no control, bidi or separator character raw", not m,
           m and repr(out[max(0, m.start() - 30):m.end() + 30]))
    out = read(f"{fmt}.ascii")
    ok(f"{fmt} without a UTF-8 locale is ASCII", out.isascii(),
       [c for c in out if not c.isascii()][:5])
text = read("text.utf8")
lines = text.split("\n")
# An event line has its time right-aligned in the time column.
time_end = re.match(r"^ *\d+\.\d{3}", lines[0]).end()
def looks_like_event(l):
    m = re.match(r"^ *\d+\.\d{3}  ", l)
    return m is not None and m.end() == time_end + 2
forged = [l for l in lines if "ORDER FAILED: fake" in l]
ok("text: the forged line is there, as a continuation", len(forged) == 1, forged)
ok("text: the forged line does not look like an event", forged and not looks_like_event(forged[0]), forged)
ok("text: every line that looks like an event is one",
   sum(looks_like_event(l) for l in lines) == sum(1 for l in read("jsonl.utf8").splitlines()) - 1)
says = [i for i, l in enumerate(lines) if 'says "hello' in l]
col = lines[says[0]].index('says "hello') if says else -1
ok("text: the continuation is indented to the message column",
   says and lines[says[0] + 1].startswith(" " * col + "  0.500  #1"), lines[says[0] + 1] if says else text)
ok("text: a tab and bidi controls are written \\u{XXXX}",
   "tab\\u{0009}here \\u{061C} \\u{200E} \\u{200F} \\u{2066} \\u{2069} \\u{2029} end" in text, text)
ok("text: a task name with U+202E is escaped", "#1 b\\u{202E}" in text, text)
ok("text: the error's line break continues under it",
   any(re.match(r"^ {20,}kitchen: fake message \(attempt 1, final\)", l) for l in lines), text)
ok("text: a choice's line break continues under it",
   any(re.match(r"^ {20,}two", l) for l in lines), text)
ok("text: U+2028 in a recipe title is escaped, CJK kept", "Dish\\u{2028}with a line separator \u4e2d" in text, text)
ascii = read("text.ascii")
ok("text in C: non-ASCII written \\u{XXXX}", "Dish\\u{2028}with a line separator \\u{4E2D}" in ascii, ascii)
for loc in ("utf8", "ascii"):
    tl = read(f"timeline.{loc}").split("\n")
    ok(f"timeline ({loc}): the title's line break continues indented",
       tl[0].startswith("Caf") and tl[1].startswith("  second line "), tl[:2])
    ok(f"timeline ({loc}): the U+202E of the title is escaped", "\\u{202E}evil\\u{202C}" in tl[0], tl[0])
    ok(f"timeline ({loc}): rows start at column 0", all(l.startswith(("#", "loop")) for l in tl[4:6]), tl[4:6])
ok("timeline in C: the title's dash is ASCII", " - concurrent, finished after" in read("timeline.ascii"))
ok("timeline in C: the title's e-acute is \\u{00E9}", read("timeline.ascii").startswith("Caf\\u{00E9}"))
# jsonl: exact JSON, the same strings back, nothing raw in the bytes.
for loc in ("utf8", "ascii", "seq"):
    raw = read(f"jsonl.{loc}")
    m = bad.search(raw.replace("\n", ""))
    ok(f"jsonl ({loc}): no raw control, bidi or separator character", not m,
       m and repr(raw[max(0, m.start() - 30):m.end() + 30]))
    try:
        evs = [json.loads(l) for l in raw.splitlines()]
        ok(f"jsonl ({loc}): every line is JSON", True)
    except ValueError as e:
        ok(f"jsonl ({loc}): every line is JSON", False, e)
        evs = []
    says = [e["text"] for e in evs if e.get("ev") == "say"]
    ok(f"jsonl ({loc}): strings come back exactly",
       "hello\n  0.500  #1          ORDER FAILED: fake" in says and
       "tab\there \u061c \u200e \u200f \u2066 \u2069 \u2029 end" in says, says)
    ok(f"jsonl ({loc}): task names come back exactly",
       any(e.get("task") == "b\u202e" for e in evs))
ok("jsonl does not depend on the locale", read("jsonl.utf8") == read("jsonl.ascii"))
# Messages: the file name as given, escaped, on one line.
err = read("msg.err")
m = bad.search(err.replace("\n", ""))
ok("messages: nothing raw from a file name", not m and err.count("\n") == 1, repr(err))
ok("messages: the name is escaped", err.startswith("\\u{001B}]0;x\\u{0007}\\u{202E}.yaml\\u{000A}: fake: error: "), repr(err))
PY
