/*
 * paint.h — the few ways the TUI puts things on the screen: text clipped to
 * a width, a run of glyphs, a box with a title, a progress bar. Everything
 * goes through the theme (roles, glyphs) and through text.h (columns), so
 * no panel can write outside the rectangle it was given.
 */
#ifndef KITCHEN_UI_PAINT_H
#define KITCHEN_UI_PAINT_H

#include <stdbool.h>
#include <stddef.h>
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

/*
 * Text laid out row by row in a rectangle, wrapped at spaces (a newline
 * always breaks), its first `skip` rows passed over (scrolling). It counts
 * every row the text takes, drawn or not, so a rectangle of height 0
 * measures without drawing.
 */
struct ui_flow {
	struct ui_rect r;
	int y;                  /* the next row on screen */
	int skip;               /* rows still to pass over */
	int rows;               /* rows laid out so far, passed over and cut off included */
};

void ui_flow_init(struct ui_flow *f, struct ui_rect r, int skip);
/* `text` wrapped to the width; `prefix` (may be NULL) on its first row,
 * in the label role; returns the column after the last character of its
 * last row. */
int ui_flow_text(const struct ui_theme *t, struct ui_flow *f, enum ui_role role,
		 const char *prefix, const char *text);
/* An empty row. */
void ui_flow_blank(struct ui_flow *f);
/* The line of `*p` up to its newline, copied into `buf` (cut to `cap`);
 * *p moves past the newline, to NULL after the last line. Returns buf,
 * or NULL when there is no line left. */
char *ui_line_next(const char **p, char *buf, size_t cap);
/* True when the rows laid out so far go beyond the rectangle. */
bool ui_flow_cut(const struct ui_flow *f);

/* "3.000" for 3000 ms; `buf` >= 32 bytes. Negative values get a '-'. */
const char *ui_secs(int64_t ms, char *buf);
/* "1.2" (one decimal) for a time left, rounded up (0.01 s left is not
 * 0.0 s left); `buf` >= 32 bytes. */
const char *ui_secs1(int64_t ms, char *buf);
/* "0.1" (one decimal) for a time gone by, rounded down (0.136 s is 0.1 s,
 * never more than has passed); `buf` >= 32 bytes. */
const char *ui_secs1_past(int64_t ms, char *buf);

#endif
