/*
 * utf8.h — UTF-8 as the whole program reads and writes it.
 *
 * One strict decoder (RFC 3629: no overlong forms, no surrogates, nothing
 * above U+10FFFF); display width from the C library's wcwidth(); and the
 * one rule for writing text that came from outside (a scenario, a file
 * name, an argument) where a person reads it, so that no such text can
 * move the cursor, reorder what follows it or look like a line of its own:
 *
 *   - C0 and C1 controls (a tab too), DEL, the bidirectional controls
 *     (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069) and the
 *     line and paragraph separators U+2028, U+2029 are written \u{XXXX};
 *     so is any character the locale cannot print (wcwidth() < 0);
 *   - a byte that is not UTF-8 is written \x{XX};
 *   - without a UTF-8 locale, every character outside ASCII is \u{XXXX};
 *   - a newline starts a continuation line indented to a given column, so
 *     the text stays inside its own message.
 *
 * JSON has its own escapes (\uXXXX): src/export/transcript.c writes those.
 */
#ifndef KITCHEN_BASE_UTF8_H
#define KITCHEN_BASE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* The code point stored for a byte that does not start a valid sequence. */
#define BASE_UTF8_INVALID 0x110000u

/*
 * Decodes the character at `s` (at most `left` bytes are read; a
 * NUL-terminated string may pass SIZE_MAX, as a NUL never continues a
 * sequence). Returns its length in bytes, 1 to 4 (0 only when left is 0),
 * and stores its code point in *cp, or BASE_UTF8_INVALID for a malformed,
 * overlong, surrogate, out-of-range or truncated sequence (length 1: the
 * caller skips one byte and goes on).
 */
size_t base_utf8_decode(const char *s, size_t left, uint32_t *cp);

/* Encodes code point `cp` (at most U+10FFFF, not a surrogate: the caller's
 * to check) into `out`; returns its length, 1 to 4. The inverse of
 * base_utf8_decode. */
size_t base_utf8_encode(uint32_t cp, char out[4]);

/* Whether the whole of `len` bytes is valid UTF-8. */
bool base_utf8_valid(const char *s, size_t len);

/* Whether cp is one that text output always escapes (see above: controls,
 * bidirectional controls, line and paragraph separators). */
bool base_utf8_is_control(uint32_t cp);

/* Columns cp takes on a terminal in the current locale (wcwidth()): 0 for a
 * combining mark, 2 for a wide (CJK) character, -1 when not printable. */
int base_utf8_cp_width(uint32_t cp);

/* Whether the locale's character set (LC_CTYPE, as set by setlocale) is
 * UTF-8. main() sets LC_CTYPE from the environment once at start. */
bool base_utf8_locale(void);

/* How a text is written (see the rules above). */
struct base_text {
	bool ascii;     /* no UTF-8 locale: non-ASCII as \u{XXXX} */
	int indent;     /* column of continuation lines after a newline;
			   -1: a newline is written \u{000A} like a control */
	int max_cols;   /* stop before the text would pass this many columns
			   (whole characters and escapes only); -1: no limit */
};

/*
 * Appends `len` bytes of `s` to `b` (NULL: only measure) by the rules
 * above. `col` is the column the text starts at (for max_cols and the
 * result). Returns the column after the text; *used, when not NULL, gets
 * the bytes of `s` consumed (less than len when max_cols stopped it).
 */
int base_text_put(struct base_buf *b, const char *s, size_t len,
		  const struct base_text *how, int col, size_t *used);

/*
 * Writes one message for a person to `to`: `prefix` (the program's own
 * words, as is), then `text` by the rules above — outside text such as a
 * file name or an engine's reason may be part of it — continuation lines
 * indented under the text, and a newline. A message longer than memory
 * allows is cut, never lost.
 */
void base_utf8_say(FILE *to, const char *prefix, const char *text);

/* Columns the NUL-terminated `s` takes written on one line by these rules
 * (a newline counted as its escape). */
int base_text_width(const char *s, bool ascii);

#endif
