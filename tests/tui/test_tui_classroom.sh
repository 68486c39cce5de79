#!/usr/bin/env bash
# What a teacher in front of a class does beyond the basic keys: keep the
# moment across m and v, jump to a time, read the lesson in full, scroll the
# events, compare bars on one time scale, read the end of a run summed up,
# race two scenarios, resize below the minimum, and use a wide screen. Each
# case runs in its own tmux session, waiting for what it expects.
source tests/lib.sh
source tests/tui/lib_tui.sh

ENV="env LANG=C.UTF-8 LC_ALL=C.UTF-8"

# ---- m and v keep the moment ------------------------------------------------
# errors at 4.700 s (g): the first breakfast has failed; m shows the
# sequential kitchen at that same moment, where it failed at 4 s, and the
# questions before 4.7 s are not asked.
tui_start "$ENV $K errors --paused" 100 30
tui_wait goto_paused 'PAUSED'
tui_keys g
tui_wait g_asks_for_a_time 'Go to the time \(seconds\)'
tui_keys 4 . 7 Enter
tui_wait g_goes_to_the_time 't = 4\.700 s'
tui_wait g_says_what_was_skipped 'questions before it are skipped'
tui_wait g_shows_the_kitchen_then '#1 Breakfast \(propagate\) +FAILED at 1\.000 s'
tui_keys m
tui_wait m_keeps_the_moment ' t = 4\.700 s .* sequential '
tui_wait m_shows_the_other_kitchen_then '#1 Breakfast \(propagate\) +FAILED at 4\.000 s'
if tui_screen | grep -q 'A question for the class'; then
	not_ok m_skips_the_questions_already_past; else ok m_skips_the_questions_already_past; fi
tui_keys v
tui_wait v_keeps_the_moment ' t = 4\.700 s .* race'
tui_wait v_shows_both_kitchens_then 'FAILED at 4\.000 s.*FAILED at 1\.000 s'
tui_keys v g 9 9 Enter
tui_wait g_past_the_end_stops_at_the_end 't = 16\.000 s'
tui_keys g 1 x
tui_wait g_ignores_letters 'Go to the time \(seconds\): 1_'
tui_keys Escape
tui_wait_not 'Go to the time' 10 && ok esc_cancels_the_prompt || not_ok esc_cancels_the_prompt
tui_keys q
tui_wait_exit

# ---- a recorded lesson with jumps replays exactly ---------------------------
# m and v keep the moment, g jumps, b steps back: each replaces the engines,
# and the headless replay must reach the same transcripts.
tui_start "$ENV $K errors --paused --record $TMP/lesson.jsonl" 100 30
tui_wait rec_paused 'PAUSED'
tui_keys g 4 . 7 Enter
tui_wait rec_goto 't = 4\.700 s'
tui_keys m
tui_wait rec_mode ' t = 4\.700 s .* sequential '
tui_keys n n n
tui_keys b
tui_keys g 2 Enter
tui_wait rec_goto_back 't = 2\.000 s'
tui_keys v
tui_wait rec_race ' t = 2\.000 s .* race'
tui_keys q
tui_wait_exit
grep -q '"do":"goto","to":4700' "$TMP/lesson.jsonl" && ok goto_is_recorded_with_its_time ||
	not_ok goto_is_recorded_with_its_time "$(cat "$TMP/lesson.jsonl")"
"$K" replay "$TMP/lesson.jsonl" --headless --format jsonl >/dev/null 2>"$TMP/err"
expect_eq replay_of_jumps_exits_0 0 $?
grep -q 'replay verified: 3 segments' "$TMP/err" && ok replay_of_jumps_verifies ||
	not_ok replay_of_jumps_verifies "$(cat "$TMP/err")"

