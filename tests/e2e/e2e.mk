# End-to-end helper programs, run inside the sandbox by tests/e2e/run.
E2E_SRCS := $(wildcard tests/e2e/*.c)
E2E_BINS := $(E2E_SRCS:tests/e2e/%.c=$(BUILD)/e2e/%)

$(BUILD)/e2e/%: tests/e2e/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_GUEST) -o $@ $< -lpthread

e2e-progs: $(E2E_BINS)
e2e: all e2e-progs
	@sh tests/e2e/run $(BUILD)
.PHONY: e2e-progs
