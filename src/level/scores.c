/*
 * scores.c — best scores in scores.jsonl (scores.h). The file is read
 * whole and checked line by line; the line of this level is replaced (or
 * added) and every other line kept as it was.
 */
#include "scores.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/files.h"
#include "base/json.h"
#include "base/sha256.h"
#include "export/transcript.h"

int lvl_scores_path(char *buf, size_t cap, char *err, size_t errcap)
{
	char dir[4000];
	if (base_data_dir(dir, sizeof dir, err, errcap))
		return -1;
	if (snprintf(buf, cap, "%s/scores.jsonl", dir) >= (int)cap) {
		snprintf(err, errcap, "the scores file's name is too long");
		return -1;
	}
	return 0;
}

static bool is_hash(const struct base_json *v)
{
	if (!v || v->type != BASE_JSON_STRING || v->len != BASE_SHA256_HEX - 1)
		return false;
	for (size_t i = 0; i < v->len; i++)
		if (!strchr("0123456789abcdef", v->s[i]))
			return false;
	return true;
}

/* Walks the lines of `text`; for each calls fn(line, len, best_of_it,
 * sha, ctx). Returns 0, or -1 with "PATH:LINE: error: ..." in err. */
struct scan {
	const char *sha256;
	struct lvl_best found;
	const char *line;       /* the matching line, or NULL */
	size_t line_len;
};

static int scan(const char *path, const char *text, size_t len, struct scan *sc,
		char *err, size_t errcap)
{
	const char *p = text, *end = text + len;
	int lineno = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		lineno++;
		if (stop > p) {
			struct base_json_doc d;
			if (base_json_parse(p, (size_t)(stop - p), &d)) {
				snprintf(err, errcap, "%s:%d: error: not a line of best scores (%s "
					 "at column %zu)", path, lineno, d.error, d.column);
				base_json_free(&d);
				return -1;
			}
			const struct base_json *sha = base_json_get(d.root, "sha256");
			const struct base_json *best = base_json_get(d.root, "best");
			if (!is_hash(sha) || !best || !best->integer) {
				snprintf(err, errcap, "%s:%d: error: not a line of best scores "
					 "(it needs \"sha256\" and a whole \"best\")", path, lineno);
				base_json_free(&d);
				return -1;
			}
			if (!strcmp(sha->s, sc->sha256)) {
				sc->found.known = true;
				sc->found.score = best->i;
				sc->line = p;
				sc->line_len = (size_t)(stop - p);
			}
			base_json_free(&d);
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

int lvl_best_read(const char *path, const char *sha256, struct lvl_best *out,
		  char *err, size_t errcap)
{
	char *text;
	size_t len;
	memset(out, 0, sizeof *out);
	int rc = base_read_file(path, LVL_SCORES_MAX_BYTES, &text, &len, err, errcap);
	if (rc)
		return rc > 0 ? 0 : -1;
	struct scan sc = { .sha256 = sha256 };
	rc = scan(path, text, len, &sc, err, errcap);
	*out = sc.found;
	free(text);
	return rc;
}

int lvl_best_keep(const char *path, const char *name, const char *sha256,
		  int64_t score, uint64_t served, uint64_t orders,
		  struct lvl_best *before, char *err, size_t errcap)
{
	char *text = NULL;
	size_t len = 0;
	memset(before, 0, sizeof *before);
	int rc = base_read_file(path, LVL_SCORES_MAX_BYTES, &text, &len, err, errcap);
	if (rc < 0)
		return -1;
	struct scan sc = { .sha256 = sha256 };
	if (text && scan(path, text, len, &sc, err, errcap)) {
		free(text);
		return -1;
	}
	*before = sc.found;
	if (sc.found.known && sc.found.score >= score) {
		free(text);
		return 0;
	}
	struct base_buf b;
	base_buf_init(&b, NULL);
	/* Every other line as it was, then this level's. */
	const char *p = text, *end = text ? text + len : NULL;
	while (p && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		if (stop > p && p != sc.line) {
			base_buf_put(&b, p, (size_t)(stop - p));
			base_buf_putc(&b, '\n');
		}
		p = nl ? nl + 1 : end;
	}
	base_buf_puts(&b, "{\"level\":");
	exp_put_json_string(&b, name);
	base_buf_puts(&b, ",\"sha256\":\"");
	base_buf_puts(&b, sha256);
	base_buf_puts(&b, "\",\"best\":");
	base_buf_i64(&b, score);
	base_buf_puts(&b, ",\"served\":");
	base_buf_u64(&b, served);
	base_buf_puts(&b, ",\"orders\":");
	base_buf_u64(&b, orders);
	base_buf_puts(&b, "}\n");
	free(text);
	if (base_buf_failed(&b)) {
		base_buf_close(&b);
		snprintf(err, errcap, "out of memory");
		return -1;
	}
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (base_make_dirs(dir, err, errcap)) {
			base_buf_close(&b);
			return -1;
		}
	}
	rc = base_replace_file(path, b.v, b.n, err, errcap);
	base_buf_close(&b);
	return rc ? -1 : 1;
}