# ---- the lesson in full, scrolling ------------------------------------------
tui_start "$ENV $K chopping --paused" 80 24
tui_wait lesson_panel_says_there_is_more 't: all'
tui_keys t
tui_wait t_opens_the_lesson_in_full 'Lesson · Chopping on the loop'
tui_wait t_shows_the_concept 'Concept: CPU-bound work blocks the loop'
tui_wait t_shows_the_end_of_a_long_lesson 'Numbers: blocked 3\.000, late_max 1\.000'
tui_keys Down Down Down Down Down Down Down Down Down Down
tui_wait the_lesson_scrolls 'Nothing here does that'
tui_keys t
tui_wait_not 'Lesson · Chopping' 10 && ok t_closes_it || not_ok t_closes_it
# Tab moves the arrows to the lesson panel; Down scrolls it.
tui_keys Tab
tui_wait tab_names_the_panel 'scroll the lesson panel'
tui_keys Down Down Down
tui_wait lesson_panel_scrolls '\^ more below'
tui_keys q
tui_wait_exit

# ---- the event log scrolls ----------------------------------------------------
tui_start "$ENV $K coffee --speed 64" 80 24
tui_wait log_run_ends 'FINISHED' 30
tui_keys Escape
tui_wait log_shows_the_newest 'coffee DONE'
tui_keys Up Up Up
tui_wait up_scrolls_the_events 'Events \(16\) · 3 newer below \(End\)'
tui_wait_not 'coffee DONE' 5 && ok older_events_in_view || not_ok older_events_in_view
tui_keys End
tui_wait end_follows_the_newest_again 'coffee DONE'
tui_keys q
tui_wait_exit

# ---- one time scale ---------------------------------------------------------------
# coffee at 0.5 s: grind (3 s) and heat (2 s) run. Each on its own scale
# their bars are as long; on one scale the 2 s bar is two thirds of the 3 s.
bar_len() { tui_screen | grep -oE "  $1 +[█░▏▎▍▌▋▊▉]+" | head -1 | sed -E "s/^  $1 +//" | tr -d '\n' | wc -m; }
tui_start "$ENV $K coffee --paused" 100 30
tui_keys n n n n n n n
tui_wait_event scale_stepped 7
g1=$(bar_len grind); h1=$(bar_len heat)
expect_eq own_scales_draw_equal_bars "$g1" "$h1"
tui_keys s
tui_wait s_says_the_scale 'a full bar is 3\.000 s'
tui_wait s_marks_the_orders_panel 'bar = 3\.0 s'
g2=$(bar_len grind); h2=$(bar_len heat)
if [ "$g2" -gt 0 ] && [ $((h2 * 3)) -ge $((g2 * 2 - 2)) ] && [ $((h2 * 3)) -le $((g2 * 2 + 2)) ]; then
	ok one_scale_draws_2s_as_two_thirds_of_3s
else
	not_ok one_scale_draws_2s_as_two_thirds_of_3s "grind $g2, heat $h2 cells"
fi
tui_keys q
tui_wait_exit

# ---- the end of a run, summed up ---------------------------------------------------
tui_start "$ENV $K rush-hour --speed 64" 80 24
tui_wait end_summary_appears 'The run is over' 40
tui_wait end_summary_makespans 'finished after +15\.300 s +18\.000 s'
tui_wait end_summary_served 'orders served +8 of 10 +2 of 10'
tui_wait end_summary_failed 'failed +2 +8 '
tui_wait end_summary_walked_out '  walked out +2 +8'
tui_wait end_summary_verdict 'concurrent finished 2\.700 s sooner'
tui_wait end_summary_keeps_the_orders '#8 .*DONE at 13\.200 s'
tui_keys Escape
tui_wait_not 'The run is over' 10 && ok esc_closes_the_summary || not_ok esc_closes_the_summary
tui_keys q
tui_wait_exit

# ---- the race verdict names what each side served --------------------------------
tui_start "$ENV $K --race rush-hour --speed 64" 100 30
tui_wait race_summary 'The race is over' 40
tui_keys Escape
tui_wait race_verdict_sooner 'concurrent finished 2\.700 s sooner'
tui_wait race_verdict_sequential 'sequential: 2 of 10 served, 8 failed \(8 walked out\)'
tui_wait race_verdict_concurrent 'concurrent: 8 of 10 served, 2 failed \(2 walked out\)'
tui_keys q
tui_wait_exit

