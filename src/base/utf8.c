/*
 * utf8.c — decoding, measuring and safely writing UTF-8 (utf8.h).
 */
#include <langinfo.h>
#include <string.h>
#include <wchar.h>

#include "utf8.h"

size_t base_utf8_decode(const char *s, size_t left, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (left == 0) {
		*cp = BASE_UTF8_INVALID;
		return 0;
	}
	unsigned c = u[0];
	size_t n;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		n = 2, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4, v = c & 0x07, min = 0x10000;
	} else {
		*cp = BASE_UTF8_INVALID;
		return 1;
	}
	if (n > left) {
		*cp = BASE_UTF8_INVALID;
		return 1;
	}
	/* Stops at the first byte that does not continue: never reads past a
	 * NUL. */
	for (size_t i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			*cp = BASE_UTF8_INVALID;
			return 1;
		}
		v = (v << 6) | (u[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = BASE_UTF8_INVALID;
		return 1;
	}
	*cp = v;
	return n;
}

size_t base_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

bool base_utf8_valid(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		i += base_utf8_decode(s + i, len - i, &cp);
		if (cp == BASE_UTF8_INVALID)
			return false;
	}
	return true;
}

bool base_utf8_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C ||
	       cp == 0x200E || cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

int base_utf8_cp_width(uint32_t cp)
{
	if (cp >= 0x20 && cp < 0x7F)
		return 1;
	if (cp > 0x10FFFF)
		return -1;
	return wcwidth((wchar_t)cp);
}

bool base_utf8_locale(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
}

/* "\u{202E}" or "\x{FF}" into out (at least 12 bytes); returns its length. */
static size_t escape_of(uint32_t cp, unsigned char byte, char *out)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;
	char digits[8];
	int nd = 0;
	if (cp == BASE_UTF8_INVALID) {
		out[n++] = '\\', out[n++] = 'x', out[n++] = '{';
		out[n++] = hex[byte >> 4], out[n++] = hex[byte & 15];
		out[n++] = '}';
		return n;
	}
	do {
		digits[nd++] = hex[cp & 15];
		cp >>= 4;
	} while (cp || nd < 4);
	out[n++] = '\\', out[n++] = 'u', out[n++] = '{';
	while (nd)
		out[n++] = digits[--nd];
	out[n++] = '}';
	return n;
}

int base_text_put(struct base_buf *b, const char *s, size_t len,
		  const struct base_text *how, int col, size_t *used)
{
	size_t i = 0;
	while (i < len) {
		const char *piece = s + i;
		uint32_t cp;
		size_t n = base_utf8_decode(s + i, len - i, &cp), pn = n;
		int w;
		char esc[12];
		if (cp == '\n' && how->indent >= 0) {
			if (b) {
				base_buf_putc(b, '\n');
				base_buf_pad(b, how->indent);
			}
			col = how->indent;
			i += n;
			continue;
		}
		if (cp >= 0x20 && cp < 0x7F) {
			w = 1;
		} else if (cp == BASE_UTF8_INVALID || base_utf8_is_control(cp) ||
			   how->ascii || (w = base_utf8_cp_width(cp)) < 0) {
			pn = escape_of(cp, (unsigned char)s[i], esc);
			piece = esc;
			w = (int)pn;
		}
		if (how->max_cols >= 0 && col + w > how->max_cols)
			break;
		if (b)
			base_buf_put(b, piece, pn);
		col += w;
		i += n;
	}
	if (used)
		*used = i;
	return col;
}

int base_text_width(const char *s, bool ascii)
{
	struct base_text how = { .ascii = ascii, .indent = -1, .max_cols = -1 };
	return base_text_put(NULL, s, strlen(s), &how, 0, NULL);
}

void base_utf8_say(FILE *to, const char *prefix, const char *text)
{
	struct base_buf b;
	base_buf_init(&b, NULL);
	base_buf_puts(&b, prefix);
	struct base_text how = { .ascii = !base_utf8_locale(),
				 .indent = (int)b.n, .max_cols = -1 };
	base_text_put(&b, text, strlen(text), &how, (int)b.n, NULL);
	base_buf_putc(&b, '\n');
	fwrite(b.v, 1, b.n, to);
	base_buf_close(&b);
}
