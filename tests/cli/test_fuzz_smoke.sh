#!/usr/bin/env bash
# A short libFuzzer run of every target (make fuzz runs them longer): the
# scenario loader, the recording reader and replay. Each harness builds,
# runs and finds no crash, leak or hang in 3 seconds.
source tests/lib.sh
if ! command -v "${CLANG:-clang}" >/dev/null; then
	not_ok "clang is installed (libFuzzer)"
	exit 0
fi
for target in load recording; do
	if tests/fuzz/run.sh 3 $target >"$TMP/fuzz.log" 2>&1; then
		ok "libFuzzer on $target: 3 s, no finding"
	else
		not_ok "libFuzzer on $target: 3 s, no finding" "$(tail -30 "$TMP/fuzz.log")"
	fi
done
