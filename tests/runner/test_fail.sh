# A script with a failing case.
echo "ok first"
echo "FAIL second"
echo "  why it failed"
echo "ok third"
