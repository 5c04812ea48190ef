$(BUILD)/bench/micro: bench/micro.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_GUEST) -o $@ $<

bench: all $(BUILD)/bench/micro
	@sh bench/run $(BUILD)
.PHONY: bench
