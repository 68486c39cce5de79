#!/usr/bin/env bash
# kitchen play in a private tmux, as a student plays it: the steps wait in
# the main panel until a key starts them, a work step blocks the loop (and
# every other pick is refused meanwhile), the level ends on its end screen
# beside the event loop's own run and sequential code; the game's recording
# replays headless to the game's own transcript, and a game killed with
# SIGKILL half-way leaves a recording that replays as far as it went; one
# ended by Ctrl-C, SIGTERM or SIGHUP ends its recording there, verified.
# realtime: its checks read the screen or the clock as time goes by.
source tests/lib.sh
source tests/tui/lib_tui.sh

export XDG_DATA_HOME=$TMP/data
ENV="env LANG=C.UTF-8 LC_ALL=C.UTF-8 XDG_DATA_HOME=$XDG_DATA_HOME"
LEVEL=$ROOT/tests/tui/level.yaml

# ---- a whole level --------------------------------------------------------
tui_start "$ENV $K play $LEVEL --paused --record $TMP/game.jsonl --transcript $TMP/game.tr" 100 30
tui_wait starts_paused 'PAUSED'
tui_wait says_play_in_the_header 'play: you are the loop'
tui_wait shows_the_goal_from_the_start 'Goal: serve all 2 orders,'
tui_wait nothing_waits_while_paused 'Paused: space lets time go on'
tui_keys Space
tui_wait the_first_steps_wait 'Your move: 2 steps wait for the chef'
tui_wait each_with_its_key ' 1  #1 chop +WORK 1\.5 s: blocks the loop'
tui_wait and_its_station ' 2  #1 boil +wait 1\.0 s +The kettle 0/1'
tui_wait the_chef_is_free_for_your_move 'free: your move'
tui_keys 1
tui_wait a_work_step_blocks_the_loop 'LOOP BLOCKED: you are busy with chop #1'
tui_wait the_screen_says_why 'Nothing else is handled meanwhile: timers fall late'
tui_keys 2
tui_wait a_pick_while_blocked_is_refused 'The loop is blocked by chop #1: nothing else can start until it ends'
tui_wait the_second_customer_noticed_after_the_block '#2 soup arrived, late [0-9]\.[0-9]{3} s' 10
# From here on, Enter starts the selected (oldest) step as soon as one waits.
end=$(( $(date +%s) + 40 ))
while [ "$(date +%s)" -lt $end ]; do
	scr=$(tui_screen)
	case $scr in *"Level complete"*|*"Goal missed"*) break;; esac
	case $scr in *"Your move: 0 steps"*) ;; *) tui_keys Enter;; esac
	sleep 0.2
done
tui_wait the_level_is_complete 'Level complete: goal met'
tui_wait the_end_screen_compares_three_runs 'you +the event loop +sequential'
tui_wait orders_served_by_each 'orders served +2 of 2 +2 of 2 +2 of 2'
tui_wait the_goal_by_each 'goal +met +met +met'
tui_wait the_score_of_each 'score +-?[0-9]+ +[0-9]+ +-?[0-9]+'
tui_wait the_loop_was_blocked_3_s 'loop blocked +3\.000 s +3\.000 s'
tui_wait compared_with_the_loop '(You beat the event loop by|The event loop on its own scores|You scored exactly)'
tui_wait a_first_best_score 'Your first score on this level: it is the best so far'
tui_wait where_it_is_recorded "Recorded: kitchen replay $TMP/game.jsonl"
tui_keys Escape
tui_wait esc_shows_the_kitchen_as_it_ended 'FINISHED'
tui_keys q
if tui_wait_exit 20; then expect_eq q_exits_0 0 "$(cat "$TUI_T/status")"; else not_ok q_exits_0 "still running"; fi
grep -q "the game is recorded in $TMP/game.jsonl" "$TUI_T/stderr" && ok says_where_it_is_recorded ||
	not_ok says_where_it_is_recorded "$(cat "$TUI_T/stderr")"
"$K" replay "$TMP/game.jsonl" --headless --format jsonl >"$TMP/replayed" 2>"$TMP/err"
expect_eq replay_exits_0 0 $?
cmp -s "$TMP/replayed" "$TMP/game.tr" && ok replay_is_the_games_own_transcript ||
	not_ok replay_is_the_games_own_transcript "$(diff "$TMP/replayed" "$TMP/game.tr" | head)"
