# Helpers for the TUI tests: a private tmux server at a fixed size, keys in,
# the screen out. Source it after tests/lib.sh. Every wait polls
# capture-pane until a deadline instead of sleeping a fixed time, so the
# tests hold on a loaded 2-core machine (and under ASan).
#
#   tui_start CMD [COLS ROWS]   runs "CMD" in a new pane (a shell command line)
#   tui_keys KEY...             tmux send-keys
#   tui_screen                  the pane's text now
#   tui_wait NAME REGEX [SECS]  ok when the screen matches within SECS (20)
#   tui_wait_not REGEX [SECS]   returns 0 when the screen stops matching
#   tui_clock                   the header's virtual clock ("1.234"), or ""
#   tui_clock_moves OLD [SECS]  returns 0 when the clock shows other than OLD
#   tui_event                   the header's event count, or ""
#   tui_pid                     the pid of the program in the pane (see tui_start)
#   tui_format FMT              a tmux format of the pane: '#{alternate_on}'...
#   tui_stop                    kills the server
SOCK=kitchen-test-$$-0
TUI_N=0
TUI_T=$TMP/tui
mkdir -p "$TUI_T"
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$TMP"' EXIT
export LC_ALL=C.UTF-8   # tmux's own client: capture-pane in UTF-8

tmx() { tmux -L "$SOCK" -f /dev/null "$@"; }

# The command runs under sh: its pid goes to $TUI_T/pid before exec, and
# after it ends the shell writes the exit status and `stty -a` of the pane.
# That outer shell traps Ctrl-C and Ctrl-\ (a trap, not an ignore: the
# command gets the default actions back) so that it outlives a command that
# dies of SIGINT or SIGQUIT, as the kitchen does, and reports it.
tui_start() {
	local cmd=$1 cols=${2:-100} rows=${3:-30}
	# A fresh server each time: a new one on a socket whose old server is
	# still shutting down can fail to start.
	tmx kill-server 2>/dev/null
	TUI_N=$((TUI_N + 1))
	SOCK=kitchen-test-$$-$TUI_N-$RANDOM
	rm -f "$TUI_T/pid" "$TUI_T/status" "$TUI_T/stty"
	tmx new-session -d -x "$cols" -y "$rows" -s t \
		"trap : INT QUIT; sh -c 'echo \$\$ > $TUI_T/pid; exec $cmd' 2>$TUI_T/stderr; echo \$? > $TUI_T/status; stty -a > $TUI_T/stty 2>&1; sleep 300"
	local i
	for i in $(seq 1 100); do [ -s "$TUI_T/pid" ] && break; sleep 0.1; done
}

tui_keys() { tmx send-keys -t t "$@"; }
tui_screen() { tmx capture-pane -p -t t 2>/dev/null; }
tui_pid() { cat "$TUI_T/pid" 2>/dev/null; }
tui_format() { tmx display-message -p -t t "$1" 2>/dev/null; }
tui_stop() { tmx kill-server 2>/dev/null; }

# Polls until the screen matches (grep -E); prints ok/FAIL NAME.
tui_wait() {
	local name=$1 re=$2 secs=${3:-20}
	if tui_until "$re" "$secs"; then ok "$name"; else
		not_ok "$name" "screen never matched: $re"; tui_screen | sed 's/^/  | /'
		return 1
	fi
}

# Polls until the screen matches; returns 0 or 1 (no output).
tui_until() {
	local re=$1 secs=${2:-20} end
	end=$(( $(date +%s%N) / 1000000 + secs * 1000 ))
	while [ $(( $(date +%s%N) / 1000000 )) -lt $end ]; do
		tui_screen | grep -Eq -- "$re" && return 0
		sleep 0.05
	done
	return 1
}

tui_wait_not() {
	local re=$1 secs=${2:-20} end
	end=$(( $(date +%s%N) / 1000000 + secs * 1000 ))
	while [ $(( $(date +%s%N) / 1000000 )) -lt $end ]; do
		tui_screen | grep -Eq -- "$re" || return 0
		sleep 0.05
	done
	return 1
}

# Waits for the pane's program to end (its status file); 0 when it did.
tui_wait_exit() {
	local secs=${1:-20} end
	end=$(( $(date +%s%N) / 1000000 + secs * 1000 ))
	while [ $(( $(date +%s%N) / 1000000 )) -lt $end ]; do
		[ -s "$TUI_T/stty" ] && return 0
		sleep 0.05
	done
	return 1
}

tui_clock() { tui_screen | head -1 | sed -n 's/.*t = \([0-9]*\.[0-9]*\) s.*/\1/p'; }
tui_clock_moves() {
	local old=$1 secs=${2:-20} end c
	end=$(( $(date +%s%N) / 1000000 + secs * 1000 ))
	while [ $(( $(date +%s%N) / 1000000 )) -lt $end ]; do
		c=$(tui_clock)
		[ -n "$c" ] && [ "$c" != "$old" ] && return 0
		sleep 0.05
	done
	return 1
}
tui_event() { tui_screen | head -1 | sed -n 's/.* event \([0-9]*\) .*/\1/p'; }

# Polls until the header's event count is N.
tui_wait_event() {
	local name=$1 n=$2
	tui_wait "$name" "^ .* event $n +" "${3:-20}"
}
