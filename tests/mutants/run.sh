#!/usr/bin/env bash
# make mutants: proves that the truth test (tests/cli/test_export_virtual.sh)
# can fail. Each tests/mutants/*.patch plants one fault in a copy of the
# engine; the copy is built (only the patched file recompiles: the copies
# share one prepared tree) and the truth test runs with its `kitchen` for
# `kitchen run`. A mutant is killed when the test reports a failure. Prints
# one line per mutant and `mutants: killed N/M`; exits 1 unless all are
# killed. KITCHEN_PYTHONS picks the interpreters (default: python3 alone, as
# the faults are the engine's).
set -u
cd "$(dirname "$0")/../.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export KITCHEN_PYTHONS=${KITCHEN_PYTHONS:-python3}

# One prepared tree: the sources as they are, built once.
mkdir -p "$work/base"
git ls-files -z | xargs -0 cp --parents -t "$work/base" || exit 1
if ! make -C "$work/base" -j2 kitchen >"$work/base.log" 2>&1; then
	echo "mutants: the unpatched copy does not build"; tail -5 "$work/base.log"; exit 1
fi
make -j2 build/test/unit/test_invariants >/dev/null || exit 1   # the test's generator

killed=0 total=0
for patch in tests/mutants/*.patch; do
	name=$(basename "$patch" .patch)
	total=$((total + 1))
	dir=$work/$name
	cp -a "$work/base" "$dir"
	if ! patch -s -d "$dir" -p1 <"$patch" || ! make -C "$dir" -j2 kitchen >"$dir.log" 2>&1; then
		echo "mutant $name: does not apply or build"; tail -3 "$dir.log" 2>/dev/null
		continue
	fi
	out=$(KITCHEN_TEST_BIN=$dir/build/kitchen KITCHEN_PLAIN_BIN=$dir/build/kitchen \
		bash tests/cli/test_export_virtual.sh 2>&1)
	failed=$(printf '%s\n' "$out" | grep -c '^FAIL ')
	if [ "$failed" -gt 0 ]; then
		killed=$((killed + 1))
		echo "mutant $name: killed ($failed cases fail, first: $(printf '%s\n' "$out" |
			grep -m1 '^FAIL ' | sed 's/^FAIL //'))"
	else
		echo "mutant $name: SURVIVED ($(head -1 "$patch"))"
	fi
	rm -rf "$dir"
done
echo "mutants: killed $killed/$total"
[ "$killed" -eq "$total" ]
