# moat — build, test, bench, install.  Everything lands under $(BUILD).
#
#   make            build/moat, build/moat-gofer and the test programs
#   make deps       install the missing Debian build packages
#   make demo       deps + build + a sample program in the sandbox
#   make test       every test suite, with a total at the end
#   make sanitize   the same tests against an ASan+UBSan build
#   make bench      side-by-side timings: native, moat, installed peers
#   make install    PREFIX=/usr/local DESTDIR=

CC       ?= cc
BUILD    ?= build
PREFIX   ?= /usr/local
DESTDIR  ?=
PKGS     := libseccomp capstone libcap-ng
OPTFLAGS ?= -O2 -g
SANFLAGS ?=

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell pkg-config --libs cmocka 2>/dev/null)

CFLAGS_COMMON := -std=gnu17 -Wall -Wextra -Werror -D_GNU_SOURCE \
                 -fno-strict-aliasing $(OPTFLAGS) $(SANFLAGS)
CFLAGS_MOAT   := $(CFLAGS_COMMON) -I. $(PKG_CFLAGS)
# Programs that run as guests are built without the sanitizers: ASan's
# LeakSanitizer needs ptrace at exit, which the guest filter refuses, and
# `make sanitize` is about moat's own code.
CFLAGS_GUEST  := $(filter-out -fsanitize% -fno-sanitize% -fno-omit-frame-pointer,$(CFLAGS_COMMON))
LDFLAGS_MOAT  := $(SANFLAGS)

MOAT_SRCS  := $(wildcard sentry/*.c platform/*.c syscalls/*.c) gofer/proto.c
GOFER_SRCS := $(wildcard gofer/*.c)
MOAT_OBJS  := $(MOAT_SRCS:%.c=$(BUILD)/obj/%.o)
GOFER_OBJS := $(GOFER_SRCS:%.c=$(BUILD)/obj/%.o)
# Objects a unit test may link: everything but the two main() files.
LIB_OBJS   := $(filter-out $(BUILD)/obj/sentry/main.o,$(MOAT_OBJS))

.PHONY: all deps demo test test-progs sanitize bench install clean conformance escape unit e2e
all: $(BUILD)/moat $(BUILD)/moat-gofer

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_MOAT) -MMD -MP -c $< -o $@

# gofer/filter.o too: `moat policy --dump gofer` prints the gofer's
# allowlist from its own table.  Not in MOAT_SRCS, so that LIB_OBJS and the
# gofer's objects can both go into a unit test.
$(BUILD)/moat: $(MOAT_OBJS) $(BUILD)/obj/gofer/filter.o
	$(CC) $(LDFLAGS_MOAT) -o $@ $^ $(PKG_LIBS) -lpthread

$(BUILD)/moat-gofer: $(GOFER_OBJS)
	$(CC) $(LDFLAGS_MOAT) -o $@ $^ $(PKG_LIBS)

-include $(MOAT_OBJS:.o=.d) $(GOFER_OBJS:.o=.d)
-include $(wildcard tests/*/*.mk bench/*.mk examples/*.mk)

deps:
	@sh tests/deps.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@sh tests/demo.sh $(BUILD)

# Each suite prints "N passed, N failed[, N skipped]"; tests/run-suites adds
# them up and fails if any suite failed.  `make test` runs every suite
# against the normal build and against the ASan+UBSan build; `make
# sanitize` runs them against the latter only.
SAN_BUILD := build/sanitize
SAN_VARS  := BUILD=$(SAN_BUILD) OPTFLAGS="-O1 -g" \
	     SANFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"

test-progs: all unit-progs conformance-progs escape-progs e2e-progs limits-progs

test: test-progs
	@$(MAKE) --no-print-directory $(SAN_VARS) test-progs
	@sh tests/run-suites $(BUILD) $(SAN_BUILD)

sanitize:
	@$(MAKE) --no-print-directory $(SAN_VARS) test-progs
	@sh tests/run-suites $(SAN_BUILD)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/libexec/moat
	install -m 755 $(BUILD)/moat $(DESTDIR)$(PREFIX)/bin/moat
	install -m 755 $(BUILD)/moat-gofer $(DESTDIR)$(PREFIX)/libexec/moat/moat-gofer

clean:
	rm -rf build
