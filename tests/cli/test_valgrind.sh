#!/usr/bin/env bash
# The plain (non-sanitized) build under valgrind: no invalid access, no
# leak, on the main paths of the program.
# limit: 120 s
source tests/lib.sh
P=${KITCHEN_PLAIN_BIN:-$ROOT/build/kitchen}
if ! command -v valgrind >/dev/null; then
	not_ok "valgrind is installed"
	exit 0
fi
vg() {
	local name=$1; shift
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		"$P" "$@" >"$TMP/out" 2>"$TMP/err"
	local rc=$?
	if [ $rc -eq 99 ]; then not_ok "valgrind: $name" "$(head -30 "$TMP/err")"; else ok "valgrind: $name"; fi
}
vg "run coffee jsonl" run coffee --format jsonl
vg "run coffee text" run coffee
vg "run sequential" run coffee --mode sequential --format summary
for f in tests/golden/examples/*.yaml; do
	vg "run $(basename "$f")" run "$f" --format jsonl
done
vg "check an invalid file" check tests/golden/examples/01-coffee-shop.yaml /nonexistent.yaml
vg "list" list
vg "help" --help
vg "timeline" run errors --format timeline
# Replays: a game (picks on a player-driven engine), a demonstration with
# a race segment, a recording cut short, and a damaged one.
mkdir -p "$TMP/recs"
python3 tests/tools/make_recordings.py "$P" "$TMP/recs" >/dev/null 2>&1
vg "replay a game" replay "$TMP/recs/twice.jsonl" --headless --format jsonl
vg "replay a demonstration and its race" replay "$TMP/recs/demo.jsonl" --headless
vg "replay a recording cut short" replay "$TMP/recs/cut-mid-line.jsonl" --headless
vg "replay a changed scenario" replay "$TMP/recs/changed-scenario.jsonl" --headless
