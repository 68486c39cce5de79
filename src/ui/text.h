/*
 * text.h — text as the screen sees it: display columns, not bytes.
 *
 * Scenario texts are UTF-8. With a UTF-8 locale they are shown as they are,
 * measured with wcwidth(); without one (ASCII mode) every non-ASCII
 * character becomes '?', one column wide. Control characters (C0, C1,
 * bidirectional controls, line separators: base_utf8_is_control) become
 * spaces.
 * No curses here: the drawing code fits its text with these helpers first.
 */
#ifndef KITCHEN_UI_TEXT_H
#define KITCHEN_UI_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Display columns of the NUL-terminated `s`. */
int ui_text_width(const char *s, bool utf8);

/*
 * Copies into `out` (capacity `cap` bytes, always NUL-terminated) as much of
 * `s` as fits in `cols` columns, converted for the mode; when `s` is cut and
 * `ellipsis` is given, the last column shows it instead. Stops at a newline.
 * Returns the columns used.
 */
int ui_text_fit(const char *s, int cols, bool utf8, const char *ellipsis,
		char *out, size_t cap);

/*
 * Word wrap: the length in bytes of the first line of `s` that fits in
 * `cols` columns (cut at a space when there is one, at a newline always),
 * and in *next where the following line starts (NULL at the end).
 */
size_t ui_text_wrap(const char *s, int cols, bool utf8, const char **next);

#endif
