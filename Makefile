# remelt: least-cost furnace charges for secondary aluminium.
PREFIX ?= /usr/local
DESTDIR ?=
CC ?= cc
PKG_CONFIG ?= pkg-config

CSTD = -std=c11 -D_POSIX_C_SOURCE=200809L
WARN = -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
OPT ?= -O2 -g
MODULES = core inventory grades plant solver reports
INC = $(addprefix -I,$(MODULES) cli)
CPPFLAGS_ALL = $(INC) -DREMELT_SHARE_DIR='"$(PREFIX)/share/remelt"'
LIBS = -lglpk -lcsv -lcjson -lm

LIB_SRC = $(foreach m,$(MODULES),$(wildcard $(m)/*.c))
CLI_SRC = $(wildcard cli/*.c)
TEST_SRC = $(wildcard tests/test_*.c)

BUILD = build
SAN = build-san
SANFLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: all run test test-bin sanitize install clean deps bench format

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

$(BUILD)/libremelt.a: $(LIB_OBJ)
	ar rcs $@ $^

$(SAN)/libremelt.a: $(LIB_SAN_OBJ)
	ar rcs $@ $^

remelt: $(CLI_OBJ) $(BUILD)/libremelt.a
	$(CC) $(OPT) $(LDFLAGS) -o $@ $^ $(LIBS)

remelt-san: $(CLI_SAN_OBJ) $(SAN)/libremelt.a
	$(CC) $(SANFLAGS) -o $@ $^ $(LIBS)

sanitize: remelt-san

# Unit tests (cmocka), each built normally and with sanitizers.
TEST_BIN = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
TEST_SAN_BIN = $(TEST_SRC:tests/%.c=$(SAN)/tests/%)

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(BUILD)/libremelt.a
	$(CC) $(OPT) -o $@ $^ $(LIBS) -lcmocka

$(SAN)/tests/%: $(SAN)/tests/%.o $(SAN)/libremelt.a
	$(CC) $(SANFLAGS) -o $@ $^ $(LIBS) -lcmocka

# run and test first install what is missing (as root), then build: deps must finish before
# any compiler runs, also under make -j.
run:
	@sh scripts/deps.sh
	@$(MAKE) --no-print-directory remelt
	./remelt plan

test:
	@sh scripts/deps.sh
	@$(MAKE) --no-print-directory remelt remelt-san test-bin
	@sh tests/run.sh

test-bin: $(TEST_BIN) $(TEST_SAN_BIN)

install: remelt
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/remelt/demo
	install -m 755 remelt $(DESTDIR)$(PREFIX)/bin/remelt
	install -m 644 data/demo/*.csv $(DESTDIR)$(PREFIX)/share/remelt/demo/
	if [ -f docs/remelt.1 ]; then install -d $(DESTDIR)$(PREFIX)/share/man/man1 && \
		install -m 644 docs/remelt.1 $(DESTDIR)$(PREFIX)/share/man/man1/; fi

format:
	clang-format -i $(LIB_SRC) $(CLI_SRC) $(TEST_SRC) $(wildcard */*.h)

clean:
	rm -rf $(BUILD) $(SAN) remelt remelt-san

.SECONDARY:

-include $(shell find $(BUILD) $(SAN) -name '*.d' 2>/dev/null)
