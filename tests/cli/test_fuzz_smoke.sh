#!/usr/bin/env bash
# A short libFuzzer run on the scenario loader (make fuzz runs it longer):
# the harness builds, runs and finds no crash, leak or hang in 5 seconds.
source tests/lib.sh
if ! command -v "${CLANG:-clang}" >/dev/null; then
	not_ok "clang is installed (libFuzzer)"
	exit 0
fi
if tests/fuzz/run.sh 5 >"$TMP/fuzz.log" 2>&1; then
	ok "libFuzzer on the scenario loader: 5 s, no finding"
else
	not_ok "libFuzzer on the scenario loader: 5 s, no finding" "$(tail -30 "$TMP/fuzz.log")"
fi
