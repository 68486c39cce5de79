# A script that stops with an error status before saying why.
echo "ok first"
exit 3
