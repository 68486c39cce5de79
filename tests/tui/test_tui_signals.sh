#!/usr/bin/env bash
# The terminal is given back on every way out: q, Ctrl-C, SIGTERM, SIGHUP,
# and a crash (SIGSEGV, SIGABRT: the handler restores the terminal and the
# process dies of the same signal). After each, `stty -a` in the same pane
# must show a sane terminal (icanon, echo) and the screen must be the
# shell's again.
source tests/lib.sh
source tests/tui/lib_tui.sh

ENV="env LANG=C.UTF-8 LC_ALL=C.UTF-8"

# way out, how to trigger it, the exit status the shell sees
check_way_out() {
	local name=$1 how=$2 want=$3 bin=${4:-$K}
	tui_start "$ENV $bin coffee"
	if ! tui_until 'RUNNING' 20; then not_ok "${name}_starts"; return; fi
	case $how in
		key:*) tui_keys "${how#key:}" ;;
		sig:*) kill -"${how#sig:}" "$(tui_pid)" ;;
	esac
	if ! tui_wait_exit 20; then not_ok "${name}_exits" "still running"; return; fi
	expect_eq "${name}_exit_status" "$want" "$(cat "$TUI_T/status")"
	if grep -Eq '(^| )icanon( |$)' "$TUI_T/stty" && grep -Eq '(^| )echo( |$)' "$TUI_T/stty"; then
		ok "${name}_restores_the_terminal"
	else
		not_ok "${name}_restores_the_terminal" "$(grep -Eo -- '-?icanon|-?echo ' "$TUI_T/stty" | tr '\n' ' ')"
	fi
	if tui_until 'Chef \(the event loop\)' 1; then
		not_ok "${name}_leaves_the_screen"
	else
		ok "${name}_leaves_the_screen"
	fi
}

check_way_out q key:q 0
check_way_out ctrl_c key:C-c 130
check_way_out sigterm sig:TERM 143
check_way_out sighup sig:HUP 129
# Crashes: the plain build (ASan has its own SIGSEGV report).
P=${KITCHEN_PLAIN_BIN:-$ROOT/build/kitchen}
check_way_out sigsegv sig:SEGV 139 "$P"
check_way_out sigabrt sig:ABRT 134 "$P"
# Paused (no timer armed: only the signal can wake it).
tui_start "$ENV $K coffee --paused"
tui_until 'PAUSED' 20
kill -TERM "$(tui_pid)"
if tui_wait_exit 20; then expect_eq sigterm_while_paused 143 "$(cat "$TUI_T/status")"; else not_ok sigterm_while_paused; fi
