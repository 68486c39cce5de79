/*
 * assets.h — the ASCII art of assets/, compiled in (see tools/embed.c).
 */
#ifndef KITCHEN_UI_ASSETS_H
#define KITCHEN_UI_ASSETS_H

#include <stddef.h>

struct ui_asset {
	const char *name;       /* file name without extension: "chef" */
	const char *file;       /* "chef.txt" */
	const char *text;       /* NUL-terminated */
	size_t len;
};

/* The asset called `name`, or NULL. */
const struct ui_asset *ui_asset_find(const char *name);

#endif
