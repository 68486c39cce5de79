#!/usr/bin/env bash
# Every curriculum scenario is a level whose goal `kitchen run` meets in
# concurrent mode (asyncio's own schedule) and misses in sequential mode.
# The goal is read from the YAML and judged here from the jsonl transcript
# (served = order_done; within = the last order_done/order_failed;
# late_max = the latest task_done/task_failed), apart from the program's own
# judge (src/level), so the two cannot be wrong the same way. `kitchen
# list` marks each as a level.
source tests/lib.sh

list=$("$K" list)
python3 - "$K" "$ROOT/scenarios" "$list" <<'EOF'
import json, subprocess, sys, glob, os, re
import yaml

kitchen, folder, listing = sys.argv[1], sys.argv[2], sys.argv[3]

def seconds(d):
    m = re.fullmatch(r'([0-9.]+)\s*(ms|s|min)?', str(d).strip())
    n = float(m.group(1))
    return n / 1000 if m.group(2) == 'ms' else n * 60 if m.group(2) == 'min' else n

def judge(goal, events, orders):
    served = sum(1 for e in events if e.get('ev') == 'order_done')
    ends = [e['t'] for e in events if e.get('ev') in ('order_done', 'order_failed')]
    late = max([e.get('late', 0) for e in events if e.get('ev') in ('task_done', 'task_failed')] or [0])
    why = []
    want = goal.get('served')
    if want is not None:
        need = orders if want == 'all' else int(want)
        if served < need:
            why.append(f'served {served}, the goal is {need}')
    if 'within' in goal:
        if len(ends) < orders or max(ends) > seconds(goal['within']) + 1e-9:
            why.append(f'last order ended at {max(ends or [0])}, the goal is by {goal["within"]}')
    if 'late_max' in goal and late > seconds(goal['late_max']) + 1e-9:
        why.append(f'a task {late} s late, the goal is {goal["late_max"]}')
    return why

files = sorted(glob.glob(os.path.join(folder, '*.yaml')))
if len(files) < 10:
    print(f'FAIL the curriculum has {len(files)} scenarios'); sys.exit(0)
for path in files:
    doc = yaml.safe_load(open(path))
    name = re.sub(r'^[0-9]+-', '', os.path.basename(path)[:-5])
    goal = doc.get('goal')
    if not isinstance(goal, dict):
        print(f'FAIL {name}: has a goal'); continue
    line = next((l for l in listing.splitlines() if l.split()[:1] == [name]), '')
    print(('ok' if re.match(r'\S+\s+level\s', line) else 'FAIL') + f' {name}: kitchen list marks it a level')
    for mode, want_met in (('concurrent', True), ('sequential', False)):
        out = subprocess.run([kitchen, 'run', path, '--mode', mode, '--format', 'jsonl'],
                             capture_output=True, text=True)
        events = [json.loads(l) for l in out.stdout.splitlines()]
        summary = events[-1] if events else {}
        orders = summary.get('orders', 0)
        why = judge(goal, events[:-1], orders)
        met = out.returncode == 0 and orders > 0 and not why
        label = f'{name}: kitchen run --mode {mode} ' + ('meets the goal' if want_met else 'misses the goal')
        if met == want_met:
            print(f'ok {label}')
        else:
            print(f'FAIL {label}')
            print(f'  exit {out.returncode}; ' + ('; '.join(why) or 'every part of the goal met'))
EOF
