#!/usr/bin/env bash
# Fuzzes the scenario loader with libFuzzer (clang), `make fuzz`.
#
#   tests/fuzz/run.sh [SECONDS]      default 60
#
# Builds build/fuzz/fuzz_load from tests/fuzz/fuzz_load.c and src/scenario
# with -fsanitize=fuzzer,address,undefined, then runs it for SECONDS on a
# corpus seeded with every scenario the repository has (scenarios/,
# tests/golden/examples/, tests/invalid/). New inputs stay in
# build/fuzz/corpus for the next run; a crash, leak, hang (10 s per input)
# or memory blow-up (2 GiB) leaves its input in build/fuzz/ and fails.
set -eu
cd "$(dirname "$0")/../.."
seconds=${1:-60}
CLANG=${CLANG:-clang}
out=build/fuzz
mkdir -p "$out/corpus" "$out/seeds"

make --no-print-directory build/gen/builtin_data.c >/dev/null
flags="-std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
	-fno-sanitize-recover=all -Wall -Wextra -Werror -D_DEFAULT_SOURCE
	-D_XOPEN_SOURCE=700 -Isrc -Ibuild/gen $(pkg-config --cflags yaml-0.1)"
# shellcheck disable=SC2086
"$CLANG" $flags -o "$out/fuzz_load" tests/fuzz/fuzz_load.c src/scenario/*.c src/base/utf8.c src/base/buf.c src/base/suggest.c \
	build/gen/builtin_data.c $(pkg-config --libs yaml-0.1)

for f in scenarios/*.yaml tests/golden/examples/*.yaml tests/invalid/*.yaml; do
	[ -f "$f" ] && cp "$f" "$out/seeds/"
done
echo "fuzzing the scenario loader for ${seconds}s (corpus: $out/corpus)"
exec "$out/fuzz_load" "$out/corpus" "$out/seeds" \
	-dict=tests/fuzz/yaml.dict -max_total_time="$seconds" -max_len=16384 \
	-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$out/"
