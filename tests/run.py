#!/usr/bin/env python3
"""The test runner (tests/run.sh calls it): cmocka unit binaries (the
ASan+UBSan build), whole-program scripts (tests/cli), TUI scripts in tmux
(tests/tui), long checks (tests/soak) -- several at a time, each in its own
process tree with a time limit, as libuv's runner does.

    tests/run.sh [-j N] [DIR|SCRIPT|unit ...]   default: unit tests/cli tests/tui

Output, in a fixed order whatever order the jobs end in:
  * per unit binary, cmocka's PASSED/FAILED lines prefixed with its name;
  * per script "NAME: N passed, M failed" (its "ok NAME" / "FAIL NAME"
    lines counted), and the lines after each FAIL when it fails;
  * the slowest jobs, wall and CPU time, and the totals;
  * last, "total: N passed, M failed". The exit status is 0 when nothing
    failed (and something passed, unless KITCHEN_ALLOW_EMPTY=1).
The whole output of every job that failed (of every job, with
KITCHEN_TEST_LOGS=all) goes to build/test-logs/NAME.log;
every job's wall and CPU time to build/test-logs/times.txt and, for the
next run's order, build/test-times.txt.

A script's time limit is a line of its leading comment, `# limit: N s`
(default 60 s; unit binaries 30 s); KITCHEN_TEST_TIME_SCALE multiplies
every limit (a slow machine, valgrind). A job past its limit is killed
with everything it started and fails with a message naming it. Every job runs
at a lower priority (nice 10) but the scripts whose timing is what they
check, which say so with a line `# realtime: WHY`: they get a CPU at once
when they wake, however busy the other jobs keep the machine.

Each job runs under a process of its own that reaps every process the job
leaves behind (a Linux child subreaper: tmux servers detach from the
script that starts them), so its CPU time counts them too, and nothing it
started outlives it. The longest jobs (by the last run's times, or their
limits) start first; KITCHEN_TEST_JOBS or -j sets how many run at once.
"""
import json
import os
import re
import shutil
import signal
import sys
import time

ROOT = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
LOGS = os.environ.get("KITCHEN_TEST_LOG_DIR") or "build/test-logs"
HISTORY = os.environ.get("KITCHEN_TEST_HISTORY") or "build/test-times.txt"
SCRIPT_LIMIT = 60
UNIT_LIMIT = 30
GRACE = 3.0          # seconds a job's leftovers get to end by themselves
PR_SET_CHILD_SUBREAPER = 36
NICE = 10            # the priority of every job but the real-time ones


