#!/usr/bin/env bash
# kitchen check and kitchen list on the real binary (SPEC §3, §5).
#
# Every tests/invalid/NAME.yaml must exit 1 with exactly the stderr in
# tests/invalid/NAME.expected (nothing on stdout); every scenario of
# scenarios/ and tests/golden/examples/ must check ok; usage errors exit 2.
source tests/lib.sh

n_invalid=0
for yaml in tests/invalid/*.yaml; do
	name=$(basename "$yaml" .yaml)
	n_invalid=$((n_invalid + 1))
	want=tests/invalid/$name.expected
	"$K" check "$yaml" >"$TMP/out" 2>"$TMP/err"; rc=$?
	if [ ! -f "$want" ]; then
		not_ok "invalid $name" "no $want"
	elif [ $rc -ne 1 ]; then
		not_ok "invalid $name" "exit status $rc, want 1" "$(head -5 "$TMP/err")"
	elif [ -s "$TMP/out" ]; then
		not_ok "invalid $name" "stdout not empty:" "$(head -5 "$TMP/out")"
	elif ! cmp -s "$want" "$TMP/err"; then
		not_ok "invalid $name" "$(diff "$want" "$TMP/err" | head -20)"
	else
		ok "invalid $name"
	fi
done
if [ $n_invalid -ge 40 ]; then ok "at least 40 invalid cases ($n_invalid)"; else
	not_ok "at least 40 invalid cases" "only $n_invalid"; fi

valid=(scenarios/*.yaml tests/golden/examples/*.yaml)
for yaml in "${valid[@]}"; do
	[ -f "$yaml" ] || continue
	"$K" check "$yaml" >"$TMP/out" 2>"$TMP/err"; rc=$?
	if [ $rc -eq 0 ] && [ "$(cat "$TMP/out")" == "$yaml: ok" ] && [ ! -s "$TMP/err" ]; then
		ok "valid $yaml"
	else
		not_ok "valid $yaml" "exit status $rc" "$(head -10 "$TMP/err")"
	fi
done

# Several files at once: each is reported, one bad file makes the status 1.
"$K" check scenarios/02-coffee.yaml tests/invalid/helpers-range.yaml coffee \
	>"$TMP/out" 2>"$TMP/err"; rc=$?
expect_eq "several files: status" 1 "$rc"
expect_eq "several files: stdout" "scenarios/02-coffee.yaml: ok
coffee: ok" "$(cat "$TMP/out")"
expect_eq "several files: stderr" "$(cat tests/invalid/helpers-range.expected)" "$(cat "$TMP/err")"

# Built-in scenarios by name: every one that `kitchen list` shows.
"$K" list >"$TMP/list" 2>"$TMP/err"; rc=$?
expect_eq "list: status" 0 "$rc"
expect_eq "list: no stderr" "" "$(cat "$TMP/err")"
expect_eq "list: one line per built-in scenario" "$(ls scenarios/*.yaml | wc -l)" "$(wc -l <"$TMP/list")"
while read -r name _; do
	check "check built-in '$name'" "$K" check "$name"
done <"$TMP/list"
expect_eq "list: coffee, a level, with its title and concept" \
	"coffee  level  Virtual coffee shop  gather — two tasks at once" \
	"$(grep '^coffee ' "$TMP/list" | sed -E 's/ {2,}/  /g')"
# Columns line up: the title starts at the same character on every line.
cols=$(python3 -c '
import sys, re
cols = set()
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"(\S+\s+(level\s+|\s{7}))", line)
    cols.add(len(m.group(1)))
print(len(cols))' "$TMP/list")
expect_eq "list: titles aligned" 1 "$cols"
"$K" list extra >/dev/null 2>&1; expect_eq "list with an argument: usage" 2 "$?"

# Names and paths.
"$K" check cofee >"$TMP/out" 2>"$TMP/err"; rc=$?
expect_eq "unknown name: status" 1 "$rc"
expect_eq "unknown name: suggestion" \
	"cofee: error: no such file or built-in scenario; did you mean 'coffee'? (built-in: $(cut -d' ' -f1 "$TMP/list" | paste -sd, | sed 's/,/, /g'))" \
	"$(cat "$TMP/err")"
"$K" check "$TMP/none.yaml" >/dev/null 2>"$TMP/err"; rc=$?
expect_eq "missing file: status" 1 "$rc"
expect_eq "missing file: message" "$TMP/none.yaml: error: cannot read: No such file or directory" "$(cat "$TMP/err")"
(cd "$TMP" && printf 'title: Local\nrecipes: { r: { tasks: { t: { duration: 1s } } } }\norders: [ { recipe: r } ]\n' >coffee &&
	"$K" check coffee) >"$TMP/out" 2>&1
expect_eq "an existing path wins over a built-in name" "coffee: ok" "$(cat "$TMP/out")"
cp tests/invalid/helpers-range.yaml "$TMP/copy.yaml"
(cd "$TMP" && "$K" check copy.yaml) >/dev/null 2>"$TMP/err"
expect_eq "messages name the file as given" \
	"$(sed 's|tests/invalid/helpers-range.yaml|copy.yaml|' tests/invalid/helpers-range.expected)" "$(cat "$TMP/err")"

# Usage.
"$K" check >/dev/null 2>"$TMP/err"; rc=$?
expect_eq "no argument: status 2" 2 "$rc"
expect_eq "no argument: usage" "kitchen check: missing SCENARIO
usage: kitchen check SCENARIO..." "$(cat "$TMP/err")"
"$K" check --strict coffee >/dev/null 2>&1; expect_eq "unknown option: status 2" 2 "$?"

# Input from a pipe (as -), and what is not a regular file.
printf 'title: Piped\nrecipes: { r: { tasks: { t: { duration: 1s } } } }\norders: [ { recipe: r } ]\n' |
	"$K" check - >"$TMP/out" 2>&1
expect_eq "reads a pipe as -" "-: ok" "$(cat "$TMP/out")"
"$K" check - <tests/invalid/helpers-range.yaml >/dev/null 2>"$TMP/err"
expect_eq "- is standard input" "$(sed 's|^tests/invalid/helpers-range.yaml|-|' tests/invalid/helpers-range.expected)" "$(cat "$TMP/err")"
"$K" check "" >/dev/null 2>"$TMP/err"; rc=$?
expect_eq "an empty name: status" 1 "$rc"
expect_eq "an empty name is shown quoted" "''" "$(cut -d: -f1 "$TMP/err")"
"$K" check tests/invalid >/dev/null 2>"$TMP/err"; rc=$?
expect_eq "a directory: status" 1 "$rc"
expect_eq "a directory: message" "tests/invalid: error: cannot read: a directory, not a scenario file" "$(cat "$TMP/err")"

# docs/scenario-format.md: its complete examples are valid, its error
# examples are what `kitchen check` really prints.
python3 - "$TMP" <<'PY' >"$TMP/docs.txt"
import re, sys
tmp = sys.argv[1]
doc = open("docs/scenario-format.md", encoding="utf-8").read()
blocks = re.findall(r"```(\w*)\n(.*?)```", doc, re.S)
n = 0
for lang, body in blocks:
    if lang == "yaml" and body.startswith("title:") and "orders:" in body:
        n += 1
        open(f"{tmp}/doc{n}.yaml", "w", encoding="utf-8").write(body)
        print(f"valid {tmp}/doc{n}.yaml")
    elif lang == "yaml" and body.startswith("orders:"):
        open(f"{tmp}/shop.yaml", "w", encoding="utf-8").write(body)
    elif lang == "" and body.startswith("shop.yaml:"):
        open(f"{tmp}/shop.expected", "w", encoding="utf-8").write(body)
    elif lang == "" and body.startswith("FILE:"):
        for line in body.splitlines():
            if line.startswith("FILE:LINE"):
                continue
            print("message " + line[len("FILE"):])
PY
while read -r kind rest; do
	case $kind in
	valid) check "docs: example $(basename "$rest") is valid" "$K" check "$rest" ;;
	message)
		if grep -qxF -- "$rest" <(sed 's/^[^:]*\.yaml//' tests/invalid/*.expected); then
			ok "docs: message ${rest%%: error*}"
		else
			not_ok "docs: message not found in tests/invalid/*.expected" "$rest"
		fi ;;
	esac
done <"$TMP/docs.txt"
(cd "$TMP" && "$K" check shop.yaml) >/dev/null 2>"$TMP/shop.err"
expect_eq "docs: the shop.yaml example" "$(cat "$TMP/shop.expected")" "$(cat "$TMP/shop.err")"
