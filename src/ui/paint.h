/*
 * paint.h — the few ways the TUI puts things on the screen: text clipped to
 * a width, a run of glyphs, a box with a title, a progress bar. Everything
 * goes through the theme (roles, glyphs) and through text.h (columns), so
 * no panel can write outside the rectangle it was given.
 */
#ifndef KITCHEN_UI_PAINT_H
#define KITCHEN_UI_PAINT_H

#include <stdint.h>

#include "layout.h"
#include "theme.h"

/* Writes `s` at (y, x) in at most `maxw` columns (cut with an ellipsis);
 * returns the columns written. */
int ui_put(const struct ui_theme *t, int y, int x, int maxw, enum ui_role role,
	   const char *s);
/* Same with a printf format. */
int ui_putf(const struct ui_theme *t, int y, int x, int maxw, enum ui_role role,
	    const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Writes `s` right-aligned so that it ends at column x + w. */
int ui_put_right(const struct ui_theme *t, int y, int x, int w, enum ui_role role,
		 const char *s);

/* `w` copies of `glyph` from (y, x). */
void ui_fill(const struct ui_theme *t, int y, int x, int w, enum ui_role role,
	     const char *glyph);

/* A box around `r` with `title` in its top edge. Returns the inside. */
struct ui_rect ui_box(const struct ui_theme *t, struct ui_rect r,
		      const char *title, enum ui_role title_role);

/* Clears the rectangle to spaces of `role`. */
void ui_clear(const struct ui_theme *t, struct ui_rect r, enum ui_role role);

/* A bar of `w` cells filled `num`/`den` (clamped to 0..1), the full part in
 * `full`, the rest in `empty` (eighths of a cell with UTF-8). */
void ui_bar(const struct ui_theme *t, int y, int x, int w, int64_t num,
	    int64_t den, enum ui_role full, enum ui_role empty);

/* "3.000" for 3000 ms; `buf` >= 32 bytes. Negative values get a '-'. */
const char *ui_secs(int64_t ms, char *buf);
/* "1.2" (one decimal) for a time left, rounded up (0.01 s left is not
 * 0.0 s left); `buf` >= 32 bytes. */
const char *ui_secs1(int64_t ms, char *buf);
/* "0.1" (one decimal) for a time gone by, rounded down (0.136 s is 0.1 s,
 * never more than has passed); `buf` >= 32 bytes. */
const char *ui_secs1_past(int64_t ms, char *buf);

#endif
