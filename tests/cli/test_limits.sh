#!/usr/bin/env bash
# The limits `check` enforces over a whole scenario (src/scenario/load.h):
# orders, task attempts (orders x tasks of their recipe x retries + 1) and
# the longest time a
# run can reach. The hostile files of the hardening review are generated
# here (megabytes are not committed); make bench's workloads stay allowed.
# Every command that loads a scenario refuses the same file the same way.
source tests/lib.sh

gen() {  # NAME: writes $TMP/NAME.yaml
	python3 - "$TMP" <<'PY'
import sys
tmp = sys.argv[1]
def write(name, text):
    open(f"{tmp}/{name}.yaml", "w").write(text)
tasks = "".join(f"      t{i}: {{ duration: 1s }}\n" for i in range(1000))
write("thousand-tasks", "title: 1000 tasks x 10^7 orders\nrecipes:\n  r:\n    tasks:\n" + tasks +
      "orders:\n  - { recipe: r, count: 10000000, every: 0 }\n")
write("aliases", "title: 1000 aliases\nrecipes: { r: { tasks: { a: { duration: 1s } } } }\norders:\n"
      "  - &o { recipe: r, count: 10000000 }\n" + "  - *o\n" * 999)
write("one-task-at-once", "title: 10^7 at once\nrecipes: { r: { tasks: { a: { duration: 1s } } } }\n"
      "orders:\n  - { recipe: r, count: 10000000, every: 0 }\n")
sys.path.insert(0, "bench")
from engine_bench import workload as coffee   # make bench's own workload
write("bench-rush", coffee(1000000, "100ms"))
write("bench-steady", coffee(10000000, "1s"))
ten = "".join(f"      t{i}: {{ duration: 1s }}\n" for i in range(9))
write("nine-tasks", "title: exactly 9*10^7 task attempts\nrecipes:\n  r:\n    tasks:\n" + ten +
      "orders:\n  - { recipe: r, count: 10000000, every: 1ms }\n")
write("retries", "title: a step that fails fast, retried\nrecipes: { r: { tasks: { a: { duration: 1s, fail_after: 1s, retries: 100 } } } }\n"
      "orders:\n  - { recipe: r, count: 10000000 }\n")
write("long-but-exact", "title: long\nrecipes: { r: { tasks: { a: { duration: 1440min, retries: 89 } } } }\n"
      "orders:\n  - { recipe: r, count: 1000000, every: 0 }\n")
PY
}
gen

for cmd in "check" "run" "export asyncio" ""; do
	# shellcheck disable=SC2086
	timeout 60 "$K" $cmd "$TMP/thousand-tasks.yaml" >"$TMP/out" 2>"$TMP/err" </dev/null; rc=$?
	expect_eq "1000 tasks x count 10^7 every 0: kitchen $cmd exits 1" 1 $rc
	expect_eq "  ... kitchen $cmd says why, at the entry" \
		"$TMP/thousand-tasks.yaml:1006:5: error: this entry takes the scenario past 90000000 task attempts (10000000 orders of recipe 'r', 1000 attempts each with every retry: 10000000000 so far), the most one scenario may have, so that any run ends in seconds" \
		"$(cat "$TMP/err")"
	expect_eq "  ... kitchen $cmd writes nothing on stdout" "" "$(cat "$TMP/out")"
done
"$K" check "$TMP/aliases.yaml" >/dev/null 2>"$TMP/err"; rc=$?
expect_eq "1000 aliases of a count 10^7 entry: exit 1" 1 $rc
expect_eq "  ... reported at the first alias that passes the limits" \
	"$TMP/aliases.yaml:5:5: error: this entry takes the scenario past 10000000 orders (20000000 so far), the most one scenario may have, so that any run ends in seconds
$TMP/aliases.yaml:13:5: error: this entry takes the scenario past 90000000 task attempts (10000000 orders of recipe 'r', 1 attempt each with every retry: 100000000 so far), the most one scenario may have, so that any run ends in seconds" \
	"$(cat "$TMP/err")"

"$K" check "$TMP/retries.yaml" >/dev/null 2>"$TMP/err"; rc=$?
expect_eq "10^7 orders of a step retried 100 times (3*10^9 events): refused" 1 $rc
expect_eq "  ... because retries are attempts" \
	"$TMP/retries.yaml:4:5: error: this entry takes the scenario past 90000000 task attempts (10000000 orders of recipe 'r', 101 attempts each with every retry: 1010000000 so far), the most one scenario may have, so that any run ends in seconds" \
	"$(cat "$TMP/err")"

# Allowed: what make bench runs, the exact edges.
for name in bench-rush bench-steady nine-tasks long-but-exact one-task-at-once; do
	"$K" check "$TMP/$name.yaml" >"$TMP/out" 2>"$TMP/err"
	expect_eq "allowed: $name" "$TMP/$name.yaml: ok" "$(cat "$TMP/out" "$TMP/err")"
done
