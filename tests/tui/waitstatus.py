#!/usr/bin/env python3
"""waitstatus.py STATUS PIDFILE CMD...: runs CMD and writes how it ended to
STATUS: "exit N", or "signal N" when a signal ended it — which a shell's $?
cannot tell apart from exit(128 + N). CMD's pid goes to PIDFILE. This
process ignores Ctrl-C and Ctrl-\\ (they reach the whole foreground group),
and CMD gets every signal's default action back (Python ignores SIGPIPE and
SIGXFSZ, and an ignored signal stays ignored across exec)."""
import os
import signal
import sys

status_file, pid_file, *cmd = sys.argv[1:]
pid = os.fork()
if pid == 0:
    for s in (signal.SIGINT, signal.SIGQUIT, signal.SIGPIPE, signal.SIGXFSZ):
        signal.signal(s, signal.SIG_DFL)
    with open(pid_file, "w") as f:
        f.write("%d\n" % os.getpid())
    try:
        os.execvp(cmd[0], cmd)
    finally:
        os._exit(127)
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGQUIT, signal.SIG_IGN)
_, st = os.waitpid(pid, 0)
with open(status_file, "w") as f:
    if os.WIFSIGNALED(st):
        f.write("signal %d\n" % os.WTERMSIG(st))
    else:
        f.write("exit %d\n" % os.WEXITSTATUS(st))
