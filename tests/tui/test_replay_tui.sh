#!/usr/bin/env bash
# Recordings replayed on screen, in a private tmux: a demonstration
# recorded with an answer, a speed change, a pause and steps replays to the
# very screen it ended on (and verifies); m refused in the race view is not
# recorded; a game's recording replays on screen and verifies; the
# viewer's space stops a replay; a space pressed in a window too small is
# not recorded (the replay stays on it). test_replay_ends.sh has --auto and
# the ends of replays.
# realtime: its checks read the screen or the clock as time goes by.
# limit: 120 s
source tests/lib.sh
source tests/tui/lib_tui.sh

export XDG_DATA_HOME=$TMP/data
ENV="env LANG=C.UTF-8 LC_ALL=C.UTF-8 XDG_DATA_HOME=$XDG_DATA_HOME"

# ---- a demonstration, recorded -------------------------------------------
tui_start "$ENV $K chopping --speed 4 --record $TMP/demo.jsonl" 100 30
tui_wait demo_asks_its_question 'A question for the class'
tui_keys 2
tui_wait demo_answer_revealed 'Right: 2\.'
sleep 0.5       # the class reads the answer: a wait the recording keeps
tui_keys Space
tui_wait demo_goes_on 'RUNNING'
tui_keys +
tui_wait demo_faster ' x8 '
tui_keys Space
tui_wait demo_paused '\|\| PAUSED'
e0=$(tui_event)
tui_keys n
tui_until " event $((e0 + 1)) " 10
tui_keys n
tui_wait demo_stepped " event $((e0 + 2)) "
tui_keys Space
tui_wait demo_finishes 'FINISHED' 30
tui_screen | sed '$d' >"$TMP/demo.screen"
tui_keys q
tui_wait_exit
"$K" replay "$TMP/demo.jsonl" --headless --format jsonl >/dev/null 2>"$TMP/err"
grep -q 'replay verified: 1 segment, 1 run' "$TMP/err" && ok demo_recording_verifies || not_ok demo_recording_verifies "$(cat "$TMP/err")"
grep -c '"do":' "$TMP/demo.jsonl" | grep -qx 7 && ok demo_records_each_key_that_changes_the_run ||
	not_ok demo_records_each_key_that_changes_the_run "$(cut -c1-80 "$TMP/demo.jsonl")"

# ---- ... replayed on screen ---------------------------------------------------
tui_start "$ENV $K replay $TMP/demo.jsonl" 100 30
tui_wait replay_shows_the_question 'A question for the class'
tui_wait replay_answers_as_recorded 'Right: 2\.'
tui_wait replay_goes_faster_as_recorded ' x8 '
tui_wait replay_verifies 'Replay over: verified, 1 run as recorded' 30
tui_screen | sed '$d' >"$TMP/replayed.screen"
if cmp -s "$TMP/demo.screen" "$TMP/replayed.screen"; then ok replay_ends_on_the_same_screen; else
	not_ok replay_ends_on_the_same_screen "$(diff "$TMP/demo.screen" "$TMP/replayed.screen" | head -20)"
fi
tui_keys q
tui_wait_exit && expect_eq replay_q_exits_0 0 "$(cat "$TUI_T/status")"

# m in the race view is refused: it is not recorded, and the file replays headless.
tui_start "$ENV $K coffee --speed 4 --record $TMP/race-m.jsonl" 100 30
tui_wait race_m_demo_runs 'RUNNING'
tui_keys v
tui_wait race_m_race_shown 'race: sequential \| concurrent'
tui_keys m
tui_wait race_m_refused 'The race view shows both modes; v leaves it\.'
tui_keys q
tui_wait_exit
expect_eq race_m_not_recorded 0 "$(grep -c '"do":"mode"' "$TMP/race-m.jsonl")"
"$K" replay "$TMP/race-m.jsonl" --headless >/dev/null 2>"$TMP/err"
expect_eq race_m_replays_headless 0 $?
grep -q 'replay verified: 2 segments, 3 runs' "$TMP/err" && ok race_m_verifies || not_ok race_m_verifies "$(cat "$TMP/err")"

# ---- a game, replayed on screen; the viewer's space ------------------------------
tui_start "$ENV $K play coffee --speed 8 --record $TMP/game.jsonl" 100 30
tui_wait game_starts 'Your move: 2 steps'
tui_keys 1
tui_wait game_starts_grind 'You started grind' 10
tui_keys 2
tui_wait game_starts_heat 'You started heat' 10
tui_wait game_combine_waits ' 3  #1 combine' 20
tui_keys 3
# The goal shows from the start: wait for the end screen itself, or q would
# quit half-way and the recording end before the game does.
tui_wait game_ends '(Level complete|Goal missed)' 20
tui_wait game_ends_served 'orders served +1 of 1'
tui_keys q
tui_wait_exit
tui_start "$ENV $K replay $TMP/game.jsonl --speed 2" 100 30
tui_wait game_replay_shows_the_waiting_steps 'Your move: 2 steps wait'
tui_keys Space
tui_wait viewer_space_stops_the_replay 'Replay paused: space goes on'
c1=$(tui_clock); sleep 0.5; c2=$(tui_clock)
expect_eq the_replay_stands_still "$c1" "$c2"
tui_keys Space
tui_wait game_replay_verifies 'Replay over: verified, 1 run as recorded' 40
tui_wait game_replay_shows_the_end_screen 'orders served +1 of 1'
tui_keys q
tui_wait_exit

# ---- space in a window too small: it waits for the room, and is not recorded ----
# (a replay has no such wait: a recorded no-op space resumed it there, and
# the replay went off the recording)
tui_start "$ENV $K play coffee --record $TMP/small.jsonl" 100 30
tui_wait small_game_starts 'Your move: 2 steps'
tui_keys Space
tui_wait small_game_paused 'PAUSED'
tmx resize-window -t t -x 40 -y 10
tui_wait small_window_says_so 'needs at least 80x24'
tui_keys Space
sleep 0.3
tmx resize-window -t t -x 100 -y 30
tui_wait small_game_goes_on_big_again 'RUNNING'
tui_keys 1
tui_wait small_game_grinds 'You started grind'
tui_keys q
tui_wait_exit
expect_eq small_space_is_not_recorded 2 "$(grep -c '"do":"pause"' "$TMP/small.jsonl")"
tui_start "$ENV $K replay $TMP/small.jsonl" 100 30
tui_wait small_game_replays_as_recorded 'Replay over: verified, 1 run as recorded' 20
tui_keys q
tui_wait_exit


"$K" replay "$TMP/game.jsonl" >/dev/null 2>"$TMP/err" </dev/null
expect_eq replay_needs_a_terminal_exit_2 2 $?
grep -q 'a replay on screen needs a terminal' "$TMP/err" && ok replay_says_to_use_headless || not_ok replay_says_to_use_headless "$(cat "$TMP/err")"
