#!/usr/bin/env bash
# The truth test at length (tests/cli/test_export_virtual.sh has the quick
# one): 1,000 random scenarios of the invariant generator, and scenarios of
# 10^4 and 10^5 orders, in both modes, each exported, run on the virtual
# clock by every Python 3.11 or later on the machine and compared event for
# event with `kitchen run --format jsonl` by the rules of
# tests/tools/export_exact.py. The versions run side by side, one
# interpreter each.
# limit: 3000 s
source tests/lib.sh
RANDOM_CASES=${KITCHEN_SOAK_RANDOM:-1000}

mkdir -p "$TMP/gen" "$TMP/big"
build/test/unit/test_invariants --write "$TMP/gen" "$RANDOM_CASES" &&
	build/test/unit/test_invariants --write "$TMP/big" 2 10000 &&
	mv "$TMP/big/gen-00000.yaml" "$TMP/big/big-10k-a.yaml" &&
	mv "$TMP/big/gen-00001.yaml" "$TMP/big/big-10k-b.yaml" &&
	build/test/unit/test_invariants --write "$TMP/big" 1 100000 &&
	mv "$TMP/big/gen-00000.yaml" "$TMP/big/big-100k.yaml" ||
	{ not_ok "the generator writes its scenarios"; exit 0; }

: >"$TMP/cases"
n=0
for yaml in "$TMP"/gen/gen-*.yaml "$TMP"/big/big-*.yaml; do
	name=$(basename "$yaml" .yaml)
	for mode in concurrent sequential; do
		export_case "$TMP/cases" "$name.$mode" "$yaml" $mode && n=$((n + 1))
	done
done
python3 tests/tools/export_jobs.py exact --parting <"$TMP/cases" >"$TMP/jobs"
export_check_all "$TMP/jobs" $n
