# Unit tests: one cmocka program per tests/unit/test_*.c, linked against the
# sentry's objects (all but main.o) and the gofer's protocol code.
UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_BINS  := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/unit/%)
GOFER_LIB_OBJS := $(filter-out $(BUILD)/obj/gofer/main.o $(BUILD)/obj/gofer/proto.o,$(GOFER_OBJS))

$(BUILD)/unit/%: tests/unit/%.c $(LIB_OBJS) $(GOFER_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_MOAT) $(CMOCKA_CFLAGS) -o $@ $< $(LIB_OBJS) $(GOFER_LIB_OBJS) \
	    $(LDFLAGS_MOAT) $(PKG_LIBS) $(CMOCKA_LIBS) -lpthread

unit-progs: $(UNIT_BINS)
unit: unit-progs
	@sh tests/unit/run $(BUILD)
.PHONY: unit-progs
