#!/usr/bin/env bash
# The demonstration's main screens at 80x24, each compared whole with its
# golden capture in tests/tui/screens/: the demonstration, a question (asked
# and answered), the loop panel, the code panel, the race, the end of a run.
# Every one is taken paused at an exact moment (stepping with n, or g to a
# time), so it is the same on every machine at any load.
#
# The golden files were reviewed by eye once; after a deliberate change of
# the screen, regenerate them with KITCHEN_REGEN_SCREENS=1 and read the diff
# (git diff tests/tui/screens) before committing it.
source tests/lib.sh
source tests/tui/lib_tui.sh

ENV="env LANG=C.UTF-8 LC_ALL=C.UTF-8"
DIR=tests/tui/screens

# screen NAME "ARGS" MARKER KEY...: starts kitchen ARGS at 80x24, types the
# keys (a "wait:REGEX" among them waits for the screen to match first),
# waits for MARKER (a regex of the final screen), compares the screen.
screen() {
	local name=$1 args=$2 marker=$3
	shift 3
	tui_start "$ENV $K $args" 80 24
	tui_wait "${name}_starts" 'PAUSED|FINISHED' || return
	local k
	for k in "$@"; do
		case $k in
		wait:*) tui_until "${k#wait:}" 20 ;;
		*) tui_keys "$k" ;;
		esac
	done
	if ! tui_until "$marker" 20; then
		not_ok "${name}_reaches_its_moment" "never matched: $marker"
		tui_screen | sed 's/^/  | /'
		tui_keys q
		tui_wait_exit
		return
	fi
	tui_screen >"$TMP/$name.txt"
	tui_keys q
	tui_wait_exit
	if [ -n "$KITCHEN_REGEN_SCREENS" ]; then
		mkdir -p "$DIR"
		cp "$TMP/$name.txt" "$DIR/$name.txt"
		ok "${name}_regenerated"
	elif cmp -s "$TMP/$name.txt" "$DIR/$name.txt"; then
		ok "${name}_screen_as_reviewed"
	else
		not_ok "${name}_screen_as_reviewed" "$(diff "$DIR/$name.txt" "$TMP/$name.txt")"
	fi
}

# The coffee shop after its first seven events: README's screen.
screen demonstration "coffee --paused" ' event 7 ' n n n n n n n
# Chopping's question at 0 s, then answered (met by stepping).
screen question "chopping --paused" 'space shows the answer' n
screen question-answered "chopping --paused" 'Right: 2\.' n 2
# The loop blocked at 2.212 s: two timers due, late; the task tree.
screen loop "chopping --paused" 'Executing <Task chop #1> for 2\.212 s' g 2 . 2 1 2 Enter l Escape
# create-task at 5.5 s: the code panel lights the marinade's sleep and the
# recipe's await of the marinade's task, which the plate waits for.
screen code "create-task --paused" 'await marinate_task.*x1' g 5 . 5 Enter c Escape
# Rush hour in the race at 6 s, both kitchens cooking.
screen race "--race rush-hour --paused" 'Now at 6\.000 s' g 6 Enter
# The race over: the verdict names what each side served.
screen race-over "--race rush-hour --paused" 'concurrent: 8 of 10 served' g 9 9 Enter \
	'wait:The race is over' Escape
# The end of a run summed up under the kitchen, beside the other mode.
screen end "rush-hour --paused" 'The run is over' g 9 9 Enter
