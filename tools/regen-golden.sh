#!/usr/bin/env bash
# Regenerates the golden transcripts of the built-in scenarios
# (tests/golden/scenarios), which tests/cli/test_golden.sh compares byte for
# byte. For every scenarios/NN-NAME.yaml:
#
#   NAME.jsonl             kitchen run NAME --mode concurrent --format jsonl
#   NAME.sequential.jsonl  kitchen run NAME --mode sequential --format jsonl
#   NAME.txt               kitchen run NAME   (its own mode, text format)
#
# Run it from anywhere after `make`, then READ the diff (git diff
# tests/golden/scenarios): every changed number must still be what SPEC §4
# says and what the scenario's lesson and docs/lessons.md promise.
#
#   tools/regen-golden.sh [KITCHEN_BINARY]     (default: ./kitchen)
set -euo pipefail
cd "$(dirname "$0")/.."
k=${1:-./kitchen}
out=tests/golden/scenarios
mkdir -p "$out"
rm -f "$out"/*.jsonl "$out"/*.txt
for yaml in scenarios/*.yaml; do
	name=$(basename "$yaml" .yaml)
	name=${name#[0-9]*-}
	"$k" run "$name" --mode concurrent --format jsonl >"$out/$name.jsonl"
	"$k" run "$name" --mode sequential --format jsonl >"$out/$name.sequential.jsonl"
	"$k" run "$name" >"$out/$name.txt"
	echo "$name"
done
