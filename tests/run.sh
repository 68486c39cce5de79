#!/bin/sh
# The whole test suite: cmocka unit tests (ASan+UBSan build), whole-program
# tests of the real binary (tests/cli), TUI tests in tmux (tests/tui), several
# at a time, each with a time limit; tests/run.py says how.
#
#   tests/run.sh [-j N] [DIR|SCRIPT|unit ...]   default: unit tests/cli tests/tui
exec python3 "$(dirname "$0")/run.py" "$@"
