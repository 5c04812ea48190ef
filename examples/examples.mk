$(BUILD)/probe: examples/probe.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_GUEST) -o $@ $<
all: $(BUILD)/probe
