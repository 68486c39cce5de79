/*
 * assets.c — lookup of the compiled-in ASCII art.
 */
#include <string.h>

#include "assets.h"

extern const struct ui_asset ui_asset_table[];
extern const size_t ui_asset_table_count;

const struct ui_asset *ui_asset_find(const char *name)
{
	for (size_t i = 0; i < ui_asset_table_count; i++)
		if (!strcmp(ui_asset_table[i].name, name))
			return &ui_asset_table[i];
	return NULL;
}
