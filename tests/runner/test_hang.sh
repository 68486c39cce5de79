# A script that hangs.
# limit: 1 s
echo "ok before the hang"
sleep 30 &
echo $! >"$RUNNER_TMP/hang.pid"
wait
