#!/usr/bin/env bash
# A short libFuzzer run of every target (make fuzz runs them longer, CI a
# minute each): the scenario loader, the engine (SPEC §4's invariants, both
# modes), the exporters (the asyncio program's shape, the transcripts' text
# and JSON), the recording reader and replay. Each builds, replays its
# saved findings (tests/fuzz/regress/) and finds nothing in 2 seconds.
# limit: 120 s
source tests/lib.sh
if ! command -v "${CLANG:-clang}" >/dev/null; then
	not_ok "clang is installed (libFuzzer)"
	exit 0
fi
for target in load engine export recording; do
	if tests/fuzz/run.sh 2 $target >"$TMP/fuzz.log" 2>&1; then
		ok "libFuzzer on $target: saved inputs and 2 s, no finding"
	else
		not_ok "libFuzzer on $target: saved inputs and 2 s, no finding" "$(tail -30 "$TMP/fuzz.log")"
	fi
done
