#!/bin/sh
# Installs the system packages that Async Kitchen's build and tests need.
set -e
DEBIAN="build-essential pkg-config libuv1-dev libncurses-dev libyaml-dev nettle-dev libcmocka-dev tmux valgrind clang python3 python3-simpy python3-yaml time"
FEDORA="gcc make pkgconf-pkg-config libuv-devel ncurses-devel libyaml-devel nettle-devel libcmocka-devel tmux valgrind clang python3 python3-pyyaml"
BREW="pkg-config libuv ncurses libyaml nettle cmocka tmux python3 pyyaml"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
if command -v apt-get >/dev/null 2>&1; then
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $DEBIAN
	# libFuzzer's runtime (make fuzz) is only a recommendation of clang.
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libclang-rt-dev ||
		echo "kitchen: libclang-rt-dev not found; make fuzz may not link" >&2
elif command -v dnf >/dev/null 2>&1; then
	$SUDO dnf install -y $FEDORA
elif command -v brew >/dev/null 2>&1; then
	brew install $BREW
else
	echo "kitchen: no apt-get, dnf or brew here; please install:" >&2
	echo "  C compiler, make, pkg-config, libuv, ncursesw, libyaml, nettle, cmocka (headers too)," >&2
	echo "  and for the tests: tmux, valgrind, clang, python3 with PyYAML" >&2
	echo "  (Debian names: $DEBIAN)" >&2
	exit 1
fi
