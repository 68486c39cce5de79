#!/usr/bin/env bash
# The one command line (SPEC §5, src/cmd/args.c): the same rules for every
# command. `--` ends options, `-` is standard input wherever a SCENARIO is
# taken, --opt=value and --opt value, per-command --help on stdout (exit
# 0), strict integers, usage errors exit 2, unknown commands named with a
# suggestion, `kitchen show`, and arguments never reaching the terminal raw.
source tests/lib.sh

status() {  # NAME WANT_STATUS CMD...: runs CMD (stdout, stderr to $TMP/out, err)
	local name=$1 want=$2; shift 2
	"$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	local got=$?
	if [ "$got" -eq "$want" ]; then ok "$name"; else
		not_ok "$name" "exit status $got, want $want" "$(head -5 "$TMP/err")"
	fi
}
err_has() {  # NAME TEXT: ok when $TMP/err contains TEXT
	if grep -qF -- "$2" "$TMP/err"; then ok "$1"; else not_ok "$1" "want: $2" "$(head -5 "$TMP/err")"; fi
}
err_lacks() {
	if grep -qF -- "$2" "$TMP/err"; then not_ok "$1" "should not say: $2" "$(head -5 "$TMP/err")"; else ok "$1"; fi
}
COFFEE_SUMMARY=$("$K" run coffee --format summary)

# --- `--` ends the options ------------------------------------------------
status "run -- coffee" 0 "$K" run --format summary -- coffee
expect_eq "run -- coffee runs coffee" "$COFFEE_SUMMARY" "$(cat "$TMP/out")"
cp scenarios/02-coffee.yaml "$TMP/--odd.yaml"
(cd "$TMP" && "$K" check -- --odd.yaml) >"$TMP/out" 2>&1
expect_eq "check -- --odd.yaml: a file named like an option" "--odd.yaml: ok" "$(cat "$TMP/out")"
status "after --, --format is an operand" 2 "$K" run coffee -- --format
err_has "  ... and says it is one scenario at a time" "one SCENARIO at a time"

# --- `-` is standard input for every command that takes a SCENARIO ------
"$K" run - --format summary <scenarios/02-coffee.yaml >"$TMP/out" 2>"$TMP/err"
expect_eq "run - reads standard input" "$COFFEE_SUMMARY" "$(cat "$TMP/out")"
"$K" export asyncio - <scenarios/02-coffee.yaml >"$TMP/out" 2>"$TMP/err"
"$K" export asyncio coffee >"$TMP/want" 2>&1
if cmp -s "$TMP/want" "$TMP/out"; then ok "export asyncio - reads standard input"; else
	not_ok "export asyncio - reads standard input" "$(head -3 "$TMP/err")"; fi
"$K" check - <scenarios/02-coffee.yaml >"$TMP/out" 2>&1
expect_eq "check - reads standard input" "-: ok" "$(cat "$TMP/out")"
# Standard input holds one scenario: a second - is a usage error, not an
# empty file (check read it twice; run suggested a race that refuses it).
for cmd in "check - coffee -" "run - -" "- -" "run --race - -" "--race - -"; do
	status "kitchen $cmd: one scenario from standard input" 2 "$K" $cmd <scenarios/02-coffee.yaml
	err_has "  ... kitchen $cmd says so" "only one scenario can come from standard input"
	expect_eq "  ... kitchen $cmd reads nothing, prints nothing" "" "$(cat "$TMP/out")"
done
"$K" - <scenarios/02-coffee.yaml >"$TMP/out" 2>"$TMP/err"; rc=$?
expect_eq "kitchen - (the demonstration) without a terminal: exit 2" 2 $rc
err_has "kitchen - loaded the scenario, then wants a terminal" "kitchen run -"
"$K" run - <tests/invalid/helpers-range.yaml >/dev/null 2>"$TMP/err"
expect_eq "run -: diagnostics name the file -" \
	"$(sed 's|^tests/invalid/helpers-range.yaml|-|' tests/invalid/helpers-range.expected)" "$(cat "$TMP/err")"

# --- --opt=value and --opt value, everywhere ------------------------------
a=$("$K" run coffee --mode=sequential --format=summary)
b=$("$K" run coffee --mode sequential --format summary)
expect_eq "run: --opt=value is --opt value" "$a" "$b"
case $a in *'"mode":"sequential"'*) ok "run --mode=sequential is taken";; *) not_ok "run --mode=sequential is taken" "$a";; esac
status "export asyncio --mode=sequential" 0 "$K" export asyncio coffee --mode=sequential
status "export asyncio --mode sequential (before the scenario)" 0 "$K" export asyncio --mode sequential coffee
status "TUI --speed=1/2 --seed=7 reaches the terminal check" 2 "$K" coffee --speed=1/2 --seed=7
err_has "  (the refusal is the terminal's)" "needs a terminal"

