#!/usr/bin/env bash
# libFuzzer on every parser and past them (`make fuzz`, FUZZ_SECONDS per
# target).
#
#   tests/fuzz/run.sh [SECONDS [TARGET...]]   default 60 s for each target
#
# Targets (tests/fuzz/fuzz_NAME.c, built by the Makefile into
# build/fuzz/fuzz_NAME with clang, -fsanitize=fuzzer,address,undefined):
#   load       the scenario loader
#   engine     the engine, both modes, SPEC §4's invariants checked
#   export     the asyncio program and the transcripts
#   recording  the recording reader and the headless replay
# The scenario targets are seeded with every scenario of the repository,
# the recording target with the recordings tests/tools/make_recordings.py
# writes (good and damaged). Each first replays its saved findings
# (tests/fuzz/regress/NAME/, each a test now), then fuzzes for SECONDS on
# its corpus (build/fuzz/corpus-NAME, kept for the next run). A crash, a
# broken promise, a leak, a hang (10 s per input) or a memory blow-up
# (2 GiB) leaves its input in build/fuzz/ and fails. Prints per target the
# runs, the corpus size and libFuzzer's coverage.
set -eu
cd "$(dirname "$0")/../.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(load engine export recording)
out=build/fuzz
mkdir -p "$out"
for name in "${targets[@]}"; do
	[ -f "tests/fuzz/fuzz_$name.c" ] || { echo "fuzz: no target '$name'" >&2; exit 2; }
done
make --no-print-directory -j2 fuzz-build >/dev/null

seeds() {
	local name=$1 dir=$out/seeds-$1
	rm -rf "$dir"
	mkdir -p "$dir"
	case $name in
	recording)
		make --no-print-directory kitchen >/dev/null
		python3 tests/tools/make_recordings.py ./kitchen "$dir"
		rm -f "$dir"/*.expected "$dir"/long-line.jsonl ;;
	*)
		for f in scenarios/*.yaml tests/golden/examples/*.yaml tests/golden/spec/*.yaml \
			tests/invalid/*.yaml tests/export/*.yaml tests/tui/*.yaml; do
			[ -f "$f" ] && cp "$f" "$dir/$(echo "$f" | tr / _)"
		done ;;
	esac
}

status=0
for name in "${targets[@]}"; do
	bin=$out/fuzz_$name
	regress=(tests/fuzz/regress/"$name"/*)
	if [ -e "${regress[0]}" ]; then
		if "$bin" "${regress[@]}" >"$out/$name-regress.log" 2>&1; then
			echo "fuzz_$name: ${#regress[@]} saved inputs, no finding"
		else
			echo "fuzz_$name: a saved input fails again (see $out/$name-regress.log)"
			tail -20 "$out/$name-regress.log"
			status=1
		fi
	fi
	seeds "$name"
	mkdir -p "$out/corpus-$name"
	dict=tests/fuzz/yaml.dict
	[ "$name" = recording ] && dict=tests/fuzz/json.dict
	if "$bin" "$out/corpus-$name" "$out/seeds-$name" -dict="$dict" \
		-max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$out/$name-" >"$out/$name.log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$name.log")
		cov=$(grep -o 'cov: [0-9]*' "$out/$name.log" | tail -1)
		echo "fuzz_$name: ${runs:-?} runs in ${seconds}s, corpus $(ls "$out/corpus-$name" | wc -l) inputs, ${cov:-cov: ?}, no finding"
	else
		echo "fuzz_$name: FINDING (input kept as $out/$name-*; log $out/$name.log)"
		grep -m3 -E 'broken promise|ERROR|SUMMARY' "$out/$name.log" || true
		status=1
	fi
done
exit $status
