#!/usr/bin/env bash
# The screen itself: LOOP BLOCKED during a work step, late timers, the slow
# callback warning; the too-small message and live resizes; NO_COLOR and
# the ASCII fallback; the polite refusal when stdout is not a terminal.
# realtime: its checks read the screen or the clock as time goes by.
source tests/lib.sh
source tests/tui/lib_tui.sh

ENV="env LANG=C.UTF-8 LC_ALL=C.UTF-8"
WORK=tests/tui/long-work.yaml

# ---- a blocked loop --------------------------------------------------------
tui_start "$ENV $K $WORK"
tui_wait work_shows_loop_blocked 'LOOP BLOCKED'
tui_wait work_names_the_blocking_task 'chop #1: [0-9.]+ s left'
tui_wait work_bar_says_blocking 'chop .*BLOCKING the loop'
tui_wait timer_due_meanwhile_is_late 'boil .*late [0-9]+\.[0-9]+ s' 20
tui_keys l
tui_wait loop_panel_shows_the_slow_callback 'Executing <Task chop #1> for [0-9.]+ s'
tui_wait loop_panel_names_the_threshold 'slow_callback_duration \(0\.1 s\)'
tui_wait loop_panel_lists_the_late_timer 'boil #1: asyncio\.sleep ends +due [0-9.]+ s ago'
tui_wait loop_panel_shows_lateness 'Lateness: now [0-9]+\.[0-9]+ s'
tui_wait loop_tree_shows_the_blocking_call 'chop\(\) +time\.sleep\(\): BLOCKING'
# After the block: asyncio's debug-mode warning, as it prints it.
tui_keys +++++
tui_wait after_block_warning_says_took 'Executing <Task chop #1> took 30\.000 seconds' 30
tui_wait_not 'LOOP BLOCKED' 5 && ok loop_unblocked_after_work || not_ok loop_unblocked_after_work
tui_keys q
tui_wait_exit

# ---- too small, and resizing ------------------------------------------------
tui_start "$ENV $K coffee --paused" 100 30
tui_wait normal_size_draws 'Async Kitchen · Virtual coffee shop'
tmx resize-window -t t -x 79 -y 24
tui_wait too_narrow_asks_for_room 'needs at least 80x24'
tui_wait too_narrow_says_the_size 'this terminal is 79x24'
tmx resize-window -t t -x 80 -y 23
tui_wait too_short_asks_for_room 'this terminal is 80x23'
tmx resize-window -t t -x 80 -y 24
tui_wait exactly_80x24_draws ' space pause .* \? help  q quit'
for i in $(seq 1 60); do
	tmx resize-window -t t -x $((40 + (i * 37) % 160)) -y $((10 + (i * 13) % 50))
	[ $((i % 4)) = 0 ] && sleep 0.01
done
tmx resize-window -t t -x 120 -y 40
tui_wait survives_60_resizes 'Async Kitchen · Virtual coffee shop'
# The title matches at any width: wait for the frame of the last size (the
# key bar's right end on row 40).
for _ in $(seq 1 100); do
	keys=$(tui_screen | sed -n '40p')
	case $keys in *"q quit"*) break ;; esac
	sleep 0.05
done
rows=$(tui_screen | wc -l)
case $keys in *"q quit"*) ok key_bar_on_the_last_row_after_resizes ;;
	*) not_ok key_bar_on_the_last_row_after_resizes "row 40: $keys ($rows rows)" ;; esac
if kill -0 "$(tui_pid)" 2>/dev/null; then ok still_running_after_resizes; else not_ok still_running_after_resizes; fi
# Resizes while the clock runs and bars move.
tui_keys Space
for i in $(seq 1 40); do tmx resize-window -t t -x $((80 + i % 50)) -y $((24 + i % 20)); done
tmx resize-window -t t -x 100 -y 30
tui_wait resizes_while_running 'RUNNING|FINISHED'
tui_keys q
if tui_wait_exit; then expect_eq quits_after_resizes 0 "$(cat "$TUI_T/status")"; else not_ok quits_after_resizes; fi

