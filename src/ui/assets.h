/*
 * assets.h — the ASCII art of assets/, compiled in (see tools/embed.c).
 */
#ifndef KITCHEN_UI_ASSETS_H
#define KITCHEN_UI_ASSETS_H

#include "base/embedded.h"

/* The asset called `name` (its file name without ".txt": "chef"), or NULL. */
const struct base_embedded *ui_asset_find(const char *name);

#endif
