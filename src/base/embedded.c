/*
 * embedded.c — finding a compiled-in file by name (embedded.h).
 */
#include "embedded.h"

#include <string.h>

const struct base_embedded *base_embedded_find(const struct base_embedded *table,
					       size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(table[i].name, name))
			return &table[i];
	return NULL;
}
