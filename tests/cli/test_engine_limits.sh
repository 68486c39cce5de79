#!/usr/bin/env bash
# The engine's own limits, on the plain build (sanitizer builds cannot run
# under `ulimit -v`): no run may grow without bound or abort. More tasks
# alive at once than the engine allows, and memory running out, both stop
# the run with a clear message and exit status 1 -- in `kitchen run` (no
# summary for half a run) and in the classroom demonstration (the terminal
# given back first), in both modes, and in a race, where each side holds
# half.
source tests/lib.sh
P=${KITCHEN_PLAIN_BIN:-$ROOT/build/kitchen}

# Ten million teas at once, one 3 s task each: every order is alive at 0 s.
cat >"$TMP/burst.yaml" <<'YAML'
title: Everyone at once
recipes:
  tea:
    tasks:
      steep: { duration: 3s }
orders:
  - { recipe: tea, count: 10000000 }
YAML
limit_msg="stopped at 0.000 s: more than 4000000 tasks alive at once (orders arrive faster than the kitchen serves them); the limit keeps memory under about 1 GB"

# run_limited NAME VMEM_KB WANT_STDERR ARGS...: exit 1, that stderr, no summary.
run_limited() {
	local name=$1 vmem=$2 want=$3 rc
	shift 3
	(ulimit -v "$vmem"; exec "$P" run "$@") >"$TMP/out" 2>"$TMP/err"
	rc=$?
	expect_eq "$name exit status" 1 "$rc"
	expect_eq "$name message" "$want" "$(cat "$TMP/err")"
	if grep -q '"ev":"summary"' "$TMP/out"; then not_ok "$name writes no summary"; else ok "$name writes no summary"; fi
}

# 1.5 GB of address space: the live-task limit comes first.
for mode in concurrent sequential; do
	run_limited "live-task limit $mode" 1500000 "kitchen run: $limit_msg" \
		"$TMP/burst.yaml" --mode $mode --format summary
done
run_limited "live-task limit jsonl" 1500000 "kitchen run: $limit_msg" \
	"$TMP/burst.yaml" --format jsonl

# 200 MB: memory runs out long before the limit.
for mode in concurrent sequential; do
	run_limited "out of memory $mode" 200000 "kitchen run: stopped at 0.000 s: out of memory" \
		"$TMP/burst.yaml" --mode $mode --format summary
done

# A race runs two engines at once: each holds half, so both stay under the
# same 1 GB (two full halves took 1.2 GB; under 1.5 GB the second ran out).
run_limited "race: half the live-task limit each side" 1500000 \
	"kitchen run: ${limit_msg/4000000/2000000}" --race "$TMP/burst.yaml" "$TMP/burst.yaml" --format summary

# The coffee rush at 10^6 orders (about 2.6 million tasks in flight) is
# within the limit.
cat >"$TMP/rush.yaml" <<'YAML'
title: Coffee rush
stations: { grinder: 4, kettle: 4 }
recipes:
  coffee:
    tasks:
      grind: { duration: 3s, station: grinder }
      heat: { duration: 2s, station: kettle }
      combine: { duration: 500ms, after: [grind, heat] }
orders:
  - { recipe: coffee, count: 1000000, every: 100ms }
YAML
if (ulimit -v 1500000; exec "$P" run "$TMP/rush.yaml" --format summary) >"$TMP/out" 2>"$TMP/err" &&
   grep -q '"orders_done":1000000,' "$TMP/out"; then
	ok "the coffee rush at 10^6 orders stays within the limit"
else
	not_ok "the coffee rush at 10^6 orders stays within the limit" "$(cat "$TMP/err")"
fi

# The demonstration: the message after the terminal is given back, exit 1.
if command -v tmux >/dev/null; then
	sock=kitchen-limits-$$
	tui_case() {
		local name=$1 vmem=$2 want=$3 args=${4:-$TMP/burst.yaml}
		rm -f "$TMP/tui.rc" "$TMP/tui.err"
		tmux -L "$sock" -f /dev/null new-session -d -x 100 -y 30 \
			"sh -c 'ulimit -v $vmem; LC_ALL=C.UTF-8 exec $P $args' 2>$TMP/tui.err; echo \$? >$TMP/tui.rc"
		local i
		for i in $(seq 1 300); do [ -s "$TMP/tui.rc" ] && break; sleep 0.1; done
		tmux -L "$sock" kill-server 2>/dev/null
		expect_eq "demonstration $name exit status" 1 "$(cat "$TMP/tui.rc" 2>/dev/null)"
		expect_eq "demonstration $name message" "$want" "$(tail -1 "$TMP/tui.err" 2>/dev/null)"
	}
	# The demonstration keeps every order in view and gives each running
	# task a real timer (about 420 bytes a task): it holds at most
	# 2,000,000 tasks, within the same 1.5 GB where `run` takes 4,000,000.
	tui_case "task limit" 1500000 "kitchen: stopped at 0.000 s: more than 2000000 tasks on screen at once (every order stays in view, each running task a real timer); the limit keeps memory under about 1 GB: \`kitchen run\` takes up to 4000000"
	# The race view: 1,000,000 a side (two full sides took 1.7 GB).
	tui_case "race view, task limit" 1500000 "kitchen: stopped at 0.000 s: more than 1000000 tasks on screen at once (every order stays in view, each running task a real timer); the limit keeps memory under about 1 GB: \`kitchen run\` takes up to 4000000" \
		"--race $TMP/burst.yaml $TMP/burst.yaml"
	tui_case "out of memory" 200000 "kitchen: stopped at 0.000 s: out of memory"
else
	not_ok "tmux is installed (for the demonstration's cases)"
fi
