#!/usr/bin/env bash
# kitchen replay --headless on recordings written by the format's rules
# (tests/tools/make_recordings.py): a game started like the event loop on
# its own replays to exactly `kitchen run`'s transcript and verifies; a
# demonstration with a race segment too; every kind of damage gets its own
# message with the file and line, and the right exit status.
source tests/lib.sh
R=$TMP/recs
mkdir -p "$R"
python3 tests/tools/make_recordings.py "$K" "$R" --large || { not_ok "make the recordings"; exit 0; }

# replay NAME [ARGS...]: runs it on $R/NAME.jsonl; stdout, stderr and the
# exit status in $TMP/out, $TMP/err, $RC.
replay() { local n=$1; shift; "$K" replay "$R/$n.jsonl" --headless "$@" >"$TMP/out" 2>"$TMP/err"; RC=$?; }
err_is() { expect_eq "$1" "$2" "$(cat "$TMP/err")"; }

# ---- good recordings ---------------------------------------------------
replay game --format jsonl
expect_eq "a game: exit 0" 0 "$RC"
cmp -s "$TMP/out" "$R/game.expected" && ok "a game: each segment named, then byte for byte kitchen run's jsonl" ||
	not_ok "a game: jsonl as kitchen run's" "$(diff "$TMP/out" "$R/game.expected" | head)"
err_is "a game: verified" "kitchen replay: replay verified: 1 segment, 1 run, each transcript the recorded one (SHA-256)"
replay game
expect_eq "text: the segment's line, then kitchen run's text" \
	"$(echo '# segment 1: play, concurrent, seed 1'; "$K" run coffee)" "$(cat "$TMP/out")"
replay game --format summary
expect_eq "summary: the segment's line and the summary line" \
	"$(echo '{"segment":1,"run":"play","mode":"concurrent","seed":1}'; "$K" run coffee --format summary)" "$(cat "$TMP/out")"
replay game --format timeline
expect_eq "timeline: the segment's line and the chart" \
	"$(echo '# segment 1: play, concurrent, seed 1'; "$K" run coffee --format timeline)" "$(cat "$TMP/out")"
replay twice --format jsonl
cmp -s "$TMP/out" "$R/twice.expected" && ok "a restarted game: two segments" || not_ok "a restarted game: two segments" "$(head -3 "$TMP/out")"
err_is "a restarted game: both verified" "kitchen replay: replay verified: 2 segments, 2 runs, each transcript the recorded one (SHA-256)"
replay demo --format jsonl
cmp -s "$TMP/out" "$R/demo.expected" && ok "a demonstration then its race: three runs" || not_ok "a demonstration then its race" "$(diff "$TMP/out" "$R/demo.expected" | head)"
err_is "a demonstration: verified" "kitchen replay: replay verified: 2 segments, 3 runs, each transcript the recorded one (SHA-256)"
replay mode-in-race --format jsonl
cmp -s "$TMP/out" "$R/demo.expected" && ok "m refused in the race: nothing changes" || not_ok "m refused in the race: nothing changes" "$(cat "$TMP/err")"
err_is "m refused in the race: verified" "kitchen replay: replay verified: 2 segments, 3 runs, each transcript the recorded one (SHA-256)"
replay other-version-of-kitchen --format jsonl
expect_eq "another kitchen's recording: replayed, exit 0" 0 "$RC"
err_is "another kitchen's recording: verified, and says whose" \
	"kitchen replay: replay verified: 1 segment, 1 run, each transcript the recorded one (SHA-256); recorded by kitchen 0.0.9"

replay dense --format jsonl
cmp -s "$TMP/out" "$R/dense.expected" && ok "a game of tiny orders, picked as they arrive: kitchen run's jsonl" ||
	not_ok "a game of tiny orders: kitchen run's jsonl" "$(diff "$TMP/out" "$R/dense.expected" | head)"
err_is "a game of tiny orders: verified" "kitchen replay: replay verified: 1 segment, 1 run, each transcript the recorded one (SHA-256)"
replay big-scenario --format jsonl
expect_eq "a scenario of almost 4 MiB, an 8 MiB header: exit 0" 0 "$RC"
cmp -s "$TMP/out" "$R/game.expected" && ok "an 8 MiB header: the game's transcript" || not_ok "an 8 MiB header: the game's transcript" "$(head -c 300 "$TMP/out")"
err_is "an 8 MiB header: verified" "kitchen replay: replay verified: 1 segment, 1 run, each transcript the recorded one (SHA-256)"