class Job:
    def __init__(self, kind, path, group):
        self.kind = kind                     # "unit" or "script"
        self.path = path
        self.group = group
        self.name = os.path.basename(path)
        if self.name.endswith(".sh"):
            self.name = self.name[:-3]
        self.limit = UNIT_LIMIT if kind == "unit" else SCRIPT_LIMIT
        self.realtime = False
        if kind == "script":
            self.read_header()
        self.limit *= float(os.environ.get("KITCHEN_TEST_TIME_SCALE", "1") or 1)
        self.result = None
        self.key = group + "/" + self.name

    def read_header(self):
        """`# limit: N s` and `# realtime: WHY` in the leading comment."""
        with open(self.path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if not line.startswith("#"):
                    break
                m = re.match(r"#\s*limit:\s*(\d+(?:\.\d+)?)\s*s\b", line)
                if m:
                    self.limit = float(m.group(1))
                if re.match(r"#\s*realtime:", line):
                    self.realtime = True

    def argv(self):
        return [self.path] if self.kind == "unit" else ["bash", self.path]


# ---- one job, in a process of its own --------------------------------------

def children_of(pid):
    """The pids whose parent is pid (Linux /proc; empty elsewhere)."""
    kids = []
    try:
        names = os.listdir("/proc")
    except OSError:
        return kids
    for n in names:
        if not n.isdigit():
            continue
        try:
            with open(f"/proc/{n}/stat", "rb") as f:
                st = f.read()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses
        fields = st[st.rfind(b")") + 2:].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            kids.append(int(n))
    return kids


def supervise(job, out_path, result_path):
    """Runs in the forked child: starts the job in a session of its own,
    reaps it and everything it leaves behind, kills all of it at the time
    limit (or when the runner is interrupted), and writes what happened to
    result_path as JSON. Never returns."""
    watched = {signal.SIGCHLD, signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    signal.pthread_sigmask(signal.SIG_BLOCK, watched)
    subreaper = False
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        subreaper = libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        pass
    t0 = time.monotonic()
    out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    pid = os.fork()
    if pid == 0:
        try:
            os.setsid()
            if not job.realtime:
                os.nice(NICE)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, watched)
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            os.dup2(out, 1)
            os.dup2(out, 2)
            os.execvp(job.argv()[0], job.argv())
        finally:
            os._exit(127)
    os.close(out)
    deadline = t0 + job.limit
    status = None
    timed_out = interrupted = False
    left = 0
    user = sys_ = 0.0
    end = None             # when the job ended (its main process)
    grace_end = None

    def reap():
        nonlocal status, user, sys_, end
        while True:
            try:
                p, st, ru = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                return False           # no child left at all
            if p == 0:
                return True
            user += ru.ru_utime
            sys_ += ru.ru_stime
            if p == pid:
                status = st
                end = time.monotonic()

    def kill_all():
        """SIGKILL to the job's session and every process left to us (each
        round may orphan more, which then come to us)."""
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
        for _ in range(50):
            kids = children_of(os.getpid())
            if not kids:
                break
            for k in kids:
                try:
                    os.kill(k, signal.SIGKILL)
                except OSError:
                    pass
            reap()
            time.sleep(0.02)

    while True:
        alive = reap()
        now = time.monotonic()
        if not alive:
            break
        if status is None and now >= deadline:
            timed_out = True
            kill_all()
            continue
        if status is not None:
            if grace_end is None:
                grace_end = now + GRACE
            if now >= grace_end:
                left = len(children_of(os.getpid()))
                kill_all()
                reap()
                break
        wait_until = deadline if status is None else grace_end
        timeout = max(0.01, min(wait_until - now, 1.0))
        if hasattr(signal, "sigtimedwait"):
            sig = signal.sigtimedwait(watched, timeout)
            signo = sig.si_signo if sig is not None else None
        else:                   # no sigtimedwait (macOS): poll
            time.sleep(min(timeout, 0.05))
            pending = signal.sigpending() & watched
            signo = next(iter(pending - {signal.SIGCHLD}), None)
        if signo is not None and signo != signal.SIGCHLD:
            interrupted = True
            kill_all()
    if end is None:
        end = time.monotonic()
    res = {
        "wall": end - t0, "user": user, "sys": sys_, "timed_out": timed_out,
        "interrupted": interrupted, "left": left, "subreaper": subreaper,
        "exit": os.WEXITSTATUS(status) if status is not None and os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if status is not None and os.WIFSIGNALED(status) else None,
    }
    with open(result_path, "w") as f:
        json.dump(res, f)
    os._exit(0)


# ---- reading what a job printed ---------------------------------------------

def unit_report(job, text, res):
    """cmocka's summary lines; (passed, failed, lines to show)."""
    passed = re.findall(r"^\[  PASSED  \] (\d+) test", text, re.M)
    failed = re.findall(r"^\[  FAILED  \] (\d+) test", text, re.M)
    p = int(passed[-1]) if passed else 0
    f = int(failed[-1]) if failed else 0
    ok = res["exit"] == 0
    if not ok and not failed:
        f += 1
    shown = [f"{job.name}: {l}" for l in text.splitlines()
             if re.match(r"^\[ *(PASSED|FAILED|  ERROR) *\]|^\[  FAILED  \] [a-z_]", l)]
    return p, f, shown, not ok


def script_report(job, text, res):
    lines = text.splitlines()
    p = sum(1 for l in lines if l.startswith("ok "))
    f = sum(1 for l in lines if l.startswith("FAIL "))
    bad = res["exit"] != 0
    if bad and f == 0:
        f = 1
    shown = [f"{job.name}: {p} passed, {f} failed"]
    if f:
        # as grep -A15 '^FAIL ' | head -60
        keep = set()
        for i, l in enumerate(lines):
            if l.startswith("FAIL "):
                keep.update(range(i, min(i + 16, len(lines))))
        shown += [lines[i] for i in sorted(keep)][:60]
    return p, f, shown, f > 0


def finish(job, out_path, res):
    with open(out_path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    why = None
    if res["timed_out"]:
        why = f"FAIL {job.name}: timed out after {job.limit:g} s (its limit), killed with every process it started"
    elif res["interrupted"]:
        why = f"FAIL {job.name}: interrupted"
    elif res["signal"] is not None:
        why = f"FAIL {job.name}: killed by signal {res['signal']}"
        res["exit"] = 128 + res["signal"]
    elif res["exit"] != 0 and not re.search(r"^FAIL |^\[  FAILED  \] ", text, re.M):
        why = f"FAIL {job.name}: exit status {res['exit']}"
    if why:
        text += ("" if text.endswith("\n") or not text else "\n") + why + "\n"
        res["exit"] = res["exit"] or 1
    report = unit_report if job.kind == "unit" else script_report
    p, f, shown, keep_log = report(job, text, res)
    if why and job.kind == "unit":
        shown.append(why)
    if res["left"]:
        shown.append(f"{job.name}: note: {res['left']} process(es) still running {GRACE:g} s after it ended, killed")
    if keep_log or os.environ.get("KITCHEN_TEST_LOGS") == "all":
        with open(os.path.join(LOGS, job.name + ".log"), "w", encoding="utf-8") as lf:
            lf.write(text)
    os.unlink(out_path)
    job.result = (p, f, shown, res)


# ---- the whole run -----------------------------------------------------------

def collect(args):
    jobs = []
    for d in args:
        if d == "unit":
            bins = sorted(os.path.join("build/test/unit", n) for n in os.listdir("build/test/unit")
                          if n.startswith("test_")) if os.path.isdir("build/test/unit") else []
            jobs += [Job("unit", b, "unit") for b in bins if os.access(b, os.X_OK) and os.path.isfile(b)]
        elif os.path.isfile(d):
            jobs.append(Job("script", d, d))
        else:
            names = sorted(n for n in os.listdir(d) if n.startswith("test_") and n.endswith(".sh")) \
                if os.path.isdir(d) else []
            jobs += [Job("script", os.path.join(d, n), d) for n in names]
    return jobs


def load_history():
    times = {}
    try:
        with open(HISTORY) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 3 and not line.startswith("#"):
                    times[parts[2]] = float(parts[0])
    except (OSError, ValueError):
        pass
    return times


def main():
    os.chdir(ROOT)
    argv = sys.argv[1:]
    njobs = int(os.environ.get("KITCHEN_TEST_JOBS", "0") or 0)
    if len(argv) >= 2 and argv[0] == "-j":
        njobs = int(argv[1])
        argv = argv[2:]
    elif argv and argv[0].startswith("-j"):
        njobs = int(argv[0][2:])
        argv = argv[1:]
    if njobs <= 0:
        njobs = 2 * (os.cpu_count() or 1)
    groups = argv or ["unit", "tests/cli", "tests/tui"]
    os.environ.setdefault("KITCHEN_TEST_BIN", ROOT + "/build/kitchen-asan")
    os.environ["KITCHEN_PLAIN_BIN"] = ROOT + "/build/kitchen"
    os.environ.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0")
    os.environ.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    shutil.rmtree(LOGS, ignore_errors=True)
    os.makedirs(LOGS, exist_ok=True)
    work = os.path.join(LOGS, ".running")
    os.makedirs(work, exist_ok=True)

    jobs = collect(groups)
    history = load_history()
    # Longest first (the last run's wall time, else the limit as a guess).
    order = sorted(jobs, key=lambda j: -history.get(j.key, j.limit / 4))
    pending = list(order)
    running = {}            # supervisor pid -> (job, out, result)
    shown_upto = 0
    heading = None
    passed = failed = 0
    t_start = time.monotonic()

    def show_ready():
        nonlocal shown_upto, heading, passed, failed
        while shown_upto < len(jobs) and jobs[shown_upto].result is not None:
            j = jobs[shown_upto]
            if j.group != heading:
                heading = j.group
                print("== unit tests (cmocka, ASan+UBSan)" if heading == "unit" else "== " + heading)
            p, f, shown, _ = j.result
            passed += p
            failed += f
            for l in shown:
                print(l)
            sys.stdout.flush()
            shown_upto += 1

    def start(j):
        base = os.path.join(work, j.key.replace("/", "_"))
        out, res = base + ".out", base + ".json"
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                supervise(j, out, res)
            finally:
                os._exit(70)
        running[pid] = (j, out, res)

    def stop(signo, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    try:
        while pending or running:
            while pending and len(running) < njobs:
                start(pending.pop(0))
            pid, _ = os.waitpid(-1, 0)
            if pid not in running:
                continue
            j, out, res_path = running.pop(pid)
            try:
                with open(res_path) as f:
                    res = json.load(f)
                os.unlink(res_path)
            except (OSError, ValueError):
                res = {"wall": 0.0, "user": 0.0, "sys": 0.0, "timed_out": False,
                       "interrupted": False, "left": 0, "exit": 1, "signal": None}
            finish(j, out, res)
            show_ready()
    except KeyboardInterrupt:
        for pid in running:
            try:
                os.kill(pid, signal.SIGTERM)
            except OSError:
                pass
        for pid in list(running):
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        print("\ninterrupted")
        return 130
    try:
        os.rmdir(work)
    except OSError:
        pass
    wall = time.monotonic() - t_start

    # Times: every job's in the logs, the slowest here, the history for
    # the next run's order.
    done = [j for j in jobs if j.result]
    cpu = lambda j: j.result[3]["user"] + j.result[3]["sys"]
    by_wall = sorted(done, key=lambda j: -j.result[3]["wall"])
    with open(os.path.join(LOGS, "times.txt"), "w") as f:
        f.write("# wall_s cpu_s job (%d at a time)\n" % njobs)
        for j in by_wall:
            f.write("%7.1f %7.1f %s\n" % (j.result[3]["wall"], cpu(j), j.key))
    history.update({j.key: j.result[3]["wall"] for j in done})
    with open(HISTORY, "w") as f:
        f.write("# wall_s cpu_s job: the last run's times (tests/run.py starts the longest first)\n")
        for key, w in sorted(history.items(), key=lambda kv: -kv[1]):
            c = next((cpu(j) for j in done if j.key == key), 0.0)
            f.write("%7.1f %7.1f %s\n" % (w, c, key))
    if len(done) > 1:
        print("== slowest (wall, CPU of all its processes; every job's: %s/times.txt)" % LOGS)
        for j in by_wall[:5]:
            print("%7.1f s %6.1f s  %s" % (j.result[3]["wall"], cpu(j), j.name))
        print("%7.1f s %6.1f s  all %d jobs, %d at a time" % (wall, sum(cpu(j) for j in done), len(done), njobs))
    print(f"total: {passed} passed, {failed} failed")
    if failed:
        return 1
    if passed == 0 and os.environ.get("KITCHEN_ALLOW_EMPTY", "0") != "1":
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
