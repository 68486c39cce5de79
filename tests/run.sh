#!/usr/bin/env bash
# The whole test suite: cmocka unit tests (ASan+UBSan build), whole-program
# tests of the real binary (tests/cli), TUI tests in tmux (tests/tui).
# Each test script prints "ok NAME" or "FAIL NAME" per case; logs are kept
# only for failures (build/test-logs). Ends with "total: N passed, M failed".
set -u
cd "$(dirname "$0")/.."
export KITCHEN_TEST_BIN=${KITCHEN_TEST_BIN:-$PWD/build/kitchen-asan}
export KITCHEN_PLAIN_BIN=$PWD/build/kitchen
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
logs=build/test-logs
rm -rf "$logs"; mkdir -p "$logs"
passed=0; failed=0

echo "== unit tests (cmocka, ASan+UBSan)"
for t in build/test/unit/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	out=$("$t" 2>&1); rc=$?
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
	if [ $rc -ne 0 ] && [ -z "$f" ]; then failed=$((failed + 1)); fi
	printf '%s\n' "$out" | grep -E '^\[ *(PASSED|FAILED|  ERROR) *\]|^\[  FAILED  \] [a-z_]' | sed "s/^/$name: /"
	[ $rc -ne 0 ] && printf '%s\n' "$out" > "$logs/$name.log"
done

for dir in tests/cli tests/tui; do
	echo "== $dir"
	for t in "$dir"/test_*.sh; do
		[ -f "$t" ] || continue
		name=$(basename "$t" .sh)
		out=$(timeout 300 bash "$t" 2>&1); rc=$?
		p=$(printf '%s\n' "$out" | grep -c '^ok ')
		f=$(printf '%s\n' "$out" | grep -c '^FAIL ')
		if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
		passed=$((passed + p)); failed=$((failed + f))
		echo "$name: $p passed, $f failed"
		if [ "$f" -ne 0 ]; then
			printf '%s\n' "$out" > "$logs/$name.log"
			printf '%s\n' "$out" | grep -A15 '^FAIL ' | head -60
		fi
	done
done

echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
