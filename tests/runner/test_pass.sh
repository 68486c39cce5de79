# A script whose cases pass.
echo "ok first"
echo "# a comment line"
echo "ok second"