# --- --help for every command: its usage on stdout, exit 0 ---------------
for cmd in "run" "check" "list" "show" "export asyncio" "export trace" "play" "replay" "serve"; do
	# shellcheck disable=SC2086
	status "kitchen $cmd --help exits 0" 0 "$K" $cmd --help
	first=$(head -1 "$TMP/out")
	case $first in "usage: kitchen $cmd"*) ok "kitchen $cmd --help prints its usage";;
		*) not_ok "kitchen $cmd --help prints its usage" "$first";; esac
	expect_eq "kitchen $cmd --help: nothing on stderr" "" "$(cat "$TMP/err")"
done
status "kitchen coffee --help: the demonstration's help" 0 "$K" coffee --help
case $(head -1 "$TMP/out") in "usage: kitchen [SCENARIO]"*) ok "the demonstration's usage";;
	*) not_ok "the demonstration's usage" "$(head -1 "$TMP/out")";; esac
"$K" help run >"$TMP/a"; "$K" run --help >"$TMP/b"
if cmp -s "$TMP/a" "$TMP/b"; then ok "kitchen help run is kitchen run --help"; else not_ok "kitchen help run is kitchen run --help"; fi
status "run -h" 0 "$K" run -h
status "--help after -- is an operand" 1 "$K" check -- --help
status "kitchen --help" 0 "$K" --help
case $(cat "$TMP/out") in *"kitchen show NAME"*"kitchen --help | --version"*) ok "kitchen --help lists show";;
	*) not_ok "kitchen --help lists show" "$(cat "$TMP/out")";; esac
long=$("$K" --help | awk 'length($0) > 79' ; for c in run check list show "export asyncio"; do "$K" $c --help | awk 'length($0) > 79'; done)
expect_eq "help texts fit 79 columns" "" "$long"

# --- integers are strict, the same in every command ----------------------
for bad in ' -1' '+5' ' 7' '7 ' '-1' '0x10' '1e3' '' '18446744073709551616'; do
	status "run --seed '$bad' is a usage error" 2 "$K" run coffee --seed "$bad"
	status "the TUI's --seed '$bad' is a usage error" 2 "$K" coffee --seed "$bad"
	err_has "  ... and says what a seed is" "--seed takes a whole number from 0 to 18446744073709551615"
done
status "--seed 18446744073709551615 is allowed" 0 "$K" run coffee --seed 18446744073709551615 --format summary
status "--seed=0 is allowed" 0 "$K" run coffee --seed=0 --format summary

# --- usage errors exit 2 ---------------------------------------------------
status "kitchen nosuch --mode bogus: usage (2) before the scenario (1)" 2 "$K" nosuch --mode bogus
err_has "  ... names the bad mode" "--mode is concurrent or sequential, not 'bogus'"
status "run coffee --mode (no value)" 2 "$K" run coffee --mode
err_has "  ... says it needs a value" "--mode needs a value (concurrent or sequential)"
status "run --mode twice" 2 "$K" run coffee --mode sequential --mode concurrent
err_has "  ... says so" "--mode is given twice"
status "a flag with a value" 2 "$K" --paused=yes coffee
err_has "  ... says it takes none" "--paused takes no value"
status "a misspelt option" 2 "$K" run coffee --fromat jsonl
err_has "  ... with a suggestion" "unknown option '--fromat'; did you mean '--format'?"
status "a misspelt value" 2 "$K" run coffee --format jsnol
err_has "  ... with a suggestion" "did you mean 'jsonl'?"
status "a short option other than -h" 2 "$K" run coffee -f
status "list takes no argument" 2 "$K" list extra
status "two scenarios for run" 2 "$K" run coffee blocking
status "the demonstration takes one scenario" 2 "$K" --paused coffee blocking
status "--speed out of its list" 2 "$K" coffee --speed 3
err_has "  ... lists the speeds" "--speed is one of 1/8, 1/4, 1/2, 1, 2, 4, 8, 16, 32, 64, not '3'"
status "a usage error prints the usage" 2 "$K" run
err_has "  ... the usage" "usage: kitchen run SCENARIO"
err_has "  ... and what is missing" "kitchen run: missing SCENARIO"
status "a command not available yet: exit 2" 2 "$K" serve coffee
err_has "  ... says so" "kitchen serve: not available yet in this version"
status "play without a terminal: exit 2" 2 "$K" play coffee
err_has "  ... says so, and what to run instead" "kitchen play: a game needs a terminal, and the output is not one."

