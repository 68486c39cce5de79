#!/usr/bin/env bash
# The command line of `kitchen export` (SPEC §5): the program goes to stdout,
# trace and svg are not available yet (exit 2), a bad command line is a usage
# error (2), a scenario that does not load prints its diagnostics (1). The
# program's own --scale: a number from 0.001 to 1000 (inf, nan, 0 and the
# extremes that would overflow its clock are refused, exit 2); a day-long
# step at --scale 30 waits without a traceback (epoll's limit, 24.8 days).
source tests/lib.sh

status() {  # NAME WANT_STATUS CMD...: ok when CMD exits WANT_STATUS
	local name=$1 want=$2; shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	local got=$?
	if [ "$got" -eq "$want" ]; then ok "$name"; else
		not_ok "$name" "exit status $got, want $want" "$(head -5 "$TMP/err")"
	fi
}

status "export asyncio coffee exits 0" 0 "$K" export asyncio coffee
expect_eq "export asyncio writes a Python program" "#!/usr/bin/env python3" "$(head -1 "$TMP/out")"
expect_eq "export asyncio writes nothing to stderr" "" "$(cat "$TMP/err")"
status "export asyncio FILE" 0 "$K" export asyncio tests/golden/examples/19-propagate.yaml
status "export asyncio --mode sequential" 0 "$K" export asyncio coffee --mode sequential
expect_eq "--mode sequential gives the blocking version" 1 "$(grep -c '^    summary("sequential")$' "$TMP/out")"
# The TUI says the chef is busy with a wait in blocking code: so does the code.
expect_eq "blocking code's waits say the chef waits there" 2 \
	"$(grep -c 'await asyncio.sleep([0-9.]*) *# blocking code: the chef waits here$' "$TMP/out")"
expect_eq "blocking code's waits do not say the chef is free" 0 "$(grep -c '# the chef is free meanwhile$' "$TMP/out")"
status "export asyncio --mode=concurrent of a sequential scenario" 0 \
	"$K" export asyncio blocking --mode=concurrent
expect_eq "--mode=concurrent gives the concurrent version" 1 "$(grep -c '^    summary("concurrent")$' "$TMP/out")"
expect_eq "the event loop's waits leave the chef free" 3 "$(grep -c 'await asyncio.sleep([0-9.]*) *# the chef is free meanwhile$' "$TMP/out")"
status "export trace is not available yet" 2 "$K" export trace coffee
expect_eq "export trace says so" "kitchen export trace: not available yet in this version" "$(cat "$TMP/err")"
status "export svg is not available yet" 2 "$K" export svg coffee
status "export alone is a usage error" 2 "$K" export
status "export of an unknown format" 2 "$K" export pdf coffee
expect_eq "an unknown format is named" "kitchen export: unknown format 'pdf' (asyncio, trace or svg)" "$(head -1 "$TMP/err")"
status "export asyncio without a scenario" 2 "$K" export asyncio
status "export asyncio with a bad --mode" 2 "$K" export asyncio coffee --mode fast
status "export asyncio with an unknown option" 2 "$K" export asyncio coffee --fast
status "export asyncio with two scenarios" 2 "$K" export asyncio coffee blocking
status "export asyncio of an unknown scenario" 1 "$K" export asyncio no-such-kitchen
expect_eq "export of an unknown scenario writes no program" "" "$(cat "$TMP/out")"
status "export asyncio of an invalid file" 1 "$K" export asyncio tests/invalid/unknown-station.yaml
if grep -q '^tests/invalid/unknown-station.yaml:[0-9]*:[0-9]*: error: ' "$TMP/err"; then
	ok "export prints the file's diagnostics"
else
	not_ok "export prints the file's diagnostics" "$(head -3 "$TMP/err")"
fi

# ---- the program's --scale ---------------------------------------------------
"$K" export asyncio coffee >"$TMP/coffee.py"
for s in inf -inf nan 0 -1 1e308 1e-320 0.0009 1000.5; do
	status "the program refuses --scale $s" 2 timeout 10 python3 "$TMP/coffee.py" "--scale=$s"
	expect_eq "the program says why it refuses --scale $s" \
		"coffee.py: error: --scale must be a number from 0.001 to 1000" "$(tail -1 "$TMP/err")"
done
cat >"$TMP/day.yaml" <<'EOF'
title: A day-long wait
recipes:
  r:
    tasks:
      simmer: { duration: 1440min }
orders:
  - recipe: r
EOF
for mode in concurrent sequential; do
	"$K" export asyncio "$TMP/day.yaml" --mode $mode >"$TMP/day.py"
	timeout 1 python3 "$TMP/day.py" --scale 30 >/dev/null 2>"$TMP/err"
	rc=$?
	if [ $rc -eq 124 ] && [ ! -s "$TMP/err" ]; then
		ok "a day-long step at --scale 30 waits ($mode)"
	else
		not_ok "a day-long step at --scale 30 waits ($mode)" "exit status $rc" "$(tail -2 "$TMP/err")"
	fi
done
