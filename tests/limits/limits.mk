# The misbehaving guest of tests/limits/run.  Never sanitized: ASan's
# shadow mappings would not start under the RLIMIT_AS the suite sets.
$(BUILD)/limits/hog: tests/limits/hog.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu17 -Wall -Wextra -Werror -O2 -o $@ $<

limits-progs: $(BUILD)/limits/hog
limits: all limits-progs
	@sh tests/limits/run $(BUILD)
.PHONY: limits-progs limits
