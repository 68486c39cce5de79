#!/usr/bin/env bash
# `kitchen run --format timeline`: the chart, byte for byte, with UTF-8
# glyphs under a UTF-8 locale and ASCII ones without.
source tests/lib.sh
for f in tests/golden/timeline/*.txt; do
	base=$(basename "$f" .txt)
	name=${base%%.*}
	args=(run "$name" --format timeline)
	locale=C.UTF-8
	case $base in *.ascii) locale=C ;; esac
	case $base in *.sequential) args+=(--mode sequential) ;; esac
	got=$(LC_ALL=$locale LANG= "$K" "${args[@]}" 2>&1)
	expect_eq "timeline $base" "$(cat "$f")" "$got"
done
# More orders than rows: the chart says how many tasks it left out.
printf 'title: many\nrecipes: {r: {tasks: {a: {duration: 1s}, b: {duration: 2s}}}}\norders: [{recipe: r, count: 30, every: 100ms}]\n' > "$TMP/many.yaml"
out=$("$K" run "$TMP/many.yaml" --format timeline)
case "$out" in *"(and 20 more tasks: --format jsonl shows every event)"*) ok "timeline names what it leaves out";;
	*) not_ok "timeline names what it leaves out" "$out";; esac
