#!/usr/bin/env bash
# Fuzzes every parser with libFuzzer (clang), `make fuzz`.
#
#   tests/fuzz/run.sh [SECONDS [TARGET...]]   default 60 s for each target
#
# Targets (tests/fuzz/fuzz_NAME.c, built into build/fuzz/fuzz_NAME with
# -fsanitize=fuzzer,address,undefined):
#   load       the scenario loader; seeds: every scenario of the repository
#              (scenarios/, tests/golden/examples/, tests/invalid/)
#   recording  the recording reader and the headless replay; seeds: the
#              recordings tests/tools/make_recordings.py writes (good and
#              damaged)
# A binary is rebuilt only when a source is newer. New inputs stay in
# build/fuzz/corpus-NAME for the next run; a crash, leak, hang (10 s per
# input) or memory blow-up (2 GiB) leaves its input in build/fuzz/ and
# fails.
set -eu
cd "$(dirname "$0")/../.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(load recording)
CLANG=${CLANG:-clang}
out=build/fuzz
mkdir -p "$out"

make --no-print-directory build/gen/builtin_data.c >/dev/null
flags="-std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
	-fno-sanitize-recover=all -Wall -Wextra -Werror -D_DEFAULT_SOURCE
	-D_XOPEN_SOURCE=700 -DKITCHEN_VERSION=\"0.1.0\" -Isrc -Ibuild/gen
	$(pkg-config --cflags yaml-0.1 nettle)"
libs="$(pkg-config --libs yaml-0.1 nettle) -lm"

sources_of() {
	case $1 in
	load) echo src/scenario/*.c src/base/utf8.c src/base/buf.c src/base/suggest.c \
		build/gen/builtin_data.c ;;
	recording) echo src/record/*.c src/engine/*.c src/export/transcript.c \
		src/export/timeline.c src/scenario/*.c src/base/*.c build/gen/builtin_data.c ;;
	*) echo "fuzz: no target '$1' (load, recording)" >&2; exit 2 ;;
	esac
}

# build NAME: build/fuzz/fuzz_NAME, when any of its sources is newer.
build() {
	local name=$1 bin=$out/fuzz_$1 src
	src="tests/fuzz/fuzz_$name.c $(sources_of "$name")"
	# shellcheck disable=SC2086
	if [ -x "$bin" ] && [ -z "$(find $src $(find src -name '*.h') -newer "$bin" 2>/dev/null)" ]; then
		return
	fi
	# shellcheck disable=SC2086
	"$CLANG" $flags -o "$bin" $src $libs
}

seeds() {
	local name=$1 dir=$out/seeds-$1
	rm -rf "$dir"
	mkdir -p "$dir"
	case $name in
	load)
		for f in scenarios/*.yaml tests/golden/examples/*.yaml tests/invalid/*.yaml; do
			[ -f "$f" ] && cp "$f" "$dir/"
		done ;;
	recording)
		make --no-print-directory kitchen >/dev/null
		python3 tests/tools/make_recordings.py ./kitchen "$dir"
		rm -f "$dir"/*.expected "$dir"/long-line.jsonl ;;
	esac
}

status=0
for name in "${targets[@]}"; do
	build "$name"
	seeds "$name"
	mkdir -p "$out/corpus-$name"
	dict=tests/fuzz/yaml.dict
	[ "$name" = recording ] && dict=tests/fuzz/json.dict
	echo "fuzzing $name for ${seconds}s (corpus: $out/corpus-$name)"
	"$out/fuzz_$name" "$out/corpus-$name" "$out/seeds-$name" \
		-dict="$dict" -max_total_time="$seconds" -max_len=16384 \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$out/$name-" || status=1
done
exit $status
