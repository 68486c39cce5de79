/* check.c — kitchen check / kitchen list (placeholder until the loader lands). */
#include "cmd.h"
int cmd_check(int argc, char **argv) { (void)argc; (void)argv; return 2; }
int cmd_list(int argc, char **argv) { (void)argc; (void)argv; return 2; }
