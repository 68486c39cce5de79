/*
 * diag.c — diagnostics of the scenario loader: collecting them, putting
 * them in the order of the file, printing them; and the helpers that make
 * them readable: a safe way to quote the user's text and byte offsets
 * turned into line:column ("did you mean" is base_suggest).
 *
 * A struct scn_diags owns its file name and every message (scn_diags_close
 * frees them).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "internal.h"

int scn__diag(struct scn_diags *d, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	char *msg = malloc((size_t)n + 1);
	if (!msg)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		struct scn_diag *items = realloc(d->items, cap * sizeof *items);
		if (!items) {
			free(msg);
			return -1;
		}
		d->items = items;
		d->cap = cap;
	}
	d->items[d->n].line = line;
	d->items[d->n].col = col;
	d->items[d->n].message = msg;
	d->n++;
	return 0;
}

struct ranked {
	struct scn_diag d;
	size_t order;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->d.line != y->d.line)
		return x->d.line < y->d.line ? -1 : 1;
	if (x->d.col != y->d.col)
		return x->d.col < y->d.col ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

void scn__diags_finish(struct scn_diags *d)
{
	if (d->n == 0)
		return;
	/* A stable sort: messages at one position keep the order in which
	 * they were found. */
	struct ranked *r = malloc(d->n * sizeof *r);
	if (r) {
		for (size_t i = 0; i < d->n; i++) {
			r[i].d = d->items[i];
			r[i].order = i;
		}
		qsort(r, d->n, sizeof *r, cmp_ranked);
		for (size_t i = 0; i < d->n; i++)
			d->items[i] = r[i].d;
		free(r);
	}
	/* The same node reached twice through an alias says the same thing
	 * twice: once is enough. */
	size_t kept = 0;
	for (size_t i = 0; i < d->n; i++) {
		struct scn_diag *it = &d->items[i];
		if (kept > 0) {
			struct scn_diag *last = &d->items[kept - 1];
			if (last->line == it->line && last->col == it->col &&
			    !strcmp(last->message, it->message)) {
				free(it->message);
				continue;
			}
		}
		d->items[kept++] = *it;
	}
	d->n = kept;
	if (d->n > SCN_MAX_DIAGS) {
		size_t left = d->n - SCN_MAX_DIAGS;
		for (size_t i = SCN_MAX_DIAGS; i < d->n; i++)
			free(d->items[i].message);
		d->n = SCN_MAX_DIAGS;
		scn__diag(d, 0, 0, "%zu more errors not shown", left);
	}
}

void scn_diags_print(const struct scn_diags *d, FILE *to)
{
	const char *file = d->file ? d->file : "kitchen";
	struct base_text how = { .ascii = !base_utf8_locale(), .indent = -1,
				 .max_cols = -1 };
	struct base_buf b;
	base_buf_init(&b, NULL);
	for (size_t i = 0; i < d->n; i++) {
		const struct scn_diag *it = &d->items[i];
		b.n = 0;
		/* The file name as given may hold anything: escaped too. */
		how.indent = -1;
		int col = base_text_put(&b, file, strlen(file), &how, 0, NULL);
		size_t after_file = b.n;
		if (it->line > 0) {
			base_buf_putc(&b, ':');
			base_buf_u64(&b, (uint64_t)it->line);
			base_buf_putc(&b, ':');
			base_buf_u64(&b, (uint64_t)it->col);
		}
		base_buf_puts(&b, ": error: ");
		/* A line break in the message continues under it. */
		how.indent = col + (int)(b.n - after_file);
		base_text_put(&b, it->message, strlen(it->message), &how, how.indent, NULL);
		base_buf_putc(&b, '\n');
		fputs(base_buf_cstr(&b), to);
	}
	base_buf_close(&b);
}

void scn_diags_close(struct scn_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->items[i].message);
	free(d->items);
	free(d->file);
	memset(d, 0, sizeof *d);
}

const char *scn__show(const char *s, size_t len, char *out)
{
	size_t o = 0, i = 0;
	for (int chars = 0; i < len && chars < 40; chars++) {
		uint32_t cp;
		size_t n = base_utf8_decode(s + i, len - i, &cp);
		if (cp == 0)
			o += (size_t)snprintf(out + o, SCN__SHOW - o, "\\u{0000}");
		else if (cp == BASE_UTF8_INVALID)
			o += (size_t)snprintf(out + o, SCN__SHOW - o, "\\x{%02X}",
					      (unsigned char)s[i]);
		else
			memcpy(out + o, s + i, n), o += n;
		i += n;
	}
	if (i < len)
		memcpy(out + o, "...", 3), o += 3;
	out[o] = '\0';
	return out;
}

void scn__position(const char *buf, size_t len, size_t off, int *line,
		   int *col)
{
	const unsigned char *p = (const unsigned char *)buf;
	size_t i = 0;
	int l = 1, c = 1;
	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		i = 3;
	if (off > len)
		off = len;
	while (i < off) {
		size_t brk = 0;
		if (p[i] == '\r')
			brk = i + 1 < len && p[i + 1] == '\n' ? 2 : 1;
		else if (p[i] == '\n')
			brk = 1;
		else if (i + 1 < len && p[i] == 0xC2 && p[i + 1] == 0x85)
			brk = 2;
		else if (i + 2 < len && p[i] == 0xE2 && p[i + 1] == 0x80 &&
			 (p[i + 2] == 0xA8 || p[i + 2] == 0xA9))
			brk = 3;
		if (brk) {
			l++;
			c = 1;
			i += brk;
			continue;
		}
		if ((p[i] & 0xC0) != 0x80)
			c++;
		i++;
		/* Continuation bytes belong to the character already
		 * counted. */
		while (i < off && (p[i] & 0xC0) == 0x80)
			i++;
	}
	*line = l;
	*col = c;
}
