#!/usr/bin/env bash
# The test runner itself (tests/run.py) on the scripts of tests/runner/:
# what it prints, in a fixed order whatever order the scripts end in (each
# script's "NAME: N passed, M failed", the lines after a FAIL, the slowest
# jobs, then "total: N passed, M failed" last); its exit status; a log kept
# for each script that failed and only those; a script past its time limit
# killed with what it started and failed by name; one that stops with an
# error status before saying why; a process left running in a session of
# its own killed; the CPU time of such a process counted in its script's.
source tests/lib.sh

export RUNNER_TMP=$TMP KITCHEN_TEST_LOG_DIR=$TMP/logs KITCHEN_TEST_HISTORY=$TMP/history
# The runner's own settings of the run around this one do not apply here.
unset KITCHEN_TEST_LOGS KITCHEN_TEST_JOBS KITCHEN_TEST_TIME_SCALE KITCHEN_ALLOW_EMPTY
start=$(date +%s%N)
python3 tests/run.py -j 6 tests/runner >"$TMP/out" 2>&1; rc=$?
took=$(( ($(date +%s%N) - start) / 1000000 ))
expect_eq "exit status 1 when a case fails" 1 "$rc"
expect_eq "each script's lines, in the order of their names" "== tests/runner
test_cpu: 1 passed, 0 failed
test_crash: 1 passed, 1 failed
FAIL test_crash: exit status 3
test_fail: 2 passed, 1 failed
FAIL second
  why it failed
ok third
test_hang: 1 passed, 1 failed
FAIL test_hang: timed out after 1 s (its limit), killed with every process it started
test_leave: 1 passed, 0 failed
test_leave: note: 1 process(es) still running 3 s after it ended, killed
test_pass: 2 passed, 0 failed" "$(sed '/^== slowest/,$d' "$TMP/out")"
expect_eq "the last line is the total" "total: 8 passed, 3 failed" "$(tail -1 "$TMP/out")"
expect_eq "the slowest jobs, then all of them" \
	"== slowest (wall, CPU of all its processes; every job's: $TMP/logs/times.txt)|6 jobs, 6 at a time" \
	"$(grep -E '^== slowest' "$TMP/out")|$(grep -Eo '[0-9]+ jobs, [0-9]+ at a time' "$TMP/out")"
expect_eq "a log for each script that failed, and the times" "test_crash.log test_fail.log test_hang.log times.txt" \
	"$(ls "$TMP/logs" | tr '\n' ' ' | sed 's/ $//')"
grep -q '^  why it failed$' "$TMP/logs/test_fail.log" && ok "the log holds the whole output" ||
	not_ok "the log holds the whole output" "$(cat "$TMP/logs/test_fail.log")"
for what in hang leave; do
	pid=$(cat "$TMP/$what.pid" 2>/dev/null)
	if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then ok "test_$what: nothing it started is left running"
	else not_ok "test_$what: nothing it started is left running" "pid '$pid'"; kill "$pid" 2>/dev/null; fi
done
cpu=$(awk '$3 == "tests/runner/test_cpu" { print $2 }' "$TMP/logs/times.txt")
if awk -v c="$cpu" 'BEGIN { exit !(c >= 0.45) }'; then ok "the CPU of a process in a session of its own counts ($cpu s)"
else not_ok "the CPU of a process in a session of its own counts" "cpu '$cpu' s, want >= 0.5" "$(cat "$TMP/logs/times.txt")"; fi
# The hang is killed at 1 s, the process left behind 3 s after its script.
if [ "$took" -lt 15000 ]; then ok "the runner waits for no hung script ($took ms)"
else not_ok "the runner waits for no hung script" "$took ms"; fi
grep -q 'tests/runner/test_cpu' "$TMP/history" && ok "the times are kept for the next run's order" ||
	not_ok "the times are kept for the next run's order"

# Nothing passed: an error, unless a directory of long checks may be empty.
mkdir -p "$TMP/empty"
python3 tests/run.py "$TMP/empty" >"$TMP/out" 2>&1
expect_eq "an empty run fails" "1 total: 0 passed, 0 failed" "$? $(tail -1 "$TMP/out")"
KITCHEN_ALLOW_EMPTY=1 python3 tests/run.py "$TMP/empty" >"$TMP/out" 2>&1
expect_eq "an empty directory of long checks may pass" "0 total: 0 passed, 0 failed" "$? $(tail -1 "$TMP/out")"
python3 tests/run.py tests/runner/test_pass.sh >"$TMP/out" 2>&1
expect_eq "a script given by its path" "0 test_pass: 2 passed, 0 failed" "$? $(sed -n 2p "$TMP/out")"

# Stopped (SIGTERM, as Ctrl-C's SIGINT): every job is killed with what it
# started, the runner exits 130 at once.
rm -f "$TMP/hang.pid"
KITCHEN_TEST_TIME_SCALE=30 python3 tests/run.py tests/runner/test_hang.sh >"$TMP/out" 2>&1 &
runner=$!
for _ in $(seq 1 100); do [ -s "$TMP/hang.pid" ] && break; sleep 0.05; done
kill -TERM "$runner"
gone=no
for _ in $(seq 1 100); do kill -0 "$runner" 2>/dev/null || { gone=yes; break; }; sleep 0.05; done
wait "$runner"
expect_eq "stopped by SIGTERM: exit 130 within 5 s, says so" "130 $gone interrupted" "$? yes $(tail -1 "$TMP/out")"
pid=$(cat "$TMP/hang.pid" 2>/dev/null)
if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then ok "stopped: nothing its jobs started is left running"
else not_ok "stopped: nothing its jobs started is left running" "pid '$pid'"; kill "$pid" 2>/dev/null; fi
