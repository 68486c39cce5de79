#!/usr/bin/env bash
# An independent reading of SPEC §4 (timing semantics) and §6 (the jsonl
# fields): tests/golden/spec/NN-name.yaml are tiny scenarios, one or two rules
# each (the rule and the hand-derived reasoning are in the file's leading
# comment); NN-name.expected.jsonl is the concurrent transcript and
# NN-name.sequential.expected.jsonl the sequential one, worked out by hand from
# SPEC's words (fail_chance draws computed from SPEC's SplitMix64 formula).
# `kitchen run FILE --format jsonl` must match them (extra fields allowed).
source tests/lib.sh
dir=tests/golden/spec
for yaml in "$dir"/*.yaml; do
	check_transcripts spec "$yaml"
	[ "$CHECKED" -gt 0 ] || not_ok "spec $(basename "${yaml%.yaml}") has an expected transcript"
done
compare_transcripts
