#!/usr/bin/env bash
# `kitchen run --race A [B]`: two runs on one clock, headless. Each side's
# events must be exactly what `kitchen run` prints for that scenario and
# mode, merged by time with "side"; the text puts the two summaries side by
# side and says what each side served; the timeline draws both on one axis.
source tests/lib.sh

# ---- jsonl: every event of both runs, merged by time ------------------------
"$K" run --race rush-hour --format jsonl >"$TMP/one.jsonl"; expect_eq one_scenario_exits_0 0 $?
"$K" run rush-hour --mode sequential --format jsonl >"$TMP/seq.jsonl"
"$K" run rush-hour --mode concurrent --format jsonl >"$TMP/conc.jsonl"
"$K" run --race chopping helpers --format jsonl >"$TMP/two.jsonl"; expect_eq two_scenarios_exit_0 0 $?
"$K" run chopping --format jsonl >"$TMP/chop.jsonl"
"$K" run helpers --format jsonl >"$TMP/help.jsonl"
"$K" run --race chopping helpers --mode sequential --format jsonl >"$TMP/two-seq.jsonl"
"$K" run chopping --mode sequential --format jsonl >"$TMP/chop-seq.jsonl"
"$K" run helpers --mode sequential --format jsonl >"$TMP/help-seq.jsonl"
"$K" run --race chopping helpers --format summary >"$TMP/two.summary"

python3 - "$TMP" <<'PY'
import json, sys
d = sys.argv[1]
def lines(name):
    with open(f"{d}/{name}", encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]
def check(name, race, first, second):
    ok = True
    ev = lines(race)
    sides = {1: [], 2: []}
    last_t = -1
    for e in ev:
        if e["ev"] == "summary":
            sides[e.pop("side")].append(e)
            continue
        if e["t"] < last_t:
            print(f"FAIL {name}_merged_by_time", e); ok = False
        last_t = e["t"]
        sides[e.pop("side")].append(e)
    for n, want in ((1, first), (2, second)):
        if sides[n] != lines(want):
            print(f"FAIL {name}_side_{n}_is_kitchen_run_of_{want}")
            ok = False
        else:
            print(f"ok {name}_side_{n}_is_kitchen_run_of_{want}")
    # The summaries come last, side 1's first.
    tail = [e for e in ev[-2:]]
    if [e.get("ev") for e in tail] != ["summary", "summary"]:
        print(f"FAIL {name}_summaries_last"); ok = False
    else:
        print(f"ok {name}_summaries_last")
    print(f"{'ok' if ok else 'FAIL'} {name}_every_line_json_and_in_time_order")
check("one", "one.jsonl", "seq.jsonl", "conc.jsonl")
check("two", "two.jsonl", "chop.jsonl", "help.jsonl")
check("two_mode", "two-seq.jsonl", "chop-seq.jsonl", "help-seq.jsonl")
s = lines("two.summary")
print("ok" if [x["side"] for x in s] == [1, 2] and all(x["ev"] == "summary" for x in s)
      else "FAIL", "summary_is_the_two_summary_lines")
PY

# ---- text: the summaries side by side, and what each served -----------------------
"$K" run --race rush-hour >"$TMP/text"; expect_eq text_exits_0 0 $?
grep -q '^The race, on one clock: Rush hour (sequential) | Rush hour (concurrent)$' "$TMP/text" &&
	ok text_names_the_sides || not_ok text_names_the_sides "$(head -3 "$TMP/text")"
grep -qE '^  finished after   18\.000 s +  finished after   15\.300 s$' "$TMP/text" &&
	ok text_puts_the_summaries_side_by_side || not_ok text_puts_the_summaries_side_by_side "$(cat "$TMP/text")"
grep -q '^concurrent finished 2.700 s sooner (15.300 s vs 18.000 s).$' "$TMP/text" &&
	ok text_says_who_finished_sooner || not_ok text_says_who_finished_sooner "$(tail -4 "$TMP/text")"
grep -q '^sequential: 2 of 10 served, 8 failed (8 walked out).$' "$TMP/text" &&
grep -q '^concurrent: 8 of 10 served, 2 failed (2 walked out).$' "$TMP/text" &&
	ok text_says_what_each_served || not_ok text_says_what_each_served "$(tail -4 "$TMP/text")"
"$K" run --race errors stations >"$TMP/text2"
grep -q '^errors (concurrent): 1 of 3 served, 2 failed (0 walked out).$' "$TMP/text2" &&
	ok text_counts_failures_as_run_does || not_ok text_counts_failures_as_run_does "$(tail -4 "$TMP/text2")"

# ---- timeline: two lanes on one axis ---------------------------------------------
"$K" run --race chopping helpers --format timeline >"$TMP/tl"; expect_eq timeline_exits_0 0 $?
axes=$(grep -c '^ *0s  *1s  *2s  *3s  *4s  *5s  *6s$' "$TMP/tl")
expect_eq timeline_one_axis_for_both_lanes 2 "$axes"
grep -q '^chopping (concurrent): Chopping on the loop — concurrent, finished after 5.000 s$' "$TMP/tl" &&
grep -q '^helpers (concurrent): Helpers — concurrent, finished after 6.000 s$' "$TMP/tl" &&
	ok timeline_titles_each_lane || not_ok timeline_titles_each_lane "$(cat "$TMP/tl")"
LANG=C LC_ALL=C "$K" run --race coffee --format timeline >"$TMP/tl-ascii"
if LC_ALL=C grep -q '[^ -~]' "$TMP/tl-ascii"; then not_ok timeline_ascii_without_utf8; else ok timeline_ascii_without_utf8; fi
LANG=C LC_ALL=C "$K" run --race coffee >"$TMP/text-ascii"
if LC_ALL=C grep -q '[^ -~]' "$TMP/text-ascii"; then not_ok text_ascii_without_utf8; else ok text_ascii_without_utf8; fi

# ---- the command line ------------------------------------------------------------
"$K" run chopping helpers >/dev/null 2>"$TMP/err"; expect_eq two_without_race_is_usage 2 $?
grep -q 'kitchen run --race chopping helpers' "$TMP/err" && ok two_without_race_says_how || not_ok two_without_race_says_how "$(cat "$TMP/err")"
"$K" run --race coffee --mode sequential >/dev/null 2>"$TMP/err"; expect_eq one_with_mode_is_usage 2 $?
"$K" run --race coffee nosuch >/dev/null 2>"$TMP/err"; expect_eq a_missing_scenario_exits_1 1 $?
"$K" run --race - - </dev/null >/dev/null 2>&1; expect_eq two_from_stdin_is_usage 2 $?
if [ -e /dev/full ]; then
	"$K" run --race rush-hour --format jsonl >/dev/full 2>"$TMP/err"; rc=$?
	expect_eq a_full_disk_exits_1 1 "$rc"
	grep -q 'kitchen run' "$TMP/err" && ok a_full_disk_says_so || not_ok a_full_disk_says_so "$(cat "$TMP/err")"
fi
