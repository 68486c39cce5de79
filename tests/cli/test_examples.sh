#!/usr/bin/env bash
# The worked examples of SPEC §4/§6 (tests/golden/examples): `kitchen run
# FILE --format jsonl` must print exactly their transcripts (extra fields
# allowed, nothing else may differ), in both modes where one is given.
source tests/lib.sh
for yaml in tests/golden/examples/*.yaml; do
	check_transcripts example "$yaml"
done
compare_transcripts
