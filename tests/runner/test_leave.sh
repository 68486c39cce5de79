# A script that leaves a process running in a session of its own, as a tmux
# server does.
setsid sh -c 'echo $$ >"$RUNNER_TMP/leave.pid"; exec sleep 30' </dev/null >/dev/null 2>&1 &
while [ ! -s "$RUNNER_TMP/leave.pid" ]; do sleep 0.05; done
echo "ok left one"
