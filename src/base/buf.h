/*
 * buf.h — one growable byte buffer, in memory or in front of a FILE.
 *
 * Writers format into it by hand (no printf in hot paths) and it hands the
 * bytes to its FILE in large blocks. Failures are sticky, so a writer can
 * go on appending and ask once, at a convenient moment, whether everything
 * arrived: `oom` when memory ran out (what was appended after is dropped),
 * `error` (with errno in `err`) when the FILE refused a write. Nothing here
 * aborts.
 */
#ifndef KITCHEN_BASE_BUF_H
#define KITCHEN_BASE_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct base_buf {
	char *v;                /* the bytes; not NUL-terminated (base_buf_cstr) */
	size_t n, cap;
	FILE *to;               /* NULL: keep everything in memory */
	bool oom;               /* memory ran out: appends since may be lost */
	bool error;             /* a write to `to` failed (errno in err) */
	int err;
};

/* An empty buffer; with `to`, appends are written there in blocks of
 * BASE_BUF_BLOCK bytes (and by base_buf_flush). */
#define BASE_BUF_BLOCK (64 * 1024)
void base_buf_init(struct base_buf *b, FILE *to);
/* Frees the bytes (without writing them) and leaves b empty, reusable. */
void base_buf_close(struct base_buf *b);

/* Writes what is held to `to` and fflush()es it. Returns 0, or -1 when this
 * or an earlier write failed or memory ran out (see base_buf_failed). */
int base_buf_flush(struct base_buf *b);
/* Whether anything was lost so far (oom or a write error). */
static inline bool base_buf_failed(const struct base_buf *b)
{
	return b->oom || b->error;
}

/* Makes room for `more` bytes; returns false (and sets oom) when it cannot.
 * Used by the appenders below; writers may use it to append in place. */
bool base_buf__grow(struct base_buf *b, size_t more);
/* Writes the held bytes to `to` once a block has gathered. */
void base_buf__spill(struct base_buf *b);

static inline void base_buf_put(struct base_buf *b, const void *s, size_t n)
{
	if (b->n + n > b->cap && !base_buf__grow(b, n))
		return;
	memcpy(b->v + b->n, s, n);
	b->n += n;
	if (b->to && b->n >= BASE_BUF_BLOCK)
		base_buf__spill(b);
}

static inline void base_buf_putc(struct base_buf *b, char c)
{
	base_buf_put(b, &c, 1);
}

void base_buf_puts(struct base_buf *b, const char *s);

/* Writes v in decimal so that it ends just before `end` (at most 20 bytes
 * before it); returns where it starts. Two digits a step, no printf: the
 * transcripts write tens of millions of numbers. */
char *base_dec_u64(char *end, uint64_t v);

/* How many decimal digits v has (1 to 20). */
static inline int base_dec_len(uint64_t v)
{
	int n = 1;
	while (v >= 10000) {
		v /= 10000;
		n += 4;
	}
	return n + (v >= 10) + (v >= 100) + (v >= 1000);
}

/* Makes room for `n` more bytes (true), or sets oom (false): a writer may
 * then write up to n bytes at b->v + b->n itself and add them to b->n. */
static inline bool base_buf_room(struct base_buf *b, size_t n)
{
	return b->n + n <= b->cap || base_buf__grow(b, n);
}
/* `n` spaces (nothing when n <= 0). */
void base_buf_pad(struct base_buf *b, int n);
/* A number in decimal, without printf. */
void base_buf_u64(struct base_buf *b, uint64_t v);
void base_buf_i64(struct base_buf *b, int64_t v);
/* printf into the buffer (for the rare, not hot, formatted piece). */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
void base_buf_printf(struct base_buf *b, const char *fmt, ...);
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 0)))
#endif
void base_buf_vprintf(struct base_buf *b, const char *fmt, va_list ap);

/* The bytes as a NUL-terminated string (in-memory buffers; "" when empty
 * or out of memory). Valid until the next append. */
const char *base_buf_cstr(struct base_buf *b);

#endif
