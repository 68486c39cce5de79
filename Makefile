# Async Kitchen — build, test, bench.
#
#   make          build ./kitchen
#   make run      the TUI on the built-in coffee shop (installs deps if missing)
#   make test     every test: unit (cmocka, ASan+UBSan), whole-program, TUI (tmux)
#   make test-fast  unit and golden tests only, for the edit-compile-test loop
#   make soak     the long checks (CI runs them after make test)
#   make bench    the benchmarks (engine vs SimPy, real-time clock)
#   make fuzz     libFuzzer on every parser and past them: scenarios, the engine,
#                 the exporters, recordings (clang; FUZZ_SECONDS=60 per target)
#   make mutants  faults planted in copies of the engine: the truth test must catch each
#   make deps     install the system packages the build and tests need
#   make install  PREFIX=/usr/local DESTDIR=

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
PKGS    := libuv ncursesw yaml-0.1 nettle
PKG_CFLAGS := $(filter-out -D_XOPEN_SOURCE=%,$(shell pkg-config --cflags $(PKGS) 2>/dev/null)) -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

VERSION := 0.1.0
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wvla -Wformat=2
DEFS    := -DKITCHEN_VERSION='"$(VERSION)"'
CFLAGS_COMMON := -std=c11 $(WARN) $(DEFS) $(PKG_CFLAGS) -Isrc -Ibuild/gen
CFLAGS_REL  := $(CFLAGS_COMMON) -O2 -g
CFLAGS_TEST := $(CFLAGS_COMMON) -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
LDFLAGS_TEST := -fsanitize=address,undefined

