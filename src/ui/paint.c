/*
 * paint.c — text, glyph runs, boxes and bars on the curses screen
 * (see paint.h). The only file besides screen.c and theme.c that calls
 * curses' output functions.
 */
#include "paint.h"

#include <curses.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "text.h"

int ui_put(const struct ui_theme *t, int y, int x, int maxw, enum ui_role role,
	   const char *s)
{
	if (maxw <= 0 || !s)
		return 0;
	char buf[1024];
	int w = ui_text_fit(s, maxw, t->utf8, t->g->ellipsis, buf, sizeof buf);
	attr_t a = (attr_t)ui_theme_attr(t, role);
	attron(a);
	mvaddstr(y, x, buf);
	attroff(a);
	return w;
}

int ui_putf(const struct ui_theme *t, int y, int x, int maxw, enum ui_role role,
	    const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return ui_put(t, y, x, maxw, role, buf);
}

int ui_put_right(const struct ui_theme *t, int y, int x, int w, enum ui_role role,
		 const char *s)
{
	int sw = ui_text_width(s, t->utf8);
	if (sw > w)
		sw = w;
	return ui_put(t, y, x + w - sw, sw, role, s);
}

void ui_fill(const struct ui_theme *t, int y, int x, int w, enum ui_role role,
	     const char *glyph)
{
	if (w <= 0)
		return;
	attr_t a = (attr_t)ui_theme_attr(t, role);
	attron(a);
	move(y, x);
	for (int i = 0; i < w; i++)
		addstr(glyph);
	attroff(a);
}

void ui_clear(const struct ui_theme *t, struct ui_rect r, enum ui_role role)
{
	for (int i = 0; i < r.h; i++)
		ui_fill(t, r.y + i, r.x, r.w, role, " ");
}

struct ui_rect ui_box(const struct ui_theme *t, struct ui_rect r,
		      const char *title, enum ui_role title_role)
{
	struct ui_rect in = { r.y + 1, r.x + 1, r.h - 2, r.w - 2 };
	if (r.h < 2 || r.w < 2) {
		struct ui_rect none = { r.y, r.x, 0, 0 };
		return none;
	}
	const struct ui_glyphs *g = t->g;
	ui_put(t, r.y, r.x, 1, UI_R_BORDER, g->tl);
	ui_fill(t, r.y, r.x + 1, r.w - 2, UI_R_BORDER, g->h);
	ui_put(t, r.y, r.x + r.w - 1, 1, UI_R_BORDER, g->tr);
	for (int i = 1; i < r.h - 1; i++) {
		ui_put(t, r.y + i, r.x, 1, UI_R_BORDER, g->v);
		ui_put(t, r.y + i, r.x + r.w - 1, 1, UI_R_BORDER, g->v);
	}
	ui_put(t, r.y + r.h - 1, r.x, 1, UI_R_BORDER, g->bl);
	ui_fill(t, r.y + r.h - 1, r.x + 1, r.w - 2, UI_R_BORDER, g->h);
	ui_put(t, r.y + r.h - 1, r.x + r.w - 1, 1, UI_R_BORDER, g->br);
	if (title && r.w > 6) {
		char buf[256];
		snprintf(buf, sizeof buf, " %s ", title);
		ui_put(t, r.y, r.x + 2, r.w - 4, title_role, buf);
	}
	return in;
}

void ui_bar(const struct ui_theme *t, int y, int x, int w, int64_t num,
	    int64_t den, enum ui_role full, enum ui_role empty)
{
	if (w <= 0)
		return;
	if (den <= 0) {
		den = 1;
		num = num > 0;
	}
	if (num < 0)
		num = 0;
	if (num > den)
		num = den;
	/* In eighths of a cell. */
	int64_t eighths = (int64_t)((double)num / (double)den * (double)w * 8.0);
	int cells = (int)(eighths / 8), part = (int)(eighths % 8);
	ui_fill(t, y, x, cells, full, t->g->full);
	int used = cells;
	if (used < w && part && t->g->partial) {
		ui_put(t, y, x + used, 1, full, t->g->partial[part - 1]);
		used++;
	}
	ui_fill(t, y, x + used, w - used, empty, t->g->empty);
}

void ui_flow_init(struct ui_flow *f, struct ui_rect r, int skip)
{
	f->r = r;
	f->y = r.y;
	f->skip = skip > 0 ? skip : 0;
	f->rows = 0;
}

/* The next row: on screen (returns true, its y in *y) or passed over / cut
 * off. */
static bool flow_row(struct ui_flow *f, int *y)
{
	f->rows++;
	if (f->skip > 0) {
		f->skip--;
		return false;
	}
	if (f->y >= f->r.y + f->r.h)
		return false;
	*y = f->y++;
	return true;
}

int ui_flow_text(const struct ui_theme *t, struct ui_flow *f, enum ui_role role,
		 const char *prefix, const char *text)
{
	char line[1024];
	const char *p = text;
	int pw = prefix ? ui_text_width(prefix, t->utf8) : 0;
	int end_x = f->r.x;
	bool first = true;
	while (p && *p) {
		int lead = first ? pw : 0;
		const char *next;
		size_t n = ui_text_wrap(p, f->r.w - lead, t->utf8, &next);
		int y;
		if (flow_row(f, &y)) {
			if (n >= sizeof line)
				n = sizeof line - 1;
			memcpy(line, p, n);
			line[n] = '\0';
			if (lead)
				ui_put(t, y, f->r.x, lead, UI_R_LABEL, prefix);
			end_x = f->r.x + lead + ui_put(t, y, f->r.x + lead, f->r.w - lead, role, line);
		}
		first = false;
		p = next;
	}
	return end_x;
}

void ui_flow_blank(struct ui_flow *f)
{
	int y;
	flow_row(f, &y);
}

char *ui_line_next(const char **p, char *buf, size_t cap)
{
	if (!*p || !**p || !cap)
		return NULL;
	const char *nl = strchr(*p, '\n');
	size_t n = nl ? (size_t)(nl - *p) : strlen(*p);
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, *p, n);
	buf[n] = '\0';
	*p = nl ? nl + 1 : NULL;
	return buf;
}

bool ui_flow_cut(const struct ui_flow *f)
{
	return f->rows > f->r.h;
}

const char *ui_secs(int64_t ms, char *buf)
{
	const char *sign = ms < 0 ? "-" : "";
	uint64_t a = ms < 0 ? (uint64_t)(-(ms + 1)) + 1 : (uint64_t)ms;
	snprintf(buf, 32, "%s%" PRIu64 ".%03" PRIu64, sign, a / 1000, a % 1000);
	return buf;
}

const char *ui_secs1(int64_t ms, char *buf)
{
	if (ms < 0)
		ms = 0;
	uint64_t tenths = ((uint64_t)ms + 99) / 100;
	snprintf(buf, 32, "%" PRIu64 ".%" PRIu64, tenths / 10, tenths % 10);
	return buf;
}

const char *ui_secs1_past(int64_t ms, char *buf)
{
	if (ms < 0)
		ms = 0;
	uint64_t tenths = (uint64_t)ms / 100;
	snprintf(buf, 32, "%" PRIu64 ".%" PRIu64, tenths / 10, tenths % 10);
	return buf;
}
