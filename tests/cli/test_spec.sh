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
	base=${yaml%.yaml}
	name=$(basename "$base")
	found=0
	for mode in concurrent sequential; do
		want=$base.expected.jsonl
		[ $mode = sequential ] && want=$base.sequential.expected.jsonl
		[ -f "$want" ] || continue
		found=1
		if ! "$K" run "$yaml" --format jsonl --mode $mode >"$TMP/got" 2>"$TMP/err"; then
			not_ok "spec $name $mode" "exit status $?" "$(head -5 "$TMP/err")"
			continue
		fi
		if diff_out=$(python3 tests/tools/jsonl_match.py "$want" "$TMP/got"); then
			ok "spec $name $mode"
		else
			not_ok "spec $name $mode" "$diff_out"
		fi
	done
	[ $found = 1 ] || not_ok "spec $name has an expected transcript"
done
