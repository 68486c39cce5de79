#!/usr/bin/env bash
# Ctrl-Z: the demonstration gives the terminal back and stops; after SIGCONT
# (fg) it takes the terminal again and the kitchen goes on from where it was:
# the time spent stopped does not count. However many SIGTSTP came before
# it, one SIGCONT is enough. Each case runs in a tmux session of its own.
# realtime: its checks read the screen or the clock as time goes by.
source tests/lib.sh
source tests/tui/lib_tui.sh

ENV="env LANG=C.UTF-8 LC_ALL=C.UTF-8"

# The process state letter of the program in the pane (T: stopped).
state() { awk '{print $3}' "/proc/$(tui_pid)/stat" 2>/dev/null; }
# Waits until the state is (or, with !, is not) $1; 0 when it happened.
wait_state() {
	local want=$1 i s
	for i in $(seq 1 100); do
		s=$(state)
		if [ "${want#!}" != "$want" ]; then [ "$s" != "${want#!}" ] && return 0
		else [ "$s" = "$want" ] && return 0; fi
		sleep 0.05
	done
	return 1
}

# ---- Ctrl-Z, then SIGCONT -------------------------------------------------
tui_start "$ENV $K chopping --speed 1/8"
tui_wait "suspend_starts" 'LOOP BLOCKED|question' 20
tui_keys 2; sleep 0.2; tui_keys ' '
tui_wait "suspend_running" 'RUNNING' 20
before=$(tui_clock)
tui_keys C-z
if wait_state T; then ok ctrl_z_stops_the_process; else not_ok ctrl_z_stops_the_process "state $(state)"; fi
expect_eq ctrl_z_gives_the_terminal_back 0 "$(tui_format '#{alternate_on}')"
sleep 2
kill -CONT "$(tui_pid)"
tui_wait "continues_after_sigcont" 'RUNNING' 20
after=$(tui_clock)
# At 1/8x, 2 s stopped would be 0.25 s of kitchen time; allow 0.2 s of
# drawing and scheduling between the reads.
if awk -v b="$before" -v a="$after" 'BEGIN { exit !(b != "" && a != "" && a - b >= 0 && a - b < 0.2) }'; then
	ok "time_stopped_does_not_count"
else
	not_ok "time_stopped_does_not_count" "clock before $before, after $after"
fi
expect_eq takes_the_terminal_again 1 "$(tui_format '#{alternate_on}')"
tui_keys q
tui_wait_exit 20 && ok "quits_after_continue" || not_ok "quits_after_continue"

# ---- two SIGTSTP, one SIGCONT ----------------------------------------------
# Both reach the program while its loop is busy taking in a crowd, before it
# can stop: it stops once for them. (The plain build: it is busy, not slow.)
P=${KITCHEN_PLAIN_BIN:-$ROOT/build/kitchen}
tui_start "$ENV $P tests/tui/crowd.yaml"
tui_wait "two_tstp_starts" 'RUNNING' 20
pid=$(tui_pid)
sleep 0.02
kill -TSTP "$pid"; sleep 0.01; kill -TSTP "$pid"
if wait_state T; then ok two_tstp_stop_the_process; else not_ok two_tstp_stop_the_process "state $(state)"; fi
sleep 0.3
kill -CONT "$pid"
if wait_state '!T'; then
	sleep 0.5       # a second stop, if any, would come now
	if [ "$(state)" = T ]; then not_ok one_sigcont_resumes_after_two_tstp "stopped again"; else ok one_sigcont_resumes_after_two_tstp; fi
else
	not_ok one_sigcont_resumes_after_two_tstp "still stopped"
fi
tui_wait "two_tstp_runs_again" 'RUNNING' 20
c1=$(tui_clock)
if tui_clock_moves "$c1" 5; then ok two_tstp_clock_moves_again; else not_ok two_tstp_clock_moves_again "clock stays at $c1"; fi
tui_keys q
tui_wait_exit 20 && ok "two_tstp_quits" || not_ok "two_tstp_quits"
kill -KILL "$pid" 2>/dev/null   # left stopped by a failure above

# ---- Ctrl-Z twice -----------------------------------------------------------
tui_start "$ENV $K coffee --speed 1/8"
tui_wait "two_ctrl_z_starts" 'RUNNING' 20
tui_keys C-z C-z
if wait_state T; then ok two_ctrl_z_stop_the_process; else not_ok two_ctrl_z_stop_the_process "state $(state)"; fi
sleep 0.3
kill -CONT "$(tui_pid)"
if wait_state '!T'; then
	sleep 0.5
	if [ "$(state)" = T ]; then not_ok one_sigcont_resumes_after_two_ctrl_z "stopped again"; else ok one_sigcont_resumes_after_two_ctrl_z; fi
else
	not_ok one_sigcont_resumes_after_two_ctrl_z "still stopped"
fi
tui_wait "two_ctrl_z_runs_again" 'RUNNING' 20
pid=$(tui_pid)
tui_keys q
tui_wait_exit 20 && ok "two_ctrl_z_quits" || not_ok "two_ctrl_z_quits"
kill -KILL "$pid" 2>/dev/null
tui_stop
