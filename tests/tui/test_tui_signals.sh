#!/usr/bin/env bash
# The terminal is given back on every way out: q; the signals that end a
# program — Ctrl-C, Ctrl-\ and SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE,
# SIGALRM, SIGUSR1, SIGUSR2, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF —, after
# which the process dies of that same signal (its wait status says so, not
# only an exit status of 128 + its number: tests/tui/waitstatus.py); and a
# crash (SIGSEGV, SIGABRT: the handler restores the terminal and the
# process dies of the same signal). After each, in the same pane:
# `stty -a` shows a sane terminal (icanon, echo), the pane has left the
# alternate screen, the cursor shows, and the kitchen is gone. Each case
# runs in a tmux session of its own.
# realtime: its checks read the screen or the clock as time goes by.
source tests/lib.sh
source tests/tui/lib_tui.sh

ENV="env LANG=C.UTF-8 LC_ALL=C.UTF-8"

# As tui_start, with the command's wait status in $TUI_T/status.
start_waited() {
	local cmd=$1
	tmx kill-server 2>/dev/null
	TUI_N=$((TUI_N + 1))
	SOCK=kitchen-test-$$-$TUI_N-$RANDOM
	rm -f "$TUI_T/pid" "$TUI_T/status" "$TUI_T/stty"
	tmx new-session -d -x 100 -y 30 -s t \
		"python3 $ROOT/tests/tui/waitstatus.py $TUI_T/status $TUI_T/pid $cmd 2>$TUI_T/stderr; stty -a > $TUI_T/stty 2>&1; sleep 300"
	local i
	for i in $(seq 1 100); do [ -s "$TUI_T/pid" ] && break; sleep 0.1; done
}

# way out, how to trigger it, the exit status the shell sees
check_way_out() {
	local name=$1 how=$2 want=$3 bin=${4:-$K}
	start_waited "$ENV $bin coffee"
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
	expect_eq "${name}_leaves_the_alternate_screen" 0 "$(tui_format '#{alternate_on}')"
	expect_eq "${name}_shows_the_cursor" 1 "$(tui_format '#{cursor_flag}')"
	# The program has ended (the shell wrote stty): the screen is final.
	if tui_screen | grep -q 'Chef (the event loop)'; then
		not_ok "${name}_leaves_the_screen"
	else
		ok "${name}_leaves_the_screen"
	fi
}

sig() { echo "signal $(kill -l "$1")"; }

check_way_out q key:q "exit 0"
check_way_out ctrl_c key:C-c "$(sig INT)"
check_way_out ctrl_backslash 'key:C-\' "$(sig QUIT)"
for s in TERM HUP QUIT PIPE ALRM USR1 USR2 XCPU XFSZ VTALRM PROF; do
	check_way_out "sig$(echo "$s" | tr A-Z a-z)" "sig:$s" "$(sig "$s")"
done
# Crashes: the plain build (ASan has its own SIGSEGV report).
P=${KITCHEN_PLAIN_BIN:-$ROOT/build/kitchen}
check_way_out sigsegv sig:SEGV "$(sig SEGV)" "$P"
check_way_out sigabrt sig:ABRT "$(sig ABRT)" "$P"
# Paused (no timer armed: only the signal can wake it).
start_waited "$ENV $K coffee --paused"
tui_until 'PAUSED' 20
kill -TERM "$(tui_pid)"
if tui_wait_exit 20; then expect_eq sigterm_while_paused "$(sig TERM)" "$(cat "$TUI_T/status")"; else not_ok sigterm_while_paused; fi
tui_stop
