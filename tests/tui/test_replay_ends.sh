#!/usr/bin/env bash
# Unattended runs and the ends of replays on screen, in a private tmux:
# --auto answers a question by itself (after 8 s unless told), goes on, and
# starts again at the end; a replay loops with --auto; a recording cut
# short stands at its last action, one edited differs, each said on screen
# and, whole, on stderr (exit 1 when it differs); picks 10 ms apart replay
# on screen at 64x and as recorded (tests/tools/make_recordings.py).
# realtime: its checks read the screen or the clock as time goes by.
# limit: 120 s
source tests/lib.sh
source tests/tui/lib_tui.sh

export XDG_DATA_HOME=$TMP/data
ENV="env LANG=C.UTF-8 LC_ALL=C.UTF-8 XDG_DATA_HOME=$XDG_DATA_HOME"
# ---- unattended ---------------------------------------------------------------
tui_start "$ENV $K chopping --auto=1 --speed 8" 100 30
tui_wait auto_question_shown 'A question for the class'
tui_wait auto_reveals_the_answer 'The answer is 2\.' 10
tui_wait auto_goes_on 'RUNNING' 10
tui_wait auto_finishes 'FINISHED' 20
tui_wait auto_starts_again ' event [0-9] .*(RUNNING|PAUSED by the lesson)' 10
tui_keys q
tui_wait_exit
# --auto alone: the question stays 8 s (wall time) before its answer shows.
tui_start "$ENV $K chopping --auto --speed 8" 100 30
tui_wait auto_default_question_shown 'A question for the class'
sleep 5
tui_screen | grep -q 'The answer is 2\.' && not_ok auto_default_waits_more_than_5_s "$(tui_screen)" || ok auto_default_waits_more_than_5_s
tui_wait auto_default_reveals_the_answer 'The answer is 2\.' 10
tui_keys q
tui_wait_exit
# A recording of its own (tests/tools/make_recordings.py: coffee, its steps
# picked the moment they wait), not the game recorded above: this case
# depends on no key sent in another.
mkdir -p "$TMP/recs" && python3 tests/tools/make_recordings.py "$K" "$TMP/recs" >/dev/null
tui_start "$ENV $K replay $TMP/recs/game.jsonl --auto=1 --speed 8" 100 30
tui_wait replay_auto_over 'Replay over: verified' 20
tui_wait replay_auto_stands_at_the_end 't = 3\.000 s'
# The game's steps are picked at once: it runs again for 3/8 s, then
# stands at its end again; the clock shows that time.
tui_clock_moves 3.000 10 && ok replay_auto_starts_again || not_ok replay_auto_starts_again "the clock stays at $(tui_clock)"
tui_keys q
tui_wait_exit

# ---- cut short, or not as recorded: said on screen and on stderr ---------------
# Cut after its pick at 1.5 s: the clock stands there, nothing past it.
tui_start "$ENV $K replay $TMP/recs/cut-mid-line.jsonl --speed 8" 80 24
tui_wait cut_replay_says_where_it_stops 'Replay over: the recording stops at 1\.500 s \(cut short\)' 20
sleep 0.5
expect_eq cut_replay_stands_at_its_last_action 1.500 "$(tui_clock)"
tui_keys n
tui_wait cut_replay_steps_no_further 'The replay is over\.'
expect_eq cut_replay_n_moves_nothing 1.500 "$(tui_clock)"
tui_keys q
tui_wait_exit && expect_eq cut_replay_exits_0 0 "$(cat "$TUI_T/status")"
grep -qF "kitchen replay: $TMP/recs/cut-mid-line.jsonl: replay over: the recording stops at 1.500 s (cut short)." "$TUI_T/stderr" &&
	ok cut_replay_says_so_on_stderr || not_ok cut_replay_says_so_on_stderr "$(cat "$TUI_T/stderr")"
tui_start "$ENV $K replay $TMP/recs/edited-hash.jsonl --speed 8" 80 24
tui_wait edited_replay_differs 'Replay over: 1 of 1 runs differ' 20
tui_keys q
tui_wait_exit && expect_eq edited_replay_exits_1 1 "$(cat "$TUI_T/status")"
grep -qF "replay over: 1 of 1 runs differ from the recording (line 6: 16 events here, 16 recorded, another hash)." "$TUI_T/stderr" &&
	ok edited_replay_says_it_whole_on_stderr || not_ok edited_replay_says_it_whole_on_stderr "$(cat "$TUI_T/stderr")"

# ---- picks close together, replayed on screen at 64x and as recorded ------------
# (a ms of wall time is 64 of the kitchen's: the next arrival must still
# wait for the pick before it; the game's summary is kitchen run's)
for sp in 64 1; do
	tui_start "$ENV $K replay $TMP/recs/dense.jsonl --speed $sp" 80 24
	tui_wait "dense_replay_at_${sp}x_verifies" 'Replay over: verified, 1 run as recorded' 20
	tui_keys q
	tui_wait_exit
done
