$(BUILD)/probe: examples/probe.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) -o $@ $<
all: $(BUILD)/probe
