/*
 * buf.c — the growable byte buffer (buf.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>

#include "buf.h"

void base_buf_init(struct base_buf *b, FILE *to)
{
	memset(b, 0, sizeof *b);
	b->to = to;
}

void base_buf_close(struct base_buf *b)
{
	free(b->v);
	b->v = NULL;
	b->n = b->cap = 0;
}

bool base_buf__grow(struct base_buf *b, size_t more)
{
	if (b->oom)
		return false;
	if (b->n + more <= b->cap)
		return true;
	if (b->to && b->n && b->n + more > BASE_BUF_BLOCK) {
		/* In front of a FILE, write out rather than grow. */
		base_buf__spill(b);
		if (b->n + more <= b->cap)
			return true;
	}
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->n + more) {
		if (cap > SIZE_MAX / 2) {
			b->oom = true;
			return false;
		}
		cap *= 2;
	}
	char *v = realloc(b->v, cap);
	if (!v) {
		b->oom = true;
		return false;
	}
	b->v = v;
	b->cap = cap;
	return true;
}

void base_buf__spill(struct base_buf *b)
{
	if (!b->to || !b->n)
		return;
	if (!b->error && fwrite(b->v, 1, b->n, b->to) != b->n) {
		b->error = true;
		b->err = errno ? errno : EIO;
	}
	b->n = 0;
}

int base_buf_flush(struct base_buf *b)
{
	if (b->to) {
		errno = 0;
		base_buf__spill(b);
		if (!b->error && fflush(b->to)) {
			b->error = true;
			b->err = errno ? errno : EIO;
		}
	}
	return base_buf_failed(b) ? -1 : 0;
}

void base_buf_puts(struct base_buf *b, const char *s)
{
	base_buf_put(b, s, strlen(s));
}

void base_buf_pad(struct base_buf *b, int n)
{
	static const char spaces[] = "                                ";
	while (n > 0) {
		int k = n < 32 ? n : 32;
		base_buf_put(b, spaces, (size_t)k);
		n -= k;
	}
}

static const char two_digits[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

char *base_dec_u64(char *end, uint64_t v)
{
	char *p = end;
	/* Most numbers fit 32 bits, whose division is cheaper. */
	while (v > UINT32_MAX) {
		unsigned r = (unsigned)(v % 100);
		v /= 100;
		p -= 2;
		memcpy(p, two_digits + 2 * r, 2);
	}
	uint32_t w = (uint32_t)v;
	while (w >= 100) {
		unsigned r = w % 100;
		w /= 100;
		p -= 2;
		memcpy(p, two_digits + 2 * r, 2);
	}
	if (w >= 10) {
		p -= 2;
		memcpy(p, two_digits + 2 * w, 2);
	} else {
		*--p = (char)('0' + w);
	}
	return p;
}

void base_buf_u64(struct base_buf *b, uint64_t v)
{
	/* Straight into place: no copy of a few bytes through memcpy. */
	if (!base_buf_room(b, 20))
		return;
	int len = base_dec_len(v);
	base_dec_u64(b->v + b->n + len, v);
	b->n += (size_t)len;
	if (b->to && b->n >= BASE_BUF_BLOCK)
		base_buf__spill(b);
}

void base_buf_i64(struct base_buf *b, int64_t v)
{
	if (v < 0) {
		base_buf_putc(b, '-');
		base_buf_u64(b, (uint64_t)0 - (uint64_t)v);
	} else {
		base_buf_u64(b, (uint64_t)v);
	}
}

void base_buf_vprintf(struct base_buf *b, const char *fmt, va_list ap)
{
	char small[256];
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	if (n < 0) {
		b->oom = true;
	} else if ((size_t)n < sizeof small) {
		base_buf_put(b, small, (size_t)n);
	} else if (base_buf__grow(b, (size_t)n + 1)) {
		vsnprintf(b->v + b->n, (size_t)n + 1, fmt, again);
		b->n += (size_t)n;
		if (b->to && b->n >= BASE_BUF_BLOCK)
			base_buf__spill(b);
	}
	va_end(again);
}

void base_buf_printf(struct base_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	base_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *base_buf_cstr(struct base_buf *b)
{
	if (b->n + 1 > b->cap && !base_buf__grow(b, 1))
		return "";
	b->v[b->n] = '\0';
	return b->v;
}
