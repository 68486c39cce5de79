#!/usr/bin/env bash
# The built-in scenarios' transcripts, byte for byte (tests/golden/scenarios,
# made by tools/regen-golden.sh and checked by hand against SPEC §4 and each
# lesson's numbers): both modes as jsonl, and the scenario's own mode as text.
# Every scenario of scenarios/ must have its three files, and a title, a
# concept (for `kitchen list`) and a lesson.
source tests/lib.sh
golden=tests/golden/scenarios
for yaml in scenarios/*.yaml; do
	name=$(basename "$yaml" .yaml)
	name=${name#[0-9]*-}
	if grep -q '^title: ' "$yaml" && grep -q '^concept: ' "$yaml" && grep -q '^lesson: ' "$yaml"; then
		ok "curriculum $name has a title, a concept and a lesson"
	else
		not_ok "curriculum $name has a title, a concept and a lesson"
	fi
	for form in jsonl sequential.jsonl txt; do
		want=$golden/$name.$form
		case $form in
		jsonl) args=(--mode concurrent --format jsonl) ;;
		sequential.jsonl) args=(--mode sequential --format jsonl) ;;
		txt) args=() ;;
		esac
		if [ ! -f "$want" ]; then
			not_ok "golden $name.$form" "missing $want (tools/regen-golden.sh)"
			continue
		fi
		if ! "$K" run "$name" "${args[@]}" >"$TMP/got" 2>"$TMP/err"; then
			not_ok "golden $name.$form" "exit status $?" "$(head -5 "$TMP/err")"
		elif cmp -s "$want" "$TMP/got"; then
			ok "golden $name.$form"
		else
			not_ok "golden $name.$form" "$(diff "$want" "$TMP/got" | head -20)"
		fi
	done
done