# ---- NO_COLOR and ASCII -----------------------------------------------------
tui_start "env LANG=C LC_ALL=C NO_COLOR=1 $K coffee --paused"
tui_wait ascii_boxes_without_utf8 '^\+- Kitchen -+\+\+- Orders'
tui_keys n n n n n n n
tui_wait ascii_bars_without_utf8 'grind +[#.]+ sleeping'
if tui_screen | LC_ALL=C grep -q '[^ -~]'; then not_ok ascii_only_bytes "$(tui_screen | LC_ALL=C grep -n '[^ -~]' | head -3)"; else ok ascii_only_bytes; fi
tui_keys q
tui_wait_exit
# NO_COLOR: no colour escape in what the program writes.
script_out=$TMP/typescript
if command -v script >/dev/null; then
	NO_COLOR=1 TERM=xterm-256color timeout 20 script -qec "timeout --foreground -s TERM 1 $K coffee --paused" "$script_out" >/dev/null 2>&1
	if grep -qaE $'\e\\[[0-9;]*3[0-7]m|\e\\[[0-9;]*38;5;' "$script_out"; then
		not_ok no_color_means_no_colour_escapes
	elif grep -qa 'Kitchen' "$script_out"; then
		ok no_color_means_no_colour_escapes
	else
		not_ok no_color_means_no_colour_escapes "nothing drawn"
	fi
	TERM=xterm-256color timeout 20 script -qec "env -u NO_COLOR timeout --foreground -s TERM 1 $K coffee --paused" "$script_out" >/dev/null 2>&1
	if grep -qaE $'\e\\[[0-9;]*(3[0-7]|4[0-7])m|\e\\[[0-9;]*38;5;' "$script_out"; then
		ok colours_without_no_color
	else
		not_ok colours_without_no_color
	fi
fi

# ---- not a terminal --------------------------------------------------------
"$K" coffee >"$TMP/out" 2>"$TMP/err"; rc=$?
expect_eq refuses_when_stdout_is_a_file 2 "$rc"
if grep -q 'kitchen run coffee' "$TMP/err"; then ok refusal_points_to_kitchen_run; else not_ok refusal_points_to_kitchen_run "$(cat "$TMP/err")"; fi
expect_eq refusal_writes_nothing_to_stdout "" "$(cat "$TMP/out")"
"$K" --race blocking 2>/dev/null | cat >/dev/null; rc=${PIPESTATUS[0]}
expect_eq race_refuses_into_a_pipe 2 "$rc"
tui_start "$ENV $K coffee </dev/null"
if tui_wait_exit; then
	expect_eq refuses_when_stdin_is_not_a_terminal 2 "$(cat "$TUI_T/status")"
else
	not_ok refuses_when_stdin_is_not_a_terminal "still running"
fi
# A terminal it cannot use: the message shows $TERM escaped, so a TERM
# carrying an escape sequence cannot retitle or recolour the terminal.
cat >"$TMP/bad-term" <<'EOF'
#!/bin/sh
TERM=$(printf 'bogus\033]2;pwned\007') exec "$@"
EOF
chmod +x "$TMP/bad-term"
tui_start "$TMP/bad-term $K coffee"
if tui_wait_exit; then
	expect_eq unusable_terminal_exits_1 1 "$(cat "$TUI_T/status")"
	if grep -qF 'cannot use this terminal (TERM=bogus\u{001B}]2;pwned\u{0007})' "$TUI_T/stderr" &&
	   ! grep -q $'\e' "$TUI_T/stderr"; then
		ok unusable_terminal_message_escaped
	else
		not_ok unusable_terminal_message_escaped "$(cat -v "$TUI_T/stderr")"
	fi
else
	not_ok unusable_terminal_exits_1 "still running"
fi
"$K" no-such-scenario-here >/dev/null 2>&1 </dev/null; rc=$?
case $rc in 1|2) ok unknown_scenario_is_an_error ;; *) not_ok unknown_scenario_is_an_error "rc=$rc" ;; esac
tui_start "$ENV $K no-such-scenario-here"
tui_wait_exit
expect_eq unknown_scenario_exits_1_in_a_terminal 1 "$(cat "$TUI_T/status")"
"$K" coffee --speed 3 >/dev/null 2>&1; expect_eq bad_speed_is_usage 2 $?