# ---- two scenarios, one clock -----------------------------------------------------
tui_start "$ENV $K --race chopping helpers --speed 4" 100 30
tui_wait race2_names_both 'Chopping on the loop vs Helpers'
tui_wait race2_sides_are_the_scenarios 'Chopping on the loop \(concurrent\).*Helpers \(concurrent\)'
tui_wait race2_asks_the_left_first 'left: Chopping on the loop \(1 of 2\)'
tui_keys m
tui_wait race2_m_says_each_side_keeps_its_mode 'Each side keeps its own mode here'
tui_keys 2 Space
tui_wait race2_then_the_right 'right: Helpers \(2 of 2\)'
tui_keys 3 Space
tui_wait race2_finishes 'The race is over' 30
tui_wait race2_makespans 'finished after +5\.000 s +6\.000 s'
tui_keys q
tui_wait_exit
"$K" chopping helpers >/dev/null 2>"$TMP/err"; rc=$?
expect_eq two_scenarios_need_the_race 2 "$rc"
grep -q 'kitchen --race chopping helpers' "$TMP/err" && ok two_scenarios_say_how || not_ok two_scenarios_say_how "$(cat "$TMP/err")"

# ---- too small: it pauses, and goes on when big again ------------------------------
tui_start "$ENV $K coffee" 80 24
tui_wait small_runs 'RUNNING'
tmx resize-window -t t -x 70 -y 20
tui_wait small_says_it_pauses 'paused until it is bigger'
sleep 0.5
tmx resize-window -t t -x 80 -y 24
tui_wait big_again_goes_on 'Big enough again'
tui_wait big_again_runs 'RUNNING'
tui_keys q
tui_wait_exit
# While it is too small the virtual clock does not move.
tui_start "$ENV $K free-play --paused" 80 24
tui_keys Space
tui_wait free_runs 'RUNNING'
tmx resize-window -t t -x 60 -y 20
tui_wait free_small 'paused until it is bigger'
sleep 0.1
tmx resize-window -t t -x 80 -y 24
tui_wait free_big 'PAUSED|RUNNING'
c1=$(tui_clock)
tmx resize-window -t t -x 60 -y 20
tui_wait free_small_again 'paused until it is bigger'
sleep 1
tmx resize-window -t t -x 80 -y 24
tui_wait free_goes_on_when_big 'Big enough again'
tui_keys Space
tui_wait free_paused_after 'PAUSED'
c2=$(tui_clock)
if awk -v a="$c1" -v b="$c2" 'BEGIN { exit !(b - a < 0.9) }'; then
	ok small_screen_keeps_the_clock
else
	not_ok small_screen_keeps_the_clock "from $c1 to $c2 across 1 s too small"
fi
tui_keys q
tui_wait_exit

# ---- a wide screen --------------------------------------------------------------
tui_start "$ENV $K chopping --paused" 200 60
tui_wait wide_shows_the_loop_panel 'Event loop'
tui_wait wide_shows_the_code_panel 'asyncio code'
tui_wait wide_keeps_the_orders 'Orders: '
tui_keys l
tui_wait_not 'Event loop' 10 && ok l_hides_it_on_a_wide_screen || not_ok l_hides_it_on_a_wide_screen
tui_keys q
tui_wait_exit
tui_start "$ENV $K coffee --paused" 160 40
tui_wait from_160_columns_the_loop_panel 'Event loop'
if tui_screen | grep -q 'asyncio code'; then not_ok code_needs_more_rows; else ok code_needs_more_rows; fi
tui_keys q
tui_wait_exit
tui_start "$ENV $K coffee --paused" 200 60
tui_keys n n n n n n n
tui_wait wide_bars_use_the_width 'grind +[█░▏▎▍▌▋▊▉]{35,}'
tui_keys q
tui_wait_exit

# ---- the help explains compact rows --------------------------------------------------
tui_start "$ENV $K coffee --paused" 100 30
tui_keys '?'
tui_wait help_lists_go_to 'go to a time'
tui_keys PageDown
tui_wait help_explains_compact_rows 'An order in one row'
tui_wait help_gives_an_example '#5 ✓✓✓q·'
tui_keys x
tui_wait_not 'An order in one row' 10 && ok help_closes || not_ok help_closes
tui_keys q
tui_wait_exit

