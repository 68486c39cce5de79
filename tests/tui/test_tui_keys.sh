#!/usr/bin/env bash
# The demonstration driven by its keys in a private tmux at 100x30, read back
# with capture-pane: what a person in the classroom would see.
# realtime: its checks read the screen or the clock as time goes by.
# limit: 120 s
source tests/lib.sh
source tests/tui/lib_tui.sh

ENV="env LANG=C.UTF-8 LC_ALL=C.UTF-8"

# ---- the clock runs, pauses, changes speed --------------------------------
tui_start "$ENV $K coffee"
tui_wait starts_running 'RUNNING'
tui_wait shows_the_kitchen 'Chef \(the event loop\)'
tui_wait shows_the_orders '#1 Fresh coffee!'
tui_wait shows_progress_bars 'grind +[█▏▎▍▌▋▊▉░]+ sleeping, [0-9.]+ s left'
t1=$(tui_clock)
if tui_until "t = [1-9][0-9]*\.[0-9]+ s" 20 && [ "$(tui_clock)" != "$t1" ]; then
	ok clock_moves
else
	not_ok clock_moves "clock stayed at $t1"
fi
tui_keys Space
tui_wait space_pauses 'PAUSED'
p1=$(tui_clock)
sleep 0.6   # to see that nothing moves, some time must pass
p2=$(tui_clock)
expect_eq paused_clock_stands_still "$p1" "$p2"
tui_keys +
tui_wait plus_doubles_speed ' x2 '
tui_keys - -
tui_wait minus_halves_speed ' x1/2 '
tui_keys +
tui_wait speed_back_to_1x ' x1 '
tui_keys Space
tui_wait space_resumes 'RUNNING'
tui_wait run_finishes 'FINISHED' 30
tui_wait coffee_done_at_3s 'DONE at 3\.000 s'
tui_wait clock_stops_at_the_end 't = 3\.000 s'
tui_keys r
tui_wait r_restarts 'Restarted from 0'
tui_keys q
if tui_wait_exit; then expect_eq q_exits_0 0 "$(cat "$TUI_T/status")"; else not_ok q_exits_0 "still running"; fi

# ---- n moves exactly one event, b exactly one back ------------------------
# The times each event must show, from the headless run of the same engine.
mapfile -t TS < <("$K" run coffee --format jsonl | grep -v '"summary"' |
		  sed 's/.*"t":\([0-9.]*\).*/\1/')
tui_start "$ENV $K coffee --paused"
tui_wait starts_paused 'PAUSED'
tui_wait_event paused_at_event_0 0
tui_keys n
tui_wait_event n_moves_to_event_1 1
tui_wait n_shows_the_arrival '0\.000 #1 coffee arrived'
tui_keys n
tui_wait_event n_moves_to_event_2 2
stepped=2
for i in $(seq 3 11); do
	tui_keys n
	tui_until "^ .* t = ${TS[i-1]} s .* event $i +" 10 || break
	stepped=$i
