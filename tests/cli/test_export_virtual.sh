#!/usr/bin/env bash
# The truth test: the exported program on its virtual clock (`--virtual`,
# docs/asyncio-export.md) against `kitchen run --format jsonl`, event for
# event. Every scenario of scenarios/, every worked example, every golden
# spec case, every fixture of tests/export/ and the first random scenarios
# of the invariant generator (tests/unit/test_invariants.c --write; many
# more, and ones of 10^5 orders, in tests/soak/test_export_truth.sh), in both
# modes, exported and run by every Python 3.11 or later on the machine, one
# interpreter per version (tests/tools/export_check.py). Each run must print
# the kitchen's events, every field equal, times to the millisecond, in the
# kitchen's order, and the same summary, but for the differences SPEC §4
# names, each asserted in the form its rule predicts
# (tests/tools/export_exact.py), and those only fixtures show (KNOWN).
# Sequential mode has no rule at all. Random scenarios may part where two
# callbacks fall due at one moment (the rule `parting`): they are compared
# exactly up to that moment; at it, each event only one run shows must be
# the difference a named rule predicts (export_exact.explain_parting); past
# it, both runs must still be whole (the same customers and script, each
# order and task ended once, each task's life as SPEC allows, the summary's
# counts). The test says how many runs parted.
# limit: 120 s
source tests/lib.sh

# Differences asyncio shows on purpose, that only these fixtures show
# (tests/tools/export_check.py's "known", tab-separated); the rules every
# case may need are tests/tools/export_exact.py's.
declare -A KNOWN=(
	# chop fails at 1 s; knead, queued, blocks first; gather raises after: 2 s.
	[handoff-order-failed.concurrent]=$'-order_failed 1 @1\t+order_failed 1 @2'
	# Both timers overdue after the block; the end wakes its task a turn
	# later, the walk-out timer runs first.
	[handoff-walk-out.concurrent]=$'-task_done 1 steep @3.1\t-order_done 1 @3.1\t+order_failed 1 @3.1\t+task_cancelled 1 steep @3.1\t=orders_done 1\t=orders_failed 1\t=late_max 0\t=latency_mean 3'
	# The thread's completion wakes press a turn late; the walk-out is first.
	[race-end-walkout.concurrent]=$'-task_done 1 press @2\t-order_done 1 @2\t+order_failed 1 @2\t+task_cancelled 1 press @2\t=orders_done 0\t=orders_failed 1\t=latency_mean 0'
	# simmer's own end reaches it before the TaskGroup's cancellation.
	[race-end-taskgroup.concurrent]=$'-task_cancelled 1 simmer @1\t+task_done 1 simmer @1'
	# grate's queued step takes the thread before the group is cancelled.
	# Since 3.12, gather of tasks already done does not yield: at 7.5 s the
	# recipe goes on to plate (work) before the semaphore's sauce starts.
	[10-free-play.concurrent]='~7.5 3.12'
	# stir's end (0 s, queued before chop's block) reaches it before its
	# timeout's timer: CPython ends it, the kitchen times it out (SPEC
	# proposal 7).
	[zero-wait-timeout.concurrent]=$'-task_failed 1 stir#1 @3\t+task_done 1 stir @3\t-order_failed 1 @3\t+order_done 1 @3\t=orders_done 1\t=orders_failed 0\t=late_max 3\t=latency_mean 3'
	# Order 1's TaskGroup reports its failure after order 2's boil blocks
	# (1.5-3 s); each stir ends (0 s, queued before) where the kitchen
	# cancels it; neither customer walks out of a failed order, and each
	# order fails once.
	[walk-out-while-failing.concurrent]=$'-order_failed 1 @1.5\t+order_failed 1 @3\t-task_cancelled 1 stir @1.5\t+task_done 1 stir @3\t-task_cancelled 2 stir @3\t+task_done 2 stir @3\t=late_max 3'
	[queued-step-takes-thread.concurrent]=$'+task_started 1 grate#1 @1\t-task_started 2 boil#1 @1\t+task_started 2 boil#1 @3\t-task_done 2 boil @2\t+task_done 2 boil @4\t-order_done 2 @2\t+order_done 2 @4\t=makespan 4\t=latency_mean 4'
)

: >"$TMP/cases"
n=0
for yaml in scenarios/*.yaml tests/golden/examples/*.yaml tests/golden/spec/*.yaml tests/export/*.yaml; do
	name=$(basename "$yaml" .yaml)
	for mode in concurrent sequential; do
		export_case "$TMP/cases" "$name.$mode" "$yaml" $mode "${KNOWN[$name.$mode]:-}" &&
			n=$((n + 1))
	done
done
python3 tests/tools/export_jobs.py exact <"$TMP/cases" >"$TMP/jobs"

# Random scenarios of the invariant generator.
mkdir -p "$TMP/gen"
if ! build/test/unit/test_invariants --write "$TMP/gen" "${KITCHEN_EXPORT_RANDOM:-30}" >"$TMP/gen.err" 2>&1; then
	not_ok "the generator writes its scenarios" "$(head -3 "$TMP/gen.err")"
fi
: >"$TMP/random"
for yaml in "$TMP"/gen/gen-*.yaml; do
	name=$(basename "$yaml" .yaml)
	for mode in concurrent sequential; do
		# the plain build: the exporter's ASan run is the fixtures' above
		K=${KITCHEN_PLAIN_BIN:-$K} export_case "$TMP/random" "$name.$mode" "$yaml" $mode &&
			n=$((n + 1))
	done
done
# Where a run parts, faults planted in it there must each be caught
# (tests/tools/export_check.py, PLANTED): the comparison there can fail.
python3 tests/tools/export_jobs.py exact --parting --plant <"$TMP/random" >>"$TMP/jobs"

export_check_all "$TMP/jobs" $n

# --virtual changes nothing but time: on the real clock (at 1/100 scale) the
# same program cancels a TaskGroup's six tasks in the same order as on the
# virtual clock (one callback walks the group's set of tasks, whose order
# the tasks' numbers fix on both clocks; hashed by address, the real clock's
# walk differed).
spec30=tests/golden/spec/30-cancel-taskgroup.yaml
if "$K" export asyncio "$spec30" >"$TMP/spec30.py" 2>"$TMP/spec30.err"; then
	cancel_order() { python3 "$TMP/spec30.py" "$@" | grep '"task_cancelled"' | grep -o '"task":"[^"]*"' | tr '\n' ' '; }
	virtual=$(cancel_order --virtual)
	real=$(cancel_order --scale 0.01)
	if [ "$(echo "$virtual" | wc -w)" -eq 6 ]; then
		expect_eq "the real clock cancels a TaskGroup's tasks in the virtual clock's order" "$virtual" "$real"
	else
		not_ok "spec case 30 cancels six tasks on the virtual clock" "$virtual"
	fi
else
	not_ok "export $spec30" "$(head -3 "$TMP/spec30.err")"
fi
