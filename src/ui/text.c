/*
 * text.c — measuring, cutting and wrapping UTF-8 text in screen columns
 * (see text.h). Decoding is base_utf8_decode() rather than mbrtowc() so
 * that ASCII mode does not depend on what the C library makes of the
 * locale.
 */
#include "text.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "base/utf8.h"

/* One character at `s` (NUL-terminated): its length, its code point in *cp
 * (BASE_UTF8_INVALID for a byte that is not UTF-8: shown as '?'). */
static size_t decode(const char *s, unsigned *cp)
{
	uint32_t c;
	size_t n = base_utf8_decode(s, SIZE_MAX, &c);
	*cp = c;
	return n;
}

/* Columns of one code point in the mode. */
static int cp_width(unsigned cp, bool utf8)
{
	if (base_utf8_is_control(cp))
		return 1;               /* shown as a space */
	if (cp < 0x80 || !utf8)
		return 1;
	int w = base_utf8_cp_width(cp);
	return w < 0 ? 1 : w;
}

int ui_text_width(const char *s, bool utf8)
{
	int w = 0;
	while (*s) {
		unsigned cp;
		s += decode(s, &cp);
		w += cp_width(cp, utf8);
	}
	return w;
}

/* Appends the character (n bytes at s, code point cp) as the mode shows it. */
static size_t put_char(char *out, size_t at, size_t cap, const char *s,
		       size_t n, unsigned cp, bool utf8)
{
	if (base_utf8_is_control(cp)) {
		s = " ";
		n = 1;
	} else if (cp >= 0x80 && (!utf8 || base_utf8_cp_width(cp) < 0)) {
		s = "?";
		n = 1;
	}
	if (at + n >= cap)
		return at;
	memcpy(out + at, s, n);
	return at + n;
}

int ui_text_fit(const char *s, int cols, bool utf8, const char *ellipsis,
		char *out, size_t cap)
{
	if (cap == 0)
		return 0;
	out[0] = '\0';
	if (cols <= 0)
		return 0;
	int ew = ellipsis ? ui_text_width(ellipsis, utf8) : 0;
	size_t at = 0;
	int w = 0;
	const char *p = s;
	while (*p && *p != '\n') {
		unsigned cp;
		size_t n = decode(p, &cp);
		int cw = cp_width(cp, utf8);
		if (w + cw > cols)
			break;
		size_t before = at;
		at = put_char(out, at, cap, p, n, cp, utf8);
		if (at == before)
			break;          /* out of buffer */
		w += cw;
		p += n;
	}
	out[at] = '\0';
	if ((*p && *p != '\n') && ellipsis && ew <= cols) {
		/* Cut: make room for the ellipsis at the end. */
		while (w + ew > cols && at > 0) {
			size_t back = at - 1;
			while (back > 0 && ((unsigned char)out[back] & 0xC0) == 0x80)
				back--;
			unsigned cp;
			decode(out + back, &cp);
			w -= cp_width(cp, utf8);
			at = back;
		}
		size_t el = strlen(ellipsis);
		if (at + el < cap) {
			memcpy(out + at, ellipsis, el);
			at += el;
			w += ew;
		}
		out[at] = '\0';
	}
	return w;
}

/* Whether the space at `sp` (not the first byte of `s`) sits between a
 * number and its unit of time ("4 s", "0.5 ms", "2 min"): a lesson read
 * aloud keeps "4 s" on one line. */
static bool glues_unit(const char *s, const char *sp)
{
	if (sp == s || !isdigit((unsigned char)sp[-1]))
		return false;
	static const char *const units[] = { "s", "ms", "min", "h" };
	for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
		size_t n = strlen(units[i]);
		if (!strncmp(sp + 1, units[i], n) && !isalnum((unsigned char)sp[1 + n]))
			return true;
	}
	return false;
}

size_t ui_text_wrap(const char *s, int cols, bool utf8, const char **next)
{
	const char *p = s, *last_space = NULL, *last_glued = NULL;
	int w = 0;
	if (cols < 1)
		cols = 1;
	while (*p && *p != '\n') {
		unsigned cp;
		size_t n = decode(p, &cp);
		int cw = cp_width(cp, utf8);
		if (w + cw > cols) {
			/* At the last space, unless it holds a number to its
			 * unit and an earlier one will do. */
			const char *at = last_space && last_space > s ? last_space : last_glued;
			if (at && at > s) {
				*next = at + 1;
				return (size_t)(at - s);
			}
			*next = p;
			return (size_t)(p - s);
		}
		if (*p == ' ') {
			if (glues_unit(s, p))
				last_glued = p;
			else
				last_space = p;
		}
		w += cw;
		p += n;
	}
	*next = *p == '\n' ? p + 1 : NULL;
	if (*next && !**next)
		*next = NULL;
	return (size_t)(p - s);
}
