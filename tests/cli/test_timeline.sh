#!/usr/bin/env bash
# `kitchen run --format timeline`: the chart, byte for byte, with UTF-8
# glyphs under a UTF-8 locale and ASCII ones without.
source tests/lib.sh
for f in tests/golden/timeline/*.txt; do
	base=$(basename "$f" .txt)
	name=${base%%.*}
	args=(run "$name" --format timeline)
	locale=C.UTF-8
	case $base in *.ascii) locale=C ;; esac
	case $base in *.sequential) args+=(--mode sequential) ;; esac
	got=$(LC_ALL=$locale LANG= "$K" "${args[@]}" 2>&1)
	expect_eq "timeline $base" "$(cat "$f")" "$got"
done
# More orders than rows: the chart says how many tasks it left out.
printf 'title: many\nrecipes: {r: {tasks: {a: {duration: 1s}, b: {duration: 2s}}}}\norders: [{recipe: r, count: 30, every: 100ms}]\n' > "$TMP/many.yaml"
out=$("$K" run "$TMP/many.yaml" --format timeline)
case "$out" in *"(and 20 more tasks: --format jsonl shows every event)"*) ok "timeline names what it leaves out";;
	*) not_ok "timeline names what it leaves out" "$out";; esac

# Unicode labels: cut at a character boundary, aligned by display width
# (wcwidth: CJK is two columns, a combining mark none).
cat >"$TMP/wide.yaml" <<'Y'
title: Wide names
recipes:
  r:
    tasks:
      "中文字": { duration: 1s }
      "cafe\u0301": { duration: 2s }
      plain: { duration: 1s }
      "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十": { duration: 1s }
      "e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301": { duration: 1s }
orders: [ { recipe: r } ]
Y
LC_ALL=C.UTF-8 "$K" run "$TMP/wide.yaml" --format timeline >"$TMP/wide.txt" 2>&1
LC_ALL=C "$K" run "$TMP/wide.yaml" --format timeline >"$TMP/wide.ascii" 2>&1
python3 - "$TMP/wide.txt" "$TMP/wide.ascii" <<'PY'
import sys, unicodedata
def ok(name, cond, detail=""):
    print(("ok " if cond else "FAIL ") + name)
    if not cond:
        print("  " + repr(detail)[:600])
def width(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
for path, mode in ((sys.argv[1], "UTF-8"), (sys.argv[2], "ASCII")):
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8")
        ok(f"wide names ({mode}): valid UTF-8", True)
    except UnicodeDecodeError as e:
        ok(f"wide names ({mode}): valid UTF-8", False, e)
        continue
    rows = [l for l in text.split("\n") if l.startswith("#1 ")]
    ok(f"wide names ({mode}): five rows", len(rows) == 5, rows)
    bar = "=" if mode == "ASCII" else "\u2588"
    starts = {width(l[:l.index(bar)]) for l in rows}
    ok(f"wide names ({mode}): every bar starts at the same column", len(starts) == 1, rows)
    labels = [l[:l.index(bar)].rstrip() for l in rows]
    ok(f"wide names ({mode}): labels at most 40 columns", max(width(x) for x in labels) <= 40, labels)
    if mode == "UTF-8":
        ok("CJK label whole", labels[0] == "#1 中文字", labels[0])
        ok("combining mark kept with its letter", labels[1] == "#1 cafe\u0301", labels[1])
        ok("long CJK label cut at a character: 18 of 30", labels[3] == "#1 " + "一二三四五六七八九十一二三四五六七八"[:18], labels[3])
        ok("64 characters of letters and marks take 35 columns, whole", labels[4] == "#1 " + "e\u0301" * 32, labels[4])
    else:
        ok("ASCII: CJK escaped", labels[0] == "#1 \\u{4E2D}\\u{6587}\\u{5B57}", labels[0])
PY

# A task that fails or is cancelled at the very end: a full bar, one mark.
cat >"$TMP/end.yaml" <<'Y'
title: The end
recipes:
  r:
    on_error: cancel
    tasks:
      a: { duration: 1s, fail_after: 1s }
      b: { duration: 5s }
orders: [ { recipe: r } ]
Y
out=$(LC_ALL=C.UTF-8 "$K" run "$TMP/end.yaml" --format timeline)
expect_eq "a failure at the very end: 50 columns of 20 ms, then the mark" \
	"#1 a    ██████████████████████████████████████████████████✗" "$(grep '^#1 a' <<<"$out")"
expect_eq "a cancellation at the very end: the same" \
	"#1 b    ██████████████████████████████████████████████████⊘" "$(grep '^#1 b' <<<"$out")"
