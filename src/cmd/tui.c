/* tui.c — the TUI command (placeholder). */
#include "cmd.h"
int cmd_tui(int argc, char **argv, int race) { (void)argc; (void)argv; (void)race; return 2; }
