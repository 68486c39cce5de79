# Shared helpers for the whole-program tests. Source it; then use
#   check NAME CMD...        ok when CMD exits 0
#   expect_eq NAME WANT GOT  ok when equal, else shows a diff
# $K is the binary under test (ASan+UBSan build by default).
K=${KITCHEN_TEST_BIN:-$PWD/build/kitchen-asan}
ROOT=$PWD
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
ok() { echo "ok $1"; }
not_ok() { echo "FAIL $1"; shift; [ $# -gt 0 ] && printf '  %s\n' "$@"; }
check() { local n=$1; shift; if "$@" >"$TMP/out" 2>&1; then ok "$n"; else not_ok "$n" "command: $*" "$(head -20 "$TMP/out")"; fi; }
expect_eq() {
	if [ "$2" == "$3" ]; then ok "$1"; else
		not_ok "$1"; diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | head -30 | sed 's/^/  /'
	fi
}
