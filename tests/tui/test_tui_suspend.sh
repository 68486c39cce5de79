#!/usr/bin/env bash
# Ctrl-Z: the demonstration gives the terminal back and stops; after SIGCONT
# (fg) it takes the terminal again and the kitchen goes on from where it was:
# the time spent stopped does not count.
source tests/lib.sh
source tests/tui/lib_tui.sh

tui_start "env LANG=C.UTF-8 LC_ALL=C.UTF-8 $K chopping --speed 1/8"
tui_wait "suspend_starts" 'LOOP BLOCKED|question' 20
tui_keys 2; sleep 0.2; tui_keys ' '
tui_wait "suspend_running" 'RUNNING' 20
before=$(tui_clock)
tui_keys C-z
pid=$(tui_pid)
stopped=no
for i in $(seq 1 50); do
	state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)
	[ "$state" = T ] && { stopped=yes; break; }
	sleep 0.1
done
expect_eq "ctrl_z_stops_the_process" yes $stopped
sleep 2
kill -CONT "$pid"
tui_wait "continues_after_sigcont" 'RUNNING' 20
after=$(tui_clock)
# At 1/8x, 2 s stopped would be 0.25 s of kitchen time; allow 0.2 s of
# drawing and scheduling between the reads.
if python3 -c "import sys; b, a = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if 0 <= a - b < 0.2 else 1)" "$before" "$after"; then
	ok "time_stopped_does_not_count"
else
	not_ok "time_stopped_does_not_count" "clock before $before, after $after"
fi
tui_keys q
tui_wait_exit 20 && ok "quits_after_continue" || not_ok "quits_after_continue"
tui_stop
