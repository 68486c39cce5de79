/*
 * python.c — finds the compiled-in Python parts of the asyncio export.
 */
#include "export/python.h"

extern const struct base_embedded exp_python_table[];
extern const size_t exp_python_table_count;

const struct base_embedded *exp_python_part(const char *name)
{
	return base_embedded_find(exp_python_table, exp_python_table_count, name);
}
