#!/usr/bin/env bash
# `kitchen run` and the command line around it (SPEC §5): options, exit
# statuses, where messages go.
source tests/lib.sh

out=$("$K" --help); rc=$?
expect_eq "--help exits 0" 0 $rc
case "$out" in *"kitchen run SCENARIO"*"kitchen check"*) ok "--help lists the commands";; *) not_ok "--help lists the commands" "$out";; esac
expect_eq "--version" "kitchen 0.1.0" "$("$K" --version)"

"$K" run >/dev/null 2>"$TMP/err"; expect_eq "run without a scenario is a usage error" 2 $?
"$K" run coffee --format xml >/dev/null 2>"$TMP/err"; expect_eq "unknown format: exit 2" 2 $?
grep -q -- "--format is text, jsonl, summary or timeline, not 'xml'" "$TMP/err" && ok "unknown format: says so" || not_ok "unknown format: says so" "$(cat "$TMP/err")"
"$K" run coffee --mode fast >/dev/null 2>&1; expect_eq "unknown mode: exit 2" 2 $?
"$K" run coffee --seed -3 >/dev/null 2>&1; expect_eq "negative seed: exit 2" 2 $?
"$K" run coffee --seed 18446744073709551616 >/dev/null 2>&1; expect_eq "seed over 2^64-1: exit 2" 2 $?
"$K" run coffee --bogus >/dev/null 2>&1; expect_eq "unknown option: exit 2" 2 $?
"$K" run no-such-scenario >"$TMP/out" 2>"$TMP/err"; expect_eq "unknown scenario: exit 1" 1 $?
expect_eq "unknown scenario: nothing on stdout" "" "$(cat "$TMP/out")"

# An existing path wins over a built-in name.
mkdir -p "$TMP/d" && cd "$TMP/d"
printf 'title: local\nrecipes: {r: {tasks: {a: {duration: 1s}}}}\norders: [{recipe: r}]\n' > coffee
out=$("$K" run coffee --format summary)
cd "$ROOT"
case "$out" in *'"makespan":1.000'*) ok "an existing path wins over a built-in name";; *) not_ok "an existing path wins over a built-in name" "$out";; esac

out=$("$K" run coffee --format summary --mode sequential)
case "$out" in *'"mode":"sequential","makespan":5.000'*) ok "--mode sequential: coffee takes 5 s";; *) not_ok "--mode sequential: coffee takes 5 s" "$out";; esac
out=$("$K" run coffee --format=summary)
case "$out" in *'"makespan":3.000'*) ok "--format=summary form";; *) not_ok "--format=summary form" "$out";; esac
expect_eq "summary is one line" 1 "$("$K" run coffee --format summary | wc -l)"

# --seed overrides the scenario's seed: p = 0.5 over 40 orders.
cat > "$TMP/chance.yaml" <<'Y'
title: chance
seed: 1
recipes:
  r:
    tasks:
      a: { duration: 1s, fail_chance: 0.5 }
orders: [ { recipe: r, count: 40 } ]
Y
a=$("$K" run "$TMP/chance.yaml" --format summary)
b=$("$K" run "$TMP/chance.yaml" --format summary --seed 1)
c=$("$K" run "$TMP/chance.yaml" --format summary --seed 2)
expect_eq "--seed equal to the file's gives the same run" "$a" "$b"
[ "$a" != "$c" ] && ok "--seed 2 gives another run" || not_ok "--seed 2 gives another run" "$c"
# The scenario's seed 1: SplitMix64's first draws are 0.5666, 0.7458, 0.9710,
# 0.4444 ... so order 4 is the first to fail.
first_fail=$("$K" run "$TMP/chance.yaml" --format jsonl | grep -m1 task_failed)
case "$first_fail" in *'"order":4,'*) ok "fail_chance draws follow SplitMix64 from the seed";; *) not_ok "fail_chance draws follow SplitMix64 from the seed" "$first_fail";; esac

# Text: aligned lines and the other mode's time.
txt=$("$K" run coffee)
case "$txt" in *"sequentially     5.000 s"*) ok "text summary states the sequential time";; *) not_ok "text summary states the sequential time" "$txt";; esac
txt=$("$K" run coffee --mode sequential)
case "$txt" in *"concurrently    3.000 s"*) ok "text summary states the concurrent time";; *) not_ok "text summary states the concurrent time" "$txt";; esac

# Writing to a closed pipe or a full disk is an error, not a crash.
if [ -e /dev/full ]; then
	"$K" run coffee --format jsonl >/dev/full 2>"$TMP/err"; rc=$?
	expect_eq "a write error exits 1" 1 $rc
	grep -q "cannot write" "$TMP/err" && ok "a write error says so" || not_ok "a write error says so" "$(cat "$TMP/err")"
fi

# The demonstration's options may come first; without a terminal it refuses.
"$K" --paused coffee >/dev/null 2>"$TMP/err"; rc=$?
expect_eq "kitchen --paused coffee without a terminal: exit 2" 2 $rc
grep -q "needs a terminal" "$TMP/err" && ok "options before the scenario reach the TUI" || not_ok "options before the scenario reach the TUI" "$(cat "$TMP/err")"
"$K" --bogus >/dev/null 2>"$TMP/err"; expect_eq "an unknown option: exit 2" 2 $?

# A failed write stops the run at once: 10^7 orders (a full run takes
# minutes under the sanitizers) end as soon as the first block is refused.
printf 'title: big\nrecipes: {r: {tasks: {a: {duration: 1s}}}}\norders: [{recipe: r, count: 10000000, every: 1ms}]\n' >"$TMP/big.yaml"
if [ -e /dev/full ]; then
	for fmt in jsonl text; do
		timeout 60 "$K" run "$TMP/big.yaml" --format $fmt >/dev/full 2>"$TMP/err"; rc=$?
		expect_eq "10^7 orders as $fmt to a full disk: stops with exit 1" 1 $rc
		expect_eq "  ... and one message" "kitchen run: cannot write the transcript: No space left on device" "$(cat "$TMP/err")"
	done
	for cmd in "check coffee" "list" "--help" "--version" "show coffee" "help run" "run --help" "export asyncio coffee"; do
		# shellcheck disable=SC2086
		"$K" $cmd >/dev/full 2>"$TMP/err"; rc=$?
		expect_eq "kitchen $cmd to a full disk: exit 1" 1 $rc
		case $(cat "$TMP/err") in *"No space left on device") ok "  ... says so";;
			*) not_ok "  ... says so" "$(cat "$TMP/err")";; esac
	done
fi
