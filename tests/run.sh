#!/usr/bin/env bash
# The whole test suite: cmocka unit tests (ASan+UBSan build), whole-program
# tests of the real binary (tests/cli), TUI tests in tmux (tests/tui).
# Each test script prints "ok NAME" or "FAIL NAME" per case; logs are kept
# only for failures (build/test-logs). Ends with "total: N passed, M failed".
#
# tests/run.sh [DIR|SCRIPT...]: only those directories or scripts (unit =
# the cmocka binaries), e.g. tests/soak for make soak. Default: unit
# tests/cli tests/tui.
set -u
cd "$(dirname "$0")/.."
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=(unit tests/cli tests/tui)
want_dir() { local d; for d in "${dirs[@]}"; do [ "$d" = "$1" ] && return 0; done; return 1; }
export KITCHEN_TEST_BIN=${KITCHEN_TEST_BIN:-$PWD/build/kitchen-asan}
export KITCHEN_PLAIN_BIN=$PWD/build/kitchen
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
logs=build/test-logs
rm -rf "$logs"; mkdir -p "$logs"
passed=0; failed=0

want_dir unit && echo "== unit tests (cmocka, ASan+UBSan)"
want_dir unit && for t in build/test/unit/test_*; do
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

for dir in "${dirs[@]}"; do
	[ "$dir" = unit ] && continue
	echo "== $dir"
	scripts=("$dir"/test_*.sh)
	[ -f "$dir" ] && scripts=("$dir")
	for t in "${scripts[@]}"; do
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
# A directory of long checks may be empty (KITCHEN_ALLOW_EMPTY=1); the
# suite itself may not.
[ "$failed" -eq 0 ] && { [ "$passed" -gt 0 ] || [ "${KITCHEN_ALLOW_EMPTY:-0}" = 1 ]; }
