# Shared helpers for the whole-program tests. Source it; then use
#   check NAME CMD...        ok when CMD exits 0
#   expect_eq NAME WANT GOT  ok when equal, else shows a diff
# $K is the binary under test (ASan+UBSan build by default).
K=${KITCHEN_TEST_BIN:-$PWD/build/kitchen-asan}
# Output follows the locale (UTF-8 or ASCII): tests run in UTF-8 unless a
# case says otherwise (LC_ALL=C for one command).
export LANG=C.UTF-8
unset LC_ALL LC_CTYPE
ROOT=$PWD
TMP=$(mktemp -d)
trap 'transcripts_left; rm -rf "$TMP"' EXIT
ok() { echo "ok $1"; }
not_ok() { echo "FAIL $1"; shift; [ $# -gt 0 ] && printf '  %s\n' "$@"; }
check() { local n=$1; shift; if "$@" >"$TMP/out" 2>&1; then ok "$n"; else not_ok "$n" "command: $*" "$(head -20 "$TMP/out")"; fi; }
expect_eq() {
	if [ "$2" == "$3" ]; then ok "$1"; else
		not_ok "$1"; diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | head -30 | sed 's/^/  /'
	fi
}

# check_transcripts LABEL FILE.yaml: runs FILE in each mode that has an
# expected transcript beside it (FILE.expected.jsonl, FILE.sequential.expected.jsonl)
# and queues the comparison; compare_transcripts, once at the end of the
# script, compares every queued pair with tests/tools/jsonl_match.py in one
# interpreter. Sets CHECKED to how many it queued for FILE.
TRANSCRIPTS=$TMP/transcripts.list
TRANSCRIPTS_N=0
check_transcripts() {
	local label=$1 yaml=$2 base=${2%.yaml} name mode want got checked=0
	name=$(basename "$base")
	for mode in concurrent sequential; do
		want=$base.expected.jsonl
		[ $mode = sequential ] && want=$base.sequential.expected.jsonl
		[ -f "$want" ] || continue
		checked=$((checked + 1))
		TRANSCRIPTS_N=$((TRANSCRIPTS_N + 1))
		got=$TMP/got.$TRANSCRIPTS_N
		if ! "$K" run "$yaml" --format jsonl --mode $mode >"$got" 2>"$TMP/err"; then
			not_ok "$label $name $mode" "exit status $?" "$(head -5 "$TMP/err")"
			continue
		fi
		printf '%s\t%s\t%s\n' "$label $name $mode" "$want" "$got" >>"$TRANSCRIPTS"
	done
	CHECKED=$checked
}
compare_transcripts() {
	[ -f "$TRANSCRIPTS" ] || return 0
	python3 tests/tools/jsonl_match.py --batch "$TRANSCRIPTS" ||
		not_ok "tests/tools/jsonl_match.py --batch ran to its end"
	rm -f "$TRANSCRIPTS"
}
# A script that queued comparisons and never compared them fails.
transcripts_left() {
	[ -f "$TRANSCRIPTS" ] && not_ok "queued transcript comparisons were compared (compare_transcripts)"
	return 0
}

# kitchen_pythons: every CPython 3.11 or later on this machine that runs,
# one per version (python3 first, then pyenv's python3.1X), one path a line;
# KITCHEN_PYTHONS (paths, space-separated) chooses them instead.
kitchen_pythons() {
	local p v seen=" "
	for p in ${KITCHEN_PYTHONS:-python3 /root/.pyenv/versions/3.1[1-9]*/bin/python3.1[1-9] \
		/usr/bin/python3.1[1-9] /usr/local/bin/python3.1[1-9]}; do
		command -v "$p" >/dev/null 2>&1 || continue
		v=$("$p" -c 'import sys; print("%d.%d" % sys.version_info[:2]) if sys.version_info >= (3, 11) else None' 2>/dev/null) || continue
		case "$v" in 3.*) ;; *) continue ;; esac
		case "$seen" in *" $v "*) continue ;; esac
		seen="$seen$v "
		echo "$p"
	done
}

# export_case CASES NAME YAML MODE [KNOWN]: exports YAML in MODE (the exporter
# $K, under ASan), runs it with the engine (KITCHEN_PLAIN_BIN when set, its
# own tests run it under ASan) and appends the case line of
# tests/tools/export_jobs.py to the file CASES. Returns 1 (and says why)
# when either fails.
export_case() {
	local cases=$1 c=$2 yaml=$3 mode=$4 known=${5:-}
	local run=${KITCHEN_PLAIN_BIN:-$K}
	if ! "$K" export asyncio "$yaml" --mode "$mode" >"$TMP/$c.py" 2>"$TMP/$c.err" ||
	   ! "$run" run "$yaml" --mode "$mode" --format jsonl >"$TMP/$c.jsonl" 2>>"$TMP/$c.err"; then
		not_ok "export and run $c" "$(head -3 "$TMP/$c.err")"
		return 1
	fi
	printf '%s\t%s\t%s\t%s\t%s%s\n' "$c" "$yaml" "$mode" "$TMP/$c.py" "$TMP/$c.jsonl" \
		"${known:+$'\t'$known}" >>"$cases"
}

# export_check_all JOBS N: runs tests/tools/export_check.py on JOBS with every
# Python (kitchen_pythons), the versions side by side, one interpreter each;
# prints their results and which versions ran the N programs.
export_check_all() {
	local jobs=$1 n=$2 py v i=0 versions=() parted
	while read -r py; do
		v=$("$py" -c 'import platform; print(platform.python_version())')
		versions+=("$v")
		"$py" tests/tools/export_check.py "$jobs" 2>&1 |
			sed "s/^\(ok\|FAIL\) /\1 python $v: /" >"$TMP/result.$i" &
		i=$((i + 1))
	done < <(kitchen_pythons)
	wait
	cat "$TMP"/result.*
	parted=$(cat "$TMP"/result.* | grep -c 'compared up to' || true)
	planted=$(cat "$TMP"/result.* | grep -o '[0-9]* faults planted' |
		awk '{n += $1} END {if (n) print "; " n " faults planted there, all caught"}')
	echo "# $n programs, run by Python ${versions[*]}; $parted runs of random scenarios compared up to where they part, each difference there explained by a rule$planted"
}
