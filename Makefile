# remelt: least-cost furnace charges for secondary aluminium.
PREFIX ?= /usr/local
DESTDIR ?=
CC ?= cc
PKG_CONFIG ?= pkg-config

CSTD = -std=c11 -D_POSIX_C_SOURCE=200809L
WARN = -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
OPT ?= -O2 -g
MODULES = core inventory grades plant solver price reports
INC = $(addprefix -I,$(MODULES) cli tui)
CPPFLAGS_ALL = $(INC) -DREMELT_SHARE_DIR='"$(PREFIX)/share/remelt"'
LIBS = -lglpk -lcsv -lcjson -lm
# ncurses, for the TUI in remelt and remelt-san only: ncursesw when pkg-config knows it.
CURSES_CFLAGS := $(shell $(PKG_CONFIG) --cflags ncursesw 2>/dev/null || \
	$(PKG_CONFIG) --cflags ncurses 2>/dev/null)
CURSES_LIBS := $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null || \
	$(PKG_CONFIG) --libs ncurses 2>/dev/null || echo -lncurses)

# solver/'s subfolders (model/, chance/, diagnose/, adjust/) build into the same library; their
# headers are included as "model/model.h" through -Isolver.
LIB_SRC = $(foreach m,$(MODULES),$(wildcard $(m)/*.c $(m)/*/*.c))
CLI_SRC = $(wildcard cli/*.c)
# tui/: the files that include curses, and the rest (state, keys, edits), which the unit
# tests link without a terminal library.
TUI_CURSES_SRC = tui/tui_term.c $(wildcard tui/tui_draw*.c)
TUI_SRC = $(filter-out $(TUI_CURSES_SRC),$(wildcard tui/*.c))
TEST_SRC = $(wildcard tests/test_*.c)

BUILD = build
SAN = build-san
SANFLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: all run test test-bin check check-format sanitize install clean deps bench bench-chance bench-warm bench-price-warm format \
	fuzz fuzz-bin

all: remelt

deps:
	@sh scripts/deps.sh

# Objects per build flavour: build/ (normal) and build-san/ (ASan+UBSan).
$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(OPT) $(CFLAGS) $(CPPFLAGS_ALL) $(CPPFLAGS) -MMD -MP -c $< -o $@

$(SAN)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(SANFLAGS) $(CPPFLAGS_ALL) -MMD -MP -c $< -o $@

LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ = $(CLI_SRC:%.c=$(BUILD)/%.o)
LIB_SAN_OBJ = $(LIB_SRC:%.c=$(SAN)/%.o)
CLI_SAN_OBJ = $(CLI_SRC:%.c=$(SAN)/%.o)
TUI_OBJ = $(TUI_SRC:%.c=$(BUILD)/%.o)
TUI_SAN_OBJ = $(TUI_SRC:%.c=$(SAN)/%.o)
TUI_CURSES_OBJ = $(TUI_CURSES_SRC:%.c=$(BUILD)/%.o)
TUI_CURSES_SAN_OBJ = $(TUI_CURSES_SRC:%.c=$(SAN)/%.o)
$(TUI_CURSES_OBJ) $(TUI_CURSES_SAN_OBJ): CPPFLAGS_ALL += $(CURSES_CFLAGS)

$(BUILD)/libremelt.a: $(LIB_OBJ)
	ar rcs $@ $^

$(SAN)/libremelt.a: $(LIB_SAN_OBJ)
	ar rcs $@ $^

remelt: $(CLI_OBJ) $(TUI_OBJ) $(TUI_CURSES_OBJ) $(BUILD)/libremelt.a
	$(CC) $(OPT) $(LDFLAGS) -o $@ $^ $(LIBS) $(CURSES_LIBS)

remelt-san: $(CLI_SAN_OBJ) $(TUI_SAN_OBJ) $(TUI_CURSES_SAN_OBJ) $(SAN)/libremelt.a
	$(CC) $(SANFLAGS) -o $@ $^ $(LIBS) $(CURSES_LIBS)

sanitize: remelt-san

# Unit tests (cmocka), each built normally and with sanitizers.
TEST_BIN = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
TEST_SAN_BIN = $(TEST_SRC:tests/%.c=$(SAN)/tests/%)

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(BUILD)/libremelt.a
	$(CC) $(OPT) -o $@ $^ $(LIBS) -lcmocka

$(SAN)/tests/%: $(SAN)/tests/%.o $(SAN)/libremelt.a
	$(CC) $(SANFLAGS) -o $@ $^ $(LIBS) -lcmocka

# The TUI's state, keys and edits are tested without a terminal: no curses here.
$(BUILD)/tests/test_tui: $(BUILD)/tests/test_tui.o $(TUI_OBJ) $(BUILD)/libremelt.a
	$(CC) $(OPT) -o $@ $^ $(LIBS) -lcmocka

$(SAN)/tests/test_tui: $(SAN)/tests/test_tui.o $(TUI_SAN_OBJ) $(SAN)/libremelt.a
	$(CC) $(SANFLAGS) -o $@ $^ $(LIBS) -lcmocka

# run and test first install what is missing (as root), then build: deps must finish before
# any compiler runs, also under make -j.
run:
	@sh scripts/deps.sh
	@$(MAKE) --no-print-directory remelt
	./remelt plan

test:
	@sh scripts/deps.sh
	@$(MAKE) --no-print-directory remelt remelt-san test-bin fuzz-bin
	@sh tests/run.sh

test-bin: $(TEST_BIN) $(TEST_SAN_BIN)

# The fast gate, well under a minute: the folder rules (docs/ARCHITECTURE.md), the unit
# tests (normal build) and the CLI suite.
check: remelt $(TEST_BIN)
	@sh scripts/check_layers.sh
	@sh tests/check.sh $(TEST_BIN)

# Generated plants timed end to end against CBC and glpsol on the exported LP (bench/bench.py;
# docs/benchmarks.md). BENCH_FULL=1 goes up to 10,000 lots x 50 heats.
bench: remelt $(BUILD)/libremelt.a
	python3 bench/bench.py $(if $(filter 1,$(BENCH_FULL)),--full)
	python3 bench/chance_bench.py $(if $(filter 1,$(BENCH_FULL)),--full)

# The defaults (confidence 0.95, whole units and minimums) against CBC on the mean-value
# model of the same plant, interleaved (bench/chance_bench.py; docs/benchmarks.md, issue 16).
bench-chance: remelt
	python3 bench/chance_bench.py $(if $(filter 1,$(BENCH_FULL)),--full)

# The TUI's what-ifs re-solved warm against cold solves of the same edited plant, on plantgen
# seed 11, 500 lots x 10 heats at the defaults (bench/warm_bench.c; docs/benchmarks.md).
bench-warm: $(BUILD)/libremelt.a
	$(CC) $(CSTD) $(WARN) $(OPT) $(CPPFLAGS_ALL) bench/warm_bench.c $(BUILD)/libremelt.a \
		$(LIBS) -o $(BUILD)/warm_bench
	python3 bench/plantgen.py --out $(BUILD)/warm500 --seed 11 --lots 500 --heats 10 >/dev/null
	$(BUILD)/warm_bench $(BUILD)/warm500

# A quote what-if on an offer priced again cold (its grade's base from nothing) and warm (from
# the base kept, price/price_warm.c), on data/demo (O01 of 6063) and plantgen seed 11, 1,000
# lots, with price_bench's five offers (OF01 of R6000) (docs/benchmarks-pricing.md).
bench-price-warm: $(BUILD)/libremelt.a
	$(CC) $(CSTD) $(WARN) $(OPT) $(CPPFLAGS_ALL) bench/price_warm_bench.c $(BUILD)/libremelt.a \
		$(LIBS) -o $(BUILD)/price_warm_bench
	$(BUILD)/price_warm_bench data/demo data/demo/offers.csv 6063 O01 380 400 360 390
	sh bench/price_warm_yard.sh $(BUILD)/pw1000
	$(BUILD)/price_warm_bench $(BUILD)/pw1000 $(BUILD)/pw1000/offers.csv R6000 OF01 280 276 283 274

# Fuzz targets (libFuzzer, clang): every CSV loader and the whole plant, built with
# ASan+UBSan into build-fuzz/. make test runs them briefly (tests/fuzz_short.sh); make fuzz
# runs each for FUZZ_SECONDS on a scratch copy of its corpus in fuzz/corpus/<target>/ and
# keeps what it finds in build-fuzz/corpus/ (docs/fuzzing.md).
FUZZ_CC ?= clang
FUZZ = build-fuzz
FUZZ_SECONDS ?= 300
FUZZFLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_SRC = $(wildcard fuzz/fuzz_*.c)
FUZZ_BIN = $(FUZZ_SRC:fuzz/%.c=$(FUZZ)/%)
LIB_FUZZ_OBJ = $(LIB_SRC:%.c=$(FUZZ)/%.o)

$(FUZZ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CSTD) $(filter-out -Werror,$(WARN)) $(FUZZFLAGS) -fsanitize=fuzzer-no-link \
		$(CPPFLAGS_ALL) -Ifuzz -MMD -MP -c $< -o $@

$(FUZZ)/libremelt.a: $(LIB_FUZZ_OBJ)
	ar rcs $@ $^

$(FUZZ)/fuzz_%: $(FUZZ)/fuzz/fuzz_%.o $(FUZZ)/libremelt.a
	$(FUZZ_CC) $(FUZZFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS)

fuzz-bin: $(FUZZ_BIN)

fuzz: fuzz-bin
	@sh fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BIN)

install: remelt
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/remelt/demo
	install -m 755 remelt $(DESTDIR)$(PREFIX)/bin/remelt
	install -m 644 data/demo/*.csv $(DESTDIR)$(PREFIX)/share/remelt/demo/
	install -d $(DESTDIR)$(PREFIX)/share/remelt/demo/samples
	install -m 644 data/demo/samples/*.csv $(DESTDIR)$(PREFIX)/share/remelt/demo/samples/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 docs/remelt.1 $(DESTDIR)$(PREFIX)/share/man/man1/remelt.1

# Every *.c and *.h of the source folders, tests, fuzz and bench in the style of .clang-format
# (scripts/check_format.sh; .ci/run runs the check).
format:
	@sh scripts/check_format.sh --fix

check-format:
	@sh scripts/check_format.sh

clean:
	rm -rf $(BUILD) $(SAN) $(FUZZ) remelt remelt-san

.SECONDARY:

-include $(shell find $(BUILD) $(SAN) $(FUZZ) -name '*.d' 2>/dev/null)