# ---- cut short: as far as it goes, exit 0 -------------------------------
replay cut-mid-line --format jsonl
expect_eq "cut in the middle of a line: exit 0" 0 "$RC"
err_is "cut in the middle of a line: says so" \
	"kitchen replay: $R/cut-mid-line.jsonl: the recording stops at line 4 (the next line is cut in the middle), before its end (the run was cut short): replayed up to its last complete action, at 1.500 s"
expect_eq "cut: the transcript up to the last complete action" \
	"$(head -8 "$R/game.expected")" "$(head -8 "$TMP/out")"
grep -q '"task":"combine"' "$TMP/out" && not_ok "cut: nothing after the last action" || ok "cut: nothing after the last action"
tail -1 "$TMP/out" | grep -q '^{"ev":"summary"' && ok "cut: a summary as of then" || not_ok "cut: a summary as of then" "$(tail -1 "$TMP/out")"
replay no-end --format jsonl
expect_eq "no end line: exit 0" 0 "$RC"
err_is "no end line: says so" \
	"kitchen replay: $R/no-end.jsonl: the recording stops at line 5, before its end (the run was cut short): replayed up to its last complete action, at 3.000 s"

# ---- damaged: FILE:LINE: error, exit 1 ----------------------------------
bad() {
	local name=$1 want=$2
	replay "$name" --format jsonl
	expect_eq "$name: exit 1" 1 "$RC"
	err_is "$name: message" "kitchen replay: $want"
}
bad garbage "$R/garbage.jsonl:1: error: not a kitchen recording: its first line is not a recording's header (not a JSON value at column 1)"
bad empty "$R/empty.jsonl:1: error: an empty file, not a kitchen recording"
bad cut-header "$R/cut-header.jsonl:1: error: not a kitchen recording (or one cut short inside its header)"
bad other-format "$R/other-format.jsonl:1: error: not a kitchen recording: its format is 'kitchen-notes', not 'kitchen-recording'"
bad version-2 "$R/version-2.jsonl:1: error: a recording of version 2; this kitchen reads version 1"
bad changed-scenario "$R/changed-scenario.jsonl:1: error: the scenario in the recording does not match its SHA-256 (the file was edited)"
bad broken-scenario "$R/broken-scenario.jsonl:1: error: the recorded scenario does not load: broken:1:1: missing key 'orders' in the scenario"
bad long-line "$R/long-line.jsonl:2: error: a line longer than 65536 bytes"
bad long-header "$R/long-header.jsonl:1: error: the first line is longer than 33554432 bytes: not a kitchen recording"
bad back-in-time "$R/back-in-time.jsonl:5: error: time goes back: t 1000 after 1500"
bad unknown-action "$R/unknown-action.jsonl:3: error: unknown action 'juggle'"
bad after-the-end "$R/after-the-end.jsonl:7: error: a line after the recording's final end"
bad pick-in-a-demo "$R/pick-in-a-demo.jsonl:2: error: a pick in a recording of the demonstration"
bad edited-time "$R/edited-time.jsonl:5: error: the game does not replay: #1 combine does not wait for the player at 2000 ms (the file was edited, or the engine is not the recording's)"
replay edited-hash --format jsonl
expect_eq "edited hash: exit 1" 1 "$RC"
err_is "edited hash: the transcripts differ" \
	"kitchen replay: $R/edited-hash.jsonl:6: segment 1's concurrent run: its transcript's SHA-256 is not the recorded one.
                The transcripts differ from the recording's: the file was edited, or this kitchen's engine is not the one that recorded it (kitchen 0.1.0)."
"$K" replay "$R/none.jsonl" --headless >/dev/null 2>"$TMP/err"; RC=$?
expect_eq "a missing file: exit 1" 1 "$RC"
err_is "a missing file: says so" "kitchen replay: $R/none.jsonl: error: cannot read it: No such file or directory"
"$K" replay "$R/game.jsonl" --headless --format xml >/dev/null 2>&1
expect_eq "an unknown format: usage, exit 2" 2 "$?"
"$K" replay >/dev/null 2>&1
expect_eq "no file: usage, exit 2" 2 "$?"
