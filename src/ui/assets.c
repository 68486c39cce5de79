/*
 * assets.c — lookup of the compiled-in ASCII art.
 */
#include "assets.h"

extern const struct base_embedded ui_asset_table[];
extern const size_t ui_asset_table_count;

const struct base_embedded *ui_asset_find(const char *name)
{
	return base_embedded_find(ui_asset_table, ui_asset_table_count, name);
}