done
expect_eq n_steps_one_event_at_a_time_with_its_time 11 "$stepped"
tui_keys b
tui_wait_event b_moves_back_to_10 10
tui_wait b_shows_that_events_time "t = ${TS[9]} s"
tui_keys b b
tui_wait_event b_twice_moves_back_to_8 8
tui_wait b_shows_the_earlier_time "t = ${TS[7]} s"
if tui_screen | grep -q 'Events (8)'; then ok b_log_has_8_events; else not_ok b_log_has_8_events; fi
tui_keys n
tui_wait_event n_after_b_moves_to_9 9
tui_keys Space
tui_wait resume_after_stepping 'RUNNING'
tui_wait finishes_after_stepping 'FINISHED' 30
n_all=$(( ${#TS[@]} ))
tui_wait_event all_events_shown_at_the_end "$n_all"
tui_keys q
tui_wait_exit

# ---- panels: loop, code, help -------------------------------------------------
tui_start "$ENV $K coffee --paused"
tui_wait paused_for_panels 'PAUSED'
tui_keys n n n n n n n
tui_wait_event stepped_to_7 7
tui_keys l
tui_wait l_shows_the_loop_panel 'Event loop'
tui_wait l_lists_timers_by_due_time '3\.000 grind #1: asyncio\.sleep ends'
tui_wait l_shows_the_task_tree 'coffee\(order #1\)'
tui_wait l_tree_says_what_tasks_await 'heat\(\) +awaits asyncio\.sleep'
tui_keys c
tui_wait c_shows_the_code 'asyncio code'
tui_wait c_highlights_the_awaits 'await asyncio\.sleep\(3\) .*x1'
tui_keys l c
tui_wait_not 'Event loop' 10 && ok l_hides_the_loop_panel || not_ok l_hides_the_loop_panel
tui_keys '?'
tui_wait help_opens 'Help ─+.*The keys|The keys'
tui_keys x
tui_wait_not 'The keys' 10 && ok any_key_closes_help || not_ok any_key_closes_help
tui_keys q
tui_wait_exit

# ---- m: the same kitchen as blocking code -----------------------------------
# (at 8x: what is checked is the virtual end, 5 s, not how long it takes)
tui_start "$ENV $K coffee --paused --speed 8"
tui_wait paused_before_the_mode 'PAUSED'
tui_keys m
tui_wait m_switches_to_sequential ' x8  sequential  event'
tui_wait m_says_what_sequential_is 'blocking code'
tui_keys Space
tui_wait sequential_finishes_at_5s 'DONE at 5\.000 s' 30
tui_keys m
tui_wait m_switches_back_to_concurrent ' x8  concurrent  event'
tui_keys q
tui_wait_exit

# ---- v: the two kitchens race -----------------------------------------------
tui_start "$ENV $K coffee --paused --speed 8"
tui_wait paused_before_the_race 'PAUSED'
tui_keys v
tui_wait v_opens_the_race ' race: sequential \| concurrent '
tui_wait race_shows_both_sides 'sequential.*concurrent'
tui_keys Space
tui_wait race_calls_the_difference 'concurrent finished 2\.000 s sooner \(3\.000 s vs 5\.000 s\)' 30
tui_keys v
tui_wait_not ' race: sequential' 10 && ok v_leaves_the_race || not_ok v_leaves_the_race
tui_keys q
tui_wait_exit

# ---- kitchen --race ------------------------------------------------------
tui_start "$ENV $K --race coffee --speed 4"
tui_wait race_flag_opens_the_race 'The race'
tui_wait race_sequential_finishes_at_5s 'sequential: finished at 5\.000 s' 30
tui_wait race_concurrent_finishes_at_3s 'concurrent: finished at 3\.000 s'
tui_keys q
tui_wait_exit

# ---- a question for the class ----------------------------------------------
# It sits below the kitchen, never over it; the panels, b and scrolling work
# while it waits; stepping past it needs the answer.
tui_start "$ENV $K blocking" 80 24
tui_wait ask_shows_the_question 'A question for the class'
tui_wait ask_pauses 'PAUSED by the lesson'
tui_wait ask_numbers_the_choices '2\) after 9 s'
tui_wait ask_leaves_the_kitchen_in_view 'Chef \(the event loop\)'
tui_wait ask_is_the_sequential_one 'cooked one after another'
tui_keys l
tui_wait loop_panel_opens_during_a_question 'Event loop'
tui_wait question_stays_with_the_loop_panel 'A question for the class'
tui_keys l
tui_keys n
tui_wait ask_holds_n_until_answered 'Answer the question first'
tui_keys 2
tui_wait ask_reveals_the_answer 'Right: 2\.'
tui_wait ask_explains 'Blocking code waits for each dish'
tui_keys Space
tui_wait_not 'A question for the class' 10 && ok space_closes_the_question || not_ok space_closes_the_question
tui_wait space_goes_on_after_the_question 'RUNNING'
tui_keys q
tui_wait_exit

# Met by stepping: after the answer, n goes on stepping (the clock stays
# paused); b steps back over the question and n meets it again.
tui_start "$ENV $K blocking --paused" 80 24
tui_keys n
tui_wait stepping_meets_the_question 'A question for the class'
tui_wait_event stepping_question_is_event_1 1
tui_keys b
tui_wait_not 'A question for the class' 10 && ok b_works_during_a_question || not_ok b_works_during_a_question
tui_wait_event b_went_back_to_0 0
tui_keys n
tui_wait n_meets_the_question_again 'A question for the class'
tui_keys 1
tui_wait wrong_answer_is_told_in_the_box 'Not quite: the answer is 2\.'
tui_wait stepped_question_says_n_steps_on 'n steps on'
tui_keys n
tui_wait_event n_after_the_answer_steps_on 2
tui_wait_not 'A question for the class' 10 && ok n_closes_the_answered_question || not_ok n_closes_the_answered_question
tui_wait stepping_stays_paused 'PAUSED'
# m keeps the moment: the concurrent kitchen at 0 s asks its own question.
tui_keys m
tui_wait m_keeps_the_time_of_the_switch 't = 0\.000 s'
tui_keys Space
tui_wait concurrent_mode_asks_its_own_question 'Now the three dishes start together'
tui_keys Escape
tui_wait esc_folds_the_question 'Esc shows the question'
tui_keys Escape
tui_wait esc_unfolds_the_question 'space shows the answer'
tui_keys q
tui_wait_exit

# The race asks each directive once: chopping's concurrent question, then
# its sequential one, each labelled with its side, in file order.
tui_start "$ENV $K --race chopping" 80 24
tui_wait race_asks_the_first_in_file_order 'concurrent side \(1 of 2\)'
tui_keys 2
tui_wait race_answer_revealed 'Right: 2\.'
tui_keys Space
tui_wait race_asks_the_other_side_next 'sequential side \(2 of 2\)'
tui_wait race_other_question_is_its_own 'When does it start to steep'
tui_keys 3 Space
tui_wait race_goes_on_after_both 'RUNNING'
tui_keys +++++
tui_wait race_never_asks_twice 'FINISHED' 30
if tui_screen | grep -q 'A question for the class'; then not_ok race_no_question_at_the_end; else ok race_no_question_at_the_end; fi
tui_keys q
tui_wait_exit

# ---- the lesson script: say, pause, ask --------------------------------------
tui_start "$ENV $K tests/tui/script.yaml"
tui_wait script_say_shows_in_the_lesson '> Watch the kettle now'
tui_wait script_pause_pauses 'PAUSED by the lesson'
tui_wait script_pause_stops_at_its_time 't = 1\.000 s'
tui_wait script_pause_says_how_to_go_on 'press space to go on'
tui_keys Space
tui_wait script_question_after_the_pause 'How long does the tea steep\?'
tui_wait script_question_stops_at_its_time 't = 1\.500 s'
tui_keys 1
tui_wait wrong_answer_is_told 'Not quite: the answer is 2\.'
tui_keys Space
tui_wait goes_on_to_the_end 'FINISHED' 30
tui_keys q
tui_wait_exit