# ---- the code panel lights every pending await ---------------------------------
# create-task at 5.000 s: the sauce is done, the marinade sleeps, the plate
# waits for it: the recipe awaits the marinade's task.
tui_start "$ENV $K create-task --paused" 130 40
tui_keys n 2 n n n n n n n n n n c
tui_wait_event code_at_5s 11
tui_wait code_lights_the_sleep 'await asyncio\.sleep\(6\).*▶ x1'
tui_wait code_lights_the_gather_awaited 'await marinate_task.*▶ x1'
tui_keys q
tui_wait_exit
# Once nothing is pending (the run over) the panel stays where the awaits
# were, not back at the top of the file.
tui_start "$ENV $K coffee --speed 4" 100 30
tui_keys c
tui_wait code_follows_the_sleep 'await asyncio\.sleep\(3\).*▶ x1'
tui_wait code_run_over 'FINISHED' 30
tui_wait code_still_at_the_recipe 'async with grinder:'
if tui_screen | grep -q '#!/usr/bin/env python3'; then
	not_ok code_does_not_jump_to_line_1; else ok code_does_not_jump_to_line_1; fi
tui_keys q
tui_wait_exit
# stations at 1.5 s: three teas and the cocoa queue at the kettle.
tui_start "$ENV $K stations --paused" 130 40
tui_keys g 1 . 6 Enter c
tui_wait code_lights_the_semaphore_wait 'async with kettle:.*▶ x2'
tui_keys q
tui_wait_exit
# timeouts at 1 s: the slicing's timeout is armed while it waits for the thread.
tui_start "$ENV $K timeouts --paused" 200 60
tui_keys g 1 Enter
tui_wait code_lights_the_timeout 'async with asyncio\.timeout\(3\).*▶ x1'
tui_wait code_lights_the_executor_wait '[0-9] {12,}await loop\.run_in_executor\(helpers, slice.*▶ x1'
tui_keys q
tui_wait_exit

# ---- ASCII: the program's own text and the scenario's -----------------------------
tui_start "env LANG=C LC_ALL=C $K coffee --paused" 80 24
tui_keys t
tui_wait ascii_lesson_in_full 'Concept: gather \? two tasks at once'
if tui_screen | LC_ALL=C grep -q '[^ -~]'; then not_ok ascii_lesson_only_ascii "$(tui_screen | LC_ALL=C grep -n '[^ -~]' | head -3)"; else ok ascii_lesson_only_ascii; fi
tui_keys t '?' PageDown
tui_wait ascii_help_compact_rows '#5 \+\+\+q\.'
if tui_screen | LC_ALL=C grep -q '[^ -~]'; then not_ok ascii_help_only_ascii "$(tui_screen | LC_ALL=C grep -n '[^ -~]' | head -3)"; else ok ascii_help_only_ascii; fi
tui_keys x + + + + + + Space
tui_wait ascii_end_summary 'The run is over' 30
if tui_screen | LC_ALL=C grep -q '[^ -~]'; then not_ok ascii_summary_only_ascii "$(tui_screen | LC_ALL=C grep -n '[^ -~]' | head -3)"; else ok ascii_summary_only_ascii; fi
tui_keys q
tui_wait_exit
tui_start "env LANG=C LC_ALL=C $K --race chopping" 80 24
tui_wait ascii_question 'A question for the class . concurrent side'
if tui_screen | LC_ALL=C grep -q '[^ -~]'; then not_ok ascii_question_only_ascii "$(tui_screen | LC_ALL=C grep -n '[^ -~]' | head -3)"; else ok ascii_question_only_ascii; fi
tui_keys q
tui_wait_exit

# ---- the race's key bar: the keys that work there -----------------------------
# m, l, c and Tab refuse in the race: the bar leaves them out at 80x24 and
# shows restart and go-to instead; Tab says there is nothing to scroll.
tui_start "$ENV $K --race coffee --paused" 80 24
tui_wait race_bar_has_goto ' v race +r restart +g go to +\? help'
tui_wait race_before_the_first_order 'sequential: no order yet\.'
if tui_screen | tail -1 | grep -Eq ' m mode | l loop | c code '; then
	not_ok race_bar_without_refused_keys "$(tui_screen | tail -1)"
else ok race_bar_without_refused_keys; fi
tui_keys Tab
tui_wait race_tab_has_nothing_to_scroll 'No panel to scroll here'
tui_keys q
tui_wait_exit

