# tests/escape: attack programs that must be contained (README.md there).
#
#   make escape-progs    build every attack into $(BUILD)/escape/<name>
#   make escape          run them under $(BUILD)/moat; all must be CONTAINED
#   make escape-native   the baseline: run them natively (as root), where
#                        each must ESCAPE, which proves the test can fail
#
# Attacks are linked statically: the harness copies them into a bare
# --rootfs tree that holds no libc.  They never take the sanitizer flags of
# `make sanitize`: ASan needs a dynamic runtime and reserves the low address
# space that int80_i386 maps with MAP_32BIT.

ESCAPE_SRCS    := $(wildcard tests/escape/*.c)
ESCAPE_PROGS   := $(ESCAPE_SRCS:tests/escape/%.c=$(BUILD)/escape/%)
ESCAPE_HELPERS := $(BUILD)/escape/helpers/suid_helper \
                  $(BUILD)/escape/helpers/sentinel
ESCAPE_CFLAGS  := $(filter-out -fsanitize% -fno-sanitize% -fno-omit-frame-pointer,\
                  $(CFLAGS_COMMON)) -static -pthread

.PHONY: escape-progs escape-native
all: escape-progs
escape-progs: $(ESCAPE_PROGS) $(ESCAPE_HELPERS)

$(BUILD)/escape/helpers/%: tests/escape/helpers/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ESCAPE_CFLAGS) -o $@ $<

$(BUILD)/escape/%: tests/escape/%.c tests/escape/common.h
	@mkdir -p $(dir $@)
	$(CC) $(ESCAPE_CFLAGS) -DATTACK_NAME='"$*"' -o $@ $<

# syscall-fuzz draws its syscalls from the table itself.
$(BUILD)/escape/syscall-fuzz: tests/escape/syscall-fuzz.c tests/escape/common.h \
                              syscalls/table.c syscalls/table.h syscalls/table.def
	@mkdir -p $(dir $@)
	$(CC) $(ESCAPE_CFLAGS) -I. -DATTACK_NAME='"syscall-fuzz"' -o $@ $< \
	    syscalls/table.c

escape: escape-progs $(BUILD)/moat $(BUILD)/moat-gofer
	@tests/escape/run --build $(BUILD) --moat $(BUILD)/moat

escape-native: escape-progs
	@tests/escape/run --build $(BUILD) --native
