#!/usr/bin/env bash
# A burst: a million orders at once. The demonstration handles what falls
# due a batch at a time and reads its keys and draws between batches, so
# q quits at once however much is due; libuv before 1.47 would run a
# timer started "now" from a timer's callback in the same pass, and the
# loop never read a key until the whole burst was handled (1.4 s here).
# The plain build: the ASan one's cost would blur the difference.
# realtime: it measures how long the screen takes to answer q.
source tests/lib.sh
source tests/tui/lib_tui.sh

P=${KITCHEN_PLAIN_BIN:-$ROOT/build/kitchen}
cat >"$TMP/burst.yaml" <<'YAML'
title: A million at once
recipes:
  tea:
    tasks:
      steep: { duration: 1s }
orders:
  - { recipe: tea, count: 1000000 }
YAML

tui_start "env LANG=C.UTF-8 $P $TMP/burst.yaml"
tui_wait burst_shows_the_kitchen 'RUNNING'
start=$(date +%s%N)
tui_keys q
if tui_wait_exit 20; then
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	expect_eq burst_quits_with_status_0 0 "$(cat "$TUI_T/status")"
	if [ "$ms" -lt 700 ]; then ok "burst_answers_q_at_once ($ms ms)"; else
		not_ok burst_answers_q_at_once "q took $ms ms (at most 700)"; fi
else
	not_ok burst_quits_with_status_0 "still running 20 s after q"
fi

# While the burst is handled the screen follows it: the event count grows
# through the millions. (A loop stuck in its timers drew nothing between
# event 0, the 3,000,000 events of the arrivals at 0 s and the 5,000,000
# of the ends at 1 s.)
tui_start "env LANG=C.UTF-8 $P $TMP/burst.yaml"
tui_wait burst_starts 'RUNNING'
: >"$TMP/counts"
for i in $(seq 1 200); do
	tui_event >>"$TMP/counts"
	tui_screen | head -1 | grep -q FINISHED && break
	sleep 0.05
done
between=$(grep -Ev '^(0|3000000|5000000)?$' "$TMP/counts" | sort -u | wc -l)
if [ "$between" -ge 2 ]; then ok burst_screen_follows_the_batches; else
	not_ok burst_screen_follows_the_batches "event counts seen: $(sort -u "$TMP/counts" | tr '\n' ' ')"; fi
tui_keys q
tui_wait_exit 20