grep -q 'replay verified: 1 segment, 1 run' "$TMP/err" && ok replay_verifies_the_hash || not_ok replay_verifies_the_hash "$(cat "$TMP/err")"
grep -q '"ev":"order_done","order":2' "$TMP/game.tr" && ok the_transcript_has_the_whole_game || not_ok the_transcript_has_the_whole_game
grep -q '"level":"level.yaml"' "$XDG_DATA_HOME/kitchen/scores.jsonl" 2>/dev/null || grep -q '"best":' "$XDG_DATA_HOME/kitchen/scores.jsonl" 2>/dev/null &&
	ok the_best_score_is_kept || not_ok the_best_score_is_kept "$(ls -R "$XDG_DATA_HOME" 2>&1)"

# ---- at 80x24: where the game is recorded, whole -------------------------------
tui_start "$ENV $K play coffee --speed 8" 80 24
tui_wait small_game_starts 'Your move: 2 steps'
# t picks a step in a game: the lesson says how to scroll it instead.
tui_wait small_lesson_says_tab_pgdn_scrolls 'more below, Tab PgDn'
tui_keys '?'
tui_wait small_help_space_just_pauses 'space +pause / resume +'
tui_screen | grep -q 'question' && not_ok small_help_speaks_of_no_question "$(tui_screen)" ||
	ok small_help_speaks_of_no_question
tui_keys Escape
tui_keys 1
tui_wait small_game_grinds 'You started grind'
tui_keys 2
tui_wait small_game_heats 'You started heat'
tui_wait small_game_combine_waits ' 3  #1 combine' 20
tui_keys 3
tui_wait small_game_ends '(Level complete|Goal missed)' 20
rec=$(ls "$XDG_DATA_HOME"/kitchen/recordings/coffee-*.jsonl 2>/dev/null | head -1)
[ -n "$rec" ] && tui_screen | grep -qF "$rec" && ok small_end_screen_shows_the_whole_recording_path ||
	not_ok small_end_screen_shows_the_whole_recording_path "$rec" "$(tui_screen)"
tui_keys Space
tui_wait small_says_what_keys_do_now 'Game over: r plays again, Esc shows the kitchen, q quits\.'
tui_keys q
tui_wait_exit

# ---- killed half-way: the recording so far replays ----------------------------
tui_start "$ENV $K play $LEVEL" 100 30
tui_wait second_game_starts 'Your move: 2 steps wait'
tui_keys 2
tui_wait second_game_boils 'You started boil #1'
kill -KILL "$(tui_pid)"
tui_wait_exit 20
rec=$(ls "$XDG_DATA_HOME"/kitchen/recordings/level-*.jsonl 2>/dev/null | head -1)
[ -n "$rec" ] && ok recorded_by_default_in_the_data_directory || not_ok recorded_by_default_in_the_data_directory "$(ls -R "$XDG_DATA_HOME")"
"$K" replay "$rec" --headless --format jsonl >"$TMP/prefix" 2>"$TMP/err"
expect_eq killed_game_replays_exit_0 0 $?
grep -q 'the recording stops at line 2, before its end' "$TMP/err" && ok killed_game_says_it_was_cut_short ||
	not_ok killed_game_says_it_was_cut_short "$(cat "$TMP/err")"
grep -q '"ev":"task_started","order":1,"task":"boil"' "$TMP/prefix" && ok killed_game_replays_its_pick ||
	not_ok killed_game_replays_its_pick "$(cat "$TMP/prefix")"

# ---- Ctrl-C, SIGTERM, a closed terminal: the recording ends there and verifies
for sig in INT TERM HUP; do
	tui_start "$ENV $K play $LEVEL --record $TMP/sig-$sig.jsonl" 100 30
	tui_wait "sig${sig}_game_starts" 'Your move: 2 steps wait'
	tui_keys 2
	tui_wait "sig${sig}_boils" 'You started boil #1'
	kill -$sig "$(tui_pid)"
	tui_wait_exit 20
	"$K" replay "$TMP/sig-$sig.jsonl" --headless --format jsonl >"$TMP/prefix" 2>"$TMP/err"
	expect_eq "sig${sig}_recording_replays_exit_0" 0 $?
	grep -q 'replay verified: 1 segment, 1 run' "$TMP/err" && ok "sig${sig}_recording_verifies" ||
		not_ok "sig${sig}_recording_verifies" "$(cat "$TMP/err")"
	grep -q '"ev":"task_started","order":1,"task":"boil"' "$TMP/prefix" && ok "sig${sig}_recording_keeps_the_pick" ||
		not_ok "sig${sig}_recording_keeps_the_pick" "$(cat "$TMP/prefix")"
done