# --- unknown commands ------------------------------------------------------
status "kitchen record coffee: unknown command" 2 "$K" record coffee
expect_eq "  ... named, with a suggestion" "kitchen: unknown command 'record'; did you mean 'replay'?" "$(head -1 "$TMP/err")"
status "kitchen chek: one word close to a command" 2 "$K" chek
err_has "  ... suggests check" "unknown command 'chek'; did you mean 'check'?"
status "kitchen frobnicate coffee --mode sequential" 2 "$K" frobnicate coffee --mode sequential
err_has "  ... unknown command, no suggestion" "kitchen: unknown command 'frobnicate'"
status "kitchen nosuch: a scenario that does not exist" 1 "$K" nosuch
err_has "  ... says so" "nosuch: error: no such file or built-in scenario"
err_lacks "  ... and does not suggest running it" "kitchen run nosuch"
status "kitchen cofee: a misspelt scenario, not a command" 1 "$K" cofee
err_has "  ... suggests the scenario" "did you mean 'coffee'?"
status "kitchen coffee: the demonstration (no terminal here)" 2 "$K" coffee
err_has "  ... suggests kitchen run coffee" "kitchen run coffee"
mkdir -p "$TMP/cwd" && cp scenarios/02-coffee.yaml "$TMP/cwd/record"
(cd "$TMP/cwd" && "$K" record) >/dev/null 2>"$TMP/err"; rc=$?
expect_eq "a file named like a command-ish word is a scenario" 2 $rc
err_has "  ... for the demonstration" "needs a terminal"

# --- kitchen show ------------------------------------------------------------
status "show coffee" 0 "$K" show coffee
if cmp -s scenarios/02-coffee.yaml "$TMP/out"; then ok "show coffee prints its YAML as built in"; else
	not_ok "show coffee prints its YAML as built in"; fi
for f in scenarios/*.yaml; do
	name=$(basename "$f" .yaml); name=${name#[0-9]*-}
	"$K" show "$name" >"$TMP/$name.yaml" 2>/dev/null
	check "what show $name prints passes check" "$K" check "$TMP/$name.yaml"
done
status "show cofee" 1 "$K" show cofee
err_has "  ... suggests" "kitchen show: no built-in scenario 'cofee'; did you mean 'coffee'?"
status "show without a name" 2 "$K" show
status "show of a path is not a built-in" 1 "$K" show scenarios/02-coffee.yaml

# --- arguments never reach the terminal raw -------------------------------
status "an escape sequence in a scenario name" 1 "$K" run $'\e[31mred\e]0;title\a'
if LC_ALL=C grep -q $'\e' "$TMP/err"; then not_ok "no ESC reaches stderr" "$(od -c "$TMP/err" | head -3)"; else ok "no ESC reaches stderr"; fi
err_has "  ... it is written escaped" '\u{001B}[31mred\u{001B}]0;title\u{0007}'
status "a bidi override in an option" 2 "$K" run coffee $'--mode=\u202esequential'
err_has "  ... escaped" '\u{202E}sequential'
status "a newline in an argument stays in its message" 2 "$K" run coffee --format $'x\nkitchen: fake'
if grep -q '^kitchen: fake' "$TMP/err"; then not_ok "no forged message line" "$(cat "$TMP/err")"; else ok "no forged message line"; fi

# --- what is not a regular file is refused, not waited on -----------------
mkfifo "$TMP/fifo"
for cmd in "check" "run" "export asyncio" ""; do
	# shellcheck disable=SC2086
	timeout 10 "$K" $cmd "$TMP/fifo" >/dev/null 2>"$TMP/err" </dev/null; rc=$?
	expect_eq "kitchen $cmd FIFO: exit 1 at once" 1 $rc
	err_has "  ... kitchen $cmd says why" "$TMP/fifo: error: cannot read: a FIFO, not a regular file (to read a pipe or a terminal, give - and redirect standard input)"
done
status "a character device" 1 "$K" check /dev/zero
err_has "  ... says what it is" "cannot read: a character device, not a regular file"
