/*
 * fuzz_recording.c — libFuzzer harness for the recording reader and the
 * headless replay (tests/fuzz/run.sh, `make fuzz`).
 *
 * Any bytes go to rec_parse. A refusal must name the file and a line
 * ("fuzz.jsonl:N: error: ..."); an accepted recording must keep the
 * reader's promises (a header, lines in order, times that go back only
 * where a new segment starts or a step goes back, `complete` exactly when
 * the last line is a final end) and then replay headless without a crash,
 * whatever its actions ask. ASan, UBSan, -timeout and -rss_limit_mb catch
 * the rest.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz.h"
#include "record/replay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	if (!sink)
		sink = fopen("/dev/null", "w");
	struct rec_recording r;
	char err[800];
	int rc = rec_parse("fuzz.jsonl", (const char *)data, size, &r, err, sizeof err);
	if (rc) {
		CHECK(!strncmp(err, "fuzz.jsonl:", 11));
		CHECK(strstr(err, ": error: ") != NULL);
		rec_free(&r);
		return 0;
	}
	CHECK(r.s != NULL);
	CHECK(!strcmp(r.program, "play") || !strcmp(r.program, "demonstration"));
	for (size_t i = 0; i < r.n; i++) {
		const struct rec_line *l = &r.lines[i];
		CHECK(l->t >= 0);
		CHECK(l->lineno == (int)i + 2);
		if (l->kind == REC_LINE_DEED)
			CHECK(rec_deed_known(l->deed));
		else
			CHECK(l->n_runs >= 1 && l->n_runs <= REC_MAX_RUNS);
		if (i > 0) {
			const struct rec_line *p = &r.lines[i - 1];
			CHECK(l->wall >= p->wall);
			CHECK(l->t >= p->t || (p->kind == REC_LINE_DEED &&
					       (rec_deed_starts_segment(p->deed) ||
						!strcmp(p->deed, "back"))));
			CHECK(!(p->kind == REC_LINE_END && p->final));
		}
	}
	CHECK(r.complete == (r.n && r.lines[r.n - 1].kind == REC_LINE_END &&
			     r.lines[r.n - 1].final));
	struct rec_replay_result res;
	rc = rec_replay(&r, sink, EXP_JSONL, false, &res, err, sizeof err);
	if (rc)
		CHECK(strstr(err, ": error: ") != NULL);
	else
		CHECK(res.differ <= res.runs);
	rec_free(&r);
	return 0;
}
