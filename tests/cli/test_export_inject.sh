#!/usr/bin/env bash
# No scenario text can change what an exported program does (SPEC §5,
# docs/asyncio-export.md "Names and texts"). tests/tools/export_corpus.py
# writes scenarios that put hostile strings in every text field (encoding
# declarations, escapes that raw_unicode_escape or UTF-7 would decode to line
# breaks, line and paragraph separators, quotes, backslashes, bidirectional
# controls) and scenarios named with every identifier the program uses; with
# the two fixtures of tests/export/ that reproduce the original findings,
# each is exported in both modes and run by every Python on the machine, in
# the directory where the strings try to create kitchen-canary*. Each
# program must be pure printable ASCII, begin with the exporter's own two
# lines, compile, run cleanly, print exactly the kitchen's events (times
# aside) and create nothing.
# limit: 120 s
source tests/lib.sh

mkdir -p "$TMP/corpus" "$TMP/run"
for m in concurrent sequential; do
	"$K" export asyncio tests/export/hostile-names.yaml --mode $m >"$TMP/ids-$m.py"
done
"$K" export asyncio timeouts >"$TMP/ids-timeouts.py"
if ! python3 tests/tools/export_corpus.py "$TMP/corpus" "$TMP"/ids-*.py >"$TMP/list"; then
	not_ok "the corpus is written" "$(tail -3 "$TMP/list")"
	exit 0
fi
printf '%s\n' tests/export/inject-encoding.yaml tests/export/title-decoding.yaml >>"$TMP/list"

: >"$TMP/jobs"
n=0
while read -r yaml; do
	name=$(basename "$yaml" .yaml)
	for mode in concurrent sequential; do
		c=$name.$mode
		if ! "$K" export asyncio "$yaml" --mode $mode >"$TMP/$c.py" 2>"$TMP/$c.err"; then
			not_ok "export $c" "$(head -3 "$TMP/$c.err")"
			continue
		fi
		if ! "$K" run "$yaml" --mode $mode --format jsonl >"$TMP/$c.jsonl" 2>"$TMP/$c.err"; then
			not_ok "run $c" "$(head -3 "$TMP/$c.err")"
			continue
		fi
		printf '{"name":"%s","prog":"%s","args":["--virtual"],"kitchen":"%s","compare":"texts"}\n' \
			"$c" "$TMP/$c.py" "$TMP/$c.jsonl" >>"$TMP/jobs"
		n=$((n + 1))
	done
done <"$TMP/list"

versions=()
while read -r py; do
	v=$("$py" -c 'import platform; print(platform.python_version())')
	versions+=("$v")
	(cd "$TMP/run" && "$py" "$ROOT/tests/tools/export_check.py" "$TMP/jobs") |
		sed "s/^\(ok\|FAIL\) /\1 python $v: /"
	left=$(ls -A "$TMP/run")
	expect_eq "python $v: no program created a file" "" "$left"
	rm -rf "$TMP/run"/* "$TMP/run"/.[!.]* 2>/dev/null
done < <(kitchen_pythons)
echo "# $n programs, run by Python ${versions[*]}"
