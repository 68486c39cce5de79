#!/usr/bin/env bash
# Every input a fuzzer once failed on (tests/fuzz/regress/TARGET/), through
# the real binary: `check` answers (0 or 1) without a crash; a valid one
# runs in both modes in every format (or is stopped by the engine with its
# message, exit 1), and exports in both modes to a
# program Python compiles. (tests/cli/test_fuzz_smoke.sh replays the same
# inputs through the fuzz targets' own checks.)
source tests/lib.sh
shopt -s nullglob
inputs=(tests/fuzz/regress/*/*)
if [ ${#inputs[@]} -eq 0 ]; then ok "no saved fuzz inputs yet"; exit 0; fi
n=0
for f in "${inputs[@]}"; do
	name=${f#tests/fuzz/regress/}
	"$K" check "$f" >/dev/null 2>"$TMP/err"; rc=$?
	if [ $rc -gt 1 ]; then not_ok "fuzz input $name: check exits $rc" "$(head -5 "$TMP/err")"; continue; fi
	ok "fuzz input $name: check answers ($rc)"
	[ $rc -eq 0 ] || continue
	for mode in concurrent sequential; do
		for fmt in jsonl text timeline summary; do
			timeout 60 "$K" run "$f" --mode $mode --format $fmt >/dev/null 2>"$TMP/err"; rc=$?
			# The engine may stop a run, with its message (its limit
			# on tasks alive at once).
			if [ $rc -eq 1 ] && grep -q '^kitchen run: stopped at ' "$TMP/err"; then
				break   # the same stop in every format
			elif [ $rc -ne 0 ]; then
				not_ok "fuzz input $name: run --mode $mode --format $fmt" "exit $rc" "$(head -5 "$TMP/err")"
			fi
		done
		n=$((n + 1))
		"$K" export asyncio "$f" --mode $mode >"$TMP/prog$n.py" 2>"$TMP/err" ||
			not_ok "fuzz input $name: export asyncio --mode $mode" "$(head -5 "$TMP/err")"
		echo "$TMP/prog$n.py $name $mode" >>"$TMP/programs"
	done
	ok "fuzz input $name: runs in both modes, every format"
done
[ -f "$TMP/programs" ] && python3 - "$TMP/programs" <<'PY'
import sys
for line in open(sys.argv[1]):
    path, name, mode = line.split()
    try:
        compile(open(path, encoding="ascii").read(), path, "exec")
        print(f"ok fuzz input {name}: the {mode} program compiles")
    except (SyntaxError, UnicodeDecodeError) as e:
        print(f"FAIL fuzz input {name}: the {mode} program compiles\n  {e}")
PY