SRC      := $(shell find src -name '*.c' | LC_ALL=C sort)
LIB_SRC  := $(filter-out src/main.c,$(SRC))
GEN_SRC  := build/gen/builtin_data.c
SCENARIOS := $(sort $(wildcard scenarios/*.yaml))
ASSETS   := $(sort $(wildcard assets/*.txt))
PYTHON_PARTS := $(sort $(wildcard src/export/python/*.py))

REL_OBJ  := $(patsubst %.c,build/rel/%.o,$(SRC) $(GEN_SRC))
TEST_OBJ := $(patsubst %.c,build/test/%.o,$(LIB_SRC) $(GEN_SRC))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,build/test/unit/%,$(UNIT_SRC))
# What the unit tests and the fuzzers share (tests/support: the invariant
# checker).
SUPPORT_SRC := $(sort $(wildcard tests/support/*.c))
SUPPORT_OBJ := $(patsubst %.c,build/test/%.o,$(SUPPORT_SRC))
# Kept: as an intermediate file make would delete it after each build and
# relink every unit binary the next time.
.SECONDARY: $(SUPPORT_OBJ)

.PHONY: all run test test-fast soak test-build check-deps deps bench fuzz fuzz-build mutants clean install uninstall

all: kitchen

kitchen: build/kitchen
	ln -sf build/kitchen kitchen

build/kitchen: $(REL_OBJ)
	$(if $(Q),@echo "  LINK    $@")
	$(Q)$(CC) -o $@ $^ $(PKG_LIBS) -lm

build/kitchen-asan: $(patsubst %.c,build/test/%.o,$(SRC) $(GEN_SRC))
	$(if $(Q),@echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS_TEST) -o $@ $^ $(PKG_LIBS) -lm

# V=1 shows the whole commands.
Q := $(if $(V),,@)

build/rel/%.o: %.c $(GEN_SRC)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_REL) -MMD -MP -c -o $@ $<

build/test/%.o: %.c $(GEN_SRC)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC asan $<")
	$(Q)$(CC) $(CFLAGS_TEST) -MMD -MP -c -o $@ $<

# The built-in scenarios, the ASCII art and the asyncio export's Python, compiled in.
build/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARN) -O1 -o $@ $<

$(GEN_SRC): build/tools/embed $(SCENARIOS) $(ASSETS) $(PYTHON_PARTS)
	@mkdir -p $(dir $@)
	build/tools/embed $@ --scenarios $(SCENARIOS) --assets $(ASSETS) --python $(PYTHON_PARTS)

build/test/unit/%: tests/unit/%.c $(TEST_OBJ) $(SUPPORT_OBJ)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  TEST    $<")
	$(Q)$(CC) $(CFLAGS_TEST) -Itests -o $@ $< $(TEST_OBJ) $(SUPPORT_OBJ) $(LDFLAGS_TEST) $(PKG_LIBS) $(CMOCKA_LIBS) -lm

build/test/tests/support/%.o: tests/support/%.c $(GEN_SRC)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC asan $<")
	$(Q)$(CC) $(CFLAGS_TEST) -Itests -MMD -MP -c -o $@ $<

# libFuzzer targets (tests/fuzz/fuzz_*.c), built with clang: the library
# without the terminal, libuv or the commands, and tests/support.
CLANG ?= clang
# The engine's limit on tasks alive at once, lowered so that inputs meet it
# well inside the fuzzer's memory limit (the path is fuzzed too).
FUZZ_CFLAGS := -std=c11 $(WARN) $(DEFS) $(PKG_CFLAGS) -Isrc -Ibuild/gen -Itests -g -O1 \
	-fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
	-DENG__MAX_LIVE_TASKS=100000u
FUZZ_LIB_SRC := $(sort $(wildcard src/base/*.c src/scenario/*.c src/engine/*.c src/export/*.c \
	src/record/*.c)) $(SUPPORT_SRC) $(GEN_SRC)
FUZZ_OBJ := $(patsubst %.c,build/fuzz/obj/%.o,$(FUZZ_LIB_SRC))
FUZZ_BIN := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))

build/fuzz/obj/%.o: %.c $(GEN_SRC)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC fuzz $<")
	$(Q)$(CLANG) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  FUZZ    $<")
	$(Q)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJ) \
		$(shell pkg-config --libs yaml-0.1 nettle 2>/dev/null) -lm

fuzz-build: $(FUZZ_BIN)
.SECONDARY: $(FUZZ_OBJ)

# run and test install the dependencies first when pkg-config cannot find them.
check-deps:
	@pkg-config --exists $(PKGS) cmocka || tools/deps.sh

run: check-deps
	@$(MAKE) --no-print-directory kitchen
	./kitchen

test-build: kitchen build/kitchen-asan $(UNIT_BIN)

# The fuzz targets are built here, not inside tests/cli/test_fuzz_smoke.sh
# (the suite's time budget counts no build); without clang that test says so.
test: check-deps
	@$(MAKE) --no-print-directory test-build $(if $(shell command -v $(CLANG)),fuzz-build)
	@tests/run.sh

test-fast: check-deps
	@$(MAKE) --no-print-directory test-build
	@tests/run.sh unit tests/cli/test_examples.sh tests/cli/test_spec.sh tests/cli/test_golden.sh

soak: check-deps
	@$(MAKE) --no-print-directory test-build
	@KITCHEN_ALLOW_EMPTY=1 tests/run.sh tests/soak

deps:
	tools/deps.sh

bench: check-deps
	@$(MAKE) --no-print-directory kitchen build/bench/timer_heap build/bench/uv_timers
	@bench/run.sh

# The benchmark's peer: the coffee rush as a hand-written C timer heap.
build/bench/timer_heap: bench/timer_heap.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARN) -O2 -o $@ $<

# The bare libuv timers that bench/tui.sh prints beside the kitchen's.
build/bench/uv_timers: bench/uv_timers.c src/base/samples.c src/base/samples.h
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $@")
	$(Q)$(CC) $(CFLAGS_REL) -o $@ bench/uv_timers.c src/base/samples.c $(PKG_LIBS)

# make fuzz FUZZ_SECONDS=N: each target for N seconds (default 60).
FUZZ_SECONDS ?= 60
fuzz:
	@tests/fuzz/run.sh $(FUZZ_SECONDS)

mutants: check-deps
	@$(MAKE) --no-print-directory test-build
	@tests/mutants/run.sh

install: kitchen
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 build/kitchen $(DESTDIR)$(PREFIX)/bin/kitchen

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/kitchen

clean:
	rm -rf build kitchen

-include $(shell find build -name '*.d' 2>/dev/null)
