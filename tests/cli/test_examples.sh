#!/usr/bin/env bash
# The worked examples of SPEC §4/§6 (tests/golden/examples): `kitchen run
# FILE --format jsonl` must print exactly their transcripts (extra fields
# allowed, nothing else may differ), in both modes where one is given.
source tests/lib.sh
for yaml in tests/golden/examples/*.yaml; do
	base=${yaml%.yaml}
	name=$(basename "$base")
	for mode in concurrent sequential; do
		want=$base.expected.jsonl
		[ $mode = sequential ] && want=$base.sequential.expected.jsonl
		[ -f "$want" ] || continue
		if ! "$K" run "$yaml" --format jsonl --mode $mode >"$TMP/got" 2>"$TMP/err"; then
			not_ok "example $name $mode" "exit status $?" "$(cat "$TMP/err")"
			continue
		fi
		if diff_out=$(python3 tests/tools/jsonl_match.py "$want" "$TMP/got"); then
			ok "example $name $mode"
		else
			not_ok "example $name $mode" "$diff_out"
		fi
	done
done
