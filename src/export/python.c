/*
 * python.c — finds the compiled-in Python parts of the asyncio export.
 */
#include <string.h>

#include "export/python.h"

extern const struct exp_python exp_python_table[];
extern const size_t exp_python_table_count;

const struct exp_python *exp_python_part(const char *name)
{
	for (size_t i = 0; i < exp_python_table_count; i++)
		if (!strcmp(exp_python_table[i].name, name))
			return &exp_python_table[i];
	return NULL;
}