# ---- sequential mode shows what blocking code holds ---------------------------
# coffee, blocking code, 1 s in: the grind runs, so the grinder is in use.
tui_start "$ENV $K coffee --mode sequential --paused" 100 30
tui_keys g 1 Enter
tui_wait seq_grind_runs 'grind .*running, 2\.0 s left'
tui_wait seq_grinder_in_use 'grinder ■ 1/1'
tui_wait seq_kettle_free 'kettle  □ 0/1'
tui_keys q
tui_wait_exit
# helpers, blocking code, 3 s in: the carrots run on the helper thread.
tui_start "$ENV $K helpers --mode sequential --paused" 100 30
tui_keys g 3 Enter
tui_wait seq_helper_step_runs 'carrots .*on a thread'
tui_wait seq_helper_thread_in_use '■ 1/1'
tui_wait seq_helper_named '1: carrots #1'
tui_keys q
tui_wait_exit

# ---- a customer gone that blocking code has not seen yet ----------------------
# rush-hour, sequential, 14.6 s: order 7's patience ran out at 13.2 s; the
# chef notices between two steps, at 15 s (kitchen run: walked out at 15.000).
tui_start "$ENV $K rush-hour --mode sequential --paused" 80 24
tui_keys g 1 4 . 6 Enter
tui_wait seq_patience_over '#7 Burger +patience over 1\.4 s ago'
tui_keys q
tui_wait_exit

# ---- blocking code's wait is a timer of the loop ------------------------------
# coffee, sequential, 1 s in: the chef is busy with the grind, and the
# program's loop holds the timer of its `await asyncio.sleep(3)`.
tui_start "$ENV $K coffee --mode sequential --paused" 80 24
tui_keys g 1 Enter l
tui_wait seq_loop_the_sleep_timer '3\.000 grind #1: asyncio\.sleep ends +in 2\.0 s'
tui_wait seq_tree_the_sleep 'grind\(\) +awaits asyncio\.sleep'
tui_keys q
tui_wait_exit
# timeouts, sequential, 2.5 s: the slicing's asyncio.timeout(3), counted
# from its start at 2 s, is a timer too (a helper's thread is none).
tui_start "$ENV $K timeouts --mode sequential --paused" 80 24
tui_keys g 2 . 5 Enter l
tui_wait seq_loop_the_timeout_timer '5\.000 slice #1: timeout +in 2\.5 s'
tui_keys q
tui_wait_exit

# ---- the task tree keeps steps that go on after their order failed ------------
# At 80x24, as the lesson plan says: the timers make room for the tree.
tui_start "$ENV $K errors --paused" 80 24
tui_keys g 1 . 0 5 Enter l
tui_wait tree_failed_order 'breakfast_gather\(order #1\) raised; its steps'
tui_wait tree_keeps_the_toast 'toast\(\) +awaits asyncio\.sleep'
tui_wait tree_keeps_the_juice 'juice\(\) +awaits asyncio\.sleep'
tui_wait tree_beside_the_timers '2\.500 juice #1: asyncio\.sleep ends'
tui_keys q
tui_wait_exit

# ---- blocking code's task tree: only the step it awaits ---------------------
# helpers, sequential, 2.5 s: the recipe awaits carrots(); onions() and
# cook() are not called yet, and the tea order waits in line.
tui_start "$ENV $K helpers --mode sequential --paused" 80 24
tui_keys g 2 . 5 Enter l
tui_wait seq_tree_the_awaited_step 'carrots\(\) +awaits run_in_executor'
# (a helper's thread is no timer of the loop)
if tui_screen | grep -A1 'Timers, by due time' | tail -1 | grep -q '│ (none)'; then
	ok seq_loop_no_timer_for_a_thread
else not_ok seq_loop_no_timer_for_a_thread "$(tui_screen)"; fi
tui_wait seq_tree_order_in_line 'tea\(order #2\) +in line: not started yet'
if tui_screen | grep -Eq 'onions\(\)|cook\(\)|steep\(\)'; then
	not_ok seq_tree_no_step_not_reached "$(tui_screen)"
else ok seq_tree_no_step_not_reached; fi
tui_keys q
tui_wait_exit
