# tests/fuzz: libFuzzer targets for the code that reads what the other
# side of a trust boundary wrote.
#
#   make fuzz                   build $(BUILD)/fuzz/fuzz_<target> and run
#                               each for FUZZ_SECONDS (default 60)
#   make fuzz FUZZ_SECONDS=10   a quick run
#   make fuzz-progs             build only
#
# Not part of `make test`: a run takes minutes and finds different things
# each time.  libFuzzer comes with clang, so the compiler here is always
# clang, whatever CC is; each target compiles the few pure sources it
# needs with ASan+UBSan rather than linking the sentry's objects.

FUZZ_CC      := clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := proto pathwalk walkreply trace
FUZZ_CFLAGS  := -std=gnu17 -Wall -Wextra -Werror -D_GNU_SOURCE \
                -fno-strict-aliasing -O1 -g -I. \
                -fsanitize=fuzzer,address,undefined \
                -fno-sanitize-recover=all -fno-omit-frame-pointer
# dcache_gofer.c also holds the production fetch, which calls the gofer
# client: linked, never called.
FUZZ_WALK_SRCS := sentry/pathwalk.c sentry/dcache.c sentry/dcache_gofer.c \
                  sentry/gofer_client.c gofer/proto.c
FUZZ_WALK_HDRS := sentry/pathwalk.h sentry/dcache.h sentry/gofer_client.h \
                  gofer/proto.h

$(BUILD)/fuzz/fuzz_proto: tests/fuzz/fuzz_proto.c gofer/proto.c gofer/proto.h
$(BUILD)/fuzz/fuzz_pathwalk: tests/fuzz/fuzz_pathwalk.c $(FUZZ_WALK_SRCS) \
                             $(FUZZ_WALK_HDRS)
$(BUILD)/fuzz/fuzz_walkreply: tests/fuzz/fuzz_walkreply.c $(FUZZ_WALK_SRCS) \
                              $(FUZZ_WALK_HDRS)
$(BUILD)/fuzz/fuzz_trace: tests/fuzz/fuzz_trace.c sentry/trace_decode.c \
                          syscalls/table.c sentry/trace_decode.h \
                          syscalls/table.h syscalls/table.def
$(BUILD)/fuzz/fuzz_%:
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^)

.PHONY: fuzz fuzz-progs
fuzz-progs: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)
fuzz: fuzz-progs
	@sh tests/fuzz/run $(BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)
