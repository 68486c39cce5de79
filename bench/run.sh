#!/usr/bin/env bash
# make bench: the engine against SimPy and the C timer heap, naming in the
# asyncio export, then the real-time clock. Every part runs even when an
# earlier one missed a target (its figures are worth reading too); the exit
# status is 1 when any part missed one.
cd "$(dirname "$0")/.."
missed=()
python3 bench/engine_bench.py ./kitchen --heap build/bench/timer_heap "$@" || missed+=("engine")
echo
python3 bench/export_names.py ./kitchen || missed+=("export naming")
if [ -x bench/tui.sh ]; then
	echo
	bench/tui.sh || missed+=("real-time clock")
fi
if [ ${#missed[@]} -gt 0 ]; then
	echo
	echo "make bench: a target was missed in: $(IFS=,; echo "${missed[*]}" | sed 's/,/, /g')"
	exit 1
fi
