#!/usr/bin/env bash
# The exported program on its virtual clock (`--virtual`, docs/asyncio-export.md):
# every scenario of scenarios/, every worked example, every golden spec case
# and every fixture of tests/export/, in both modes, exported and run by
# every Python 3.11 or later on the machine, one interpreter per version
# (tests/tools/export_check.py). Each run must print the kitchen's events at
# the kitchen's times, to the millisecond, and the same summary, but for the
# differences asyncio shows on purpose (KNOWN below, docs/asyncio-export.md).
source tests/lib.sh
RUN=${KITCHEN_PLAIN_BIN:-$K}

# Known differences (tests/tools/export_check.py's "known"), by case.
declare -A KNOWN=(
	# chop fails at 1 s; knead blocks first, gather raises after: 2 s.
	[handoff-order-failed.concurrent]='"-order_failed 1 @1","+order_failed 1 @2"'
	# The semaphore wakes simmer before the TaskGroup cancels it.
	[handoff-taskgroup.concurrent]='"+task_started 1 simmer#1 @1"'
	[13-cancel-during-handoff.concurrent]='"+task_started 2 a#1 @1"'
	# Both timers overdue after the block; the walk-out runs first.
	[handoff-walk-out.concurrent]='"-task_done 1 steep @3.1","-order_done 1 @3.1","+order_failed 1 @3.1","+task_cancelled 1 steep @3.1","=orders_done 1","=orders_failed 1","=late_max 0","=latency_mean 3"'
)

: >"$TMP/jobs"
n=0
for yaml in scenarios/*.yaml tests/golden/examples/*.yaml tests/golden/spec/*.yaml tests/export/*.yaml; do
	name=$(basename "$yaml" .yaml)
	for mode in concurrent sequential; do
		c=$name.$mode
		# the exporter under ASan; the engine's run from the plain build
		# (its own tests run it under ASan), to keep this test quick
		if ! "$K" export asyncio "$yaml" --mode $mode >"$TMP/$c.py" 2>"$TMP/$c.err" ||
		   ! "$RUN" run "$yaml" --mode $mode --format jsonl >"$TMP/$c.jsonl" 2>>"$TMP/$c.err"; then
			not_ok "export and run $c" "$(head -3 "$TMP/$c.err")"
			continue
		fi
		printf '{"name":"%s","prog":"%s","args":["--virtual"],"kitchen":"%s","compare":"timed","known":[%s]}\n' \
			"$c" "$TMP/$c.py" "$TMP/$c.jsonl" "${KNOWN[$c]:-}" >>"$TMP/jobs"
		n=$((n + 1))
	done
done

# One interpreter per version, the versions side by side.
versions=()
i=0
while read -r py; do
	v=$("$py" -c 'import platform; print(platform.python_version())')
	versions+=("$v")
	"$py" tests/tools/export_check.py "$TMP/jobs" 2>&1 |
		sed "s/^\(ok\|FAIL\) /\1 python $v: /" >"$TMP/result.$i" &
	i=$((i + 1))
done < <(kitchen_pythons)
wait
cat "$TMP"/result.*
echo "# $n programs, run by Python ${versions[*]}"
