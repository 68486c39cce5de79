#!/usr/bin/env bash
# make bench: the engine against SimPy, naming in the asyncio export, then the
# real-time clock (if built).
set -e
cd "$(dirname "$0")/.."
python3 bench/engine_bench.py ./kitchen --heap build/bench/timer_heap "$@"
echo
python3 bench/export_names.py ./kitchen
if [ -x bench/tui.sh ]; then
	echo
	bench/tui.sh
fi
